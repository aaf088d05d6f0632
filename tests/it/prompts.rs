//! Prompts for what a scan or a preview was not given, driven on a real
//! pseudo-terminal as a person would: typing part of a name, Enter. The
//! plan they write is the one the printed flags write; without a
//! terminal, with --no-input or --json, nothing is asked.

use std::path::Path;
use std::time::Duration;

use mongodb::bson::{doc, oid::ObjectId};
use serde_json::Value;

use crate::common::*;
use crate::pty::Pty;

const WAIT: Duration = Duration::from_secs(20);

/// The binary on a terminal wide enough for the printed command line, in `dir`.
fn spawn_in(cmd: Cmd, args: &[&str], dir: &Path) -> Pty {
    let mut c = cmd.command(args);
    c.current_dir(dir);
    Pty::spawn(c, 40, 250)
}

/// Types `text` a key at a time, as a person would; then Enter, and waits
/// for the screen to show `next`.
fn answer(pty: &mut Pty, text: &str, next: &str) {
    for c in text.chars() {
        pty.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(40));
    }
    // The list has redrawn with the best match highlighted first.
    std::thread::sleep(Duration::from_millis(150));
    pty.send("\r");
    pty.wait_still(next, WAIT);
}

/// The request a plan asks for (its scanVersion, a time, apart).
fn request(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let mut r = v["request"].take();
    r.as_object_mut().unwrap().remove("scanVersion");
    r
}

/// The command line the prompts printed, to say the same without questions.
fn printed(transcript: &str) -> String {
    let lines: Vec<&str> = transcript.lines().collect();
    let at =
        lines.iter().position(|l| l.contains("The same without questions:")).unwrap_or_else(|| panic!("{transcript}"));
    lines[at + 1].trim().to_string()
}

/// The line where a question was answered.
fn answered<'a>(transcript: &'a str, question: &str) -> &'a str {
    transcript.lines().find(|l| l.contains(question)).unwrap_or_else(|| panic!("no {question:?}:\n{transcript}"))
}

#[tokio::test]
async fn scan_org_asks_for_each_flag_from_the_database_and_prints_them_all() {
    let (t, m) = TestDb::seeded().await;
    let (asked, flags, again) = (t.tmp(), t.tmp(), t.tmp());
    let before = t.snapshot().await;
    let mut pty = spawn_in(t.cmd(), &["scan", "org"], asked.path());
    let first = pty.wait_still("User to move", WAIT);
    // Users by email and name, with their role and organization; no superadmin.
    assert!(first.contains("sam.rep@acme.test  (") && first.contains("SALES_REP, Acme Corp"), "{first}");
    assert!(!first.contains("root@tether.test"), "a superadmin cannot be moved:\n{first}");
    answer(&mut pty, "sam", "Organization to move to");
    let orgs = pty.screen();
    // A row of the list: a marker (or a blank), a space, the item.
    let listed =
        |screen: &str, item: &str| screen.lines().any(|l| l.chars().skip(2).collect::<String>().starts_with(item));
    assert!(listed(&orgs, "Initech") && listed(&orgs, "Globex"), "{orgs}");
    assert!(!listed(&orgs, "Acme Corp"), "the user's own organization is not a target:\n{orgs}");
    for umbrella in ["org:umbrella1", "org:umbrella2"] {
        assert!(listed(&orgs, &format!("Umbrella ({})", m.id(umbrella))), "a shared name shows the id:\n{orgs}");
    }
    answer(&mut pty, "ini", "Department to join");
    let depts = pty.screen();
    assert!(depts.contains("(none: join no department)") && depts.contains("Onboarding"), "{depts}");
    assert!(!depts.contains("Marketing"), "only the target organization's departments:\n{depts}");
    answer(&mut pty, "onb", "Role");
    assert!(pty.screen().contains("SALES_REP (current role)"), "{}", pty.screen());
    answer(&mut pty, "", "Re-assignee");
    let takers = pty.screen();
    assert!(takers.contains("rita.rep@acme.test"), "{takers}");
    assert!(!takers.contains("ivan.inactive@acme.test"), "active users only:\n{takers}");
    assert!(!takers.contains("@globex.test") && !listed(&takers, "sam.rep@acme.test"), "{takers}");
    answer(&mut pty, "rita", "Plan file");
    assert!(pty.screen().contains("sam.rep-to-initech-onboarding.json"), "the default: {}", pty.screen());
    pty.send("\r");
    let code = pty.wait();
    let all = pty.transcript();
    println!("{all}");
    assert_eq!(code, 0, "{all}");
    assert!(answered(&all, "User to move").contains("sam.rep@acme.test"), "{all}");
    assert!(answered(&all, "Organization to move to").contains("Initech"), "{all}");
    assert!(answered(&all, "Department to join").contains("Onboarding"), "{all}");
    assert!(answered(&all, "Re-assignee").contains("rita.rep@acme.test"), "{all}");
    let line = printed(&all);
    assert_eq!(
        line,
        "tether-transfer scan org --user sam.rep@acme.test --to-org Initech --to-department Onboarding \
         --role SALES_REP --reassignee rita.rep@acme.test --out sam.rep-to-initech-onboarding.json"
    );
    let plan = asked.path().join("sam.rep-to-initech-onboarding.json");
    assert!(all.contains("Plan written to sam.rep-to-initech-onboarding.json"), "{all}");

    // The same request as the flags a person would have typed, and as the printed line.
    let out = s(&flags.path().join("p.json"));
    let mut by_hand = SAM_TO_INITECH.to_vec();
    by_hand.splice(0..0, ["scan"]);
    by_hand.extend(["--to-department", "Onboarding", "--out", &out]);
    t.cmd().run(&by_hand).expect(0);
    assert_eq!(request(&plan), request(Path::new(&out)));
    t.cmd().shell(&line, again.path()).expect(0);
    assert_eq!(request(&plan), request(&again.path().join("sam.rep-to-initech-onboarding.json")));
    assert_eq!(t.snapshot().await, before, "a scan writes a plan, not the database");
}

