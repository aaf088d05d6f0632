//! Names as people type them: did-you-mean for a name that matches nothing
//! (in the sentence and as `candidates` in the JSON error; never resolved
//! silently: exit 2, nothing written), and `find`, which looks names up.

use mongodb::bson::{Document, doc, oid::ObjectId};
use serde_json::Value;

use crate::common::*;

/// Runs `args` in text and in JSON: exit 2, `says` on stderr, the JSON
/// error's `code` and `candidates`; no plan file and the database unchanged.
async fn refused(
    t: &TestDb,
    cmd: impl Fn() -> Cmd,
    args: &[&str],
    says: &str,
    code: &str,
    candidates: &[&str],
) -> Value {
    let dir = t.tmp();
    let out = s(&dir.path().join("p.json"));
    let args: Vec<&str> = args.iter().map(|a| if *a == "OUT" { out.as_str() } else { a }).collect();
    let before = t.snapshot().await;
    let run = cmd().run(&args);
    run.expect(2).says(says);
    assert!(run.stderr.starts_with("error:") && run.stderr.matches("error:").count() == 1, "{}", run.stderr);
    let json = cmd().run(&[&args[..], &["--json"]].concat());
    json.expect(2);
    let v = json.json();
    assert_eq!(v["code"], code, "{args:?}: {v}");
    assert_eq!(v["exitCode"], 2);
    assert!(v["error"].as_str().unwrap().contains(says), "{v}");
    let want: Vec<Value> = candidates.iter().map(|c| Value::from(*c)).collect();
    assert_eq!(v.get("candidates").cloned().unwrap_or(Value::Array(vec![])), Value::Array(want), "{args:?}");
    assert!(!std::path::Path::new(&out).exists(), "{args:?} wrote a plan");
    assert_eq!(t.snapshot().await, before, "{args:?} changed the database");
    v
}

const SAM: &str = "sam.rep@acme.test";
const RITA: &str = "rita.rep@acme.test";

#[tokio::test]
async fn a_name_close_to_one_that_exists_is_offered_never_taken() {
    let (t, m) = TestDb::seeded().await;
    let root = || t.cmd();
    // Organizations: another case, a typo.
    for typed in ["globex", "GLOBEX", "Globx"] {
        let says = format!("No organization is named \"{typed}\" (--to-org); did you mean \"Globex\"?");
        refused(&t, root, &["preview", "--user", SAM, "--to-org", typed], &says, "not_found", &["Globex"]).await;
    }
    // A typo in an email, as the user and as the re-assignee.
    let says = "No user has the email alcie.admin@acme.test (--user); did you mean \"alice.admin@acme.test\"?";
    refused(
        &t,
        root,
        &["preview", "--user", "alcie.admin@acme.test", "--to-org", "Initech"],
        says,
        "not_found",
        &["alice.admin@acme.test"],
    )
    .await;
    let org = ["scan", "org", "--user", SAM, "--to-org", "Initech", "--role", "SALES_REP"];
    let says = "No user has the email rita.rep@acme.tset (--reassignee); did you mean \"rita.rep@acme.test\"?";
    refused(
        &t,
        root,
        &[&org[..], &["--reassignee", "rita.rep@acme.tset", "--out", "OUT"]].concat(),
        says,
        "not_found",
        &[RITA],
    )
    .await;
    // Departments in another case: of the organization in question only.
    let dept = ["scan", "department", "--user", SAM, "--reassignee", RITA, "--out", "OUT", "--to"];
    let says = "No department is named \"marketing\" (--to); did you mean \"Marketing\"?";
    refused(&t, root, &[&dept[..], &["marketing"]].concat(), says, "not_found", &["Marketing"]).await;
    let says = "No department is named \"onboardng\" (--to-department); did you mean \"Onboarding\"?";
    let with = [&org[..], &["--reassignee", RITA, "--to-department", "onboardng", "--out", "OUT"]].concat();
    refused(&t, root, &with, says, "not_found", &["Onboarding"]).await;
    let says = "No department is named \"suport\" (--from); did you mean \"Support\"?";
    refused(
        &t,
        root,
        &["scan", "department", "--from", "suport", "--to", "Archive", "--out", "OUT"],
        says,
        "not_found",
        &["Support"],
    )
    .await;
    // A user's part of an email, or their name, where an email belongs.
    let name: String = t.find_one("users", doc! { "email": SAM }).await.unwrap().get_str("name").unwrap().into();
    for typed in ["sam.rep", name.to_lowercase().as_str()] {
        let says = format!(
            "--user \"{typed}\" is neither a user's ObjectId (24 hexadecimal digits) nor an email address; did you mean \"{SAM}\" ({name})?"
        );
        refused(&t, root, &["preview", "--user", typed, "--to-org", "Initech"], &says, "usage", &[SAM]).await;
    }
    // Two organizations share the name suggested: the hint names both.
    let v = refused(
        &t,
        root,
        &["preview", "--user", SAM, "--to-org", "umbrela"],
        "did you mean \"Umbrella\"?",
        "not_found",
        &["Umbrella"],
    )
    .await;
    let (u1, u2) = (m.id("org:umbrella1").to_hex(), m.id("org:umbrella2").to_hex());
    assert_eq!(
        v["hint"],
        format!("2 organizations are named \"Umbrella\": pass one's ObjectId to --to-org ({u1}, {u2}).")
    );
    // Nothing close: the sentence alone, and where to look names up.
    let v = refused(
        &t,
        root,
        &["preview", "--user", SAM, "--to-org", "Hooli"],
        "No organization is named \"Hooli\" (--to-org).",
        "not_found",
        &[],
    )
    .await;
    assert!(v["hint"].as_str().unwrap().contains("tether-transfer find TEXT"), "{v}");
}

