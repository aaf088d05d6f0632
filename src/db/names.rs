//! Names as a person looks for them: bounded lists of users, organizations
//! and departments holding part of a name (`find`, the prompts' lists), and
//! the few a name that matched nothing is compared with (did-you-mean).
//!
//! Every query is bounded: a deployment may hold 100,000 users, and a list
//! on a terminal or a suggestion in an error needs a few of them. Entities
//! whose `_id` is not an ObjectId are left out of lists (no transfer can
//! take them; naming one in a flag says why).

use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, Regex, doc, oid::ObjectId};

use super::Db;
use super::entities::{Organization, User};
use crate::didyoumean::{fold, quoted, rank, sentence};
use crate::error::{CliError, Result};

/// Documents read per did-you-mean query: enough for the names that share
/// a typo's first letters or its email's domain, whatever the deployment's size.
const POOL: i64 = 500;
/// Organizations or departments compared in full when a deployment (or an
/// organization) has no more than this many; beyond, those sharing the
/// first letters (`POOL`).
const WHOLE: i64 = 1_000;

/// A department as a list names it (its managers and members unread).
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentName {
    pub id: ObjectId,
    pub name: String,
    pub organization_id: Option<ObjectId>,
}

/// Which users a list holds.
#[derive(Debug, Clone, Default)]
pub struct UserQuery<'a> {
    /// Part of the email or the name, any case (taken literally).
    pub text: Option<&'a str>,
    pub organization: Option<ObjectId>,
    /// Only these users (a department's).
    pub among: Option<Vec<ObjectId>>,
    pub except: Vec<ObjectId>,
    pub active_only: bool,
    /// Leave out superadmins (a transfer cannot move them).
    pub movable_only: bool,
    pub limit: i64,
}

/// `text` as a regular expression that matches it literally.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}-/#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a regular expression that matches it literally but for
/// accents, as `didyoumean::fold` compares names: a letter that has accented
/// forms stands for all of them (`u`, `ü` and `Ú` each for `[uùúûüũū…]`).
pub fn loose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let forms = forms(c);
        if forms.chars().count() > 1 {
            out.push('[');
            out.push_str(&forms);
            out.push(']');
        } else {
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        }
    }
    out
}

/// The Latin letters (ASCII, Latin-1 and Latin Extended-A and -B) that fold to
/// what `c` folds to, when that is one ASCII letter; else `c` alone.
fn forms(c: char) -> String {
    let base = fold(c.encode_utf8(&mut [0; 4]));
    let mut letters = base.chars();
    match (letters.next(), letters.next()) {
        (Some(b), None) if b.is_ascii_alphabetic() => {
            ('a'..='z').chain('\u{c0}'..='\u{24f}').filter(|v| fold(v.encode_utf8(&mut [0; 4])) == base).collect()
        }
        _ => c.to_string(),
    }
}

/// Holds `text`, any case, any accent.
fn containing(text: &str) -> Bson {
    Bson::RegularExpression(Regex { pattern: loose(text), options: "i".into() })
}

/// Starts with the first two characters of `text`, any case, any accent.
fn sharing_start(text: &str) -> Bson {
    let start: String = text.trim().chars().take(2).collect();
    Bson::RegularExpression(Regex { pattern: format!("^{}", loose(&start)), options: "i".into() })
}

/// Also the entity whose id `text` is.
fn or_id(mut alternatives: Vec<Document>, text: Option<&str>) -> Document {
    if let Some(id) = text.map(str::trim).filter(|t| t.len() == 24).and_then(|t| ObjectId::parse_str(t).ok()) {
        alternatives.push(doc! { "_id": id });
    }
    doc! { "$or": alternatives }
}

