//! `scan rollback`: the plan that undoes one transfer, derived from its undo
//! log (`db::undo`) and the live database; the same derivation re-validates
//! that plan at execute (`ops::execute::rollback` applies it).
//!
//! A document goes back to its previous values only if the fields the
//! transfer changed still hold what it set; one changed since keeps its
//! change and is listed. Users go back to their organization and role (each
//! field only if it still holds what the transfer set); departments get
//! their users back where they were in `managers` / `members`, keeping any
//! other change made since; a deleted department is re-created whole.

mod departments;
mod log;
mod verify;

pub use log::{LogState, log_state};
pub use verify::{subjects, verify};

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{SecondsFormat, Utc};
use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, RawDocumentBuf, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::User;
use crate::db::journal::Journal;
use crate::db::labels::{quoted_name, with_id};
use crate::db::record::{self, Status, StatusRecord};
use crate::db::undo::{Entry, Group, RawEntry, UNDO, USERS};
use crate::docid::DocId;
use crate::error::{Because, CliError, ErrorKind, Result};
use crate::ops::fingerprints::fingerprint_entities;
use crate::ops::transfer::{EntityType, person};
use crate::plan::fingerprint::Fingerprint;
use crate::plan::{
    self, Action, ChangedSince, Code, EntityPlan, Finding, Id, KeptField, Plan, PlanKind, Request, ResourcePlan,
    RollbackOf, RollbackRequest, Summary,
};
use crate::review::{Names, clean};

/// How many ids one read or write names (the server matches a long `$in`
/// list slowly: 5,000 ids read in 112 ms, in chunks of 500 in 50 ms).
pub const IDS_PER_QUERY: usize = 500;

/// The transfer to undo, as recorded.
pub struct Original {
    pub record: StatusRecord,
    pub journal: Journal,
    pub plan: Plan,
}

/// Loads the transfer `id` and refuses one that cannot be rolled back.
pub async fn original(db: &Db, id: ObjectId) -> Result<Original> {
    let record = record::load(db, id).await?.ok_or_else(|| {
        CliError::not_found(format!("No transfer has the id {id}.")).with_hint("`tether-transfer status` lists them.")
    })?;
    if let Some(of) = record.rollback_of {
        return Err(CliError::usage(format!(
            "Transfer {id} is itself a rollback (of {of}); a rollback cannot be rolled back."
        ))
        .with_hint("To do the transfer again, scan it again."));
    }
    if let Some(other) = record.rolled_back_by {
        let done = record::load(db, other).await?.is_some_and(|r| r.status == Status::Completed);
        let message = if done {
            format!("Transfer {id} was already rolled back by transfer {other}; a transfer is rolled back once.")
        } else {
            format!(
                "Transfer {id} is being rolled back by transfer {other}, which has not finished; a transfer is rolled back once."
            )
        };
        let hint = if done {
            format!("See `tether-transfer status {other}`.")
        } else {
            format!("Finish that rollback: tether-transfer execute --resume {other}")
        };
        return Err(CliError::stale(message).with_hint(hint));
    }
    if record.status.unfinished() {
        return Err(CliError::new(
            ErrorKind::Locked,
            format!("Transfer {id} is in progress (or was interrupted); only a completed or failed transfer can be rolled back."),
        )
        .with_hint(format!("Wait for it to end, or finish it: tether-transfer execute --resume {id}")));
    }
    let journal = Journal::load(db, id)
        .await?
        .ok_or_else(|| CliError::unexpected(format!("The journal of transfer {id} is missing.")))?;
    let plan = Plan::recorded(id, &journal.plan_json)?;
    match log_state(db, id, &journal).await? {
        LogState::Whole => {}
        LogState::NotWritten => {
            return Err(CliError::usage(format!(
                "Transfer {id} ran without an undo log (--no-undo, or a version of the tool before it), so it cannot be rolled back."
            )));
        }
        LogState::Incomplete { kept, written, days } => {
            return Err(CliError::stale(format!(
                "The undo log of transfer {id} is incomplete ({kept} of {written} entries): it is kept {days} days, and expired."
            )));
        }
    }
    Ok(Original { record, journal, plan })
}

