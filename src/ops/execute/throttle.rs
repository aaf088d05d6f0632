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

pub(super) struct Throttle {
    id: ObjectId,
    state: Mutex<State>,
}

struct State {
    /// The rate the run was started with (`--max-rate`), unless changed since.
    rate: Option<u32>,
    checked: Option<Instant>,
}

impl Throttle {
    pub(super) fn new(id: ObjectId, max_rate: Option<u32>) -> Throttle {
        Throttle { id, state: Mutex::new(State { rate: max_rate, checked: None }) }
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
