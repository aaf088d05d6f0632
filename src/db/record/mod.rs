//! The status record: one document per transfer in `auditlogs`, with the
//! seed's `OrgTransferStatusResponse` / `TransferStatusResponse` fields and
//! more. Every reader and writer goes through this module, so the stored
//! shape (field names, their order and BSON types) is written down once:
//! records written by earlier versions of the tool read the same.

mod values;

use futures_util::TryStreamExt;
use mongodb::bson::{self, Bson, DateTime, Document, doc, oid::ObjectId};
use serde::{Deserialize, Serialize};

pub use values::{Action, Count, PerKind, Status};

use super::Db;
use super::op::Op;
use crate::error::{Because, Result};

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct KindProgress {
    pub processed: Count,
    pub total: Count,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub processed: Count,
    pub total: Count,
    #[serde(default)]
    pub kinds: PerKind<KindProgress>,
}

/// A user named in the record: the operator, the one who scanned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: ObjectId,
    pub email: String,
}

/// An approval a transfer ran with (`db::approvals` keeps them all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRef {
    pub approval_id: ObjectId,
    pub approver: UserRef,
    #[serde(default)]
    pub identity: super::identity::Identity,
    pub approved_at: DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The document, field by field in the order execute has always written them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusRecord {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    /// The `_id` in hexadecimal, as the seed's responses name it.
    pub transfer_id: String,
    pub action: Action,
    /// The plan's kind, spelled as the plan file spells it (the database
    /// layer does not depend on the plan's types).
    #[serde(default)]
    pub plan_kind: Bson,
    pub status: Status,
    pub started_at: DateTime,
    pub completed_at: Option<DateTime>,
    pub error: Option<String>,
    /// The request the plan holds (the seed's request shape).
    #[serde(default)]
    pub payload: Bson,
    #[serde(default)]
    pub scan_version: String,
    /// The source organization: whose admins may see the record.
    pub organization_id: ObjectId,
    /// The moving users' emails.
    #[serde(default)]
    pub users: Vec<String>,
    #[serde(default)]
    pub operator: UserRef,
    #[serde(default)]
    pub scanned_by: UserRef,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub tool: String,
    #[serde(default)]
    pub progress: Progress,
    /// Per kind, the documents the final sweep found beyond the plan.
    #[serde(default)]
    pub swept: PerKind<Count>,
    pub updated_at: DateTime,
    /// When each resume started (absent until the first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumed_at: Vec<DateTime>,
    /// What the run waits for now (a lagging secondary); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<String>,
    /// The documents the last batch was sized for (absent until one ran).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<Count>,
    /// A rollback: the transfer it undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<ObjectId>,
    /// A transfer undone: the rollback that undid it (set when that rollback starts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolled_back_by: Option<ObjectId>,
    /// A rollback that ended without putting back every document its plan
    /// counted (they changed after its re-validation): how many per kind.
    /// Such a rollback is not a complete restore: execute exits 8.
    #[serde(default, skip_serializing_if = "PerKind::is_empty")]
    pub not_restored: PerKind<Count>,
    /// A transfer that ended with users or departments not where its plan
    /// puts them (changed or deleted while it ran): how many per subject
    /// (`users`, `departments`). Not a complete transfer: execute exits 8.
    #[serde(default, skip_serializing_if = "PerKind::is_empty")]
    pub not_applied: PerKind<Count>,
    /// How the operator's identity was established (records of earlier
    /// versions: declared). Last, with `approvals`, so that the fields
    /// written before keep their order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_identity: Option<super::identity::Identity>,
    /// The approvals the policy asked for, as they stood when the transfer started.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<ApprovalRef>,
    /// Who ran each `execute --resume`, and when (absent until the first;
    /// `resumedAt` keeps the times alone, as earlier versions wrote them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumes: Vec<Resume>,
    /// Paused from another terminal (`pause`), between batches, locks held;
    /// the status stays `in_progress` (absent: not paused).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    /// When the pause began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<DateTime>,
}

/// One `execute --resume` of a transfer: who, how their identity was
/// established, and when (the database's clock).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    pub operator: UserRef,
    #[serde(default)]
    pub operator_identity: super::identity::Identity,
    pub at: DateTime,
}

impl StatusRecord {
    pub fn from_document(d: Document) -> Result<StatusRecord> {
        let id = d.get("_id").map(|b| b.to_string()).unwrap_or_default();
        let mut r: StatusRecord = bson::from_document(d)
            .or_unexpected(|e| format!("The status record {id} in auditlogs cannot be read: {e}."))?;
        // Stored by an earlier version: a pause was a status.
        if r.status == Status::Paused {
            r.status = Status::InProgress;
            r.paused = true;
        }
        Ok(r)
    }

