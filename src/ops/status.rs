//! `status`: the status records execute keeps in `auditlogs`, in the seed's
//! `OrgTransferStatusResponse` shape plus progress.

use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, doc, oid::ObjectId};
use serde_json::{Value, json};

use crate::db::Db;
use crate::db::locks::{LOCKS, server_now};
use crate::error::{CliError, Result};

const ACTIONS: [&str; 2] = ["org_transfer_execute", "department_transfer_execute"];

pub fn parse_id(s: &str) -> Result<ObjectId> {
    ObjectId::parse_str(s.trim())
        .map_err(|_| CliError::usage(format!("\"{s}\" is not a transfer id (24 hexadecimal digits).")))
}

pub async fn get(db: &Db, id: ObjectId) -> Result<Document> {
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .find_one(doc! { "_id": id, "action": { "$in": ACTIONS.as_slice() } })
        .await?
        .ok_or_else(|| CliError::usage(format!("No transfer has the id {id}.")))
}

pub async fn recent(db: &Db, limit: i64) -> Result<Vec<Document>> {
    Ok(db
        .db
        .collection::<Document>(&db.registry.auditlogs)
        .find(doc! { "action": { "$in": ACTIONS.as_slice() } })
        .sort(doc! { "startedAt": -1 })
        .limit(limit.max(1))
        .await?
        .try_collect()
        .await?)
}

/// Whether a live process still holds the transfer's locks (an `in_progress`
/// record whose locks all expired belongs to a process that died).
pub async fn has_live_holder(db: &Db, id: ObjectId) -> Result<bool> {
    let now = server_now(db).await?;
    let n = db
        .db
        .collection::<Document>(LOCKS)
        .count_documents(doc! { "transferId": id, "expiresAt": { "$gt": now } })
        .await?;
    Ok(n > 0)
}

fn date(d: &Document, key: &str) -> Value {
    match d.get(key) {
        Some(Bson::DateTime(t)) => {
            let c = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(t.timestamp_millis()).unwrap_or_default();
            Value::String(c.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        }
        _ => Value::Null,
    }
}

fn num(d: Option<&Document>, key: &str) -> u64 {
    d.and_then(|d| d.get(key)).and_then(crate::ops::execute::as_u64).unwrap_or(0)
}

/// The record as JSON: `transferId`, `status`, `action`, `startedAt`,
/// `completedAt`, `error`, `payload` (the seed's fields), then `progress`,
/// `scanVersion`, `operator`, `swept`.
pub fn to_json(d: &Document) -> Value {
    let progress = d.get_document("progress").ok();
    let mut kinds = serde_json::Map::new();
    if let Some(k) = progress.and_then(|p| p.get_document("kinds").ok()) {
        for (name, v) in k {
            let v = v.as_document();
            kinds.insert(name.clone(), json!({ "processed": num(v, "processed"), "total": num(v, "total") }));
        }
    }
    let mut swept = serde_json::Map::new();
    if let Ok(s) = d.get_document("swept") {
        for (k, v) in s {
            swept.insert(k.clone(), json!(crate::ops::execute::as_u64(v).unwrap_or(0)));
        }
    }
    let operator = d.get_document("operator").ok().map(|o| {
        json!({
            "id": o.get_object_id("id").map(|i| i.to_hex()).unwrap_or_default(),
            "email": o.get_str("email").unwrap_or_default(),
        })
    });
    json!({
        "transferId": d.get_object_id("_id").map(|o| o.to_hex()).unwrap_or_default(),
        "status": d.get_str("status").unwrap_or_default(),
        "action": d.get_str("action").unwrap_or_default(),
        "startedAt": date(d, "startedAt"),
        "completedAt": date(d, "completedAt"),
        "error": d.get_str("error").ok(),
        "payload": d.get("payload").cloned().map(|b| b.into_relaxed_extjson()).unwrap_or(Value::Null),
        "progress": { "processed": num(progress, "processed"), "total": num(progress, "total"), "kinds": kinds },
        "scanVersion": d.get_str("scanVersion").ok(),
        "operator": operator,
        "users": d.get_array("users").ok().map(|a| a.iter().filter_map(|b| b.as_str()).collect::<Vec<_>>()),
        "swept": swept,
    })
}
