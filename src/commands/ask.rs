//! Asking on a terminal for what `scan org`, `scan department` and
//! `preview` were not given, each choice a list read from the live database
//! (`ops::choices`) and searched by typing, with a default; then the
//! command that gives every choice as a flag, to reuse in a script.
//!
//! A choice the command line left open is asked when it is required, or
//! when it belongs to one asked for: the department of an organization
//! asked for, the role and re-assignee of a user asked for. Without a
//! terminal, with `--format json` or with `--no-input`, nothing is asked:
//! the missing flags are a usage error (exit 2), said before connecting.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mongodb::bson::oid::ObjectId;

use crate::cli::{GlobalArgs, PreviewArgs, RoleArg, ScanDepartmentArgs, ScanOrgArgs};
use crate::config::settings::Source;
use crate::db::Db;
use crate::db::entities::{Organization, Role, User};
use crate::db::names::DepartmentName;
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Need, Operator};
use crate::ops::choices::{self, LIST, Listed};
use crate::output::Printer;
use crate::output::prompt::command_line;

const USER: &str = "--user <USER>";
const TO_ORG: &str = "--to-org <ORG>";
const ROLE: &str = "--role <ROLE>";
const REASSIGNEE: &str = "--reassignee <USER>";
const OUT: &str = "--out <PLAN>";

/// The flags `scan org` needs and was not given.
pub fn missing_org(a: &ScanOrgArgs) -> Vec<&'static str> {
    let given = [a.user.is_some(), a.to_org.is_some(), a.role.is_some(), a.reassignee.is_some(), a.out.is_some()];
    [USER, TO_ORG, ROLE, REASSIGNEE, OUT].into_iter().zip(given).filter(|(_, g)| !g).map(|(f, _)| f).collect()
}

/// The flags `scan department` needs and was not given: who (one user, a
/// department's users, or a file), where to (but for a file), the plan.
pub fn missing_department(a: &ScanDepartmentArgs) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if a.user.is_none() && a.from.is_none() && a.assignments.is_none() {
        missing.push("--user <USER> (or --from <DEPT>, or --assignments <FILE>)");
    }
    if a.assignments.is_none() && a.to.is_none() {
        missing.push("--to <DEPT>");
    }
    if a.out.is_none() {
        missing.push(OUT);
    }
    missing
}

/// The flags `preview` needs and was not given.
pub fn missing_preview(a: &PreviewArgs) -> Vec<&'static str> {
    [(USER, a.user.is_some()), (TO_ORG, a.to_org.is_some())].into_iter().filter(|(_, g)| !g).map(|(f, _)| f).collect()
}

/// Nothing may be asked: the missing flags, as a usage error.
pub fn refuse(missing: &[&str], g: &GlobalArgs, printer: &Printer) -> CliError {
    let hint = if printer.json {
        "Give them: with --format json nothing is asked."
    } else if g.no_input {
        "Give them, or leave out --no-input to choose each from a list."
    } else {
        "Give them, or run the command on a terminal to choose each from a list."
    };
    CliError::usage(format!("Missing required flags: {}.", missing.join(", "))).with_hint(hint)
}

/// Fills what `scan org` was not given (the operator is a superadmin).
pub async fn scan_org(db: &Db, printer: &Printer, g: &GlobalArgs, a: &mut ScanOrgArgs) -> Result<()> {
    let user = match &a.user {
        Some(u) => db.resolve_user(u, "--user").await?,
        None => {
            let u = ask_user(db, printer, "User to move", None).await?;
            a.user = Some(choices::user_flag(db, &u).await?);
            u
        }
    };
    let source = user.organization_id.ok_or_else(|| no_organization(&user))?;
    if a.to_org.is_none() {
        let target = ask_organization(db, printer, source).await?;
        a.to_org = Some(choices::organization_flag(db, &target).await?);
        if a.to_department.is_none() {
            let none = "(none: join no department)".to_string();
            if let Some(d) = ask_department(db, printer, "Department to join", target.id, &[], Some(none)).await? {
                a.to_department = Some(choices::department_flag(db, &d, "--to-department", target.id).await?);
            }
        }
    }
    if a.role.is_none() {
        a.role = Some(ask_role(printer, &user, false).await?.unwrap_or(RoleArg::SalesRep));
    }
    if a.reassignee.is_none() {
        let x = ask_users(db, printer, "Re-assignee (inherits what stays behind)", async |text| {
            choices::org_reassignees(db, &user, text).await
        })
        .await?;
        a.reassignee = Some(choices::user_flag(db, &x).await?);
    }
    if a.out.is_none() {
        let target = a.to_org.clone().unwrap_or_default();
        let target = match &a.to_department {
            Some(d) => format!("{target}-{d}"),
            None => target,
        };
        a.out = Some(ask_out(printer, &user.email, &target).await?);
    }
    let mut args = vec!["scan".into(), "org".into()];
    push(&mut args, "--user", &a.user);
    push(&mut args, "--to-org", &a.to_org);
    push(&mut args, "--to-department", &a.to_department);
    push(&mut args, "--role", &a.role.map(role_name));
    push(&mut args, "--reassignee", &a.reassignee);
    for r in &a.agent_remap {
        args.extend(["--agent-remap".into(), r.clone()]);
    }
    push(&mut args, "--out", &a.out.as_ref().map(|p| p.display().to_string()));
    say_again(printer, g, args);
    Ok(())
}

