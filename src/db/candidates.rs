//! Names a person may type, read for shell completion: users' emails,
//! organizations, departments, recent transfers, each starting with what is
//! typed so far. Small, bounded reads (`LIMIT` documents at most), with a
//! short description for shells that show one; never a write.

use std::collections::{BTreeMap, HashMap};

use futures_util::TryStreamExt;
use mongodb::Database;
use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::db::entities::Role;
use crate::db::record::Action;
use crate::registry::Registry;

/// At most this many documents per read: a completion list is read by a person.
const LIMIT: i64 = 100;

/// A value to offer, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub help: Option<String>,
}

/// Which users to offer.
#[derive(Debug, Clone, Default)]
pub struct Users {
    /// Of this organization only.
    pub organization: Option<ObjectId>,
    /// With one of these roles only (none: any role).
    pub roles: Vec<Role>,
    /// Active users only.
    pub active: bool,
    /// Leave out this user (an email or an id, as typed).
    pub except: Option<String>,
}

/// A case-insensitive match of what starts with `prefix` (taken literally).
fn starts_with(prefix: &str) -> Document {
    doc! { "$regex": format!("^{}", super::names::escape(prefix)), "$options": "i" }
}

fn text(d: &Document, field: &str) -> Option<String> {
    d.get_str(field).ok().map(str::to_string)
}

fn oid(d: &Document, field: &str) -> Option<ObjectId> {
    d.get_object_id(field).ok()
}

/// The organization a user belongs to, the user given as an email or an id.
pub async fn organization_of_user(db: &Database, r: &Registry, user: &str) -> mongodb::error::Result<Option<ObjectId>> {
    let u = &r.users;
    let filter = match ObjectId::parse_str(user.trim()) {
        Ok(id) => doc! { "_id": id },
        Err(_) => doc! { &u.email: { "$in": [user.trim(), user.trim().to_lowercase()] } },
    };
    let found = db.collection::<Document>(&u.collection).find_one(filter).await?;
    Ok(found.and_then(|d| oid(&d, &u.organization)))
}

/// The organization an id or an exact name names, when exactly one does.
pub async fn organization(db: &Database, r: &Registry, name: &str) -> mongodb::error::Result<Option<ObjectId>> {
    let o = &r.organizations;
    let filter = match ObjectId::parse_str(name.trim()) {
        Ok(id) => doc! { "_id": id },
        Err(_) => doc! { &o.name: name.trim() },
    };
    let found: Vec<Document> =
        db.collection::<Document>(&o.collection).find(filter).limit(2).await?.try_collect().await?;
    Ok(match found.as_slice() {
        [one] => one.get_object_id("_id").ok(),
        _ => None,
    })
}

/// The organization of the department an id or an exact name names, when exactly one does.
pub async fn organization_of_department(
    db: &Database,
    r: &Registry,
    name: &str,
) -> mongodb::error::Result<Option<ObjectId>> {
    let s = &r.departments;
    let filter = match ObjectId::parse_str(name.trim()) {
        Ok(id) => doc! { "_id": id },
        Err(_) => doc! { &s.name: name.trim() },
    };
    let found: Vec<Document> =
        db.collection::<Document>(&s.collection).find(filter).limit(2).await?.try_collect().await?;
    Ok(match found.as_slice() {
        [one] => oid(one, &s.organization),
        _ => None,
    })
}

/// Organization names by id, for descriptions.
async fn organization_names(
    db: &Database,
    r: &Registry,
    ids: Vec<ObjectId>,
) -> mongodb::error::Result<HashMap<ObjectId, String>> {
    let o = &r.organizations;
    let docs: Vec<Document> = db
        .collection::<Document>(&o.collection)
        .find(doc! { "_id": { "$in": ids } })
        .projection(doc! { &o.name: 1 })
        .await?
        .try_collect()
        .await?;
    Ok(docs.iter().filter_map(|d| Some((d.get_object_id("_id").ok()?, text(d, &o.name)?))).collect())
}

/// Users' emails starting with `prefix`, each described by name, role and organization.
pub async fn users(db: &Database, r: &Registry, prefix: &str, which: &Users) -> mongodb::error::Result<Vec<Candidate>> {
    let u = &r.users;
    let mut filter = doc! { &u.email: starts_with(prefix) };
    if let Some(org) = which.organization {
        filter.insert(&u.organization, org);
    }
    if !which.roles.is_empty() {
        filter.insert(&u.access_role, doc! { "$in": which.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() });
    }
    if which.active {
        filter.insert(&u.is_active, doc! { "$ne": false });
    }
    let docs: Vec<Document> = db
        .collection::<Document>(&u.collection)
        .find(filter)
        .projection(doc! { &u.email: 1, &u.name: 1, &u.access_role: 1, &u.organization: 1 })
        .sort(doc! { &u.email: 1 })
        .limit(LIMIT)
        .await?
        .try_collect()
        .await?;
    let except = which.except.as_deref().map(|e| e.trim().to_lowercase());
    let docs: Vec<&Document> = docs
        .iter()
        .filter(|d| {
            let email = text(d, &u.email).unwrap_or_default().to_lowercase();
            let id = d.get_object_id("_id").map(|i| i.to_hex()).unwrap_or_default();
            except.as_deref().is_none_or(|e| e != email && e != id)
        })
        .collect();
    let orgs = organization_names(db, r, docs.iter().filter_map(|d| oid(d, &u.organization)).collect()).await?;
    Ok(docs
        .iter()
        .filter_map(|d| {
            let email = text(d, &u.email).filter(|e| !e.is_empty())?;
            let parts: Vec<String> = [
                text(d, &u.name),
                text(d, &u.access_role),
                oid(d, &u.organization).and_then(|o| orgs.get(&o).cloned()),
            ]
            .into_iter()
            .flatten()
            .collect();
            Some(Candidate { value: email, help: Some(parts.join(", ")).filter(|h| !h.is_empty()) })
        })
        .collect())
}

