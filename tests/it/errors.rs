//! How errors read: one sentence, the right exit code, and with --format json
//! a JSON document whose `code` a script can match.

use mongodb::bson::{Document, doc};

use crate::common::*;

#[tokio::test]
async fn argument_errors_print_the_json_error_document_too() {
    let t = TestDb::new().await;
    let cases: [&[&str]; 4] = [
        &["scan", "department", "--user", "a@x.test", "--to", "B", "--role", "BOSS", "--out", "p.json", "--json"],
        &["--format", "json", "scan", "org", "--user", "a@x.test"],
        &["scan", "department", "--user", "a@x.test", "--from", "A", "--to", "B", "--out", "p.json", "--format=json"],
        &["execute", "--json"],
    ];
    for args in cases {
        let run = t.cmd().run(args);
        run.expect(2);
        let v = run.json();
        assert_eq!(v["code"], "usage", "{args:?}");
        assert_eq!(v["exitCode"], 2, "{args:?}");
        assert!(!v["error"].as_str().unwrap().is_empty(), "{args:?}");
        assert!(run.stderr.starts_with("error:"), "{args:?}: {}", run.stderr);
    }
    // Without JSON, clap's words alone, and nothing on stdout.
    let run = t.cmd().run(&["scan", "org", "--user", "a@x.test"]);
    run.expect(2);
    assert!(run.stdout.is_empty());
}

#[tokio::test]
async fn unknown_things_have_their_own_code() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = s(&dir.path().join("p.json"));
    let cases: [(&[&str], &str); 5] = [
        (&["preview", "--user", "nobody@acme.test", "--to-org", "Initech"], "No user has the email nobody@acme.test"),
        (&["preview", "--user", "sam.rep@acme.test", "--to-org", "Nowhere Inc"], "No organization is named"),
        (
            &["scan", "department", "--user", "sam.rep@acme.test", "--to", "Nowhere", "--out", &out],
            "No department is named",
        ),
        (&["execute", "--resume", "6b0000000000000000000000"], "No transfer has the id"),
        (&["status", "6b0000000000000000000000"], "No transfer has the id"),
    ];
    for (args, says) in cases {
        let mut all = args.to_vec();
        all.push("--json");
        let run = t.cmd().run(&all);
        run.expect(2).says(says);
        assert_eq!(run.json()["code"], "not_found", "{args:?}: {}", run.stdout);
    }
    // A malformed id stays a usage error.
    let run = t.cmd().run(&["status", "not-an-id", "--json"]);
    run.expect(2);
    assert_eq!(run.json()["code"], "usage");
}

#[tokio::test]
async fn a_stale_plan_names_every_drift() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    // The re-assignee changed (an entity), and the user got one more contact (a count).
    t.db.collection::<Document>("users")
        .update_one(
            doc! { "_id": m.id("user:rita") },
            doc! { "$set": { "name": "Rita R." , "accessRole": "DEPARTMENT_HEAD" } },
        )
        .await
        .unwrap();
    t.db.collection::<Document>("contacts")
        .insert_one(doc! { "organizationId": m.id("org:acme"), "userId": m.id("user:sam"), "name": "new" })
        .await
        .unwrap();
    let before = t.snapshot().await;
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(4)
        .says("rita.rep@acme.test (re-assignee) changed: accessRole SALES_REP → DEPARTMENT_HEAD")
        .says("contacts: 40 in the plan, 41 now (+1)");
    assert_eq!(before, t.snapshot().await);
}

#[tokio::test]
async fn a_rename_since_the_scan_is_a_stale_plan_not_an_edited_one() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "d.json", &SAM_TO_MARKETING);
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": m.id("dept:acme/marketing") }, doc! { "$set": { "name": "Growth" } })
        .await
        .unwrap();
    let before = t.snapshot().await;
    t.cmd()
        .run(&["execute", &plan, "-y"])
        .expect(4)
        .says("since the scan, department \"Marketing\" was renamed \"Growth\"");
    assert_eq!(before, t.snapshot().await);
}

/// A plan whose summary words a change otherwise than this version derives
/// it (an older version scanned it, since reworded) is stale, and says so,
/// rather than blaming a rename that did not happen.
#[tokio::test]
async fn a_plan_whose_changes_are_worded_otherwise_is_stale_and_says_why() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "d.json", &SAM_TO_MARKETING);
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let first = v["summary"]["changes"][0].as_str().unwrap().to_string();
    v["summary"]["changes"][0] = serde_json::Value::String(format!("{first}, as worded before"));
    tether_transfer::plan::seal(&mut v);
    std::fs::write(&plan, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let before = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says(
        "The plan is stale: the changes its summary lists are worded otherwise now (a name in them changed since the scan, or another version of tether-transfer scanned it).",
    );
    assert_eq!(before, t.snapshot().await);
}

/// A plan file that names a key twice in one object reads one way to a
/// person and another to a parser: refused (exit 2), nothing written.
#[tokio::test]
async fn a_plan_with_a_key_twice_is_refused() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "d.json", &SAM_TO_MARKETING);
    let text = std::fs::read_to_string(&plan).unwrap();
    let sam = format!("\"userId\": \"{}\"", m.id("user:sam").to_hex());
    assert!(text.contains(&sam), "{text}");
    // A reviewer reading top-down sees big's id first; a parser keeps sam's.
    let twice = text.replacen(&sam, &format!("\"userId\": \"{}\",\n{sam}", m.id("user:big").to_hex()), 1);
    std::fs::write(&plan, twice).unwrap();
    let before = t.snapshot().await;
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(2).says("is not valid JSON (the key \"userId\" appears twice in one object at line ");
    t.cmd().run(&["show", &plan]).expect(2);
    assert_eq!(before, t.snapshot().await);
}

/// `--debug` (or `TETHER_TRANSFER_DEBUG=1`) prints, under the sentence, the
/// chain of errors it comes from; without it only the sentence and the hint.
#[tokio::test]
async fn debug_prints_the_cause_of_an_error() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let resources = dir.path().join("resources.json");
    std::fs::write(&resources, "{\"kinds\": {\"contacts\": {\"collection\": 7}}}").unwrap();
    let plan = s(&dir.path().join("p.json"));
    let args = ["--resources", &s(&resources), "preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"];
    let plain = t.cmd().run(&args);
    plain.expect(2).says("is invalid: invalid type: integer `7`");
    assert!(!plain.stderr.contains("caused by"), "{}", plain.stderr);
    for run in [t.cmd().run(&[&args[..], &["--debug"]].concat()), t.cmd().env("TETHER_TRANSFER_DEBUG", "1").run(&args)]
    {
        run.expect(2);
        assert!(run.stderr.contains("caused by: invalid type: integer `7`, expected a string"), "{}", run.stderr);
    }
    // In JSON, the causes are a list beside the sentence.
    let run = t.cmd().run(&[&args[..], &["--debug", "--json"]].concat());
    run.expect(2);
    let causes = run.json()["causes"].as_array().cloned().unwrap_or_default();
    assert!(causes.iter().any(|c| c.as_str().unwrap().contains("expected a string")), "{}", run.stdout);
    // A plan file that is not JSON: its parser's words are the cause.
    std::fs::write(&plan, "{ not json").unwrap();
    let run = t.cmd().run(&["execute", &plan, "-y", "--debug"]);
    run.expect(2).says("is not valid JSON");
    assert!(run.stderr.contains("caused by: key must be a string"), "{}", run.stderr);
}
