//! `execute`: re-validate a plan under locks, then apply it phase by phase
//! (freeze, move each kind in batches, sweep, users and departments, delete
//! the emptied source, unfreeze), every write in a transaction that also
//! records its effect, so a crash at any instant can be resumed.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::TryStreamExt;
use mongodb::Cursor;
use mongodb::bson::{self, Bson, DateTime, Document, doc, oid::ObjectId};
use mongodb::options::{Hint, UpdateModifications};

use crate::db::Db;
use crate::db::entities::{Department, Organization, Role, User};
use crate::db::indexes::index_for;
use crate::db::journal::{self, Journal, Op, Phase, crash_point, set_phase, transact};
use crate::db::locks::{self, Holder, Locks};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::live::fingerprint_entity;
use crate::ops::scan::{Range, Ranges, registry_digest, scan_cutting};
use crate::ops::transfer::{
    self, BulkInput, BulkTransfer, Change, DepartmentInput, DepartmentTransfer, EntityType, OrgInput, OrgTransfer,
    Step, Transfer, joins_as_manager,
};
use crate::plan::{Plan, PlanKind, Request};
use crate::profile;

/// Set by the command layer on Ctrl-C: stop after the current batch.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Clone)]
pub struct Options {
    pub no_freeze: bool,
    pub batch_size: u32,
    pub lease: Duration,
    /// How long to wait for a lock another run holds before exiting 5.
    pub lock_wait: Duration,
}

/// What execute reports while it works (bars, JSON lines, or nothing).
pub trait Progress: Send + Sync {
    /// Per kind: (key, planned total, already processed).
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]);
    fn advanced(&self, kind: &str, n: u64);
    fn kind_finished(&self, kind: &str);
    fn phase(&self, phase: Phase);
    fn finished(&self, ok: bool);
}

/// Checks that need no lock: the plan belongs to this database and registry,
/// is not blocked, and was not applied yet.
pub async fn precheck(db: &Db, plan: &Plan) -> Result<()> {
    if plan.database != db.target {
        return Err(CliError::usage(format!(
            "The plan was scanned against {}, not {}; it cannot be executed here.",
            plan.database, db.target
        ))
        .with_hint("Scan again against this database."));
    }
    if plan.registry != registry_digest(db) {
        return Err(CliError::usage(
            "The plan was scanned with another resource registry (--resources / TETHER_RESOURCES) than this run uses.",
        )
        .with_hint("Execute with the same resource file the scan used, or scan again."));
    }
    if plan.blocked {
        return Err(CliError::new(
            ErrorKind::Blocked,
            format!(
                "The plan is blocked by {} conflict{} found at scan time; execute refuses it.",
                plan.conflicts.len(),
                if plan.conflicts.len() == 1 { "" } else { "s" }
            ),
        )
        .with_hint("Resolve the conflicts listed in the plan, then scan again."));
    }
    if let Some(applied) = applied_by(db, &plan.scan_version).await? {
        return Err(applied);
    }
    Ok(())
}

/// The stale error naming the transfer that already used this plan, if any.
/// The status record of the transfer that executed a plan, if any.
pub async fn record_of_plan(db: &Db, scan_version: &str) -> Result<Option<Document>> {
    Ok(db
        .db
        .collection::<Document>(&db.registry.auditlogs)
        .find_one(doc! { "scanVersion": scan_version, "action": { "$in": ["org_transfer_execute", "department_transfer_execute"] } })
        .await?)
}

async fn applied_by(db: &Db, scan_version: &str) -> Result<Option<CliError>> {
    Ok(record_of_plan(db, scan_version).await?.map(|d| {
        let id = d.get_object_id("_id").map(|o| o.to_hex()).unwrap_or_default();
        let status = d.get_str("status").unwrap_or("?").to_string();
        let hint = if status == "completed" {
            format!("See `tether-transfer status {id}`; scan again for a new transfer.")
        } else {
            format!("Continue it with `tether-transfer execute --resume {id}`.")
        };
        CliError::stale(format!(
            "This plan was already executed by transfer {id} (status {status}); a plan is single-use."
        ))
        .with_hint(hint)
    }))
}

