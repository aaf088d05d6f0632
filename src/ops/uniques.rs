//! The unique indexes a transfer would break. A deployment may hold unique
//! indexes of its own on the collections a transfer changes (`{userId,
//! email}` on contacts, a case-insensitive `{organizationId, address}`):
//! a document the transfer would give values another document already
//! holds is refused by the server in the middle of execute. Scan finds
//! them first, as the server would: a missing key field counts as null
//! (unless the index is sparse), a partial index holds only what its filter
//! matches, and strings compare under the index's collation.

use std::collections::{HashMap, HashSet};

use futures_util::TryStreamExt;
use mongodb::bson::{Bson, Document, RawDocument, doc};

use crate::db::Db;
use crate::db::indexes::{self, Unique};
use crate::docid::DocId;
use crate::error::Result;
use crate::ops::execute::writes::predict;
use crate::ops::transfer::{Change, Step};

/// How many documents' values one query asks for, as an `$or` of each one's.
const CHUNK: usize = 200;
/// How many, when all but one key field hold the same value (an `$in`).
const CHUNK_IN: usize = 1_000;

/// A document's values in an index, per key field (several for an array).
type Keys = Vec<(String, Vec<Bson>)>;

/// One unique index a step's changes reach, and the values the step would
/// give its documents there.
pub struct Watch {
    index: Unique,
    /// The field whose present values the registry's check compares: only
    /// documents without one (null to the index) are this watch's.
    only_without: Option<String>,
    /// The documents whose values in the index change, with their new ones.
    changed: Vec<(DocId, Keys)>,
    /// Pairs of changed documents that would hold the same values.
    within: Vec<(DocId, DocId, Keys)>,
    seen: HashMap<Vec<u8>, DocId>,
}

/// The unique indexes of the step's collection that hold a field the step
/// may change. Of the one the registry's `uniqueField` checks for a move
/// (the organization and that field), plain, only the documents without the
/// field are watched: that check compares the values.
pub async fn watches(db: &Db, step: &Step<'_>) -> Result<Vec<Watch>> {
    let k = step.kind;
    let changing = k.written_fields();
    let checked = match (&step.change, &k.unique_field) {
        (Change::Move { .. }, Some(u)) => Some([k.organization_field.as_str(), u.as_str()]),
        _ => None,
    };
    Ok(indexes::unique(db, &k.collection)
        .await?
        .into_iter()
        .filter(|u| u.fields.iter().any(|f| changing.contains(&f)))
        .map(|index| {
            let registry_checks = checked.is_some_and(|c| {
                index.fields.len() == 2
                    && index.fields.iter().all(|f| c.contains(&f.as_str()))
                    && index.collation.is_none()
                    && index.partial.is_none()
            });
            let only_without = registry_checks.then(|| k.unique_field.clone()).flatten();
            Watch { index, only_without, changed: Vec::new(), within: Vec::new(), seen: HashMap::new() }
        })
        .collect())
}

