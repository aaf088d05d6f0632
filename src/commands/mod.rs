//! One thin file per subcommand: arguments -> ops call -> rendering.

pub mod approve;
pub mod ask;
pub mod assets;
pub mod config;
pub mod control;
pub mod deployment;
pub mod diff;
pub mod execute;
pub mod find;
pub mod policy;
pub mod preview;
pub mod report;
pub mod scan;
pub mod show;
pub mod status;
pub mod verify;

use std::time::Duration;

use crate::cli::{Cli, Command, Format, GlobalArgs};
use crate::db::{self, Db};
use crate::error::{CliError, Result};
use crate::output::Printer;
use crate::registry::Registry;

/// Connects; for a command that writes, the guards on protected
/// deployments come right after, before anything is written.
pub async fn connect(g: &GlobalArgs) -> Result<Db> {
    let registry = Registry::load(g.resources.as_deref())?;
    let db = db::connect(
        db::ConnectOptions {
            uri: g.uri.as_deref(),
            db: g.db.as_deref(),
            timeout: Duration::from_secs(g.connect_timeout.max(1)),
            hooks: g.hooks.clone(),
            profile: g.settings.deployment_profile.clone(),
            cluster: g.settings.binds_deployment,
        },
        registry,
    )
    .await?;
    if let Some(what) = g.settings.writes
        && let Err(e) = crate::config::guard::after_connect(g, &db, what).await
    {
        db.close().await;
        return Err(e);
    }
    Ok(db)
}

/// Connects, runs `work`, then shuts the client down before returning, so
/// that no driver task outlives the runtime (a client dropped while the
/// runtime shut down could print a panic after a successful run).
pub async fn with_db<T>(g: &GlobalArgs, work: impl AsyncFnOnce(&Db) -> Result<T>) -> Result<T> {
    let db = connect(g).await?;
    let out = work(&db).await;
    db.close().await;
    out
}

/// The formats a command writes besides text and JSON: Markdown for what a
/// reviewer pastes into a ticket, CSV for the report. Any other is refused
/// before anything is read.
fn check_format(g: &GlobalArgs, command: &Command) -> Result<()> {
    let (name, offered): (&str, &[Format]) = match command {
        Command::Show(_) => ("show", &[Format::Markdown]),
        Command::Diff(_) => ("diff", &[Format::Markdown]),
        Command::Approvals(_) => ("approvals", &[Format::Markdown]),
        Command::Report(_) => ("report", &[Format::Csv]),
        _ => ("this command", &[]),
    };
    match g.format {
        Format::Text | Format::Json => Ok(()),
        f if offered.contains(&f) => Ok(()),
        f => {
            let f = clap::ValueEnum::to_possible_value(&f).map(|v| v.get_name().to_string()).unwrap_or_default();
            let mut all = vec!["text", "json"];
            all.extend(offered.iter().map(|o| if *o == Format::Markdown { "markdown" } else { "csv" }));
            Err(CliError::usage(format!("--format {f} is not offered by {name}, which writes {}.", all.join(" or "))))
        }
    }
}

pub async fn run(cli: Cli, printer: &Printer) -> Result<()> {
    let g = &cli.global;
    check_format(g, &cli.command)?;
    match cli.command {
        Command::Scan(args) => scan::run(g, printer, args).await,
        Command::Preview(args) => preview::run(g, printer, args).await,
        Command::Execute(args) => execute::run(g, printer, args).await,
        Command::Status(args) => status::run(g, printer, args).await,
        Command::Find(args) => find::run(g, printer, args).await,
        Command::Pause(args) => control::run(g, printer, args, true).await,
        Command::Continue(args) => control::run(g, printer, args, false).await,
        Command::Verify(args) => verify::run(g, printer, args).await,
        Command::Show(args) => show::run(g, printer, args),
        Command::Diff(args) => diff::run(g, printer, args),
        Command::Approve(args) => approve::approve(g, printer, args).await,
        Command::Approvals(args) => approve::list(g, printer, args).await,
        Command::Policy(cmd) => policy::run(g, printer, cmd).await,
        Command::Deployment(cmd) => deployment::run(g, printer, cmd).await,
        Command::Report(args) => report::run(g, printer, args).await,
        Command::Config(cmd) => config::run(g, printer, cmd),
        Command::Completions(args) => assets::completions(printer, args),
        Command::GenerateAssets(args) => assets::generate(printer, args),
    }
}