#[tokio::test]
async fn an_admins_department_scan_offers_their_organization_and_quotes_messy_names() {
    let (t, m) = TestDb::seeded().await;
    // A department whose name holds unicode, quotes and a shell's & (messy data as it is).
    let messy = "Zürich \"Nord\" & O'Brien";
    let id = ObjectId::new();
    let d = doc! { "_id": id, "organizationId": m.id("org:acme"), "name": messy, "managers": [], "members": [] };
    t.db.collection("departments").insert_one(d).await.unwrap();
    let (asked, again) = (t.tmp(), t.tmp());
    let alice = || t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test");
    let mut pty = spawn_in(alice(), &["scan", "department"], asked.path());
    let users = pty.wait_still("User to move", WAIT);
    assert!(users.contains("sam.rep@acme.test"), "{users}");
    assert!(
        !users.contains("@globex.test") && !users.contains("@initech.test"),
        "an ADMIN's own organization only:\n{users}"
    );
    answer(&mut pty, "sam", "Department to move to");
    let depts = pty.screen();
    assert!(depts.contains(messy) && depts.contains("Marketing"), "{depts}");
    assert!(
        !depts.contains("  Sales") && !depts.contains("Field"),
        "not the current one, nor another organization's:\n{depts}"
    );
    answer(&mut pty, "rich", "Role");
    assert!(pty.screen().contains("SALES_REP (current role, unchanged)"), "{}", pty.screen());
    answer(&mut pty, "", "Re-assignee");
    let takers = pty.screen();
    assert!(takers.contains("(none: what sam.rep@acme.test has in \"Sales\" moves with them)"), "{takers}");
    assert!(
        takers.contains("dana.head@acme.test") && !takers.contains("bob.admin@acme.test"),
        "the department's users:\n{takers}"
    );
    answer(&mut pty, "rita", "Plan file");
    answer(&mut pty, "sam's plan.json", "Plan written to");
    let code = pty.wait();
    let all = pty.transcript();
    println!("{all}");
    assert_eq!(code, 0, "{all}");
    let line = printed(&all);
    assert_eq!(
        line,
        "tether-transfer scan department --user sam.rep@acme.test --to 'Zürich \"Nord\" & O'\\''Brien' \
         --reassignee rita.rep@acme.test --out 'sam'\\''s plan.json'"
    );
    let plan = asked.path().join("sam's plan.json");
    let r = request(&plan);
    assert_eq!(r["assignments"][0]["targetDepartmentId"], id.to_hex());
    assert!(r["assignments"][0].get("newAccessRole").is_none(), "the role kept: no --role: {r}");
    alice().shell(&line, again.path()).expect(0);
    assert_eq!(r, request(&again.path().join("sam's plan.json")));
    // An operator who may not act is told so before any list.
    let mut pty = spawn_in(t.cmd().env("TETHER_OPERATOR", "sam.rep@acme.test"), &["scan", "department"], again.path());
    assert_eq!(pty.wait(), 6);
    assert!(!pty.transcript().contains("User to move") && pty.transcript().contains("may not"), "{}", pty.transcript());
    // A user in no department leaves nothing behind: no re-assignee is asked.
    let mut pty = spawn_in(t.cmd(), &["scan", "department", "--to", "Marketing"], again.path());
    pty.wait_still("User to move", WAIT);
    answer(&mut pty, "alice.ad", "Role");
    answer(&mut pty, "", "Plan file");
    pty.send("\x03");
    assert_eq!(pty.wait(), 2);
    assert!(!pty.transcript().contains("Re-assignee"), "{}", pty.transcript());
}