impl Db {
    /// Users as `q` says, by email.
    pub async fn users_where(&self, q: &UserQuery<'_>) -> Result<Vec<User>> {
        let u = &self.registry.users;
        let mut filter = doc! { "_id": { "$type": "objectId", "$nin": &q.except } };
        if let Some(among) = &q.among {
            filter.insert("$and", vec![doc! { "_id": { "$in": among } }]);
        }
        if let Some(org) = q.organization {
            filter.insert(&u.organization, org);
        }
        if q.movable_only {
            filter.insert(&u.access_role, doc! { "$ne": "SUPERADMIN" });
        }
        if q.active_only {
            // The application takes a missing flag as active.
            filter.insert(&u.is_active, doc! { "$ne": false });
        }
        if let Some(text) = q.text.filter(|t| !t.trim().is_empty()) {
            let text = text.trim();
            filter.extend(or_id(
                vec![doc! { &u.email: containing(text) }, doc! { &u.name: containing(text) }],
                Some(text),
            ));
        }
        self.read_users(filter, q.limit).await
    }

    async fn read_users(&self, filter: Document, limit: i64) -> Result<Vec<User>> {
        let u = &self.registry.users;
        let docs: Vec<Document> = self
            .users()
            .find(filter)
            .projection(doc! { &u.email: 1, &u.name: 1, &u.organization: 1, &u.access_role: 1, &u.is_active: 1 })
            .sort(doc! { &u.email: 1 })
            .limit(limit)
            .await?
            .try_collect()
            .await?;
        Ok(docs.iter().filter_map(|d| self.user_from(d).ok()).collect())
    }

    /// Organizations holding `text` (any case; all without it), but
    /// `except`, and only `only` when given; by name.
    pub async fn organizations_where(
        &self,
        text: Option<&str>,
        only: Option<ObjectId>,
        except: Option<ObjectId>,
        limit: i64,
    ) -> Result<Vec<Organization>> {
        let name = &self.registry.organizations.name;
        let mut id = doc! { "$type": "objectId" };
        if let Some(o) = only {
            id.insert("$eq", o);
        }
        if let Some(x) = except {
            id.insert("$ne", x);
        }
        let mut filter = doc! { "_id": id };
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            filter.extend(or_id(vec![doc! { name: containing(text) }], Some(text)));
        }
        self.read_organizations(filter, limit).await
    }

    async fn read_organizations(&self, filter: Document, limit: i64) -> Result<Vec<Organization>> {
        let name = &self.registry.organizations.name;
        let docs: Vec<Document> = self
            .organizations()
            .find(filter)
            .projection(doc! { name: 1 })
            .sort(doc! { name: 1, "_id": 1 })
            .limit(limit)
            .await?
            .try_collect()
            .await?;
        Ok(docs.iter().filter_map(|d| self.organization_from(d).ok()).collect())
    }

    /// Organizations by id (to name those of listed users and departments).
    pub async fn organizations_by_ids(&self, ids: &[ObjectId]) -> Result<Vec<Organization>> {
        self.read_organizations(doc! { "_id": { "$in": ids } }, ids.len() as i64 + 1).await
    }

    /// Departments holding `text` (any case; all without it), of
    /// `organization` when given, but `except`; by name.
    pub async fn departments_where(
        &self,
        text: Option<&str>,
        organization: Option<ObjectId>,
        except: &[ObjectId],
        limit: i64,
    ) -> Result<Vec<DepartmentName>> {
        let s = &self.registry.departments;
        let mut filter = doc! { "_id": { "$type": "objectId", "$nin": except } };
        if let Some(org) = organization {
            filter.insert(&s.organization, org);
        }
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            filter.extend(or_id(vec![doc! { &s.name: containing(text) }], Some(text)));
        }
        self.read_departments(filter, limit).await
    }

    async fn read_departments(&self, filter: Document, limit: i64) -> Result<Vec<DepartmentName>> {
        let s = &self.registry.departments;
        let docs: Vec<Document> = self
            .departments()
            .find(filter)
            .projection(doc! { &s.name: 1, &s.organization: 1 })
            .sort(doc! { &s.name: 1, "_id": 1 })
            .limit(limit)
            .await?
            .try_collect()
            .await?;
        Ok(docs
            .iter()
            .filter_map(|d| {
                Some(DepartmentName {
                    id: d.get_object_id("_id").ok()?,
                    name: d.get_str(&s.name).unwrap_or_default().to_string(),
                    organization_id: d.get_object_id(&s.organization).ok(),
                })
            })
            .collect())
    }

    /// The users an email that matched nothing may have meant: those whose
    /// email starts as it does, and those of its domain (`POOL` of each).
    pub async fn users_like_email(&self, typed: &str) -> Result<Vec<User>> {
        let email = &self.registry.users.email;
        let domain = typed.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        let mut found = self.read_users(doc! { email: sharing_start(typed) }, POOL).await?;
        if !domain.is_empty() {
            let at = Bson::RegularExpression(Regex { pattern: format!("@{}$", escape(domain)), options: "i".into() });
            found.extend(self.read_users(doc! { email: at }, POOL).await?);
        }
        found.sort_by_key(|u| u.id);
        found.dedup_by_key(|u| u.id);
        Ok(found)
    }

    /// The users a name (not an email) may mean: those whose name starts as it does.
    pub async fn users_like_name(&self, typed: &str) -> Result<Vec<User>> {
        let name = &self.registry.users.name;
        self.read_users(doc! { name: sharing_start(typed) }, POOL).await
    }

    /// The organizations a name that matched nothing may have meant.
    pub async fn organizations_like(&self, typed: &str) -> Result<Vec<Organization>> {
        let name = &self.registry.organizations.name;
        let mut found = self.read_organizations(doc! {}, WHOLE).await?;
        if found.len() as i64 == WHOLE {
            found.extend(self.read_organizations(doc! { name: sharing_start(typed) }, POOL).await?);
        }
        Ok(found)
    }

    /// The departments (of `organization`, when given) a name that matched
    /// nothing may have meant.
    pub async fn departments_like(&self, typed: &str, organization: Option<ObjectId>) -> Result<Vec<DepartmentName>> {
        let s = &self.registry.departments;
        let scope = match organization {
            Some(org) => doc! { &s.organization: org },
            None => doc! {},
        };
        let mut found = self.read_departments(scope.clone(), WHOLE).await?;
        if found.len() as i64 == WHOLE {
            let mut start = scope;
            start.insert(&s.name, sharing_start(typed));
            found.extend(self.read_departments(start, POOL).await?);
        }
        Ok(found)
    }
}

