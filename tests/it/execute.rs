//! execute: the end state of each kind of plan, stale plans, single use.

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use crate::common::*;

fn oid(d: &Document, k: &str) -> Option<ObjectId> {
    d.get_object_id(k).ok()
}

fn replace_approver(d: &Document, from: ObjectId, to: ObjectId) -> Document {
    let list: Vec<ObjectId> = d.get_array("approverIds").unwrap().iter().filter_map(Bson::as_object_id).collect();
    let new: Vec<ObjectId> = if list.contains(&to) {
        list.into_iter().filter(|x| *x != from).collect()
    } else {
        list.into_iter().map(|x| if x == from { to } else { x }).collect()
    };
    let mut e = d.clone();
    e.insert("approverIds", new);
    e
}

fn set(d: &Document, k: &str, v: impl Into<Bson>) -> Document {
    let mut e = d.clone();
    e.insert(k, v.into());
    e
}

#[tokio::test]
async fn org_transfer_ends_exactly_where_the_spec_says() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let remap = format!("{}={}", m.id("agent:sam/1"), m.id("agent:rita/1"));
    let plan = t.scan(
        &dir,
        "org.json",
        &[
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
            "--agent-remap",
            &remap,
        ],
    );
    let before = t.dump().await;
    let run = t.cmd().run(&["execute", &plan, "-y"]);
    run.expect(0);
    let after = t.dump().await;
    let (sam, rita, acme, initech) = (m.id("user:sam"), m.id("user:rita"), m.id("org:acme"), m.id("org:initech"));
    let (a1, ra) = (m.id("agent:sam/1"), m.id("agent:rita/1"));
    let (sales, onboarding) = (m.id("dept:acme/sales"), m.id("dept:initech/onboarding"));
    let changed = assert_transformed(&before, &after, |coll, d| {
        let in_acme = oid(d, "organizationId") == Some(acme);
        let owned = in_acme && oid(d, "userId") == Some(sam);
        match coll {
            "contacts" | "workflows" | "webchatconfigurations" | "prompts" | "automationkeys" | "agents" if owned => {
                Some(set(d, "userId", rita))
            }
            "reminders" if owned && d.get_bool("fired") == Ok(false) => Some(set(d, "userId", rita)),
            "automations" if owned => {
                let e = set(d, "userId", rita);
                Some(if oid(d, "agentId") == Some(a1) { set(&e, "agentId", ra) } else { e })
            }
            "conversations" if owned => {
                let e = set(d, "userId", rita);
                Some(if oid(d, "assigneeId") == Some(sam) { set(&e, "assigneeId", rita) } else { e })
            }
            "conversations" if in_acme && oid(d, "assigneeId") == Some(sam) => Some(set(d, "assigneeId", rita)),
            "acquireditems"
            | "emailaccounts"
            | "calendarconnections"
            | "calendartoolconfigurations"
            | "googlesheetstokens"
            | "voicephonenumbers"
                if owned =>
            {
                Some(set(d, "organizationId", initech))
            }
            "approvalpolicies" if in_acme && d.get_array("approverIds").unwrap().contains(&Bson::ObjectId(sam)) => {
                Some(replace_approver(d, sam, rita))
            }
            "users" if oid(d, "_id") == Some(sam) => {
                Some(set(&set(d, "organizationId", initech), "accessRole", "DEPARTMENT_HEAD"))
            }
            "departments" if oid(d, "_id") == Some(sales) => {
                let members: Vec<ObjectId> = d
                    .get_array("members")
                    .unwrap()
                    .iter()
                    .filter_map(Bson::as_object_id)
                    .filter(|u| *u != sam)
                    .collect();
                Some(set(d, "members", members))
            }
            "departments" if oid(d, "_id") == Some(onboarding) => {
                let mut managers: Vec<ObjectId> =
                    d.get_array("managers").unwrap().iter().filter_map(Bson::as_object_id).collect();
                managers.push(sam);
                Some(set(d, "managers", managers))
            }
            _ => None,
        }
    });
    // 159 resources, the user and two departments.
    assert_eq!(changed, 159 + 3);
    let sam_after = t.find_one("users", doc! { "_id": sam }).await.unwrap();
    assert_eq!(sam_after.get_bool("isActive"), Ok(true), "unfrozen at the end");
    let record = t.find_one("auditlogs", doc! {}).await.unwrap();
    assert_eq!(record.get_str("status"), Ok("completed"));
    assert_eq!(record.get_str("action"), Ok("org_transfer_execute"));
    assert_eq!(record.get_document("progress").unwrap().get_i64("processed"), Ok(159));
    assert_eq!(t.count("tether_transfer_locks", doc! {}).await, 0, "locks released");
}

