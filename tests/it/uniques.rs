//! Unique indexes a transfer would break are found at scan (exit 3, the
//! plan blocked, nothing written), never in the middle of execute: the
//! spec's own (`{organizationId, address}` of email accounts, where a
//! missing address is null to the index) and those a deployment adds
//! (compound, case-insensitive, partial). What an index does not refuse
//! (a partial one's excluded documents) goes through.

use mongodb::IndexModel;
use mongodb::bson::{Document, doc, oid::ObjectId};
use mongodb::options::{Collation, CollationStrength, IndexOptions};
use serde_json::Value;

use crate::common::*;

/// Scans sam to Initech (rita takes over what stays): the exit code and the
/// plan's conflicts with the code `duplicate_<kind>`.
fn scan(t: &TestDb, dir: &tempfile::TempDir) -> (i32, Vec<String>, String) {
    let out = s(&dir.path().join("p.json"));
    let mut args = vec!["scan"];
    args.extend_from_slice(&SAM_TO_INITECH);
    args.extend(["--out", &out]);
    let run = t.cmd().run(&args);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let conflicts = v["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["code"].as_str().unwrap().starts_with("duplicate_"))
        .map(|c| c["message"].as_str().unwrap().to_string())
        .collect();
    (run.code, conflicts, out)
}

async fn unique_index(t: &TestDb, collection: &str, keys: Document, options: IndexOptions) {
    let model = IndexModel::builder().keys(keys).options(options).build();
    t.db.collection::<Document>(collection).create_index(model).await.unwrap();
}

#[tokio::test]
async fn a_missing_address_clashes_with_a_missing_address_as_the_index_sees_it() {
    let (t, m) = TestDb::seeded().await;
    let accounts = t.db.collection::<Document>("emailaccounts");
    let (sam, acme, initech) = (m.id("user:sam"), m.id("org:acme"), m.id("org:initech"));
    accounts
        .insert_one(doc! { "_id": "noaddr", "organizationId": acme, "userId": sam, "provider": "gmail" })
        .await
        .unwrap();
    accounts
        .insert_one(
            doc! { "_id": ObjectId::new(), "organizationId": initech, "userId": m.id("user:ian"), "address": null },
        )
        .await
        .unwrap();
    let before = t.snapshot().await;
    let dir = t.tmp();
    let (code, conflicts, plan) = scan(&t, &dir);
    assert_eq!(code, 3, "{conflicts:?}");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(
        conflicts[0].starts_with("emailAccounts: the unique index organizationId_1_address_1 (organizationId, address) refuses 1 document as the transfer would change it: \"noaddr\" (organizationId "),
        "{}",
        conflicts[0]
    );
    assert!(conflicts[0].contains("address none, held by "), "{}", conflicts[0]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(3);
    assert_eq!(t.snapshot().await, before, "nothing written");
}

#[tokio::test]
async fn indexes_a_deployment_adds_are_checked_as_the_server_would() {
    let (t, m) = TestDb::seeded().await;
    let (sam, rita, initech) = (m.id("user:sam"), m.id("user:rita"), m.id("org:initech"));
    let dir = t.tmp();
    // Nothing clashes yet: the indexes alone block nothing.
    unique_index(&t, "contacts", doc! { "userId": 1, "email": 1 }, IndexOptions::builder().unique(true).build()).await;
    let ci = Collation::builder().locale("en").strength(CollationStrength::Secondary).build();
    unique_index(
        &t,
        "emailaccounts",
        doc! { "organizationId": 1, "address": 1, "provider": 1 },
        IndexOptions::builder().unique(true).collation(ci).name("address_any_case".to_string()).build(),
    )
    .await;
    let (code, conflicts, _) = scan(&t, &dir);
    assert_eq!((code, conflicts.len()), (0, 0), "{conflicts:?}");

    // rita already has a contact with the email of one of sam's, which she
    // is to take over; Initech holds sam's address in capitals.
    let contacts = t.db.collection::<Document>("contacts");
    let theirs = contacts.find_one(doc! { "userId": sam }).await.unwrap().unwrap();
    let email = theirs.get_str("email").unwrap().to_string();
    let mut copy = theirs.clone();
    copy.insert("_id", ObjectId::new());
    copy.insert("userId", rita);
    contacts.insert_one(copy).await.unwrap();
    let account = t.find_one("emailaccounts", doc! { "userId": sam }).await.unwrap();
    let address = account.get_str("address").unwrap().to_uppercase();
    let provider = account.get_str("provider").unwrap().to_string();
    t.db.collection::<Document>("emailaccounts")
        .insert_one(doc! { "_id": ObjectId::new(), "organizationId": initech, "userId": m.id("user:ian"), "address": &address, "provider": &provider })
        .await
        .unwrap();
    let before = t.snapshot().await;
    let (code, conflicts, plan) = scan(&t, &dir);
    assert_eq!(code, 3);
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    let of = |prefix: &str| conflicts.iter().find(|c| c.starts_with(prefix)).unwrap_or_else(|| panic!("{conflicts:?}"));
    assert!(
        of("contacts: the unique index userId_1_email_1 (userId, email) refuses 1 document")
            .contains(&format!("email \"{email}\""))
    );
    assert!(
        of("emailAccounts: the unique index address_any_case (organizationId, address, provider) refuses 1 document")
            .contains(&format!("address \"{address}\""))
    );
    t.cmd().run(&["execute", &plan, "-y"]).expect(3);
    assert_eq!(t.snapshot().await, before, "nothing written");
}

#[tokio::test]
async fn a_partial_index_refuses_only_what_it_holds_and_a_clash_after_the_scan_stops_execute() {
    let (t, m) = TestDb::seeded().await;
    let (sam, rita) = (m.id("user:sam"), m.id("user:rita"));
    // Unique among starred contacts only; sam's clashing contact is not starred.
    unique_index(
        &t,
        "contacts",
        doc! { "userId": 1, "email": 1 },
        IndexOptions::builder().unique(true).partial_filter_expression(doc! { "starred": { "$eq": true } }).build(),
    )
    .await;
    let contacts = t.db.collection::<Document>("contacts");
    let theirs = contacts.find_one(doc! { "userId": sam }).await.unwrap().unwrap();
    let mut copy = theirs.clone();
    copy.insert("_id", ObjectId::new());
    copy.insert("userId", rita);
    copy.insert("starred", true);
    contacts.insert_one(copy).await.unwrap();
    let dir = t.tmp();
    let (code, conflicts, plan) = scan(&t, &dir);
    assert_eq!((code, conflicts.len()), (0, 0), "{conflicts:?}");

    // Starred after the scan: execute's own reading of the selection finds
    // the clash before anything is written.
    contacts
        .update_one(doc! { "_id": theirs.get("_id").unwrap() }, doc! { "$set": { "starred": true } })
        .await
        .unwrap();
    let before = t.snapshot().await;
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(4).says("The plan is stale: the live database drifted since the scan: new blocking conflict [duplicate_contacts]: contacts: the unique index userId_1_email_1 (userId, email) refuses 1 document");
    assert!(!run.stderr.contains(".."), "{}", run.stderr);
    assert_eq!(t.snapshot().await, before, "nothing written: {}", run.all());
}

/// A key field inside an embedded document (`meta.ext`) is read through its
/// path: distinct values pass, a value the target already holds clashes.
#[tokio::test]
async fn a_dotted_key_field_is_read_through_its_path() {
    let (t, m) = TestDb::seeded().await;
    let accounts = t.db.collection::<Document>("emailaccounts");
    let all: Vec<Document> = {
        use futures_util::TryStreamExt;
        accounts.find(doc! {}).await.unwrap().try_collect().await.unwrap()
    };
    for (i, d) in all.iter().enumerate() {
        accounts
            .update_one(doc! { "_id": d.get("_id").unwrap() }, doc! { "$set": { "meta.ext": format!("ext-{i}") } })
            .await
            .unwrap();
    }
    unique_index(
        &t,
        "emailaccounts",
        doc! { "organizationId": 1, "meta.ext": 1 },
        IndexOptions::builder().unique(true).build(),
    )
    .await;
    let dir = t.tmp();
    let (code, conflicts, _) = scan(&t, &dir);
    assert_eq!((code, conflicts.len()), (0, 0), "{conflicts:?}");
    let sams = t.find_one("emailaccounts", doc! { "userId": m.id("user:sam") }).await.unwrap();
    let ext = sams.get_document("meta").unwrap().get_str("ext").unwrap().to_string();
    accounts
        .insert_one(doc! { "_id": ObjectId::new(), "organizationId": m.id("org:initech"), "userId": m.id("user:ian"), "address": "other@initech.test", "meta": { "ext": &ext } })
        .await
        .unwrap();
    let (code, conflicts, _) = scan(&t, &dir);
    assert_eq!(code, 3);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(conflicts[0].contains(&format!("meta.ext \"{ext}\"")), "{}", conflicts[0]);
}
