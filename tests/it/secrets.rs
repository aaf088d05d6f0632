//! Credentials in the connection string never reach output, errors or plans.

use mongodb::Client;
use mongodb::bson::doc;

use crate::common::*;

const PASSWORD: &str = "Xyzzy-S3cret-p4ss";

#[tokio::test]
async fn the_password_never_appears() {
    // A private server with authentication on (a real one when TEST_MONGODB_URI is set
    // cannot be reconfigured, so this test brings its own).
    let base = start_server(true);
    let host = base.trim_start_matches("mongodb://").to_string();
    let admin = Client::with_uri_str(&base).await.unwrap();
    // The localhost exception lets the first user be created.
    admin
        .database("admin")
        .run_command(doc! { "createUser": "root", "pwd": "rootpw", "roles": [{ "role": "root", "db": "admin" }] })
        .await
        .unwrap();
    let root_uri = format!("mongodb://root:rootpw@{host}/?authSource=admin");
    let t = TestDb::on(&root_uri).await;
    tether_transfer::generator::generate(&t.db, &Default::default()).await.unwrap();
    t.db.run_command(doc! { "createUser": "tool", "pwd": PASSWORD, "roles": [{ "role": "readWrite", "db": &t.name }] })
        .await
        .unwrap();

    let uri = format!("mongodb://tool:{PASSWORD}@{host}/{}?authSource={}", t.name, t.name);
    let dir = t.tmp();
    let plan = dir.path().join("p.json");
    let with_uri = |args: &[&str]| {
        let mut v = vec!["--uri", uri.as_str()];
        v.extend_from_slice(args);
        Cmd::new().env("TETHER_OPERATOR", ROOT).run(&v)
    };
    let runs = vec![
        with_uri(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]).expect(0).all(),
        with_uri(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech", "--json"]).expect(0).all(),
        with_uri(&[
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
            &s(&plan),
        ])
        .expect(0)
        .all(),
        with_uri(&[
            "scan",
            "org",
            "--user",
            "nobody@x.y",
            "--to-org",
            "Initech",
            "--role",
            "SALES_REP",
            "--reassignee",
            "rita.rep@acme.test",
            "--out",
            &s(&plan),
            "--json",
        ])
        .expect(2)
        .all(),
        // The password in the environment, and a wrong one.
        Cmd::new().env("MONGODB_URI", &uri).env("TETHER_OPERATOR", ROOT).run(&["preview", "--help"]).expect(0).all(),
        Cmd::new()
            .env("TETHER_OPERATOR", ROOT)
            .run(&[
                "--uri",
                &uri.replace(PASSWORD, "Wrong-Xyzzy-S3cret-p4ss"),
                "preview",
                "--user",
                "sam.rep@acme.test",
                "--to-org",
                "Initech",
            ])
            .expect(1)
            .says("authentication failed")
            .all(),
        // Unreachable, with the password in the URI.
        Cmd::new()
            .env("TETHER_OPERATOR", ROOT)
            .run(&[
                "--uri",
                &format!("mongodb://tool:{PASSWORD}@127.0.0.1:9/x"),
                "--connect-timeout",
                "1",
                "preview",
                "--user",
                "a@b.c",
                "--to-org",
                "X",
            ])
            .expect(1)
            .all(),
    ];
    for (i, out) in runs.iter().enumerate() {
        assert!(!out.contains(PASSWORD) && !out.contains("S3cret"), "run {i} printed the password:\n{out}");
    }
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(!text.contains("S3cret") && !text.contains("tool:"), "the plan holds credentials");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["database"]["hosts"][0], host.as_str());
    assert_eq!(v["database"]["name"], t.name.as_str());
}
