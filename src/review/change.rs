//! A kind's change as a person reads it in a plan of several assignments.
//!
//! The plan words a change once for every user (`departmentId := the user's
//! target department`), and its request is what execute checks those words
//! against, so the words stay. Where they say "the user's target
//! department" or "the user's re-assignee", the tables name each one, from
//! the plan's assignments: the plan file itself is unchanged.

use super::{clean, quoted};
use crate::plan::{AssignmentSummary, Plan};

/// How many groups (a department and its users, a re-assignee and whom
/// they take over from) a change names before "and N more".
const GROUPS: usize = 6;
/// How many users one group names before "and N more".
const USERS: usize = 3;

const TARGET: &str = "the user's target department";
const REASSIGNEES: [&str; 2] = ["the user's re-assignee", "their re-assignee"];

/// `change` with each target department and re-assignee named, in a plan
/// of several assignments; as it is otherwise.
pub fn named(plan: &Plan, change: &str) -> String {
    let all = &plan.summary.assignments;
    if all.len() < 2 {
        return change.to_string();
    }
    // Only users who leave a department have documents that follow or stay.
    let leavers: Vec<&AssignmentSummary> = all.iter().filter(|a| a.from_department.is_some()).collect();
    let followers: Vec<(String, String)> = leavers
        .iter()
        .filter(|a| a.reassignee.is_none())
        .map(|a| (quoted(&a.to_department.name), clean(&a.user.email)))
        .collect();
    let takers: Vec<(String, String)> =
        leavers.iter().filter_map(|a| a.reassignee.as_ref().map(|x| (clean(&x.email), clean(&a.user.email)))).collect();
    let mut out = change.to_string();
    if !followers.is_empty() {
        out = after_first(&out, TARGET, &groups(&followers));
    }
    if !takers.is_empty()
        && let Some(phrase) = REASSIGNEES.iter().filter(|p| out.contains(**p)).min_by_key(|p| out.find(**p))
    {
        out = after_first(&out, phrase, &groups(&takers));
    }
    out
}

/// `phrase (list)` in place of the first `phrase`.
fn after_first(text: &str, phrase: &str, list: &str) -> String {
    match text.find(phrase) {
        Some(at) => {
            let end = at + phrase.len();
            format!("{} ({list}){}", &text[..end], &text[end..])
        }
        None => text.to_string(),
    }
}

/// `"Sales" for a@x, b@x; "Support" for c@x`: each value with the users it
/// is for, in the order of the assignments, bounded.
fn groups(pairs: &[(String, String)]) -> String {
    let mut order: Vec<(&str, Vec<&str>)> = Vec::new();
    for (value, user) in pairs {
        match order.iter_mut().find(|(v, _)| v == value) {
            Some((_, users)) => users.push(user),
            None => order.push((value, vec![user])),
        }
    }
    let mut parts: Vec<String> = order
        .iter()
        .take(GROUPS)
        .map(|(value, users)| {
            let mut who = users.iter().take(USERS).copied().collect::<Vec<_>>().join(", ");
            if users.len() > USERS {
                who.push_str(&format!(" and {} more", users.len() - USERS));
            }
            format!("{value} for {who}")
        })
        .collect();
    if order.len() > GROUPS {
        parts.push(format!("and {} more", order.len() - GROUPS));
    }
    parts.join("; ")
}
