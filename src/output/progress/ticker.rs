//! A timer on a thread of its own: it calls its function at a steady pace,
//! whether batches come or not (a paused, throttled or waiting run), and
//! stops at once when told, or dropped.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub(super) struct Ticker {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    /// Calls `tick` every `every` from now on (at `every`, `2 × every`, …,
    /// not drifting by the time `tick` takes).
    pub fn start(every: Duration, mut tick: impl FnMut() + Send + 'static) -> Ticker {
        let (stop, told) = mpsc::channel::<()>();
        let began = Instant::now();
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                let mut next = began + every;
                loop {
                    match told.recv_timeout(next.saturating_duration_since(Instant::now())) {
                        Err(RecvTimeoutError::Timeout) => {
                            tick();
                            next += every;
                            // Behind (the machine was stopped): the next one a whole period on.
                            if next < Instant::now() {
                                next = Instant::now() + every;
                            }
                        }
                        // Told to stop, or the reporter is gone.
                        _ => return,
                    }
                }
            })
            .ok();
        Ticker { stop: Some(stop), thread }
    }

    /// Stops it; when this returns, `tick` runs no more.
    pub fn stop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn it_ticks_until_stopped_and_never_after() {
        let n = Arc::new(AtomicU32::new(0));
        let mut t = Ticker::start(Duration::from_millis(20), {
            let n = n.clone();
            move || {
                n.fetch_add(1, Ordering::SeqCst);
            }
        });
        std::thread::sleep(Duration::from_millis(110));
        t.stop();
        let at_stop = n.load(Ordering::SeqCst);
        assert!((3..=6).contains(&at_stop), "{at_stop}");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(n.load(Ordering::SeqCst), at_stop);
    }
}
