//! What execute shows while it works: bars on a terminal (`bars`), JSON
//! Lines events with --format json, or lines for a log (`lines`), all but
//! the JSON drawn from one `tally` of the run.

mod bars;
mod board;
mod lines;
mod tally;
mod ticker;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use mongodb::bson::oid::ObjectId;
use serde_json::json;

use crate::db::journal::Phase;
use crate::ops::execute::Progress;
use crate::output::Printer;

/// What the command line asks of the progress a run shows.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Without bars: a line with the counts at least this often (`--progress-interval`).
    pub interval: Duration,
    /// The rate the run starts with (`--max-rate`); a change arrives as `Progress::rate`.
    pub max_rate: Option<u32>,
}

/// Chooses the reporter the printer allows.
pub fn reporter<'a>(printer: &'a Printer, settings: Settings) -> Box<dyn Progress + 'a> {
    if printer.json {
        Box::new(JsonLines { printer, totals: Mutex::new(HashMap::new()) })
    } else if printer.progress {
        Box::new(bars::Bars::new(printer.color, settings.max_rate))
    } else {
        Box::new(lines::StatusLines::new(printer, settings.interval, settings.max_rate))
    }
}

/// One JSON object per line on stdout; the final record follows from the command.
struct JsonLines<'a> {
    printer: &'a Printer,
    totals: Mutex<HashMap<String, (u64, u64)>>,
}

impl Progress for JsonLines<'_> {
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]) {
        let mut t = self.totals.lock().unwrap();
        for (k, total, done) in kinds {
            t.insert(k.clone(), (*done, *total));
        }
        self.printer.json_line(&json!({
            "event": "started",
            "transferId": transfer_id.to_hex(),
            "total": kinds.iter().map(|(_, t, _)| *t).sum::<u64>(),
            "kinds": kinds.iter().map(|(k, t, d)| json!({ "kind": k, "total": t, "processed": d })).collect::<Vec<_>>(),
        }));
    }
    fn advanced(&self, kind: &str, n: u64) {
        let mut t = self.totals.lock().unwrap();
        let e = t.entry(kind.to_string()).or_insert((0, 0));
        e.0 += n;
        self.printer.json_line(&json!({ "event": "batch", "kind": kind, "count": n, "processed": e.0, "total": e.1 }));
    }
    fn kind_finished(&self, kind: &str) {
        let t = self.totals.lock().unwrap();
        let (processed, total) = t.get(kind).copied().unwrap_or((0, 0));
        self.printer
            .json_line(&json!({ "event": "kindFinished", "kind": kind, "processed": processed, "total": total }));
    }
    fn phase(&self, phase: Phase) {
        self.printer.json_line(&json!({ "event": "phase", "phase": phase.as_str() }));
    }
    fn finished(&self, ok: bool) {
        self.printer.json_line(&json!({ "event": if ok { "completed" } else { "failed" } }));
    }
    fn paused(&self, paused: bool) {
        self.printer.json_line(&json!({ "event": if paused { "paused" } else { "continued" } }));
    }
    fn rate(&self, max_rate: Option<u32>) {
        self.printer.json_line(&json!({ "event": "rate", "maxRate": max_rate }));
    }
    fn waiting(&self, reason: Option<&str>) {
        self.printer.json_line(&json!({ "event": "waiting", "reason": reason }));
    }
    /// On stderr: stdout holds the JSON Lines alone.
    fn note(&self, line: &str) {
        self.printer.status(line);
    }
}
