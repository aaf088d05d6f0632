//! How many documents the next batch holds: sized so that each transaction
//! takes about `--batch-time` (the application's writes to those documents
//! wait for it), or fixed by `--batch-size`.
//!
//! The rule: after each batch, the size the last batch's time per document
//! says would take the target, but never more than twice or less than half
//! the last size (one slow batch does not collapse it, one fast one does not
//! explode it), and within `MIN..=MAX`. A fresh run starts at `START`; a
//! resumed run at the size its status record last recorded.

use std::time::Duration;

pub const MIN: u32 = 100;
pub const MAX: u32 = 10_000;
pub const START: u32 = 1_000;
/// How finely re-validation cuts the selections for time-sized batches: a
/// batch joins as many consecutive cuts as its size asks for.
pub const GRAIN: u32 = 250;

#[derive(Debug, Clone)]
pub struct Sizer {
    fixed: Option<u32>,
    target: Duration,
    size: u32,
}

impl Sizer {
    pub fn new(fixed: Option<u32>, target: Duration, start: Option<u32>) -> Sizer {
        Sizer { fixed, target, size: start.unwrap_or(START).clamp(MIN, MAX) }
    }

    /// The documents the next batch holds.
    pub fn next(&self) -> u32 {
        self.fixed.unwrap_or(self.size)
    }

    /// How finely re-validation cuts the selections.
    pub fn grain(&self) -> u32 {
        self.fixed.unwrap_or(GRAIN)
    }

    /// A batch of `docs` documents took `took`.
    pub fn observe(&mut self, docs: u64, took: Duration) {
        if self.fixed.is_some() || docs == 0 || took.is_zero() {
            return;
        }
        let ideal = self.target.as_secs_f64() / (took.as_secs_f64() / docs as f64);
        let last = self.size as f64;
        self.size = ideal.clamp(last / 2.0, last * 2.0).clamp(MIN as f64, MAX as f64) as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn the_size_moves_toward_the_target_time_by_at_most_a_factor_two() {
        let mut s = Sizer::new(None, MS(100), None);
        assert_eq!(s.next(), START);
        // 1,000 documents in 25 ms: 4,000 would take 100 ms; at most twice.
        s.observe(1000, MS(25));
        assert_eq!(s.next(), 2000);
        s.observe(2000, MS(50));
        assert_eq!(s.next(), 4000);
        s.observe(4000, MS(100));
        assert_eq!(s.next(), 4000, "on target: stays");
        // A slow batch halves it at most.
        s.observe(4000, MS(2000));
        assert_eq!(s.next(), 2000);
        for _ in 0..20 {
            s.observe(s.next() as u64, MS(1));
        }
        assert_eq!(s.next(), MAX);
        for _ in 0..20 {
            s.observe(s.next() as u64, MS(10_000));
        }
        assert_eq!(s.next(), MIN);
    }

    #[test]
    fn a_fixed_size_stays_and_a_resumed_run_starts_where_it_was() {
        let mut s = Sizer::new(Some(5000), MS(100), Some(300));
        s.observe(5000, MS(900));
        assert_eq!((s.next(), s.grain()), (5000, 5000));
        assert_eq!(Sizer::new(None, MS(100), Some(3000)).next(), 3000);
        assert_eq!(Sizer::new(None, MS(100), Some(1)).next(), MIN);
    }
}
