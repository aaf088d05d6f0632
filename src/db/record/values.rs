//! The values a status record stores: its status, its action, counts and
//! values by resource kind, each written and read in one stored form.

use std::fmt;

use mongodb::bson::Bson;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::db::op::as_u64;

/// Where a transfer stands: the seeds' three values. A pause is not a
/// status: a paused transfer is `in_progress`, with `paused` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InProgress,
    /// Only read: records of earlier versions stored a pause as a status
    /// (`StatusRecord::from_document` reads it as `in_progress`, paused).
    Paused,
    Completed,
    Failed,
}

impl Status {
    /// As stored, and as `status --json` prints it (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Paused => "paused",
            Status::Completed => "completed",
            Status::Failed => "failed",
        }
    }
}

impl Status {
    /// Not ended: running, paused, or interrupted and not yet resumed.
    pub fn unfinished(self) -> bool {
        matches!(self, Status::InProgress | Status::Paused)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Status> for Bson {
    fn from(s: Status) -> Bson {
        Bson::String(s.as_str().into())
    }
}

/// What kind of transfer a record is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    OrgTransferExecute,
    DepartmentTransferExecute,
    OrgTransferRollback,
    DepartmentTransferRollback,
}

impl Action {
    /// Every action this tool records; `auditlogs` holds the application's
    /// own entries too, which are none of these.
    pub const ALL: [Action; 4] = [
        Action::OrgTransferExecute,
        Action::DepartmentTransferExecute,
        Action::OrgTransferRollback,
        Action::DepartmentTransferRollback,
    ];

    pub fn is_rollback(self) -> bool {
        matches!(self, Action::OrgTransferRollback | Action::DepartmentTransferRollback)
    }

    /// As stored, and as `status --json` prints it (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::OrgTransferExecute => "org_transfer_execute",
            Action::DepartmentTransferExecute => "department_transfer_execute",
            Action::OrgTransferRollback => "org_transfer_rollback",
            Action::DepartmentTransferRollback => "department_transfer_rollback",
        }
    }

    /// The word a listing shows.
    pub fn short(self) -> &'static str {
        match self {
            Action::OrgTransferExecute => "org",
            Action::DepartmentTransferExecute => "department",
            Action::OrgTransferRollback => "org rollback",
            Action::DepartmentTransferRollback => "dept rollback",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Action> for Bson {
    fn from(a: Action) -> Bson {
        Bson::String(a.as_str().into())
    }
}

/// A count: stored as a 64-bit integer; read from any number (a record
/// edited by hand may hold a 32-bit integer or a double).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub u64);

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0 as i64)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        let b = Bson::deserialize(d)?;
        as_u64(&b).map(Count).ok_or_else(|| serde::de::Error::custom(format!("{b} is not a count")))
    }
}

/// Values by resource kind, in the plan's order (a sub-document keyed by the
/// kind: the order is what `status` shows).
#[derive(Debug, Clone, PartialEq)]
pub struct PerKind<T>(pub Vec<(String, T)>);

impl<T> Default for PerKind<T> {
    fn default() -> Self {
        PerKind(Vec::new())
    }
}

impl<T> PerKind<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, kind: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == kind).map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<T: Serialize> Serialize for PerKind<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PerKind<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for InOrder<T> {
            type Value = PerKind<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a document keyed by resource kind")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PerKind<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(PerKind(out))
            }
        }
        d.deserialize_map(InOrder(std::marker::PhantomData))
    }
}
