//! The execute of a rollback plan (`ops::rollback` derives it): the same
//! locks, records, freeze, batches and resume as a transfer, with its own
//! phases: re-create a deleted department, restore each undo log entry in
//! its own transaction (marked restored in it, so a resumed run skips it),
//! put the users and departments back, close.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use super::{Progress, Stop, record};
use crate::db::Db;
use crate::db::journal::{Journal, Phase, set_phase, transact};
use crate::db::locks::Locks;
use crate::db::op::Op;
use crate::db::record as status_record;
use crate::db::undo::{self, DELETED_DEPARTMENT, DEPARTMENTS, Group, UNDO, USERS};
use crate::error::{CliError, Result};
use crate::ops::job::Job;
use crate::ops::rollback::{self, IDS_PER_QUERY};
use crate::plan::Plan;

/// The phases of a rollback (a transfer's: `super::run_phases`).
#[allow(clippy::too_many_arguments)]
pub(super) async fn run_phases(
    db: &Db,
    mut journal: Journal,
    plan: &Plan,
    job: &Job,
    of: ObjectId,
    locks: &Locks,
    stop: &Stop<'_>,
    progress: &dyn Progress,
    throttle: &super::throttle::Throttle,
) -> Result<()> {
    let id = journal.id;
    record::announce(db, id, plan, progress).await?;
    loop {
        progress.phase(journal.phase);
        let next = match journal.phase {
            Phase::Started => {
                if journal.no_freeze {
                    transact(db, locks, &[set_phase(id, Phase::Moving)], |_| Vec::new(), "frozen").await?;
                } else {
                    freeze(db, locks, &mut journal, plan, of).await?;
                }
                db.hooks.crash_point("frozen");
                Phase::Moving
            }
            Phase::Moving | Phase::Sweeping => {
                recreate_departments(db, locks, of).await?;
                // Newest first, as the transfer did them: a document changed
                // twice goes back through both.
                for r in plan.resources.iter().rev() {
                    let mut list = rollback::Entries::open(db, of, &r.kind, Some(id)).await?;
                    while let Some(entry) = list.next().await? {
                        stop.check()?;
                        let ops: Vec<Op> = entry
                            .groups
                            .iter()
                            .flat_map(chunks)
                            .map(|g| undo::restore_op(&entry.collection, &g))
                            .collect();
                        let key = r.kind.clone();
                        let started = std::time::Instant::now();
                        let counts = transact(
                            db,
                            locks,
                            &ops,
                            |counts| {
                                vec![
                                    status_record::batch_op(
                                        db,
                                        id,
                                        &key,
                                        counts.iter().sum(),
                                        entry.documents() as u32,
                                    ),
                                    restored(entry.id, id),
                                ]
                            },
                            "batch",
                        )
                        .await?;
                        progress.advanced(&r.kind, counts.iter().sum());
                        db.hooks.crash_point("batch-committed");
                        throttle.after_batch(db, stop, progress, counts.iter().sum(), started.elapsed()).await?;
                    }
                    progress.kind_finished(&r.kind);
                }
                transact(db, locks, &[set_phase(id, Phase::Subjects)], |_| Vec::new(), "phase").await?;
                db.hooks.crash_point("moved");
                Phase::Subjects
            }
            Phase::Subjects => {
                let mut ops = user_ops(db, of, id).await?;
                ops.extend(department_ops(db, of, id).await?);
                transact(db, locks, &ops, |_| vec![set_phase(id, Phase::Finishing)], "subjects").await?;
                db.hooks.crash_point("subjects-committed");
                Phase::Finishing
            }
            Phase::DeleteSource | Phase::Finishing => {
                // The undo log, pinned while the rollback ran, expires again.
                let days =
                    Journal::load(db, of).await?.and_then(|j| j.undo_days).unwrap_or(undo::DEFAULT_RETENTION_DAYS);
                let expires = doc! { "$set": { "expiresAt": undo::expires_in(days) } };
                transact(
                    db,
                    locks,
                    &[Op::update_many(UNDO, doc! { "transferId": of }, expires)],
                    |_| Vec::new(),
                    "unpin",
                )
                .await?;
                record::close(db, locks, &journal, plan, job).await?;
                return Ok(());
            }
            Phase::Completed => return Ok(()),
        };
        stop.check()?;
        journal.phase = next;
    }
}