/// Fills what `scan department` was not given: for one user (asked for
/// when no other form was chosen), a department's users (`--from`), or a
/// file's (`--assignments`).
pub async fn scan_department(
    db: &Db,
    printer: &Printer,
    g: &GlobalArgs,
    operator: &Operator,
    a: &mut ScanDepartmentArgs,
) -> Result<()> {
    let may = |org: ObjectId| {
        auth::authorize(operator, Need::AdminOf(org), "transfer users between departments of this organization")
    };
    let offer = |org: Option<ObjectId>| org.is_some_and(|o| may(o).is_ok());
    let mut args: Vec<String> = vec!["scan".into(), "department".into()];
    if let Some(file) = &a.assignments {
        if a.out.is_none() {
            let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            a.out = Some(ask_out(printer, &stem, "").await?);
        }
        args.extend(["--assignments".into(), file.clone()]);
    } else if let Some(from) = &a.from {
        let source = db.resolve_department_offering(from, "--from", None, &offer).await?;
        let org = source
            .organization_id
            .ok_or_else(|| CliError::usage(format!("Department {} belongs to no organization.", source.label())))?;
        may(org)?;
        if a.to.is_none() {
            let to = ask_department(db, printer, "Department to move them to", org, &[source.id], None).await?;
            let to = to.expect("a required choice");
            a.to = Some(choices::department_flag(db, &to, "--to", org).await?);
        }
        if a.out.is_none() {
            a.out = Some(ask_out(printer, &source.name, a.to.as_deref().unwrap_or_default()).await?);
        }
        args.extend(["--from".into(), from.clone()]);
        push(&mut args, "--to", &a.to);
    } else {
        let asked = a.user.is_none();
        let user = match &a.user {
            Some(u) => db.resolve_user_offering(u, "--user", &offer).await?,
            None => {
                // An ADMIN chooses among their own organization's users;
                // anyone else who may not act is told so before any list.
                let scope = match (operator.role, operator.organization_id) {
                    (Some(Role::Superadmin), _) => None,
                    (_, Some(own)) => may(own).map(|_| Some(own))?,
                    (_, None) => auth::authorize(operator, Need::Superadmin, "transfer users").map(|_| None)?,
                };
                let u = ask_user(db, printer, "User to move", scope).await?;
                a.user = Some(choices::user_flag(db, &u).await?);
                u
            }
        };
        let org = user.organization_id.ok_or_else(|| no_organization(&user))?;
        may(org)?;
        let current = choices::current_department(db, &user).await?;
        if a.to.is_none() {
            let except: Vec<ObjectId> = current.iter().map(|d| d.id).collect();
            let to = ask_department(db, printer, "Department to move to", org, &except, None).await?;
            a.to = Some(choices::department_flag(db, &to.expect("a required choice"), "--to", org).await?);
        }
        if asked && a.role.is_none() {
            a.role = ask_role(printer, &user, true).await?;
        }
        if asked && a.reassignee.is_none() {
            a.reassignee = ask_department_reassignee(db, printer, &user).await?;
        }
        if a.out.is_none() {
            a.out = Some(ask_out(printer, &user.email, a.to.as_deref().unwrap_or_default()).await?);
        }
        push(&mut args, "--user", &a.user);
        push(&mut args, "--to", &a.to);
        push(&mut args, "--role", &a.role.map(role_name));
        push(&mut args, "--reassignee", &a.reassignee);
    }
    match a.delete_source.as_deref() {
        Some("") => args.push("--delete-source".into()),
        other => push(&mut args, "--delete-source", &other.map(str::to_string)),
    }
    push(&mut args, "--out", &a.out.as_ref().map(|p| p.display().to_string()));
    say_again(printer, g, args);
    Ok(())
}