#[tokio::test]
async fn department_transfer_with_reassignee_and_role() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(
        &dir,
        "d.json",
        &[
            "department",
            "--user",
            "sam.rep@acme.test",
            "--to",
            "Marketing",
            "--reassignee",
            "rita.rep@acme.test",
            "--role",
            "DEPARTMENT_HEAD",
        ],
    );
    let before = t.dump().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let after = t.dump().await;
    let (sam, rita, sales, marketing) =
        (m.id("user:sam"), m.id("user:rita"), m.id("dept:acme/sales"), m.id("dept:acme/marketing"));
    let changed = assert_transformed(&before, &after, |coll, d| {
        let in_sales = oid(d, "departmentId") == Some(sales);
        let owned = in_sales && oid(d, "userId") == Some(sam);
        match coll {
            "contacts" | "automations" | "prompts" if owned => Some(set(d, "userId", rita)),
            "conversations" if owned => {
                let e = set(d, "userId", rita);
                Some(if oid(d, "assigneeId") == Some(sam) { set(&e, "assigneeId", rita) } else { e })
            }
            "conversations" if in_sales && oid(d, "assigneeId") == Some(sam) => Some(set(d, "assigneeId", rita)),
            "approvalpolicies" if in_sales && d.get_array("approverIds").unwrap().contains(&Bson::ObjectId(sam)) => {
                Some(replace_approver(d, sam, rita))
            }
            "users" if oid(d, "_id") == Some(sam) => Some(set(d, "accessRole", "DEPARTMENT_HEAD")),
            "departments" if oid(d, "_id") == Some(sales) => {
                let members: Vec<ObjectId> = d
                    .get_array("members")
                    .unwrap()
                    .iter()
                    .filter_map(Bson::as_object_id)
                    .filter(|u| *u != sam)
                    .collect();
                Some(set(d, "members", members))
            }
            "departments" if oid(d, "_id") == Some(marketing) => Some(set(d, "managers", vec![sam])),
            _ => None,
        }
    });
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let planned: u64 = v["resources"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    // Every planned document, sam himself, Sales and Marketing.
    assert_eq!(changed as u64, planned + 3);
    // Nothing of sam's outside the department moved.
    assert!(t.count("contacts", doc! { "userId": sam, "departmentId": { "$exists": false } }).await > 0);
}

#[tokio::test]
async fn department_transfer_without_reassignee_follows_the_user() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "d.json", &["department", "--user", "rita.rep@acme.test", "--to", "Marketing"]);
    let before = t.dump().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let after = t.dump().await;
    let (rita, sales, marketing) = (m.id("user:rita"), m.id("dept:acme/sales"), m.id("dept:acme/marketing"));
    let mut unassigned = 0;
    for (d, _) in before["conversations"].values() {
        if oid(d, "departmentId") == Some(sales) && oid(d, "assigneeId") == Some(rita) && oid(d, "userId") != Some(rita)
        {
            unassigned += 1;
        }
    }
    assert!(unassigned > 0, "the dataset has conversations rita is only assigned to");
    assert_transformed(&before, &after, |coll, d| {
        let in_sales = oid(d, "departmentId") == Some(sales);
        let owned = in_sales && oid(d, "userId") == Some(rita);
        match coll {
            "contacts" | "conversations" | "automations" | "prompts" if owned => {
                Some(set(d, "departmentId", marketing))
            }
            "conversations" if in_sales && oid(d, "assigneeId") == Some(rita) => {
                let mut e = d.clone();
                e.remove("assigneeId");
                Some(e)
            }
            "approvalpolicies" if in_sales && d.get_array("approverIds").unwrap().contains(&Bson::ObjectId(rita)) => {
                let list: Vec<ObjectId> = d
                    .get_array("approverIds")
                    .unwrap()
                    .iter()
                    .filter_map(Bson::as_object_id)
                    .filter(|x| *x != rita)
                    .collect();
                Some(set(d, "approverIds", list))
            }
            "departments" if oid(d, "_id") == Some(sales) => {
                let members: Vec<ObjectId> = d
                    .get_array("members")
                    .unwrap()
                    .iter()
                    .filter_map(Bson::as_object_id)
                    .filter(|u| *u != rita)
                    .collect();
                Some(set(d, "members", members))
            }
            "departments" if oid(d, "_id") == Some(marketing) => Some(set(d, "members", vec![rita])),
            _ => None,
        }
    });
}

