//! What the environment asks of one run beyond its flags, read once when
//! the command line is parsed and passed down (in `GlobalArgs`, then in
//! `Db`): the profile (`TETHER_TRANSFER_PROFILE`) and the test hooks, never
//! set in production:
//!
//! - `TETHER_TRANSFER_CRASH_AT=point[#n]` kills the process with SIGKILL the
//!   n-th time (default first) it reaches `point`; `TETHER_TRANSFER_STOP_AT`
//!   stops it with SIGSTOP instead (alive but stuck, its leases no longer
//!   renewed). Tests use them to stop the tool exactly where they mean to.
//! - `TETHER_TRANSFER_CHECK_UNDO=1` reads every batch back and aborts the
//!   process when the predicted undo entry differs from the one the read
//!   gives (`db::undo::check_prediction`).

use std::sync::Mutex;

use crate::profile::Profile;

#[derive(Debug, Default)]
pub struct Hooks {
    pub profile: Profile,
    /// Under `TETHER_TRANSFER_CHECK_UNDO`: predictions are checked by a read.
    pub check_undo: bool,
    crash_at: Option<Point>,
    stop_at: Option<Point>,
    /// Visits so far of each point named above.
    seen: Mutex<Vec<(String, u32)>>,
}

/// A crash point and the visit that fires it.
#[derive(Debug)]
struct Point {
    name: String,
    nth: u32,
}

impl Point {
    fn parse(spec: &str) -> Point {
        let (name, nth) = match spec.split_once('#') {
            Some((n, k)) => (n, k.parse::<u32>().unwrap_or(1)),
            None => (spec, 1),
        };
        Point { name: name.to_string(), nth }
    }
}

impl Hooks {
    pub fn from_env() -> Hooks {
        let point = |var: &str| std::env::var(var).ok().map(|s| Point::parse(&s));
        Hooks {
            profile: Profile::from_env(),
            check_undo: std::env::var_os("TETHER_TRANSFER_CHECK_UNDO").is_some(),
            crash_at: point("TETHER_TRANSFER_CRASH_AT"),
            stop_at: point("TETHER_TRANSFER_STOP_AT"),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Kills or stops the process here if a hook names this visit of `point`.
    pub fn crash_point(&self, point: &str) {
        for (at, signal) in [(&self.crash_at, libc::SIGKILL), (&self.stop_at, libc::SIGSTOP)] {
            if let Some(at) = at
                && at.name == point
                && self.visit(point) == at.nth
            {
                unsafe {
                    libc::kill(libc::getpid(), signal);
                }
            }
        }
    }

    /// Counts a visit to `point`; returns how many there were.
    fn visit(&self, point: &str) -> u32 {
        let mut seen = self.seen.lock().unwrap();
        match seen.iter_mut().find(|(p, _)| p == point) {
            Some((_, c)) => {
                *c += 1;
                *c
            }
            None => {
                seen.push((point.to_string(), 1));
                1
            }
        }
    }
}
