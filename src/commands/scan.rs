use comfy_table::CellAlignment;

use super::ask;
use crate::cli::{GlobalArgs, ScanCommand, ScanDepartmentArgs, ScanRollbackArgs};
use crate::error::{Because, CliError, ErrorKind, Result};
use crate::ops::assignments;
use crate::ops::auth::{self, Need};
use crate::ops::scan::{PerUser, scan};
use crate::ops::transfer::{self, AssignmentInput, BulkInput, DepartmentInput, MayAct, OrgInput, Origin, Transfer};
use crate::output::Printer;
use crate::plan::{Plan, PlanKind};
use serde_json::json;

pub async fn run(g: &GlobalArgs, printer: &Printer, command: ScanCommand) -> Result<()> {
    // Flags left out are asked for on a terminal; elsewhere they are a
    // usage error, before anything connects.
    let missing = match &command {
        ScanCommand::Org(a) => ask::missing_org(a),
        ScanCommand::Department(a) => ask::missing_department(a),
        ScanCommand::Rollback(_) => Vec::new(),
    };
    if !missing.is_empty() && !printer.interactive {
        return Err(ask::refuse(&missing, g, printer));
    }
    let out = match &command {
        ScanCommand::Org(a) => a.out.as_deref(),
        ScanCommand::Department(a) => a.out.as_deref(),
        ScanCommand::Rollback(a) => Some(a.out.as_path()),
    };
    if let Some(out) = out {
        crate::plan::check_destination(out)?;
    }
    super::with_db(g, async |db| scan_with(db, g, printer, command).await).await
}

async fn scan_with(db: &crate::db::Db, g: &GlobalArgs, printer: &Printer, command: ScanCommand) -> Result<()> {
    let operator = db.hooks.profile.timed("operator", auth::operator(db, g.operator.as_deref())).await?;
    let (transfer, out) = match command {
        ScanCommand::Rollback(a) => return rollback(db, printer, &operator, &a).await,
        ScanCommand::Org(mut a) => {
            auth::authorize(&operator, Need::Superadmin, "transfer users between organizations")?;
            if !ask::missing_org(&a).is_empty() {
                ask::scan_org(db, printer, g, &mut a).await?;
            }
            let (Some(user), Some(to_org), Some(role), Some(reassignee), Some(out)) =
                (a.user.as_deref(), a.to_org.as_deref(), a.role, a.reassignee.as_deref(), a.out.clone())
            else {
                return Err(ask::refuse(&ask::missing_org(&a), g, printer));
            };
            let remaps = a.agent_remap.iter().map(|s| transfer::parse_remap(s)).collect::<Result<Vec<_>>>()?;
            let input = OrgInput {
                user,
                to_org,
                role: role.into(),
                reassignee,
                to_department: a.to_department.as_deref(),
                remaps,
            };
            (Transfer::Org(db.hooks.profile.timed("resolve", transfer::resolve_org(db, input)).await?), out)
        }
        ScanCommand::Department(mut a) => {
            // Authorized as soon as the organization is known, before
            // anything else of it is read or named in a message.
            let may_act: MayAct = {
                let operator = operator.clone();
                Box::new(move |org| {
                    auth::authorize(
                        &operator,
                        Need::AdminOf(org),
                        "transfer users between departments of this organization",
                    )
                })
            };
            if !ask::missing_department(&a).is_empty() {
                ask::scan_department(db, printer, g, &operator, &mut a).await?;
            }
            let missing = ask::missing_department(&a);
            let Some(out) = a.out.clone().filter(|_| missing.is_empty()) else {
                return Err(ask::refuse(&missing, g, printer));
            };
            (department(db, &a, may_act).await?, out)
        }
    };
    printer.status(&format!("Scanning {} ...", db.target));
    let (mut plan, per_user) = db.hooks.profile.timed("scan", scan(db, &operator, &transfer)).await?;
    plan.operator_identity = operator.identity.clone();
    db.hooks.profile.timed("save", async { plan.save(&out) }).await?;
    if printer.json && plan.kind() == PlanKind::Org {
        printer.data(&plan.to_json());
    } else if printer.json {
        printer.json(&scan_response(&plan, &per_user, &out));
    } else {
        render(printer, &plan, &transfer::named_remaps(db, &plan).await);
    }
    // Also on stderr, where it is seen whatever the output format.
    for w in plan.warnings.iter().filter(|w| w.code == crate::plan::Code::UnfinishedTransfer) {
        printer.warn(&w.message);
    }
    approvals_needed(db, printer, &plan, &out).await?;
    finish(printer, &plan, &out)
}

