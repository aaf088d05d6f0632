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