#[tokio::test]
async fn a_name_two_organizations_share_is_printed_as_the_chosen_ones_id() {
    let (t, m) = TestDb::seeded().await;
    let (asked, again) = (t.tmp(), t.tmp());
    let mut pty = spawn_in(t.cmd(), &["preview"], asked.path());
    pty.wait_still("User to count for", WAIT);
    answer(&mut pty, "uma", "Organization to move to");
    answer(&mut pty, "umb", "Preview:");
    let code = pty.wait();
    let all = pty.transcript();
    assert_eq!(code, 0, "{all}");
    let umbrella2 = m.id("org:umbrella2").to_hex();
    let line = printed(&all);
    assert_eq!(line, format!("tether-transfer preview --user uma.admin@umbrella.test --to-org {umbrella2}"));
    let run = t.cmd().shell(&format!("{line} --json"), again.path());
    run.expect(0);
    assert!(all.contains(&format!("to \"Umbrella\" ({umbrella2})")), "{all}");
    // Asked or given, the same counts.
    let given = t.cmd().run(&["preview", "--user", "uma.admin@umbrella.test", "--to-org", &umbrella2, "--json"]);
    assert_eq!(run.json(), given.json());
}

#[tokio::test]
async fn escape_or_ctrl_c_at_a_question_cancels_and_writes_nothing() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.snapshot().await;
    let cases: [(&[&str], &str, &str); 4] = [
        (&["scan", "org"], "User to move", "\x1b"),
        (&["scan", "org", "--user", "sam.rep@acme.test"], "Organization to move to", "\x03"),
        (&["scan", "department", "--user", "sam.rep@acme.test", "--to", "Marketing"], "Plan file", "\x03"),
        (&["preview"], "User to count for", "\x03"),
    ];
    for (args, question, key) in cases {
        let mut pty = spawn_in(t.cmd(), args, dir.path());
        pty.wait_still(question, WAIT);
        std::thread::sleep(Duration::from_millis(100));
        pty.send(key);
        let code = pty.wait();
        let all = pty.transcript();
        assert_eq!(code, 2, "{args:?} {key:?}:\n{all}");
        assert!(all.contains("error: Cancelled at the prompt; nothing was written."), "{args:?}:\n{all}");
        assert_eq!(all.matches("error:").count(), 1, "{all}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{args:?} wrote a file");
        // The cursor is shown again.
        assert!(!all.contains("Scanning"), "{all}");
    }
    assert_eq!(t.snapshot().await, before);
}

