//! The resource registry (data-model.md): every kind of resource a transfer
//! touches, where it lives, which fields mean what, and what each kind of
//! transfer does to it. Every command reads this; nothing else names a
//! resource collection. A deployment with other names overrides it from a
//! JSON file (`--resources FILE` / `TETHER_RESOURCES`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Digest;

use crate::error::{Because, Result};

/// How a document is tied to the user being moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Selector {
    /// The user owns it (`ownerField` = user).
    Owner,
    /// The user is its assignee and someone else owns it.
    AssigneeNotOwner,
    /// The user is listed in its approvers array.
    Approver,
}

/// What an organization transfer does to a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OrgAction {
    /// Follows the user into the target organization (organization := target; owner stays).
    Move,
    /// Stays in the source organization and passes to the re-assignee (owner := re-assignee;
    /// an assignee equal to the user becomes the re-assignee; agents are remapped).
    Reassign,
    /// Stays; its assignee becomes the re-assignee.
    Assign,
    /// Stays; the user is replaced by the re-assignee among its approvers.
    ReplaceApprover,
    /// Not touched.
    Leave,
}

/// What a one-user department transfer does to a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DepartmentAction {
    /// In the source department: follows the user (department := target), or with a
    /// re-assignee stays and passes to them (owner := re-assignee).
    FollowOrReassign,
    /// In the source department and assigned to the user: assignee := re-assignee, or unassigned.
    AssignOrUnassign,
    /// In the source department: the user is replaced by the re-assignee, or removed.
    ReplaceApprover,
    /// Not touched.
    Leave,
}

/// What a bulk department transfer does to a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BulkAction {
    /// Every document of the source department: department := target.
    Repoint,
    /// Not touched.
    Leave,
}

/// One kind of resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceKind {
    /// The name shown to people and used in plans (the preview key).
    #[serde(skip)]
    pub key: String,
    pub collection: String,
    pub selector: Selector,
    #[serde(default = "default_owner")]
    pub owner_field: String,
    #[serde(default = "default_org")]
    pub organization_field: String,
    #[serde(default)]
    pub department_field: Option<String>,
    #[serde(default)]
    pub assignee_field: Option<String>,
    #[serde(default)]
    pub approvers_field: Option<String>,
    /// The field holding an agent id, remapped by `--agent-remap`.
    #[serde(default)]
    pub agent_field: Option<String>,
    /// A field whose value must be unique within an organization (checked on a move).
    #[serde(default)]
    pub unique_field: Option<String>,
    /// An extra filter (a MongoDB query document) a document must match to count.
    #[serde(default)]
    pub condition: Option<Value>,
    /// The collection's shard key on a sharded cluster, where the tool
    /// cannot read it from `config.collections` (docs/operations.md,
    /// "Sharded clusters"); on a replica set it makes the tool write as on a cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<Value>,
    pub org_transfer: OrgAction,
    pub department_transfer: DepartmentAction,
    pub bulk_transfer: BulkAction,
}

fn default_owner() -> String {
    "userId".into()
}
fn default_org() -> String {
    "organizationId".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsersSpec {
    pub collection: String,
    pub email: String,
    pub name: String,
    pub organization: String,
    pub access_role: String,
    pub is_active: String,
    /// As a kind's `shardKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentsSpec {
    pub collection: String,
    pub organization: String,
    pub name: String,
    pub managers: String,
    pub members: String,
    /// As a kind's `shardKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrganizationsSpec {
    pub collection: String,
    pub name: String,
    /// As a kind's `shardKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<Value>,
}

/// The whole registry: the tenancy collections and the resource kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    pub users: UsersSpec,
    pub departments: DepartmentsSpec,
    pub organizations: OrganizationsSpec,
    /// The collection of status records.
    pub auditlogs: String,
    /// In display order.
    pub kinds: Vec<ResourceKind>,
}

/// The serialized form: kinds keyed by name, so an override names only what differs.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RegistryFile {
    users: UsersSpec,
    departments: DepartmentsSpec,
    organizations: OrganizationsSpec,
    auditlogs: String,
    kinds: BTreeMap<String, ResourceKind>,
}

