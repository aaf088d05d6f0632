//! The promises that must hold against variations (transfers.md): a policy
//! read strictly, no part of a secret in any output, an identity that gave
//! credentials never declared, every run of a transfer recorded with who ran
//! it, approvals judged where the transfer starts, and exit 0 only when
//! everything is where the plan (or the rollback) puts it.

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::approvals::{Deployment, PW, plan_json, write_policy};
use crate::common::*;

/// The policy as an administrator may have edited it, `key` set to `value`
/// (None: removed).
async fn edit_policy(t: &TestDb, key: &str, value: Option<Bson>) {
    write_policy(t, 1, true).await;
    let update = match value {
        Some(v) => doc! { "$set": { key: v } },
        None => doc! { "$unset": { key: "" } },
    };
    t.db.collection::<Document>("tether_transfer_policy").update_one(doc! {}, update).await.unwrap();
}

#[tokio::test]
async fn a_policy_is_read_strictly_and_one_that_cannot_be_read_stops_execute_and_approve() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let cases: [(&str, Option<Bson>, &str); 11] = [
        ("orgApprovals", Some(Bson::Double(-2.0)), "orgApprovals is -2.0, not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::Double(0.4)), "orgApprovals is 0.4, not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::Double(f64::NAN)), "orgApprovals is NaN, not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::Int64(11)), "orgApprovals is 11, not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::Int32(-1)), "orgApprovals is -1, not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::String("1".into())), "orgApprovals is \"1\", not a whole number from 0 to 10"),
        ("orgApprovals", Some(Bson::Null), "orgApprovals is null, not a whole number from 0 to 10"),
        ("orgApprovals", None, "orgApprovals is missing"),
        ("expireAfterHours", Some(Bson::Int32(0)), "expireAfterHours is 0, not a whole number from 1 to 8760"),
        ("declaredMayApprove", Some(Bson::Int32(1)), "declaredMayApprove is 1, not true or false"),
        ("version", Some(Bson::Double(1.5)), "version is 1.5, not a count"),
    ];
    for (key, value, says) in cases {
        edit_policy(&t, key, value.clone()).await;
        let before = t.snapshot().await;
        let sentence = format!("The approval policy in tether_transfer_policy cannot be read: {says}.");
        t.cmd().run(&["execute", &plan, "-y"]).expect(1).says(&sentence);
        t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(1).says(&sentence);
        assert_eq!(t.snapshot().await, before, "{key} = {value:?}: a refusal changed the database");
    }
    // A whole number of any numeric type reads as itself.
    for value in [Bson::Double(1.0), Bson::Int64(1), Bson::Int32(1)] {
        edit_policy(&t, "orgApprovals", Some(value)).await;
        t.cmd().run(&["policy", "show"]).expect(0).prints("organization transfers need  1 approval\n");
        t.cmd().run(&["execute", &plan, "-y"]).expect(6).says("0 of the 1 approval");
    }
}

/// Pieces of a password a message could show: each run of 3 or more
/// characters between the characters a URI reserves, as written and decoded.
fn pieces(password: &str) -> Vec<String> {
    let decoded = password
        .replace("%2F", "/")
        .replace("%3F", "?")
        .replace("%40", "@")
        .replace("%3A", ":")
        .replace("%25", "%")
        .replace("%23", "#");
    let mut out: Vec<String> = Vec::new();
    for p in [password, decoded.as_str()] {
        out.push(p.to_string());
        out.extend(p.split(['/', '?', '@', ':', '%', '#']).filter(|s| s.len() >= 3).map(str::to_string));
    }
    out
}

#[track_caller]
fn shows_none(run: &Run, password: &str, what: &str) {
    for piece in pieces(password) {
        assert!(!run.all().contains(&piece), "{what}: {piece:?} of the password shows:\n{}", run.all());
    }
}

