use mongodb::bson::doc;
use serde_json::Value;
use tether_transfer::plan::{Plan, PlanKind, Request};

use crate::common::*;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn read(path: &std::path::Path) -> (Value, Plan) {
    let text = std::fs::read_to_string(path).unwrap();
    (serde_json::from_str(&text).unwrap(), Plan::parse(&text).expect("the plan file round-trips"))
}

fn resource<'a>(plan: &'a Value, kind: &str) -> &'a Value {
    plan["resources"].as_array().unwrap().iter().find(|r| r["kind"] == kind).unwrap_or_else(|| panic!("no {kind}"))
}

#[tokio::test]
async fn org_plan_has_the_seed_request_and_every_kind() {
    let (t, m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let out = dir.path().join("org.json");
    let remap = format!("{}={}", m.id("agent:sam/1"), m.id("agent:rita/1"));
    let run = t.cmd().run(&[
        "scan",
        "org",
        "--user",
        "sam.rep@acme.test",
        "--to-org",
        "Initech",
        "--role",
        "DEPARTMENT_HEAD",
        "--reassignee",
        "rita.rep@acme.test",
        "--to-department",
        "Onboarding",
        "--agent-remap",
        &remap,
        "--out",
        &s(&out),
    ]);
    run.expect(0);
    let (v, plan) = read(&out);
    assert_eq!(plan.kind(), PlanKind::Org);
    assert_eq!(v["formatVersion"], 1);
    assert_eq!(v["database"]["name"], t.name.as_str());
    assert_eq!(v["operator"]["email"], ROOT);
    assert!(v["checksum"].as_str().unwrap().starts_with("sha256:"));
    assert!(v["blocked"] == false && v["conflicts"].as_array().unwrap().is_empty());
    let sv = v["scanVersion"].as_str().unwrap();
    assert!(sv.starts_with("scan-") && sv.len() == "scan-2026-05-18T14:30:00Z-abc123abc123".len(), "{sv}");

    // The request is the seed's OrgTransferExecuteRequest.
    let r = &v["request"];
    assert_eq!(
        keys(r),
        [
            "agentRemaps",
            "newAccessRole",
            "reassigneeUserId",
            "scanVersion",
            "targetDepartmentId",
            "targetOrganizationId",
            "userId"
        ]
    );
    assert_eq!(r["scanVersion"], sv);
    assert_eq!(r["userId"], m.id("user:sam").to_hex());
    assert_eq!(r["targetOrganizationId"], m.id("org:initech").to_hex());
    assert_eq!(r["targetDepartmentId"], m.id("dept:initech/onboarding").to_hex());
    assert_eq!(r["reassigneeUserId"], m.id("user:rita").to_hex());
    assert_eq!(r["newAccessRole"], "DEPARTMENT_HEAD");
    assert_eq!(r["agentRemaps"][0]["fromAgentId"], m.id("agent:sam/1").to_hex());
    assert_eq!(r["agentRemaps"][0]["toAgentId"], m.id("agent:rita/1").to_hex());
    let Request::Org(req) = &plan.request else { panic!("org request") };
    assert_eq!(req.agent_remaps.len(), 1);

    // Every kind of the registry, with the action transfers.md gives and the live count.
    let (sam, acme) = (m.id("user:sam"), m.id("org:acme"));
    let expect = [
        ("contacts", "reassign", t.count("contacts", doc! { "organizationId": acme, "userId": sam }).await),
        ("conversations", "reassign", 60),
        ("assigneeConversations", "assign", 12),
        ("automations", "reassign", 6),
        ("workflows", "reassign", 3),
        ("webchatConfigurations", "reassign", 2),
        ("acquiredItems", "move", 5),
        ("emailAccounts", "move", 2),
        ("calendarConnections", "move", 1),
        ("calendarToolConfigurations", "move", 1),
        ("googleSheetsTokens", "move", 1),
        ("unfiredReminders", "reassign", 7),
        ("promptCount", "reassign", 9),
        ("voicePhoneNumbers", "move", 2),
        ("automationKeys", "reassign", 3),
        ("agents", "reassign", 2),
        ("approvalPolicies", "replaceApprover", 3),
    ];
    assert_eq!(v["resources"].as_array().unwrap().len(), expect.len());
    for (kind, action, count) in expect {
        let r = resource(&v, kind);
        assert_eq!((r["action"].as_str().unwrap(), r["count"].as_u64().unwrap()), (action, count), "{kind}");
        assert_eq!(r["fingerprint"].as_str().unwrap().len(), 32);
    }
    assert!(resource(&v, "automations")["change"].as_str().unwrap().contains(&m.id("agent:rita/1").to_hex()));
    // The people and places the plan depends on are fingerprinted.
    let roles: Vec<&str> = v["entities"].as_array().unwrap().iter().map(|e| e["reason"].as_str().unwrap()).collect();
    for role in [
        "moving user",
        "re-assignee",
        "source organization",
        "target organization",
        "department left",
        "target department",
    ] {
        assert!(roles.contains(&role), "entities lack {role}: {roles:?}");
    }
    assert_eq!(t.snapshot().await, before, "scan changed the database");
}

#[tokio::test]
async fn scan_json_prints_the_plan_file() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = dir.path().join("p.json");
    let run = t.cmd().run(&[
        "scan",
        "org",
        "--user",
        "sam.rep@acme.test",
        "--to-org",
        "Initech",
        "--role",
        "SALES_REP",
        "--reassignee",
        "rita.rep@acme.test",
        "--out",
        &s(&out),
        "--json",
    ]);
    run.expect(0);
    assert_eq!(run.stdout, std::fs::read_to_string(&out).unwrap());
    assert!(!run.stderr.contains('{'), "no JSON on stderr");
}

