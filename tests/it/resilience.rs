//! Crashes, locks, injected faults and live status: execute never loses or
//! half-applies anything, and resume ends where an uninterrupted run ends.

use mongodb::bson::{Document, doc};
use tether_transfer::generator::Options;

use crate::common::*;

const BIG: u64 = 3000;

fn opts() -> Options {
    Options { big_user_docs: BIG, ..Default::default() }
}

/// big.owner (3,000+ documents) to Initech, bob inherits.
const ORG: [&str; 9] = tether_transfer::generator::BIG_TO_INITECH;

async fn reference() -> Dump {
    let (t, _) = TestDb::seeded_with(opts()).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "ref.json", &ORG);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    t.dump().await
}

/// No conversation is owned by one of big/bob and assigned by the other's old role.
async fn assert_no_half_moved(t: &TestDb, m: &tether_transfer::generator::Manifest) {
    let (big, bob) = (m.id("user:big"), m.id("user:bob"));
    assert_eq!(
        t.count("conversations", doc! { "userId": big, "assigneeId": bob }).await,
        0,
        "owner moved without its assignment"
    );
    assert_eq!(
        t.count("conversations", doc! { "userId": bob, "assigneeId": big }).await,
        0,
        "assignment moved without its owner"
    );
}

#[tokio::test]
async fn killed_anywhere_then_resumed_equals_the_uninterrupted_run() {
    let want = reference().await;
    // In order: before anything is recorded, inside the freeze, after it,
    // mid-batch (ops done, commit not), between batches, between phases,
    // during the sweep, during the users' own update, after it, while closing.
    let points = [
        "start",
        "freeze",
        "frozen",
        "batch#3",
        "batch#25",
        "batch-committed#12",
        "moved",
        "sweeping#4",
        "subjects",
        "subjects-committed",
        "finish",
    ];
    for point in points {
        let (t, m) = TestDb::seeded_with(opts()).await;
        let dir = t.tmp();
        let plan = t.scan(&dir, "p.json", &ORG);
        let run = t.cmd().env("TETHER_TRANSFER_CRASH_AT", point).run(&["execute", &plan, "-y", "--batch-size", "100"]);
        assert_eq!(run.code, -1, "{point}: the process should have been killed\n{}", run.stderr);
        assert_no_half_moved(&t, &m).await;
        let started = t.count("tether_transfer_journal", doc! {}).await > 0;
        if started {
            let id = t.last_transfer().await;
            assert_eq!(t.status_of(&id).await, "in_progress", "{point}");
            // A plan is single-use even when its run died: it points at resume.
            t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("--resume");
            t.cmd().run(&["execute", "--resume", &id]).expect(0);
            assert_eq!(t.status_of(&id).await, "completed", "{point}");
            t.cmd().run(&["execute", "--resume", &id]).expect(2).says("already completed");
        } else {
            // Killed before the journal was committed: nothing happened.
            assert_eq!(t.count("auditlogs", doc! {}).await, 0);
            t.cmd().run(&["execute", &plan, "-y"]).expect(0);
        }
        assert_same_data(&want, &t.dump().await);
    }
}

#[tokio::test]
async fn a_dead_holder_blocks_until_resumed_and_a_stuck_one_until_its_lease_expires() {
    let want = reference().await;
    let (t, m) = TestDb::seeded_with(opts()).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    let other = t.scan(&dir, "other.json", &["department", "--user", "big.owner@acme.test", "--to", "Marketing"]);

    // A holder stuck (SIGSTOP) between batches: alive, no longer renewing its 2 s lease.
    let holder = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#5").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "50",
        "--lock-lease",
        "2",
    ]);
    let pid = holder.id() as i32;
    stopped(pid).await;
    let id = t.last_transfer().await;
    // Another plan on the same user: locked (exit 5), naming the holder.
    t.cmd().run(&["execute", &other, "-y", "--lock-wait", "0"]).expect(5).says(&format!("locked by transfer {id}"));
    // Resume waits for the stuck holder's lease to run out (by the database's clock), then proceeds.
    let started = std::time::Instant::now();
    t.cmd().run(&["execute", "--resume", &id, "--lock-lease", "2"]).expect(0);
    assert!(started.elapsed() >= std::time::Duration::from_millis(500), "took over before the lease expired");
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    finish(holder);
    assert_same_data(&want, &t.dump().await);

    // A holder killed outright: its transfer is unfinished, so other plans on
    // the same user are refused until it is resumed.
    let (t, _m) = TestDb::seeded_with(opts()).await;
    let plan = t.scan(&dir, "p2.json", &ORG);
    let other = t.scan(&dir, "o2.json", &["department", "--user", "big.owner@acme.test", "--to", "Marketing"]);
    t.cmd().env("TETHER_TRANSFER_CRASH_AT", "batch-committed#3").run(&["execute", &plan, "-y", "--batch-size", "50"]);
    let id = t.last_transfer().await;
    t.cmd().run(&["execute", &other, "-y"]).expect(5).says(&format!("tether-transfer execute --resume {id}"));
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    assert_same_data(&want, &t.dump().await);
    let _ = m;
}

