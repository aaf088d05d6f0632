//! Users, departments and organizations, and resolving what a person typed
//! (an ObjectId, an email, an exact name) into one of them.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, doc, oid::ObjectId};
use serde::{Deserialize, Serialize};

use super::Db;
use super::names::{Offer, anywhere};
use crate::error::{CliError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Superadmin,
    Admin,
    DepartmentHead,
    SalesRep,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Superadmin => "SUPERADMIN",
            Role::Admin => "ADMIN",
            Role::DepartmentHead => "DEPARTMENT_HEAD",
            Role::SalesRep => "SALES_REP",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Superadmin, Role::Admin, Role::DepartmentHead, Role::SalesRep].into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: ObjectId,
    pub email: String,
    pub name: Option<String>,
    pub organization_id: Option<ObjectId>,
    /// None when the stored role is not one Tether knows.
    pub role: Option<Role>,
    pub raw_role: String,
    pub is_active: bool,
}

impl User {
    pub fn label(&self) -> String {
        format!("{} ({})", self.email, self.id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: ObjectId,
    pub organization_id: Option<ObjectId>,
    pub name: String,
    pub managers: Vec<ObjectId>,
    pub members: Vec<ObjectId>,
    /// `managers` or `members` when present but not an array (null, one
    /// id): the tool's `$pull` / `$addToSet` cannot change them, so scan
    /// refuses a transfer that would.
    pub unusable: Vec<String>,
    /// String elements of `managers` / `members` (an id written as its hex
    /// by an old client): not users to the tool, as to the application.
    pub string_ids: Vec<String>,
}

impl Department {
    pub fn label(&self) -> String {
        format!("\"{}\" ({})", self.name, self.id)
    }
    pub fn has(&self, user: ObjectId) -> bool {
        self.managers.contains(&user) || self.members.contains(&user)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: ObjectId,
    pub name: String,
}

impl Organization {
    pub fn label(&self) -> String {
        format!("\"{}\" ({})", self.name, self.id)
    }
}

/// What a person typed for an entity, parsed before any query.
enum Reference<'a> {
    Id(ObjectId),
    Text(&'a str),
}

fn reference<'a>(input: &'a str, flag: &str, what: &str) -> Result<Reference<'a>> {
    let s = input.trim();
    if s.is_empty() {
        return Err(CliError::usage(format!("{flag} is empty: give {what}.")));
    }
    // A NUL is no character of a name (a line break may be: data as it
    // is), and the server's patterns cannot hold one.
    if s.contains('\0') {
        let shown = s.replace('\0', "\u{fffd}");
        return Err(CliError::usage(format!(
            "{flag} \"{shown}\" holds a NUL character (shown as \u{fffd}); give {what}."
        )));
    }
    if s.len() == 24 && s.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(Reference::Id(ObjectId::parse_str(s).expect("24 hex digits parse")));
    }
    if s.len() == 24 && s.chars().all(|c| c.is_ascii_alphanumeric()) && !s.contains('@') {
        // Looks like an id with a typo; say so rather than "no such name".
        return Err(CliError::usage(format!("{flag} \"{s}\" is not a valid ObjectId (24 hexadecimal digits).")));
    }
    Ok(Reference::Text(s))
}

fn oid(d: &Document, field: &str) -> Option<ObjectId> {
    match d.get(field) {
        Some(Bson::ObjectId(o)) => Some(*o),
        _ => None,
    }
}

fn oids(d: &Document, field: &str) -> Vec<ObjectId> {
    match d.get(field) {
        Some(Bson::Array(a)) => a.iter().filter_map(|b| b.as_object_id()).collect(),
        _ => Vec::new(),
    }
}

/// A list field present but not an array (`unusable`).
fn not_a_list(d: &Document, field: &str) -> bool {
    d.get(field).is_some_and(|v| !matches!(v, Bson::Array(_)))
}