/// Organization names starting with `prefix`; a name that several
/// organizations share is offered with their ids, which are what resolves.
pub async fn organizations(db: &Database, r: &Registry, prefix: &str) -> mongodb::error::Result<Vec<Candidate>> {
    let o = &r.organizations;
    let docs: Vec<Document> = db
        .collection::<Document>(&o.collection)
        .find(doc! { &o.name: starts_with(prefix) })
        .projection(doc! { &o.name: 1 })
        .sort(doc! { &o.name: 1 })
        .limit(LIMIT)
        .await?
        .try_collect()
        .await?;
    let mut by_name: BTreeMap<String, Vec<ObjectId>> = BTreeMap::new();
    for d in &docs {
        if let (Some(name), Ok(id)) = (text(d, &o.name), d.get_object_id("_id")) {
            by_name.entry(name).or_default().push(id);
        }
    }
    let mut out = Vec::new();
    for (name, ids) in by_name {
        if let [id] = ids.as_slice() {
            out.push(Candidate { value: name, help: Some(format!("organization {id}")) });
        } else {
            out.push(Candidate {
                value: name.clone(),
                help: Some(format!("{} organizations have this name: pass one's id", ids.len())),
            });
            out.extend(ids.iter().map(|id| Candidate { value: id.to_hex(), help: Some(name.clone()) }));
        }
    }
    Ok(out)
}

/// Department names starting with `prefix`, of one organization or of all,
/// each described by its organization.
pub async fn departments(
    db: &Database,
    r: &Registry,
    prefix: &str,
    organization: Option<ObjectId>,
) -> mongodb::error::Result<Vec<Candidate>> {
    let s = &r.departments;
    let mut filter = doc! { &s.name: starts_with(prefix) };
    if let Some(org) = organization {
        filter.insert(&s.organization, org);
    }
    let docs: Vec<Document> = db
        .collection::<Document>(&s.collection)
        .find(filter)
        .projection(doc! { &s.name: 1, &s.organization: 1 })
        .sort(doc! { &s.name: 1 })
        .limit(LIMIT)
        .await?
        .try_collect()
        .await?;
    let orgs = organization_names(db, r, docs.iter().filter_map(|d| oid(d, &s.organization)).collect()).await?;
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in &docs {
        if let Some(name) = text(d, &s.name) {
            let org = oid(d, &s.organization).map(|o| orgs.get(&o).cloned().unwrap_or_else(|| o.to_hex()));
            by_name.entry(name).or_default().push(org.unwrap_or_else(|| "no organization".into()));
        }
    }
    Ok(by_name
        .into_iter()
        .map(|(name, orgs)| Candidate { value: name, help: Some(format!("department of {}", orgs.join(", "))) })
        .collect())
}

/// The transfers whose id starts with `prefix`, newest first, of these
/// statuses as stored (none: any), each described by its status, kind,
/// users and start.
pub async fn transfers(
    db: &Database,
    r: &Registry,
    prefix: &str,
    statuses: &[&str],
    limit: i64,
) -> mongodb::error::Result<Vec<Candidate>> {
    let mut filter = doc! { "action": { "$in": Action::ALL.to_vec() }, "transferId": starts_with(prefix) };
    if !statuses.is_empty() {
        filter.insert("status", doc! { "$in": statuses });
    }
    let docs: Vec<Document> = db
        .collection::<Document>(&r.auditlogs)
        .find(filter)
        .projection(doc! { "transferId": 1, "status": 1, "action": 1, "users": 1, "startedAt": 1, "paused": 1 })
        .sort(doc! { "startedAt": -1 })
        .limit(limit)
        .await?
        .try_collect()
        .await?;
    Ok(docs
        .iter()
        .filter_map(|d| {
            let id = text(d, "transferId")?;
            let action = d.get_str("action").unwrap_or_default().replace('_', " ");
            let mut status = d.get_str("status").unwrap_or_default().to_string();
            if d.get_bool("paused") == Ok(true) {
                status.push_str(" (paused)");
            }
            let users = match d.get("users") {
                Some(Bson::Array(a)) => a.iter().filter_map(|u| u.as_str()).collect::<Vec<_>>().join(", "),
                _ => String::new(),
            };
            let started = d.get_datetime("startedAt").ok().and_then(|t| t.try_to_rfc3339_string().ok());
            let parts: Vec<String> = [Some(status), Some(action), Some(users).filter(|u| !u.is_empty()), started]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .collect();
            Some(Candidate { value: id, help: Some(parts.join(", ")) })
        })
        .collect())
}
