//! Help as a person reads it: usage lines, the global options listed once,
//! examples at the end of each command's long help, and those examples run
//! on the demo dataset.

use std::path::Path;

use crate::common::*;

/// Every command a person can ask help of (the hidden one aside), by its words.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["scan"],
    &["scan", "department"],
    &["scan", "org"],
    &["scan", "rollback"],
    &["preview"],
    &["execute"],
    &["status"],
    &["pause"],
    &["continue"],
    &["verify"],
    &["show"],
    &["diff"],
    &["approve"],
    &["approvals"],
    &["policy"],
    &["policy", "show"],
    &["policy", "set"],
    &["deployment"],
    &["deployment", "show"],
    &["deployment", "protect"],
    &["deployment", "unprotect"],
    &["report"],
    &["config"],
    &["config", "list"],
    &["config", "show"],
    &["config", "path"],
    &["completions"],
];

fn help(words: &[&str], flag: &str) -> String {
    let mut args = words.to_vec();
    args.push(flag);
    Cmd::new().run(&args).expect(0).stdout.clone()
}

/// The lines of the Examples section at the end of `text`, if it ends with one.
fn examples(text: &str) -> Option<Vec<String>> {
    let (_, tail) = text.rsplit_once("\nExamples:\n")?;
    let lines: Vec<String> = tail.lines().map(str::to_string).collect();
    // Nothing but examples after the heading: indented lines to the end.
    lines.iter().all(|l| l.starts_with("  ") || l.is_empty()).then_some(lines)
}

#[test]
fn usage_lines_show_the_connection_as_optional() {
    let text = help(&["scan", "org"], "--help");
    let usage = text.lines().find(|l| l.starts_with("Usage: ")).expect("a usage line");
    for flag in ["--uri", "--db", "--operator", "--profile"] {
        assert!(!usage.contains(flag), "{usage}");
    }
    assert!(text.contains("Connection: [--profile <NAME>] [--uri <URI>] [--db <NAME>] [--operator <USER>]"), "{text}");
    assert!(text.contains("MONGODB_URI, TETHER_DB, TETHER_OPERATOR"), "{text}");
    // A command that never connects says nothing of a connection.
    assert!(!help(&["show"], "--help").contains("Connection:"));
}

/// Each command's long help ends with examples; its short help has none.
#[test]
fn every_command_s_long_help_ends_with_examples() {
    for words in COMMANDS {
        let long = help(words, "--help");
        let lines = examples(&long).unwrap_or_else(|| panic!("{words:?} --help ends with no examples:\n{long}"));
        assert!(lines.iter().any(|l| l.trim_start().starts_with("tether-transfer ")), "{words:?}: {lines:?}");
        assert!(!help(words, "-h").contains("Examples:"), "{words:?} -h");
    }
}

/// The global options take at most this many lines in a command's help.
const GLOBAL_LINES: usize = 6;

#[test]
fn the_global_options_are_listed_in_full_once_and_compactly_elsewhere() {
    let top = help(&[], "--help");
    for described in ["A JSON file overriding the resource registry", "Seconds to wait for the server"] {
        assert_eq!(top.matches(described).count(), 1, "{described}");
    }
    for words in COMMANDS.iter().filter(|w| !w.is_empty()) {
        for flag in ["--help", "-h"] {
            let text = help(words, flag);
            assert!(!text.contains("A JSON file overriding"), "{words:?} {flag} describes the global options:\n{text}");
            let start = text
                .lines()
                .position(|l| l.starts_with("Connection:") || l.starts_with("Global options"))
                .unwrap_or_else(|| panic!("{words:?} {flag} does not name the global options:\n{text}"));
            let block: Vec<&str> = text.lines().skip(start).take_while(|l| !l.trim().is_empty()).collect();
            assert!(block.len() <= GLOBAL_LINES, "{words:?} {flag}: {} lines:\n{}", block.len(), block.join("\n"));
            let block = block.join("\n");
            for global in
                ["--format", "--json", "--yes", "--quiet", "--color", "--connect-timeout", "tether-transfer --help"]
            {
                assert!(block.contains(global), "{words:?} {flag} leaves out {global}:\n{block}");
            }
            // Its own options come first, under their usual heading.
            assert!(text.find("Options:").is_some_and(|o| o < text.find(&block).unwrap()), "{words:?}");
        }
    }
}

#[test]
fn hidden_commands_and_flags_stay_out_of_help() {
    for words in COMMANDS {
        let text = help(words, "--help");
        for hidden in ["generate-assets", "--uri-stdin", "--transfer-id"] {
            assert!(!text.contains(hidden), "{words:?} --help shows {hidden}");
        }
    }
}

/// Each connection setting a command needs and lacks names its flag, its
/// variable and the profile (exit 2).
#[test]
fn a_missing_connection_says_where_it_can_come_from() {
    let run = Cmd::new().run(&["status"]);
    run.expect(2).says("--uri").says("MONGODB_URI").says("profile");
}

