//! `scan rollback` and the execute of its plan: a transfer undone puts every
//! Tether collection back byte for byte; documents changed since keep their
//! change and are listed; a killed rollback resumes; a failed transfer is
//! undone as far as it got; bad input changes nothing.

use futures_util::TryStreamExt;
use mongodb::bson::{Document, doc, oid::ObjectId};

use crate::common::*;

/// Scans the rollback of `id` into `dir` and returns the plan's path.
fn scan_rollback(t: &TestDb, dir: &tempfile::TempDir, id: &str) -> String {
    let out = s(&dir.path().join(format!("rollback-{id}.json")));
    let run = t.cmd().run(&["scan", "rollback", id, "--out", &out, "--json"]);
    run.expect(0);
    // --json prints the plan it wrote.
    assert_eq!(run.json(), plan_json(&out));
    out
}

fn plan_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The record of a transfer, as `status --json` prints it.
fn status(t: &TestDb, id: &str) -> serde_json::Value {
    let run = t.cmd().run(&["status", id, "--json"]);
    run.expect(0);
    run.json()
}

#[tokio::test]
async fn every_kind_of_transfer_rolls_back_byte_for_byte() {
    let (t0, m) = TestDb::seeded().await;
    let remap = format!("{}={}", m.id("agent:sam/1"), m.id("agent:rita/1"));
    drop(t0);
    let org: Vec<&str> = SAM_TO_INITECH
        .iter()
        .copied()
        .chain(["--to-department", "Onboarding", "--agent-remap", &remap])
        .map(|a| if a == "SALES_REP" { "DEPARTMENT_HEAD" } else { a })
        .collect();
    // Several users swapping departments, one handing what stays to a
    // re-assignee, one becoming a head (every department write of the tool).
    let files = tempfile::tempdir().unwrap();
    let csv = s(&files.path().join("reorg.csv"));
    std::fs::write(
        &csv,
        "user,targetDepartment,role,reassignee\n\
         sam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\n\
         rita.rep@acme.test,Support,,\n\
         big.owner@acme.test,Sales,,\n",
    )
    .unwrap();
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("many assignments from a file", vec!["department", "--assignments", &csv], "department_transfer_rollback"),
        ("organization transfer with agent remaps", org, "org_transfer_rollback"),
        ("one user, with a re-assignee", SAM_TO_MARKETING.to_vec(), "department_transfer_rollback"),
        (
            "one user, without re-assignee (conversations left unassigned)",
            vec!["department", "--user", "rita.rep@acme.test", "--to", "Marketing"],
            "department_transfer_rollback",
        ),
        (
            "bulk, deleting the emptied source",
            vec!["department", "--from", "Support", "--to", "Archive", "--delete-source"],
            "department_transfer_rollback",
        ),
    ];
    for (name, args, action) in cases {
        let (t, _) = TestDb::seeded().await;
        let dir = t.tmp();
        let before = t.dump().await;
        let plan = t.scan(&dir, "p.json", &args);
        t.cmd().run(&["execute", &plan, "-y"]).expect(0);
        let id = t.last_transfer().await;
        assert!(t.count("tether_transfer_undo", doc! {}).await > 0, "{name}: the transfer wrote its undo log");
        let rollback = scan_rollback(&t, &dir, &id);
        let p = plan_json(&rollback);
        assert_eq!(p["kind"], "rollback", "{name}");
        assert_eq!(p["request"]["transferId"], id.as_str(), "{name}");
        assert!(p["resources"].as_array().unwrap().iter().all(|r| r.get("changedSince").is_none()), "{name}");
        let run = t.cmd().run(&["execute", &rollback, "-y", "--json"]);
        run.expect(0);
        let undo = t.last_transfer().await;
        assert_same_data(&before, &t.dump().await);
        let r = status(&t, &undo);
        assert_eq!((r["action"].as_str(), r["status"].as_str()), (Some(action), Some("completed")), "{name}");
        assert_eq!(r["rollbackOf"], id.as_str(), "{name}");
        assert_eq!(status(&t, &id)["rolledBackBy"], undo.as_str(), "{name}");
        let shown = t.cmd().run(&["status", &id]).stdout;
        assert!(shown.contains("rolledBackBy") && shown.contains(&undo), "{name}: {shown}");
        t.cmd().run(&["verify", &undo]).expect(0).says("clean");
        // Once only; the original is verified through its rollback.
        let again = s(&dir.path().join("again.json"));
        t.cmd()
            .run(&["scan", "rollback", &id, "--out", &again])
            .expect(4)
            .says(&format!("already rolled back by transfer {undo}"));
        t.cmd().run(&["execute", &rollback, "-y"]).expect(4).says("single-use");
        t.cmd().run(&["verify", &id]).expect(2).says(&format!("verify {undo}"));
    }
}