#[tokio::test]
async fn two_scans_of_unchanged_data_have_equal_fingerprints() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let args = |p: &str| {
        vec![
            "scan",
            "org",
            "--user",
            "sam.rep@acme.test",
            "--to-org",
            "Initech",
            "--role",
            "SALES_REP",
            "--reassignee",
            "rita.rep@acme.test",
            "--out",
        ]
        .into_iter()
        .map(String::from)
        .chain([p.to_string()])
        .collect::<Vec<_>>()
    };
    let (a, b) = (s(&dir.path().join("a.json")), s(&dir.path().join("b.json")));
    t.cmd().run(&args(&a)).expect(0);
    t.cmd().run(&args(&b)).expect(0);
    let (va, _) = read(std::path::Path::new(&a));
    let (vb, _) = read(std::path::Path::new(&b));
    assert_eq!(va["resources"], vb["resources"]);
    assert_eq!(va["entities"], vb["entities"]);
    // One more owned contact changes exactly that kind's count and fingerprint.
    let sam = t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    t.db.collection("contacts")
        .insert_one(doc! { "organizationId": sam.get_object_id("organizationId").unwrap(), "userId": sam.get_object_id("_id").unwrap() })
        .await
        .unwrap();
    let c = s(&dir.path().join("c.json"));
    t.cmd().run(&args(&c)).expect(0);
    let (vc, _) = read(std::path::Path::new(&c));
    for (ra, rc) in va["resources"].as_array().unwrap().iter().zip(vc["resources"].as_array().unwrap()) {
        if ra["kind"] == "contacts" {
            assert_eq!(rc["count"].as_u64(), ra["count"].as_u64().map(|n| n + 1));
            assert_ne!(rc["fingerprint"], ra["fingerprint"]);
        } else {
            assert_eq!(ra, rc);
        }
    }
}

