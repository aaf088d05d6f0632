//! Sharded clusters without a cluster: a resource file declaring shard keys
//! makes the tool write every change of a shard-key value one document at a
//! time, as it must on a `mongos`. On the local server that path must end
//! byte for byte where the normal path ends, survive kills, roll back, and
//! pass `verify`.

use crate::common::*;

/// Every collection the transfers write, sharded by organization (and by
/// department where the kind has one): organization transfers change the
/// first, department transfers the second. (The fault campaign of
/// docs/crash-safety.md, "Proof: the fault campaign", runs with it too.)
const SHARDED: &str = include_str!("../sharded-resources.json");

/// The kinds an organization transfer moves (organization := target): the
/// ones whose writes change the organization shard key.
const MOVED_KINDS: [&str; 6] = [
    "acquiredItems",
    "emailAccounts",
    "calendarConnections",
    "calendarToolConfigurations",
    "googleSheetsTokens",
    "voicePhoneNumbers",
];

fn resources(dir: &tempfile::TempDir) -> String {
    let path = s(&dir.path().join("sharded.json"));
    std::fs::write(&path, SHARDED).unwrap();
    path
}

/// `scan <args> --out <out>` under the resource file `file`.
fn scan_with(t: &TestDb, file: &str, args: &[&str], out: &str) -> Run {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend(["--out", out]);
    t.cmd().env("TETHER_RESOURCES", file).run(&all)
}

fn plan_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The kinds the plan says are written one document at a time.
fn per_document_kinds(plan: &serde_json::Value) -> Vec<String> {
    plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "shard_key_change")
        .map(|w| w["message"].as_str().unwrap().split(':').next().unwrap().to_string())
        .collect()
}

/// A column of a line of the run's profile (`profile: <stage> total calls
/// mean`): 0 for a stage that did not occur (the profile itself must be there).
fn profiled(run: &Run, stage: &str, column: usize) -> u64 {
    assert!(run.stderr.contains("profile: wall"), "the run printed its profile:\n{}", run.stderr);
    run.stderr
        .lines()
        .find(|l| l.strip_prefix("profile: ").is_some_and(|r| r.starts_with(stage)))
        .and_then(|l| l.split_whitespace().nth(column))
        .map_or(0, |n| n.parse().unwrap())
}

/// How many single-document statements the run's profile counted.
fn statements(run: &Run) -> u64 {
    profiled(run, "per-document statements", 4)
}

/// The planned count of each kind.
fn count_of(plan: &serde_json::Value, kind: &str) -> u64 {
    plan["resources"].as_array().unwrap().iter().find(|r| r["kind"] == kind).map_or(0, |r| r["count"].as_u64().unwrap())
}

#[tokio::test]
async fn the_per_document_path_ends_byte_for_byte_where_the_range_path_ends() {
    let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        ("organization transfer", SAM_TO_INITECH.to_vec(), [MOVED_KINDS.to_vec(), vec!["users"]].concat()),
        (
            // Without a re-assignee, what rita owns follows her: its department changes.
            "one-user department transfer",
            vec!["department", "--user", "rita.rep@acme.test", "--to", "Marketing"],
            vec!["contacts", "conversations", "automations", "promptCount"],
        ),
        (
            "bulk department transfer",
            vec!["department", "--from", "Support", "--to", "Archive", "--delete-source"],
            vec!["contacts", "conversations", "automations", "promptCount", "approvalPolicies"],
        ),
    ];
    for (name, args, expected) in cases {
        // The normal path, on its own copy of the data.
        let (plain, _) = TestDb::seeded().await;
        let dir = plain.tmp();
        let p = plain.scan(&dir, "p.json", &args);
        assert!(per_document_kinds(&plan_json(&p)).is_empty(), "{name}: nothing declared, nothing per document");
        let run = plain.cmd().env("TETHER_TRANSFER_PROFILE", "1").run(&["execute", &p, "-y", "--batch-size", "4"]);
        run.expect(0);
        assert_eq!(statements(&run), 0, "{name}: the normal path wrote ranges");
        let want = plain.dump().await;

        // The same transfer with every collection declared sharded.
        let (t, _) = TestDb::seeded().await;
        let file = resources(&dir);
        let q = s(&dir.path().join("q.json"));
        let scan = scan_with(&t, &file, &args, &q);
        scan.expect(0);
        assert!(scan.stdout.contains("warning [shard_key_change] "), "{name}: the scan says so: {}", scan.stdout);
        let plan = plan_json(&q);
        let mut kinds = per_document_kinds(&plan);
        kinds.sort();
        let mut expected: Vec<String> = expected.iter().map(|k| k.to_string()).collect();
        expected.sort();
        assert_eq!(kinds, expected, "{name}: the kinds the scan says change shard-key values");
        // The dry run says it too.
        let dry = t.cmd().env("TETHER_RESOURCES", &file).run(&["execute", &q, "--dry-run"]);
        assert!(dry.expect(0).stdout.contains("warning [shard_key_change] "), "{name}: so does the dry run");
        let run = t.cmd().env("TETHER_RESOURCES", &file).env("TETHER_TRANSFER_PROFILE", "1").run(&[
            "execute",
            &q,
            "-y",
            "--batch-size",
            "4",
        ]);
        run.expect(0);
        let documents: u64 = expected.iter().filter(|k| k.as_str() != "users").map(|k| count_of(&plan, k)).sum::<u64>()
            + u64::from(expected.iter().any(|k| k == "users"));
        assert!(documents > 0, "{name}: the transfer changes shard-key values");
        assert_eq!(statements(&run), documents, "{name}: one statement per document whose shard key changes");
        assert_same_data(&want, &t.dump().await);
        let id = t.last_transfer().await;
        t.cmd().env("TETHER_RESOURCES", &file).run(&["verify", &id]).expect(0);
    }
}

