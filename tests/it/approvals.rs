//! Four eyes on a server with authentication: the operator is the database
//! user the connection is authenticated as, plans need the approvals the
//! policy kept in the database asks for, and every refusal is one sentence,
//! its exit code, and the database unchanged.

use mongodb::bson::{Document, doc, oid::ObjectId};
use tokio::sync::OnceCell;

use crate::common::*;

pub const PW: &str = "Pw-4eyes-9";

/// One authenticating server for this file's tests (a database each).
pub async fn auth_root_uri() -> &'static str {
    static URI: OnceCell<String> = OnceCell::const_new();
    URI.get_or_init(|| async {
        let base = start_server(true);
        let host = base.trim_start_matches("mongodb://").to_string();
        let admin = mongodb::Client::with_uri_str(&base).await.unwrap();
        // The localhost exception lets the first user be created.
        admin
            .database("admin")
            .run_command(doc! { "createUser": "root", "pwd": "rootpw", "roles": [{ "role": "root", "db": "admin" }] })
            .await
            .unwrap();
        format!("mongodb://root:rootpw@{host}/?authSource=admin")
    })
    .await
}

/// A seeded database on the authenticating server, and a way to run the
/// tool as one of its database users.
pub struct Deployment {
    pub t: TestDb,
    pub host: String,
}

impl Deployment {
    pub async fn new() -> Deployment {
        let root = auth_root_uri().await;
        let host = root.trim_start_matches("mongodb://root:rootpw@").trim_end_matches("/?authSource=admin").to_string();
        let t = TestDb::on(root).await;
        tether_transfer::generator::generate(&t.db, &Default::default()).await.unwrap();
        let d = Deployment { t, host };
        // Two superadmins, each with a database user named by their email.
        d.user("root@tether.test").await;
        d.user("ops@tether.test").await;
        d
    }

    /// A database user of this database that may read and write it.
    pub async fn user(&self, name: &str) {
        self.t
            .db
            .run_command(doc! { "createUser": name, "pwd": PW, "roles": [
                { "role": "readWrite", "db": &self.t.name },
                { "role": "dbAdmin", "db": &self.t.name },
            ] })
            .await
            .unwrap();
    }

    /// The tool, connected as database user `name` (no --operator).
    pub fn as_user(&self, name: &str) -> Cmd {
        let user = name.replace('@', "%40");
        let uri = format!("mongodb://{user}:{PW}@{}/{}?authSource={}", self.host, self.t.name, self.t.name);
        Cmd::new().env("MONGODB_URI", &uri).env("TETHER_DB", &self.t.name)
    }

    async fn approvals(&self) -> Vec<Document> {
        use futures_util::TryStreamExt;
        self.t
            .db
            .collection::<Document>("tether_transfer_approvals")
            .find(doc! {})
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap()
    }
}

/// Writes the approval policy as a database administrator would (a server
/// without authentication cannot run `policy set`): `org` approvals for
/// organization plans, none for department plans, valid 24 hours.
pub async fn write_policy(t: &TestDb, org: i32, declared_may_approve: bool) {
    let coll = t.db.collection::<Document>("tether_transfer_policy");
    coll.delete_many(doc! {}).await.unwrap();
    coll.insert_one(doc! {
        "_id": "approvals",
        "orgApprovals": org,
        "departmentApprovals": 0,
        "expireAfterHours": 24,
        "declaredMayApprove": declared_may_approve,
        "version": 1,
    })
    .await
    .unwrap();
}

pub fn plan_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn scan_as(d: &Deployment, who: &str, dir: &tempfile::TempDir, name: &str, args: &[&str]) -> String {
    let out = s(&dir.path().join(name));
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend(["--out", &out]);
    d.as_user(who).run(&all).expect(0);
    out
}

