//! The plan file: what a scan found and what execute will do, for a person
//! to review. JSON, with a `formatVersion` and a checksum so that an edited or
//! truncated plan is refused.

mod code;
pub mod copies;
pub mod fingerprint;
mod invalid;

pub use code::Code;

pub use invalid::Invalid;

use std::fmt;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use mongodb::bson::oid::ObjectId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::db::Target;
use crate::db::entities::Role;
pub use crate::db::identity::{Established, Identity};
use crate::error::{Because, CliError, ErrorKind, Result};

pub const FORMAT_VERSION: u32 = 1;

/// An ObjectId written as 24 hex digits, as the seeds' requests carry ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub ObjectId);

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_hex())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ObjectId::parse_str(&s).map(Id).map_err(|_| serde::de::Error::custom(format!("\"{s}\" is not an ObjectId")))
    }
}

impl From<ObjectId> for Id {
    fn from(o: ObjectId) -> Self {
        Id(o)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_hex())
    }
}

/// The seed's `OrgTransferExecuteRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgRequest {
    pub scan_version: String,
    pub user_id: Id,
    pub target_organization_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_department_id: Option<Id>,
    pub new_access_role: Role,
    pub reassignee_user_id: Id,
    #[serde(default)]
    pub agent_remaps: Vec<AgentRemap>,
}

/// The seed's `OrgTransferAgentRemap`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentRemap {
    pub from_agent_id: Id,
    pub to_agent_id: Id,
}

/// The seed's `TransferExecuteRequest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentRequest {
    pub scan_version: String,
    pub assignments: Vec<Assignment>,
    /// Bulk moves only: the department every user leaves (an extra key; the
    /// seed's request allows additional properties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_department_id: Option<Id>,
    /// Bulk moves only: where every user goes (an extra key, so that a bulk
    /// move of a department without users still names its target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_department_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_source_department_id: Option<Id>,
}

