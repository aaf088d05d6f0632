//! `execute`: re-validate a plan under locks, then apply it phase by phase
//! (freeze, move each kind in batches, sweep, users and departments, delete
//! the emptied source, unfreeze), every write in a transaction that also
//! records its effect, so a crash at any instant can be resumed.
//!
//! `revalidate`: the checks before any change; `batches`: moving one kind;
//! `writes`: the writes themselves, built without the database; `record`:
//! the journal and the status record.

mod batches;
mod drift;
mod record;
mod revalidate;
mod rollback;
pub mod sizer;
mod throttle;
pub mod writes;

pub use revalidate::{
    applied_by, check_derived, entities_differ, precheck, record_of_plan, revalidate, same_deployment, subjects,
};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mongodb::bson::{DateTime, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::journal::{Journal, Phase, set_phase, transact, transact_logged};
use crate::db::locks::{Holder, Locks};
use crate::db::record::{self as status_record, StatusRecord};
use crate::db::shards::PER_DOCUMENT_BATCH;
use crate::db::undo::{self, Capture};
use crate::error::{CliError, ErrorKind, Result};
use crate::ops::job::Job;
use crate::ops::scan::Ranges;
use crate::ops::transfer::{Transfer, from_plan};
use crate::plan::Plan;
use batches::{Batching, Mover, Passes, batching, first_range_size, move_ids, move_kind, move_ranges};

/// Asks a running execute to stop after the current batch (Ctrl-C, or the
/// reader of its output gone). Cloned into whatever may ask.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub no_freeze: bool,
    /// Days the undo log is kept; None: no undo log (`--no-undo`).
    pub undo_days: Option<u32>,
    /// A fixed batch size (`--batch-size`); None: sized by `batch_time`.
    pub batch_size: Option<u32>,
    /// How long each batch's transaction aims to take (`--batch-time`).
    pub batch_time: Duration,
    pub lease: Duration,
    /// How long to wait for a lock another run holds before exiting 5.
    pub lock_wait: Duration,
    pub cancel: Cancel,
    /// Documents per second at most (`--max-rate`).
    pub max_rate: Option<u32>,
    /// Wait between batches while a secondary lags more (`--max-lag`).
    pub max_lag: Option<Duration>,
    /// The id the transfer takes (a detached run's, chosen by its parent).
    pub transfer_id: Option<ObjectId>,
    /// The approvals the policy counted (`ops::approval::enforce`, under
    /// the locks), kept in the status record.
    pub approvals: Vec<crate::db::record::ApprovalRef>,
    /// How many of them the policy asks for: at least as many must still be
    /// unrevoked in the transaction that starts the transfer.
    pub approvals_needed: u32,
}

impl Options {
    /// The batch sizer these options ask for (`start`: a resumed run's last size).
    pub fn sizer(&self, start: Option<u32>) -> sizer::Sizer {
        sizer::Sizer::new(self.batch_size, self.batch_time, start)
    }
}

/// What execute reports while it works (bars, JSON lines, or nothing).
pub trait Progress: Send + Sync {
    /// Per kind: (key, planned total, already processed).
    fn started(&self, transfer_id: ObjectId, kinds: &[(String, u64, u64)]);
    fn advanced(&self, kind: &str, n: u64);
    fn kind_finished(&self, kind: &str);
    fn phase(&self, phase: Phase);
    fn finished(&self, ok: bool);
    /// Paused (from another terminal), or going on again.
    fn paused(&self, _paused: bool) {}
    /// The rate limit changed (None: no limit).
    fn rate(&self, _max_rate: Option<u32>) {}
    /// Waiting for something (a lagging secondary), or no longer.
    fn waiting(&self, _reason: Option<&str>) {}
    /// What the run does before the transfer starts (`started`): taking
    /// the locks, re-validating the plan.
    fn preparing(&self, _step: &str) {}
    /// A line for the person watching (the interrupt's sentence), shown
    /// where it does not disturb the progress drawn.
    fn note(&self, line: &str);
}

/// Why a run must stop before its next transaction: its locks were lost, or
/// it was asked to stop.
pub(crate) struct Stop<'a> {
    locks: &'a Locks,
    cancel: &'a Cancel,
}

