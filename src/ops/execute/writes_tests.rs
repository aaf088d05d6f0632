//! Unit tests of `writes`.

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use super::*;
use crate::db::entities::{Department, Organization, User};
use crate::ops::transfer::{DepartmentTransfer, Move};
use crate::registry::Registry;

fn id(n: u8) -> ObjectId {
    ObjectId::from_bytes([n; 12])
}

fn user(n: u8) -> User {
    User {
        id: id(n),
        email: format!("u{n}@x.test"),
        name: None,
        organization_id: Some(id(100)),
        role: Some(crate::db::entities::Role::SalesRep),
        raw_role: "SALES_REP".into(),
        is_active: true,
    }
}

fn dept(n: u8) -> Department {
    Department {
        id: id(n),
        organization_id: Some(id(100)),
        name: format!("d{n}"),
        managers: vec![],
        members: vec![],
        unusable: vec![],
        string_ids: vec![],
    }
}

/// u1 (d10 -> d20, re-assignee u3), u2 (d10 -> d30, follows), u4 (d20 -> d10, a swap with u1).
fn transfer() -> Transfer {
    let m = |u: u8, from: u8, to: u8, x: Option<u8>| Move {
        user: user(u),
        source: Some(dept(from)),
        target: dept(to),
        role: None,
        reassignee: x.map(user),
    };
    Transfer::Department(DepartmentTransfer {
        org: Organization { id: id(100), name: "o".into() },
        moves: vec![m(1, 10, 20, Some(3)), m(2, 10, 30, None), m(4, 20, 10, None)],
        delete_source: None,
    })
}

fn pipeline_set(op: &Op) -> Document {
    let Op::UpdateMany { update: UpdateModifications::Pipeline(stages), .. } = op else {
        panic!("a pipeline update: {op:?}")
    };
    stages[0].get_document("$set").unwrap().clone()
}

fn filter(op: &Op) -> &Document {
    let Op::UpdateMany { filter, .. } = op else { panic!("an updateMany") };
    filter
}

#[test]
fn owned_documents_follow_or_pass_per_user_in_one_write() {
    let registry = Registry::default();
    let t = transfer();
    let steps = t.steps(&registry);
    let contacts = steps.iter().find(|s| s.kind.key == "conversations").unwrap();
    let (ops, counted) = step_ops(contacts, doc! { "_id": { "$gte": 1, "$lte": 9 } });
    assert_eq!((ops.len(), counted), (1, vec![0]));
    let set = pipeline_set(&ops[0]);
    // The owner: u1's pass to u3; everyone else's stay theirs.
    assert_eq!(
        set.get("userId").unwrap(),
        &Bson::Document(doc! { "$switch": {
            "branches": [{ "case": { "$in": ["$userId", [id(1)]] }, "then": id(3) }],
            "default": "$userId",
        } })
    );
    // The department: u2's go to d30, u4's to d10 (u1's stay).
    assert_eq!(
        set.get("departmentId").unwrap(),
        &Bson::Document(doc! { "$switch": {
            "branches": [
                { "case": { "$in": ["$userId", [id(4)]] }, "then": id(10) },
                { "case": { "$in": ["$userId", [id(2)]] }, "then": id(30) },
            ],
            "default": "$departmentId",
        } })
    );
    // What stays (u1's, in d10) keeps no assignee leaving d10: u1 -> u3,
    // u2 unassigned; u4 leaves d20 (and joins d10), so stays assigned.
    let assignee = set.get_document("assigneeId").unwrap().get_document("$switch").unwrap();
    let cases = assignee.get_array("branches").unwrap();
    assert_eq!(assignee.get_str("default"), Ok("$assigneeId"));
    let stays = cases[0].as_document().unwrap();
    assert_eq!(stays.get_document("case").unwrap(), &doc! { "$in": ["$userId", [id(1)]] });
    let by_department = stays.get_document("then").unwrap().get_document("$switch").unwrap();
    let d10 = by_department.get_array("branches").unwrap()[0].as_document().unwrap();
    assert_eq!(d10.get_document("case").unwrap(), &doc! { "$eq": ["$departmentId", id(10)] });
    assert_eq!(
        d10.get_document("then").unwrap().get_document("$switch").unwrap().get_array("branches").unwrap(),
        &vec![
            Bson::Document(doc! { "case": { "$in": ["$assigneeId", [id(1)]] }, "then": id(3) }),
            Bson::Document(doc! { "case": { "$in": ["$assigneeId", [id(2)]] }, "then": "$$REMOVE" }),
        ]
    );
    let d20 = by_department.get_array("branches").unwrap()[1].as_document().unwrap();
    assert_eq!(
        d20.get_document("then").unwrap().get_document("$switch").unwrap().get_array("branches").unwrap(),
        &vec![Bson::Document(doc! { "case": { "$in": ["$assigneeId", [id(4)]] }, "then": "$$REMOVE" })]
    );
    // What follows u4 into d10 gives up an assignee leaving d10 (u1 to
    // u3, u2 unassigned); what follows u2 into d30 (no one leaves d30)
    // keeps its assignee.
    assert_eq!(cases.len(), 2, "{cases:?}");
    let follows = cases[1].as_document().unwrap();
    assert_eq!(follows.get_document("case").unwrap(), &doc! { "$in": ["$userId", [id(4)]] });
    assert_eq!(
        follows.get_document("then").unwrap().get_document("$switch").unwrap().get_array("branches").unwrap(),
        &vec![
            Bson::Document(doc! { "case": { "$in": ["$assigneeId", [id(1)]] }, "then": id(3) }),
            Bson::Document(doc! { "case": { "$in": ["$assigneeId", [id(2)]] }, "then": "$$REMOVE" }),
        ]
    );
    // The batch drives, the selection guards: each leaver in their own source only.
    let f = filter(&ops[0]);
    assert_eq!(f.get_document("_id").unwrap(), &doc! { "$gte": 1, "$lte": 9 });
    let guard = f.get_array("$and").unwrap()[0].as_document().unwrap();
    assert_eq!(guard.get_document("userId").unwrap(), &doc! { "$in": [id(1), id(2), id(4)] });
    assert_eq!(
        guard.get_array("$or").unwrap(),
        &vec![
            Bson::Document(doc! { "userId": { "$in": [id(1), id(2)] }, "departmentId": id(10) }),
            Bson::Document(doc! { "userId": id(4), "departmentId": id(20) }),
        ]
    );
}

