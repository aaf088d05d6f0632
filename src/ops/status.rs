//! `status`: the status records execute keeps in `auditlogs` (`db::record`),
//! who may see which, whether a process still works on one, and the record
//! in the seed's `OrgTransferStatusResponse` shape plus progress.

use futures_util::TryStreamExt;
use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};
use serde_json::{Value, json};

use crate::db::Db;
use crate::db::entities::{Organization, Role, User};
use crate::db::locks::{Holder, LOCKS, process_alive, server_now};
use crate::db::record::{self, Action, StatusRecord};
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Need};

pub fn parse_id(s: &str) -> Result<ObjectId> {
    ObjectId::parse_str(s.trim())
        .map_err(|_| CliError::usage(format!("\"{s}\" is not a transfer id (24 hexadecimal digits).")))
}

pub async fn get(db: &Db, id: ObjectId) -> Result<StatusRecord> {
    record::load(db, id).await?.ok_or_else(|| CliError::not_found(format!("No transfer has the id {id}.")))
}

/// Who may see a record: organization transfers are a superadmin's; a
/// department transfer also its organization's admins.
pub fn authorize(operator: &User, record: &StatusRecord) -> Result<()> {
    match record.action {
        Action::OrgTransferExecute | Action::OrgTransferRollback => {
            auth::authorize(operator, Need::Superadmin, "see organization transfers")
        }
        Action::DepartmentTransferExecute | Action::DepartmentTransferRollback => {
            auth::authorize(operator, Need::AdminOf(record.organization_id), "see this organization's transfers")
        }
    }
}

/// Which records a listing may hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// A superadmin's: every transfer.
    All,
    /// An admin's: the department transfers of their organization.
    DepartmentTransfersOf(Organization),
}

pub struct Listing {
    pub scope: Scope,
    /// Newest first.
    pub records: Vec<StatusRecord>,
    /// Records among them that cannot be read, each in a sentence.
    pub unreadable: Vec<String>,
}

/// The `limit` most recent transfers the operator may see; the scope is in
/// the query, so an admin gets up to `limit` of their own whatever else is newer.
pub async fn list(db: &Db, operator: &User, limit: i64) -> Result<Listing> {
    let (scope, actions, organization) = match (operator.role, operator.organization_id) {
        (Some(Role::Superadmin), _) => (Scope::All, Action::ALL.to_vec(), None),
        (Some(Role::Admin), Some(org)) => {
            let organization =
                db.organization_by_id(org).await?.unwrap_or_else(|| Organization { id: org, name: org.to_hex() });
            (
                Scope::DepartmentTransfersOf(organization),
                vec![Action::DepartmentTransferExecute, Action::DepartmentTransferRollback],
                Some(org),
            )
        }
        _ => return Err(auth::authorize(operator, Need::Superadmin, "list transfers").unwrap_err()),
    };
    let (records, unreadable) = record::recent(db, &actions, organization, limit).await?;
    Ok(Listing { scope, records, unreadable })
}

