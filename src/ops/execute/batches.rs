//! Moving one kind: its selection cut into batches, each applied in its own
//! transaction together with its progress count.

use futures_util::TryStreamExt;
use mongodb::Cursor;
use mongodb::bson::{Bson, DateTime, Document, doc, oid::ObjectId};
use mongodb::options::Hint;

use super::writes::step_ops;
use super::{Progress, Stop};
use crate::db::Db;
use crate::db::indexes::index_for;
use crate::db::journal::transact_logged;
use crate::db::record;
use crate::db::undo::{self, Capture};
use crate::docid::ranges_together;
use crate::error::{CliError, Result};
use crate::ops::cuts::IdReader;
use crate::ops::scan::Range;
use crate::ops::transfer::Step;

/// A cursor over the selection's ids in `_id` order, None when the selection
/// is empty. (Sorted, a server computes the whole answer before the first
/// batch, and it is told which index to read, which can make it walk the
/// organization's entries: an unsorted probe first keeps an empty selection
/// cheap.)
async fn open_selection(db: &Db, step: &Step<'_>, batch: u32) -> Result<Option<Cursor<Document>>> {
    let coll = db.db.collection::<Document>(&step.kind.collection);
    let necessary = crate::db::indexes::necessary(&step.filter);
    if necessary.len() < step.filter.len() && !necessary.is_empty() {
        let probe = coll.find_one(necessary.clone()).projection(doc! { "_id": 1 });
        if db.hooks.profile.timed(&format!("move: probe {} (equalities)", step.kind.key), probe).await?.is_none() {
            return Ok(None);
        }
    }
    let index = index_for(db, &step.kind.collection, &step.filter, step.driving_field()).await?;
    let mut probe = coll.find_one(step.filter.clone()).projection(doc! { "_id": 1 });
    // A condition beyond the equalities (unfired reminders: `fired: false`)
    // can make a planner walk the wrong index: 68 ms against 20 ms hinted,
    // for 33,000 of the user's reminders among 330,000.
    if let (Some(index), true) = (&index, necessary.len() < step.filter.len()) {
        probe = probe.hint(Hint::Keys(index.clone()));
    }
    if db.hooks.profile.timed(&format!("move: probe {}", step.kind.key), probe).await?.is_none() {
        return Ok(None);
    }
    let mut find =
        coll.find(step.filter.clone()).projection(doc! { "_id": 1 }).sort(doc! { "_id": 1 }).batch_size(batch);
    if let Some(index) = index {
        find = find.hint(Hint::Keys(index));
    }
    Ok(Some(db.hooks.profile.timed(&format!("move: open cursor {}", step.kind.key), find).await?))
}

/// How a batch names its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Batching {
    /// The `_id` range its documents span: the cheapest when the selection
    /// is most of what its range spans, but the range also spans the other
    /// documents created meanwhile.
    Ranges,
    /// Their ids (`$in`): a selection that is a small share of its
    /// collection, whose ranges would each span many other documents.
    Ids,
}

/// Ranges when the `selected` documents of a kind's first batch are at least
/// a quarter of all the documents its range spans: below that, a range makes
/// the server read many times more documents than it changes, and naming the
/// ids costs less (docs/performance.md, "Performance"). The count stops at four times
/// `selected`, so asking costs at most one batch's worth of index entries.
pub(super) async fn batching(db: &Db, step: &Step<'_>, first: &Range, selected: u64) -> Result<Batching> {
    let limit = selected.max(1) * 4;
    let coll = db.db.collection::<Document>(&step.kind.collection);
    let spanned = db.hooks.profile.timed("move: batching", coll.count_documents(range(first)).limit(limit)).await?;
    Ok(if spanned < limit { Batching::Ranges } else { Batching::Ids })
}

/// How many documents the first range re-validation cut holds: the kind's
/// count (re-validation found the plan's) up to a batch.
pub(super) fn first_range_size(plan: &crate::plan::Plan, step: &Step<'_>, batch_size: u32) -> u64 {
    let planned = plan.resources.iter().find(|r| r.kind == step.kind.key).map_or(0, |r| r.count);
    planned.min(batch_size as u64)
}

/// How often `move_kind` reads a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Passes {
    /// Once: the moving phase (the sweep comes after every kind).
    Once,
    /// Until a pass finds nothing: the sweep, which also catches documents
    /// that appeared meanwhile.
    UntilEmpty,
}

