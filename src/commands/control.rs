//! `pause <ID>` and `continue <ID> [--max-rate N]`.

use serde_json::json;

use crate::cli::{ControlArgs, GlobalArgs};
use crate::error::Result;
use crate::ops::{auth, control, status};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, args: ControlArgs, pause: bool) -> Result<()> {
    let id = status::parse_id(&args.transfer_id)?;
    super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        control::set(db, &operator, id, pause, args.max_rate).await
    })
    .await?;
    if printer.json {
        printer.json(&json!({ "transferId": id.to_hex(), "paused": pause, "maxRate": args.max_rate }));
    } else if pause {
        printer.status(&format!(
            "Transfer {id}: pausing after its current batch (its locks stay held). Go on with: tether-transfer continue {id}"
        ));
    } else {
        let rate = args.max_rate.map(|r| format!(", at most {r} documents per second")).unwrap_or_default();
        printer.status(&format!("Transfer {id}: going on{rate}."));
    }
    Ok(())
}