#[tokio::test]
async fn without_a_terminal_with_no_input_or_json_nothing_is_asked() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    // No terminal (standard input and output are pipes): the missing flags, named.
    let cases: [(&[&str], &str); 5] = [
        (&["scan", "org"], "--user <USER>, --to-org <ORG>, --role <ROLE>, --reassignee <USER>, --out <PLAN>."),
        (
            &["scan", "org", "--user", "sam.rep@acme.test", "--role", "SALES_REP"],
            "--to-org <ORG>, --reassignee <USER>, --out <PLAN>.",
        ),
        (
            &["scan", "department"],
            "--user <USER> (or --from <DEPT>, or --assignments <FILE>), --to <DEPT>, --out <PLAN>.",
        ),
        (&["scan", "department", "--from", "Support"], "--to <DEPT>, --out <PLAN>."),
        (&["preview", "--user", "sam.rep@acme.test"], "--to-org <ORG>."),
    ];
    for (args, missing) in cases {
        let run = t.cmd().run(args);
        run.expect(2).says(&format!("error: Missing required flags: {missing}"));
        run.says("hint: Give them, or run the command on a terminal to choose each from a list.");
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        let json = t.cmd().run(&[args, &["--json"]].concat());
        json.expect(2);
        assert_eq!(json.json()["code"], "usage");
        assert!(json.json()["error"].as_str().unwrap().contains(missing), "{}", json.stdout);
    }
    // Nothing is asked before the server is even reached.
    let run = Cmd::new().env("MONGODB_URI", "mongodb://127.0.0.1:1/").run(&["scan", "org"]);
    run.expect(2).says("Missing required flags");
    // On a terminal, --no-input and --json ask nothing either.
    for (flag, says) in [
        ("--no-input", "hint: Give them, or leave out --no-input to choose each from a list."),
        ("--json", "\"code\": \"usage\""),
    ] {
        let mut pty = spawn_in(t.cmd(), &["scan", "org", "--user", "sam.rep@acme.test", flag], dir.path());
        let code = pty.wait();
        let all = pty.transcript();
        assert_eq!(code, 2, "{flag}:\n{all}");
        assert!(all.contains("Missing required flags: --to-org <ORG>") && all.contains(says), "{flag}:\n{all}");
        assert!(!all.contains("Organization to move to"), "{flag} asked:\n{all}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn a_bulk_move_or_a_file_asks_only_what_it_lacks() {
    let (t, _) = TestDb::seeded().await;
    let (asked, again) = (t.tmp(), t.tmp());
    // --from: where to, among its organization's other departments, and the plan.
    let mut pty = spawn_in(t.cmd(), &["scan", "department", "--from", "Support", "--delete-source"], asked.path());
    let depts = pty.wait_still("Department to move them to", WAIT);
    assert!(depts.contains("Archive") && !depts.contains("Field"), "{depts}");
    answer(&mut pty, "arch", "Plan file");
    assert!(pty.screen().contains("support-to-archive.json"), "{}", pty.screen());
    pty.send("\r");
    let code = pty.wait();
    let all = pty.transcript();
    assert_eq!(code, 0, "{all}");
    assert!(!all.contains("Role") && !all.contains("Re-assignee"), "a bulk move keeps roles:\n{all}");
    let line = printed(&all);
    assert_eq!(
        line,
        "tether-transfer scan department --from Support --to Archive --delete-source --out support-to-archive.json"
    );
    t.cmd().shell(&line, again.path()).expect(0);
    let name = Path::new("support-to-archive.json");
    assert_eq!(request(&asked.path().join(name)), request(&again.path().join(name)));
    // --assignments: the plan file only; and global flags given are printed as given.
    std::fs::write(asked.path().join("config.toml"), "[profiles.here]\n").unwrap();
    std::fs::write(asked.path().join("registry.json"), "{}").unwrap();
    std::fs::write(
        asked.path().join("reorg.csv"),
        "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,,rita.rep@acme.test\n",
    )
    .unwrap();
    let globals =
        ["--profile", "here", "--uri", &t.uri, "--db", &t.name, "--operator", ROOT, "--resources", "registry.json"];
    let args = [&globals[..], &["scan", "department", "--assignments", "reorg.csv"]].concat();
    let config = s(&asked.path().join("config.toml"));
    let mut pty = spawn_in(t.cmd().env("TETHER_CONFIG", &config), &args, asked.path());
    pty.wait_still("Plan file", WAIT);
    assert!(pty.screen().contains("reorg-plan.json"), "{}", pty.screen());
    pty.send("\r");
    let code = pty.wait();
    let all = pty.transcript();
    assert_eq!(code, 0, "{all}");
    let db = &t.name;
    assert_eq!(
        printed(&all),
        // A connection string is never printed (it may hold a password).
        format!(
            "tether-transfer --profile here --db {db} --operator {ROOT} --resources registry.json \
             scan department --assignments reorg.csv --out reorg-plan.json"
        )
    );
}

#[tokio::test]
async fn more_users_than_a_list_holds_are_narrowed_by_part_of_a_name_first() {
    let (t, m) = TestDb::seeded().await;
    let many: Vec<mongodb::bson::Document> = (0..2_001)
        .map(|i| doc! { "_id": ObjectId::new(), "email": format!("crowd{i:04}@initech.test"), "name": format!("Crowd {i}"), "organizationId": m.id("org:initech"), "accessRole": "SALES_REP", "isActive": true })
        .collect();
    t.db.collection("users").insert_many(many).await.unwrap();
    let dir = t.tmp();
    let mut pty = spawn_in(t.cmd(), &["preview"], dir.path());
    pty.wait_still("User to count for: more than 2000 users; type part of the email or name", WAIT);
    answer(&mut pty, "nobody-here", "no user holds \"nobody-here\"");
    answer(&mut pty, "sam.r", "sam.rep@acme.test  (");
    let list = pty.screen();
    assert!(!list.contains("crowd"), "{list}");
    answer(&mut pty, "", "Organization to move to");
    answer(&mut pty, "ini", "Preview:");
    let code = pty.wait();
    let all = pty.transcript();
    assert_eq!(code, 0, "{all}");
    assert_eq!(printed(&all), "tether-transfer preview --user sam.rep@acme.test --to-org Initech");
}

#[tokio::test]
async fn standard_error_not_a_terminal_asks_nothing() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let errors = dir.path().join("stderr.txt");
    let file = std::fs::File::create(&errors).unwrap();
    let mut c = t.cmd().command(&["scan", "org", "--user", "sam.rep@acme.test"]);
    c.current_dir(dir.path());
    let mut pty = Pty::spawn_with(c, 40, 250, Some(file.into()));
    let code = pty.wait();
    let said = std::fs::read_to_string(&errors).unwrap();
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("Missing required flags: --to-org <ORG>, --role <ROLE>, --reassignee <USER>, --out <PLAN>."),
        "{said}"
    );
    assert!(!said.contains("Organization to move to") && !pty.transcript().contains("Organization"), "{said}");
}
