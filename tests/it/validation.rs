//! Every validation error of transfers.md: the exit code, a sentence naming
//! the problem, and the database exactly as it was.

use crate::common::*;

struct Case {
    args: Vec<String>,
    code: i32,
    says: &'static str,
}

fn case(args: &[&str], code: i32, says: &'static str) -> Case {
    Case { args: args.iter().map(|s| s.to_string()).collect(), code, says }
}

fn cat<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

#[tokio::test]
async fn bad_input_is_refused_with_one_sentence_and_nothing_changes() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = s(&dir.path().join("never.json"));
    let out = out.as_str();
    let org = |extra: &[&str]| {
        let mut v = vec!["scan", "org", "--role", "SALES_REP", "--out", out];
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let org_case = |extra: &[&str], says: &'static str| Case { args: org(extra), code: 2, says };
    let sam = ["--user", "sam.rep@acme.test"];
    let rita = ["--reassignee", "rita.rep@acme.test"];
    let (a1, a2, rita_agent, bob_agent) = (
        m.id("agent:sam/1").to_hex(),
        m.id("agent:sam/2").to_hex(),
        m.id("agent:rita/1").to_hex(),
        m.id("agent:bob/1").to_hex(),
    );
    let remap = |a: &str, b: &str| format!("{a}={b}");
    let (r_ok_unused, r_not_owned) = (remap(&a2, &rita_agent), remap(&a1, &bob_agent));
    let ghost = "0123456789abcdef01234567";
    let cases = vec![
        // Malformed and unknown ids, emails and names.
        org_case(
            &cat(&[&["--user", "65b1f0a2c3d4e5f6a7b8c9dz", "--to-org", "Initech"], &rita]),
            "not a valid ObjectId",
        ),
        org_case(
            &cat(&[&["--user", ghost, "--to-org", "Initech"], &rita]),
            "No user has the id 0123456789abcdef01234567",
        ),
        org_case(
            &cat(&[&["--user", "nobody@acme.test", "--to-org", "Initech"], &rita]),
            "No user has the email nobody@acme.test",
        ),
        org_case(&cat(&[&["--user", "sam", "--to-org", "Initech"], &rita]), "neither a user's ObjectId"),
        org_case(&cat(&[&sam, &["--to-org", "Hooli"], &rita]), "No organization is named \"Hooli\""),
        org_case(&cat(&[&sam, &["--to-org", ghost], &rita]), "No organization has the id"),
        org_case(&cat(&[&sam, &["--to-org", "Umbrella"], &rita]), "ambiguous"),
        // The transfer itself.
        org_case(&cat(&[&sam, &["--to-org", "Acme Corp"], &rita]), "already in organization"),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--reassignee", "sam.rep@acme.test"]]),
            "someone other than the user",
        ),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--reassignee", "gary.admin@globex.test"]]),
            "is not in the user's organization",
        ),
        org_case(&cat(&[&sam, &["--to-org", "Initech", "--reassignee", "ivan.inactive@acme.test"]]), "is inactive"),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--to-department", "Marketing"], &rita]),
            "is not in the target organization",
        ),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--to-department", "Nowhere"], &rita]),
            "No department is named",
        ),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--agent-remap", "abc"], &rita]),
            "not of the form FROM_AGENT=TO_AGENT",
        ),
        org_case(&cat(&[&sam, &["--to-org", "Initech", "--agent-remap", "x=y"], &rita]), "not an agent ObjectId"),
        org_case(&cat(&[&sam, &["--to-org", "Initech", "--agent-remap", &r_ok_unused], &rita]), "used by none of"),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--agent-remap", &r_not_owned], &rita]),
            "not owned by the re-assignee",
        ),
        org_case(
            &cat(&[&sam, &["--to-org", "Initech", "--agent-remap", &remap(ghost, &rita_agent)], &rita]),
            "is not an agent of the user's organization",
        ),
        // Department transfers.
        case(
            &["scan", "department", "--user", "sam.rep@acme.test", "--to", "Field", "--out", out],
            2,
            "use `scan org`",
        ),
        case(
            &["scan", "department", "--user", "sam.rep@acme.test", "--to", "Sales", "--out", out],
            2,
            "already in department",
        ),
        case(
            &[
                "scan",
                "department",
                "--user",
                "sam.rep@acme.test",
                "--to",
                "Marketing",
                "--reassignee",
                "alice.admin@acme.test",
                "--out",
                out,
            ],
            2,
            "is not in the source department",
        ),
        case(
            &[
                "scan",
                "department",
                "--user",
                "sam.rep@acme.test",
                "--to",
                "Marketing",
                "--reassignee",
                "sam.rep@acme.test",
                "--out",
                out,
            ],
            2,
            "someone other than the user",
        ),
        case(
            &[
                "scan",
                "department",
                "--user",
                "alice.admin@acme.test",
                "--to",
                "Marketing",
                "--reassignee",
                "bob.admin@acme.test",
                "--out",
                out,
            ],
            2,
            "is in no department",
        ),
        case(
            &["scan", "department", "--user", "root@tether.test", "--to", "Marketing", "--role", "ADMIN", "--out", out],
            2,
            "Department",
        ),
        case(&["scan", "department", "--from", "Sales", "--to", "Marketing", "--out", out], 2, "ambiguous"),
        case(&["scan", "department", "--from", "Marketing", "--to", "Marketing", "--out", out], 2, "are the same"),
        case(
            &["scan", "department", "--from", "Marketing", "--to", "Field", "--out", out],
            2,
            "is not in the organization of",
        ),
        // Flags clap refuses.
        case(
            &[
                "scan",
                "department",
                "--user",
                "sam.rep@acme.test",
                "--to",
                "Marketing",
                "--delete-source",
                "--out",
                out,
            ],
            2,
            "--from",
        ),
        case(
            &[
                "scan",
                "org",
                "--user",
                "sam.rep@acme.test",
                "--to-org",
                "Initech",
                "--role",
                "SUPERADMIN",
                "--reassignee",
                "rita.rep@acme.test",
                "--out",
                out,
            ],
            2,
            "invalid value",
        ),
        case(&["scan", "department", "--to", "Marketing", "--out", out], 2, "required"),
        case(&["preview", "--user", "sam.rep@acme.test"], 2, "--to-org"),
    ];
    assert!(cases.len() >= 30);
    let before = t.snapshot().await;
    for c in &cases {
        let run = t.cmd().run(&c.args);
        assert_eq!(run.code, c.code, "{:?}\nstderr: {}", c.args, run.stderr);
        assert!(run.stderr.contains(c.says), "{:?}: stderr does not say {:?}: {}", c.args, c.says, run.stderr);
        let lines = run.stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert!(lines <= 1, "one error sentence: {}", run.stderr);
        assert!(!std::path::Path::new(out).exists(), "{:?} wrote a plan", c.args);
    }
    assert_eq!(t.snapshot().await, before, "a refused command changed the database");
}

