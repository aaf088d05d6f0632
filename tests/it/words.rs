//! What a person reads, asserted by its words: the confirmation on a real
//! terminal states every wide or irreversible step; an unfinished transfer
//! in the way is named with its state and the command that finishes it; a
//! stale plan, `show` and `report` name users and departments instead of
//! showing their ids. "No id where a name exists" is checked without a
//! regular expression: no run of exactly 24 hexadecimal digits but the
//! ones a test allows (a transfer's id).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mongodb::bson::{Document, doc};

use crate::common::*;

/// Every run of exactly 24 hexadecimal digits in `text` (an ObjectId's
/// hex), but those in `allowed`.
fn hex_ids(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_hexdigit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_hexdigit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if run.len() == 24 && !allowed.contains(&run.as_str()) {
                out.push(run);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[track_caller]
fn no_ids(text: &str, allowed: &[&str]) {
    let ids = hex_ids(text, allowed);
    assert!(ids.is_empty(), "ids {ids:?} where names are known:\n{text}");
}

/// Runs `args` of the binary on a pseudo-terminal (`script`), pointed at
/// `t`, types `answer` once the prompt shows, and returns the exit code and
/// everything the screen showed.
fn on_terminal(t: &TestDb, args: &[&str], answer: &str) -> (i32, String) {
    let line = std::iter::once(BIN).chain(args.iter().copied()).collect::<Vec<_>>().join(" ");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("MONGODB_URI", &t.uri)
        .env("TETHER_DB", &t.name)
        .env("TETHER_OPERATOR", ROOT)
        .env("XDG_CONFIG_HOME", std::env::temp_dir().join("tether-transfer-tests-no-config"))
        .env_remove("TETHER_PROFILE")
        .env_remove("TETHER_CONFIG")
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script runs");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = {
        let screen = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let started = Instant::now();
    while !String::from_utf8_lossy(&screen.lock().unwrap()).contains("to confirm") {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no prompt: {}",
            String::from_utf8_lossy(&screen.lock().unwrap())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{answer}\r").as_bytes()).unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&screen.lock().unwrap()).replace("\r\n", "\n");
    (status.code().unwrap_or(-1), text)
}

/// The confirmation's block: from "About to execute" to the prompt.
fn confirmation(screen: &str) -> &str {
    let start = screen.find("About to execute").unwrap_or_else(|| panic!("no confirmation: {screen}"));
    let end = screen[start..].find("Type ").map(|e| start + e).unwrap_or(screen.len());
    &screen[start..end]
}

#[tokio::test]
async fn the_confirmation_of_a_delete_source_plan_says_the_department_is_deleted() {
    let (t, m) = TestDb::seeded().await;
    // A name with quotes and characters beyond ASCII.
    let name = "Support \"Nord\" Ünïcode ☃";
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": m.id("dept:acme/support") }, doc! { "$set": { "name": name } })
        .await
        .unwrap();
    let dir = t.tmp();
    let plan = t.scan(&dir, "bulk.json", &["department", "--from", name, "--to", "Archive", "--delete-source"]);
    let before = t.snapshot().await;
    let (code, screen) = on_terminal(&t, &["execute", &plan, "--no-progress"], "Archive");
    assert_eq!(code, 2, "{screen}");
    let said = confirmation(&screen);
    for words in [
        r#"DELETE department "Support \"Nord\" Ünïcode ☃" once the transfer leaves it empty"#,
        r#"move 2 users from department "Support \"Nord\" Ünïcode ☃" to "Archive", each in the same position: sue.head@acme.test, big.owner@acme.test"#,
        r#"re-point 5 documents from department "Support \"Nord\" Ünïcode ☃" to "Archive": contacts 2, conversations 1, promptCount 1, approvalPolicies 1"#,
    ] {
        assert!(said.contains(words), "the confirmation says {words:?}:\n{said}");
    }
    no_ids(said, &[]);
    assert!(screen.contains(&format!("Type the source department's name ({name}) to confirm")), "{screen}");
    assert!(screen.contains("The confirmation did not match; nothing was changed."), "{screen}");
    assert_eq!(t.snapshot().await, before, "a wrong answer changes nothing");
}

#[tokio::test]
async fn the_confirmation_names_who_leaves_what_the_roles_and_the_re_assignee() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    // An organization transfer with a new role.
    let org = t.scan(
        &dir,
        "org.json",
        &[
            "org",
            "--user",
            "sam.rep@acme.test",
            "--to-org",
            "Initech",
            "--role",
            "ADMIN",
            "--reassignee",
            "rita.rep@acme.test",
            "--to-department",
            "Onboarding",
        ],
    );
    // A reorganization: a new role and a re-assignee for one, others following their documents.
    let csv = dir.path().join("reorg.csv");
    std::fs::write(
        &csv,
        "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\nrita.rep@acme.test,Support,,\nbig.owner@acme.test,Sales,,\n",
    )
    .unwrap();
    let reorg = t.scan(&dir, "reorg.json", &["department", "--assignments", &s(&csv)]);
    let before = t.snapshot().await;

    let (code, screen) = on_terminal(&t, &["execute", &org, "--no-progress"], "rita.rep@acme.test");
    assert_eq!(code, 2, "{screen}");
    let said = confirmation(&screen);
    for words in [
        r#"take sam.rep@acme.test out of organization "Acme Corp" into "Initech", department "Onboarding" as a member"#,
        r#"take sam.rep@acme.test out of department "Sales""#,
        "change sam.rep@acme.test's accessRole: SALES_REP → ADMIN",
        r#"re-assign 147 documents to rita.rep@acme.test, staying in "Acme Corp": contacts 40, conversations 60, assigneeConversations 12"#,
        r#"move 12 documents with sam.rep@acme.test to "Initech": acquiredItems 5, emailAccounts 2"#,
    ] {
        assert!(said.contains(words), "the confirmation says {words:?}:\n{said}");
    }
    no_ids(said, &[]);
    assert!(screen.contains("Type the user's email (sam.rep@acme.test) to confirm"), "{screen}");

    let (code, screen) = on_terminal(&t, &["execute", &reorg, "--no-progress"], "nobody");
    assert_eq!(code, 2, "{screen}");
    let said = confirmation(&screen);
    for words in [
        r#"move sam.rep@acme.test from department "Sales" to "Marketing" as a manager; accessRole SALES_REP → DEPARTMENT_HEAD; what stays in "Sales" passes to dana.head@acme.test"#,
        r#"move rita.rep@acme.test from department "Sales" to "Support" as a member"#,
        r#"move big.owner@acme.test from department "Support" to "Sales" as a member"#,
        "move 93 documents with their owner to the owner's new department, or re-assign them to the owner's re-assignee",
    ] {
        assert!(said.contains(words), "the confirmation says {words:?}:\n{said}");
    }
    no_ids(said, &[]);
    assert_eq!(t.snapshot().await, before, "wrong answers change nothing");
}

#[tokio::test]
async fn an_unfinished_transfer_in_the_way_is_named_with_its_state_and_what_finishes_it() {
    let (t, _m) = TestDb::seeded_with(big(400)).await;
    let dir = t.tmp();
    // A bulk move of Support (sue, big) killed part-way: interrupted.
    let bulk = t.scan(&dir, "bulk.json", &["department", "--from", "Support", "--to", "Archive"]);
    t.cmd().env("TETHER_TRANSFER_CRASH_AT", "batch-committed#2").run(&["execute", &bulk, "-y", "--batch-size", "50"]);
    let id = t.last_transfer().await;
    let before = t.snapshot().await;

    // The re-assignee it froze: the cause is the transfer, not "inactive".
    let out = s(&dir.path().join("x.json"));
    let run = t.cmd().run(&[
        "scan",
        "department",
        "--user",
        "sue.head@acme.test",
        "--to",
        "Marketing",
        "--reassignee",
        "big.owner@acme.test",
        "--out",
        &out,
    ]);
    run.expect(5).says(&format!(
        "The re-assignee big.owner@acme.test is frozen (isActive: false) by transfer {id} (a department transfer, interrupted: no process is working on it), which has not finished."
    ))
    .says(&format!("Finish it with `tether-transfer execute --resume {id}`"));
    assert!(!run.stderr.contains("choose an active user"), "{}", run.stderr);
    no_ids(&run.stderr, &[&id]);

    // Another user of that transfer: a warning, in the plan and on stderr.
    let out = s(&dir.path().join("big.json"));
    let run = t.cmd().run(&["scan", "department", "--user", "big.owner@acme.test", "--to", "Marketing", "--out", &out]);
    run.expect(0).says(&format!(
        "warning: big.owner@acme.test and department \"Support\" are held by transfer {id} (a department transfer, interrupted: no process is working on it), which has not finished; execute refuses this plan until it has."
    ));
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let warning = plan["warnings"].as_array().unwrap().iter().find(|w| w["code"] == "unfinished_transfer");
    assert!(warning.is_some_and(|w| w["message"].as_str().unwrap().contains(&id)), "{}", plan["warnings"]);

    // Execute and approve of that plan: refused, naming it; nothing changes.
    let run = t.cmd().run(&["execute", &out, "-y"]);
    run.expect(5).says(&format!(
        "big.owner@acme.test and department \"Support\", of this plan, are held by transfer {id} (a department transfer, interrupted: no process is working on it), which has not finished."
    ));
    no_ids(&run.stderr, &[&id]);
    t.cmd()
        .env("TETHER_OPERATOR", "alice.admin@acme.test")
        .run(&["approve", &out])
        .expect(5)
        .says(&format!("held by transfer {id} (a department transfer, interrupted"));
    // The scans wrote plans only; the refusals nothing.
    assert_eq!(t.snapshot().await, before);

    // Resumed, then stopped by Ctrl-C: failed, which a rollback can also undo.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#2").spawn(&[
        "execute",
        "--resume",
        &id,
        "--batch-size",
        "50",
        "--no-progress",
    ]);
    stopped(child.id() as i32).await;
    interrupt_and_continue(child.id() as i32);
    finish(child).expect(7);
    let run = t.cmd().run(&["execute", &out, "-y"]);
    run.expect(5)
        .says(&format!("held by transfer {id} (a department transfer, failed part-way)"))
        .says(&format!("or undo what it did with `tether-transfer scan rollback {id} --out undo.json`"));

    // Finished: nothing in the way any more.
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    let out = s(&dir.path().join("rita.json"));
    let run = t.cmd().run(&["scan", "department", "--user", "rita.rep@acme.test", "--to", "Support", "--out", &out]);
    run.expect(0);
    assert!(!run.stderr.contains("held by transfer"), "{}", run.stderr);
}

