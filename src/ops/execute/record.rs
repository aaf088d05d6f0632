//! The transfer's own records: the journal and the status record written
//! before any change, the users frozen while their data moves, the emptied
//! department deleted, and both records closed at the end.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use mongodb::bson::{self, Bson, DateTime, Document, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::{Department, User};
use crate::db::journal::{self, Journal, Op, Phase, set_phase, transact};
use crate::db::locks;
use crate::error::{CliError, Result};
use crate::ops::transfer::Transfer;
use crate::plan::Plan;

/// The journal and the status record, written together before any change.
pub(super) async fn start_records(
    db: &Db,
    id: ObjectId,
    plan: &Plan,
    operator: &User,
    keys: &[String],
    no_freeze: bool,
) -> Result<Journal> {
    let journal = Journal {
        id,
        plan_json: plan.to_json(),
        phase: Phase::Started,
        frozen: Vec::new(),
        no_freeze,
        subjects: keys.to_vec(),
    };
    let now = DateTime::now();
    let mut kinds = Document::new();
    for r in &plan.resources {
        kinds.insert(&r.kind, doc! { "processed": 0i64, "total": r.count as i64 });
    }
    let payload =
        bson::to_bson(&plan.request).map_err(|e| CliError::unexpected(format!("Cannot record the request: {e}.")))?;
    let record = doc! {
        "_id": id,
        "transferId": id.to_hex(),
        "action": plan.kind.action(),
        "planKind": bson::to_bson(&plan.kind).unwrap_or(Bson::Null),
        "status": "in_progress",
        "startedAt": now,
        "completedAt": Bson::Null,
        "error": Bson::Null,
        "payload": payload,
        "scanVersion": &plan.scan_version,
        "organizationId": plan.summary.from_organization.id.0,
        "users": plan.summary.users.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        "operator": { "id": operator.id, "email": &operator.email },
        "scannedBy": { "id": plan.operator.id.0, "email": &plan.operator.email },
        "host": locks::hostname(),
        "tool": format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        "progress": { "processed": 0i64, "total": plan.total() as i64, "kinds": kinds },
        "swept": {},
        "updatedAt": now,
    };
    let ops = [Op::insert_one(journal::JOURNAL, journal.to_doc(now)), Op::insert_one(&db.registry.auditlogs, record)];
    transact(db, &ops, |_| Vec::new(), "start").await?;
    Ok(journal)
}

/// The transfer as recorded in the plan, without consulting the database:

pub(super) async fn processed_so_far(db: &Db, id: ObjectId) -> Result<BTreeMap<String, u64>> {
    let d = db.db.collection::<Document>(&db.registry.auditlogs).find_one(doc! { "_id": id }).await?;
    let mut out = BTreeMap::new();
    if let Some(kinds) =
        d.as_ref().and_then(|d| d.get_document("progress").ok()).and_then(|p| p.get_document("kinds").ok())
    {
        for (k, v) in kinds {
            if let Some(n) = v.as_document().and_then(|v| v.get("processed")).and_then(as_u64) {
                out.insert(k.clone(), n);
            }
        }
    }
    Ok(out)
}

pub fn as_u64(b: &Bson) -> Option<u64> {
    match b {
        Bson::Int32(i) => Some(*i as u64),
        Bson::Int64(i) => Some(*i as u64),
        Bson::Double(d) => Some(*d as u64),
        _ => None,
    }
}

/// Deactivates the moving users, remembering their previous state in the journal.
pub(super) async fn freeze(db: &Db, journal: &mut Journal, transfer: &Transfer) -> Result<()> {
    let u = &db.registry.users;
    let ids: Vec<ObjectId> = transfer.moving_users().iter().map(|u| u.id).collect();
    let users: Vec<Document> = db
        .db
        .collection::<Document>(&u.collection)
        .find(doc! { "_id": { "$in": &ids } })
        .projection(doc! { &u.is_active: 1 })
        .await?
        .try_collect()
        .await?;
    let frozen: Vec<(ObjectId, bool)> = users
        .iter()
        .filter_map(|d| Some((d.get_object_id("_id").ok()?, d.get_bool(&u.is_active).unwrap_or(true))))
        .collect();
    let ops = [
        Op::update_one(
            journal::JOURNAL,
            doc! { "_id": journal.id },
            doc! { "$set": {
                "frozen": frozen.iter().map(|(id, a)| doc! { "userId": id, "wasActive": a }).collect::<Vec<_>>(),
                "phase": Phase::Moving.as_str(),
            } },
        ),
        Op::update_many(&u.collection, doc! { "_id": { "$in": &ids } }, doc! { "$set": { &u.is_active: false } }),
    ];
    transact(db, &ops, |_| Vec::new(), "freeze").await?;
    journal.frozen = frozen;
    Ok(())
}

/// `--delete-source`: deletes the department only when nothing points at it
/// any more.
pub(super) async fn delete_source(db: &Db, id: ObjectId, gone: &Department) -> Result<()> {
    let d = &db.registry.departments;
    let source = db.department_by_id(gone.id).await?;
    let mut left: Vec<String> = Vec::new();
    if let Some(s) = &source {
        if !s.managers.is_empty() || !s.members.is_empty() {
            left.push(format!("{} users", s.managers.len() + s.members.len()));
        }
        let mut seen = std::collections::HashSet::new();
        for k in &db.registry.kinds {
            let Some(field) = &k.department_field else {
                continue;
            };
            if !seen.insert((k.collection.clone(), field.clone())) {
                continue;
            }
            let n = db.db.collection::<Document>(&k.collection).count_documents(doc! { field: gone.id }).await?;
            if n > 0 {
                left.push(format!("{n} {}", k.collection));
            }
        }
    }
    if !left.is_empty() {
        return Err(CliError::unexpected(format!(
            "The department {} is not empty ({}), so it was not deleted.",
            gone.label(),
            left.join(", ")
        )));
    }
    let mut ops = Vec::new();
    if source.is_some() {
        ops.push(Op::delete_one(&d.collection, doc! { "_id": gone.id }));
    }
    transact(db, &ops, |_| vec![set_phase(id, Phase::Finishing)], "delete-source").await?;
    Ok(())
}

/// Restores the users' `isActive`, closes the record and the journal, together.
pub(super) async fn finish(db: &Db, journal: &Journal, plan: &Plan) -> Result<()> {
    let u = &db.registry.users;
    let done = processed_so_far(db, journal.id).await?;
    let mut swept = Document::new();
    for r in &plan.resources {
        let n = done.get(&r.kind).copied().unwrap_or(0);
        if n > r.count {
            swept.insert(&r.kind, (n - r.count) as i64);
        }
    }
    let mut ops: Vec<Op> = journal
        .frozen
        .iter()
        .map(|(user, was)| Op::update_one(&u.collection, doc! { "_id": user }, doc! { "$set": { &u.is_active: was } }))
        .collect();
    let now = DateTime::now();
    ops.push(Op::update_one(
        &db.registry.auditlogs,
        doc! { "_id": journal.id },
        doc! { "$set": { "status": "completed", "completedAt": now, "error": Bson::Null, "swept": swept, "updatedAt": now } },
    ));
    ops.push(set_phase(journal.id, Phase::Completed));
    transact(db, &ops, |_| Vec::new(), "finish").await?;
    Ok(())
}

pub(super) async fn load_record(db: &Db, id: ObjectId) -> Result<Document> {
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .find_one(doc! { "_id": id })
        .await?
        .ok_or_else(|| CliError::unexpected(format!("The status record of transfer {id} disappeared.")))
}
