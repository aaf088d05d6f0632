//! Locks on the users and departments a transfer touches, in the tool's own
//! collection `tether_transfer_locks`. A lock is a lease judged by the
//! database's clock: its holder renews it while it works, so a holder that
//! died releases it by expiry.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};

use super::Db;
use crate::error::{CliError, ErrorKind, Result};

pub const LOCKS: &str = "tether_transfer_locks";

/// How many transactions one run may have under way at once; each gets its
/// own session, recorded with the locks.
pub const CONCURRENT_TRANSACTIONS: usize = 1;

/// Who takes a lock, as shown to whoever finds it taken.
#[derive(Debug, Clone)]
pub struct Holder {
    pub transfer_id: ObjectId,
    pub operator: String,
    pub host: String,
    /// Host name, kernel boot id and pid namespace: where `pid` means this
    /// process and nothing else (two containers may share a host name).
    pub machine: String,
    pub pid: u32,
    /// Unique per process: a resumed run is a new holder of the same transfer.
    pub token: String,
}

impl Holder {
    pub fn new(transfer_id: ObjectId, operator: &str) -> Holder {
        let host = hostname();
        let pid = std::process::id();
        Holder {
            transfer_id,
            operator: operator.into(),
            token: format!("{host}:{pid}:{}", ObjectId::new()),
            machine: machine_id(&host),
            host,
            pid,
        }
    }
}

fn machine_id(host: &str) -> String {
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
    let pidns = std::fs::read_link("/proc/self/ns/pid").map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    if boot.trim().is_empty() || pidns.is_empty() {
        // Without both, a process elsewhere cannot be told from a dead one.
        return String::new();
    }
    format!("{host}|{}|{pidns}", boot.trim())
}

pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into())
}

/// The database's clock.
pub async fn server_now(db: &Db) -> Result<DateTime> {
    let hello = db.db.run_command(doc! { "hello": 1 }).await?;
    Ok(hello.get_datetime("localTime").copied().unwrap_or_else(|_| DateTime::now()))
}

/// A set of held locks and the task that renews them.
pub struct Locks {
    db: Db,
    keys: Vec<String>,
    holder: Holder,
    lost: Arc<AtomicBool>,
    fence: Arc<Fence>,
    renewer: Option<tokio::task::JoinHandle<()>>,
}

/// `user:<id>` / `department:<id>`.
pub fn key(entity: &str, id: ObjectId) -> String {
    format!("{entity}:{}", id.to_hex())
}

fn ms(d: Duration) -> i64 {
    d.as_millis() as i64
}

impl Locks {
    /// Takes every lock or none. A lock held by another live transfer is a
    /// `Locked` error (exit 5) naming its holder. `resuming` lets a resumed
    /// transfer take back its own locks from a process that is gone.
    pub async fn acquire(
        db: &Db,
        mut keys: Vec<String>,
        holder: Holder,
        lease: Duration,
        wait: Duration,
        resuming: bool,
    ) -> Result<Locks> {
        keys.sort();
        keys.dedup();
        let coll = db.db.collection::<Document>(LOCKS);
        let lsids = db.session_ids(CONCURRENT_TRANSACTIONS).await?;
        let mut held: Vec<String> = Vec::new();
        // The usual case, nobody holds any of them, takes one write however
        // many subjects a plan has; else one by one, in order, as below.
        let at_once = all_at_once(db, &keys, &holder, &lsids, lease).await?;
        for k in keys.iter().filter(|_| !at_once) {
            match take(db, k, &holder, &lsids, lease, wait, resuming).await {
                Ok(()) => held.push(k.clone()),
                Err(e) => {
                    if !held.is_empty() {
                        let _ = coll.delete_many(doc! { "_id": { "$in": &held }, "token": &holder.token }).await;
                    }
                    return Err(e);
                }
            }
        }
        let lost = Arc::new(AtomicBool::new(false));
        let fence = Arc::new(Fence {
            keys: keys.clone(),
            token: holder.token.clone(),
            lease,
            last_ok: std::sync::Mutex::new(std::time::Instant::now()),
            lost: lost.clone(),
        });
        let renewer = tokio::spawn(renew_loop(db.clone(), fence.clone()));
        Ok(Locks { db: db.clone(), keys, holder, lost, fence, renewer: Some(renewer) })
    }

    /// True once a renewal found a lock taken by someone else.
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    /// Stops renewing and deletes the locks this holder has.
    pub async fn release(&self) -> Result<()> {
        if let Some(r) = &self.renewer {
            r.abort();
        }
        self.db
            .db
            .collection::<Document>(LOCKS)
            .delete_many(doc! { "_id": { "$in": &self.keys }, "token": &self.holder.token })
            .await?;
        Ok(())
    }

