//! Unit tests of the review: escaping, the Markdown budget, ages, the diff.

use chrono::{DateTime, Utc};
use mongodb::bson::oid::ObjectId;

use super::markdown::{self, Cut, Part, md};
use super::*;
use crate::db::Target;
use crate::db::entities::Role;
use crate::plan::*;

fn id(n: u8) -> Id {
    Id(ObjectId::from_bytes([n; 12]))
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-18T17:42:00Z").unwrap().with_timezone(&Utc)
}

fn who(n: u8, email: &str, role: &str) -> Person {
    Person { id: id(n), email: email.into(), name: Some(format!("Person {n}")), access_role: role.into() }
}

/// An organization transfer of sam to "Target", rita inheriting.
fn sample(target_name: &str) -> Plan {
    let sv = "scan-2026-05-18T14:30:00Z-abcdef".to_string();
    Plan {
        format_version: FORMAT_VERSION,
        tool: "tether-transfer test".into(),
        written_kind: PlanKind::Org,
        scan_version: sv.clone(),
        scanned_at: "2026-05-18T14:30:00Z".into(),
        database: Target {
            hosts: vec!["db1:27017".into()],
            name: "tether".into(),
            replica_set: None,
            profile: None,
            deployment_id: None,
            cluster_id: None,
            members: Vec::new(),
        },
        registry: "r1".into(),
        operator: who(9, "root@x.test", "SUPERADMIN"),
        operator_identity: Identity::default(),
        request: Request::Org(OrgRequest {
            scan_version: sv,
            user_id: id(1),
            target_organization_id: id(2),
            target_department_id: None,
            new_access_role: Role::Admin,
            reassignee_user_id: id(3),
            agent_remaps: vec![],
        }),
        summary: Summary {
            users: vec![who(1, "sam@x.test", "SALES_REP")],
            from_organization: Named { id: id(6), name: "Acme".into() },
            from_department: None,
            to_organization: Named { id: id(2), name: target_name.into() },
            to_department: None,
            reassignee: Some(who(3, "rita@x.test", "SALES_REP")),
            new_access_role: Some(Role::Admin),
            changes: vec!["sam@x.test: organizationId := …".into()],
            assignments: vec![],
            delete_department: None,
            rollback_of: None,
        },
        resources: vec![
            ResourcePlan {
                kind: "contacts".into(),
                collection: "contacts".into(),
                action: Action::Reassign,
                change: "userId := rita@x.test".into(),
                count: 40,
                fingerprint: "f1".into(),
                changed_since: None,
            },
            ResourcePlan {
                kind: "emailAccounts".into(),
                collection: "emailaccounts".into(),
                action: Action::Move,
                change: format!("organizationId := {} ({target_name})", id(2)),
                count: 2,
                fingerprint: "f2".into(),
                changed_since: None,
            },
        ],
        entities: vec![EntityPlan {
            entity: EntityType::User,
            id: id(1),
            reason: "moving user".into(),
            fingerprint: "e1".into(),
        }],
        conflicts: vec![],
        warnings: vec![],
        blocked: false,
        checksum: "sha256:00".into(),
        approvals: vec![],
    }
}

