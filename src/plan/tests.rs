//! Unit tests of the plan file: round trips, checksums, refusals, finding codes.

use super::*;

#[test]
fn finding_codes_are_written_and_read_back_as_their_stable_names() {
    for code in Code::FIXED.into_iter().chain([Code::Duplicate("emailAccounts".into())]) {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{code}\""));
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
    }
    assert_eq!(Code::MovedAgain.to_string(), "moved_again");
    assert_eq!(Code::Duplicate("voicePhoneNumbers".into()).to_string(), "duplicate_voicePhoneNumbers");
    for unknown in ["\"lastAdmin\"", "\"duplicate_\"", "\"\""] {
        assert!(serde_json::from_str::<Code>(unknown).is_err(), "{unknown}");
    }
}

fn sample() -> Plan {
    let id = |n: u8| Id(ObjectId::from_bytes([n; 12]));
    let sv = scan_version(DateTime::parse_from_rfc3339("2026-05-18T14:30:00Z").unwrap().with_timezone(&Utc), "x");
    Plan {
        format_version: FORMAT_VERSION,
        tool: "tether-transfer test".into(),
        written_kind: PlanKind::Org,
        scan_version: sv.clone(),
        scanned_at: "2026-05-18T14:30:00Z".into(),
        database: Target {
            hosts: vec!["localhost:27017".into()],
            name: "tether".into(),
            replica_set: None,
            profile: None,
            deployment_id: None,
            cluster_id: None,
            members: Vec::new(),
        },
        registry: "r".into(),
        operator: Person { id: id(9), email: "root@x".into(), name: None, access_role: "SUPERADMIN".into() },
        operator_identity: Default::default(),
        request: Request::Org(OrgRequest {
            scan_version: sv,
            user_id: id(1),
            target_organization_id: id(2),
            target_department_id: None,
            new_access_role: Role::SalesRep,
            reassignee_user_id: id(3),
            agent_remaps: vec![AgentRemap { from_agent_id: id(4), to_agent_id: id(5) }],
        }),
        summary: Summary {
            users: vec![],
            from_organization: Named { id: id(6), name: "A".into() },
            from_department: None,
            to_organization: Named { id: id(2), name: "B".into() },
            to_department: None,
            reassignee: None,
            new_access_role: Some(Role::SalesRep),
            changes: vec![],
            assignments: vec![],
            delete_department: None,
            rollback_of: None,
        },
        resources: vec![ResourcePlan {
            kind: "contacts".into(),
            collection: "contacts".into(),
            action: Action::Reassign,
            change: "userId := x".into(),
            count: 3,
            fingerprint: "f".into(),
            changed_since: None,
        }],
        entities: vec![],
        conflicts: vec![],
        warnings: vec![],
        blocked: false,
        checksum: String::new(),
        approvals: vec![],
    }
}

#[test]
fn scan_version_has_the_seed_shape() {
    let sv = sample().scan_version;
    assert!(sv.starts_with("scan-2026-05-18T14:30:00Z-"), "{sv}");
    assert_eq!(sv.rsplit('-').next().unwrap().len(), 12);
}

#[test]
fn a_plan_round_trips() {
    let p = sample();
    let back = Plan::parse(&p.to_json()).unwrap();
    assert_eq!(Plan { checksum: String::new(), ..back.clone() }, p);
    assert!(back.checksum.starts_with("sha256:"));
}

#[test]
fn the_request_has_the_seed_shape() {
    let v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
    let r = &v["request"];
    for key in ["scanVersion", "userId", "targetOrganizationId", "newAccessRole", "reassigneeUserId", "agentRemaps"] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["newAccessRole"], "SALES_REP");
    assert_eq!(r["agentRemaps"][0]["fromAgentId"], "040404040404040404040404");
}

#[test]
fn key_order_does_not_change_the_checksum() {
    let a: serde_json::Value =
        serde_json::from_str(r#"{"b": 1, "a": {"y": [1, {"q": 2, "p": 3}], "x": null}}"#).unwrap();
    let b: serde_json::Value =
        serde_json::from_str(r#"{"a": {"x": null, "y": [1, {"p": 3, "q": 2}]}, "b": 1}"#).unwrap();
    assert_eq!(checksum_of(&a), checksum_of(&b));
    let c: serde_json::Value =
        serde_json::from_str(r#"{"a": {"x": null, "y": [{"p": 3, "q": 2}, 1]}, "b": 1}"#).unwrap();
    assert_ne!(checksum_of(&a), checksum_of(&c));
}

#[test]
fn edits_truncation_and_versions_are_refused() {
    let text = sample().to_json();
    assert!(matches!(Plan::parse(&text.replace("\"count\": 3", "\"count\": 4")), Err(Invalid::Modified)));
    assert!(matches!(Plan::parse(&text[..text.len() / 2]), Err(Invalid::Truncated)));
    assert!(matches!(Plan::parse(""), Err(Invalid::Empty)));
    assert!(matches!(Plan::parse("hello"), Err(Invalid::NotJson(_))));
    assert!(matches!(Plan::parse("{}"), Err(Invalid::NoFormatVersion)));
    let future = text.replace("\"formatVersion\": 1", "\"formatVersion\": 99");
    assert!(matches!(Plan::parse(&future), Err(Invalid::Newer(99))));
    // The words a user reads: the end of "The plan file … ".
    assert_eq!(Invalid::Modified.to_string(), "was modified after the scan (its checksum does not match).");
}
