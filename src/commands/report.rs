//! `report TRANSFER_ID`: every document a transfer changed, from its undo log.

use crate::cli::{GlobalArgs, ReportArgs};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub async fn run(_g: &GlobalArgs, _printer: &Printer, _args: ReportArgs) -> Result<()> {
    Err(CliError::unexpected("report is not built yet."))
}