impl Stop<'_> {
    fn check(&self) -> Result<()> {
        if self.locks.lost() {
            return Err(CliError::unexpected(
                "Lost the lock on a subject of this transfer (its lease expired while the database was unreachable).",
            ));
        }
        if self.cancel.cancelled() {
            return Err(CliError::unexpected(
                "Interrupted by the operator (Ctrl-C), or the output's reader went away.",
            ));
        }
        Ok(())
    }
}

/// A fresh execute: lock, re-validate, record, apply.
pub async fn execute(
    db: &Db,
    operator: &crate::ops::auth::Operator,
    plan: &Plan,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<StatusRecord> {
    let id = opts.transfer_id.unwrap_or_default();
    let job = Job::of(plan)?;
    let keys = subjects(plan);
    // On a database where no transfer ran yet, a plan that is stale or
    // edited is refused before the lock collection comes into being: an
    // error leaves the tool's own collections as they were too. (Under the
    // locks, re-validation runs again if a transfer started meanwhile.)
    let grain = opts.sizer(None).grain();
    let early = if !crate::db::locks::collection_exists(db).await? {
        progress.preparing("re-validating the plan");
        Some(db.hooks.profile.timed("revalidate", revalidate(db, plan, &job, operator, Some(grain))).await?.1)
    } else {
        None
    };
    progress.preparing("taking the locks");
    let locking = std::time::Instant::now();
    let locks = db
        .hooks
        .profile
        .timed(
            "locks",
            Locks::acquire(db, keys.clone(), Holder::new(id, &operator.email), opts.lease, opts.lock_wait, false),
        )
        .await?;
    db.hooks.crash_point("locked");
    // Waited for the locks: the earlier re-validation is too old to count.
    let early = early.filter(|_| locking.elapsed() < Duration::from_secs(1));
    let prepared = async {
        // A failed transfer being rolled back is the one unfinished transfer allowed.
        db.hooks.profile.timed("unfinished", crate::ops::unfinished::refuse(db, plan, job.undone(), true)).await?;
        if let Some(applied) = db.hooks.profile.timed("applied", applied_by(db, &plan.scan_version)).await? {
            return Err(applied);
        }
        // Re-validated before the locks, on a database where no transfer
        // had run, the locks then taken at once: it still counts if no
        // transfer has started since, since only a transfer holds these
        // locks and every transfer writes its journal before it changes
        // anything. (It saves a second read of every document of the
        // transfer: 5 s of 22 at 100,000 documents among 10,000,000.)
        let ranges = match early {
            Some(ranges) if Journal::none(db).await? => ranges,
            _ => {
                progress.preparing("re-validating the plan");
                db.hooks.profile.timed("revalidate", revalidate(db, plan, &job, operator, Some(grain))).await?.1
            }
        };
        // Four eyes, judged again under the locks, just before the records
        // start: an approval revoked or expired while the operator answered
        // the prompt or waited for a lock does not count (the check before
        // the prompt only fails early).
        let mut opts = opts.clone();
        (opts.approvals, opts.approvals_needed) =
            db.hooks.profile.timed("approvals", crate::ops::approval::enforce(db, plan, &job, operator)).await?;
        db.hooks.crash_point("approvals-judged");
        Ok((record::start_records(db, &locks, id, plan, &job, operator, &keys, &opts).await?, ranges))
    }
    .await;
    let (journal, ranges) = locks.unless_ok(prepared).await?;
    drive(db, journal, plan, &job, ranges, &locks, opts, progress).await
}

/// Continues an interrupted or failed transfer from its journal.
pub async fn resume(
    db: &Db,
    operator: &crate::ops::auth::Operator,
    id: ObjectId,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<StatusRecord> {
    let journal = Journal::load(db, id)
        .await?
        .ok_or_else(|| CliError::not_found(format!("No transfer has the id {id} (nothing to resume).")))?;
    db.topology.require_known(&db.registry)?;
    if journal.phase == Phase::Completed {
        return Err(CliError::usage(format!("Transfer {id} has already completed; there is nothing to resume."))
            .with_hint(format!("See `tether-transfer status {id}`.")));
    }
    if let Some(by) = journal.rolled_back_by {
        return Err(CliError::usage(format!(
            "Transfer {id} is being rolled back (or was) by transfer {by}; it cannot be resumed."
        ))
        .with_hint(format!("See `tether-transfer status {by}`.")));
    }
    let plan = Plan::recorded(id, &journal.plan_json)?;
    let job = Job::of(&plan)?;
    job.authorize(db, operator, &plan).await?;
    crate::ops::approval::require_authenticated(db, &job, operator, "resume").await?;
    progress.preparing("taking the locks");
    let locks = Locks::acquire(
        db,
        journal.subjects.clone(),
        Holder::new(id, &operator.email),
        opts.lease,
        opts.lock_wait,
        true,
    )
    .await?;
    let ready = async {
        // The run we waited for may have finished meanwhile, or a rollback
        // of it started while this run waited for the locks.
        let journal = match Journal::load(db, id).await? {
            Some(j) if j.rolled_back_by.is_some() => {
                return Err(CliError::usage(format!("Transfer {id} is being rolled back; it cannot be resumed.")));
            }
            Some(j) if j.phase != Phase::Completed => j,
            _ => {
                return Err(CliError::usage(format!(
                    "Transfer {id} has already completed; there is nothing to resume."
                ))
                .with_hint(format!("See `tether-transfer status {id}`.")));
            }
        };
        // Resumed on purpose: a pause asked of the run that died is over.
        crate::db::journal::Control::set(db, id, false, None).await?;
        let by = status_record::Resume {
            operator: status_record::UserRef { id: operator.id, email: operator.email.clone() },
            operator_identity: operator.identity.clone(),
            at: crate::db::locks::server_now(db).await?,
        };
        status_record::mark_resumed(db, id, &by).await?;
        Ok(journal)
    };
    let journal = locks.unless_ok(ready.await).await?;
    // The ranges cut at re-validation are gone: the moving phase reads the
    // selections again.
    drive(db, journal, &plan, &job, Ranges::new(), &locks, opts, progress).await
}

/// Runs the phases the journal has not done yet. On failure the record says
/// `failed` with the error, and the error is a `Failed` one (exit 7).
#[allow(clippy::too_many_arguments)]
async fn drive(
    db: &Db,
    journal: Journal,
    plan: &Plan,
    job: &Job,
    ranges: Ranges,
    locks: &Locks,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<StatusRecord> {
    let id = journal.id;
    let stop = Stop { locks, cancel: &opts.cancel };
    let result = match job {
        Job::Transfer { .. } => run_phases(db, journal, plan, job, ranges, locks, opts, &stop, progress).await,
        Job::Rollback { undone, .. } => {
            let throttle = throttle::Throttle::new(journal.id, opts.max_rate, opts.max_lag);
            rollback::run_phases(db, journal, plan, job, *undone, locks, &stop, progress, &throttle).await
        }
    };
    progress.finished(result.is_ok());
    match result {
        Ok(()) => {
            let _ = db.hooks.profile.timed("release", locks.release()).await;
            let done = record::load_record(db, id).await?;
            if !done.not_restored.is_empty() {
                return Err(CliError::new(
                    ErrorKind::Unreconciled,
                    status_record::not_restored_message(id, &done.not_restored),
                ));
            }
            if !done.not_applied.is_empty() {
                return Err(CliError::new(
                    ErrorKind::Unreconciled,
                    status_record::not_applied_message(id, &done.not_applied),
                ));
            }
            Ok(done)
        }
        Err(e) => {
            let message = e.message.clone();
            let _ = status_record::mark_failed(db, id, &message).await;
            if !locks.lost() {
                let _ = locks.release().await;
            }
            Err(CliError::new(ErrorKind::Failed, format!("Transfer {id} failed part-way: {message}")).with_hint(
                format!("It stopped between two batches: what moved is recorded, the rest is where it was, and its users stay frozen until it ends. Fix the cause, then: tether-transfer execute --resume {id} (or undo what moved: tether-transfer scan rollback {id})."),
            ))
        }
    }
}

/// The phases of a transfer (a rollback's: `rollback::run_phases`).
#[allow(clippy::too_many_arguments)]
async fn run_phases(
    db: &Db,
    mut journal: Journal,
    plan: &Plan,
    job: &Job,
    mut ranges: Ranges,
    locks: &Locks,
    opts: &Options,
    stop: &Stop<'_>,
    progress: &dyn Progress,
) -> Result<()> {
    let transfer = &from_plan(plan)?;
    let steps = transfer.steps(&db.registry);
    // A selection read again (the sweep, a resumed run) reads and writes
    // only documents the tool can own: one the application wrote with an
    // array where one id belongs while the user was frozen is left as it
    // is, and reported when the transfer closes. The moving phase writes
    // what re-validation cut, every one of them checked then: the guard on
    // its batches cost 10 to 20 % of their writes.
    let swept: Vec<_> =
        transfer.steps(&db.registry).into_iter().map(|s| crate::ops::oddities::usable_only(s).0).collect();
    let id = journal.id;
    let undo = journal.undo_days.map(undo::expires_in);
    // A resumed run starts at the size its last batch had.
    let last = record::load_record(db, id).await?.batch_size.map(|c| c.0 as u32);
    let sizer = opts.sizer(last);
    let grain = sizer.grain();
    let throttle = throttle::Throttle::new(id, opts.max_rate, opts.max_lag);
    let mover = Mover { db, id, stop, progress, sizer: std::sync::Mutex::new(sizer), undo, throttle: &throttle };
    record::announce(db, id, plan, progress).await?;
    loop {
        progress.phase(journal.phase);
        let next = match journal.phase {
            Phase::Started => {
                if !journal.no_freeze {
                    record::freeze(db, locks, &mut journal, transfer).await?;
                } else {
                    transact(db, locks, &[set_phase(id, Phase::Moving)], |_| Vec::new(), "frozen").await?;
                }
                db.hooks.crash_point("frozen");
                Phase::Moving
            }
            Phase::Moving | Phase::Sweeping => {
                // One kind at a time: the server's writes are the limit, so
                // moving two kinds at once, or reading the next kind while
                // this one moves, measured no faster (CHANGELOG.md, "Tried and not kept").
                let passes = if journal.phase == Phase::Moving { Passes::Once } else { Passes::UntilEmpty };
                for (step, guarded) in steps.iter().zip(&swept) {
                    if journal.phase == Phase::Sweeping {
                        db.hooks.crash_point("sweeping");
                    }
                    let cut = ranges.remove(&step.kind.key).filter(|_| passes == Passes::Once);
                    match cut {
                        // Nothing there at re-validation: the sweep takes what appeared since.
                        Some(cut) if cut.is_empty() => 0,
                        Some(mut cut) => {
                            // Written a document at a time, batches are capped
                            // at 1,000: by ids when a cut of re-validation
                            // holds more (`--batch-size` over 1,000).
                            let capped = batches::per_document(db, step) && grain > PER_DOCUMENT_BATCH;
                            // Ids of several types (or of one that ranges
                            // badly) are named: a range matches one type.
                            let by = if capped || !cut.rangeable() {
                                Batching::Ids
                            } else {
                                batching(db, step, &cut.ranges[0], first_range_size(plan, step, grain)).await?
                            };
                            match (by, cut.ids()) {
                                (Batching::Ranges, _) => move_ranges(&mover, step, &cut.ranges).await?,
                                (_, Some(ids)) => move_ids(&mover, step, ids).await?,
                                (by, None) => move_kind(&mover, guarded, Some(by), passes).await?,
                            }
                        }
                        // The selection read again (the sweep, a resumed run):
                        // only what the tool can own.
                        None => move_kind(&mover, guarded, None, passes).await?,
                    };
                    progress.kind_finished(&step.kind.key);
                }
                let next = if journal.phase == Phase::Moving { Phase::Sweeping } else { Phase::Subjects };
                transact(db, locks, &[set_phase(id, next)], |_| Vec::new(), "phase").await?;
                db.hooks.crash_point(if next == Phase::Sweeping { "moved" } else { "swept" });
                next
            }
            Phase::Subjects => {
                let next =
                    if department_to_delete(transfer).is_some() { Phase::DeleteSource } else { Phase::Finishing };
                let bulk_source = match transfer {
                    Transfer::Bulk(b) => Some(db.department_by_id(b.source.id).await?.ok_or_else(|| {
                        CliError::unexpected(format!("The source department {} disappeared.", b.source.id))
                    })?),
                    _ => None,
                };
                let ops = writes::subject_ops(&db.registry, transfer, bulk_source.as_ref());
                let captures =
                    undo.map(|expires| subject_captures(db, plan, transfer, id, expires)).unwrap_or_default();
                transact_logged(db, locks, &ops, &captures, |_| vec![set_phase(id, next)], "subjects").await?;
                db.hooks.crash_point("subjects-committed");
                next
            }
            Phase::DeleteSource => {
                let gone = department_to_delete(transfer).expect("only transfers that delete a department get here");
                record::delete_source(db, locks, id, &gone, undo).await?;
                Phase::Finishing
            }
            Phase::Finishing => {
                late_sweep(&mover, &swept, journal.no_freeze).await?;
                record::close(db, locks, &journal, plan, job).await?;
                // Done and recorded: a stop asked for now comes too late to matter.
                return Ok(());
            }
            Phase::Completed => return Ok(()),
        };
        stop.check()?;
        journal.phase = next;
    }
}

/// How many times the last sweep goes round while documents keep coming.
const LATE_ROUNDS: usize = 5;

/// The sweep once more, right before the transfer closes: what a client
/// that ignores the freeze committed under the old ownership while later
/// kinds were swept and the users and departments written would otherwise
/// stay behind (measured by a probe: documents committed 36 to 116 ms
/// before the close). Round after round until one moves nothing; a client
/// that keeps writing stops the transfer, resumable, rather than let it close
/// with documents left. A round that finds nothing costs each kind's probe
/// of an empty selection (its equalities, through an index: a count of the
/// whole selection cost 2 s at 1 in 10 of 1,000,000).
/// Without a freeze (`--no-freeze`), the users keep working and writing:
/// one round, and the close.
async fn late_sweep(mover: &Mover<'_>, swept: &[crate::ops::transfer::Step<'_>], no_freeze: bool) -> Result<()> {
    let mut moved = 0;
    for _ in 0..LATE_ROUNDS {
        moved = 0;
        for step in swept {
            let n = move_kind(mover, step, None, Passes::UntilEmpty).await?;
            if n > 0 {
                mover.progress.kind_finished(&step.kind.key);
            }
            moved += n;
        }
        if moved == 0 || no_freeze {
            return Ok(());
        }
    }
    Err(CliError::unexpected(format!(
        "documents keep arriving under the old ownership while the transfer closes ({moved} in the last of {LATE_ROUNDS} sweeps): a client writes for its users without heeding the freeze; stop it"
    )))
}

/// What the undo log keeps of the users' and departments' own update: the
/// moving users' organization and role, the departments' managers and members.
fn subject_captures<'a>(
    db: &Db,
    plan: &Plan,
    transfer: &Transfer,
    id: ObjectId,
    expires: DateTime,
) -> Vec<Capture<'a>> {
    let (u, d) = (&db.registry.users, &db.registry.departments);
    let users: Vec<ObjectId> = transfer.moving_users().iter().map(|u| u.id).collect();
    // Every department the update may change: those the plan names, and
    // those that list a moving user.
    let named: Vec<ObjectId> =
        plan.entities.iter().filter(|e| e.entity == crate::plan::EntityType::Department).map(|e| e.id.0).collect();
    let departments = doc! { "$or": [
        { "_id": { "$in": named } },
        { &d.managers: { "$in": &users } },
        { &d.members: { "$in": &users } },
    ] };
    vec![
        Capture {
            collection: u.collection.clone(),
            filter: doc! { "_id": { "$in": users } },
            fields: vec!["_id".into(), u.organization.clone(), u.access_role.clone()],
            whole: false,
            entry: undo::header(id, undo::USERS, expires),
            dense: true,
            predict: None,
        },
        Capture {
            collection: d.collection.clone(),
            filter: departments,
            fields: vec!["_id".into(), d.managers.clone(), d.members.clone()],
            whole: false,
            entry: undo::header(id, undo::DEPARTMENTS, expires),
            dense: true,
            predict: None,
        },
    ]
}

/// The department a transfer deletes once it is empty, if any.
fn department_to_delete(t: &Transfer) -> Option<crate::db::entities::Department> {
    match t {
        Transfer::Bulk(b) if b.delete_source => Some(b.source.clone()),
        Transfer::Department(d) => d.delete_source.clone(),
        _ => None,
    }
}
