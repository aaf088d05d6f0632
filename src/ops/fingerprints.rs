//! Fingerprints of the live database: one per step (a set of documents) and
//! one per entity (a user, department or organization). Scan records them;
//! execute recomputes them and compares.

use std::collections::HashMap;

use mongodb::bson::{Document, RawDocumentBuf, doc, oid::ObjectId};
use mongodb::options::Hint;

use crate::db::Db;
use crate::db::indexes::index_for;
use crate::error::Result;
use crate::ops::transfer::{EntityType, Step};
use crate::plan::fingerprint::Fingerprint;

/// Cursor batch size: large enough to keep round trips few, small enough to
/// keep memory flat (documents are projected to a few ids each).
pub const SCAN_BATCH: u32 = 2_000;

/// Streams the documents a step selects, projected to the tracked fields,
/// calling `each` on every one (in `_id` order when `sorted`); returns their
/// fingerprint.
pub async fn fingerprint_step(
    db: &Db,
    step: &Step<'_>,
    sorted: bool,
    also: &[String],
    mut each: impl FnMut(&mongodb::bson::RawDocument),
) -> Result<Fingerprint> {
    let fields = step.kind.tracked_fields();
    let mut projection = Document::new();
    // The condition's fields are read too (for `ops::oddities`), and `also`
    // (for `ops::uniques`), not hashed.
    for f in fields.iter().chain(&step.kind.condition_fields()).copied().chain(also.iter().map(String::as_str)) {
        projection.insert(f, 1);
    }
    let coll = db.db.collection::<RawDocumentBuf>(&step.kind.collection);
    let mut find = coll.find(step.filter.clone()).projection(projection).batch_size(SCAN_BATCH);
    if sorted {
        find = find.sort(doc! { "_id": 1 });
        // Sorted, a planner may walk the whole `_id` index instead of the
        // selection's own; unsorted, it picks well.
        if let Some(index) = index_for(db, &step.kind.collection, &step.filter, step.driving_field()).await? {
            find = find.hint(Hint::Keys(index));
        }
    }
    let mut cursor = find.await?;
    let mut fp = Fingerprint::new();
    while cursor.advance().await? {
        let d = cursor.current();
        fp.add_document(d, &fields);
        each(d);
    }
    Ok(fp)
}

/// The fingerprints of entities (users, departments, organizations): the
/// fields that decide a transfer, or "missing". A user's includes the
/// departments that list them. A few queries whatever the number of
/// entities, so a plan of a thousand users costs what a plan of one does.
pub async fn fingerprint_entities(db: &Db, entities: &[(EntityType, ObjectId)]) -> Result<Vec<String>> {
    let r = &db.registry;
    let ids_of = |kind: EntityType| -> Vec<ObjectId> {
        entities.iter().filter(|(k, _)| *k == kind).map(|(_, id)| *id).collect()
    };
    let read = |collection: &str, ids: Vec<ObjectId>| {
        let coll = db.db.collection::<RawDocumentBuf>(collection);
        async move {
            let mut found = HashMap::new();
            if ids.is_empty() {
                return Ok::<_, crate::error::CliError>(found);
            }
            let mut cursor = coll.find(doc! { "_id": { "$in": ids } }).await?;
            while cursor.advance().await? {
                let d = cursor.current().to_raw_document_buf();
                if let Ok(id) = d.get_object_id("_id") {
                    found.insert(id, d);
                }
            }
            Ok(found)
        }
    };
    let users = read(&r.users.collection, ids_of(EntityType::User)).await?;
    let departments = read(&r.departments.collection, ids_of(EntityType::Department)).await?;
    let organizations = read(&r.organizations.collection, ids_of(EntityType::Organization)).await?;
    // The departments (of any organization) that list each user.
    let mut listing: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    let user_ids: Vec<ObjectId> = users.keys().copied().collect();
    if !user_ids.is_empty() {
        for dept in db.departments_listing(&user_ids, None).await? {
            for u in user_ids.iter().filter(|u| dept.has(**u)) {
                listing.entry(*u).or_default().push(dept.id);
            }
        }
    }
    let user_fields = [&r.users.organization, &r.users.access_role, &r.users.email, &r.users.is_active];
    let dept_fields = [&r.departments.organization, &r.departments.managers, &r.departments.members];
    Ok(entities
        .iter()
        .map(|(kind, id)| {
            let (found, fields): (Option<&RawDocumentBuf>, Vec<&str>) = match kind {
                EntityType::User => {
                    (users.get(id), std::iter::once("_id").chain(user_fields.iter().map(|f| f.as_str())).collect())
                }
                EntityType::Department => (
                    departments.get(id),
                    std::iter::once("_id").chain(dept_fields.iter().map(|f| f.as_str())).collect(),
                ),
                EntityType::Organization => (organizations.get(id), vec!["_id"]),
            };
            let Some(d) = found else {
                return "missing".to_string();
            };
            let mut fp = Fingerprint::new();
            fp.add_document(d, &fields);
            if *kind == EntityType::User {
                for dept in listing.get(id).into_iter().flatten() {
                    fp.add_bytes(&dept.bytes());
                }
            }
            fp.digest()
        })
        .collect())
}
