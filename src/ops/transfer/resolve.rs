//! Resolution and validation: what a person typed (or a plan's request
//! holds), turned into a validated `Transfer` against the live database; and
//! the transfer a plan records, rebuilt from its request without the database.

use std::collections::{HashMap, HashSet};

use mongodb::bson::oid::ObjectId;

use super::input::{AssignmentInput, BulkInput, DepartmentInput, MayAct, Mistakes, OrgInput, Origin, anyone};
use super::{BulkTransfer, DepartmentTransfer, Move, OrgTransfer, Transfer};
use crate::db::Db;
use crate::db::entities::{Department, Organization, Role, User};
use crate::error::{CliError, Result};
use crate::plan::{Named, Person, Plan, Request};

async fn organization_of(db: &Db, user: &User, flag: &str) -> Result<Organization> {
    let id = user
        .organization_id
        .ok_or_else(|| CliError::usage(format!("{} ({flag}) belongs to no organization.", user.label())))?;
    db.organization_by_id(id).await?.ok_or_else(|| {
        CliError::usage(format!("{} ({flag}) belongs to organization {id}, which does not exist.", user.label()))
    })
}

/// The user an organization transfer moves, their organization and the
/// target one, which must differ (`scan org` and `preview` alike).
pub async fn org_endpoints(db: &Db, user: &str, to_org: &str) -> Result<(User, Organization, Organization)> {
    let user = db.resolve_user(user, "--user").await?;
    let target = db.resolve_organization(to_org, "--to-org").await?;
    let source = organization_of(db, &user, "--user").await?;
    if source.id == target.id {
        return Err(CliError::usage(format!(
            "{} is already in organization {}; the target organization must be another one.",
            user.email,
            target.label()
        ))
        .with_hint("To move the user within the organization, use `scan department`."));
    }
    Ok((user, source, target))
}

pub async fn resolve_org(db: &Db, input: OrgInput<'_>) -> Result<OrgTransfer> {
    let (user, source, target) = org_endpoints(db, input.user, input.to_org).await?;
    let reassignee = db.resolve_user(input.reassignee, "--reassignee").await?;
    check_reassignee(&user, &reassignee, source.id, &source.name)?;
    active(db, &reassignee).await?;
    let department = match input.to_department {
        None => None,
        Some(d) => {
            let d = db.resolve_department(d, "--to-department", Some(target.id)).await?;
            if d.organization_id != Some(target.id) {
                return Err(CliError::usage(format!(
                    "Department {} (--to-department) is not in the target organization {}.",
                    d.label(),
                    target.label()
                )));
            }
            Some(d)
        }
    };
    let remaps = super::remaps::validate(db, &input.remaps, &user, &reassignee, source.id).await?;
    let leaves = db.departments_listing(&[user.id], Some(source.id)).await?;
    Ok(OrgTransfer { user, source, target, role: input.role, reassignee, department, remaps, leaves })
}

/// A re-assignee must be active. One whom an unfinished transfer froze is
/// refused naming that transfer, the real cause, and what finishes it (exit 5).
async fn active(db: &Db, reassignee: &User) -> Result<()> {
    if reassignee.is_active {
        return Ok(());
    }
    if let Some(e) = crate::ops::unfinished::frozen_reassignee(db, reassignee.id, &reassignee.email).await? {
        return Err(e);
    }
    Err(CliError::usage(format!("The re-assignee {} is inactive; choose an active user.", reassignee.email)))
}

fn check_reassignee(user: &User, other: &User, org: ObjectId, org_name: &str) -> Result<()> {
    if other.id == user.id {
        return Err(CliError::usage(format!(
            "The re-assignee must be someone other than the user being moved ({}).",
            user.email
        )));
    }
    if other.organization_id != Some(org) {
        return Err(CliError::usage(format!(
            "The re-assignee {} is not in the user's organization \"{org_name}\" ({org}).",
            other.email
        )));
    }
    Ok(())
}

/// Whom and what an error may suggest: what the operator may act on
/// (`may_act`), never another organization's names to its ADMIN.
fn offer(may_act: &MayAct) -> impl Fn(Option<ObjectId>) -> bool + Send + Sync + '_ {
    move |org: Option<ObjectId>| org.is_some_and(|o| may_act(o).is_ok())
}

