//! `show PLAN`: a plan rendered for a reviewer, offline (no database).

use crate::cli::{Format, GlobalArgs, ShowArgs};
use crate::error::{CliError, Result};
use crate::output::Printer;
use crate::plan::Plan;
use crate::registry::Registry;
use crate::review::{self, Review};

pub fn run(g: &GlobalArgs, printer: &Printer, args: ShowArgs) -> Result<()> {
    let registry = Registry::load(g.resources.as_deref())?;
    let plan = Plan::load(&args.plan).map_err(|e| modified(&args.plan, &registry, e))?;
    let path = args.plan.display().to_string();
    // Resealed after an edit: the checksum matches, the parts do not.
    if let Some(part) = review::derived::disagreement(&plan, &registry) {
        return Err(CliError::usage(format!(
            "The plan file {path} was edited after the scan: {part}; execute refuses it."
        ))
        .with_hint("Run the scan again to get a fresh plan; do not edit plan files by hand."));
    }
    let r = Review::new(&plan, &path, chrono::Utc::now());
    if printer.json {
        printer.json(&review::json::show(&r));
    } else if g.format == Format::Markdown {
        printer.data(&review::markdown::show(&r));
    } else {
        printer.data(&printer.render_blocks(&review::text::show(&r)));
    }
    Ok(())
}

/// A plan whose checksum does not match: the error says, where it can,
/// which part disagrees with what the plan's request derives.
fn modified(path: &std::path::Path, registry: &Registry, e: CliError) -> CliError {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let Some(plan) = Plan::parse_modified(&text).filter(|_| Plan::parse(&text).is_err_and(|i| i.is_modified())) else {
        return e;
    };
    let part = review::derived::disagreement(&plan, registry).unwrap_or_else(|| {
        "its parts still agree with its request as far as can be checked without the database, so what changed is a count, a fingerprint, a finding, a time or the operator".into()
    });
    CliError { message: format!("{}: {part}.", e.message.trim_end_matches('.')), ..e }
}
