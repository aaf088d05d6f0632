//! The approval policy (`tether_transfer_policy`, one document) and the
//! approvals of plans (`tether_transfer_approvals`), both the tool's own.
//! An approval is bound to a plan's checksum, its scanVersion and the
//! deployment it was given on; the policy says how many a plan needs.

use futures_util::TryStreamExt;
use mongodb::bson::{self, Bson, DateTime, Document, doc, oid::ObjectId};
use serde::{Deserialize, Serialize};

use super::Db;
use super::Target;
use super::identity::Identity;
use super::op::{as_u64, shown};
use super::record::UserRef;
use crate::error::{Because, CliError, Result};

pub const POLICY: &str = "tether_transfer_policy";
pub const APPROVALS: &str = "tether_transfer_approvals";
/// The `_id` of the one policy document.
const POLICY_ID: &str = "approvals";
/// The `action` of the audit entry a policy change writes to `auditlogs`.
pub const POLICY_SET: &str = "transfer_approval_policy_set";

/// How many approvals a plan needs, and which count.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// Organization transfers and their rollbacks.
    pub org_approvals: u32,
    /// Department transfers (one user, bulk, many assignments) and their rollbacks.
    pub department_approvals: u32,
    /// Hours an approval stays valid after it is given.
    pub expire_after_hours: u32,
    /// Whether an identity only declared with --operator may approve.
    pub declared_may_approve: bool,
    /// 0 until the policy is first set.
    pub version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<UserRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by_identity: Option<Identity>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc3339_opt")]
    pub set_at: Option<DateTime>,
}

impl Default for Policy {
    /// Before anyone sets one: no approvals needed (the tool as it always
    /// was), approvals valid 24 hours, declared identities may approve.
    fn default() -> Policy {
        Policy {
            org_approvals: 0,
            department_approvals: 0,
            expire_after_hours: 24,
            declared_may_approve: true,
            version: 0,
            set_by: None,
            set_by_identity: None,
            set_at: None,
        }
    }
}

fn rfc3339_opt<S: serde::Serializer>(d: &Option<DateTime>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&rfc3339(*d)),
        None => s.serialize_none(),
    }
}

pub fn rfc3339(d: DateTime) -> String {
    d.try_to_rfc3339_string().unwrap_or_else(|_| d.to_string())
}

impl Policy {
    /// Approvals a plan of this kind needs (`org`: an organization transfer or its rollback).
    pub fn needed(&self, org: bool) -> u32 {
        if org { self.org_approvals } else { self.department_approvals }
    }

    fn to_doc(&self) -> Document {
        doc! {
            "_id": POLICY_ID,
            "orgApprovals": self.org_approvals as i64,
            "departmentApprovals": self.department_approvals as i64,
            "expireAfterHours": self.expire_after_hours as i64,
            "declaredMayApprove": self.declared_may_approve,
            "version": self.version as i64,
            "setBy": self.set_by.as_ref().and_then(|u| bson::to_bson(u).ok()).unwrap_or(Bson::Null),
            "setByIdentity": self.set_by_identity.as_ref().and_then(|i| bson::to_bson(i).ok()).unwrap_or(Bson::Null),
            "setAt": self.set_at.map(Bson::DateTime).unwrap_or(Bson::Null),
        }
    }

