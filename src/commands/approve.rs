//! `approve PLAN` and `approvals PLAN|TRANSFER_ID`.

use crate::cli::{ApprovalsArgs, ApproveArgs, GlobalArgs};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub async fn approve(_g: &GlobalArgs, _printer: &Printer, _args: ApproveArgs) -> Result<()> {
    Err(CliError::unexpected("approve is not built yet."))
}

pub async fn list(_g: &GlobalArgs, _printer: &Printer, _args: ApprovalsArgs) -> Result<()> {
    Err(CliError::unexpected("approvals is not built yet."))
}