/// What moving a kind needs of the run: the database, the transfer, when to
/// stop, whom to tell, and how many documents a batch holds.
pub(super) struct Mover<'a> {
    pub db: &'a Db,
    pub id: ObjectId,
    pub stop: &'a Stop<'a>,
    pub progress: &'a dyn Progress,
    /// How many documents the next batch holds.
    pub sizer: std::sync::Mutex<super::sizer::Sizer>,
    /// When the undo log entries this run writes expire; None: it writes none.
    pub undo: Option<DateTime>,
    /// The rate limit and the pause, between batches.
    pub throttle: &'a super::throttle::Throttle,
}

/// Moves one kind in batches. Each pass streams the selection once (constant
/// memory: ids only, a batch at a time) and applies every batch in its own
/// transaction. Re-querying per batch would cost the server a full
/// evaluation of the selection each time. `by`: how to batch, if known
/// (else decided on the first batch).
pub(super) async fn move_kind(
    run: &Mover<'_>,
    step: &Step<'_>,
    mut by: Option<Batching>,
    passes: Passes,
) -> Result<u64> {
    let (db, stop) = (run.db, run.stop);
    let per_doc = per_document(db, step);
    let mut total = 0;
    let mut idle_passes = 0;
    loop {
        stop.check()?;
        let Some(mut cursor) = open_selection(db, step, run.size_for(per_doc)).await? else {
            return Ok(total);
        };
        let mut size = run.size_for(per_doc);
        let mut ids: Vec<Bson> = Vec::with_capacity(size as usize);
        let (mut seen, mut changed) = (0u64, 0u64);
        loop {
            let next = db.hooks.profile.timed("move: read ids", cursor.try_next()).await?;
            let end = next.is_none();
            if let Some(mut d) = next
                && let Some(v) = d.remove("_id")
            {
                ids.push(v);
            }
            if ids.len() >= size as usize || (end && !ids.is_empty()) {
                stop.check()?;
                seen += ids.len() as u64;
                let span = (ids[0].clone(), ids[ids.len() - 1].clone());
                // A range matches one type of id: a batch whose ids are not
                // all of one rangeable type is named by its ids.
                let how = match by {
                    _ if !one_type(&ids) => Batching::Ids,
                    Some(b) => b,
                    None => *by.insert(batching(db, step, &span, ids.len() as u64).await?),
                };
                let which = match how {
                    Batching::Ranges => range(&span),
                    Batching::Ids => doc! { "_id": { "$in": &ids } },
                };
                changed += apply_batch(run, step, which, size).await?;
                ids.clear();
                size = run.size_for(per_doc);
            }
            if end {
                break;
            }
        }
        total += changed;
        if seen == 0 || passes == Passes::Once {
            return Ok(total);
        }
        idle_passes = if changed == 0 { idle_passes + 1 } else { 0 };
        if idle_passes >= 3 {
            return Err(CliError::unexpected(format!(
                "{}: {seen} documents keep matching the transfer but the change does not apply to them.",
                step.kind.key
            )));
        }
    }
}

/// Moves one kind range by range, as re-validation cut its selection: no
/// second read of the selection (the sweep catches whatever appeared since).
pub(super) async fn move_ranges(run: &Mover<'_>, step: &Step<'_>, ranges: &[Range]) -> Result<u64> {
    let per_doc = per_document(run.db, step);
    let mut total = 0;
    let mut rest = ranges;
    while !rest.is_empty() {
        run.stop.check()?;
        // As many consecutive cuts as the batch size asks for, as one range
        // (the cuts are consecutive documents of the selection).
        let grain = run.sizer.lock().expect("not poisoned").grain().max(1);
        let take = (run.size_for(per_doc) / grain).max(1) as usize;
        let (batch, next) = rest.split_at(take.min(rest.len()));
        let joined = (batch[0].0.clone(), batch[batch.len() - 1].1.clone());
        // What the batch was cut to: whole cuts, one at least.
        total += apply_batch(run, step, range(&joined), take as u32 * grain).await?;
        rest = next;
    }
    Ok(total)
}

