//! Executes started together on overlapping users and departments: for each
//! contended subject one proceeds, the others exit 5 naming the holder, and
//! every completed transfer verifies clean.

use std::process::Child;

use crate::common::*;

/// Waits until the child has exited or stopped itself; true when stopped.
async fn settle(child: &mut Child) -> bool {
    let pid = child.id();
    eventually(60, || {
        let stopped = std::fs::read_to_string(format!("/proc/{pid}/stat")).map(|s| s.contains(") T ")).unwrap_or(false);
        let exited = child.try_wait().unwrap().is_some();
        async move { (stopped || exited).then_some(stopped) }
    })
    .await
}

fn resume_process(child: &Child) {
    unsafe {
        libc::kill(child.id() as i32, libc::SIGCONT);
    }
}

struct Contender {
    name: &'static str,
    subjects: Vec<String>,
    child: Option<Child>,
}

async fn race(t: &TestDb, plans: Vec<(&'static str, String)>) -> Vec<(&'static str, Run, Vec<String>)> {
    let mut contenders = Vec::new();
    for (name, plan) in &plans {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(plan).unwrap()).unwrap();
        let subjects = v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entity"] != "organization")
            .map(|e| format!("{}:{}", e["entity"].as_str().unwrap(), e["id"].as_str().unwrap()))
            .collect();
        contenders.push(Contender { name, subjects, child: None });
    }
    // All at once; a winner pauses after its first batch, holding its locks.
    for (c, (_, plan)) in contenders.iter_mut().zip(&plans) {
        c.child = Some(t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed#1").spawn(&[
            "execute",
            plan,
            "-y",
            "--batch-size",
            "50",
        ]));
    }
    let mut stopped = Vec::new();
    for c in &mut contenders {
        stopped.push(settle(c.child.as_mut().unwrap()).await);
    }
    // Losers have exited by now; let the winners finish.
    for (c, s) in contenders.iter().zip(&stopped) {
        if *s {
            resume_process(c.child.as_ref().unwrap());
        }
    }
    contenders.into_iter().map(|mut c| (c.name, finish(c.child.take().unwrap()), c.subjects)).collect()
}

#[tokio::test]
async fn overlapping_executes_one_per_subject_the_others_exit_5() {
    let (t, _m) = TestDb::seeded_with(big(1500)).await;
    let dir = t.tmp();
    let plans = vec![
        (
            "sam to Initech",
            t.scan(
                &dir,
                "p1.json",
                &[
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
                ],
            ),
        ),
        (
            "rita to Marketing",
            t.scan(
                &dir,
                "p2.json",
                &[
                    "department",
                    "--user",
                    "rita.rep@acme.test",
                    "--to",
                    "Marketing",
                    "--reassignee",
                    "dana.head@acme.test",
                ],
            ),
        ),
        (
            "ivan to Archive",
            t.scan(&dir, "p3.json", &["department", "--user", "ivan.inactive@acme.test", "--to", "Archive"]),
        ),
        ("Support to Archive", t.scan(&dir, "p4.json", &["department", "--from", "Support", "--to", "Archive"])),
        (
            "gina to Initech",
            t.scan(
                &dir,
                "p5.json",
                &[
                    "org",
                    "--user",
                    "gina.rep@globex.test",
                    "--to-org",
                    "Initech",
                    "--role",
                    "SALES_REP",
                    "--reassignee",
                    "gary.admin@globex.test",
                ],
            ),
        ),
    ];
    let results = race(&t, plans).await;
    let winners: Vec<&(&str, Run, Vec<String>)> = results.iter().filter(|r| r.1.code == 0).collect();
    for (name, run, subjects) in &results {
        assert!(run.code == 0 || run.code == 5, "{name}: exit {}\n{}", run.code, run.stderr);
        if run.code == 5 {
            run.says("is locked by transfer");
            // It lost to a winner that shares one of its subjects.
            assert!(
                winners.iter().any(|w| w.2.iter().any(|s| subjects.contains(s))),
                "{name} lost to nobody: {}",
                run.stderr
            );
        }
    }
    // Winners never share a subject.
    for (i, a) in winners.iter().enumerate() {
        for b in &winners[i + 1..] {
            assert!(!a.2.iter().any(|s| b.2.contains(s)), "{} and {} both proceeded", a.0, b.0);
        }
    }
    let won = |n: &str| winners.iter().any(|w| w.0 == n);
    assert!(won("gina to Initech"), "an independent transfer proceeds");
    assert!(won("sam to Initech") || won("rita to Marketing") || won("ivan to Archive"), "Sales has a winner");
    assert!(won("ivan to Archive") || won("Support to Archive"), "Archive has a winner");
    assert!(results.iter().filter(|r| r.1.code == 5).count() >= 2);
    // Every completed transfer verifies clean.
    let list = t.cmd().run(&["status", "--json"]).json();
    let ids: Vec<String> =
        list.as_array().unwrap().iter().map(|r| r["transferId"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), winners.len());
    for id in ids {
        t.cmd().run(&["verify", &id]).expect(0);
    }
}

#[tokio::test]
async fn two_executes_on_the_same_user_one_proceeds_the_other_exits_5() {
    let (t, _m) = TestDb::seeded_with(big(1000)).await;
    let dir = t.tmp();
    let a = t.scan(&dir, "a.json", &tether_transfer::generator::BIG_TO_INITECH);
    let b = t.scan(&dir, "b.json", &["department", "--user", "big.owner@acme.test", "--to", "Marketing"]);
    let started = std::time::Instant::now();
    let results = race(&t, vec![("a", a), ("b", b)]).await;
    let mut codes: Vec<i32> = results.iter().map(|r| r.1.code).collect();
    codes.sort();
    assert_eq!(codes, [0, 5]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let loser = results.iter().find(|r| r.1.code == 5).unwrap();
    let id = t.last_transfer().await;
    loser.1.says(&format!("locked by transfer {id}")).says("operator root@tether.test").says("host ");
}

/// A client that ignores the freeze and writes for a moving user after the
/// sweep (here, once the users and departments are written) does not leave
/// its document behind: the transfer sweeps once more before it closes,
/// and verify finds nothing out of place.
#[tokio::test]
async fn a_document_written_after_the_sweep_is_taken_before_the_transfer_closes() {
    use mongodb::bson::{Document, doc, oid::ObjectId};
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    let mut child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "subjects-committed").spawn(&["execute", &plan, "-y"]);
    assert!(settle(&mut child).await, "stopped once the users and departments were written");
    let late = ObjectId::new();
    t.db.collection::<Document>("emailaccounts")
        .insert_one(doc! { "_id": late, "organizationId": m.id("org:acme"), "userId": m.id("user:sam"), "address": "late@acme-mail.test", "provider": "gmail" })
        .await
        .unwrap();
    resume_process(&child);
    finish(child).expect(0);
    let moved = t.find_one("emailaccounts", doc! { "_id": late }).await.unwrap();
    assert_eq!(moved.get_object_id("organizationId").unwrap(), m.id("org:initech"), "{moved}");
    let id = t.last_transfer().await;
    t.cmd().run(&["verify", &id]).expect(0);
}