#[tokio::test]
async fn ambiguous_names_list_the_candidates() {
    let (t, m) = TestDb::seeded().await;
    let run = t.cmd().run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Umbrella"]);
    run.expect(2);
    run.says(&m.id("org:umbrella1").to_hex()).says(&m.id("org:umbrella2").to_hex());
    let run = t.cmd().run(&["scan", "department", "--from", "Sales", "--to", "Marketing", "--out", "/tmp/never"]);
    run.expect(2);
    run.says(&m.id("dept:acme/sales").to_hex())
        .says(&m.id("dept:globex/sales").to_hex())
        .says("Acme Corp")
        .says("Globex");
}

#[tokio::test]
async fn ids_emails_and_names_resolve_to_the_same_transfer() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let by_name = s(&dir.path().join("a.json"));
    let by_id = s(&dir.path().join("b.json"));
    t.cmd()
        .run(&[
            "scan",
            "org",
            "--user",
            "SAM.REP@acme.test",
            "--to-org",
            "Initech",
            "--role",
            "SALES_REP",
            "--reassignee",
            "rita.rep@acme.test",
            "--to-department",
            "Onboarding",
            "--out",
            &by_name,
        ])
        .expect(0);
    t.cmd()
        .run(&[
            "scan",
            "org",
            "--user",
            &m.id("user:sam").to_hex(),
            "--to-org",
            &m.id("org:initech").to_hex(),
            "--role",
            "SALES_REP",
            "--reassignee",
            &m.id("user:rita").to_hex(),
            "--to-department",
            &m.id("dept:initech/onboarding").to_hex(),
            "--out",
            &by_id,
        ])
        .expect(0);
    let read = |p: &str| serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(p).unwrap()).unwrap();
    let (a, b) = (read(&by_name), read(&by_id));
    let strip = |v: &serde_json::Value| {
        let mut r = v["request"].clone();
        r.as_object_mut().unwrap().remove("scanVersion");
        r
    };
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(a["resources"], b["resources"]);
    // "Sales" names two departments, but only one in sam's organization: that one.
    let run = t.cmd().run(&["scan", "department", "--user", "rita.rep@acme.test", "--to", "Sales", "--out", &by_name]);
    run.expect(2).says("already in department \"Sales\"");
}