/// The entries of one kind of the transfer `id`, newest first, streamed (a
/// million documents' entries are far more than a rollback should hold);
/// those a rollback `except` already restored are left out.
pub struct Entries {
    cursor: mongodb::Cursor<RawDocumentBuf>,
    id: ObjectId,
    except: Option<ObjectId>,
}

impl Entries {
    pub async fn open(db: &Db, id: ObjectId, kind: &str, except: Option<ObjectId>) -> Result<Entries> {
        let mut filter = doc! { "transferId": id, "kind": kind };
        if let Some(r) = except {
            filter.insert("restoredBy", doc! { "$ne": r });
        }
        // A few entries at a time: each holds up to a batch of ids.
        let cursor =
            db.db.collection::<RawDocumentBuf>(UNDO).find(filter).sort(doc! { "_id": -1 }).batch_size(4).await?;
        Ok(Entries { cursor, id, except })
    }

    pub async fn next(&mut self) -> Result<Option<Entry>> {
        match self.next_raw().await? {
            Some(raw) => Ok(Some(raw.parse().ok_or_else(|| self.unreadable())?)),
            None => Ok(None),
        }
    }

    /// The next entry as stored, to be read a group at a time.
    pub async fn next_raw(&mut self) -> Result<Option<RawEntry>> {
        while let Some(d) = self.cursor.try_next().await? {
            let e = RawEntry::new(d).ok_or_else(|| self.unreadable())?;
            // Marked restored by this very run since the cursor opened.
            if self.except.is_some() && e.restored_by() == self.except {
                continue;
            }
            return Ok(Some(e));
        }
        Ok(None)
    }

    pub fn unreadable(&self) -> CliError {
        CliError::unexpected(format!("An undo log entry of transfer {} is unreadable.", self.id))
    }
}

/// Every entry of one kind (the users', departments' and deleted
/// departments' entries: a few).
pub async fn entries(db: &Db, id: ObjectId, kind: &str, except: Option<ObjectId>) -> Result<Vec<Entry>> {
    let mut all = Entries::open(db, id, kind, except).await?;
    let mut out = Vec::new();
    while let Some(e) = all.next().await? {
        out.push(e);
    }
    Ok(out)
}

/// The documents of a group as they are now, read by their ids in chunks.
pub async fn current(db: &Db, collection: &str, ids: &[DocId], fields: &[&str]) -> Result<Vec<Document>> {
    let coll = db.db.collection::<Document>(collection);
    let projection: Document = fields.iter().map(|f| (f.to_string(), Bson::Int32(1))).collect();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let chunk: Vec<Bson> = chunk.iter().map(Bson::from).collect();
        let docs: Vec<Document> = coll
            .find(doc! { "_id": { "$in": chunk } })
            .projection(projection.clone())
            .batch_size(IDS_PER_QUERY as u32)
            .await?
            .try_collect()
            .await?;
        out.extend(docs);
    }
    Ok(out)
}

/// The documents of an entry as they are now, by id: a dense entry whose
/// ids are all of one rangeable type but strings read through its `_id`
/// range (one read), another by its ids in chunks.
pub async fn entry_docs(db: &Db, e: &Entry, fields: &[&str]) -> Result<HashMap<DocId, Document>> {
    let ids: Vec<DocId> = e.groups.iter().flat_map(|g| g.ids.iter().cloned()).collect();
    let (Some(lo), Some(hi)) = (ids.iter().min(), ids.iter().max()) else { return Ok(HashMap::new()) };
    // Not strings: a collection's collation may order them otherwise than
    // their bytes, which `lo` and `hi` follow.
    let ranges = ids.iter().all(|i| lo.ranges_with(i)) && !matches!(lo.bson(), Bson::String(_));
    let docs = if e.dense && ranges {
        let projection: Document = fields.iter().map(|f| (f.to_string(), Bson::Int32(1))).collect();
        let wanted: HashSet<&DocId> = ids.iter().collect();
        // Kept to the entry's documents as they stream: the range may span
        // others' documents too.
        db.db
            .collection::<Document>(&e.collection)
            .find(doc! { "_id": { "$gte": lo.bson(), "$lte": hi.bson() } })
            .projection(projection)
            // No hint: told to walk the `_id` index, SecantusDB reads this
            // range five times slower (277 ms against 50 ms for 5,000).
            .batch_size(2000)
            .await?
            .try_filter(|d| std::future::ready(DocId::of(d).is_some_and(|i| wanted.contains(&i))))
            .try_collect()
            .await?
    } else {
        current(db, &e.collection, &ids, fields).await?
    };
    Ok(docs.into_iter().filter_map(|d| Some((DocId::of(&d)?, d))).collect())
}

