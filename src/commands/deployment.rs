//! `deployment show | protect NAME | unprotect`: the deployment's own
//! record (`db::deployment`), whose protection every command that writes
//! reads right after connecting (`config::guard::after_connect`).

use serde_json::json;

use crate::cli::{DeploymentCommand, DeploymentProtectArgs, GlobalArgs};
use crate::config::guard::{Confirmations, Guard, confirm};
use crate::config::settings::Write;
use crate::db::Db;
use crate::db::deployment::{DEPLOYMENT, Record};
use crate::error::{CliError, Result};
use crate::ops::{self, auth, deployment::Change};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, command: DeploymentCommand) -> Result<()> {
    match command {
        DeploymentCommand::Show => {
            super::with_db(g, async |db| {
                auth::operator(db, g.operator.as_deref()).await?;
                let record = db.deployment.clone().map_err(|why| CliError::unexpected(format!("{why}.")))?;
                render(printer, db, record.as_ref());
                Ok(())
            })
            .await
        }
        DeploymentCommand::Protect(args) => set(g, printer, Some(args)).await,
        DeploymentCommand::Unprotect => set(g, printer, None).await,
    }
}

/// `protect` (Some) or `unprotect` (None), written with its audit entry in
/// one transaction (`ops::deployment`).
async fn set(g: &GlobalArgs, printer: &Printer, protect: Option<DeploymentProtectArgs>) -> Result<()> {
    let change = match protect {
        Some(a) => Change::Protect { name: a.name, replace_unreadable: a.replace_unreadable },
        None => Change::Unprotect,
    };
    if let Change::Protect { name, .. } = &change {
        ops::deployment::check_name(name)?;
    }
    super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        let prepared = ops::deployment::prepare(db, &operator, &change).await?;
        if let Some(name) = prepared.confirm.clone() {
            let (c, guard) = (Confirmations::of(g), Guard::Deployment(name));
            tokio::task::spawn_blocking(move || confirm(&c, &guard, Write::ReplaceRecord))
                .await
                .map_err(|e| CliError::unexpected(format!("The confirmation did not complete: {e}.")))??;
        }
        let written = ops::deployment::apply(db, &operator, &change, prepared).await?;
        if written.copied {
            printer.warn("The record was made on another cluster (this database is a copy): this deployment now has an id of its own, and plans or approvals of the original are refused here.");
        }
        render(printer, db, Some(&written.record));
        printer.status(&format!(
            "Deployment record version {} recorded: {}.",
            written.record.stamp.version,
            if written.record.protected { "every command that writes here asks for its name" } else { "not protected" }
        ));
        Ok(())
    })
    .await
}

/// Whether the record was made on another cluster than this server's.
fn copied(r: &Record, db: &Db) -> bool {
    r.copied_to(&db.target)
}

fn render(printer: &Printer, db: &Db, record: Option<&Record>) {
    let t = &db.target;
    if printer.json {
        printer.json(&json!({
            "record": record,
            "copied": record.is_some_and(|r| copied(r, db)),
            "server": { "hosts": t.hosts, "database": t.name, "replicaSet": t.replica_set, "clusterId": t.cluster_id },
        }));
        return;
    }
    let mut out = String::new();
    let server = format!(
        "{}/{}{}",
        t.hosts.join(","),
        t.name,
        t.replica_set.as_ref().map(|r| format!(" (replica set {r})")).unwrap_or_default()
    );
    match record {
        None => out.push_str(&format!(
            "No deployment record in {DEPLOYMENT}: this deployment has no name, is not protected, and plans are bound to its hosts ({server}).\n"
        )),
        Some(r) => {
            out.push_str(&format!("name           {}\n", r.name));
            out.push_str(&format!(
                "protected      {}\n",
                if r.protected { "yes: every command that writes asks for the name" } else { "no" }
            ));
            out.push_str(&format!("deployment id  {}\n", r.deployment_id));
            out.push_str(&format!("cluster        {}\n", r.cluster_id.as_deref().unwrap_or("(the server did not say)")));
            out.push_str(&format!("server         {server}\n"));
            if copied(r, db) {
                out.push_str(&format!(
                    "copied         yes: the record was made on other servers ({}); `deployment protect NAME` gives this copy an id of its own\n",
                    r.cluster_id.clone().unwrap_or_else(|| r.members.join(","))
                ));
            }
            if let Some(set) = r.stamp.describe() {
                out.push_str(&format!("{set}\n"));
            }
        }
    }
    printer.data(&out);
}