#[tokio::test]
async fn no_part_of_a_password_shows_whatever_it_holds_and_however_it_is_written() {
    let (t, _) = TestDb::seeded().await;
    let host = base_uri().trim_start_matches("mongodb://").to_string();
    // Unencoded reserved characters (the driver refuses these), and encoded ones.
    let passwords = [
        "Zx/9kQwerty",
        "Zx?9kQwerty",
        "Zx?9k=Qwerty",
        "p@ssWordy@2",
        "Qx7:Vb9:Kt4",
        "50%offNow",
        "hQsh#tXgged",
        "Zx%2F9k%3FQ%40w%3Ax%25y",
    ];
    for pw in passwords {
        for (uri, refused) in [
            (format!("mongodb://ops:{pw}@{host}/"), false),
            (format!("mongodb://ops:{pw}@127.0.0.1:1/?authSource=admin"), true),
        ] {
            let base = || Cmd::new().env("MONGODB_URI", &uri).env("TETHER_DB", &t.name);
            for args in [&["config", "show"][..], &["config", "show", "--json"]] {
                let run = base().run(args);
                run.expect(0);
                shows_none(&run, pw, &format!("{args:?} of {uri}"));
                assert!(run.stdout.contains("ops:****@"), "{}", run.stdout);
            }
            // Typed where another argument belongs: clap's words, or the
            // tool's, quote it without its secrets.
            let misplaced = [
                vec!["--uri", &t.uri, "status", &uri],
                vec!["--uri", &t.uri, "scan", "org", "--role", &uri],
                vec!["--uri", &t.uri, "scan", "org", "--role", &uri, "--json"],
            ];
            for args in &misplaced {
                let run = Cmd::new().env("TETHER_DB", &t.name).env("TETHER_OPERATOR", ROOT).run(args);
                assert_eq!(run.code, 2, "{args:?}: {}", run.all());
                shows_none(&run, pw, &format!("{args:?}"));
            }
            for args in [
                &["status", "--connect-timeout", "1"][..],
                &["status", "--connect-timeout", "1", "--debug"],
                &["status", "--connect-timeout", "1", "--json", "--debug"],
                &["--uri", &uri, "status", "--connect-timeout", "1", "--json"],
            ] {
                let run = base().run(args);
                assert_ne!(run.code, 0, "{uri}");
                shows_none(&run, pw, &format!("{args:?} ({})", if refused { "refused port" } else { "server" }));
            }
        }
    }
    // A secret option whose value holds an unencoded &: all of it is secret.
    let uri =
        format!("mongodb://{host}/?proxyHost=127.0.0.1&proxyPort=1&proxyUsername=u&proxyPassword=Pr0xy&S3cretTail");
    let base = || Cmd::new().env("MONGODB_URI", &uri).env("TETHER_DB", &t.name);
    for args in
        [&["config", "show"][..], &["config", "show", "--json"], &["status", "--connect-timeout", "1", "--debug"]]
    {
        let run = base().run(args);
        shows_none(&run, "Pr0xy&S3cretTail", &format!("{args:?}"));
        shows_none(&run, "S3cretTail", &format!("{args:?}"));
    }
}

#[tokio::test]
async fn a_detached_run_gets_its_secrets_on_stdin_never_in_its_arguments_or_environment() {
    let d = Deployment::new().await;
    let password = "Zx/9k?Q@:%w0rd";
    d.t.db
        .run_command(doc! { "createUser": "root@tether.test-2", "pwd": password, "roles": [
            { "role": "readWrite", "db": &d.t.name }, { "role": "dbAdmin", "db": &d.t.name },
        ] })
        .await
        .unwrap();
    // The database user is mapped to root by an administrator's entry.
    let root = d.t.find_one("users", doc! { "email": "root@tether.test" }).await.unwrap();
    d.t.db
        .collection::<Document>("tether_transfer_identities")
        .insert_one(
            doc! { "dbUser": "root@tether.test-2", "authDb": &d.t.name, "userId": root.get_object_id("_id").unwrap() },
        )
        .await
        .unwrap();
    let encoded = "Zx%2F9k%3FQ%40%3A%25w0rd";
    let uri = format!("mongodb://root%40tether.test-2:{encoded}@{}/{}?authSource={}", d.host, d.t.name, d.t.name);
    let dir = d.t.tmp();
    let plan = s(&dir.path().join("p.json"));
    let mut scan = vec!["scan"];
    scan.extend(SAM_TO_INITECH);
    scan.extend(["--out", &plan]);
    let cmd = || Cmd::new().env("MONGODB_URI", &uri).env("TETHER_DB", &d.t.name);
    cmd().run(&scan).expect(0);
    let log = s(&dir.path().join("run.log"));
    let run = cmd().run(&["--uri", &uri, "execute", &plan, "-y", "--detach", "--log", &log, "--max-rate", "40"]);
    run.expect(0);
    shows_none(&run, encoded, "the detaching run");
    let id = run.stdout.trim().to_string();
    // The background run, while it works: its arguments and environment.
    let mut seen = false;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if !cmdline.contains(&id) {
            continue;
        }
        seen = true;
        let environ =
            String::from_utf8_lossy(&std::fs::read(entry.path().join("environ")).unwrap()).replace('\0', "\n");
        for piece in pieces(encoded).iter().chain(pieces(password).iter()) {
            assert!(!cmdline.contains(piece.as_str()), "{piece:?} in its arguments: {cmdline}");
            assert!(!environ.contains(piece.as_str()), "{piece:?} in its environment");
        }
        assert!(cmdline.contains("--uri-stdin"), "{cmdline}");
    }
    assert!(seen, "the background run was found while it ran");
    cmd().run(&["status", &id, "--wait"]).expect(0);
    let logged = Run { code: 0, stdout: std::fs::read_to_string(&log).unwrap(), stderr: String::new() };
    shows_none(&logged, encoded, "the log");
}

