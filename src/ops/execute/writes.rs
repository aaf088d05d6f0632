//! The writes of a transfer, built without the database: what a batch of a
//! step sends, and the users' and departments' own update. Pure, so they are
//! unit-tested here; `batches` and the phases send them.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};
use mongodb::options::UpdateModifications;

use crate::db::entities::Department;
use crate::db::op::Op;
use crate::ops::transfer::{Change, Leaver, Step, Transfer, by_source, joins_as_manager};
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

/// `inner` of the leavers of the document's own department: a document of a
/// source department answers for that department's leavers only (a user
/// leaving another department, even one joining this one, is not theirs).
fn per_source(leavers: &[Leaver], department: &str, inner: impl Fn(&[Leaver]) -> Bson, default: Bson) -> Bson {
    let groups = by_source(leavers);
    if groups.len() == 1 {
        return inner(groups.values().next().expect("one group"));
    }
    let branches: Vec<Document> = groups
        .iter()
        .map(|(source, group)| doc! { "case": { "$eq": [format!("${department}"), source] }, "then": inner(group) })
        .collect();
    Bson::Document(doc! { "$switch": { "branches": branches, "default": default } })
}

/// What a leaving assignee becomes: their re-assignee, or none.
fn assignee_of(group: &[Leaver], assignee: &str) -> Bson {
    let path = format!("${assignee}");
    let mut branches = by_value(group, |l| l.reassignee);
    let unassigned = users(group, false);
    if !unassigned.is_empty() {
        branches.push((unassigned, "$$REMOVE".into()));
    }
    switch(&path, branches, path.clone().into())
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
                    // Otherwise the re-assignee takes the user's (first)
                    // place in the list: a user listed twice gives one place.
                    Op::update_many(
                        c,
                        within(doc! {}),
                        vec![doc! { "$set": { &a: { "$reduce": {
                            "input": path(&a),
                            "initialValue": [],
                            "in": { "$let": {
                                "vars": { "m": { "$cond": [{ "$eq": ["$$this", from] }, to, "$$this"] } },
                                "in": { "$cond": [
                                    { "$and": [{ "$eq": ["$$m", to] }, { "$in": ["$$m", "$$value"] }] },
                                    "$$value",
                                    { "$concatArrays": ["$$value", ["$$m"]] },
                                ] },
                            } },
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
            if let Some(a) = &k.assignee_field {
                // No document stays in, or arrives in, a department with a
                // user leaving that department as its assignee: what stays
                // maps its department's leavers; what follows its owner keeps
                // its assignee unless that assignee leaves the department it
                // arrives in.
                let d = field(&k.department_field);
                let mut branches: Vec<Document> = Vec::new();
                if !stay.is_empty() {
                    let mapped = per_source(leavers, &d, |group| assignee_of(group, a), path(a).into());
                    branches.push(doc! { "case": { "$in": [&owner, stay] }, "then": mapped });
                }
                let leaving = by_source(leavers);
                for (users, target) in by_value(leavers, |l| l.reassignee.is_none().then_some(l.target)) {
                    let Bson::ObjectId(target) = target else { continue };
                    if let Some(theirs) = leaving.get(&target) {
                        branches.push(doc! { "case": { "$in": [&owner, users] }, "then": assignee_of(theirs, a) });
                    }
                }
                if !branches.is_empty() {
                    set.insert(a, doc! { "$switch": { "branches": branches, "default": path(a) } });
                }
            }
            one(set)
        }
        Change::AssignOrUnassign { leavers } => {
            // The selection pairs each document's department with its own
            // leavers, and a user leaves one department: the assignee decides.
            let a = field(&k.assignee_field);
            one(doc! { &a: assignee_of(leavers, &a) })
        }
        Change::ReplaceOrRemoveApprover { leavers } => {
            // Each leaver is replaced by their re-assignee in place, unless
            // that re-assignee is listed already (never twice), or dropped.
            let a = field(&k.approvers_field);
            let d = field(&k.department_field);
            let mapped = per_source(
                leavers,
                &d,
                |group| {
                    let mut branches = by_value(group, |l| l.reassignee);
                    let removed = users(group, false);
                    if !removed.is_empty() {
                        branches.push((removed, Bson::Document(doc! { "$literal": DROPPED })));
                    }
                    switch("$$this", branches, "$$this".into())
                },
                "$$this".into(),
            );
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

/// What a step's writes make of one selected document: its fields as the
/// server leaves them (`before` holds at least the kind's tracked fields;
/// the answer holds those). The same rules as `step_ops`, evaluated here so
/// that the undo log needs no second read (the batch checks the count of
/// documents it predicts against the count the server changed, and reads
/// them back when the two differ).
pub fn predict(step: &Step<'_>, before: &Document) -> Document {
    let k = step.kind;
    let mut d: Document =
        k.tracked_fields().into_iter().filter_map(|f| before.get(f).map(|v| (f.to_string(), v.clone()))).collect();
    let field = |f: &Option<String>| f.clone().expect("validated by the registry");
    let id = |d: &Document, f: &str| d.get_object_id(f).ok();
    // What the assignee becomes among `group`'s leavers: their re-assignee, or none.
    let reassigned = |d: &mut Document, a: &str, group: &[Leaver]| {
        if let Some(l) = id(d, a).and_then(|v| group.iter().find(|l| l.user == v)) {
            match l.reassignee {
                Some(r) => {
                    d.insert(a, r);
                }
                None => {
                    d.remove(a);
                }
            }
        }
    };
    match &step.change {
        Change::Move { to_org } => {
            d.insert(&k.organization_field, *to_org);
        }
        Change::Reassign { from, to, remaps } => {
            d.insert(&k.owner_field, *to);
            if let Some(a) = &k.assignee_field
                && id(&d, a) == Some(*from)
            {
                d.insert(a, *to);
            }
            if let Some(agent) = &k.agent_field
                && let Some((_, b)) = remaps.iter().find(|(a, _)| id(&d, agent) == Some(*a))
            {
                d.insert(agent, *b);
            }
        }
        Change::Assign { to, .. } => {
            d.insert(field(&k.assignee_field), *to);
        }
        Change::ReplaceApprover { from, to } => {
            let a = field(&k.approvers_field);
            if let Ok(list) = d.get_array(&a) {
                let has_to = list.contains(&Bson::ObjectId(*to));
                let list: Vec<Bson> = if has_to {
                    list.iter().filter(|v| **v != Bson::ObjectId(*from)).cloned().collect()
                } else {
                    let mut out: Vec<Bson> = Vec::new();
                    for v in list {
                        let m = if *v == Bson::ObjectId(*from) { Bson::ObjectId(*to) } else { v.clone() };
                        if !(m == Bson::ObjectId(*to) && out.contains(&m)) {
                            out.push(m);
                        }
                    }
                    out
                };
                d.insert(a, list);
            }
        }
        Change::Repoint { to_department } => {
            d.insert(field(&k.department_field), *to_department);
        }
        Change::FollowOrReassign { leavers } => {
            let dept_field = field(&k.department_field);
            let (owner, dept) = (id(before, &k.owner_field), id(before, &dept_field));
            let Some(l) = leavers.iter().find(|l| Some(l.user) == owner) else { return d };
            match l.reassignee {
                Some(r) => {
                    d.insert(&k.owner_field, r);
                    if let Some(a) = &k.assignee_field {
                        // Stays: the assignee maps among the leavers of its department.
                        let theirs: Vec<Leaver> = leavers.iter().filter(|x| Some(x.source) == dept).cloned().collect();
                        reassigned(&mut d, a, &theirs);
                    }
                }
                None => {
                    d.insert(&dept_field, l.target);
                    if let Some(a) = &k.assignee_field {
                        // Follows: unless its assignee leaves the department it arrives in.
                        let theirs: Vec<Leaver> = leavers.iter().filter(|x| x.source == l.target).cloned().collect();
                        reassigned(&mut d, a, &theirs);
                    }
                }
            }
        }
        Change::AssignOrUnassign { leavers } => {
            reassigned(&mut d, &field(&k.assignee_field), leavers);
        }
        Change::ReplaceOrRemoveApprover { leavers } => {
            let a = field(&k.approvers_field);
            let dept = id(before, &field(&k.department_field));
            let Ok(list) = d.get_array(&a).cloned() else { return d };
            let one_source = by_source(leavers).len() == 1;
            let mut out: Vec<Bson> = Vec::new();
            for m in &list {
                let leaver = m
                    .as_object_id()
                    .and_then(|v| leavers.iter().find(|l| l.user == v && (Some(l.source) == dept || one_source)));
                let mapped = match leaver {
                    Some(l) => match l.reassignee {
                        Some(r) => Bson::ObjectId(r),
                        None => continue,
                    },
                    None => m.clone(),
                };
                if mapped != *m && (list.contains(&mapped) || out.contains(&mapped)) {
                    continue;
                }
                out.push(mapped);
            }
            d.insert(a, out);
        }
    }
    d
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

#[cfg(test)]
#[path = "writes_tests.rs"]
mod tests;