/// Whether a document still holds what the transfer set (`undo::still_as_set`, here).
pub fn holds_after(g: &Group, d: &Document) -> bool {
    g.after.iter().all(|(f, v)| d.get(f) == Some(v)) && g.absent.iter().all(|f| !d.contains_key(f))
}

/// Whether a document holds its values from before the transfer.
pub fn holds_before(g: &Group, d: &Document) -> bool {
    g.before.iter().all(|(f, v)| d.get(f) == Some(v)) && g.unset.iter().all(|f| !d.contains_key(f))
}

/// Everything of a rollback plan but its header: derived from the undo log
/// and the live database.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub summary: Summary,
    pub resources: Vec<ResourcePlan>,
    pub entities: Vec<EntityPlan>,
    pub conflicts: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

/// Derives the rollback of `o` from its undo log and the live database.
pub async fn derive(db: &Db, o: &Original) -> Result<Derived> {
    db.topology.require_known(&db.registry)?;
    let id = o.record.id;
    let mut conflicts = Vec::new();
    let mut warnings = Vec::new();
    let mut changes = Vec::new();
    let emails: BTreeMap<ObjectId, String> = o.plan.summary.users.iter().map(|u| (u.id.0, u.email.clone())).collect();

    // The resource kinds, in the original plan's order.
    let mut resources = Vec::new();
    for r in &o.plan.resources {
        let Some(kind) = db.registry.kind(&r.kind) else { continue };
        let fields = kind.tracked_fields();
        let mut fp = Fingerprint::new();
        let mut changed: Vec<DocId> = Vec::new();
        let mut named: Vec<&str> = Vec::new();
        let mut list = Entries::open(db, id, &r.kind, None).await?;
        let mut any = false;
        while let Some(e) = list.next().await? {
            any = true;
            let mut now = entry_docs(db, &e, &fields).await?;
            for g in &e.groups {
                for f in g.before.keys().chain(&g.unset) {
                    if let Some(known) = fields.iter().find(|k| *k == f)
                        && !named.contains(known)
                    {
                        named.push(known);
                    }
                }
                // Going back into their previous organization: their unique
                // values must be free there (they are in the other one now).
                let mut unique: Vec<Bson> = Vec::new();
                for did in &g.ids {
                    // Deleted since, or (logged twice) already counted: listed.
                    let Some(d) = now.remove(did) else {
                        changed.push(did.clone());
                        continue;
                    };
                    let d = &d;
                    if !holds_after(g, d) {
                        changed.push(did.clone());
                        continue;
                    }
                    let raw = RawDocumentBuf::from_document(d)
                        .or_unexpected(|e| format!("A document cannot be read: {e}."))?;
                    fp.add_document(&raw, &fields);
                    if let Some(v) = kind.unique_field.as_ref().and_then(|u| d.get(u)) {
                        unique.push(v.clone());
                    }
                }
                let (Some(u), Some(Bson::ObjectId(org))) = (&kind.unique_field, g.before.get(&kind.organization_field))
                else {
                    continue;
                };
                for chunk in unique.chunks(IDS_PER_QUERY) {
                    let taken: Vec<Document> = db
                        .db
                        .collection::<Document>(&kind.collection)
                        .find(doc! { &kind.organization_field: org, u: { "$in": chunk } })
                        .projection(doc! { u.as_str(): 1 })
                        .limit(10)
                        .await?
                        .try_collect()
                        .await?;
                    if taken.is_empty() {
                        continue;
                    }
                    let values: Vec<String> = taken.iter().filter_map(|d| d.get(u)).map(|v| v.to_string()).collect();
                    conflicts.push(Finding {
                        code: Code::UniqueTaken,
                        message: format!(
                            "{}: {} now exists again in the source organization ({}); the documents cannot go back.",
                            r.kind,
                            u,
                            values.join(", ")
                        ),
                    });
                }
            }
        }
        if !any {
            continue;
        }
        changed.sort();
        let change = if named.is_empty() {
            "previous values".to_string()
        } else {
            format!("back to the previous {}", named.join(", "))
        };
        if !changed.is_empty() {
            warnings.push(Finding {
                code: Code::ChangedSince,
                message: format!(
                    "{}: {} document{} changed since the transfer; {} (ids in the plan).",
                    r.kind,
                    changed.len(),
                    if changed.len() == 1 { "" } else { "s" },
                    if changed.len() == 1 { "it keeps its change" } else { "they keep their change" }
                ),
            });
        }
        resources.push(ResourcePlan {
            kind: r.kind.clone(),
            collection: r.collection.clone(),
            action: Action::Restore,
            change,
            count: fp.count(),
            fingerprint: fp.digest(),
            changed_since: if changed.is_empty() {
                None
            } else {
                Some(ChangedSince { count: changed.len() as u64, ids: changed })
            },
        });
    }

    // The users.
    let mut kept: Vec<KeptField> = Vec::new();
    let u = &db.registry.users;
    let orgs: BTreeMap<ObjectId, &str> = [&o.plan.summary.from_organization, &o.plan.summary.to_organization]
        .into_iter()
        .map(|n| (n.id.0, n.name.as_str()))
        .collect();
    for e in entries(db, id, USERS, None).await? {
        for g in &e.groups {
            let fields = [u.organization.as_str(), u.access_role.as_str(), u.email.as_str()];
            for d in current(db, &e.collection, &g.ids, &fields).await? {
                let uid = d.get_object_id("_id").expect("read by _id");
                let who = match emails.get(&uid).map(String::as_str).or(d.get_str(&u.email).ok()) {
                    Some(email) => clean(email),
                    None => uid.to_hex(),
                };
                for (f, before) in &g.before {
                    let after = g.after.get(f);
                    if d.get(f) == after {
                        let name = |v: Option<&Bson>| match v.and_then(Bson::as_object_id).and_then(|o| orgs.get(&o)) {
                            Some(n) => format!("{} ({n})", show(v)),
                            None => show(v),
                        };
                        changes.push(format!("{who}: {f} {} -> {}", name(after), name(Some(before))));
                    } else if f == &u.organization {
                        conflicts.push(Finding {
                            code: Code::MovedAgain,
                            message: format!(
                                "{who} is in organization {} now, not where transfer {id} put them; roll back what moved them since first{}.",
                                organization(db, &orgs, d.get(f)).await,
                                later_transfers(db, &o.record).await?
                            ),
                        });
                    } else {
                        kept.push(KeptField { user: Id(uid), field: f.clone() });
                        warnings.push(Finding {
                            code: Code::UserChangedSince,
                            message: format!(
                                "{who}: {f} is {} now (the transfer set {}); it keeps that.",
                                show(d.get(f)),
                                show(after)
                            ),
                        });
                    }
                }
            }
        }
    }
    // A user the transfer moved between departments only has no user entry;
    // any later transfer of them is still a conflict.
    if let Some(later) = later_transfer_ids(db, &o.record).await?.first()
        && !conflicts.iter().any(|c| c.code == Code::MovedAgain)
    {
        conflicts.push(Finding {
            code: Code::TransferredAgain,
            message: format!("Transfer {later} moved some of the same users after transfer {id}; roll it back first."),
        });
    }

    // The departments: re-created, then their users put back.
    let departments = departments::derive(db, id, &Names::of(&o.plan)).await?;
    changes.extend(departments.changes);
    conflicts.extend(departments.conflicts);
    warnings.extend(departments.warnings);
    let source = o.plan.summary.from_organization.id.0;
    if db.organization_by_id(source).await?.is_none() {
        let name = quoted_name(&o.plan.summary.from_organization.name);
        conflicts.push(Finding {
            code: Code::OrganizationMissing,
            message: format!("The source organization {} no longer exists.", with_id(source, name)),
        });
    }

    let s = &o.plan.summary;
    let summary = Summary {
        users: s.users.clone(),
        from_organization: s.to_organization.clone(),
        from_department: s.to_department.clone(),
        to_organization: s.from_organization.clone(),
        to_department: s.from_department.clone(),
        reassignee: None,
        new_access_role: None,
        changes,
        assignments: Vec::new(),
        delete_department: None,
        rollback_of: Some(RollbackOf {
            transfer_id: Id(id),
            kind: o.plan.kind(),
            scan_version: o.plan.scan_version.clone(),
            status: o.record.status.as_str().into(),
            completed_at: o.record.completed_at.map(|t| t.try_to_rfc3339_string().unwrap_or_default()),
            kept,
        }),
    };
    let keys: Vec<(EntityType, ObjectId)> = o.plan.entities.iter().map(|e| (e.entity, e.id.0)).collect();
    let fingerprints = fingerprint_entities(db, &keys).await?;
    let entities = o
        .plan
        .entities
        .iter()
        .zip(fingerprints)
        .map(|(e, fingerprint)| EntityPlan { fingerprint, ..e.clone() })
        .collect();
    Ok(Derived { summary, resources, entities, conflicts, warnings })
}