impl DepartmentRequest {
    /// What a department request must be on its own, before any database is
    /// read: each user once; a bulk move (`sourceDepartmentId`) sends every
    /// user to its one target in the same position, so its assignments carry
    /// no role or re-assignee of their own.
    pub fn check(&self, kind: PlanKind) -> std::result::Result<(), String> {
        let mut users: Vec<Id> = self.assignments.iter().map(|a| a.user_id).collect();
        users.sort();
        if let Some(w) = users.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("lists user {} twice", w[0]));
        }
        match kind {
            PlanKind::DepartmentBulk => {
                let (Some(source), Some(target)) = (self.source_department_id, self.target_department_id) else {
                    return Err("is a bulk move without sourceDepartmentId and targetDepartmentId".into());
                };
                if let Some(a) = self.assignments.iter().find(|a| a.target_department_id != target) {
                    return Err(format!(
                        "is a bulk move to {target} but sends user {} to {}; per-user targets need a plan from --assignments",
                        a.user_id, a.target_department_id
                    ));
                }
                if let Some(a) =
                    self.assignments.iter().find(|a| a.new_access_role.is_some() || a.reassignee_user_id.is_some())
                {
                    return Err(format!(
                        "is a bulk move but gives user {} a role or re-assignee; per-user roles and re-assignees need a plan from --assignments",
                        a.user_id
                    ));
                }
                if self.delete_source_department_id.is_some_and(|d| d != source) {
                    return Err("is a bulk move that deletes another department than its source".into());
                }
            }
            _ => {
                if self.assignments.is_empty() {
                    return Err("has no assignment".into());
                }
                if self.source_department_id.is_some() || self.target_department_id.is_some() {
                    return Err("names a bulk source or target, but the plan is not a bulk move".into());
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assignment {
    pub user_id: Id,
    pub target_department_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_access_role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignee_user_id: Option<Id>,
}

/// `scan rollback`: undo one transfer (an extra request of this tool's; the
/// seeds have no undo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollbackRequest {
    pub scan_version: String,
    /// The transfer to undo.
    pub transfer_id: Id,
}

/// What a plan asks for, and so what kind of plan it is: the one place the
/// kind is decided (a department request that names a `sourceDepartmentId`
/// is a bulk move).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SeedRequest", into = "SeedRequest")]
pub enum Request {
    Org(OrgRequest),
    Department(DepartmentRequest),
    DepartmentBulk(DepartmentRequest),
    Rollback(RollbackRequest),
}

/// A request as the seeds write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum SeedRequest {
    Org(OrgRequest),
    Department(DepartmentRequest),
    Rollback(RollbackRequest),
}

impl From<SeedRequest> for Request {
    fn from(r: SeedRequest) -> Request {
        match r {
            SeedRequest::Org(r) => Request::Org(r),
            SeedRequest::Department(r) if r.source_department_id.is_some() => Request::DepartmentBulk(r),
            SeedRequest::Department(r) => Request::Department(r),
            SeedRequest::Rollback(r) => Request::Rollback(r),
        }
    }
}

impl From<Request> for SeedRequest {
    fn from(r: Request) -> SeedRequest {
        match r {
            Request::Org(r) => SeedRequest::Org(r),
            Request::Department(r) | Request::DepartmentBulk(r) => SeedRequest::Department(r),
            Request::Rollback(r) => SeedRequest::Rollback(r),
        }
    }
}

impl Request {
    pub fn kind(&self) -> PlanKind {
        match self {
            Request::Org(_) => PlanKind::Org,
            Request::Department(_) => PlanKind::Department,
            Request::DepartmentBulk(_) => PlanKind::DepartmentBulk,
            Request::Rollback(_) => PlanKind::Rollback,
        }
    }

    pub fn scan_version(&self) -> &str {
        match self {
            Request::Org(r) => &r.scan_version,
            Request::Department(r) | Request::DepartmentBulk(r) => &r.scan_version,
            Request::Rollback(r) => &r.scan_version,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanKind {
    /// One user to another organization.
    Org,
    /// One user to another department of the same organization.
    Department,
    /// Every user of a department to another department.
    DepartmentBulk,
    /// The undo of one transfer (`scan rollback`).
    Rollback,
}

impl PlanKind {
    pub fn is_rollback(self) -> bool {
        self == PlanKind::Rollback
    }
}

/// What is done to the documents of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// organization := target (the owner stays).
    Move,
    /// owner := re-assignee (and an assignee equal to the user too; agents remapped).
    Reassign,
    /// assignee := re-assignee.
    Assign,
    /// assignee := none.
    Unassign,
    /// the user is replaced by the re-assignee among the approvers.
    ReplaceApprover,
    /// the user is removed from the approvers.
    RemoveApprover,
    /// department := target.
    Repoint,
    /// Department plans where only some users have a re-assignee: each
    /// document follows its owner to their target, or passes to their re-assignee.
    FollowOrReassign,
    /// The same: assignee := the user's re-assignee, or none.
    AssignOrUnassign,
    /// The same: each user is replaced by their re-assignee among the approvers, or removed.
    ReplaceOrRemoveApprover,
    /// A rollback: the fields a transfer changed go back to their previous values.
    Restore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    pub id: Id,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub access_role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Named {
    pub id: Id,
    pub name: String,
}

/// Who moves from where to where, for the reviewer (ids are in the request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Summary {
    /// The moving users (one, or every user of the department in a bulk move).
    pub users: Vec<Person>,
    pub from_organization: Named,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_department: Option<Named>,
    pub to_organization: Named,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_department: Option<Named>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignee: Option<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_access_role: Option<Role>,
    /// What happens to the users and departments themselves, in words.
    #[serde(default)]
    pub changes: Vec<String>,
    /// Department plans: each assignment of the request, resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<AssignmentSummary>,
    /// The department deleted at the end (`deleteSourceDepartmentId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_department: Option<Named>,
    /// A rollback plan: the transfer it undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_of: Option<RollbackOf>,
}

/// The transfer a rollback undoes, as it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollbackOf {
    pub transfer_id: Id,
    /// Its plan's kind: `org`, `department` or `departmentBulk`.
    pub kind: PlanKind,
    pub scan_version: String,
    /// `completed`, or `failed` (undone as far as it got).
    pub status: String,
    pub completed_at: Option<String>,
    /// The users' fields changed since the transfer, which keep that change
    /// (each also a `user_changed_since` warning): not counted as not put back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<KeptField>,
}

/// A user's field a rollback leaves as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeptField {
    pub user: Id,
    pub field: String,
}

/// One assignment of a department plan, named for the reviewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignmentSummary {
    pub user: Person,
    /// None when the user is in no department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_department: Option<Named>,
    pub to_department: Named,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_access_role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignee: Option<Person>,
}

