//! `show` and `diff`: a plan read without a database, in words, as
//! Markdown and as JSON; two plans compared with an exit code a script tests.

use mongodb::bson::{Document, doc};
use serde_json::Value;

use crate::common::*;

fn plan_json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The binary with no database at all: no URI, nothing to connect to.
fn offline() -> Cmd {
    Cmd::new()
}

/// A name as text output writes it: whole, quoted, control characters escaped.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[tokio::test]
async fn show_of_an_org_plan_says_who_moves_where_and_everything_a_reviewer_checks() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    let p = plan_json(&plan);
    let run = offline().run(&["show", &plan]);
    run.expect(0);
    let out = &run.stdout;
    for needle in [
        "Organization transfer",
        "sam.rep@acme.test",
        "\"Acme Corp\"",
        "\"Initech\"",
        "SALES_REP",
        "Re-assignee:  rita.rep@acme.test",
        "Inherits:",
        "159 in 17 kinds",
        "Blocked:      no",
        "0 conflicts, 0 warnings",
        p["scanVersion"].as_str().unwrap(),
        p["checksum"].as_str().unwrap(),
        p["registry"].as_str().unwrap(),
        p["database"]["hosts"][0].as_str().unwrap(),
        &format!("database \"{}\"", t.name),
        "root@tether.test",
        "identity declared",
        "Scanned:",
        "no approvals recorded in this file",
        &format!("tether-transfer approvals {plan}"),
    ] {
        assert!(out.contains(needle), "show does not say {needle:?}:\n{out}");
    }
    // Every kind on one line with its action, count and change, whole.
    for r in p["resources"].as_array().unwrap() {
        let line = out
            .lines()
            .find(|l| l.contains(&format!(" {} ", r["kind"].as_str().unwrap())) && l.contains(" ┆ "))
            .unwrap_or_else(|| panic!("no row for {}:\n{out}", r["kind"]));
        for cell in [r["action"].as_str().unwrap(), r["change"].as_str().unwrap(), &r["count"].to_string()] {
            assert!(line.contains(cell), "{line} lacks {cell}");
        }
    }
    assert!(!out.contains('…'), "nothing is cut: {out}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    // JSON: the plan itself and what show computes.
    let run = offline().run(&["show", &plan, "--json"]);
    run.expect(0);
    let v = run.json();
    assert_eq!(v["plan"], p, "the plan as its file holds it");
    assert_eq!(v["totalDocuments"], 159);
    assert_eq!(v["kindCount"], 17);
    assert_eq!(v["blocked"], false);
    assert!(v["ageSeconds"].as_i64().unwrap() >= 0);
    assert_eq!(v["fromTheFuture"], false);
    assert_eq!(v["approvalsInFile"], 0);

    // Markdown: the summary first, then the kinds.
    let run = offline().run(&["show", &plan, "--format", "markdown"]);
    run.expect(0);
    let md = &run.stdout;
    assert!(md.starts_with("### Organization transfer: sam.rep@acme.test"), "{md}");
    let summary = md.find("- **Checksum:**").unwrap();
    assert!(summary < md.find("#### What moves").unwrap(), "summary first");
    assert!(md.contains("| contacts | contacts | reassign | 40 | userId := rita.rep@acme.test |"), "{md}");
    assert!(md.contains(&format!("`{}`", p["scanVersion"].as_str().unwrap())));
}