/// The validated transfer of a plan's request, resolved against the live database.
async fn resolve_request(db: &Db, plan: &Plan) -> Result<Transfer> {
    match (&plan.kind, &plan.request) {
        (PlanKind::Org, Request::Org(r)) => {
            let remaps =
                r.agent_remaps.iter().map(|m| (m.from_agent_id.to_string(), m.to_agent_id.to_string())).collect();
            let to_department = r.target_department_id.map(|d| d.to_string());
            let input = OrgInput {
                user: &r.user_id.to_string(),
                to_org: &r.target_organization_id.to_string(),
                role: r.new_access_role,
                reassignee: &r.reassignee_user_id.to_string(),
                to_department: to_department.as_deref(),
                remaps,
            };
            Ok(Transfer::Org(transfer::resolve_org(db, input).await?))
        }
        (PlanKind::Department, Request::Department(r)) => {
            let a = r.assignments.first().ok_or_else(|| CliError::usage("The plan's request has no assignment."))?;
            let reassignee = a.reassignee_user_id.map(|x| x.to_string());
            let input = DepartmentInput {
                user: &a.user_id.to_string(),
                to: &a.target_department_id.to_string(),
                role: a.new_access_role,
                reassignee: reassignee.as_deref(),
            };
            Ok(Transfer::Department(transfer::resolve_department(db, input).await?))
        }
        (PlanKind::DepartmentBulk, Request::Department(r)) => {
            let from = r
                .source_department_id
                .ok_or_else(|| CliError::usage("The plan's bulk request has no sourceDepartmentId."))?;
            let to = plan
                .summary
                .to_department
                .as_ref()
                .map(|d| d.id)
                .ok_or_else(|| CliError::usage("The plan names no target department."))?;
            let input = BulkInput {
                from: &from.to_string(),
                to: &to.to_string(),
                delete_source: r.delete_source_department_id.is_some(),
            };
            let t = transfer::resolve_bulk(db, input).await?;
            let mut planned: Vec<ObjectId> = r.assignments.iter().map(|a| a.user_id.0).collect();
            let mut live: Vec<ObjectId> = t.users.iter().map(|u| u.id).collect();
            planned.sort();
            live.sort();
            if planned != live {
                return Err(CliError::stale("The source department's users changed since the scan."));
            }
            Ok(Transfer::Bulk(t))
        }
        _ => Err(CliError::usage("The plan's request does not match its kind.")),
    }
}

/// Compares the live database with the plan: the entities first, then every
/// kind's count and fingerprint. Any difference is a stale plan (exit 4) whose
/// message names what drifted and by how much. Returns the fresh scan and,
/// given `batch`, every selection cut into `_id` ranges of that many documents.
pub async fn revalidate(db: &Db, plan: &Plan, operator: &User, batch: Option<u32>) -> Result<(Plan, Ranges)> {
    let mut drift: Vec<String> = Vec::new();
    for e in &plan.entities {
        let Some(kind) = EntityType::parse(&e.entity) else {
            return Err(CliError::usage(format!("The plan names an unknown entity type \"{}\".", e.entity)));
        };
        let now = fingerprint_entity(db, kind, e.id.0).await?;
        if now != e.fingerprint {
            let what = if now == "missing" { "was deleted" } else { "changed" };
            drift.push(format!("the {} ({} {}) {what}", e.role, e.entity, e.id));
        }
    }
    if !drift.is_empty() {
        return Err(stale(&drift));
    }
    let transfer = resolve_request(db, plan).await.map_err(|e| {
        if e.kind == ErrorKind::Unexpected {
            e
        } else {
            CliError::stale(format!("The live database no longer allows this transfer: {}", e.message))
                .with_hint("Scan again.")
        }
    })?;
    let (fresh, ranges) = profile::timed("revalidate: scan", scan_cutting(db, operator, &transfer, batch)).await?;
    let planned: BTreeMap<&str, &crate::plan::ResourcePlan> =
        plan.resources.iter().map(|r| (r.kind.as_str(), r)).collect();
    let live: BTreeMap<&str, &crate::plan::ResourcePlan> =
        fresh.resources.iter().map(|r| (r.kind.as_str(), r)).collect();
    for (kind, p) in &planned {
        match live.get(kind) {
            None => drift.push(format!("{kind}: no longer part of the transfer")),
            Some(l) if l.count != p.count => {
                let d = l.count as i64 - p.count as i64;
                drift.push(format!("{kind}: {} in the plan, {} now ({d:+})", p.count, l.count));
            }
            Some(l) if l.fingerprint != p.fingerprint || l.action != p.action => drift.push(format!(
                "{kind}: {} in the plan and now, but some changed owner, organization, department or assignee",
                p.count
            )),
            Some(_) => {}
        }
    }
    for kind in live.keys().filter(|k| !planned.contains_key(*k)) {
        drift.push(format!("{kind}: now part of the transfer but not in the plan"));
    }
    for c in &fresh.conflicts {
        drift.push(format!("new blocking conflict [{}]: {}", c.code, c.message));
    }
    if !drift.is_empty() {
        return Err(stale(&drift));
    }
    Ok((fresh, ranges))
}

fn stale(drift: &[String]) -> CliError {
    CliError::stale(format!("The plan is stale: the live database drifted since the scan: {}.", drift.join("; ")))
        .with_hint("Scan again and review the new plan.")
}