#[tokio::test]
async fn unicode_and_quotes_in_names_are_compared_by_character() {
    let (t, _) = TestDb::seeded().await;
    let names = ["Société Générale", "O'Brien \"Holdings\""];
    for n in names {
        t.db.collection::<Document>("organizations")
            .insert_one(doc! { "_id": ObjectId::new(), "name": n })
            .await
            .unwrap();
    }
    for (typed, meant) in
        [("SOCIÉTÉ GÉNÉRALE", names[0]), ("Societé Générale", names[0]), ("o'brien \"holdings\"", names[1])]
    {
        let says = format!("No organization is named \"{typed}\" (--to-org); did you mean \"{meant}\"?");
        refused(&t, || t.cmd(), &["preview", "--user", SAM, "--to-org", typed], &says, "not_found", &[meant]).await;
    }
}

/// An email matched in another case is the user's when one user has it so;
/// when two do (an index that compares case), the choice is the person's.
#[tokio::test]
async fn an_email_two_users_share_in_different_cases_is_a_choice_never_a_guess() {
    let (t, m) = TestDb::seeded().await;
    t.cmd().run(&["preview", "--user", "SAM.REP@ACME.TEST", "--to-org", "Initech"]).expect(0);
    let twin = ObjectId::new();
    t.db.collection::<Document>("users")
        .insert_one(doc! { "_id": twin, "email": "Sam.Rep@acme.test", "name": "Sam Twin", "organizationId": m.id("org:acme"), "accessRole": "SALES_REP", "isActive": true })
        .await
        .unwrap();
    let before = t.snapshot().await;
    let run = t.cmd().run(&["preview", "--user", "SAM.REP@ACME.TEST", "--to-org", "Initech"]);
    run.expect(2).says("The email SAM.REP@ACME.TEST is ambiguous (--user): 2 users have it in another case: ");
    run.says(&twin.to_hex()).says(&m.id("user:sam").to_hex());
    assert_eq!(t.snapshot().await, before);
    // Exactly as stored, each is itself.
    t.cmd().run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]).expect(0);
}

