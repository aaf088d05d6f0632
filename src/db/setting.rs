//! A setting the tool keeps in one document of a collection of its own (the
//! approval policy, the deployment's record): who set it and when, read
//! strictly (a field of another type names itself and its stored value, it
//! never reads as a default), and written with its audit entry in one
//! transaction, only over the version that was read.

use mongodb::bson::{self, Bson, DateTime, Document, doc};

use super::Db;
use super::identity::Identity;
use super::op::{as_u64, shown};
use super::record::UserRef;
use crate::error::{CliError, Result};

/// Who set a setting, when, and how many times it was set (serialized
/// flat beside the setting's own fields: `version`, `setBy`,
/// `setByIdentity`, `setAt`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stamp {
    /// 0 until the setting is first set.
    pub version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by: Option<UserRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_by_identity: Option<Identity>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "rfc3339_opt")]
    pub set_at: Option<DateTime>,
}

fn rfc3339_opt<S: serde::Serializer>(d: &Option<DateTime>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&super::approvals::rfc3339(*d)),
        None => s.serialize_none(),
    }
}

/// A field read strictly: present and not null, or why not.
fn field<'a>(d: &'a Document, key: &str) -> std::result::Result<&'a Bson, String> {
    match d.get(key) {
        None => Err(format!("{key} is missing")),
        Some(b) => Ok(b),
    }
}

/// `key`, a non-empty text.
pub fn text(d: &Document, key: &str) -> std::result::Result<String, String> {
    match field(d, key)? {
        Bson::String(s) if !s.trim().is_empty() => Ok(s.clone()),
        other => Err(format!("{key} is {}, not a text", shown(other))),
    }
}

/// `key`, true or false.
pub fn boolean(d: &Document, key: &str) -> std::result::Result<bool, String> {
    match field(d, key)? {
        Bson::Boolean(b) => Ok(*b),
        other => Err(format!("{key} is {}, not true or false", shown(other))),
    }
}

/// `key`, a whole number from `min` to `max` (`as_u64`'s counts).
pub fn count(d: &Document, key: &str, min: u64, max: u64) -> std::result::Result<u64, String> {
    let b = field(d, key)?;
    as_u64(b)
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{key} is {}, not a whole number from {min} to {max}", shown(b)))
}

/// `key`, absent or null (None), else a value `read` accepts (`what` names it).
pub fn optional<T>(
    d: &Document,
    key: &str,
    what: &str,
    read: impl Fn(&Bson) -> Option<T>,
) -> std::result::Result<Option<T>, String> {
    match d.get(key) {
        None | Some(Bson::Null) => Ok(None),
        Some(b) => read(b).map(Some).ok_or_else(|| format!("{key} is {}, not {what}", shown(b))),
    }
}

impl Stamp {
    /// Set by `by` (as the database established them) at `at`, version `version`.
    pub fn by(by: &crate::ops::auth::Operator, at: DateTime, version: u64) -> Stamp {
        Stamp {
            version,
            set_by: Some(UserRef { id: by.id, email: by.email.clone() }),
            set_by_identity: Some(by.identity.clone()),
            set_at: Some(at),
        }
    }

    /// `version 3, set by root@… (authenticated as database user …) at …`;
    /// None for a setting never set.
    pub fn describe(&self) -> Option<String> {
        let (by, at) = (self.set_by.as_ref()?, self.set_at?);
        Some(format!(
            "version {}, set by {} ({}) at {}",
            self.version,
            by.email,
            self.set_by_identity.as_ref().map(|i| i.describe()).unwrap_or_else(|| "declared".into()),
            super::approvals::rfc3339(at)
        ))
    }

    /// `version` (required), `setBy`, `setByIdentity`, `setAt` (each absent, null, or of its type).
    pub fn read(d: &Document) -> std::result::Result<Stamp, String> {
        let version = field(d, "version")?;
        Ok(Stamp {
            version: as_u64(version).ok_or_else(|| format!("version is {}, not a count", shown(version)))?,
            set_by: optional(d, "setBy", "a user", |b| bson::from_bson(b.clone()).ok())?,
            set_by_identity: optional(d, "setByIdentity", "an identity", |b| bson::from_bson(b.clone()).ok())?,
            set_at: optional(d, "setAt", "a date", |b| b.as_datetime().copied())?,
        })
    }

