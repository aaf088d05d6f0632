//! Department plans of many assignments (`--assignments`), and plans edited
//! after the scan: each is executed exactly as its request says, or refused
//! with the database unchanged.

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};
use serde_json::{Value, json};
use tether_transfer::generator::Manifest;

use crate::common::*;

fn oid(d: &Document, k: &str) -> Option<ObjectId> {
    d.get_object_id(k).ok()
}

fn set(d: &Document, k: &str, v: impl Into<Bson>) -> Document {
    let mut e = d.clone();
    e.insert(k, v.into());
    e
}

fn unset(d: &Document, k: &str) -> Document {
    let mut e = d.clone();
    e.remove(k);
    e
}

fn ids(d: &Document, k: &str) -> Vec<ObjectId> {
    d.get_array(k).map(|a| a.iter().filter_map(Bson::as_object_id).collect()).unwrap_or_default()
}

/// Writes `text` into the test's folder and returns its path.
fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    s(&p)
}

fn load(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Saves an edited plan with its checksum recomputed, as a deliberate editor would.
fn save_sealed(path: &str, mut v: Value) {
    tether_transfer::plan::seal(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// sam -> Marketing as a head (what stays in Sales passes to dana), rita ->
/// Support (her Sales documents follow her), big -> Sales (a swap with rita).
const REORG: &str = "user,targetDepartment,role,reassignee\n\
    sam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\n\
    rita.rep@acme.test,Support,,\n\
    big.owner@acme.test,Sales,,\n";

/// What the REORG plan must do to each document (None: leave it alone).
fn reorg_expectation(m: &Manifest) -> impl Fn(&str, &Document) -> Option<Document> {
    let (sam, rita, big, dana) = (m.id("user:sam"), m.id("user:rita"), m.id("user:big"), m.id("user:dana"));
    let (acme, sales, support, marketing) =
        (m.id("org:acme"), m.id("dept:acme/sales"), m.id("dept:acme/support"), m.id("dept:acme/marketing"));
    move |coll, d| {
        if coll != "departments" && coll != "users" && oid(d, "organizationId") != Some(acme) {
            return None;
        }
        let (owner, dept, assignee) = (oid(d, "userId"), oid(d, "departmentId"), oid(d, "assigneeId"));
        // What stays in Sales gets no leaving user as its assignee.
        let stays_in_sales = |e: Document| match oid(&e, "assigneeId") {
            Some(a) if a == sam => set(&e, "assigneeId", dana),
            Some(a) if a == rita => unset(&e, "assigneeId"),
            _ => e,
        };
        match coll {
            "contacts" | "conversations" | "automations" | "prompts" => {
                if owner == Some(sam) && dept == Some(sales) {
                    let e = set(d, "userId", dana);
                    return Some(if coll == "conversations" { stays_in_sales(e) } else { e });
                }
                if owner == Some(rita) && dept == Some(sales) {
                    // It arrives in Support: an assignee leaving Support (big) goes.
                    let e = set(d, "departmentId", support);
                    return Some(if assignee == Some(big) { unset(&e, "assigneeId") } else { e });
                }
                if owner == Some(big) && dept == Some(support) {
                    return Some(set(d, "departmentId", sales));
                }
                if coll == "conversations" && dept == Some(sales) && (assignee == Some(sam) || assignee == Some(rita)) {
                    return Some(stays_in_sales(d.clone()));
                }
                if coll == "conversations" && dept == Some(support) && assignee == Some(big) {
                    return Some(unset(d, "assigneeId"));
                }
                None
            }
            "approvalpolicies" if dept == Some(sales) => {
                let before = ids(d, "approverIds");
                if !before.contains(&sam) && !before.contains(&rita) {
                    return None;
                }
                let mut after: Vec<ObjectId> = Vec::new();
                for a in &before {
                    let to = if *a == sam {
                        dana
                    } else if *a == rita {
                        continue;
                    } else {
                        *a
                    };
                    if to != *a && (before.contains(&to) || after.contains(&to)) {
                        continue;
                    }
                    after.push(to);
                }
                Some(set(d, "approverIds", after))
            }
            "users" if oid(d, "_id") == Some(sam) => Some(set(d, "accessRole", "DEPARTMENT_HEAD")),
            "departments" => {
                let id = oid(d, "_id");
                let without = |k: &str, gone: &[ObjectId]| -> Vec<ObjectId> {
                    ids(d, k).into_iter().filter(|u| !gone.contains(u)).collect()
                };
                let with = |mut v: Vec<ObjectId>, u: ObjectId| {
                    v.push(u);
                    v
                };
                if id == Some(sales) {
                    let e = set(d, "managers", without("managers", &[sam, rita]));
                    Some(set(&e, "members", with(without("members", &[sam, rita]), big)))
                } else if id == Some(support) {
                    let e = set(d, "managers", without("managers", &[big]));
                    Some(set(&e, "members", with(without("members", &[big]), rita)))
                } else if id == Some(marketing) {
                    Some(set(d, "managers", with(ids(d, "managers"), sam)))
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

#[tokio::test]
async fn many_assignments_each_end_where_their_own_row_says() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    // What stays in Sales tied to big, who leaves Support for Sales: big is
    // not leaving Sales, so he stays its assignee and approver.
    let (acme, sales, sam, big) = (m.id("org:acme"), m.id("dept:acme/sales"), m.id("user:sam"), m.id("user:big"));
    t.db.collection::<Document>("conversations")
        .insert_one(
            doc! { "organizationId": acme, "userId": sam, "departmentId": sales, "assigneeId": big, "channel": "sms" },
        )
        .await
        .unwrap();
    t.db.collection::<Document>("approvalpolicies")
        .insert_one(doc! { "organizationId": acme, "departmentId": sales, "approverIds": [big, sam], "name": "Joint", "threshold": 2 })
        .await
        .unwrap();
    // rita's Sales conversation follows her into Support, which big (its
    // assignee) leaves without a re-assignee: it arrives unassigned.
    let rita = m.id("user:rita");
    t.db.collection::<Document>("conversations")
        .insert_one(
            doc! { "organizationId": acme, "userId": rita, "departmentId": sales, "assigneeId": big, "channel": "sms" },
        )
        .await
        .unwrap();
    let csv = file(&dir, "reorg.csv", REORG);
    let plan_path = t.scan(&dir, "reorg.json", &["department", "--assignments", &csv]);
    let plan = load(&plan_path);
    assert_eq!(plan["kind"], "department");
    assert_eq!(plan["request"]["assignments"].as_array().unwrap().len(), 3);
    assert_eq!(plan["request"]["assignments"][0]["newAccessRole"], "DEPARTMENT_HEAD");
    assert_eq!(plan["request"]["assignments"][0]["reassigneeUserId"], m.id("user:dana").to_hex());
    assert!(plan["request"]["assignments"][1].get("reassigneeUserId").is_none());
    // One selection per kind over every user, served by the same indexes as one user's.
    let warnings = plan["warnings"].as_array().unwrap();
    assert!(warnings.iter().all(|w| w["code"] != "missing_index"), "{warnings:?}");
    let before = t.dump().await;
    let run = t.cmd().run(&["execute", &plan_path, "-y", "--json"]);
    run.expect(0);
    let after = t.dump().await;
    let changed = assert_transformed(&before, &after, reorg_expectation(&m));
    let planned: u64 = plan["resources"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    // Every planned document, sam's role, and Sales, Support and Marketing.
    assert_eq!(changed as u64, planned + 4);
    // One record, whose payload is the request, with every user.
    let record = t.find_one("auditlogs", doc! {}).await.unwrap();
    assert_eq!(record.get_str("status"), Ok("completed"));
    assert_eq!(record.get_document("payload").unwrap().get_array("assignments").unwrap().len(), 3);
    assert_eq!(record.get_array("users").unwrap().len(), 3);
    for u in ["user:sam", "user:rita", "user:big"] {
        let user = t.find_one("users", doc! { "_id": m.id(u) }).await.unwrap();
        assert_eq!(user.get_bool("isActive"), Ok(true), "{u} unfrozen");
    }
    // One pass per kind over all the users: one batch event per kind here.
    let batches = run.stdout.lines().filter(|l| l.contains("\"event\":\"batch\"")).count();
    // Nothing was left for the sweep: what the plan counted is what moved.
    assert!(record.get_document("swept").unwrap().is_empty(), "{record}");
    assert!(batches <= 6, "{batches} batches:\n{}", run.stdout);
    let id = t.last_transfer().await;
    let v = t.cmd().run(&["verify", &id, "--json"]);
    v.expect(0);
    let checks = v.json()["checks"].as_array().unwrap().clone();
    for want in [
        "sam.rep@acme.test is in",
        "rita.rep@acme.test is in",
        "big.owner@acme.test is in",
        "has the role DEPARTMENT_HEAD",
    ] {
        assert!(checks.iter().any(|c| c["check"].as_str().unwrap().contains(want)), "no check {want}: {checks:?}");
    }
    let reassignee = "sam.rep@acme.test's re-assignee dana.head@acme.test is still in";
    assert!(checks.iter().any(|c| c["check"].as_str().unwrap().contains(reassignee)), "{checks:?}");
    // A Sales conversation assigned to sam, who left Sales: verify names it.
    let stray =
        t.db.collection::<Document>("conversations")
            .insert_one(
                doc! { "organizationId": acme, "userId": m.id("user:dana"), "departmentId": sales, "assigneeId": sam },
            )
            .await
            .unwrap()
            .inserted_id;
    let v = t.cmd().run(&["verify", &id]);
    v.expect(8);
    assert!(v.stdout.contains(&stray.as_object_id().unwrap().to_hex()), "{}", v.stdout);
}

#[tokio::test]
async fn a_many_assignment_run_killed_anywhere_resumes_to_the_same_state() {
    let (reference, m) = TestDb::seeded().await;
    let dir = reference.tmp();
    let csv = file(&dir, "reorg.csv", REORG);
    let plan = reference.scan(&dir, "ref.json", &["department", "--assignments", &csv]);
    reference.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let want = reference.dump().await;
    for point in ["frozen", "batch-committed#2", "moved", "sweeping#2", "subjects-committed"] {
        let (t, _) = TestDb::seeded().await;
        let plan = t.scan(&dir, &format!("{point}.json"), &["department", "--assignments", &csv]);
        let killed = t.cmd().env("TETHER_TRANSFER_CRASH_AT", point).run(&["execute", &plan, "-y"]);
        assert_ne!(killed.code, 0, "{point}: the run should have been killed");
        let id = t.last_transfer().await;
        t.cmd().run(&["execute", "--resume", &id, "-y"]).expect(0);
        assert_same_data(&want, &t.dump().await);
        t.cmd().run(&["verify", &id]).expect(0);
    }
    let _ = m;
}

#[tokio::test]
async fn a_swap_and_json_assignments_and_stdin() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    // The seed's assignments array, by ObjectId, read from standard input.
    let json = json!([
        { "userId": m.id("user:rita").to_hex(), "targetDepartmentId": m.id("dept:acme/support").to_hex() },
        { "userId": m.id("user:big").to_hex(), "targetDepartmentId": m.id("dept:acme/sales").to_hex() },
        { "userId": m.id("user:sam").to_hex(), "targetDepartmentId": m.id("dept:acme/marketing").to_hex(),
          "newAccessRole": "DEPARTMENT_HEAD", "reassigneeUserId": m.id("user:dana").to_hex() },
    ]);
    let out = s(&dir.path().join("p.json"));
    t.cmd().run_with_stdin(&["scan", "department", "--assignments", "-", "--out", &out], json.to_string()).expect(0);
    let before = t.dump().await;
    t.cmd().run(&["execute", &out, "-y"]).expect(0);
    assert_transformed(&before, &t.dump().await, reorg_expectation(&m));
    // A whole TransferExecuteRequest works too.
    let (t2, m2) = TestDb::seeded().await;
    let req = json!({ "scanVersion": "v-any", "assignments": [
        { "userId": m2.id("user:rita").to_hex(), "targetDepartmentId": "Marketing" }
    ] });
    let f = file(&dir, "req.json", &serde_json::to_string_pretty(&req).unwrap());
    t2.scan(&dir, "req-plan.json", &["department", "--assignments", &f]);
    let run =
        t2.cmd().run(&["scan", "department", "--assignments", &f, "--out", &s(&dir.path().join("x.json")), "--json"]);
    run.expect(0);
    let v = run.json();
    assert!(v["scanVersion"].as_str().unwrap().starts_with("scan-"));
    for k in ["prompts", "automations", "conversations", "approvalPolicies", "contacts"] {
        assert!(v["summary"][k].is_u64(), "summary.{k} in {v}");
        assert!(v["summary"]["users"][0][k].is_u64(), "summary.users[0].{k} in {v}");
    }
    assert!(v["conflicts"].is_array());
}

/// A file with several mistakes, of the file and of the database, says them
/// all in one run: each with its line, one error, exit 2, nothing written.
#[tokio::test]
async fn every_bad_row_of_an_assignments_file_is_reported_in_one_run() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let text = "user,targetDepartment,role\n\
        sam.rep@acme.test,Marketing,\n\
        nobody@acme.test,Archive,\n\
        rita.rep@acme.test,Nowhere,\n\
        dana.head@acme.test,Archive,BOSS\n\
        gina.rep@globex.test,Marketing,\n\
        sam.rep@acme.test,Archive,\n";
    let f = file(&dir, "bad.csv", text);
    let out = s(&dir.path().join("bad-plan.json"));
    let before = t.snapshot().await;
    let run = t.cmd().run(&["scan", "department", "--assignments", &f, "--out", &out]);
    run.expect(2).says("5 assignments cannot be used; nothing was written:");
    for line in [3, 4, 5, 6, 7] {
        run.says(&format!("Line {line} of {f}:"));
    }
    assert!(!run.stderr.contains("Line 2 of"), "the good row is not a mistake: {}", run.stderr);
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{}", run.stderr);
    assert!(!std::path::Path::new(&out).exists(), "no plan is written");
    assert_eq!(t.snapshot().await, before);
    // In JSON, the same one error document.
    let run = t.cmd().run(&["scan", "department", "--assignments", &f, "--out", &out, "--json"]);
    let doc = run.json();
    assert_eq!(doc["exitCode"], 2);
    assert!(doc["error"].as_str().unwrap().contains("Line 7 of"), "{doc}");
}

#[tokio::test]
async fn invalid_assignment_files_name_their_line_and_change_nothing() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let globex_sales = m.id("dept:globex/sales").to_hex();
    let cases: Vec<(&str, String, &str)> = vec![
        ("unknown user", "user,targetDepartment\nsam.rep@acme.test,Marketing\nnobody@acme.test,Archive\n".into(), "Line 3 of"),
        ("unknown department", "user,targetDepartment\nsam.rep@acme.test,Nowhere\n".into(), "Line 2 of"),
        (
            "a user twice",
            "user,targetDepartment\nsam.rep@acme.test,Marketing\nrita.rep@acme.test,Archive\nsam.rep@acme.test,Archive\n".into(),
            "Line 4 of",
        ),
        ("target is the current department", "user,targetDepartment\nsam.rep@acme.test,Sales\n".into(), "Line 2 of"),
        ("department of another organization", format!("user,targetDepartment\nsam.rep@acme.test,{globex_sales}\n"), "Line 2 of"),
        (
            "user of another organization",
            "user,targetDepartment\nsam.rep@acme.test,Marketing\ngina.rep@globex.test,Marketing\n".into(),
            "Line 3 of",
        ),
        (
            "re-assignee also leaving",
            "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,,rita.rep@acme.test\nrita.rep@acme.test,Archive,,\n"
                .into(),
            "Line 2 of",
        ),
        ("bad header", "email,department\nsam.rep@acme.test,Marketing\n".into(), "Line 1 of"),
        ("unterminated quote", "user,targetDepartment\n\"sam.rep@acme.test,Marketing\n".into(), "Line 2 of"),
        ("wrong column count", "user,targetDepartment\nsam.rep@acme.test,Marketing,extra\n".into(), "Line 2 of"),
        ("empty file", "".into(), "is empty"),
        ("header only", "user,targetDepartment\n".into(), "no assignment"),
        ("superadmin role", "user,targetDepartment,role\nsam.rep@acme.test,Marketing,SUPERADMIN\n".into(), "Line 2 of"),
        ("a NUL in a user", "user,targetDepartment\nsam.rep\0@acme.test,Marketing\n".into(), "holds a NUL character"),
        ("a NUL in a department", "user,targetDepartment\nsam.rep@acme.test,Mark\0eting\n".into(), "Line 2 of"),
    ];
    let before = t.snapshot().await;
    for (what, text, says) in cases {
        let f = file(&dir, "bad.csv", &text);
        let out = s(&dir.path().join("bad-plan.json"));
        let run = t.cmd().run(&["scan", "department", "--assignments", &f, "--out", &out]);
        run.expect(2).says(says);
        assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{what}: {}", run.stderr);
        assert!(!std::path::Path::new(&out).exists(), "{what}: no plan is written");
    }
    assert_eq!(before, t.snapshot().await, "the database is untouched");
}

#[tokio::test]
async fn delete_source_with_assignments_when_they_empty_it() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    // Support holds sue and big, and sue's approval policy: not empty after moving both.
    let csv = file(&dir, "a.csv", "user,targetDepartment\nsue.head@acme.test,Archive\nbig.owner@acme.test,Archive\n");
    let out = s(&dir.path().join("p.json"));
    let run = t.cmd().run(&["scan", "department", "--assignments", &csv, "--delete-source", "Support", "--out", &out]);
    run.expect(3);
    assert!(run.stdout.contains("[source_not_empty] Department \"Support\""), "{}", run.stdout);
    assert!(run.stdout.contains("1 approvalpolicies"), "{}", run.stdout);
    // Only one of them: the department keeps a user.
    let csv = file(&dir, "b.csv", "user,targetDepartment\nbig.owner@acme.test,Archive\n");
    t.cmd()
        .run(&["scan", "department", "--assignments", &csv, "--delete-source", "Support", "--out", &out])
        .expect(2)
        .says("keeps 1 user");
    // Without its policy, Support can go.
    t.db.collection::<Document>("approvalpolicies")
        .delete_many(doc! { "departmentId": m.id("dept:acme/support") })
        .await
        .unwrap();
    let csv = file(&dir, "c.csv", "user,targetDepartment\nsue.head@acme.test,Archive\nbig.owner@acme.test,Archive\n");
    let plan = t.scan(&dir, "ok.json", &["department", "--assignments", &csv, "--delete-source", "Support"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    assert!(t.find_one("departments", doc! { "_id": m.id("dept:acme/support") }).await.is_none());
    let id = t.last_transfer().await;
    t.cmd().run(&["verify", &id]).expect(0);
}

/// A plan edited after the scan (checksum recomputed) is either executed as
/// its request says or refused with the database unchanged.
#[tokio::test]
async fn edited_plans_never_do_something_else_than_they_say() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let dept = t.scan(&dir, "dept.json", &SAM_TO_MARKETING);
    let bulk = t.scan(&dir, "bulk.json", &["department", "--from", "Support", "--to", "Archive"]);
    let org = t.scan(&dir, "org.json", &SAM_TO_INITECH);
    let (ivan, big, archive, marketing) =
        (m.id("user:ivan"), m.id("user:big"), m.id("dept:acme/archive"), m.id("dept:acme/marketing"));
    type Edit = Box<dyn Fn(&mut Value)>;
    let edits: Vec<(&str, &str, Edit, &str)> = vec![
        (
            "extra assignments in a one-user plan",
            &dept,
            Box::new(move |v: &mut Value| {
                let a = v["request"]["assignments"].as_array_mut().unwrap();
                a.push(json!({ "userId": ivan.to_hex(), "targetDepartmentId": archive.to_hex() }));
                a.push(json!({ "userId": big.to_hex(), "targetDepartmentId": marketing.to_hex() }));
            }),
            "not what its request derives",
        ),
        (
            "per-user targets and roles in a bulk plan",
            &bulk,
            Box::new({
                let marketing = m.id("dept:acme/marketing").to_hex();
                move |v: &mut Value| {
                    let a = v["request"]["assignments"].as_array_mut().unwrap();
                    a[0]["targetDepartmentId"] = json!(marketing);
                    a[0]["newAccessRole"] = json!("ADMIN");
                }
            }),
            "per-user targets need a plan from --assignments",
        ),
        (
            "another target in the summary only (department)",
            &dept,
            Box::new({
                let archive = m.id("dept:acme/archive").to_hex();
                move |v: &mut Value| v["summary"]["toDepartment"] = json!({ "id": archive, "name": "Archive" })
            }),
            "summary (toDepartment)",
        ),
        (
            "another target in the summary only (bulk)",
            &bulk,
            Box::new({
                let marketing = m.id("dept:acme/marketing").to_hex();
                move |v: &mut Value| v["summary"]["toDepartment"] = json!({ "id": marketing, "name": "Marketing" })
            }),
            "toDepartment",
        ),
        (
            "another organization in the summary only",
            &org,
            Box::new({
                let globex = m.id("org:globex").to_hex();
                move |v: &mut Value| v["summary"]["toOrganization"] = json!({ "id": globex, "name": "Globex" })
            }),
            "summary (toOrganization)",
        ),
        (
            "a resource's action",
            &dept,
            Box::new(|v: &mut Value| v["resources"][0]["action"] = json!("repoint")),
            "resources (contacts)",
        ),
        (
            "an entity dropped",
            &org,
            Box::new(|v: &mut Value| {
                v["entities"].as_array_mut().unwrap().remove(1);
            }),
            "entities",
        ),
    ];
    let before = t.dump().await;
    for (what, path, edit, says) in edits {
        let mut v = load(path);
        edit(&mut v);
        let edited = s(&dir.path().join("edited.json"));
        save_sealed(&edited, v);
        let run = t.cmd().run(&["execute", &edited, "-y"]);
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{what}: {}", run.stderr);
        let dry = t.cmd().run(&["execute", &edited, "--dry-run"]);
        assert_eq!(dry.code, 2, "{what} (dry run): {}", dry.stderr);
        assert_same_data(&before, &t.dump().await);
        assert!(t.find_one("auditlogs", doc! {}).await.is_none(), "{what}: no transfer was recorded");
    }
    // The request of the first edit, scanned for real, does all it says.
    let csv = file(
        &dir,
        "three.csv",
        "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,,rita.rep@acme.test\nivan.inactive@acme.test,Archive,,\nbig.owner@acme.test,Marketing,,\n",
    );
    let plan = t.scan(&dir, "three.json", &["department", "--assignments", &csv]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let marketing = t.find_one("departments", doc! { "_id": m.id("dept:acme/marketing") }).await.unwrap();
    assert_eq!(ids(&marketing, "members"), vec![m.id("user:sam"), m.id("user:big")]);
    let archive = t.find_one("departments", doc! { "_id": m.id("dept:acme/archive") }).await.unwrap();
    assert_eq!(ids(&archive, "members"), vec![m.id("user:ivan")]);
    let id = t.last_transfer().await;
    t.cmd().run(&["verify", &id]).expect(0);
}

/// Random reorganizations of Acme (seeded): each is refused cleanly (exit 2
/// or 3, nothing changed) or executed; then verify is clean, every other
/// organization is byte-for-byte as before, every user is where their row
/// says, and a user of no row is in the department they were in.
#[tokio::test]
async fn random_reorganizations_keep_the_invariants() {
    use tether_transfer::generator::Rng;
    let people =
        ["sam.rep", "rita.rep", "big.owner", "ivan.inactive", "dana.head", "sue.head", "alice.admin", "bob.admin"];
    let departments = ["Sales", "Support", "Marketing", "Archive"];
    let roles = ["", "", "SALES_REP", "DEPARTMENT_HEAD"];
    let current = |who: &str| match who {
        "sam.rep" | "rita.rep" | "ivan.inactive" | "dana.head" => Some("Sales"),
        "big.owner" | "sue.head" => Some("Support"),
        _ => None,
    };
    let mut rng = Rng(20261123);
    let (mut executed, mut refused) = (0, 0);
    for round in 0..12 {
        let (t, m) = TestDb::seeded().await;
        let dir = t.tmp();
        let mut rows = vec!["user,targetDepartment,role,reassignee".to_string()];
        let mut chosen: Vec<(&str, &str)> = Vec::new();
        for who in people {
            if rng.next_u64().is_multiple_of(2) {
                continue;
            }
            let here = current(who);
            let choices: Vec<&str> = departments.iter().copied().filter(|d| Some(*d) != here).collect();
            chosen.push((who, choices[(rng.next_u64() % choices.len() as u64) as usize]));
        }
        for (who, to) in &chosen {
            let role = roles[(rng.next_u64() % 4) as usize];
            // A re-assignee, now and then: someone of the same department who stays.
            let stays: Vec<&str> = people
                .iter()
                .copied()
                .filter(|p| current(p).is_some() && current(p) == current(who) && !chosen.iter().any(|(c, _)| c == p))
                .filter(|p| *p != "ivan.inactive")
                .collect();
            let taker = match (stays.is_empty(), rng.next_u64() % 2) {
                (false, 0) => format!("{}@acme.test", stays[(rng.next_u64() % stays.len() as u64) as usize]),
                _ => String::new(),
            };
            rows.push(format!("{who}@acme.test,{to},{role},{taker}"));
        }
        if chosen.is_empty() {
            continue;
        }
        let csv = file(&dir, "r.csv", &(rows.join("\n") + "\n"));
        let out = s(&dir.path().join("r.json"));
        let before = t.dump().await;
        let scan = t.cmd().run(&["scan", "department", "--assignments", &csv, "--out", &out]);
        if scan.code != 0 {
            assert!(scan.code == 2 || scan.code == 3, "round {round}: {}\n{}", rows.join("\n"), scan.stderr);
            assert_eq!(scan.stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{}", scan.stderr);
            assert_same_data(&before, &t.dump().await);
            eprintln!(
                "refused ({}): {}",
                scan.code,
                scan.stderr.lines().find(|l| l.starts_with("error:")).unwrap_or("")
            );
            refused += 1;
            continue;
        }
        t.cmd().run(&["execute", &out, "-y"]).expect(0);
        executed += 1;
        let id = t.last_transfer().await;
        let v = t.cmd().run(&["verify", &id]);
        assert_eq!(v.code, 0, "round {round}: {}\n{}", rows.join("\n"), v.stdout);
        let after = t.dump().await;
        let acme = m.id("org:acme");
        for (coll, docs) in &before {
            for (key, (d, bytes)) in docs {
                let other_org = d.get_object_id("organizationId").is_ok_and(|o| o != acme);
                if other_org {
                    assert!(
                        after[coll][key].1 == *bytes,
                        "round {round}: {coll} {key} of another organization changed"
                    );
                }
            }
        }
        let depts = t.db.collection::<Document>("departments");
        for (who, to) in &chosen {
            let user = t.find_one("users", doc! { "email": format!("{who}@acme.test") }).await.unwrap();
            let uid = user.get_object_id("_id").unwrap();
            let listing: Vec<String> = {
                let filter = doc! { "$or": [{ "managers": uid }, { "members": uid }] };
                let mut cursor = depts.find(filter).await.unwrap();
                let mut names = Vec::new();
                while cursor.advance().await.unwrap() {
                    names.push(cursor.deserialize_current().unwrap().get_str("name").unwrap().to_string());
                }
                names
            };
            assert_eq!(listing, vec![to.to_string()], "round {round}: {who} should be in {to} only");
            assert_eq!(
                user.get_bool("isActive").ok(),
                before["users"][&Bson::ObjectId(uid).to_string()].0.get_bool("isActive").ok()
            );
        }
    }
    eprintln!("random reorganizations: {executed} executed, {refused} refused");
    assert!(executed >= 4, "only {executed} rounds executed ({refused} refused)");
}
