//! The writes of a transfer, built without the database: what a batch of a
//! step sends, and the users' and departments' own update. Pure, so they are
//! unit-tested here; `batches` and the phases send them.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};
use mongodb::options::UpdateModifications;

use crate::db::entities::Department;
use crate::db::journal::Op;
use crate::ops::transfer::{Change, Leaver, Step, Transfer, joins_as_manager};
use crate::registry::Registry;

/// `filter` AND `extra`, flat where the keys allow (the server plans a flat
/// filter far better than an `$and`).
fn merged(mut filter: Document, extra: Document) -> Document {
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

/// `$switch` on `expr`: each branch sends the listed ids to its value.
fn switch(expr: &str, branches: Vec<(Vec<ObjectId>, Bson)>, default: Bson) -> Bson {
    if branches.is_empty() {
        return default;
    }
    let branches: Vec<Document> =
        branches.into_iter().map(|(ids, then)| doc! { "case": { "$in": [expr, ids] }, "then": then }).collect();
    Bson::Document(doc! { "$switch": { "branches": branches, "default": default } })
}

/// Leavers grouped by what `to` gives each of them (one branch per value).
fn by_value(leavers: &[Leaver], to: impl Fn(&Leaver) -> Option<ObjectId>) -> Vec<(Vec<ObjectId>, Bson)> {
    let mut groups: BTreeMap<ObjectId, Vec<ObjectId>> = BTreeMap::new();
    for l in leavers {
        if let Some(v) = to(l) {
            groups.entry(v).or_default().push(l.user);
        }
    }
    groups.into_iter().map(|(v, ids)| (ids, Bson::ObjectId(v))).collect()
}

fn users(leavers: &[Leaver], with_reassignee: bool) -> Vec<ObjectId> {
    leavers.iter().filter(|l| l.reassignee.is_some() == with_reassignee).map(|l| l.user).collect()
}

/// Marks an approver to drop inside `$reduce` (no id is a string).
const DROPPED: &str = "tether-transfer:dropped";

/// The writes that apply a step's change to the documents of the selection
/// that also match `batch`, and which of them count the documents processed.
/// Every filter repeats the step's selection, so a document changed
/// meanwhile is left alone.
pub fn step_ops(step: &Step<'_>, batch: Document) -> (Vec<Op>, Vec<usize>) {
    let k = step.kind;
    let c = &k.collection;
    // The batch's _id range drives the plan; the selection, inside `$and`,
    // only guards (given as top-level equalities matching a compound index,
    // a planner may walk the whole selection through that index instead).
    let within = |extra: Document| {
        let mut f = batch.clone();
        f.insert("$and", vec![Bson::Document(merged(step.filter.clone(), extra))]);
        f
    };
    // Walk the _id index: the batch is an _id range.
    fn by_id(c: &str, filter: Document, update: impl Into<UpdateModifications>) -> Op {
        Op::update_many_hinted(c, filter, update, doc! { "_id": 1 })
    }
    let field = |f: &Option<String>| f.clone().expect("validated by the registry");
    let path = |f: &str| format!("${f}");
    let one = |set: Document| (vec![by_id(c, within(doc! {}), vec![doc! { "$set": set }])], vec![0]);
    match &step.change {
        Change::Move { to_org } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { &k.organization_field: to_org } })], vec![0])
        }
        Change::Reassign { from, to, remaps } => {
            // The owner, an assignee that was the user, and remapped agents
            // change in one write per document.
            let mut set = doc! { &k.owner_field: to };
            if let Some(a) = &k.assignee_field {
                set.insert(a, doc! { "$cond": [{ "$eq": [path(a), from] }, to, path(a)] });
            }
            if let (Some(agent), false) = (&k.agent_field, remaps.is_empty()) {
                let mut value = Bson::String(path(agent));
                for (a, b) in remaps.iter().rev() {
                    value = Bson::Document(doc! { "$cond": [{ "$eq": [path(agent), a] }, b, value] });
                }
                set.insert(agent, value);
            }
            one(set)
        }
        Change::Assign { to, .. } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { field(&k.assignee_field): to } })], vec![0])
        }
        Change::ReplaceApprover { from, to } => {
            let a = field(&k.approvers_field);
            (
                vec![
                    // Already an approver: the user just goes (never listed twice).
                    by_id(c, within(doc! { &a: to }), doc! { "$pull": { &a: from } }),
                    // Otherwise the re-assignee takes the user's place in the list.
                    Op::update_many(
                        c,
                        within(doc! {}),
                        vec![doc! { "$set": { &a: { "$map": {
                            "input": path(&a),
                            "in": { "$cond": [{ "$eq": ["$$this", from] }, to, "$$this"] },
                        } } } }],
                    ),
                ],
                vec![0, 1],
            )
        }
        Change::Repoint { to_department } => {
            (vec![by_id(c, within(doc! {}), doc! { "$set": { field(&k.department_field): to_department } })], vec![0])
        }
        Change::FollowOrReassign { leavers } => {
            let owner = path(&k.owner_field);
            let stay = users(leavers, true);
            let mut set = Document::new();
            if !stay.is_empty() {
                set.insert(&k.owner_field, switch(&owner, by_value(leavers, |l| l.reassignee), owner.clone().into()));
            }
            if stay.len() < leavers.len() {
                let d = field(&k.department_field);
                let follow = by_value(leavers, |l| l.reassignee.is_none().then_some(l.target));
                set.insert(&d, switch(&owner, follow, path(&d).into()));
            }
            if let (Some(a), false) = (&k.assignee_field, stay.is_empty()) {
                // What stays keeps no leaving user as its assignee; what
                // follows its owner keeps its assignee.
                let mut branches = by_value(leavers, |l| l.reassignee);
                let unassigned = users(leavers, false);
                if !unassigned.is_empty() {
                    branches.push((unassigned, "$$REMOVE".into()));
                }
                let mapped = switch(&path(a), branches, path(a).into());
                set.insert(a, doc! { "$cond": [{ "$in": [owner, stay] }, mapped, path(a)] });
            }
            one(set)
        }
        Change::AssignOrUnassign { leavers } => {
            let a = field(&k.assignee_field);
            let mut branches = by_value(leavers, |l| l.reassignee);
            let unassigned = users(leavers, false);
            if !unassigned.is_empty() {
                branches.push((unassigned, "$$REMOVE".into()));
            }
            one(doc! { &a: switch(&path(&a), branches, path(&a).into()) })
        }
        Change::ReplaceOrRemoveApprover { leavers } => {
            // Each leaver is replaced by their re-assignee in place, unless
            // that re-assignee is listed already (never twice), or dropped.
            let a = field(&k.approvers_field);
            let mut branches = by_value(leavers, |l| l.reassignee);
            let removed = users(leavers, false);
            if !removed.is_empty() {
                branches.push((removed, Bson::Document(doc! { "$literal": DROPPED })));
            }
            let mapped = switch("$$this", branches, "$$this".into());
            let skip = doc! { "$or": [
                { "$eq": ["$$m", { "$literal": DROPPED }] },
                { "$and": [
                    { "$ne": ["$$m", "$$this"] },
                    { "$or": [{ "$in": ["$$m", path(&a)] }, { "$in": ["$$m", "$$value"] }] },
                ] },
            ] };
            let value = doc! { "$reduce": {
                "input": path(&a),
                "initialValue": [],
                "in": { "$let": {
                    "vars": { "m": mapped },
                    "in": { "$cond": [skip, "$$value", { "$concatArrays": ["$$value", ["$$m"]] }] },
                } },
            } };
            one(doc! { &a: value })
        }
    }
}

