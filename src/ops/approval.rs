//! Four eyes: which approvals of a plan count, under the policy kept in the
//! database, and what `approve`, `approvals` and `execute` do with them.
//!
//! An approval counts when it is of this plan's checksum and scanVersion,
//! given on this deployment, not revoked, not older than the policy's
//! expiry, by someone who is neither the plan's scanner nor the one
//! executing it (neither the same Tether user nor the same database user),
//! still active and still allowed to execute the plan, authenticated when
//! the policy refuses declared identities, and the first of that approver
//! (each counts once). Not counting the executor's own approval is what
//! makes four eyes hold even for a plan whose scanner was edited and the
//! file resealed: whoever executes needs someone else's approval. Times are
//! the database's clock, not this machine's.

use mongodb::bson::DateTime;
use serde::Serialize;

use crate::db::Db;
use crate::db::approvals::{self, Approval, Policy, rfc3339};
use crate::db::identity::Established;
use crate::db::record::{ApprovalRef, UserRef};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::auth::Operator;
use crate::ops::job::Job;
use crate::plan::Plan;

/// Why an approval does or does not count.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "verdict", content = "reason")]
pub enum Verdict {
    Valid,
    Revoked(String),
    Expired(String),
    /// Bound to another scanVersion or deployment.
    Unbound(String),
    /// The approver is the plan's scanner.
    Scanner,
    /// The approver is the one executing the plan.
    Executor,
    /// A declared identity, and the policy asks for authenticated ones.
    Declared,
    /// The approver is gone, inactive, or may no longer execute the plan.
    NotAllowed(String),
    /// The same approver approved before: counted once.
    Again,
}