/// `typed` as the target department: refused, `meant` offered.
async fn offered(t: &TestDb, typed: &str, meant: &str) {
    let says = format!("No department is named \"{typed}\" (--to); did you mean \"{meant}\"?");
    let args = ["scan", "department", "--user", SAM, "--to", typed, "--out", "OUT"];
    refused(t, || t.cmd(), &args, &says, "not_found", &[meant]).await;
}

/// A name typed without its accents (or with others) is offered, never
/// taken, and `find` finds it, also where a deployment has too many names to
/// compare them all (beyond 1,000 departments, only those sharing the first
/// letters are read: read any accent).
#[tokio::test]
async fn a_name_typed_without_its_accents_is_offered_and_found() {
    let (t, m) = TestDb::seeded().await;
    let acme = m.id("org:acme");
    let depts = t.db.collection::<Document>("departments");
    for name in ["Zürich", "Île-de-France"] {
        let d = doc! { "_id": ObjectId::new(), "name": name, "organizationId": acme, "managers": [], "members": [] };
        depts.insert_one(d).await.unwrap();
    }
    offered(&t, "zurich", "Zürich").await;
    offered(&t, "ZÛRICH", "Zürich").await;
    offered(&t, "Ile de France", "Île-de-France").await;
    assert_eq!(names_of(&find(t.cmd(), &["zurich"]), "departments"), ["Zürich"]);
    assert_eq!(names_of(&find(t.cmd(), &["ILE-DE"]), "departments"), ["Île-de-France"]);
    assert_eq!(names_of(&find(t.cmd(), &["zür"]), "departments"), ["Zürich"], "typed with its accent, too");

    let fillers: Vec<Document> = (0..1_000)
        .map(|i| doc! { "_id": ObjectId::new(), "name": format!("Team {i:04}"), "organizationId": acme, "managers": [], "members": [] })
        .collect();
    depts.insert_many(fillers).await.unwrap();
    offered(&t, "zurich", "Zürich").await;
    offered(&t, "ile de France", "Île-de-France").await;
}

#[tokio::test]
async fn an_admin_is_offered_only_their_organizations_names() {
    let (t, _) = TestDb::seeded().await;
    let alice = || t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test");
    let args = ["scan", "department", "--user", "gina.rep@globex.tset", "--to", "Field", "--out", "OUT"];
    // A superadmin is offered Globex's user; Acme's ADMIN is not.
    refused(&t, || t.cmd(), &args, "did you mean \"gina.rep@globex.test\"?", "not_found", &["gina.rep@globex.test"])
        .await;
    let v = refused(&t, alice, &args, "No user has the email gina.rep@globex.tset (--user).", "not_found", &[]).await;
    assert!(!v.to_string().contains("gina.rep@globex.test"), "{v}");
    let args = ["scan", "department", "--user", "sam.rep@acme.tst", "--to", "Marketing", "--out", "OUT"];
    refused(&t, alice, &args, "did you mean \"sam.rep@acme.test\"?", "not_found", &[SAM]).await;
}

