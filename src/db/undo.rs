//! The undo log (`tether_transfer_undo`, the tool's own): what each
//! transaction of a transfer changed, written in that same transaction, so
//! that `scan rollback` can put back exactly what the transfer changed.
//!
//! A transaction that changes documents reads them (the fields it may
//! change) before and after its writes, inside the transaction, and stores
//! one entry: the documents grouped by their previous and new values of the
//! fields that changed. A field the writes removed keeps its position in the
//! document, so a restore puts it back where it was. A deleted document is
//! kept whole. Entries expire (`expiresAt`, a TTL index).

use std::collections::{BTreeMap, HashMap};

use mongodb::bson::{Bson, DateTime, Document, RawDocumentBuf, doc, oid::ObjectId};

use mongodb::IndexModel;
use mongodb::options::IndexOptions;

use super::Db;
use super::op::Op;
use crate::docid::DocId;
use crate::error::Result;

pub const UNDO: &str = "tether_transfer_undo";

/// The entry kinds of the users' and departments' own update and of a
/// deleted department (the others are resource kinds' keys).
pub const USERS: &str = "users";
pub const DEPARTMENTS: &str = "departments";
pub const DELETED_DEPARTMENT: &str = "deletedDepartment";

/// How long the log is kept by default.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// What a transaction must capture for the undo log: the documents of
/// `collection` matching `filter` (all those its writes may change), their
/// `fields` before and after the writes.
#[derive(Clone)]
pub struct Capture<'a> {
    pub collection: String,
    pub filter: Document,
    pub fields: Vec<String>,
    /// Read whole documents before the writes: needed when a write may
    /// remove a field (its position is kept) or delete the document.
    pub whole: bool,
    /// What the entry is of: `transferId`, `kind`, `expiresAt`.
    pub entry: Document,
    /// The documents are consecutive in `_id` order (a range batch): a
    /// rollback reads the entry back through its `_id` range, else by its ids.
    pub dense: bool,
    /// What the writes make of a document, when known without reading it
    /// back (`ops::execute::writes::predict`); None: read back.
    pub predict: Option<&'a (dyn Fn(&Document) -> Document + Sync)>,
}

/// The log's indexes: entries expire at their `expiresAt` (a TTL index: the
/// server deletes them within a minute or so after), a transfer's entries
/// are read by `transferId` and kind, and in the order they were written
/// (`transferId`, `_id`: a rollback and a report stream them without a
/// sort in memory). Creating an existing index is a no-op.
pub async fn ensure_indexes(db: &Db) -> Result<()> {
    let coll = db.db.collection::<Document>(UNDO);
    let ttl = IndexModel::builder()
        .keys(doc! { "expiresAt": 1 })
        .options(
            IndexOptions::builder().expire_after(std::time::Duration::ZERO).name("expiresAt_ttl".to_string()).build(),
        )
        .build();
    let by_transfer = IndexModel::builder().keys(doc! { "transferId": 1, "kind": 1 }).build();
    let in_order = IndexModel::builder().keys(doc! { "transferId": 1, "_id": 1 }).build();
    coll.create_indexes([ttl, by_transfer, in_order]).await?;
    Ok(())
}

/// The entry's header: which transfer, which kind (a resource kind's key,
/// `users`, `departments` or `deletedDepartment`), until when it is kept.
pub fn header(transfer: ObjectId, kind: &str, expires: DateTime) -> Document {
    doc! { "transferId": transfer, "kind": kind, "expiresAt": expires }
}

/// When an entry written now expires.
pub fn expires_in(days: u32) -> DateTime {
    DateTime::from_millis(DateTime::now().timestamp_millis() + days as i64 * 86_400_000)
}

/// Under `TETHER_TRANSFER_CHECK_UNDO` (`Hooks::check_undo`), a prediction
/// that is not what the server did is a defect: the process stops loudly.
pub fn check_prediction(collection: &str, predicted: &Changes, read: &Changes) {
    if predicted != read {
        eprintln!(
            "undo prediction differs from the server's writes on {collection}:\npredicted {predicted:?}\nread {read:?}"
        );
        std::process::abort();
    }
}

/// One group of documents that had the same previous values and got the
/// same new ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// Previous values of the fields that changed and existed before.
    pub before: Document,
    /// Fields the writes added (absent before).
    pub unset: Vec<String>,
    /// The values after the writes of every field captured that exists
    /// (changed or not): a rollback restores a document only while all of
    /// them still hold, so one moved or handed on since keeps that.
    pub after: Document,
    /// The fields captured that are absent after the writes (removed by
    /// them, or never there): a rollback requires them still absent.
    pub absent: Vec<String>,
    /// Fields the writes removed, with their position in the document
    /// (0 = first field) when it is known.
    pub removed: Vec<(String, Option<i32>)>,
    /// The documents' ids, of any BSON type.
    pub ids: Vec<DocId>,
}

