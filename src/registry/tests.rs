//! The registry's unit tests: the defaults are data-model.md's tables, overrides, validation.
use super::*;

#[test]
fn the_digest_is_a_canonical_serialization() {
    let r = Registry::default();
    // Pinned: a rebuilt tool must accept the plans of this one.
    assert_eq!(r.digest(), "843533bfc0cfbd14");
    let mut reordered = r.clone();
    reordered.kinds.swap(0, 1);
    assert_ne!(reordered.digest(), r.digest(), "the kinds' order is part of it");
    let renamed = Registry::with_overrides(r#"{"kinds": {"contacts": {"collection": "crm_contacts"}}}"#).unwrap();
    assert_ne!(renamed.digest(), r.digest());
}

#[test]
fn default_matches_the_data_model_tables() {
    let r = Registry::default();
    let keys: Vec<&str> = r.kinds.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(
        keys,
        [
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
            "approvalPolicies"
        ]
    );
    let moves: Vec<&str> =
        r.kinds.iter().filter(|k| k.org_transfer == OrgAction::Move).map(|k| k.key.as_str()).collect();
    assert_eq!(
        moves,
        [
            "acquiredItems",
            "emailAccounts",
            "calendarConnections",
            "calendarToolConfigurations",
            "googleSheetsTokens",
            "voicePhoneNumbers"
        ]
    );
    let dept: Vec<&str> = r
        .kinds
        .iter()
        .filter(|k| k.department_transfer == DepartmentAction::FollowOrReassign)
        .map(|k| k.key.as_str())
        .collect();
    assert_eq!(dept, ["contacts", "conversations", "automations", "promptCount"]);
    assert_eq!(r.kind("unfiredReminders").unwrap().collection, "reminders");
    assert_eq!(r.kind("unfiredReminders").unwrap().condition, Some(serde_json::json!({"fired": false})));
    assert_eq!(r.kind("emailAccounts").unwrap().unique_field.as_deref(), Some("address"));
    assert_eq!(r.kind("voicePhoneNumbers").unwrap().unique_field.as_deref(), Some("number"));
    r.validate().unwrap();
}

#[test]
fn an_override_changes_only_what_it_names() {
    let r = Registry::with_overrides(
        r#"{"users": {"collection": "accounts"}, "kinds": {"contacts": {"collection": "crm_contacts", "ownerField": "ownerId"}}}"#,
    )
    .unwrap();
    assert_eq!(r.users.collection, "accounts");
    assert_eq!(r.users.email, "email");
    let c = r.kind("contacts").unwrap();
    assert_eq!((c.collection.as_str(), c.owner_field.as_str()), ("crm_contacts", "ownerId"));
    assert_eq!(c.department_field.as_deref(), Some("departmentId"));
    assert_eq!(r.kinds.len(), Registry::default().kinds.len());
    assert_eq!(r.kinds[0].key, "contacts");
}

#[test]
fn a_new_kind_is_one_entry() {
    let r = Registry::with_overrides(
        r#"{"kinds": {"notes": {"collection": "notes", "selector": "owner", "orgTransfer": "reassign",
            "departmentTransfer": "leave", "bulkTransfer": "leave"}}}"#,
    )
    .unwrap();
    let n = r.kinds.last().unwrap();
    assert_eq!((n.key.as_str(), n.org_transfer), ("notes", OrgAction::Reassign));
    assert_eq!(n.tracked_fields(), ["_id", "userId", "organizationId"]);
}

#[test]
fn unknown_fields_and_bad_combinations_are_rejected() {
    let e = Registry::with_overrides(r#"{"kinds": {"contacts": {"ownerFeld": "x"}}}"#).unwrap_err().to_string();
    assert!(e.contains("ownerFeld"), "{e}");
    let e = Registry::with_overrides(r#"{"colections": {}}"#).unwrap_err().to_string();
    assert!(e.contains("colections"), "{e}");
    let e = Registry::with_overrides(r#"{"kinds": {"notes": {"collection": "notes"}}}"#).unwrap_err().to_string();
    assert!(e.contains("missing field"), "{e}");
    let e =
        Registry::with_overrides(r#"{"kinds": {"workflows": {"bulkTransfer": "repoint"}}}"#).unwrap_err().to_string();
    assert!(e.contains("departmentField"), "{e}");
    let e = Registry::with_overrides(r#"{"kinds": {"contacts": {"collection": "$x"}}}"#).unwrap_err().to_string();
    assert!(e.contains("$x"), "{e}");
    assert!(matches!(Registry::with_overrides("[1]"), Err(Invalid::NotAnObject)));
    assert!(matches!(Registry::with_overrides("{"), Err(Invalid::NotJson(_))));
}

#[test]
fn a_registry_that_would_change_a_document_twice_or_the_wrong_one_is_rejected() {
    let rejected = |json: &str, says: &str| {
        let e = Registry::with_overrides(json).unwrap_err().to_string();
        assert!(e.contains(says), "{json}: {e}");
    };
    let notes = |extra: &str| {
        format!(
            r#"{{"kinds": {{"notes": {{"collection": "contacts", "selector": "owner", "orgTransfer": "move",
            "departmentTransfer": "leave", "bulkTransfer": "leave"{extra}}}}}}}"#
        )
    };
    rejected(&notes(""), r#"kinds "contacts" and "notes" select the same documents of contacts"#);
    // Another condition selects other documents: allowed.
    Registry::with_overrides(&notes(r#", "condition": {"archived": true}"#)).unwrap();
    rejected(
        r#"{"kinds": {"contacts": {"ownerField": "organizationId"}}}"#,
        "the field organizationId is given two roles",
    );
    rejected(r#"{"kinds": {"contacts": {"ownerField": "_id"}}}"#, "cannot be _id");
    rejected(r#"{"kinds": {"contacts": {"collection": "auditlogs"}}}"#, "auditlogs holds users");
    rejected(r#"{"kinds": {"contacts": {"collection": "tether_transfer_undo"}}}"#, "the tool's own records");
    rejected(r#"{"kinds": {"contacts": {"collection": "users"}}}"#, "users holds users");
}

#[test]
fn tracked_fields_cover_what_decides_ownership() {
    let r = Registry::default();
    assert_eq!(
        r.kind("conversations").unwrap().tracked_fields(),
        ["_id", "userId", "organizationId", "departmentId", "assigneeId"]
    );
    assert_eq!(
        r.kind("approvalPolicies").unwrap().tracked_fields(),
        ["_id", "userId", "organizationId", "departmentId", "approverIds"]
    );
}
