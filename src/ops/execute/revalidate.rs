//! Before execute changes anything: the checks that need no lock, and the
//! re-validation under the locks. A plan is executed only when every part of
//! it is what its request derives (else exit 2: it was edited) and the live
//! database still gives the scan's counts and fingerprints (else exit 4).

use std::collections::BTreeMap;

use crate::db::Db;
use crate::db::entities::User;
use crate::db::locks;
use crate::db::record::{self, Status, StatusRecord};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::fingerprints::fingerprint_entities;
use crate::ops::job::Job;
use crate::ops::scan::{Ranges, scan_cutting};
use crate::ops::transfer::{EntityType, Transfer, resolve_request};
use crate::plan::Plan;

/// Checks that need no lock: the plan belongs to this database and registry,
/// is not blocked, was not applied yet, and no interrupted or failed
/// transfer holds its users or departments (execute checks every unfinished
/// one again under its locks).
pub async fn precheck(db: &Db, plan: &Plan) -> Result<()> {
    same_deployment(db, plan)?;
    if plan.registry != db.registry.digest() && plan.registry != db.registry.legacy_digest() {
        return Err(CliError::usage(
            "The plan was scanned with another resource registry (--resources / TETHER_RESOURCES) than this run uses.",
        )
        .with_hint("Execute with the same resource file the scan used, or scan again."));
    }
    if plan.blocked {
        return Err(CliError::new(
            ErrorKind::Blocked,
            format!(
                "The plan is blocked by {} conflict{} found at scan time; execute refuses it.",
                plan.conflicts.len(),
                if plan.conflicts.len() == 1 { "" } else { "s" }
            ),
        )
        .with_hint("Resolve the conflicts listed in the plan, then scan again."));
    }
    if let Some(applied) = applied_by(db, &plan.scan_version).await? {
        return Err(applied);
    }
    // A failed transfer being rolled back is the one unfinished transfer
    // allowed; a live one is left to the locks.
    let undone = crate::ops::rollback::undone(plan).ok();
    crate::ops::unfinished::refuse(db, plan, undone, false).await
}

/// A plan of another deployment is refused (exit 2), naming both.
pub fn same_deployment(db: &Db, plan: &Plan) -> Result<()> {
    if let Some(how) = plan.database.difference(&db.target) {
        return Err(CliError::usage(format!(
            "The plan was scanned on another deployment ({}) than this one ({}): they differ in {how}; it cannot be used here.",
            plan.database, db.target
        ))
        .with_hint("Scan again against this deployment, or choose the profile the plan was scanned on."));
    }
    Ok(())
}

/// The status record of the transfer that executed a plan, if any.
pub async fn record_of_plan(db: &Db, scan_version: &str) -> Result<Option<StatusRecord>> {
    record::of_plan(db, scan_version).await
}

/// The stale error naming the transfer that already used this plan, if any.
pub async fn applied_by(db: &Db, scan_version: &str) -> Result<Option<CliError>> {
    Ok(record_of_plan(db, scan_version).await?.map(|r| {
        let (id, status) = (r.id, r.status);
        let hint = if status == Status::Completed {
            format!("See `tether-transfer status {id}`; scan again for a new transfer.")
        } else {
            format!("Continue it with `tether-transfer execute --resume {id}`.")
        };
        CliError::stale(format!(
            "This plan was already executed by transfer {id} (status {status}); a plan is single-use."
        ))
        .with_hint(hint)
    }))
}

