//! `find`: the users (by part of an email or name), organizations and
//! departments whose name holds a text, to pass to the other commands'
//! flags. Reads only, at most `limit` of each kind. Who may: as `status`
//! (`ops::status::list`): a superadmin looks everywhere, an ADMIN in their
//! own organization.

use std::collections::HashMap;

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::{Organization, Role, User};
use crate::db::names::{DepartmentName, UserQuery};
use crate::error::{CliError, Result};

pub struct Found {
    /// The organization looked in; None: every organization.
    pub scope: Option<Organization>,
    pub users: Vec<User>,
    pub organizations: Vec<Organization>,
    pub departments: Vec<DepartmentName>,
    /// The names of the organizations the users and departments are in.
    pub organization_names: HashMap<ObjectId, String>,
    /// Whether more than `limit` of each kind matched (users, organizations, departments).
    pub more: [bool; 3],
}

impl Found {
    pub fn organization_name(&self, id: Option<ObjectId>) -> Option<&str> {
        id.and_then(|id| self.organization_names.get(&id)).map(String::as_str)
    }
}

/// The organization an operator may look in: `--org` if they may, else
/// theirs (an ADMIN) or none, meaning all (a superadmin).
async fn scope(db: &Db, operator: &User, org: Option<&str>) -> Result<Option<Organization>> {
    match (operator.role, operator.organization_id) {
        (Some(Role::Superadmin), _) => match org {
            Some(o) => Ok(Some(db.resolve_organization(o, "--org").await?)),
            None => Ok(None),
        },
        (Some(Role::Admin), Some(own)) => {
            let own = db.organization_by_id(own).await?.unwrap_or_else(|| Organization { id: own, name: own.to_hex() });
            match org.map(str::trim) {
                // Their own organization by id or name; any other is not named
                // (nor suggested): an ADMIN sees only theirs.
                Some(o) if o != own.id.to_hex() && o != own.name => Err(CliError::forbidden(format!(
                    "The operator {} (ADMIN) may look up names only in their own organization {}; --org \"{o}\" is not it.",
                    operator.email,
                    own.label()
                ))),
                _ => Ok(Some(own)),
            }
        }
        _ => Err(CliError::forbidden(format!(
            "The operator {} ({}) may not look up names: only a SUPERADMIN, or an ADMIN in their own organization, may.",
            operator.email, operator.raw_role
        ))),
    }
}

/// What matches `text` (any case, taken literally; all with an empty text)
/// in the operator's scope, `limit` of each kind at most.
pub async fn find(db: &Db, operator: &User, text: &str, org: Option<&str>, limit: i64) -> Result<Found> {
    let scope = scope(db, operator, org).await?;
    let within = scope.as_ref().map(|o| o.id);
    let text = Some(text.trim()).filter(|t| !t.is_empty());
    // One more than shown says whether there are more.
    let query = UserQuery { text, organization: within, limit: limit + 1, ..Default::default() };
    let mut users = db.users_where(&query).await?;
    let mut organizations = db.organizations_where(text, within, None, limit + 1).await?;
    let mut departments = db.departments_where(text, within, &[], limit + 1).await?;
    let more = [users.len() as i64 > limit, organizations.len() as i64 > limit, departments.len() as i64 > limit];
    users.truncate(limit as usize);
    organizations.truncate(limit as usize);
    departments.truncate(limit as usize);
    let mut ids: Vec<ObjectId> = users
        .iter()
        .filter_map(|u| u.organization_id)
        .chain(departments.iter().filter_map(|d| d.organization_id))
        .collect();
    ids.sort();
    ids.dedup();
    let organization_names = db.organizations_by_ids(&ids).await?.into_iter().map(|o| (o.id, o.name)).collect();
    Ok(Found { scope, users, organizations, departments, organization_names, more })
}
