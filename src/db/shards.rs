//! Sharded clusters (docs/operations.md, "Sharded clusters"). At connect the tool asks
//! the server what it is (`hello`: a `mongos` answers `msg: "isdbgrid"`) and,
//! on a cluster, reads each registry collection's shard key from
//! `config.collections`. A resource file may declare `shardKey` for a
//! collection instead (where `config.collections` cannot be read), and on a
//! replica set a declaration makes the tool write that collection as it
//! would on a cluster: that is how the write path is tested here.
//!
//! `mongos` refuses a multi-document update that changes a document's shard
//! key; it accepts the change as a single-document update whose filter holds
//! the document's full current shard key, inside a transaction. An update
//! that changes a shard-key field is therefore sent as one statement per
//! document (`update_each`), all in one `update` command per chunk, in the
//! batch's transaction; every other write keeps its range or `$in` form.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, doc};
use mongodb::options::UpdateModifications;

use super::op::Op;
use crate::registry::Registry;

/// Statements per `update` command of the per-document path (each holds
/// one document's filter and the update; far under the 16 MB and 100,000
/// statement limits).
pub const STATEMENTS_PER_COMMAND: usize = 500;

/// The most documents a batch writes one by one: MongoDB's production notes
/// advise modifying at most 1,000 documents per transaction, and on a
/// cluster each document whose shard key changes may be deleted on one
/// shard and inserted on another, in a transaction committed across shards.
pub const PER_DOCUMENT_BATCH: u32 = 1000;

/// Where a collection's shard key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// `config.collections` of the cluster.
    Cluster,
    /// The resource file's `shardKey`.
    Declared,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShardKey {
    /// The key's fields, in order.
    pub fields: Vec<String>,
    /// The key pattern as the cluster or the resource file gives it.
    pub pattern: Document,
    pub source: KeySource,
}

impl ShardKey {
    /// `{organizationId: 1, _id: 1}`, as the docs and the messages print it.
    pub fn display(&self) -> String {
        let parts: Vec<String> = self.pattern.iter().map(|(k, v)| format!("{k}: {}", show(v))).collect();
        format!("{{{}}}", parts.join(", "))
    }
}

fn show(v: &Bson) -> String {
    match v {
        Bson::String(s) => format!("\"{s}\""),
        Bson::Int32(i) => i.to_string(),
        Bson::Int64(i) => i.to_string(),
        Bson::Double(d) => format!("{d}"),
        other => other.to_string(),
    }
}

/// What the tool knows of the deployment.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// Connected to a `mongos`.
    pub sharded: bool,
    /// Per collection (of the registry), its shard key.
    pub keys: BTreeMap<String, ShardKey>,
    /// On a cluster, why `config.collections` could not be read, if it could not.
    pub unreadable: Option<String>,
    /// The replica set's name (`hello`'s `setName`), if any.
    pub set_name: Option<String>,
    /// The members the server names (`hello`'s `me`, `hosts`, `passives`,
    /// `arbiters`), as it spells them: how the deployment calls itself,
    /// whatever address reached it.
    pub members: Vec<String>,
}

/// A `hello` (or `isMaster`) answer from a `mongos`.
pub fn is_mongos(hello: &Document) -> bool {
    hello.get_str("msg") == Ok("isdbgrid")
}

/// The members a `hello` answer names, each once.
fn members(hello: &Document) -> Vec<String> {
    let mut out: Vec<String> = hello.get_str("me").ok().map(str::to_string).into_iter().collect();
    for list in ["hosts", "passives", "arbiters"] {
        for m in hello.get_array(list).map(|a| a.as_slice()).unwrap_or_default() {
            if let Some(m) = m.as_str()
                && !out.iter().any(|o| o == m)
            {
                out.push(m.to_string());
            }
        }
    }
    out
}

/// The fields of a key pattern, in order.
pub fn key_fields(pattern: &Document) -> Vec<String> {
    pattern.keys().cloned().collect()
}