#[tokio::test]
async fn connection_problems_are_one_sentence() {
    let t = TestDb::new().await;
    let run = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&[
        "--uri",
        "mongodb://127.0.0.1:9/x",
        "--connect-timeout",
        "1",
        "preview",
        "--user",
        "a@b.c",
        "--to-org",
        "X",
    ]);
    run.expect(1).says("Cannot reach the MongoDB server");
    let run = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&["preview", "--user", "a@b.c", "--to-org", "X"]);
    run.expect(2).says("No connection string");
    let run = Cmd::new().run(&["--uri", "postgres://x", "preview", "--user", "a@b.c", "--to-org", "X"]);
    run.expect(2).says("must start with mongodb://");
    let run = t.cmd().run(&["--db", "bad/name", "preview", "--user", "a@b.c", "--to-org", "X"]);
    run.expect(2).says("not a valid database name");
}

#[tokio::test]
async fn a_bad_resource_file_is_refused() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let bad = dir.path().join("r.json");
    let preview = ["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"];
    let cases = [
        ("{", "not valid JSON"),
        (r#"{"kinds": {"contacts": {"ownerFeld": "x"}}}"#, "ownerFeld"),
        (r#"{"kinds": {"notes": {"collection": "notes"}}}"#, "missing field"),
    ];
    for (text, says) in cases {
        std::fs::write(&bad, text).unwrap();
        t.cmd().env("TETHER_RESOURCES", &s(&bad)).run(&preview).expect(2).says(says);
    }
    t.cmd()
        .run(&["--resources", "/nonexistent.json", "preview", "--user", "x@y.z", "--to-org", "X"])
        .expect(2)
        .says("Cannot read the resource file");
}

#[tokio::test]
async fn a_resource_file_renames_collections_and_fields() {
    let (t, m) = TestDb::seeded().await;
    // A deployment that calls contacts "crm_contacts" and their owner "ownerId".
    t.db.collection::<mongodb::bson::Document>("contacts")
        .aggregate(vec![
            mongodb::bson::doc! { "$set": { "ownerId": "$userId" } },
            mongodb::bson::doc! { "$unset": "userId" },
            mongodb::bson::doc! { "$out": "crm_contacts" },
        ])
        .await
        .unwrap();
    let dir = t.tmp();
    let file = dir.path().join("r.json");
    std::fs::write(&file, r#"{"kinds": {"contacts": {"collection": "crm_contacts", "ownerField": "ownerId"}}}"#)
        .unwrap();
    let run = t.cmd().run(&[
        "--resources",
        &s(&file),
        "preview",
        "--user",
        "sam.rep@acme.test",
        "--to-org",
        "Initech",
        "--json",
    ]);
    run.expect(0);
    let n = t.count("crm_contacts", mongodb::bson::doc! { "ownerId": m.id("user:sam") }).await;
    assert_eq!(n, 40);
    assert_eq!(run.json()["contacts"], n);
}