#[tokio::test]
async fn a_plan_runs_with_a_second_persons_approval_and_never_with_its_scanners() {
    let d = Deployment::new().await;
    let dir = d.t.tmp();
    // Set by an authenticated superadmin, recorded like a transfer.
    d.as_user("root@tether.test")
        .run(&["policy", "set", "--org-approvals", "1", "--department-approvals", "0"])
        .expect(0)
        .prints("organization transfers need  1 approval");
    let entry = d.t.find_one("auditlogs", doc! { "action": "transfer_approval_policy_set" }).await.unwrap();
    assert_eq!(entry.get_document("operator").unwrap().get_str("email").unwrap(), "root@tether.test");
    assert_eq!(entry.get_document("operatorIdentity").unwrap().get_str("established").unwrap(), "authenticated");

    let plan = s(&dir.path().join("p.json"));
    let mut scan = vec!["scan"];
    scan.extend_from_slice(&SAM_TO_INITECH);
    scan.extend(["--out", &plan]);
    d.as_user("root@tether.test")
        .run(&scan)
        .expect(0)
        .says("The approval policy asks for 1 approval of this plan by someone other than you before execute: tether-transfer approve");
    let p = plan_json(&plan);
    assert_eq!(p["operator"]["email"], "root@tether.test");
    assert_eq!(p["operatorIdentity"]["established"], "authenticated");
    assert_eq!(p["operatorIdentity"]["databaseUser"], format!("root@tether.test@{}", d.t.name));

    // Not approved yet: execute refuses, naming what is missing, and writes
    // nothing; a dry run says so and exits 0.
    let before = d.t.snapshot().await;
    d.as_user("root@tether.test")
        .run(&["execute", &plan, "--dry-run"])
        .expect(0)
        .says("execute would refuse this plan for now: This plan has 0 of the 1 approval");
    d.as_user("root@tether.test")
        .run(&["execute", &plan, "--yes"])
        .expect(6)
        .says("0 of the 1 approval the policy asks for organization transfers (approved by nobody yet)");
    // The scanner cannot approve their own plan.
    d.as_user("root@tether.test")
        .run(&["approve", &plan])
        .expect(6)
        .says("root@tether.test scanned this plan and may not approve it");
    assert_eq!(d.t.snapshot().await, before, "refusals change nothing");

    // The second superadmin approves; approving again counts once.
    d.as_user("ops@tether.test")
        .run(&["approve", &plan, "--comment", "checked with the account owner"])
        .expect(0)
        .says("It has 1 of the 1 approval");
    d.as_user("ops@tether.test").run(&["approve", &plan]).expect(0).says("Already approved (counted once)");
    assert_eq!(d.approvals().await.len(), 1);
    // The file carries a copy for offline readers; its checksum is unchanged.
    let copy = plan_json(&plan);
    assert_eq!(copy["approvals"][0]["approver"]["email"], "ops@tether.test");
    assert_eq!(copy["checksum"], p["checksum"]);
    d.as_user("root@tether.test")
        .run(&["approvals", &plan])
        .expect(0)
        .prints("1 of the 1 approval")
        .prints("ops@tether.test");

    let md = d.as_user("root@tether.test").run(&["approvals", &plan, "--format", "markdown"]);
    md.expect(0).prints("| approver | identity | approved at | expires at | counts | comment |");
    let listed = d.as_user("root@tether.test").run(&["approvals", &plan, "--json"]);
    assert_eq!(listed.expect(0).json()["approvals"][0]["verdict"], "valid");
    d.as_user("root@tether.test").run(&["execute", &plan, "--yes"]).expect(0);
    // A plan already executed cannot be approved any more.
    d.as_user("ops@tether.test").run(&["approve", &plan]).expect(4).says("already executed");
    let id = d.t.last_transfer().await;
    let record = d.t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    assert_eq!(record.get_str("status").unwrap(), "completed");
    let identity = record.get_document("operatorIdentity").unwrap();
    assert_eq!(identity.get_str("established").unwrap(), "authenticated");
    let approvals = record.get_array("approvals").unwrap();
    assert_eq!(approvals.len(), 1);
    let a = approvals[0].as_document().unwrap();
    assert_eq!(a.get_document("approver").unwrap().get_str("email").unwrap(), "ops@tether.test");
    assert_eq!(a.get_str("comment").unwrap(), "checked with the account owner");
    // status and approvals TRANSFER_ID print them.
    d.as_user("root@tether.test")
        .run(&["status", &id])
        .expect(0)
        .prints("root@tether.test (authenticated as database user root@tether.test@")
        .prints("ops@tether.test (authenticated,");
    d.as_user("ops@tether.test").run(&["approvals", &id]).expect(0).prints("ops@tether.test");
    let sam = d.t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    let initech = d.t.find_one("organizations", doc! { "name": "Initech" }).await.unwrap();
    assert_eq!(sam.get_object_id("organizationId").unwrap(), initech.get_object_id("_id").unwrap());
}