    /// `result`, having released the locks first if it is an error: the one
    /// way a run gives its locks back when it stops before its transfer
    /// starts (the error is the one reported; a failed release leaves the
    /// locks to expire with their lease).
    pub async fn unless_ok<T>(&self, result: Result<T>) -> Result<T> {
        if result.is_err() {
            let _ = self.release().await;
        }
        result
    }
}

impl Drop for Locks {
    fn drop(&mut self) {
        if let Some(r) = self.renewer.take() {
            r.abort();
        }
    }
}

/// A lock document for `key`, held by `holder` from `now` for `lease`.
fn lock_doc(key: &str, holder: &Holder, lsids: &[Document], now: DateTime, lease: Duration) -> Document {
    doc! {
        "_id": key,
        "transferId": holder.transfer_id,
        "token": &holder.token,
        "operator": &holder.operator,
        "host": &holder.host,
        "machine": &holder.machine,
        "pid": holder.pid as i64,
        "lsids": lsids.to_vec(),
        "startedAt": now,
        "expiresAt": DateTime::from_millis(now.timestamp_millis() + ms(lease)),
    }
}

/// Takes every lock in one unordered insert; true when all were free. When
/// any was not, gives back those it took, so that the one-by-one path takes
/// them in order (two acquirers never wait on each other crosswise).
async fn all_at_once(db: &Db, keys: &[String], holder: &Holder, lsids: &[Document], lease: Duration) -> Result<bool> {
    if keys.len() < 2 {
        return Ok(false);
    }
    let now = server_now(db).await?;
    let docs: Vec<Document> = keys.iter().map(|k| lock_doc(k, holder, lsids, now, lease)).collect();
    let coll = db.db.collection::<Document>(LOCKS);
    match coll.insert_many(docs).ordered(false).await {
        Ok(_) => Ok(true),
        Err(_) => {
            coll.delete_many(doc! { "_id": { "$in": keys }, "token": &holder.token }).await?;
            Ok(false)
        }
    }
}

async fn take(
    db: &Db,
    key: &str,
    holder: &Holder,
    lsids: &[Document],
    lease: Duration,
    wait: Duration,
    resuming: bool,
) -> Result<()> {
    let coll = db.db.collection::<Document>(LOCKS);
    let deadline = tokio::time::Instant::now() + lease + Duration::from_secs(5);
    // Another run that is still taking its locks may give them back at once;
    // a transfer that is under way will not, and we say so within seconds.
    let patience = tokio::time::Instant::now() + wait;
    let mut failures = 0;
    loop {
        let now = server_now(db).await?;
        let fresh = lock_doc(key, holder, lsids, now, lease);
        match coll.insert_one(fresh.clone()).await {
            Ok(_) => return Ok(()),
            Err(e) if is_duplicate(&e) => {}
            // A dropped connection or a write conflict: try again, a bounded number of times.
            Err(e) if crate::db::retry::is_transient(&e) && failures < crate::db::retry::ATTEMPTS => {
                failures += 1;
                tokio::time::sleep(crate::db::retry::backoff(failures)).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        let Some(current) = coll.find_one(doc! { "_id": key }).await? else {
            continue;
        };
        let expired = current.get_datetime("expiresAt").map(|d| *d < now).unwrap_or(true);
        let same_transfer = current.get_object_id("transferId").ok() == Some(holder.transfer_id);
        // A holder on this very machine whose process is gone cannot renew
        // its lease; waiting for expiry would only delay. Elsewhere, only the
        // lease can tell.
        let on_this_machine =
            !holder.machine.is_empty() && current.get_str("machine").ok() == Some(holder.machine.as_str());
        let holder_gone = on_this_machine && current.get_i64("pid").map(|p| !process_alive(p as u32)).unwrap_or(false);
        if expired || holder_gone {
            // End whatever transaction the previous holder left open (it
            // would hold its write locks until the server times it out).
            if let Ok(old) = current.get_array("lsids") {
                let _ = db.client.database("admin").run_command(doc! { "killSessions": old.clone() }).await;
            }
            // Take it over only if nobody else did meanwhile.
            let mut replace = fresh.clone();
            replace.remove("_id");
            let r = coll
                .update_one(
                    doc! { "_id": key, "token": current.get_str("token").unwrap_or_default() },
                    doc! { "$set": replace },
                )
                .await?;
            if r.modified_count == 1 {
                return Ok(());
            }
            continue;
        }
        if resuming && same_transfer {
            // Our own transfer, still held. A holder on this machine that is
            // stopped (SIGSTOP, a debugger) cannot renew: its lease will run
            // out, so wait for it. One that runs, or one elsewhere whose
            // lease is current, is at work: say so now.
            let stopped = on_this_machine && current.get_i64("pid").is_ok_and(|p| process_stopped(p as u32));
            if stopped && tokio::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(250)).await;
                continue;
            }
            let id = holder.transfer_id;
            return Err(locked_error(db, key, &current).await.with_hint(format!(
                "The transfer is running; follow it with `tether-transfer status {id} --wait`, or resume it once it stops."
            )));
        }
        if tokio::time::Instant::now() < patience {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        return Err(locked_error(db, key, &current).await);
    }
}

/// A lock's subject as a person reads it: `user sam@x.test (6780…)`,
/// `department "Sales" (6780…)`; the key's id alone when no name is readable.
async fn subject(db: &Db, key: &str) -> String {
    let (entity, hex) = key.split_once(':').unwrap_or(("", key));
    let named = match ObjectId::parse_str(hex) {
        Ok(id) if entity == "user" => db.user_named(id).await,
        Ok(id) if entity == "department" => db.department_named(id).await,
        _ => hex.to_string(),
    };
    format!("{entity} {named}").trim_start().to_string()
}

async fn locked_error(db: &Db, key: &str, current: &Document) -> CliError {
    let started =
        current.get_datetime("startedAt").map(|d| d.try_to_rfc3339_string().unwrap_or_default()).unwrap_or_default();
    let expires =
        current.get_datetime("expiresAt").map(|d| d.try_to_rfc3339_string().unwrap_or_default()).unwrap_or_default();
    let id = current.get_object_id("transferId").map(|o| o.to_hex()).unwrap_or_default();
    CliError::new(
        ErrorKind::Locked,
        format!(
            "{} is locked by transfer {id} (operator {}, host {}, pid {}, started {started}, lease until {expires}).",
            subject(db, key).await,
            current.get_str("operator").unwrap_or("?"),
            current.get_str("host").unwrap_or("?"),
            current.get_i64("pid").unwrap_or(0),
        ),
    )
    .with_hint(format!("Wait for it to finish (tether-transfer status {id}), then scan again."))
}

pub fn is_duplicate(e: &mongodb::error::Error) -> bool {
    use mongodb::error::{ErrorKind as K, WriteFailure};
    match e.kind.as_ref() {
        K::Write(WriteFailure::WriteError(w)) => w.code == 11000,
        K::Command(c) => c.code == 11000,
        _ => false,
    }
}

/// Whether a process of this machine is stopped (state T in /proc).
fn process_stopped(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('T') || rest.starts_with('t')))
        .unwrap_or(false)
}