    pub fn to_document(&self) -> Result<Document> {
        bson::to_document(self).or_unexpected(|e| format!("Cannot write the status record {}: {e}.", self.id))
    }

    /// The insert that starts the record, for the transaction that also starts the journal.
    pub fn insert_op(&self, db: &Db) -> Result<Op> {
        Ok(Op::insert_one(&db.registry.auditlogs, self.to_document()?))
    }
}

fn ours() -> Document {
    doc! { "action": { "$in": Action::ALL.to_vec() } }
}

/// The one record of this tool's that matches `key: value`, if any.
async fn find_one(db: &Db, key: &str, value: impl Into<Bson>) -> Result<Option<StatusRecord>> {
    let mut filter = ours();
    filter.insert(key, value.into());
    let d = db.db.collection::<Document>(&db.registry.auditlogs).find_one(filter).await?;
    d.map(StatusRecord::from_document).transpose()
}

/// The record of transfer `id`, if there is one.
pub async fn load(db: &Db, id: ObjectId) -> Result<Option<StatusRecord>> {
    find_one(db, "_id", id).await
}

/// The record of the transfer that executed the plan of `scan_version`, if any.
pub async fn of_plan(db: &Db, scan_version: &str) -> Result<Option<StatusRecord>> {
    find_one(db, "scanVersion", scan_version).await
}

/// The most recent records (newest first) of these actions, of one source
/// organization or of all; and, apart, the sentence of each record that
/// cannot be read (one record edited by hand does not hide the others).
pub async fn recent(
    db: &Db,
    actions: &[Action],
    organization: Option<ObjectId>,
    limit: i64,
) -> Result<(Vec<StatusRecord>, Vec<String>)> {
    let mut filter = doc! { "action": { "$in": actions.to_vec() } };
    if let Some(org) = organization {
        filter.insert("organizationId", org);
    }
    let docs: Vec<Document> = db
        .db
        .collection::<Document>(&db.registry.auditlogs)
        .find(filter)
        .sort(doc! { "startedAt": -1 })
        .limit(limit.max(1))
        .await?
        .try_collect()
        .await?;
    let (mut read, mut unreadable) = (Vec::new(), Vec::new());
    for d in docs {
        match StatusRecord::from_document(d) {
            Ok(r) => read.push(r),
            Err(e) => unreadable.push(e.message),
        }
    }
    Ok((read, unreadable))
}

/// Counts a batch of `kind` (in the batch's own transaction).
/// (`size`: the documents the batch was sized for, which a resumed run
/// starts from.)
pub fn batch_op(db: &Db, id: ObjectId, kind: &str, n: u64, size: u32) -> Op {
    let n = n as i64;
    Op::update_one(
        &db.registry.auditlogs,
        doc! { "_id": id },
        doc! {
            "$inc": { "progress.processed": n, format!("progress.kinds.{kind}.processed"): n },
            "$set": { "updatedAt": DateTime::now(), "batchSize": size as i64 },
        },
    )
}

/// Closes the record as completed, with what the sweep found (in the
/// transaction that also closes the journal), and what a rollback could not
/// put back (`short`) or a transfer could not put where its plan says
/// (`unplaced`).
pub fn completed_op(
    db: &Db,
    id: ObjectId,
    swept: &PerKind<Count>,
    short: &PerKind<Count>,
    unplaced: &PerKind<Count>,
) -> Result<Op> {
    let swept = bson::to_bson(swept).or_unexpected(|e| format!("Cannot record the sweep: {e}."))?;
    let now = DateTime::now();
    let mut set = doc! {
        "status": Status::Completed,
        "completedAt": now,
        "error": Bson::Null,
        "swept": swept,
        "updatedAt": now,
    };
    if !short.is_empty() {
        set.insert("notRestored", bson::to_bson(short).or_unexpected(|e| format!("{e}"))?);
        set.insert("error", not_restored_message(id, short));
    }
    if !unplaced.is_empty() {
        set.insert("notApplied", bson::to_bson(unplaced).or_unexpected(|e| format!("{e}"))?);
        set.insert("error", not_applied_message(id, unplaced));
    }
    Ok(Op::update_one(&db.registry.auditlogs, doc! { "_id": id }, doc! { "$set": set }))
}

/// `3 documents` / `1 user` / `2 departments`, and whether it is one.
fn counted(kind: &str, n: u64) -> (String, bool) {
    let (one, many) = match kind {
        "users" => ("user", "users"),
        "departments" => ("department", "departments"),
        _ => ("document", "documents"),
    };
    (format!("{n} {}", if n == 1 { one } else { many }), n == 1)
}

