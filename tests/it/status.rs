//! `status`: the stored record's shape, what an ADMIN's list holds and says,
//! `--wait` on a run that died, and the bounds of its flags and execute's.

use std::time::{Duration, Instant};

use mongodb::bson::{Bson, DateTime, Document, doc, oid::ObjectId};

use crate::common::*;

const ALICE: &str = "alice.admin@acme.test";

/// Each field of a stored record and its BSON type, in order.
fn shape(d: &Document) -> Vec<(String, String)> {
    d.iter().map(|(k, v)| (k.clone(), format!("{:?}", v.element_type()))).collect()
}

fn nested(d: &Document, path: &[&str]) -> Vec<(String, String)> {
    let mut d = d;
    for p in path {
        d = d.get_document(p).unwrap_or_else(|_| panic!("{p} is a document"));
    }
    shape(d)
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect()
}

/// The record's fields, names and BSON types exactly as every version of the
/// tool wrote them, so that records already in a database still read.
#[tokio::test]
async fn the_status_record_keeps_its_stored_shape() {
    let (t, _m) = TestDb::seeded_with(big(400)).await;
    let dir = t.tmp();
    let org = t.scan(&dir, "org.json", &tether_transfer::generator::BIG_TO_INITECH);
    // Killed part-way, resumed, completed: every field an update writes is there.
    t.cmd().env("TETHER_TRANSFER_CRASH_AT", "batch-committed#2").run(&["execute", &org, "-y", "--batch-size", "50"]);
    let id = t.last_transfer().await;
    let before_resume = t.find_one("auditlogs", doc! { "transferId": &id }).await.unwrap();
    assert_eq!(before_resume.get_str("status"), Ok("in_progress"));
    assert!(!before_resume.contains_key("resumedAt"));
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    let record = t.find_one("auditlogs", doc! { "transferId": &id }).await.unwrap();
    let common = [
        ("_id", "ObjectId"),
        ("transferId", "String"),
        ("action", "String"),
        ("planKind", "String"),
        ("status", "String"),
        ("startedAt", "DateTime"),
        ("completedAt", "DateTime"),
        ("error", "Null"),
        ("payload", "EmbeddedDocument"),
        ("scanVersion", "String"),
        ("organizationId", "ObjectId"),
        ("users", "Array"),
        ("operator", "EmbeddedDocument"),
        ("scannedBy", "EmbeddedDocument"),
        ("host", "String"),
        ("tool", "String"),
        ("progress", "EmbeddedDocument"),
        ("swept", "EmbeddedDocument"),
        ("updatedAt", "DateTime"),
        ("operatorIdentity", "EmbeddedDocument"),
    ];
    let mut want = pairs(&common);
    want.push(("batchSize".into(), "Int64".into()));
    want.push(("resumedAt".into(), "Array".into()));
    // Who resumed it, and when (a field of its own, last).
    want.push(("resumes".into(), "Array".into()));
    assert_eq!(shape(&record), want);
    assert_eq!(record.get_str("action"), Ok("org_transfer_execute"));
    assert_eq!(record.get_str("planKind"), Ok("org"));
    assert_eq!(record.get_str("status"), Ok("completed"));
    assert_eq!(record.get_str("transferId"), Ok(id.as_str()));
    assert!(record.get_array("resumedAt").unwrap().iter().all(|b| matches!(b, Bson::DateTime(_))));
    assert!(record.get_array("users").unwrap().iter().all(|b| matches!(b, Bson::String(_))));
    for who in ["operator", "scannedBy"] {
        assert_eq!(nested(&record, &[who]), pairs(&[("id", "ObjectId"), ("email", "String")]), "{who}");
    }
    assert_eq!(
        nested(&record, &["progress"]),
        pairs(&[("processed", "Int64"), ("total", "Int64"), ("kinds", "EmbeddedDocument")])
    );
    let kinds = record.get_document("progress").unwrap().get_document("kinds").unwrap();
    // In the plan's order, each {processed, total} in 64-bit integers.
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&org).unwrap()).unwrap();
    let planned: Vec<&str> =
        plan["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.keys().map(String::as_str).collect::<Vec<_>>(), planned);
    for (k, v) in kinds {
        assert_eq!(shape(v.as_document().unwrap()), pairs(&[("processed", "Int64"), ("total", "Int64")]), "{k}");
    }
    assert!(record.get_document("swept").unwrap().values().all(|v| matches!(v, Bson::Int64(_))));

    // A department transfer, failed (interrupted) and never resumed.
    let dept = t.scan(&dir, "d.json", &["department", "--user", "dana.head@acme.test", "--to", "Marketing"]);
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#1").spawn(&[
        "execute",
        &dept,
        "-y",
        "--batch-size",
        "1",
    ]);
    let pid = child.id() as i32;
    stopped(pid).await;
    interrupt_and_continue(pid);
    finish(child).expect(7);
    let failed =
        t.db.collection::<Document>("auditlogs")
            .find_one(doc! { "action": "department_transfer_execute" })
            .await
            .unwrap()
            .unwrap();
    let mut want = pairs(&common);
    want[6].1 = "Null".into(); // completedAt
    want[7].1 = "String".into(); // error
    want.push(("batchSize".into(), "Int64".into()));
    assert_eq!(shape(&failed), want);
    assert_eq!(failed.get_str("status"), Ok("failed"));
    assert_eq!(failed.get_str("planKind"), Ok("department"));

    // status reads both, and says the same in JSON as in the database.
    let fid = failed.get_object_id("_id").unwrap().to_hex();
    let v = t.cmd().run(&["status", &fid, "--json"]).expect(0).json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "transferId",
            "status",
            "action",
            "startedAt",
            "completedAt",
            "error",
            "payload",
            "progress",
            "scanVersion",
            "operator",
            "operatorIdentity",
            "users",
            "swept",
            "paused",
            "approvals"
        ]
    );
    assert_eq!(v["status"], "failed");
    assert_eq!(v["action"], "department_transfer_execute");
    assert_eq!(v["completedAt"], serde_json::Value::Null);
    assert!(v["error"].as_str().unwrap().contains("Interrupted"));
    let list = t.cmd().run(&["status", "--json"]).expect(0).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["transferId"], fid.as_str());
    assert_eq!(list[1]["transferId"], id.as_str());
    assert_eq!(list[1]["status"], "completed");
}

