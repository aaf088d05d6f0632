//! The bad-input catalogue: every case gets its exit code, a message that
//! names the problem, and a database whose every collection is unchanged.

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
async fn the_bad_input_catalogue() {
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

    // Plan files: a good one, then broken copies of it.
    let plans = t.tmp();
    let good = t.scan(&plans, "good.json", &SAM_TO_MARKETING);
    let text = std::fs::read_to_string(&good).unwrap();
    let write = |name: &str, body: &str| {
        let p = plans.path().join(name);
        std::fs::write(&p, body).unwrap();
        s(&p)
    };
    let empty = write("empty.json", "");
    let truncated = write("truncated.json", &text[..text.len() * 2 / 3]);
    let not_json = write("notjson.json", "formatVersion = 1");
    let future = write("future.json", &text.replace("\"formatVersion\": 1", "\"formatVersion\": 7"));
    let count = write("count.json", &text.replacen("\"count\": ", "\"count\": 9", 1));
    let sam_hex = m.id("user:sam").to_hex();
    let edited_id = write("id.json", &text.replacen(&sam_hex, &m.id("user:bob").to_hex(), 1));
    let edited_request = write("request.json", &text.replace("\"reassigneeUserId\"", "\"reassigneeUserID\""));
    let other = TestDb::new().await;
    tether_transfer::generator::generate(&other.db, &Default::default()).await.unwrap();
    let foreign = other.scan(&plans, "foreign.json", &SAM_TO_MARKETING);
    // An applied plan and its completed transfer.
    let applied =
        t.scan(&plans, "applied.json", &["department", "--user", "ivan.inactive@acme.test", "--to", "Archive"]);
    t.cmd().run(&["execute", &applied, "-y"]).expect(0);
    let done = t.last_transfer().await;
    let bad_resources = write("resources.json", "{\"kinds\": {\"contacts\": {\"colection\": \"x\"}}}");
    let broken_resources = write("resources2.json", "{ kinds: }");
    let preview = |extra: &[&str]| {
        let mut v = vec!["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"];
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let as_op = |op: &str, args: &[&str]| {
        let mut v = vec!["--operator".to_string(), op.to_string()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let cases = vec![
        // Plan files.
        case(&["execute", &empty, "-y"], 2, "is empty"),
        case(&["execute", &truncated, "-y"], 2, "truncated"),
        case(&["execute", &not_json, "-y"], 2, "not valid JSON"),
        case(&["execute", &future, "-y"], 2, "newer than this tool"),
        case(&["execute", &count, "-y"], 2, "modified after the scan"),
        case(&["execute", &edited_id, "-y"], 2, "modified after the scan"),
        case(&["execute", &edited_request, "-y"], 2, "modified after the scan"),
        case(&["execute", &foreign, "-y"], 2, "scanned on another deployment"),
        case(&["execute", &applied, "-y"], 4, "already executed by transfer"),
        case(&["execute", "/nonexistent/plan.json", "-y"], 2, "Cannot read the plan file"),
        case(&["execute", &good], 2, "pass -y/--yes"),
        // Transfer ids.
        case(&["execute", "--resume", "0123456789abcdef01234567"], 2, "No transfer has the id"),
        case(&["execute", "--resume", &done], 2, "already completed"),
        case(&["execute", "--resume", "12345"], 2, "not a transfer id"),
        case(&["status", "0123456789abcdef01234567"], 2, "No transfer has the id"),
        case(&["status", "not-an-id"], 2, "not a transfer id"),
        case(&["verify", "0123456789abcdef01234567"], 2, "No transfer has the id"),
        // Operators.
        Case {
            args: as_op("sam.rep@acme.test", &["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]),
            code: 6,
            says: "only a SUPERADMIN",
        },
        Case { args: as_op("alice.admin@acme.test", &["execute", &good, "-y"]), code: 4, says: "stale" },
        Case {
            args: as_op(
                "gary.admin@globex.test",
                &["scan", "department", "--user", "sam.rep@acme.test", "--to", "Marketing", "--out", out],
            ),
            code: 6,
            says: "ADMIN of organization",
        },
        Case { args: as_op("nobody@tether.test", &["status"]), code: 6, says: "not a user of this database" },
        Case { args: as_op("retired.root@tether.test", &["status"]), code: 6, says: "inactive" },
        Case { args: as_op("rootx", &["status"]), code: 2, says: "neither a user's ObjectId" },
        // Resource files.
        Case {
            args: [vec!["--resources".to_string(), bad_resources.clone()], preview(&[])].concat(),
            code: 2,
            says: "colection",
        },
        Case {
            args: [vec!["--resources".to_string(), broken_resources.clone()], preview(&[])].concat(),
            code: 2,
            says: "not valid JSON",
        },
        Case {
            args: [vec!["--resources".to_string(), "/nonexistent.json".to_string()], preview(&[])].concat(),
            code: 2,
            says: "Cannot read the resource file",
        },
        // Connection.
        Case {
            args: [
                vec![
                    "--uri".to_string(),
                    "mongodb://127.0.0.1:9/x".to_string(),
                    "--connect-timeout".to_string(),
                    "1".to_string(),
                ],
                preview(&[]),
            ]
            .concat(),
            code: 1,
            says: "Cannot reach the MongoDB server",
        },
        Case {
            args: [vec!["--uri".to_string(), "http://example".to_string()], preview(&[])].concat(),
            code: 2,
            says: "must start with mongodb://",
        },
        Case {
            args: [vec!["--db".to_string(), "a/b".to_string()], preview(&[])].concat(),
            code: 2,
            says: "not a valid database name",
        },
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
    assert!(cases.len() >= 60, "{}", cases.len());
    for c in &cases {
        let before = t.snapshot().await;
        let run = t.cmd().run(&c.args);
        assert_eq!(run.code, c.code, "{:?}\nstderr: {}", c.args, run.stderr);
        assert!(run.stderr.contains(c.says), "{:?}: stderr does not say {:?}: {}", c.args, c.says, run.stderr);
        let lines = run.stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert!(lines <= 1, "one error sentence: {}", run.stderr);
        assert!(!std::path::Path::new(out).exists(), "{:?} wrote a plan", c.args);
        assert_eq!(t.snapshot().await, before, "{:?} changed the database", c.args);
    }
}