async fn user_of(
    db: &Db,
    known: &HashMap<String, User>,
    may_act: &MayAct,
    origin: &Origin,
    input: &str,
    flag: &str,
) -> Result<User> {
    match known.get(input.trim()) {
        Some(u) => Ok(u.clone()),
        None => {
            db.resolve_user_offering(input, &origin.field(flag), &offer(may_act)).await.map_err(|e| origin.locate(e))
        }
    }
}

async fn department_of(
    db: &Db,
    known: &HashMap<String, Department>,
    origin: &Origin,
    input: &str,
    flag: &str,
    org: ObjectId,
) -> Result<Department> {
    match known.get(input.trim()) {
        Some(d) => Ok(d.clone()),
        // The organization's own departments are suggested: it is authorized already.
        None => db.resolve_department(input, &origin.field(flag), Some(org)).await.map_err(|e| origin.locate(e)),
    }
}

/// Resolves and validates a department transfer of any number of users.
/// Users and departments are read with a few queries whatever their number;
/// every error names the assignment (flag, file line, or request entry).
pub async fn resolve_department(db: &Db, input: DepartmentInput) -> Result<DepartmentTransfer> {
    let rows = &input.assignments;
    if rows.is_empty() {
        // Every row of the file had a mistake: those are the error.
        input.mistakes.into_result()?;
        return Err(CliError::usage(
            "There is no assignment to scan: give --user and --to, or an assignments file with rows.",
        ));
    }
    let refs: Vec<&str> =
        rows.iter().flat_map(|a| std::iter::once(a.user.as_str()).chain(a.reassignee.as_deref())).collect();
    let known_users = db.users_by_refs(&refs).await?;
    // Every row is checked, and its mistakes kept: one run reports them all.
    let mut mistakes = input.mistakes;
    let mut users: Vec<Option<User>> = Vec::with_capacity(rows.len());
    for a in rows {
        match user_of(db, &known_users, &input.may_act, &a.origin, &a.user, "--user").await {
            Ok(u) => users.push(Some(u)),
            Err(e) => {
                mistakes.keep(a.origin.line(), e)?;
                users.push(None);
            }
        }
    }
    // The organization is the first resolved user's.
    let Some((first, first_user)) = rows.iter().zip(&users).find_map(|(a, u)| u.as_ref().map(|u| (a, u.clone())))
    else {
        mistakes.into_result()?;
        unreachable!("every row failed, so there are mistakes")
    };
    let first_user = &first_user;
    let org =
        organization_of(db, first_user, &first.origin.field("--user")).await.map_err(|e| first.origin.locate(e))?;
    (input.may_act)(org.id)?;
    let mut seen: HashMap<ObjectId, &Origin> = HashMap::new();
    for (a, slot) in rows.iter().zip(users.iter_mut()) {
        let Some(u) = slot.as_ref() else { continue };
        let wrong = if u.organization_id != Some(org.id) {
            Some(
                CliError::usage(format!(
                    "{} is not in organization {} of {}; one plan moves users of one organization.",
                    u.email,
                    org.label(),
                    first_user.email
                ))
                .with_hint("Make one plan per organization; to move a user to another organization, use `scan org`."),
            )
        } else {
            seen.insert(u.id, &a.origin).map(|before| {
                CliError::usage(format!(
                    "{} is listed twice (also at {}); each user has one assignment.",
                    u.email,
                    before.place()
                ))
            })
        };
        if let Some(e) = wrong {
            mistakes.keep(a.origin.line(), a.origin.locate(e))?;
            *slot = None;
        }
    }
    let dept_refs: Vec<&str> = rows.iter().map(|a| a.target.as_str()).chain(input.delete_source.as_deref()).collect();
    let known_depts = db.departments_by_refs(&dept_refs, org.id).await?;
    let ids: Vec<ObjectId> = users.iter().flatten().map(|u| u.id).collect();
    let listing = db.departments_listing(&ids, Some(org.id)).await?;
    let mut moves = Vec::with_capacity(rows.len());
    for (a, user) in rows.iter().zip(users) {
        let Some(user) = user else { continue };
        let at = |e: CliError| a.origin.locate(e);
        let row: Result<Move> = async {
        let target = department_of(db, &known_depts, &a.origin, &a.target, "--to", org.id).await?;
        if target.organization_id != Some(org.id) {
            return Err(at(CliError::usage(format!(
                "Department {} ({}) is not in {}'s organization {}.",
                target.label(),
                a.origin.field("--to"),
                user.email,
                org.label()
            ))
            .with_hint("To move a user to another organization, use `scan org`.")));
        }
        let current: Vec<&Department> = listing.iter().filter(|d| d.has(user.id)).collect();
        if current.len() > 1 {
            return Err(at(CliError::usage(format!(
                "{} is in {} departments ({}), but a user belongs to at most one; fix the data first.",
                user.email,
                current.len(),
                current.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ")
            ))));
        }
        let source = current.first().map(|d| (*d).clone());
        if source.as_ref().is_some_and(|s| s.id == target.id) {
            return Err(at(CliError::usage(format!(
                "{} is already in department {}; the source and target departments are the same.",
                user.email,
                target.label()
            ))));
        }
        let reassignee = match &a.reassignee {
            None => None,
            Some(r) => {
                let taker = user_of(db, &known_users, &input.may_act, &a.origin, r, "--reassignee").await?;
                check_reassignee(&user, &taker, org.id, &org.name).map_err(at)?;
                active(db, &taker).await.map_err(at)?;
                match &source {
                    None => {
                        return Err(at(CliError::usage(format!(
                            "{} is in no department, so nothing stays behind for a re-assignee to take over.",
                            user.email
                        ))));
                    }
                    Some(s) if !s.has(taker.id) => {
                        return Err(at(CliError::usage(format!(
                            "The re-assignee {} is not in the source department {}.",
                            taker.email,
                            s.label()
                        ))));
                    }
                    Some(s) => {
                        if let Some(other) = seen.get(&taker.id) {
                            return Err(at(CliError::usage(format!(
                                "The re-assignee {} is also leaving department {} in this plan ({}); choose someone who stays.",
                                taker.email,
                                s.label(),
                                other.place()
                            ))));
                        }
                    }
                }
                Some(taker)
            }
        };
        if a.role.is_some() && user.role == Some(Role::Superadmin) {
            return Err(at(CliError::usage(format!(
                "{} is a SUPERADMIN; a new role would demote them. Change a superadmin's role outside a transfer.",
                user.email
            ))));
        }
        Ok(Move { user, source, target, role: a.role, reassignee })
        }
        .await;
        match row {
            Ok(m) => moves.push(m),
            Err(e) => mistakes.keep(a.origin.line(), e)?,
        }
    }
    mistakes.into_result()?;
    let delete_source = match &input.delete_source {
        None => None,
        Some(d) => Some(department_to_delete(db, &known_depts, d, &org, rows, &moves).await?),
    };
    Ok(DepartmentTransfer { org, moves, delete_source })
}