fn show(v: Option<&Bson>) -> String {
    match v {
        Some(Bson::String(s)) => s.clone(),
        Some(Bson::ObjectId(o)) => o.to_hex(),
        Some(other) => other.to_string(),
        None => "(none)".into(),
    }
}

/// The organization a user's field holds, named (`"Globex" (6780…)`): by
/// the plan when it names it, else as it is called now; what is not an
/// ObjectId, as it is.
async fn organization(db: &Db, planned: &BTreeMap<ObjectId, &str>, v: Option<&Bson>) -> String {
    match v.and_then(Bson::as_object_id) {
        Some(o) => match planned.get(&o) {
            Some(name) => with_id(o, quoted_name(name)),
            None => db.organization_named(o).await,
        },
        None => show(v),
    }
}

/// Transfers started after `original` that move any of its users and were
/// not rolled back, newest first.
async fn later_transfer_ids(db: &Db, original: &StatusRecord) -> Result<Vec<ObjectId>> {
    if original.users.is_empty() {
        return Ok(Vec::new());
    }
    let docs: Vec<Document> = db
        .db
        .collection::<Document>(&db.registry.auditlogs)
        .find(doc! {
            "action": { "$in": [record::Action::OrgTransferExecute, record::Action::DepartmentTransferExecute] },
            "_id": { "$ne": original.id },
            "startedAt": { "$gt": original.started_at },
            "users": { "$in": &original.users },
            "rolledBackBy": { "$exists": false },
        })
        .sort(doc! { "startedAt": -1 })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(docs.iter().filter_map(|d| d.get_object_id("_id").ok()).collect())
}

