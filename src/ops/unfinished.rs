//! Transfers that started and have not finished: their journal's phase is
//! not `completed` and no rollback took them over. Such a transfer keeps
//! its users frozen (`isActive: false`) and its users and departments to
//! itself until it is resumed (or, once failed, rolled back). Scan warns of
//! one that touches a plan's users or departments and names it when it is
//! why a re-assignee is inactive; execute and approve refuse a plan one of
//! them touches. Each message names the transfer, its state, and the
//! command that finishes or undoes it.

use mongodb::bson::oid::ObjectId;

use crate::db::Db;
use crate::db::journal::Journal;
use crate::db::record::{self, Action, Status};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::status::has_live_holder;
use crate::plan::{Code, EntityType, Finding, Plan};
use crate::review::Names;
use crate::text::and_list;

/// Where an unfinished transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A live process works on it.
    InProgress,
    /// Paused from another terminal; its process waits, its locks held.
    Paused,
    /// Its record says it runs, but no live process holds its locks (killed,
    /// crashed, the machine lost).
    Interrupted,
    /// It stopped on an error (or Ctrl-C) part-way.
    Failed,
}

/// One unfinished transfer.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub id: ObjectId,
    pub state: State,
    /// Its record's action (None: it has no record, which a journal never
    /// lacks but for a damaged database).
    pub action: Option<Action>,
    /// The lock keys of its users and departments (`user:<id>`, `department:<id>`).
    pub subjects: Vec<String>,
}

impl Unfinished {
    /// The unfinished transfers (other than `except`) that hold any of
    /// `subjects` or froze `frozen`, oldest first.
    pub async fn holding(
        db: &Db,
        subjects: &[String],
        frozen: Option<ObjectId>,
        except: Option<ObjectId>,
    ) -> Result<Vec<Unfinished>> {
        let mut out = Vec::new();
        for (id, subjects) in Journal::unfinished_holding(db, subjects, frozen, except).await? {
            out.push(Unfinished::of(db, id, subjects).await?);
        }
        Ok(out)
    }

    /// Transfer `id`'s state, from its record and its locks.
    pub async fn of(db: &Db, id: ObjectId, subjects: Vec<String>) -> Result<Unfinished> {
        let record = record::load(db, id).await?;
        let live = has_live_holder(db, id).await?;
        let state = match record.as_ref().map(|r| r.status) {
            Some(Status::Failed) => State::Failed,
            Some(Status::Paused) if live => State::Paused,
            Some(Status::InProgress) if live => State::InProgress,
            _ => State::Interrupted,
        };
        Ok(Unfinished { id, state, action: record.map(|r| r.action), subjects })
    }

    /// `transfer 6b… (an organization transfer, interrupted: no process is working on it)`.
    pub fn described(&self) -> String {
        let kind = match self.action {
            Some(Action::OrgTransferExecute) => "an organization transfer, ",
            Some(Action::DepartmentTransferExecute) => "a department transfer, ",
            Some(Action::OrgTransferRollback) => "the rollback of an organization transfer, ",
            Some(Action::DepartmentTransferRollback) => "the rollback of a department transfer, ",
            None => "",
        };
        let state = match self.state {
            State::InProgress => "in progress",
            State::Paused => "paused",
            State::Interrupted => "interrupted: no process is working on it",
            State::Failed => "failed part-way",
        };
        format!("transfer {} ({kind}{state})", self.id)
    }

    /// What to run so that it no longer holds anything: finish it, or undo it.
    pub fn next(&self) -> String {
        let id = self.id;
        let rollback = self.action.is_some_and(|a| a.is_rollback());
        match self.state {
            State::InProgress => format!("Wait for it to finish: `tether-transfer status {id} --wait`."),
            State::Paused => format!(
                "Let it go on with `tether-transfer continue {id}`, and wait for it to finish: `tether-transfer status {id} --wait`."
            ),
            State::Interrupted | State::Failed if rollback => {
                format!("Finish it with `tether-transfer execute --resume {id}`.")
            }
            State::Interrupted => format!(
                "Finish it with `tether-transfer execute --resume {id}` (once finished, `tether-transfer scan rollback {id}` can undo it)."
            ),
            State::Failed => format!(
                "Finish it with `tether-transfer execute --resume {id}`, or undo what it did with `tether-transfer scan rollback {id} --out undo.json`."
            ),
        }
    }