impl Default for Registry {
    /// The tables of data-model.md.
    fn default() -> Self {
        use BulkAction as B;
        use DepartmentAction as D;
        use OrgAction as O;
        use Selector as S;
        let kind = |key: &str, collection: &str, selector, org, dept, bulk| ResourceKind {
            key: key.into(),
            collection: collection.into(),
            selector,
            owner_field: default_owner(),
            organization_field: default_org(),
            department_field: None,
            assignee_field: None,
            approvers_field: None,
            agent_field: None,
            unique_field: None,
            condition: None,
            shard_key: None,
            org_transfer: org,
            department_transfer: dept,
            bulk_transfer: bulk,
        };
        let dept = Some("departmentId".to_string());
        let kinds = vec![
            ResourceKind {
                department_field: dept.clone(),
                ..kind("contacts", "contacts", S::Owner, O::Reassign, D::FollowOrReassign, B::Repoint)
            },
            ResourceKind {
                department_field: dept.clone(),
                assignee_field: Some("assigneeId".into()),
                ..kind("conversations", "conversations", S::Owner, O::Reassign, D::FollowOrReassign, B::Repoint)
            },
            ResourceKind {
                department_field: dept.clone(),
                assignee_field: Some("assigneeId".into()),
                // The bulk move re-points these through `conversations` already.
                ..kind(
                    "assigneeConversations",
                    "conversations",
                    S::AssigneeNotOwner,
                    O::Assign,
                    D::AssignOrUnassign,
                    B::Leave,
                )
            },
            ResourceKind {
                department_field: dept.clone(),
                agent_field: Some("agentId".into()),
                ..kind("automations", "automations", S::Owner, O::Reassign, D::FollowOrReassign, B::Repoint)
            },
            kind("workflows", "workflows", S::Owner, O::Reassign, D::Leave, B::Leave),
            kind("webchatConfigurations", "webchatconfigurations", S::Owner, O::Reassign, D::Leave, B::Leave),
            kind("acquiredItems", "acquireditems", S::Owner, O::Move, D::Leave, B::Leave),
            ResourceKind {
                unique_field: Some("address".into()),
                ..kind("emailAccounts", "emailaccounts", S::Owner, O::Move, D::Leave, B::Leave)
            },
            kind("calendarConnections", "calendarconnections", S::Owner, O::Move, D::Leave, B::Leave),
            kind("calendarToolConfigurations", "calendartoolconfigurations", S::Owner, O::Move, D::Leave, B::Leave),
            kind("googleSheetsTokens", "googlesheetstokens", S::Owner, O::Move, D::Leave, B::Leave),
            ResourceKind {
                condition: Some(serde_json::json!({ "fired": false })),
                ..kind("unfiredReminders", "reminders", S::Owner, O::Reassign, D::Leave, B::Leave)
            },
            ResourceKind {
                department_field: dept.clone(),
                ..kind("promptCount", "prompts", S::Owner, O::Reassign, D::FollowOrReassign, B::Repoint)
            },
            ResourceKind {
                unique_field: Some("number".into()),
                ..kind("voicePhoneNumbers", "voicephonenumbers", S::Owner, O::Move, D::Leave, B::Leave)
            },
            kind("automationKeys", "automationkeys", S::Owner, O::Reassign, D::Leave, B::Leave),
            kind("agents", "agents", S::Owner, O::Reassign, D::Leave, B::Leave),
            ResourceKind {
                department_field: dept,
                approvers_field: Some("approverIds".into()),
                ..kind(
                    "approvalPolicies",
                    "approvalpolicies",
                    S::Approver,
                    O::ReplaceApprover,
                    D::ReplaceApprover,
                    B::Repoint,
                )
            },
        ];
        Registry {
            users: UsersSpec {
                collection: "users".into(),
                email: "email".into(),
                name: "name".into(),
                organization: "organizationId".into(),
                access_role: "accessRole".into(),
                is_active: "isActive".into(),
                shard_key: None,
            },
            departments: DepartmentsSpec {
                collection: "departments".into(),
                organization: "organizationId".into(),
                name: "name".into(),
                managers: "managers".into(),
                members: "members".into(),
                shard_key: None,
            },
            organizations: OrganizationsSpec {
                collection: "organizations".into(),
                name: "name".into(),
                shard_key: None,
            },
            auditlogs: "auditlogs".into(),
            kinds,
        }
    }
}

