//! What a run has done so far, and how fast: the counts both the terminal's
//! bars and a CI log's lines are drawn from. Its rate counts this run's own
//! work only (a resumed run starts from what its predecessors did), over
//! the last few seconds, so that a pause or a new `--max-rate` shows.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mongodb::bson::oid::ObjectId;

use crate::db::journal::Phase;

/// The rate is measured over about this long (or since the run started).
const WINDOW: Duration = Duration::from_secs(10);
/// Before this much of the run has passed, there is no rate to tell.
const SETTLING: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub(super) struct KindCount {
    pub key: String,
    pub total: u64,
    pub done: u64,
    pub finished: bool,
}

impl KindCount {
    /// Nothing to move, and nothing moved (the plan found none).
    pub fn empty(&self) -> bool {
        self.total == 0 && self.done == 0
    }
    /// Still to show as a bar: something to move and not finished.
    pub fn pending(&self) -> bool {
        !self.empty() && !self.finished
    }
}

#[derive(Debug)]
pub(super) struct Tally {
    /// When the command's run began: what "elapsed" counts from.
    began: Instant,
    pub id: Option<ObjectId>,
    pub kinds: Vec<KindCount>,
    /// (when, documents done overall): the first is this run's start, or
    /// the newest sample old enough to measure the window from.
    samples: VecDeque<(Instant, u64)>,
    pub phase: Option<Phase>,
    /// What the run does before its transfer starts (taking the locks…).
    pub preparing: Option<String>,
    pub paused_at: Option<Instant>,
    /// Why the run waits (a lagging secondary), if it does.
    pub waiting: Option<String>,
    pub max_rate: Option<u32>,
    /// The kind that moved last.
    pub active: Option<usize>,
}

impl Tally {
    pub fn new(began: Instant) -> Tally {
        Tally {
            began,
            id: None,
            kinds: Vec::new(),
            samples: VecDeque::new(),
            phase: None,
            preparing: None,
            paused_at: None,
            waiting: None,
            max_rate: None,
            active: None,
        }
    }

    /// Per kind: (key, planned total, already processed), as `Progress::started` gives them.
    pub fn started(&mut self, id: ObjectId, kinds: &[(String, u64, u64)], now: Instant) {
        self.id = Some(id);
        self.preparing = None;
        self.kinds = kinds
            .iter()
            .map(|(k, t, d)| KindCount { key: k.clone(), total: (*t).max(*d), done: *d, finished: false })
            .collect();
        self.samples.clear();
        self.samples.push_back((now, self.done()));
    }

    pub fn started_yet(&self) -> bool {
        self.id.is_some()
    }

    /// A batch of `n` documents of `kind` committed.
    pub fn advanced(&mut self, kind: &str, n: u64, now: Instant) {
        if let Some(i) = self.kinds.iter().position(|k| k.key == kind) {
            let k = &mut self.kinds[i];
            k.done += n;
            k.total = k.total.max(k.done);
            self.active = Some(i);
        }
        let done = self.done();
        self.samples.push_back((now, done));
        self.trim(now);
    }

    pub fn kind_finished(&mut self, kind: &str) {
        if let Some(k) = self.kinds.iter_mut().find(|k| k.key == kind) {
            k.total = k.done;
            k.finished = true;
        }
    }

    pub fn paused(&mut self, paused: bool, now: Instant) {
        if !paused && self.paused_at.is_some() {
            // The pace from here on: the pause is no measure of it.
            let done = self.done();
            self.samples.clear();
            self.samples.push_back((now, done));
        }
        self.paused_at = if paused { Some(self.paused_at.unwrap_or(now)) } else { None };
    }