/// Says when the policy asks for approvals before execute.
async fn approvals_needed(db: &crate::db::Db, printer: &Printer, plan: &Plan, out: &std::path::Path) -> Result<()> {
    let job = crate::ops::job::Job::of(plan)?;
    let n = crate::db::approvals::policy(db).await?.needed(job.is_org());
    if n > 0 && !plan.blocked {
        printer.status(&format!(
            "The approval policy asks for {n} approval{} of this plan by someone other than you before execute: tether-transfer approve {}",
            if n == 1 { "" } else { "s" },
            out.display()
        ));
    }
    Ok(())
}

/// `scan rollback <ID>`: the reversal plan of one transfer.
async fn rollback(
    db: &crate::db::Db,
    printer: &Printer,
    operator: &auth::Operator,
    a: &ScanRollbackArgs,
) -> Result<()> {
    let id = crate::ops::status::parse_id(&a.transfer_id)?;
    let record = crate::ops::status::get(db, id).await?;
    crate::ops::status::authorize(operator, &record)?;
    printer.status(&format!("Scanning the rollback of transfer {id} on {} ...", db.target));
    let mut plan = crate::ops::rollback::scan(db, operator, id).await?;
    plan.operator_identity = operator.identity.clone();
    plan.save(&a.out)?;
    if printer.json {
        printer.data(&plan.to_json());
    } else {
        render(printer, &plan, &[]);
    }
    approvals_needed(db, printer, &plan, &a.out).await?;
    finish(printer, &plan, &a.out)
}

/// The plan is written: says where, and refuses a blocked one (exit 3).
fn finish(printer: &Printer, plan: &Plan, out: &std::path::Path) -> Result<()> {
    printer.status(&format!("Plan written to {} (scanVersion {}).", out.display(), plan.scan_version));
    if plan.blocked {
        return Err(CliError::new(
            ErrorKind::Blocked,
            format!(
                "The scan found {} blocking conflict{}; the plan is marked blocked and execute will refuse it.",
                plan.conflicts.len(),
                if plan.conflicts.len() == 1 { "" } else { "s" }
            ),
        )
        .with_hint("Resolve the conflicts listed above, then scan again."));
    }
    printer.status(&format!("Review it, then run: tether-transfer execute {}", out.display()));
    Ok(())
}

/// The seed's scan summary keys and the plan kinds each adds up.
const SEED_SUMMARY: [(&str, &[&str]); 5] = [
    ("prompts", &["promptCount"]),
    ("automations", &["automations"]),
    ("conversations", &["conversations", "assigneeConversations"]),
    ("approvalPolicies", &["approvalPolicies"]),
    ("contacts", &["contacts"]),
];

/// `scan department --json`: the seed's `ScanResultResponse` (`scanVersion`,
/// `summary` with its counts in total and per user, `conflicts`), plus the
/// warnings, whether the plan is blocked, the plan file and its resources.
fn scan_response(plan: &Plan, per_user: &PerUser, out: &std::path::Path) -> serde_json::Value {
    let total = |kinds: &[&str]| -> u64 {
        plan.resources.iter().filter(|r| kinds.contains(&r.kind.as_str())).map(|r| r.count).sum()
    };
    let mut summary = serde_json::Map::new();
    for (key, kinds) in SEED_SUMMARY {
        summary.insert(key.into(), json!(total(kinds)));
    }
    let users: Vec<serde_json::Value> = plan
        .summary
        .users
        .iter()
        .map(|u| {
            let mut v = serde_json::Map::new();
            v.insert("userId".into(), json!(u.id));
            v.insert("email".into(), json!(u.email));
            for (key, kinds) in SEED_SUMMARY {
                let n: u64 = kinds.iter().filter_map(|k| per_user.get(*k)?.get(&u.id.0)).sum();
                v.insert(key.into(), json!(n));
            }
            serde_json::Value::Object(v)
        })
        .collect();
    summary.insert("users".into(), json!(users));
    json!({
        "scanVersion": plan.scan_version,
        "summary": summary,
        "conflicts": plan.conflicts,
        "warnings": plan.warnings,
        "blocked": plan.blocked,
        "plan": out.display().to_string(),
        "kind": plan.kind(),
        "resources": plan.resources,
    })
}