/// Copies of a status record as organization transfers, each started later
/// than the last: records an ADMIN may not see, newer than theirs.
async fn newer_org_records(t: &TestDb, of: &Document, n: i64) {
    let started = of.get_datetime("startedAt").unwrap().timestamp_millis();
    for i in 1..=n {
        let mut d = of.clone();
        let id = ObjectId::new();
        d.insert("_id", id);
        d.insert("transferId", id.to_hex());
        d.insert("action", "org_transfer_execute");
        d.insert("planKind", "org");
        d.insert("startedAt", DateTime::from_millis(started + i * 1000));
        t.db.collection::<Document>("auditlogs").insert_one(d).await.unwrap();
    }
}

#[tokio::test]
async fn an_admin_sees_their_latest_department_transfers_behind_many_newer_org_ones() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "d.json", &["department", "--user", "dana.head@acme.test", "--to", "Marketing"]);
    t.cmd().env("TETHER_OPERATOR", ALICE).run(&["execute", &plan, "-y"]).expect(0);
    let mine = t.db.collection::<Document>("auditlogs").find_one(doc! {}).await.unwrap().unwrap();
    let mine_id = mine.get_object_id("_id").unwrap().to_hex();
    newer_org_records(&t, &mine, 10).await;

    let as_alice = || t.cmd().env("TETHER_OPERATOR", ALICE);
    for limit in ["1", "2", "20"] {
        let list = as_alice().run(&["status", "--json", "--limit", limit]).expect(0).json();
        let ids: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["transferId"].as_str().unwrap()).collect();
        assert_eq!(ids, [mine_id.as_str()], "--limit {limit}");
    }
    let table = as_alice().run(&["status", "--limit", "1"]).expect(0).stdout.clone();
    assert!(table.contains(&mine_id), "{table}");
    // A superadmin sees everything, newest first, up to the limit.
    let list = t.cmd().run(&["status", "--json", "--limit", "3"]).expect(0).json();
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert!(list.as_array().unwrap().iter().all(|v| v["action"] == "org_transfer_execute"));
    assert_eq!(t.cmd().run(&["status", "--json", "--limit", "1000"]).expect(0).json().as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn an_admin_with_no_transfers_of_their_own_is_told_what_the_list_is_limited_to() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let as_alice = || t.cmd().env("TETHER_OPERATOR", ALICE);
    as_alice()
        .run(&["status"])
        .expect(0)
        .says("No department transfers of Acme Corp yet (organization transfers are shown to superadmins only).");
    assert_eq!(as_alice().run(&["status", "--json"]).expect(0).json(), serde_json::json!([]));
    // A superadmin's empty list is simply empty.
    let (empty, _m) = TestDb::seeded().await;
    let run = empty.cmd().run(&["status"]);
    run.expect(0).says("No transfers yet.");
    assert!(run.stdout.is_empty());
}

