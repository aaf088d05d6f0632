//! The transfer model: what a person asked for, resolved against the live
//! database and validated, and the steps (one per resource kind) the registry
//! derives from it. Scan and execute both build a `Transfer` this way, so a
//! plan is re-validated by exactly the rules that made it.

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::{Department, Organization, Role, User};
use crate::error::{CliError, Result};
use crate::plan::{self, Action, Id, Named, Person, PlanKind};
use crate::registry::{BulkAction, DepartmentAction, OrgAction, Registry, ResourceKind, Selector};

/// An organization transfer, validated.
#[derive(Debug, Clone)]
pub struct OrgTransfer {
    pub user: User,
    pub source: Organization,
    pub target: Organization,
    pub role: Role,
    pub reassignee: User,
    pub department: Option<Department>,
    pub remaps: Vec<(ObjectId, ObjectId)>,
    /// The departments of the source organization the user leaves.
    pub leaves: Vec<Department>,
}

/// A one-user department transfer, validated.
#[derive(Debug, Clone)]
pub struct DepartmentTransfer {
    pub user: User,
    pub org: Organization,
    /// None when the user is in no department yet.
    pub source: Option<Department>,
    pub target: Department,
    pub role: Option<Role>,
    pub reassignee: Option<User>,
}

/// A bulk department transfer, validated.
#[derive(Debug, Clone)]
pub struct BulkTransfer {
    pub org: Organization,
    pub source: Department,
    pub target: Department,
    pub delete_source: bool,
    /// Every manager and member of the source department.
    pub users: Vec<User>,
}

#[derive(Debug, Clone)]
pub enum Transfer {
    Org(OrgTransfer),
    Department(DepartmentTransfer),
    Bulk(BulkTransfer),
}

/// What a step does to each selected document; carries the ids it writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Move { to_org: ObjectId },
    Reassign { from: ObjectId, to: ObjectId, remaps: Vec<(ObjectId, ObjectId)> },
    Assign { from: ObjectId, to: ObjectId },
    Unassign { from: ObjectId },
    ReplaceApprover { from: ObjectId, to: ObjectId },
    RemoveApprover { from: ObjectId },
    Repoint { to_department: ObjectId },
}

impl Change {
    pub fn action(&self) -> Action {
        match self {
            Change::Move { .. } => Action::Move,
            Change::Reassign { .. } => Action::Reassign,
            Change::Assign { .. } => Action::Assign,
            Change::Unassign { .. } => Action::Unassign,
            Change::ReplaceApprover { .. } => Action::ReplaceApprover,
            Change::RemoveApprover { .. } => Action::RemoveApprover,
            Change::Repoint { .. } => Action::Repoint,
        }
    }
}

/// One resource kind's share of a transfer.
#[derive(Debug, Clone)]
pub struct Step<'r> {
    pub kind: &'r ResourceKind,
    /// Selects exactly the documents this step changes.
    pub filter: Document,
    pub change: Change,
    /// The change in words for the plan and the tables.
    pub description: String,
}

impl Step<'_> {
    /// The field an index must lead with (after the organization) to find
    /// this step's documents without reading the whole collection.
    pub fn driving_field(&self) -> &str {
        let k = self.kind;
        let field = match (&self.change, k.selector) {
            (Change::Repoint { .. }, _) => &k.department_field,
            (_, Selector::Owner) => return &k.owner_field,
            (_, Selector::AssigneeNotOwner) => &k.assignee_field,
            (_, Selector::Approver) => &k.approvers_field,
        };
        field.as_deref().expect("validated by the registry")
    }

    /// The index that serves this step, as a `createIndex` argument.
    pub fn wanted_index(&self) -> Document {
        match self.change {
            Change::Repoint { .. } => doc! { self.driving_field(): 1 },
            _ => doc! { &self.kind.organization_field: 1, self.driving_field(): 1 },
        }
    }
}