#[tokio::test]
async fn documents_changed_since_the_transfer_keep_their_change_and_are_listed() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.dump().await;
    // The transfer makes sam a DEPARTMENT_HEAD in Initech.
    let head: Vec<&str> =
        SAM_TO_INITECH.iter().map(|a| if *a == "SALES_REP" { "DEPARTMENT_HEAD" } else { *a }).collect();
    let plan = t.scan(&dir, "p.json", &head);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let (sam, rita, ina) = (m.id("user:sam"), m.id("user:rita"), m.id("user:ina"));
    // After the transfer: rita hands one of sam's former contacts to someone
    // else, and an untracked field of a former conversation of sam changes.
    let contacts = t.db.collection::<Document>("contacts");
    let moved: Document = contacts
        .find_one(doc! { "userId": rita, "_id": { "$in": ids_of(&before, "contacts", sam) } })
        .await
        .unwrap()
        .unwrap();
    let changed = moved.get_object_id("_id").unwrap();
    contacts.update_one(doc! { "_id": changed }, doc! { "$set": { "userId": ina } }).await.unwrap();
    let conversations = t.db.collection::<Document>("conversations");
    let talk = ids_of(&before, "conversations", sam)[0];
    conversations.update_one(doc! { "_id": talk }, doc! { "$set": { "status": "reopened" } }).await.unwrap();

    // In Initech, one of the email accounts that moved with sam is given to
    // ina: only its owner changed, not its organization. It stays in Initech.
    let account = ids_of(&before, "emailaccounts", sam)[0];
    t.db.collection::<Document>("emailaccounts")
        .update_one(doc! { "_id": account }, doc! { "$set": { "userId": ina } })
        .await
        .unwrap();
    // And an admin there makes sam an ADMIN.
    t.db.collection::<Document>("users")
        .update_one(doc! { "_id": sam }, doc! { "$set": { "accessRole": "ADMIN" } })
        .await
        .unwrap();

    let rollback = scan_rollback(&t, &dir, &id);
    let p = plan_json(&rollback);
    assert!(p["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "user_changed_since"), "{p}");
    let accounts = p["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "emailAccounts").unwrap();
    assert_eq!(accounts["changedSince"]["ids"][0], account.to_hex().as_str());
    let listed = p["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "contacts").unwrap();
    assert_eq!(listed["changedSince"]["count"], 1);
    assert_eq!(listed["changedSince"]["ids"][0], changed.to_hex().as_str());
    assert!(p["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "changed_since"));
    assert_eq!(p["blocked"], false, "a change since is not blocking");
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let after = t.dump().await;
    // Exactly those two keep their change; everything else is as before.
    let changed_hex = mongodb::bson::Bson::ObjectId(changed).to_string();
    let talk_hex = mongodb::bson::Bson::ObjectId(talk).to_string();
    for (coll, docs) in &before {
        for (key, (d, bytes)) in docs {
            let (now, now_bytes) = &after[coll][key];
            if coll == "contacts" && *key == changed_hex {
                assert_eq!(now.get_object_id("userId"), Ok(ina), "the contact keeps its new owner");
            } else if coll == "conversations" && *key == talk_hex {
                assert_eq!(now.get_object_id("userId"), Ok(sam), "owner back");
                assert_eq!(now.get_str("status"), Ok("reopened"), "its own change kept");
            } else if coll == "emailaccounts" && d.get_object_id("_id") == Ok(account) {
                assert_eq!(now.get_object_id("userId"), Ok(ina));
                assert_eq!(now.get_object_id("organizationId"), Ok(m.id("org:initech")), "not pulled back into Acme");
            } else if coll == "users" && d.get_object_id("_id") == Ok(sam) {
                assert_eq!(now.get_object_id("organizationId"), d.get_object_id("organizationId"), "back in Acme");
                assert_eq!(now.get_str("accessRole"), Ok("ADMIN"), "the role set since is kept");
            } else {
                assert!(bytes == now_bytes, "{coll} {key}: {d} -> {now}");
            }
        }
    }
    t.cmd().run(&["verify", &t.last_transfer().await]).expect(0);
}

/// The ids of the documents of `coll` owned by `user` in a dump.
fn ids_of(dump: &Dump, coll: &str, user: ObjectId) -> Vec<ObjectId> {
    dump[coll]
        .values()
        .filter(|(d, _)| d.get_object_id("userId") == Ok(user))
        .map(|(d, _)| d.get_object_id("_id").unwrap())
        .collect()
}

#[tokio::test]
async fn a_rollback_killed_anywhere_resumes_to_the_state_before_the_transfer() {
    for point in ["frozen", "batch-committed#3", "moved", "subjects-committed", "closed"] {
        let (t, _) = TestDb::seeded().await;
        let dir = t.tmp();
        let before = t.dump().await;
        let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
        // Small batches: the undo log has many entries to restore.
        t.cmd().run(&["execute", &plan, "-y", "--batch-size", "7"]).expect(0);
        let id = t.last_transfer().await;
        let rollback = scan_rollback(&t, &dir, &id);
        let run = t.cmd().env("TETHER_TRANSFER_CRASH_AT", point).run(&["execute", &rollback, "-y"]);
        assert_ne!(run.code, 0, "{point}: killed");
        let undo = t.last_transfer().await;
        assert_ne!(undo, id, "{point}: the rollback started");
        t.cmd().run(&["execute", "--resume", &undo]).expect(if point == "closed" { 2 } else { 0 });
        assert_same_data(&before, &t.dump().await);
        assert_eq!(status(&t, &undo)["status"], "completed", "{point}");
        // The original cannot be resumed over its rollback.
        t.cmd().run(&["execute", "--resume", &id]).expect(2);
    }
}

#[tokio::test]
async fn a_transfer_that_failed_part_way_is_undone_as_far_as_it_got() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    // Interrupted after its third batch: it fails (exit 7), sam frozen, part moved.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#3").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "5",
    ]);
    let pid = child.id() as i32;
    stopped(pid).await;
    interrupt_and_continue(pid);
    finish(child).expect(7);
    let id = t.last_transfer().await;
    assert_eq!(status(&t, &id)["status"], "failed");
    let sam = t.find_one("users", doc! { "_id": m.id("user:sam") }).await.unwrap();
    assert_eq!(sam.get_bool("isActive"), Ok(false), "left frozen by the failed transfer");
    let rollback = scan_rollback(&t, &dir, &id);
    assert_eq!(plan_json(&rollback)["summary"]["rollbackOf"]["status"], "failed");
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    assert_same_data(&before, &t.dump().await);
    t.cmd().run(&["execute", "--resume", &id]).expect(2).says("rolled back");
}

#[tokio::test]
async fn what_cannot_be_rolled_back_is_refused_with_nothing_changed() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = s(&dir.path().join("r.json"));
    let refused = |id: &str, code: i32, says: &str| {
        let run = t.cmd().run(&["scan", "rollback", id, "--out", &out]);
        run.expect(code).says(says);
        assert!(!std::path::Path::new(&out).exists(), "no plan for {id}");
    };
    refused("nope", 2, "is not a transfer id");
    refused(&ObjectId::new().to_hex(), 2, "No transfer has the id");

    // Without an undo log.
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y", "--no-undo"]).expect(0);
    let bare = t.last_transfer().await;
    let snapshot = t.snapshot().await;
    refused(&bare, 2, "without an undo log");

    // In progress: stopped by its operator's terminal, locks held.
    let (t2, _) = TestDb::seeded().await;
    let dir2 = t2.tmp();
    let plan = t2.scan(&dir2, "p.json", &SAM_TO_INITECH);
    let child = t2.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    let running = t2.last_transfer().await;
    let out2 = s(&dir2.path().join("r.json"));
    t2.cmd().run(&["scan", "rollback", &running, "--out", &out2]).expect(5).says("in progress");
    interrupt_and_continue(pid);
    finish(child);

    // A rollback of a rollback.
    let plan = t.scan(&dir, "q.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = scan_rollback(&t, &dir, &id);
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let undo = t.last_transfer().await;
    let snapshot_after = t.snapshot().await;
    refused(&undo, 2, "is itself a rollback");
    refused(&id, 4, "already rolled back");
    assert_eq!(t.snapshot().await, snapshot_after, "refusals changed nothing");
    assert_ne!(snapshot, snapshot_after);
}

#[tokio::test]
async fn drift_and_blocking_conflicts_since_the_transfer() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = scan_rollback(&t, &dir, &id);
    // A document changed between the rollback scan and its execute: stale.
    let rita = m.id("user:rita");
    let contact = ids_of(&before, "contacts", m.id("user:sam"))[0];
    t.db.collection::<Document>("contacts")
        .update_one(doc! { "_id": contact }, doc! { "$set": { "userId": m.id("user:ina") } })
        .await
        .unwrap();
    let snapshot = t.snapshot().await;
    t.cmd().run(&["execute", &rollback, "-y"]).expect(4).says("stale");
    assert_eq!(t.snapshot().await, snapshot, "a stale rollback changed nothing");

    // An email address that exists again in the source organization: blocking.
    let account = ids_of(&before, "emailaccounts", m.id("user:sam"))[0];
    let moved = t.find_one("emailaccounts", doc! { "_id": account }).await.unwrap();
    assert_eq!(moved.get_object_id("organizationId"), Ok(m.id("org:initech")));
    // (SecantusDB keeps a unique index's old key after an update changes it,
    // so it would refuse this insert itself; the tool's check is a query.)
    let accounts = t.db.collection::<Document>("emailaccounts");
    let _ = accounts.drop_index("organizationId_1_address_1").await;
    accounts
        .insert_one(
            doc! { "organizationId": m.id("org:acme"), "userId": rita, "address": moved.get_str("address").unwrap() },
        )
        .await
        .unwrap();
    let out = s(&dir.path().join("blocked.json"));
    t.cmd().run(&["scan", "rollback", &id, "--out", &out]).expect(3).says("blocking");
    assert!(plan_json(&out)["conflicts"].as_array().unwrap().iter().any(|c| c["code"] == "unique_taken"));

    // A user transferred again since: roll that back first, named.
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let first = t.last_transfer().await;
    let plan = t.scan(&dir, "q.json", &["department", "--user", "sam.rep@acme.test", "--to", "Support"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let second = t.last_transfer().await;
    let out = s(&dir.path().join("r.json"));
    t.cmd().run(&["scan", "rollback", &first, "--out", &out]).expect(3);
    let conflicts = plan_json(&out)["conflicts"].to_string();
    assert!(conflicts.contains(&second), "names the later transfer: {conflicts}");
}

#[tokio::test]
async fn a_department_changed_since_keeps_its_other_changes() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    // Someone else joins Marketing after sam did.
    let (marketing, newcomer) = (m.id("dept:acme/marketing"), ObjectId::new());
    let departments = t.db.collection::<Document>("departments");
    departments.update_one(doc! { "_id": marketing }, doc! { "$push": { "members": newcomer } }).await.unwrap();
    let rollback = scan_rollback(&t, &dir, &id);
    assert!(plan_json(&rollback)["warnings"].to_string().contains("department_changed_since"));
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let now = departments.find_one(doc! { "_id": marketing }).await.unwrap().unwrap();
    let members = now.get_array("members").unwrap();
    assert!(members.contains(&newcomer.into()), "the newcomer stays");
    assert!(!members.contains(&m.id("user:sam").into()), "sam is out again");
    // Everything else, Sales with sam back in place included, is as before.
    let after = t.dump().await;
    for (key, (d, bytes)) in &before["departments"] {
        if d.get_object_id("_id") != Ok(marketing) {
            assert!(bytes == &after["departments"][key].1, "{d}");
        }
    }
}

#[tokio::test]
async fn the_undo_log_expires_and_an_expired_one_is_refused() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y", "--undo-retention", "3"]).expect(0);
    let id = t.last_transfer().await;
    let undo = t.db.collection::<Document>("tether_transfer_undo");
    let ttl = undo
        .list_indexes()
        .await
        .unwrap()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.keys == doc! { "expiresAt": 1 })
        .expect("a TTL index on expiresAt");
    assert_eq!(ttl.options.and_then(|o| o.expire_after), Some(std::time::Duration::ZERO));
    let entry = undo.find_one(doc! {}).await.unwrap().unwrap();
    let days = (entry.get_datetime("expiresAt").unwrap().timestamp_millis()
        - mongodb::bson::DateTime::now().timestamp_millis()) as f64
        / 86_400_000.0;
    assert!((2.9..=3.0).contains(&days), "kept 3 days: {days}");
    // One entry gone (expired): the log is incomplete, the rollback refused.
    undo.delete_one(doc! { "kind": "contacts" }).await.unwrap();
    let out = s(&dir.path().join("r.json"));
    let snapshot = t.snapshot().await;
    t.cmd().run(&["scan", "rollback", &id, "--out", &out]).expect(4).says("incomplete");
    assert_eq!(t.snapshot().await, snapshot);
}