/// The fields the watches need read beside the step's own.
pub fn fields(watches: &[Watch]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in watches {
        let mut named: Vec<String> = w.index.fields.clone();
        if let Some(p) = &w.index.partial {
            filter_fields(p, &mut named);
        }
        for f in named {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// The fields a filter names, through `$and`, `$or` and `$nor`.
fn filter_fields(filter: &Document, out: &mut Vec<String>) {
    for (k, v) in filter {
        if k.starts_with('$') {
            for c in v.as_array().into_iter().flatten().filter_map(Bson::as_document) {
                filter_fields(c, out);
            }
        } else {
            out.push(k.clone());
        }
    }
}

/// What a (dotted) path of a document holds.
enum At<'a> {
    Missing,
    Value(&'a Bson),
    /// The path ends at, or goes through, an array: many values.
    Many(Vec<&'a Bson>),
}

fn at<'a>(d: &'a Document, path: &str) -> At<'a> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let Some(v) = d.get(head) else { return At::Missing };
    match (v, rest) {
        (Bson::Array(items), None) => At::Many(items.iter().collect()),
        (v, None) => At::Value(v),
        (Bson::Document(inner), Some(rest)) => at(inner, rest),
        (Bson::Array(items), Some(rest)) => {
            let mut many = Vec::new();
            for item in items.iter().filter_map(Bson::as_document) {
                match at(item, rest) {
                    At::Value(v) => many.push(v),
                    At::Many(vs) => many.extend(vs),
                    At::Missing => {}
                }
            }
            At::Many(many)
        }
        _ => At::Missing,
    }
}

/// A key field's values as the index holds them: a missing field is null,
/// an array each of its elements (a multikey index keys each one).
fn key(d: &Document, f: &str) -> Vec<Bson> {
    match at(d, f) {
        At::Missing => vec![Bson::Null],
        At::Value(v) => vec![v.clone()],
        At::Many(vs) if vs.is_empty() => vec![Bson::Null],
        At::Many(vs) => vs.into_iter().cloned().collect(),
    }
}

/// One query for `chunk` when its documents share their values in every key
/// field but one (the re-assignee's id, the target organization): those
/// values, and any of the varying field's (`$in`: one index range per
/// value, where an `$or` of each document's costs a plan per branch).
fn one_varies(chunk: &[(DocId, Keys)]) -> Option<Document> {
    let first = &chunk.first()?.1;
    let varying: Vec<usize> = (0..first.len()).filter(|&i| chunk.iter().any(|(_, k)| k[i].1 != first[i].1)).collect();
    if varying.len() > 1 || first.iter().enumerate().any(|(i, (_, vs))| !varying.contains(&i) && vs.len() != 1) {
        return None;
    }
    Some(
        first
            .iter()
            .enumerate()
            .map(|(i, (f, vs))| {
                if varying.contains(&i) {
                    let any: Vec<Bson> = chunk.iter().flat_map(|(_, k)| k[i].1.iter().cloned()).collect();
                    (f.clone(), Bson::Document(doc! { "$in": any }))
                } else {
                    (f.clone(), vs[0].clone())
                }
            })
            .collect(),
    )
}

/// The key values as a query asks for them: one value, or any of several.
fn wanted(values: &Keys) -> Document {
    values
        .iter()
        .map(|(f, vs)| match vs.as_slice() {
            [one] => (f.clone(), one.clone()),
            many => (f.clone(), Bson::Document(doc! { "$in": many.to_vec() })),
        })
        .collect()
}

/// Notes what the step would make of `raw` in each watched index: the
/// document read and predicted once, whatever the number of indexes.
pub fn see(watches: &mut [Watch], step: &Step<'_>, raw: &RawDocument) {
    if watches.is_empty() {
        return;
    }
    let (Ok(before), Some(id)) = (Document::try_from(raw), DocId::of_raw(raw)) else { return };
    let predicted = predict(step, &before);
    // The document as it would be: the tracked fields as predicted, the rest as they are.
    let mut after = before.clone();
    for f in step.kind.tracked_fields() {
        match predicted.get(f) {
            Some(v) => after.insert(f, v.clone()),
            None => after.remove(f),
        };
    }
    for w in watches {
        w.see(&id, &before, &after);
    }
}

impl Watch {
    /// Notes what the step would make of a document in this index.
    fn see(&mut self, id: &DocId, before: &Document, after: &Document) {
        let fields = &self.index.fields;
        if fields.iter().all(|f| key(before, f) == key(after, f)) {
            return;
        }
        if let Some(f) = &self.only_without
            && key(after, f) != [Bson::Null]
        {
            return;
        }
        if self.index.sparse && fields.iter().all(|f| matches!(at(after, f), At::Missing)) {
            return;
        }
        if let Some(p) = &self.index.partial
            && matches(p, after) == Some(false)
        {
            return;
        }
        let values: Keys = fields.iter().map(|f| (f.clone(), key(after, f))).collect();
        // Two of the transfer's documents with the same single values (with
        // arrays, the server compares element by element: left to the query).
        if values.iter().all(|(_, vs)| vs.len() == 1) {
            let bytes = mongodb::bson::to_vec(&wanted(&values)).unwrap_or_default();
            match self.seen.get(&bytes) {
                Some(other) => self.within.push((other.clone(), id.clone(), values.clone())),
                None => {
                    self.seen.insert(bytes, id.clone());
                }
            }
        }
        self.changed.push((id.clone(), values));
    }

    /// The clashes, in words: each changed document whose new values another
    /// document already holds (or another changed one would), with those values.
    pub async fn clashes(&self, db: &Db, collection: &str) -> Result<Vec<String>> {
        let mut out: Vec<String> =
            self.within.iter().map(|(a, b, v)| format!("{} and {} ({})", a.display(), b.display(), shown(v))).collect();
        let leaving: HashSet<&DocId> = self.changed.iter().map(|(id, _)| id).collect();
        let coll = db.db.collection::<Document>(collection);
        let mut projection = doc! { "_id": 1 };
        for f in &self.index.fields {
            projection.insert(f, 1);
        }
        let queries = self.changed.chunks(CHUNK_IN).flat_map(|big| match one_varies(big) {
            Some(filter) => vec![(big, filter)],
            None => big
                .chunks(CHUNK)
                .map(|c| (c, doc! { "$or": c.iter().map(|(_, v)| wanted(v)).collect::<Vec<_>>() }))
                .collect(),
        });
        for (chunk, mut filter) in queries {
            if let Some(p) = &self.index.partial {
                filter = doc! { "$and": [filter, p.clone()] };
            }
            let mut find = coll.find(filter).projection(projection.clone());
            if let Some(c) = &self.index.collation {
                find = find.collation(c.clone());
            }
            let found: Vec<Document> = find.await?.try_collect().await?;
            for holder in found.iter().filter(|d| DocId::of(d).is_none_or(|id| !leaving.contains(&id))) {
                let held: Keys = self.index.fields.iter().map(|f| (f.clone(), key(holder, f))).collect();
                let holder_id = DocId::of(holder).map(|i| i.display()).unwrap_or_default();
                // The changed documents those values clash with (as the index compares them).
                let mut paired = false;
                for (id, _) in chunk.iter().filter(|(_, v)| same(v, &held, self.index.collation.is_some())) {
                    out.push(format!("{} ({}, held by {holder_id})", id.display(), shown(&held)));
                    paired = true;
                }
                // The server matched it under a collation this side cannot
                // reproduce: the clash stands, named by its holder.
                if !paired {
                    out.push(format!("one of this transfer's documents ({}, held by {holder_id})", shown(&held)));
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The index as a message names it.
    pub fn name(&self) -> String {
        format!("{} ({})", self.index.name, self.index.fields.join(", "))
    }
}

/// Whether two documents' key values meet, as the index compares them:
/// each field shares a value (an array's elements each count); under a
/// collation, strings are compared without case and accents (the server's
/// match decided it; this only pairs each match with its document).
fn same(a: &Keys, b: &Keys, collated: bool) -> bool {
    let equal = |v: &Bson, w: &Bson| match (v, w) {
        (Bson::String(x), Bson::String(y)) if collated => crate::didyoumean::fold(x) == crate::didyoumean::fold(y),
        (v, w) => v == w || number(v).is_some_and(|x| number(w) == Some(x)),
    };
    a.iter().zip(b).all(|((_, vs), (_, ws))| vs.iter().any(|v| ws.iter().any(|w| equal(v, w))))
}

fn shown(v: &Keys) -> String {
    let one = |v: &Bson| match v {
        Bson::String(s) => format!("\"{}\"", crate::review::clean(s)),
        Bson::Null => "none".to_string(),
        Bson::ObjectId(o) => o.to_hex(),
        other => other.to_string(),
    };
    v.iter()
        .map(|(f, vs)| match vs.as_slice() {
            [v] => format!("{f} {}", one(v)),
            many => format!("{f} [{}]", many.iter().map(one).collect::<Vec<_>>().join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `d` matches a partial index's filter, for the filters such
/// indexes use (equality, `$exists`, `$type`, `$eq`, `$gt`/`$gte`/`$lt`/`$lte` on
/// numbers, `$and`); None for anything else (the document is then taken as
/// in the index: a clash reported that the server would not refuse is
/// safer than one it refuses in the middle of execute).
fn matches(filter: &Document, d: &Document) -> Option<bool> {
    let mut all = true;
    for (f, cond) in filter {
        let ok = if f == "$and" {
            let mut each = true;
            for c in cond.as_array()? {
                each &= matches(c.as_document()?, d)?;
            }
            each
        } else if f.starts_with('$') {
            return None;
        } else {
            let v = match at(d, f) {
                At::Missing => None,
                At::Value(v) => Some(v),
                At::Many(_) => return None,
            };
            match cond {
                Bson::Document(ops) if ops.keys().any(|k| k.starts_with('$')) => {
                    let mut each = true;
                    for (op, arg) in ops {
                        each &= match op.as_str() {
                            "$exists" => v.is_some() == truthy(arg)?,
                            "$eq" => same_value(v, arg),
                            "$type" => type_is(v?, arg)?,
                            "$gt" | "$gte" | "$lt" | "$lte" => {
                                let (Some(x), Some(y)) = (v.and_then(number), number(arg)) else { return Some(false) };
                                match op.as_str() {
                                    "$gt" => x > y,
                                    "$gte" => x >= y,
                                    "$lt" => x < y,
                                    _ => x <= y,
                                }
                            }
                            _ => return None,
                        };
                    }
                    each
                }
                plain => same_value(v, plain),
            }
        };
        all &= ok;
    }
    Some(all)
}

/// Equality as a query sees it: numbers of any type by value.
fn same_value(v: Option<&Bson>, want: &Bson) -> bool {
    match v {
        None => want == &Bson::Null,
        Some(v) => v == want || number(v).is_some_and(|x| number(want) == Some(x)),
    }
}

fn truthy(v: &Bson) -> Option<bool> {
    match v {
        Bson::Boolean(b) => Some(*b),
        other => number(other).map(|n| n != 0.0),
    }
}

fn number(v: &Bson) -> Option<f64> {
    match v {
        Bson::Int32(n) => Some(f64::from(*n)),
        Bson::Int64(n) => Some(*n as f64),
        Bson::Double(n) => Some(*n),
        _ => None,
    }
}

/// `$type` with a type's name (or a list of names); numbers of types: None.
fn type_is(v: &Bson, arg: &Bson) -> Option<bool> {
    let name = match v {
        Bson::String(_) => "string",
        Bson::Int32(_) => "int",
        Bson::Int64(_) => "long",
        Bson::Double(_) => "double",
        Bson::Decimal128(_) => "decimal",
        Bson::ObjectId(_) => "objectId",
        Bson::Boolean(_) => "bool",
        Bson::DateTime(_) => "date",
        Bson::Document(_) => "object",
        Bson::Array(_) => "array",
        Bson::Null => "null",
        _ => return None,
    };
    let is = |t: &Bson| match t.as_str() {
        Some("number") => Some(matches!(name, "int" | "long" | "double" | "decimal")),
        Some(t) => Some(t == name),
        None => None,
    };
    match arg {
        Bson::Array(list) => {
            let mut any = false;
            for t in list {
                any |= is(t)?;
            }
            Some(any)
        }
        t => is(t),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;
    use mongodb::bson::doc;

    #[test]
    fn a_partial_filter_is_read_as_the_server_reads_it_or_not_at_all() {
        let d = doc! { "email": "a@x.test", "active": true, "n": 3 };
        assert_eq!(matches(&doc! { "email": { "$exists": true } }, &d), Some(true));
        assert_eq!(matches(&doc! { "phone": { "$exists": true } }, &d), Some(false));
        assert_eq!(matches(&doc! { "email": { "$type": "string" } }, &d), Some(true));
        assert_eq!(matches(&doc! { "active": true, "n": { "$gte": 3 } }, &d), Some(true));
        assert_eq!(matches(&doc! { "$and": [{ "active": false }] }, &d), Some(false));
        assert_eq!(matches(&doc! { "email": { "$regex": "x" } }, &d), None, "unknown: taken as in the index");
        assert_eq!(matches(&doc! { "n": 3.0 }, &d), Some(true), "numbers by value");
        let nested = doc! { "profile": { "email": "a@x.test" }, "tags": ["a", "b"] };
        assert_eq!(matches(&doc! { "profile.email": { "$exists": true } }, &nested), Some(true));
        assert_eq!(matches(&doc! { "tags": "a" }, &nested), None, "an array: taken as in the index");
    }

    #[test]
    fn key_values_follow_dotted_paths_and_arrays() {
        use super::key;
        use mongodb::bson::Bson;
        let d =
            doc! { "profile": { "email": "a@x.test" }, "phones": ["+1", "+2"], "items": [{ "sku": 1 }, { "sku": 2 }] };
        assert_eq!(key(&d, "profile.email"), [Bson::from("a@x.test")]);
        assert_eq!(key(&d, "phones"), [Bson::from("+1"), Bson::from("+2")]);
        assert_eq!(key(&d, "items.sku"), [Bson::Int32(1), Bson::Int32(2)]);
        assert_eq!(key(&d, "profile.phone"), [Bson::Null], "missing is null");
    }
}