/// Waits at most `secs` for a spawned run; kills it and fails if it is still running.
fn within(child: std::process::Child, secs: u64, what: &str) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = child;
    loop {
        if child.try_wait().unwrap().is_some() {
            return (finish(child), started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let run = finish(child);
            panic!("{what}: still running after {secs}s\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn status_wait_on_a_killed_run_exits_7_at_once_and_waits_for_a_live_one() {
    let (t, _m) = TestDb::seeded_with(big(1000)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &tether_transfer::generator::BIG_TO_INITECH);
    // Stuck between batches (SIGSTOP): alive on this machine, holding its
    // 60 s lease. --wait keeps waiting, and ends with it.
    let run = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#3").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "50",
    ]);
    let pid = run.id() as i32;
    stopped(pid).await;
    let id = t.last_transfer().await;
    let waiting = t.cmd().spawn(&["status", &id, "--wait"]);
    std::thread::sleep(Duration::from_secs(4));
    let mut waiting = waiting;
    assert!(waiting.try_wait().unwrap().is_none(), "status --wait gave up on a live (stopped) run");
    unsafe {
        libc::kill(pid, libc::SIGCONT);
    }
    let (w, _) = within(waiting, 60, "status --wait on a live run");
    w.expect(0);
    finish(run).expect(0);

    // Killed outright: its locks stay until their lease runs out, but their
    // holder was on this machine and is gone.
    let (t, _m) = TestDb::seeded_with(big(1000)).await;
    let plan = t.scan(&dir, "p2.json", &tether_transfer::generator::BIG_TO_INITECH);
    let run = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#3").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "50",
    ]);
    let pid = run.id() as i32;
    stopped(pid).await;
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    assert_eq!(finish(run).code, -1);
    let id = t.last_transfer().await;
    assert!(t.count("tether_transfer_locks", doc! { "transferId": ObjectId::parse_str(&id).unwrap() }).await > 0);
    let (w, took) = within(t.cmd().spawn(&["status", &id, "--wait"]), 20, "status --wait on a killed run");
    w.expect(7).says("no process is working on it").says(&format!("execute --resume {id}"));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // Resume agrees: it takes the locks over at once and finishes.
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    t.cmd().run(&["status", &id, "--wait"]).expect(0);
}