#[tokio::test]
async fn an_approval_is_bound_to_its_plan_and_lapses_when_revoked_expired_or_edited() {
    let d = Deployment::new().await;
    let dir = d.t.tmp();
    d.as_user("root@tether.test").run(&["policy", "set", "--org-approvals", "1", "--expire-after", "1"]).expect(0);
    let a = scan_as(&d, "root@tether.test", &dir, "a.json", &SAM_TO_INITECH);
    // Another plan: the same move with another role.
    let mut other = SAM_TO_INITECH;
    other[6] = "ADMIN";
    let b = scan_as(&d, "root@tether.test", &dir, "b.json", &other);
    d.as_user("ops@tether.test").run(&["approve", &a]).expect(0);
    let before = d.t.snapshot().await;

    // Plan B asks for the same transfer but is another plan: no approvals.
    d.as_user("root@tether.test").run(&["execute", &b, "--yes"]).expect(6).says("approved by nobody yet");

    // An edit resealed by hand is another checksum: its approvals are gone.
    let mut v = plan_json(&a);
    v["summary"]["changes"].as_array_mut().unwrap().push(serde_json::json!("nothing else"));
    tether_transfer::plan::seal(&mut v);
    let edited = s(&dir.path().join("edited.json"));
    std::fs::write(&edited, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    d.as_user("root@tether.test").run(&["execute", &edited, "--yes"]).expect(6).says("approved by nobody yet");
    // An edit not resealed is refused as any edited plan is (exit 2).
    let mut raw = std::fs::read_to_string(&a).unwrap();
    raw = raw.replacen("\"count\": ", "\"count\": 1", 1);
    std::fs::write(&edited, raw).unwrap();
    d.as_user("root@tether.test").run(&["execute", &edited, "--yes"]).expect(2).says("was modified");
    assert_eq!(d.t.snapshot().await, before);

    // An approval older than the policy's expiry does not count.
    d.t.db
        .collection::<Document>("tether_transfer_approvals")
        .update_many(
            doc! {},
            doc! { "$set": { "approvedAt": mongodb::bson::DateTime::from_millis(mongodb::bson::DateTime::now().timestamp_millis() - 2 * 3_600_000) } },
        )
        .await
        .unwrap();
    let before = d.t.snapshot().await;
    d.as_user("root@tether.test")
        .run(&["execute", &a, "--yes"])
        .expect(6)
        .says("not counted: ops@tether.test (expired at");
    assert_eq!(d.t.snapshot().await, before);

    // A fresh approval counts; revoked, it does not.
    d.t.db.collection::<Document>("tether_transfer_approvals").delete_many(doc! {}).await.unwrap();
    d.as_user("ops@tether.test").run(&["approve", &a]).expect(0);
    d.as_user("ops@tether.test").run(&["approve", &a, "--revoke"]).expect(0).says("Revoked ops@tether.test's approval");
    assert!(plan_json(&a).get("approvals").is_none(), "the file's copy goes with it");
    d.as_user("ops@tether.test")
        .run(&["approve", &a, "--revoke"])
        .expect(2)
        .says("has no approval of this plan to revoke");
    d.as_user("root@tether.test")
        .run(&["execute", &a, "--yes"])
        .expect(6)
        .says("not counted: ops@tether.test (revoked at");

    // A scanner who names someone else as scanner (edited, resealed) and
    // approves their own plan still needs a second person: the executor's
    // own approval never counts.
    let ops = d.t.find_one("users", doc! { "email": "ops@tether.test" }).await.unwrap();
    let mut forged = plan_json(&b);
    forged["operator"]["id"] = serde_json::json!(ops.get_object_id("_id").unwrap().to_hex());
    forged["operator"]["email"] = serde_json::json!("ops@tether.test");
    forged["operatorIdentity"] = serde_json::json!({ "established": "declared" });
    tether_transfer::plan::seal(&mut forged);
    let forged_path = s(&dir.path().join("forged.json"));
    std::fs::write(&forged_path, serde_json::to_string_pretty(&forged).unwrap()).unwrap();
    d.as_user("root@tether.test").run(&["approve", &forged_path]).expect(0);
    let before = d.t.snapshot().await;
    d.as_user("root@tether.test")
        .run(&["execute", &forged_path, "--yes"])
        .expect(6)
        .says("not counted: root@tether.test (not counted: the approver is the one executing it)");
    assert_eq!(d.t.snapshot().await, before);

    // A policy nobody can read is replaced by policy set only when asked,
    // and its audit entry keeps the stored document as it was.
    d.t.db
        .collection::<Document>("tether_transfer_policy")
        .update_one(doc! { "_id": "approvals" }, doc! { "$set": { "expireAfterHours": "a day" } })
        .await
        .unwrap();
    d.as_user("root@tether.test")
        .run(&["policy", "show"])
        .expect(1)
        .says("cannot be read: expireAfterHours is \"a day\"");
    let unreadable = d.t.snapshot().await;
    d.as_user("root@tether.test")
        .run(&["policy", "set", "--expire-after", "24"])
        .expect(1)
        .says("expireAfterHours is \"a day\", not a whole number from 1 to 8760; nothing was written")
        .says("--replace-unreadable");
    assert_eq!(d.t.snapshot().await, unreadable, "a refused policy set changed the database");
    // What cannot be read must be given; what still reads is kept.
    d.as_user("root@tether.test")
        .run(&["policy", "set", "--org-approvals", "1", "--replace-unreadable"])
        .expect(2)
        .says("give what cannot be read: --expire-after (expireAfterHours is \"a day\"");
    assert_eq!(d.t.snapshot().await, unreadable);
    d.as_user("root@tether.test").run(&["policy", "set", "--expire-after", "24", "--replace-unreadable"]).expect(0);
    d.as_user("root@tether.test")
        .run(&["policy", "show"])
        .expect(0)
        .prints("approvals expire after       24 hours")
        .prints("organization transfers need  1 approval\n");
    let entry =
        d.t.db
            .collection::<Document>("auditlogs")
            .find_one(doc! { "action": "transfer_approval_policy_set" })
            .sort(doc! { "_id": -1 })
            .await
            .unwrap()
            .unwrap();
    assert_eq!(entry.get_document("before").unwrap().get_str("expireAfterHours").unwrap(), "a day", "{entry}");

    // Two approvals needed: one person counts once.
    d.as_user("root@tether.test").run(&["policy", "set", "--org-approvals", "2"]).expect(0);
    d.as_user("ops@tether.test").run(&["approve", &a]).expect(0).says("It has 1 of the 2 approvals");
    d.as_user("root@tether.test").run(&["execute", &a, "--yes"]).expect(6).says("1 of the 2 approvals");
}

#[tokio::test]
async fn the_database_says_who_acts() {
    let d = Deployment::new().await;
    let dir = d.t.tmp();
    let before = d.t.snapshot().await;
    // --operator cannot claim someone else.
    d.as_user("ops@tether.test")
        .env("TETHER_OPERATOR", "root@tether.test")
        .run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"])
        .expect(6)
        .says("--operator root@tether.test disagrees with the database, which authenticated this connection as ops@tether.test@");
    // Agreeing is fine.
    d.as_user("ops@tether.test")
        .env("TETHER_OPERATOR", "ops@tether.test")
        .run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"])
        .expect(0);
    // A database user that is nobody in Tether may not act.
    d.user("ghost").await;
    let ghost_plan = s(&dir.path().join("g.json"));
    let mut ghost_scan = vec!["scan"];
    ghost_scan.extend_from_slice(&SAM_TO_INITECH);
    ghost_scan.extend(["--out", &ghost_plan]);
    d.as_user("ghost").run(&ghost_scan).expect(6).says("The database user ghost@").says("is mapped to no Tether user");
    // One mapped to an inactive user neither.
    d.user("retired.root@tether.test").await;
    d.as_user("retired.root@tether.test")
        .run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"])
        .expect(6)
        .says("who is inactive and may not act");
    assert!(!dir.path().join("g.json").exists());
    assert_eq!(d.t.snapshot().await, before, "refusals change nothing");

    // An explicit mapping, written by an administrator, names the Tether user.
    d.user("svc-ops").await;
    let ops = d.t.find_one("users", doc! { "email": "ops@tether.test" }).await.unwrap();
    d.t.db
        .collection::<Document>("tether_transfer_identities")
        .insert_one(doc! { "dbUser": "svc-ops", "authDb": &d.t.name, "userId": ops.get_object_id("_id").unwrap() })
        .await
        .unwrap();
    let plan = scan_as(&d, "svc-ops", &dir, "m.json", &SAM_TO_INITECH);
    let p = plan_json(&plan);
    assert_eq!(p["operator"]["email"], "ops@tether.test");
    assert_eq!(p["operatorIdentity"]["mappedBy"], "mapping");
    // A mapping an old client wrote with the user's id as a string is not
    // taken for that user (nor for anyone): one sentence, exit 6.
    d.user("svc-legacy").await;
    d.t.db
        .collection::<Document>("tether_transfer_identities")
        .insert_one(
            doc! { "dbUser": "svc-legacy", "authDb": &d.t.name, "userId": ops.get_object_id("_id").unwrap().to_hex() },
        )
        .await
        .unwrap();
    d.as_user("svc-legacy").run(&["status"]).expect(6).says("has a userId that is not a user's ObjectId");
    // The same person through another database user is still the scanner.
    d.as_user("ops@tether.test").run(&["approve", &plan]).expect(6).says("scanned this plan and may not approve it");

    // Only an authenticated SUPERADMIN sets the policy.
    d.user("alice.admin@acme.test").await;
    d.as_user("alice.admin@acme.test")
        .run(&["policy", "set", "--org-approvals", "1"])
        .expect(6)
        .says("may not set the approval policy");
    assert!(d.t.find_one("tether_transfer_policy", doc! {}).await.is_none());
}

#[tokio::test]
async fn a_server_without_authentication_records_declared_identities() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    assert_eq!(plan_json(&plan)["operatorIdentity"]["established"], "declared");
    // Nobody authenticated: the policy cannot be set from here.
    t.cmd()
        .run(&["policy", "set", "--org-approvals", "1"])
        .expect(6)
        .says("Only an authenticated SUPERADMIN may set the approval policy");
    t.cmd().run(&["policy", "show"]).expect(0).prints("never set: the defaults above apply");
    // By default a declared identity may approve, and is recorded as declared.
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(0).says("(declared)");
    let a = t.find_one("tether_transfer_approvals", doc! {}).await.unwrap();
    assert_eq!(a.get_document("identity").unwrap().get_str("established").unwrap(), "declared");
    // A policy that refuses declared approvers (written by an administrator).
    write_policy(&t, 1, false).await;
    // An approver deactivated since no longer counts.
    write_policy(&t, 1, true).await;
    t.db.collection::<Document>("users")
        .update_one(doc! { "email": "ops@tether.test" }, doc! { "$set": { "isActive": false } })
        .await
        .unwrap();
    t.cmd()
        .run(&["execute", &plan, "--yes"])
        .expect(6)
        .says("not counted: ops@tether.test (not counted: ops@tether.test is inactive now)");
    t.db.collection::<Document>("users")
        .update_one(doc! { "email": "ops@tether.test" }, doc! { "$set": { "isActive": true } })
        .await
        .unwrap();
    write_policy(&t, 1, false).await;
    let before = t.snapshot().await;
    t.cmd()
        .env("TETHER_OPERATOR", "alice.admin@acme.test")
        .run(&["approve", &plan])
        .expect(6)
        .says("lets only authenticated identities approve");
    // Nor may a declared identity execute such a plan: naming someone else
    // with --operator must not beat four eyes.
    t.cmd().run(&["execute", &plan, "--yes"]).expect(6).says(
        "accepts only authenticated approvers, so only an authenticated identity may execute such a plan; root@tether.test is only declared",
    );
    assert_eq!(t.snapshot().await, before);
    // A policy nobody can read does not pass for "none needed".
    t.db.collection::<Document>("tether_transfer_policy")
        .update_one(doc! { "_id": "approvals" }, doc! { "$set": { "orgApprovals": "one" } })
        .await
        .unwrap();
    let before = t.snapshot().await;
    t.cmd()
        .run(&["execute", &plan, "--yes"])
        .expect(1)
        .says("The approval policy in tether_transfer_policy cannot be read: orgApprovals is \"one\"");
    assert_eq!(t.snapshot().await, before);
    // Without the policy's demand the transfer runs, and its record says declared.
    t.db.collection::<Document>("tether_transfer_policy").delete_many(doc! {}).await.unwrap();
    t.cmd().run(&["execute", &plan, "--yes"]).expect(0);
    let id = t.last_transfer().await;
    let record = t.find_one("auditlogs", doc! { "_id": ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    assert_eq!(record.get_document("operatorIdentity").unwrap().get_str("established").unwrap(), "declared");
    assert_eq!(record.get_array("approvals").unwrap().len(), 1, "the approval it had is recorded");

    // A transfer approved when it started is resumed without asking again,
    // even if the approval was revoked meanwhile.
    write_policy(&t, 1, true).await;
    let rita = t.scan(
        &dir,
        "rita.json",
        &[
            "org",
            "--user",
            "rita.rep@acme.test",
            "--to-org",
            "Initech",
            "--role",
            "SALES_REP",
            "--reassignee",
            "big.owner@acme.test",
        ],
    );
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &rita]).expect(0);
    let crashed = t.cmd().env("TETHER_TRANSFER_CRASH_AT", "batch-committed#1").run(&[
        "execute",
        &rita,
        "-y",
        "--batch-size",
        "5",
    ]);
    assert_ne!(crashed.code, 0, "the crash hook stopped it");
    let id = t.last_transfer().await;
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &rita, "--revoke"]).expect(0);
    t.cmd().run(&["execute", "--resume", &id]).expect(0);
    assert_eq!(t.status_of(&id).await, "completed");
}

