//! Department transfers of any number of users: which documents each kind
//! selects (one selection per kind over every leaver, so a kind is read and
//! written in one pass whatever the number of users) and the change.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use super::{Change, DepartmentTransfer, Step, describe, with_condition};
use crate::registry::{DepartmentAction, ResourceKind, Selector};

/// A user leaving a department: where to, and who takes over what stays.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaver {
    pub user: ObjectId,
    pub source: ObjectId,
    pub target: ObjectId,
    pub reassignee: Option<ObjectId>,
}

/// Leavers grouped by the department they leave, in id order.
pub fn by_source(leavers: &[Leaver]) -> BTreeMap<ObjectId, Vec<Leaver>> {
    let mut groups: BTreeMap<ObjectId, Vec<Leaver>> = BTreeMap::new();
    for l in leavers {
        groups.entry(l.source).or_default().push(l.clone());
    }
    groups
}

/// `id`, or `{ $in: ids }` for several.
pub fn one_of(ids: &[ObjectId]) -> Bson {
    match ids {
        [one] => Bson::ObjectId(*one),
        many => Bson::Document(doc! { "$in": many.to_vec() }),
    }
}

/// The conditions that tie a document of `kind` to `who` (a user id, or `$in` users).
pub fn tie(kind: &ResourceKind, who: &Bson) -> Document {
    match kind.selector {
        Selector::Owner => doc! { &kind.owner_field: who.clone() },
        // `$nor`, not `$ne`: planners read a `$ne` as two index ranges over
        // the owner index and walk every other owner's documents.
        Selector::AssigneeNotOwner => doc! {
            kind.assignee_field.as_deref().expect("validated"): who.clone(),
            "$nor": [{ &kind.owner_field: who.clone() }],
        },
        Selector::Approver => doc! { kind.approvers_field.as_deref().expect("validated"): who.clone() },
    }
}

/// The field the selector tests (owner, assignee or approvers).
fn tied_field(kind: &ResourceKind) -> &str {
    match kind.selector {
        Selector::Owner => &kind.owner_field,
        Selector::AssigneeNotOwner => kind.assignee_field.as_deref().expect("validated"),
        Selector::Approver => kind.approvers_field.as_deref().expect("validated"),
    }
}

/// The leavers of a department transfer: users who are in a department now.
pub fn leavers(t: &DepartmentTransfer) -> Vec<Leaver> {
    t.moves
        .iter()
        .filter_map(|m| {
            m.source.as_ref().map(|s| Leaver {
                user: m.user.id,
                source: s.id,
                target: m.target.id,
                reassignee: m.reassignee.as_ref().map(|x| x.id),
            })
        })
        .collect()
}

/// The documents of `kind` in each leaver's own source department tied to
/// that leaver. With one source department it is the flat filter an index
/// serves; with several, the users and departments are also given as `$in`
/// at the top, so the same index drives the read and `$or` only pairs them.
pub fn selection(kind: &ResourceKind, org: ObjectId, leavers: &[Leaver]) -> Document {
    let dept = kind.department_field.as_deref().expect("validated by the registry");
    let groups: BTreeMap<ObjectId, Vec<ObjectId>> =
        by_source(leavers).into_iter().map(|(s, group)| (s, group.iter().map(|l| l.user).collect())).collect();
    let mut f = doc! { &kind.organization_field: org };
    if groups.len() == 1 {
        let (source, users) = groups.into_iter().next().expect("one group");
        f.extend(tie(kind, &one_of(&users)));
        f.insert(dept, source);
    } else {
        let users: Vec<ObjectId> = leavers.iter().map(|l| l.user).collect();
        let sources: Vec<ObjectId> = groups.keys().copied().collect();
        f.insert(tied_field(kind), one_of(&users));
        f.insert(dept, one_of(&sources));
        let pairs: Vec<Document> = groups
            .iter()
            .map(|(source, users)| {
                let mut c = tie(kind, &one_of(users));
                c.insert(dept, *source);
                c
            })
            .collect();
        f.insert("$or", pairs);
    }
    with_condition(kind, f)
}

pub fn step<'r>(kind: &'r ResourceKind, t: &DepartmentTransfer) -> Option<Step<'r>> {
    let leavers = leavers(t);
    if leavers.is_empty() || kind.department_transfer == DepartmentAction::Leave {
        return None;
    }
    let filter = selection(kind, t.org.id, &leavers);
    let change = match kind.department_transfer {
        DepartmentAction::Leave => return None,
        DepartmentAction::FollowOrReassign => Change::FollowOrReassign { leavers },
        DepartmentAction::AssignOrUnassign => Change::AssignOrUnassign { leavers },
        DepartmentAction::ReplaceApprover => Change::ReplaceOrRemoveApprover { leavers },
    };
    let description = describe::department(kind, &change, t);
    Some(Step { kind, filter, change, description })
}
