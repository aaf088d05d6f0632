//! Every validation error of transfers.md: the exit code, a sentence naming
//! the problem, and the database exactly as it was.

use crate::common::*;

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

/// A refused address is said at once, with the address and the cause; a
/// server that never answers is said after the connect timeout, naming the
/// host and how long it waited; neither shows the password.
#[test]
fn a_refused_or_silent_server_is_named_with_its_cause_and_never_its_password() {
    let started = std::time::Instant::now();
    let run =
        Cmd::new().env("TETHER_OPERATOR", ROOT).run(&["--uri", "mongodb://ops:S3cretPw@127.0.0.1:1/tether", "status"]);
    let took = started.elapsed();
    run.expect(1).says("Cannot reach the MongoDB server: 127.0.0.1:1 refused the connection (nothing listens there).");
    assert!(took < std::time::Duration::from_secs(2), "a refused port took {took:?}");
    assert!(!run.all().contains("S3cretPw"), "{}", run.all());
    // A listener that accepts and never answers (its backlog completes the connection).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let started = std::time::Instant::now();
    let run = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&[
        "--uri",
        &format!("mongodb://ops:S3cretPw@{addr}/tether"),
        "--connect-timeout",
        "1",
        "status",
    ]);
    let took = started.elapsed();
    run.expect(1).says(&format!("Cannot reach the MongoDB server: no server answered within 1 s: {addr}"));
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert!(!run.all().contains("S3cretPw"), "{}", run.all());
    drop(silent);

    // A host name that resolves to no address (.invalid never does) is said
    // at once too, with the refused one beside it; a mongodb+srv:// name
    // without its SRV record names the record looked for.
    let started = std::time::Instant::now();
    let run = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&[
        "--uri",
        "mongodb://ops:S3cretPw@nosuch.invalid:27017,127.0.0.1:1/tether",
        "--connect-timeout",
        "30",
        "status",
    ]);
    let took = started.elapsed();
    run.expect(1).says("Cannot reach the MongoDB server: the host name nosuch.invalid resolves to no address (");
    run.says("; 127.0.0.1:1 refused the connection (nothing listens there).");
    run.says("hint: Check the host names in --uri, MONGODB_URI or the profile's uri, and this machine's DNS (or VPN).");
    assert!(took < std::time::Duration::from_secs(10), "a name that does not resolve took {took:?}");
    assert!(!run.all().contains("S3cretPw"), "{}", run.all());
    let run = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&[
        "--uri",
        "mongodb+srv://ops:S3cretPw@nosuch.invalid/tether",
        "--connect-timeout",
        "5",
        "status",
    ]);
    run.expect(1).says("Cannot reach the MongoDB server: a mongodb+srv:// string names its servers in DNS, and DNS has no readable SRV record _mongodb._tcp.nosuch.invalid (");
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(!run.all().contains("S3cretPw"), "{}", run.all());
}