#[tokio::test]
async fn a_per_document_transfer_killed_anywhere_resumes_to_the_same_end() {
    let (plain, _) = TestDb::seeded().await;
    let dir = plain.tmp();
    let p = plain.scan(&dir, "p.json", &SAM_TO_INITECH);
    plain.cmd().run(&["execute", &p, "-y"]).expect(0);
    let want = plain.dump().await;
    let file = resources(&dir);
    // "per-document-chunk": inside a batch's transaction, between its
    // per-document statements and its bookkeeping (only reached on that path).
    for point in [
        "frozen",
        "per-document-chunk#2",
        "batch-committed#2",
        "batch-committed#9",
        "moved",
        "swept",
        "subjects-committed",
    ] {
        let (t, _) = TestDb::seeded().await;
        let q = s(&dir.path().join(format!("{}.json", point.replace('#', "-"))));
        scan_with(&t, &file, &SAM_TO_INITECH, &q).expect(0);
        let run = t.cmd().env("TETHER_RESOURCES", &file).env("TETHER_TRANSFER_CRASH_AT", point).run(&[
            "execute",
            &q,
            "-y",
            "--batch-size",
            "3",
        ]);
        assert_ne!(run.code, 0, "{point}: killed");
        let id = t.last_transfer().await;
        t.cmd().env("TETHER_RESOURCES", &file).run(&["execute", "--resume", &id]).expect(0);
        assert_same_data(&want, &t.dump().await);
        t.cmd().env("TETHER_RESOURCES", &file).run(&["verify", &id]).expect(0);
    }
}

#[tokio::test]
async fn a_per_document_transfer_rolls_back_byte_for_byte() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let file = resources(&dir);
    let before = t.dump().await;
    let q = s(&dir.path().join("q.json"));
    let with = |c: Cmd| c.env("TETHER_RESOURCES", &file);
    scan_with(&t, &file, &SAM_TO_INITECH, &q).expect(0);
    with(t.cmd()).run(&["execute", &q, "-y", "--batch-size", "5"]).expect(0);
    let id = t.last_transfer().await;
    let r = s(&dir.path().join("r.json"));
    with(t.cmd()).run(&["scan", "rollback", &id, "--out", &r]).expect(0);
    let run = with(t.cmd()).env("TETHER_TRANSFER_PROFILE", "1").run(&["execute", &r, "-y"]);
    run.expect(0);
    assert!(statements(&run) > 0, "the restore changes the organization back one document at a time");
    assert_same_data(&before, &t.dump().await);
}

#[tokio::test]
async fn a_bad_shard_key_declaration_is_one_sentence_and_exit_2() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let cases = [
        (r#"{"kinds": {"contacts": {"shardKey": ["organizationId"]}}}"#, "must be a JSON object"),
        (r#"{"kinds": {"contacts": {"shardKey": {"organizationId": 2}}}}"#, "must be 1, -1 or \"hashed\""),
        (
            r#"{"kinds": {"conversations": {"shardKey": {"organizationId": 1}}, "assigneeConversations": {"shardKey": {"userId": 1}}}}"#,
            "conversations is given two different shardKey values",
        ),
    ];
    let before = t.snapshot().await;
    for (i, (json, says)) in cases.into_iter().enumerate() {
        let path = s(&dir.path().join(format!("bad{i}.json")));
        std::fs::write(&path, json).unwrap();
        let out = s(&dir.path().join("p.json"));
        let run = scan_with(&t, &path, &SAM_TO_INITECH, &out);
        run.expect(2).says(says);
        assert!(!std::path::Path::new(&out).exists(), "no plan written");
    }
    assert_eq!(before, t.snapshot().await, "nothing changed");
}

#[tokio::test]
async fn a_batch_written_a_document_at_a_time_holds_at_most_1000() {
    let (t, m) = TestDb::seeded().await;
    // 2,500 more acquired items of sam's, each its own document.
    let (sam, acme) = (m.id("user:sam"), m.id("org:acme"));
    let items: Vec<mongodb::bson::Document> = (0..2500)
        .map(|i| mongodb::bson::doc! { "organizationId": acme, "userId": sam, "marketplaceItemId": format!("m{i}") })
        .collect();
    t.db.collection::<mongodb::bson::Document>("acquireditems").insert_many(items).await.unwrap();
    let dir = t.tmp();
    let file = resources(&dir);
    let q = s(&dir.path().join("q.json"));
    let with = |c: Cmd| c.env("TETHER_RESOURCES", &file);
    scan_with(&t, &file, &SAM_TO_INITECH, &q).expect(0);
    let plan = plan_json(&q);
    let run = with(t.cmd()).env("TETHER_TRANSFER_PROFILE", "1").run(&["execute", &q, "-y", "--batch-size", "5000"]);
    run.expect(0);
    // One per-document update per batch of each moved kind, and one for the user.
    let batches: u64 = MOVED_KINDS.iter().map(|k| count_of(&plan, k).div_ceil(1000)).sum::<u64>() + 1;
    assert!(count_of(&plan, "acquiredItems") > 2500);
    assert_eq!(profiled(&run, "per-document writes", 4), batches, "batches of at most 1,000 documents");
    assert_eq!(statements(&run), MOVED_KINDS.iter().map(|k| count_of(&plan, k)).sum::<u64>() + 1);
    assert_eq!(t.count("acquireditems", mongodb::bson::doc! { "userId": sam, "organizationId": acme }).await, 0);
    with(t.cmd()).run(&["verify", &t.last_transfer().await]).expect(0);
}
