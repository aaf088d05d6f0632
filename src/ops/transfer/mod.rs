//! The transfer model: what a person asked for, resolved against the live
//! database and validated, and the steps (one per resource kind) the registry
//! derives from it. Scan and execute both build a `Transfer` from a request
//! this way, so a plan is re-validated by exactly the rules that made it, and
//! everything execute does follows from the plan's request alone.

mod department;
mod describe;
mod input;
mod remaps;
mod resolve;

pub use department::{Leaver, by_source};
pub use input::{AssignmentInput, BulkInput, DepartmentInput, MayAct, Mistakes, OrgInput, Origin, anyone, parse_remap};
pub use remaps::named_remaps;
pub use resolve::{from_plan, org_endpoints, resolve_bulk, resolve_department, resolve_org, resolve_request};

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::db::entities::{Department, Organization, Role, User};
pub use crate::plan::EntityType;
use crate::plan::{self, Action, Id, Named, Person, PlanKind};
use crate::registry::{BulkAction, OrgAction, Registry, ResourceKind, Selector};

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

/// One assignment of a department transfer, validated: a user leaves their
/// department (if any) for another of the same organization.
#[derive(Debug, Clone)]
pub struct Move {
    pub user: User,
    /// None when the user is in no department yet.
    pub source: Option<Department>,
    pub target: Department,
    pub role: Option<Role>,
    /// A user staying in the source department who takes over what stays there.
    pub reassignee: Option<User>,
}

impl Move {
    /// Whether the user joins the target as a manager (else as a member).
    pub fn as_manager(&self) -> bool {
        joins_as_manager(self.role.or(self.user.role))
    }
}

/// A department transfer of any number of users of one organization, each
/// with their own target, role and re-assignee (the seed's `assignments`).
#[derive(Debug, Clone)]
pub struct DepartmentTransfer {
    pub org: Organization,
    pub moves: Vec<Move>,
    /// Deleted at the end, once nothing points at it (`deleteSourceDepartmentId`).
    pub delete_source: Option<Department>,
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
    Move {
        to_org: ObjectId,
    },
    Reassign {
        from: ObjectId,
        to: ObjectId,
        remaps: Vec<(ObjectId, ObjectId)>,
    },
    Assign {
        from: ObjectId,
        to: ObjectId,
    },
    ReplaceApprover {
        from: ObjectId,
        to: ObjectId,
    },
    Repoint {
        to_department: ObjectId,
    },
    /// Department transfers, owned documents in a leaver's source department:
    /// each follows its owner to their target, or stays and passes to the
    /// owner's re-assignee.
    FollowOrReassign {
        leavers: Vec<Leaver>,
    },
    /// Department transfers, documents of a source department assigned to a
    /// leaver and owned by someone else: assignee := the leaver's re-assignee, or none.
    AssignOrUnassign {
        leavers: Vec<Leaver>,
    },
    /// Department transfers, approval policies of a source department: each
    /// leaver is replaced by their re-assignee, or removed.
    ReplaceOrRemoveApprover {
        leavers: Vec<Leaver>,
    },
}

impl Change {
    /// Whether a write may remove a field of a document (a conversation left
    /// without assignee).
    pub fn may_remove_fields(&self) -> bool {
        match self {
            Change::FollowOrReassign { leavers } | Change::AssignOrUnassign { leavers } => {
                leavers.iter().any(|l| l.reassignee.is_none())
            }
            _ => false,
        }
    }

