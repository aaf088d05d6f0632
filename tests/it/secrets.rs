//! Credentials never reach output, errors, plans or records; the tool works
//! under the least-privilege role the docs document, and fails clearly
//! without write rights.

use mongodb::Client;
use mongodb::bson::{Bson, Document, doc};

use crate::common::*;

const PASSWORD: &str = "Xyzzy-S3cret-p4ss";

/// The least-privilege role of docs/operations.md, "Least privilege",, for database `db` (created in admin).
fn least_privilege(db: &str) -> Document {
    let read = ["organizations", "users", "departments"];
    let resources = [
        "contacts",
        "conversations",
        "automations",
        "workflows",
        "webchatconfigurations",
        "acquireditems",
        "emailaccounts",
        "calendarconnections",
        "calendartoolconfigurations",
        "googlesheetstokens",
        "reminders",
        "prompts",
        "voicephonenumbers",
        "automationkeys",
        "agents",
        "approvalpolicies",
    ];
    let on = |c: &str| doc! { "db": db, "collection": c };
    let mut privileges: Vec<Bson> = Vec::new();
    privileges.push(doc! { "resource": on("organizations"), "actions": ["find"] }.into());
    for c in read.iter().skip(1) {
        privileges.push(doc! { "resource": on(c), "actions": ["find", "update"] }.into());
    }
    privileges.push(doc! { "resource": on("departments"), "actions": ["find", "update", "remove", "insert"] }.into());
    for c in resources {
        privileges.push(doc! { "resource": on(c), "actions": ["find", "update", "listIndexes"] }.into());
    }
    privileges
        .push(doc! { "resource": on("auditlogs"), "actions": ["find", "insert", "update", "createCollection"] }.into());
    for c in ["tether_transfer_locks", "tether_transfer_journal"] {
        privileges.push(
            doc! { "resource": on(c), "actions": ["find", "insert", "update", "remove", "createCollection"] }.into(),
        );
    }
    privileges.push(
        doc! { "resource": on("tether_transfer_undo"), "actions": ["find", "insert", "update", "createCollection", "createIndex"] }
            .into(),
    );
    // Who is acting (written by an administrator only), the policy and the
    // deployment's record (written by the tetherTransferPolicy role only),
    // and the approvals.
    for c in ["tether_transfer_identities", "tether_transfer_policy", "tether_transfer_deployment"] {
        privileges.push(doc! { "resource": on(c), "actions": ["find"] }.into());
    }
    privileges.push(
        doc! { "resource": on("tether_transfer_approvals"), "actions": ["find", "insert", "update", "createCollection", "createIndex"] }
            .into(),
    );
    privileges.push(doc! { "resource": { "cluster": true }, "actions": ["killAnySession"] }.into());
    doc! { "createRole": "tetherTransfer", "privileges": privileges, "roles": [] }
}

