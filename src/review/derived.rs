//! Where a plan disagrees with what its request derives, as far as that
//! can be told without a database (`show` is offline): the summary's ids
//! against the request's, the entities execute fingerprints, each kind's
//! action and words (under the registry the plan was scanned with), and the
//! words of what happens to the users and departments. Execute checks the
//! same against the live database (`ops::execute::check_derived`); `show`
//! says it of a plan edited by hand, resealed or not.

use crate::db::entities::Department;
use crate::ops::transfer::{Transfer, from_plan};
use crate::plan::{Plan, Request};
use crate::registry::Registry;

/// The first part of `plan` that is not what its request derives, in
/// words; None when every part that can be checked offline agrees.
pub fn disagreement(plan: &Plan, registry: &Registry) -> Option<String> {
    if plan.kind().is_rollback() {
        // A rollback's parts come from the undo log, not from its request.
        return None;
    }
    let mut transfer = match from_plan(plan) {
        Ok(t) => t,
        // "The plan's summary disagrees with its request (users)."
        Err(e) => {
            let part = e.message.strip_prefix("The plan's summary disagrees with its request (");
            return Some(match part.and_then(|p| p.strip_suffix(").")) {
                Some(what) => format!("its summary and its request disagree on {what}"),
                None => e.message.trim_end_matches('.').to_string(),
            });
        }
    };
    // The departments an organization transfer's user leaves are listed
    // among the entities and named in the changes' words only.
    if let Transfer::Org(t) = &mut transfer {
        let names = super::departments_left(plan);
        t.leaves = plan
            .entities
            .iter()
            .filter(|e| e.reason == "department left")
            .map(|e| Department {
                id: e.id.0,
                organization_id: Some(t.source.id),
                name: names.iter().find(|(id, _)| *id == e.id).map(|(_, n)| n.clone()).unwrap_or_default(),
                managers: Vec::new(),
                members: Vec::new(),
                unusable: Vec::new(),
                string_ids: Vec::new(),
            })
            .collect();
    }
    if let Some(what) = crate::ops::execute::entities_differ(plan, &transfer) {
        return Some(format!("its entities differ from the request's ({what})"));
    }
    if plan.registry == registry.digest() || plan.registry == registry.legacy_digest() {
        let steps = transfer.steps(registry);
        for (i, step) in steps.iter().enumerate() {
            let Some(r) = plan.resources.get(i) else {
                return Some(format!("its resources lack {}, which the request derives", step.kind.key));
            };
            if r.kind != step.kind.key || r.collection != step.kind.collection {
                return Some(format!(
                    "its resources list {} ({}) where the request derives {} ({})",
                    r.kind, r.collection, step.kind.key, step.kind.collection
                ));
            }
            if r.action != step.change.action() {
                return Some(format!(
                    "its resources' {} has the action {} where the request derives {}",
                    r.kind,
                    super::model::action_code(r.action),
                    super::model::action_code(step.change.action())
                ));
            }
            if r.change != step.description {
                return Some(format!(
                    "its resources' {} says \"{}\" where its request (with the summary's names) derives \"{}\"",
                    r.kind,
                    super::clean(&r.change),
                    super::clean(&step.description)
                ));
            }
        }
        if let Some(extra) = plan.resources.get(steps.len()) {
            return Some(format!("its resources list {}, which the request does not derive", extra.kind));
        }
    }
    // A bulk move's words say each user's position, which the plan does not record.
    if !matches!(plan.request, Request::DepartmentBulk(_)) {
        let want = transfer.subject_changes();
        let have = &plan.summary.changes;
        if let Some(at) = (0..want.len().max(have.len())).find(|i| want.get(*i) != have.get(*i)) {
            return Some(match (have.get(at), want.get(at)) {
                (Some(h), Some(w)) => format!(
                    "its summary's change {} says \"{}\" where its request (with the summary's names) derives \"{}\"",
                    at + 1,
                    super::clean(h),
                    super::clean(w)
                ),
                (Some(h), None) => {
                    format!("its summary's change {} (\"{}\") is not the request's", at + 1, super::clean(h))
                }
                (None, Some(w)) => format!("its summary lacks the change \"{}\"", super::clean(w)),
                (None, None) => unreachable!("found where they differ"),
            });
        }
    }
    None
}