/// A group split so that no write names more than `IDS_PER_QUERY` ids.
fn chunks(g: &Group) -> Vec<Group> {
    g.ids.chunks(IDS_PER_QUERY).map(|ids| Group { ids: ids.to_vec(), ..g.clone() }).collect()
}

/// Marks an undo log entry restored by rollback `by`.
fn restored(entry: ObjectId, by: ObjectId) -> Op {
    Op::update_one(UNDO, doc! { "_id": entry }, doc! { "$set": { "restoredBy": by } })
}

/// Deactivates the users going back, as execute does. A transfer that failed
/// left them deactivated: what they were before it comes from its journal.
async fn freeze(db: &Db, held: &Locks, journal: &mut Journal, plan: &Plan, of: ObjectId) -> Result<()> {
    let original = Journal::load(db, of).await?;
    let left_frozen: BTreeMap<ObjectId, Option<Bson>> = original
        .filter(|j| j.phase != Phase::Completed && !j.no_freeze)
        .map(|j| j.frozen.into_iter().collect())
        .unwrap_or_default();
    let ids: Vec<ObjectId> = plan.summary.users.iter().map(|p| p.id.0).collect();
    let frozen = record::active_flags(db, &ids)
        .await?
        .into_iter()
        .map(|(user, now)| (user, left_frozen.get(&user).cloned().unwrap_or(now)))
        .collect();
    record::freeze_as(db, held, journal, frozen).await
}

/// Re-creates, whole and with its own `_id`, a department the transfer
/// deleted (once: a resumed run finds it there).
async fn recreate_departments(db: &Db, held: &Locks, of: ObjectId) -> Result<()> {
    let d = &db.registry.departments;
    let mut ops = Vec::new();
    for entry in rollback::entries(db, of, DELETED_DEPARTMENT, None).await? {
        for gone in entry.deleted {
            let did =
                gone.get_object_id("_id").map_err(|_| CliError::unexpected("A deleted department has no _id."))?;
            if db.department_by_id(did).await?.is_none() {
                ops.push(Op::insert_one(&d.collection, gone));
            }
        }
    }
    if !ops.is_empty() {
        transact(db, held, &ops, |_| Vec::new(), "recreate").await?;
    }
    Ok(())
}

/// The users' organization and role back, each field only if it still
/// holds what the transfer set.
async fn user_ops(db: &Db, of: ObjectId, by: ObjectId) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for entry in rollback::entries(db, of, USERS, Some(by)).await? {
        for g in &entry.groups {
            // The fields the transfer changed, each on its own.
            let changed = g.before.keys().chain(&g.unset);
            for f in changed {
                let Some(after) = g.after.get(f) else { continue };
                let update = match g.before.get(f) {
                    Some(before) => doc! { "$set": { f: before.clone() } },
                    None => doc! { "$unset": { f: "" } },
                };
                ops.push(Op::update_many(
                    &entry.collection,
                    doc! { "_id": { "$in": &g.ids }, f: after.clone() },
                    update,
                ));
            }
        }
        ops.push(restored(entry.id, by));
    }
    Ok(ops)
}

/// Each department's managers and members: exactly as before the transfer
/// when unchanged since; otherwise the users the transfer moved are put back
/// where they were and every other change is kept (`merge`, computed by the
/// server from the lists as they are inside the transaction).
async fn department_ops(db: &Db, of: ObjectId, by: ObjectId) -> Result<Vec<Op>> {
    let d = &db.registry.departments;
    let mut ops = Vec::new();
    for entry in rollback::entries(db, of, DEPARTMENTS, Some(by)).await? {
        for g in &entry.groups {
            let mut set = Document::new();
            for list in [&d.managers, &d.members] {
                let ids = |v: Option<&Bson>| -> Vec<Bson> { v.and_then(Bson::as_array).cloned().unwrap_or_default() };
                let (before, after) = (g.before.get(list), g.after.get(list));
                if before.is_none() && !g.unset.contains(list) {
                    continue;
                }
                let merged = merge_expr(&format!("${list}"), &ids(before), &ids(after));
                // A list the transfer created goes again once empty.
                let value = if before.is_none() {
                    Bson::Document(doc! { "$cond": [{ "$eq": [{ "$size": &merged }, 0] }, "$$REMOVE", &merged] })
                } else {
                    merged
                };
                set.insert(list, value);
            }
            if !set.is_empty() {
                ops.push(Op::update_many(
                    &entry.collection,
                    doc! { "_id": { "$in": &g.ids } },
                    vec![doc! { "$set": set }],
                ));
            }
        }
        ops.push(restored(entry.id, by));
    }
    Ok(ops)
}

