use std::io::IsTerminal;
use std::time::Duration;

use serde_json::Value;

use crate::cli::{GlobalArgs, StatusArgs};
use crate::db::Db;
use crate::db::entities::User;
use crate::db::record::{Status, StatusRecord};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::auth;
use crate::ops::status::{self, Scope};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, args: StatusArgs) -> Result<()> {
    super::with_db(g, async |db| status_with(db, g, printer, &args).await).await
}

async fn status_with(db: &Db, g: &GlobalArgs, printer: &Printer, args: &StatusArgs) -> Result<()> {
    let operator = auth::operator(db, g.operator.as_deref()).await?;
    let Some(id) = &args.transfer_id else {
        return list(db, printer, &operator, args.limit).await;
    };
    let id = status::parse_id(id)?;
    if args.until_done && !(args.watch || args.wait) {
        return Err(CliError::usage("--until-done goes with --watch or --wait."));
    }
    let record = status::get(db, id).await?;
    status::authorize(&operator, &record)?;
    if !(args.watch || args.wait) {
        show(printer, &record, args.all);
        return Ok(());
    }
    // --watch redraws; --wait only waits. Both end with the transfer.
    let redraw = args.watch && !printer.json && std::io::stdout().is_terminal();
    let mut last = String::new();
    let mut drawn_lines = 0usize;
    let mut record = record;
    // What was last said of a transfer waiting for a resume (said once).
    let mut waiting_said = false;
    loop {
        let v = status::to_json(&record);
        if args.watch {
            let text = render_text(printer, &v, args.all);
            if redraw {
                if drawn_lines > 0 {
                    print!("\x1b[{drawn_lines}A\x1b[J");
                }
                drawn_lines = text.lines().count();
                printer.data(&text);
            } else if text != last && !printer.json {
                printer.data(&text);
            }
            last = text;
        }
        if args.until_done && record.status == Status::Failed && record.rolled_back_by.is_none() {
            if !waiting_said {
                printer.status(&format!(
                    "Transfer {id} failed part-way ({}); waiting for someone to resume it: tether-transfer execute --resume {id}",
                    record.error.as_deref().unwrap_or("no error recorded").trim_end_matches('.')
                ));
                waiting_said = true;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            record = status::get(db, id).await?;
            continue;
        }
        if !record.status.unfinished() {
            if printer.json {
                printer.json(&v);
            } else if args.wait && !args.watch {
                show(printer, &record, args.all);
            }
            return match record.status {
                Status::Completed => Ok(()),
                _ => Err(CliError::new(
                    ErrorKind::Failed,
                    format!("Transfer {id} failed: {}", record.error.as_deref().unwrap_or("(no error recorded)")),
                )
                .with_hint(format!("Resume it: tether-transfer execute --resume {id}"))),
            };
        }
        if !status::has_live_holder(db, id).await? {
            // Give a starting or resuming process a moment to take its locks.
            tokio::time::sleep(Duration::from_secs(2)).await;
            record = status::get(db, id).await?;
            if record.status.unfinished() && !status::has_live_holder(db, id).await? && args.until_done {
                if !waiting_said {
                    printer.status(&format!(
                        "Transfer {id} is interrupted (no process is working on it); waiting for someone to resume it: tether-transfer execute --resume {id}"
                    ));
                    waiting_said = true;
                }
                continue;
            }
            if record.status.unfinished() && !status::has_live_holder(db, id).await? {
                return Err(CliError::new(
                    ErrorKind::Failed,
                    format!(
                        "Transfer {id} is in progress but no process is working on it (it was interrupted or crashed)."
                    ),
                )
                .with_hint(format!("Resume it: tether-transfer execute --resume {id}")));
            }
            continue;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        record = status::get(db, id).await?;
    }
}

async fn list(db: &Db, printer: &Printer, operator: &User, limit: i64) -> Result<()> {
    let listing = status::list(db, operator, limit).await?;
    for why in &listing.unreadable {
        printer.warn(&format!("{} It is left out of this list.", why));
    }
    if printer.json {
        printer.json(&listing.records.iter().map(status::to_json).collect::<Vec<Value>>());
        return Ok(());
    }
    if listing.records.is_empty() {
        printer.status(&match &listing.scope {
            Scope::All => "No transfers yet.".to_string(),
            Scope::DepartmentTransfersOf(org) => format!(
                "No department transfers of {} yet (organization transfers are shown to superadmins only).",
                org.name
            ),
        });
        return Ok(());
    }
    let mut table = printer.table(&["Transfer", "Action", "Status", "Users", "Started", "Progress"]);
    for r in &listing.records {
        table.add_row(vec![
            r.id.to_hex(),
            r.action.short().to_string(),
            if r.paused { format!("{} (paused)", r.status) } else { r.status.to_string() },
            r.users.join(", "),
            status::timestamp(r.started_at),
            format!("{}/{}", r.progress.processed.0, r.progress.total.0),
        ]);
    }
    printer.data(&table.to_string());
    Ok(())
}

fn show(printer: &Printer, record: &StatusRecord, all: bool) {
    let v = status::to_json(record);
    if printer.json {
        printer.json(&v);
    } else {
        render_one(printer, &v, all);
    }
}

/// One transfer: its record, then per kind what moved (`all`: the kinds
/// with nothing to move too).
pub fn render_one(printer: &Printer, v: &Value, all: bool) {
    printer.data(&render_text(printer, v, all));
}

fn render_text(printer: &Printer, v: &Value, all: bool) -> String {
    let s = |k: &str| v[k].as_str().unwrap_or("-").to_string();
    let processed = v["progress"]["processed"].as_u64().unwrap_or(0);
    let total = v["progress"]["total"].as_u64().unwrap_or(0);
    let pct = if total == 0 { 100.0 } else { processed as f64 * 100.0 / total as f64 };
    let mut head = printer.table(&["Transfer", &s("transferId")]);
    let users = v["users"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u.as_str()).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let state = if v["paused"] == true { format!("{} (paused)", s("status")) } else { s("status") };
    head.add_row(vec!["status".to_string(), state]);
    if let Some(at) = v["pausedAt"].as_str() {
        head.add_row(vec![
            "pausedAt".to_string(),
            format!("{at} (`tether-transfer continue {}` goes on)", s("transferId")),
        ]);
    }
    head.add_row(vec!["action".to_string(), s("action")]);
    head.add_row(vec!["users".to_string(), users]);
    let identity = v["operatorIdentity"]["established"].as_str().unwrap_or("declared");
    let identity = match v["operatorIdentity"]["databaseUser"].as_str() {
        Some(u) => format!("{identity} as database user {u}"),
        None => identity.to_string(),
    };
    head.add_row(vec![
        "operator".to_string(),
        format!("{} ({identity})", v["operator"]["email"].as_str().unwrap_or("-")),
    ]);
    let approvals: Vec<String> = v["approvals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            let how = a["identity"]["established"].as_str().unwrap_or("declared");
            format!(
                "{} ({how}, {})",
                a["approver"]["email"].as_str().unwrap_or("-"),
                a["approvedAt"].as_str().unwrap_or("-")
            )
        })
        .collect();
    let resumes: Vec<String> = v["resumes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|run| {
            let how = run["operatorIdentity"]["established"].as_str().unwrap_or("declared");
            let how = match run["operatorIdentity"]["databaseUser"].as_str() {
                Some(u) => format!("{how} as database user {u}"),
                None => how.to_string(),
            };
            format!(
                "{} ({how}) at {}",
                run["operator"]["email"].as_str().unwrap_or("-"),
                run["at"].as_str().unwrap_or("-")
            )
        })
        .collect();
    if !resumes.is_empty() {
        head.add_row(vec!["resumed by".to_string(), resumes.join("\n")]);
    }
    head.add_row(vec![
        "approvals".to_string(),
        if approvals.is_empty() { "none".to_string() } else { approvals.join("\n") },
    ]);
    head.add_row(vec!["startedAt".to_string(), s("startedAt")]);
    head.add_row(vec!["completedAt".to_string(), s("completedAt")]);
    head.add_row(vec!["progress".to_string(), format!("{processed}/{total} ({pct:.1}%)")]);
    head.add_row(vec!["scanVersion".to_string(), s("scanVersion")]);
    if let Some(e) = v["error"].as_str() {
        head.add_row(vec!["error".to_string(), e.to_string()]);
    }
    if let Some(w) = v["waiting"].as_str() {
        head.add_row(vec!["waiting".to_string(), w.to_string()]);
    }
    if let Some(of) = v["rollbackOf"].as_str() {
        head.add_row(vec!["rollbackOf".to_string(), format!("{of} (this transfer undoes it)")]);
    }
    if let Some(short) = v["notRestored"].as_object() {
        let n: u64 = short.values().filter_map(Value::as_u64).sum();
        let kinds: Vec<String> = short.iter().map(|(k, n)| format!("{k} {n}")).collect();
        head.add_row(vec!["notRestored".to_string(), format!("{n} not put back ({})", kinds.join(", "))]);
    }
    if let Some(unplaced) = v["notApplied"].as_object() {
        let kinds: Vec<String> = unplaced.iter().map(|(k, n)| format!("{k} {n}")).collect();
        head.add_row(vec!["notApplied".to_string(), format!("not where the plan puts them: {}", kinds.join(", "))]);
    }
    if let Some(by) = v["rolledBackBy"].as_str() {
        head.add_row(vec!["rolledBackBy".to_string(), format!("{by} (its changes are undone by that rollback)")]);
    }
    let mut kinds = printer.table(&["Resource", "Processed", "Planned", "Swept"]);
    let mut hidden = 0;
    if let Some(map) = v["progress"]["kinds"].as_object() {
        for (k, p) in map {
            let swept = v["swept"][k].as_u64().unwrap_or(0);
            if !all && p["processed"].as_u64() == Some(0) && p["total"].as_u64() == Some(0) && swept == 0 {
                hidden += 1;
                continue;
            }
            kinds.add_row(vec![
                k.clone(),
                p["processed"].to_string(),
                p["total"].to_string(),
                v["swept"][k].as_u64().map(|n| n.to_string()).unwrap_or_else(|| "0".into()),
            ]);
        }
    }
    let mut text = format!("{head}\n{kinds}");
    if hidden > 0 {
        text.push_str(&format!(
            "\n({hidden} kind{} with nothing to move not shown; `tether-transfer status {} --all` shows them.)",
            if hidden == 1 { "" } else { "s" },
            v["transferId"].as_str().unwrap_or("<id>")
        ));
    }
    text
}
