//! Running on a live database: batches sized by time or fixed, and reads
//! and writes pinned to the primary whatever the connection string asks.

use crate::common::*;

/// The data after the usual organization transfer, run plainly; and a
/// folder for plans.
async fn sam_to_initech_reference() -> (Dump, tempfile::TempDir) {
    let (reference, _) = TestDb::seeded().await;
    let dir = reference.tmp();
    let plan = reference.scan(&dir, "p.json", &SAM_TO_INITECH);
    reference.cmd().run(&["execute", &plan, "-y"]).expect(0);
    (reference.dump().await, dir)
}

/// The `count` of every batch event of an execute's JSON Lines.
fn batch_counts(stdout: &str) -> Vec<u64> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["event"] == "batch")
        .map(|v| v["count"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn batches_are_sized_by_time_or_fixed_and_end_the_same() {
    let (reference, _) = TestDb::seeded().await;
    let dir = reference.tmp();
    let plan = reference.scan(&dir, "p.json", &SAM_TO_INITECH);
    reference.cmd().run(&["execute", &plan, "-y", "--batch-size", "7"]).expect(0);
    let want = reference.dump().await;

    // Fixed: no batch holds more than 7 documents.
    let (t, _) = TestDb::seeded().await;
    let plan = t.scan(&dir, "q.json", &SAM_TO_INITECH);
    let run = t.cmd().run(&["execute", &plan, "-y", "--json", "--batch-size", "7"]);
    run.expect(0);
    let counts = batch_counts(&run.stdout);
    assert!(counts.iter().all(|n| *n <= 7) && counts.len() > 10, "{counts:?}");
    assert_same_data(&want, &t.dump().await);

    // By time (the default, 100 ms): the first batch holds at most 1,000
    // documents, and the record keeps the size for a resumed run.
    let (t, _) = TestDb::seeded().await;
    let plan = t.scan(&dir, "r.json", &SAM_TO_INITECH);
    let run = t.cmd().run(&["execute", &plan, "-y", "--json", "--batch-time", "20"]);
    run.expect(0);
    assert!(batch_counts(&run.stdout).iter().all(|n| *n <= 10_000));
    let id = t.last_transfer().await;
    let record = t.find_one("auditlogs", mongodb::bson::doc! { "transferId": &id }).await.unwrap();
    let size = record.get_i64("batchSize").unwrap();
    assert!((100..=10_000).contains(&size), "{size}");
    assert_same_data(&want, &t.dump().await);

    // Watching the lag of a server without secondaries changes nothing.
    let (t2, _) = TestDb::seeded().await;
    let plan2 = t2.scan(&dir, "s.json", &SAM_TO_INITECH);
    t2.cmd().run(&["execute", &plan2, "-y", "--max-lag", "0.5"]).expect(0);
    assert_same_data(&want, &t2.dump().await);
    t2.cmd().run(&["execute", &plan2, "-y", "--max-lag", "-1"]).expect(2);

    // Out of range, or both at once: a usage error.
    t.cmd().run(&["execute", &plan, "-y", "--batch-time", "1"]).expect(2);
    t.cmd().run(&["execute", &plan, "-y", "--batch-time", "50", "--batch-size", "10"]).expect(2);
}

#[tokio::test]
async fn a_uri_asking_for_secondaries_still_reads_and_writes_the_primary() {
    let (want, dir) = sam_to_initech_reference().await;

    let (t, _) = TestDb::seeded().await;
    let sep = if t.uri.contains('?') { "&" } else { "?" };
    let uri = format!("{}{sep}readPreference=secondaryPreferred&readConcernLevel=local&w=1", t.uri);
    let plan = t.scan(&dir, "q.json", &SAM_TO_INITECH);
    t.cmd().env("MONGODB_URI", &uri).run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    t.cmd().env("MONGODB_URI", &uri).run(&["verify", &id]).expect(0);
    assert_same_data(&want, &t.dump().await);
}

/// The status record's `status` and `progress.processed`.
/// The record's status (`paused` when its pause field says so: the status
/// itself stays one of the seed's three), and its processed count.
async fn state(t: &TestDb, id: &str) -> (String, i64) {
    let r = t.find_one("auditlogs", mongodb::bson::doc! { "transferId": id }).await.unwrap();
    let status = r.get_str("status").unwrap().to_string();
    assert!(["in_progress", "completed", "failed"].contains(&status.as_str()), "the seed's enum: {r}");
    let status = if r.get_bool("paused").unwrap_or(false) { "paused".to_string() } else { status };
    (status, r.get_document("progress").unwrap().get_i64("processed").unwrap())
}

const BIG_DOCS: u64 = 600;

#[tokio::test]
async fn pause_and_continue_from_another_terminal_and_a_paused_run_killed_resumes_exactly() {
    let org = tether_transfer::generator::BIG_TO_INITECH;
    let (reference, _) = TestDb::seeded_with(big(BIG_DOCS)).await;
    let dir = reference.tmp();
    let plan = reference.scan(&dir, "p.json", &org);
    reference.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let want = reference.dump().await;

    for kill in [false, true] {
        let (t, _) = TestDb::seeded_with(big(BIG_DOCS)).await;
        let plan = t.scan(&dir, &format!("q{kill}.json"), &org);
        // Slowed down so that it is still running when the pause arrives.
        let child = t.cmd().spawn(&["execute", &plan, "-y", "--json", "--batch-size", "20", "--max-rate", "300"]);
        let id = eventually(20, || async {
            let j = t.find_one("tether_transfer_journal", mongodb::bson::doc! {}).await?;
            Some(j.get_object_id("_id").ok()?.to_hex())
        })
        .await;
        eventually(20, || async { (state(&t, &id).await.1 > 0).then_some(()) }).await;
        t.cmd().run(&["pause", &id]).expect(0).says("pausing");
        eventually(20, || async { (state(&t, &id).await.0 == "paused").then_some(()) }).await;
        let (_, held) = state(&t, &id).await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        assert_eq!(state(&t, &id).await, ("paused".to_string(), held), "nothing moves while paused");
        t.cmd().run(&["status", &id]).expect(0).prints("in_progress (paused)").prints("pausedAt");
        let json = t.cmd().run(&["status", &id, "--json"]).json();
        assert_eq!(json["status"], "in_progress", "the seed's enum has three values: {json}");
        assert_eq!(json["paused"], true);
        assert!(json["pausedAt"].is_string(), "{json}");
        if kill {
            unsafe {
                libc::kill(child.id() as i32, libc::SIGKILL);
            }
            finish(child);
            t.cmd().run(&["execute", "--resume", &id]).expect(0);
        } else {
            t.cmd().run(&["continue", &id, "--max-rate", "100000"]).expect(0).says("going on");
            let run = finish(child);
            run.expect(0);
            let events: Vec<String> = run
                .stdout
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["event"].as_str().map(String::from))
                .collect();
            for e in ["paused", "continued", "rate"] {
                assert!(events.iter().any(|x| x == e), "no {e} event: {events:?}");
            }
        }
        assert_eq!(state(&t, &id).await.0, "completed");
        assert_same_data(&want, &t.dump().await);
        // Over: nothing to pause.
        t.cmd().run(&["pause", &id]).expect(2).says("only a running transfer");
    }
    let (t, _) = TestDb::seeded().await;
    t.cmd().run(&["pause", &mongodb::bson::oid::ObjectId::new().to_hex()]).expect(2).says("No transfer");
    t.cmd().run(&["continue", "nope"]).expect(2);
}

#[tokio::test]
async fn kinds_with_nothing_to_move_are_left_out_unless_asked_and_a_zero_column_terminal_gets_80() {
    let (t, _) = TestDb::seeded_with(big(100)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &tether_transfer::generator::BIG_TO_INITECH);
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(0);
    let id = t.last_transfer().await;
    let v = t.cmd().run(&["status", &id, "--json"]).json();
    let empty: Vec<String> = v["progress"]["kinds"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, p)| p["total"] == 0 && p["processed"] == 0)
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!empty.is_empty(), "the dataset has kinds with nothing to move");
    let shown = t.cmd().run(&["status", &id]).stdout;
    let all = t.cmd().run(&["status", &id, "--all"]).stdout;
    for k in &empty {
        assert!(!shown.contains(&format!("│ {k} ")) && !run.stdout.contains(&format!("│ {k} ")), "{k}: {shown}");
        assert!(all.contains(&format!("│ {k} ")), "{k}: {all}");
    }
    assert!(shown.contains("with nothing to move not shown"), "{shown}");

    // A terminal that says it has 0 columns: tables 80 wide, not squashed.
    let text = on_a_terminal_of_zero_columns(&t, &["status", &id]);
    let widest = |text: &str| {
        let table = text.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']));
        table.map(|l| l.trim_end_matches('\r').chars().count()).max().unwrap_or(0)
    };
    // As wide as through a pipe (where nothing is wrapped), within 80.
    let piped = widest(&t.cmd().run(&["status", &id]).stdout);
    assert!(piped > 40 && piped <= 80, "{piped}");
    assert_eq!(widest(&text), piped, "{text}");
}

