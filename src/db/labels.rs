//! Ids named for a message: a user by email, a department, organization,
//! agent or approval policy by name, beside the id a person may need to act
//! (`sam@x.test (6780…)`, `"Sales" (6780…)`). Real data is messy: when the
//! document is gone, its name is missing or not a string, or the read
//! fails, the id stands alone. A message never fails for want of a name.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use mongodb::bson::{Document, doc, oid::ObjectId};

use super::Db;
use crate::review::{clean, quoted};

/// How many ids a message names at most (its lists are bounded too).
const NAMED_AT_MOST: usize = 100;

/// `name (id)`, or the id alone without a name.
pub fn with_id(id: ObjectId, name: Option<String>) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("{n} ({id})"),
        None => id.to_hex(),
    }
}

/// A name in double quotes, None when it is empty (what a missing name or
/// one that is not a string reads as).
pub fn quoted_name(name: &str) -> Option<String> {
    (!name.is_empty()).then(|| quoted(name))
}

impl Db {
    /// The string `field` of the documents of `collection` with these ids,
    /// where readable (the first `NAMED_AT_MOST` ids; none when the read fails).
    pub async fn names_of(&self, collection: &str, field: &str, ids: &[ObjectId]) -> HashMap<ObjectId, String> {
        let ids = &ids[..ids.len().min(NAMED_AT_MOST)];
        if ids.is_empty() {
            return HashMap::new();
        }
        let read = async {
            self.db
                .collection::<Document>(collection)
                .find(doc! { "_id": { "$in": ids } })
                .projection(doc! { field: 1 })
                .await?
                .try_collect::<Vec<Document>>()
                .await
        };
        let Ok(docs) = read.await else { return HashMap::new() };
        docs.iter()
            .filter_map(|d| Some((d.get_object_id("_id").ok()?, d.get_str(field).ok()?.to_string())))
            .filter(|(_, n)| !n.is_empty())
            .collect()
    }

    /// `sam@x.test (6780…)`, or the id.
    pub async fn user_named(&self, id: ObjectId) -> String {
        let u = &self.registry.users;
        with_id(id, self.names_of(&u.collection, &u.email, &[id]).await.remove(&id).map(|e| clean(&e)))
    }

    /// `"Sales" (6780…)`, or the id.
    pub async fn department_named(&self, id: ObjectId) -> String {
        let d = &self.registry.departments;
        with_id(id, self.names_of(&d.collection, &d.name, &[id]).await.remove(&id).map(|n| quoted(&n)))
    }

    /// `"Globex" (6780…)`, or the id.
    pub async fn organization_named(&self, id: ObjectId) -> String {
        let o = &self.registry.organizations;
        with_id(id, self.names_of(&o.collection, &o.name, &[id]).await.remove(&id).map(|n| quoted(&n)))
    }

    /// Each id of `kind`'s documents (agents, approval policies) as
    /// `"Its name" (6780…)`, or the id; the kind's collection unknown: ids.
    pub async fn kind_named(&self, kind: &str, ids: &[ObjectId]) -> Vec<String> {
        let names = match self.registry.kind(kind) {
            Some(k) => self.names_of(&k.collection, "name", ids).await,
            None => HashMap::new(),
        };
        ids.iter().map(|id| with_id(*id, names.get(id).map(|n| quoted(n)))).collect()
    }
}
