//! Who may act (transfers.md, "Who may act").

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::{Role, User};
use crate::error::{CliError, ErrorKind, Result};

/// What an action requires of the operator.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    /// Organization transfers, previews and their status.
    Superadmin,
    /// Department transfers: a superadmin, or an ADMIN of that organization.
    AdminOf(ObjectId),
}

/// Resolves `--operator` to an active user; anything else is forbidden (exit 6),
/// except a missing or malformed value, which is a usage error (exit 2).
pub async fn operator(db: &Db, input: Option<&str>) -> Result<User> {
    let input = input.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        CliError::usage("No operator: pass --operator or set TETHER_OPERATOR to the acting superadmin's email or id.")
    })?;
    let user = db.resolve_user(input, "--operator").await.map_err(|e| {
        if e.kind == ErrorKind::NotFound {
            CliError::forbidden(format!(
                "The operator {} is not a user of this database; only an active superadmin (or an admin of the organization, for department transfers) may act.",
                input.trim()
            ))
        } else {
            e
        }
    })?;
    if !user.is_active {
        return Err(CliError::forbidden(format!("The operator {} is inactive and may not act.", user.email)));
    }
    Ok(user)
}

pub fn authorize(op: &User, need: Need, what: &str) -> Result<()> {
    let allowed = match need {
        Need::Superadmin => op.role == Some(Role::Superadmin),
        Need::AdminOf(org) => {
            op.role == Some(Role::Superadmin) || (op.role == Some(Role::Admin) && op.organization_id == Some(org))
        }
    };
    if allowed {
        return Ok(());
    }
    let who = match need {
        Need::Superadmin => "a SUPERADMIN".to_string(),
        Need::AdminOf(org) => format!("a SUPERADMIN or an ADMIN of organization {org}"),
    };
    Err(CliError::new(
        ErrorKind::Forbidden,
        format!("The operator {} ({}) may not {what}: only {who} may.", op.email, op.raw_role),
    ))
}
