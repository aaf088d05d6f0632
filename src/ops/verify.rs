//! `verify`: reconciles the live database with a completed transfer.

use futures_util::TryStreamExt;
use mongodb::bson::{Document, doc, oid::ObjectId};
use serde::Serialize;

use crate::db::Db;
use crate::db::entities::User;
use crate::db::journal::Journal;
use crate::db::labels::with_id;
use crate::db::record::Status;
use crate::docid::DocId;
use crate::error::{CliError, Result};
use crate::ops::check::{Check, IDS_AT_MOST};
use crate::ops::job::Job;
use crate::ops::status;
use crate::ops::transfer::{Transfer, from_plan, joins_as_manager};
use crate::plan::Plan;
use crate::review::clean;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub transfer_id: String,
    pub clean: bool,
    pub checks: Vec<Check>,
}

pub async fn verify(db: &Db, operator: &User, id: ObjectId) -> Result<Report> {
    let journal =
        Journal::load(db, id).await?.ok_or_else(|| CliError::not_found(format!("No transfer has the id {id}.")))?;
    let plan = Plan::recorded(id, &journal.plan_json)?;
    let job = Job::of(&plan)?;
    job.authorize(db, operator, &plan).await?;
    let record = status::get(db, id).await?;
    if record.status != Status::Completed {
        return Err(CliError::usage(format!("Transfer {id} is {}; verify checks completed transfers.", record.status))
            .with_hint(format!("Finish it first: tether-transfer execute --resume {id}")));
    }
    if let Some(by) = record.rolled_back_by {
        return Err(CliError::usage(format!(
            "Transfer {id} was rolled back by transfer {by}; its changes are undone, so there is nothing of it to verify."
        ))
        .with_hint(format!("Verify the rollback: tether-transfer verify {by}")));
    }
    let transfer = match &job {
        Job::Rollback { undone, .. } => {
            let checks = crate::ops::rollback::verify(db, id, &plan, *undone).await?;
            return Ok(Report { transfer_id: id.to_hex(), clean: checks.iter().all(|c| c.ok), checks });
        }
        Job::Transfer { .. } => from_plan(&plan)?,
    };
    let mut checks = Vec::new();
    for step in transfer.steps(&db.registry) {
        let key = &step.kind.key;
        let coll = db.db.collection::<Document>(&step.kind.collection);
        let left = first_ids(db, &step.kind.collection, step.filter.clone()).await?;
        let found = if left.is_empty() { 0 } else { coll.count_documents(step.filter.clone()).await? };
        checks.push(Check {
            subject: key.clone(),
            check: "nothing left under the old ownership".into(),
            ok: found == 0,
            found: Some(found),
            ids: left,
        });
    }
    subject_checks(db, &transfer, &journal.frozen, &mut checks).await?;
    let total = record.progress.total.0;
    let done = record.progress.processed.0;
    let swept: u64 = record.swept.iter().map(|(_, n)| n.0).sum();
    checks.push(Check {
        subject: "record".into(),
        check: format!("processed ({done}) = planned ({total}) + swept ({swept})"),
        ok: done == total + swept,
        found: Some(done),
        ids: Vec::new(),
    });
    Ok(Report { transfer_id: id.to_hex(), clean: checks.iter().all(|c| c.ok), checks })
}

/// Whether a transfer's users and departments are where its plan puts them
/// (the subjects' checks of `verify`, documents and frozen flags apart):
/// execute runs them before it closes a transfer, and exits 8 when one fails.
pub async fn placed(db: &Db, plan: &Plan) -> Result<Vec<Check>> {
    let transfer = from_plan(plan)?;
    let mut checks = Vec::new();
    subject_checks(db, &transfer, &[], &mut checks).await?;
    checks.retain(|c| matches!(c.subject.as_str(), "user" | "users" | "departments"));
    Ok(checks)
}