#[tokio::test]
async fn roles_and_profiles_are_offered_too() {
    let (t, _) = TestDb::seeded().await;
    // --role is clap's closed list: its own tip, also in another case, and as candidates.
    for typed in ["sales_rep", "SALES_RPE"] {
        let args = [
            "scan",
            "org",
            "--user",
            SAM,
            "--to-org",
            "Initech",
            "--role",
            typed,
            "--reassignee",
            RITA,
            "--out",
            "OUT",
        ];
        let v = refused(
            &t,
            || t.cmd(),
            &args,
            &format!("invalid value '{typed}' for '--role <ROLE>'"),
            "usage",
            &["SALES_REP"],
        )
        .await;
        let run = t.cmd().run(&args);
        run.says("tip: a similar value exists: 'SALES_REP'");
        assert!(v["error"].as_str().unwrap().starts_with("invalid value"), "{v}");
    }
    // An assignments file's role is read by the tool.
    let dir = t.tmp();
    let file = dir.path().join("a.csv");
    std::fs::write(&file, format!("user,targetDepartment,role\n{SAM},Marketing,SALES_RPE\n")).unwrap();
    let says = format!(
        "Line 2 of {}: the role \"SALES_RPE\" is not one a transfer may give (ADMIN, DEPARTMENT_HEAD or SALES_REP); did you mean \"SALES_REP\"?",
        s(&file)
    );
    refused(
        &t,
        || t.cmd(),
        &["scan", "department", "--assignments", &s(&file), "--out", "OUT"],
        &says,
        "usage",
        &["SALES_REP"],
    )
    .await;
    // A profile's name.
    std::fs::write(
        dir.path().join("config.toml"),
        "[profiles.production]\ndb = \"p\"\n[profiles.staging]\ndb = \"s\"\n",
    )
    .unwrap();
    let config = s(&dir.path().join("config.toml"));
    let cmd = || Cmd::new().env("TETHER_CONFIG", &config);
    let says =
        format!("There is no profile stagin in {config}; did you mean \"staging\"? Its profiles: production, staging.");
    refused(&t, cmd, &["--profile", "stagin", "status"], &says, "usage", &["staging"]).await;
    let says = format!("There is no profile prod in {config}; its profiles: production, staging.");
    refused(&t, cmd, &["--profile", "prod", "status"], &says, "usage", &[]).await;
}

/// `find`'s JSON.
fn find(cmd: Cmd, args: &[&str]) -> Value {
    let run = cmd.run(&[&["find"], args, &["--json"]].concat());
    run.expect(0);
    run.json()
}