/// `merge` as an aggregation expression over the list at `path`.
fn merge_expr(path: &str, before: &[Bson], after: &[Bson]) -> Bson {
    let added: Vec<Bson> = after.iter().filter(|v| !before.contains(v)).cloned().collect();
    let removed: Vec<Bson> = before
        .iter()
        .enumerate()
        .filter(|(_, v)| !after.contains(v))
        .map(|(at, v)| Bson::Array(vec![v.clone(), Bson::Int32(at as i32)]))
        .collect();
    let current = doc! { "$ifNull": [path, []] };
    let kept =
        doc! { "$filter": { "input": current, "cond": { "$not": [{ "$in": ["$$this", { "$literal": added }] }] } } };
    let v = "$$value";
    let (user, at) = (doc! { "$arrayElemAt": ["$$this", 0] }, doc! { "$arrayElemAt": ["$$this", 1] });
    // Unchanged since the transfer: exactly as before, a user listed twice included.
    let unchanged = doc! { "$eq": [{ "$ifNull": [path, []] }, { "$literal": after }] };
    let merged = doc! { "$reduce": {
        "input": { "$literal": removed },
        "initialValue": kept,
        "in": { "$cond": [
            { "$in": [&user, v] },
            v,
            { "$concatArrays": [
                { "$slice": [v, { "$max": [&at, 0] }] },
                [&user],
                { "$slice": [v, &at, i32::MAX] },
            ] },
        ] },
    } };
    Bson::Document(doc! { "$cond": [unchanged, { "$literal": before }, merged] })
}

/// A list as it was `before` a change that made it `after`, applied to what
/// it is now: what the change added is taken out, what it took out goes back
/// at its old position. When nothing else changed since, this is `before`.
/// (The rule `merge_expr` has the server evaluate; its unit tests are here.)
#[cfg(test)]
fn merge(before: &[Bson], after: &[Bson], current: &[Bson]) -> Vec<Bson> {
    if current == after {
        return before.to_vec();
    }
    let added: Vec<&Bson> = after.iter().filter(|v| !before.contains(v)).collect();
    let mut out: Vec<Bson> = current.iter().filter(|v| !added.contains(v)).cloned().collect();
    for (at, v) in before.iter().enumerate() {
        if !after.contains(v) && !out.contains(v) {
            out.insert(at.min(out.len()), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::merge;
    use mongodb::bson::Bson;

    fn l(v: &[i32]) -> Vec<Bson> {
        v.iter().map(|n| Bson::Int32(*n)).collect()
    }

    #[test]
    fn an_unchanged_list_gets_exactly_its_previous_value() {
        // Users 2 and 4 left; 9 joined.
        assert_eq!(merge(&l(&[1, 2, 3, 4]), &l(&[1, 3, 9]), &l(&[1, 3, 9])), l(&[1, 2, 3, 4]));
        assert_eq!(merge(&l(&[]), &l(&[5]), &l(&[5])), l(&[]));
        // A user listed twice (data as it is) comes back twice.
        assert_eq!(merge(&l(&[1, 2, 3, 1]), &l(&[2, 3]), &l(&[2, 3])), l(&[1, 2, 3, 1]));
    }

    #[test]
    fn a_list_changed_since_keeps_that_change() {
        // 7 joined and 3 left after the transfer.
        assert_eq!(merge(&l(&[1, 2, 3]), &l(&[1, 3]), &l(&[1, 7])), l(&[1, 2, 7]));
    }
}