/// What a rollback that could not put everything back says (its record's
/// `error`, and execute's message, exit 8): documents changed after its
/// re-validation, users and departments changed since the transfer or gone.
pub fn not_restored_message(id: ObjectId, short: &PerKind<Count>) -> String {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let documents: u64 =
        short.iter().filter(|(k, _)| !matches!(k.as_str(), "users" | "departments")).map(|(_, c)| c.0).sum();
    if documents > 0 {
        let (text, one) = counted("documents", documents);
        parts.push((
            format!("{text} changed after its re-validation and {} not put back", if one { "was" } else { "were" }),
            one,
        ));
    }
    for subject in ["users", "departments"] {
        if let Some(n) = short.get(subject).filter(|c| c.0 > 0) {
            let (text, one) = counted(subject, n.0);
            parts.push((
                format!(
                    "{text} changed since the transfer (or gone) and {} not put back",
                    if one { "was" } else { "were" }
                ),
                one,
            ));
        }
    }
    let all_one = parts.len() == 1 && parts[0].1;
    let listed: Vec<String> = parts.into_iter().map(|(t, _)| t).collect();
    format!(
        "Rollback {id} ended, but {}; `tether-transfer verify {id}` lists {}.",
        listed.join("; "),
        if all_one { "it" } else { "them" }
    )
}

/// What a transfer whose documents, users or departments are not where its
/// plan puts them says (its record's `error`, and execute's message, exit
/// 8): documents that hold a value the tool cannot own (written while it
/// ran), left as they are; users and departments changed or deleted while
/// it ran.
pub fn not_applied_message(id: ObjectId, unplaced: &PerKind<Count>) -> String {
    let subjects = |k: &str| matches!(k, "users" | "departments");
    let mut parts = Vec::new();
    let documents: Vec<String> =
        unplaced.iter().filter(|(k, _)| !subjects(k)).map(|(k, n)| format!("{k} {}", n.0)).collect();
    let n: u64 = unplaced.iter().filter(|(k, _)| !subjects(k)).map(|(_, n)| n.0).sum();
    if n > 0 {
        parts.push(format!(
            "{} ({}) {} a value the tool cannot own (an array where one id belongs, written while it ran) and {} left as {}",
            counted("documents", n).0,
            documents.join(", "),
            if n == 1 { "holds" } else { "hold" },
            if n == 1 { "was" } else { "were" },
            if n == 1 { "it is" } else { "they are" },
        ));
    }
    let placed: Vec<String> = unplaced.iter().filter(|(k, _)| subjects(k)).map(|(k, n)| counted(k, n.0).0).collect();
    if !placed.is_empty() {
        let m: u64 = unplaced.iter().filter(|(k, _)| subjects(k)).map(|(_, n)| n.0).sum();
        parts.push(format!(
            "{} {} not where its plan puts {} (changed or deleted while it ran)",
            placed.join(" and "),
            if m == 1 { "is" } else { "are" },
            if m == 1 { "it" } else { "them" }
        ));
    }
    let total: u64 = unplaced.iter().map(|(_, n)| n.0).sum();
    format!(
        "Transfer {id} ended, but {}; `tether-transfer verify {id}` lists {}.",
        parts.join("; "),
        if total == 1 { "it" } else { "them" }
    )
}

/// Marks a run that stopped with `message` as failed, unless it had completed.
pub async fn mark_failed(db: &Db, id: ObjectId, message: &str) -> Result<()> {
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .update_one(
            doc! { "_id": id, "status": { "$ne": Status::Completed } },
            doc! { "$set": { "status": Status::Failed, "error": message, "updatedAt": DateTime::now() } },
        )
        .await?;
    Ok(())
}

/// Marks a running transfer paused, or running again: its status stays
/// `in_progress` (a record of an earlier version that says `paused` is set
/// back to it), `paused` and `pausedAt` say the pause.
pub async fn mark_paused(db: &Db, id: ObjectId, paused: bool) -> Result<()> {
    let now = DateTime::now();
    let update = if paused {
        doc! { "$set": { "paused": true, "pausedAt": now, "updatedAt": now } }
    } else {
        doc! { "$set": { "status": Status::InProgress, "updatedAt": now }, "$unset": { "paused": "", "pausedAt": "" } }
    };
    let running = vec![Status::InProgress, Status::Paused];
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .update_one(doc! { "_id": id, "status": { "$in": running } }, update)
        .await?;
    Ok(())
}

/// What a running transfer waits for (a lagging secondary), or nothing.
pub async fn mark_waiting(db: &Db, id: ObjectId, reason: Option<&str>) -> Result<()> {
    let update = match reason {
        Some(r) => doc! { "$set": { "waiting": r, "updatedAt": DateTime::now() } },
        None => doc! { "$unset": { "waiting": "" }, "$set": { "updatedAt": DateTime::now() } },
    };
    db.db.collection::<Document>(&db.registry.auditlogs).update_one(doc! { "_id": id }, update).await?;
    Ok(())
}