#[tokio::test]
async fn the_password_never_appears_and_least_privilege_is_enough() {
    // A private server with authentication on (a real one at TEST_MONGODB_URI
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
    let m = tether_transfer::generator::generate(&t.db, &Default::default()).await.unwrap();
    // Defined in admin: a role that grants a cluster action (killAnySession) must live there.
    t.client().database("admin").run_command(least_privilege(&t.name)).await.unwrap();
    t.db.run_command(
        doc! { "createUser": "tool", "pwd": PASSWORD, "roles": [{ "role": "tetherTransfer", "db": "admin" }] },
    )
    .await
    .unwrap();
    t.db.run_command(doc! { "createUser": "reader", "pwd": PASSWORD, "roles": [{ "role": "read", "db": &t.name }] })
        .await
        .unwrap();

    // Both database users act as the root superadmin (an administrator's mapping).
    let root = t.find_one("users", doc! { "email": ROOT }).await.unwrap().get_object_id("_id").unwrap();
    for user in ["tool", "reader"] {
        t.db.collection::<Document>("tether_transfer_identities")
            .insert_one(doc! { "dbUser": user, "authDb": &t.name, "userId": root })
            .await
            .unwrap();
    }
    let uri = |user: &str| format!("mongodb://{user}:{PASSWORD}@{host}/{}?authSource={}", t.name, t.name);
    let tool = uri("tool");
    let dir = t.tmp();
    let plan = s(&dir.path().join("p.json"));
    let dept_plan = s(&dir.path().join("d.json"));
    let with = |u: &str, args: &[&str]| {
        let mut v = vec!["--uri", u];
        v.extend_from_slice(args);
        Cmd::new().env("TETHER_OPERATOR", ROOT).run(&v)
    };
    let org = [
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
        &plan,
    ];
    let mut outputs = vec![
        with(&tool, &["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]).expect(0).all(),
        with(&tool, &["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech", "--json"]).expect(0).all(),
        with(&tool, &org).expect(0).all(),
        with(
            &tool,
            &[
                "scan",
                "department",
                "--user",
                "sue.head@acme.test",
                "--to",
                "Marketing",
                "--reassignee",
                "big.owner@acme.test",
                "--out",
                &dept_plan,
            ],
        )
        .expect(0)
        .all(),
        with(
            &tool,
            &[
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
                &plan,
                "--json",
            ],
        )
        .expect(2)
        .all(),
        with(&tool, &["execute", &plan, "--dry-run"]).expect(0).all(),
    ];
    // A read-only user cannot execute: a clear sentence, nothing changed.
    let before = t.snapshot().await;
    let denied = with(&uri("reader"), &["execute", &plan, "-y"]);
    denied.expect(1).says("not authorized for this");
    assert_eq!(t.snapshot().await, before, "a refused execute changed the database");
    outputs.push(denied.all());
    // The tool's role reads the approval policy but cannot write it
    // (docs/operations.md, "Identities": that takes tetherTransferPolicy).
    let policy = with(&tool, &["policy", "set", "--org-approvals", "1"]);
    policy.expect(1).says("not authorized for this");
    assert_eq!(t.snapshot().await, before, "a refused policy set changed the database");
    outputs.push(policy.all());
    outputs.push(with(&tool, &["policy", "show"]).expect(0).all());
    // The least-privilege user runs the whole flow.
    outputs.push(with(&tool, &["execute", &plan, "-y", "--json"]).expect(0).all());
    let id = t.last_transfer().await;
    outputs.push(with(&tool, &["status", &id, "--json"]).expect(0).all());
    outputs.push(with(&tool, &["status"]).expect(0).all());
    outputs.push(with(&tool, &["verify", &id]).expect(0).all());
    outputs.push(with(&tool, &["execute", "--resume", &id]).expect(2).all());
    outputs.push(with(&tool, &["execute", &dept_plan, "-y"]).expect(0).all());
    // And a killed run, resumed by the least-privilege user (takes over the lock, ends the orphaned session).
    let plan2 = s(&dir.path().join("p2.json"));
    outputs.push(
        with(
            &tool,
            &[
                "scan",
                "department",
                "--user",
                "rita.rep@acme.test",
                "--to",
                "Archive",
                "--reassignee",
                "dana.head@acme.test",
                "--out",
                &plan2,
            ],
        )
        .expect(0)
        .all(),
    );
    let killed = Cmd::new()
        .env("TETHER_OPERATOR", ROOT)
        .env("TETHER_TRANSFER_CRASH_AT", "batch")
        .run(&["--uri", &tool, "execute", &plan2, "-y"]);
    assert_eq!(killed.code, -1, "{}", killed.stderr);
    outputs.push(killed.all());
    let id2 = t.last_transfer().await;
    assert_ne!(id2, id);
    outputs.push(with(&tool, &["execute", "--resume", &id2]).expect(0).all());
    outputs.push(with(&tool, &["verify", &id2]).expect(0).all());
    // The password in the environment, a wrong password, an unreachable server.
    outputs.push(
        Cmd::new().env("MONGODB_URI", &tool).env("TETHER_OPERATOR", ROOT).run(&["preview", "--help"]).expect(0).all(),
    );
    let before = t.snapshot().await;
    let wrong = Cmd::new().env("TETHER_OPERATOR", ROOT).run(&[
        "--uri",
        &tool.replace(PASSWORD, "Wrong-Xyzzy-S3cret-p4ss"),
        "execute",
        &plan,
        "-y",
    ]);
    wrong.expect(1).says("authentication failed");
    assert_eq!(t.snapshot().await, before);
    outputs.push(wrong.all());
    outputs.push(
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
    );
    for (i, out) in outputs.iter().enumerate() {
        assert!(!out.contains(PASSWORD) && !out.contains("S3cret"), "run {i} printed the password:\n{out}");
    }
    for file in [&plan, &dept_plan, &plan2] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("S3cret") && !text.contains("tool:"), "{file} holds credentials");
    }
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(v["database"]["hosts"][0], host.as_str());
    // Nor do the records the tool keeps.
    for coll in ["auditlogs", "tether_transfer_journal", "tether_transfer_locks"] {
        let docs: Vec<Document> = {
            use futures_util::TryStreamExt;
            t.db.collection::<Document>(coll).find(doc! {}).await.unwrap().try_collect().await.unwrap()
        };
        for d in docs {
            assert!(!d.to_string().contains("S3cret"), "{coll} holds the password");
        }
    }
    let _ = m;
}