fn emails(v: &Value) -> Vec<&str> {
    v["users"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect()
}

fn names_of<'a>(v: &'a Value, kind: &str) -> Vec<&'a str> {
    v[kind].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn find_looks_up_users_organizations_and_departments() {
    let (t, m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    // By part of an email: a table on stdout, the count on stderr.
    let run = t.cmd().run(&["find", "sam"]);
    run.expect(0).prints("sam.rep@acme.test").prints(&m.id("user:sam").to_hex());
    run.says("1 user, 0 organizations, 0 departments hold \"sam\" in every organization.");
    // By name, any case.
    let name: String = t.find_one("users", doc! { "email": SAM }).await.unwrap().get_str("name").unwrap().into();
    assert!(emails(&find(t.cmd(), &[&name.to_uppercase()])).contains(&SAM));
    // The JSON's shape.
    let v = find(t.cmd(), &["ini"]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["text", "organization", "limit", "users", "organizations", "departments", "more"]);
    assert_eq!(v["organizations"], serde_json::json!([{ "id": m.id("org:initech").to_hex(), "name": "Initech" }]));
    let ian = v["users"].as_array().unwrap().iter().find(|u| u["email"] == "ian.admin@initech.test").unwrap();
    let user_keys: Vec<&str> = ian.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(user_keys, ["id", "email", "name", "role", "isActive", "organization"]);
    assert_eq!(ian["organization"], serde_json::json!({ "id": m.id("org:initech").to_hex(), "name": "Initech" }));
    assert_eq!(ian["role"], "ADMIN");
    assert_eq!(v["organization"], Value::Null);
    assert_eq!(v["limit"], 20);
    assert_eq!(v["more"], serde_json::json!({ "users": false, "organizations": false, "departments": false }));
    // Two organizations with one name: both, each with its id.
    let v = find(t.cmd(), &["umbrella"]);
    let ids: Vec<&str> = v["organizations"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [m.id("org:umbrella1").to_hex(), m.id("org:umbrella2").to_hex()]);
    // Scoped by --org (a name or an id): Acme's Sales, not Globex's.
    for org in ["Acme Corp", &m.id("org:acme").to_hex()] {
        let v = find(t.cmd(), &["sales", "--org", org]);
        let depts = v["departments"].as_array().unwrap();
        assert_eq!(depts.len(), 1, "{v}");
        assert_eq!(depts[0]["id"], m.id("dept:acme/sales").to_hex());
        assert_eq!(v["organization"]["name"], "Acme Corp");
    }
    let all = find(t.cmd(), &["sales"]);
    assert_eq!(names_of(&all, "departments"), ["Sales", "Sales"]);
    // A mistyped --org: did-you-mean, exit 2.
    refused(
        &t,
        || t.cmd(),
        &["find", "x", "--org", "acme corp"],
        "did you mean \"Acme Corp\"?",
        "not_found",
        &["Acme Corp"],
    )
    .await;
    // --limit, and whether there are more.
    let v = find(t.cmd(), &["acme", "--limit", "2"]);
    assert_eq!(emails(&v).len(), 2);
    assert_eq!(v["more"]["users"], true);
    let run = t.cmd().run(&["find", "acme", "--limit", "2"]);
    run.expect(0).says("There are more users than --limit 2 shows: give more of the name, or a higher --limit.");
    // Nothing: exit 0, said on stderr.
    let run = t.cmd().run(&["find", "nobody-at-all"]);
    run.expect(0).says("Nothing holds \"nobody-at-all\" in every organization.");
    assert!(run.stdout.is_empty());
    assert_eq!(t.snapshot().await, before, "find reads only");
}

#[tokio::test]
async fn find_takes_its_text_literally() {
    let (t, m) = TestDb::seeded().await;
    let acme = m.id("org:acme");
    let users = t.db.collection::<Document>("users");
    for (email, name) in
        [("a.b@meta.test", "Dot Literal"), ("axb@meta.test", "Any Char"), ("paren@meta.test", "Paren (Test) [x]*")]
    {
        let u = doc! { "_id": ObjectId::new(), "email": email, "name": name, "organizationId": acme, "accessRole": "SALES_REP", "isActive": true };
        users.insert_one(u).await.unwrap();
    }
    assert_eq!(emails(&find(t.cmd(), &["a.b"])), ["a.b@meta.test"]);
    for text in ["(", "(Test)", "[x]*", ")"] {
        assert_eq!(emails(&find(t.cmd(), &[text])), ["paren@meta.test"], "{text}");
    }
    for text in ["^a", "b$", ".*", "\\", "a|b", "{1}"] {
        assert!(emails(&find(t.cmd(), &[text])).is_empty(), "{text}");
    }
}

#[tokio::test]
async fn find_shows_an_admin_their_own_organization_only() {
    let (t, m) = TestDb::seeded().await;
    let alice = || t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test");
    let v = find(alice(), &["sales"]);
    assert_eq!(v["organization"]["id"], m.id("org:acme").to_hex());
    assert_eq!(v["departments"].as_array().unwrap().len(), 1);
    assert!(find(alice(), &["gina"])["users"].as_array().unwrap().is_empty(), "Globex's users are not shown");
    assert_eq!(names_of(&find(alice(), &["e"]), "organizations"), ["Acme Corp"]);
    let run = alice().run(&["find", "", "--limit", "1000"]);
    run.expect(0);
    assert!(!run.stdout.contains("@globex.test") && !run.stdout.contains("Initech"), "{}", run.stdout);
    // Their own organization by --org is theirs; another is refused without being named.
    assert_eq!(find(alice(), &["sam", "--org", "Acme Corp"])["users"][0]["email"], SAM);
    let run = alice().run(&["find", "x", "--org", "Globex"]);
    run.expect(6).says("may look up names only in their own organization \"Acme Corp\"");
    let run = alice().run(&["find", "x", "--org", "Glbex"]);
    run.expect(6);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    // A user who is no ADMIN or SUPERADMIN may not.
    t.cmd().env("TETHER_OPERATOR", SAM).run(&["find", "x"]).expect(6).says("may not look up names");
}