#[tokio::test]
async fn bulk_transfer_repoints_everything_and_deletes_the_empty_source() {
    let (t, m) = TestDb::seeded_with(big(800)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "b.json", &["department", "--from", "Support", "--to", "Archive", "--delete-source"]);
    let before = t.dump().await;
    t.cmd().run(&["execute", &plan, "-y", "--batch-size", "97"]).expect(0);
    let after = t.dump().await;
    let (support, archive, sue, big) =
        (m.id("dept:acme/support"), m.id("dept:acme/archive"), m.id("user:sue"), m.id("user:big"));
    let changed = assert_transformed(&before, &after, |coll, d| match coll {
        "contacts" | "conversations" | "automations" | "prompts" | "approvalpolicies"
            if oid(d, "departmentId") == Some(support) =>
        {
            Some(set(d, "departmentId", archive))
        }
        "departments" if oid(d, "_id") == Some(support) => Some(doc! { "__deleted": true }),
        "departments" if oid(d, "_id") == Some(archive) => {
            Some(set(&set(d, "managers", vec![sue]), "members", vec![big]))
        }
        _ => None,
    });
    let pointing: usize = ["contacts", "conversations", "automations", "prompts", "approvalpolicies"]
        .iter()
        .map(|c| before[*c].values().filter(|(d, _)| oid(d, "departmentId") == Some(support)).count())
        .sum();
    assert!(pointing > 500, "{pointing}");
    assert_eq!(changed, pointing + 2, "every document of Support, Support itself and Archive");
}

/// Each kind of drift between scan and execute: exit 4, the message names it, nothing changes.
#[tokio::test]
async fn stale_plans_are_refused_and_say_what_drifted() {
    let (t, m) = TestDb::seeded().await;
    let (sam, acme, bob) = (m.id("user:sam"), m.id("org:acme"), m.id("user:bob"));
    let dir = t.tmp();
    let org_args = [
        "org",
        "--user",
        "sam.rep@acme.test",
        "--to-org",
        "Initech",
        "--role",
        "SALES_REP",
        "--reassignee",
        "rita.rep@acme.test",
        "--to-department",
        "Onboarding",
    ];
    let contacts = t.db.collection::<Document>("contacts");
    let conversations = t.db.collection::<Document>("conversations");

    // A new owned document.
    let plan = t.scan(&dir, "a.json", &org_args);
    contacts.insert_one(doc! { "organizationId": acme, "userId": sam, "firstName": "New" }).await.unwrap();
    let snap = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("contacts: 40 in the plan, 41 now (+1)");
    assert_eq!(t.snapshot().await, snap);

    // A deleted one.
    let plan = t.scan(&dir, "b.json", &org_args);
    contacts.delete_one(doc! { "organizationId": acme, "userId": sam }).await.unwrap();
    let snap = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("contacts: 41 in the plan, 40 now (-1)");
    assert_eq!(t.snapshot().await, snap);

    // A changed owner, and separately an owned conversation's assignee changing.
    let plan = t.scan(&dir, "c.json", &org_args);
    let one = conversations.find_one(doc! { "userId": sam, "organizationId": acme }).await.unwrap().unwrap();
    conversations
        .update_one(doc! { "_id": one.get_object_id("_id").unwrap() }, doc! { "$set": { "userId": bob } })
        .await
        .unwrap();
    let snap = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("conversations: 60 in the plan, 59 now (-1)");
    assert_eq!(t.snapshot().await, snap);
    let plan = t.scan(&dir, "c2.json", &org_args);
    let one = conversations
        .find_one(doc! { "userId": sam, "organizationId": acme, "assigneeId": Bson::Null })
        .await
        .unwrap()
        .unwrap();
    conversations
        .update_one(doc! { "_id": one.get_object_id("_id").unwrap() }, doc! { "$set": { "assigneeId": bob } })
        .await
        .unwrap();
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("conversations: 59 in the plan and now, but some changed");

    // The user moved meanwhile.
    let plan = t.scan(&dir, "d.json", &org_args);
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": m.id("dept:acme/sales") }, doc! { "$pull": { "members": sam } })
        .await
        .unwrap();
    let snap = t.snapshot().await;
    t.cmd()
        .run(&["execute", &plan, "-y"])
        .expect(4)
        .says("sam.rep@acme.test (moving user) changed: no longer in department \"Sales\"")
        .says("department \"Sales\" (department left) changed: no longer lists sam.rep@acme.test");
    assert_eq!(t.snapshot().await, snap);

    // The target department deleted.
    let plan = t.scan(&dir, "e.json", &org_args);
    t.db.collection::<Document>("departments")
        .delete_one(doc! { "_id": m.id("dept:initech/onboarding") })
        .await
        .unwrap();
    let snap = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says("department \"Onboarding\" (target department) was deleted");
    assert_eq!(t.snapshot().await, snap);
    assert_eq!(t.count("auditlogs", doc! {}).await, 0, "no stale execute left a record");
}

