//! Fingerprints of the live database: one per step (a set of documents) and
//! one per entity (a user, department or organization). Scan records them;
//! execute recomputes them and compares.

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
    mut each: impl FnMut(&mongodb::bson::RawDocument),
) -> Result<Fingerprint> {
    let fields = step.kind.tracked_fields();
    let mut projection = Document::new();
    for f in &fields {
        projection.insert(*f, 1);
    }
    let coll = db.db.collection::<RawDocumentBuf>(&step.kind.collection);
    let mut find = coll.find(step.filter.clone()).projection(projection).batch_size(SCAN_BATCH);
    if sorted {
        find = find.sort(doc! { "_id": 1 });
        // Sorted, a planner may walk the whole `_id` index instead of the
        // selection's own (SecantusDB does); unsorted, it picks well.
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

/// The fingerprint of one entity: the fields that decide a transfer, or
/// "missing". A user's includes the departments that list them.
pub async fn fingerprint_entity(db: &Db, entity: EntityType, id: ObjectId) -> Result<String> {
    let r = &db.registry;
    let (collection, fields): (&str, Vec<&str>) = match entity {
        EntityType::User => (
            &r.users.collection,
            vec!["_id", &r.users.organization, &r.users.access_role, &r.users.email, &r.users.is_active],
        ),
        EntityType::Department => (
            &r.departments.collection,
            vec!["_id", &r.departments.organization, &r.departments.managers, &r.departments.members],
        ),
        EntityType::Organization => (&r.organizations.collection, vec!["_id"]),
    };
    let found = db.db.collection::<RawDocumentBuf>(collection).find_one(doc! { "_id": id }).await?;
    let Some(d) = found else {
        return Ok("missing".to_string());
    };
    let mut fp = Fingerprint::new();
    fp.add_document(&d, &fields);
    if entity == EntityType::User {
        for dept in db.departments_of(id, None).await? {
            fp.add_bytes(&dept.id.bytes());
        }
    }
    Ok(fp.digest())
}
