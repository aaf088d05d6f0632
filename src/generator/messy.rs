//! The dataset as customers' databases hold it (`Options::messy`): once the
//! tidy dataset is written, every third document of each resource
//! collection (in `_id` order) takes an `_id` of another BSON type, in turn
//! a string, an int32, an int64, a double, a UUID, a generic binary and an
//! embedded document, so that every user's selections mix them with
//! ObjectIds; and every seventh document owned by a colleague names `sam` or
//! `big` by the string form of their id instead (a look-alike, which no
//! transfer may touch). Deterministic: the same dataset gives the same
//! result, so a campaign run and its reference run see the same data.

use futures_util::TryStreamExt;
use mongodb::Database;
use mongodb::bson::{Binary, Bson, Document, doc, oid::ObjectId, spec::BinarySubtype};

use super::Manifest;
use crate::registry::Registry;

/// An `_id` of the `n`-th kind in turn, unique for `n`.
fn other_id(n: u64) -> Bson {
    match n % 7 {
        0 => Bson::String(format!("crm-import-{n:06}")),
        1 => Bson::Int32(n as i32),
        2 => Bson::Int64((1 << 40) + n as i64),
        3 => Bson::Double(n as f64 + 0.5),
        4 => {
            let mut bytes = [0u8; 16];
            bytes[8..].copy_from_slice(&n.to_be_bytes());
            Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: bytes.to_vec() })
        }
        5 => Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: n.to_be_bytes().to_vec() }),
        _ => Bson::Document(doc! { "source": "crm", "n": n as i64 }),
    }
}

pub async fn apply(db: &Database, m: &Manifest) -> mongodb::error::Result<()> {
    let registry = Registry::default();
    let movers: Vec<ObjectId> = ["user:sam", "user:big"]
        .iter()
        .filter_map(|k| m.ids.get(*k))
        .filter_map(|h| ObjectId::parse_str(h).ok())
        .collect();
    let mut done: Vec<&str> = Vec::new();
    let mut n = 0u64;
    for kind in &registry.kinds {
        // Agents keep their ids: automations and remaps refer to them.
        if done.contains(&kind.collection.as_str()) || kind.collection == "agents" {
            continue;
        }
        done.push(&kind.collection);
        let coll = db.collection::<Document>(&kind.collection);
        let docs: Vec<Document> = coll.find(doc! {}).sort(doc! { "_id": 1 }).await?.try_collect().await?;
        let mut renamed: Vec<Document> = Vec::new();
        let mut old: Vec<Bson> = Vec::new();
        let mut look_alikes: Vec<Bson> = Vec::new();
        for (i, d) in docs.into_iter().enumerate() {
            let owner = d.get(&kind.owner_field).and_then(Bson::as_object_id);
            if i % 7 == 6 && owner.is_some_and(|o| !movers.contains(&o)) && !movers.is_empty() {
                look_alikes.push(d.get("_id").cloned().unwrap_or(Bson::Null));
            }
            if i % 3 == 2 {
                old.push(d.get("_id").cloned().unwrap_or(Bson::Null));
                let mut new = doc! { "_id": other_id(n) };
                n += 1;
                new.extend(d.into_iter().filter(|(k, _)| k != "_id"));
                renamed.push(new);
            }
        }
        for (j, id) in look_alikes.iter().enumerate() {
            let who = movers[j % movers.len()].to_hex();
            coll.update_one(doc! { "_id": id }, doc! { "$set": { &kind.owner_field: who } }).await?;
        }
        if !old.is_empty() {
            // The look-alikes among them took their string owner already.
            let now: Vec<Document> =
                coll.find(doc! { "_id": { "$in": &old } }).sort(doc! { "_id": 1 }).await?.try_collect().await?;
            let renamed: Vec<Document> = now
                .into_iter()
                .zip(renamed)
                .map(|(current, mut new)| {
                    for (k, v) in current.into_iter().filter(|(k, _)| k != "_id") {
                        new.insert(k, v);
                    }
                    new
                })
                .collect();
            coll.delete_many(doc! { "_id": { "$in": &old } }).await?;
            coll.insert_many(renamed).await?;
        }
    }
    Ok(())
}