/// Each (collection, organization field, department field, assignee or
/// approvers field) a department transfer maps, once.
fn tied_fields(db: &Db) -> Vec<(String, String, String, String)> {
    let mut out: Vec<(String, String, String, String)> = Vec::new();
    for k in &db.registry.kinds {
        let Some(department) = &k.department_field else { continue };
        if k.department_transfer == crate::registry::DepartmentAction::Leave {
            continue;
        }
        for field in [&k.assignee_field, &k.approvers_field].into_iter().flatten() {
            let entry = (k.collection.clone(), k.organization_field.clone(), department.clone(), field.clone());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// The ids of the first documents of `collection` matching `filter` (at most
/// `IDS_AT_MOST`): what a check lists as offending.
async fn first_ids(db: &Db, collection: &str, filter: Document) -> Result<Vec<String>> {
    Ok(db
        .db
        .collection::<Document>(collection)
        .find(filter)
        .projection(doc! { "_id": 1 })
        .limit(IDS_AT_MOST as i64)
        .await?
        .try_collect::<Vec<Document>>()
        .await?
        .iter()
        .filter_map(|d| DocId::of(d).map(|i| i.display()))
        .collect())
}

async fn subject_checks(
    db: &Db,
    t: &Transfer,
    frozen: &[(ObjectId, Option<mongodb::bson::Bson>)],
    checks: &mut Vec<Check>,
) -> Result<()> {
    let mut check = |subject: &str, what: String, ok: bool, ids: Vec<String>| {
        checks.push(Check { subject: subject.into(), check: what, ok, found: None, ids });
    };
    match t {
        Transfer::Org(o) => {
            let user = db.user_by_id(o.user.id).await?;
            let ok = user.as_ref().is_some_and(|u| u.organization_id == Some(o.target.id) && u.role == Some(o.role));
            check(
                "user",
                format!("{} is in the target organization as {}", o.user.email, o.role),
                ok,
                vec![o.user.id.to_hex()],
            );
            let left = db.departments_listing(&[o.user.id], Some(o.source.id)).await?;
            check(
                "departments",
                "the user is in no department of the source organization".into(),
                left.is_empty(),
                left.iter().map(|d| d.id.to_hex()).collect(),
            );
            if let Some(d) = &o.department {
                let dept = db.department_by_id(d.id).await?;
                let manager = joins_as_manager(Some(o.role));
                let ok = dept.is_some_and(|x| {
                    if manager { x.managers.contains(&o.user.id) } else { x.members.contains(&o.user.id) }
                });
                check(
                    "departments",
                    format!("the user is in the target department {}", d.label()),
                    ok,
                    vec![d.id.to_hex()],
                );
            }
        }
        Transfer::Department(t) => {
            let many = t.moves.len() > 1;
            let ids: Vec<ObjectId> = t.moves.iter().map(|m| m.user.id).collect();
            let users = db.users_by_ids(&ids).await?;
            let mut depts: Vec<ObjectId> =
                t.moves.iter().flat_map(|m| [Some(m.target.id), m.source.as_ref().map(|s| s.id)]).flatten().collect();
            depts.sort();
            depts.dedup();
            let mut now = std::collections::HashMap::new();
            for id in depts {
                now.insert(id, db.department_by_id(id).await?);
            }
            for m in &t.moves {
                let who = if many { m.user.email.clone() } else { "the user".into() };
                if let Some(s) = &m.source {
                    let left = now[&s.id].as_ref().is_some_and(|x| x.has(m.user.id));
                    check("departments", format!("{who} left {}", s.label()), !left, vec![s.id.to_hex()]);
                }
                let user = users.iter().find(|u| u.id == m.user.id);
                let role = m.role.or(user.and_then(|u| u.role));
                let manager = joins_as_manager(role);
                let ok = now[&m.target.id].as_ref().is_some_and(|x| {
                    if manager { x.managers.contains(&m.user.id) } else { x.members.contains(&m.user.id) }
                });
                let pos = if manager { "a manager" } else { "a member" };
                check(
                    "departments",
                    format!("{who} is in {} as {pos}", m.target.label()),
                    ok,
                    vec![m.target.id.to_hex()],
                );
                if let Some(r) = m.role {
                    check(
                        "user",
                        format!("{} has the role {r}", m.user.email),
                        user.is_some_and(|u| u.role == Some(r)),
                        vec![],
                    );
                }
            }
            // What stayed passed to a re-assignee who is still there, and
            // nothing of a source department names a user who left it.
            let mut leaving: std::collections::BTreeMap<ObjectId, (String, Vec<ObjectId>)> = Default::default();
            for m in &t.moves {
                let Some(s) = &m.source else { continue };
                leaving.entry(s.id).or_insert_with(|| (s.label(), Vec::new())).1.push(m.user.id);
                if let Some(x) = &m.reassignee {
                    let stays = now[&s.id].as_ref().is_some_and(|d| d.has(x.id));
                    // Not a write of the plan: its own subject, which
                    // execute's own check (`placed`) leaves to verify.
                    let what = format!("{}'s re-assignee {} is still in {}", m.user.email, x.email, s.label());
                    check("re-assignee", what, stays, vec![x.id.to_hex()]);
                }
            }
            for (source, (label, users)) in &leaving {
                // In the transfer's organization: a document of another one
                // (or of none) is not the transfer's.
                for (collection, organization, department, field) in tied_fields(db) {
                    let filter = doc! { &organization: t.org.id, &department: source, &field: { "$in": users } };
                    let found = first_ids(db, &collection, filter).await?;
                    let what = format!("no {collection} of {label} has a user who left it in {field}");
                    check(&collection, what, found.is_empty(), found);
                }
            }
            if let Some(d) = &t.delete_source {
                let gone = db.department_by_id(d.id).await?.is_none();
                check("departments", format!("department {} is deleted", d.label()), gone, vec![]);
            }
        }
        Transfer::Bulk(b) => {
            let source = db.department_by_id(b.source.id).await?;
            if b.delete_source {
                check(
                    "departments",
                    format!("the source department {} is deleted", b.source.label()),
                    source.is_none(),
                    vec![],
                );
            } else {
                let stayed: Vec<String> = b
                    .users
                    .iter()
                    .filter(|u| source.as_ref().is_some_and(|s| s.has(u.id)))
                    .map(|u| u.id.to_hex())
                    .collect();
                check(
                    "departments",
                    format!("no moved user is left in {}", b.source.label()),
                    stayed.is_empty(),
                    stayed,
                );
            }
            let target = db.department_by_id(b.target.id).await?;
            let missing: Vec<String> = b
                .users
                .iter()
                .filter(|u| !target.as_ref().is_some_and(|t| t.has(u.id)))
                .map(|u| u.id.to_hex())
                .collect();
            check("departments", format!("every moved user is in {}", b.target.label()), missing.is_empty(), missing);
        }
    }
    let (field, email) = (&db.registry.users.is_active, &db.registry.users.email);
    for (user, was) in frozen {
        let now = db.db.collection::<Document>(&db.registry.users.collection).find_one(doc! { "_id": user }).await?;
        // Named by the email it has now, or else the one the plan knew.
        let named = now.as_ref().and_then(|d| d.get_str(email).ok()).or_else(|| t.email_of(*user));
        let who = with_id(*user, named.map(clean));
        let now = now.as_ref().map(|d| d.get(field).cloned());
        let shown = was.as_ref().map_or("absent".to_string(), |v| v.to_string());
        check("user", format!("{field} of {who} is back to {shown}"), now.as_ref() == Some(was), vec![user.to_hex()]);
    }
    Ok(())
}
