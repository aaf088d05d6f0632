//! A protected deployment is protected however it is reached: its record in
//! the database is read right after connecting by every command that
//! writes, whatever URI, profile or environment brought the tool there; the
//! configuration file's `protected = true` compares hosts as the driver
//! parses them, and what the server says it is. Plans are bound to the
//! deployment's id: another address of it is the same deployment, a copy
//! restored elsewhere is not.

use mongodb::bson::{Document, doc};

use crate::approvals::Deployment;
use crate::common::*;

/// Protects the test's deployment as `deployment protect NAME` would leave it
/// (the command itself needs an authenticating server: see below).
async fn protect(t: &TestDb, name: &str) {
    let config = t.client().database("admin").run_command(doc! { "replSetGetConfig": 1 }).await.unwrap();
    let cluster =
        config.get_document("config").unwrap().get_document("settings").unwrap().get_object_id("replicaSetId");
    t.db.collection::<Document>("tether_transfer_deployment")
        .insert_one(doc! {
            "_id": "deployment", "deploymentId": "0123456789abcdef0123456789abcdef", "name": name,
            "protected": true, "clusterId": cluster.unwrap().to_hex(), "version": 1i64,
            "setBy": null, "setByIdentity": null, "setAt": null,
        })
        .await
        .unwrap();
}

/// `127.0.0.1:PORT` of the suite's server.
fn port() -> String {
    base_uri().rsplit(':').next().unwrap().trim_end_matches('/').to_string()
}

#[tokio::test]
async fn a_protected_deployment_asks_for_its_name_however_it_is_reached() {
    let (t, _) = TestDb::seeded().await;
    protect(&t, "acme-prod").await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(v["database"]["deploymentId"], "0123456789abcdef0123456789abcdef", "the plan is bound to the id");
    let p = port();
    let tunnel = crate::proxy::start(&format!("127.0.0.1:{p}"), false);
    // An unprotected profile naming the same server otherwise.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("[profiles.alias]\nuri = \"mongodb://localhost:{p}/\"\n")).unwrap();
    let spellings = [
        format!("mongodb://127.0.0.1:{p}"),
        format!("mongodb://localhost:{p}"),
        format!("mongodb://LOCALHOST:{p}/?appName=ops"),
        format!("mongodb://127.0.0.1:{p},localhost:{p}/"),
        format!("mongodb://{tunnel}/?directConnection=true"),
    ];
    let before = t.snapshot().await;
    let mut runs: Vec<Cmd> = Vec::new();
    for uri in &spellings {
        runs.push(t.cmd().env("MONGODB_URI", uri));
        runs.push(t.cmd().env_remove("MONGODB_URI").env("TETHER_DB", &t.name).env("TETHER_CONFIG", &s(&config)));
    }
    for (i, run) in runs.into_iter().enumerate() {
        let uri = &spellings[i / 2];
        let args: Vec<&str> = if i % 2 == 0 {
            vec!["execute", &plan, "-y"]
        } else if i == 1 {
            vec!["--profile", "alias", "execute", &plan, "-y"]
        } else {
            vec!["--uri", uri, "execute", &plan, "-y"]
        };
        run.run(&args).expect(2).says(
            "The deployment acme-prod (its record in the database) is protected: to execute this plan from a script, pass --confirm-deployment acme-prod; nothing was done.",
        );
        assert_eq!(t.snapshot().await, before, "{uri} ({i}) wrote to the protected deployment");
    }
    // A wrong name is refused; so is each other command that writes.
    let local = || t.cmd().env("MONGODB_URI", &format!("mongodb://localhost:{p}"));
    local()
        .run(&["execute", &plan, "-y", "--confirm-deployment", "acme-staging"])
        .expect(2)
        .says("--confirm-deployment acme-staging does not name this deployment, the protected deployment acme-prod");
    let guarded: [&[&str]; 4] = [
        &["approve", &plan],
        &["approve", &plan, "--revoke"],
        &["policy", "set", "--org-approvals", "1"],
        &["continue", "6780000000002a0000000001"],
    ];
    for args in guarded {
        local().run(args).expect(2).says("The deployment acme-prod (its record in the database) is protected");
    }
    assert_eq!(t.snapshot().await, before);
    // Reading, a dry run and pause never ask.
    local().run(&["execute", &plan, "--dry-run"]).expect(0);
    let pause = local().run(&["pause", "6780000000002a0000000001"]);
    assert!(!pause.stderr.contains("protected"), "{}", pause.stderr);
    local().run(&["status"]).expect(0);
    // Confirmed: the plan scanned through 127.0.0.1 runs through the tunnel
    // (the same deployment: its id), and its resume asks again.
    let crashed = t
        .cmd()
        .env("MONGODB_URI", &spellings[4])
        .env("TETHER_TRANSFER_CRASH_AT", "batch-committed#1")
        .run(&["execute", &plan, "-y", "--confirm-deployment", "acme-prod"]);
    assert_ne!(crashed.code, 2, "{}", crashed.stderr);
    let id = t.last_transfer().await;
    local().run(&["execute", "--resume", &id]).expect(2).says("to resume this transfer from a script");
    local().run(&["execute", "--resume", &id, "--confirm-deployment", "acme-prod"]).expect(0);
}