#[tokio::test]
async fn approve_re_validates_like_a_dry_run() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let sam = t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    t.db.collection::<Document>("contacts")
        .insert_one(doc! { "userId": sam.get_object_id("_id").unwrap(), "organizationId": sam.get_object_id("organizationId").unwrap(), "name": "late" })
        .await
        .unwrap();
    let before = t.snapshot().await;
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(4).says("stale");
    assert_eq!(t.snapshot().await, before);
    // A department plan's approver needs the rights execute needs.
    let dept = t.scan(&dir, "d.json", &SAM_TO_MARKETING);
    t.cmd()
        .env("TETHER_OPERATOR", "gary.admin@globex.test")
        .run(&["approve", &dept])
        .expect(6)
        .says("An approver needs the rights execute needs");
    t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&["approve", &dept]).expect(0);
    // A blocked plan cannot be approved (execute would refuse it).
    let blocked = s(&dir.path().join("b.json"));
    let mut scan = vec!["scan", "org", "--user", "sam.rep@acme.test", "--to-org", "Globex", "--role", "SALES_REP"];
    scan.extend(["--reassignee", "rita.rep@acme.test", "--out", &blocked]);
    t.cmd().run(&scan).expect(3);
    t.cmd()
        .env("TETHER_OPERATOR", "ops@tether.test")
        .run(&["approve", &blocked])
        .expect(3)
        .says("The plan is blocked by 2 conflicts");
    // A plan written by an earlier version (no operatorIdentity) keeps its
    // checksum when approve writes its copy: the approval still applies.
    let mut old: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&dept).unwrap()).unwrap();
    old.as_object_mut().unwrap().remove("operatorIdentity");
    old.as_object_mut().unwrap().remove("approvals");
    tether_transfer::plan::seal(&mut old);
    let earlier = s(&dir.path().join("earlier.json"));
    std::fs::write(&earlier, serde_json::to_string_pretty(&old).unwrap()).unwrap();
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &earlier]).expect(0);
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&earlier).unwrap()).unwrap();
    assert_eq!(written["checksum"], old["checksum"]);
    assert!(written.get("operatorIdentity").is_none());
    assert_eq!(written["approvals"][0]["approver"]["email"], "ops@tether.test");
    // --format markdown is for the reading commands only.
    t.cmd()
        .run(&["approve", &dept, "--format", "markdown"])
        .expect(2)
        .says("--format markdown is not offered by this command");
}