#[tokio::test]
async fn show_writes_a_messy_long_name_whole_in_text_and_escaped_in_markdown() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let long = format!("Initech {}|pipe *bold* `tick` <b>x</b>\nsecond line", "N".repeat(260));
    assert!(long.chars().count() >= 300);
    let initech = m.id("org:initech");
    t.db.collection::<Document>("organizations")
        .update_one(doc! { "_id": initech }, doc! { "$set": { "name": &long } })
        .await
        .unwrap();
    let to = initech.to_hex();
    let args: Vec<&str> = SAM_TO_INITECH.iter().map(|a| if *a == "Initech" { to.as_str() } else { a }).collect();
    let plan = t.scan(&dir, "long.json", &args);
    let text = offline().run(&["show", &plan]);
    text.expect(0);
    assert!(text.stdout.contains(&quoted(&long)), "whole and quoted:\n{}", text.stdout);
    assert!(!text.stdout.contains("…"));
    assert!(!text.stdout.lines().any(|l| l.starts_with("second line")), "a name never starts a line of its own");

    let md = offline().run(&["show", &plan, "--format", "markdown"]);
    md.expect(0);
    let escaped = format!("Initech {}\\|pipe \\*bold\\* \\`tick\\` \\<b\\>x\\</b\\>\\\\nsecond line", "N".repeat(260));
    assert!(md.stdout.contains(&escaped), "escaped whole:\n{}", md.stdout);
    assert!(!md.stdout.contains("N|pipe"), "no pipe left to break a table");
    assert!(!md.stdout.contains("<b>"), "no HTML from a name");
    // Every row of the kinds table has its five cells.
    for line in md.stdout.lines().filter(|l| l.starts_with("| ") && l.contains("organizationId :=")) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 6, "{line}");
    }
}

#[tokio::test]
async fn show_of_bulk_and_assignment_plans_lists_every_user_and_target() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let bulk = t.scan(&dir, "bulk.json", &["department", "--from", "Support", "--to", "Marketing", "--delete-source"]);
    let run = offline().run(&["show", &bulk]);
    run.expect(0);
    for needle in [
        "Bulk department transfer: every user of \"Support\" (2 users) to \"Marketing\" in \"Acme Corp\"",
        "Users (2)",
        "sue.head@acme.test",
        "big.owner@acme.test",
        "each user keeps their position",
        "Deletes:      department \"Support\"",
    ] {
        assert!(run.stdout.contains(needle), "bulk: {needle:?}:\n{}", run.stdout);
    }

    let csv = s(&dir.path().join("reorg.csv"));
    std::fs::write(
        &csv,
        "user,targetDepartment,role,reassignee\n\
         sam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\n\
         rita.rep@acme.test,Support,,\n\
         big.owner@acme.test,Sales,,\n",
    )
    .unwrap();
    let plan = t.scan(&dir, "many.json", &["department", "--assignments", &csv]);
    let run = offline().run(&["show", &plan]);
    run.expect(0);
    let out = &run.stdout;
    assert!(out.contains("Department transfer: 3 users within \"Acme Corp\""), "{out}");
    assert!(out.contains("Assignments (3)"));
    assert!(out.contains("per assignment: 1 of 3 get a new role"));
    let row = |user: &str| out.lines().find(|l| l.contains(user) && l.contains(" ┆ ")).unwrap_or_default().to_string();
    let sam = row("sam.rep@acme.test \"");
    assert!(sam.contains("\"Sales\"") && sam.contains("\"Marketing\"") && sam.contains("DEPARTMENT_HEAD"), "{sam}");
    assert!(sam.contains("dana.head@acme.test"), "{sam}");
    let rita = row("rita.rep@acme.test \"");
    assert!(rita.contains("\"Support\"") && rita.contains("unchanged") && rita.contains("none"), "{rita}");
    let md = offline().run(&["show", &plan, "--format", "markdown"]);
    md.expect(0);
    assert!(md.stdout.contains("<summary>Assignments (3)</summary>"), "{}", md.stdout);
}

#[tokio::test]
async fn show_of_a_rollback_names_the_transfer_and_the_documents_changed_since() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    // One of sam's former contacts, now rita's, passes to ina since.
    let contacts = t.db.collection::<Document>("contacts");
    let moved = contacts.find_one(doc! { "userId": m.id("user:rita") }).await.unwrap().unwrap();
    let changed = moved.get_object_id("_id").unwrap();
    contacts.update_one(doc! { "_id": changed }, doc! { "$set": { "userId": m.id("user:ina") } }).await.unwrap();
    let rollback = s(&dir.path().join("rollback.json"));
    t.cmd().run(&["scan", "rollback", &id, "--out", &rollback]).expect(0);
    let p = plan_json(&rollback);
    let listed =
        p["resources"].as_array().unwrap().iter().any(|r| r["changedSince"]["ids"][0] == changed.to_hex().as_str());
    let run = offline().run(&["show", &rollback]);
    run.expect(0);
    let out = &run.stdout;
    assert!(
        out.contains(&format!(
            "Rollback: undo transfer {id}: sam.rep@acme.test back from \"Initech\" to \"Acme Corp\""
        )),
        "{out}"
    );
    assert!(out.contains("(org, completed at"), "{out}");
    assert!(out.contains("restore"));
    assert!(listed, "the scan lists the contact changed since: {p}");
    assert!(out.contains("Changed since the transfer"), "{out}");
    assert!(out.contains(&format!("    {}", changed.to_hex())), "{out}");
    let md = offline().run(&["show", &rollback, "--format", "markdown"]);
    md.expect(0);
    assert!(md.stdout.starts_with("### Rollback: undo transfer"), "{}", md.stdout);
}

