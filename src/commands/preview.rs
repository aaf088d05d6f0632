use comfy_table::CellAlignment;

use crate::cli::{GlobalArgs, PreviewArgs};
use crate::error::Result;
use crate::ops::{auth, preview};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, args: PreviewArgs) -> Result<()> {
    let p = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        auth::authorize(&operator, auth::Need::Superadmin, "preview organization transfers")?;
        preview::preview(db, &args.user, &args.to_org).await
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