/// The lock keys of every user and department a plan touches.
pub fn subjects(plan: &Plan) -> Vec<String> {
    let mut keys: Vec<String> = plan
        .entities
        .iter()
        .filter(|e| e.entity == "user" || e.entity == "department")
        .map(|e| locks::key(&e.entity, e.id.0))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A fresh execute: lock, re-validate, record, apply.
pub async fn execute(
    db: &Db,
    operator: &User,
    plan: &Plan,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Document> {
    let id = ObjectId::new();
    let keys = subjects(plan);
    let locks = profile::timed(
        "locks",
        Locks::acquire(db, keys.clone(), Holder::new(id, &operator.email), opts.lease, opts.lock_wait, false),
    )
    .await?;
    let prepared = async {
        if let Some(other) = profile::timed("unfinished", Journal::unfinished_touching(db, &keys, None)).await? {
            return Err(unfinished(other));
        }
        if let Some(applied) = profile::timed("applied", applied_by(db, &plan.scan_version)).await? {
            return Err(applied);
        }
        let (_, ranges) = profile::timed("revalidate", revalidate(db, plan, operator, Some(opts.batch_size))).await?;
        Ok((start_records(db, id, plan, operator, &keys, opts.no_freeze).await?, ranges))
    }
    .await;
    let (journal, ranges) = match prepared {
        Ok(j) => j,
        Err(e) => {
            let _ = locks.release().await;
            return Err(e);
        }
    };
    drive(db, journal, plan, ranges, &locks, opts, progress).await
}

fn unfinished(other: ObjectId) -> CliError {
    CliError::new(
        ErrorKind::Locked,
        format!("Transfer {other} touches the same users or departments and has not finished."),
    )
    .with_hint(format!("Finish it first: tether-transfer execute --resume {other}"))
}

/// Continues an interrupted or failed transfer from its journal.
pub async fn resume(
    db: &Db,
    operator: &User,
    id: ObjectId,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Document> {
    let journal = Journal::load(db, id)
        .await?
        .ok_or_else(|| CliError::usage(format!("No transfer has the id {id} (nothing to resume).")))?;
    if journal.phase == Phase::Completed {
        return Err(CliError::usage(format!("Transfer {id} has already completed; there is nothing to resume."))
            .with_hint(format!("See `tether-transfer status {id}`.")));
    }
    let plan = Plan::parse(&journal.plan_json)
        .map_err(|m| CliError::unexpected(format!("The journal of transfer {id} holds a plan that {m}")))?;
    authorize_for(operator, &plan)?;
    let locks = Locks::acquire(
        db,
        journal.subjects.clone(),
        Holder::new(id, &operator.email),
        opts.lease,
        opts.lock_wait,
        true,
    )
    .await?;
    let touched = db
        .db
        .collection::<Document>(&db.registry.auditlogs)
        .update_one(
            doc! { "_id": id },
            doc! { "$set": { "status": "in_progress", "error": Bson::Null, "updatedAt": DateTime::now() }, "$push": { "resumedAt": DateTime::now() } },
        )
        .await;
    if let Err(e) = touched {
        let _ = locks.release().await;
        return Err(e.into());
    }
    // The ranges cut at re-validation are gone: the moving phase reads the
    // selections again.
    drive(db, journal, &plan, Ranges::new(), &locks, opts, progress).await
}

/// Who may execute (or resume) a plan: transfers.md, "Who may act".
pub fn authorize_for(operator: &User, plan: &Plan) -> Result<()> {
    use crate::ops::auth::{Need, authorize};
    match plan.kind {
        PlanKind::Org => authorize(operator, Need::Superadmin, "execute organization transfers"),
        _ => authorize(
            operator,
            Need::AdminOf(plan.summary.from_organization.id.0),
            "execute transfers in this organization",
        ),
    }
}

/// The journal and the status record, written together before any change.
async fn start_records(
    db: &Db,
    id: ObjectId,
    plan: &Plan,
    operator: &User,
    keys: &[String],
    no_freeze: bool,
) -> Result<Journal> {
    let journal = Journal {
        id,
        plan_json: plan.to_json(),
        phase: Phase::Started,
        frozen: Vec::new(),
        no_freeze,
        subjects: keys.to_vec(),
    };
    let now = DateTime::now();
    let mut kinds = Document::new();
    for r in &plan.resources {
        kinds.insert(&r.kind, doc! { "processed": 0i64, "total": r.count as i64 });
    }
    let payload =
        bson::to_bson(&plan.request).map_err(|e| CliError::unexpected(format!("Cannot record the request: {e}.")))?;
    let record = doc! {
        "_id": id,
        "transferId": id.to_hex(),
        "action": plan.kind.action(),
        "planKind": bson::to_bson(&plan.kind).unwrap_or(Bson::Null),
        "status": "in_progress",
        "startedAt": now,
        "completedAt": Bson::Null,
        "error": Bson::Null,
        "payload": payload,
        "scanVersion": &plan.scan_version,
        "organizationId": plan.summary.from_organization.id.0,
        "users": plan.summary.users.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        "operator": { "id": operator.id, "email": &operator.email },
        "scannedBy": { "id": plan.operator.id.0, "email": &plan.operator.email },
        "host": locks::hostname(),
        "tool": format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        "progress": { "processed": 0i64, "total": plan.total() as i64, "kinds": kinds },
        "swept": {},
        "updatedAt": now,
    };
    let ops = [Op::insert_one(journal::JOURNAL, journal.to_doc(now)), Op::insert_one(&db.registry.auditlogs, record)];
    transact(db, &ops, |_| Vec::new(), "start").await?;
    Ok(journal)
}

/// The transfer as recorded in the plan, without consulting the database:
/// resume must not re-resolve entities that the transfer itself has changed.
pub fn transfer_of(plan: &Plan) -> Result<Transfer> {
    let s = &plan.summary;
    let org = |n: &crate::plan::Named| Organization { id: n.id.0, name: n.name.clone() };
    let dept = |n: &crate::plan::Named, o: ObjectId| Department {
        id: n.id.0,
        organization_id: Some(o),
        name: n.name.clone(),
        managers: Vec::new(),
        members: Vec::new(),
    };
    let user = |p: &crate::plan::Person, o: ObjectId| User {
        id: p.id.0,
        email: p.email.clone(),
        name: p.name.clone(),
        organization_id: Some(o),
        role: Role::parse(&p.access_role),
        raw_role: p.access_role.clone(),
        is_active: true,
    };
    let from = s.from_organization.id.0;
    let first = s.users.first().ok_or_else(|| CliError::usage("The plan names no user."))?;
    match (&plan.kind, &plan.request) {
        (PlanKind::Org, Request::Org(r)) => Ok(Transfer::Org(OrgTransfer {
            user: user(first, from),
            source: org(&s.from_organization),
            target: org(&s.to_organization),
            role: r.new_access_role,
            reassignee: user(
                s.reassignee.as_ref().ok_or_else(|| CliError::usage("The plan names no re-assignee."))?,
                from,
            ),
            department: s.to_department.as_ref().map(|d| dept(d, s.to_organization.id.0)),
            remaps: r.agent_remaps.iter().map(|m| (m.from_agent_id.0, m.to_agent_id.0)).collect(),
            leaves: Vec::new(),
        })),
        (PlanKind::Department, Request::Department(r)) => Ok(Transfer::Department(DepartmentTransfer {
            user: user(first, from),
            org: org(&s.from_organization),
            source: s.from_department.as_ref().map(|d| dept(d, from)),
            target: dept(
                s.to_department.as_ref().ok_or_else(|| CliError::usage("The plan names no target department."))?,
                from,
            ),
            role: r.assignments.first().and_then(|a| a.new_access_role),
            reassignee: s.reassignee.as_ref().map(|x| user(x, from)),
        })),
        (PlanKind::DepartmentBulk, Request::Department(r)) => Ok(Transfer::Bulk(BulkTransfer {
            org: org(&s.from_organization),
            source: dept(
                s.from_department.as_ref().ok_or_else(|| CliError::usage("The plan names no source department."))?,
                from,
            ),
            target: dept(
                s.to_department.as_ref().ok_or_else(|| CliError::usage("The plan names no target department."))?,
                from,
            ),
            delete_source: r.delete_source_department_id.is_some(),
            users: s.users.iter().map(|u| user(u, from)).collect(),
        })),
        _ => Err(CliError::usage("The plan's request does not match its kind.")),
    }
}

/// Runs the phases the journal has not done yet. On failure the record says
/// `failed` with the error, and the error is a `Failed` one (exit 7).
async fn drive(
    db: &Db,
    journal: Journal,
    plan: &Plan,
    ranges: Ranges,
    locks: &Locks,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Document> {
    let id = journal.id;
    let result = run_phases(db, journal, plan, ranges, locks, opts, progress).await;
    progress.finished(result.is_ok());
    match result {
        Ok(()) => {
            let _ = profile::timed("release", locks.release()).await;
            record(db, id).await
        }
        Err(e) => {
            let message = e.message.clone();
            let _ = db
                .db
                .collection::<Document>(&db.registry.auditlogs)
                .update_one(
                    doc! { "_id": id, "status": { "$ne": "completed" } },
                    doc! { "$set": { "status": "failed", "error": &message, "updatedAt": DateTime::now() } },
                )
                .await;
            if !locks.lost() {
                let _ = locks.release().await;
            }
            Err(CliError::new(ErrorKind::Failed, format!("Transfer {id} failed part-way: {message}")).with_hint(
                format!("Nothing is half-applied. Fix the cause, then: tether-transfer execute --resume {id}"),
            ))
        }
    }
}

async fn run_phases(
    db: &Db,
    mut journal: Journal,
    plan: &Plan,
    mut ranges: Ranges,
    locks: &Locks,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<()> {
    let transfer = transfer_of(plan)?;
    let steps = transfer.steps(&db.registry);
    let id = journal.id;
    let done = processed_so_far(db, id).await?;
    let kinds: Vec<(String, u64, u64)> =
        plan.resources.iter().map(|r| (r.kind.clone(), r.count, done.get(&r.kind).copied().unwrap_or(0))).collect();
    progress.started(id, &kinds);
    loop {
        progress.phase(journal.phase);
        let next = match journal.phase {
            Phase::Started => {
                if !journal.no_freeze {
                    freeze(db, &mut journal, &transfer).await?;
                } else {
                    transact(db, &[set_phase(id, Phase::Moving)], |_| Vec::new(), "frozen").await?;
                }
                crash_point("frozen");
                Phase::Moving
            }
            Phase::Moving | Phase::Sweeping => {
                // One kind at a time: moving two at once measured no faster on
                // SecantusDB (5.05 s against 4.93 s at 100,000 documents), whose
                // writes serialize; nor did reading the next kind's selection
                // while this one moved (3.94-4.10 s against 3.89 s).
                let passes = if journal.phase == Phase::Moving { Passes::Once } else { Passes::UntilEmpty };
                for step in &steps {
                    if journal.phase == Phase::Sweeping {
                        crash_point("sweeping");
                    }
                    let cut = ranges.remove(&step.kind.key).filter(|_| passes == Passes::Once);
                    match cut {
                        // Nothing there at re-validation: the sweep takes what appeared since.
                        Some(cut) if cut.is_empty() => 0,
                        Some(cut) => match batching(db, step, &cut[0], first_range_size(plan, step, opts)).await? {
                            Batching::Ranges => move_ranges(db, id, step, &cut, locks, progress).await?,
                            by => move_kind(db, id, step, Some(by), passes, opts.batch_size, locks, progress).await?,
                        },
                        None => move_kind(db, id, step, None, passes, opts.batch_size, locks, progress).await?,
                    };
                    progress.kind_finished(&step.kind.key);
                }
                let next = if journal.phase == Phase::Moving { Phase::Sweeping } else { Phase::Subjects };
                transact(db, &[set_phase(id, next)], |_| Vec::new(), "phase").await?;
                crash_point(if next == Phase::Sweeping { "moved" } else { "swept" });
                next
            }
            Phase::Subjects => {
                let next = if matches!(&transfer, Transfer::Bulk(b) if b.delete_source) {
                    Phase::DeleteSource
                } else {
                    Phase::Finishing
                };
                let ops = subject_ops(db, &transfer).await?;
                transact(db, &ops, |_| vec![set_phase(id, next)], "subjects").await?;
                crash_point("subjects-committed");
                next
            }
            Phase::DeleteSource => {
                let Transfer::Bulk(b) = &transfer else { unreachable!("only bulk transfers delete their source") };
                delete_source(db, id, b).await?;
                Phase::Finishing
            }
            Phase::Finishing => {
                finish(db, &journal, plan).await?;
                Phase::Completed
            }
            Phase::Completed => return Ok(()),
        };
        check(locks)?;
        journal.phase = next;
    }
}

fn check(locks: &Locks) -> Result<()> {
    if locks.lost() {
        return Err(CliError::unexpected(
            "Lost the lock on a subject of this transfer (its lease expired while the database was unreachable).",
        ));
    }
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(CliError::unexpected("Interrupted by the operator (Ctrl-C)."));
    }
    Ok(())
}

async fn processed_so_far(db: &Db, id: ObjectId) -> Result<BTreeMap<String, u64>> {
    let d = db.db.collection::<Document>(&db.registry.auditlogs).find_one(doc! { "_id": id }).await?;
    let mut out = BTreeMap::new();
    if let Some(kinds) =
        d.as_ref().and_then(|d| d.get_document("progress").ok()).and_then(|p| p.get_document("kinds").ok())
    {
        for (k, v) in kinds {
            if let Some(n) = v.as_document().and_then(|v| v.get("processed")).and_then(as_u64) {
                out.insert(k.clone(), n);
            }
        }
    }
    Ok(out)
}

pub fn as_u64(b: &Bson) -> Option<u64> {
    match b {
        Bson::Int32(i) => Some(*i as u64),
        Bson::Int64(i) => Some(*i as u64),
        Bson::Double(d) => Some(*d as u64),
        _ => None,
    }
}

fn moving_users(t: &Transfer) -> Vec<ObjectId> {
    match t {
        Transfer::Org(o) => vec![o.user.id],
        Transfer::Department(d) => vec![d.user.id],
        Transfer::Bulk(b) => b.users.iter().map(|u| u.id).collect(),
    }
}

/// Deactivates the moving users, remembering their previous state in the journal.
async fn freeze(db: &Db, journal: &mut Journal, transfer: &Transfer) -> Result<()> {
    let u = &db.registry.users;
    let ids = moving_users(transfer);
    let users: Vec<Document> = db
        .db
        .collection::<Document>(&u.collection)
        .find(doc! { "_id": { "$in": &ids } })
        .projection(doc! { &u.is_active: 1 })
        .await?
        .try_collect()
        .await?;
    let frozen: Vec<(ObjectId, bool)> = users
        .iter()
        .filter_map(|d| Some((d.get_object_id("_id").ok()?, d.get_bool(&u.is_active).unwrap_or(true))))
        .collect();
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
    transact(db, &ops, |_| Vec::new(), "freeze").await?;
    journal.frozen = frozen;
    Ok(())
}

/// The selection's ids in _id order, so that each batch is a tight, disjoint
/// _id range; None when the selection is empty. (The server computes the
/// whole sorted answer before the first batch, and sorted it is told which
/// index to read, which costs SecantusDB a walk over the organization's
/// entries: an unsorted probe first makes an empty selection cost 1 ms.)
async fn open_selection(db: &Db, step: &Step<'_>, batch: u32) -> Result<Option<Cursor<Document>>> {
    let coll = db.db.collection::<Document>(&step.kind.collection);
    let probe = coll.find_one(step.filter.clone()).projection(doc! { "_id": 1 });
    if profile::timed("move: probe", probe).await?.is_none() {
        return Ok(None);
    }
    let mut find =
        coll.find(step.filter.clone()).projection(doc! { "_id": 1 }).sort(doc! { "_id": 1 }).batch_size(batch);
    if let Some(index) = index_for(db, &step.kind.collection, &step.filter, step.driving_field()).await? {
        find = find.hint(Hint::Keys(index));
    }
    Ok(Some(profile::timed(&format!("move: open cursor {}", step.kind.key), find).await?))
}

/// How a batch names its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batching {
    /// The `_id` range its documents span: the cheapest when the selection
    /// is most of its collection (19 ms per 1,000 documents against 33 ms),
    /// but the range also spans the other documents created meanwhile.
    Ranges,
    /// Their ids (`$in`): a selection that is a small share of its
    /// collection, whose ranges would each span many other documents.
    Ids,
}

/// Ranges when the `selected` documents of a kind's first batch are at least
/// a quarter of all the documents its range spans. (At 10 %, interleaved, a
/// range batch of 5,000 read 50,000 documents: 248 ms, twice the updateMany;
/// ids: 163 ms.) The count stops at four times `selected`, so asking costs
/// at most one batch's worth of index entries (10 ms for 5,000).
async fn batching(db: &Db, step: &Step<'_>, first: &Range, selected: u64) -> Result<Batching> {
    let limit = selected.max(1) * 4;
    let coll = db.db.collection::<Document>(&step.kind.collection);
    let spanned = profile::timed("move: batching", coll.count_documents(range(first)).limit(limit)).await?;
    Ok(if spanned < limit { Batching::Ranges } else { Batching::Ids })
}

/// How many documents the first range re-validation cut holds: the kind's
/// count (re-validation found the plan's) up to a batch.
fn first_range_size(plan: &Plan, step: &Step<'_>, opts: &Options) -> u64 {
    let planned = plan.resources.iter().find(|r| r.kind == step.kind.key).map_or(0, |r| r.count);
    planned.min(opts.batch_size as u64)
}

/// How often `move_kind` reads a selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passes {
    /// Once: the moving phase (the sweep comes after every kind).
    Once,
    /// Until a pass finds nothing: the sweep, which also catches documents
    /// that appeared meanwhile.
    UntilEmpty,
}

/// Moves one kind in batches. Each pass streams the selection once (constant
/// memory: ids only, a batch at a time) and applies every batch in its own
/// transaction. Re-querying per batch would cost the server a full
/// evaluation of the selection each time. `by`: how to batch, if known
/// (else decided on the first batch).
async fn move_kind(
    db: &Db,
    id: ObjectId,
    step: &Step<'_>,
    mut by: Option<Batching>,
    passes: Passes,
    batch: u32,
    locks: &Locks,
    progress: &dyn Progress,
) -> Result<u64> {
    let mut total = 0;
    let mut idle_passes = 0;
    loop {
        check(locks)?;
        let Some(mut cursor) = open_selection(db, step, batch).await? else {
            return Ok(total);
        };
        let mut ids: Vec<Bson> = Vec::with_capacity(batch as usize);
        let (mut seen, mut changed) = (0u64, 0u64);
        loop {
            let next = profile::timed("move: read ids", cursor.try_next()).await?;
            let end = next.is_none();
            if let Some(mut d) = next {
                if let Some(v) = d.remove("_id") {
                    ids.push(v);
                }
            }
            if ids.len() >= batch as usize || (end && !ids.is_empty()) {
                check(locks)?;
                seen += ids.len() as u64;
                let span = (ids[0].clone(), ids[ids.len() - 1].clone());
                let how = match by {
                    Some(b) => b,
                    None => *by.insert(batching(db, step, &span, ids.len() as u64).await?),
                };
                let which = match how {
                    Batching::Ranges => range(&span),
                    Batching::Ids => doc! { "_id": { "$in": &ids } },
                };
                changed += apply_batch(db, id, step, which, progress).await?;
                ids.clear();
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
async fn move_ranges(
    db: &Db,
    id: ObjectId,
    step: &Step<'_>,
    ranges: &[Range],
    locks: &Locks,
    progress: &dyn Progress,
) -> Result<u64> {
    let mut total = 0;
    for range in ranges {
        check(locks)?;
        total += apply_batch(db, id, step, self::range(range), progress).await?;
    }
    Ok(total)
}

/// The documents of an inclusive range of consecutive ids of a selection (a
/// document of the selection that appeared inside it meanwhile goes too, as
/// it should).
fn range(r: &Range) -> Document {
    doc! { "_id": { "$gte": r.0.clone(), "$lte": r.1.clone() } }
}

/// One batch (`which`: an `_id` condition) in one transaction, with its
/// count added to the status record.
async fn apply_batch(db: &Db, id: ObjectId, step: &Step<'_>, which: Document, progress: &dyn Progress) -> Result<u64> {
    let key = &step.kind.key;
    let (ops, primary) = step_ops(step, which);
    let counted = |counts: &[u64]| primary.iter().map(|i| counts[*i]).sum::<u64>();
    let counts = transact(
        db,
        &ops,
        |counts| {
            let n = counted(counts) as i64;
            vec![Op::update_one(
                &db.registry.auditlogs,
                doc! { "_id": id },
                doc! {
                    "$inc": { "progress.processed": n, format!("progress.kinds.{key}.processed"): n },
                    "$set": { "updatedAt": DateTime::now() },
                },
            )]
        },
        "batch",
    )
    .await?;
    let n = counted(&counts);
    progress.advanced(key, n);
    crash_point("batch-committed");
    Ok(n)
}

/// `filter` AND `extra`, flat where the keys allow (the server plans a flat
/// filter far better than an `$and`).
fn and(mut filter: Document, extra: Document) -> Document {
    let mut rest = Vec::new();
    for (k, v) in extra {
        if filter.contains_key(&k) {
            rest.push(Bson::Document(doc! { k: v }));
        } else {
            filter.insert(k, v);
        }
    }
    if !rest.is_empty() {
        match filter.get_array_mut("$and") {
            Ok(existing) => existing.extend(rest),
            Err(_) => {
                filter.insert("$and", rest);
            }
        }
    }
    filter
}

/// The writes that apply a step's change to the documents of the selection
/// that also match `batch`, and which of them count the documents processed.
/// Every filter repeats the step's selection, so a document changed
/// meanwhile is left alone.
pub fn step_ops(step: &Step<'_>, batch: Document) -> (Vec<Op>, Vec<usize>) {
    let k = step.kind;
    let c = &k.collection;
    // The batch's _id range drives the plan; the selection, inside `$and`,
    // only guards (given as top-level equalities matching a compound index,
    // this server plans through that index and walks the whole selection).
    let within = |extra: Document| {
        let mut f = batch.clone();
        f.insert("$and", vec![Bson::Document(and(step.filter.clone(), extra))]);
        f
    };
    // Walk the _id index: the batch is an _id range.
    fn by_id(c: &str, filter: Document, update: impl Into<UpdateModifications>) -> Op {
        Op::update_many_hinted(c, filter, update, doc! { "_id": 1 })
    }
    let field = |f: &Option<String>| f.clone().expect("validated by the registry");
    match &step.change {
        Change::Move { to_org } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { &k.organization_field: to_org } })], vec![0])
        }
        Change::Reassign { from, to, remaps } => {
            // One pass per document: the owner, an assignee that was the
            // user, and remapped agents change together (one write, so never
            // half-done even outside a transaction).
            let mut set = doc! { &k.owner_field: to };
            if let Some(a) = &k.assignee_field {
                set.insert(a, doc! { "$cond": [{ "$eq": [format!("${a}"), from] }, to, format!("${a}")] });
            }
            if let (Some(agent), false) = (&k.agent_field, remaps.is_empty()) {
                let mut value = Bson::String(format!("${agent}"));
                for (a, b) in remaps.iter().rev() {
                    value = Bson::Document(doc! { "$cond": [{ "$eq": [format!("${agent}"), a] }, b, value] });
                }
                set.insert(agent, value);
            }
            (vec![by_id(c, within(doc! {}), vec![doc! { "$set": set }])], vec![0])
        }
        Change::Assign { to, .. } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { field(&k.assignee_field): to } })], vec![0])
        }
        Change::Unassign { .. } => {
            (vec![by_id(c, within(doc! {}), doc! { "$unset": { field(&k.assignee_field): "" } })], vec![0])
        }
        Change::ReplaceApprover { from, to } => {
            let a = field(&k.approvers_field);
            let path = format!("${a}");
            (
                vec![
                    // Already an approver: the user just goes (never listed twice).
                    by_id(c, within(doc! { &a: to }), doc! { "$pull": { &a: from } }),
                    // Otherwise the re-assignee takes the user's place in the list.
                    Op::update_many(
                        c,
                        within(doc! {}),
                        vec![doc! { "$set": { &a: { "$map": {
                            "input": path,
                            "in": { "$cond": [{ "$eq": ["$$this", from] }, to, "$$this"] },
                        } } } }],
                    ),
                ],
                vec![0, 1],
            )
        }
        Change::RemoveApprover { from } => {
            (vec![by_id(c, within(doc! {}), doc! { "$pull": { field(&k.approvers_field): from } })], vec![0])
        }
        Change::Repoint { to_department } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { field(&k.department_field): to_department } })], vec![0])
        }
    }
}

