//! Unit tests of `undo`.

use super::*;

fn oid(n: u8) -> ObjectId {
    ObjectId::from_bytes([n; 12])
}

#[test]
fn documents_are_grouped_by_what_changed() {
    let fields: Vec<String> = ["_id", "userId", "assigneeId"].map(String::from).to_vec();
    let (u, x, y) = (oid(1), oid(2), oid(3));
    let before = vec![
        doc! { "_id": oid(10), "userId": u, "assigneeId": u },
        doc! { "_id": oid(11), "userId": u, "assigneeId": y },
        doc! { "_id": oid(12), "userId": u, "assigneeId": u },
        doc! { "_id": oid(13), "userId": u },
        doc! { "_id": oid(14), "userId": x },
    ];
    let after = vec![
        doc! { "_id": oid(10), "userId": x, "assigneeId": x },
        doc! { "_id": oid(11), "userId": x, "assigneeId": y },
        doc! { "_id": oid(12), "userId": x, "assigneeId": x },
        doc! { "_id": oid(13), "userId": x },
        doc! { "_id": oid(14), "userId": x },
    ];
    let c = diff(&before, &after, &fields);
    assert_eq!(c.documents(), 4, "the unchanged document is not logged");
    let both = c.groups.iter().find(|g| g.ids == [oid(10).into(), oid(12).into()]).unwrap();
    assert_eq!(both.before, doc! { "userId": u, "assigneeId": u });
    assert_eq!(both.after, doc! { "userId": x, "assigneeId": x });
    // What did not change is kept too, for the rollback's guard: the
    // assignee that stayed, the assignee that was never there.
    let kept = c.groups.iter().find(|g| g.ids == [oid(11).into()]).unwrap();
    assert_eq!(kept.before, doc! { "userId": u });
    assert_eq!(kept.after, doc! { "userId": x, "assigneeId": y });
    let none = c.groups.iter().find(|g| g.ids == [oid(13).into()]).unwrap();
    assert_eq!(none.absent, vec!["assigneeId".to_string()]);
    assert!(c.deleted.is_empty());
}

#[test]
fn a_removed_field_keeps_its_position_and_an_added_one_is_unset() {
    let fields: Vec<String> = ["assigneeId", "departmentId"].map(String::from).to_vec();
    let before = vec![doc! { "_id": oid(10), "a": 1, "assigneeId": oid(1), "b": 2 }];
    let after = vec![doc! { "_id": oid(10), "departmentId": oid(5) }];
    let c = diff(&before, &after, &fields);
    let g = &c.groups[0];
    assert_eq!(g.removed, vec![("assigneeId".to_string(), Some(2))]);
    assert_eq!(g.unset, vec!["departmentId".to_string()]);
    assert_eq!(Group::from_doc(&g.to_doc()).as_ref(), Some(g));
    let Op::UpdateMany { filter, .. } = restore_op("conversations", g) else { panic!() };
    assert_eq!(filter.get_array("$and").unwrap()[1], Bson::Document(doc! { "assigneeId": { "$exists": false } }));
}

#[test]
fn ids_of_every_type_are_logged_and_restored_by_their_own_type() {
    use mongodb::bson::{Binary, spec::BinarySubtype};
    let fields: Vec<String> = ["_id", "userId"].map(String::from).to_vec();
    let (u, x) = (oid(1), oid(2));
    let ids = [
        Bson::String("crm-import-0001".into()),
        Bson::String(oid(9).to_hex()),
        Bson::Int32(7),
        Bson::Int64(7),
        Bson::Double(7.5),
        Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![3; 16] }),
        Bson::Document(doc! { "crm": "x", "n": 1 }),
        Bson::ObjectId(oid(9)),
    ];
    let before: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": u }).collect();
    let after: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": x }).collect();
    let c = diff(&before, &after, &fields);
    assert_eq!(c.documents(), ids.len(), "every id is logged: {c:?}");
    let back = Group::from_doc(&c.groups[0].to_doc()).unwrap();
    let logged: Vec<&Bson> = back.ids.iter().map(DocId::bson).collect();
    assert_eq!(logged, ids.iter().collect::<Vec<_>>(), "each id keeps its exact type");
    let Op::UpdateMany { filter, .. } = restore_op("contacts", &back) else { panic!() };
    assert_eq!(filter.get_document("_id").unwrap().get_array("$in").unwrap(), &ids.to_vec());
}

