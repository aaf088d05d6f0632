//! The indexes a step's selection is read through. The tool creates no index
//! on Tether's collections (docs/operations.md, "Indexes the tool relies on"); scan warns
//! when the one a kind needs is missing, and a read sorted by `_id` names it
//! as a `hint` (sorted, a planner may prefer the `_id` index and walk the
//! whole collection; unsorted, it picks the right index by itself, and a hint
//! can make it walk every entry of the organization).

use std::collections::HashMap;

use futures_util::TryStreamExt;
use mongodb::IndexModel;
use mongodb::bson::{Bson, Document};

use super::Db;
use crate::error::Result;

/// A collection's indexes, `_id` apart, read once per process.
async fn models(db: &Db, collection: &str) -> Result<Vec<IndexModel>> {
    if let Some(known) = db.indexes.lock().await.get(collection) {
        return Ok(known.clone());
    }
    let listed = match db.db.collection::<Document>(collection).list_indexes().await {
        Ok(cursor) => cursor.try_collect::<Vec<_>>().await?,
        // No collection yet: nothing to read, so nothing to warn about.
        Err(e) if matches!(e.kind.as_ref(), mongodb::error::ErrorKind::Command(c) if c.code == 26) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let listed: Vec<IndexModel> = listed.into_iter().filter(|m| !m.keys.contains_key("_id")).collect();
    db.indexes.lock().await.insert(collection.to_string(), listed.clone());
    Ok(listed)
}

/// The key patterns of a collection's indexes, `_id` apart.
async fn key_patterns(db: &Db, collection: &str) -> Result<Vec<Document>> {
    Ok(models(db, collection).await?.into_iter().map(|m| m.keys).collect())
}

/// A unique index: its name, key fields, and what narrows it.
#[derive(Debug, Clone)]
pub struct Unique {
    pub name: String,
    pub fields: Vec<String>,
    /// Documents missing every key field are left out of it.
    pub sparse: bool,
    /// Only documents that match it are in it.
    pub partial: Option<Document>,
    /// How it compares strings (a case-insensitive one, for instance).
    pub collation: Option<mongodb::options::Collation>,
}

/// The unique indexes of a collection, `_id` apart.
pub async fn unique(db: &Db, collection: &str) -> Result<Vec<Unique>> {
    Ok(models(db, collection)
        .await?
        .into_iter()
        .filter_map(|m| {
            let o = m.options?;
            o.unique.filter(|u| *u)?;
            Some(Unique {
                name: o.name.clone().unwrap_or_else(|| m.keys.keys().cloned().collect::<Vec<_>>().join("_")),
                fields: m.keys.keys().cloned().collect(),
                sparse: o.sparse.unwrap_or(false),
                partial: o.partial_filter_expression.clone(),
                collation: o.collation.clone(),
            })
        })
        .collect())
}

/// The fields `filter` tests for equality at its top level (a value, or
/// `$in` a list: points of an index either way).
pub fn equalities(filter: &Document) -> Vec<&str> {
    let point = |v: &Bson| match v {
        Bson::Document(d) => d.keys().all(|o| o == "$in") && !d.is_empty() || d.keys().all(|o| !o.starts_with('$')),
        _ => true,
    };
    filter.iter().filter(|(k, v)| !k.starts_with('$') && point(v)).map(|(k, _)| k.as_str()).collect()
}

/// The index that serves `filter`: among those whose leading keys are
/// equality fields of the filter and include `driving`, the one with the
/// most such keys (then the shortest). None when no index serves.
pub async fn index_for(db: &Db, collection: &str, filter: &Document, driving: &str) -> Result<Option<Document>> {
    let eq = equalities(filter);
    let mut best: Option<(usize, usize, Document)> = None;
    for keys in key_patterns(db, collection).await? {
        let prefix: Vec<&str> = keys.keys().map(String::as_str).take_while(|k| eq.contains(k)).collect();
        if !prefix.contains(&driving) {
            continue;
        }
        let better = match &best {
            None => true,
            Some((n, len, _)) => prefix.len() > *n || (prefix.len() == *n && keys.len() < *len),
        };
        if better {
            best = Some((prefix.len(), keys.len(), keys));
        }
    }
    Ok(best.map(|(_, _, k)| k))
}

/// The part of `filter` that tests fields for equality at its top level: a
/// condition every document the whole filter matches meets too, so when it
/// matches nothing, neither does the filter. (SecantusDB answers
/// `{organizationId, assigneeId, $nor: [{ownerId}]}` in 230 ms on an empty
/// selection of 500,000 conversations, the equalities alone in 1 ms.)
pub fn necessary(filter: &Document) -> Document {
    let eq = equalities(filter);
    filter.iter().filter(|(k, _)| eq.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Cache of indexes per collection.
pub type Cache = std::sync::Arc<tokio::sync::Mutex<HashMap<String, Vec<IndexModel>>>>;

#[cfg(test)]
mod tests {
    use super::equalities;
    use mongodb::bson::doc;

    #[test]
    fn equalities_skip_operators_and_conditions() {
        let f = doc! { "organizationId": 1, "assigneeId": 2, "userId": { "$ne": 3 }, "$nor": [{ "userId": 3 }] };
        assert_eq!(equalities(&f), vec!["organizationId", "assigneeId"]);
        let f = doc! { "organizationId": 1, "userId": { "$in": [2, 3] }, "departmentId": { "$in": [4] }, "$or": [] };
        assert_eq!(equalities(&f), vec!["organizationId", "userId", "departmentId"]);
    }
}
