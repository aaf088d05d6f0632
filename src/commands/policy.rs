//! `policy show` / `policy set`: the approval policy kept in the database.

use crate::cli::{GlobalArgs, PolicyCommand, PolicySetArgs};
use crate::db::approvals::{self, POLICY, Policy};
use crate::db::identity::Established;
use crate::db::setting::Stamp;
use crate::error::{CliError, Result};
use crate::ops::auth::{self, Need};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, command: PolicyCommand) -> Result<()> {
    match command {
        PolicyCommand::Show => {
            let policy = super::with_db(g, async |db| {
                auth::operator(db, g.operator.as_deref()).await?;
                approvals::policy(db).await
            })
            .await?;
            render(printer, &policy);
            Ok(())
        }
        PolicyCommand::Set(args) => set(g, printer, args).await,
    }
}

async fn set(g: &GlobalArgs, printer: &Printer, args: PolicySetArgs) -> Result<()> {
    let policy = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        auth::authorize(&operator, Need::Superadmin, "set the approval policy")?;
        if operator.identity.established != Established::Authenticated {
            return Err(CliError::forbidden(format!(
                "Only an authenticated SUPERADMIN may set the approval policy, and {} is only declared (this server does not authenticate connections).",
                operator.email
            ))
            .with_hint("Turn on authentication on the server and connect as your own database user."));
        }
        let (stored, readable) = approvals::stored_policy(db).await?;
        let at = crate::db::locks::server_now(db).await?;
        let new = match readable {
            Ok(old) => Policy {
                org_approvals: args.org_approvals.unwrap_or(old.org_approvals),
                department_approvals: args.department_approvals.unwrap_or(old.department_approvals),
                expire_after_hours: args.expire_after.unwrap_or(old.expire_after_hours),
                declared_may_approve: args.declared_may_approve.unwrap_or(old.declared_may_approve),
                stamp: Stamp::by(&operator, at, old.stamp.version + 1),
            },
            Err(why) if args.replace_unreadable => {
                // Replaced on request: each field that still reads is kept,
                // and each that does not must be given (a count that took
                // the default would turn four eyes off unnoticed).
                let old = approvals::Salvaged::of(stored.as_ref().expect("an unreadable policy is stored"));
                let mut missing = Vec::new();
                let mut pick = |given: Option<u32>, stored: std::result::Result<u32, String>, flag: &str| {
                    given.or(stored.as_ref().ok().copied()).unwrap_or_else(|| {
                        missing.push(format!("{flag} ({})", stored.unwrap_err()));
                        0
                    })
                };
                let org_approvals = pick(args.org_approvals, old.org_approvals, "--org-approvals");
                let department_approvals =
                    pick(args.department_approvals, old.department_approvals, "--department-approvals");
                let expire_after_hours = pick(args.expire_after, old.expire_after_hours, "--expire-after");
                let declared_may_approve = match (args.declared_may_approve, old.declared_may_approve) {
                    (Some(v), _) | (None, Ok(v)) => v,
                    (None, Err(e)) => {
                        missing.push(format!("--declared-may-approve ({e})"));
                        false
                    }
                };
                if !missing.is_empty() {
                    return Err(CliError::usage(format!(
                        "The stored approval policy cannot be read ({why}); to replace it, give what cannot be read: {}; nothing was written.",
                        missing.join(", ")
                    )));
                }
                printer.warn(&format!(
                    "The stored approval policy cannot be read ({why}); it is replaced, keeping each setting that still reads."
                ));
                Policy {
                    org_approvals,
                    department_approvals,
                    expire_after_hours,
                    declared_may_approve,
                    stamp: Stamp::by(&operator, at, old.version + 1),
                }
            }
            Err(why) => {
                return Err(CliError::unexpected(format!(
                    "The approval policy in {POLICY} cannot be read: {why}; nothing was written."
                ))
                .with_hint("To replace it, add --replace-unreadable: the settings that still read are kept, those that do not must be given, and the audit entry keeps the stored document as it was."));
            }
        };
        approvals::set_policy(db, stored.as_ref(), &new).await?;
        Ok(new)
    })
    .await?;
    render(printer, &policy);
    printer.status(&format!("Approval policy version {} recorded.", policy.stamp.version));
    Ok(())
}

fn render(printer: &Printer, p: &Policy) {
    if printer.json {
        printer.json(p);
        return;
    }
    let mut out = String::new();
    out.push_str(&format!("organization transfers need  {} approval{}\n", p.org_approvals, plural(p.org_approvals)));
    out.push_str(&format!(
        "department transfers need    {} approval{}\n",
        p.department_approvals,
        plural(p.department_approvals)
    ));
    out.push_str(&format!(
        "approvals expire after       {} hour{}\n",
        p.expire_after_hours,
        plural(p.expire_after_hours)
    ));
    out.push_str(&format!(
        "declared identities          {}\n",
        if p.declared_may_approve { "may approve" } else { "may not approve" }
    ));
    match p.stamp.describe() {
        Some(set) => out.push_str(&format!("{set}\n")),
        None => out.push_str("never set: the defaults above apply\n"),
    }
    printer.data(&out);
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