/// Marks a transfer as running again, and who resumed it when.
pub async fn mark_resumed(db: &Db, id: ObjectId, by: &Resume) -> Result<()> {
    let run = bson::to_bson(by).or_unexpected(|e| format!("Cannot record who resumed the transfer: {e}."))?;
    db.db
        .collection::<Document>(&db.registry.auditlogs)
        .update_one(
            doc! { "_id": id },
            doc! {
                "$set": { "status": Status::InProgress, "error": Bson::Null, "updatedAt": by.at },
                "$push": { "resumedAt": by.at, "resumes": run },
                "$unset": { "paused": "", "pausedAt": "" },
            },
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_actions_are_stored_as_their_names() {
        for s in [Status::InProgress, Status::Paused, Status::Completed, Status::Failed] {
            assert_eq!(bson::to_bson(&s).unwrap(), Bson::String(s.as_str().into()));
            assert_eq!(bson::from_bson::<Status>(Bson::from(s)).unwrap(), s);
        }
        for a in Action::ALL {
            assert_eq!(bson::to_bson(&a).unwrap(), Bson::String(a.as_str().into()));
            assert_eq!(bson::from_bson::<Action>(Bson::from(a)).unwrap(), a);
        }
    }

    fn stored() -> Document {
        let id = ObjectId::new();
        let now = DateTime::now();
        doc! {
            "_id": id,
            "transferId": id.to_hex(),
            "action": Action::DepartmentTransferExecute,
            "planKind": "department",
            "status": Status::Failed,
            "startedAt": now,
            "completedAt": Bson::Null,
            "error": "Interrupted",
            "payload": { "scanVersion": "scan-x", "assignments": [] },
            "scanVersion": "scan-x",
            "organizationId": ObjectId::new(),
            "users": ["a@x.test"],
            "operator": { "id": ObjectId::new(), "email": "root@x.test" },
            "scannedBy": { "id": ObjectId::new(), "email": "root@x.test" },
            "host": "h",
            "tool": "tether-transfer 0.1.0",
            "progress": { "processed": 3i64, "total": 5i64, "kinds": {
                "contacts": { "processed": 2i64, "total": 2i64 },
                "approvalPolicies": { "processed": 1i32, "total": 3.0 },
            } },
            "swept": { "contacts": 1i64 },
            "updatedAt": now,
        }
    }

    #[test]
    fn a_stored_record_reads_and_writes_back_byte_for_byte() {
        let d = stored();
        let r = StatusRecord::from_document(d.clone()).unwrap();
        assert_eq!(r.status, Status::Failed);
        assert_eq!(r.action, Action::DepartmentTransferExecute);
        assert_eq!(r.completed_at, None);
        // The kinds keep their order; a 32-bit integer or a double reads as a count.
        let kinds: Vec<&String> = r.progress.kinds.iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, ["contacts", "approvalPolicies"]);
        assert_eq!(
            r.progress.kinds.get("approvalPolicies"),
            Some(&KindProgress { processed: Count(1), total: Count(3) })
        );
        // Written back, counts are 64-bit integers; everything else is as read.
        let mut want = d;
        want.get_document_mut("progress")
            .unwrap()
            .get_document_mut("kinds")
            .unwrap()
            .insert("approvalPolicies", doc! { "processed": 1i64, "total": 3i64 });
        let back = r.to_document().unwrap();
        assert_eq!(bson::to_vec(&back).unwrap(), bson::to_vec(&want).unwrap());
        // A resumed record keeps its resume times, at the end.
        let mut resumed = want.clone();
        resumed.insert("resumedAt", vec![Bson::DateTime(DateTime::now())]);
        let r = StatusRecord::from_document(resumed.clone()).unwrap();
        assert_eq!(bson::to_vec(&r.to_document().unwrap()).unwrap(), bson::to_vec(&resumed).unwrap());
    }

    #[test]
    fn an_unknown_status_is_an_error_not_a_default() {
        let mut d = stored();
        d.insert("status", "mislaid");
        assert!(StatusRecord::from_document(d).is_err());
    }

    #[test]
    fn a_pause_stored_as_a_status_by_an_earlier_version_reads_as_in_progress_paused() {
        let mut d = stored();
        d.insert("status", "paused");
        let r = StatusRecord::from_document(d).unwrap();
        assert_eq!(r.status, Status::InProgress);
        assert!(r.paused);
        assert!(r.status.unfinished());
        // A record that is not paused writes no pause fields.
        let plain = StatusRecord::from_document(stored()).unwrap();
        assert!(!plain.to_document().unwrap().contains_key("paused"));
    }
}