/// The documents of `kind` tied to `user` in `org` (and `department`, when given).
pub fn selection(kind: &ResourceKind, user: ObjectId, org: ObjectId, department: Option<ObjectId>) -> Document {
    let mut f = doc! { &kind.organization_field: org };
    match kind.selector {
        Selector::Owner => {
            f.insert(&kind.owner_field, user);
        }
        Selector::AssigneeNotOwner => {
            f.insert(kind.assignee_field.as_deref().expect("validated"), user);
            // `$nor`, not `$ne`: planners read a `$ne` as two index ranges
            // over the owner index and walk every other owner's documents
            // (SecantusDB: 91 ms against 34 ms at 52,000 conversations).
            f.insert("$nor", vec![doc! { &kind.owner_field: user }]);
        }
        Selector::Approver => {
            f.insert(kind.approvers_field.as_deref().expect("validated"), user);
        }
    }
    if let Some(d) = department {
        f.insert(kind.department_field.as_deref().expect("validated"), d);
    }
    with_condition(kind, f)
}

pub fn with_condition(kind: &ResourceKind, mut f: Document) -> Document {
    if let Some(c) = &kind.condition {
        let c = mongodb::bson::to_document(c).expect("conditions are JSON objects");
        f.insert("$and", vec![Bson::Document(c)]);
    }
    f
}

/// How a person is named in a plan.
pub fn person(u: &User) -> Person {
    Person { id: Id(u.id), email: u.email.clone(), name: u.name.clone(), access_role: u.raw_role.clone() }
}

pub fn named_org(o: &Organization) -> Named {
    Named { id: Id(o.id), name: o.name.clone() }
}

pub fn named_dept(d: &Department) -> Named {
    Named { id: Id(d.id), name: d.name.clone() }
}

/// A department with its position for a user: manager or member.
pub fn joins_as_manager(role: Option<Role>) -> bool {
    role == Some(Role::DepartmentHead)
}

impl Transfer {
    pub fn kind(&self) -> PlanKind {
        match self {
            Transfer::Org(_) => PlanKind::Org,
            Transfer::Department(_) => PlanKind::Department,
            Transfer::Bulk(_) => PlanKind::DepartmentBulk,
        }
    }

    /// The organization whose data the transfer touches (the source).
    pub fn organization(&self) -> &Organization {
        match self {
            Transfer::Org(t) => &t.source,
            Transfer::Department(t) => &t.org,
            Transfer::Bulk(t) => &t.org,
        }
    }