    /// Which of `subjects` (lock key, name) it holds, in their order.
    pub fn held<'a>(&self, subjects: &'a [(String, String)]) -> Vec<&'a str> {
        subjects.iter().filter(|(k, _)| self.subjects.contains(k)).map(|(_, name)| name.as_str()).collect()
    }

    /// The refusal of a plan whose `subjects` it holds (exit 5).
    pub fn refusal(&self, subjects: &[(String, String)]) -> CliError {
        let held = self.held(subjects);
        let who = match held.as_slice() {
            [] => "Users or departments of this plan are".to_string(),
            [one] => format!("{one}, of this plan, is"),
            many => format!("{}, of this plan, are", and_list(many)),
        };
        CliError::new(
            ErrorKind::Locked,
            sentence_start(&format!("{who} held by {}, which has not finished.", self.described())),
        )
        .with_hint(self.next())
    }

    /// The warning of a scan whose `subjects` it holds.
    pub fn warning(&self, subjects: &[(String, String)]) -> Finding {
        let held = self.held(subjects);
        let who = match held.as_slice() {
            [] => "Users or departments of this plan are".to_string(),
            [one] => format!("{one} is"),
            many => format!("{} are", and_list(many)),
        };
        Finding {
            code: Code::UnfinishedTransfer,
            message: sentence_start(&format!(
                "{who} held by {}, which has not finished; execute refuses this plan until it has. {}",
                self.described(),
                self.next()
            )),
        }
    }
}

/// A plan's users and departments (those execute locks), each with its lock
/// key and its name as a person reads it: `sam@x.test`, `department "Sales"`.
pub fn subjects(plan: &Plan) -> Vec<(String, String)> {
    let names = Names::of(plan);
    let mut out: Vec<(String, String)> = Vec::new();
    for e in plan.entities.iter().filter(|e| e.entity != EntityType::Organization) {
        let key = crate::db::locks::key(e.entity.as_str(), e.id.0);
        if out.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let name = match (e.entity, names.get(&e.id)) {
            (EntityType::Department, Some(n)) => format!("department {n}"),
            (_, Some(n)) => n.to_string(),
            (entity, None) => format!("{} {}", entity.as_str(), e.id),
        };
        out.push((key, name));
    }
    out
}

/// The warnings of a scan: one per unfinished transfer holding a user or
/// department of the plan.
pub async fn warnings(db: &Db, plan: &Plan) -> Result<Vec<Finding>> {
    let subjects = subjects(plan);
    let keys: Vec<String> = subjects.iter().map(|(k, _)| k.clone()).collect();
    Ok(Unfinished::holding(db, &keys, None, None).await?.iter().map(|u| u.warning(&subjects)).collect())
}

/// Refuses a plan that an unfinished transfer (other than `except`: the
/// failed transfer a rollback undoes) holds a user or department of.
/// Without `live`, only one that no process works on (interrupted or
/// failed): execute leaves a live one to its locks, which wait for it
/// (`--lock-wait`) and then name its holder.
pub async fn refuse(db: &Db, plan: &Plan, except: Option<ObjectId>, live: bool) -> Result<()> {
    let subjects = subjects(plan);
    let keys: Vec<String> = subjects.iter().map(|(k, _)| k.clone()).collect();
    let found = Unfinished::holding(db, &keys, None, except).await?;
    let dead = |u: &&Unfinished| matches!(u.state, State::Interrupted | State::Failed);
    match found.iter().find(|u| live || dead(u)) {
        Some(u) => Err(u.refusal(&subjects)),
        None => Ok(()),
    }
}

/// A sentence that starts with a name written in lower case (`department
/// "Sales"`) starts with a capital.
fn sentence_start(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) if s.starts_with("department ") => first.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

/// The error of a re-assignee an unfinished transfer froze: the real cause
/// of their `isActive: false` (exit 5, as for any subject it holds).
pub async fn frozen_reassignee(db: &Db, user: ObjectId, email: &str) -> Result<Option<CliError>> {
    let found = Unfinished::holding(db, &[], Some(user), None).await?;
    Ok(found.first().map(|u| {
        CliError::new(
            ErrorKind::Locked,
            format!(
                "The re-assignee {email} is frozen (isActive: false) by {}, which has not finished.",
                u.described()
            ),
        )
        .with_hint(u.next())
    }))
}