#[test]
fn bad_limits_leases_and_waits_are_usage_errors() {
    let cases: [&[&str]; 11] = [
        &["status", "--limit", "0"],
        &["status", "--limit", "-3"],
        &["status", "--limit", "1001"],
        &["execute", "p.json", "--lock-lease", "0.1"],
        &["execute", "p.json", "--lock-lease", "3601"],
        &["execute", "p.json", "--lock-lease", "nan"],
        &["execute", "p.json", "--lock-lease", "inf"],
        &["execute", "p.json", "--lock-wait", "-1"],
        &["execute", "p.json", "--lock-wait", "3601"],
        &["execute", "--resume", "0123456789abcdef01234567", "--lock-wait", "soon"],
        &["execute", "p.json", "--batch-size", "0"],
    ];
    for args in cases {
        let run = Cmd::new().run(args);
        run.expect(2).says("invalid value");
        assert!(run.stderr.contains("--help"), "{args:?}: {}", run.stderr);
    }
    Cmd::new()
        .env("TETHER_LOCK_LEASE_SECS", "0.2")
        .run(&["execute", "p.json"])
        .expect(2)
        .says("invalid value")
        .says("--lock-lease");
    // The bounds themselves are fine (and fail later, for want of a database).
    for args in [
        &["status", "--limit", "1000"][..],
        &["status", "--limit", "1"],
        &["execute", "p.json", "--lock-lease", "0.5", "--lock-wait", "0"],
        &["execute", "p.json", "--lock-lease", "3600", "--lock-wait", "3600"],
    ] {
        let run = Cmd::new().run(args);
        assert!(!run.stderr.contains("invalid value"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn execute_documents_its_batch_size_and_lock_flags() {
    let help = Cmd::new().run(&["execute", "--help"]);
    help.expect(0);
    let man =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/tether-transfer-execute.1"))
            .unwrap();
    for flag in ["--batch-size", "--lock-lease", "--lock-wait"] {
        assert!(help.stdout.contains(flag), "execute --help does not show {flag}:\n{}", help.stdout);
        assert!(man.contains(&flag.replace('-', "\\-")), "the man page does not show {flag}");
    }
    assert!(help.stdout.contains("TETHER_LOCK_LEASE_SECS"), "{}", help.stdout);
}

/// `--until-done`: a wait started on a failed or interrupted transfer goes
/// on until someone resumes it and it completes; without it, it ends at
/// once (exit 7).
#[tokio::test]
async fn a_wait_until_done_outlasts_a_failure_and_ends_with_the_resume() {
    let (t, _) = TestDb::seeded_with(big(300)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &tether_transfer::generator::BIG_TO_INITECH);
    // Stopped after a batch, then interrupted: the record says failed.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "50",
    ]);
    let pid = child.id() as i32;
    stopped(pid).await;
    interrupt_and_continue(pid);
    finish(child).expect(7);
    let id = t.last_transfer().await;
    assert_eq!(t.status_of(&id).await, "failed");
    t.cmd().run(&["status", &id, "--wait"]).expect(7);
    t.cmd().run(&["status", &id, "--until-done"]).expect(2).says("--until-done goes with --watch or --wait");
    let waiting = t.cmd().spawn(&["status", &id, "--wait", "--until-done"]);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(std::fs::metadata(format!("/proc/{}", waiting.id())).is_ok(), "still waiting for a resume");
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    finish(waiting).expect(0).says(&format!("waiting for someone to resume it: tether-transfer execute --resume {id}"));
}

/// A record edited by hand that cannot be read is said, and left out of the
/// list: it does not hide the others; asked for alone, it is the error.
#[tokio::test]
async fn an_unreadable_record_is_said_and_left_out_of_the_list() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let dept = t.scan(&dir, "d.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &dept, "-y"]).expect(0);
    let first = t.last_transfer().await;
    let org = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &org, "-y"]).expect(0);
    let second = t.last_transfer().await;
    t.db.collection::<Document>("auditlogs")
        .update_one(doc! { "transferId": &first }, doc! { "$set": { "progress.processed": "many" } })
        .await
        .unwrap();
    let run = t.cmd().run(&["status"]);
    run.expect(0).prints(&second).says(&format!("The status record ObjectId(\"{first}\") in auditlogs cannot be read"));
    assert!(!run.stdout.contains(&first), "{}", run.stdout);
    t.cmd().run(&["status", &first]).expect(1).says("cannot be read");
}