    /// The steps, in registry order; kinds the transfer leaves alone are absent.
    pub fn steps<'r>(&self, registry: &'r Registry) -> Vec<Step<'r>> {
        let mut steps = Vec::new();
        for kind in &registry.kinds {
            let step = match self {
                Transfer::Org(t) => org_step(kind, t),
                Transfer::Department(t) => department_step(kind, t),
                Transfer::Bulk(t) => bulk_step(kind, t),
            };
            steps.extend(step);
        }
        steps
    }

    /// What happens to the people and departments themselves, in words.
    pub fn subject_changes(&self) -> Vec<String> {
        match self {
            Transfer::Org(t) => {
                let role = if t.user.role == Some(t.role) {
                    format!("accessRole {} (unchanged)", t.role)
                } else {
                    format!("accessRole {} -> {}", t.user.raw_role, t.role)
                };
                let mut v =
                    vec![format!("{}: organizationId := {} ({}), {role}", t.user.email, t.target.id, t.target.name)];
                for d in &t.leaves {
                    v.push(format!("{}: leaves department {}", t.user.email, d.label()));
                }
                if let Some(d) = &t.department {
                    let pos = if joins_as_manager(Some(t.role)) { "a manager" } else { "a member" };
                    v.push(format!("{}: joins department {} as {pos}", t.user.email, d.label()));
                }
                v
            }
            Transfer::Department(t) => {
                let mut v = Vec::new();
                if let Some(s) = &t.source {
                    v.push(format!("{}: leaves department {}", t.user.email, s.label()));
                }
                let pos = if joins_as_manager(t.role.or(t.user.role)) { "a manager" } else { "a member" };
                v.push(format!("{}: joins department {} as {pos}", t.user.email, t.target.label()));
                if let Some(r) = t.role {
                    if Some(r) != t.user.role {
                        v.push(format!("{}: accessRole {} -> {r}", t.user.email, t.user.raw_role));
                    }
                }
                v
            }
            Transfer::Bulk(t) => {
                let mut v: Vec<String> = t
                    .users
                    .iter()
                    .map(|u| {
                        let pos = if t.source.managers.contains(&u.id) { "manager" } else { "member" };
                        format!("{}: {} -> {} (as {pos})", u.email, t.source.label(), t.target.label())
                    })
                    .collect();
                if t.delete_source {
                    v.push(format!("department {} is deleted once empty", t.source.label()));
                }
                v
            }
        }
    }

    pub fn summary(&self) -> plan::Summary {
        match self {
            Transfer::Org(t) => plan::Summary {
                users: vec![person(&t.user)],
                from_organization: named_org(&t.source),
                from_department: None,
                to_organization: named_org(&t.target),
                to_department: t.department.as_ref().map(named_dept),
                reassignee: Some(person(&t.reassignee)),
                new_access_role: Some(t.role),
                changes: Vec::new(),
            },
            Transfer::Department(t) => plan::Summary {
                users: vec![person(&t.user)],
                from_organization: named_org(&t.org),
                from_department: t.source.as_ref().map(named_dept),
                to_organization: named_org(&t.org),
                to_department: Some(named_dept(&t.target)),
                reassignee: t.reassignee.as_ref().map(person),
                new_access_role: t.role,
                changes: Vec::new(),
            },
            Transfer::Bulk(t) => plan::Summary {
                users: t.users.iter().map(person).collect(),
                from_organization: named_org(&t.org),
                from_department: Some(named_dept(&t.source)),
                to_organization: named_org(&t.org),
                to_department: Some(named_dept(&t.target)),
                reassignee: None,
                new_access_role: None,
                changes: Vec::new(),
            },
        }
    }

    /// The request in the seed's shape.
    pub fn request(&self, scan_version: &str) -> plan::Request {
        match self {
            Transfer::Org(t) => plan::Request::Org(plan::OrgRequest {
                scan_version: scan_version.into(),
                user_id: Id(t.user.id),
                target_organization_id: Id(t.target.id),
                target_department_id: t.department.as_ref().map(|d| Id(d.id)),
                new_access_role: t.role,
                reassignee_user_id: Id(t.reassignee.id),
                agent_remaps: t
                    .remaps
                    .iter()
                    .map(|(a, b)| plan::AgentRemap { from_agent_id: Id(*a), to_agent_id: Id(*b) })
                    .collect(),
            }),
            Transfer::Department(t) => plan::Request::Department(plan::DepartmentRequest {
                scan_version: scan_version.into(),
                assignments: vec![plan::Assignment {
                    user_id: Id(t.user.id),
                    target_department_id: Id(t.target.id),
                    new_access_role: t.role,
                    reassignee_user_id: t.reassignee.as_ref().map(|x| Id(x.id)),
                }],
                source_department_id: None,
                delete_source_department_id: None,
            }),
            Transfer::Bulk(t) => plan::Request::Department(plan::DepartmentRequest {
                scan_version: scan_version.into(),
                assignments: t
                    .users
                    .iter()
                    .map(|u| plan::Assignment {
                        user_id: Id(u.id),
                        target_department_id: Id(t.target.id),
                        new_access_role: None,
                        reassignee_user_id: None,
                    })
                    .collect(),
                source_department_id: Some(Id(t.source.id)),
                delete_source_department_id: t.delete_source.then_some(Id(t.source.id)),
            }),
        }
    }

    /// The users, departments and organizations whose state the plan depends on.
    pub fn entities(&self) -> Vec<(EntityType, ObjectId, &'static str)> {
        use EntityType::*;
        let mut v = Vec::new();
        match self {
            Transfer::Org(t) => {
                v.push((User, t.user.id, "moving user"));
                v.push((User, t.reassignee.id, "re-assignee"));
                v.push((Organization, t.source.id, "source organization"));
                v.push((Organization, t.target.id, "target organization"));
                for d in &t.leaves {
                    v.push((Department, d.id, "department left"));
                }
                if let Some(d) = &t.department {
                    v.push((Department, d.id, "target department"));
                }
            }
            Transfer::Department(t) => {
                v.push((User, t.user.id, "moving user"));
                if let Some(x) = &t.reassignee {
                    v.push((User, x.id, "re-assignee"));
                }
                v.push((Organization, t.org.id, "organization"));
                if let Some(s) = &t.source {
                    v.push((Department, s.id, "source department"));
                }
                v.push((Department, t.target.id, "target department"));
            }
            Transfer::Bulk(t) => {
                for u in &t.users {
                    v.push((User, u.id, "moving user"));
                }
                v.push((Organization, t.org.id, "organization"));
                v.push((Department, t.source.id, "source department"));
                v.push((Department, t.target.id, "target department"));
            }
        }
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityType {
    User,
    Department,
    Organization,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::User => "user",
            EntityType::Department => "department",
            EntityType::Organization => "organization",
        }
    }
    pub fn parse(s: &str) -> Option<EntityType> {
        [EntityType::User, EntityType::Department, EntityType::Organization].into_iter().find(|e| e.as_str() == s)
    }
}

