//! The journal (`tether_transfer_journal`, the tool's own: a transfer's plan,
//! phase, frozen users and lock subjects), the transaction helper every
//! write goes through, and the crash-point test hooks. The status record
//! (`auditlogs`) is `db::record`'s.
//!
//! How execute survives a crash: every change is made inside a transaction
//! that also records its effect in the journal and the status record, so a
//! batch is either wholly applied and counted or not at all. Every step's
//! filter selects only documents that still need the change, so running a
//! step again finds exactly what is left. `execute --resume` re-runs the
//! phases the journal has not marked done.

use mongodb::bson::{Bson, DateTime, Document, doc, oid::ObjectId};
use mongodb::error::UNKNOWN_TRANSACTION_COMMIT_RESULT;
use mongodb::options::UpdateModifications;

use super::Db;
use super::locks::Locks;
use super::op::{Op, as_u64};
use super::retry::{ATTEMPTS, backoff, is_transient};
use super::undo::{self, Capture};
use crate::error::{CliError, Result};

pub const JOURNAL: &str = "tether_transfer_journal";

/// Where a transfer is; each phase is done once, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Created; the users are not frozen yet.
    Started,
    /// Users frozen; resources moving kind by kind.
    Moving,
    /// A second pass over every kind for documents that appeared meanwhile.
    Sweeping,
    /// Users and departments themselves.
    Subjects,
    /// Bulk with --delete-source: the emptied department.
    DeleteSource,
    /// Unfreeze and close the record.
    Finishing,
    Completed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Started => "started",
            Phase::Moving => "moving",
            Phase::Sweeping => "sweeping",
            Phase::Subjects => "subjects",
            Phase::DeleteSource => "deleteSource",
            Phase::Finishing => "finishing",
            Phase::Completed => "completed",
        }
    }
    pub fn parse(s: &str) -> Option<Phase> {
        [
            Phase::Started,
            Phase::Moving,
            Phase::Sweeping,
            Phase::Subjects,
            Phase::DeleteSource,
            Phase::Finishing,
            Phase::Completed,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Runs `ops`, then the bookkeeping `after(counts)` builds from their
/// modified counts, in one transaction; retries transient failures (write
/// conflicts, dropped connections, an unknown commit result) with back-off,
/// a bounded number of times. Returns the modified counts of `ops`.
pub async fn transact(
    db: &Db,
    locks: &Locks,
    ops: &[Op],
    after: impl Fn(&[u64]) -> Vec<Op>,
    crash: &str,
) -> Result<Vec<u64>> {
    transact_logged(db, locks, ops, &[], after, crash).await
}

/// `transact`, also writing in the transaction the undo log entries of what
/// `ops` changed among the documents each capture names (`db::undo`), and
/// counting them in the journal of the capture's transfer.
pub async fn transact_logged(
    db: &Db,
    locks: &Locks,
    ops: &[Op],
    captures: &[Capture<'_>],
    after: impl Fn(&[u64]) -> Vec<Op>,
    crash: &str,
) -> Result<Vec<u64>> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        // Never write after losing a lock: a holder that was stuck past its
        // lease may have been replaced.
        locks.fence(db).await?;
        match try_transact(db, ops, captures, &after, crash).await {
            Ok(counts) => return Ok(counts),
            Err(e) if e.get_custom::<super::op::Refused>().is_some() => {
                let why = e.get_custom::<super::op::Refused>().map(|r| r.0.clone()).unwrap_or_default();
                return Err(CliError::forbidden(why));
            }
            Err(e) if is_transient(&e) && attempt < ATTEMPTS => {
                tokio::time::sleep(backoff(attempt)).await;
            }
            Err(e) => {
                return Err(CliError::unexpected(format!(
                    "A write failed after {attempt} attempt{}: {}",
                    if attempt == 1 { "" } else { "s" },
                    crate::error::db_error(&e).message
                ))
                .with_source(e));
            }
        }
    }
}

async fn try_transact(
    db: &Db,
    ops: &[Op],
    captures: &[Capture<'_>],
    after: &impl Fn(&[u64]) -> Vec<Op>,
    crash: &str,
) -> mongodb::error::Result<Vec<u64>> {
    // A session of the pool (recorded with the locks); a new one only if
    // more transactions run at once than the pool holds.
    let pooled = db.sessions.lock().await.pop();
    let mut session = match pooled {
        Some(s) => s,
        None => db.client.start_session().await?,
    };
    let result = run_transaction(db, &mut session, ops, captures, after, crash).await;
    db.sessions.lock().await.push(session);
    result
}

async fn run_transaction(
    db: &Db,
    session: &mut mongodb::ClientSession,
    ops: &[Op],
    captures: &[Capture<'_>],
    after: &impl Fn(&[u64]) -> Vec<Op>,
    crash: &str,
) -> mongodb::error::Result<Vec<u64>> {
    session.start_transaction().await?;
    let result: mongodb::error::Result<Vec<u64>> = async {
        let mut counts = Vec::with_capacity(ops.len());
        let reading = std::time::Instant::now();
        let mut before = Vec::with_capacity(captures.len());
        for c in captures {
            let projection = (!c.whole).then(|| projection(&c.fields));
            let docs = read(db, session, &c.collection, c.filter.clone(), projection, None).await?;
            before.push(docs);
        }
        if !captures.is_empty() {
            db.hooks.profile.add(&format!("tx {crash}: undo read before"), reading.elapsed());
        }
        let writes = std::time::Instant::now();
        for op in ops {
            counts.push(run(db, session, op).await?);
        }
        db.hooks.profile.add(&format!("tx {crash}: writes"), writes.elapsed());
        let reading = std::time::Instant::now();
        let mut entries: Vec<Op> = Vec::new();
        let changed: u64 = counts.iter().sum();
        for (c, before) in captures.iter().zip(&before) {
            if before.is_empty() {
                continue;
            }
            let predicted = c.predict.map(|p| match c.whole {
                true => undo::diff(before, &before.iter().map(p).collect::<Vec<_>>(), &c.fields),
                // Once per distinct set of values (most of a batch shares a few).
                false => undo::predicted(before, &c.fields, p),
            });
            // A prediction is trusted when it changes as many documents as
            // the server did (and, under test, when it is what the server did).
            let changes = match predicted {
                Some(p) if captures.len() == 1 && p.documents() as u64 == changed && !db.hooks.check_undo => p,
                predicted => {
                    let ids: Vec<Bson> = before.iter().filter_map(|d| d.get("_id").cloned()).collect();
                    let filter = doc! { "_id": { "$in": ids } };
                    let now = read(db, session, &c.collection, filter, Some(projection(&c.fields)), None).await?;
                    let read = undo::diff(before, &now, &c.fields);
                    if let Some(p) = predicted
                        && db.hooks.check_undo
                    {
                        undo::check_prediction(&c.collection, &p, &read);
                    }
                    read
                }
            };
            if let Some(op) = undo::entry_op(c, &changes) {
                entries.push(op);
                if let Ok(transfer) = c.entry.get_object_id("transferId") {
                    entries.push(Op::update_one(
                        JOURNAL,
                        doc! { "_id": transfer },
                        doc! { "$inc": { "undoEntries": 1i64, "undoDocuments": changes.documents() as i64 } },
                    ));
                }
            }
        }
        if !captures.is_empty() {
            db.hooks.profile.add(&format!("tx {crash}: undo entry"), reading.elapsed());
        }
        db.hooks.crash_point(crash);
        let bookkeeping = std::time::Instant::now();
        for op in after(&counts).iter().chain(&entries) {
            run(db, session, op).await?;
        }
        db.hooks.profile.add(&format!("tx {crash}: bookkeeping"), bookkeeping.elapsed());
        Ok(counts)
    }
    .await;
    let counts = match result {
        Ok(c) => c,
        Err(e) => {
            let _ = session.abort_transaction().await;
            return Err(e);
        }
    };
    let mut commits = 0;
    loop {
        commits += 1;
        match db.hooks.profile.timed(&format!("tx {crash}: commit"), session.commit_transaction()).await {
            Ok(()) => return Ok(counts),
            // The commit may or may not have happened; committing again is safe.
            Err(e) if e.contains_label(UNKNOWN_TRANSACTION_COMMIT_RESULT) && commits < ATTEMPTS => {
                tokio::time::sleep(backoff(commits)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

fn projection(fields: &[String]) -> Document {
    fields.iter().map(|f| (f.clone(), Bson::Int32(1))).collect()
}

/// Every document of `coll` matching `filter` (the first `limit`, if
/// given), read in the transaction.
async fn read(
    db: &Db,
    session: &mut mongodb::ClientSession,
    coll: &str,
    filter: Document,
    projection: Option<Document>,
    limit: Option<i64>,
) -> mongodb::error::Result<Vec<Document>> {
    let collection = db.db.collection::<Document>(coll);
    let mut find = collection.find(filter);
    if let Some(p) = projection {
        find = find.projection(p);
    }
    if let Some(n) = limit {
        find = find.limit(n);
    }
    let mut cursor = find.session(&mut *session).await?;
    let mut out = Vec::new();
    while let Some(d) = cursor.next(&mut *session).await {
        out.push(d?);
    }
    Ok(out)
}

async fn run(db: &Db, session: &mut mongodb::ClientSession, op: &Op) -> mongodb::error::Result<u64> {
    match op {
        Op::UpdateMany { coll, filter, update, .. } if let Some(key) = db.topology.touched(coll, update) => {
            return update_each(db, session, coll, filter, update, key, false).await;
        }
        Op::UpdateOne { coll, filter, update } if let Some(key) = db.topology.touched(coll, update) => {
            return update_each(db, session, coll, filter, update, key, true).await;
        }
        _ => {}
    }
    match op {
        Op::UpdateMany { coll, filter, update, hint } => {
            let collection = db.db.collection::<Document>(coll);
            let mut action = collection.update_many(filter.clone(), update.clone());
            if let Some(h) = hint {
                action = action.hint(mongodb::options::Hint::Keys(h.clone()));
            }
            Ok(action.session(&mut *session).await?.modified_count)
        }
        Op::UpdateOne { coll, filter, update } => Ok(db
            .db
            .collection::<Document>(coll)
            .update_one(filter.clone(), update.clone())
            .session(&mut *session)
            .await?
            .modified_count),
        Op::InsertOne { coll, doc } => {
            db.db.collection::<Document>(coll).insert_one(doc.clone()).session(&mut *session).await?;
            Ok(1)
        }
        Op::Require { coll, filter, update, at_least, why } => {
            let r = db
                .db
                .collection::<Document>(coll)
                .update_many(filter.clone(), update.clone())
                .session(&mut *session)
                .await?;
            if r.matched_count < *at_least {
                return Err(mongodb::error::Error::custom(super::op::Refused(why.clone())));
            }
            Ok(r.modified_count)
        }
        Op::DeleteOne { coll, filter } => Ok(db
            .db
            .collection::<Document>(coll)
            .delete_one(filter.clone())
            .session(&mut *session)
            .await?
            .deleted_count),
    }
}

/// An update that changes a shard-key value, one statement per document
/// (`db::shards`): the documents' ids and current shard keys are read in
/// the transaction, then updated by an `update` command of single-document
/// statements per chunk. `one`: at most one document (an `updateOne`).
/// (The read is not told the write's `{_id: 1}` index, like the undo log's
/// read of the same filter: hinted, SecantusDB reads an `_id` range about
/// five times slower: per-document batches of about 1,000 took 75 ms
/// hinted, 56 ms not.)
async fn update_each(
    db: &Db,
    session: &mut mongodb::ClientSession,
    coll: &str,
    filter: &Document,
    update: &UpdateModifications,
    key: &super::shards::ShardKey,
    one: bool,
) -> mongodb::error::Result<u64> {
    use super::shards::{STATEMENTS_PER_COMMAND, projection, statements, write_error};
    let started = std::time::Instant::now();
    let found = read(db, session, coll, filter.clone(), Some(projection(key)), one.then_some(1)).await?;
    let mut modified = 0u64;
    for chunk in found.chunks(STATEMENTS_PER_COMMAND) {
        let command = doc! { "update": coll, "updates": statements(update, key, chunk), "ordered": true };
        let reply = db.db.run_command(command).session(&mut *session).await?;
        if let Ok(errors) = reply.get_array("writeErrors")
            && let Some(Bson::Document(first)) = errors.first()
        {
            return Err(write_error(first));
        }
        db.hooks.crash_point("per-document-chunk");
        modified += reply.get("nModified").and_then(as_u64).unwrap_or(0);
    }
    db.hooks.profile.add("per-document writes", started.elapsed());
    db.hooks.profile.count("per-document statements", found.len() as u64);
    Ok(modified)
}

/// The journal document of one transfer.
#[derive(Debug, Clone)]
pub struct Journal {
    pub id: ObjectId,
    pub plan_json: String,
    pub phase: Phase,
    /// Users frozen by this transfer and their `isActive` before it, as it
    /// was (of any type; None: absent), so that it is put back exactly.
    pub frozen: Vec<(ObjectId, Option<Bson>)>,
    pub no_freeze: bool,
    /// Days its undo log is kept; None: it writes none (`--no-undo`, or a
    /// transfer of a version before the undo log).
    pub undo_days: Option<u32>,
    /// How many undo log entries it wrote (counted in their transactions).
    pub undo_entries: u64,
    /// The rollback that undoes it, once one started: it is not resumed then.
    pub rolled_back_by: Option<ObjectId>,
    /// The lock keys of its subjects.
    pub subjects: Vec<String>,
}

/// A frozen user as the journal keeps them: `wasActive` absent when the
/// user had no `isActive`.
pub fn frozen_doc(user: ObjectId, was: &Option<Bson>) -> Document {
    let mut d = doc! { "userId": user };
    if let Some(v) = was {
        d.insert("wasActive", v.clone());
    }
    d
}

impl Journal {
    pub fn to_doc(&self, now: DateTime) -> Document {
        doc! {
            "_id": self.id,
            "plan": &self.plan_json,
            "phase": self.phase.as_str(),
            "frozen": self.frozen.iter().map(|(u, a)| frozen_doc(*u, a)).collect::<Vec<_>>(),
            "noFreeze": self.no_freeze,
            "undoDays": self.undo_days.map(|d| Bson::Int32(d as i32)).unwrap_or(Bson::Null),
            "subjects": &self.subjects,
            "createdAt": now,
        }
    }

    /// Read strictly: a journal that does not read (a field of another
    /// type, a count that is not a whole number) is an error, never a
    /// default (an undo log's count read as 0 would pass a partly expired
    /// log for whole). Fields earlier versions did not write default.
    pub fn from_doc(d: &Document) -> std::result::Result<Journal, String> {
        use super::op::shown;
        let wrong = |key: &str, what: &str| match d.get(key) {
            Some(b) => format!("{key} is {}, not {what}", shown(b)),
            None => format!("{key} is missing"),
        };
        let count = |key: &str| match d.get(key) {
            None => Ok(0),
            Some(b) => as_u64(b).ok_or_else(|| wrong(key, "a count")),
        };
        let frozen = d
            .get_array("frozen")
            .map_err(|_| wrong("frozen", "a list"))?
            .iter()
            .map(|b| match b {
                // No `wasActive`: the user had no `isActive`.
                Bson::Document(f) => f
                    .get_object_id("userId")
                    .map(|u| (u, f.get("wasActive").cloned()))
                    .map_err(|_| format!("frozen holds {}, not a user's ObjectId", shown(b))),
                other => Err(format!("frozen holds {}, not a frozen user", shown(other))),
            })
            .collect::<std::result::Result<Vec<_>, String>>()?;
        Ok(Journal {
            id: d.get_object_id("_id").map_err(|_| wrong("_id", "an ObjectId"))?,
            plan_json: d.get_str("plan").map_err(|_| wrong("plan", "a text"))?.to_string(),
            phase: d.get_str("phase").ok().and_then(Phase::parse).ok_or_else(|| wrong("phase", "a phase"))?,
            frozen,
            no_freeze: match d.get("noFreeze") {
                None => false,
                Some(Bson::Boolean(b)) => *b,
                Some(_) => return Err(wrong("noFreeze", "true or false")),
            },
            undo_days: match d.get("undoDays") {
                None | Some(Bson::Null) => None,
                Some(b) => Some(
                    as_u64(b)
                        .filter(|n| (1..=3650).contains(n))
                        .map(|n| n as u32)
                        .ok_or_else(|| wrong("undoDays", "a number of days from 1 to 3650"))?,
                ),
            },
            undo_entries: count("undoEntries")?,
            rolled_back_by: match d.get("rolledBackBy") {
                None | Some(Bson::Null) => None,
                Some(Bson::ObjectId(o)) => Some(*o),
                Some(_) => return Err(wrong("rolledBackBy", "a transfer's ObjectId")),
            },
            subjects: d
                .get_array("subjects")
                .map_err(|_| wrong("subjects", "a list"))?
                .iter()
                .map(|b| {
                    b.as_str().map(str::to_string).ok_or_else(|| format!("subjects holds {}, not a text", shown(b)))
                })
                .collect::<std::result::Result<Vec<_>, String>>()?,
        })
    }

    pub async fn load(db: &Db, id: ObjectId) -> Result<Option<Journal>> {
        let d = db.db.collection::<Document>(JOURNAL).find_one(doc! { "_id": id }).await?;
        d.map(|d| {
            Journal::from_doc(&d).map_err(|why| {
                CliError::unexpected(format!("The journal of transfer {id} in {JOURNAL} cannot be read: {why}."))
            })
        })
        .transpose()
    }

    /// Whether no transfer was ever started in this database.
    pub async fn none(db: &Db) -> Result<bool> {
        let any = db.db.collection::<Document>(JOURNAL).find_one(doc! {}).projection(doc! { "_id": 1 }).await?;
        Ok(any.is_none())
    }

    /// Every unfinished transfer (its phase is not `completed`, and no
    /// rollback took it over: a failed transfer being rolled back is
    /// finished with) whose subjects include one of `subjects` or that froze
    /// `frozen`, other than `except`, oldest first: its id and its subjects.
    pub async fn unfinished_holding(
        db: &Db,
        subjects: &[String],
        frozen: Option<ObjectId>,
        except: Option<ObjectId>,
    ) -> Result<Vec<(ObjectId, Vec<String>)>> {
        let mut either = vec![doc! { "subjects": { "$in": subjects } }];
        if let Some(user) = frozen {
            either.push(doc! { "frozen.userId": user });
        }
        let mut filter = doc! {
            "phase": { "$ne": Phase::Completed.as_str() },
            "rolledBackBy": { "$exists": false },
            "$or": either,
        };
        if let Some(id) = except {
            filter.insert("_id", doc! { "$ne": id });
        }
        let mut cursor = db
            .db
            .collection::<Document>(JOURNAL)
            .find(filter)
            .projection(doc! { "subjects": 1 })
            .sort(doc! { "_id": 1 })
            .await?;
        let mut out = Vec::new();
        while cursor.advance().await? {
            let d: Document = cursor.deserialize_current()?;
            let Ok(id) = d.get_object_id("_id") else { continue };
            let subjects = d
                .get_array("subjects")
                .map(|a| a.iter().filter_map(|b| b.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            out.push((id, subjects));
        }
        Ok(out)
    }
}

/// What another terminal asks of a running transfer (`pause`, `continue`):
/// kept in its journal, read by the run between batches.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Control {
    pub paused: bool,
    /// Documents per second at most, when set from another terminal.
    pub max_rate: Option<u32>,
}

impl Control {
    pub async fn load(db: &Db, id: ObjectId) -> Result<Control> {
        let d = db
            .db
            .collection::<Document>(JOURNAL)
            .find_one(doc! { "_id": id })
            .projection(doc! { "control": 1 })
            .await?;
        let c = d.as_ref().and_then(|d| d.get_document("control").ok());
        Ok(Control {
            paused: c.and_then(|c| c.get_bool("paused").ok()).unwrap_or(false),
            // A rate out of range is no rate: the run goes on unlimited
            // rather than at a truncated one.
            max_rate: c
                .and_then(|c| c.get("maxRate"))
                .and_then(as_u64)
                .filter(|n| (1..=10_000_000).contains(n))
                .map(|n| n as u32),
        })
    }

    /// Asks transfer `id` to pause or go on, and (when given) changes its rate.
    pub async fn set(db: &Db, id: ObjectId, paused: bool, max_rate: Option<u32>) -> Result<()> {
        let mut set = doc! { "control.paused": paused, "control.updatedAt": DateTime::now() };
        if let Some(r) = max_rate {
            set.insert("control.maxRate", r as i64);
        }
        db.db.collection::<Document>(JOURNAL).update_one(doc! { "_id": id }, doc! { "$set": set }).await?;
        Ok(())
    }
}

/// Sets the journal's phase (inside a transaction's bookkeeping).
pub fn set_phase(id: ObjectId, phase: Phase) -> Op {
    Op::update_one(JOURNAL, doc! { "_id": id }, doc! { "$set": { "phase": phase.as_str() } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> Document {
        let j = Journal {
            id: ObjectId::new(),
            plan_json: "{}".into(),
            phase: Phase::Moving,
            frozen: vec![(ObjectId::new(), Some(Bson::Boolean(true))), (ObjectId::new(), None)],
            no_freeze: false,
            undo_days: Some(30),
            undo_entries: 0,
            rolled_back_by: None,
            subjects: vec!["user:1".into()],
        };
        let mut d = j.to_doc(DateTime::now());
        d.insert("undoEntries", 7i64);
        d
    }

    #[test]
    fn a_journal_reads_back_and_a_count_of_another_type_is_an_error_not_zero() {
        let j = Journal::from_doc(&stored()).unwrap();
        assert_eq!((j.undo_entries, j.undo_days, j.frozen.len()), (7, Some(30), 2));
        for (key, value, says) in [
            ("undoEntries", Bson::String("7".into()), "undoEntries is \"7\", not a count"),
            ("undoEntries", Bson::Double(6.5), "undoEntries is 6.5, not a count"),
            ("undoDays", Bson::Int32(0), "undoDays is 0, not a number of days from 1 to 3650"),
            ("phase", Bson::String("halfway".into()), "phase is \"halfway\", not a phase"),
            ("noFreeze", Bson::Int32(1), "noFreeze is 1, not true or false"),
        ] {
            let mut d = stored();
            d.insert(key, value);
            assert_eq!(Journal::from_doc(&d).unwrap_err(), says);
        }
        // Written by an earlier version: no undo log count yet.
        let mut d = stored();
        d.remove("undoEntries");
        assert_eq!(Journal::from_doc(&d).unwrap().undo_entries, 0);
    }
}
