//! The command line as the binary presents it: cli.rs's definitions, with
//! each command's examples, the global options listed once (in full under
//! `tether-transfer --help`; as one compact block in every other command's
//! help), and the value completers (`complete`).

use clap::{Command, CommandFactory};

use crate::cli::Cli;

/// The commands that never connect: their help says nothing of a connection.
const OFFLINE: [&str; 4] = ["show", "diff", "config", "completions"];

/// Everything that parses, prints help and completes.
pub fn command() -> Command {
    layout(crate::complete::attach(Cli::command()), true)
}

/// The man pages' command: each page lists every option its command takes,
/// the global ones with their help (a page is read on its own), and there is
/// no `help` subcommand to write a page for.
pub fn manual() -> Command {
    layout(Cli::command().disable_help_subcommand(true), false)
}

fn layout(mut cmd: Command, compact: bool) -> Command {
    // Built first, so that every subcommand holds its copies of the global options.
    cmd.build();
    let globals: Vec<clap::Arg> =
        cmd.get_arguments().filter(|a| a.is_global_set() && !a.is_hide_set()).cloned().collect();
    if let Some(examples) = examples(&[]) {
        cmd = cmd.after_long_help(format!("Examples:\n{examples}"));
    }
    for sub in cmd.get_subcommands_mut() {
        let connects = !OFFLINE.contains(&sub.get_name());
        let footer = compact.then(|| footer(&globals, connects));
        tweak(sub, &[], footer.as_deref());
    }
    cmd
}

/// One command: its examples last, and (with a footer) its global options
/// out of its own list, the footer naming them instead.
fn tweak(cmd: &mut Command, parents: &[&str], footer: Option<&str>) {
    let name = cmd.get_name().to_string();
    let mut path = parents.to_vec();
    path.push(&name);
    let mut c = std::mem::take(cmd);
    if let Some(footer) = footer {
        c = c.mut_args(|a| if a.is_global_set() { a.hide_short_help(true).hide_long_help(true) } else { a });
        c = c.help_template(format!(
            "{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{{all-args}}\n\n{footer}{{after-help}}"
        ));
    }
    if let Some(examples) = examples(&path) {
        c = c.after_long_help(format!("Examples:\n{examples}"));
    }
    for sub in c.get_subcommands_mut() {
        tweak(sub, &path, footer);
    }
    *cmd = c;
}

/// A usage-style line per group: the connection (where a command connects),
/// then the rest, wrapped; all of them explained in `tether-transfer --help`.
fn footer(globals: &[clap::Arg], connects: bool) -> String {
    let spell = |a: &clap::Arg| {
        let long = a.get_long().map(|l| format!("--{l}")).unwrap_or_default();
        let flag = match a.get_short() {
            Some(s) => format!("-{s}, {long}"),
            None => long,
        };
        match a.get_value_names().and_then(|v| v.first()) {
            Some(v) if a.get_num_args().is_some_and(|n| n.takes_values()) => format!("[{flag} <{v}>]"),
            _ => format!("[{flag}]"),
        }
    };
    const CONNECTION: [&str; 4] = ["profile", "uri", "db", "operator"];
    let mut out = String::new();
    if connects {
        let conn: Vec<&clap::Arg> =
            CONNECTION.iter().filter_map(|id| globals.iter().find(|a| a.get_id() == *id)).collect();
        let envs: Vec<String> =
            conn.iter().filter_map(|a| a.get_env()).map(|e| e.to_string_lossy().into_owned()).collect();
        out.push_str("Connection: ");
        out.push_str(&conn.iter().map(|a| spell(a)).collect::<Vec<_>>().join(" "));
        out.push_str(&format!("\n  else {}, else the profile (see `config show`)\n", envs.join(", ")));
    }
    let rest: Vec<String> =
        globals.iter().filter(|a| !connects || !CONNECTION.contains(&a.get_id().as_str())).map(spell).collect();
    out.push_str("Global options (each explained in tether-transfer --help):\n");
    let mut line = String::from(" ");
    for item in rest {
        if line.len() + 1 + item.len() > 98 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(&item);
    }
    out.push_str(&line);
    out
}