/// `--delete-source`: a department of the organization that the assignments
/// leave without users (nobody stays, nobody joins).
async fn department_to_delete(
    db: &Db,
    known: &HashMap<String, Department>,
    input: &str,
    org: &Organization,
    rows: &[AssignmentInput],
    moves: &[Move],
) -> Result<Department> {
    let from_request = rows.iter().any(|a| matches!(a.origin, Origin::Plan { .. }));
    let flag = if from_request { "deleteSourceDepartmentId" } else { "--delete-source" };
    let d = department_of(db, known, &Origin::Flags, input, flag, org.id).await?;
    if d.organization_id != Some(org.id) {
        return Err(CliError::usage(format!(
            "Department {} ({flag}) is not in organization {}.",
            d.label(),
            org.label()
        )));
    }
    let leaving: HashSet<ObjectId> = moves.iter().map(|m| m.user.id).collect();
    let staying: Vec<String> =
        d.managers.iter().chain(&d.members).filter(|u| !leaving.contains(u)).map(|u| u.to_hex()).collect();
    if !staying.is_empty() {
        return Err(CliError::usage(format!(
            "Department {} ({flag}) keeps {} user{} the assignments do not move ({}), so it would not be empty.",
            d.label(),
            staying.len(),
            if staying.len() == 1 { "" } else { "s" },
            staying.join(", ")
        ))
        .with_hint("Give every user of that department an assignment, or leave out --delete-source."));
    }
    if let Some((a, m)) = rows.iter().zip(moves).find(|(_, m)| m.target.id == d.id) {
        return Err(a.origin.locate(CliError::usage(format!(
            "{} moves to department {}, which {flag} deletes.",
            m.user.email,
            d.label()
        ))));
    }
    Ok(d)
}