async fn later_transfers(db: &Db, original: &StatusRecord) -> Result<String> {
    let ids = later_transfer_ids(db, original).await?;
    Ok(if ids.is_empty() {
        String::new()
    } else {
        format!(" (transfer {})", ids.iter().map(|i| i.to_hex()).collect::<Vec<_>>().join(", "))
    })
}

/// `scan rollback <ID>`: the plan.
pub async fn scan(db: &Db, operator: &User, id: ObjectId) -> Result<Plan> {
    let o = original(db, id).await?;
    let derived = derive(db, &o).await?;
    let now = Utc::now();
    let material: String = derived
        .resources
        .iter()
        .map(|r| format!("{}:{}:{};", r.kind, r.count, r.fingerprint))
        .chain(derived.entities.iter().map(|e| format!("{}:{};", e.id, e.fingerprint)))
        .chain(std::iter::once(id.to_hex()))
        .collect();
    let scan_version = plan::scan_version(now, &material);
    Ok(Plan {
        format_version: plan::FORMAT_VERSION,
        tool: format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        written_kind: PlanKind::Rollback,
        scan_version: scan_version.clone(),
        scanned_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        database: db.target.clone(),
        registry: db.registry.digest(),
        operator: person(operator),
        operator_identity: Default::default(),
        request: Request::Rollback(RollbackRequest { scan_version, transfer_id: Id(id) }),
        summary: derived.summary,
        resources: derived.resources,
        entities: derived.entities,
        blocked: !derived.conflicts.is_empty(),
        conflicts: derived.conflicts,
        warnings: derived.warnings,
        checksum: String::new(),
        approvals: Vec::new(),
    })
}