/// A URI that tags this test's connections, so a fail point hits only them.
fn tagged(t: &TestDb, tag: &str) -> String {
    let sep = if t.uri.contains('?') {
        "&"
    } else if t.uri.ends_with('/') {
        "?"
    } else {
        "/?"
    };
    format!("{}{sep}appName={tag}", t.uri)
}

async fn fail_point(t: &TestDb, mode: mongodb::bson::Bson, data: Document) -> bool {
    let r =
        t.db.client()
            .database("admin")
            .run_command(doc! { "configureFailPoint": "failCommand", "mode": mode, "data": data })
            .await;
    match r {
        Ok(_) => true,
        Err(e) if std::env::var_os("TEST_MONGODB_URI").is_some() => {
            eprintln!(
                "skipped: the server at TEST_MONGODB_URI refuses configureFailPoint ({e}); start it with enableTestCommands=1"
            );
            false
        }
        Err(e) => panic!("configureFailPoint failed: {e}"),
    }
}

#[tokio::test]
async fn injected_faults_are_retried_or_fail_resumably() {
    let _turn = FAIL_POINT.lock().await;
    let want = reference().await;
    let cases: Vec<(&str, mongodb::bson::Bson, Document, bool)> = vec![
        (
            "write conflict",
            doc! { "times": 3 }.into(),
            doc! { "failCommands": ["update"], "errorCode": 112, "errorLabels": ["TransientTransactionError"] },
            true,
        ),
        (
            "closed connection",
            doc! { "times": 2 }.into(),
            doc! { "failCommands": ["update"], "closeConnection": true },
            true,
        ),
        (
            "unknown commit result",
            doc! { "times": 2 }.into(),
            doc! { "failCommands": ["commitTransaction"], "errorCode": 50, "errorLabels": ["UnknownTransactionCommitResult"] },
            true,
        ),
        (
            "a server error",
            doc! { "times": 1 }.into(),
            doc! { "failCommands": ["update"], "errorCode": 2, "errmsg": "injected" },
            false,
        ),
        (
            "a write conflict that persists",
            doc! { "times": 8 }.into(),
            doc! { "failCommands": ["update"], "errorCode": 112, "errorLabels": ["TransientTransactionError"] },
            false,
        ),
    ];
    for (i, (name, mode, mut data, completes)) in cases.into_iter().enumerate() {
        let (t, _m) = TestDb::seeded_with(opts()).await;
        let dir = t.tmp();
        let plan = t.scan(&dir, "p.json", &ORG);
        let tag = format!("tt-fault-{}-{i}", std::process::id());
        data.insert("appName", &tag);
        if !fail_point(&t, mode, data).await {
            return;
        }
        let run = t.cmd().env("MONGODB_URI", &tagged(&t, &tag)).run(&["execute", &plan, "-y"]);
        fail_point(&t, "off".into(), doc! {}).await;
        let id = t.last_transfer().await;
        if completes {
            run.expect(0);
        } else {
            run.expect(7).says("failed part-way").says(&format!("execute --resume {id}"));
            let record = t.find_one("auditlogs", doc! { "transferId": &id }).await.unwrap();
            assert_eq!(record.get_str("status"), Ok("failed"), "{name}");
            let error = record.get_str("error").unwrap();
            assert!(!error.is_empty(), "{name}");
            // A sentence an operator can act on, never the driver's raw reply.
            for raw in ["RawDocumentBuf", "labels:", "server response"] {
                assert!(!error.contains(raw) && !run.stderr.contains(raw), "{name}: {error}\n{}", run.stderr);
            }
            assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{name}: {}", run.stderr);
            if name == "a server error" {
                assert!(error.contains("the server answered error 2 (BadValue): "), "{error}");
            }
            t.cmd().run(&["status", &id, "--wait"]).expect(7).says("failed");
            t.cmd().run(&["execute", "--resume", &id]).expect(0);
        }
        assert_eq!(t.status_of(&id).await, "completed", "{name}");
        assert_same_data(&want, &t.dump().await);
    }
}

