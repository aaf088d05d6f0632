//! Who the database says is acting: the authenticated database user
//! (`connectionStatus`), mapped to a Tether user by an explicit entry in
//! `tether_transfer_identities` (which only a database administrator
//! writes), else by the Tether user whose email is the database user's name.

use mongodb::bson::{Bson, Document, doc};
use serde::{Deserialize, Serialize};

use super::Db;
use super::entities::User;
use crate::error::{CliError, Result};

/// The mapping of database users to Tether users (the tool reads it, never writes it).
pub const IDENTITIES: &str = "tether_transfer_identities";

/// How an identity was established: `authenticated` (the database
/// authenticated the connection as a user mapped to this Tether user) or
/// `declared` (a server without authentication: `--operator` said so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Established {
    Authenticated,
    #[default]
    Declared,
}

impl Established {
    pub fn as_str(self) -> &'static str {
        match self {
            Established::Authenticated => "authenticated",
            Established::Declared => "declared",
        }
    }
}

/// How a Tether user's identity was established for one run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Identity {
    pub established: Established,
    /// The authenticated database user, `name@authDatabase`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_user: Option<String>,
    /// How the database user was mapped: `mapping` (an entry of
    /// tether_transfer_identities) or `email` (its name is the user's email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped_by: Option<String>,
}

impl Identity {
    /// `authenticated as alice@admin` / `declared`, for messages.
    pub fn describe(&self) -> String {
        match &self.database_user {
            Some(u) => format!("{} as database user {u}", self.established.as_str()),
            None => self.established.as_str().to_string(),
        }
    }
}

/// A database user the connection is authenticated as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUser {
    pub user: String,
    pub db: String,
}

impl std::fmt::Display for DbUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.user, self.db)
    }
}

/// The database users this connection is authenticated as (none on a
/// server without authentication).
pub async fn authenticated(db: &Db) -> Result<Vec<DbUser>> {
    let status = db.db.run_command(doc! { "connectionStatus": 1 }).await?;
    let users = status.get_document("authInfo").ok().and_then(|a| a.get_array("authenticatedUsers").ok());
    Ok(users
        .into_iter()
        .flatten()
        .filter_map(|u| match u {
            Bson::Document(d) => {
                Some(DbUser { user: d.get_str("user").ok()?.to_string(), db: d.get_str("db").ok()?.to_string() })
            }
            _ => None,
        })
        .collect())
}

/// The Tether user a database user is, and how that was decided; None
/// when neither a mapping nor an email names one.
pub async fn mapped(db: &Db, who: &DbUser) -> Result<Option<(User, &'static str)>> {
    let entry =
        db.db.collection::<Document>(IDENTITIES).find_one(doc! { "dbUser": &who.user, "authDb": &who.db }).await?;
    if let Some(e) = entry {
        let user = match e.get("userId") {
            Some(Bson::ObjectId(id)) => db.user_by_id(*id).await?,
            other => {
                return Err(CliError::forbidden(format!(
                    "The identity mapping of database user {who} in {IDENTITIES} has a userId that is not a user's ObjectId ({}).",
                    other.map(|b| b.to_string()).unwrap_or_else(|| "none".into())
                )));
            }
        };
        return Ok(user.map(|u| (u, "mapping")));
    }
    if !who.user.contains('@') {
        return Ok(None);
    }
    match db.resolve_user(&who.user, "the database user").await {
        Ok(u) => Ok(Some((u, "email"))),
        Err(e) if e.kind == crate::error::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}