#[tokio::test]
async fn a_plan_is_single_use() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let snap = t.snapshot().await;
    t.cmd().run(&["execute", &plan, "-y"]).expect(4).says(&format!("already executed by transfer {id}"));
    assert_eq!(t.snapshot().await, snap);
}

#[tokio::test]
async fn plans_that_cannot_be_trusted_are_refused() {
    let (t, _m) = TestDb::seeded().await;
    let other = TestDb::new().await;
    tether_transfer::generator::generate(&other.db, &Default::default()).await.unwrap();
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_MARKETING);
    let text = std::fs::read_to_string(&plan).unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        s(&p)
    };
    let snap = t.snapshot().await;
    let cases = [
        (write("empty.json", ""), "is empty"),
        (write("trunc.json", &text[..text.len() / 3]), "truncated"),
        (write("notjson.json", "plan: yes"), "not valid JSON"),
        (write("future.json", &text.replace("\"formatVersion\": 1", "\"formatVersion\": 2")), "newer than this tool"),
        (write("count.json", &text.replacen("\"count\": ", "\"count\": 1", 1)), "modified after the scan"),
        (write("role.json", &text.replace("\"reassigneeUserId\"", "\"reassigneeUserID\"")), "modified after the scan"),
        ("/nonexistent/plan.json".to_string(), "Cannot read the plan file"),
    ];
    for (path, says) in &cases {
        t.cmd().run(&["execute", path, "-y"]).expect(2).says(says);
    }
    // Scanned against another database.
    other.cmd().run(&["execute", &plan, "-y"]).expect(2).says("scanned on another deployment");
    // Blocked plans are refused.
    let blocked = s(&dir.path().join("blocked.json"));
    t.cmd()
        .run(&["scan", "department", "--user", "sam.rep@acme.test", "--to", "Marketing", "--out", &blocked])
        .expect(3);
    t.cmd().run(&["execute", &blocked, "-y"]).expect(3).says("blocked");
    // Without a terminal, execute needs -y.
    t.cmd().run(&["execute", &plan]).expect(2).says("pass -y/--yes");
    assert_eq!(t.snapshot().await, snap);
}

#[tokio::test]
async fn dry_run_changes_nothing_and_shows_the_changes() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let snap = t.snapshot().await;
    let run = t.cmd().run(&["execute", &plan, "--dry-run"]);
    run.expect(0).says("nothing was written");
    assert!(run.stdout.contains("assigneeConversations"));
    assert_eq!(t.snapshot().await, snap);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
}

