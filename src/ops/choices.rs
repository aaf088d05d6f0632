//! What a person chooses from when a scan or a preview asks for what it
//! was not given (`commands::ask`): the users, organizations, departments
//! and re-assignees a transfer can take, read from the live database and
//! bounded; a plan file's default name; and how a flag names a choice so
//! that it finds it again. No printing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::{Department, Organization, User};
use crate::db::names::{DepartmentName, UserQuery};
use crate::error::{ErrorKind, Result};

/// A list on a terminal holds at most this many: a person searches it by
/// typing, and a deployment may have 100,000 users (above this, the
/// question first asks for part of a name).
pub const LIST: i64 = 2_000;

/// Items, and whether more matched than a list holds.
pub struct Listed<T> {
    pub items: Vec<T>,
    pub more: bool,
}

fn listed<T>(mut items: Vec<T>) -> Listed<T> {
    let more = items.len() as i64 > LIST;
    items.truncate(LIST as usize);
    Listed { items, more }
}

/// Users a transfer may move (superadmins are not), of `organization`
/// when given, holding `text` when given.
pub async fn movable_users(db: &Db, organization: Option<ObjectId>, text: Option<&str>) -> Result<Listed<User>> {
    let q = UserQuery { text, organization, movable_only: true, limit: LIST + 1, ..Default::default() };
    Ok(listed(db.users_where(&q).await?))
}

/// The active users of `user`'s organization but `user`: who may inherit
/// what stays behind in an organization transfer.
pub async fn org_reassignees(db: &Db, user: &User, text: Option<&str>) -> Result<Listed<User>> {
    let q = UserQuery {
        text,
        organization: user.organization_id,
        except: vec![user.id],
        active_only: true,
        limit: LIST + 1,
        ..Default::default()
    };
    Ok(listed(db.users_where(&q).await?))
}

/// The department `user` is in (of their organization), if any, and its
/// other active users: who may take over what stays there.
pub async fn department_reassignees(db: &Db, user: &User) -> Result<Option<(Department, Vec<User>)>> {
    let Some(org) = user.organization_id else { return Ok(None) };
    let Some(source) = db.departments_listing(&[user.id], Some(org)).await?.into_iter().next() else {
        return Ok(None);
    };
    let among: Vec<ObjectId> = source.managers.iter().chain(&source.members).copied().collect();
    let q = UserQuery {
        organization: Some(org),
        among: Some(among),
        except: vec![user.id],
        active_only: true,
        limit: LIST,
        ..Default::default()
    };
    let users = db.users_where(&q).await?;
    Ok(Some((source, users)))
}

/// The organizations a user of `source` may move to.
pub async fn target_organizations(db: &Db, source: ObjectId) -> Result<Vec<Organization>> {
    db.organizations_where(None, None, Some(source), LIST).await
}

/// The departments of `organization`, but `except`.
pub async fn departments(db: &Db, organization: ObjectId, except: &[ObjectId]) -> Result<Vec<DepartmentName>> {
    db.departments_where(None, Some(organization), except, LIST).await
}

/// The department `user` is in, if any (to leave it out of their targets).
pub async fn current_department(db: &Db, user: &User) -> Result<Option<Department>> {
    Ok(db.departments_listing(&[user.id], user.organization_id).await?.into_iter().next())
}

/// The names of the organizations `users` are in.
pub async fn organization_names(db: &Db, users: &[User]) -> Result<HashMap<ObjectId, String>> {
    let mut ids: Vec<ObjectId> = users.iter().filter_map(|u| u.organization_id).collect();
    ids.sort();
    ids.dedup();
    Ok(db.organizations_by_ids(&ids).await?.into_iter().map(|o| (o.id, o.name)).collect())
}

/// A plan file's default name, `<who>-to-<where>.json` (`<who>-plan.json`
/// without a target) in the current directory, numbered when one by that
/// name exists (an answer left at its default never overwrites a plan).
pub fn plan_path(who: &str, target: &str, exists: impl Fn(&Path) -> bool) -> PathBuf {
    let who = slug(who.split('@').next().unwrap_or(who), true);
    let who = if who.is_empty() { "plan" } else { &who };
    let base = match slug(target, false) {
        _ if target.is_empty() => format!("{who}-plan"),
        t if t.is_empty() => format!("{who}-to-target"),
        t => format!("{who}-to-{t}"),
    };
    let mut path = PathBuf::from(format!("{base}.json"));
    let mut n = 2;
    while exists(&path) {
        path = PathBuf::from(format!("{base}-{n}.json"));
        n += 1;
    }
    path
}

/// Lower-case ASCII letters and digits, other runs as one `-` (and `.` kept
/// for an email's local part).
fn slug(s: &str, dots: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || (dots && c == '.') {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// How a flag names `u` so that it finds them again (the printed command
/// re-runs to the same request): the email, else the ObjectId.
pub async fn user_flag(db: &Db, u: &User) -> Result<String> {
    let found = settle(db.resolve_user(&u.email, "--user").await)?;
    Ok(if found.is_some_and(|f| f.id == u.id && f.email == u.email) { u.email.clone() } else { u.id.to_hex() })
}

/// How a flag names `o`: the name when no other organization has it, else the ObjectId.
pub async fn organization_flag(db: &Db, o: &Organization) -> Result<String> {
    let found = settle(db.resolve_organization(&o.name, "--to-org").await)?;
    Ok(if found.is_some_and(|f| f.id == o.id && f.name == o.name) { o.name.clone() } else { o.id.to_hex() })
}

/// How `flag` names `d`, a department of `org`: the name when it finds it
/// again, else the ObjectId.
pub async fn department_flag(db: &Db, d: &DepartmentName, flag: &str, org: ObjectId) -> Result<String> {
    let found = settle(db.resolve_department(&d.name, flag, Some(org)).await)?;
    Ok(if found.is_some_and(|f| f.id == d.id && f.name == d.name) { d.name.clone() } else { d.id.to_hex() })
}

/// What a name finds: one entity, or none (not found, ambiguous, not a
/// name the tool reads as one); a failure to read stays an error.
fn settle<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(found) => Ok(Some(found)),
        Err(e) if matches!(e.kind, ErrorKind::Usage | ErrorKind::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_path_names_who_and_where_and_never_an_existing_file() {
        let none = |_: &Path| false;
        assert_eq!(plan_path("sam.rep@acme.test", "Initech", none), PathBuf::from("sam.rep-to-initech.json"));
        assert_eq!(
            plan_path("sam.rep@acme.test", "Acme Corp / Onboarding", none),
            PathBuf::from("sam.rep-to-acme-corp-onboarding.json")
        );
        assert_eq!(plan_path("o'brien@x.test", "Zürich \"Nord\"", none), PathBuf::from("o-brien-to-z-rich-nord.json"));
        assert_eq!(plan_path("reorg 2027", "", none), PathBuf::from("reorg-2027-plan.json"));
        let taken = |p: &Path| ["sam.rep-to-initech.json", "sam.rep-to-initech-2.json"].contains(&p.to_str().unwrap());
        assert_eq!(plan_path("sam.rep@acme.test", "Initech", taken), PathBuf::from("sam.rep-to-initech-3.json"));
    }
}
