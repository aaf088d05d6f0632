//! `diff OLD NEW`: what differs between two plans, offline; exit 9 when
//! they differ (an answer a script tests, not a failure).

use crate::cli::{DiffArgs, Format, GlobalArgs};
use crate::error::{CliError, ErrorKind, Result};
use crate::output::Printer;
use crate::plan::Plan;
use crate::review;

pub fn run(g: &GlobalArgs, printer: &Printer, args: DiffArgs) -> Result<()> {
    let old = Plan::load(&args.old)?;
    let new = Plan::load(&args.new)?;
    let (a, b) = (args.old.display().to_string(), args.new.display().to_string());
    let d = review::compare(&old, &a, &new, &b, chrono::Utc::now());
    if printer.json {
        printer.json(&d);
    } else if g.format == Format::Markdown {
        printer.data(&review::diff_markdown(&d));
    } else {
        printer.data(&printer.render_blocks(&review::diff_text(&d)));
    }
    if d.same {
        return Ok(());
    }
    Err(CliError::new(ErrorKind::Differs, review::verdict(&d)))
}
