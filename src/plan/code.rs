//! The stable codes of a scan's findings (`conflicts[].code`,
//! `warnings[].code`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The stable code of a finding, for scripts (`conflicts[].code`,
/// `warnings[].code` in a plan; `[code]` in the text), written in snake
/// case. A plan holding a code this tool does not write is not its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A write changes a field of a collection's shard key (the document is written on its own).
    ShardKeyChange,
    /// Removing the user would leave an approval policy with no approver.
    PolicyWithoutApprover,
    /// No index leads with the field a kind is selected by.
    MissingIndex,
    /// Documents staying behind will be left unassigned.
    Unassigned,
    /// The user is a SUPERADMIN, who is not moved between organizations.
    UserIsSuperadmin,
    /// The user is the last ADMIN of an organization.
    LastAdmin,
    /// A department has no managers or members; only its resources move.
    NoUsers,
    /// The department to delete would not be empty.
    SourceNotEmpty,
    /// The department will have no manager.
    OnlyManager,
    /// A document's unique value exists again in the source organization.
    UniqueTaken,
    /// Documents changed since the transfer keep their change.
    ChangedSince,
    /// A user is no longer where the transfer put them.
    MovedAgain,
    /// A user's field changed since the transfer keeps that change.
    UserChangedSince,
    /// A later transfer moved some of the same users.
    TransferredAgain,
    /// The deleted department exists again.
    DepartmentExists,
    /// A department the transfer changed is gone (or has no ObjectId `_id`).
    DepartmentMissing,
    /// A department changed since keeps its other changes.
    DepartmentChangedSince,
    /// The source organization no longer exists.
    OrganizationMissing,
    /// A field holds a value the tool cannot tell what to do with (an array where one value belongs).
    UnusableValue,
    /// Documents look like the transfer's (an id as a string, a condition field of another type) but do not match it.
    LookAlike,
    /// A user or department of the plan is held by a transfer that has not finished.
    UnfinishedTransfer,
    /// A unique value of the kind (`duplicate_<kind>`, e.g.
    /// `duplicate_emailAccounts`) already exists in the target organization.
    Duplicate(String),
}

impl Code {
    /// Every code but `duplicate_<kind>`.
    pub(super) const FIXED: [Code; 21] = [
        Code::ShardKeyChange,
        Code::PolicyWithoutApprover,
        Code::MissingIndex,
        Code::Unassigned,
        Code::UserIsSuperadmin,
        Code::LastAdmin,
        Code::NoUsers,
        Code::SourceNotEmpty,
        Code::OnlyManager,
        Code::UniqueTaken,
        Code::ChangedSince,
        Code::MovedAgain,
        Code::UserChangedSince,
        Code::TransferredAgain,
        Code::DepartmentExists,
        Code::DepartmentMissing,
        Code::DepartmentChangedSince,
        Code::OrganizationMissing,
        Code::UnusableValue,
        Code::LookAlike,
        Code::UnfinishedTransfer,
    ];

    pub fn as_str(&self) -> std::borrow::Cow<'static, str> {
        let fixed = match self {
            Code::ShardKeyChange => "shard_key_change",
            Code::PolicyWithoutApprover => "policy_without_approver",
            Code::MissingIndex => "missing_index",
            Code::Unassigned => "unassigned",
            Code::UserIsSuperadmin => "user_is_superadmin",
            Code::LastAdmin => "last_admin",
            Code::NoUsers => "no_users",
            Code::SourceNotEmpty => "source_not_empty",
            Code::OnlyManager => "only_manager",
            Code::UniqueTaken => "unique_taken",
            Code::ChangedSince => "changed_since",
            Code::MovedAgain => "moved_again",
            Code::UserChangedSince => "user_changed_since",
            Code::TransferredAgain => "transferred_again",
            Code::DepartmentExists => "department_exists",
            Code::DepartmentMissing => "department_missing",
            Code::DepartmentChangedSince => "department_changed_since",
            Code::OrganizationMissing => "organization_missing",
            Code::UnusableValue => "unusable_value",
            Code::LookAlike => "look_alike",
            Code::UnfinishedTransfer => "unfinished_transfer",
            Code::Duplicate(kind) => return format!("duplicate_{kind}").into(),
        };
        fixed.into()
    }

    pub fn parse(s: &str) -> Option<Code> {
        if let Some(kind) = s.strip_prefix("duplicate_").filter(|k| !k.is_empty()) {
            return Some(Code::Duplicate(kind.to_string()));
        }
        Code::FIXED.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        Code::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a finding code")))
    }
}
