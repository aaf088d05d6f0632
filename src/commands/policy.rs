//! `policy show` / `policy set`: the approval policy kept in the database.

use crate::cli::{GlobalArgs, PolicyCommand};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub async fn run(_g: &GlobalArgs, _printer: &Printer, _args: PolicyCommand) -> Result<()> {
    Err(CliError::unexpected("policy is not built yet."))
}
