//! How old a plan is, in words a reviewer reads at a glance.

use chrono::{DateTime, Utc};

/// Seconds from `scanned_at` (RFC 3339) to `now`; negative for a plan from
/// the future; None when the time cannot be read.
pub fn seconds(scanned_at: &str, now: DateTime<Utc>) -> Option<i64> {
    let at = DateTime::parse_from_rfc3339(scanned_at).ok()?;
    Some((now - at.with_timezone(&Utc)).num_seconds())
}

/// `45 s`, `12 min`, `3 h 12 min`, `2 d 4 h`: the two largest units.
pub fn span(seconds: u64) -> String {
    let (d, h, m, s) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, _) => format!("{m} min"),
        (0, _, 0) => format!("{h} h"),
        (0, _, _) => format!("{h} h {m} min"),
        (_, 0, _) => format!("{d} d"),
        _ => format!("{d} d {h} h"),
    }
}

/// `3 h 12 min ago`, `just now`, or `5 min in the future (a clock is wrong)`.
pub fn words(seconds: Option<i64>) -> String {
    match seconds {
        None => "age unknown (scannedAt is not an RFC 3339 time)".into(),
        Some(0) => "just now".into(),
        Some(s) if s > 0 => format!("{} ago", span(s as u64)),
        Some(s) => format!(
            "{} in the future: the clock of the machine that scanned it, or of this one, is wrong",
            span(s.unsigned_abs())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_two_units() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T20:20:47Z").unwrap().with_timezone(&Utc);
        assert_eq!(words(seconds("2026-12-02T17:08:47Z", now)), "3 h 12 min ago");
        assert_eq!(words(seconds("2026-12-02T20:20:02Z", now)), "45 s ago");
        assert_eq!(words(seconds("2026-12-02T20:20:47Z", now)), "just now");
        assert_eq!(words(seconds("2026-11-30T16:00:00Z", now)), "2 d 4 h ago");
        assert_eq!(words(seconds("2026-11-30T20:20:00Z", now)), "2 d ago");
        assert_eq!(words(seconds("2026-12-02T19:20:47Z", now)), "1 h ago");
        assert!(words(seconds("2026-12-02T20:25:47Z", now)).starts_with("5 min in the future"));
        assert_eq!(seconds("yesterday", now), None);
        assert!(words(None).contains("unknown"));
    }
}
