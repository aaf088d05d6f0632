//! `diff OLD NEW`: what differs between two plans.

use crate::cli::{DiffArgs, GlobalArgs};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub fn run(_g: &GlobalArgs, _printer: &Printer, _args: DiffArgs) -> Result<()> {
    Err(CliError::unexpected("diff is not built yet."))
}