#[tokio::test]
async fn a_stale_plan_names_who_changed_and_how() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "org.json", &[&SAM_TO_INITECH[..], &["--to-department", "Onboarding"]].concat());
    let users = t.db.collection::<Document>("users");
    users.update_one(doc! { "_id": m.id("user:sam") }, doc! { "$set": { "accessRole": "ADMIN" } }).await.unwrap();
    let before = t.snapshot().await;
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(4).says("sam.rep@acme.test (moving user) changed: accessRole SALES_REP → ADMIN");
    no_ids(&run.stderr, &[]);
    assert_eq!(t.snapshot().await, before);

    // A department renamed (quotes, beyond ASCII), and one a user left.
    users.update_one(doc! { "_id": m.id("user:sam") }, doc! { "$set": { "accessRole": "SALES_REP" } }).await.unwrap();
    let departments = t.db.collection::<Document>("departments");
    departments
        .update_one(
            doc! { "_id": m.id("dept:initech/onboarding") },
            doc! { "$set": { "name": "Onboarding \"Neu\" ☃" } },
        )
        .await
        .unwrap();
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(4).says(r#"since the scan, department "Onboarding" was renamed "Onboarding \"Neu\" ☃""#);
    no_ids(&run.stderr, &[]);
    let plan = t.scan(&dir, "dept.json", &SAM_TO_MARKETING);
    departments
        .update_one(doc! { "_id": m.id("dept:acme/sales") }, doc! { "$pull": { "members": m.id("user:rita") } })
        .await
        .unwrap();
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(4)
        .says("rita.rep@acme.test (re-assignee) changed: no longer in department \"Sales\"")
        .says("department \"Sales\" (source department) changed: no longer lists rita.rep@acme.test");
}

