//! `show --format json`: one document a script reads (docs/review.md, "show"):
//! the plan as its file holds it, under `plan`, and beside it what `show`
//! computes from it.

use serde::Serialize;

use super::Review;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown {
    /// The plan file as the command line named it.
    pub file: String,
    /// now − scannedAt in seconds; negative for a plan from the future;
    /// null when scannedAt is not an RFC 3339 time.
    pub age_seconds: Option<i64>,
    /// The same in words: `3 h 12 min ago`.
    pub age: String,
    pub from_the_future: bool,
    /// The sum of every kind's count.
    pub total_documents: u64,
    pub kind_count: usize,
    pub user_count: usize,
    pub conflict_count: usize,
    pub warning_count: usize,
    pub blocked: bool,
    /// The approvals copied into the file by `approve` (never trusted).
    pub approvals_in_file: usize,
    /// Where the approvals that count are.
    pub approvals_note: String,
    /// The plan file's content, checksum and approvals included.
    pub plan: serde_json::Value,
}

pub fn show(r: &Review) -> Shown {
    let p = r.plan;
    Shown {
        file: r.path.clone(),
        age_seconds: r.age,
        age: super::age::words(r.age),
        from_the_future: r.age.is_some_and(|a| a < 0),
        total_documents: p.total(),
        kind_count: p.resources.len(),
        user_count: p.summary.users.len(),
        conflict_count: p.conflicts.len(),
        warning_count: p.warnings.len(),
        blocked: p.blocked,
        approvals_in_file: p.approvals.len(),
        approvals_note: r.approvals_note(),
        plan: serde_json::to_value(p).expect("plans serialize"),
    }
}