/// Fills what `preview` was not given (the operator is a superadmin).
pub async fn preview(db: &Db, printer: &Printer, g: &GlobalArgs, a: &mut PreviewArgs) -> Result<()> {
    let user = match &a.user {
        Some(u) => db.resolve_user(u, "--user").await?,
        None => {
            let u = ask_user(db, printer, "User to count for", None).await?;
            a.user = Some(choices::user_flag(db, &u).await?);
            u
        }
    };
    if a.to_org.is_none() {
        let source = user.organization_id.ok_or_else(|| no_organization(&user))?;
        let target = ask_organization(db, printer, source).await?;
        a.to_org = Some(choices::organization_flag(db, &target).await?);
    }
    let mut args = vec!["preview".into()];
    push(&mut args, "--user", &a.user);
    push(&mut args, "--to-org", &a.to_org);
    say_again(printer, g, args);
    Ok(())
}

fn no_organization(user: &User) -> CliError {
    CliError::usage(format!("{} (--user) belongs to no organization.", user.label()))
}

fn push(args: &mut Vec<String>, flag: &str, value: &Option<String>) {
    if let Some(v) = value {
        args.extend([flag.to_string(), v.clone()]);
    }
}

fn role_name(r: RoleArg) -> String {
    Role::from(r).as_str().to_string()
}

/// Prints the command that asks nothing: the flags of the choices made,
/// after the global ones given as flags (a connection string never: it
/// may hold a password; it comes from the environment or a profile).
fn say_again(printer: &Printer, g: &GlobalArgs, args: Vec<String>) {
    let s = &g.settings;
    let mut all: Vec<String> = Vec::new();
    if let (Some(p), Some(Source::Flag)) = (&s.profile, &s.chosen_by) {
        all.extend(["--profile".into(), p.clone()]);
    }
    for (key, flag) in [("db", "--db"), ("operator", "--operator"), ("resources", "--resources")] {
        if let Some(v) =
            s.settings.iter().find(|x| x.key == key && x.source == Source::Flag).and_then(|x| x.value.clone())
        {
            all.extend([flag.into(), v]);
        }
    }
    all.extend(args);
    printer.status(&format!("The same without questions:\n  {}", command_line(&all)));
}

/// A user as lists show them: email, then name, role, organization.
fn user_label(u: &User, organizations: &HashMap<ObjectId, String>) -> String {
    let mut about: Vec<String> = u.name.iter().cloned().collect();
    about.push(u.raw_role.clone());
    if let Some(o) = u.organization_id.and_then(|o| organizations.get(&o)) {
        about.push(o.clone());
    }
    if !u.is_active {
        about.push("inactive".into());
    }
    format!("{}  ({})", u.email, about.join(", "))
}

/// The users a transfer may move (of `scope`, when given).
async fn ask_user(db: &Db, printer: &Printer, question: &str, scope: Option<ObjectId>) -> Result<User> {
    ask_users(db, printer, question, async |text| choices::movable_users(db, scope, text).await).await
}

/// One of the users `list` gives; when there are more than a list holds,
/// part of a name first, to narrow them.
async fn ask_users(
    db: &Db,
    printer: &Printer,
    question: &str,
    list: impl AsyncFn(Option<&str>) -> Result<Listed<User>>,
) -> Result<User> {
    let mut text: Option<String> = None;
    loop {
        let found = list(text.as_deref()).await?;
        let narrow = match (&text, found.more, found.items.is_empty()) {
            (_, true, _) => format!("{question}: more than {LIST} users; type part of the email or name"),
            (Some(t), _, true) => format!("{question}: no user holds \"{t}\"; type part of the email or name"),
            (None, _, true) => return Err(CliError::usage(format!("{question}: there is no user to choose from."))),
            _ => {
                let organizations = choices::organization_names(db, &found.items).await?;
                let labels = found.items.iter().map(|u| user_label(u, &organizations)).collect();
                let i = printer.choose(question, labels, 0).await?;
                return Ok(found.items[i].clone());
            }
        };
        text = Some(printer.type_in(&narrow, None).await?);
    }
}