#[tokio::test]
async fn a_protected_profile_is_recognised_by_its_hosts_and_by_what_the_server_says() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let p = port();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("[profiles.prod]\nuri = \"mongodb://127.0.0.1:{p}/\"\nprotected = true\n"))
        .unwrap();
    let tunnel = crate::proxy::start(&format!("127.0.0.1:{p}"), false);
    let before = t.snapshot().await;
    for uri in [
        format!("mongodb://localhost:{p}"),
        format!("mongodb://LocalHost.:{p}"),
        format!("mongodb://0.0.0.0:{p}"),
        format!("mongodb://127.0.0.1:{p},elsewhere.invalid:27017/"),
        // Reached through a tunnel: the server names itself 127.0.0.1:PORT.
        format!("mongodb://{tunnel}/?directConnection=true"),
    ] {
        t.cmd()
            .env("MONGODB_URI", &uri)
            .env("TETHER_CONFIG", &s(&config))
            .run(&["execute", &plan, "-y"])
            .expect(2)
            .says("Profile prod is protected: to execute this plan from a script, pass --confirm-deployment prod");
        assert_eq!(t.snapshot().await, before, "{uri}");
    }
    // Another server (another port of this machine) is not that deployment.
    let other = start_server(false);
    let o = TestDb::on(&other).await;
    tether_transfer::generator::generate(&o.db, &Default::default()).await.unwrap();
    let elsewhere = o.scan(&dir, "o.json", &SAM_TO_INITECH);
    o.cmd().env("TETHER_CONFIG", &s(&config)).run(&["execute", &elsewhere, "-y"]).expect(0);
}

#[tokio::test]
async fn a_restored_copy_is_another_deployment_and_a_tunnel_is_the_same() {
    let (t, _) = TestDb::seeded().await;
    protect(&t, "acme-prod").await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    // The same database restored on another server (another replica set).
    let other = start_server(false);
    let copy = TestDb::on(&other).await;
    let copy = TestDb { name: t.name.clone(), uri: other.clone(), db: copy.client().database(&t.name) };
    for name in t.db.list_collection_names().await.unwrap() {
        use futures_util::TryStreamExt;
        let docs: Vec<Document> =
            t.db.collection::<Document>(&name).find(doc! {}).await.unwrap().try_collect().await.unwrap();
        if !docs.is_empty() {
            copy.db.collection::<Document>(&name).insert_many(docs).await.unwrap();
        }
    }
    let before = copy.snapshot().await;
    copy.cmd()
        .run(&["execute", &plan, "-y", "--confirm-deployment", "acme-prod"])
        .expect(2)
        .says("The plan was scanned on another deployment");
    assert_eq!(copy.snapshot().await, before);
    let shown = copy.cmd().run(&["deployment", "show"]).expect(0).stdout.clone();
    assert!(shown.contains("copied         yes"), "{shown}");
    // The original, reached through a tunnel, is the same deployment.
    let tunnel = crate::proxy::start(&format!("127.0.0.1:{}", port()), false);
    t.cmd()
        .env("MONGODB_URI", &format!("mongodb://{tunnel}/?directConnection=true"))
        .run(&["execute", &plan, "-y", "--confirm-deployment", "acme-prod"])
        .expect(0);
}

