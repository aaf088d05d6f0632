//! The deployment's own record (`tether_transfer_deployment`, one
//! document): a random id made once, the name a person confirms, whether
//! it is protected, who set it and when, and the cluster it was made on.
//! Kept in the database itself, so that the protection and the identity
//! travel with the deployment whatever address, profile or environment
//! reaches it (a second spelling of a host, a tunnel, a moved DNS name).
//!
//! The cluster (a replica set's `replicaSetId`, a sharded cluster's
//! `clusterId`) is what the server says it is; a copy of the database
//! restored on another cluster carries the record but not the cluster, so
//! plans and approvals of the original are refused there.

use mongodb::bson::{self, Bson, Document, doc};
use serde::Serialize;

use super::Db;
use super::setting::{self, Stamp};
use crate::error::Result;

pub const DEPLOYMENT: &str = "tether_transfer_deployment";
/// The `_id` of the one record.
const RECORD_ID: &str = "deployment";
/// The `action` of the audit entry a change writes to `auditlogs`.
pub const DEPLOYMENT_SET: &str = "transfer_deployment_set";

/// The deployment as its record says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// Made once, at random, when the record is first written.
    pub deployment_id: String,
    /// What a person types to confirm a write to a protected deployment.
    pub name: String,
    pub protected: bool,
    /// The cluster the record was made on, when the server said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// The members the server named when the record was made (what tells a
    /// copy restored elsewhere where the cluster is not known).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Who set it and when.
    #[serde(flatten)]
    pub stamp: Stamp,
}

/// The record as connect found it: None when there is none, or why it
/// cannot be read (then nothing that writes goes on: a protection nobody
/// can read must not pass for none).
pub type Found = std::result::Result<Option<Record>, Unreadable>;

/// Why the record cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// It was read, and a field is of another type (or missing): only
    /// `deployment protect --replace-unreadable` writes over it.
    Field(String),
    /// The read itself failed (no right to read it, the server): nothing
    /// is known of it, and nothing that writes goes on.
    Read(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Field(why) => write!(f, "the deployment record in {DEPLOYMENT} cannot be read: {why}"),
            Unreadable::Read(why) => write!(f, "the deployment record in {DEPLOYMENT} cannot be read ({why})"),
        }
    }
}

impl Record {
    pub fn to_doc(&self) -> Document {
        let mut d = doc! {
            "_id": RECORD_ID,
            "deploymentId": &self.deployment_id,
            "name": &self.name,
            "protected": self.protected,
            "clusterId": self.cluster_id.clone().map(Bson::String).unwrap_or(Bson::Null),
            "members": &self.members,
        };
        self.stamp.write(&mut d);
        d
    }

    /// Read strictly: each field of its type, or the field and its stored value named.
    pub fn from_doc(d: &Document) -> std::result::Result<Record, String> {
        let deployment_id = setting::text(d, "deploymentId")?;
        let name = setting::text(d, "name")?;
        let protected = setting::boolean(d, "protected")?;
        let cluster_id = setting::optional(d, "clusterId", "a text", |b| b.as_str().map(str::to_string))?;
        let members = setting::optional(d, "members", "a list of hosts", |b| {
            b.as_array()?.iter().map(|m| m.as_str().map(str::to_string)).collect::<Option<Vec<_>>>()
        })?
        .unwrap_or_default();
        let stamp = Stamp::read(d)?;
        Ok(Record { deployment_id, name, protected, cluster_id, members, stamp })
    }

    /// Whether the record was made on other servers than `here`: another
    /// cluster where both are known, else no member in common (a copy of
    /// the database restored elsewhere).
    pub fn copied_to(&self, here: &super::Target) -> bool {
        match (&self.cluster_id, &here.cluster_id) {
            (Some(a), Some(b)) => a != b,
            _ => {
                !self.members.is_empty()
                    && !here.members.is_empty()
                    && !self.members.iter().any(|m| here.members.contains(m))
            }
        }
    }

    /// A new record's id: 16 random bytes in hexadecimal.
    pub fn new_id() -> String {
        hex::encode(bson::Uuid::new().bytes())
    }
}

