//! `deployment show | protect NAME | unprotect`: the deployment's own
//! record (`db::deployment`), whose protection every command that writes
//! reads right after connecting (`config::guard::after_connect`).

use serde_json::json;

use crate::cli::{DeploymentCommand, DeploymentProtectArgs, GlobalArgs};
use crate::config::guard::{Confirmations, Guard, confirm};
use crate::config::settings::Write;
use crate::db::Db;
use crate::db::deployment::{self, DEPLOYMENT, Record};
use crate::db::identity::Established;
use crate::db::op::as_u64;
use crate::db::setting::{self, Stamp};
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Need};
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

/// `protect` (Some) or `unprotect` (None): an authenticated SUPERADMIN
/// only, written with its audit entry in one transaction.
async fn set(g: &GlobalArgs, printer: &Printer, protect: Option<DeploymentProtectArgs>) -> Result<()> {
    if let Some(a) = &protect {
        check_name(&a.name)?;
    }
    super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        let what = if protect.is_some() { "protect this deployment" } else { "unprotect this deployment" };
        auth::authorize(&operator, Need::Superadmin, what)?;
        if operator.identity.established != Established::Authenticated {
            return Err(CliError::forbidden(format!(
                "Only an authenticated SUPERADMIN may {what}, and {} is only declared (this server does not authenticate connections).",
                operator.email
            ))
            .with_hint("Turn on authentication on the server and connect as your own database user."));
        }
        // Judged from the record as stored now (not as connect read it):
        // only a record that reads wrong may be replaced, and what still
        // reads of it is kept.
        let stored = deployment::stored(db).await?;
        let replace = protect.as_ref().is_some_and(|a| a.replace_unreadable);
        let old = match stored.as_ref().map(Record::from_doc).transpose() {
            Ok(r) => r,
            Err(_) if replace => None,
            Err(why) => {
                return Err(CliError::unexpected(format!(
                    "The deployment record in {DEPLOYMENT} cannot be read: {why}; nothing was written."
                ))
                .with_hint(
                    "To replace it, run `tether-transfer deployment protect NAME --replace-unreadable` (the audit entry keeps it as it was).",
                ));
            }
        };
        if replace
            && old.is_none()
            && let Some(d) = &stored
            && setting::boolean(d, "protected").unwrap_or(true)
            && let Ok(name) = setting::text(d, "name")
        {
            // Still protected as far as it reads: its name is asked, as for any write.
            let (c, guard) = (Confirmations::of(g), Guard::Deployment(name));
            tokio::task::spawn_blocking(move || confirm(&c, &guard, Write::ReplaceRecord))
                .await
                .map_err(|e| CliError::unexpected(format!("The confirmation did not complete: {e}.")))??;
        }
        if protect.is_none() && !old.as_ref().is_some_and(|r| r.protected) {
            return Err(CliError::usage("This deployment is not protected; nothing was written."));
        }
        // A record made on other servers is a copy's: this is another
        // deployment, and it gets an id of its own.
        let copied = old.as_ref().is_some_and(|r| copied(r, db));
        let version = stored.as_ref().and_then(|d| d.get("version")).and_then(as_u64).unwrap_or(0);
        let kept_id = stored.as_ref().and_then(|d| setting::text(d, "deploymentId").ok());
        let new = Record {
            deployment_id: match (&old, kept_id) {
                (Some(r), _) if !copied => r.deployment_id.clone(),
                (None, Some(id)) => id,
                _ => Record::new_id(),
            },
            name: protect.as_ref().map(|a| a.name.trim().to_string()).or_else(|| old.as_ref().map(|r| r.name.clone()))
                .expect("unprotect has a record"),
            protected: protect.is_some(),
            cluster_id: db.target.cluster_id.clone(),
            members: db.target.members.clone(),
            stamp: Stamp::by(&operator, crate::db::locks::server_now(db).await?, version + 1),
        };
        deployment::set(db, stored.as_ref(), &new).await?;
        if copied {
            printer.warn("The record was made on another cluster (this database is a copy): this deployment now has an id of its own, and plans or approvals of the original are refused here.");
        }
        render(printer, db, Some(&new));
        printer.status(&format!(
            "Deployment record version {} recorded: {}.",
            new.stamp.version,
            if new.protected { "every command that writes here asks for its name" } else { "not protected" }
        ));
        Ok(())
    })
    .await
}

/// A name a person can type: not empty, one line, at most 100 characters.
fn check_name(name: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(CliError::usage(
            "A deployment's name must be one line of 1 to 100 characters (a person types it to confirm a write).",
        ));
    }
    Ok(())
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
