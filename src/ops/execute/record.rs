//! The transfer's own records: the journal and the status record written
//! before any change, the users frozen while their data moves, the emptied
//! department deleted, and both records closed at the end. The status
//! record's shape is `db::record`'s.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use mongodb::bson::{self, Bson, DateTime, Document, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::Department;
use crate::db::journal::{self, Journal, Phase, set_phase, transact, transact_logged};
use crate::db::locks::{self, Locks};
use crate::db::op::Op;
use crate::db::record::{self as status_record, Count, KindProgress, PerKind, Progress, Status, StatusRecord, UserRef};
use crate::db::undo::{self, Capture};
use crate::error::{Because, CliError, Result};
use crate::ops::job::Job;
use crate::ops::transfer::Transfer;
use crate::plan::Plan;

/// The journal and the status record, written together before any change.
#[allow(clippy::too_many_arguments)]
pub(super) async fn start_records(
    db: &Db,
    held: &Locks,
    id: ObjectId,
    plan: &Plan,
    job: &Job,
    operator: &crate::ops::auth::Operator,
    keys: &[String],
    opts: &super::Options,
) -> Result<Journal> {
    let journal = Journal {
        id,
        plan_json: plan.to_json(),
        phase: Phase::Started,
        frozen: Vec::new(),
        no_freeze: opts.no_freeze,
        undo_days: job.undo_days(opts.undo_days),
        undo_entries: 0,
        rolled_back_by: None,
        subjects: keys.to_vec(),
    };
    if journal.undo_days.is_some() {
        undo::ensure_indexes(db).await?;
    }
    let now = DateTime::now();
    let payload = bson::to_bson(&plan.request).or_unexpected(|e| format!("Cannot record the request: {e}."))?;
    let record = StatusRecord {
        id,
        transfer_id: id.to_hex(),
        action: job.action(),
        plan_kind: bson::to_bson(&plan.kind()).unwrap_or(Bson::Null),
        status: Status::InProgress,
        started_at: now,
        completed_at: None,
        error: None,
        payload,
        scan_version: plan.scan_version.clone(),
        organization_id: plan.summary.from_organization.id.0,
        users: plan.summary.users.iter().map(|u| u.email.clone()).collect(),
        operator: UserRef { id: operator.id, email: operator.email.clone() },
        operator_identity: Some(operator.identity.clone()),
        scanned_by: UserRef { id: plan.operator.id.0, email: plan.operator.email.clone() },
        host: locks::hostname(),
        tool: format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        progress: Progress {
            processed: Count(0),
            total: Count(plan.total()),
            kinds: PerKind(
                plan.resources
                    .iter()
                    .map(|r| (r.kind.clone(), KindProgress { processed: Count(0), total: Count(r.count) }))
                    .collect(),
            ),
        },
        swept: PerKind::default(),
        updated_at: now,
        resumed_at: Vec::new(),
        batch_size: None,
        waiting: None,
        rollback_of: plan.summary.rollback_of.as_ref().map(|r| r.transfer_id.0),
        rolled_back_by: None,
        not_restored: PerKind::default(),
        not_applied: PerKind::default(),
        approvals: opts.approvals.clone(),
        resumes: Vec::new(),
        paused: false,
        paused_at: None,
    };
    let mut ops = vec![Op::insert_one(journal::JOURNAL, journal.to_doc(now)), record.insert_op(db)?];
    // Four eyes, the last word: as many of the approvals counted as the
    // policy asks for must still be unrevoked in the very transaction that
    // starts the transfer, which also marks them used; a revoke at the same
    // moment conflicts with that write, and whichever commits second sees
    // the other.
    if opts.approvals_needed > 0 {
        let ids: Vec<ObjectId> = opts.approvals.iter().map(|a| a.approval_id).collect();
        let who: Vec<&str> = opts.approvals.iter().map(|a| a.approver.email.as_str()).collect();
        let n = opts.approvals_needed;
        ops.push(Op::require(
            crate::db::approvals::APPROVALS,
            doc! { "_id": { "$in": ids }, "revokedAt": { "$exists": false } },
            doc! { "$addToSet": { "usedBy": id } },
            n as u64,
            format!(
                "The approval of {} was revoked as the transfer started, so this plan no longer has the {n} approval{} the policy asks for; nothing was changed.",
                who.join(" or "),
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    if let Some(of) = record.rollback_of {
        // The transfer undone says so from now on, and is not resumed any more.
        ops.push(Op::update_one(&db.registry.auditlogs, doc! { "_id": of }, doc! { "$set": { "rolledBackBy": id } }));
        ops.push(Op::update_one(journal::JOURNAL, doc! { "_id": of }, doc! { "$set": { "rolledBackBy": id } }));
        // Its undo log no longer expires while the rollback runs.
        ops.push(Op::update_many(undo::UNDO, doc! { "transferId": of }, doc! { "$unset": { "expiresAt": "" } }));
    }
    transact(db, held, &ops, |_| Vec::new(), "start").await?;
    Ok(journal)
}

/// The status record of a transfer under way, which must be there.
pub(super) async fn load_record(db: &Db, id: ObjectId) -> Result<StatusRecord> {
    status_record::load(db, id)
        .await?
        .ok_or_else(|| CliError::unexpected(format!("The status record of transfer {id} disappeared.")))
}

/// Per kind, the documents the status record counts as processed so far.
pub(super) async fn processed_so_far(db: &Db, id: ObjectId) -> Result<BTreeMap<String, u64>> {
    let record = load_record(db, id).await?;
    Ok(record.progress.kinds.iter().map(|(k, p)| (k.clone(), p.processed.0)).collect())
}

/// Deactivates the moving users, remembering their previous state in the journal.
pub(super) async fn freeze(db: &Db, held: &Locks, journal: &mut Journal, transfer: &Transfer) -> Result<()> {
    let ids: Vec<ObjectId> = transfer.moving_users().iter().map(|u| u.id).collect();
    let frozen = active_flags(db, &ids).await?;
    freeze_as(db, held, journal, frozen).await
}

/// The users' `isActive` as stored (of whatever type; None: absent).
pub(super) async fn active_flags(db: &Db, ids: &[ObjectId]) -> Result<Vec<(ObjectId, Option<Bson>)>> {
    let u = &db.registry.users;
    let users: Vec<Document> = db
        .db
        .collection::<Document>(&u.collection)
        .find(doc! { "_id": { "$in": ids } })
        .projection(doc! { &u.is_active: 1 })
        .await?
        .try_collect()
        .await?;
    Ok(users.iter().filter_map(|d| Some((d.get_object_id("_id").ok()?, d.get(&u.is_active).cloned()))).collect())
}

/// Deactivates `frozen`'s users and journals their previous `isActive`
/// (what `close` restores), in one transaction that also starts the moving phase.
pub(super) async fn freeze_as(
    db: &Db,
    held: &Locks,
    journal: &mut Journal,
    frozen: Vec<(ObjectId, Option<Bson>)>,
) -> Result<()> {
    let u = &db.registry.users;
    let ids: Vec<ObjectId> = frozen.iter().map(|(id, _)| *id).collect();
    let ops = [
        Op::update_one(
            journal::JOURNAL,
            doc! { "_id": journal.id },
            doc! { "$set": {
                "frozen": frozen.iter().map(|(id, a)| journal::frozen_doc(*id, a)).collect::<Vec<_>>(),
                "phase": Phase::Moving.as_str(),
            } },
        ),
        Op::update_many(&u.collection, doc! { "_id": { "$in": &ids } }, doc! { "$set": { &u.is_active: false } }),
    ];
    transact(db, held, &ops, |_| Vec::new(), "freeze").await?;
    journal.frozen = frozen;
    Ok(())
}

/// Tells `progress` what the run has to do, per kind, and what is done already.
pub(super) async fn announce(db: &Db, id: ObjectId, plan: &Plan, progress: &dyn super::Progress) -> Result<()> {
    let done = processed_so_far(db, id).await?;
    let kinds: Vec<(String, u64, u64)> =
        plan.resources.iter().map(|r| (r.kind.clone(), r.count, done.get(&r.kind).copied().unwrap_or(0))).collect();
    progress.started(id, &kinds);
    Ok(())
}

/// `--delete-source`: deletes the department only when nothing points at it
/// any more.
pub(super) async fn delete_source(
    db: &Db,
    held: &Locks,
    id: ObjectId,
    gone: &Department,
    undo: Option<DateTime>,
) -> Result<()> {
    let d = &db.registry.departments;
    let source = db.department_by_id(gone.id).await?;
    let mut left: Vec<String> = Vec::new();
    if let Some(s) = &source {
        if !s.managers.is_empty() || !s.members.is_empty() {
            left.push(format!("{} users", s.managers.len() + s.members.len()));
        }
        left.extend(db.still_in_department(gone.id, |_, _| Vec::new()).await?);
    }
    if !left.is_empty() {
        return Err(CliError::unexpected(format!(
            "The department {} is not empty ({}), so it was not deleted.",
            gone.label(),
            left.join(", ")
        )));
    }
    let mut ops = Vec::new();
    if source.is_some() {
        ops.push(Op::delete_one(&d.collection, doc! { "_id": gone.id }));
    }
    // The undo log keeps the department whole, to re-create it.
    let captures: Vec<Capture> = undo
        .map(|expires| Capture {
            collection: d.collection.clone(),
            filter: doc! { "_id": gone.id },
            fields: Vec::new(),
            whole: true,
            entry: undo::header(id, undo::DELETED_DEPARTMENT, expires),
            dense: true,
            predict: None,
        })
        .into_iter()
        .collect();
    transact_logged(db, held, &ops, &captures, |_| vec![set_phase(id, Phase::Finishing)], "delete-source").await?;
    Ok(())
}

/// Restores the users' `isActive`, closes the record and the journal, together.
pub(super) async fn close(db: &Db, held: &Locks, journal: &Journal, plan: &Plan, job: &Job) -> Result<()> {
    let u = &db.registry.users;
    let done = processed_so_far(db, journal.id).await?;
    let swept = PerKind(
        plan.resources
            .iter()
            .filter_map(|r| {
                let n = done.get(&r.kind).copied().unwrap_or(0);
                (n > r.count).then(|| (r.kind.clone(), Count(n - r.count)))
            })
            .collect(),
    );
    let mut ops: Vec<Op> = journal
        .frozen
        .iter()
        .map(|(user, was)| {
            let back = match was {
                Some(v) => doc! { "$set": { &u.is_active: v.clone() } },
                None => doc! { "$unset": { &u.is_active: "" } },
            };
            Op::update_one(&u.collection, doc! { "_id": user }, back)
        })
        .collect();
    // A rollback restores only what still holds what the transfer set; a
    // document changed after its re-validation, or a user or department
    // changed since the transfer (or gone), is not put back, and the record
    // says so (it is not a complete restore). A transfer checks that its
    // users and departments are where its plan puts them.
    let mut short = Vec::new();
    let mut unplaced = Vec::new();
    match job {
        Job::Rollback { undone, .. } => {
            short.extend(plan.resources.iter().filter_map(|r| {
                let n = done.get(&r.kind).copied().unwrap_or(0);
                (n < r.count).then(|| (r.kind.clone(), Count(r.count - n)))
            }));
            for check in crate::ops::rollback::subjects(db, *undone, plan).await? {
                if let Some(n) = check.found.filter(|n| *n > 0) {
                    short.push((check.subject.clone(), Count(n)));
                }
            }
        }
        Job::Transfer { .. } => {
            // Documents of the selection the tool could not own, left as they are.
            for step in crate::ops::transfer::from_plan(plan)?.steps(&db.registry) {
                let key = step.kind.key.clone();
                let collection = step.kind.collection.clone();
                if let (_, Some(left)) = crate::ops::oddities::usable_only(step) {
                    let n = db.db.collection::<Document>(&collection).count_documents(left).await?;
                    if n > 0 {
                        unplaced.push((key, Count(n)));
                    }
                }
            }
            for check in crate::ops::verify::placed(db, plan).await?.iter().filter(|c| !c.ok) {
                let subject = if check.subject == "departments" { "departments" } else { "users" };
                let n = check.ids.len().max(1) as u64;
                match unplaced.iter_mut().find(|(k, _): &&mut (String, Count)| k == subject) {
                    Some((_, c)) => c.0 += n,
                    None => unplaced.push((subject.to_string(), Count(n))),
                }
            }
        }
    }
    ops.push(status_record::completed_op(db, journal.id, &swept, &PerKind(short), &PerKind(unplaced))?);
    ops.push(set_phase(journal.id, Phase::Completed));
    transact(db, held, &ops, |_| Vec::new(), "finish").await?;
    db.hooks.crash_point("closed");
    Ok(())
}