#[test]
fn a_restore_requires_a_number_of_the_same_type() {
    let g = Group { after: doc! { "n": 7, "userId": oid(1) }, ids: vec![oid(2).into()], ..Group::default() };
    let filter = still_as_set(&g);
    let and = filter.get_array("$and").unwrap();
    assert_eq!(
        and[0],
        Bson::Document(doc! { "n": { "$eq": 7, "$type": 16 }, "$nor": [{ "n": { "$type": "array" } }] }),
        "7 (int32), not 7.0"
    );
    assert_eq!(and[1], Bson::Document(doc! { "userId": oid(1), "$nor": [{ "userId": { "$type": "array" } }] }));
}

#[test]
fn a_prediction_per_set_of_values_is_a_prediction_per_document() {
    use mongodb::bson::{Binary, spec::BinarySubtype};
    let fields: Vec<String> = ["_id", "userId", "assigneeId", "tags"].map(String::from).to_vec();
    let (u, x, y) = (oid(1), oid(2), oid(3));
    // Ids of 7 BSON types, each document its own.
    let id_of = |n: usize| match n % 7 {
        0 => Bson::ObjectId(ObjectId::from_bytes([n as u8; 12])),
        1 => Bson::String(format!("crm-{n}")),
        2 => Bson::Int32(n as i32),
        3 => Bson::Int64(1000 + n as i64),
        4 => Bson::Double(n as f64 + 0.5),
        5 => Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![n as u8; 16] }),
        _ => Bson::Document(doc! { "crm": n as i32 }),
    };
    // Values that compare equal in a query but are not the same bytes
    // (7 and 7.0, null and absent, a scalar and an array holding it).
    let assignees = [
        Some(Bson::ObjectId(u)),
        Some(Bson::ObjectId(y)),
        None,
        Some(Bson::Null),
        Some(Bson::Int32(7)),
        Some(Bson::Double(7.0)),
        Some(Bson::Array(vec![Bson::ObjectId(u)])),
        Some(Bson::String(u.to_hex())),
    ];
    let mut before = Vec::new();
    for n in 0..56 {
        let mut d = doc! { "_id": id_of(n), "userId": u };
        if let Some(a) = &assignees[n % assignees.len()] {
            d.insert("assigneeId", a.clone());
        }
        if n % 3 == 0 {
            d.insert("tags", vec![Bson::Int32(1)]);
        }
        before.push(d);
    }
    let predict = |d: &Document| {
        let mut p = d.clone();
        p.insert("userId", x);
        if d.get("assigneeId") == Some(&Bson::ObjectId(u)) {
            p.insert("assigneeId", x);
        }
        if d.get("assigneeId") == Some(&Bson::Null) {
            p.remove("assigneeId");
        }
        p
    };
    let per_document = diff(&before, &before.iter().map(predict).collect::<Vec<_>>(), &fields);
    assert_eq!(predicted(&before, &fields, &predict), per_document);
    assert!(per_document.groups.len() > 3, "{per_document:?}");
    assert!(per_document.groups.iter().any(|g| g.ids.len() > 1), "documents sharing values share a group");
}

#[test]
fn a_deleted_document_is_kept_whole() {
    let d = doc! { "_id": oid(7), "name": "Support", "managers": [] };
    let c = diff(std::slice::from_ref(&d), &[], &["managers".to_string()]);
    assert_eq!(c.deleted, vec![d]);
}