/// The users' and departments' own changes, applied in one transaction.
async fn subject_ops(db: &Db, transfer: &Transfer) -> Result<Vec<Op>> {
    let u = &db.registry.users;
    let d = &db.registry.departments;
    let mut ops = Vec::new();
    match transfer {
        Transfer::Org(t) => {
            ops.push(Op::update_one(
                &u.collection,
                doc! { "_id": t.user.id },
                doc! { "$set": { &u.organization: t.target.id, &u.access_role: t.role.as_str() } },
            ));
            ops.push(Op::update_many(
                &d.collection,
                doc! { &d.organization: t.source.id, "$or": [{ &d.managers: t.user.id }, { &d.members: t.user.id }] },
                doc! { "$pull": { &d.managers: t.user.id, &d.members: t.user.id } },
            ));
            if let Some(dept) = &t.department {
                let list = if joins_as_manager(Some(t.role)) { &d.managers } else { &d.members };
                ops.push(Op::update_one(
                    &d.collection,
                    doc! { "_id": dept.id },
                    doc! { "$addToSet": { list: t.user.id } },
                ));
            }
        }
        Transfer::Department(t) => {
            if let Some(s) = &t.source {
                ops.push(Op::update_one(
                    &d.collection,
                    doc! { "_id": s.id },
                    doc! { "$pull": { &d.managers: t.user.id, &d.members: t.user.id } },
                ));
            }
            let list = if joins_as_manager(t.role.or(t.user.role)) { &d.managers } else { &d.members };
            ops.push(Op::update_one(
                &d.collection,
                doc! { "_id": t.target.id },
                doc! { "$addToSet": { list: t.user.id } },
            ));
            if let Some(r) = t.role {
                ops.push(Op::update_one(
                    &u.collection,
                    doc! { "_id": t.user.id },
                    doc! { "$set": { &u.access_role: r.as_str() } },
                ));
            }
        }
        Transfer::Bulk(t) => {
            let source = db
                .department_by_id(t.source.id)
                .await?
                .ok_or_else(|| CliError::unexpected(format!("The source department {} disappeared.", t.source.id)))?;
            let moving: Vec<ObjectId> = t.users.iter().map(|u| u.id).collect();
            let managers: Vec<ObjectId> = source.managers.iter().copied().filter(|m| moving.contains(m)).collect();
            let members: Vec<ObjectId> = moving.iter().copied().filter(|m| !managers.contains(m)).collect();
            ops.push(Op::update_one(
                &d.collection,
                doc! { "_id": t.target.id },
                doc! { "$addToSet": { &d.managers: { "$each": &managers }, &d.members: { "$each": &members } } },
            ));
            ops.push(Op::update_one(
                &d.collection,
                doc! { "_id": t.source.id },
                doc! { "$pull": { &d.managers: { "$in": &moving }, &d.members: { "$in": &moving } } },
            ));
        }
    }
    Ok(ops)
}