impl Group {
    pub fn to_doc(&self) -> Document {
        doc! {
            "before": &self.before,
            "unset": &self.unset,
            "after": &self.after,
            "absent": &self.absent,
            "removed": self.removed.iter().map(|(f, at)| doc! { "field": f, "at": at.map(Bson::Int32).unwrap_or(Bson::Null) }).collect::<Vec<_>>(),
            "ids": self.ids.iter().map(Bson::from).collect::<Vec<_>>(),
        }
    }

    pub fn from_doc(d: &Document) -> Option<Group> {
        let strings = |k: &str| -> Option<Vec<String>> {
            Some(d.get_array(k).ok()?.iter().filter_map(|b| b.as_str().map(str::to_string)).collect())
        };
        let ids = d.get_array("ids").ok()?;
        Some(Group {
            before: d.get_document("before").ok()?.clone(),
            unset: strings("unset")?,
            after: d.get_document("after").ok()?.clone(),
            absent: strings("absent")?,
            removed: d
                .get_array("removed")
                .ok()?
                .iter()
                .filter_map(|b| {
                    let r = b.as_document()?;
                    Some((r.get_str("field").ok()?.to_string(), r.get_i32("at").ok()))
                })
                .collect(),
            // A malformed id (an array) makes the entry unreadable, never
            // partly restored.
            ids: ids.iter().cloned().map(DocId::new).collect::<Option<Vec<_>>>()?,
        })
    }
}

/// What one capture found: the groups of changed documents, and the
/// documents deleted (whole, as they were).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    pub groups: Vec<Group>,
    pub deleted: Vec<Document>,
}

impl Changes {
    pub fn documents(&self) -> usize {
        self.groups.iter().map(|g| g.ids.len()).sum::<usize>() + self.deleted.len()
    }
}

/// Compares the documents before and after the writes (`before` whole or
/// projected, `after` projected on `fields`), matched by `_id` of any type.
pub fn diff(before: &[Document], after: &[Document], fields: &[String]) -> Changes {
    let after: HashMap<DocId, &Document> = after.iter().filter_map(|d| Some((DocId::of(d)?, d))).collect();
    let mut groups: BTreeMap<Vec<u8>, Group> = BTreeMap::new();
    let mut deleted = Vec::new();
    for b in before {
        // The server gives every document an `_id`, never an array.
        let Some(id) = DocId::of(b) else { continue };
        let Some(a) = after.get(&id) else {
            deleted.push(b.clone());
            continue;
        };
        let mut g = Group::default();
        for f in fields.iter().filter(|f| f.as_str() != "_id") {
            match (b.get(f), a.get(f)) {
                // Unchanged: what a rollback requires to still be there.
                (x, y) if x == y => match y {
                    Some(y) => {
                        g.after.insert(f, y.clone());
                    }
                    None => g.absent.push(f.clone()),
                },
                (Some(x), Some(y)) => {
                    g.before.insert(f, x.clone());
                    g.after.insert(f, y.clone());
                }
                (None, Some(y)) => {
                    g.unset.push(f.clone());
                    g.after.insert(f, y.clone());
                }
                (Some(x), None) => {
                    g.before.insert(f, x.clone());
                    let at = b.keys().position(|k| k == f).map(|i| i as i32);
                    g.removed.push((f.clone(), at));
                    g.absent.push(f.clone());
                }
                (None, None) => {}
            }
        }
        if g.before.is_empty() && g.unset.is_empty() {
            continue;
        }
        groups.entry(group_key(&g)).or_insert(g).ids.push(id);
    }
    Changes { groups: groups.into_values().collect(), deleted }
}

/// What `diff(before, before mapped by predict)` finds, computing the
/// prediction once per distinct set of values instead of once per document:
/// the documents are grouped by the exact bytes of their `fields` (a value's
/// BSON type included, an absent field apart from a null one), and a group's
/// prediction is its first document's. Only for documents projected on
/// `fields`: a whole document's removed fields keep their own positions,
/// which differ from one document to another (`diff` then).
pub fn predicted(before: &[Document], fields: &[String], predict: &dyn Fn(&Document) -> Document) -> Changes {
    // Per set of values: its first document, and every document's id in order.
    let mut by_values: HashMap<Vec<u8>, (usize, Vec<DocId>)> = HashMap::new();
    let mut key = Vec::with_capacity(64);
    for (i, b) in before.iter().enumerate() {
        let Some(id) = DocId::of(b) else { continue };
        key.clear();
        for f in fields.iter().filter(|f| f.as_str() != "_id") {
            match b.get(f) {
                Some(v) => {
                    key.push(1);
                    key_bytes(v, &mut key);
                }
                None => key.push(0),
            }
        }
        by_values.entry(key.clone()).or_insert_with(|| (i, Vec::new())).1.push(id);
    }
    let mut groups: Vec<Group> = Vec::new();
    for (first, ids) in by_values.into_values() {
        let rep = &before[first];
        let mut changes = diff(std::slice::from_ref(rep), &[predict(rep)], fields);
        if let Some(mut g) = changes.groups.pop() {
            g.ids = ids;
            groups.push(g);
        }
    }
    // In `diff`'s order: by what changed, then by value.
    groups.sort_by_cached_key(group_key);
    Changes { groups, deleted: Vec::new() }
}