fn org_step<'r>(kind: &'r ResourceKind, t: &OrgTransfer) -> Option<Step<'r>> {
    let (u, x) = (t.user.id, t.reassignee.id);
    let change = match kind.org_transfer {
        OrgAction::Leave => return None,
        OrgAction::Move => Change::Move { to_org: t.target.id },
        OrgAction::Reassign => Change::Reassign {
            from: u,
            to: x,
            remaps: if kind.agent_field.is_some() { t.remaps.clone() } else { Vec::new() },
        },
        OrgAction::Assign => Change::Assign { from: u, to: x },
        OrgAction::ReplaceApprover => Change::ReplaceApprover { from: u, to: x },
    };
    let description = describe(kind, &change, &|id| {
        if id == x {
            t.reassignee.email.clone()
        } else if id == t.target.id {
            format!("{} ({})", id, t.target.name)
        } else {
            id.to_hex()
        }
    });
    Some(Step { kind, filter: selection(kind, u, t.source.id, None), change, description })
}

fn department_step<'r>(kind: &'r ResourceKind, t: &DepartmentTransfer) -> Option<Step<'r>> {
    let source = t.source.as_ref()?;
    let u = t.user.id;
    let x = t.reassignee.as_ref().map(|x| x.id);
    let change = match (kind.department_transfer, x) {
        (DepartmentAction::Leave, _) => return None,
        (DepartmentAction::FollowOrReassign, None) => Change::Repoint { to_department: t.target.id },
        (DepartmentAction::FollowOrReassign, Some(x)) => Change::Reassign { from: u, to: x, remaps: Vec::new() },
        (DepartmentAction::AssignOrUnassign, None) => Change::Unassign { from: u },
        (DepartmentAction::AssignOrUnassign, Some(x)) => Change::Assign { from: u, to: x },
        (DepartmentAction::ReplaceApprover, None) => Change::RemoveApprover { from: u },
        (DepartmentAction::ReplaceApprover, Some(x)) => Change::ReplaceApprover { from: u, to: x },
    };
    let description = describe(kind, &change, &|id| {
        if Some(id) == x {
            t.reassignee.as_ref().map(|r| r.email.clone()).unwrap_or_default()
        } else if id == t.target.id {
            format!("{} ({})", id, t.target.name)
        } else {
            id.to_hex()
        }
    });
    Some(Step { kind, filter: selection(kind, u, t.org.id, Some(source.id)), change, description })
}

fn bulk_step<'r>(kind: &'r ResourceKind, t: &BulkTransfer) -> Option<Step<'r>> {
    match kind.bulk_transfer {
        BulkAction::Leave => None,
        BulkAction::Repoint => {
            let field = kind.department_field.as_deref().expect("validated");
            let change = Change::Repoint { to_department: t.target.id };
            let filter = with_condition(kind, doc! { &kind.organization_field: t.org.id, field: t.source.id });
            let description = format!("{field} := {} ({})", t.target.id, t.target.name);
            Some(Step { kind, filter, change, description })
        }
    }
}

fn describe(kind: &ResourceKind, change: &Change, name: &dyn Fn(ObjectId) -> String) -> String {
    let assignee = kind.assignee_field.as_deref().unwrap_or("assigneeId");
    let approvers = kind.approvers_field.as_deref().unwrap_or("approverIds");
    match change {
        Change::Move { to_org } => format!("{} := {}", kind.organization_field, name(*to_org)),
        Change::Reassign { to, remaps, .. } => {
            let mut s = format!("{} := {}", kind.owner_field, name(*to));
            if kind.assignee_field.is_some() {
                s.push_str(&format!("; {assignee} := {} where it was the user", name(*to)));
            }
            if let (Some(agent), false) = (&kind.agent_field, remaps.is_empty()) {
                for (a, b) in remaps {
                    s.push_str(&format!("; {agent} {a} -> {b}"));
                }
            }
            s
        }
        Change::Assign { to, .. } => format!("{assignee} := {}", name(*to)),
        Change::Unassign { .. } => format!("{assignee} := null (unassigned)"),
        Change::ReplaceApprover { to, .. } => {
            format!("{approvers}: the user is replaced by {}", name(*to))
        }
        Change::RemoveApprover { .. } => format!("{approvers}: the user is removed"),
        Change::Repoint { to_department } => {
            format!("{} := {}", kind.department_field.as_deref().unwrap_or("departmentId"), name(*to_department))
        }
    }
}

