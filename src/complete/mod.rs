//! Shell completion from the live database, through clap_complete's
//! `COMPLETE` protocol: the shell runs `COMPLETE=bash tether-transfer --
//! <words>` on each Tab, and the values of the flag or argument being
//! completed come from here: users' emails, organizations, departments (of
//! the organization the command line names), recent transfers, profiles,
//! plan files. Roles and the other fixed values come from clap itself.
//!
//! Offline values (profiles, files, roles) never wait for a server; the
//! database is read only where the command line, the environment or the
//! profile points at one, within `context::BUDGET`, and a failure of any
//! kind offers nothing rather than say anything.

mod context;
mod live;
pub mod shells;

use std::ffi::OsStr;
use std::path::Path;

use clap::Command;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter};

pub use context::{BUDGET, Context};

use crate::db::candidates::{self, Candidate, Users};
use crate::db::entities::Role;

/// What an argument's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any user (`--user`).
    Users,
    /// Active users of the user's organization, the user left out (`--reassignee`).
    Reassignees,
    /// Active SUPERADMINs and ADMINs: who may act (`--operator`).
    Operators,
    Organizations,
    /// Departments of the destination organization (`scan org --to-department`).
    TargetDepartments,
    /// Departments of the organization of `--user` or `--from` (`scan department`).
    Departments,
    /// Recent transfers of these statuses (none: any).
    Transfers(&'static [&'static str]),
    /// The configuration file's profiles.
    Profiles,
    /// Names a protected deployment is confirmed with: the deployment
    /// record's, and the protected profiles'.
    Deployments,
    /// Plan files (`*.json`), and directories to find them in.
    Plans,
    /// A plan file or a transfer (`approvals`).
    PlansOrTransfers,
    /// An assignments file (`*.csv`, `*.json`) or `-`.
    Assignments,
    /// A JSON file (`--resources`).
    Json,
    /// Any path (`--log`).
    Path,
}

const ANY: &[&str] = &[];

/// Which arguments complete what, by the subcommands that lead to them and
/// the argument's id (global options are defined on the root, path `[]`).
pub fn kind(path: &[&str], id: &str) -> Option<Kind> {
    Some(match (path, id) {
        ([], "profile") | (["config", "show"], "name") => Kind::Profiles,
        ([], "confirm_deployment") => Kind::Deployments,
        ([], "operator") => Kind::Operators,
        ([], "resources") => Kind::Json,
        (["scan", "department" | "org"] | ["preview"], "user") => Kind::Users,
        (["scan", "department" | "org"], "reassignee") => Kind::Reassignees,
        (["scan", "org"] | ["preview"], "to_org") | (["find"], "org") => Kind::Organizations,
        (["scan", "org"], "to_department") => Kind::TargetDepartments,
        (["scan", "department"], "to" | "from" | "delete_source") => Kind::Departments,
        (["scan", "department"], "assignments") => Kind::Assignments,
        (["scan", _], "out") => Kind::Plans,
        (["scan", "rollback"], "transfer_id") => Kind::Transfers(&["completed", "failed"]),
        (["status" | "verify" | "report"], "transfer_id") => Kind::Transfers(ANY),
        (["pause"], "transfer_id") => Kind::Transfers(&["in_progress"]),
        // A paused transfer is in_progress (paused is its own field).
        (["continue"], "transfer_id") => Kind::Transfers(&["in_progress"]),
        (["execute"], "resume") => Kind::Transfers(&["in_progress", "paused", "failed"]),
        (["execute" | "show" | "approve"], "plan") | (["diff"], "old" | "new") => Kind::Plans,
        (["approvals"], "target") => Kind::PlansOrTransfers,
        (["execute"], "log") => Kind::Path,
        _ => return None,
    })
}

/// The command with a completer on every argument `kind` names.
pub fn attach(cmd: Command) -> Command {
    attach_at(cmd, &mut Vec::new())
}

fn attach_at(cmd: Command, path: &mut Vec<String>) -> Command {
    let here: Vec<&str> = path.iter().map(String::as_str).collect();
    let mut cmd = cmd.mut_args(|a| match kind(&here, a.get_id().as_str()) {
        Some(k) => a.add(ArgValueCompleter::new(Values(k))),
        None => a,
    });
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        path.push(name.clone());
        cmd = cmd.mut_subcommand(&name, |s| attach_at(s, path));
        path.pop();
    }
    cmd
}

/// The completer of one kind of value.
struct Values(Kind);

impl ValueCompleter for Values {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        let current = current.to_string_lossy();
        // A bug here must cost the list, never a message in the middle of a command line.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| complete(self.0, &current))).unwrap_or_default()
    }
}

fn candidate(c: Candidate) -> CompletionCandidate {
    CompletionCandidate::new(c.value).help(c.help.map(Into::into))
}

fn has_extension(p: &Path, extensions: &[&str]) -> bool {
    p.extension().and_then(OsStr::to_str).is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn files(current: &str, extensions: &'static [&'static str]) -> Vec<CompletionCandidate> {
    PathCompleter::any().filter(move |p| p.is_file() && has_extension(p, extensions)).complete(OsStr::new(current))
}

