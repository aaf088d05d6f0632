//! The approvals' copies in a plan file: written into the file's JSON as it
//! is, so that nothing else in the file changes (a plan written by an
//! earlier version, re-serialized, could gain a field and so another
//! checksum, losing the approvals given to it).

use std::path::Path;

use super::{ApprovalNote, checksum_of};
use crate::error::{Because, CliError, Result};

/// Replaces the file's `approvals` with `notes` (none: the key goes),
/// after checking that its checksum still matches.
pub fn write(path: &Path, notes: &[ApprovalNote]) -> Result<()> {
    let text =
        std::fs::read_to_string(path).or_usage(|e| format!("Cannot read the plan file {}: {e}.", path.display()))?;
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .or_usage(|e| format!("The plan file {} is no longer JSON: {e}.", path.display()))?;
    let Some(object) = value.as_object_mut() else {
        return Err(CliError::usage(format!("The plan file {} is no longer a plan.", path.display())));
    };
    if notes.is_empty() {
        object.remove("approvals");
    } else {
        object.insert("approvals".into(), serde_json::to_value(notes).expect("approvals serialize"));
    }
    let recorded = value.get("checksum").and_then(|v| v.as_str()).unwrap_or("").to_string();
    if recorded != checksum_of(&value) {
        return Err(CliError::usage(format!(
            "The plan file {} changed since it was read; its approval copies were not written.",
            path.display()
        )));
    }
    let mut out = serde_json::to_string_pretty(&value).expect("JSON serializes");
    out.push('\n');
    super::write_atomically(path, &out)
}
