use std::process::ExitCode;

use clap::Parser;

use tether_transfer::cli::{Cli, Command};
use tether_transfer::error::CliError;
use tether_transfer::output::Printer;
use tether_transfer::{commands, db};

fn main() -> ExitCode {
    tether_transfer::profile::enabled();
    let cli = Cli::parse();
    let secrets = cli.global.uri.as_deref().and_then(db::password_of).into_iter().collect();
    let printer = Printer::new(&cli.global, secrets);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            printer.error(&CliError::unexpected(format!("Cannot start the async runtime: {e}.")));
            return ExitCode::from(1);
        }
    };
    // Execute handles Ctrl-C itself (it stops between batches); the rest stop at once.
    let handles_interrupts = matches!(cli.command, Command::Execute(_));
    let result = runtime.block_on(async {
        if handles_interrupts {
            return commands::run(cli, &printer).await;
        }
        tokio::select! {
            r = commands::run(cli, &printer) => r,
            _ = tokio::signal::ctrl_c() => Err(CliError::unexpected("Interrupted (Ctrl-C); nothing was changed.")),
        }
    });
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            printer.error(&e);
            e.kind.exit_code()
        }
    };
    if let Some(report) = tether_transfer::profile::report() {
        eprint!("{report}");
    }
    ExitCode::from(code as u8)
}
