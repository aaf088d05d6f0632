//! Progress on a terminal: a block of lines (`board`) redrawn a few times a
//! second through indicatif, which owns the cursor: lines printed while the
//! block is up (`note`) go above it, and it is cleared when the run ends.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mongodb::bson::oid::ObjectId;

use super::board;
use super::tally::Tally;
use super::ticker::Ticker;
use crate::db::journal::Phase;
use crate::ops::execute::Progress;

/// How often the block is redrawn (and its rate and time left read).
const REDRAW: Duration = Duration::from_millis(200);

pub(super) struct Bars {
    shared: Arc<Shared>,
    ticker: Mutex<Option<Ticker>>,
    echo: Mutex<QuietInterrupt>,
}

struct Shared {
    tally: Mutex<Tally>,
    /// One indicatif bar whose message is the whole block, a line each.
    block: ProgressBar,
    color: bool,
    /// Drawn and not yet cleared.
    up: Mutex<bool>,
}

impl Shared {
    fn redraw(&self) {
        let (rows, cols) = console::Term::stderr().size();
        let text = {
            let mut t = self.tally.lock().expect("not poisoned");
            board::lines(&mut t, Instant::now(), cols as usize, rows as usize, self.color).join("\n")
        };
        if *self.up.lock().expect("not poisoned") {
            self.block.set_message(text);
        }
    }
}

impl Bars {
    pub(super) fn new(color: bool, max_rate: Option<u32>) -> Bars {
        let mut tally = Tally::new(Instant::now());
        tally.max_rate = max_rate;
        let block = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
        block.set_style(ProgressStyle::with_template("{msg}").expect("valid template"));
        Bars {
            shared: Arc::new(Shared { tally: Mutex::new(tally), block, color, up: Mutex::new(false) }),
            ticker: Mutex::new(None),
            echo: Mutex::new(QuietInterrupt { saved: false }),
        }
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.shared.tally.lock().expect("not poisoned")
    }
}

impl Progress for Bars {
    fn preparing(&self, step: &str) {
        self.tally().preparing = Some(step.to_string());
    }
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]) {
        self.tally().started(transfer_id, kinds, Instant::now());
        *self.shared.up.lock().expect("not poisoned") = true;
        self.echo.lock().expect("not poisoned").engage();
        self.shared.redraw();
        let shared = self.shared.clone();
        *self.ticker.lock().expect("not poisoned") = Some(Ticker::start(REDRAW, move || shared.redraw()));
    }
    fn advanced(&self, kind: &str, n: u64) {
        self.tally().advanced(kind, n, Instant::now());
    }
    fn kind_finished(&self, kind: &str) {
        self.tally().kind_finished(kind);
    }
    fn phase(&self, phase: Phase) {
        self.tally().phase = Some(phase);
    }
    fn paused(&self, paused: bool) {
        self.tally().paused(paused, Instant::now());
    }
    fn rate(&self, max_rate: Option<u32>) {
        self.tally().max_rate = max_rate;
        if let Some(r) = max_rate {
            self.note(&format!("rate limited to {r} documents per second"));
        }
    }
    fn waiting(&self, reason: Option<&str>) {
        self.tally().waiting = reason.map(str::to_string);
    }
    fn note(&self, line: &str) {
        // The interrupt's sentence: a second Ctrl-C leaves at once, with the terminal as it was.
        self.echo.lock().expect("not poisoned").release();
        if *self.shared.up.lock().expect("not poisoned") {
            // Above the block, which is drawn again below it.
            self.shared.block.println(line);
        } else {
            eprintln!("{line}");
        }
    }
    fn finished(&self, _ok: bool) {
        if let Some(mut t) = self.ticker.lock().expect("not poisoned").take() {
            t.stop();
        }
        let mut up = self.shared.up.lock().expect("not poisoned");
        if *up {
            self.shared.block.finish_and_clear();
            *up = false;
        }
        self.echo.lock().expect("not poisoned").release();
    }
}

/// While the block is up, the terminal does not echo Ctrl-C as `^C`: the
/// cursor waits at the end of the block's last line, so the echo would move
/// it a line down, and indicatif, which redraws relative to the cursor,
/// would leave the block's first line behind, drawn twice.
struct QuietInterrupt {
    /// ECHOCTL was set, and this cleared it.
    saved: bool,
}

impl QuietInterrupt {
    fn engage(&mut self) {
        let fd = libc::STDERR_FILENO;
        // SAFETY: tcgetattr and tcsetattr only read and write the termios given.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) == 0 && t.c_lflag & libc::ECHOCTL != 0 {
                t.c_lflag &= !libc::ECHOCTL;
                self.saved = libc::tcsetattr(fd, libc::TCSANOW, &t) == 0;
            }
        }
    }

    /// Puts ECHOCTL back, if this cleared it.
    fn release(&mut self) {
        if !std::mem::take(&mut self.saved) {
            return;
        }
        let fd = libc::STDERR_FILENO;
        // SAFETY: as above.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) == 0 {
                t.c_lflag |= libc::ECHOCTL;
                libc::tcsetattr(fd, libc::TCSANOW, &t);
            }
        }
    }
}

impl Drop for Bars {
    fn drop(&mut self) {
        self.finished(false);
    }
}
