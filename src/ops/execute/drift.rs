//! A stale plan's entities in words: which user, department or organization
//! changed since the scan, named as a person knows it (`sam@x.test`,
//! `department "Sales"`), and what in it changed, as far as the plan tells
//! what it was (`accessRole SALES_REP → ADMIN`, `no longer in department
//! "Sales"`). The plan keeps only a fingerprint of each entity, so what it
//! does not record (a target department's other members, whether a moving
//! user was active) is said as what it is now.

use std::collections::{BTreeSet, HashMap};

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::{Department, User};
use crate::error::Result;
use crate::plan::{EntityPlan, EntityType, Id, Person, Plan, Request};
use crate::review::{Names, clean, quoted};

/// How many drifted entities are described before "and N more".
const DESCRIBED: usize = 10;

/// What the plan says a user was at the scan.
struct UserThen<'a> {
    person: Option<&'a Person>,
    /// The departments that listed them, when the plan tells.
    departments: Option<BTreeSet<Id>>,
}

/// One sentence per drifted entity (`changed` pairs each with whether it
/// is missing now), at most `DESCRIBED`, then how many more.
pub async fn describe(db: &Db, plan: &Plan, changed: &[(&EntityPlan, bool)]) -> Result<Vec<String>> {
    let names = Names::of(plan);
    let shown = &changed[..changed.len().min(DESCRIBED)];
    let user_ids: Vec<ObjectId> =
        shown.iter().filter(|(e, gone)| e.entity == EntityType::User && !gone).map(|(e, _)| e.id.0).collect();
    let users: HashMap<ObjectId, User> = db.users_by_ids(&user_ids).await?.into_iter().map(|u| (u.id, u)).collect();
    let listing = if user_ids.is_empty() { Vec::new() } else { db.departments_listing(&user_ids, None).await? };
    let mut org_names: HashMap<ObjectId, String> = HashMap::new();
    let mut out = Vec::new();
    for (e, gone) in shown {
        let who = format!("{} ({})", name(&names, e), clean(&e.reason));
        if *gone {
            out.push(format!("{who} was deleted"));
            continue;
        }
        let what = match e.entity {
            EntityType::User => match users.get(&e.id.0) {
                Some(now) => {
                    let in_now: Vec<&Department> = listing.iter().filter(|d| d.has(now.id)).collect();
                    user_changes(db, plan, &names, now, &in_now, &mut org_names).await?
                }
                None => Vec::new(),
            },
            EntityType::Department => match db.department_by_id(e.id.0).await? {
                Some(now) => department_changes(db, plan, &names, e, &now, &mut org_names).await?,
                None => Vec::new(),
            },
            EntityType::Organization => Vec::new(),
        };
        out.push(if what.is_empty() {
            format!("{who} changed ({})", fingerprinted(e.entity))
        } else {
            format!("{who} changed: {}", what.join(", "))
        });
    }
    if changed.len() > shown.len() {
        out.push(format!("{} more users or departments changed", changed.len() - shown.len()));
    }
    Ok(out)
}

/// `sam@x.test`, `department "Sales"`, or the kind and id the plan does not name.
fn name(names: &Names, e: &EntityPlan) -> String {
    match (e.entity, names.get(&e.id)) {
        (EntityType::User, Some(n)) => n.to_string(),
        (entity, Some(n)) => format!("{} {n}", entity.as_str()),
        (entity, None) => format!("{} {}", entity.as_str(), e.id),
    }
}

/// What the fingerprint covers, for a change the plan cannot tell apart.
fn fingerprinted(entity: EntityType) -> &'static str {
    match entity {
        EntityType::User => "its organization, role, email, isActive or the departments that list it",
        EntityType::Department => "its organization, managers or members",
        EntityType::Organization => "it",
    }
}

async fn org_name(db: &Db, cache: &mut HashMap<ObjectId, String>, id: ObjectId) -> Result<String> {
    if let Some(n) = cache.get(&id) {
        return Ok(n.clone());
    }
    let n = match db.organization_by_id(id).await? {
        Some(o) => quoted(&o.name),
        None => id.to_hex(),
    };
    cache.insert(id, n.clone());
    Ok(n)
}