#[tokio::test]
async fn deployment_protect_is_an_authenticated_superadmins_and_is_audited() {
    let d = Deployment::new().await;
    let dir = d.t.tmp();
    let as_root = || d.as_user("root@tether.test");
    as_root().run(&["deployment", "show"]).expect(0).prints("No deployment record");
    d.user("alice.admin@acme.test").await;
    d.as_user("alice.admin@acme.test")
        .run(&["deployment", "protect", "acme-prod"])
        .expect(6)
        .says("may not protect this deployment");
    as_root().run(&["deployment", "protect", "acme-prod"]).expect(0).prints("name           acme-prod");
    let record = d.t.find_one("tether_transfer_deployment", doc! {}).await.unwrap();
    let id = record.get_str("deploymentId").unwrap().to_string();
    assert_eq!(id.len(), 32, "{record}");
    assert!(record.get_bool("protected").unwrap());
    let entry = d.t.find_one("auditlogs", doc! { "action": "transfer_deployment_set" }).await.unwrap();
    assert_eq!(entry.get("before"), Some(&mongodb::bson::Bson::Null), "{entry}");
    assert_eq!(entry.get_document("after").unwrap().get_str("name").unwrap(), "acme-prod");
    assert_eq!(entry.get_document("operator").unwrap().get_str("email").unwrap(), "root@tether.test");
    // Every write now asks; renaming asks for the current name first.
    let plan = s(&dir.path().join("p.json"));
    let mut scan = vec!["scan"];
    scan.extend(SAM_TO_INITECH);
    scan.extend(["--out", &plan]);
    as_root().run(&scan).expect(0);
    as_root().run(&["execute", &plan, "-y"]).expect(2).says("pass --confirm-deployment acme-prod");
    as_root().run(&["deployment", "protect", "prod-eu"]).expect(2).says("pass --confirm-deployment acme-prod");
    as_root().run(&["deployment", "protect", "prod-eu", "--confirm-deployment", "acme-prod"]).expect(0);
    let renamed = d.t.find_one("tether_transfer_deployment", doc! {}).await.unwrap();
    assert_eq!(renamed.get_str("deploymentId").unwrap(), id, "renaming keeps the id");
    as_root().run(&["deployment", "unprotect", "--confirm-deployment", "prod-eu"]).expect(0);
    let unprotected = d.t.find_one("tether_transfer_deployment", doc! {}).await.unwrap();
    assert_eq!(unprotected.get_str("deploymentId").unwrap(), id, "unprotect keeps the id");
    assert_eq!(unprotected.get_str("name").unwrap(), "prod-eu", "and the name");
    as_root().run(&["execute", &plan, "-y", "--dry-run"]).expect(0);
    // A record nobody can read stops every write; it is replaced only when asked.
    d.t.db
        .collection::<Document>("tether_transfer_deployment")
        .update_one(doc! {}, doc! { "$set": { "protected": "yes" } })
        .await
        .unwrap();
    let before = d.t.snapshot().await;
    as_root()
        .run(&["execute", &plan, "-y"])
        .expect(1)
        .says("The deployment record in tether_transfer_deployment cannot be read: protected is \"yes\", not true or false; nothing was done.");
    as_root().run(&["deployment", "protect", "prod-eu"]).expect(1).says("--replace-unreadable");
    assert_eq!(d.t.snapshot().await, before);
    // As far as it reads, it is still protected: its name is asked.
    as_root()
        .run(&["deployment", "protect", "prod-eu", "--replace-unreadable"])
        .expect(2)
        .says("pass --confirm-deployment prod-eu");
    assert_eq!(d.t.snapshot().await, before);
    as_root()
        .run(&["deployment", "protect", "prod-eu", "--replace-unreadable", "--confirm-deployment", "prod-eu"])
        .expect(0);
    let replaced = d.t.find_one("tether_transfer_deployment", doc! {}).await.unwrap();
    assert_eq!(replaced.get_str("deploymentId").unwrap(), id, "what still reads is kept: the id");
    // Its audit entry keeps the record as it was.
    let kept = doc! { "action": "transfer_deployment_set", "before.protected": "yes", "after.protected": true };
    assert_eq!(d.t.count("auditlogs", kept).await, 1);
}
