//! Where the time goes. With `TETHER_TRANSFER_PROFILE=1` the tool adds up
//! the wall time of its stages (each a wait on the server, or the tool's own
//! work) and prints them on stderr when it exits, with the process's own CPU
//! time, so a slow run can be told apart: the tool computing, or the server
//! answering. Off, it costs one branch per stage. One `Profile` per run,
//! carried in `Hooks` (and so in `Db`).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Profile {
    /// When the run started; None: profiling is off.
    started: Option<Instant>,
    stages: Mutex<BTreeMap<String, (Duration, u64)>>,
}

impl Profile {
    /// On when `TETHER_TRANSFER_PROFILE` is set.
    pub fn from_env() -> Profile {
        Profile { started: std::env::var_os("TETHER_TRANSFER_PROFILE").map(|_| Instant::now()), ..Profile::default() }
    }

    pub fn enabled(&self) -> bool {
        self.started.is_some()
    }

    /// Runs `fut`, adding its wall time to `stage`.
    pub async fn timed<T>(&self, stage: impl AsRef<str>, fut: impl IntoFuture<Output = T>) -> T {
        if !self.enabled() {
            return fut.await;
        }
        let t = Instant::now();
        let out = fut.await;
        self.add(stage.as_ref(), t.elapsed());
        out
    }

    /// Adds `d` to `stage`.
    pub fn add(&self, stage: &str, d: Duration) {
        if !self.enabled() {
            return;
        }
        let mut stages = self.stages.lock().unwrap();
        let e = stages.entry(stage.to_string()).or_default();
        e.0 += d;
        e.1 += 1;
    }

    /// Adds `n` to the calls of `stage` (a count: documents, statements).
    pub fn count(&self, stage: &str, n: u64) {
        if !self.enabled() || n == 0 {
            return;
        }
        self.stages.lock().unwrap().entry(stage.to_string()).or_default().1 += n;
    }

    /// The report, when profiling is on: one line per stage (total, calls,
    /// mean), then the whole run's wall time and the tool's CPU time.
    pub fn report(&self) -> Option<String> {
        let started = self.started?;
        let stages = self.stages.lock().unwrap();
        let mut out = String::from("profile: stage                          total s  calls   mean ms\n");
        for (stage, (total, calls)) in stages.iter() {
            out.push_str(&format!(
                "profile: {stage:<30} {:>8.3} {calls:>6} {:>9.2}\n",
                total.as_secs_f64(),
                total.as_secs_f64() * 1000.0 / *calls as f64
            ));
        }
        let (user, system) = cpu();
        out.push_str(&format!(
            "profile: wall {:.3} s, tool CPU {:.3} s user + {:.3} s system\n",
            started.elapsed().as_secs_f64(),
            user.as_secs_f64(),
            system.as_secs_f64()
        ));
        Some(out)
    }
}

/// The process's user and system CPU time.
fn cpu() -> (Duration, Duration) {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64);
    (tv(u.ru_utime), tv(u.ru_stime))
}