/// What the plan tells of user `id` at the scan.
fn user_then<'a>(plan: &'a Plan, id: Id) -> UserThen<'a> {
    let s = &plan.summary;
    let person = s
        .users
        .iter()
        .chain(&s.reassignee)
        .chain(s.assignments.iter().flat_map(|a| std::iter::once(&a.user).chain(&a.reassignee)))
        .find(|p| p.id == id);
    let departments = match &plan.request {
        Request::Department(_) => {
            s.assignments.iter().find_map(|a| {
                if a.user.id == id {
                    return Some(a.from_department.iter().map(|d| d.id).collect());
                }
                // A re-assignee stays in the department they take over from.
                let taker = a.reassignee.as_ref().is_some_and(|x| x.id == id);
                taker.then(|| a.from_department.iter().map(|d| d.id).collect())
            })
        }
        Request::DepartmentBulk(_) => s.from_department.as_ref().map(|d| BTreeSet::from([d.id])),
        Request::Org(r) if r.user_id == id => {
            Some(plan.entities.iter().filter(|e| e.reason == "department left").map(|e| e.id).collect())
        }
        _ => None,
    };
    UserThen { person, departments }
}

async fn user_changes(
    db: &Db,
    plan: &Plan,
    names: &Names,
    now: &User,
    in_now: &[&Department],
    orgs: &mut HashMap<ObjectId, String>,
) -> Result<Vec<String>> {
    let then = user_then(plan, Id(now.id));
    let mut out = Vec::new();
    if let Some(p) = then.person {
        if p.email != now.email {
            out.push(format!("email {} → {}", clean(&p.email), clean(&now.email)));
        }
        if p.access_role != now.raw_role {
            out.push(format!("accessRole {} → {}", clean(&p.access_role), clean(&now.raw_role)));
        }
    }
    let org = &plan.summary.from_organization;
    if now.organization_id != Some(org.id.0) {
        let to = match now.organization_id {
            Some(o) => org_name(db, orgs, o).await?,
            None => "none".into(),
        };
        out.push(format!("organization {} → {to}", quoted(&org.name)));
    }
    if let Some(then) = &then.departments {
        let live: BTreeSet<Id> = in_now.iter().map(|d| Id(d.id)).collect();
        for gone in then.difference(&live) {
            out.push(format!("no longer in department {}", names.or_id(gone)));
        }
        for d in in_now.iter().filter(|d| !then.contains(&Id(d.id))) {
            out.push(format!("now in department {}", quoted(&d.name)));
        }
    }
    if out.is_empty() && !now.is_active {
        out.push("inactive now (isActive: false)".into());
    }
    Ok(out)
}

async fn department_changes(
    db: &Db,
    plan: &Plan,
    names: &Names,
    e: &EntityPlan,
    now: &Department,
    orgs: &mut HashMap<ObjectId, String>,
) -> Result<Vec<String>> {
    let s = &plan.summary;
    let mut out = Vec::new();
    if let Some(then) = names.get(&e.id)
        && then != quoted(&now.name)
    {
        out.push(format!("name {then} → {}", quoted(&now.name)));
    }
    // Every department of a plan is of its source organization, but an
    // organization transfer's target department.
    let org = if e.reason == "target department" && plan.kind() == crate::plan::PlanKind::Org {
        &s.to_organization
    } else {
        &s.from_organization
    };
    if now.organization_id != Some(org.id.0) {
        let to = match now.organization_id {
            Some(o) => org_name(db, orgs, o).await?,
            None => "none".into(),
        };
        out.push(format!("organization {} → {to}", quoted(&org.name)));
    }
    // The users the plan says it listed: a bulk move's source lists every
    // moving user; any source lists its leavers and their re-assignees.
    let mut listed: Vec<&Person> = Vec::new();
    if matches!(plan.request, Request::DepartmentBulk(_)) && s.from_department.as_ref().is_some_and(|d| d.id == e.id) {
        listed.extend(&s.users);
    }
    for a in s.assignments.iter().filter(|a| a.from_department.as_ref().is_some_and(|d| d.id == e.id)) {
        listed.push(&a.user);
        listed.extend(&a.reassignee);
    }
    if let (Request::Org(r), Some(u)) = (&plan.request, s.users.first())
        && e.reason == "department left"
        && r.user_id == u.id
    {
        listed.push(u);
    }
    for p in listed.iter().filter(|p| !now.has(p.id.0)) {
        out.push(format!("no longer lists {}", clean(&p.email)));
    }
    if matches!(plan.request, Request::DepartmentBulk(_)) && s.from_department.as_ref().is_some_and(|d| d.id == e.id) {
        let then: BTreeSet<ObjectId> = s.users.iter().map(|u| u.id.0).collect();
        let new: Vec<ObjectId> =
            now.managers.iter().chain(&now.members).filter(|u| !then.contains(u)).copied().collect();
        if !new.is_empty() {
            let emails: Vec<String> = db.users_by_ids(&new).await?.iter().map(|u| clean(&u.email)).collect();
            out.push(format!("now also lists {}", emails.join(", ")));
        }
    }
    if out.is_empty() {
        out.push("its managers or members".into());
    }
    Ok(out)
}
