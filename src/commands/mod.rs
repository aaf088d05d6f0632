//! One thin file per subcommand: arguments -> ops call -> rendering.

pub mod assets;
pub mod control;
pub mod execute;
pub mod preview;
pub mod scan;
pub mod status;
pub mod verify;

use std::time::Duration;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::db::{self, Db};
use crate::error::Result;
use crate::output::Printer;
use crate::registry::Registry;

pub async fn connect(g: &GlobalArgs) -> Result<Db> {
    let registry = Registry::load(g.resources.as_deref())?;
    db::connect(
        db::ConnectOptions {
            uri: g.uri.as_deref(),
            db: g.db.as_deref(),
            timeout: Duration::from_secs(g.connect_timeout.max(1)),
            hooks: g.hooks.clone(),
        },
        registry,
    )
    .await
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

pub async fn run(cli: Cli, printer: &Printer) -> Result<()> {
    let g = &cli.global;
    match cli.command {
        Command::Scan(args) => scan::run(g, printer, args).await,
        Command::Preview(args) => preview::run(g, printer, args).await,
        Command::Execute(args) => execute::run(g, printer, args).await,
        Command::Status(args) => status::run(g, printer, args).await,
        Command::Pause(args) => control::run(g, printer, args, true).await,
        Command::Continue(args) => control::run(g, printer, args, false).await,
        Command::Verify(args) => verify::run(g, printer, args).await,
        Command::Completions(args) => assets::completions(printer, args),
        Command::GenerateAssets(args) => assets::generate(printer, args),
    }
}
