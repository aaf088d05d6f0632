//! `approve PLAN` (and `--revoke`) and `approvals PLAN|TRANSFER_ID`.

use crate::cli::{ApprovalsArgs, ApproveArgs, Format, GlobalArgs};
use crate::db::approvals::rfc3339;
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::approval::{self, Standing, Verdict};
use crate::ops::job::Job;
use crate::ops::{auth, execute, status};
use crate::output::Printer;
use crate::plan::{ApprovalNote, Person, Plan};
use crate::review::markdown::{header, md, row};

pub async fn approve(g: &GlobalArgs, printer: &Printer, args: ApproveArgs) -> Result<()> {
    let mut plan = Plan::load(&args.plan)?;
    let comment = args.comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        return Err(CliError::usage("--comment is longer than 2,000 characters."));
    }
    super::with_db(g, async |db| {
        execute::same_deployment(db, &plan)?;
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        let job = Job::of(&plan)?;
        if args.revoke {
            let (n, used) = approval::revoke(db, &plan, &operator).await?;
            plan.approvals.retain(|a| a.approver.id.0 != operator.id);
            keep_copies(printer, &plan, &args.plan);
            if printer.json {
                let used: Vec<String> = used.iter().map(|u| u.to_hex()).collect();
                printer.json(&serde_json::json!({ "revoked": n, "planChecksum": plan.checksum, "usedBy": used }));
            }
            for transfer in &used {
                printer.warn(&format!(
                    "This approval was already used by transfer {transfer}, which started with it: revoking does not stop it. To undo it: tether-transfer scan rollback {transfer} --out undo.json"
                ));
            }
            printer.status(&format!(
                "Revoked {}'s approval of plan {} ({}).",
                operator.email, plan.scan_version, plan.checksum
            ));
            return Ok(());
        }
        // The approver must be a second person allowed to execute it, and it
        // must be what execute would run: of this deployment and not blocked
        // (precheck), not already executed, current.
        approval::may_approve(db, &plan, &operator).await?;
        execute::precheck(db, &plan).await?;
        // A transfer still at work on its users or departments too: what it
        // leaves is not what this plan was scanned on.
        crate::ops::unfinished::refuse(db, &plan, crate::ops::rollback::undone(&plan).ok(), true).await?;
        job.authorize(db, &operator, &plan).await.map_err(|e| {
            if e.kind == ErrorKind::Forbidden {
                CliError::forbidden(format!("{} An approver needs the rights execute needs.", e.message))
            } else {
                e
            }
        })?;
        printer.status(&format!("Re-validating the plan against {} ...", db.target));
        execute::revalidate(db, &plan, &job, &operator, None).await?;
        let outcome = approval::approve(db, &plan, &job, &operator, comment).await?;
        if outcome.recorded {
            plan.approvals.push(ApprovalNote {
                approval_id: outcome.approval.id.to_hex(),
                approver: Person {
                    id: operator.id.into(),
                    email: operator.email.clone(),
                    name: operator.name.clone(),
                    access_role: operator.raw_role.clone(),
                },
                identity: operator.identity.clone(),
                approved_at: rfc3339(outcome.approval.approved_at),
                expires_at: outcome
                    .standing
                    .approvals
                    .iter()
                    .find(|j| j.approval.id == outcome.approval.id)
                    .map(|j| j.expires_at.clone()),
                comment: outcome.approval.comment.clone(),
            });
            keep_copies(printer, &plan, &args.plan);
        }
        if printer.json {
            printer.json(&outcome);
        }
        let s = &outcome.standing;
        let verb = if outcome.recorded { "Approved" } else { "Already approved (counted once)" };
        printer.status(&format!(
            "{verb}: plan {} ({}) by {} ({}) at {}. It has {}.",
            plan.scan_version,
            plan.checksum,
            operator.email,
            operator.identity.describe(),
            rfc3339(outcome.approval.approved_at),
            s.tally(),
        ));
        Ok(())
    })
    .await
}

