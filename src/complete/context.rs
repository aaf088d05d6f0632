//! What the command line being completed already says: the command, the
//! values that scope a list (`--to-org`, `--user`, `--from`), and the
//! database it points at (flags typed, the environment, the profile),
//! resolved without a prompt, a password command, or a word on stderr.

use std::collections::HashMap;
use std::ffi::OsString;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, CompletionsArgs, GlobalArgs};
use crate::config::{self, Password};
use crate::registry::Registry;

/// The longest a completion waits for the database, whatever
/// `--connect-timeout` says: a list that comes later is no use at a prompt.
pub const BUDGET: Duration = Duration::from_millis(500);

/// The values of the command being completed that scope what it offers:
/// argument id and flag.
const SCOPES: [(&str, &str); 5] =
    [("user", "--user"), ("to_org", "--to-org"), ("from", "--from"), ("to", "--to"), ("reassignee", "--reassignee")];

/// Where the database is, when the command line says and completion may use it.
#[derive(Debug, Clone)]
pub struct Connection {
    /// With its password, when one comes from the command line, the
    /// environment, or a profile's `passwordEnv`.
    pub uri: String,
    pub db: Option<String>,
    pub registry: Registry,
    /// `--connect-timeout`, capped at `BUDGET`.
    pub timeout: Duration,
}

#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The subcommands typed, e.g. `["scan", "org"]`.
    pub path: Vec<String>,
    /// `SCOPES` values typed, by argument id.
    pub values: HashMap<&'static str, String>,
    /// None: complete offline.
    pub connection: Option<Connection>,
}

impl Context {
    /// The command line the shell passed (`COMPLETE=… tether-transfer -- <words>`),
    /// without the word being completed (`_CLAP_COMPLETE_INDEX`, else the last).
    pub fn from_process() -> Context {
        let args: Vec<OsString> = std::env::args_os().collect();
        // As typed: `--to-org Acme\ Corp` names `Acme Corp`.
        let words: Vec<OsString> = match args.iter().skip(1).position(|a| a == "--") {
            Some(i) => args[i + 2..].iter().map(|w| super::shells::unquote(&w.to_string_lossy()).into()).collect(),
            None => Vec::new(),
        };
        let index = std::env::var("_CLAP_COMPLETE_INDEX")
            .ok()
            .and_then(|i| i.parse().ok())
            .unwrap_or(words.len().saturating_sub(1));
        Context::of(words, index)
    }

    /// `words` as the shell gives them (the program's name first), the one
    /// at `index` being completed.
    pub fn of(mut words: Vec<OsString>, index: usize) -> Context {
        // A value being typed stays (a flag left without its value would
        // fail the parse); a flag being typed goes.
        if index > 0 && words.get(index).is_some_and(|w| w.to_string_lossy().starts_with('-')) {
            words.remove(index);
        }
        if words.is_empty() {
            words.push("tether-transfer".into());
        }
        // Set before the command is built, so that every subcommand has it.
        let command = Cli::command().ignore_errors(true);
        let matches = match command.clone().try_get_matches_from(&words) {
            Ok(m) => m,
            // `--help` or `--version` typed: the environment and the profile still count.
            Err(_) => match command.try_get_matches_from([&words[0]]) {
                Ok(m) => m,
                Err(_) => return Context::default(),
            },
        };
        let mut path = Vec::new();
        let mut leaf = &matches;
        while let Some((name, sub)) = leaf.subcommand() {
            path.push(name.to_string());
            leaf = sub;
        }
        let values = scopes(&words);
        let connection = connection(&matches);
        Context { path, values, connection }
    }

    pub fn value(&self, id: &str) -> Option<&str> {
        self.values.get(id).map(String::as_str)
    }

    pub fn is(&self, path: &[&str]) -> bool {
        self.path.iter().map(String::as_str).eq(path.iter().copied())
    }
}

/// The `SCOPES` values the words give (the last of each), read word by
/// word: a parse stops at the first mistake, and a command line being
/// typed has some (`--role BOSS`, an unfinished flag).
fn scopes(words: &[OsString]) -> HashMap<&'static str, String> {
    let mut out = HashMap::new();
    let words: Vec<String> = words.iter().map(|w| w.to_string_lossy().into_owned()).collect();
    for (i, word) in words.iter().enumerate().take_while(|(_, w)| *w != "--") {
        for (id, flag) in SCOPES {
            let value = match word.strip_prefix(flag) {
                Some("") => words.get(i + 1).map(String::as_str).filter(|v| !v.starts_with('-')),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            }
            .map(|v| v.trim())
            .filter(|v| !v.is_empty());
            if let Some(v) = value {
                out.insert(id, v.to_string());
            }
        }
    }
    out
}

/// The connection the command would make, as `config::apply` decides it,
/// offline (None) where that would take a prompt or a password command.
fn connection(matches: &clap::ArgMatches) -> Option<Connection> {
    let global = GlobalArgs::from_arg_matches(matches).ok()?;
    // As an offline command: no password is fetched, no guard asks.
    let mut cli = Cli { global, command: Command::Completions(CompletionsArgs { shell: clap_complete::Shell::Bash }) };
    cli.global.uri_stdin = false;
    let settings = config::apply(&mut cli, matches, None).ok()?;
    let g = &cli.global;
    let uri = g.uri.clone().filter(|u| !u.trim().is_empty())?;
    let uri = match &settings.password {
        None => uri,
        Some(Password::Env(var)) => {
            let password = std::env::var(var).ok().filter(|p| !p.is_empty())?;
            crate::db::uri::with_password(&uri, &password)
        }
        Some(Password::Command(_) | Password::Prompt) => return None,
    };
    Some(Connection {
        uri,
        db: g.db.clone(),
        registry: Registry::load(g.resources.as_deref()).ok()?,
        timeout: Duration::from_secs(g.connect_timeout.max(1)).min(BUDGET),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(line: &str) -> Context {
        let words: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        let n = words.len() - 1;
        Context::of(words, n)
    }

    #[test]
    fn the_command_line_scopes_what_completes() {
        let c = ctx("tether-transfer scan org --to-org Initech --to-department ");
        assert_eq!(c.path, ["scan", "org"], "{c:?}");
        assert_eq!(c.value("to_org"), Some("Initech"), "{c:?}");
        let c = ctx("tether-transfer scan department --user sam.rep@acme.test --to Mar");
        assert_eq!(c.value("user"), Some("sam.rep@acme.test"), "{c:?}");
        let c = ctx("tether-transfer scan org --role BOSS --user sam.rep@acme.test --to-org Initech --to-dep");
        assert_eq!(c.value("to_org"), Some("Initech"), "{c:?}");
        let c = ctx("tether-transfer scan org --to-org Initech --to-department");
        assert_eq!(c.value("to_org"), Some("Initech"), "{c:?}");
        let c = ctx("tether-transfer scan org --to-org=Initech --uri mongodb://h:1/ --db x --to-department ");
        assert_eq!(c.value("to_org"), Some("Initech"), "{c:?}");
        assert_eq!(c.connection.as_ref().map(|c| c.uri.as_str()), Some("mongodb://h:1/"), "{c:?}");
        assert_eq!(c.connection.as_ref().and_then(|c| c.db.as_deref()), Some("x"), "{c:?}");
    }
}