/// Moves one kind by naming its ids, as re-validation read them (a
/// selection interleaved with other users' documents, whose ranges would
/// make the server read many times what it changes; or one written a
/// document at a time, whose batches are capped): no second read of the
/// selection (the sweep catches whatever appeared since). Should the
/// temporary file fail, the rest is read from the server.
pub(super) async fn move_ids(run: &Mover<'_>, step: &Step<'_>, mut ids: IdReader) -> Result<u64> {
    let per_doc = per_document(run.db, step);
    let mut total = 0;
    loop {
        run.stop.check()?;
        let size = run.size_for(per_doc);
        let batch = match ids.next_batch(size as usize) {
            Ok(batch) => batch,
            // What was moved no longer matches the selection: a cursor
            // finds exactly the rest.
            Err(_) => return Ok(total + move_kind(run, step, Some(Batching::Ids), Passes::Once).await?),
        };
        if batch.is_empty() {
            return Ok(total);
        }
        run.db.hooks.profile.count(&format!("move: ids named {}", step.kind.key), batch.len() as u64);
        total += apply_batch(run, step, doc! { "_id": { "$in": batch } }, size).await?;
    }
}

impl Mover<'_> {
    /// The documents the next batch holds.
    pub(super) fn size(&self) -> u32 {
        self.sizer.lock().expect("not poisoned").next()
    }

    /// The documents the next batch holds: at most `PER_DOCUMENT_BATCH`
    /// when its writes change shard-key values (`per_document`).
    pub(super) fn size_for(&self, per_document: bool) -> u32 {
        let size = self.size();
        if per_document { size.min(crate::db::shards::PER_DOCUMENT_BATCH) } else { size }
    }
}

/// Whether a step's writes change shard-key values (`db::shards`), or its
/// rollback's would: a rollback puts a removed field back with a stage that
/// rebuilds the document, written a document at a time on a sharded
/// collection, one undo entry (one batch of this step) per transaction. Such
/// a step's batches are capped at `PER_DOCUMENT_BATCH`.
pub(super) fn per_document(db: &Db, step: &Step<'_>) -> bool {
    let sharded = db.topology.key_of(&step.kind.collection).is_some();
    (sharded && step.change.may_remove_fields()) || db.topology.touched_by(&step_ops(step, doc! {}).0).is_some()
}

/// Whether a batch's ids may be asked as a range: all of one type that
/// ranges plainly (`DocId::rangeable`).
fn one_type(ids: &[Bson]) -> bool {
    ids.iter().all(|i| ranges_together(&ids[0], i))
}

/// The documents of an inclusive range of consecutive ids of a selection (a
/// document of the selection that appeared inside it meanwhile goes too, as
/// it should).
fn range(r: &Range) -> Document {
    doc! { "_id": { "$gte": r.0.clone(), "$lte": r.1.clone() } }
}

/// What the undo log keeps of a batch: the fields of the kind a transfer may
/// change, of the documents of the selection the batch names (whole when a
/// write may remove a field, to keep its position).
fn step_capture<'a>(
    step: &Step<'_>,
    which: &Document,
    id: ObjectId,
    expires: DateTime,
    predict: &'a (dyn Fn(&Document) -> Document + Sync),
) -> Capture<'a> {
    // The batch's own `_id` condition (a range, or its ids), and the selection.
    let dense = !which.get_document("_id").is_ok_and(|c| c.contains_key("$in"));
    let mut filter = which.clone();
    filter.insert("$and", vec![Bson::Document(step.filter.clone())]);
    Capture {
        dense,
        collection: step.kind.collection.clone(),
        filter,
        fields: step.kind.guarded_fields(),
        whole: step.change.may_remove_fields(),
        entry: undo::header(id, &step.kind.key, expires),
        predict: Some(predict),
    }
}

/// One batch (`which`: an `_id` condition) in one transaction, with its
/// count added to the status record, and `size`, the size it was cut to
/// (where a resumed run starts).
async fn apply_batch(run: &Mover<'_>, step: &Step<'_>, which: Document, size: u32) -> Result<u64> {
    let (db, id, progress) = (run.db, run.id, run.progress);
    let key = &step.kind.key;
    let predict = |d: &Document| super::writes::predict(step, d);
    let captures: Vec<Capture> =
        run.undo.iter().map(|expires| step_capture(step, &which, id, *expires, &predict)).collect();
    let (ops, primary) = step_ops(step, which);
    let counted = |counts: &[u64]| primary.iter().map(|i| counts[*i]).sum::<u64>();
    let bookkeeping = |counts: &[u64]| vec![record::batch_op(db, id, key, counted(counts), size)];
    let started = std::time::Instant::now();
    let counts = transact_logged(db, run.stop.locks, &ops, &captures, bookkeeping, "batch").await?;
    let n = counted(&counts);
    let took = started.elapsed();
    run.sizer.lock().expect("not poisoned").observe(n, took);
    progress.advanced(key, n);
    db.hooks.crash_point("batch-committed");
    run.throttle.after_batch(db, run.stop, progress, n, took).await?;
    Ok(n)
}