/// An organization other than `source`; names several share show their id.
async fn ask_organization(db: &Db, printer: &Printer, source: ObjectId) -> Result<Organization> {
    let orgs = choices::target_organizations(db, source).await?;
    if orgs.is_empty() {
        return Err(CliError::usage("There is no other organization to move to."));
    }
    let labels = orgs.iter().map(|o| {
        if orgs.iter().filter(|x| x.name == o.name).count() > 1 {
            format!("{} ({})", o.name, o.id)
        } else {
            o.name.clone()
        }
    });
    let i = printer.choose("Organization to move to", labels.collect(), 0).await?;
    Ok(orgs[i].clone())
}

/// A department of `org` but `except`; with `none`, that choice first
/// (the default), answered as None.
async fn ask_department(
    db: &Db,
    printer: &Printer,
    question: &str,
    org: ObjectId,
    except: &[ObjectId],
    none: Option<String>,
) -> Result<Option<DepartmentName>> {
    let depts = choices::departments(db, org, except).await?;
    if depts.is_empty() && none.is_none() {
        return Err(CliError::usage(format!("{question}: the organization has no other department.")));
    }
    let offset = usize::from(none.is_some());
    let named = |d: &DepartmentName| {
        if depts.iter().filter(|x| x.name == d.name).count() > 1 {
            format!("{} ({})", d.name, d.id)
        } else {
            d.name.clone()
        }
    };
    let labels: Vec<String> = none.into_iter().chain(depts.iter().map(named)).collect();
    let i = printer.choose(question, labels, 0).await?;
    Ok(i.checked_sub(offset).map(|i| depts[i].clone()))
}

/// The role, the user's current one first. In a department transfer the
/// role is optional: keeping it is the default, answered as None (no --role).
async fn ask_role(printer: &Printer, user: &User, optional: bool) -> Result<Option<RoleArg>> {
    let all = [RoleArg::Admin, RoleArg::DepartmentHead, RoleArg::SalesRep];
    let current = all.into_iter().find(|r| user.role == Some(Role::from(*r)));
    let mut items: Vec<(String, Option<RoleArg>)> = Vec::new();
    if optional {
        let keep = if user.raw_role.is_empty() { "none" } else { &user.raw_role };
        items.push((format!("{keep} (current role, unchanged)"), None));
        items.extend(all.into_iter().filter(|r| Some(*r) != current).map(|r| (role_name(r), Some(r))));
    } else {
        // Sales rep when the current role is none a transfer gives.
        let default = current.unwrap_or(RoleArg::SalesRep);
        items.push((
            format!("{}{}", role_name(default), if current.is_some() { " (current role)" } else { "" }),
            Some(default),
        ));
        items.extend(all.into_iter().filter(|r| *r != default).map(|r| (role_name(r), Some(r))));
    }
    let labels = items.iter().map(|(l, _)| l.clone()).collect();
    let i = printer.choose("Role", labels, 0).await?;
    Ok(items[i].1)
}

/// Who takes over what stays in the user's department: nobody (the
/// default: it follows the user), or one of its other active users; not
/// asked for a user in no department (nothing stays behind).
async fn ask_department_reassignee(db: &Db, printer: &Printer, user: &User) -> Result<Option<String>> {
    let Some((source, users)) = choices::department_reassignees(db, user).await? else {
        return Ok(None);
    };
    let none = format!("(none: what {} has in \"{}\" moves with them)", user.email, source.name);
    let organizations = HashMap::new();
    let labels: Vec<String> =
        std::iter::once(none).chain(users.iter().map(|u| user_label(u, &organizations))).collect();
    let i = printer.choose("Re-assignee (takes over what stays in the department)", labels, 0).await?;
    match i.checked_sub(1) {
        Some(i) => Ok(Some(choices::user_flag(db, &users[i]).await?)),
        None => Ok(None),
    }
}

/// The plan file, `<who>-to-<where>.json` by default.
async fn ask_out(printer: &Printer, who: &str, target: &str) -> Result<PathBuf> {
    let default = choices::plan_path(who, target, Path::exists);
    Ok(PathBuf::from(printer.type_in("Plan file", Some(&default.display().to_string())).await?))
}