impl Topology {
    /// Asks the server what it is and, on a cluster, reads the shard key of
    /// every collection the registry names; the resource file's
    /// declarations fill in what the cluster does not say.
    pub async fn detect(db: &mongodb::Database, registry: &Registry) -> mongodb::error::Result<Topology> {
        let hello = match db.run_command(doc! { "hello": 1 }).await {
            Ok(h) => h,
            // Servers before 4.4.2 know only the old name.
            Err(e) if matches!(e.kind.as_ref(), mongodb::error::ErrorKind::Command(c) if c.code == 59) => {
                db.run_command(doc! { "isMaster": 1 }).await?
            }
            Err(e) => return Err(e),
        };
        let mut topology = Topology {
            sharded: is_mongos(&hello),
            set_name: hello.get_str("setName").ok().map(str::to_string),
            members: members(&hello),
            ..Topology::default()
        };
        if topology.sharded {
            let names: Vec<String> = registry.collections().into_iter().map(|c| format!("{}.{c}", db.name())).collect();
            let collections = db.client().database("config").collection::<Document>("collections");
            let listed: mongodb::error::Result<Vec<Document>> = async {
                let projection = doc! { "_id": 1, "key": 1, "dropped": 1 };
                collections.find(doc! { "_id": { "$in": &names } }).projection(projection).await?.try_collect().await
            }
            .await;
            match listed {
                Ok(listed) => {
                    for entry in listed {
                        if entry.get_bool("dropped") == Ok(true) {
                            continue;
                        }
                        let (Ok(id), Ok(key)) = (entry.get_str("_id"), entry.get_document("key")) else {
                            continue;
                        };
                        let collection = id.split_once('.').map_or(id, |(_, c)| c).to_string();
                        let key =
                            ShardKey { fields: key_fields(key), pattern: key.clone(), source: KeySource::Cluster };
                        topology.keys.insert(collection, key);
                    }
                }
                Err(e) => topology.unreadable = Some(crate::error::db_error(&e).message),
            }
        }
        topology.declare(registry.declared_shard_keys());
        Ok(topology)
    }

    /// Adds the resource file's declarations: all of them on a replica set
    /// (they make the tool write as on a cluster), none on a cluster whose
    /// `config.collections` was read (its own word wins), and on one whose
    /// `config.collections` could not be read, those it lacks.
    fn declare(&mut self, declared: BTreeMap<String, Document>) {
        if self.sharded && self.unreadable.is_none() {
            return;
        }
        for (collection, pattern) in declared {
            self.keys.entry(collection).or_insert(ShardKey {
                fields: key_fields(&pattern),
                pattern,
                source: KeySource::Declared,
            });
        }
    }

    /// The shard key of `collection`, if it is sharded.
    pub fn key_of(&self, collection: &str) -> Option<&ShardKey> {
        self.keys.get(collection).filter(|k| !k.fields.is_empty())
    }

    /// The shard key of `collection` if `update` may change one of its
    /// fields: the writes that must go one document at a time.
    pub fn touched(&self, collection: &str, update: &UpdateModifications) -> Option<&ShardKey> {
        let key = self.key_of(collection)?;
        match changed_fields(update) {
            None => Some(key),
            Some(fields) => fields.iter().any(|f| key.fields.iter().any(|k| overlaps(f, k))).then_some(key),
        }
    }

    /// The shard key the first of `ops`' multi-document updates that changes
    /// one writes (a step's writes: `ops::execute::writes::step_ops`).
    pub fn touched_by(&self, ops: &[Op]) -> Option<&ShardKey> {
        ops.iter().find_map(|op| match op {
            Op::UpdateMany { coll, update, .. } => self.touched(coll, update),
            _ => None,
        })
    }

    /// What a transfer needs before it reads anything on a cluster: every
    /// collection it writes has a known shard key, or is known unsharded.
    pub fn require_known(&self, registry: &Registry) -> crate::error::Result<()> {
        let Some(why) = &self.unreadable else { return Ok(()) };
        let undeclared: Vec<String> =
            registry.collections().into_iter().filter(|c| !self.keys.contains_key(c)).collect();
        if undeclared.is_empty() {
            return Ok(());
        }
        Err(crate::error::CliError::usage(format!(
            "This is a sharded cluster and its shard keys cannot be read from config.collections ({}); \
             without them a transfer could fail part-way on a shard-key change.",
            why.trim_end_matches('.')
        ))
        .with_hint(format!(
            "Grant read on config.collections (docs/operations.md, \"Sharded clusters\"), or declare \"shardKey\" in the resource file \
             for {} ({{}} for an unsharded collection).",
            undeclared.join(", ")
        )))
    }
}