/// The key `diff` groups documents by: what changed, and how.
fn group_key(g: &Group) -> Vec<u8> {
    let mut key = Vec::with_capacity(64);
    for (tag, d) in [(b'b', &g.before), (b'a', &g.after)] {
        key.push(tag);
        for (f, v) in d {
            key.extend_from_slice(f.as_bytes());
            key.push(0);
            key_bytes(v, &mut key);
        }
    }
    for (tag, list) in [(b'u', &g.unset), (b'x', &g.absent)] {
        for f in list {
            key.push(tag);
            key.extend_from_slice(f.as_bytes());
            key.push(0);
        }
    }
    for (f, at) in &g.removed {
        key.push(b'r');
        key.extend_from_slice(f.as_bytes());
        key.push(0);
        key.extend_from_slice(&at.unwrap_or(-1).to_le_bytes());
    }
    key
}

/// A value's bytes for grouping: cheap for the usual ids and strings.
fn key_bytes(v: &Bson, out: &mut Vec<u8>) {
    match v {
        Bson::ObjectId(o) => {
            out.push(7);
            out.extend_from_slice(&o.bytes());
        }
        Bson::String(s) => {
            out.push(2);
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        other => {
            out.push(0xFF);
            let bytes = mongodb::bson::to_vec(&doc! { "v": other.clone() }).expect("values serialize");
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
    }
}

/// The entry a capture writes, or none when nothing changed.
pub fn entry_op(capture: &Capture<'_>, changes: &Changes) -> Option<Op> {
    if changes.groups.is_empty() && changes.deleted.is_empty() {
        return None;
    }
    let mut d = doc! { "_id": ObjectId::new() };
    d.extend(capture.entry.clone());
    d.insert("collection", &capture.collection);
    d.insert("documents", changes.documents() as i64);
    // Read back through its `_id` range, or by naming its ids.
    d.insert("dense", capture.dense);
    d.insert("groups", changes.groups.iter().map(Group::to_doc).collect::<Vec<_>>());
    if !changes.deleted.is_empty() {
        d.insert("deleted", changes.deleted.clone());
    }
    Some(Op::insert_one(UNDO, d))
}

/// One entry of the log, as read back.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: ObjectId,
    pub kind: String,
    pub collection: String,
    pub groups: Vec<Group>,
    pub deleted: Vec<Document>,
    /// The rollback that restored it, once one did.
    pub restored_by: Option<ObjectId>,
    /// Its documents are most of what their `_id` range spans (the batch
    /// was a range): a range reads them faster than their ids.
    pub dense: bool,
}

impl Entry {
    pub fn documents(&self) -> usize {
        self.groups.iter().map(|g| g.ids.len()).sum::<usize>() + self.deleted.len()
    }

    pub fn from_doc(d: &Document) -> Option<Entry> {
        Some(Entry {
            id: d.get_object_id("_id").ok()?,
            kind: d.get_str("kind").ok()?.to_string(),
            collection: d.get_str("collection").ok()?.to_string(),
            groups: d
                .get_array("groups")
                .ok()?
                .iter()
                .map(|b| b.as_document().and_then(Group::from_doc))
                .collect::<Option<Vec<_>>>()?,
            deleted: d
                .get_array("deleted")
                .map(|a| a.iter().filter_map(|b| b.as_document().cloned()).collect())
                .unwrap_or_default(),
            restored_by: d.get_object_id("restoredBy").ok(),
            dense: d.get_bool("dense").unwrap_or(false),
        })
    }
}

/// One entry of the log as stored, read a group at a time: a reader of a
/// million documents' log (`report`) holds one entry's bytes, never all its
/// groups parsed at once (one per distinct set of values: up to a batch).
#[derive(Debug, Clone)]
pub struct RawEntry {
    raw: RawDocumentBuf,
}

impl RawEntry {
    /// None when the entry lacks its kind or collection.
    pub fn new(raw: RawDocumentBuf) -> Option<RawEntry> {
        raw.get_str("kind").ok()?;
        raw.get_str("collection").ok()?;
        Some(RawEntry { raw })
    }

    pub fn kind(&self) -> &str {
        self.raw.get_str("kind").expect("checked in new")
    }

    pub fn collection(&self) -> &str {
        self.raw.get_str("collection").expect("checked in new")
    }

    pub fn restored_by(&self) -> Option<ObjectId> {
        self.raw.get_object_id("restoredBy").ok()
    }

    /// Its groups, each parsed when reached; None for an unreadable one.
    pub fn groups(&self) -> impl Iterator<Item = Option<Group>> + '_ {
        let groups = self.raw.get_array("groups").ok();
        let all = groups.into_iter().flat_map(|a| a.into_iter());
        // No groups at all: one unreadable group.
        let missing = groups.is_none().then_some(None);
        missing.into_iter().chain(all.map(|b| {
            let d = Document::try_from(b.ok()?.as_document()?).ok()?;
            Group::from_doc(&d)
        }))
    }

    /// The documents it deleted, whole, each parsed when reached.
    pub fn deleted(&self) -> impl Iterator<Item = Option<Document>> + '_ {
        let all = self.raw.get_array("deleted").ok().into_iter().flat_map(|a| a.into_iter());
        all.map(|b| Document::try_from(b.ok()?.as_document()?).ok())
    }

    /// The whole entry, parsed.
    pub fn parse(&self) -> Option<Entry> {
        Entry::from_doc(&Document::try_from(self.raw.as_ref()).ok()?)
    }
}