#[tokio::test]
async fn show_needs_no_database_and_refuses_an_edited_plan_as_execute_does() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    // No URI at all, and one pointing at a port nobody listens on.
    offline().run(&["show", &plan]).expect(0);
    let started = std::time::Instant::now();
    let dead = offline().env("MONGODB_URI", "mongodb://127.0.0.1:1").env("TETHER_OPERATOR", ROOT);
    dead.run(&["show", &plan, "--format", "markdown", "--connect-timeout", "30"]).expect(0);
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "show never waits for a server");

    // A count changed by hand.
    let before = t.snapshot().await;
    let mut v = plan_json(&plan);
    v["resources"][0]["count"] = serde_json::json!(v["resources"][0]["count"].as_u64().unwrap() + 1);
    let edited = s(&dir.path().join("edited.json"));
    std::fs::write(&edited, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let sentence = "was modified after the scan (its checksum does not match)";
    let show = offline().run(&["show", &edited]);
    show.expect(2).says(sentence);
    assert!(show.stdout.is_empty(), "{}", show.stdout);
    let execute = t.cmd().run(&["execute", &edited, "-y"]);
    execute.expect(2).says(sentence);
    let line = |r: &Run| r.stderr.lines().next().unwrap_or_default().to_string();
    // Execute's sentence, then what show can tell of the edit offline.
    let said = line(&execute);
    assert!(line(&show).starts_with(said.trim_end_matches('.')), "{}\n{said}", line(&show));
    show.says("its parts still agree with its request as far as can be checked without the database");
    for format in ["markdown", "json"] {
        offline().run(&["show", &edited, "--format", format]).expect(2).says(sentence);
    }
    offline().run(&["diff", &plan, &edited]).expect(2).says(sentence);
    offline().run(&["diff", &edited, &plan, "--json"]).expect(2).says(sentence);
    assert_eq!(t.snapshot().await, before, "nothing changed");

    // CSV is the report's format, not show's.
    offline().run(&["show", &plan, "--format", "csv"]).expect(2).says("--format csv is not offered by show");
    offline().run(&["diff", &plan, &plan, "--format", "csv"]).expect(2).says("--format csv is not offered by diff");
}

#[tokio::test]
async fn markdown_of_a_huge_plan_stays_within_a_comment_and_says_what_was_cut() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let layout = tether_transfer::generator::Reorg {
        users: 3_000,
        sources: 2,
        targets: 2,
        docs: 3_000,
        colleagues: 10,
        background: 100,
        ..Default::default()
    };
    let data = tether_transfer::generator::reorg(&t.db, m.id("org:acme"), &layout).await.unwrap();
    let csv = s(&dir.path().join("reorg.csv"));
    std::fs::write(&csv, &data.assignments).unwrap();
    let plan = t.scan(&dir, "huge.json", &["department", "--assignments", &csv]);
    let run = offline().run(&["show", &plan, "--format", "markdown"]);
    run.expect(0);
    let md = &run.stdout;
    assert!(md.len() <= 65_536, "{} bytes", md.len());
    assert!(md.chars().count() <= 65_536);
    assert!(md.contains("Cut to stay within 65,536 characters:"), "{}", &md[..2000.min(md.len())]);
    assert!(md.contains("assignments ("), "names the part cut");
    assert!(md.contains(&format!("`tether-transfer show {plan}`")), "says how to see it all");
    assert!(md.contains("- **Checksum:**") && md.contains("#### What moves"), "summary and kinds kept");
    let p = plan_json(&plan);
    for r in p["resources"].as_array().unwrap() {
        assert!(md.contains(&format!("| {} | {} |", r["kind"].as_str().unwrap(), r["collection"].as_str().unwrap())));
    }
    // Text never cuts: every user is there.
    let text = offline().run(&["show", &plan]);
    text.expect(0);
    assert!(text.stdout.matches("@reorg.test \"").count() >= 3_000);
    assert!(text.stdout.contains("mover3000@reorg.test"));
}