/// Which suggestions an error may name: those of the organizations the
/// operator may act in (a department transfer's ADMIN sees their own).
pub type Offer<'a> = &'a (dyn Fn(Option<ObjectId>) -> bool + Send + Sync);

/// Every organization's names may be offered (a superadmin acts).
pub fn anywhere(_: Option<ObjectId>) -> bool {
    true
}

/// Where a typed name points at the flag for `find`.
const FIND: &str = "`tether-transfer find TEXT` lists the users, organizations and departments whose name holds TEXT.";

impl Db {
    /// No user has the email `typed`: the error, with the emails it may mean.
    pub(super) async fn no_such_email(&self, typed: &str, flag: &str, offer: Offer<'_>) -> Result<CliError> {
        let pool: Vec<User> =
            self.users_like_email(typed).await?.into_iter().filter(|u| offer(u.organization_id)).collect();
        let found: Vec<String> =
            rank(typed, &pool, |u| vec![u.email.as_str()]).iter().map(|u| u.email.clone()).collect();
        let base = format!("No user has the email {typed} ({flag})");
        Ok(not_found(sentence(&base, &found, quoted), found))
    }

    /// `typed` is neither an id nor an email: the error, with the users
    /// whose name (or email before the `@`) it may be.
    pub(super) async fn not_an_email(&self, typed: &str, flag: &str, offer: Offer<'_>) -> Result<CliError> {
        let mut pool: Vec<User> = self.users_like_name(typed).await?;
        pool.extend(self.users_like_email(typed).await?);
        pool.retain(|u| offer(u.organization_id));
        let local = |u: &User| u.email.split('@').next().unwrap_or("").to_string();
        let locals: Vec<String> = pool.iter().map(local).collect();
        let keyed: Vec<(&User, &str)> = pool.iter().zip(locals.iter().map(String::as_str)).collect();
        let best = rank(typed, &keyed, |(u, l)| vec![u.email.as_str(), u.name.as_deref().unwrap_or(""), l]);
        let found: Vec<String> = best.iter().map(|(u, _)| u.email.clone()).collect();
        let named = |email: &str| match pool.iter().find(|u| u.email == email).and_then(|u| u.name.as_deref()) {
            Some(n) => format!("\"{email}\" ({n})"),
            None => quoted(email),
        };
        let base =
            format!("{flag} \"{typed}\" is neither a user's ObjectId (24 hexadecimal digits) nor an email address");
        let e = CliError::usage(sentence(&base, &found, named));
        Ok(if found.is_empty() { e.with_hint(FIND) } else { e.with_candidates(found) })
    }