pub async fn resolve_bulk(db: &Db, input: BulkInput<'_>) -> Result<BulkTransfer> {
    let source = db.resolve_department_offering(input.from, "--from", None, &offer(&input.may_act)).await?;
    if let Some(org) = source.organization_id {
        (input.may_act)(org)?;
    }
    let target = db.resolve_department(input.to, "--to", source.organization_id).await?;
    let org_id = source
        .organization_id
        .ok_or_else(|| CliError::usage(format!("Department {} belongs to no organization.", source.label())))?;
    if source.id == target.id {
        return Err(CliError::usage(format!("The source and target departments are the same ({}).", source.label())));
    }
    let org = db.organization_by_id(org_id).await?.ok_or_else(|| {
        CliError::usage(format!(
            "Department {} belongs to organization {org_id}, which does not exist.",
            source.label()
        ))
    })?;
    if target.organization_id != Some(org_id) {
        return Err(CliError::usage(format!(
            "Department {} (--to) is not in the organization of {} ({}).",
            target.label(),
            source.label(),
            org.label()
        ))
        .with_hint("Moving users to another organization is an org transfer, one user at a time (`scan org`)."));
    }
    let mut ids: Vec<ObjectId> = source.managers.iter().chain(&source.members).copied().collect();
    ids.sort();
    ids.dedup();
    let users = db.users_by_ids(&ids).await?;
    if users.len() != ids.len() {
        let missing: Vec<String> =
            ids.iter().filter(|id| !users.iter().any(|u| u.id == **id)).map(|id| id.to_hex()).collect();
        return Err(CliError::usage(format!(
            "Department {} lists users that do not exist: {}; fix the data first.",
            source.label(),
            missing.join(", ")
        )));
    }
    Ok(BulkTransfer { org, source, target, delete_source: input.delete_source, users })
}

/// A rollback plan reached code that only transfers take (`ops::rollback` runs those).
fn not_a_transfer() -> CliError {
    CliError::unexpected("A rollback plan was read as a transfer (a defect of this tool).")
}

/// The validated transfer of a plan's request, resolved against the live
/// database: the request alone says what is done.
pub async fn resolve_request(db: &Db, request: &Request) -> Result<Transfer> {
    match request {
        Request::Rollback(_) => Err(not_a_transfer()),
        Request::Org(r) => {
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
            Ok(Transfer::Org(resolve_org(db, input).await?))
        }
        Request::Department(r) => {
            let assignments = r
                .assignments
                .iter()
                .enumerate()
                .map(|(i, a)| AssignmentInput {
                    origin: Origin::Plan { index: i + 1 },
                    user: a.user_id.to_string(),
                    target: a.target_department_id.to_string(),
                    role: a.new_access_role,
                    reassignee: a.reassignee_user_id.map(|x| x.to_string()),
                })
                .collect();
            let delete_source = r.delete_source_department_id.map(|d| d.to_string());
            let input =
                DepartmentInput { assignments, mistakes: Mistakes::default(), delete_source, may_act: anyone() };
            Ok(Transfer::Department(resolve_department(db, input).await?))
        }
        Request::DepartmentBulk(r) => {
            let (Some(from), Some(to)) = (r.source_department_id, r.target_department_id) else {
                return Err(CliError::usage("The plan's bulk request names no source or target department."));
            };
            let input = BulkInput {
                from: &from.to_string(),
                to: &to.to_string(),
                delete_source: r.delete_source_department_id.is_some(),
                may_act: anyone(),
            };
            let t = resolve_bulk(db, input).await?;
            let mut planned: Vec<ObjectId> = r.assignments.iter().map(|a| a.user_id.0).collect();
            let mut live: Vec<ObjectId> = t.users.iter().map(|u| u.id).collect();
            planned.sort();
            live.sort();
            if planned != live {
                return Err(CliError::stale("The source department's users changed since the scan."));
            }
            Ok(Transfer::Bulk(t))
        }
    }
}