/// A value as a pipeline stage must write it (a string starting with `$`
/// would otherwise read as a field path).
fn literal(v: &Bson) -> Bson {
    Bson::Document(doc! { "$literal": v.clone() })
}

/// The condition "the document still holds what the transfer left": each
/// captured field equal to its value after the writes (arrays and documents
/// compared whole, and a scalar never matched inside an array), each absent
/// one still absent.
pub fn still_as_set(g: &Group) -> Document {
    let mut and: Vec<Bson> = Vec::new();
    for (f, v) in &g.after {
        and.push(Bson::Document(match v {
            Bson::Array(_) | Bson::Document(_) | Bson::Null => {
                doc! { "$expr": { "$eq": [format!("${f}"), literal(v)] } }
            }
            // Equal, of the same type (a number equals numbers of other
            // types: 7 and 7.0), and not an array that merely contains it.
            number @ (Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) | Bson::Decimal128(_)) => doc! {
                f: { "$eq": number.clone(), "$type": number.element_type() as i32 },
                "$nor": [{ f: { "$type": "array" } }],
            },
            other => doc! { f: other.clone(), "$nor": [{ f: { "$type": "array" } }] },
        }));
    }
    for f in &g.absent {
        and.push(Bson::Document(doc! { f: { "$exists": false } }));
    }
    let ids: Vec<Bson> = g.ids.iter().map(Bson::from).collect();
    let mut filter = doc! { "_id": { "$in": ids } };
    if !and.is_empty() {
        filter.insert("$and", and);
    }
    filter
}

/// The write that puts a group's documents back, for those that still hold
/// what the transfer set: previous values set, added fields unset, removed
/// fields put back at their position.
pub fn restore_op(collection: &str, g: &Group) -> Op {
    let filter = still_as_set(g);
    let reinserted: Vec<&String> = g.removed.iter().filter(|(_, at)| at.is_some()).map(|(f, _)| f).collect();
    if reinserted.is_empty() {
        let mut update = Document::new();
        if !g.before.is_empty() {
            update.insert("$set", g.before.clone());
        }
        if !g.unset.is_empty() {
            update.insert(
                "$unset",
                g.unset.iter().map(|f| (f.clone(), Bson::String(String::new()))).collect::<Document>(),
            );
        }
        return Op::update_many(collection, filter, update);
    }
    let mut stages: Vec<Document> = Vec::new();
    let set: Document =
        g.before.iter().filter(|(f, _)| !reinserted.contains(f)).map(|(f, v)| (f.clone(), literal(v))).collect();
    if !set.is_empty() {
        stages.push(doc! { "$set": set });
    }
    if !g.unset.is_empty() {
        stages.push(doc! { "$unset": &g.unset });
    }
    let mut removed: Vec<(&String, i32)> = g.removed.iter().filter_map(|(f, at)| Some((f, (*at)?))).collect();
    removed.sort_by_key(|(_, at)| *at);
    for (f, at) in removed {
        let fields = doc! { "$objectToArray": "$$ROOT" };
        let value = g.before.get(f).cloned().unwrap_or(Bson::Null);
        stages.push(doc! { "$replaceWith": { "$arrayToObject": { "$concatArrays": [
            { "$slice": [fields.clone(), at] },
            [{ "k": f, "v": literal(&value) }],
            { "$slice": [fields, at, i32::MAX] },
        ] } } });
    }
    Op::update_many(collection, filter, stages)
}

#[cfg(test)]
#[path = "undo_tests.rs"]
mod tests;
