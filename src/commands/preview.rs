use comfy_table::CellAlignment;

use super::ask;
use crate::cli::{GlobalArgs, PreviewArgs};
use crate::error::Result;
use crate::ops::{auth, preview};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, mut args: PreviewArgs) -> Result<()> {
    // Flags left out are asked for on a terminal; elsewhere they are a
    // usage error, before anything connects.
    let missing = ask::missing_preview(&args);
    if !missing.is_empty() && !printer.interactive {
        return Err(ask::refuse(&missing, g, printer));
    }
    let p = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        auth::authorize(&operator, auth::Need::Superadmin, "preview organization transfers")?;
        if !missing.is_empty() {
            ask::preview(db, printer, g, &mut args).await?;
        }
        let (Some(user), Some(to_org)) = (args.user.as_deref(), args.to_org.as_deref()) else {
            return Err(ask::refuse(&ask::missing_preview(&args), g, printer));
        };
        preview::preview(db, user, to_org).await
    })
    .await?;
    if printer.json {
        // Exactly the seed's OrgTransferPreviewResponse keys, plus agents and approvalPolicies.
        let counts: serde_json::Map<String, serde_json::Value> =
            p.counts.iter().map(|(k, n)| (k.clone(), (*n).into())).collect();
        printer.json(&counts);
        return Ok(());
    }
    printer.status(&format!(
        "Preview: {} from {} to {} (nothing is changed)",
        p.user.email,
        p.source.label(),
        p.target.label()
    ));
    let mut table = printer.table(&["Resource", "Count"]);
    for (k, n) in &p.counts {
        table.add_row(vec![k.clone(), n.to_string()]);
    }
    if let Some(c) = table.column_mut(1) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    printer.data(&table.to_string());
    Ok(())
}