/// The fields an update may change; None when it may change any (a
/// replacement, or a pipeline stage that rebuilds the document).
pub fn changed_fields(update: &UpdateModifications) -> Option<Vec<String>> {
    let mut out = Vec::new();
    match update {
        UpdateModifications::Document(d) => {
            for (op, arg) in d {
                if !op.starts_with('$') {
                    return None;
                }
                let Bson::Document(fields) = arg else { return None };
                if op == "$rename" {
                    for (from, to) in fields {
                        out.push(from.clone());
                        out.push(to.as_str()?.to_string());
                    }
                } else {
                    out.extend(fields.keys().cloned());
                }
            }
        }
        UpdateModifications::Pipeline(stages) => {
            for stage in stages {
                for (name, arg) in stage {
                    match (name.as_str(), arg) {
                        ("$set" | "$addFields", Bson::Document(fields)) => out.extend(fields.keys().cloned()),
                        ("$unset", Bson::String(f)) => out.push(f.clone()),
                        ("$unset", Bson::Array(fs)) => {
                            for f in fs {
                                out.push(f.as_str()?.to_string());
                            }
                        }
                        _ => return None,
                    }
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Whether changing `path` may change `key` (the same field, or one inside the other).
fn overlaps(path: &str, key: &str) -> bool {
    let within = |a: &str, b: &str| a.len() > b.len() && a.starts_with(b) && a.as_bytes()[b.len()] == b'.';
    path == key || within(path, key) || within(key, path)
}

/// The value at a dotted path of a document (None when absent).
fn value_at<'a>(d: &'a Document, path: &str) -> Option<&'a Bson> {
    let mut parts = path.split('.');
    let mut cur = d.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_document()?.get(p)?;
    }
    Some(cur)
}

/// The per-document statements of `update` for the documents `found` (each
/// with its `_id` and shard-key fields, read in the transaction with the
/// op's whole filter): each names its document's `_id` and full current
/// shard key, and nothing else. Repeating the op's filter would add nothing
/// (a document changed since the read is a write conflict that retries the
/// batch) and would name a key field twice (`organizationId` is in every
/// selection), which `mongos` does not read as a full shard key.
pub fn statements(update: &UpdateModifications, key: &ShardKey, found: &[Document]) -> Vec<Document> {
    let u: Bson = match update {
        UpdateModifications::Document(d) => Bson::Document(d.clone()),
        UpdateModifications::Pipeline(p) => Bson::Array(p.iter().cloned().map(Bson::Document).collect()),
        _ => unreachable!("the tool sends documents and pipelines only"),
    };
    found
        .iter()
        .map(|d| {
            let mut q = doc! { "_id": d.get("_id").cloned().unwrap_or(Bson::Null) };
            for f in &key.fields {
                if f != "_id" {
                    q.insert(f.clone(), value_at(d, f).cloned().unwrap_or(Bson::Null));
                }
            }
            doc! { "q": q, "u": u.clone(), "multi": false, "upsert": false }
        })
        .collect()
}

/// The error of the first `writeErrors` entry of an `update` reply: a write
/// conflict as the command error the retry policy knows (transient), any
/// other as the write error the driver would have raised.
pub fn write_error(first: &Document) -> mongodb::error::Error {
    use mongodb::error::{CommandError, ErrorKind, WriteError, WriteFailure};
    let code = first.get_i32("code").unwrap_or_default();
    let shape = doc! {
        "code": code,
        "codeName": first.get_str("codeName").unwrap_or_default(),
        "errmsg": first.get_str("errmsg").unwrap_or_default(),
    };
    if code == 112 || code == 251 {
        let c: CommandError = mongodb::bson::from_document(shape).expect("the fields of a command error");
        return ErrorKind::Command(c).into();
    }
    let w: WriteError = mongodb::bson::from_document(shape).expect("the fields of a write error");
    ErrorKind::Write(WriteFailure::WriteError(w)).into()
}

/// The projection that reads what `statements` needs.
pub fn projection(key: &ShardKey) -> Document {
    let mut p = doc! { "_id": 1 };
    for f in &key.fields {
        p.insert(f.clone(), 1);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `hello` answer of a mongos 7.0, as recorded (topologyVersion and
    /// the cluster time shortened).
    fn mongos_hello() -> Document {
        doc! {
            "isWritablePrimary": true,
            "msg": "isdbgrid",
            "topologyVersion": { "processId": mongodb::bson::oid::ObjectId::new(), "counter": 0i64 },
            "maxBsonObjectSize": 16777216,
            "maxMessageSizeBytes": 48000000,
            "maxWriteBatchSize": 100000,
            "localTime": mongodb::bson::DateTime::now(),
            "logicalSessionTimeoutMinutes": 30,
            "connectionId": 1234,
            "maxWireVersion": 21,
            "minWireVersion": 0,
            "ok": 1.0,
        }
    }

    #[test]
    fn a_mongos_is_told_from_a_replica_set_member() {
        assert!(is_mongos(&mongos_hello()));
        let primary = doc! {
            "topologyVersion": { "counter": 6i64 },
            "hosts": ["db0:27017"],
            "setName": "rs0",
            "setVersion": 1,
            "isWritablePrimary": true,
            "secondary": false,
            "primary": "db0:27017",
            "me": "db0:27017",
            "maxWireVersion": 21,
            "ok": 1.0,
        };
        assert!(!is_mongos(&primary));
        assert!(!is_mongos(&doc! { "ismaster": true, "ok": 1.0 }));
    }

    fn key(fields: &[&str]) -> ShardKey {
        let pattern: Document = fields.iter().map(|f| (f.to_string(), Bson::Int32(1))).collect();
        ShardKey { fields: key_fields(&pattern), pattern, source: KeySource::Declared }
    }

    #[test]
    fn an_update_touches_the_key_when_it_may_change_one_of_its_fields() {
        let mut t = Topology::default();
        t.keys.insert("c".into(), key(&["organizationId", "_id"]));
        let set_org = UpdateModifications::Document(doc! { "$set": { "organizationId": 1 } });
        let set_owner = UpdateModifications::Document(doc! { "$set": { "userId": 1 }, "$pull": { "approverIds": 2 } });
        let pipeline = UpdateModifications::Pipeline(vec![doc! { "$set": { "userId": 1 } }]);
        let rebuild = UpdateModifications::Pipeline(vec![doc! { "$replaceWith": "$$ROOT" }]);
        let dotted = UpdateModifications::Document(doc! { "$unset": { "organizationId.x": "" } });
        assert!(t.touched("c", &set_org).is_some());
        assert!(t.touched("c", &set_owner).is_none());
        assert!(t.touched("c", &pipeline).is_none());
        assert!(t.touched("c", &rebuild).is_some(), "a stage that rebuilds the document may change anything");
        assert!(t.touched("c", &dotted).is_some());
        assert!(t.touched("other", &set_org).is_none(), "an unsharded collection keeps its range writes");
        assert!(overlaps("a.b", "a") && overlaps("a", "a.b") && !overlaps("ab", "a"));
    }

    #[test]
    fn declarations_count_where_the_cluster_does_not_answer_and_a_transfer_needs_every_key() {
        let registry = Registry::default();
        let declared: BTreeMap<String, Document> =
            [("contacts".to_string(), doc! { "organizationId": 1 })].into_iter().collect();
        // A replica set: declarations force the path.
        let mut rs = Topology::default();
        rs.declare(declared.clone());
        assert_eq!(rs.keys["contacts"].source, KeySource::Declared);
        assert!(rs.require_known(&registry).is_ok());
        // A cluster whose config.collections was read: its word wins.
        let mut read = Topology { sharded: true, ..Topology::default() };
        read.keys.insert("contacts".into(), ShardKey { source: KeySource::Cluster, ..key(&["_id"]) });
        read.declare(declared.clone());
        assert_eq!(read.keys["contacts"].fields, vec!["_id"]);
        assert!(read.require_known(&registry).is_ok(), "a collection it does not list is not sharded");
        // A cluster that refused: every collection the registry names must be declared.
        let mut refused = Topology { sharded: true, unreadable: Some("not authorized".into()), ..Topology::default() };
        refused.declare(declared);
        let e = refused.require_known(&registry).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Usage);
        assert!(e.message.contains("cannot be read from config.collections (not authorized)"), "{}", e.message);
        let hint = e.hint.clone().unwrap_or_default();
        let listed = hint.split("resource file for ").nth(1).and_then(|l| l.split(" ({}").next()).unwrap_or_default();
        let listed: Vec<&str> = listed.split(", ").collect();
        assert!(listed.contains(&"users") && listed.contains(&"conversations"), "{hint}");
        assert!(!listed.contains(&"contacts"), "a declared collection is not asked for: {hint}");
        let all: BTreeMap<String, Document> = registry.collections().into_iter().map(|c| (c, doc! {})).collect();
        refused.declare(all);
        assert!(refused.require_known(&registry).is_ok(), "{{}} declares a collection unsharded");
    }

    #[test]
    fn each_statement_names_its_document_and_full_current_key_once() {
        let k = key(&["organizationId", "meta.region"]);
        let update = UpdateModifications::Document(doc! { "$set": { "organizationId": 8 } });
        let found = vec![
            doc! { "_id": 1, "organizationId": 7, "meta": { "region": "eu" } },
            doc! { "_id": 2, "organizationId": 7 },
        ];
        let s = statements(&update, &k, &found);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].get_document("q").unwrap(), &doc! { "_id": 1, "organizationId": 7, "meta.region": "eu" });
        assert_eq!(
            s[1].get_document("q").unwrap().get("meta.region"),
            Some(&Bson::Null),
            "a missing key field is null"
        );
        assert_eq!(s[0].get_bool("multi"), Ok(false));
    }

    #[test]
    fn a_write_conflict_among_write_errors_is_retried_and_others_keep_their_code() {
        let conflict = write_error(&doc! { "index": 0, "code": 112, "errmsg": "WriteConflict" });
        assert!(crate::db::retry::is_transient(&conflict));
        let dup = write_error(&doc! { "index": 3, "code": 11000, "codeName": "DuplicateKey", "errmsg": "E11000 dup" });
        assert!(!crate::db::retry::is_transient(&dup));
        assert!(crate::error::db_error(&dup).message.contains("error 11000 (DuplicateKey)"));
    }
}
