//! `report TRANSFER_ID`: every document a transfer changed, from its undo log.

use crate::cli::{Format, GlobalArgs, ReportArgs};
use crate::db::record::Status;
use crate::error::Result;
use crate::ops::names::IdNames;
use crate::ops::{auth, report, status};
use crate::output::Printer;
use crate::output::report::{RowFormat, RowWriter};

pub async fn run(g: &GlobalArgs, printer: &Printer, args: ReportArgs) -> Result<()> {
    let id = status::parse_id(&args.transfer_id)?;
    let format = match g.format {
        _ if printer.json => RowFormat::JsonLines,
        Format::Csv => RowFormat::Csv,
        _ => RowFormat::Text,
    };
    super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        let mut report = report::open(db, &operator, id).await?;
        let r = &report.record;
        if report.unfinished() {
            let state = match r.status {
                _ if r.paused => "is paused",
                Status::Failed => "failed part-way",
                _ => "is in progress (or was interrupted)",
            };
            printer.warn(&format!("Transfer {id} {state}: this report holds what it changed so far."));
        }
        if let Some(by) = r.rolled_back_by {
            printer.status(&format!(
                "Transfer {id} was rolled back by transfer {by}: these are the changes it made, since put back (`tether-transfer status {by}` says whether all were)."
            ));
        }
        let mut out = RowWriter::new(printer, format);
        if format == RowFormat::Text {
            // For a person: who ran what, then the ids named (CSV and JSON
            // stay as scripts read them).
            printer.data(&crate::output::report::header(&report.record, report.plan.as_ref()));
            let mut names = IdNames::of_plan(report.plan.as_ref());
            while report.next_named(db, &mut names, |row, names| out.row_named(row, names)).await? {}
        } else {
            while report.next(|row| out.row(row)).await? {}
        }
        drop(out);
        let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        printer.status(&format!(
            "{}, {}, transfer {id} ({}){}.",
            plural(report.documents, "document", "documents"),
            plural(report.changes, "field change", "field changes"),
            report.record.action.short(),
            if report.unfinished() { ", so far" } else { "" }
        ));
        printer.status(&runs(&report.record));
        Ok(())
    })
    .await
}

/// Who ran the transfer: who started it, and who resumed it when.
fn runs(r: &crate::db::record::StatusRecord) -> String {
    let how = |i: &Option<crate::db::identity::Identity>| i.clone().unwrap_or_default().describe();
    let mut text = format!("Started by {} ({}).", r.operator.email, how(&r.operator_identity));
    for run in &r.resumes {
        text.push_str(&format!(
            " Resumed by {} ({}) at {}.",
            run.operator.email,
            run.operator_identity.describe(),
            crate::db::approvals::rfc3339(run.at)
        ));
    }
    text
}