#[tokio::test]
async fn diff_of_a_plan_with_itself_is_the_same() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let run = offline().run(&["diff", &plan, &plan]);
    run.expect(0);
    assert!(run.stdout.contains("The two plans ask for and would do the same."), "{}", run.stdout);
    // A re-scan of unchanged data: scanVersion and checksum differ, nothing else.
    let again = t.scan(&dir, "again.json", &SAM_TO_INITECH);
    let run = offline().run(&["diff", &plan, &again, "--json"]);
    run.expect(0);
    let v = run.json();
    assert_eq!(v["same"], true);
    assert_eq!(v["differences"], serde_json::json!([]));
    assert_eq!(v["old"]["scanVersion"], plan_json(&plan)["scanVersion"]);
    assert_eq!(v["new"]["scanVersion"], plan_json(&again)["scanVersion"]);
}

#[tokio::test]
async fn diff_of_a_plan_and_its_rescan_names_the_kinds_that_drifted() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let old = t.scan(&dir, "old.json", &SAM_TO_INITECH);
    let (acme, sam) = (m.id("org:acme"), m.id("user:sam"));
    for n in 0..2 {
        t.db.collection::<Document>("contacts")
            .insert_one(doc! { "organizationId": acme, "userId": sam, "name": format!("new {n}") })
            .await
            .unwrap();
    }
    let new = t.scan(&dir, "new.json", &SAM_TO_INITECH);
    let run = offline().run(&["diff", &old, &new]);
    run.expect(9);
    assert!(run.stdout.contains("contacts: 40 -> 42 documents (+2)"), "{}", run.stdout);
    assert!(run.stdout.contains("The plans differ"), "{}", run.stdout);
    assert!(run.stdout.contains("Informational (not differences)"));
    assert!(run.stderr.starts_with("The plans differ: "), "a plain sentence: {}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);

    let run = offline().run(&["diff", &old, &new, "--json"]);
    run.expect(9);
    let v = run.json();
    assert_eq!(v["same"], false);
    let count =
        v["differences"].as_array().unwrap().iter().find(|d| d["key"] == "contacts" && d["field"] == "count").unwrap();
    assert_eq!((count["old"].as_u64(), count["new"].as_u64(), count["delta"].as_i64()), (Some(40), Some(42), Some(2)));
    assert!(v.get("error").is_none(), "no error document beside the diff");

    let run = offline().run(&["diff", &old, &new, "--format", "markdown"]);
    run.expect(9);
    assert!(run.stdout.starts_with("### Plan diff: "), "{}", run.stdout);
    assert!(run.stdout.contains("| ~ | contacts | 40 -\\> 42 documents (+2) |"), "{}", run.stdout);
}

#[tokio::test]
async fn diff_names_a_conflict_that_appeared_and_the_plan_becoming_blocked() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let old = t.scan(&dir, "old.json", &SAM_TO_INITECH);
    // An email address sam would bring already exists in Initech.
    let account = t.find_one("emailaccounts", doc! { "userId": m.id("user:sam") }).await.unwrap();
    let address = account.get_str("address").unwrap().to_string();
    t.db.collection::<Document>("emailaccounts")
        .insert_one(doc! { "organizationId": m.id("org:initech"), "userId": m.id("user:ivan"), "address": &address })
        .await
        .unwrap();
    let new = s(&dir.path().join("new.json"));
    let mut args = vec!["scan"];
    args.extend(SAM_TO_INITECH);
    args.extend(["--out", &new]);
    t.cmd().run(&args).expect(3);
    let run = offline().run(&["diff", &old, &new]);
    run.expect(9);
    assert!(run.stdout.contains("+ [duplicate_emailAccounts]"), "{}", run.stdout);
    assert!(run.stdout.contains("blocking conflict only in the new plan"), "{}", run.stdout);
    assert!(run.stdout.contains("not blocked -> blocked"), "{}", run.stdout);
    let v = offline().run(&["diff", &old, &new, "--json"]).json();
    assert_eq!(v["same"], false);
    let sections: Vec<&str> =
        v["differences"].as_array().unwrap().iter().map(|d| d["section"].as_str().unwrap()).collect();
    assert!(sections.contains(&"conflicts") && sections.contains(&"blocked"), "{sections:?}");
    let show = offline().run(&["show", &new]);
    show.expect(0);
    assert!(show.stdout.contains("BLOCKED: execute refuses this plan"), "{}", show.stdout);
    assert!(show.stdout.contains("BLOCKING [duplicate_emailAccounts]"), "{}", show.stdout);
    let json = offline().run(&["show", &new, "--json"]).json();
    assert_eq!((json["blocked"].as_bool(), json["conflictCount"].as_u64()), (Some(true), Some(1)));
    // The other way round: the conflict is gone.
    let back = offline().run(&["diff", &new, &old]);
    back.expect(9);
    assert!(back.stdout.contains("- [duplicate_emailAccounts]"), "{}", back.stdout);
}