/// One resource kind in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourcePlan {
    pub kind: String,
    pub collection: String,
    pub action: Action,
    /// The change in words, e.g. `organizationId := 65… ("Globex")`.
    pub change: String,
    pub count: u64,
    pub fingerprint: String,
    /// A rollback: the documents of this kind changed since the transfer,
    /// which keep their change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_since: Option<ChangedSince>,
}

/// Documents a rollback leaves as they are: changed since the transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangedSince {
    pub count: u64,
    /// Of any BSON type (`DocId`'s JSON form).
    pub ids: Vec<crate::docid::DocId>,
}

/// What a plan's entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntityType {
    User,
    Department,
    Organization,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::User => "user",
            EntityType::Department => "department",
            EntityType::Organization => "organization",
        }
    }
}

/// A user, department or organization the transfer depends on, fingerprinted
/// so that execute notices it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntityPlan {
    pub entity: EntityType,
    pub id: Id,
    /// Why it matters: `moving user`, `re-assignee`, `source department`, ….
    pub reason: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finding {
    /// A stable code scripts can match, e.g. `last_admin`.
    pub code: Code,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plan {
    pub format_version: u32,
    pub tool: String,
    /// The request's kind, written for the reader; `Plan::kind` is the one to use.
    #[serde(rename = "kind")]
    pub written_kind: PlanKind,
    pub scan_version: String,
    pub scanned_at: String,
    pub database: Target,
    /// A digest of the resource registry the scan used; execute must use the same.
    pub registry: String,
    pub operator: Person,
    /// How the scanner's identity was established (plans of earlier
    /// versions: declared).
    #[serde(default)]
    pub operator_identity: Identity,
    pub request: Request,
    pub summary: Summary,
    pub resources: Vec<ResourcePlan>,
    pub entities: Vec<EntityPlan>,
    pub conflicts: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// True when conflicts block execution.
    pub blocked: bool,
    /// `sha256:` of the plan without this field and `approvals` (canonical JSON, sorted keys).
    #[serde(default)]
    pub checksum: String,
    /// Copies of the approvals `approve` recorded, written into the file for
    /// a reader without a database: outside the checksum, and never trusted
    /// (execute counts only the approvals kept in the database).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<ApprovalNote>,
}

/// An approval as `approve` copies it into the plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApprovalNote {
    pub approval_id: String,
    pub approver: Person,
    pub identity: Identity,
    pub approved_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Refuses, before anything connects, an `--out` that names a directory or
/// sits in a folder that does not exist: found only after the scan, it would
/// waste the scan.
pub fn check_destination(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(CliError::usage(format!("--out {} is a directory, not a file name.", path.display())));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(CliError::usage(format!("--out {}: the folder {} does not exist.", path.display(), dir.display())));
    }
    Ok(())
}

/// Writes `text` to `path` through a temporary file and a rename, next to the
/// file a symbolic link names (the link stays a link). A path that is not a
/// regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in
/// place: a rename would put a regular file where the device was, and as root
/// that breaks the machine.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let failed = |e: std::io::Error| {
        CliError::usage(format!("Cannot write the plan to {}: {e}.", path.display())).with_source(e)
    };
    // `/dev/stdout` and the like name what the shell opened: a link into
    // /proc, resolved to the file behind a redirection, which a rename would
    // replace; written in place.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        use std::io::Write;
        // Appended: a fresh open of /proc/self/fd/1 would start at the
        // beginning of the file behind it (and truncate it, with `write`).
        let mut out = std::fs::OpenOptions::new().append(true).open(path).map_err(failed)?;
        return out.write_all(text.as_bytes()).map_err(failed);
    }
    let target = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(CliError::usage(format!("--out {} is a directory, not a file name.", path.display())));
        }
        Ok(meta) if !meta.is_file() => return std::fs::write(path, text).map_err(failed),
        Ok(_) => std::fs::canonicalize(path).map_err(failed)?,
        // Not there yet, or a link to nothing: the link's target is created.
        Err(_) if path.is_symlink() => return std::fs::write(path, text).map_err(failed),
        Err(_) => path.to_path_buf(),
    };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name =
        target.file_name().ok_or_else(|| CliError::usage(format!("--out {} is not a file name.", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, &target)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(e)
    })
}