/// Real commands on the demo dataset (`tether-gen`, seed 42), with the
/// connection and operator from the environment or a profile; kubectl's
/// layout (a `#` line says what the commands under it do). A test runs them
/// (`tests/it/help.rs`), `<TRANSFER_ID>` standing for a transfer's id.
fn examples(path: &[&str]) -> Option<String> {
    const SCAN_ORG: &str = "  tether-transfer scan org --user sam.rep@acme.test --to-org Initech --role SALES_REP \\\n      \
                            --reassignee rita.rep@acme.test --to-department Onboarding --out org.json\n";
    Some(match path {
        [] => concat!(
            "  # The flow: count, scan (it writes the plan), review, execute, check\n",
            "  tether-transfer preview --user sam.rep@acme.test --to-org Initech\n",
            "  tether-transfer scan org --user sam.rep@acme.test --to-org Initech --role SALES_REP \\\n",
            "      --reassignee rita.rep@acme.test --to-department Onboarding --out org.json\n",
            "  tether-transfer show org.json\n",
            "  tether-transfer execute org.json -y\n",
            "  tether-transfer status\n",
        )
        .into(),
        ["scan"] => concat!(
            "  # sam moves to Initech; rita inherits what stays at Acme Corp\n",
            "  tether-transfer scan org --user sam.rep@acme.test --to-org Initech --role SALES_REP \\\n",
            "      --reassignee rita.rep@acme.test --to-department Onboarding --out org.json\n",
            "  # sam moves to another department of Acme Corp; rita takes over what stays in Sales\n",
            "  tether-transfer scan department --user sam.rep@acme.test --to Marketing \\\n",
            "      --reassignee rita.rep@acme.test --out dept.json\n",
        )
        .into(),
        ["scan", "department"] => concat!(
            "  # sam moves to Marketing; what he leaves in Sales passes to rita\n",
            "  tether-transfer scan department --user sam.rep@acme.test --to Marketing \\\n",
            "      --reassignee rita.rep@acme.test --out dept.json\n",
            "  # Everyone in Support moves to Archive, and Support is deleted once empty\n",
            "  tether-transfer scan department --from Support --to Archive --delete-source --out bulk.json\n",
            "  # Several users, each to their own department, from a file (CSV or JSON; - reads stdin)\n",
            "  printf 'user,targetDepartment,role,reassignee\\n' > moves.csv\n",
            "  printf 'sam.rep@acme.test,Marketing,,rita.rep@acme.test\\n' >> moves.csv\n",
            "  tether-transfer scan department --assignments moves.csv --out reorg.json\n",
        )
        .into(),
        ["scan", "org"] => format!(
            "  # sam moves to Initech's Onboarding department; rita inherits what stays at Acme Corp\n\
             {SCAN_ORG}  # Count first what it would touch\n  \
             tether-transfer preview --user sam.rep@acme.test --to-org Initech\n"
        ),
        ["scan", "rollback"] => concat!(
            "  # A plan that undoes a transfer (Tab offers the recent ones' ids), and its execute\n",
            "  tether-transfer scan rollback <TRANSFER_ID> --out undo.json\n",
            "  tether-transfer execute undo.json -y\n",
        )
        .into(),
        ["preview"] => concat!(
            "  tether-transfer preview --user sam.rep@acme.test --to-org Initech\n",
            "  # The counts under the seed's keys, for a script\n",
            "  tether-transfer preview --user sam.rep@acme.test --to-org Initech --json\n",
        )
        .into(),
        ["execute"] => concat!(
            "  # Check the plan against the live database; nothing is written\n",
            "  tether-transfer execute org.json --dry-run\n",
            "  # Apply it without the confirmation prompt\n",
            "  tether-transfer execute org.json -y\n",
            "  # Finish a transfer that was interrupted or failed\n",
            "  tether-transfer execute --resume <TRANSFER_ID>\n",
        )
        .into(),
        ["status"] => concat!(
            "  # The most recent transfers\n",
            "  tether-transfer status\n",
            "  # One transfer, waiting until it ends (exit 0 completed, 7 failed)\n",
            "  tether-transfer status <TRANSFER_ID> --wait\n",
        )
        .into(),
        ["pause"] => concat!(
            "  # Pause a running transfer after its current batch, then let it go on\n",
            "  tether-transfer pause <TRANSFER_ID>\n",
            "  tether-transfer continue <TRANSFER_ID>\n",
        )
        .into(),
        ["continue"] => concat!(
            "  # Let a paused transfer go on\n",
            "  tether-transfer continue <TRANSFER_ID>\n",
            "  # Go on at 500 documents a second at most\n",
            "  tether-transfer continue <TRANSFER_ID> --max-rate 500\n",
        )
        .into(),
        ["verify"] => concat!(
            "  tether-transfer verify <TRANSFER_ID>\n",
            "  # What is not where the transfer put it, as JSON (exit 8 when anything is)\n",
            "  tether-transfer verify <TRANSFER_ID> --json\n",
        )
        .into(),
        ["show"] => concat!(
            "  tether-transfer show org.json\n",
            "  # Markdown to paste into a ticket or a pull request\n",
            "  tether-transfer show org.json --format markdown > ticket.md\n",
        )
        .into(),
        ["diff"] => format!(
            "  # Re-scan, then compare with the plan reviewed (exit 9 when they differ)\n{}  \
             tether-transfer diff org.json org-new.json\n",
            SCAN_ORG.replace("org.json", "org-new.json")
        ),
        ["approve"] => concat!(
            "  # A second person approves (not whoever scanned it)\n",
            "  tether-transfer approve org.json --operator ops@tether.test --comment \"checked with Acme\"\n",
            "  # ... or withdraws their approval\n",
            "  tether-transfer approve org.json --operator ops@tether.test --revoke\n",
        )
        .into(),
        ["approvals"] => concat!(
            "  # Of a plan, before its execute\n",
            "  tether-transfer approvals org.json\n",
            "  # Those a transfer ran with\n",
            "  tether-transfer approvals <TRANSFER_ID>\n",
        )
        .into(),
        ["policy"] | ["policy", "show"] => concat!(
            "  tether-transfer policy show\n",
            "  # Organization transfers need one approval (an authenticated SUPERADMIN only)\n",
            "  tether-transfer policy set --org-approvals 1\n",
        )
        .into(),
        ["policy", "set"] => concat!(
            "  # (An authenticated SUPERADMIN only: see docs/review.md)\n",
            "  tether-transfer policy set --org-approvals 1 --department-approvals 0\n",
            "  # Approvals count only from identities the database authenticated\n",
            "  tether-transfer policy set --declared-may-approve false\n",
        )
        .into(),
        ["deployment"] | ["deployment", "show"] => concat!(
            "  tether-transfer deployment show\n",
            "  # Every write then asks for the name (an authenticated SUPERADMIN only)\n",
            "  tether-transfer deployment protect production\n",
        )
        .into(),
        ["deployment", "protect"] => concat!(
            "  # (An authenticated SUPERADMIN only: see docs/configuration.md)\n",
            "  tether-transfer deployment protect production\n",
            "  # A script then confirms each write by name\n",
            "  tether-transfer execute org.json -y --confirm-deployment production\n",
        )
        .into(),
        ["deployment", "unprotect"] => concat!(
            "  # (An authenticated SUPERADMIN only)\n",
            "  tether-transfer deployment unprotect --confirm-deployment production\n",
        )
        .into(),
        ["report"] => concat!(
            "  tether-transfer report <TRANSFER_ID>\n",
            "  # A spreadsheet of every field changed\n",
            "  tether-transfer report <TRANSFER_ID> --format csv > changes.csv\n",
        )
        .into(),
        ["config"] | ["config", "list"] => concat!(
            "  tether-transfer config list\n",
            "  # Where each setting of the profile in use comes from\n",
            "  tether-transfer config show\n",
        )
        .into(),
        ["config", "show"] => concat!(
            "  tether-transfer config show\n",
            "  # Another profile's settings\n",
            "  tether-transfer config show demo\n",
        )
        .into(),
        ["config", "path"] => "  tether-transfer config path\n".into(),
        ["completions"] => concat!(
            "  # bash and zsh: completion in every new shell (values from the live database)\n",
            "  echo 'source <(tether-transfer completions bash)' >> ~/.bashrc\n",
            "  echo 'source <(tether-transfer completions zsh)' >> ~/.zshrc\n",
            "  # fish\n",
            "  tether-transfer completions fish > ~/.config/fish/completions/tether-transfer.fish\n",
        )
        .into(),
        _ => return None,
    })
}