#[tokio::test]
async fn a_missing_operator_says_where_it_can_come_from() {
    let (t, _) = TestDb::seeded().await;
    let run =
        t.cmd().env_remove("TETHER_OPERATOR").run(&["preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]);
    run.expect(2).says("--operator").says("TETHER_OPERATOR").says("profile");
}

/// Examples that need what the demo has not (a transfer running or failed,
/// a server with authentication): their lines are not run.
const NOT_RUN: [&str; 7] = [
    "tether-transfer pause ",
    "tether-transfer continue ",
    "--resume",
    "policy set",
    "deployment protect",
    "unprotect",
    "--confirm-deployment production",
];

/// Every example of every command's help, run as printed (through `sh`) on
/// the demo dataset, in an order where each finds what it needs (plans
/// before their execute; `<TRANSFER_ID>` is then the transfer it started).
#[tokio::test]
async fn every_example_runs_on_the_demo_dataset() {
    let (t, _) = TestDb::seeded().await;
    let home = t.tmp();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default = \"demo\"\n[profiles.demo]\nuri = \"{}\"\ndb = \"{}\"\noperator = \"{ROOT}\"\n",
            t.uri, t.name
        ),
    )
    .unwrap();
    // Where fish keeps completions (fish makes it on its first run).
    std::fs::create_dir_all(home.path().join(".config/fish/completions")).unwrap();
    let order: &[&[&str]] = &[
        &["config"],
        &["config", "list"],
        &["config", "show"],
        &["config", "path"],
        &["completions"],
        &["preview"],
        &["scan"],
        &["scan", "department"],
        &["scan", "org"],
        &["show"],
        &["diff"],
        &["approve"],
        &["approvals"],
        &["policy"],
        &["policy", "show"],
        &["deployment"],
        &["deployment", "show"],
        &["execute"],
        &["status"],
        &["verify"],
        &["report"],
        &["pause"],
        &["continue"],
        &["policy", "set"],
        &["deployment", "protect"],
        &["deployment", "unprotect"],
        &["scan", "rollback"],
        &[],
    ];
    assert_eq!(order.len(), COMMANDS.len(), "every command's examples run");
    let mut transfer: Option<String> = None;
    let mut deferred: Vec<String> = Vec::new();
    let mut skipped = std::collections::BTreeSet::new();
    let mut ran = 0;
    for words in order {
        let text = help(words, "--help");
        for line in commands(&examples(&text).expect("examples")) {
            if let Some(why) = NOT_RUN.iter().find(|n| line.contains(*n)) {
                skipped.insert(*why);
                continue;
            }
            if line.contains("<TRANSFER_ID>") && transfer.is_none() {
                deferred.push(line);
                continue;
            }
            run(&t, home.path(), &config, &line, transfer.as_deref());
            ran += 1;
            if transfer.is_none() && line.contains("execute org.json -y") {
                transfer = Some(t.last_transfer().await);
                for line in std::mem::take(&mut deferred) {
                    run(&t, home.path(), &config, &line, transfer.as_deref());
                    ran += 1;
                }
            }
        }
    }
    assert!(deferred.is_empty(), "never ran: {deferred:?}");
    assert_eq!(skipped.len(), NOT_RUN.len(), "a reason not to run that no example has: {skipped:?}");
    eprintln!("{ran} examples ran");
}

/// The commands of an Examples section: `#` lines left out, `\` continuations joined.
fn commands(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (text, continues) = match l.strip_suffix('\\') {
            Some(t) => (t.trim_end(), true),
            None => (l, false),
        };
        if open {
            let last = out.last_mut().unwrap();
            last.push(' ');
            last.push_str(text);
        } else {
            out.push(text.to_string());
        }
        open = continues;
    }
    out
}

#[track_caller]
fn run(t: &TestDb, home: &Path, config: &Path, line: &str, transfer: Option<&str>) {
    let line = line.replace("<TRANSFER_ID>", transfer.unwrap_or("<TRANSFER_ID>"));
    let bin_dir = Path::new(BIN).parent().unwrap();
    // As `TestDb::cmd` sets the binary up, in a shell: pipes and redirections as printed.
    let out = std::process::Command::new("sh")
        .args(["-c", &line])
        .env_remove("TETHER_PROFILE")
        .env_remove("TETHER_RESOURCES")
        .env("MONGODB_URI", &t.uri)
        .env("TETHER_DB", &t.name)
        .env("TETHER_OPERATOR", ROOT)
        .env("HOME", home)
        .env("TETHER_CONFIG", config)
        .env("TETHER_TRANSFER_CHECK_UNDO", "1")
        .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
        .stdin(std::process::Stdio::null())
        .current_dir(home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the example `{line}` exited {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
