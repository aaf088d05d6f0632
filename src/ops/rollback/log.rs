//! A transfer's undo log as a whole: whether it is all there (a rollback
//! and a report both refuse one that is not), and all its entries in the
//! order the transfer wrote them.

use mongodb::bson::{Document, RawDocumentBuf, doc, oid::ObjectId};

use super::Entries;
use crate::db::Db;
use crate::db::journal::Journal;
use crate::db::undo::UNDO;
use crate::error::Result;

/// What is left of a transfer's undo log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogState {
    /// Every entry the transfer wrote (so far) is there.
    Whole,
    /// The transfer wrote none: `--no-undo`, or a version of the tool before the log.
    NotWritten,
    /// Entries are gone (the retention passed, or someone deleted them).
    Incomplete {
        /// The entries left.
        kept: u64,
        /// The entries the transfer wrote.
        written: u64,
        /// The retention it ran with, in days.
        days: u32,
    },
}

/// The state of the undo log of transfer `id`, whose journal is `journal`.
/// The journal is read before the entries are counted: a running transfer
/// counts each entry in the transaction that writes it, so there are never
/// fewer entries than a journal read earlier counts.
pub async fn log_state(db: &Db, id: ObjectId, journal: &Journal) -> Result<LogState> {
    let Some(days) = journal.undo_days else { return Ok(LogState::NotWritten) };
    let kept = db.db.collection::<Document>(UNDO).count_documents(doc! { "transferId": id }).await?;
    Ok(if kept < journal.undo_entries {
        LogState::Incomplete { kept, written: journal.undo_entries, days }
    } else {
        LogState::Whole
    })
}

impl Entries {
    /// Every entry of transfer `id`, of every kind, in the order its
    /// batches wrote them (an entry's `_id` is made when its transaction
    /// runs), streamed a few at a time.
    pub async fn in_written_order(db: &Db, id: ObjectId) -> Result<Entries> {
        let cursor = db
            .db
            .collection::<RawDocumentBuf>(UNDO)
            .find(doc! { "transferId": id })
            .sort(doc! { "_id": 1 })
            // One entry per reply: an entry holds up to a batch of documents,
            // each in a group of its own at worst (at 1,000,000 documents an
            // automations entry is some 500 KB); four per reply took 4 MB
            // more at the peak, one costs a round trip per entry.
            .batch_size(1)
            .await?;
        Ok(Entries { cursor, id, except: None })
    }
}
