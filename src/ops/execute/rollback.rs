//! The execute of a rollback plan (`ops::rollback` derives it): the same
//! locks, records, freeze, batches and resume as a transfer, with its own
//! phases: re-create a deleted department, restore each undo log entry in
//! its own transaction (marked restored in it, so a resumed run skips it),
//! put the users and departments back, close.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use super::{Progress, Stop, record};
use crate::db::Db;
use crate::db::journal::{self, Journal, Op, Phase, crash_point, set_phase, transact};
use crate::db::locks::Locks;
use crate::db::record as status_record;
use crate::db::undo::{self, DELETED_DEPARTMENT, DEPARTMENTS, Group, UNDO, USERS};
use crate::error::{CliError, Result};
use crate::ops::rollback::{self, IDS_PER_QUERY};
use crate::plan::Plan;

pub(super) async fn run_phases(
    db: &Db,
    mut journal: Journal,
    plan: &Plan,
    locks: &Locks,
    stop: &Stop<'_>,
    progress: &dyn Progress,
) -> Result<()> {
    let id = journal.id;
    let of = rollback::undone(plan)?;
    let done = record::processed_so_far(db, id).await?;
    let kinds: Vec<(String, u64, u64)> =
        plan.resources.iter().map(|r| (r.kind.clone(), r.count, done.get(&r.kind).copied().unwrap_or(0))).collect();
    progress.started(id, &kinds);
    loop {
        progress.phase(journal.phase);
        let next = match journal.phase {
            Phase::Started => {
                freeze(db, locks, &mut journal, plan, of).await?;
                crash_point("frozen");
                Phase::Moving
            }
            Phase::Moving | Phase::Sweeping => {
                recreate_departments(db, locks, of).await?;
                for r in &plan.resources {
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
                        let counts = transact(
                            db,
                            locks,
                            &ops,
                            |counts| {
                                vec![status_record::batch_op(db, id, &key, counts.iter().sum()), restored(entry.id, id)]
                            },
                            "batch",
                        )
                        .await?;
                        progress.advanced(&r.kind, counts.iter().sum());
                        crash_point("batch-committed");
                    }
                    progress.kind_finished(&r.kind);
                }
                transact(db, locks, &[set_phase(id, Phase::Subjects)], |_| Vec::new(), "phase").await?;
                crash_point("moved");
                Phase::Subjects
            }
            Phase::Subjects => {
                let mut ops = user_ops(db, of, id).await?;
                ops.extend(department_ops(db, of, id).await?);
                transact(db, locks, &ops, |_| vec![set_phase(id, Phase::Finishing)], "subjects").await?;
                crash_point("subjects-committed");
                Phase::Finishing
            }
            Phase::DeleteSource | Phase::Finishing => {
                record::close(db, locks, &journal, plan).await?;
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
    let u = &db.registry.users;
    let original = Journal::load(db, of).await?;
    let left_frozen: BTreeMap<ObjectId, bool> = original
        .filter(|j| j.phase != Phase::Completed && !j.no_freeze)
        .map(|j| j.frozen.into_iter().collect())
        .unwrap_or_default();
    let ids: Vec<ObjectId> = plan.summary.users.iter().map(|p| p.id.0).collect();
    let mut frozen = Vec::new();
    for user in db.users_by_ids(&ids).await? {
        frozen.push((user.id, left_frozen.get(&user.id).copied().unwrap_or(user.is_active)));
    }
    let ops = [
        Op::update_one(
            journal::JOURNAL,
            doc! { "_id": journal.id },
            doc! { "$set": {
                "frozen": frozen.iter().map(|(id, a)| doc! { "userId": id, "wasActive": a }).collect::<Vec<_>>(),
                "phase": Phase::Moving.as_str(),
            } },
        ),
        Op::update_many(&u.collection, doc! { "_id": { "$in": &ids } }, doc! { "$set": { &u.is_active: false } }),
    ];
    transact(db, held, &ops, |_| Vec::new(), "freeze").await?;
    journal.frozen = frozen;
    Ok(())
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
            for user in &g.ids {
                for (f, after) in &g.after {
                    let update = match g.before.get(f) {
                        Some(before) => doc! { "$set": { f: before.clone() } },
                        None => doc! { "$unset": { f: "" } },
                    };
                    ops.push(Op::update_one(&entry.collection, doc! { "_id": user, f: after.clone() }, update));
                }
            }
        }
        ops.push(restored(entry.id, by));
    }
    Ok(ops)
}

/// Each department's managers and members: exactly as before the transfer
/// when unchanged since; otherwise the users the transfer moved are put back
/// where they were and every other change is kept.
async fn department_ops(db: &Db, of: ObjectId, by: ObjectId) -> Result<Vec<Op>> {
    let d = &db.registry.departments;
    let mut ops = Vec::new();
    for entry in rollback::entries(db, of, DEPARTMENTS, Some(by)).await? {
        for g in &entry.groups {
            for did in &g.ids {
                let now: Option<Document> = db
                    .db
                    .collection::<Document>(&d.collection)
                    .find_one(doc! { "_id": did })
                    .projection(doc! { &d.managers: 1, &d.members: 1 })
                    .await?;
                let Some(now) = now else { continue };
                let mut set = Document::new();
                let mut unset = Document::new();
                for list in [&d.managers, &d.members] {
                    let ids =
                        |doc: Option<&Bson>| -> Vec<Bson> { doc.and_then(Bson::as_array).cloned().unwrap_or_default() };
                    let (before, after, current) = (g.before.get(list), g.after.get(list), now.get(list));
                    if before.is_none() && after.is_none() {
                        continue;
                    }
                    let merged = merge(&ids(before), &ids(after), &ids(current));
                    if before.is_none() && merged.is_empty() {
                        unset.insert(list, "");
                    } else {
                        set.insert(list, merged);
                    }
                }
                let mut update = Document::new();
                if !set.is_empty() {
                    update.insert("$set", set);
                }
                if !unset.is_empty() {
                    update.insert("$unset", unset);
                }
                if !update.is_empty() {
                    ops.push(Op::update_one(&entry.collection, doc! { "_id": did }, update));
                }
            }
        }
        ops.push(restored(entry.id, by));
    }
    Ok(ops)
}

/// A list as it was `before` a change that made it `after`, applied to what
/// it is now: what the change added is taken out, what it took out goes back
/// at its old position. When nothing else changed since, this is `before`.
pub fn merge(before: &[Bson], after: &[Bson], current: &[Bson]) -> Vec<Bson> {
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
    }

    #[test]
    fn a_list_changed_since_keeps_that_change() {
        // 7 joined and 3 left after the transfer.
        assert_eq!(merge(&l(&[1, 2, 3]), &l(&[1, 3]), &l(&[1, 7])), l(&[1, 2, 7]));
    }
}
