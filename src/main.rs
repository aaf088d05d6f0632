use std::process::ExitCode;

use clap::FromArgMatches;

use tether_transfer::cli::{Cli, Command, ConfigCommand};
use tether_transfer::error::CliError;
use tether_transfer::output::Printer;
use tether_transfer::{commands, db};

fn main() -> ExitCode {
    // Shell completion (`COMPLETE=bash tether-transfer -- <words>`), before
    // anything else can print: the candidates on stdout, then exit. Never a
    // word on stderr, not even from a bug, in the middle of a command line.
    if std::env::var_os("COMPLETE").is_some_and(|v| !v.is_empty() && v != "0") {
        std::panic::set_hook(Box::new(|_| {}));
    }
    clap_complete::CompleteEnv::with_factory(tether_transfer::help::command)
        .shells(tether_transfer::complete::shells::SHELLS)
        .complete();
    let matches = match tether_transfer::help::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // The configuration file's profile fills what no flag or variable set.
    let show = match &cli.command {
        Command::Config(ConfigCommand::Show { name: Some(n) }) => Some(n.clone()),
        _ => None,
    };
    if let Err(e) = tether_transfer::config::apply(&mut cli, &matches, show.as_deref()) {
        let printer = Printer::new(&cli.global, tether_transfer::output::argv_secrets());
        printer.error(&e);
        return ExitCode::from(e.kind.exit_code() as u8);
    }
    let hooks = cli.global.hooks.clone();
    let mut secrets = cli.global.uri.as_deref().map(db::uri::secrets).unwrap_or_default();
    secrets.extend(tether_transfer::output::argv_secrets());
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
            // At a question, Ctrl-C is an answer: cancelled (exit 2).
            _ = tokio::signal::ctrl_c() => Err(if printer.asking() {
                tether_transfer::output::prompt::cancelled()
            } else {
                CliError::unexpected("Interrupted (Ctrl-C); nothing was changed.")
            }),
        }
    });
    let code = match result {
        Ok(()) => 0,
        Err(e) => {
            printer.error(&e);
            e.kind.exit_code()
        }
    };
    if let Some(report) = hooks.profile.report() {
        eprint!("{report}");
    }
    ExitCode::from(code as u8)
}

/// A flag clap refused: its own message on stderr, and with --format json
/// also the JSON error document on stdout, as every other error has.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    let e = tether_transfer::output::usage::suggest(e);
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().enumerate().any(|(i, a)| {
        a == "--json" || a == "--format=json" || (a == "--format" && args.get(i + 1).is_some_and(|v| v == "json"))
    });
    if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
        e.exit();
    }
    // clap's own words quote the argument it refused: a connection string
    // typed there is shown without its secrets.
    let secrets = tether_transfer::output::argv_secrets();
    let shown = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        e.render().ansi().to_string()
    } else {
        e.render().to_string()
    };
    eprint!("{}", tether_transfer::output::scrub(&secrets, &shown));
    if !json {
        return ExitCode::from(2);
    }
    let text = tether_transfer::output::scrub(&secrets, &e.render().to_string());
    // The paragraph that says what is wrong, on one line.
    let message: Vec<&str> =
        text.lines().take_while(|l| !l.trim().is_empty()).map(|l| l.trim_start_matches("error:").trim()).collect();
    let message = message.join(" ");
    let doc = serde_json::json!({
        "error": message,
        "hint": "Run the command with --help to see its flags.",
        "code": tether_transfer::error::ErrorKind::Usage.code(),
        "exitCode": 2,
    });
    let mut doc = doc;
    let candidates = tether_transfer::output::usage::candidates(&e);
    if !candidates.is_empty() {
        doc["candidates"] = serde_json::json!(candidates);
    }
    println!("{}", serde_json::to_string_pretty(&doc).expect("JSON serializes"));
    ExitCode::from(2)
}