#[tokio::test]
async fn execute_json_streams_events_then_the_record() {
    let (t, _m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let run = t.cmd().run(&["execute", &plan, "-y", "--json", "--batch-size", "10"]);
    run.expect(0);
    let lines: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines[0]["event"], "started");
    assert!(lines.iter().any(|l| l["event"] == "batch" && l["kind"] == "conversations"));
    assert!(lines.iter().any(|l| l["event"] == "kindFinished"));
    assert_eq!(lines[lines.len() - 2]["event"], "completed");
    let record = &lines[lines.len() - 1];
    for key in ["transferId", "status", "action", "startedAt", "completedAt", "error", "payload", "progress"] {
        assert!(record.get(key).is_some(), "record lacks {key}");
    }
    assert_eq!(record["status"], "completed");
    assert_eq!(record["progress"]["processed"], 159);
    assert_eq!(
        record["payload"]["userId"],
        lines[0]["transferId"].as_str().map(|_| record["payload"]["userId"].clone()).unwrap()
    );
    assert!(!run.stderr.contains('['), "no bars when not a terminal: {}", run.stderr);
}

/// The moving user's conversations interleaved with others' (one in ten),
/// oldest first: their `_id` ranges would span ten times as many documents,
/// so execute names each batch's ids instead. The end state is exact, and a
/// run killed mid-way then resumed ends identical.
#[tokio::test]
async fn interleaved_documents_move_by_ids_and_a_killed_run_resumes() {
    async fn interleaved() -> (TestDb, tether_transfer::generator::Manifest, Vec<ObjectId>) {
        let (t, m) = TestDb::seeded().await;
        let (sam, acme, others) = (m.id("user:sam"), m.id("org:acme"), [m.id("user:rita"), m.id("user:bob")]);
        let mut mine = Vec::new();
        let docs: Vec<Document> = (0u32..400)
            .map(|i| {
                // Older than everything the generator wrote: these come first in `_id` order.
                let mut bytes = [0u8; 12];
                bytes[3] = 1;
                bytes[8..].copy_from_slice(&i.to_be_bytes());
                let id = ObjectId::from_bytes(bytes);
                let owner = if i % 10 == 0 { sam } else { others[i as usize % 2] };
                if owner == sam {
                    mine.push(id);
                }
                doc! { "_id": id, "organizationId": acme, "userId": owner, "assigneeId": owner, "subject": format!("c{i}") }
            })
            .collect();
        t.db.collection::<Document>("conversations").insert_many(docs).await.unwrap();
        (t, m, mine)
    }

    let (t, m, mine) = interleaved().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let before = t.dump().await;
    // The ids re-validation read wait in an unlinked temporary file: nothing is left behind.
    let tmp = t.tmp();
    let run = t.cmd().env("TETHER_TRANSFER_PROFILE", "1").env("TMPDIR", &s(tmp.path())).run(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "10",
    ]);
    run.expect(0);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "no temporary file left");
    assert!(
        run.stderr.contains("move: ids named conversations"),
        "conversations were moved by naming their ids, not cut into ranges:\n{}",
        run.stderr
    );
    let after = t.dump().await;
    let (sam, rita) = (m.id("user:sam"), m.id("user:rita"));
    for (id, (d, bytes)) in &before["conversations"] {
        let (now, now_bytes) = &after["conversations"][id];
        let oid = d.get_object_id("_id").unwrap();
        if mine.contains(&oid) {
            assert_eq!((now.get_object_id("userId"), now.get_object_id("assigneeId")), (Ok(rita), Ok(rita)), "{id}");
        } else if oid.bytes()[3] == 1 {
            assert!(bytes == now_bytes, "another owner's conversation {id} changed: {d} -> {now}");
        }
    }
    assert_eq!(t.count("conversations", doc! { "userId": sam }).await, 0);
    t.cmd().run(&["verify", &t.last_transfer().await]).expect(0);

    let (killed, _, _) = interleaved().await;
    let dir2 = killed.tmp();
    let plan2 = killed.scan(&dir2, "p.json", &SAM_TO_INITECH);
    let tmp2 = killed.tmp();
    let run = killed.cmd().env("TMPDIR", &s(tmp2.path())).env("TETHER_TRANSFER_CRASH_AT", "batch-committed#3").run(&[
        "execute",
        &plan2,
        "-y",
        "--batch-size",
        "10",
    ]);
    assert_ne!(run.code, 0, "killed mid-way");
    assert_eq!(std::fs::read_dir(tmp2.path()).unwrap().count(), 0, "a killed run leaves no temporary file");
    let id = killed.last_transfer().await;
    killed.cmd().run(&["execute", "--resume", &id, "-y", "--batch-size", "10"]).expect(0);
    assert_same_data(&after, &killed.dump().await);
}