#[tokio::test]
async fn an_approval_revoked_while_execute_waits_does_not_count() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    write_policy(&t, 1, true).await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(0);
    let sam_before = t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    // Stopped right after taking its locks (past the check before the prompt).
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "locked").spawn(&["execute", &plan, "-y"]);
    let pid = child.id() as i32;
    stopped(pid).await;
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan, "--revoke"]).expect(0);
    unsafe { libc::kill(pid, libc::SIGCONT) };
    finish(child).expect(6).says("not counted: ops@tether.test (revoked at");
    assert_eq!(t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap(), sam_before);
    assert_eq!(t.count("auditlogs", doc! { "action": "org_transfer_execute" }).await, 0, "no transfer started");
    assert_eq!(t.count("tether_transfer_locks", doc! {}).await, 0, "its locks were released");
}

/// A rollback is a plan like any other: the policy of the transfer it
/// undoes asks for its own approval.
#[tokio::test]
async fn a_rollback_needs_its_own_approval() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    write_policy(&t, 1, true).await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &plan]).expect(0);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = s(&dir.path().join("rb.json"));
    t.cmd()
        .run(&["scan", "rollback", &id, "--out", &rollback])
        .expect(0)
        .says("The approval policy asks for 1 approval of this plan");
    let before = t.snapshot().await;
    t.cmd()
        .run(&["execute", &rollback, "-y"])
        .expect(6)
        .says("0 of the 1 approval the policy asks for organization transfers");
    assert_eq!(t.snapshot().await, before);
    t.cmd().env("TETHER_OPERATOR", "ops@tether.test").run(&["approve", &rollback]).expect(0);
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let sam = t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    let acme = t.find_one("organizations", doc! { "name": "Acme Corp" }).await.unwrap();
    assert_eq!(sam.get_object_id("organizationId").unwrap(), acme.get_object_id("_id").unwrap());
}
