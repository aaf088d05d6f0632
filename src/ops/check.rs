//! One check of `verify`, of a transfer or of a rollback: what was checked,
//! whether it holds, and the first offending ids. A leaf both verifies use.

use serde::Serialize;

/// How many offending ids a check lists (a transfer's and a rollback's).
pub const IDS_AT_MOST: usize = 20;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// A resource kind, or `user`, `departments`, `record`.
    pub subject: String,
    pub check: String,
    pub ok: bool,
    /// Documents found in the wrong place (or the count compared), when it applies.
    pub found: Option<u64>,
    pub ids: Vec<String>,
}