/// Runs the tool with its stdout and stderr on a pseudo-terminal that
/// reports 0 columns, and returns what it printed.
fn on_a_terminal_of_zero_columns(t: &TestDb, args: &[&str]) -> String {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
    assert_eq!(rc, 0, "openpty");
    let (out, err) = unsafe { (std::fs::File::from_raw_fd(libc::dup(slave)), std::fs::File::from_raw_fd(slave)) };
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .env("MONGODB_URI", &t.uri)
        .env("TETHER_DB", &t.name)
        .env("TETHER_OPERATOR", ROOT)
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap();
    let status = child.wait().unwrap();
    drop(child);
    let mut master = unsafe { std::fs::File::from_raw_fd(master) };
    let mut text = String::new();
    let mut buf = [0u8; 4096];
    // The slave's ends are closed: the master reads what is left, then EIO.
    while let Ok(n) = master.read(&mut buf) {
        if n == 0 {
            break;
        }
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(status.success(), "{text}");
    text
}

#[tokio::test]
async fn detach_answers_with_the_transfer_id_and_the_transfer_runs_on() {
    let (want, dir) = sam_to_initech_reference().await;

    let (t, _) = TestDb::seeded().await;
    let plan = t.scan(&dir, "q.json", &SAM_TO_INITECH);
    let log = s(&dir.path().join("run.log"));
    let run = t.cmd().run(&["execute", &plan, "-y", "--json", "--detach", "--log", &log]);
    run.expect(0);
    let answer = run.json();
    assert_eq!(answer["status"], "in_progress");
    let id = answer["transferId"].as_str().unwrap().to_string();
    assert_eq!(answer["log"], log.as_str());
    t.cmd().run(&["status", &id, "--wait"]).expect(0);
    assert_same_data(&want, &t.dump().await);
    assert!(std::fs::read_to_string(&log).unwrap().contains("completed"), "the log has the run's output");

    // A plan that cannot run: the background run's own error and exit code.
    let again = t.cmd().run(&["execute", &plan, "-y", "--detach", "--log", &log]);
    again.expect(4).says("single-use");

    // Without --log, the log goes next to the plan, never into the folder
    // the command ran from, and names the transfer.
    let (t, _) = TestDb::seeded().await;
    let plans = t.tmp();
    let plan = t.scan(&plans, "r.json", &SAM_TO_INITECH);
    let elsewhere = t.tmp();
    let out = t.cmd().command(&["execute", &plan, "-y", "--detach"]).current_dir(elsewhere.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let log = plans.path().join(format!("tether-transfer-{id}.log"));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&s(&log)), "the answer names the log");
    t.cmd().run(&["status", &id, "--wait"]).expect(0);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains(&id) && !text.contains("<id>"), "{text}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "nothing written where the command ran");
}