    /// No organization is named `typed`: the error, with the names it may
    /// mean (and their ids when several organizations share one).
    pub(super) async fn no_such_organization(&self, typed: &str, flag: &str) -> Result<CliError> {
        let pool = self.organizations_like(typed).await?;
        let found: Vec<String> = rank(typed, &pool, |o| vec![o.name.as_str()]).iter().map(|o| o.name.clone()).collect();
        let base = format!("No organization is named \"{typed}\" ({flag})");
        let mut e = not_found(sentence(&base, &found, quoted), found.clone());
        for name in &found {
            let ids: Vec<String> = pool.iter().filter(|o| &o.name == name).map(|o| o.id.to_hex()).collect();
            if ids.len() > 1 {
                e = e.with_hint(format!(
                    "{} organizations are named \"{name}\": pass one's ObjectId to {flag} ({}).",
                    ids.len(),
                    ids.join(", ")
                ));
            }
        }
        Ok(e)
    }

    /// No department (of `organization`, when given) is named `typed`: the
    /// error, with the names it may mean.
    pub(super) async fn no_such_department(
        &self,
        typed: &str,
        flag: &str,
        organization: Option<ObjectId>,
        offer: Offer<'_>,
    ) -> Result<CliError> {
        let pool: Vec<DepartmentName> = self
            .departments_like(typed, organization)
            .await?
            .into_iter()
            .filter(|d| offer(d.organization_id))
            .collect();
        let found: Vec<String> = rank(typed, &pool, |d| vec![d.name.as_str()]).iter().map(|d| d.name.clone()).collect();
        let base = format!("No department is named \"{typed}\" ({flag})");
        Ok(not_found(sentence(&base, &found, quoted), found))
    }
}

/// Not found, with suggestions, or else the pointer to `find`.
fn not_found(message: String, candidates: Vec<String>) -> CliError {
    let e = CliError::not_found(message);
    if candidates.is_empty() { e.with_hint(FIND) } else { e.with_candidates(candidates) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_taken_literally() {
        assert_eq!(super::escape("a.b"), "a\\.b");
        assert_eq!(super::escape("(x)*[y]+?^$|{2}\\"), "\\(x\\)\\*\\[y\\]\\+\\?\\^\\$\\|\\{2\\}\\\\");
        assert_eq!(super::escape("Zürich \"Nord\""), "Zürich \"Nord\"");
    }

    #[test]
    fn a_letter_stands_for_its_accented_forms() {
        let u = super::loose("u");
        assert_eq!(super::loose("ü"), u);
        assert_eq!(super::loose("Ú"), u);
        for form in ['u', 'ù', 'ú', 'û', 'ü', 'Ü', 'ū', 'ů'] {
            assert!(u.contains(form), "{u} lacks {form}");
        }
        assert_eq!(super::loose("a.1 ("), "[aÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧ]\\.1 \\(");
        assert_eq!(super::loose("ß"), "ß", "no one letter stands for it");
    }
}