/// Resolves `scan department`: one user, a bulk move, or an assignments file.
async fn department(db: &crate::db::Db, a: &ScanDepartmentArgs, may_act: MayAct) -> Result<Transfer> {
    let delete = a.delete_source.as_deref().map(str::trim);
    let named = |what: &str| match delete {
        Some("") => Err(CliError::usage(format!(
            "--delete-source needs the department to delete when moving {what}; only a bulk move (--from) deletes its source without one."
        ))),
        other => Ok(other.map(str::to_string)),
    };
    match (&a.user, &a.from, &a.assignments) {
        (Some(user), None, None) => {
            let one = AssignmentInput {
                origin: Origin::Flags,
                user: user.clone(),
                target: a.to.clone().unwrap_or_default(),
                role: a.role.map(Into::into),
                reassignee: a.reassignee.clone(),
            };
            let input = DepartmentInput {
                assignments: vec![one],
                mistakes: Default::default(),
                delete_source: named("one user")?,
                may_act,
            };
            Ok(Transfer::Department(transfer::resolve_department(db, input).await?))
        }
        (None, Some(from), None) => {
            if delete.is_some_and(|d| !d.is_empty() && d != from.trim()) {
                return Err(CliError::usage(
                    "In a bulk move, --delete-source deletes the source department (--from); give it no value.",
                ));
            }
            let to = a.to.as_deref().unwrap_or_default();
            let input = BulkInput { from, to, delete_source: delete.is_some(), may_act };
            Ok(Transfer::Bulk(transfer::resolve_bulk(db, input).await?))
        }
        (None, None, Some(file)) => {
            let text = read_input(file).await?;
            let parsed = assignments::parse(if file == "-" { "standard input" } else { file }, &text)?;
            let delete_source = match (named("users from a file")?, parsed.delete_source) {
                (Some(flag), Some(inside)) if flag != inside => {
                    return Err(CliError::usage(format!(
                        "--delete-source {flag} and the file's deleteSourceDepartmentId {inside} disagree; give one."
                    )));
                }
                (flag, inside) => flag.or(inside),
            };
            let input = DepartmentInput { assignments: parsed.rows, mistakes: parsed.mistakes, delete_source, may_act };
            Ok(Transfer::Department(transfer::resolve_department(db, input).await?))
        }
        _ => unreachable!("clap allows one of --user, --from and --assignments; `ask` requires one"),
    }
}

/// A file's text, or standard input's for `-`.
async fn read_input(file: &str) -> Result<String> {
    if file == "-" {
        return tokio::task::spawn_blocking(|| std::io::read_to_string(std::io::stdin()))
            .await
            .or_unexpected(|e| format!("Cannot read standard input: {e}."))?
            .or_usage(|e| format!("Cannot read the assignments from standard input: {e}."));
    }
    std::fs::read_to_string(file).or_usage(|e| format!("Cannot read the assignments file {file}: {e}."))
}

/// The human summary: who goes where, then per kind what happens and how many.
/// The plan for a person; `remaps`: its agent remaps, named (`named_remaps`).
pub fn render(printer: &Printer, plan: &Plan, remaps: &[String]) {
    let s = &plan.summary;
    let mut head = String::new();
    let who = if s.users.len() == 1 { s.users[0].email.clone() } else { format!("{} users", s.users.len()) };
    let from = match &s.from_department {
        Some(d) => format!("\"{}\" / \"{}\"", s.from_organization.name, d.name),
        None => format!("\"{}\"", s.from_organization.name),
    };
    let to = match &s.to_department {
        Some(d) => format!("\"{}\" / \"{}\"", s.to_organization.name, d.name),
        None => format!("\"{}\"", s.to_organization.name),
    };
    if let Some(of) = &s.rollback_of {
        head.push_str(&format!(
            "{} transfer {} ({}, {}): {who} back from {from} to {to}\n",
            printer.bold("Roll back"),
            of.transfer_id,
            serde_json::to_value(of.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            of.status
        ));
    } else if s.assignments.len() > 1 {
        let within = format!("\"{}\"", s.from_organization.name);
        head.push_str(&format!("{} {who} within {within}, each as their assignment says:\n", printer.bold("Transfer")));
    } else {
        head.push_str(&format!("{} {who}: {from} -> {to}\n", printer.bold("Transfer")));
    }
    if let Some(x) = &s.reassignee {
        head.push_str(&format!("Re-assignee: {} ({})\n", x.email, x.id));
    }
    if !remaps.is_empty() {
        head.push_str(&format!("Agent remaps: {}\n", remaps.join(", ")));
    }
    for c in &s.changes {
        head.push_str(&format!("  - {c}\n"));
    }
    printer.data(&head);
    let mut table = printer.table(&["Resource", "Collection", "Action", "Count", "Change"]);
    for r in &plan.resources {
        table.add_row(vec![
            r.kind.clone(),
            r.collection.clone(),
            serde_json::to_value(r.action).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            r.count.to_string(),
            match &r.changed_since {
                Some(c) => format!("{} ({} changed since: kept)", r.change, c.count),
                None => crate::review::change::named(plan, &r.change),
            },
        ]);
    }
    if let Some(c) = table.column_mut(3) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    printer.data(&table.to_string());
    let mut tail = format!("{} documents in {} kinds.\n", plan.total(), plan.resources.len());
    for c in &plan.conflicts {
        tail.push_str(&format!("{} [{}] {}\n", printer.paint("BLOCKING", "31;1"), c.code, c.message));
    }
    for w in &plan.warnings {
        tail.push_str(&format!("{} [{}] {}\n", printer.paint("warning", "33"), w.code, w.message));
    }
    printer.data(&tail);
}
