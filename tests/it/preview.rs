use mongodb::bson::{Document, doc, oid::ObjectId};

use crate::common::*;

/// The seed's OrgTransferPreviewResponse keys, then the two extra ones.
const KEYS: [&str; 17] = [
    "contacts",
    "conversations",
    "assigneeConversations",
    "automations",
    "workflows",
    "webchatConfigurations",
    "acquiredItems",
    "emailAccounts",
    "calendarConnections",
    "calendarToolConfigurations",
    "googleSheetsTokens",
    "unfiredReminders",
    "promptCount",
    "voicePhoneNumbers",
    "automationKeys",
    "agents",
    "approvalPolicies",
];

/// The counts, by queries written out here rather than taken from the tool.
async fn expected(t: &TestDb, u: ObjectId, o: ObjectId) -> Vec<(&'static str, u64)> {
    let owned = |extra: Document| {
        let mut f = doc! { "organizationId": o, "userId": u };
        f.extend(extra);
        f
    };
    let q: Vec<(&str, &str, Document)> = vec![
        ("contacts", "contacts", owned(doc! {})),
        ("conversations", "conversations", owned(doc! {})),
        (
            "assigneeConversations",
            "conversations",
            doc! { "organizationId": o, "assigneeId": u, "userId": { "$ne": u } },
        ),
        ("automations", "automations", owned(doc! {})),
        ("workflows", "workflows", owned(doc! {})),
        ("webchatConfigurations", "webchatconfigurations", owned(doc! {})),
        ("acquiredItems", "acquireditems", owned(doc! {})),
        ("emailAccounts", "emailaccounts", owned(doc! {})),
        ("calendarConnections", "calendarconnections", owned(doc! {})),
        ("calendarToolConfigurations", "calendartoolconfigurations", owned(doc! {})),
        ("googleSheetsTokens", "googlesheetstokens", owned(doc! {})),
        ("unfiredReminders", "reminders", owned(doc! { "fired": false })),
        ("promptCount", "prompts", owned(doc! {})),
        ("voicePhoneNumbers", "voicephonenumbers", owned(doc! {})),
        ("automationKeys", "automationkeys", owned(doc! {})),
        ("agents", "agents", owned(doc! {})),
        ("approvalPolicies", "approvalpolicies", doc! { "organizationId": o, "approverIds": u }),
    ];
    let mut out = Vec::new();
    for (key, coll, f) in q {
        out.push((key, t.count(coll, f).await));
    }
    out
}

#[tokio::test]
async fn preview_counts_equal_direct_queries_for_several_users() {
    let (t, m) = TestDb::seeded_with(big(3000)).await;
    let before = t.snapshot().await;
    let cases = [
        ("sam.rep@acme.test", "org:acme"),
        ("big.owner@acme.test", "org:acme"),
        ("rita.rep@acme.test", "org:acme"),
        ("gary.admin@globex.test", "org:globex"),
        ("uma.admin@umbrella.test", "org:umbrella1"),
    ];
    for (email, org) in cases {
        let user = t.find_one("users", doc! { "email": email }).await.unwrap().get_object_id("_id").unwrap();
        let run = t.cmd().run(&["preview", "--user", email, "--to-org", "Initech", "--json"]);
        run.expect(0);
        let got = run.json();
        let keys: Vec<&str> = got.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, KEYS, "exactly the seed's keys plus agents and approvalPolicies, in the seed's order");
        for (key, n) in expected(&t, user, m.id(org)).await {
            assert_eq!(got[key].as_u64(), Some(n), "{email}: {key}");
        }
    }
    assert_eq!(t.snapshot().await, before, "preview changed the database");
}

#[tokio::test]
async fn preview_covers_the_edge_cases_of_the_dataset() {
    let (t, _m) = TestDb::seeded().await;
    let got = t.cmd().run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech", "--json"]).json();
    // Fired reminders are history: 12 reminders, 7 unfired.
    assert_eq!(got["unfiredReminders"], 7);
    // Conversations sam is only the assignee of: 8 of rita's, 4 of bob's.
    assert_eq!(got["assigneeConversations"], 12);
    assert_eq!(got["conversations"], 60);
    assert_eq!(got["approvalPolicies"], 3);
    assert_eq!(got["agents"], 2);
    // A user who owns nothing counts zeros, not errors.
    let zero = t.cmd().run(&["preview", "--user", "ops@tether.test", "--to-org", "Initech", "--json"]);
    zero.expect(0);
    assert!(zero.json().as_object().unwrap().values().all(|v| v == 0));
}

#[tokio::test]
async fn preview_text_is_a_table_on_stdout_and_status_on_stderr() {
    let (t, _m) = TestDb::seeded().await;
    let run = t.cmd().run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]);
    run.expect(0);
    for key in KEYS {
        assert!(run.stdout.contains(key), "table lacks {key}:\n{}", run.stdout);
    }
    assert!(run.stderr.contains("nothing is changed"), "{}", run.stderr);
    assert!(!run.stdout.contains("nothing is changed"));
    let quiet = t.cmd().run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech", "-q"]);
    assert_eq!(quiet.stderr, "", "--quiet leaves stderr empty");
}
