//! `deployment protect NAME | unprotect`: the deployment record's next
//! version (`db::deployment`), judged from the record as stored now, not as
//! connecting read it: only a record that reads wrong may be replaced, and
//! what still reads of it is kept.

use mongodb::bson::Document;

use crate::db::Db;
use crate::db::deployment::{self, DEPLOYMENT, Record};
use crate::db::op::as_u64;
use crate::db::setting::{self, Stamp};
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Operator};

/// What is asked: protect under a name, or unprotect.
#[derive(Debug, Clone)]
pub enum Change {
    Protect { name: String, replace_unreadable: bool },
    Unprotect,
}

impl Change {
    fn what(&self) -> &'static str {
        match self {
            Change::Protect { .. } => "protect this deployment",
            Change::Unprotect => "unprotect this deployment",
        }
    }
}

/// The record as stored, read for a change that may go ahead.
pub struct Prepared {
    stored: Option<Document>,
    old: Option<Record>,
    /// The name a person must type first: an unreadable record that still
    /// reads as protected, replaced (`--replace-unreadable`).
    pub confirm: Option<String>,
}

/// The record written, and whether the one it replaced was a copy's.
pub struct Written {
    pub record: Record,
    pub copied: bool,
}

/// A name a person can type: not empty, one line, at most 100 characters.
pub fn check_name(name: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(CliError::usage(
            "A deployment's name must be one line of 1 to 100 characters (a person types it to confirm a write).",
        ));
    }
    Ok(())
}

/// Reads the stored record for `change` (whose name `check_name` passed):
/// an authenticated SUPERADMIN only;
/// an unreadable record only with `--replace-unreadable`; `unprotect` only
/// of a protected deployment.
pub async fn prepare(db: &Db, operator: &Operator, change: &Change) -> Result<Prepared> {
    auth::authenticated_superadmin(operator, change.what())?;
    let stored = deployment::stored(db).await?;
    let replace = matches!(change, Change::Protect { replace_unreadable: true, .. });
    let old = match stored.as_ref().map(Record::from_doc).transpose() {
        Ok(r) => r,
        Err(_) if replace => None,
        Err(why) => {
            return Err(CliError::unexpected(format!(
                "The deployment record in {DEPLOYMENT} cannot be read: {why}; nothing was written."
            ))
            .with_hint(
                "To replace it, run `tether-transfer deployment protect NAME --replace-unreadable` (the audit entry keeps it as it was).",
            ));
        }
    };
    // Still protected as far as it reads: its name is asked, as for any write.
    let confirm = match &stored {
        Some(d) if replace && old.is_none() && setting::boolean(d, "protected").unwrap_or(true) => {
            setting::text(d, "name").ok()
        }
        _ => None,
    };
    if matches!(change, Change::Unprotect) && !old.as_ref().is_some_and(|r| r.protected) {
        return Err(CliError::usage("This deployment is not protected; nothing was written."));
    }
    Ok(Prepared { stored, old, confirm })
}

/// Writes the record's next version with its audit entry. A record made on
/// other servers is a copy's: this is another deployment, and it gets an
/// id of its own.
pub async fn apply(db: &Db, operator: &Operator, change: &Change, prepared: Prepared) -> Result<Written> {
    let Prepared { stored, old, .. } = prepared;
    let copied = old.as_ref().is_some_and(|r| r.copied_to(&db.target));
    let version = stored.as_ref().and_then(|d| d.get("version")).and_then(as_u64).unwrap_or(0);
    let kept_id = stored.as_ref().and_then(|d| setting::text(d, "deploymentId").ok());
    let name = match change {
        Change::Protect { name, .. } => name.trim().to_string(),
        Change::Unprotect => old.as_ref().map(|r| r.name.clone()).expect("unprotect has a record"),
    };
    let record = Record {
        deployment_id: match (&old, kept_id) {
            (Some(r), _) if !copied => r.deployment_id.clone(),
            (None, Some(id)) => id,
            _ => Record::new_id(),
        },
        name,
        protected: matches!(change, Change::Protect { .. }),
        cluster_id: db.target.cluster_id.clone(),
        members: db.target.members.clone(),
        stamp: Stamp::by(operator, crate::db::locks::server_now(db).await?, version + 1),
    };
    deployment::set(db, stored.as_ref(), &record).await?;
    Ok(Written { record, copied })
}
