//! What execute shows while it works: indicatif bars on a terminal, JSON
//! Lines events with --format json, or nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use mongodb::bson::oid::ObjectId;
use serde_json::json;

use crate::db::journal::Phase;
use crate::ops::execute::Progress;
use crate::output::Printer;

/// Chooses the reporter the printer allows.
pub fn reporter<'a>(printer: &'a Printer) -> Box<dyn Progress + 'a> {
    if printer.json {
        Box::new(JsonLines { printer, totals: Mutex::new(HashMap::new()) })
    } else if printer.progress {
        Box::new(Bars::new())
    } else {
        Box::new(StatusLines { printer })
    }
}

struct Bars {
    multi: MultiProgress,
    id: Mutex<Option<ObjectId>>,
    overall: Mutex<Option<ProgressBar>>,
    kinds: Mutex<HashMap<String, ProgressBar>>,
}

impl Bars {
    fn new() -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(10)),
            id: Mutex::new(None),
            overall: Mutex::new(None),
            kinds: Mutex::new(HashMap::new()),
        }
    }
}

impl Progress for Bars {
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]) {
        let width = kinds.iter().map(|(k, _, _)| k.len()).max().unwrap_or(8);
        let style = ProgressStyle::with_template(&format!(
            "{{prefix:>{width}}} [{{bar:30.cyan/blue}}] {{pos:>7}}/{{len:7}} {{rate:>9}} eta {{eta}}"
        ))
        .expect("valid template")
        .with_key("rate", rate)
        .with_key("eta", eta)
        .progress_chars("=> ");
        let total: u64 = kinds.iter().map(|(_, t, _)| *t).sum();
        let done: u64 = kinds.iter().map(|(_, _, d)| *d).sum();
        let overall = self.multi.add(ProgressBar::new(total.max(done)));
        overall.set_style(
            ProgressStyle::with_template(&format!(
                "{{prefix:>{width}}} [{{bar:30.green/white}}] {{pos:>7}}/{{len:7}} {{rate:>9}} eta {{eta}} {{msg}}"
            ))
            .expect("valid template")
            .with_key("rate", rate)
            .with_key("eta", eta)
            .progress_chars("=> "),
        );
        overall.set_prefix("overall");
        overall.set_position(done);
        overall.set_message(format!("transfer {transfer_id}"));
        *self.id.lock().unwrap() = Some(transfer_id);
        overall.enable_steady_tick(Duration::from_millis(200));
        let mut map = self.kinds.lock().unwrap();
        // Kinds with nothing to move share one line instead of a bar each.
        let empty: Vec<&str> =
            kinds.iter().filter(|(_, t, d)| *t == 0 && *d == 0).map(|(k, _, _)| k.as_str()).collect();
        if !empty.is_empty() {
            let line = self.multi.add(ProgressBar::new(0));
            line.set_style(
                ProgressStyle::with_template(&format!("{{prefix:>{width}}} {{msg}}")).expect("valid template"),
            );
            line.set_prefix(format!("{} empty", empty.len()));
            line.set_message(format!("nothing to move: {}", empty.join(", ")));
            line.finish();
        }
        for (k, t, d) in kinds.iter().filter(|(_, t, d)| *t > 0 || *d > 0) {
            let bar = self.multi.add(ProgressBar::new((*t).max(*d)));
            bar.set_style(style.clone());
            bar.set_prefix(k.clone());
            bar.set_position(*d);
            if *t == 0 {
                bar.finish();
            }
            map.insert(k.clone(), bar);
        }
        *self.overall.lock().unwrap() = Some(overall);
    }
    fn advanced(&self, kind: &str, n: u64) {
        let grow = |b: &ProgressBar| {
            b.inc(n);
            if b.position() > b.length().unwrap_or(0) {
                b.set_length(b.position());
            }
        };
        if let Some(b) = self.kinds.lock().unwrap().get(kind) {
            grow(b);
        }
        if let Some(b) = self.overall.lock().unwrap().as_ref() {
            grow(b);
        }
    }
    fn kind_finished(&self, kind: &str) {
        if let Some(b) = self.kinds.lock().unwrap().get(kind) {
            b.set_length(b.position());
            b.finish();
        }
    }
    fn phase(&self, phase: Phase) {
        if let Some(b) = self.overall.lock().unwrap().as_ref() {
            b.set_message(phase.as_str().to_string());
        }
    }
    fn paused(&self, paused: bool) {
        if let Some(b) = self.overall.lock().unwrap().as_ref() {
            let id = self.id.lock().unwrap().map(|i| i.to_hex()).unwrap_or_default();
            b.set_message(if paused { format!("paused: tether-transfer continue {id}") } else { "moving".to_string() });
        }
    }
    fn rate(&self, max_rate: Option<u32>) {
        if let (Some(b), Some(r)) = (self.overall.lock().unwrap().as_ref(), max_rate) {
            b.println(format!("rate limited to {r} documents per second"));
        }
    }
    fn waiting(&self, reason: Option<&str>) {
        if let Some(b) = self.overall.lock().unwrap().as_ref() {
            b.set_message(reason.unwrap_or("moving").to_string());
        }
    }
    fn finished(&self, _ok: bool) {
        if let Some(b) = self.overall.lock().unwrap().as_ref() {
            b.finish_and_clear();
        }
        for b in self.kinds.lock().unwrap().values() {
            b.finish_and_clear();
        }
        let _ = self.multi.clear();
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
}

/// No bars: a status line per phase on stderr (hidden under --quiet).
struct StatusLines<'a> {
    printer: &'a Printer,
}

impl Progress for StatusLines<'_> {
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]) {
        let total: u64 = kinds.iter().map(|(_, t, _)| *t).sum();
        self.printer.status(&format!("Transfer {transfer_id}: {total} documents in {} kinds", kinds.len()));
    }
    fn advanced(&self, _kind: &str, _n: u64) {}
    fn kind_finished(&self, _kind: &str) {}
    fn phase(&self, phase: Phase) {
        self.printer.status(&format!("  phase: {}", phase.as_str()));
    }
    fn finished(&self, _ok: bool) {}
    fn paused(&self, paused: bool) {
        self.printer.status(if paused { "  paused (tether-transfer continue <id> goes on)" } else { "  continued" });
    }
    fn rate(&self, max_rate: Option<u32>) {
        if let Some(r) = max_rate {
            self.printer.status(&format!("  rate limited to {r} documents per second"));
        }
    }
    fn waiting(&self, reason: Option<&str>) {
        if let Some(r) = reason {
            self.printer.status(&format!("  {r}"));
        }
    }
}

/// The time left, or `?` while no rate is known yet (indicatif says 0s).
fn eta(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    if state.pos() == 0 || state.per_sec() <= 0.0 {
        let _ = write!(w, "?");
    } else {
        let _ = write!(w, "{:#}", indicatif::HumanDuration(state.eta()));
    }
}

/// Documents per second, whole.
fn rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.0}/s", state.per_sec());
}