fn string_elements(d: &Document, field: &str) -> Vec<String> {
    match d.get(field) {
        Some(Bson::Array(a)) => a.iter().filter_map(|b| b.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// An entity's `_id`, which Tether's references need to be an ObjectId: one
/// of another type is refused with one sentence (exit 2), never a panic.
fn entity_id(d: &Document, what: &str, name: Option<&str>) -> Result<ObjectId> {
    match d.get("_id") {
        Some(Bson::ObjectId(o)) => Ok(*o),
        other => {
            let id = other.cloned().and_then(crate::docid::DocId::new).map(|i| i.display()).unwrap_or_default();
            let named = name.map(|n| format!(" {n}")).unwrap_or_default();
            Err(CliError::usage(format!(
                "The {what}{named} has the _id {id}, which is not an ObjectId; Tether refers to {what}s by ObjectId, so the tool cannot transfer with it."
            ))
            .with_hint(format!("Give the {what} an ObjectId _id (and update what refers to it), or leave it out.")))
        }
    }
}

fn string(d: &Document, field: &str) -> Option<String> {
    d.get_str(field).ok().map(str::to_string)
}

impl Db {
    pub(super) fn users(&self) -> mongodb::Collection<Document> {
        self.db.collection(&self.registry.users.collection)
    }
    pub(super) fn departments(&self) -> mongodb::Collection<Document> {
        self.db.collection(&self.registry.departments.collection)
    }
    pub(super) fn organizations(&self) -> mongodb::Collection<Document> {
        self.db.collection(&self.registry.organizations.collection)
    }

    pub(super) fn user_from(&self, d: &Document) -> Result<User> {
        let u = &self.registry.users;
        let raw_role = string(d, &u.access_role).unwrap_or_default();
        let email = string(d, &u.email).unwrap_or_default();
        Ok(User {
            id: entity_id(d, "user", Some(&email))?,
            email,
            name: string(d, &u.name),
            organization_id: oid(d, &u.organization),
            role: Role::parse(&raw_role),
            raw_role,
            // The application treats a missing flag as active.
            is_active: d.get_bool(&u.is_active).unwrap_or(true),
        })
    }

    pub(super) fn department_from(&self, d: &Document) -> Result<Department> {
        let s = &self.registry.departments;
        let name = string(d, &s.name).unwrap_or_default();
        Ok(Department {
            id: entity_id(d, "department", Some(&format!("\"{name}\"")))?,
            organization_id: oid(d, &s.organization),
            managers: oids(d, &s.managers),
            members: oids(d, &s.members),
            unusable: [&s.managers, &s.members].into_iter().filter(|f| not_a_list(d, f)).cloned().collect(),
            string_ids: [&s.managers, &s.members].into_iter().flat_map(|f| string_elements(d, f)).collect(),
            name,
        })
    }

    pub(super) fn organization_from(&self, d: &Document) -> Result<Organization> {
        let name = string(d, &self.registry.organizations.name).unwrap_or_default();
        Ok(Organization { id: entity_id(d, "organization", Some(&format!("\"{name}\"")))?, name })
    }

    pub async fn user_by_id(&self, id: ObjectId) -> Result<Option<User>> {
        self.users().find_one(doc! { "_id": id }).await?.map(|d| self.user_from(&d)).transpose()
    }

    pub async fn department_by_id(&self, id: ObjectId) -> Result<Option<Department>> {
        self.departments().find_one(doc! { "_id": id }).await?.map(|d| self.department_from(&d)).transpose()
    }

    pub async fn organization_by_id(&self, id: ObjectId) -> Result<Option<Organization>> {
        self.organizations().find_one(doc! { "_id": id }).await?.map(|d| self.organization_from(&d)).transpose()
    }

    /// A user given as an ObjectId or an email. `flag` names the option in messages.
    pub async fn resolve_user(&self, input: &str, flag: &str) -> Result<User> {
        self.resolve_user_offering(input, flag, &anywhere).await
    }

    /// `resolve_user`, whose error suggests only users `offer` admits.
    pub async fn resolve_user_offering(&self, input: &str, flag: &str, offer: Offer<'_>) -> Result<User> {
        match reference(input, flag, "a user's ObjectId or email")? {
            Reference::Id(id) => self
                .user_by_id(id)
                .await?
                .ok_or_else(|| CliError::not_found(format!("No user has the id {id} ({flag})."))),
            Reference::Text(t) if t.contains('@') => {
                let field = &self.registry.users.email;
                if let Some(d) = self.users().find_one(doc! { field: t }).await? {
                    return self.user_from(&d);
                }
                // Emails are case-insensitive: one user whose email is this
                // in another case is meant; two such are a choice to make.
                let any_case = Bson::RegularExpression(mongodb::bson::Regex {
                    pattern: format!("^{}\\z", super::names::escape(t)),
                    options: "i".into(),
                });
                let found: Vec<Document> =
                    self.users().find(doc! { field: any_case }).limit(10).await?.try_collect().await?;
                match found.as_slice() {
                    [] => Err(self.no_such_email(t, flag, offer).await?),
                    [d] => self.user_from(d),
                    several => {
                        let emails: Vec<String> = several
                            .iter()
                            .map(|d| {
                                format!(
                                    "{} ({})",
                                    d.get_str(field).unwrap_or("?"),
                                    d.get("_id").and_then(Bson::as_object_id).map(|i| i.to_hex()).unwrap_or_default()
                                )
                            })
                            .collect();
                        Err(CliError::usage(format!(
                            "The email {t} is ambiguous ({flag}): {} users have it in another case: {}.",
                            several.len(),
                            emails.join(", ")
                        ))
                        .with_hint(format!(
                            "Pass the email exactly as one of them has it, or its ObjectId, to {flag}."
                        )))
                    }
                }
            }
            Reference::Text(t) => Err(self.not_an_email(t, flag, offer).await?),
        }
    }

    /// The documents whose `field` is exactly `name` (at most 50: enough to
    /// list the candidates of an ambiguous name).
    async fn named(&self, coll: mongodb::Collection<Document>, field: &str, name: &str) -> Result<Vec<Document>> {
        Ok(coll.find(doc! { field: name }).limit(50).await?.try_collect().await?)
    }

    /// An organization given as an ObjectId or an exact name.
    pub async fn resolve_organization(&self, input: &str, flag: &str) -> Result<Organization> {
        match reference(input, flag, "an organization's ObjectId or name")? {
            Reference::Id(id) => self
                .organization_by_id(id)
                .await?
                .ok_or_else(|| CliError::not_found(format!("No organization has the id {id} ({flag})."))),
            Reference::Text(name) => {
                let found: Vec<Organization> = self
                    .named(self.organizations(), &self.registry.organizations.name, name)
                    .await?
                    .iter()
                    .map(|d| self.organization_from(d))
                    .collect::<Result<_>>()?;
                match found.len() {
                    0 => Err(self.no_such_organization(name, flag).await?),
                    1 => Ok(found.into_iter().next().unwrap()),
                    n => Err(CliError::usage(format!(
                        "The organization name \"{name}\" is ambiguous ({flag}): {n} organizations have it: {}.",
                        found.iter().map(|o| o.id.to_hex()).collect::<Vec<_>>().join(", ")
                    ))
                    .with_hint(format!("Pass one of those ObjectIds to {flag}."))),
                }
            }
        }
    }

    /// A department given as an ObjectId or an exact name. A name found once in
    /// `prefer_org` wins over same-named departments of other organizations.
    pub async fn resolve_department(
        &self,
        input: &str,
        flag: &str,
        prefer_org: Option<ObjectId>,
    ) -> Result<Department> {
        self.resolve_department_offering(input, flag, prefer_org, &anywhere).await
    }

    /// `resolve_department`, whose error suggests names of `prefer_org`'s
    /// departments (all organizations' without it) that `offer` admits.
    pub async fn resolve_department_offering(
        &self,
        input: &str,
        flag: &str,
        prefer_org: Option<ObjectId>,
        offer: Offer<'_>,
    ) -> Result<Department> {
        match reference(input, flag, "a department's ObjectId or name")? {
            Reference::Id(id) => self
                .department_by_id(id)
                .await?
                .ok_or_else(|| CliError::not_found(format!("No department has the id {id} ({flag})."))),
            Reference::Text(name) => {
                let found: Vec<Department> = self
                    .named(self.departments(), &self.registry.departments.name, name)
                    .await?
                    .iter()
                    .map(|d| self.department_from(d))
                    .collect::<Result<_>>()?;
                let preferred: Vec<&Department> =
                    found.iter().filter(|d| prefer_org.is_some() && d.organization_id == prefer_org).collect();
                if preferred.len() == 1 {
                    return Ok(preferred[0].clone());
                }
                match found.len() {
                    0 => Err(self.no_such_department(name, flag, prefer_org, offer).await?),
                    1 => Ok(found.into_iter().next().unwrap()),
                    n => {
                        let mut listed = Vec::new();
                        for d in &found {
                            let org = match d.organization_id {
                                Some(o) => {
                                    self.organization_by_id(o).await?.map(|o| o.name).unwrap_or_else(|| o.to_hex())
                                }
                                None => "no organization".into(),
                            };
                            listed.push(format!("{} (in {org})", d.id));
                        }
                        Err(CliError::usage(format!(
                            "The department name \"{name}\" is ambiguous ({flag}): {n} departments have it: {}.",
                            listed.join(", ")
                        ))
                        .with_hint(format!("Pass one of those ObjectIds to {flag}.")))
                    }
                }
            }
        }
    }

    /// How many active users of `org` have `role`, leaving out `except`.
    pub async fn count_role(&self, org: ObjectId, role: Role, except: &[ObjectId]) -> Result<u64> {
        let u = &self.registry.users;
        Ok(self
            .users()
            .count_documents(doc! {
                &u.organization: org,
                &u.access_role: role.as_str(),
                "_id": { "$nin": except },
                &u.is_active: { "$ne": false },
            })
            .await?)
    }

    /// The users that `inputs` (ObjectIds or emails) name, found with two
    /// queries whatever their number, keyed by the input as given (trimmed).
    /// Inputs found nowhere are absent: `resolve_user` says why.
    pub async fn users_by_refs(&self, inputs: &[&str]) -> Result<HashMap<String, User>> {
        let field = &self.registry.users.email;
        let mut ids = Vec::new();
        let mut emails = Vec::new();
        for i in inputs.iter().map(|i| i.trim()) {
            match ObjectId::parse_str(i) {
                Ok(id) if i.len() == 24 => ids.push(id),
                _ => emails.extend([i.to_string(), i.to_lowercase()]),
            }
        }
        let filter = doc! { "$or": [{ "_id": { "$in": ids } }, { field: { "$in": emails } }] };
        let found: Vec<User> = self
            .users()
            .find(filter)
            .await?
            .try_collect::<Vec<_>>()
            .await?
            .iter()
            .map(|d| self.user_from(d))
            .collect::<Result<_>>()?;
        let mut out = HashMap::new();
        for i in inputs.iter().map(|i| i.trim()) {
            let hit = found
                .iter()
                .find(|u| u.id.to_hex() == i || u.email == i)
                .or_else(|| found.iter().find(|u| u.email == i.to_lowercase()));
            if let Some(u) = hit {
                out.insert(i.to_string(), u.clone());
            }
        }
        Ok(out)
    }

    /// The departments that `inputs` (ObjectIds or exact names) name, a name
    /// counting only when exactly one department of `org` has it; keyed by the
    /// input as given (trimmed). Others are absent: `resolve_department` says why.
    pub async fn departments_by_refs(&self, inputs: &[&str], org: ObjectId) -> Result<HashMap<String, Department>> {
        let s = &self.registry.departments;
        let ids: Vec<ObjectId> =
            inputs.iter().filter(|i| i.trim().len() == 24).filter_map(|i| ObjectId::parse_str(i.trim()).ok()).collect();
        let names: Vec<&str> = inputs.iter().map(|i| i.trim()).collect();
        let filter = doc! { "$or": [{ "_id": { "$in": ids } }, { &s.name: { "$in": names }, &s.organization: org }] };
        let found: Vec<Department> = self
            .departments()
            .find(filter)
            .await?
            .try_collect::<Vec<_>>()
            .await?
            .iter()
            .map(|d| self.department_from(d))
            .collect::<Result<_>>()?;
        let mut out = HashMap::new();
        for i in inputs.iter().map(|i| i.trim()) {
            let by_id: Vec<&Department> = found.iter().filter(|d| d.id.to_hex() == i).collect();
            let by_name: Vec<&Department> =
                found.iter().filter(|d| d.name == i && d.organization_id == Some(org)).collect();
            match (by_id.as_slice(), by_name.as_slice()) {
                ([d], _) | ([], [d]) => {
                    out.insert(i.to_string(), (*d).clone());
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// What of the resource collections still points at department `dept`,
    /// as "<count> <collection>" per collection, leaving out the documents
    /// `except(collection, field)` names (those a transfer is about to move).
    pub async fn still_in_department(
        &self,
        dept: ObjectId,
        except: impl Fn(&str, &str) -> Vec<Document>,
    ) -> Result<Vec<String>> {
        let mut left = Vec::new();
        for (collection, field) in self.registry.department_fields() {
            let mut filter = doc! { field: dept };
            let moved = except(collection, field);
            if !moved.is_empty() {
                filter.insert("$nor", moved);
            }
            let n = self.db.collection::<Document>(collection).count_documents(filter).await?;
            if n > 0 {
                left.push(format!("{n} {collection}"));
            }
        }
        Ok(left)
    }

    /// The departments (of `org`, when given) that list any of `users` as a
    /// manager or a member, in `_id` order, read at once.
    pub async fn departments_listing(&self, users: &[ObjectId], org: Option<ObjectId>) -> Result<Vec<Department>> {
        let s = &self.registry.departments;
        let mut filter = doc! { "$or": [{ &s.managers: { "$in": users } }, { &s.members: { "$in": users } }] };
        if let Some(org) = org {
            filter.insert(&s.organization, org);
        }
        let docs: Vec<Document> = self.departments().find(filter).sort(doc! { "_id": 1 }).await?.try_collect().await?;
        docs.iter().map(|d| self.department_from(d)).collect()
    }

    /// Users by id, for naming them in messages and bulk plans.
    pub async fn users_by_ids(&self, ids: &[ObjectId]) -> Result<Vec<User>> {
        let docs: Vec<Document> =
            self.users().find(doc! { "_id": { "$in": ids } }).sort(doc! { "_id": 1 }).await?.try_collect().await?;
        docs.iter().map(|d| self.user_from(d)).collect()
    }
}