/// Compares the live database with the plan: the entities first, then what
/// the request derives against every other part of the plan, then every
/// kind's count and fingerprint. A drift is a stale plan (exit 4) whose
/// message names each drift and by how much; a part that is not what the
/// request derives is an edited plan (exit 2). Returns the fresh scan and,
/// given `batch`, every selection cut into `_id` ranges of that many documents.
pub async fn revalidate(
    db: &Db,
    plan: &Plan,
    job: &Job,
    operator: &User,
    batch: Option<u32>,
) -> Result<(Plan, Ranges)> {
    if let Job::Rollback { .. } = job {
        return Ok((crate::ops::rollback::revalidate(db, plan).await?, Ranges::new()));
    }
    let mut drift: Vec<String> = Vec::new();
    let keys: Vec<(EntityType, _)> = plan.entities.iter().map(|e| (e.entity, e.id.0)).collect();
    let live = fingerprint_entities(db, &keys).await?;
    let changed: Vec<(&crate::plan::EntityPlan, bool)> = plan
        .entities
        .iter()
        .zip(&live)
        .filter(|(e, now)| **now != e.fingerprint)
        .map(|(e, now)| (e, now == "missing"))
        .collect();
    let deleted = changed.iter().any(|(_, gone)| *gone);
    if !changed.is_empty() {
        drift.extend(super::drift::describe(db, plan, &changed).await?);
    }
    let transfer = match resolve_request(db, &plan.request).await {
        Ok(t) => t,
        // An unfinished transfer in the way is named as such, not as a drift.
        Err(e) if matches!(e.kind, ErrorKind::Unexpected | ErrorKind::Locked) => return Err(e),
        // An entity of the plan is gone, which the drift names already.
        Err(e) if e.kind == ErrorKind::NotFound && deleted => return Err(stale(&drift)),
        Err(e) => {
            drift
                .push(format!("the live database no longer allows this transfer: {}", e.message.trim_end_matches('.')));
            return Err(stale(&drift));
        }
    };
    // With an entity drifted, what the request derives may differ for that
    // reason alone: the drift is what the message names.
    if drift.is_empty() {
        check_derived(db, plan, &transfer)?;
    }
    let (fresh, ranges) =
        db.hooks.profile.timed("revalidate: scan", scan_cutting(db, operator, &transfer, batch)).await?;
    let planned: BTreeMap<&str, &crate::plan::ResourcePlan> =
        plan.resources.iter().map(|r| (r.kind.as_str(), r)).collect();
    let live: BTreeMap<&str, &crate::plan::ResourcePlan> =
        fresh.resources.iter().map(|r| (r.kind.as_str(), r)).collect();
    for (kind, p) in &planned {
        match live.get(kind) {
            None => drift.push(format!("{kind}: no longer part of the transfer")),
            Some(l) if l.count != p.count => {
                let d = l.count as i64 - p.count as i64;
                drift.push(format!("{kind}: {} in the plan, {} now ({d:+})", p.count, l.count));
            }
            Some(l) if l.fingerprint != p.fingerprint || l.action != p.action => drift.push(format!(
                "{kind}: {} in the plan and now, but some changed owner, organization, department or assignee",
                p.count
            )),
            Some(_) => {}
        }
    }
    for kind in live.keys().filter(|k| !planned.contains_key(*k)) {
        drift.push(format!("{kind}: now part of the transfer but not in the plan"));
    }
    for c in &fresh.conflicts {
        drift.push(format!("new blocking conflict [{}]: {}", c.code, c.message));
    }
    if !drift.is_empty() {
        return Err(stale(&drift));
    }
    Ok((fresh, ranges))
}

fn stale(drift: &[String]) -> CliError {
    let said = drift.join("; ");
    CliError::stale(format!(
        "The plan is stale: the live database drifted since the scan: {}.",
        said.trim_end_matches('.')
    ))
    .with_hint("Scan again and review the new plan.")
}

/// Refuses a plan whose summary, entities or resources are not what its
/// request derives: the checksum catches accidents, this catches a plan
/// edited on purpose (its checksum recomputed) to say one thing while its
/// request does another.
pub fn check_derived(db: &Db, plan: &Plan, transfer: &Transfer) -> Result<()> {
    let edited = |part: String| {
        Err(CliError::usage(format!(
            "The plan's {part} is not what its request derives; the plan was changed after the scan."
        ))
        .with_hint("Scan again: execute does only what a plan's request says and refuses a plan whose other parts say otherwise."))
    };
    if transfer.kind() != plan.kind() {
        return edited("kind".into());
    }
    let want = serde_json::to_value(transfer.summary()).expect("summaries serialize");
    let have = serde_json::to_value(&plan.summary).expect("summaries serialize");
    if want != have && without_names(&want) == without_names(&have) {
        // The same people and departments, named differently now: a rename
        // since the scan, which the plan's wording no longer matches.
        let mut renamed = Vec::new();
        renames(&have, &want, "", &mut renamed);
        renamed.dedup();
        // A user's email is in their fingerprint, which matched: a plan
        // whose email differs from the live one was edited, not outrun.
        if let Some((_, edit)) = renamed.iter().find(|(email, _)| *email) {
            return edited(format!("summary ({edit})"));
        }
        let renamed: Vec<String> = renamed.into_iter().map(|(_, r)| r).collect();
        let what = if renamed.is_empty() && without_key(&want, "changes") == without_key(&have, "changes") {
            "the changes its summary lists are worded otherwise now (a name in them changed since the scan, or another version of tether-transfer scanned it)".to_string()
        } else if renamed.is_empty() {
            "a user's, department's or organization's name or email changed since the scan".to_string()
        } else {
            format!("since the scan, {}", renamed.join("; "))
        };
        return Err(
            CliError::stale(format!("The plan is stale: {what}.")).with_hint("Scan again and review the new plan.")
        );
    }
    if want != have {
        let keys: std::collections::BTreeSet<&String> =
            want.as_object().into_iter().chain(have.as_object()).flat_map(|o| o.keys()).collect();
        let key = keys.into_iter().find(|k| want.get(k.as_str()) != have.get(k.as_str()));
        return edited(format!("summary ({})", key.map(String::as_str).unwrap_or("?")));
    }
    if let Some(what) = entities_differ(plan, transfer) {
        return edited(format!("entities ({what})"));
    }
    let steps = transfer.steps(&db.registry);
    let want: Vec<(&str, &str, crate::plan::Action, &str)> = steps
        .iter()
        .map(|s| (s.kind.key.as_str(), s.kind.collection.as_str(), s.change.action(), s.description.as_str()))
        .collect();
    let have: Vec<(&str, &str, crate::plan::Action, &str)> =
        plan.resources.iter().map(|r| (r.kind.as_str(), r.collection.as_str(), r.action, r.change.as_str())).collect();
    if want != have {
        let at = want.iter().zip(&have).position(|(a, b)| a != b).unwrap_or(want.len().min(have.len()));
        let kind = want.get(at).or(have.get(at)).map(|r| r.0).unwrap_or("?");
        return edited(format!("resources ({kind})"));
    }
    Ok(())
}

