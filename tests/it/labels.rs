//! Ids named where a person reads them: a user by email, a department,
//! organization, agent or approval policy by name, beside its id; the id
//! alone when the name cannot be read (a name that is a number), never an
//! error for want of a name.

use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};

use crate::common::*;

/// A lock on `key` held by a live transfer on another machine.
async fn hold(t: &TestDb, key: &str, transfer: ObjectId) {
    let now = DateTime::now().timestamp_millis();
    t.db.collection::<Document>("tether_transfer_locks")
        .insert_one(doc! {
            "_id": key, "transferId": transfer, "token": "elsewhere:1:x", "operator": "olga@acme.test",
            "host": "elsewhere", "machine": "elsewhere|boot|ns", "pid": 1_i64, "lsids": [],
            "startedAt": DateTime::from_millis(now), "expiresAt": DateTime::from_millis(now + 3_600_000),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lock_refusal_names_the_user_or_the_department() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    let (sam, marketing, other) = (m.id("user:sam"), m.id("dept:acme/marketing"), ObjectId::new());
    let locks = t.db.collection::<Document>("tether_transfer_locks");
    let execute = || t.cmd().run(&["execute", &plan, "-y", "--lock-wait", "0"]);

    hold(&t, &format!("user:{sam}"), other).await;
    execute().expect(5).says(&format!("user sam.rep@acme.test ({sam}) is locked by transfer {other} (operator olga"));
    locks.delete_many(doc! {}).await.unwrap();

    hold(&t, &format!("department:{marketing}"), other).await;
    execute().expect(5).says(&format!("department \"Marketing\" ({marketing}) is locked by transfer {other}"));
    // A name that is not a string: the id alone, and the same refusal.
    let departments = t.db.collection::<Document>("departments");
    departments.update_one(doc! { "_id": marketing }, doc! { "$set": { "name": 42 } }).await.unwrap();
    execute().expect(5).says(&format!("department {marketing} is locked by transfer {other}"));
}

#[tokio::test]
async fn verify_names_the_user_whose_is_active_is_back() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let sam = m.id("user:sam");
    let run = t.cmd().run(&["verify", &id, "--json"]);
    run.expect(0);
    let checks = run.json()["checks"].to_string();
    assert!(checks.contains(&format!("isActive of sam.rep@acme.test ({sam}) is back to")), "{checks}");
    // The email is gone (not a string now): the id alone.
    t.db.collection::<Document>("users")
        .update_one(doc! { "_id": sam }, doc! { "$set": { "email": 7 } })
        .await
        .unwrap();
    let run = t.cmd().run(&["verify", &id]);
    run.prints(&format!("isActive of sam.rep@acme.test ({sam})"));
}

#[tokio::test]
async fn a_rollback_names_its_departments_and_where_a_user_went() {
    // A department deleted by the transfer, re-created by its rollback.
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let support = m.id("dept:acme/support");
    let plan = t.scan(&dir, "p.json", &["department", "--from", "Support", "--to", "Archive", "--delete-source"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let out = s(&dir.path().join("r.json"));
    t.cmd()
        .run(&["scan", "rollback", &id, "--out", &out])
        .expect(0)
        .prints(&format!("department \"Support\" ({support}) is re-created"))
        .prints(&format!("department \"Support\" ({support}): managers and members as before the transfer"));
    t.cmd().run(&["execute", &out, "-y"]).expect(0);

    // A department the transfer changed is gone; the user moved on since;
    // the source organization is gone.
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let first = t.last_transfer().await;
    let marketing = m.id("dept:acme/marketing");
    t.db.collection::<Document>("departments").delete_one(doc! { "_id": marketing }).await.unwrap();
    let out = s(&dir.path().join("r.json"));
    t.cmd().run(&["scan", "rollback", &first, "--out", &out]).expect(3).prints(&format!(
        "[department_missing] The department \"Marketing\" ({marketing}) the transfer changed no longer exists."
    ));

    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let (sam, globex, acme) = (m.id("user:sam"), m.id("org:globex"), m.id("org:acme"));
    t.db.collection::<Document>("users")
        .update_one(doc! { "_id": sam }, doc! { "$set": { "organizationId": globex } })
        .await
        .unwrap();
    t.db.collection::<Document>("organizations").delete_one(doc! { "_id": acme }).await.unwrap();
    let out = s(&dir.path().join("r.json"));
    let run = t.cmd().run(&["scan", "rollback", &id, "--out", &out]);
    run.expect(3)
        .prints(&format!("[moved_again] sam.rep@acme.test is in organization \"Globex\" ({globex}) now"))
        .prints(&format!("[organization_missing] The source organization \"Acme Corp\" ({acme}) no longer exists."));
    // Globex's name unreadable: its id alone.
    t.db.collection::<Document>("organizations")
        .update_one(doc! { "_id": globex }, doc! { "$unset": { "name": "" } })
        .await
        .unwrap();
    t.cmd()
        .run(&["scan", "rollback", &id, "--out", &out])
        .expect(3)
        .prints(&format!("sam.rep@acme.test is in organization {globex} now"));
}

#[tokio::test]
async fn a_deleted_department_without_a_readable_name_is_re_created_by_its_id() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let support = m.id("dept:acme/support");
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": support }, doc! { "$set": { "name": 12 } })
        .await
        .unwrap();
    let from = support.to_hex();
    let plan = t.scan(&dir, "p.json", &["department", "--from", &from, "--to", "Archive", "--delete-source"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let out = s(&dir.path().join("r.json"));
    t.cmd()
        .run(&["scan", "rollback", &id, "--out", &out])
        .expect(0)
        .prints(&format!("department {support} is re-created"));
    t.cmd().run(&["execute", &out, "-y"]).expect(0);
    assert_eq!(t.find_one("departments", doc! { "_id": support }).await.unwrap().get_i32("name"), Ok(12));
}

#[tokio::test]
async fn an_orphaned_policy_is_named() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = s(&dir.path().join("d.json"));
    let args = ["scan", "department", "--user", "sam.rep@acme.test", "--to", "Marketing", "--out", &out];
    let policy = m.id("policy:sam-only");
    t.cmd().run(&args).expect(3).prints(&format!(
        "[policy_without_approver] approvalPolicies: the user is the only approver of 1 policy: \"Discounts over 20%\" ({policy}); removing them"
    ));
    t.db.collection::<Document>("approvalpolicies")
        .update_one(doc! { "_id": policy }, doc! { "$set": { "name": 3.5 } })
        .await
        .unwrap();
    t.cmd().run(&args).expect(3).prints(&format!("the only approver of 1 policy: {policy}; removing them"));
}

#[tokio::test]
async fn agent_remaps_are_named() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let name = async |key: &str| {
        let d = t.find_one("agents", doc! { "_id": m.id(key) }).await.unwrap();
        format!("\"{}\" ({})", d.get_str("name").unwrap(), m.id(key))
    };
    let (sam1, sam2, rita1, bob1) =
        (name("agent:sam/1").await, name("agent:sam/2").await, name("agent:rita/1").await, name("agent:bob/1").await);
    let remap = |a: &str, b: &str| format!("{}={}", m.id(a), m.id(b));
    let scan = |remap: &str| {
        let out = s(&dir.path().join("o.json"));
        let args: Vec<&str> = SAM_TO_INITECH.iter().copied().chain(["--agent-remap", remap, "--out", &out]).collect();
        t.cmd().run(&[&["scan"], &args[..]].concat())
    };
    scan(&remap("agent:sam/1", "agent:rita/1")).expect(0).prints(&format!("Agent remaps: {sam1} -> {rita1}\n"));
    scan(&remap("agent:sam/2", "agent:rita/1"))
        .expect(2)
        .says(&format!("--agent-remap: agent {sam2} is used by none of sam.rep@acme.test's automations."));
    scan(&remap("agent:sam/1", "agent:bob/1"))
        .expect(2)
        .says(&format!("--agent-remap: agent {bob1} is not owned by the re-assignee rita.rep@acme.test."));
    let out = s(&dir.path().join("o.json"));
    let pair = remap("agent:sam/1", "agent:rita/1");
    let args: Vec<&str> =
        SAM_TO_INITECH.iter().copied().chain(["--agent-remap", &pair, "--agent-remap", &pair, "--out", &out]).collect();
    t.cmd().run(&[&["scan"], &args[..]].concat()).expect(2).says(&format!("--agent-remap names agent {sam1} twice."));
    // An agent whose name is not a string: its id alone.
    t.db.collection::<Document>("agents")
        .update_one(doc! { "_id": m.id("agent:bob/1") }, doc! { "$set": { "name": ["x"] } })
        .await
        .unwrap();
    let bob = m.id("agent:bob/1");
    scan(&remap("agent:sam/1", "agent:bob/1"))
        .expect(2)
        .says(&format!("--agent-remap: agent {bob} is not owned by the re-assignee"));
}
