//! `show PLAN`: a plan rendered for a reviewer, offline (no database).

use crate::cli::{Format, GlobalArgs, ShowArgs};
use crate::error::Result;
use crate::output::Printer;
use crate::plan::Plan;
use crate::review::{self, Review};

pub fn run(g: &GlobalArgs, printer: &Printer, args: ShowArgs) -> Result<()> {
    let plan = Plan::load(&args.plan)?;
    let path = args.plan.display().to_string();
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
