//! Progress without bars (standard error is not a terminal: a CI log, a
//! detached run's log file; or `--no-progress`): a line per event, and
//! every `--progress-interval` a line with the counts, the rate and the
//! time left, from a timer, so that a log shows a paused, throttled or
//! waiting run too. Hidden under --quiet.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mongodb::bson::oid::ObjectId;

use super::tally::Tally;
use super::ticker::Ticker;
use crate::db::journal::Phase;
use crate::ops::execute::Progress;
use crate::output::Printer;

pub(super) struct StatusLines<'a> {
    printer: &'a Printer,
    /// `--no-progress` on a terminal, where Ctrl-C echoes `^C` where the cursor is.
    terminal: bool,
    tally: Arc<Mutex<Tally>>,
    ticker: Mutex<Option<Ticker>>,
}

impl<'a> StatusLines<'a> {
    pub(super) fn new(printer: &'a Printer, every: Duration, max_rate: Option<u32>) -> StatusLines<'a> {
        let tally = Arc::new(Mutex::new(Tally::new(Instant::now())));
        tally.lock().expect("not poisoned").max_rate = max_rate;
        let ticker = (!printer.quiet).then(|| {
            let (tally, sink) = (tally.clone(), printer.status_sink());
            Ticker::start(every, move || {
                let line = tally.lock().expect("not poisoned").log_line(Instant::now());
                sink.status(&line);
            })
        });
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        StatusLines { printer, terminal, tally, ticker: Mutex::new(ticker) }
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().expect("not poisoned")
    }
}

impl Progress for StatusLines<'_> {
    fn preparing(&self, step: &str) {
        self.tally().preparing = Some(step.to_string());
    }
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]) {
        let total: u64 = kinds.iter().map(|(_, t, _)| *t).sum();
        self.tally().started(transfer_id, kinds, Instant::now());
        self.printer.status(&format!("Transfer {transfer_id}: {total} documents in {} kinds", kinds.len()));
    }
    fn advanced(&self, kind: &str, n: u64) {
        self.tally().advanced(kind, n, Instant::now());
    }
    fn kind_finished(&self, kind: &str) {
        self.tally().kind_finished(kind);
    }
    fn phase(&self, phase: Phase) {
        self.tally().phase = Some(phase);
        self.printer.status(&format!("  phase: {}", phase.as_str()));
    }
    fn finished(&self, _ok: bool) {
        // The last progress line comes before the run's final record, never after.
        if let Some(mut t) = self.ticker.lock().expect("not poisoned").take() {
            t.stop();
        }
    }
    fn paused(&self, paused: bool) {
        let id = {
            let mut t = self.tally();
            t.paused(paused, Instant::now());
            t.id.map(|i| i.to_hex()).unwrap_or_default()
        };
        self.printer.status(&if paused {
            format!("  paused (tether-transfer continue {id} goes on)")
        } else {
            "  continued".to_string()
        });
    }
    fn rate(&self, max_rate: Option<u32>) {
        self.tally().max_rate = max_rate;
        if let Some(r) = max_rate {
            self.printer.status(&format!("  rate limited to {r} documents per second"));
        }
    }
    fn waiting(&self, reason: Option<&str>) {
        self.tally().waiting = reason.map(str::to_string);
        if let Some(r) = reason {
            self.printer.status(&format!("  {r}"));
        }
    }
    fn note(&self, line: &str) {
        self.printer.status(&if self.terminal { format!("\n{line}") } else { line.to_string() });
    }
}