/// Bulk --delete-source: deletes the source department only when nothing
/// points at it any more.
async fn delete_source(db: &Db, id: ObjectId, t: &BulkTransfer) -> Result<()> {
    let d = &db.registry.departments;
    let source = db.department_by_id(t.source.id).await?;
    let mut left: Vec<String> = Vec::new();
    if let Some(s) = &source {
        if !s.managers.is_empty() || !s.members.is_empty() {
            left.push(format!("{} users", s.managers.len() + s.members.len()));
        }
        let mut seen = std::collections::HashSet::new();
        for k in &db.registry.kinds {
            let Some(field) = &k.department_field else {
                continue;
            };
            if !seen.insert((k.collection.clone(), field.clone())) {
                continue;
            }
            let n = db.db.collection::<Document>(&k.collection).count_documents(doc! { field: t.source.id }).await?;
            if n > 0 {
                left.push(format!("{n} {}", k.collection));
            }
        }
    }
    if !left.is_empty() {
        return Err(CliError::unexpected(format!(
            "The source department {} is not empty ({}), so it was not deleted.",
            t.source.label(),
            left.join(", ")
        )));
    }
    let mut ops = Vec::new();
    if source.is_some() {
        ops.push(Op::delete_one(&d.collection, doc! { "_id": t.source.id }));
    }
    transact(db, &ops, |_| vec![set_phase(id, Phase::Finishing)], "delete-source").await?;
    Ok(())
}