/// Whether the tool's lock collection exists yet (a first transfer on this
/// database creates it).
pub async fn collection_exists(db: &Db) -> Result<bool> {
    // `authorizedCollections`: the tool's role needs no listCollections
    // privilege for this; it sees the collections it may act on.
    let names = db.db.list_collection_names().filter(doc! { "name": LOCKS }).authorized_collections(true).await?;
    Ok(!names.is_empty())
}

pub fn process_alive(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

async fn renew_loop(db: Db, fence: Arc<Fence>) {
    let every = (fence.lease / 3).max(Duration::from_millis(200));
    let coll = db.db.collection::<Document>(LOCKS);
    loop {
        tokio::time::sleep(every).await;
        let Ok(now) = server_now(&db).await else {
            continue;
        };
        let expires = DateTime::from_millis(now.timestamp_millis() + ms(fence.lease));
        match coll
            .update_many(
                doc! { "_id": { "$in": &fence.keys }, "token": &fence.token },
                doc! { "$set": { "expiresAt": expires } },
            )
            .await
        {
            Ok(r) if r.matched_count < fence.keys.len() as u64 => {
                fence.lost.store(true, Ordering::SeqCst);
                return;
            }
            Ok(_) => *fence.last_ok.lock().unwrap() = std::time::Instant::now(),
            // A failed renewal is retried at the next tick; the lease leaves room for two.
            _ => {}
        }
    }
}

/// What a holder knows of its locks, for the check before every write.
struct Fence {
    keys: Vec<String>,
    token: String,
    lease: Duration,
    /// When a renewal last found every lock still ours.
    last_ok: std::sync::Mutex<std::time::Instant>,
    lost: Arc<AtomicBool>,
}

impl Locks {
    /// Fails when this holder no longer holds its locks. Cheap while
    /// renewals succeed; once the last one is older than half a lease (the
    /// process was stopped, or the server unreachable), it asks the database.
    pub async fn fence(&self, db: &Db) -> Result<()> {
        let f = &self.fence;
        let lost = || {
            CliError::unexpected(
                "Lost the lock on a subject of this transfer (its lease expired and another run took it over).",
            )
        };
        if f.lost.load(Ordering::SeqCst) {
            return Err(lost());
        }
        let stale = f.last_ok.lock().unwrap().elapsed() > f.lease / 2;
        if stale {
            let held = db
                .db
                .collection::<Document>(LOCKS)
                .count_documents(doc! { "_id": { "$in": &f.keys }, "token": &f.token })
                .await?;
            if held < f.keys.len() as u64 {
                f.lost.store(true, Ordering::SeqCst);
                return Err(lost());
            }
            *f.last_ok.lock().unwrap() = std::time::Instant::now();
        }
        Ok(())
    }
}
