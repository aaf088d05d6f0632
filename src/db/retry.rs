//! The retry policy: which failures are transient, how many attempts, and
//! how long to wait between them. Every write and every lock acquisition
//! follows it.

use std::time::Duration;

use mongodb::error::TRANSIENT_TRANSACTION_ERROR;

/// How many attempts a transient failure gets in all (the first and 7
/// retries) before the transfer fails, resumably.
pub const ATTEMPTS: u32 = 8;

/// The wait after failed attempt `attempt` (from 1): 100 ms, 200 ms, …
/// capped at 2 s, with a little jitter so that retries of concurrent
/// transfers do not collide again.
pub fn backoff(attempt: u32) -> Duration {
    let base = 50u64.saturating_mul(1 << attempt.min(6)).min(2_000);
    let jitter = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos()
        % 50) as u64;
    Duration::from_millis(base + jitter)
}

/// A write conflict, a dropped connection, a primary stepping down: worth
/// another attempt.
pub fn is_transient(e: &mongodb::error::Error) -> bool {
    use mongodb::error::ErrorKind as K;
    e.contains_label(TRANSIENT_TRANSACTION_ERROR)
        || matches!(e.kind.as_ref(), K::Io(_) | K::ConnectionPoolCleared { .. })
        || matches!(e.kind.as_ref(), K::Command(c) if c.code == 112 || c.code == 251)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_100_ms_up_to_2_s() {
        let ms = |a| backoff(a).as_millis() / 50 * 50;
        assert_eq!([ms(1), ms(2), ms(3), ms(5), ms(6), ms(7)], [100, 200, 400, 1600, 2000, 2000]);
    }
}