    /// Read strictly: a policy nobody can read must not pass for "no
    /// approvals needed". Each count a whole number in its range (a 32- or
    /// 64-bit integer, or a double with nothing after the point), every
    /// field there and of its type; else the field and its stored value.
    fn from_doc(d: &Document) -> std::result::Result<Policy, String> {
        let count = |key: &str, min: u64, max: u64| -> std::result::Result<u32, String> {
            match d.get(key) {
                Some(b) => as_u64(b)
                    .filter(|n| (min..=max).contains(n))
                    .map(|n| n as u32)
                    .ok_or_else(|| format!("{key} is {}, not a whole number from {min} to {max}", shown(b))),
                None => Err(format!("{key} is missing")),
            }
        };
        let optional = |key: &str| d.get(key).filter(|b| !matches!(b, Bson::Null));
        Ok(Policy {
            org_approvals: count("orgApprovals", 0, 10)?,
            department_approvals: count("departmentApprovals", 0, 10)?,
            expire_after_hours: count("expireAfterHours", 1, 8760)?,
            declared_may_approve: match d.get("declaredMayApprove") {
                Some(Bson::Boolean(b)) => *b,
                Some(other) => return Err(format!("declaredMayApprove is {}, not true or false", shown(other))),
                None => return Err("declaredMayApprove is missing".into()),
            },
            version: match d.get("version") {
                Some(b) => as_u64(b).ok_or_else(|| format!("version is {}, not a count", shown(b)))?,
                None => return Err("version is missing".into()),
            },
            set_by: match optional("setBy") {
                Some(Bson::Document(u)) => Some(
                    bson::from_document(u.clone())
                        .map_err(|_| format!("setBy is {}, not a user", shown(&Bson::Document(u.clone()))))?,
                ),
                Some(other) => return Err(format!("setBy is {}, not a user", shown(other))),
                None => None,
            },
            set_by_identity: match optional("setByIdentity") {
                Some(Bson::Document(i)) => {
                    Some(bson::from_document(i.clone()).map_err(|_| {
                        format!("setByIdentity is {}, not an identity", shown(&Bson::Document(i.clone())))
                    })?)
                }
                Some(other) => return Err(format!("setByIdentity is {}, not an identity", shown(other))),
                None => None,
            },
            set_at: match optional("setAt") {
                Some(Bson::DateTime(t)) => Some(*t),
                Some(other) => return Err(format!("setAt is {}, not a date", shown(other))),
                None => None,
            },
        })
    }
}

/// The policy in force (the default when none was ever set).
pub async fn policy(db: &Db) -> Result<Policy> {
    let d = db.db.collection::<Document>(POLICY).find_one(doc! { "_id": POLICY_ID }).await?;
    match d {
        None => Ok(Policy::default()),
        Some(d) => Policy::from_doc(&d).map_err(|e| {
            CliError::unexpected(format!("The approval policy in {POLICY} cannot be read: {e}."))
                .with_hint("An authenticated SUPERADMIN can replace it: `tether-transfer policy set --replace-unreadable` with the settings wanted.")
        }),
    }
}

/// The policy as stored, for `policy set`: the stored document as it is
/// (None: none was ever set), and the policy it holds, or why it cannot be
/// read.
pub async fn stored_policy(db: &Db) -> Result<(Option<Document>, std::result::Result<Policy, String>)> {
    let d = db.db.collection::<Document>(POLICY).find_one(doc! { "_id": POLICY_ID }).await?;
    let policy = match &d {
        None => Ok(Policy::default()),
        Some(d) => Policy::from_doc(d),
    };
    Ok((d, policy))
}

/// A filter for a one-document collection's document `_id` while its
/// `version` is still what `stored` holds (as stored, of whatever type; or
/// absent).
pub fn same_version(id: &str, stored: &Document) -> Document {
    match stored.get("version") {
        None | Some(Bson::Null) => {
            doc! { "_id": id, "$or": [{ "version": { "$exists": false } }, { "version": Bson::Null }] }
        }
        Some(v) => doc! { "_id": id, "version": v.clone() },
    }
}

