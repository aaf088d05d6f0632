//! A step's change in words, for the plan and the tables.

use std::collections::BTreeSet;

use mongodb::bson::oid::ObjectId;

use super::{Change, DepartmentTransfer};
use crate::registry::ResourceKind;

fn assignee(kind: &ResourceKind) -> &str {
    kind.assignee_field.as_deref().unwrap_or("assigneeId")
}

fn approvers(kind: &ResourceKind) -> &str {
    kind.approvers_field.as_deref().unwrap_or("approverIds")
}

fn department_field(kind: &ResourceKind) -> &str {
    kind.department_field.as_deref().unwrap_or("departmentId")
}

/// Organization and bulk changes; `name` shows an id as a person reads it.
pub fn change(kind: &ResourceKind, change: &Change, name: &dyn Fn(ObjectId) -> String) -> String {
    match change {
        Change::Move { to_org } => format!("{} := {}", kind.organization_field, name(*to_org)),
        Change::Reassign { to, remaps, .. } => {
            let mut s = format!("{} := {}", kind.owner_field, name(*to));
            if kind.assignee_field.is_some() {
                s.push_str(&format!("; {} := {} where it was the user", assignee(kind), name(*to)));
            }
            if let (Some(agent), false) = (&kind.agent_field, remaps.is_empty()) {
                for (a, b) in remaps {
                    s.push_str(&format!("; {agent} {a} -> {b}"));
                }
            }
            s
        }
        Change::Assign { to, .. } => format!("{} := {}", assignee(kind), name(*to)),
        Change::ReplaceApprover { to, .. } => format!("{}: the user is replaced by {}", approvers(kind), name(*to)),
        Change::Repoint { to_department } => format!("{} := {}", department_field(kind), name(*to_department)),
        Change::FollowOrReassign { .. } | Change::AssignOrUnassign { .. } | Change::ReplaceOrRemoveApprover { .. } => {
            unreachable!("department changes are described by `department`")
        }
    }
}

/// A department transfer's change: as for one user when every leaver is
/// treated alike and goes to one place, per user otherwise.
pub fn department(kind: &ResourceKind, change: &Change, t: &DepartmentTransfer) -> String {
    let (Change::FollowOrReassign { leavers }
    | Change::AssignOrUnassign { leavers }
    | Change::ReplaceOrRemoveApprover { leavers }) = change
    else {
        unreachable!("only department changes")
    };
    let email = |id: ObjectId| {
        t.moves
            .iter()
            .flat_map(|m| [Some(&m.user), m.reassignee.as_ref()])
            .flatten()
            .find(|u| u.id == id)
            .map(|u| u.email.clone())
            .unwrap_or_else(|| id.to_hex())
    };
    let dept_name = |id: ObjectId| {
        let name = t.moves.iter().find(|m| m.target.id == id).map(|m| m.target.name.clone()).unwrap_or_default();
        format!("{id} ({name})")
    };
    let with: BTreeSet<ObjectId> = leavers.iter().filter_map(|l| l.reassignee).collect();
    let all_with = leavers.iter().all(|l| l.reassignee.is_some());
    let none_with = with.is_empty();
    let one_reassignee = (all_with && with.len() == 1).then(|| email(*with.iter().next().expect("one")));
    let targets: BTreeSet<ObjectId> = leavers.iter().filter(|l| l.reassignee.is_none()).map(|l| l.target).collect();
    let one = leavers.len() == 1;
    match change {
        Change::FollowOrReassign { .. } => {
            let follow = match targets.len() {
                1 => format!("{} := {}", department_field(kind), dept_name(*targets.iter().next().expect("one"))),
                _ => format!("{} := the user's target department", department_field(kind)),
            };
            if none_with {
                return follow;
            }
            let to = one_reassignee.clone().unwrap_or_else(|| "the user's re-assignee".into());
            let mut s = format!("{} := {to}", kind.owner_field);
            if kind.assignee_field.is_some() {
                let was = if one { "the user" } else { "a leaving user" };
                s.push_str(&format!("; {} := {to} where it was {was}", assignee(kind)));
            }
            if all_with { s } else { format!("per user: {follow}; or, with a re-assignee: {s}") }
        }
        Change::AssignOrUnassign { .. } if none_with => format!("{} removed (unassigned)", assignee(kind)),
        Change::AssignOrUnassign { .. } => match one_reassignee {
            Some(x) => format!("{} := {x}", assignee(kind)),
            None if all_with => format!("{} := the user's re-assignee", assignee(kind)),
            None => format!("{} := the user's re-assignee, or removed (unassigned) without one", assignee(kind)),
        },
        Change::ReplaceOrRemoveApprover { .. } => {
            let who = if one { "the user is" } else { "each leaving user is" };
            match (none_with, one_reassignee) {
                (true, _) => format!("{}: {who} removed", approvers(kind)),
                (false, Some(x)) => format!("{}: {who} replaced by {x}", approvers(kind)),
                (false, None) if all_with => format!("{}: {who} replaced by their re-assignee", approvers(kind)),
                (false, None) => {
                    format!("{}: {who} replaced by their re-assignee, or removed without one", approvers(kind))
                }
            }
        }
        _ => unreachable!("only department changes"),
    }
}
