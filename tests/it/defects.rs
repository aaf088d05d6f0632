//! Defects found by reading the code and checking every README claim
//! against the binary (issue 10), each kept fixed by a test.

use std::io::{BufRead, BufReader};

use mongodb::bson::{Document, doc};

use crate::common::*;

const BIG_DOCS: u64 = 3_000;

const ORG: [&str; 9] = tether_transfer::generator::BIG_TO_INITECH;

/// `execute --json | head -1`: the reader goes away. The run stops between
/// batches as Ctrl-C does: record failed, locks released, exit 7, resumable.
#[tokio::test]
async fn a_reader_that_goes_away_stops_the_run_resumably() {
    let (t, _m) = TestDb::seeded_with(big(BIG_DOCS)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    let mut child = t.cmd().spawn(&["execute", &plan, "-y", "--json", "--batch-size", "20"]);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.contains("\"event\":\"started\""), "{first}");
    drop(out);
    let run = finish(child);
    assert_eq!(run.code, 7, "exit code; stderr: {}", run.stderr);
    let id = t.last_transfer().await;
    assert_eq!(t.status_of(&id).await, "failed");
    assert_eq!(t.count("tether_transfer_locks", doc! {}).await, 0, "locks released");
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    assert_eq!(t.status_of(&id).await, "completed");
    t.cmd().run(&["verify", &id]).expect(0);
}

/// Resume while the original run is alive: exit 5 at once naming it (it no
/// longer waits and re-runs a transfer that finished meanwhile).
#[tokio::test]
async fn resume_of_a_running_transfer_exits_5_at_once() {
    let (t, _m) = TestDb::seeded_with(big(BIG_DOCS)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    let child = t.cmd().spawn(&["execute", &plan, "-y", "--batch-size", "20"]);
    let id = eventually(20, || async {
        let d = t.db.collection::<Document>("tether_transfer_journal").find_one(doc! {}).await.unwrap()?;
        Some(d.get_object_id("_id").unwrap().to_hex())
    })
    .await;
    let started = std::time::Instant::now();
    let run = t.cmd().run(&["execute", "--resume", &id]);
    run.expect(5).says(&format!("locked by transfer {id}"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    finish(child).expect(0);
    let record = t.find_one("auditlogs", doc! { "transferId": &id }).await.unwrap();
    assert!(record.get_array("resumedAt").is_err(), "the record was not touched: {record}");
    // Once it completed, a resume says so.
    t.cmd().run(&["execute", "--resume", &id]).expect(2).says("has already completed");
}

/// A stale plan on a database where no transfer ran yet leaves no tool
/// collection behind.
#[tokio::test]
async fn a_refused_first_plan_creates_no_collection() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.db.collection::<Document>("contacts")
        .insert_one(doc! { "organizationId": m.id("org:acme"), "userId": m.id("user:sam") })
        .await
        .unwrap();
    let names = t.db.list_collection_names().await.unwrap();
    t.cmd().run(&["execute", &plan, "-y"]).expect(4);
    assert_eq!(names, t.db.list_collection_names().await.unwrap());
}

/// The driver's client is shut down before the runtime: no panic text after
/// a successful run (it showed about once in 200 runs).
#[tokio::test]
async fn no_panic_text_after_many_short_runs() {
    let (t, _m) = TestDb::seeded().await;
    let runs: Vec<_> = (0..24)
        .map(|_| t.cmd().spawn(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech", "--json"]))
        .collect();
    for child in runs {
        let run = finish(child);
        run.expect(0);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

/// Two lock sets in one process: each is fenced by its own keys (a
/// process-wide fence, set once, checked the first holder's keys for both).
#[tokio::test]
async fn each_lock_set_fences_its_own_keys() {
    use std::time::Duration;
    use tether_transfer::db::locks::{Holder, Locks};
    let t = TestDb::new().await;
    let opts = tether_transfer::db::ConnectOptions {
        uri: Some(&t.uri),
        db: Some(&t.name),
        timeout: Duration::from_secs(10),
        hooks: Default::default(),
        profile: None,
        cluster: false,
    };
    let db = tether_transfer::db::connect(opts, tether_transfer::registry::Registry::default()).await.unwrap();
    let lease = Duration::from_millis(600);
    let id = mongodb::bson::oid::ObjectId::new;
    let first = Locks::acquire(&db, vec!["user:a".into()], Holder::new(id(), "op"), lease, Duration::ZERO, false)
        .await
        .unwrap();
    first.release().await.unwrap();
    let second = Locks::acquire(&db, vec!["user:b".into()], Holder::new(id(), "op"), lease, Duration::ZERO, false)
        .await
        .unwrap();
    second.fence(&db).await.expect("the second set holds its lock");
    // Someone takes the second set's lock away: its fence says so.
    t.db.collection::<Document>("tether_transfer_locks").delete_many(doc! { "_id": "user:b" }).await.unwrap();
    // The fence checks the second set's own keys: it fails (at once, or when
    // the renewer notices) rather than trusting the first set's.
    eventually(10, || async { second.fence(&db).await.err() }).await;
}

/// A stop asked for once the transfer is done and recorded (Ctrl-C, a closed
/// reader) comes too late to matter: exit 0, not "failed part-way".
#[tokio::test]
async fn a_stop_after_the_end_is_not_a_failure() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "closed").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    interrupt_and_continue(pid);
    let run = finish(child);
    run.expect(0);
    let id = t.last_transfer().await;
    assert_eq!(t.status_of(&id).await, "completed");
}

/// An ADMIN is authorized as soon as the organization is known: another
/// organization's departments and members are never named to them.
#[tokio::test]
async fn an_admin_learns_nothing_of_another_organization() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let csv = dir.path().join("g.csv");
    std::fs::write(&csv, "user,targetDepartment\ngina.rep@globex.test,Sales\n").unwrap();
    let (csv, out) = (s(&csv), s(&dir.path().join("g.json")));
    for extra in [vec![], vec!["--delete-source", "Sales"]] {
        let mut args = vec!["scan", "department", "--assignments", &csv, "--out", &out];
        args.extend(extra);
        let run = t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&args);
        run.expect(6);
        for secret in ["dept:globex/sales", "user:gary"] {
            assert!(!run.all().contains(&m.id(secret).to_hex()), "{secret} named: {}", run.stderr);
        }
    }
    let run = t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&[
        "scan",
        "department",
        "--from",
        &m.id("dept:globex/sales").to_hex(),
        "--to",
        "Field",
        "--out",
        &out,
    ]);
    run.expect(6);
}