/// The transfer a rollback plan undoes.
pub fn undone(plan: &Plan) -> Result<ObjectId> {
    match &plan.request {
        Request::Rollback(r) => Ok(r.transfer_id.0),
        _ => Err(CliError::unexpected("Not a rollback plan.")),
    }
}

/// Execute's re-validation of a rollback plan, under the locks: the same
/// derivation as the scan, compared part by part. Every difference is drift
/// (exit 4), named; a resource's kind, collection or wording that the log
/// does not give is an edited plan (exit 2).
pub async fn revalidate(db: &Db, plan: &Plan) -> Result<Plan> {
    let o = original(db, undone(plan)?).await?;
    let derived = derive(db, &o).await?;
    let want: Vec<(&str, &str, &str)> =
        derived.resources.iter().map(|r| (r.kind.as_str(), r.collection.as_str(), r.change.as_str())).collect();
    let have: Vec<(&str, &str, &str)> =
        plan.resources.iter().map(|r| (r.kind.as_str(), r.collection.as_str(), r.change.as_str())).collect();
    if want != have || plan.resources.iter().any(|r| r.action != Action::Restore) {
        return Err(CliError::usage(
            "The plan's resources are not what the undo log of the transfer derives; the plan was changed after the scan.",
        )
        .with_hint("Scan the rollback again."));
    }
    let mut drift = Vec::new();
    for (p, l) in plan.resources.iter().zip(&derived.resources) {
        if p.count != l.count {
            drift.push(format!("{}: {} to restore in the plan, {} now", p.kind, p.count, l.count));
        } else if p.fingerprint != l.fingerprint || p.changed_since != l.changed_since {
            drift.push(format!("{}: documents changed since the rollback scan", p.kind));
        }
    }
    for (p, l) in plan.entities.iter().zip(&derived.entities) {
        if p.fingerprint != l.fingerprint {
            drift.push(format!("the {} ({} {}) changed", p.reason, p.entity.as_str(), p.id));
        }
    }
    for c in derived.conflicts.iter().filter(|c| !plan.conflicts.contains(c)) {
        drift.push(format!("new blocking conflict [{}]: {}", c.code, c.message));
    }
    if drift.is_empty() && derived.summary != plan.summary {
        drift.push("the users or departments to put back changed".into());
    }
    if !drift.is_empty() {
        return Err(CliError::stale(format!(
            "The plan is stale: the live database drifted since the rollback scan: {}.",
            drift.join("; ")
        ))
        .with_hint("Scan the rollback again and review the new plan."));
    }
    Ok(Plan {
        summary: derived.summary,
        resources: derived.resources,
        entities: derived.entities,
        conflicts: derived.conflicts,
        warnings: derived.warnings,
        ..plan.clone()
    })
}
