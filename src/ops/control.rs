//! `pause` and `continue`: what another terminal asks of a running transfer,
//! written to its journal; the run reads it between batches.

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::User;
use crate::db::journal::Control;
use crate::error::{CliError, Result};
use crate::ops::status;

pub async fn set(db: &Db, operator: &User, id: ObjectId, pause: bool, max_rate: Option<u32>) -> Result<()> {
    let record = status::get(db, id).await?;
    status::authorize(operator, &record)?;
    if !record.status.unfinished() {
        return Err(CliError::usage(format!(
            "Transfer {id} is {}; only a running transfer can be paused or continued.",
            record.status
        ))
        .with_hint(format!("See `tether-transfer status {id}`.")));
    }
    Control::set(db, id, pause, max_rate).await
}