    pub fn done(&self) -> u64 {
        self.kinds.iter().map(|k| k.done).sum()
    }

    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|k| k.total).sum()
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.began)
    }

    /// Keeps one sample at or before the window's start, and those after.
    fn trim(&mut self, now: Instant) {
        let Some(start) = now.checked_sub(WINDOW) else { return };
        while self.samples.len() >= 2 && self.samples[1].0 <= start {
            self.samples.pop_front();
        }
    }

    /// Documents per second this run moved lately; None before it could tell.
    pub fn rate(&mut self, now: Instant) -> Option<f64> {
        self.trim(now);
        let (at, done) = *self.samples.front()?;
        let span = now.saturating_duration_since(at);
        if span < SETTLING {
            return None;
        }
        Some(self.done().saturating_sub(done) as f64 / span.as_secs_f64())
    }

    /// How long the rest would take at the current rate.
    pub fn eta(&mut self, now: Instant) -> Option<Duration> {
        let left = self.total().saturating_sub(self.done());
        if left == 0 {
            return Some(Duration::ZERO);
        }
        let rate = self.rate(now).filter(|r| *r > 0.0)?;
        Some(Duration::from_secs_f64((left as f64 / rate).min(1e9)))
    }

    /// What the run does now, in a few words.
    pub fn doing(&self) -> String {
        match (&self.preparing, self.phase) {
            (Some(step), _) => step.clone(),
            (None, Some(phase)) => phase_words(phase).to_string(),
            (None, None) => "starting".to_string(),
        }
    }

    /// One line for a log (standard error not a terminal): what the run
    /// does, the counts overall and per kind, the rate and the time left.
    pub fn log_line(&mut self, now: Instant) -> String {
        let elapsed = format!("[{} elapsed]", human(self.elapsed(now)));
        if !self.started_yet() {
            return format!("  still {} {elapsed}", self.doing());
        }
        let id = self.id.map(|i| i.to_hex()).unwrap_or_default();
        let head = match (&self.paused_at, &self.waiting) {
            (Some(at), _) => format!(
                "paused for {} (tether-transfer continue {id} goes on)",
                human(now.saturating_duration_since(*at))
            ),
            (None, Some(reason)) => reason.clone(),
            (None, None) => self.doing(),
        };
        let mut parts =
            vec![format!("{}/{} documents ({}%)", self.done(), self.total(), percent(self.done(), self.total()))];
        // The kinds under way by name and count; those not begun, counted
        // (a line a person reads, not a table); those done, by name.
        let under_way: Vec<String> = self
            .kinds
            .iter()
            .filter(|k| k.pending() && k.done > 0)
            .map(|k| format!("{} {}/{}", k.key, k.done, k.total))
            .collect();
        if !under_way.is_empty() {
            parts.push(under_way.join(", "));
        }
        let to_go: Vec<&KindCount> = self.kinds.iter().filter(|k| k.pending() && k.done == 0).collect();
        if !to_go.is_empty() {
            let docs: u64 = to_go.iter().map(|k| k.total).sum();
            let s = if to_go.len() == 1 { "" } else { "s" };
            parts.push(format!("{} kind{s} to go ({docs} documents)", to_go.len()));
        }
        let finished: Vec<&str> =
            self.kinds.iter().filter(|k| !k.empty() && k.finished).map(|k| k.key.as_str()).collect();
        if !finished.is_empty() {
            parts.push(if under_way.is_empty() && to_go.is_empty() {
                format!("all {} kinds done", finished.len())
            } else if finished.len() > 3 {
                format!("{} kinds done", finished.len())
            } else {
                format!("done: {}", finished.join(", "))
            });
        }
        if self.paused_at.is_none() {
            parts.push(self.speed(now));
        }
        format!("  {head}: {} {elapsed}", parts.join("; "))
    }

    /// The rate (and its limit) and the time left: `3000/s (at most 3000/s), about 12s left`.
    pub fn speed(&mut self, now: Instant) -> String {
        let rate = match self.rate(now) {
            Some(r) => format!("{}/s", per_second(r)),
            None => "?/s".to_string(),
        };
        let limit = self.max_rate.map(|m| format!(" (at most {m}/s)")).unwrap_or_default();
        let left = match self.eta(now) {
            Some(d) if d.is_zero() => "nothing left".to_string(),
            Some(d) if d < Duration::from_secs(1) => "almost done".to_string(),
            Some(d) => format!("about {} left", human(d)),
            None => "no estimate yet".to_string(),
        };
        format!("{rate}{limit}, {left}")
    }
}

/// A phase as a person reads it.
pub(super) fn phase_words(phase: Phase) -> &'static str {
    match phase {
        Phase::Started => "starting",
        Phase::Moving => "moving",
        Phase::Sweeping => "sweeping up what appeared meanwhile",
        Phase::Subjects => "updating the users and departments",
        Phase::DeleteSource => "deleting the emptied department",
        Phase::Finishing => "finishing",
        Phase::Completed => "completed",
    }
}

/// Whole percent, rounded down (100 only when everything is done).
pub(super) fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(100)
}

