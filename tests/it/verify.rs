//! verify: clean after every kind of transfer; a leftover is found and named.

use mongodb::bson::{Document, doc};

use crate::common::*;

#[tokio::test]
async fn verify_is_clean_after_each_kind_of_transfer_and_names_leftovers() {
    let (t, m) = TestDb::seeded_with(big(600)).await;
    let dir = t.tmp();
    let scans: [(&str, Vec<&str>); 3] = [
        (
            "org.json",
            vec![
                "org",
                "--user",
                "sam.rep@acme.test",
                "--to-org",
                "Initech",
                "--role",
                "DEPARTMENT_HEAD",
                "--reassignee",
                "rita.rep@acme.test",
                "--to-department",
                "Onboarding",
            ],
        ),
        (
            "dept.json",
            vec![
                "department",
                "--user",
                "rita.rep@acme.test",
                "--to",
                "Marketing",
                "--role",
                "DEPARTMENT_HEAD",
                "--reassignee",
                "dana.head@acme.test",
            ],
        ),
        ("bulk.json", vec!["department", "--from", "Support", "--to", "Archive", "--delete-source"]),
    ];
    let mut ids = Vec::new();
    for (name, args) in &scans {
        // Each plan is scanned after the previous transfer, or it would be stale.
        let plan = t.scan(&dir, name, args);
        let run = t.cmd().run(&["execute", &plan, "-y", "--json"]);
        run.expect(0);
        let id = run
            .stdout
            .lines()
            .last()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["transferId"].as_str().unwrap().to_string())
            .unwrap();
        let v = t.cmd().run(&["verify", &id, "--json"]);
        v.expect(0).says("clean");
        let report = v.json();
        assert_eq!(report["clean"], true);
        assert!(report["checks"].as_array().unwrap().len() >= 5, "{report}");
        ids.push(id);
    }
    // A contact written under sam's old ownership after the transfer.
    let stray =
        t.db.collection::<Document>("contacts")
            .insert_one(doc! { "organizationId": m.id("org:acme"), "userId": m.id("user:sam"), "firstName": "Late" })
            .await
            .unwrap()
            .inserted_id
            .as_object_id()
            .unwrap();
    let snap = t.snapshot().await;
    let v = t.cmd().run(&["verify", &ids[0]]);
    v.expect(8).says("1 of");
    assert!(v.stdout.contains(&stray.to_hex()) && v.stdout.contains("PROBLEM"), "{}", v.stdout);
    assert_eq!(t.snapshot().await, snap, "verify changes nothing");
    // And sam back in a department of Acme.
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": m.id("dept:acme/sales") }, doc! { "$push": { "members": m.id("user:sam") } })
        .await
        .unwrap();
    let report = t.cmd().run(&["verify", &ids[0], "--json"]).json();
    let bad: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(bad, ["contacts", "departments"]);
    t.cmd().run(&["verify", "0123456789abcdef01234567"]).expect(2).says("No transfer has the id");
    t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&["verify", &ids[0]]).expect(6);
}
