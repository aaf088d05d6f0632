//! `policy set`: the approval policy's new version, from the flags given
//! and what the stored one says, written with its audit entry.

use crate::db::Db;
use crate::db::approvals::{self, POLICY, Policy, Salvaged};
use crate::db::setting::Stamp;
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Operator};

/// What `policy set` was given: each setting left out keeps its stored value.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub org_approvals: Option<u32>,
    pub department_approvals: Option<u32>,
    pub expire_after_hours: Option<u32>,
    pub declared_may_approve: Option<bool>,
    /// Replace a stored policy that cannot be read.
    pub replace_unreadable: bool,
}

/// The policy written, and why the stored one was replaced when it could
/// not be read.
pub struct Written {
    pub policy: Policy,
    pub replaced_because: Option<String>,
}

/// Writes the next version of the policy: an authenticated SUPERADMIN only.
pub async fn set(db: &Db, operator: &Operator, change: &Change) -> Result<Written> {
    auth::authenticated_superadmin(operator, "set the approval policy")?;
    let (stored, readable) = approvals::stored_policy(db).await?;
    let at = crate::db::locks::server_now(db).await?;
    let (policy, replaced_because) = match readable {
        Ok(old) => {
            let policy = Policy {
                org_approvals: change.org_approvals.unwrap_or(old.org_approvals),
                department_approvals: change.department_approvals.unwrap_or(old.department_approvals),
                expire_after_hours: change.expire_after_hours.unwrap_or(old.expire_after_hours),
                declared_may_approve: change.declared_may_approve.unwrap_or(old.declared_may_approve),
                stamp: Stamp::by(operator, at, old.stamp.version + 1),
            };
            (policy, None)
        }
        Err(why) if change.replace_unreadable => {
            let old = Salvaged::of(stored.as_ref().expect("an unreadable policy is stored"));
            (salvage(change, &old, &why, Stamp::by(operator, at, old.version + 1))?, Some(why))
        }
        Err(why) => {
            return Err(CliError::unexpected(format!(
                "The approval policy in {POLICY} cannot be read: {why}; nothing was written."
            ))
            .with_hint("To replace it, add --replace-unreadable: the settings that still read are kept, those that do not must be given, and the audit entry keeps the stored document as it was."));
        }
    };
    approvals::set_policy(db, stored.as_ref(), &policy).await?;
    Ok(Written { policy, replaced_because })
}

/// The policy replacing one that cannot be read: each field that still
/// reads is kept, and each that does not must be given (a count that took
/// the default would turn four eyes off unnoticed).
fn salvage(change: &Change, old: &Salvaged, why: &str, stamp: Stamp) -> Result<Policy> {
    let mut missing = Vec::new();
    let mut pick = |given: Option<u32>, stored: &std::result::Result<u32, String>, flag: &str| {
        given.or(stored.as_ref().ok().copied()).unwrap_or_else(|| {
            missing.push(format!("{flag} ({})", stored.as_ref().unwrap_err()));
            0
        })
    };
    let org_approvals = pick(change.org_approvals, &old.org_approvals, "--org-approvals");
    let department_approvals = pick(change.department_approvals, &old.department_approvals, "--department-approvals");
    let expire_after_hours = pick(change.expire_after_hours, &old.expire_after_hours, "--expire-after");
    let declared_may_approve = match (change.declared_may_approve, old.declared_may_approve.clone()) {
        (Some(v), _) | (None, Ok(v)) => v,
        (None, Err(e)) => {
            missing.push(format!("--declared-may-approve ({e})"));
            false
        }
    };
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "The stored approval policy cannot be read ({why}); to replace it, give what cannot be read: {}; nothing was written.",
            missing.join(", ")
        )));
    }
    Ok(Policy { org_approvals, department_approvals, expire_after_hours, declared_may_approve, stamp })
}
