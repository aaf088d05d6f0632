//! The guard on protected deployments: what a command would write asks for
//! the deployment's name first (typed on a terminal, or
//! `--confirm-deployment NAME` from a script), else exit 2 with nothing
//! written.
//!
//! Two guards, each by the deployment and never by the text of an address:
//! - the deployment's own record (`db::deployment`), read right after
//!   connecting, whatever URI, profile or environment reached it;
//! - the configuration file's `protected = true`, a local guard checked
//!   before connecting (hosts as the driver parses them, and the addresses
//!   they resolve to: `localhost` is `127.0.0.1`, the default port is 27017,
//!   case and order do not matter) and again after connecting, against the
//!   members the server names (`hello`): a seed list of one member, an IP
//!   address for a name, or a tunnel whose far end the server calls by its
//!   own name are all the protected deployment.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cli::{Command, GlobalArgs};
use crate::config::settings::Write;
use crate::db::Db;
use crate::db::deployment::Unreadable;
use crate::db::uri::{self, Host};
use crate::error::{CliError, Result};

/// What a command would write that the guards protect; None for a command
/// that writes nothing, or only stops writes (`pause`, quick in an emergency).
pub fn writes(command: &Command) -> Option<Write> {
    use crate::cli::{DeploymentCommand, PolicyCommand};
    match command {
        Command::Execute(a) if a.resume.is_some() => Some(Write::Resume),
        Command::Execute(a) if !a.dry_run => Some(Write::Execute),
        Command::Approve(a) if a.revoke => Some(Write::Revoke),
        Command::Approve(_) => Some(Write::Approve),
        Command::Policy(PolicyCommand::Set(_)) => Some(Write::SetPolicy),
        Command::Continue(_) => Some(Write::Continue),
        Command::Pause(a) if a.max_rate.is_some() => Some(Write::ChangeRate),
        Command::Deployment(DeploymentCommand::Protect(a)) if a.replace_unreadable => Some(Write::ReplaceRecord),
        Command::Deployment(DeploymentCommand::Protect(_)) => Some(Write::Protect),
        Command::Deployment(DeploymentCommand::Unprotect) => Some(Write::Unprotect),
        _ => None,
    }
}

/// Whose name a write must be confirmed with.
#[derive(Debug, Clone, PartialEq)]
pub enum Guard {
    /// A profile of the configuration file with `protected = true`.
    Profile(String),
    /// The deployment's record in the database says it is protected.
    Deployment(String),
}

impl Guard {
    fn name(&self) -> &str {
        match self {
            Guard::Profile(n) | Guard::Deployment(n) => n,
        }
    }
    fn described(&self) -> String {
        match self {
            Guard::Profile(n) => format!("Profile {n}"),
            Guard::Deployment(n) => format!("The deployment {n} (its record in the database)"),
        }
    }
    fn protected(&self) -> String {
        match self {
            Guard::Profile(n) => format!("the protected profile {n}"),
            Guard::Deployment(n) => format!("the protected deployment {n} (its record in the database)"),
        }
    }
}

/// The names confirmed for this run: given (`--confirm-deployment`, any
/// number of times) or typed on the terminal (kept, so that a second
/// connection of the same run, or a detached run, does not ask again).
#[derive(Debug, Clone)]
pub struct Confirmations {
    pub given: Vec<String>,
    pub typed: Arc<Mutex<Vec<String>>>,
}

impl Confirmations {
    pub fn of(g: &GlobalArgs) -> Confirmations {
        Confirmations { given: g.confirm_deployment.clone(), typed: g.confirmed.clone() }
    }
}

/// Asks for `guard`'s name unless this run confirmed it already; exit 2
/// (nothing done) when it is not given, not typed, or typed wrong.
pub fn confirm(c: &Confirmations, guard: &Guard, write: Write) -> Result<()> {
    let what = write.words();
    let name = guard.name();
    if c.given.iter().any(|g| g == name) || c.typed.lock().unwrap().iter().any(|t| t == name) {
        return Ok(());
    }
    if let Some(given) = c.given.first() {
        return Err(CliError::usage(format!(
            "--confirm-deployment {given} does not name this deployment, {}; nothing was done.",
            guard.protected()
        ))
        .with_hint(format!("To {what} here, pass --confirm-deployment {name}.")));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "{} is protected: to {what} from a script, pass --confirm-deployment {name}; nothing was done.",
            guard.described()
        )));
    }
    let answer = dialoguer::Input::<String>::new()
        .with_prompt(format!("{} is protected. Type its name to {what}", guard.described()))
        .allow_empty(true)
        .interact_text()
        .map_err(|e| CliError::usage(format!("No confirmation was given ({e}); nothing was done.")))?;
    if answer.trim() != name {
        return Err(CliError::usage(format!("That is not {name}; nothing was done.")));
    }
    c.typed.lock().unwrap().push(name.to_string());
    Ok(())
}

/// How long resolving host names may take in all (the driver would resolve
/// them next anyway; an unresolvable name is compared as written).
const RESOLVE_WITHIN: Duration = Duration::from_secs(2);