    /// Its fields, appended to a setting's document.
    pub fn write(&self, d: &mut Document) {
        d.insert("version", self.version as i64);
        d.insert("setBy", self.set_by.as_ref().and_then(|u| bson::to_bson(u).ok()).unwrap_or(Bson::Null));
        d.insert(
            "setByIdentity",
            self.set_by_identity.as_ref().and_then(|i| bson::to_bson(i).ok()).unwrap_or(Bson::Null),
        );
        d.insert("setAt", self.set_at.map(Bson::DateTime).unwrap_or(Bson::Null));
    }
}

/// A setting's write: its collection and `_id`, the stored document it
/// replaces (None: there was none; `unset` is then the audit entry's
/// `before`), the new one, the audit entry's action, and the sentence a
/// concurrent change gets.
pub struct Replace<'a> {
    pub collection: &'a str,
    pub id: &'a str,
    pub before: Option<&'a Document>,
    pub unset: Bson,
    pub after: Document,
    pub stamp: &'a Stamp,
    pub action: &'a str,
    pub changed_meanwhile: &'a str,
}

/// A filter for the document `_id` while its `version` is still what
/// `stored` holds (as stored, of whatever type; or absent).
fn same_version(id: &str, stored: &Document) -> Document {
    match stored.get("version") {
        None | Some(Bson::Null) => {
            doc! { "_id": id, "$or": [{ "version": { "$exists": false } }, { "version": Bson::Null }] }
        }
        Some(v) => doc! { "_id": id, "version": v.clone() },
    }
}

/// Writes the setting and its audit entry in `auditlogs` (`before` and
/// `after` without their `_id`, who and when) in one transaction; a setting
/// changed meanwhile by someone else refuses (exit 4) and nothing is written.
pub async fn replace(db: &Db, w: Replace<'_>) -> Result<()> {
    let mut session = db.client.start_session().await?;
    session.start_transaction().await?;
    let result: Result<()> = async {
        let coll = db.db.collection::<Document>(w.collection);
        let written = match w.before {
            None => match coll.insert_one(w.after.clone()).session(&mut session).await {
                Ok(_) => true,
                Err(e) if super::locks::is_duplicate(&e) => false,
                Err(e) => return Err(e.into()),
            },
            Some(stored) => {
                let filter = same_version(w.id, stored);
                coll.replace_one(filter, w.after.clone()).session(&mut session).await?.matched_count == 1
            }
        };
        if !written {
            return Err(CliError::stale(w.changed_meanwhile));
        }
        let strip = |d: &Document| {
            let mut d = d.clone();
            d.remove("_id");
            Bson::Document(d)
        };
        let entry = doc! {
            "action": w.action,
            "createdAt": w.stamp.set_at.map(Bson::DateTime).unwrap_or(Bson::Null),
            "operator": w.stamp.set_by.as_ref().and_then(|u| bson::to_bson(u).ok()).unwrap_or(Bson::Null),
            "operatorIdentity": w.stamp.set_by_identity.as_ref().and_then(|i| bson::to_bson(i).ok()).unwrap_or(Bson::Null),
            "before": w.before.map(strip).unwrap_or(w.unset),
            "after": strip(&w.after),
            "tool": format!("tether-transfer {}", env!("CARGO_PKG_VERSION")),
        };
        db.db.collection::<Document>(&db.registry.auditlogs).insert_one(entry).session(&mut session).await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(session.commit_transaction().await?),
        Err(e) => {
            let _ = session.abort_transaction().await;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_serializes_flat_after_the_settings_own_fields() {
        let policy = crate::db::approvals::Policy {
            stamp: Stamp {
                version: 2,
                set_by: Some(UserRef { id: bson::oid::ObjectId::new(), email: "root@x".into() }),
                set_by_identity: Some(Identity::default()),
                set_at: Some(DateTime::from_millis(0)),
            },
            ..Default::default()
        };
        let v = serde_json::to_value(&policy).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "orgApprovals",
                "departmentApprovals",
                "expireAfterHours",
                "declaredMayApprove",
                "version",
                "setBy",
                "setByIdentity",
                "setAt"
            ]
        );
        assert_eq!(v["setAt"], "1970-01-01T00:00:00Z");
        assert_eq!(policy.stamp.describe().unwrap(), "version 2, set by root@x (declared) at 1970-01-01T00:00:00Z");
        let never = serde_json::to_value(crate::db::approvals::Policy::default()).unwrap();
        assert_eq!(never["version"], 0);
        assert!(never.get("setBy").is_none() && Stamp::default().describe().is_none());
    }
}