/// Writes `new` and its audit entry in one transaction (`before`: the
/// stored document as it was, readable or not; None: there was none),
/// replacing the document only while its `version` is still `before`'s; a
/// policy changed meanwhile by someone else refuses (exit 4).
pub async fn set_policy(db: &Db, before: Option<&Document>, new: &Policy) -> Result<()> {
    let mut session = db.client.start_session().await?;
    session.start_transaction().await?;
    let result: Result<()> = async {
        let coll = db.db.collection::<Document>(POLICY);
        let written = match before {
            None => match coll.insert_one(new.to_doc()).session(&mut session).await {
                Ok(_) => true,
                Err(e) if super::locks::is_duplicate(&e) => false,
                Err(e) => return Err(e.into()),
            },
            Some(stored) => {
                coll.replace_one(same_version(POLICY_ID, stored), new.to_doc()).session(&mut session).await?.matched_count
                    == 1
            }
        };
        if !written {
            return Err(CliError::stale(
                "The approval policy changed while this command ran; nothing was written. Look at it again with `policy show`.",
            ));
        }
        let strip = |d: &Document| {
            let mut d = d.clone();
            d.remove("_id");
            d
        };
        // Before any policy was set, the defaults were in force: they are its `before`.
        let before = before.map(strip).unwrap_or_else(|| strip(&Policy::default().to_doc()));
        let entry = doc! {
            "action": POLICY_SET,
            "createdAt": new.set_at.map(Bson::DateTime).unwrap_or(Bson::Null),
            "operator": new.set_by.as_ref().and_then(|u| bson::to_bson(u).ok()).unwrap_or(Bson::Null),
            "operatorIdentity": new.set_by_identity.as_ref().and_then(|i| bson::to_bson(i).ok()).unwrap_or(Bson::Null),
            "before": before,
            "after": strip(&new.to_doc()),
            "tool": format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        };
        db.db.collection::<Document>(&db.registry.auditlogs).insert_one(entry).session(&mut session).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(session.commit_transaction().await?),
        Err(e) => {
            let _ = session.abort_transaction().await;
            Err(e)
        }
    }
}

/// One approval as kept in the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub plan_checksum: String,
    pub scan_version: String,
    /// Where it was given: the plan's database (hosts and name).
    pub deployment: Target,
    pub approver: UserRef,
    /// The approver's access role when they approved.
    #[serde(default)]
    pub approver_role: String,
    #[serde(default)]
    pub identity: Identity,
    #[serde(default)]
    pub comment: Option<String>,
    pub approved_at: DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<UserRef>,
}

/// The approvals given to a plan's checksum, oldest first (revoked ones included).
pub async fn of_checksum(db: &Db, checksum: &str) -> Result<Vec<Approval>> {
    let docs: Vec<Document> = db
        .db
        .collection::<Document>(APPROVALS)
        .find(doc! { "planChecksum": checksum })
        .sort(doc! { "approvedAt": 1, "_id": 1 })
        .await?
        .try_collect()
        .await?;
    docs.into_iter()
        .map(|d| {
            let id = d.get("_id").map(|b| b.to_string()).unwrap_or_default();
            bson::from_document(d).or_unexpected(|e| format!("The approval {id} in {APPROVALS} cannot be read: {e}."))
        })
        .collect()
}

pub async fn insert(db: &Db, a: &Approval) -> Result<()> {
    let coll = db.db.collection::<Document>(APPROVALS);
    coll.create_index(mongodb::IndexModel::builder().keys(doc! { "planChecksum": 1 }).build()).await?;
    let d = bson::to_document(a).or_unexpected(|e| format!("Cannot write the approval: {e}."))?;
    coll.insert_one(d).await?;
    Ok(())
}

/// Marks the approver's unrevoked approvals of a checksum revoked (theirs:
/// the same Tether user, or the same database user); how many.
pub async fn revoke(
    db: &Db,
    checksum: &str,
    approver: ObjectId,
    database_user: Option<&str>,
    by: &UserRef,
    at: DateTime,
) -> Result<u64> {
    let by = bson::to_bson(by).or_unexpected(|e| format!("Cannot write the revocation: {e}."))?;
    let r = db
        .db
        .collection::<Document>(APPROVALS)
        .update_many(
            {
                let mut who = vec![doc! { "approver.id": approver }];
                if let Some(u) = database_user {
                    who.push(doc! { "identity.databaseUser": u });
                }
                doc! { "planChecksum": checksum, "$or": who, "revokedAt": { "$exists": false } }
            },
            doc! { "$set": { "revokedAt": at, "revokedBy": by } },
        )
        .await?;
    Ok(r.modified_count)
}