/// Each host as written, and each address it resolves to (`ip:port`).
pub fn addresses(hosts: &[Host]) -> BTreeSet<Host> {
    use std::net::ToSocketAddrs;
    let mut out: BTreeSet<Host> = hosts.iter().cloned().collect();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut pending = 0;
    for h in hosts {
        let Some((name, port)) = h.name_and_port() else { continue };
        let (name, tx) = (name.to_string(), tx.clone());
        pending += 1;
        std::thread::spawn(move || {
            let found: Vec<String> =
                (name.as_str(), port).to_socket_addrs().map(|a| a.map(|a| a.to_string()).collect()).unwrap_or_default();
            let _ = tx.send(found);
        });
    }
    let deadline = Instant::now() + RESOLVE_WITHIN;
    while pending > 0 {
        let Ok(found) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else { break };
        pending -= 1;
        out.extend(found.iter().filter_map(|a| Host::parse(a)));
    }
    out
}

/// The protected profile whose deployment `uri` reaches, judged before
/// connecting: any of its hosts (or their addresses) among the URI's.
pub fn protected_profile(uri: &str, protected: &[(String, String)]) -> Option<String> {
    let mine = addresses(&uri::hosts(uri)?);
    protected
        .iter()
        .find(|(_, theirs)| uri::hosts(theirs).is_some_and(|h| !addresses(&h).is_disjoint(&mine)))
        .map(|(name, _)| name.clone())
}

/// A protected profile's hosts, an SRV name resolved to its members (as the
/// driver would, within a few seconds; unresolved, it stays a name).
async fn profile_hosts(profile_uri: &str) -> Vec<Host> {
    let mut hosts = uri::hosts(profile_uri).unwrap_or_default();
    if profile_uri.starts_with("mongodb+srv://") {
        let parsed = tokio::time::timeout(RESOLVE_WITHIN, mongodb::options::ClientOptions::parse(profile_uri)).await;
        if let Ok(Ok(options)) = parsed {
            hosts.extend(options.hosts.iter().map(Host::of));
        }
    }
    hosts
}

/// The guards after connecting, before anything is written: the
/// deployment's record, then the protected profiles whose hosts the server
/// names among its members or that the connection reached. A record that
/// cannot be read stops every write (exit 1): it may say protected.
pub async fn after_connect(g: &GlobalArgs, db: &Db, write: Write) -> Result<()> {
    let mut guards = Vec::new();
    match &db.deployment {
        // Only a record that reads wrong may be replaced unasked; one that
        // could not be read at all may say protected.
        Err(Unreadable::Field(_)) if write == Write::ReplaceRecord => {}
        Err(why) => {
            return Err(CliError::unexpected(format!("{}; nothing was done.", crate::error::capitalized(&why.to_string()))).with_hint(
                "The tool's role needs find on tether_transfer_deployment (docs/operations.md, \"Least privilege\"); an unreadable record is replaced by `tether-transfer deployment protect NAME --replace-unreadable`.",
            ));
        }
        Ok(Some(record)) if record.protected => guards.push(Guard::Deployment(record.name.clone())),
        Ok(_) => {}
    }
    let protected = g.settings.protected_profiles.clone();
    if !protected.is_empty() {
        let mut live: Vec<Host> = db.target.hosts.iter().filter_map(|h| Host::parse(h)).collect();
        live.extend(db.topology.members.iter().filter_map(|m| Host::parse(m)));
        let mut theirs = Vec::new();
        for (name, profile_uri) in &protected {
            theirs.push((name.clone(), profile_hosts(profile_uri).await));
        }
        let found = tokio::task::spawn_blocking(move || {
            let live = addresses(&live);
            theirs.into_iter().filter(|(_, h)| !addresses(h).is_disjoint(&live)).map(|(n, _)| n).collect::<Vec<_>>()
        })
        .await
        .map_err(|e| CliError::unexpected(format!("Cannot compare the deployment's hosts: {e}.")))?;
        guards.extend(found.into_iter().map(Guard::Profile));
    }
    let confirmations = Confirmations::of(g);
    tokio::task::spawn_blocking(move || guards.iter().try_for_each(|guard| confirm(&confirmations, guard, write)))
        .await
        .map_err(|e| CliError::unexpected(format!("The confirmation did not complete: {e}.")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protected_profile_is_found_whatever_the_spelling() {
        let protected =
            vec![("prod".to_string(), "mongodb://db1.internal:27017,127.0.0.1:4100/?replicaSet=rs".to_string())];
        for uri in [
            "mongodb://127.0.0.1:4100",
            "mongodb://localhost:4100/tether",
            "mongodb://LOCALHOST:4100,other:1/",
            "mongodb://u:p@127.0.0.1:4100/?directConnection=true",
            "mongodb://DB1.internal/",
            "mongodb://db1.internal:27017,elsewhere:9/",
        ] {
            assert_eq!(protected_profile(uri, &protected).as_deref(), Some("prod"), "{uri}");
        }
        for uri in ["mongodb://127.0.0.1:4101", "mongodb://db2.internal/", "not a uri"] {
            assert_eq!(protected_profile(uri, &protected), None, "{uri}");
        }
    }
}
