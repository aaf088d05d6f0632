//! Between batches: `--max-rate`, and what another terminal asks (`pause`,
//! `continue`, a new rate), read from the journal at most every 250 ms. A
//! paused run keeps its locks (their leases go on being renewed), shows
//! `paused` in its bars and its status record, and still stops on Ctrl-C.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use mongodb::bson::oid::ObjectId;

use super::{Progress, Stop};
use crate::db::Db;
use crate::db::journal::Control;
use crate::db::record as status_record;
use crate::error::Result;

/// How often the journal is read for a pause or a new rate.
const POLL: Duration = Duration::from_millis(250);

/// How often the replica set's lag is read.
const LAG_POLL: Duration = Duration::from_secs(1);
/// How long a run waits, in all, for a lagging secondary before it stops
/// (resumable): never forever.
const LAG_WAIT_AT_MOST: Duration = Duration::from_secs(15 * 60);

pub(super) struct Throttle {
    id: ObjectId,
    max_lag: Option<Duration>,
    state: Mutex<State>,
}

struct State {
    /// The rate the run was started with (`--max-rate`), unless changed since.
    rate: Option<u32>,
    checked: Option<Instant>,
    lag_checked: Option<Instant>,
    /// The replica set's status cannot be read (a standalone server, or not
    /// authorized): the lag is not watched.
    lag_unknown: bool,
}

impl Throttle {
    pub(super) fn new(id: ObjectId, max_rate: Option<u32>, max_lag: Option<Duration>) -> Throttle {
        Throttle {
            id,
            max_lag,
            state: Mutex::new(State { rate: max_rate, checked: None, lag_checked: None, lag_unknown: false }),
        }
    }

    /// Waits while the worst secondary lags more than `--max-lag`.
    async fn wait_for_secondaries(&self, db: &Db, stop: &Stop<'_>, progress: &dyn Progress) -> Result<()> {
        let Some(max) = self.max_lag else { return Ok(()) };
        let due = {
            let s = self.state.lock().expect("not poisoned");
            !s.lag_unknown && s.lag_checked.is_none_or(|t| t.elapsed() >= LAG_POLL)
        };
        if !due {
            return Ok(());
        }
        if db.topology.sharded {
            // A mongos has no replica set status; each shard's is not read.
            self.state.lock().expect("not poisoned").lag_unknown = true;
            progress
                .waiting(Some("a sharded cluster: the shards' replication lag is not read, --max-lag is not applied"));
            progress.waiting(None);
            return Ok(());
        }
        let started = Instant::now();
        let mut waiting = false;
        loop {
            let lag =
                match db.db.client().database("admin").run_command(mongodb::bson::doc! { "replSetGetStatus": 1 }).await
                {
                    Ok(status) => worst_lag(&status),
                    Err(e) => {
                        let mut s = self.state.lock().expect("not poisoned");
                        s.lag_unknown = true;
                        // Unauthorized (code 13): decided on the code, never on the text.
                        if matches!(e.kind.as_ref(), mongodb::error::ErrorKind::Command(c) if c.code == 13) {
                            progress.waiting(Some(
                                "the replica set's status cannot be read (not authorized): --max-lag is not applied",
                            ));
                            progress.waiting(None);
                        }
                        None
                    }
                };
            self.state.lock().expect("not poisoned").lag_checked = Some(Instant::now());
            match lag {
                Some(lag) if lag > max => {
                    if started.elapsed() > LAG_WAIT_AT_MOST {
                        return Err(crate::error::CliError::unexpected(format!(
                            "A secondary lagged more than {:.1} s for {} minutes; the transfer stopped so as not to add to it.",
                            max.as_secs_f64(),
                            LAG_WAIT_AT_MOST.as_secs() / 60
                        )));
                    }
                    let reason = format!(
                        "waiting: a secondary lags {:.1} s (--max-lag {:.1} s)",
                        lag.as_secs_f64(),
                        max.as_secs_f64()
                    );
                    status_record::mark_waiting(db, self.id, Some(&reason)).await?;
                    progress.waiting(Some(&reason));
                    waiting = true;
                    stop.check()?;
                    tokio::time::sleep(LAG_POLL).await;
                }
                _ => break,
            }
        }
        if waiting {
            status_record::mark_waiting(db, self.id, None).await?;
            progress.waiting(None);
        }
        Ok(())
    }

    fn rate(&self) -> Option<u32> {
        self.state.lock().expect("not poisoned").rate
    }

    /// After a batch of `docs` documents that took `took`: waits as long as
    /// the rate asks, then for as long as the transfer is paused.
    pub(super) async fn after_batch(
        &self,
        db: &Db,
        stop: &Stop<'_>,
        progress: &dyn Progress,
        docs: u64,
        took: Duration,
    ) -> Result<()> {
        if let Some(rate) = self.rate().filter(|r| *r > 0) {
            let least = Duration::from_secs_f64(docs as f64 / rate as f64);
            if least > took {
                tokio::time::sleep(least - took).await;
            }
        }
        self.wait_for_secondaries(db, stop, progress).await?;
        let due = self.state.lock().expect("not poisoned").checked.is_none_or(|t| t.elapsed() >= POLL);
        if !due {
            return Ok(());
        }
        let mut control = self.read(db, progress).await?;
        if control.paused {
            status_record::mark_paused(db, self.id, true).await?;
            progress.paused(true);
            while control.paused {
                stop.check()?;
                tokio::time::sleep(POLL).await;
                control = self.read(db, progress).await?;
            }
            status_record::mark_paused(db, self.id, false).await?;
            progress.paused(false);
        }
        Ok(())
    }

    async fn read(&self, db: &Db, progress: &dyn Progress) -> Result<Control> {
        let control = Control::load(db, self.id).await?;
        let mut s = self.state.lock().expect("not poisoned");
        s.checked = Some(Instant::now());
        if control.max_rate.is_some() && control.max_rate != s.rate {
            s.rate = control.max_rate;
            progress.rate(s.rate);
        }
        Ok(control)
    }
}

/// How far the worst secondary is behind the primary, from a
/// `replSetGetStatus` answer; None without a primary or secondaries.
pub fn worst_lag(status: &mongodb::bson::Document) -> Option<Duration> {
    let members = status.get_array("members").ok()?;
    let optime = |state: &str| {
        members
            .iter()
            .filter_map(|m| m.as_document())
            .filter(|m| m.get_str("stateStr") == Ok(state))
            .filter_map(|m| m.get_datetime("optimeDate").ok().map(|d| d.timestamp_millis()))
            .collect::<Vec<i64>>()
    };
    let primary = *optime("PRIMARY").first()?;
    let slowest = optime("SECONDARY").into_iter().min()?;
    Some(Duration::from_millis((primary - slowest).max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::worst_lag;
    use mongodb::bson::{DateTime, doc};
    use std::time::Duration;

    #[test]
    fn the_worst_secondary_decides_and_a_lone_primary_has_no_lag() {
        let at = |ms: i64| DateTime::from_millis(ms);
        let status = doc! { "members": [
            { "stateStr": "PRIMARY", "optimeDate": at(10_000) },
            { "stateStr": "SECONDARY", "optimeDate": at(9_500) },
            { "stateStr": "SECONDARY", "optimeDate": at(7_000) },
            { "stateStr": "ARBITER" },
        ] };
        assert_eq!(worst_lag(&status), Some(Duration::from_millis(3_000)));
        let alone = doc! { "members": [{ "stateStr": "PRIMARY", "optimeDate": at(10_000) }] };
        assert_eq!(worst_lag(&alone), None);
        assert_eq!(worst_lag(&doc! { "ok": 0 }), None);
    }
}