impl Verdict {
    pub fn word(&self) -> String {
        match self {
            Verdict::Valid => "valid".into(),
            Verdict::Revoked(r) => format!("revoked {r}"),
            Verdict::Expired(r) => format!("expired {r}"),
            Verdict::Unbound(r) => format!("not counted: {r}"),
            Verdict::Scanner => "not counted: the approver scanned this plan".into(),
            Verdict::Executor => "not counted: the approver is the one executing it".into(),
            Verdict::Declared => {
                "not counted: a declared identity, and the policy asks for authenticated approvers".into()
            }
            Verdict::NotAllowed(r) => format!("not counted: {r}"),
            Verdict::Again => "not counted again: the same approver approved earlier".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Judged {
    #[serde(flatten)]
    pub approval: Approval,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub expires_at: String,
}

/// A plan's approvals judged under the policy in force.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
    pub plan_checksum: String,
    pub scan_version: String,
    /// `org` or `department`: which of the policy's numbers applies.
    pub policy_applies: &'static str,
    pub needed: u32,
    pub valid: u32,
    pub policy: Policy,
    pub approvals: Vec<Judged>,
}

impl Standing {
    /// `1 of the 2 approvals the policy asks for organization transfers`,
    /// or `1 approval; the policy asks for none for …`.
    pub fn tally(&self) -> String {
        let n = |k: u32| if k == 1 { "" } else { "s" };
        if self.needed == 0 {
            format!(
                "{} approval{}; the policy asks for none for {} transfers",
                self.valid,
                n(self.valid),
                self.policy_applies
            )
        } else {
            format!(
                "{} of the {} approval{} the policy asks for {} transfers",
                self.valid,
                self.needed,
                n(self.needed),
                self.policy_applies
            )
        }
    }

    pub fn satisfied(&self) -> bool {
        self.valid >= self.needed
    }

    /// What the status record keeps: the valid approvals.
    pub fn refs(&self) -> Vec<ApprovalRef> {
        self.approvals
            .iter()
            .filter(|j| j.verdict == Verdict::Valid)
            .map(|j| ApprovalRef {
                approval_id: j.approval.id,
                approver: j.approval.approver.clone(),
                identity: j.approval.identity.clone(),
                approved_at: j.approval.approved_at,
                comment: j.approval.comment.clone(),
            })
            .collect()
    }

    /// The refusal of a plan short of approvals: who approved, who is
    /// missing, and what did not count and why.
    pub fn refusal(&self, plan: &Plan) -> CliError {
        let approved: Vec<String> = self
            .approvals
            .iter()
            .filter(|j| j.verdict == Verdict::Valid)
            .map(|j| j.approval.approver.email.clone())
            .collect();
        let not_counted: Vec<String> = self
            .approvals
            .iter()
            .filter(|j| !matches!(j.verdict, Verdict::Valid | Verdict::Again))
            .map(|j| format!("{} ({})", j.approval.approver.email, j.verdict.word()))
            .collect();
        let missing = self.needed - self.valid;
        let mut text = format!(
            "This plan has {} of the {} approval{} the policy asks for {} transfers (approved by {}); missing: {missing} more by someone other than its scanner {} and whoever executes it, who may execute it",
            self.valid,
            self.needed,
            if self.needed == 1 { "" } else { "s" },
            self.policy_applies,
            if approved.is_empty() { "nobody yet".to_string() } else { approved.join(", ") },
            plan.operator.email,
        );
        if !not_counted.is_empty() {
            text.push_str(&format!("; not counted: {}", not_counted.join("; ")));
        }
        text.push('.');
        CliError::new(ErrorKind::Forbidden, text).with_hint(
            "A second person runs `tether-transfer approve PLAN`; `tether-transfer approvals PLAN` lists where it stands.",
        )
    }
}

/// The approvals of `plan` under the policy in force, judged now (the
/// database's clock); `executor`: who would execute it, whose own approval
/// does not count.
pub async fn standing(db: &Db, plan: &Plan, job: &Job, executor: Option<&Operator>) -> Result<Standing> {
    let now = crate::db::locks::server_now(db).await?;
    let policy = approvals::policy(db).await?;
    let all = approvals::of_checksum(db, &plan.checksum).await?;
    let expiry = policy.expire_after_hours as i64 * 3_600_000;
    let mut judged: Vec<Judged> = Vec::with_capacity(all.len());
    for a in all {
        let expires = DateTime::from_millis(a.approved_at.timestamp_millis().saturating_add(expiry));
        let mut verdict = judge(db, plan, job, &policy, &a, expires, now, &judged).await?;
        if verdict == Verdict::Valid && executor.is_some_and(|e| is_person(&a, e)) {
            verdict = Verdict::Executor;
        }
        judged.push(Judged { approval: a, verdict, expires_at: rfc3339(expires) });
    }
    let valid = judged.iter().filter(|j| j.verdict == Verdict::Valid).count() as u32;
    Ok(Standing {
        plan_checksum: plan.checksum.clone(),
        scan_version: plan.scan_version.clone(),
        policy_applies: if job.is_org() { "organization" } else { "department" },
        needed: policy.needed(job.is_org()),
        valid,
        policy,
        approvals: judged,
    })
}

#[allow(clippy::too_many_arguments)]
async fn judge(
    db: &Db,
    plan: &Plan,
    job: &Job,
    policy: &Policy,
    a: &Approval,
    expires: DateTime,
    now: DateTime,
    earlier: &[Judged],
) -> Result<Verdict> {
    if let Some(at) = a.revoked_at {
        let by = a.revoked_by.as_ref().map(|u| format!(" by {}", u.email)).unwrap_or_default();
        return Ok(Verdict::Revoked(format!("at {}{by}", rfc3339(at))));
    }
    if a.scan_version != plan.scan_version {
        return Ok(Verdict::Unbound(format!("given to scanVersion {}", a.scan_version)));
    }
    if a.deployment.differs(&plan.database) {
        return Ok(Verdict::Unbound(format!("given on {}", a.deployment)));
    }
    if expires <= now {
        return Ok(Verdict::Expired(format!("at {}", rfc3339(expires))));
    }
    if scanned(plan, a.approver.id, &a.identity) {
        return Ok(Verdict::Scanner);
    }
    if a.identity.established == Established::Declared && !policy.declared_may_approve {
        return Ok(Verdict::Declared);
    }
    if earlier.iter().any(|j| j.verdict == Verdict::Valid && same_approver(&j.approval, a)) {
        return Ok(Verdict::Again);
    }
    let Some(user) = db.user_by_id(a.approver.id).await? else {
        return Ok(Verdict::NotAllowed("the approver is no longer a user".into()));
    };
    if !user.is_active {
        return Ok(Verdict::NotAllowed(format!("{} is inactive now", user.email)));
    }
    match job.authorize(db, &user, plan).await {
        Ok(()) => Ok(Verdict::Valid),
        Err(e) if e.kind == ErrorKind::Forbidden => {
            Ok(Verdict::NotAllowed(e.message.trim_end_matches('.').to_string()))
        }
        Err(e) => Err(e),
    }
}

/// Whether the plan's scanner is this person: the same Tether user, or the
/// same authenticated database user.
fn scanned(plan: &Plan, user: mongodb::bson::oid::ObjectId, identity: &crate::db::identity::Identity) -> bool {
    let scanner_db_user = plan.operator_identity.database_user.as_ref();
    user == plan.operator.id.0 || (scanner_db_user.is_some() && identity.database_user.as_ref() == scanner_db_user)
}

/// Whether an approval is `who`'s: the same Tether user or database user.
fn is_person(a: &Approval, who: &Operator) -> bool {
    a.approver.id == who.id
        || (a.identity.database_user.is_some() && a.identity.database_user == who.identity.database_user)
}

/// One person: the same Tether user, or the same authenticated database user.
fn same_approver(a: &Approval, b: &Approval) -> bool {
    a.approver.id == b.approver.id
        || (a.identity.database_user.is_some() && a.identity.database_user == b.identity.database_user)
}

/// Where the policy refuses declared approvers and plans of this kind need
/// approvals, only an authenticated identity executes or resumes them:
/// naming someone else with `--operator` must not beat four eyes (exit 6).
pub async fn require_authenticated(db: &Db, job: &Job, operator: &Operator, what: &str) -> Result<()> {
    let policy = approvals::policy(db).await?;
    let needed = policy.needed(job.is_org());
    if needed == 0 || policy.declared_may_approve || operator.identity.established == Established::Authenticated {
        return Ok(());
    }
    Err(CliError::forbidden(format!(
        "The approval policy asks for {needed} approval{} of {} transfers and accepts only authenticated approvers, so only an authenticated identity may {what} such a plan; {} is only declared (this server does not authenticate connections).",
        if needed == 1 { "" } else { "s" },
        if job.is_org() { "organization" } else { "department" },
        operator.email
    ))
    .with_hint("Connect as your own database user on a server with authentication."))
}

/// Execute's gate: the approvals to record and how many of them the policy
/// asks for, or exit 6 when too few count.
pub async fn enforce(db: &Db, plan: &Plan, job: &Job, executor: &Operator) -> Result<(Vec<ApprovalRef>, u32)> {
    require_authenticated(db, job, executor, "execute").await?;
    let s = standing(db, plan, job, Some(executor)).await?;
    if !s.satisfied() {
        return Err(s.refusal(plan));
    }
    Ok((s.refs(), s.needed))
}

/// What `approve` did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// False when this approver's approval was already there (counted once).
    pub recorded: bool,
    pub approval: Approval,
    pub standing: Standing,
}

/// Whether `operator` may approve `plan` at all: not its scanner, and an
/// identity the policy accepts (exit 6 otherwise).
pub async fn may_approve(db: &Db, plan: &Plan, operator: &Operator) -> Result<()> {
    let policy = approvals::policy(db).await?;
    if operator.identity.established == Established::Declared && !policy.declared_may_approve {
        return Err(CliError::forbidden(format!(
            "The approval policy lets only authenticated identities approve, and {} is only declared (this server does not authenticate connections).",
            operator.email
        )));
    }
    if scanned(plan, operator.id, &operator.identity) {
        return Err(CliError::forbidden(format!(
            "{} scanned this plan and may not approve it: an approval must come from a second person.",
            operator.email
        )));
    }
    Ok(())
}

/// Records `operator`'s approval of a plan the caller checked: `may_approve`,
/// the rights execute needs, and a re-validation against the live database.
pub async fn approve(db: &Db, plan: &Plan, job: &Job, operator: &Operator, comment: Option<String>) -> Result<Outcome> {
    let before = standing(db, plan, job, None).await?;
    let now = crate::db::locks::server_now(db).await?;
    if let Some(mine) =
        before.approvals.iter().find(|j| j.verdict == Verdict::Valid && is_person(&j.approval, operator))
    {
        return Ok(Outcome { recorded: false, approval: mine.approval.clone(), standing: before });
    }
    let approval = Approval {
        id: mongodb::bson::oid::ObjectId::new(),
        plan_checksum: plan.checksum.clone(),
        scan_version: plan.scan_version.clone(),
        deployment: db.target.clone(),
        approver: UserRef { id: operator.id, email: operator.email.clone() },
        approver_role: operator.raw_role.clone(),
        identity: operator.identity.clone(),
        comment,
        approved_at: now,
        revoked_at: None,
        revoked_by: None,
        used_by: Vec::new(),
    };
    approvals::insert(db, &approval).await?;
    let standing = standing(db, plan, job, None).await?;
    Ok(Outcome { recorded: true, approval, standing })
}

/// Withdraws `operator`'s approval of a plan; exit 2 when there is none.
/// Returns how many were revoked, and the transfers that had already
/// started with one of them (a revoke does not stop those).
pub async fn revoke(db: &Db, plan: &Plan, operator: &Operator) -> Result<(u64, Vec<mongodb::bson::oid::ObjectId>)> {
    let by = UserRef { id: operator.id, email: operator.email.clone() };
    let at = crate::db::locks::server_now(db).await?;
    let mut used: Vec<_> = approvals::of_checksum(db, &plan.checksum)
        .await?
        .into_iter()
        .filter(|a| a.revoked_at.is_none() && is_person(a, operator))
        .flat_map(|a| a.used_by)
        .collect();
    used.sort();
    used.dedup();
    let n =
        approvals::revoke(db, &plan.checksum, operator.id, operator.identity.database_user.as_deref(), &by, at).await?;
    if n == 0 {
        return Err(CliError::usage(format!("{} has no approval of this plan to revoke.", operator.email)));
    }
    Ok((n, used))
}