/// Why a resource file cannot be used; reads as the end of "The resource
/// file x.json is invalid: …".
#[derive(Debug)]
pub enum Invalid {
    NotJson(serde_json::Error),
    NotAnObject,
    /// Unknown or missing fields, or a value of the wrong type.
    Shape(serde_json::Error),
    /// A rule of the registry broken (the words say which).
    Rule(String),
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::NotJson(e) => write!(f, "not valid JSON ({e})."),
            Invalid::NotAnObject => write!(f, "it must be a JSON object."),
            Invalid::Shape(e) => write!(f, "{e}."),
            Invalid::Rule(rule) => f.write_str(rule),
        }
    }
}

impl std::error::Error for Invalid {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Invalid::NotJson(e) | Invalid::Shape(e) => Some(e),
            _ => None,
        }
    }
}

impl Registry {
    /// The default registry, overridden by `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Registry> {
        match path {
            None => Ok(Registry::default()),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .or_usage(|e| format!("Cannot read the resource file {}: {e}.", path.display()))?;
                Registry::with_overrides(&text)
                    .or_usage(|e| format!("The resource file {} is invalid: {e}", path.display()))
            }
        }
    }

    /// Applies a JSON override: objects merge key by key onto the defaults, so
    /// `{"kinds": {"contacts": {"collection": "crm_contacts"}}}` changes one name,
    /// and a kind that is not a default must be given in full.
    pub fn with_overrides(json: &str) -> std::result::Result<Registry, Invalid> {
        let overrides: Value = crate::strict_json::parse(json).map_err(Invalid::NotJson)?;
        if !overrides.is_object() {
            return Err(Invalid::NotAnObject);
        }
        let defaults = Registry::default();
        let mut merged = serde_json::to_value(defaults.to_file()).expect("the registry serializes");
        merge(&mut merged, overrides);
        let file: RegistryFile = serde_json::from_value(merged).map_err(Invalid::Shape)?;
        let registry = Registry::from_file(file, &defaults);
        registry.validate().map_err(Invalid::Rule)?;
        Ok(registry)
    }

    /// A digest of the registry, recorded in plans so that a plan is
    /// executed with the names it was scanned with: the canonical JSON (keys
    /// sorted) of its serialized form and its kinds' order, so that neither a
    /// rebuilt tool nor a field's position changes it.
    pub fn digest(&self) -> String {
        let value = serde_json::json!({
            "registry": self.to_file(),
            "order": self.kinds.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(),
        });
        let bytes = crate::canonical::canonical_json(&value);
        hex::encode(&sha2::Sha256::digest(&bytes)[..8])
    }

    /// The digest plans written before `digest` existed carry (a hash of the
    /// `Debug` text): still accepted, as long as this build prints the same.
    pub fn legacy_digest(&self) -> String {
        hex::encode(&sha2::Sha256::digest(format!("{self:?}").as_bytes())[..8])
    }

    fn to_file(&self) -> RegistryFile {
        RegistryFile {
            users: self.users.clone(),
            departments: self.departments.clone(),
            organizations: self.organizations.clone(),
            auditlogs: self.auditlogs.clone(),
            kinds: self.kinds.iter().map(|k| (k.key.clone(), k.clone())).collect(),
        }
    }

    fn from_file(file: RegistryFile, defaults: &Registry) -> Registry {
        let mut kinds: Vec<ResourceKind> = Vec::with_capacity(file.kinds.len());
        let mut rest = file.kinds;
        // Default kinds keep their documented order; new ones follow by name.
        for d in &defaults.kinds {
            if let Some(mut k) = rest.remove(&d.key) {
                k.key = d.key.clone();
                kinds.push(k);
            }
        }
        for (key, mut k) in rest {
            k.key = key;
            kinds.push(k);
        }
        Registry {
            users: file.users,
            departments: file.departments,
            organizations: file.organizations,
            auditlogs: file.auditlogs,
            kinds,
        }
    }

    /// Rejects combinations that cannot work, so a bad file fails before any query.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let names = [
            &self.users.collection,
            &self.users.email,
            &self.users.name,
            &self.users.organization,
            &self.users.access_role,
            &self.users.is_active,
            &self.departments.collection,
            &self.departments.organization,
            &self.departments.name,
            &self.departments.managers,
            &self.departments.members,
            &self.organizations.collection,
            &self.organizations.name,
            &self.auditlogs,
        ];
        for n in names {
            check_name(n)?;
        }
        for k in &self.kinds {
            let bad = |what: &str| Err(format!("kind \"{}\": {what}.", k.key));
            if k.key.is_empty() || !k.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("kind \"{}\": a kind's name is letters, digits and '_'.", k.key));
            }
            check_name(&k.collection).or_else(|e| bad(&e))?;
            for f in [Some(&k.owner_field), Some(&k.organization_field)]
                .into_iter()
                .chain(
                    [&k.department_field, &k.assignee_field, &k.approvers_field, &k.agent_field, &k.unique_field]
                        .map(Option::as_ref),
                )
                .flatten()
            {
                check_name(f).or_else(|e| bad(&e))?;
            }
            if k.selector == Selector::AssigneeNotOwner && k.assignee_field.is_none() {
                return bad("selector assigneeNotOwner needs assigneeField");
            }
            if k.selector == Selector::Approver && k.approvers_field.is_none() {
                return bad("selector approver needs approversField");
            }
            if (k.org_transfer == OrgAction::ReplaceApprover
                || k.department_transfer == DepartmentAction::ReplaceApprover)
                && k.selector != Selector::Approver
            {
                return bad("replaceApprover needs selector approver");
            }
            if (k.org_transfer == OrgAction::Assign || k.department_transfer == DepartmentAction::AssignOrUnassign)
                && k.selector != Selector::AssigneeNotOwner
            {
                return bad("assign needs selector assigneeNotOwner");
            }
            if k.department_transfer != DepartmentAction::Leave && k.department_field.is_none() {
                return bad("a department transfer action needs departmentField");
            }
            if k.bulk_transfer == BulkAction::Repoint && k.department_field.is_none() {
                return bad("bulkTransfer repoint needs departmentField");
            }
            if let Some(c) = &k.condition
                && !c.is_object()
            {
                return bad("condition must be a JSON object (a query document)");
            }
            // The fields a transfer writes: distinct, and never the _id.
            let written = k.written_fields();
            if written.iter().any(|f| f.as_str() == "_id" || f.starts_with("_id.")) {
                return bad("a field a transfer writes cannot be _id (a document's _id never changes)");
            }
            for (i, f) in written.iter().enumerate() {
                if written[..i].contains(f) {
                    return bad(&format!(
                        "the field {f} is given two roles (owner, organization, department, assignee, approvers, agent: one field each)"
                    ));
                }
            }
            let own =
                [&self.users.collection, &self.departments.collection, &self.organizations.collection, &self.auditlogs];
            if own.contains(&&k.collection) || k.collection.starts_with("tether_transfer_") {
                return bad(&format!(
                    "{} holds users, departments, organizations, the audit log or the tool's own records, not a user's resources",
                    k.collection
                ));
            }
        }
        // Two kinds that select the same documents would change each twice,
        // the second finding nothing left (or undoing the first).
        for (i, a) in self.kinds.iter().enumerate() {
            if let Some(b) = self.kinds[..i]
                .iter()
                .find(|b| b.collection == a.collection && b.selector == a.selector && b.condition == a.condition)
            {
                return Err(format!(
                    "kinds \"{}\" and \"{}\" select the same documents of {} (the same selector and condition): a document would be changed twice.",
                    b.key, a.key, a.collection
                ));
            }
        }
        let mut declared: BTreeMap<&str, &Value> = BTreeMap::new();
        for (collection, key) in self.shard_key_declarations() {
            check_shard_key(key).map_err(|e| format!("the shardKey of {collection}: {e}"))?;
            if let Some(other) = declared.insert(collection, key)
                && other != key
            {
                return Err(format!("{collection} is given two different shardKey values."));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for k in &self.kinds {
            if !seen.insert(&k.key) {
                return Err(format!("kind \"{}\" is listed twice.", k.key));
            }
        }
        Ok(())
    }

    /// Every collection the registry names (tenancy and kinds), once, in order.
    pub fn collections(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let names =
            [&self.users.collection, &self.departments.collection, &self.organizations.collection, &self.auditlogs]
                .into_iter()
                .chain(self.kinds.iter().map(|k| &k.collection));
        for c in names {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// (collection, shardKey) of every declaration in the resource file.
    fn shard_key_declarations(&self) -> Vec<(&str, &Value)> {
        let tenancy = [
            (&self.users.collection, &self.users.shard_key),
            (&self.departments.collection, &self.departments.shard_key),
            (&self.organizations.collection, &self.organizations.shard_key),
        ];
        tenancy
            .into_iter()
            .chain(self.kinds.iter().map(|k| (&k.collection, &k.shard_key)))
            .filter_map(|(c, k)| k.as_ref().map(|k| (c.as_str(), k)))
            .collect()
    }

    /// Per collection, the shard key the resource file declares (validated).
    pub fn declared_shard_keys(&self) -> BTreeMap<String, mongodb::bson::Document> {
        self.shard_key_declarations()
            .into_iter()
            .filter_map(|(c, k)| Some((c.to_string(), mongodb::bson::to_document(k).ok()?)))
            .collect()
    }

    pub fn kind(&self, key: &str) -> Option<&ResourceKind> {
        self.kinds.iter().find(|k| k.key == key)
    }

    /// Each (collection, department field) pair of the kinds, once.
    pub fn department_fields(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for k in &self.kinds {
            if let Some(field) = &k.department_field {
                let pair = (k.collection.as_str(), field.as_str());
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        out
    }
}

impl ResourceKind {
    /// The fields that decide where a document belongs; the fingerprint hashes
    /// exactly these, so a scan reads nothing else.
    pub fn tracked_fields(&self) -> Vec<&str> {
        let mut fields = vec!["_id", self.owner_field.as_str(), self.organization_field.as_str()];
        for f in
            [&self.department_field, &self.assignee_field, &self.approvers_field, &self.agent_field, &self.unique_field]
                .into_iter()
                .flatten()
        {
            if !fields.contains(&f.as_str()) {
                fields.push(f);
            }
        }
        fields
    }
}

impl ResourceKind {
    /// The fields a transfer may write: owner, organization, department,
    /// assignee, approvers and agent (those the kind has).
    pub fn written_fields(&self) -> Vec<&String> {
        [Some(&self.owner_field), Some(&self.organization_field)]
            .into_iter()
            .chain(
                [&self.department_field, &self.assignee_field, &self.approvers_field, &self.agent_field]
                    .map(Option::as_ref),
            )
            .flatten()
            .collect()
    }

    /// The top-level fields the kind's condition compares with a plain value
    /// (`fired` of `{"fired": false}`): a scan reads them too, to refuse an
    /// array there (`ops::oddities`).
    pub fn condition_fields(&self) -> Vec<&str> {
        let Some(c) = self.condition.as_ref().and_then(Value::as_object) else { return Vec::new() };
        c.iter().filter(|(f, v)| !f.starts_with('$') && !v.is_object()).map(|(f, _)| f.as_str()).collect()
    }

    /// The fields an undo log entry keeps and a rollback requires unchanged:
    /// where a document belongs (its unique value is not one of them: a
    /// transfer never changes it, and an address edited since is no reason
    /// to leave a document where it was moved).
    pub fn guarded_fields(&self) -> Vec<String> {
        self.tracked_fields()
            .into_iter()
            .filter(|f| Some(*f) != self.unique_field.as_deref())
            .map(String::from)
            .collect()
    }
}

/// A key pattern: an object of field names, each 1, -1 or "hashed" (`{}`:
/// the collection is not sharded).
fn check_shard_key(key: &Value) -> std::result::Result<(), String> {
    let Some(fields) = key.as_object() else {
        return Err("it must be a JSON object such as {\"organizationId\": 1}.".into());
    };
    for (field, v) in fields {
        check_name(field)?;
        let valid = v.as_i64().is_some_and(|i| i == 1 || i == -1) || v.as_str() == Some("hashed");
        if !valid {
            return Err(format!("the value of {field} must be 1, -1 or \"hashed\"."));
        }
    }
    Ok(())
}

fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() || name.starts_with('$') || name.contains('\0') {
        Err(format!("\"{name}\" is not a usable collection or field name."))
    } else {
        Ok(())
    }
}

fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

#[cfg(test)]
mod tests;