#[tokio::test]
async fn department_plan_one_user() {
    let (t, m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let out = dir.path().join("d.json");
    let run = t.cmd().run(&[
        "scan",
        "department",
        "--user",
        "sam.rep@acme.test",
        "--to",
        "Marketing",
        "--reassignee",
        "rita.rep@acme.test",
        "--role",
        "DEPARTMENT_HEAD",
        "--out",
        &s(&out),
    ]);
    run.expect(0);
    let (v, plan) = read(&out);
    assert_eq!(plan.kind(), PlanKind::Department);
    let r = &v["request"];
    assert_eq!(keys(r), ["assignments", "scanVersion"]);
    assert_eq!(keys(&r["assignments"][0]), ["newAccessRole", "reassigneeUserId", "targetDepartmentId", "userId"]);
    assert_eq!(r["assignments"][0]["userId"], m.id("user:sam").to_hex());
    assert_eq!(r["assignments"][0]["targetDepartmentId"], m.id("dept:acme/marketing").to_hex());
    assert_eq!(r["assignments"][0]["reassigneeUserId"], m.id("user:rita").to_hex());
    let (sam, sales) = (m.id("user:sam"), m.id("dept:acme/sales"));
    // Department-scoped resources of sam in Sales stay there and pass to rita.
    for (kind, coll) in [
        ("contacts", "contacts"),
        ("conversations", "conversations"),
        ("automations", "automations"),
        ("promptCount", "prompts"),
    ] {
        let n = t.count(coll, doc! { "userId": sam, "departmentId": sales }).await;
        let r = resource(&v, kind);
        assert_eq!((r["action"].as_str().unwrap(), r["count"].as_u64().unwrap()), ("reassign", n), "{kind}");
    }
    assert_eq!(resource(&v, "assigneeConversations")["action"], "assign");
    assert_eq!(resource(&v, "assigneeConversations")["count"], 8, "rita's Sales conversations sam is assigned to");
    assert_eq!(resource(&v, "approvalPolicies")["count"], 3);
    assert!(v["resources"].as_array().unwrap().iter().all(|r| r["kind"] != "workflows"), "not department-scoped");
    assert!(v["summary"]["changes"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains("as a manager")));
    assert_eq!(t.snapshot().await, before);
}

#[tokio::test]
async fn department_plan_without_reassignee_follows_the_user_and_blocks_an_orphaned_policy() {
    let (t, m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let out = dir.path().join("d.json");
    let run =
        t.cmd().run(&["scan", "department", "--user", "sam.rep@acme.test", "--to", "Marketing", "--out", &s(&out)]);
    run.expect(3).says("blocking conflict");
    assert!(run.stdout.contains("policy_without_approver"), "{}", run.stdout);
    let (v, _) = read(&out);
    assert_eq!(v["blocked"], true);
    let c = &v["conflicts"][0];
    assert_eq!(c["code"], "policy_without_approver");
    assert!(c["message"].as_str().unwrap().contains(&m.id("policy:sam-only").to_hex()));
    assert_eq!(resource(&v, "contacts")["action"], "repoint");
    assert_eq!(resource(&v, "assigneeConversations")["action"], "unassign");
    assert_eq!(resource(&v, "approvalPolicies")["action"], "removeApprover");
    let w: Vec<&str> = v["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert!(w.contains(&"unassigned"), "{w:?}");
    assert_eq!(t.snapshot().await, before);
}

#[tokio::test]
async fn bulk_department_plan() {
    let (t, m) = TestDb::seeded_with(big(500)).await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let out = dir.path().join("b.json");
    let run = t.cmd().run(&[
        "scan",
        "department",
        "--from",
        &m.id("dept:acme/support").to_hex(),
        "--to",
        "Archive",
        "--delete-source",
        "--out",
        &s(&out),
    ]);
    run.expect(0);
    let (v, plan) = read(&out);
    assert_eq!(plan.kind(), PlanKind::DepartmentBulk);
    let r = &v["request"];
    assert_eq!(
        keys(r),
        ["assignments", "deleteSourceDepartmentId", "scanVersion", "sourceDepartmentId", "targetDepartmentId"]
    );
    assert_eq!(r["deleteSourceDepartmentId"], m.id("dept:acme/support").to_hex());
    let mut users: Vec<String> =
        r["assignments"].as_array().unwrap().iter().map(|a| a["userId"].as_str().unwrap().to_string()).collect();
    users.sort();
    let mut want = vec![m.id("user:sue").to_hex(), m.id("user:big").to_hex()];
    want.sort();
    assert_eq!(users, want);
    assert!(
        r["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["targetDepartmentId"] == m.id("dept:acme/archive").to_hex())
    );
    let support = m.id("dept:acme/support");
    for (kind, coll) in [
        ("contacts", "contacts"),
        ("conversations", "conversations"),
        ("automations", "automations"),
        ("promptCount", "prompts"),
        ("approvalPolicies", "approvalpolicies"),
    ] {
        let n = t.count(coll, doc! { "departmentId": support }).await;
        assert!(n > 0, "{kind} has data");
        let r = resource(&v, kind);
        assert_eq!((r["action"].as_str().unwrap(), r["count"].as_u64().unwrap()), ("repoint", n), "{kind}");
    }
    assert_eq!(v["resources"].as_array().unwrap().len(), 5);
    assert_eq!(t.snapshot().await, before);
}

/// Runs an org scan expected to be blocked, returning the conflict codes.
fn blocked_codes(t: &TestDb, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let dir = t.tmp();
    let out = s(&dir.path().join("x.json"));
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", &out]);
    let run = t.cmd().run(&all);
    let (v, _) = read(std::path::Path::new(&out));
    let codes = |k: &str| v[k].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect();
    let (c, w): (Vec<String>, Vec<String>) = (codes("conflicts"), codes("warnings"));
    assert_eq!(run.code, if c.is_empty() { 0 } else { 3 }, "{}", run.stderr);
    assert_eq!(v["blocked"], !c.is_empty());
    (c, w)
}

#[tokio::test]
async fn org_conflicts_and_warnings() {
    let (t, _m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let base = ["scan", "org", "--role", "SALES_REP"];
    let with = |extra: &[&'static str]| base.iter().copied().chain(extra.iter().copied()).collect::<Vec<&str>>();
    let (c, _) = blocked_codes(
        &t,
        &with(&["--user", "sam.rep@acme.test", "--to-org", "Globex", "--reassignee", "rita.rep@acme.test"]),
    );
    assert_eq!(c, ["duplicate_emailAccounts", "duplicate_voicePhoneNumbers"]);
    let (c, _) = blocked_codes(
        &t,
        &with(&["--user", "root@tether.test", "--to-org", "Initech", "--reassignee", "ops@tether.test"]),
    );
    assert_eq!(c, ["user_is_superadmin"]);
    let (c, _) = blocked_codes(
        &t,
        &with(&["--user", "gary.admin@globex.test", "--to-org", "Initech", "--reassignee", "gina.rep@globex.test"]),
    );
    assert_eq!(c, ["last_admin"]);
    // Acme has two admins: moving one is fine.
    let (c, _) = blocked_codes(
        &t,
        &with(&["--user", "alice.admin@acme.test", "--to-org", "Initech", "--reassignee", "bob.admin@acme.test"]),
    );
    assert!(c.is_empty(), "{c:?}");
    let (c, w) = blocked_codes(
        &t,
        &with(&["--user", "sue.head@acme.test", "--to-org", "Initech", "--reassignee", "alice.admin@acme.test"]),
    );
    assert!(c.is_empty());
    assert_eq!(w, ["only_manager"]);
    assert_eq!(t.snapshot().await, before);
}

#[tokio::test]
async fn scan_text_output_says_what_happens_per_kind() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let out = dir.path().join("p.json");
    let run = t.cmd().run(&[
        "scan",
        "org",
        "--user",
        "sam.rep@acme.test",
        "--to-org",
        "Globex",
        "--role",
        "SALES_REP",
        "--reassignee",
        "rita.rep@acme.test",
        "--out",
        &s(&out),
    ]);
    run.expect(3);
    assert!(run.stdout.contains("Transfer sam.rep@acme.test: \"Acme Corp\" -> \"Globex\""), "{}", run.stdout);
    assert!(run.stdout.contains("BLOCKING [duplicate_emailAccounts]"));
    assert!(run.stdout.contains("sam@acme-mail.test"));
    assert!(run.stderr.contains("Plan written to"));
}

/// The index an organization transfer reads "assigned to the user, owned by
/// someone else" through is missing: scan says which one and how to create
/// it, and the transfer still works without it.
#[tokio::test]
async fn a_missing_index_is_named_and_the_transfer_works_without_it() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "indexed.json", &SAM_TO_INITECH);
    let (v, _) = read(std::path::Path::new(&plan));
    let missing = |v: &Value| -> Vec<String> {
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["code"] == "missing_index")
            .map(|w| w["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(missing(&v).is_empty(), "the generator creates every index the tool relies on: {:?}", missing(&v));

    t.db.collection::<mongodb::bson::Document>("conversations")
        .drop_index("organizationId_1_assigneeId_1")
        .await
        .unwrap();
    let before = t.snapshot().await;
    let out = dir.path().join("unindexed.json");
    let out_s = s(&out);
    let mut args = vec!["scan"];
    args.extend(SAM_TO_INITECH);
    args.extend(["--out", &out_s]);
    let run = t.cmd().run(&args);
    run.expect(0);
    assert!(run.all().contains("warning [missing_index] assigneeConversations: no index"), "{}", run.all());
    assert_eq!(t.snapshot().await, before, "scan changes nothing");
    let (v, _) = read(&out);
    assert_eq!(
        missing(&v),
        [
            "assigneeConversations: no index on conversations leads with organizationId, assigneeId, so scan and execute \
          read the whole collection for this kind; create one: db.conversations.createIndex({ organizationId: 1, assigneeId: 1 })"
        ]
    );
    assert_eq!(v["blocked"], false, "a missing index slows a transfer down but does not block it");

    let sam = m.id("user:sam");
    let assigned = doc! { "organizationId": m.id("org:acme"), "assigneeId": sam, "userId": { "$ne": sam } };
    let n = t.count("conversations", assigned.clone()).await;
    assert!(n > 0, "the dataset has conversations assigned to sam and owned by others");
    t.cmd().run(&["execute", &s(&out), "-y"]).expect(0);
    assert_eq!(t.count("conversations", assigned).await, 0);
    let id = t.last_transfer().await;
    t.cmd().run(&["verify", &id]).expect(0);
}

/// `--out` names where the plan goes, not what to replace: a link stays a
/// link (the file it names gets the plan), a named pipe gets the plan through
/// it, and `/dev/null` stays the null device (a rename there, as root, puts a
/// regular file in its place and breaks every program on the machine).
#[tokio::test]
async fn out_writes_through_a_link_a_pipe_and_dev_null_without_replacing_them() {
    use std::os::unix::fs::FileTypeExt;
    let (t, _m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let args = |out: &str| -> Vec<String> {
        ["scan"].iter().chain(&SAM_TO_MARKETING).chain(&["--out", out]).map(|a| a.to_string()).collect()
    };
    let scan = |out: &str| t.cmd().run(&args(out));

    std::fs::create_dir(dir.path().join("plans")).unwrap();
    let real = dir.path().join("plans/real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("plan.json");
    std::os::unix::fs::symlink("plans/real.json", &link).unwrap();
    scan(&s(&link)).expect(0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    let (v, _) = read(&real);
    assert_eq!(v["formatVersion"], 1, "the file the link names holds the plan");
    assert_eq!(std::fs::read_dir(dir.path().join("plans")).unwrap().count(), 1, "no temporary file left");

    let pipe = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).unwrap())
    };
    scan(&s(&pipe)).expect(0);
    let through: Value = serde_json::from_str(&reader.join().unwrap()).expect("the plan came through the pipe");
    assert_eq!(through["formatVersion"], 1);
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo(), "the pipe is still a pipe");

    if std::fs::metadata("/dev/null").unwrap().file_type().is_char_device() {
        scan("/dev/null").expect(0);
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still the device");
    }

    // `--out /dev/stdout` with stdout appended to a log: the plan is added
    // to the log, which is not replaced.
    let log = dir.path().join("run.log");
    std::fs::write(&log, "earlier lines\n").unwrap();
    let mut cmd = t.cmd().command(&args("/dev/stdout"));
    cmd.stdout(std::fs::OpenOptions::new().append(true).open(&log).unwrap());
    assert!(cmd.status().unwrap().success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("earlier lines\n") && text.contains("\"formatVersion\": 1"), "{text}");

    // Refused before anything connects, not after the scan.
    let run = scan(&s(dir.path()));
    run.expect(2);
    assert_eq!(run.stderr.trim(), format!("error: --out {} is a directory, not a file name.", s(dir.path())));
    let nowhere = dir.path().join("nowhere/plan.json");
    let run = scan(&s(&nowhere));
    run.expect(2);
    assert_eq!(
        run.stderr.trim(),
        format!("error: --out {}: the folder {} does not exist.", s(&nowhere), s(&dir.path().join("nowhere")))
    );
    assert_eq!(t.snapshot().await, before);
}