#[tokio::test]
async fn a_connection_that_gave_credentials_is_never_declared() {
    let d = Deployment::new().await;
    // A proxy that hides who is authenticated, as a server that does not
    // enforce authorization (or transitionToAuth) answers.
    let hiding = crate::proxy::start(&d.host, true);
    let user = "root%40tether.test";
    let via =
        |addr: &str| format!("mongodb://{user}:{PW}@{addr}/{}?authSource={}&directConnection=true", d.t.name, d.t.name);
    let before = d.t.snapshot().await;
    Cmd::new()
        .env("MONGODB_URI", &via(&hiding.to_string()))
        .env("TETHER_DB", &d.t.name)
        .env("TETHER_OPERATOR", "ops@tether.test")
        .run(&["status"])
        .expect(6)
        .says("This connection gave credentials (database user root@tether.test), but the server reports no authenticated user")
        .says("never taken as declared");
    assert_eq!(d.t.snapshot().await, before);
    // Through an honest proxy the same credentials are authenticated.
    let honest = crate::proxy::start(&d.host, false);
    Cmd::new().env("MONGODB_URI", &via(&honest.to_string())).env("TETHER_DB", &d.t.name).run(&["status"]).expect(0);
}

#[tokio::test]
async fn every_resume_records_who_ran_it() {
    let (t, _) = TestDb::seeded_with(big(300)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &tether_transfer::generator::BIG_TO_INITECH);
    t.cmd().env("TETHER_TRANSFER_CRASH_AT", "batch-committed#1").run(&["execute", &plan, "-y", "--batch-size", "50"]);
    let id = t.last_transfer().await;
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["execute", "--resume", &id]).expect(0);
    let record = t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    let resumes = record.get_array("resumes").unwrap();
    assert_eq!(resumes.len(), 1, "{record}");
    let run = resumes[0].as_document().unwrap();
    assert_eq!(run.get_document("operator").unwrap().get_str("email").unwrap(), "ops@tether.test");
    assert_eq!(run.get_document("operatorIdentity").unwrap().get_str("established").unwrap(), "declared");
    assert!(matches!(run.get("at"), Some(Bson::DateTime(_))));
    assert_eq!(record.get_document("operator").unwrap().get_str("email").unwrap(), ROOT, "who started it stays");
    let json = t.cmd().run(&["status", &id, "--json"]).expect(0).json();
    assert_eq!(json["resumes"][0]["operator"]["email"], "ops@tether.test");
    t.cmd().run(&["status", &id]).expect(0).prints("resumed by").prints("ops@tether.test (declared) at");
    t.cmd()
        .run(&["report", &id, "--format", "csv"])
        .expect(0)
        .says("Started by root@tether.test (declared). Resumed by ops@tether.test (declared) at");
}

#[tokio::test]
async fn a_rollback_that_cannot_put_a_user_or_a_department_back_exits_8_and_says_so() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    // sam joins Initech as a department head: the transfer changes his role.
    let mut args = SAM_TO_INITECH;
    args[6] = "DEPARTMENT_HEAD";
    let plan = t.scan(&dir, "p.json", &args);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let back = s(&dir.path().join("back.json"));
    t.cmd().run(&["scan", "rollback", &id, "--out", &back]).expect(0);
    // Stopped once the documents are back: the user's role is changed, and
    // the department they left is deleted.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "moved").spawn(&["execute", &back, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    let sam = m.id("user:sam");
    t.db.collection::<Document>("users")
        .update_one(doc! { "_id": sam }, doc! { "$set": { "accessRole": "ADMIN" } })
        .await
        .unwrap();
    t.db.collection::<Document>("departments").delete_one(doc! { "_id": m.id("dept:acme/sales") }).await.unwrap();
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child)
        .expect(8)
        .says("1 user changed since the transfer (or gone) and was not put back")
        .says("1 department changed since the transfer (or gone) and was not put back");
    let user = t.find_one("users", doc! { "_id": sam }).await.unwrap();
    assert_eq!(user.get_str("accessRole").unwrap(), "ADMIN", "the change made since is kept");
    let rollback = t.last_transfer().await;
    let record = t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&rollback).unwrap() }).await.unwrap();
    let short = record.get_document("notRestored").unwrap();
    assert_eq!(short.get_i64("users").unwrap(), 1, "{record}");
    assert_eq!(short.get_i64("departments").unwrap(), 1, "{record}");
    t.cmd().run(&["status", &rollback]).expect(0).prints("notRestored");
    let verify = t.cmd().run(&["verify", &rollback]);
    verify.expect(8);
    assert!(verify.all().contains(&sam.to_hex()), "{}", verify.all());
}