#[test]
fn names_are_whole_on_one_line_and_quoted() {
    assert_eq!(quoted("Sales"), "\"Sales\"");
    assert_eq!(quoted("R&D \"East\"\nannex|x"), r#""R&D \"East\"\nannex|x""#);
    assert_eq!(clean("a\u{202e}b\tc"), "a\\u{202e}b\\tc");
    assert_eq!(clean("naïve"), "naïve");
}

#[test]
fn markdown_escapes_what_would_format_or_break_a_table() {
    assert_eq!(md("a|b"), "a\\|b");
    assert_eq!(
        md("*x* `y` <script> _z_ [l](u) $m$ ~s~"),
        "\\*x\\* \\`y\\` \\<script\\> \\_z\\_ \\[l\\](u) \\$m\\$ \\~s\\~"
    );
    assert_eq!(md("line\nnext"), "line\\\\nnext");
    assert_eq!(markdown::code("a`b"), "``a`b``");
    assert_eq!(markdown::code("`x"), "`` `x ``");
    assert_eq!(markdown::code_cell("a|b"), "`a\\|b`");
    assert_eq!(markdown::thousands(1234567), "1,234,567");
    assert_eq!(markdown::thousands(999), "999");
}

fn parts(rows: usize, width: usize) -> Vec<Part> {
    vec![
        Part { name: "summary".into(), head: "# s\n".into(), keep: true, ..Default::default() },
        Part {
            name: "big".into(),
            head: "big\n".into(),
            rows: vec![format!("{}\n", "b".repeat(width)); rows],
            ..Default::default()
        },
        Part { name: "small".into(), head: "small\n".into(), rows: vec!["s\n".into(); 3], ..Default::default() },
    ]
}

fn note(cuts: &[Cut]) -> String {
    let list: Vec<String> = cuts.iter().map(|c| format!("{} {}/{}", c.name, c.shown, c.total)).collect();
    format!("CUT: {}\n", list.join(", "))
}

#[test]
fn the_budget_cuts_the_longest_part_first_and_says_so() {
    let whole = markdown::assemble(&parts(10, 10), 10_000, &note);
    assert!(!whole.contains("CUT"));
    let cut = markdown::assemble(&parts(1000, 10), 2_000, &note);
    assert!(cut.len() <= 2_000, "{}", cut.len());
    assert!(cut.starts_with("# s\nCUT: big "), "{cut}");
    assert!(cut.contains("small\ns\ns\ns\n"), "the small part is whole: {cut}");
    assert!(cut.contains("more of 1,000 cut here"));
}

#[test]
fn the_budget_holds_whatever_the_parts() {
    // A summary larger than the limit by itself, and rows of one huge line.
    let mut p = parts(3, 50_000);
    p[0].head = format!("{}\n", "x\\".repeat(40_000));
    for limit in [100, 1_000, 65_536] {
        let out = markdown::assemble(&p, limit, &note);
        assert!(out.len() <= limit, "{limit}: {}", out.len());
        assert!(out.contains("CUT"), "{limit}");
    }
}

#[test]
fn show_in_markdown_keeps_a_huge_plan_within_the_limit() {
    let mut plan = sample("Target");
    plan.entities = (0..5_000u32)
        .map(|n| EntityPlan {
            entity: EntityType::User,
            id: id((n % 200) as u8),
            reason: format!("moving user {n}"),
            fingerprint: "e".repeat(32),
        })
        .collect();
    plan.summary.changes = (0..5_000).map(|n| format!("user {n}: leaves department \"Sales|{n}\"")).collect();
    let r = Review::new(&plan, "big plan.json", now());
    let out = markdown::show(&r);
    assert!(out.len() <= markdown::LIMIT, "{}", out.len());
    assert!(out.contains("Cut to stay within 65,536 characters"), "{out}");
    assert!(out.contains("`tether-transfer show 'big plan.json'`"), "{out}");
    assert!(out.contains("| contacts | contacts | reassign | 40 |"), "the kinds table is whole");
}

#[test]
fn show_names_everything_a_reviewer_checks() {
    let long = format!("{}|tail\nline", "N".repeat(300));
    let plan = sample(&long);
    let r = Review::new(&plan, "p.json", now());
    let facts = r.facts();
    let value = |label: &str| facts.iter().find(|f| f.label == label).map(|f| f.value.clone()).unwrap_or_default();
    assert!(value("Who").starts_with("sam@x.test \"Person 1\""));
    assert_eq!(value("Role"), "ADMIN (was SALES_REP)");
    assert!(value("Inherits").starts_with("contacts 40; 40 documents"), "{}", value("Inherits"));
    assert!(value("Scanned").ends_with("3 h 12 min ago"));
    assert!(value("To").contains(&quoted(&long)));
    assert!(value("Scanner").contains("declared"));
    assert_eq!(value("Approvals"), "no approvals recorded in this file");
    let md = markdown::show(&r);
    assert!(md.contains(&markdown::md(&long)), "escaped whole");
    assert!(!md.contains("N|tail"), "no bare pipe from a name");
}

#[test]
fn a_plan_is_the_same_as_itself_and_informational_fields_do_not_count() {
    let a = sample("Target");
    let mut b = a.clone();
    b.scan_version = "scan-later".into();
    b.scanned_at = "2026-05-18T17:00:00Z".into();
    b.checksum = "sha256:11".into();
    b.operator = who(8, "other@x.test", "SUPERADMIN");
    let d = compare(&a, "a", &b, "b", now());
    assert!(d.same, "{:?}", d.differences);
}

#[test]
fn a_diff_names_counts_fingerprints_findings_and_the_deployment() {
    let a = sample("Target");
    let mut b = a.clone();
    b.resources[0].count = 42;
    b.resources[0].fingerprint = "f9".into();
    b.resources[1].fingerprint = "f8".into();
    b.conflicts.push(Finding { code: Code::LastAdmin, message: "sam is the last ADMIN".into() });
    b.blocked = true;
    b.database.name = "other".into();
    b.entities[0].fingerprint = "e2".into();
    if let Request::Org(r) = &mut b.request {
        r.reassignee_user_id = id(4);
    }
    let d = compare(&a, "a", &b, "b", now());
    assert!(!d.same);
    let sections: Vec<diff::Section> = d.differences.iter().map(|x| x.section).collect();
    assert_eq!(sections[0], diff::Section::Database, "the deployment first");
    let count = d.differences.iter().find(|x| x.field.as_deref() == Some("count")).unwrap();
    assert_eq!((count.key.as_str(), count.delta), ("contacts", Some(2)));
    assert_eq!(count.message, "contacts: 40 -> 42 documents (+2)");
    let same_count = d.differences.iter().find(|x| x.key == "emailAccounts").unwrap();
    assert!(same_count.detail.contains("the same count"), "{}", same_count.detail);
    assert!(
        d.differences.iter().any(|x| x.key == "[last_admin] sam is the last ADMIN" && x.change == diff::Change::Added)
    );
    assert!(d.differences.iter().any(|x| x.section == diff::Section::Blocked));
    let who = d.differences.iter().find(|x| x.key == "reassigneeUserId").unwrap();
    assert!(who.message.contains("(rita@x.test)"), "{}", who.message);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["same"], false);
    assert_eq!(json["differences"][0]["section"], "database");
}