/// A rate as a person reads it: whole above 10, one decimal below (but 0).
pub(super) fn per_second(r: f64) -> String {
    if r >= 10.0 || r <= 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// `12s`, `2m 05s`, `1h 20m`.
pub(super) fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<(String, u64, u64)> {
        vec![("contacts".into(), 200, 0), ("conversations".into(), 400, 0), ("agents".into(), 0, 0)]
    }

    #[test]
    fn the_rate_of_a_resumed_run_counts_its_own_work_only() {
        let t0 = Instant::now();
        let mut t = Tally::new(t0);
        // 500 of 600 were moved before this run: they are not speed.
        t.started(ObjectId::new(), &[("contacts".into(), 200, 200), ("conversations".into(), 400, 300)], t0);
        assert_eq!(t.rate(t0), None, "no rate before the run could measure one");
        for s in 1..=4 {
            t.advanced("conversations", 20, t0 + Duration::from_secs(s));
        }
        let r = t.rate(t0 + Duration::from_secs(4)).unwrap();
        assert!((r - 20.0).abs() < 0.01, "{r}");
        // 20 left at 20/s.
        assert_eq!(t.eta(t0 + Duration::from_secs(4)), Some(Duration::from_secs(1)));
    }

    #[test]
    fn a_pause_brings_the_rate_down_and_the_window_forgets_the_old_pace() {
        let t0 = Instant::now();
        let mut t = Tally::new(t0);
        t.started(ObjectId::new(), &kinds(), t0);
        for s in 1..=10 {
            t.advanced("contacts", 10, t0 + Duration::from_secs(s));
        }
        assert!((t.rate(t0 + Duration::from_secs(10)).unwrap() - 10.0).abs() < 0.01);
        // Nothing for 20 s: the rate is 0, and there is no estimate.
        let later = t0 + Duration::from_secs(30);
        assert_eq!(t.rate(later), Some(0.0));
        assert_eq!(t.eta(later), None);
        // Faster now: the window shows the new pace, not the average.
        for s in 31..=45 {
            t.advanced("contacts", 2, t0 + Duration::from_secs(s));
        }
        let r = t.rate(t0 + Duration::from_secs(45)).unwrap();
        assert!((r - 2.0).abs() < 0.25, "{r}");
    }

    #[test]
    fn a_log_line_has_the_phase_the_counts_per_kind_the_rate_and_the_time_left() {
        let t0 = Instant::now();
        let mut t = Tally::new(t0);
        t.preparing = Some("taking the locks".into());
        assert_eq!(t.log_line(t0 + Duration::from_secs(10)), "  still taking the locks [10s elapsed]");
        let id = ObjectId::new();
        t.started(id, &kinds(), t0 + Duration::from_secs(10));
        t.phase = Some(Phase::Moving);
        t.max_rate = Some(10);
        for s in 11..=30 {
            t.advanced("contacts", 10, t0 + Duration::from_secs(s));
        }
        t.kind_finished("contacts");
        let line = t.log_line(t0 + Duration::from_secs(30));
        assert_eq!(
            line,
            "  moving: 200/600 documents (33%); 1 kind to go (400 documents); done: contacts; 10/s (at most 10/s), \
             about 40s left [30s elapsed]"
        );
        t.advanced("conversations", 100, t0 + Duration::from_secs(30));
        assert!(t.log_line(t0 + Duration::from_secs(30)).contains("%); conversations 100/400; done: contacts; "));
        assert!(!line.contains('\n'));
        t.paused(true, t0 + Duration::from_secs(30));
        let line = t.log_line(t0 + Duration::from_secs(42));
        assert!(
            line.starts_with(&format!("  paused for 12s (tether-transfer continue {id} goes on): 300/600")),
            "{line}"
        );
        assert!(!line.contains("/s"), "no rate while paused: {line}");
        // Going on: the rate counts from there, not across the pause.
        t.paused(false, t0 + Duration::from_secs(60));
        t.advanced("conversations", 30, t0 + Duration::from_secs(61));
        assert_eq!(t.rate(t0 + Duration::from_secs(61)), Some(30.0));
    }

    #[test]
    fn a_run_waiting_for_a_lagging_secondary_says_why() {
        let t0 = Instant::now();
        let mut t = Tally::new(t0);
        t.started(ObjectId::new(), &kinds(), t0);
        t.phase = Some(Phase::Moving);
        t.advanced("contacts", 50, t0 + Duration::from_secs(1));
        t.waiting = Some("waiting: a secondary lags 3.4 s (--max-lag 2.0 s)".into());
        let line = t.log_line(t0 + Duration::from_secs(20));
        assert!(
            line.starts_with("  waiting: a secondary lags 3.4 s (--max-lag 2.0 s): 50/600 documents (8%); "),
            "{line}"
        );
        assert!(line.ends_with("; 0/s, no estimate yet [20s elapsed]"), "{line}");
    }

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(human(Duration::from_secs(9)), "9s");
        assert_eq!(human(Duration::from_secs(125)), "2m 05s");
        assert_eq!(human(Duration::from_secs(4_900)), "1h 21m");
        assert_eq!(per_second(2.54), "2.5");
        assert_eq!(per_second(3000.4), "3000");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 100);
    }
}