#[tokio::test]
async fn a_transfer_whose_department_was_deleted_while_it_ran_exits_8() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "swept").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    t.db.collection::<Document>("departments").delete_one(doc! { "_id": m.id("dept:acme/marketing") }).await.unwrap();
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child).expect(8).says("1 department is not where its plan puts it (changed or deleted while it ran)");
    let id = t.last_transfer().await;
    let record = t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    assert!(record.get_document("notApplied").unwrap().get_i64("departments").unwrap() >= 1, "{record}");
}

#[tokio::test]
async fn a_document_written_with_an_array_owner_while_the_user_is_frozen_is_left_and_reported() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "moved").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    // The application writes a contact owned by an array holding the user.
    let odd = doc! {
        "_id": "written-while-frozen",
        "organizationId": m.id("org:acme"),
        "userId": [m.id("user:sam"), m.id("user:rita")],
        "name": "Odd",
    };
    t.db.collection::<Document>("contacts").insert_one(odd.clone()).await.unwrap();
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child)
        .expect(8)
        .says("1 document (contacts 1) holds a value the tool cannot own (an array where one id belongs, written while it ran) and was left as it is");
    assert_eq!(t.find_one("contacts", doc! { "_id": "written-while-frozen" }).await.unwrap(), odd, "left as it is");
    let id = t.last_transfer().await;
    let record = t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    assert_eq!(record.get_document("notApplied").unwrap().get_i64("contacts").unwrap(), 1, "{record}");
    t.cmd().run(&["verify", &id]).expect(8).prints("written-while-frozen");
}

#[tokio::test]
async fn an_approval_revoked_as_the_transfer_starts_does_not_count() {
    let (t, m) = TestDb::seeded().await;
    write_policy(&t, 1, true).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    assert_eq!(plan_json(&plan)["database"]["name"], t.name.as_str());
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(0);
    let sam_before = t.find_one("users", doc! { "_id": m.id("user:sam") }).await.unwrap();
    // Judged under the locks, then revoked before the transaction that starts the transfer.
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "approvals-judged").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan, "--revoke"]).expect(0);
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child).expect(6).says("The approval of ops@tether.test was revoked as the transfer started");
    assert_eq!(t.find_one("users", doc! { "_id": m.id("user:sam") }).await.unwrap(), sam_before);
    assert_eq!(t.count("auditlogs", doc! { "action": "org_transfer_execute" }).await, 0, "no transfer started");
    assert_eq!(t.count("tether_transfer_journal", doc! {}).await, 0, "no journal");
    assert_eq!(t.count("tether_transfer_locks", doc! {}).await, 0, "its locks were released");
    // Approved again, it runs, and the approval says which transfer used it.
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(0);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = ObjectId::parse_str(t.last_transfer().await).unwrap();
    assert_eq!(t.count("tether_transfer_approvals", doc! { "usedBy": id }).await, 1);
    // Revoked once the transfer started with it: said, not hidden.
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan, "--revoke"]).expect(0).says(&format!(
        "This approval was already used by transfer {id}, which started with it: revoking does not stop it"
    ));
}

/// The policy asks for one approval and the plan has two: one revoked as the
/// transfer starts leaves enough, and the transfer starts with the other.
#[tokio::test]
async fn a_revoke_that_leaves_enough_approvals_does_not_stop_the_start() {
    let (t, _) = TestDb::seeded().await;
    write_policy(&t, 0, true).await;
    t.db.collection::<Document>("tether_transfer_policy")
        .update_one(doc! {}, doc! { "$set": { "departmentApprovals": 1 } })
        .await
        .unwrap();
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    for who in ["ops@tether.test", "alice.admin@acme.test"] {
        t.cmd().env("TETHER_OPERATOR", who).run(&["approve", &plan]).expect(0);
    }
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "approvals-judged").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&["approve", &plan, "--revoke"]).expect(0);
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child).expect(0);
    let id = ObjectId::parse_str(t.last_transfer().await).unwrap();
    let used = t.find_one("tether_transfer_approvals", doc! { "usedBy": id }).await.unwrap();
    assert_eq!(used.get_document("approver").unwrap().get_str("email").unwrap(), "ops@tether.test");
    assert_eq!(t.count("tether_transfer_approvals", doc! { "usedBy": id }).await, 1, "the revoked one is not used");
}
