//! `scan`: resolve and validate a transfer, fingerprint everything it would
//! touch, find conflicts, and build the plan.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{SecondsFormat, Utc};
use futures_util::{StreamExt, TryStreamExt};
use mongodb::bson::{Bson, Document, RawBsonRef, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::{Department, Role, User};
use crate::db::indexes::index_for;
use crate::db::labels::{quoted_name, with_id};
use crate::docid::DocId;
use crate::error::Result;
use crate::ops::fingerprints::{fingerprint_entities, fingerprint_step};
use crate::ops::oddities::Shapes;
use crate::ops::transfer::{Change, DepartmentTransfer, EntityType, Move, Step, Transfer, person, with_condition};
use crate::ops::uniques;
use crate::plan::{self, Code, EntityPlan, Finding, Id, Plan, ResourcePlan};
use crate::registry::{DepartmentAction, Selector};

/// How many kinds are read at once; the server, not the tool, is the limit
/// (measured: CHANGELOG.md, "Performance against the targets of issue 5").
const CONCURRENT_KINDS: usize = 2;

/// How many offending ids a conflict message lists before "and N more".
const LIST_AT_MOST: usize = 10;

struct StepScan {
    resource: ResourcePlan,
    conflicts: Vec<Finding>,
    warnings: Vec<Finding>,
    cut: Option<Cut>,
    per_user: HashMap<ObjectId, u64>,
}

/// Per kind, how many of its documents each moving user is tied to (as
/// owner, assignee or approver): the seed's per-user scan summary.
pub type PerUser = BTreeMap<String, HashMap<ObjectId, u64>>;

pub use crate::ops::cuts::{Cut, Range};

/// Per kind, the selection cut into `_id` ranges of at most `batch`
/// documents, and its ids.
pub type Ranges = BTreeMap<String, Cut>;

/// The plan, and per kind how many documents each moving user is tied to.
pub async fn scan(db: &Db, operator: &User, transfer: &Transfer) -> Result<(Plan, PerUser)> {
    let (plan, _, per_user) = scan_all(db, operator, transfer, None).await?;
    Ok((plan, per_user))
}

/// A scan that, given `batch`, also reads each selection in `_id` order and
/// cuts it into ranges of `batch` documents: execute re-validates this way
/// and then moves range by range, without reading the selections again
/// (a server sorts an indexed selection about as fast as it streams it).
pub async fn scan_cutting(db: &Db, operator: &User, transfer: &Transfer, batch: Option<u32>) -> Result<(Plan, Ranges)> {
    let (plan, ranges, _) = scan_all(db, operator, transfer, batch).await?;
    Ok((plan, ranges))
}

async fn scan_all(
    db: &Db,
    operator: &User,
    transfer: &Transfer,
    batch: Option<u32>,
) -> Result<(Plan, Ranges, PerUser)> {
    db.topology.require_known(&db.registry)?;
    let steps = transfer.steps(&db.registry);
    let movers: HashSet<ObjectId> = transfer.moving_users().iter().map(|u| u.id).collect();
    let scans: Vec<StepScan> = futures_util::stream::iter(
        steps.iter().map(|s| db.hooks.profile.timed(format!("scan: {}", s.kind.key), scan_step(db, s, batch, &movers))),
    )
    .buffered(CONCURRENT_KINDS)
    .try_collect()
    .await?;

    let entities_started = std::time::Instant::now();
    let listed = transfer.entities();
    let keys: Vec<(EntityType, ObjectId)> = listed.iter().map(|(e, id, _)| (*e, *id)).collect();
    let fingerprints = fingerprint_entities(db, &keys).await?;
    let entities: Vec<EntityPlan> = listed
        .into_iter()
        .zip(fingerprints)
        .map(|((entity, id, reason), fingerprint)| EntityPlan {
            entity,
            id: Id(id),
            reason: reason.into(),
            fingerprint,
        })
        .collect();

    let (mut conflicts, mut warnings) = subject_findings(db, transfer).await?;
    warnings.extend(shard_key_findings(db, transfer, &steps));
    let (odd, look_alike) = crate::ops::oddities::department_findings(db, transfer).await?;
    conflicts.extend(odd);
    warnings.extend(look_alike);
    // What stays because it only looks like the user's: told at scan (a
    // re-validation compares conflicts, not warnings).
    if batch.is_none() {
        warnings.extend(crate::ops::oddities::look_alikes(db, &steps).await?);
    }
    db.hooks.profile.add("scan: entities and findings", entities_started.elapsed());
    let mut resources = Vec::new();
    let mut ranges = Ranges::new();
    let mut per_user = PerUser::new();
    for s in scans {
        per_user.insert(s.resource.kind.clone(), s.per_user);
        conflicts.extend(s.conflicts);
        warnings.extend(s.warnings);
        if let Some(cut) = s.cut {
            ranges.insert(s.resource.kind.clone(), cut);
        }
        resources.push(s.resource);
    }

    let now = Utc::now();
    let material: String = resources
        .iter()
        .map(|r| format!("{}:{}:{};", r.kind, r.count, r.fingerprint))
        .chain(entities.iter().map(|e| format!("{}:{};", e.id, e.fingerprint)))
        .collect();
    let scan_version = plan::scan_version(now, &material);
    let mut plan = Plan {
        format_version: plan::FORMAT_VERSION,
        tool: format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        written_kind: transfer.kind(),
        scan_version: scan_version.clone(),
        scanned_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        database: db.target.clone(),
        registry: db.registry.digest(),
        operator: person(operator),
        operator_identity: Default::default(),
        request: transfer.request(&scan_version),
        summary: transfer.summary(),
        resources,
        entities,
        blocked: !conflicts.is_empty(),
        conflicts,
        warnings,
        checksum: String::new(),
        approvals: Vec::new(),
    };
    // A user or department an unfinished transfer holds: told at scan
    // (execute refuses such a plan, naming the transfer, until it finished).
    if batch.is_none() {
        let held = crate::ops::unfinished::warnings(db, &plan).await?;
        plan.warnings.extend(held);
    }
    Ok((plan, ranges, per_user))
}

/// Which writes of the transfer change shard-key values, and so go one
/// document at a time (`db::shards`): one finding per kind, and one for the
/// users' own update.
fn shard_key_findings(db: &Db, transfer: &Transfer, steps: &[Step<'_>]) -> Vec<Finding> {
    use crate::db::shards::{KeySource, PER_DOCUMENT_BATCH};
    let how = |key: &crate::db::shards::ShardKey, collection: &str| {
        let source = match key.source {
            KeySource::Cluster => "the cluster's",
            KeySource::Declared => "declared in the resource file",
        };
        format!("{collection}'s shard key {} ({source})", key.display())
    };
    let mut out = Vec::new();
    for step in steps {
        if let Some(key) = db.topology.touched_by(&crate::ops::execute::writes::step_ops(step, doc! {}).0) {
            out.push(Finding {
                code: Code::ShardKeyChange,
                message: format!(
                    "{}: the change writes a field of {}; each document is written on its own, with its full current \
                     shard key, inside its batch's transaction (batches of at most {PER_DOCUMENT_BATCH}).",
                    step.kind.key,
                    how(key, &step.kind.collection)
                ),
            });
        }
    }
    let u = &db.registry.users;
    let org = mongodb::options::UpdateModifications::Document(doc! { "$set": { &u.organization: 1 } });
    if matches!(transfer, Transfer::Org(_))
        && let Some(key) = db.topology.touched(&u.collection, &org)
    {
        out.push(Finding {
            code: Code::ShardKeyChange,
            message: format!(
                "users: the user's {} is part of {}; the user is written with a single-document update naming it.",
                u.organization,
                how(key, &u.collection)
            ),
        });
    }
    out
}

async fn scan_step(db: &Db, step: &Step<'_>, batch: Option<u32>, movers: &HashSet<ObjectId>) -> Result<StepScan> {
    let kind = step.kind;
    // Values that must stay unique in the target organization (moves only).
    let unique = match (&step.change, &kind.unique_field) {
        (Change::Move { .. }, Some(f)) => Some(f.as_str()),
        _ => None,
    };
    let mut unique_values: Vec<Bson> = Vec::new();
    // Leavers without a re-assignee, per source department: they are removed
    // from approvers, and what stays assigned to them is left unassigned.
    let mut removed: HashMap<ObjectId, HashSet<ObjectId>> = HashMap::new();
    if let Change::AssignOrUnassign { leavers } | Change::ReplaceOrRemoveApprover { leavers } = &step.change {
        for l in leavers.iter().filter(|l| l.reassignee.is_none()) {
            removed.entry(l.source).or_default().insert(l.user);
        }
    }
    let removed_in = |d: &mongodb::bson::RawDocument| {
        kind.department_field.as_deref().and_then(|f| d.get_object_id(f).ok()).and_then(|dept| removed.get(&dept))
    };
    // Policies left without an approver when leavers are only removed.
    let mut orphaned: Vec<DocId> = Vec::new();
    let mut unassigned = 0u64;
    let approvers = kind.approvers_field.as_deref();
    let mut per_user: HashMap<ObjectId, u64> = HashMap::new();
    let tied = match kind.selector {
        Selector::Owner => Some(kind.owner_field.as_str()),
        Selector::AssigneeNotOwner => kind.assignee_field.as_deref(),
        Selector::Approver => approvers,
    };
    let mut cut = batch.map(Cut::new);
    let mut shapes = Shapes::of(step);
    let mut watches = uniques::watches(db, step).await?;
    let also = uniques::fields(&watches);
    let fp = fingerprint_step(db, step, batch.is_some(), &also, |d| {
        shapes.check(d);
        uniques::see(&mut watches, step, d);
        if let (Some(cut), Some(id)) = (&mut cut, DocId::of_raw(d)) {
            cut.push(id);
        }
        match tied.and_then(|f| d.get(f).ok().flatten()) {
            Some(RawBsonRef::ObjectId(o)) if movers.contains(&o) => *per_user.entry(o).or_default() += 1,
            Some(RawBsonRef::Array(a)) => {
                for o in a.into_iter().flatten().filter_map(|v| v.as_object_id()).filter(|o| movers.contains(o)) {
                    *per_user.entry(o).or_default() += 1;
                }
            }
            _ => {}
        }
        if let Some(f) = unique
            && let Ok(Some(v)) = d.get(f)
            && let Ok(v) = Bson::try_from(v)
        {
            unique_values.push(v);
        }
        if let (Change::ReplaceOrRemoveApprover { .. }, Some(field), Some(gone)) =
            (&step.change, approvers, removed_in(d))
        {
            let only_leavers = match d.get_array(field) {
                Ok(a) => a.into_iter().flatten().all(|v| matches!(v, RawBsonRef::ObjectId(o) if gone.contains(&o))),
                Err(_) => false,
            };
            if only_leavers {
                orphaned.extend(DocId::of_raw(d));
            }
        }
        if let (Change::AssignOrUnassign { .. }, Some(field), Some(gone)) =
            (&step.change, kind.assignee_field.as_deref(), removed_in(d))
            && d.get_object_id(field).is_ok_and(|a| gone.contains(&a))
        {
            unassigned += 1;
        }
    })
    .await?;

    let mut conflicts = shapes.conflicts(&kind.key);
    for w in &watches {
        let clashes = w.clashes(db, &kind.collection).await?;
        if !clashes.is_empty() {
            conflicts.push(Finding {
                code: Code::Duplicate(kind.key.clone()),
                message: format!(
                    "{}: the unique index {} refuses {} as the transfer would change {}: {}; change or remove one of each pair first.",
                    kind.key,
                    w.name(),
                    plural(clashes.len(), "document", "documents"),
                    if clashes.len() == 1 { "it" } else { "them" },
                    list(&clashes)
                ),
            });
        }
    }
    let mut warnings = Vec::new();
    if let (Some(field), Change::Move { to_org }) = (unique, &step.change) {
        let mut taken: Vec<String> = Vec::new();
        for chunk in unique_values.chunks(1000) {
            let filter = doc! { &kind.organization_field: *to_org, field: { "$in": chunk.to_vec() } };
            let found: Vec<Document> = db
                .db
                .collection::<Document>(&kind.collection)
                .find(filter)
                .projection(doc! { field: 1 })
                .await?
                .try_collect()
                .await?;
            taken.extend(found.iter().map(|d| display_bson(d.get(field))));
        }
        if !taken.is_empty() {
            taken.sort();
            taken.dedup();
            conflicts.push(Finding {
                code: Code::Duplicate(kind.key.clone()),
                message: format!(
                    "{}: the {field} {} already exist{} in the target organization; remove or rename {} first.",
                    kind.key,
                    list(&taken),
                    if taken.len() == 1 { "s" } else { "" },
                    if taken.len() == 1 { "it" } else { "them" },
                ),
            });
        }
    }
    let leavers = match &step.change {
        Change::FollowOrReassign { leavers }
        | Change::AssignOrUnassign { leavers }
        | Change::ReplaceOrRemoveApprover { leavers } => leavers.len(),
        _ => 0,
    };
    if !orphaned.is_empty() {
        let who = if leavers == 1 {
            "the user is the only approver"
        } else {
            "leaving users without a re-assignee are the only approvers"
        };
        // Named where they have a name: `"Refunds" (6780…)`.
        let ids: Vec<ObjectId> = orphaned.iter().take(LIST_AT_MOST).filter_map(DocId::as_object_id).collect();
        let names = db.names_of(&kind.collection, "name", &ids).await;
        let named: Vec<String> = orphaned
            .iter()
            .map(|i| match i.as_object_id() {
                Some(o) => with_id(o, names.get(&o).and_then(|n| quoted_name(n))),
                None => i.display(),
            })
            .collect();
        conflicts.push(Finding {
            code: Code::PolicyWithoutApprover,
            message: format!(
                "{}: {who} of {}: {}; removing them would leave no approver. Give a re-assignee.",
                kind.key,
                plural(orphaned.len(), "policy", "policies"),
                list(&named)
            ),
        });
    }
    if index_for(db, &kind.collection, &step.filter, step.driving_field()).await?.is_none() {
        let wanted = step.wanted_index();
        let fields: Vec<&str> = wanted.keys().map(String::as_str).collect();
        warnings.push(Finding {
            code: Code::MissingIndex,
            message: format!(
                "{}: no index on {} leads with {}, so scan and execute read the whole collection for this kind; \
                 create one: db.{}.createIndex({})",
                kind.key,
                kind.collection,
                fields.join(", "),
                kind.collection,
                shell_keys(&wanted)
            ),
        });
    }
    if unassigned > 0 {
        let whose = if leavers == 1 { "the source department" } else { "their source departments" };
        warnings.push(Finding {
            code: Code::Unassigned,
            message: format!(
                "{}: {unassigned} staying in {whose} will be left unassigned (give a re-assignee to hand them over).",
                kind.key,
            ),
        });
    }
    Ok(StepScan {
        resource: ResourcePlan {
            changed_since: None,
            kind: kind.key.clone(),
            collection: kind.collection.clone(),
            action: step.change.action(),
            change: step.description.clone(),
            count: fp.count(),
            fingerprint: fp.digest(),
        },
        conflicts,
        warnings,
        cut,
        per_user,
    })
}

/// Conflicts and warnings about the people and departments themselves.
async fn subject_findings(db: &Db, transfer: &Transfer) -> Result<(Vec<Finding>, Vec<Finding>)> {
    let mut conflicts = Vec::new();
    let mut warnings = Vec::new();
    match transfer {
        Transfer::Org(t) => {
            if t.user.role == Some(Role::Superadmin) {
                conflicts.push(Finding {
                    code: Code::UserIsSuperadmin,
                    message: format!(
                        "{} is a SUPERADMIN; superadmins are not moved between organizations.",
                        t.user.email
                    ),
                });
            }
            if t.user.role == Some(Role::Admin) && db.count_role(t.source.id, Role::Admin, &[t.user.id]).await? == 0 {
                conflicts.push(Finding {
                    code: Code::LastAdmin,
                    message: format!(
                        "{} is the last ADMIN of {}; make another user an admin first.",
                        t.user.email,
                        t.source.label()
                    ),
                });
            }
            for d in &t.leaves {
                if d.managers.iter().all(|m| *m == t.user.id) && d.managers.contains(&t.user.id) {
                    warnings.push(only_manager(&t.user, d));
                }
            }
        }
        Transfer::Department(t) => department_findings(db, t, &mut conflicts, &mut warnings).await?,
        Transfer::Bulk(t) => {
            if t.users.is_empty() {
                warnings.push(Finding {
                    code: Code::NoUsers,
                    message: format!(
                        "Department {} has no managers or members; only its resources move.",
                        t.source.label()
                    ),
                });
            }
        }
    }
    Ok((conflicts, warnings))
}

/// A department transfer's findings: the organization keeps an ADMIN; a
/// department left without a manager; a department to delete that would not
/// be empty.
async fn department_findings(
    db: &Db,
    t: &DepartmentTransfer,
    conflicts: &mut Vec<Finding>,
    warnings: &mut Vec<Finding>,
) -> Result<()> {
    let demoted: Vec<&Move> = t
        .moves
        .iter()
        .filter(|m| m.user.role == Some(Role::Admin) && m.role.is_some_and(|r| r != Role::Admin))
        .collect();
    let ids: Vec<ObjectId> = demoted.iter().map(|m| m.user.id).collect();
    if !demoted.is_empty() && db.count_role(t.org.id, Role::Admin, &ids).await? == 0 {
        for m in &demoted {
            let r = m.role.expect("demoted users have a new role");
            let others = if demoted.len() > 1 { " with the other demotions of this plan" } else { "" };
            conflicts.push(Finding {
                code: Code::LastAdmin,
                message: format!(
                    "{} is the last ADMIN of {}; --role {r} would leave it without one{others}.",
                    m.user.email,
                    t.org.label()
                ),
            });
        }
    }
    let leaving: HashSet<ObjectId> = t.moves.iter().map(|m| m.user.id).collect();
    let mut sources: Vec<&Department> = t.moves.iter().filter_map(|m| m.source.as_ref()).collect();
    sources.sort_by_key(|d| d.id);
    sources.dedup_by_key(|d| d.id);
    for s in sources {
        let joins = t.moves.iter().any(|m| m.target.id == s.id && m.as_manager());
        let gone: Vec<&User> = t.moves.iter().filter(|m| s.managers.contains(&m.user.id)).map(|m| &m.user).collect();
        if !gone.is_empty() && s.managers.iter().all(|m| leaving.contains(m)) && !joins {
            warnings.push(only_managers(&gone, s));
        }
    }
    if let Some(d) = &t.delete_source {
        let left = left_in(db, t, d).await?;
        if !left.is_empty() {
            conflicts.push(Finding {
                code: Code::SourceNotEmpty,
                message: format!(
                    "Department {} would still hold {} after the transfer, so it cannot be deleted; move or delete them first, or leave out --delete-source.",
                    d.label(),
                    left.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// What would still point at department `d` once the transfer moved its
/// leavers' own documents out: per collection, how many.
async fn left_in(db: &Db, t: &DepartmentTransfer, d: &Department) -> Result<Vec<String>> {
    let followers: Vec<ObjectId> = t
        .moves
        .iter()
        .filter(|m| m.source.as_ref().is_some_and(|s| s.id == d.id) && m.reassignee.is_none())
        .map(|m| m.user.id)
        .collect();
    db.still_in_department(d.id, |collection, field| {
        if followers.is_empty() {
            return Vec::new();
        }
        db.registry
            .kinds
            .iter()
            .filter(|o| o.collection == collection && o.department_field.as_deref() == Some(field))
            .filter(|o| o.selector == Selector::Owner && o.department_transfer == DepartmentAction::FollowOrReassign)
            .map(|o| with_condition(o, doc! { &o.owner_field: { "$in": &followers } }))
            .collect()
    })
    .await
}

fn only_managers(users: &[&User], d: &Department) -> Finding {
    if let [one] = users {
        return only_manager(one, d);
    }
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    Finding {
        code: Code::OnlyManager,
        message: format!(
            "{} are the only managers of department {}; it will have no manager.",
            emails.join(", "),
            d.label()
        ),
    }
}

fn only_manager(user: &User, d: &Department) -> Finding {
    Finding {
        code: Code::OnlyManager,
        message: format!("{} is the only manager of department {}; it will have no manager.", user.email, d.label()),
    }
}

/// `{ a: 1, b: 1 }`, as the mongo shell writes an index's keys.
fn shell_keys(keys: &Document) -> String {
    let parts: Vec<String> = keys.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{ {} }}", parts.join(", "))
}

fn display_bson(v: Option<&Bson>) -> String {
    match v {
        Some(Bson::String(s)) => s.clone(),
        Some(Bson::Null) | None => "(none: missing or null)".into(),
        Some(other) => other.to_string(),
    }
}

fn list(items: &[String]) -> String {
    if items.len() <= LIST_AT_MOST {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..LIST_AT_MOST].join(", "), items.len() - LIST_AT_MOST)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