/// The record, read strictly (an unauthorized read is an unreadable record:
/// the tool cannot tell whether the deployment is protected).
pub async fn find(db: &mongodb::Database) -> Found {
    match db.collection::<Document>(DEPLOYMENT).find_one(doc! { "_id": RECORD_ID }).await {
        Ok(None) => Ok(None),
        Ok(Some(d)) => Record::from_doc(&d).map(Some).map_err(Unreadable::Field),
        Err(e) => Err(Unreadable::Read(crate::error::db_error(&e).message.trim_end_matches('.').to_string())),
    }
}

/// The stored document as it is, for `deployment protect` (its `version`
/// conditions the replacement; an unreadable one is replaced only when
/// asked, and recorded as it was).
pub async fn stored(db: &Db) -> Result<Option<Document>> {
    Ok(db.db.collection::<Document>(DEPLOYMENT).find_one(doc! { "_id": RECORD_ID }).await?)
}

/// What the server says its cluster is: a replica set's `replicaSetId`
/// (`replSetGetConfig`), a sharded cluster's `clusterId` (`config.version`);
/// None on a standalone server or where the database user may not ask.
pub async fn cluster_id(db: &mongodb::Database, sharded: bool) -> Option<String> {
    let admin = db.client().database("admin");
    if sharded {
        let version = db.client().database("config").collection::<Document>("version").find_one(doc! {}).await;
        return version.ok().flatten().and_then(|v| v.get_object_id("clusterId").ok()).map(|id| id.to_hex());
    }
    let config = admin.run_command(doc! { "replSetGetConfig": 1 }).await.ok()?;
    let id = config.get_document("config").ok()?.get_document("settings").ok()?.get("replicaSetId")?;
    match id {
        Bson::ObjectId(id) => Some(id.to_hex()),
        other => Some(other.to_string()),
    }
}

/// Writes `new` and its audit entry (`before`: the stored document as it
/// was, unreadable or not; `null` when there was none) in one transaction,
/// replacing the record only while its version is still `before`'s; a
/// record changed meanwhile refuses (exit 4).
pub async fn set(db: &Db, before: Option<&Document>, new: &Record) -> Result<()> {
    setting::replace(
        db,
        setting::Replace {
            collection: DEPLOYMENT,
            id: RECORD_ID,
            before,
            unset: Bson::Null,
            after: new.to_doc(),
            stamp: &new.stamp,
            action: DEPLOYMENT_SET,
            changed_meanwhile: "The deployment record changed while this command ran; nothing was written. Look at it again with `deployment show`.",
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> Document {
        doc! {
            "_id": "deployment", "deploymentId": "a1", "name": "prod", "protected": true,
            "clusterId": Bson::Null, "members": ["db1:27017"], "version": 3i64, "setBy": Bson::Null, "setByIdentity": Bson::Null, "setAt": Bson::Null,
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let r = Record::from_doc(&stored()).unwrap();
        assert!(r.protected);
        assert_eq!(r.to_doc(), stored());
    }

    #[test]
    fn a_field_of_another_type_is_named_with_its_value() {
        for (key, value, says) in [
            ("protected", Bson::String("yes".into()), "protected is \"yes\", not true or false"),
            ("protected", Bson::Int32(1), "protected is 1, not true or false"),
            ("name", Bson::Int32(7), "name is 7, not a text"),
            ("name", Bson::String(" ".into()), "name is \" \", not a text"),
            ("version", Bson::Double(1.5), "version is 1.5, not a count"),
            ("version", Bson::Double(-2.0), "version is -2.0, not a count"),
            ("version", Bson::Double(f64::NAN), "version is NaN, not a count"),
            ("setAt", Bson::String("yesterday".into()), "setAt is \"yesterday\", not a date"),
        ] {
            let mut d = stored();
            d.insert(key, value);
            assert_eq!(Record::from_doc(&d).unwrap_err(), says);
        }
        let mut d = stored();
        d.remove("protected");
        assert_eq!(Record::from_doc(&d).unwrap_err(), "protected is missing");
    }
}