#[tokio::test]
async fn show_names_the_department_left_and_each_target_and_re_assignee() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let org = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    let run = t.cmd().run(&["show", &org]);
    run.expect(0);
    let row = run.stdout.lines().find(|l| l.contains("department left")).expect("the department left is listed");
    assert!(row.contains("\"Sales\""), "{row}");

    let csv = dir.path().join("reorg.csv");
    std::fs::write(
        &csv,
        "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\nrita.rep@acme.test,Support,,\nbig.owner@acme.test,Sales,,\n",
    )
    .unwrap();
    let reorg = t.scan(&dir, "reorg.json", &["department", "--assignments", &s(&csv)]);
    for command in [vec!["show", reorg.as_str()], vec!["show", reorg.as_str(), "--format", "markdown"]] {
        let run = t.cmd().run(&command);
        run.expect(0);
        let row = run.stdout.lines().find(|l| l.contains("contacts") && l.contains("followOrReassign")).unwrap();
        assert!(
            row.contains(r#"departmentId := the user's target department ("Support" for rita.rep@acme.test; "Sales" for big.owner@acme.test)"#)
                || row.contains(r#"departmentId := the user's target department (\"Support\" for rita.rep@acme.test; \"Sales\" for big.owner@acme.test)"#),
            "{row}"
        );
        assert!(row.contains("the user's re-assignee (dana.head@acme.test for sam.rep@acme.test)"), "{row}");
        no_ids(row, &[]);
    }
    // The scan's own table says the same.
    let out = s(&dir.path().join("again.json"));
    let run = t.cmd().run(&["scan", "department", "--assignments", &s(&csv), "--out", &out]);
    run.expect(0).prints(r#"("Support" for rita.rep@acme.test; "Sales" for big.owner@acme.test)"#);
}

#[tokio::test]
async fn show_of_an_edited_plan_says_which_part_differs_from_its_request() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let write = |name: &str, v: &serde_json::Value| {
        let p = s(&dir.path().join(name));
        std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
        p
    };
    // Resealed after the edit: the checksum matches, the parts do not.
    let mut email = v.clone();
    email["summary"]["users"][0]["email"] = serde_json::json!("someone@else.test");
    tether_transfer::plan::seal(&mut email);
    let p = write("email.json", &email);
    let run = t.cmd().run(&["show", &p]);
    run.expect(2).says(&format!(
        "The plan file {p} was edited after the scan: its summary's change 1 says \"sam.rep@acme.test: organizationId"
    ));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // Execute too: an email is in the user's fingerprint, so it was edited, not renamed since.
    t.cmd().run(&["execute", &p, "-y"]).expect(2).says(
        "The plan's summary (it says someone@else.test where the user, unchanged since the scan, is sam.rep@acme.test) is not what its request derives",
    );

    let mut taker = v.clone();
    taker["request"]["reassigneeUserId"] = serde_json::json!("6780000000002a0000000010");
    tether_transfer::plan::seal(&mut taker);
    let p = write("taker.json", &taker);
    t.cmd()
        .run(&["show", &p])
        .expect(2)
        .says("was edited after the scan: its summary and its request disagree on reassignee");

    // Not resealed: the checksum sentence, then the part.
    let mut kinds = v.clone();
    kinds["resources"][0]["change"] = serde_json::json!("userId := someone else");
    let p = write("kinds.json", &kinds);
    t.cmd().run(&["show", &p]).expect(2).says(
        "was modified after the scan (its checksum does not match): its resources' contacts says \"userId := someone else\" where its request (with the summary's names) derives \"userId := rita.rep@acme.test\"",
    );
}

#[tokio::test]
async fn report_text_has_a_header_and_names_beside_ids_looked_up_a_few_times() {
    let (t, m) = TestDb::seeded_with(big(3000)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "big.json", &tether_transfer::generator::BIG_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y", "--batch-size", "200"]).expect(0);
    let id = t.last_transfer().await;
    let run = t.cmd().env("TETHER_TRANSFER_PROFILE", "1").run(&["report", &id]);
    run.expect(0);
    let (head, rows) = run.stdout.split_once("\n\n").expect("a header, an empty line, the rows");
    assert!(
        head.starts_with(&format!("Report of transfer {id}: organization transfer of big.owner@acme.test, completed")),
        "{head}"
    );
    assert!(head.contains("ran by:     root@tether.test (declared)"), "{head}");
    assert!(head.contains("started:    20") && head.contains("ended:      20"), "{head}");
    no_ids(head, &[&id]);
    // Every user, department and organization id among the values has its name beside it.
    for (key, name) in [
        ("user:big", "(big.owner@acme.test)"),
        ("user:bob", "(bob.admin@acme.test)"),
        ("org:acme", "(organization \"Acme Corp\")"),
        ("org:initech", "(organization \"Initech\")"),
    ] {
        let hex = m.id(key).to_hex();
        let mut seen = 0;
        for (at, _) in rows.match_indices(&hex) {
            seen += 1;
            assert!(rows[at + hex.len()..].starts_with(&format!(" {name}")), "{hex} without {name}");
        }
        assert!(seen > 0, "{key} appears");
    }
    assert!(!rows.contains("$oid"), "no Extended JSON where a plain value reads");
    // Thousands of rows, a handful of look-ups: the names are looked up once.
    assert!(rows.lines().count() > 3000);
    let lookups = run
        .stderr
        .lines()
        .find(|l| l.contains("report: name lookups"))
        .map(|l| l.split_whitespace().rev().nth(1).unwrap().parse::<u64>().unwrap())
        .unwrap_or(0);
    assert!(lookups <= 12, "{lookups} look-ups:\n{}", run.stderr);

    // Ids the plan does not name (another approver, a colleague in a
    // department's members) are looked up: once per entry and collection.
    let (t, m) = TestDb::seeded().await;
    let plan = t.scan(&dir, "sam.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let run = t.cmd().env("TETHER_TRANSFER_PROFILE", "1").run(&["report", &id]);
    run.expect(0);
    for (key, name) in [("user:dana", "dana.head@acme.test"), ("user:ivan", "ivan.inactive@acme.test")] {
        let named = format!("{} ({name})", m.id(key).to_hex());
        assert!(run.stdout.contains(&named), "{named} in:\n{}", run.stdout);
    }
    let lookups = run
        .stderr
        .lines()
        .find(|l| l.contains("report: name lookups"))
        .map(|l| l.split_whitespace().rev().nth(1).unwrap().parse::<u64>().unwrap())
        .expect("some ids were looked up");
    assert!(lookups <= 8, "{lookups} look-ups for two entries with unknown ids:\n{}", run.stderr);
}