/// `scan-<RFC 3339 time>-<hash>`, as in the seeds' examples.
pub fn scan_version(at: DateTime<Utc>, digest_material: &str) -> String {
    let hash = hex::encode(&Sha256::digest(digest_material.as_bytes())[..6]);
    format!("scan-{}-{hash}", at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Sets the `checksum` of a plan's JSON to match its content, as someone
/// editing a plan on purpose would (tests use it to show execute is not fooled).
pub fn seal(value: &mut serde_json::Value) {
    let sum = checksum_of(value);
    value["checksum"] = serde_json::Value::String(sum);
}

fn checksum_of(value: &serde_json::Value) -> String {
    let mut v = value.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("checksum");
        o.remove("approvals");
    }
    let bytes = crate::canonical::canonical_json(&v);
    format!("sha256:{}", hex::encode(Sha256::digest(&bytes)))
}

impl Plan {
    /// What kind of plan this is: its request's.
    pub fn kind(&self) -> PlanKind {
        self.request.kind()
    }

    pub fn total(&self) -> u64 {
        self.resources.iter().map(|r| r.count).sum()
    }

    /// The JSON text written to disk (and printed by `scan --json`), checksum included.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).expect("plans serialize");
        let sum = checksum_of(&value);
        value["checksum"] = serde_json::Value::String(sum);
        let mut text = serde_json::to_string_pretty(&value).expect("plans serialize");
        text.push('\n');
        text
    }

    /// Writes atomically: a crash never leaves half a plan under the name.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.to_json())
    }

    /// Reads and checks a plan file; every defect is a usage error (exit 2).
    pub fn load(path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path)
            .or_usage(|e| format!("Cannot read the plan file {}: {e}.", path.display()))?;
        Plan::parse(&text).map_err(|e| {
            CliError::usage(format!("The plan file {} {e}", path.display()))
                .with_hint("Run the scan again to get a fresh plan; do not edit plan files by hand.")
                .with_source(e)
        })
    }

    /// The plan a transfer's journal recorded; one it cannot read is a bug
    /// or a damaged journal (exit 1).
    pub fn recorded(transfer: ObjectId, text: &str) -> Result<Plan> {
        Plan::parse(text)
            .because(ErrorKind::Unexpected, |e| format!("The journal of transfer {transfer} holds a plan that {e}"))
    }

    pub fn parse(text: &str) -> std::result::Result<Plan, Invalid> {
        if text.trim().is_empty() {
            return Err(Invalid::Empty);
        }
        let value: serde_json::Value = crate::strict_json::parse(text)
            .map_err(|e| if e.is_eof() { Invalid::Truncated } else { Invalid::NotJson(e) })?;
        match value.get("formatVersion").and_then(|v| v.as_u64()) {
            None => return Err(Invalid::NoFormatVersion),
            Some(v) if v > FORMAT_VERSION as u64 => return Err(Invalid::Newer(v)),
            Some(v) if v != FORMAT_VERSION as u64 => return Err(Invalid::Unsupported(v)),
            Some(_) => {}
        }
        let recorded = value.get("checksum").and_then(|v| v.as_str()).unwrap_or("");
        if recorded != checksum_of(&value) {
            return Err(Invalid::Modified);
        }
        let plan: Plan = serde_json::from_value(value).map_err(Invalid::NotAPlan)?;
        plan.check_consistency().map_err(Invalid::Inconsistent)?;
        Ok(plan)
    }

    /// A plan whose checksum does not match, read anyway, for a message
    /// that says what in it disagrees with its request (`show`); never
    /// executed. None when it cannot be read as a plan at all.
    pub fn parse_modified(text: &str) -> Option<Plan> {
        let plan: Plan = serde_json::from_str(text).ok()?;
        plan.check_consistency().ok()?;
        Some(plan)
    }

    fn check_consistency(&self) -> std::result::Result<(), String> {
        if self.request.scan_version() != self.scan_version {
            return Err("has a request whose scanVersion differs from the plan's.".into());
        }
        if self.written_kind != self.kind() {
            return Err("has a request that does not match its kind.".into());
        }
        if let Request::Department(r) | Request::DepartmentBulk(r) = &self.request {
            r.check(self.kind()).map_err(|e| format!("has a request that {e}."))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
