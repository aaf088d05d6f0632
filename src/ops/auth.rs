//! Who may act (transfers.md, "Who may act"), and who is acting: on a
//! server with authentication, the database user the connection is
//! authenticated as, mapped to a Tether user (`db::identity`); without
//! authentication, whoever `--operator` declares.

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::{Role, User};
use crate::db::identity::{self, Established, IDENTITIES, Identity};
use crate::error::{CliError, ErrorKind, Result};

/// The acting Tether user and how the database vouched for them.
#[derive(Debug, Clone)]
pub struct Operator {
    pub user: User,
    pub identity: Identity,
}

impl std::ops::Deref for Operator {
    type Target = User;
    fn deref(&self) -> &User {
        &self.user
    }
}

/// The acting user. On a server with authentication: the authenticated
/// database user's Tether user (a `--operator` naming anyone else exits 6);
/// otherwise the `--operator` given, declared.
pub async fn operator(db: &Db, input: Option<&str>) -> Result<Operator> {
    let input = input.filter(|s| !s.trim().is_empty());
    let authenticated = identity::authenticated(db).await?;
    let Some(who) = authenticated.first() else {
        // Credentials were given, yet the server names nobody (authorization
        // not enforced, transitionToAuth, a proxy): whoever acts cannot be
        // established, and a connection that gave credentials is never a
        // declared identity.
        if let Some(user) = &db.credentials {
            return Err(CliError::forbidden(format!(
                "This connection gave credentials (database user {user}), but the server reports no authenticated user (it does not enforce authorization, or a proxy stands between), so who acts cannot be established; an identity that gave credentials is never taken as declared."
            ))
            .with_hint("Connect to a server that enforces authorization, directly; or, on a server without authentication, connect without credentials and name yourself with --operator (recorded as declared)."));
        }
        let user = declared(db, input).await?;
        return Ok(Operator { user, identity: Identity::default() });
    };
    let hint = format!(
        "A database administrator maps database users to Tether users in the {IDENTITIES} collection (docs/operations.md, \"Identities\")."
    );
    let Some((user, how)) = identity::mapped(db, who).await? else {
        return Err(CliError::forbidden(format!(
            "The database user {who} this connection is authenticated as is mapped to no Tether user, so it may not act."
        ))
        .with_hint(hint));
    };
    if !user.is_active {
        return Err(CliError::forbidden(format!(
            "The database user {who} is mapped to {}, who is inactive and may not act.",
            user.email
        )));
    }
    if let Some(claimed) = input {
        let same = match db.resolve_user(claimed, "--operator").await {
            Ok(u) => u.id == user.id,
            Err(e) if e.kind == ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        if !same {
            return Err(CliError::forbidden(format!(
                "--operator {} disagrees with the database, which authenticated this connection as {who}, that is {}; an authenticated operator cannot act as anyone else.",
                claimed.trim(),
                user.email
            ))
            .with_hint("Leave out --operator (and TETHER_OPERATOR) on a server with authentication, or connect as that user."));
        }
    }
    Ok(Operator {
        user,
        identity: Identity {
            established: Established::Authenticated,
            database_user: Some(who.to_string()),
            mapped_by: Some(how.to_string()),
        },
    })
}

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
async fn declared(db: &Db, input: Option<&str>) -> Result<User> {
    let input = input.ok_or_else(|| {
        CliError::usage(
            "No operator: pass --operator, set TETHER_OPERATOR, or use a profile that names one (--profile NAME, TETHER_PROFILE, or the configuration file's default), with the acting superadmin's email or id.",
        )
        .with_hint("`tether-transfer config show` says where each setting comes from.")
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

/// Only a SUPERADMIN whose identity the server vouched for (authenticated,
/// not declared) may `what`: the settings every other check relies on.
pub fn authenticated_superadmin(operator: &Operator, what: &str) -> Result<()> {
    authorize(operator, Need::Superadmin, what)?;
    if operator.identity.established != Established::Authenticated {
        return Err(CliError::forbidden(format!(
            "Only an authenticated SUPERADMIN may {what}, and {} is only declared (this server does not authenticate connections).",
            operator.email
        ))
        .with_hint("Turn on authentication on the server and connect as your own database user."));
    }
    Ok(())
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