/// sam's plan with the department he leaves, named only in its changes.
fn leaving(name: &str) -> Plan {
    let mut p = sample("Target");
    p.entities.push(EntityPlan {
        entity: EntityType::Department,
        id: id(7),
        reason: "department left".into(),
        fingerprint: "e7".into(),
    });
    p.summary.changes.push(format!("sam@x.test: leaves department \"{name}\" ({})", id(7)));
    p
}

#[test]
fn the_department_a_user_leaves_is_named_from_the_changes_whatever_its_name() {
    for name in ["Sales", "Sales \"East\" (old)", "Süd ☃"] {
        let p = leaving(name);
        assert_eq!(Names::of(&p).get(&id(7)), Some(quoted(name).as_str()), "{name}");
    }
}

#[test]
fn the_confirmation_says_each_step_with_names_and_no_ids() {
    let mut p = leaving("Sales");
    p.summary.to_department = Some(Named { id: id(8), name: "Onboarding".into() });
    let steps = confirm::steps(&p);
    assert_eq!(
        steps,
        vec![
            "take sam@x.test out of organization \"Acme\" into \"Target\", department \"Onboarding\" as a member",
            "take sam@x.test out of department \"Sales\"",
            "change sam@x.test's accessRole: SALES_REP → ADMIN",
            "re-assign 40 documents to rita@x.test, staying in \"Acme\": contacts 40",
            "move 2 documents with sam@x.test to \"Target\": emailAccounts 2",
        ]
    );
    // A department deleted comes first.
    p.summary.delete_department = Some(Named { id: id(7), name: "Sales".into() });
    assert_eq!(confirm::steps(&p)[0], "DELETE department \"Sales\" once the transfer leaves it empty");
}

#[test]
fn a_change_of_several_assignments_names_each_target_and_re_assignee() {
    let dept = |n: u8, name: &str| Named { id: id(n), name: name.into() };
    let mut p = sample("Target");
    let a = |user: Person, from: Option<Named>, to: Named, x: Option<Person>| AssignmentSummary {
        user,
        from_department: from,
        to_department: to,
        new_access_role: None,
        reassignee: x,
    };
    p.summary.assignments = vec![
        a(
            who(1, "sam@x.test", "SALES_REP"),
            Some(dept(20, "Sales")),
            dept(21, "Marketing"),
            Some(who(4, "dana@x.test", "DEPARTMENT_HEAD")),
        ),
        a(who(3, "rita@x.test", "SALES_REP"), Some(dept(20, "Sales")), dept(22, "Support"), None),
        a(who(5, "big@x.test", "SALES_REP"), Some(dept(22, "Support")), dept(20, "Sales"), None),
        a(who(6, "new@x.test", "SALES_REP"), None, dept(22, "Support"), None),
    ];
    let words = "per user: departmentId := the user's target department; or, with a re-assignee: userId := the user's re-assignee";
    assert_eq!(
        change::named(&p, words),
        "per user: departmentId := the user's target department (\"Support\" for rita@x.test; \"Sales\" for big@x.test); \
         or, with a re-assignee: userId := the user's re-assignee (dana@x.test for sam@x.test)"
    );
    // One assignment: the words name everything already.
    p.summary.assignments.truncate(1);
    assert_eq!(change::named(&p, words), words);
}