/// The candidates of `kind` starting with `current`.
pub fn complete(kind: Kind, current: &str) -> Vec<CompletionCandidate> {
    match kind {
        Kind::Profiles => profiles(current, false),
        Kind::Plans => files(current, &["json"]),
        Kind::Json => files(current, &["json"]),
        Kind::Assignments => {
            let mut out = files(current, &["csv", "json"]);
            if current.is_empty() {
                out.push(CompletionCandidate::new("-").help(Some("standard input".into())));
            }
            out
        }
        Kind::Path => PathCompleter::any().complete(OsStr::new(current)),
        Kind::Deployments => {
            let ctx = Context::from_process();
            let mut out = ctx
                .connection
                .as_ref()
                .and_then(|conn| {
                    live::read(conn, async |db, _| Ok(crate::db::deployment::find(db).await.ok().flatten()))
                })
                .flatten()
                .filter(|r| r.name.to_lowercase().starts_with(&current.to_lowercase()))
                .map(|r| vec![CompletionCandidate::new(r.name).help(Some("this deployment's record".into()))])
                .unwrap_or_default();
            out.extend(profiles(current, true));
            out
        }
        Kind::PlansOrTransfers => {
            let mut out = files(current, &["json"]);
            out.extend(live(kind, current, &Context::from_process()));
            out
        }
        _ => live(kind, current, &Context::from_process()),
    }
}

/// Profile names starting with `current` (only the protected ones, for a confirmation).
fn profiles(current: &str, protected_only: bool) -> Vec<CompletionCandidate> {
    crate::config::profile_names()
        .into_iter()
        .filter(|(name, protected)| name.starts_with(current) && (*protected || !protected_only))
        .map(|(name, protected)| {
            CompletionCandidate::new(name).help(Some(if protected { "protected profile" } else { "profile" }.into()))
        })
        .collect()
}

/// What the database offers for `kind`, scoped by what `ctx` already names.
pub fn live(kind: Kind, current: &str, ctx: &Context) -> Vec<CompletionCandidate> {
    let Some(conn) = &ctx.connection else { return Vec::new() };
    let found = live::read(conn, async |db, r| match kind {
        Kind::Users => candidates::users(db, r, current, &Users::default()).await,
        Kind::Reassignees => {
            let organization = match ctx.value("user") {
                Some(u) => candidates::organization_of_user(db, r, u).await?,
                None => None,
            };
            let which =
                Users { organization, active: true, except: ctx.value("user").map(str::to_string), ..Users::default() };
            candidates::users(db, r, current, &which).await
        }
        Kind::Operators => {
            let which = Users { roles: vec![Role::Superadmin, Role::Admin], active: true, ..Users::default() };
            candidates::users(db, r, current, &which).await
        }
        Kind::Organizations => candidates::organizations(db, r, current).await,
        Kind::TargetDepartments => {
            let organization = match ctx.value("to_org") {
                Some(o) => candidates::organization(db, r, o).await?,
                None => None,
            };
            candidates::departments(db, r, current, organization).await
        }
        Kind::Departments => {
            let organization = match (ctx.value("user"), ctx.value("from")) {
                (Some(u), _) => candidates::organization_of_user(db, r, u).await?,
                (None, Some(d)) => candidates::organization_of_department(db, r, d).await?,
                (None, None) => None,
            };
            candidates::departments(db, r, current, organization).await
        }
        Kind::Transfers(statuses) => candidates::transfers(db, r, current, statuses, 20).await,
        Kind::PlansOrTransfers => candidates::transfers(db, r, current, ANY, 20).await,
        _ => Ok(Vec::new()),
    });
    found.unwrap_or_default().into_iter().map(candidate).collect()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every argument the table names exists (a renamed one would lose its
    /// completion silently), and only those get a completer.
    #[test]
    fn the_table_names_arguments_that_exist() {
        fn walk(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                if a.get::<ArgValueCompleter>().is_some() {
                    out.push(format!("{} {}", path.join(" "), a.get_id()).trim().to_string());
                }
            }
            for sub in cmd.get_subcommands() {
                path.push(sub.get_name().to_string());
                walk(sub, path, out);
                path.pop();
            }
        }
        let mut found = Vec::new();
        walk(&attach(crate::cli::Cli::command()), &mut Vec::new(), &mut found);
        found.sort();
        let expected = [
            "approvals target",
            "approve plan",
            "config show name",
            "confirm_deployment",
            "continue transfer_id",
            "diff new",
            "diff old",
            "execute log",
            "execute plan",
            "execute resume",
            "find org",
            "operator",
            "pause transfer_id",
            "preview to_org",
            "preview user",
            "profile",
            "report transfer_id",
            "resources",
            "scan department assignments",
            "scan department delete_source",
            "scan department from",
            "scan department out",
            "scan department reassignee",
            "scan department to",
            "scan department user",
            "scan org out",
            "scan org reassignee",
            "scan org to_department",
            "scan org to_org",
            "scan org user",
            "scan rollback out",
            "scan rollback transfer_id",
            "show plan",
            "status transfer_id",
            "verify transfer_id",
        ];
        assert_eq!(found, expected);
    }
}
