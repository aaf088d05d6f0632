use comfy_table::CellAlignment;

use crate::cli::{GlobalArgs, ScanCommand};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::auth::{self, Need};
use crate::ops::scan::scan;
use crate::ops::transfer::{self, BulkInput, DepartmentInput, OrgInput, Transfer};
use crate::output::Printer;
use crate::plan::Plan;

use super::Exit;

pub async fn run(g: &GlobalArgs, printer: &Printer, command: ScanCommand) -> Result<Exit> {
    let db = crate::profile::timed("connect", super::connect(g)).await?;
    let operator = crate::profile::timed("operator", auth::operator(&db, g.operator.as_deref())).await?;
    let (transfer, out) = match command {
        ScanCommand::Org(a) => {
            auth::authorize(&operator, Need::Superadmin, "transfer users between organizations")?;
            let remaps = a.agent_remap.iter().map(|s| transfer::parse_remap(s)).collect::<Result<Vec<_>>>()?;
            let input = OrgInput {
                user: &a.user,
                to_org: &a.to_org,
                role: a.role.into(),
                reassignee: &a.reassignee,
                to_department: a.to_department.as_deref(),
                remaps,
            };
            (Transfer::Org(crate::profile::timed("resolve", transfer::resolve_org(&db, input)).await?), a.out)
        }
        ScanCommand::Department(a) => {
            let t = match (&a.user, &a.from) {
                (Some(user), None) => Transfer::Department(
                    transfer::resolve_department(
                        &db,
                        DepartmentInput {
                            user,
                            to: &a.to,
                            role: a.role.map(Into::into),
                            reassignee: a.reassignee.as_deref(),
                        },
                    )
                    .await?,
                ),
                (None, Some(from)) => Transfer::Bulk(
                    transfer::resolve_bulk(&db, BulkInput { from, to: &a.to, delete_source: a.delete_source }).await?,
                ),
                _ => unreachable!("clap requires exactly one of --user and --from"),
            };
            auth::authorize(
                &operator,
                Need::AdminOf(t.organization().id),
                "transfer users between departments of this organization",
            )?;
            (t, a.out)
        }
    };
    printer.status(&format!("Scanning {} ...", db.target));
    let plan = crate::profile::timed("scan", scan(&db, &operator, &transfer)).await?;
    crate::profile::timed("save", async { plan.save(&out) }).await?;
    if printer.json {
        printer.data(&plan.to_json());
    } else {
        render(printer, &plan);
    }
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
    Ok(0)
}

/// The human summary: who goes where, then per kind what happens and how many.
pub fn render(printer: &Printer, plan: &Plan) {
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
    head.push_str(&format!("{} {who}: {from} -> {to}\n", printer.bold("Transfer")));
    if let Some(x) = &s.reassignee {
        head.push_str(&format!("Re-assignee: {} ({})\n", x.email, x.id));
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
            r.change.clone(),
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
