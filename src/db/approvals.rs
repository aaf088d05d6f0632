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
use super::record::UserRef;
use super::setting::{self, Stamp};
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
    /// Who set it and when (version 0: never set).
    #[serde(flatten)]
    pub stamp: Stamp,
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
            stamp: Stamp::default(),
        }
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
        let mut d = doc! {
            "_id": POLICY_ID,
            "orgApprovals": self.org_approvals as i64,
            "departmentApprovals": self.department_approvals as i64,
            "expireAfterHours": self.expire_after_hours as i64,
            "declaredMayApprove": self.declared_may_approve,
        };
        self.stamp.write(&mut d);
        d
    }

    /// Read strictly: a policy nobody can read must not pass for "no
    /// approvals needed". Each count a whole number in its range (a 32- or
    /// 64-bit integer, or a double with nothing after the point), every
    /// field there and of its type; else the field and its stored value.
    fn from_doc(d: &Document) -> std::result::Result<Policy, String> {
        let org_approvals = setting::count(d, "orgApprovals", 0, 10)? as u32;
        let department_approvals = setting::count(d, "departmentApprovals", 0, 10)? as u32;
        let expire_after_hours = setting::count(d, "expireAfterHours", 1, 8760)? as u32;
        let declared_may_approve = setting::boolean(d, "declaredMayApprove")?;
        let stamp = Stamp::read(d)?;
        Ok(Policy { org_approvals, department_approvals, expire_after_hours, declared_may_approve, stamp })
    }
}

/// What still reads of a stored policy that does not read whole, field by
/// field (`policy set --replace-unreadable` keeps these, and asks for the
/// others).
#[derive(Debug)]
pub struct Salvaged {
    pub org_approvals: std::result::Result<u32, String>,
    pub department_approvals: std::result::Result<u32, String>,
    pub expire_after_hours: std::result::Result<u32, String>,
    pub declared_may_approve: std::result::Result<bool, String>,
    pub version: u64,
}

impl Salvaged {
    pub fn of(d: &Document) -> Salvaged {
        Salvaged {
            org_approvals: setting::count(d, "orgApprovals", 0, 10).map(|n| n as u32),
            department_approvals: setting::count(d, "departmentApprovals", 0, 10).map(|n| n as u32),
            expire_after_hours: setting::count(d, "expireAfterHours", 1, 8760).map(|n| n as u32),
            declared_may_approve: setting::boolean(d, "declaredMayApprove"),
            version: d.get("version").and_then(super::op::as_u64).unwrap_or(0),
        }
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

/// Writes `new` and its audit entry in one transaction (`before`: the
/// stored document as it was, readable or not; None: there was none, and
/// the defaults in force then are the entry's `before`), replacing the
/// document only while its `version` is still `before`'s; a policy changed
/// meanwhile by someone else refuses (exit 4).
pub async fn set_policy(db: &Db, before: Option<&Document>, new: &Policy) -> Result<()> {
    let mut defaults = Policy::default().to_doc();
    defaults.remove("_id");
    setting::replace(
        db,
        setting::Replace {
            collection: POLICY,
            id: POLICY_ID,
            before,
            unset: Bson::Document(defaults),
            after: new.to_doc(),
            stamp: &new.stamp,
            action: POLICY_SET,
            changed_meanwhile: "The approval policy changed while this command ran; nothing was written. Look at it again with `policy show`.",
        },
    )
    .await
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
    /// The transfers it was counted for (written in the transaction that
    /// started each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<ObjectId>,
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