#[tokio::test]
async fn status_in_another_process_sees_progress_move() {
    let (t, _m) = TestDb::seeded_with(opts()).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    let child = t.cmd().spawn(&["execute", &plan, "-y", "--batch-size", "25"]);
    let id = eventually(20, || async {
        t.db.collection::<Document>("tether_transfer_journal")
            .find_one(doc! {})
            .await
            .unwrap()
            .map(|d| d.get_object_id("_id").unwrap().to_hex())
    })
    .await;
    let processed = |r: &Run| r.json()["progress"]["processed"].as_u64().unwrap();
    let mut seen = Vec::new();
    for _ in 0..200 {
        let r = t.cmd().run(&["status", &id, "--json"]);
        r.expect(0);
        let v = r.json();
        if v["status"] != "in_progress" {
            break;
        }
        seen.push(processed(&r));
        if seen.len() >= 3 && seen.windows(2).filter(|w| w[1] > w[0]).count() >= 2 {
            break;
        }
    }
    assert!(seen.windows(2).filter(|w| w[1] > w[0]).count() >= 2, "progress did not move: {seen:?}");
    t.cmd().run(&["status", &id, "--wait"]).expect(0);
    finish(child).expect(0);
    let v = t.cmd().run(&["status", &id, "--json"]).json();
    assert_eq!(v["status"], "completed");
    assert_eq!(v["progress"]["processed"], v["progress"]["total"]);
    let list = t.cmd().run(&["status", "--json"]).json();
    assert_eq!(list[0]["transferId"], id.as_str());
}

#[tokio::test]
async fn status_and_resume_refuse_unknown_ids() {
    let (t, _m) = TestDb::seeded().await;
    t.cmd().run(&["status", "0123456789abcdef01234567"]).expect(2).says("No transfer has the id");
    t.cmd().run(&["status", "nope"]).expect(2).says("not a transfer id");
    t.cmd().run(&["execute", "--resume", "0123456789abcdef01234567"]).expect(2).says("No transfer has the id");
    t.cmd().run(&["status"]).expect(0);
    t.cmd().env("TETHER_OPERATOR", "sam.rep@acme.test").run(&["status"]).expect(6);
}

#[tokio::test]
async fn ctrl_c_stops_between_batches_and_the_transfer_resumes() {
    let want = reference().await;
    let (t, m) = TestDb::seeded_with(opts()).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    // Paused right after a batch, interrupted, then let go: it must stop cleanly.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#3").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "100",
    ]);
    let pid = child.id() as i32;
    stopped(pid).await;
    interrupt_and_continue(pid);
    let run = finish(child);
    run.expect(7).says("Interrupted by the operator").says("--resume");
    let id = t.last_transfer().await;
    assert_eq!(t.status_of(&id).await, "failed");
    assert_no_half_moved(&t, &m).await;
    // Frozen while unfinished, restored by the resume.
    let big = t.find_one("users", doc! { "email": "big.owner@acme.test" }).await.unwrap();
    assert_eq!(big.get_bool("isActive"), Ok(false), "the moving user stays frozen until the transfer ends");
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    assert_same_data(&want, &t.dump().await);
}

#[tokio::test]
async fn no_freeze_leaves_the_user_active_and_ends_the_same() {
    let want = reference().await;
    let (t, _m) = TestDb::seeded_with(opts()).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &ORG);
    let child =
        t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#2").spawn(&["execute", &plan, "-y", "--no-freeze"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    let big = t.find_one("users", doc! { "email": "big.owner@acme.test" }).await.unwrap();
    assert_eq!(big.get_bool("isActive"), Ok(true), "--no-freeze keeps the user active mid-transfer");
    unsafe {
        libc::kill(pid, libc::SIGCONT);
    }
    finish(child).expect(0).says("--no-freeze: the moving users stay active");
    assert_same_data(&want, &t.dump().await);
}