/// Whether a live process still holds the transfer's locks. A record that
/// says `in_progress` with none belongs to a run that died.
pub async fn has_live_holder(db: &Db, id: ObjectId) -> Result<bool> {
    let now = server_now(db).await?;
    // This process's machine, as a lock records its holder's.
    let here = Holder::new(id, "").machine;
    let locks: Vec<Document> = db
        .db
        .collection::<Document>(LOCKS)
        .find(doc! { "transferId": id })
        .projection(doc! { "machine": 1, "pid": 1, "expiresAt": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(locks.iter().any(|lock| lock_alive(lock, now, &here)))
}

/// The rule the lock takeover applies (`db::locks`): a lock whose holder ran
/// on this machine and whose process is gone is dead at once (it will renew
/// nothing); anywhere else, its lease decides.
fn lock_alive(lock: &Document, now: DateTime, here: &str) -> bool {
    let expired = lock.get_datetime("expiresAt").map(|d| *d < now).unwrap_or(true);
    let holder_gone = !here.is_empty()
        && lock.get_str("machine").ok() == Some(here)
        && lock.get_i64("pid").map(|p| !process_alive(p as u32)).unwrap_or(false);
    !expired && !holder_gone
}

/// A time as the JSON shows it: RFC 3339 in UTC, to the millisecond.
pub fn timestamp(t: DateTime) -> String {
    let c = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(t.timestamp_millis()).unwrap_or_default();
    c.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn date(d: Option<DateTime>) -> Value {
    d.map(|t| Value::String(timestamp(t))).unwrap_or(Value::Null)
}

/// The record as JSON: `transferId`, `status`, `action`, `startedAt`,
/// `completedAt`, `error`, `payload` (the seed's fields), then `progress`,
/// `scanVersion`, `operator`, `users`, `swept`, `paused` (with `pausedAt`
/// while paused: the status stays `in_progress`, the seed's enum); `rollbackOf` or `rolledBackBy`
/// when a rollback is involved; `notRestored` (per kind) for a rollback that
/// could not put everything back; `notApplied` (`users`, `departments`)
/// for a transfer that could not put them where its plan says; `operatorIdentity` and the
/// `approvals` the transfer ran with; `resumes` (who resumed it, when).
pub fn to_json(r: &StatusRecord) -> Value {
    let kinds: serde_json::Map<String, Value> = r
        .progress
        .kinds
        .iter()
        .map(|(k, p)| (k.clone(), json!({ "processed": p.processed.0, "total": p.total.0 })))
        .collect();
    let swept: serde_json::Map<String, Value> = r.swept.iter().map(|(k, n)| (k.clone(), json!(n.0))).collect();
    let mut v = json!({
        "transferId": r.id.to_hex(),
        "status": r.status.as_str(),
        "action": r.action.as_str(),
        "startedAt": date(Some(r.started_at)),
        "completedAt": date(r.completed_at),
        "error": r.error,
        "payload": r.payload.clone().into_relaxed_extjson(),
        "progress": { "processed": r.progress.processed.0, "total": r.progress.total.0, "kinds": kinds },
        "scanVersion": r.scan_version,
        "operator": { "id": r.operator.id.to_hex(), "email": r.operator.email },
        "operatorIdentity": r.operator_identity.clone().unwrap_or_default(),
        "users": r.users,
        "swept": swept,
        "paused": r.paused,
    });
    // A rollback names the transfer it undoes; a transfer undone, its rollback.
    if let Some(of) = r.rollback_of {
        v["rollbackOf"] = json!(of.to_hex());
    }
    if let Some(by) = r.rolled_back_by {
        v["rolledBackBy"] = json!(by.to_hex());
    }
    if !r.not_restored.is_empty() {
        let short: serde_json::Map<String, Value> =
            r.not_restored.iter().map(|(k, n)| (k.clone(), json!(n.0))).collect();
        v["notRestored"] = Value::Object(short);
    }
    if !r.not_applied.is_empty() {
        let unplaced: serde_json::Map<String, Value> =
            r.not_applied.iter().map(|(k, n)| (k.clone(), json!(n.0))).collect();
        v["notApplied"] = Value::Object(unplaced);
    }
    if let Some(at) = r.paused_at.filter(|_| r.paused) {
        v["pausedAt"] = date(Some(at));
    }
    if let Some(w) = &r.waiting {
        v["waiting"] = json!(w);
    }
    if !r.resumes.is_empty() {
        v["resumes"] = Value::Array(
            r.resumes
                .iter()
                .map(|run| {
                    json!({
                        "operator": { "id": run.operator.id.to_hex(), "email": run.operator.email },
                        "operatorIdentity": run.operator_identity,
                        "at": date(Some(run.at)),
                    })
                })
                .collect(),
        );
    }
    v["approvals"] = Value::Array(
        r.approvals
            .iter()
            .map(|a| {
                json!({
                    "approvalId": a.approval_id.to_hex(),
                    "approver": { "id": a.approver.id.to_hex(), "email": a.approver.email },
                    "identity": a.identity,
                    "approvedAt": date(Some(a.approved_at)),
                    "comment": a.comment,
                })
            })
            .collect(),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_lives_while_its_lease_runs_unless_its_holder_here_is_gone() {
        let now = DateTime::from_millis(1_000_000);
        let later = DateTime::from_millis(1_060_000);
        let earlier = DateTime::from_millis(940_000);
        let here = "host|boot|pid:[1]";
        let me = std::process::id() as i64;
        // No process has this pid (above any pid_max).
        let gone = i64::from(u32::MAX);
        let lock =
            |machine: &str, pid: i64, expires: DateTime| doc! { "machine": machine, "pid": pid, "expiresAt": expires };
        assert!(lock_alive(&lock(here, me, later), now, here));
        assert!(!lock_alive(&lock(here, gone, later), now, here), "its holder here is gone");
        assert!(lock_alive(&lock("elsewhere", gone, later), now, here), "elsewhere, the lease decides");
        assert!(!lock_alive(&lock(here, me, earlier), now, here), "expired");
        assert!(!lock_alive(&lock("elsewhere", me, earlier), now, here), "expired");
        // Without a machine of its own, this process cannot tell: the lease decides.
        assert!(lock_alive(&lock("", gone, later), now, ""));
        assert!(!lock_alive(&doc! { "machine": here, "pid": me }, now, here), "no lease at all");
    }
}