    pub fn action(&self) -> Action {
        // A department change names the plain action when every leaver has a
        // re-assignee (or none has), the mixed one otherwise.
        let mode = |leavers: &[Leaver], with: Action, without: Action, mixed: Action| {
            let n = leavers.iter().filter(|l| l.reassignee.is_some()).count();
            if n == leavers.len() {
                with
            } else if n == 0 {
                without
            } else {
                mixed
            }
        };
        match self {
            Change::Move { .. } => Action::Move,
            Change::Reassign { .. } => Action::Reassign,
            Change::Assign { .. } => Action::Assign,
            Change::ReplaceApprover { .. } => Action::ReplaceApprover,
            Change::Repoint { .. } => Action::Repoint,
            Change::FollowOrReassign { leavers } => {
                mode(leavers, Action::Reassign, Action::Repoint, Action::FollowOrReassign)
            }
            Change::AssignOrUnassign { leavers } => {
                mode(leavers, Action::Assign, Action::Unassign, Action::AssignOrUnassign)
            }
            Change::ReplaceOrRemoveApprover { leavers } => {
                mode(leavers, Action::ReplaceApprover, Action::RemoveApprover, Action::ReplaceOrRemoveApprover)
            }
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

/// The documents of `kind` tied to `user` in `org` (organization transfers
/// and `preview`).
pub fn selection(kind: &ResourceKind, user: ObjectId, org: ObjectId) -> Document {
    let mut f = doc! { &kind.organization_field: org };
    f.extend(department::tie(kind, &Bson::ObjectId(user)));
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

/// The one value every item gives, if they all agree.
fn common<T: PartialEq + Clone>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.all(|x| x == first).then_some(first)
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

    /// The users who move (and are frozen while their data moves).
    pub fn moving_users(&self) -> Vec<&User> {
        match self {
            Transfer::Org(t) => vec![&t.user],
            Transfer::Department(t) => t.moves.iter().map(|m| &m.user).collect(),
            Transfer::Bulk(t) => t.users.iter().collect(),
        }
    }

    /// The email of `id`, if they are a moving user.
    pub fn email_of(&self, id: ObjectId) -> Option<&str> {
        self.moving_users().into_iter().find(|u| u.id == id).map(|u| u.email.as_str())
    }

    /// The steps, in registry order; kinds the transfer leaves alone are absent.
    pub fn steps<'r>(&self, registry: &'r Registry) -> Vec<Step<'r>> {
        let mut steps = Vec::new();
        for kind in &registry.kinds {
            let step = match self {
                Transfer::Org(t) => org_step(kind, t),
                Transfer::Department(t) => department::step(kind, t),
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
                for m in &t.moves {
                    if let Some(s) = &m.source {
                        v.push(format!("{}: leaves department {}", m.user.email, s.label()));
                    }
                    let pos = if m.as_manager() { "a manager" } else { "a member" };
                    v.push(format!("{}: joins department {} as {pos}", m.user.email, m.target.label()));
                    if let Some(r) = m.role
                        && Some(r) != m.user.role
                    {
                        v.push(format!("{}: accessRole {} -> {r}", m.user.email, m.user.raw_role));
                    }
                }
                if let Some(d) = &t.delete_source {
                    v.push(format!("department {} is deleted once empty", d.label()));
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

    /// Who moves from where to where, for the reviewer; `changes` in words.
    pub fn summary(&self) -> plan::Summary {
        let mut s = match self {
            Transfer::Org(t) => plan::Summary {
                users: vec![person(&t.user)],
                from_organization: named_org(&t.source),
                from_department: None,
                to_organization: named_org(&t.target),
                to_department: t.department.as_ref().map(named_dept),
                reassignee: Some(person(&t.reassignee)),
                new_access_role: Some(t.role),
                changes: Vec::new(),
                assignments: Vec::new(),
                delete_department: None,
                rollback_of: None,
            },
            Transfer::Department(t) => plan::Summary {
                users: t.moves.iter().map(|m| person(&m.user)).collect(),
                from_organization: named_org(&t.org),
                from_department: common(t.moves.iter().map(|m| m.source.as_ref().map(named_dept))).flatten(),
                to_organization: named_org(&t.org),
                to_department: common(t.moves.iter().map(|m| named_dept(&m.target))),
                reassignee: common(t.moves.iter().map(|m| m.reassignee.as_ref().map(person))).flatten(),
                new_access_role: common(t.moves.iter().map(|m| m.role)).flatten(),
                changes: Vec::new(),
                assignments: t
                    .moves
                    .iter()
                    .map(|m| plan::AssignmentSummary {
                        user: person(&m.user),
                        from_department: m.source.as_ref().map(named_dept),
                        to_department: named_dept(&m.target),
                        new_access_role: m.role,
                        reassignee: m.reassignee.as_ref().map(person),
                    })
                    .collect(),
                delete_department: t.delete_source.as_ref().map(named_dept),
                rollback_of: None,
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
                assignments: Vec::new(),
                delete_department: t.delete_source.then(|| named_dept(&t.source)),
                rollback_of: None,
            },
        };
        s.changes = self.subject_changes();
        s
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
                assignments: t
                    .moves
                    .iter()
                    .map(|m| plan::Assignment {
                        user_id: Id(m.user.id),
                        target_department_id: Id(m.target.id),
                        new_access_role: m.role,
                        reassignee_user_id: m.reassignee.as_ref().map(|x| Id(x.id)),
                    })
                    .collect(),
                source_department_id: None,
                target_department_id: None,
                delete_source_department_id: t.delete_source.as_ref().map(|d| Id(d.id)),
            }),
            Transfer::Bulk(t) => plan::Request::DepartmentBulk(plan::DepartmentRequest {
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
                target_department_id: Some(Id(t.target.id)),
                delete_source_department_id: t.delete_source.then_some(Id(t.source.id)),
            }),
        }
    }

    /// The users, departments and organizations whose state the plan depends
    /// on, each once (the first reason it matters names it).
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
                v.extend(t.moves.iter().map(|m| (User, m.user.id, "moving user")));
                v.extend(t.moves.iter().filter_map(|m| m.reassignee.as_ref().map(|x| (User, x.id, "re-assignee"))));
                v.push((Organization, t.org.id, "organization"));
                v.extend(
                    t.moves.iter().filter_map(|m| m.source.as_ref().map(|s| (Department, s.id, "source department"))),
                );
                v.extend(t.moves.iter().map(|m| (Department, m.target.id, "target department")));
                v.extend(t.delete_source.iter().map(|d| (Department, d.id, "department to delete")));
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
        let mut seen = std::collections::HashSet::new();
        v.retain(|(e, id, _)| seen.insert((*e, *id)));
        v
    }
}

fn org_step<'r>(kind: &'r ResourceKind, t: &OrgTransfer) -> Option<Step<'r>> {
    let (moving, taker) = (t.user.id, t.reassignee.id);
    let change = match kind.org_transfer {
        OrgAction::Leave => return None,
        OrgAction::Move => Change::Move { to_org: t.target.id },
        OrgAction::Reassign => Change::Reassign {
            from: moving,
            to: taker,
            remaps: if kind.agent_field.is_some() { t.remaps.clone() } else { Vec::new() },
        },
        OrgAction::Assign => Change::Assign { from: moving, to: taker },
        OrgAction::ReplaceApprover => Change::ReplaceApprover { from: moving, to: taker },
    };
    let description = describe::change(kind, &change, &|id| {
        if id == taker {
            t.reassignee.email.clone()
        } else if id == t.target.id {
            format!("{} ({})", id, t.target.name)
        } else {
            id.to_hex()
        }
    });
    Some(Step { kind, filter: selection(kind, moving, t.source.id), change, description })
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
