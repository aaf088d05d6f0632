//! `policy show` / `policy set`: the approval policy kept in the database.

use crate::cli::{GlobalArgs, PolicyCommand, PolicySetArgs};
use crate::db::approvals::{self, Policy};
use crate::error::Result;
use crate::ops::auth;
use crate::ops::policy;
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
    let change = policy::Change {
        org_approvals: args.org_approvals,
        department_approvals: args.department_approvals,
        expire_after_hours: args.expire_after,
        declared_may_approve: args.declared_may_approve,
        replace_unreadable: args.replace_unreadable,
    };
    let written = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        policy::set(db, &operator, &change).await
    })
    .await?;
    if let Some(why) = &written.replaced_because {
        printer.warn(&format!(
            "The stored approval policy cannot be read ({why}); it is replaced, keeping each setting that still reads."
        ));
    }
    render(printer, &written.policy);
    printer.status(&format!("Approval policy version {} recorded.", written.policy.stamp.version));
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