#[tokio::test]
async fn show_labels_approval_copies_as_untrusted_and_a_plan_from_the_future() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    // approve writes copies outside the checksum: the plan stays valid.
    let mut v = plan_json(&plan);
    v["approvals"] = serde_json::json!([{
        "approvalId": "ap-1",
        "approver": { "id": m.id("user:alice").to_hex(), "email": "alice@acme.test", "accessRole": "ADMIN" },
        "identity": { "established": "authenticated", "databaseUser": "alice@admin" },
        "approvedAt": "2026-12-02T10:00:00Z",
        "comment": "ok | *looks* good"
    }]);
    let copied = s(&dir.path().join("copied.json"));
    std::fs::write(&copied, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let run = offline().run(&["show", &copied]);
    run.expect(0);
    assert!(run.stdout.contains("Approvals recorded in this file (1): copies, not trusted"), "{}", run.stdout);
    assert!(run.stdout.contains("execute counts only the approvals kept in the database: tether-transfer approvals"));
    assert!(run.stdout.contains("alice@acme.test") && run.stdout.contains("authenticated (\"alice@admin\")"));
    let md = offline().run(&["show", &copied, "--format", "markdown"]);
    md.expect(0);
    assert!(md.stdout.contains("comment \"ok \\| \\*looks\\* good\""), "{}", md.stdout);
    assert_eq!(offline().run(&["show", &copied, "--json"]).json()["approvalsInFile"], 1);

    // A plan whose scan time is ahead of this machine's clock.
    let mut v = plan_json(&plan);
    v["scannedAt"] = serde_json::json!("2999-01-01T00:00:00Z");
    tether_transfer::plan::seal(&mut v);
    let future = s(&dir.path().join("future.json"));
    std::fs::write(&future, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let run = offline().run(&["show", &future]);
    run.expect(0);
    assert!(run.stdout.contains("in the future: the clock"), "{}", run.stdout);
    let v = offline().run(&["show", &future, "--json"]).json();
    assert_eq!(v["fromTheFuture"], true);
    assert!(v["ageSeconds"].as_i64().unwrap() < 0);
}

#[tokio::test]
async fn diff_of_plans_scanned_against_two_databases_says_so_first() {
    let (a, _) = TestDb::seeded().await;
    let (b, _) = TestDb::seeded().await;
    let dir = a.tmp();
    let one = a.scan(&dir, "a.json", &SAM_TO_INITECH);
    let two = b.scan(&dir, "b.json", &SAM_TO_INITECH);
    let run = offline().run(&["diff", &one, &two, "--json"]);
    run.expect(9);
    let v = run.json();
    assert_eq!(v["differences"][0]["section"], "database", "{v}");
    assert_eq!(v["differences"][0]["old"], a.name.as_str());
    assert_eq!(v["differences"][0]["new"], b.name.as_str());
    let text = offline().run(&["diff", &one, &two]);
    text.expect(9);
    let first = text.stdout.find("Deployment (1)").expect("the deployment is named");
    assert!(text.stdout.find("Kinds").is_none_or(|k| k > first), "{}", text.stdout);
    assert!(text.stdout.contains("scanned against another database"), "{}", text.stdout);
}