#[tokio::test]
async fn a_deleted_department_whose_id_exists_again_blocks() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &["department", "--from", "Support", "--to", "Archive", "--delete-source"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let support = m.id("dept:acme/support");
    assert_eq!(t.count("departments", doc! { "_id": support }).await, 0, "deleted");
    t.db.collection::<Document>("departments")
        .insert_one(doc! { "_id": support, "organizationId": m.id("org:acme"), "name": "Support (new)", "managers": [], "members": [] })
        .await
        .unwrap();
    let out = s(&dir.path().join("r.json"));
    t.cmd().run(&["scan", "rollback", &id, "--out", &out]).expect(3);
    assert!(plan_json(&out)["conflicts"].to_string().contains("department_exists"));
}

#[tokio::test]
async fn a_document_changed_after_the_rollbacks_revalidation_is_not_claimed_restored() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = scan_rollback(&t, &dir, &id);
    // Stopped once re-validated and frozen, before it restores anything;
    // meanwhile someone hands one of the contacts on.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "frozen").spawn(&["execute", &rollback, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    let contacts = t.db.collection::<Document>("contacts");
    let one = contacts.find_one(doc! { "userId": m.id("user:rita") }).await.unwrap().unwrap();
    let other = ObjectId::new();
    contacts.update_one(doc! { "_id": one.get("_id").unwrap() }, doc! { "$set": { "userId": other } }).await.unwrap();
    unsafe {
        libc::kill(pid, libc::SIGCONT);
    }
    let run = finish(child);
    run.expect(8).says("1 document changed after its re-validation and was not put back");
    let undo = t.last_transfer().await;
    let record = status(&t, &undo);
    assert_eq!(record["status"], "completed");
    assert_eq!(record["notRestored"]["contacts"], 1, "{record}");
    assert!(record["error"].as_str().unwrap().contains("not put back"), "{record}");
    let shown = t.cmd().run(&["status", &undo]);
    assert!(shown.stdout.contains("1 not put back (contacts 1)"), "{}", shown.stdout);
    // The contact keeps its change; verify lists it.
    let now = contacts.find_one(doc! { "_id": one.get("_id").unwrap() }).await.unwrap().unwrap();
    assert_eq!(now.get_object_id("userId").unwrap(), other);
    let verified = t.cmd().run(&["verify", &undo]);
    verified.expect(8);
    assert!(verified.stdout.contains(&one.get_object_id("_id").unwrap().to_hex()), "{}", verified.stdout);
}

/// A user listed twice in a department (data as it is) is listed twice
/// again after the rollback: a list unchanged since the transfer gets
/// exactly its previous value.
#[tokio::test]
async fn a_user_listed_twice_comes_back_twice() {
    let (t, m) = TestDb::seeded().await;
    let (sales, sam) = (m.id("dept:acme/sales"), m.id("user:sam"));
    let departments = t.db.collection::<Document>("departments");
    departments.update_one(doc! { "_id": sales }, doc! { "$push": { "members": sam } }).await.unwrap();
    let listed =
        |d: &Document| d.get_array("members").unwrap().iter().filter(|v| v.as_object_id() == Some(sam)).count();
    assert!(listed(&departments.find_one(doc! { "_id": sales }).await.unwrap().unwrap()) >= 2);
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = scan_rollback(&t, &dir, &id);
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let after = t.dump().await;
    for (key, (d, bytes)) in &before["departments"] {
        assert!(bytes == &after["departments"][key].1, "{d}\n{}", after["departments"][key].0);
    }
}