/// Writes the approval copies into the plan file (the checksum does not
/// cover them, and nothing else in the file changes); a file that cannot be
/// written only loses the copy.
fn keep_copies(printer: &Printer, plan: &Plan, path: &std::path::Path) {
    if let Err(e) = crate::plan::copies::write(path, &plan.approvals) {
        printer.warn(&format!(
            "The approval is recorded in the database, but its copy could not be written into the plan file: {}",
            e.message
        ));
    }
}

pub async fn list(g: &GlobalArgs, printer: &Printer, args: ApprovalsArgs) -> Result<()> {
    let path = std::path::Path::new(&args.target);
    if path.exists() || args.target.ends_with(".json") {
        let plan = Plan::load(path)?;
        let standing = super::with_db(g, async |db| {
            execute::same_deployment(db, &plan)?;
            let operator = auth::operator(db, g.operator.as_deref()).await?;
            let job = Job::of(&plan)?;
            // Judged as if the caller executed it: their own approval would not count.
            approval::standing(db, &plan, &job, Some(&operator)).await
        })
        .await?;
        return render_standing(g, printer, &standing);
    }
    let id = status::parse_id(&args.target).map_err(|_| {
        CliError::usage(format!("{} is neither a plan file nor a transferId (24 hexadecimal digits).", args.target))
    })?;
    let record = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        let record = status::get(db, id).await?;
        status::authorize(&operator, &record)?;
        Ok(record)
    })
    .await?;
    if printer.json {
        printer.json(&serde_json::json!({ "transferId": record.transfer_id, "approvals": record.approvals }));
        return Ok(());
    }
    if record.approvals.is_empty() {
        printer.data(&format!("Transfer {id} ran with no approvals.\n"));
        return Ok(());
    }
    let markdown = g.format == Format::Markdown;
    let mut out = String::new();
    if markdown {
        out.push_str(&format!("Approvals transfer `{id}` ran with:\n\n"));
        out.push_str(&header(&["approver", "identity", "approved at", "comment"]));
    } else {
        out.push_str(&format!("Approvals transfer {id} ran with:\n"));
    }
    for a in &record.approvals {
        let comment = a.comment.clone().unwrap_or_default();
        if markdown {
            out.push_str(&row(&[
                md(&a.approver.email),
                md(&a.identity.describe()),
                rfc3339(a.approved_at),
                md(&comment),
            ]));
        } else {
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                a.approver.email,
                a.identity.describe(),
                rfc3339(a.approved_at),
                comment
            ));
        }
    }
    printer.data(&out);
    Ok(())
}

fn render_standing(g: &GlobalArgs, printer: &Printer, s: &Standing) -> Result<()> {
    if printer.json {
        printer.json(s);
        return Ok(());
    }
    let markdown = g.format == Format::Markdown;
    let mut out = format!("Plan {} ({}): {}.\n", s.scan_version, s.plan_checksum, s.tally());
    if s.approvals.is_empty() {
        out.push_str("No approvals yet.\n");
    } else if markdown {
        out.push('\n');
        out.push_str(&header(&["approver", "identity", "approved at", "expires at", "counts", "comment"]));
        for j in &s.approvals {
            out.push_str(&row(&[
                md(&j.approval.approver.email),
                md(&j.approval.identity.describe()),
                rfc3339(j.approval.approved_at),
                j.expires_at.clone(),
                md(&j.verdict.word()),
                md(j.approval.comment.as_deref().unwrap_or("")),
            ]));
        }
    } else {
        let mut table = printer.table(&["Approver", "Identity", "Approved at", "Expires at", "Counts", "Comment"]);
        for j in &s.approvals {
            table.add_row(vec![
                j.approval.approver.email.clone(),
                j.approval.identity.describe(),
                rfc3339(j.approval.approved_at),
                j.expires_at.clone(),
                if j.verdict == Verdict::Valid { "yes".into() } else { j.verdict.word() },
                j.approval.comment.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    printer.data(&out);
    Ok(())
}