/// The users' and departments' own changes, applied in one transaction.
/// `bulk_source`: a bulk move's source department as it is now (its
/// managers keep their position in the target).
pub fn subject_ops(registry: &Registry, transfer: &Transfer, bulk_source: Option<&Department>) -> Vec<Op> {
    let u = &registry.users;
    let d = &registry.departments;
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
            // Everyone leaves first, then joins: a swap between two
            // departments is two pulls and two additions.
            let mut leave: BTreeMap<ObjectId, Vec<ObjectId>> = BTreeMap::new();
            let mut join: BTreeMap<ObjectId, (Vec<ObjectId>, Vec<ObjectId>)> = BTreeMap::new();
            let mut roles: BTreeMap<&'static str, Vec<ObjectId>> = BTreeMap::new();
            for m in &t.moves {
                if let Some(s) = &m.source {
                    leave.entry(s.id).or_default().push(m.user.id);
                }
                let lists = join.entry(m.target.id).or_default();
                if m.as_manager() { &mut lists.0 } else { &mut lists.1 }.push(m.user.id);
                if let Some(r) = m.role {
                    roles.entry(r.as_str()).or_default().push(m.user.id);
                }
            }
            for (dept, users) in leave {
                ops.push(Op::update_one(
                    &d.collection,
                    doc! { "_id": dept },
                    doc! { "$pull": { &d.managers: { "$in": &users }, &d.members: { "$in": &users } } },
                ));
            }
            for (dept, (managers, members)) in join {
                let mut add = Document::new();
                for (list, ids) in [(&d.managers, managers), (&d.members, members)] {
                    if !ids.is_empty() {
                        add.insert(list, doc! { "$each": ids });
                    }
                }
                ops.push(Op::update_one(&d.collection, doc! { "_id": dept }, doc! { "$addToSet": add }));
            }
            for (role, ids) in roles {
                ops.push(Op::update_many(
                    &u.collection,
                    doc! { "_id": { "$in": ids } },
                    doc! { "$set": { &u.access_role: role } },
                ));
            }
        }
        Transfer::Bulk(t) => {
            let moving: Vec<ObjectId> = t.users.iter().map(|u| u.id).collect();
            let managers: Vec<ObjectId> = bulk_source
                .map(|s| s.managers.iter().copied().filter(|m| moving.contains(m)).collect())
                .unwrap_or_default();
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
    ops
}