// ---------------------------------------------------------------------------
// Resolution and validation.

/// What `scan org` (or a plan's request) asks for, as typed.
pub struct OrgInput<'a> {
    pub user: &'a str,
    pub to_org: &'a str,
    pub role: Role,
    pub reassignee: &'a str,
    pub to_department: Option<&'a str>,
    pub remaps: Vec<(String, String)>,
}

pub struct DepartmentInput<'a> {
    pub user: &'a str,
    pub to: &'a str,
    pub role: Option<Role>,
    pub reassignee: Option<&'a str>,
}

pub struct BulkInput<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub delete_source: bool,
}

/// Splits `FROM=TO` of `--agent-remap`.
pub fn parse_remap(s: &str) -> Result<(String, String)> {
    match s.split_once('=') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok((a.trim().into(), b.trim().into())),
        _ => Err(CliError::usage(format!(
            "--agent-remap \"{s}\" is not of the form FROM_AGENT=TO_AGENT (two agent ObjectIds)."
        ))),
    }
}

fn agent_id(s: &str) -> Result<ObjectId> {
    ObjectId::parse_str(s).map_err(|_| {
        CliError::usage(format!("--agent-remap: \"{s}\" is not an agent ObjectId (24 hexadecimal digits)."))
    })
}

async fn organization_of(db: &Db, user: &User, flag: &str) -> Result<Organization> {
    let id = user
        .organization_id
        .ok_or_else(|| CliError::usage(format!("{} ({flag}) belongs to no organization.", user.label())))?;
    db.organization_by_id(id).await?.ok_or_else(|| {
        CliError::usage(format!("{} ({flag}) belongs to organization {id}, which does not exist.", user.label()))
    })
}

pub async fn resolve_org(db: &Db, input: OrgInput<'_>) -> Result<OrgTransfer> {
    let user = db.resolve_user(input.user, "--user").await?;
    let target = db.resolve_organization(input.to_org, "--to-org").await?;
    let source = organization_of(db, &user, "--user").await?;
    if source.id == target.id {
        return Err(CliError::usage(format!(
            "{} is already in organization {}; the target organization must be another one.",
            user.email,
            target.label()
        ))
        .with_hint("To move the user within the organization, use `scan department`."));
    }
    let reassignee = db.resolve_user(input.reassignee, "--reassignee").await?;
    check_reassignee(&user, &reassignee, source.id, &source.name)?;
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
    let remaps = validate_remaps(db, &input.remaps, &user, &reassignee, source.id).await?;
    let leaves = db.departments_of(user.id, Some(source.id)).await?;
    Ok(OrgTransfer { user, source, target, role: input.role, reassignee, department, remaps, leaves })
}

fn check_reassignee(user: &User, x: &User, org: ObjectId, org_name: &str) -> Result<()> {
    if x.id == user.id {
        return Err(CliError::usage(format!(
            "The re-assignee must be someone other than the user being moved ({}).",
            user.email
        )));
    }
    if x.organization_id != Some(org) {
        return Err(CliError::usage(format!(
            "The re-assignee {} is not in the user's organization \"{org_name}\" ({org}).",
            x.email
        )));
    }
    if !x.is_active {
        return Err(CliError::usage(format!("The re-assignee {} is inactive; choose an active user.", x.email)));
    }
    Ok(())
}

