use crate::cli::{GlobalArgs, VerifyArgs};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::{auth, status, verify};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, args: VerifyArgs) -> Result<()> {
    let id = status::parse_id(&args.transfer_id)?;
    let report = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        verify::verify(db, &operator, id).await
    })
    .await?;
    if printer.json {
        printer.json(&report);
    } else {
        let mut table = printer.table(&["Subject", "Check", "Result", "Found", "Offending ids"]);
        for c in &report.checks {
            table.add_row(vec![
                c.subject.clone(),
                c.check.clone(),
                if c.ok { "ok".to_string() } else { printer.paint("PROBLEM", "31;1") },
                c.found.map(|n| n.to_string()).unwrap_or_default(),
                if c.ok { String::new() } else { c.ids.join(", ") },
            ]);
        }
        printer.data(&table.to_string());
    }
    let problems = report.checks.iter().filter(|c| !c.ok).count();
    if problems == 0 {
        printer.status(&format!("Transfer {id}: clean ({} checks).", report.checks.len()));
        return Ok(());
    }
    Err(CliError::new(
        ErrorKind::Unreconciled,
        format!("Transfer {id}: {problems} of {} checks found problems (listed above).", report.checks.len()),
    )
    .with_hint(
        "Documents may have been written under the old ownership after the transfer; a new scan shows what is left.",
    ))
}
