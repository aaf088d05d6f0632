//! What a plan asks for, decided once from the plan: a transfer, or the
//! rollback of one. Execute, resume, dry runs and verify make this value and
//! ask it, instead of testing the plan's kind wherever they differ: who may
//! run it, which action its status record names, whether it writes an undo
//! log, whether it can fall short of its plan. Its re-validation
//! (`ops::execute::revalidate`), its phases (`ops::execute`, a transfer's
//! or `ops::execute::rollback`) and its verify (`ops::verify`) are each one
//! `match` on it.

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::entities::User;
use crate::db::record::Action;
use crate::error::Result;
use crate::ops::auth::{Need, authorize};
use crate::plan::{Plan, PlanKind};

#[derive(Debug, Clone)]
pub enum Job {
    /// A transfer of one or more users (its `Transfer` is rebuilt from the
    /// plan where the phases need it: `transfer::from_plan`).
    Transfer { org: bool },
    /// The rollback of the transfer `undone`, from its undo log.
    Rollback { undone: ObjectId, org: bool },
}

impl Job {
    /// The job of a plan; a plan that cannot be read as one is edited (exit 2).
    pub fn of(plan: &Plan) -> Result<Job> {
        if plan.kind().is_rollback() {
            let undone = crate::ops::rollback::undone(plan)?;
            let org = plan.summary.rollback_of.as_ref().is_some_and(|o| o.kind == PlanKind::Org);
            return Ok(Job::Rollback { undone, org });
        }
        Ok(Job::Transfer { org: plan.kind() == PlanKind::Org })
    }

    /// An organization transfer, or the rollback of one (the policy's
    /// `orgApprovals`; every other plan takes `departmentApprovals`).
    pub fn is_org(&self) -> bool {
        matches!(self, Job::Transfer { org: true } | Job::Rollback { org: true, .. })
    }

    /// The transfer a rollback undoes.
    pub fn undone(&self) -> Option<ObjectId> {
        match self {
            Job::Rollback { undone, .. } => Some(*undone),
            Job::Transfer { .. } => None,
        }
    }

    /// The status record's `action` (a rollback's is that of the transfer
    /// it undoes, which re-validation checked against its record).
    pub fn action(&self) -> Action {
        match self {
            Job::Transfer { org: true } => Action::OrgTransferExecute,
            Job::Transfer { org: false } => Action::DepartmentTransferExecute,
            Job::Rollback { org: true, .. } => Action::OrgTransferRollback,
            Job::Rollback { org: false, .. } => Action::DepartmentTransferRollback,
        }
    }

    /// Days the undo log is kept, given what was asked: a rollback keeps
    /// none (it is not rolled back in turn).
    pub fn undo_days(&self, asked: Option<u32>) -> Option<u32> {
        match self {
            Job::Transfer { .. } => asked,
            Job::Rollback { .. } => None,
        }
    }

    /// Whether the run can end short of its plan, and must say by how much:
    /// a rollback restores only what still holds what the transfer set.
    pub fn may_fall_short(&self) -> bool {
        matches!(self, Job::Rollback { .. })
    }

    /// Who may execute (or resume, or verify) it: transfers.md, "Who may
    /// act". A rollback is judged by the transfer it undoes as recorded, not
    /// by what its plan file says about it.
    pub async fn authorize(&self, db: &Db, operator: &User, plan: &Plan) -> Result<()> {
        match self {
            Job::Rollback { undone, .. } => {
                let record = crate::ops::status::get(db, *undone).await?;
                crate::ops::status::authorize(operator, &record)
            }
            Job::Transfer { org: true } => authorize(operator, Need::Superadmin, "execute organization transfers"),
            Job::Transfer { org: false } => authorize(
                operator,
                Need::AdminOf(plan.summary.from_organization.id.0),
                "execute transfers in this organization",
            ),
        }
    }
}