async fn validate_remaps(
    db: &Db,
    remaps: &[(String, String)],
    user: &User,
    reassignee: &User,
    org: ObjectId,
) -> Result<Vec<(ObjectId, ObjectId)>> {
    let registry = &db.registry;
    let agents = registry.kind("agents");
    let automations = registry.kinds.iter().find(|k| k.agent_field.is_some() && k.org_transfer == OrgAction::Reassign);
    let mut out: Vec<(ObjectId, ObjectId)> = Vec::new();
    for (a, b) in remaps {
        let (a, b) = (agent_id(a)?, agent_id(b)?);
        if out.iter().any(|(x, _)| *x == a) {
            return Err(CliError::usage(format!("--agent-remap names agent {a} twice.")));
        }
        let (Some(agents), Some(automations)) = (agents, automations) else {
            return Err(CliError::usage("--agent-remap needs the registry's agents and automations kinds."));
        };
        let coll = db.db.collection::<Document>(&agents.collection);
        let agent_in_org = |id: ObjectId| doc! { "_id": id, &agents.organization_field: org };
        if coll.find_one(agent_in_org(a)).await?.is_none() {
            return Err(CliError::usage(format!("--agent-remap: {a} is not an agent of the user's organization.")));
        }
        let field = automations.agent_field.as_deref().expect("found by agent_field");
        let used = db
            .db
            .collection::<Document>(&automations.collection)
            .count_documents(doc! { &automations.organization_field: org, &automations.owner_field: user.id, field: a })
            .await?;
        if used == 0 {
            return Err(CliError::usage(format!(
                "--agent-remap: agent {a} is used by none of {}'s automations.",
                user.email
            )));
        }
        match coll.find_one(agent_in_org(b)).await? {
            None => {
                return Err(CliError::usage(format!("--agent-remap: {b} is not an agent of the user's organization.")));
            }
            Some(d) if d.get_object_id(&agents.owner_field).ok() != Some(reassignee.id) => {
                return Err(CliError::usage(format!(
                    "--agent-remap: agent {b} is not owned by the re-assignee {}.",
                    reassignee.email
                )));
            }
            Some(_) => {}
        }
        out.push((a, b));
    }
    Ok(out)
}

pub async fn resolve_department(db: &Db, input: DepartmentInput<'_>) -> Result<DepartmentTransfer> {
    let user = db.resolve_user(input.user, "--user").await?;
    let org = organization_of(db, &user, "--user").await?;
    let target = db.resolve_department(input.to, "--to", Some(org.id)).await?;
    if target.organization_id != Some(org.id) {
        return Err(CliError::usage(format!(
            "Department {} (--to) is not in {}'s organization {}.",
            target.label(),
            user.email,
            org.label()
        ))
        .with_hint("To move a user to another organization, use `scan org`."));
    }
    let mut current = db.departments_of(user.id, Some(org.id)).await?;
    if current.len() > 1 {
        return Err(CliError::usage(format!(
            "{} is in {} departments ({}), but a user belongs to at most one; fix the data first.",
            user.email,
            current.len(),
            current.iter().map(Department::label).collect::<Vec<_>>().join(", ")
        )));
    }
    let source = current.pop();
    if source.as_ref().is_some_and(|s| s.id == target.id) {
        return Err(CliError::usage(format!(
            "{} is already in department {}; the source and target departments are the same.",
            user.email,
            target.label()
        )));
    }
    let reassignee = match input.reassignee {
        None => None,
        Some(r) => {
            let x = db.resolve_user(r, "--reassignee").await?;
            check_reassignee(&user, &x, org.id, &org.name)?;
            match &source {
                None => {
                    return Err(CliError::usage(format!(
                        "{} is in no department, so nothing stays behind for --reassignee to take over.",
                        user.email
                    )));
                }
                Some(s) if !s.has(x.id) => {
                    return Err(CliError::usage(format!(
                        "The re-assignee {} is not in the source department {}.",
                        x.email,
                        s.label()
                    )));
                }
                Some(_) => {}
            }
            Some(x)
        }
    };
    if input.role.is_some() && user.role == Some(Role::Superadmin) {
        return Err(CliError::usage(format!(
            "{} is a SUPERADMIN; --role would demote them. Change a superadmin's role outside a transfer.",
            user.email
        )));
    }
    Ok(DepartmentTransfer { user, org, source, target, role: input.role, reassignee })
}

pub async fn resolve_bulk(db: &Db, input: BulkInput<'_>) -> Result<BulkTransfer> {
    let source = db.resolve_department(input.from, "--from", None).await?;
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