/// Where the plan's entities are not those its request derives (`3
/// listed, 4 derived; at entry 2: …`); None when they are.
pub fn entities_differ(plan: &Plan, transfer: &Transfer) -> Option<String> {
    let want: Vec<(&str, mongodb::bson::oid::ObjectId, &str)> =
        transfer.entities().into_iter().map(|(e, id, reason)| (e.as_str(), id, reason)).collect();
    let have: Vec<(&str, mongodb::bson::oid::ObjectId, &str)> =
        plan.entities.iter().map(|e| (e.entity.as_str(), e.id.0, e.reason.as_str())).collect();
    if want == have {
        return None;
    }
    let at = want.iter().zip(&have).position(|(a, b)| a != b).unwrap_or(want.len().min(have.len()));
    let what = match (want.get(at), have.get(at)) {
        (Some((e, id, reason)), _) => format!("the request needs the {reason} ({e} {id}) there"),
        (None, Some((e, id, _))) => format!("{e} {id} is not the request's"),
        (None, None) => String::new(),
    };
    Some(format!("{} listed, {} derived; at entry {}: {what}", have.len(), want.len(), at + 1))
}

/// Each name or email that differs between the plan's summary (`then`) and
/// the one derived now, in words: `department "Sales" was renamed "Sales
/// East"`, `sam@x.test's email became sam@y.test`. `parent` is the key that
/// holds the object (`toDepartment`, `users`).
/// Each is (whether it is an email, the words).
fn renames(then: &serde_json::Value, now: &serde_json::Value, parent: &str, out: &mut Vec<(bool, String)>) {
    use crate::review::{clean, quoted};
    use serde_json::Value;
    match (then, now) {
        (Value::Object(a), Value::Object(b)) => {
            let email = a.get("email").and_then(Value::as_str);
            for (k, v) in a {
                let Some(w) = b.get(k) else { continue };
                match (k.as_str(), v.as_str(), w.as_str()) {
                    ("email", Some(x), Some(y)) if x != y => {
                        out.push((
                            true,
                            format!("it says {} where the user, unchanged since the scan, is {}", clean(x), clean(y)),
                        ));
                    }
                    ("name", Some(x), Some(y)) if x != y => {
                        let parent = parent.to_lowercase();
                        out.push((
                            false,
                            match email {
                                Some(e) => format!("{}'s name {} became {}", clean(e), quoted(x), quoted(y)),
                                None if parent.contains("organization") => {
                                    format!("organization {} was renamed {}", quoted(x), quoted(y))
                                }
                                None if parent.contains("department") => {
                                    format!("department {} was renamed {}", quoted(x), quoted(y))
                                }
                                None => format!("{} was renamed {}", quoted(x), quoted(y)),
                            },
                        ));
                    }
                    _ => renames(v, w, k, out),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (v, w) in a.iter().zip(b) {
                renames(v, w, parent, out);
            }
        }
        _ => {}
    }
}

/// A summary without `key` (at its top).
fn without_key(v: &serde_json::Value, key: &str) -> serde_json::Value {
    let mut v = v.clone();
    if let Some(map) = v.as_object_mut() {
        map.remove(key);
    }
    v
}

/// A summary without the names, emails and wording that a rename changes.
fn without_names(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "name" | "email" | "changes"))
                .map(|(k, v)| (k.clone(), without_names(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => serde_json::Value::Array(items.iter().map(without_names).collect()),
        other => other.clone(),
    }
}

/// The lock keys of every user and department a plan touches.
pub fn subjects(plan: &Plan) -> Vec<String> {
    let mut keys: Vec<String> = plan
        .entities
        .iter()
        .filter(|e| e.entity != EntityType::Organization)
        .map(|e| locks::key(e.entity.as_str(), e.id.0))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}