/// The transfer a plan records, rebuilt without the database (resume and
/// verify must not re-resolve what the transfer itself changed): every id
/// from the request, names from the summary, which must agree with it
/// (execute checked that the summary is what the request derives).
pub fn from_plan(plan: &Plan) -> Result<Transfer> {
    let s = &plan.summary;
    let wrong = |what: &str| {
        CliError::usage(format!("The plan's summary disagrees with its request ({what})."))
            .with_hint("Scan again; do not edit plan files by hand.")
    };
    let org = |n: &Named| Organization { id: n.id.0, name: n.name.clone() };
    let dept = |n: &Named, o: ObjectId| Department {
        id: n.id.0,
        organization_id: Some(o),
        name: n.name.clone(),
        managers: Vec::new(),
        members: Vec::new(),
        unusable: Vec::new(),
        string_ids: Vec::new(),
    };
    let user = |p: &Person, o: ObjectId| User {
        id: p.id.0,
        email: p.email.clone(),
        name: p.name.clone(),
        organization_id: Some(o),
        role: Role::parse(&p.access_role),
        raw_role: p.access_role.clone(),
        is_active: true,
    };
    let from = s.from_organization.id.0;
    match &plan.request {
        Request::Rollback(_) => Err(not_a_transfer()),
        Request::Org(r) => {
            let u =
                s.users.first().filter(|u| u.id == r.user_id && s.users.len() == 1).ok_or_else(|| wrong("users"))?;
            let x =
                s.reassignee.as_ref().filter(|x| x.id == r.reassignee_user_id).ok_or_else(|| wrong("reassignee"))?;
            if s.to_organization.id != r.target_organization_id {
                return Err(wrong("toOrganization"));
            }
            let department = match (r.target_department_id, &s.to_department) {
                (None, None) => None,
                (Some(id), Some(n)) if n.id == id => Some(dept(n, s.to_organization.id.0)),
                _ => return Err(wrong("toDepartment")),
            };
            Ok(Transfer::Org(OrgTransfer {
                user: user(u, from),
                source: org(&s.from_organization),
                target: org(&s.to_organization),
                role: r.new_access_role,
                reassignee: user(x, from),
                department,
                remaps: r.agent_remaps.iter().map(|m| (m.from_agent_id.0, m.to_agent_id.0)).collect(),
                leaves: Vec::new(),
            }))
        }
        Request::Department(r) => {
            if s.assignments.len() != r.assignments.len() {
                return Err(wrong("assignments"));
            }
            let mut moves = Vec::with_capacity(r.assignments.len());
            for (i, (a, n)) in r.assignments.iter().zip(&s.assignments).enumerate() {
                let agrees = a.user_id == n.user.id
                    && a.target_department_id == n.to_department.id
                    && a.new_access_role == n.new_access_role
                    && a.reassignee_user_id == n.reassignee.as_ref().map(|x| x.id);
                if !agrees {
                    return Err(wrong(&format!("assignment {}", i + 1)));
                }
                moves.push(Move {
                    user: user(&n.user, from),
                    source: n.from_department.as_ref().map(|d| dept(d, from)),
                    target: dept(&n.to_department, from),
                    role: a.new_access_role,
                    reassignee: n.reassignee.as_ref().map(|x| user(x, from)),
                });
            }
            let delete_source = match (r.delete_source_department_id, &s.delete_department) {
                (None, None) => None,
                (Some(id), Some(n)) if n.id == id => Some(dept(n, from)),
                _ => return Err(wrong("deleteDepartment")),
            };
            Ok(Transfer::Department(DepartmentTransfer { org: org(&s.from_organization), moves, delete_source }))
        }
        Request::DepartmentBulk(r) => {
            let source = s
                .from_department
                .as_ref()
                .filter(|d| Some(d.id) == r.source_department_id)
                .ok_or_else(|| wrong("fromDepartment"))?;
            let target = s
                .to_department
                .as_ref()
                .filter(|d| Some(d.id) == r.target_department_id)
                .ok_or_else(|| wrong("toDepartment"))?;
            if s.users.len() != r.assignments.len()
                || r.assignments.iter().zip(&s.users).any(|(a, u)| a.user_id != u.id)
            {
                return Err(wrong("users"));
            }
            Ok(Transfer::Bulk(BulkTransfer {
                org: org(&s.from_organization),
                source: dept(source, from),
                target: dept(target, from),
                delete_source: r.delete_source_department_id.is_some(),
                users: s.users.iter().map(|u| user(u, from)).collect(),
            }))
        }
    }
}
