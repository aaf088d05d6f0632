//! `show PLAN`: a plan rendered for a reviewer, offline.

use crate::cli::{GlobalArgs, ShowArgs};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub fn run(_g: &GlobalArgs, _printer: &Printer, _args: ShowArgs) -> Result<()> {
    Err(CliError::unexpected("show is not built yet."))
}