#[test]
fn approvers_are_replaced_in_place_never_twice_or_dropped() {
    let registry = Registry::default();
    let t = transfer();
    let steps = t.steps(&registry);
    let policies = steps.iter().find(|s| s.kind.key == "approvalPolicies").unwrap();
    let (ops, counted) = step_ops(policies, doc! { "_id": { "$in": [1] } });
    assert_eq!((ops.len(), counted), (1, vec![0]));
    let set = pipeline_set(&ops[0]);
    let reduce = set.get_document("approverIds").unwrap().get_document("$reduce").unwrap();
    assert_eq!(reduce.get_str("input"), Ok("$approverIds"));
    let vars = reduce.get_document("in").unwrap().get_document("$let").unwrap().get_document("vars").unwrap();
    // Per department: a d10 policy maps d10's leavers only (u4, joining
    // d10 from d20, keeps his place on it).
    let by_department = vars.get_document("m").unwrap().get_document("$switch").unwrap();
    let d10 = by_department.get_array("branches").unwrap()[0].as_document().unwrap();
    assert_eq!(d10.get_document("case").unwrap(), &doc! { "$eq": ["$departmentId", id(10)] });
    let branches = d10.get_document("then").unwrap().get_document("$switch").unwrap().get_array("branches").unwrap();
    assert_eq!(branches[0], Bson::Document(doc! { "case": { "$in": ["$$this", [id(1)]] }, "then": id(3) }));
    assert_eq!(
        branches[1],
        Bson::Document(doc! { "case": { "$in": ["$$this", [id(2)]] }, "then": { "$literal": DROPPED } })
    );
    assert_eq!(by_department.get_str("default"), Ok("$$this"));
}

#[test]
fn users_leave_before_they_join_so_a_swap_is_two_pulls_and_two_additions() {
    let registry = Registry::default();
    let ops = subject_ops(&registry, &transfer(), None);
    let summary: Vec<(String, Document, Document)> = ops
        .iter()
        .map(|op| match op {
            Op::UpdateOne { coll, filter, update: UpdateModifications::Document(u) } => {
                (coll.clone(), filter.clone(), u.clone())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let pull = |d: u8, users: Vec<ObjectId>| {
        (
            "departments".to_string(),
            doc! { "_id": id(d) },
            doc! { "$pull": { "managers": { "$in": users.clone() }, "members": { "$in": users } } },
        )
    };
    let add = |d: u8, users: Vec<ObjectId>| {
        ("departments".to_string(), doc! { "_id": id(d) }, doc! { "$addToSet": { "members": { "$each": users } } })
    };
    assert_eq!(
        summary,
        vec![
            pull(10, vec![id(1), id(2)]),
            pull(20, vec![id(4)]),
            add(10, vec![id(4)]),
            add(20, vec![id(1)]),
            add(30, vec![id(2)]),
        ]
    );
}