/// Restores the users' `isActive`, closes the record and the journal, together.
async fn finish(db: &Db, journal: &Journal, plan: &Plan) -> Result<()> {
    let u = &db.registry.users;
    let done = processed_so_far(db, journal.id).await?;
    let mut swept = Document::new();
    for r in &plan.resources {
        let n = done.get(&r.kind).copied().unwrap_or(0);
        if n > r.count {
            swept.insert(&r.kind, (n - r.count) as i64);
        }
    }
    let mut ops: Vec<Op> = journal
        .frozen
        .iter()
        .map(|(user, was)| Op::update_one(&u.collection, doc! { "_id": user }, doc! { "$set": { &u.is_active: was } }))
        .collect();
    let now = DateTime::now();
    ops.push(Op::update_one(
        &db.registry.auditlogs,
        doc! { "_id": journal.id },
        doc! { "$set": { "status": "completed", "completedAt": now, "error": Bson::Null, "swept": swept, "updatedAt": now } },
    ));
    ops.push(set_phase(journal.id, Phase::Completed));
    transact(db, &ops, |_| Vec::new(), "finish").await?;
    Ok(())
}

async fn record(db: &Db, id: ObjectId) -> Result<Document> {
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .find_one(doc! { "_id": id })
        .await?
        .ok_or_else(|| CliError::unexpected(format!("The status record of transfer {id} disappeared.")))
}
