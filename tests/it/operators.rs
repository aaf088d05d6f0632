//! Who may act: transfers.md, "Who may act".

use crate::common::*;

#[tokio::test]
async fn operator_rules() {
    let (t, _m) = TestDb::seeded().await;
    let before = t.snapshot().await;
    let dir = t.tmp();
    let out = s(&dir.path().join("p.json"));
    let preview = ["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"];
    let org_scan = [
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
        &out,
    ];
    let dept_scan = [
        "scan",
        "department",
        "--user",
        "sam.rep@acme.test",
        "--to",
        "Marketing",
        "--reassignee",
        "rita.rep@acme.test",
        "--out",
        &out,
    ];
    let as_op = |op: &str| t.cmd().env("TETHER_OPERATOR", op);

    t.cmd().env_remove("TETHER_OPERATOR").run(&preview).expect(2).says("No operator");
    as_op("nobody@tether.test").run(&preview).expect(6).says("is not a user of this database");
    as_op("retired.root@tether.test").run(&preview).expect(6).says("inactive");
    as_op("sam.rep@acme.test").run(&preview).expect(6).says("only a SUPERADMIN may");
    as_op("alice.admin@acme.test").run(&preview).expect(6).says("may not preview");
    as_op("alice.admin@acme.test").run(&org_scan).expect(6).says("may not transfer users between organizations");
    as_op("gary.admin@globex.test").run(&dept_scan).expect(6).says("ADMIN of organization");
    as_op("dana.head@acme.test").run(&dept_scan).expect(6);
    assert!(!std::path::Path::new(&out).exists());
    assert_eq!(t.snapshot().await, before);

    // An admin of the organization may scan a department transfer; the plan names them.
    as_op("alice.admin@acme.test").run(&dept_scan).expect(0);
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(plan["operator"]["email"], "alice.admin@acme.test");
    assert_eq!(plan["operator"]["accessRole"], "ADMIN");
    // --operator wins over the environment, and takes an id too.
    let root = t.find_one("users", mongodb::bson::doc! { "email": ROOT }).await.unwrap();
    let mut args = vec!["--operator".to_string(), root.get_object_id("_id").unwrap().to_hex()];
    args.extend(preview.iter().map(|s| s.to_string()));
    as_op("sam.rep@acme.test").run(&args).expect(0);
}
