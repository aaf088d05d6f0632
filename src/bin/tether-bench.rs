//! tether-bench: times the tool against the hand-written alternative (one
//! `updateMany` per collection and field) on the same generated data, and
//! checks that both leave the database in the same final state.
//!
//! For each N it measures, on freshly generated data (N documents owned by
//! big.owner@acme.test): preview, scan org and execute of an organization
//! transfer, scan and execute of a bulk department transfer (Support, where
//! big works, to Archive), `status` latency while the transfer runs, and the
//! same final changes made by a plain script (one updateMany per collection
//! and field, data reset in between). Prints a table, writes JSON and an SVG
//! chart of time against N.
//!
//! Then a reorganization (`generator::reorg`): an assignments file of 1,000
//! rows moving 1,000 users, who own 100,000 documents interleaved with their
//! colleagues', from 4 departments to 5; scan and execute are measured
//! against the bulk transfer (`--from --to`) of the same layout held in one
//! department, the median of `--repeat` runs each.
//!
//! Two more, run only when asked (`--only`):
//! - `throughput`: the organization transfer on realistic layouts, big's
//!   documents 1 in K of each collection (`--layouts 1,10,100`, K = 1 the
//!   contiguous layout), each N of `--sizes`: execute with the default
//!   settings against the plain script, on identical fresh data.
//! - `impact`: what Tether's application sees while a transfer runs: a
//!   workload of its own (another thread, its own runtime and client) reads
//!   and writes the same organization at a steady `--rate`, a few seconds
//!   idle, then during the transfer; its latency per phase and its errors,
//!   for the default settings, `--batch-time 25`, `--batch-size 5000` and
//!   `--max-rate`; and whether every write it made is still there afterwards.
//!
//! Usage: tether-bench --uri mongodb://127.0.0.1:PORT [--sizes 10000,100000] [--out bench.json] [--chart bench.svg]
//!        [--assignments 1000] [--assignment-docs 100000] [--repeat 3] [--only sizes|assignments|throughput|impact]
//!        [--layouts 1,10,100] [--max-dataset 12000000]
//!        [--impact-docs 250000] [--impact-layout 1] [--rate 200] [--idle-secs 5] [--impact-max-rate 20000]

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use clap::Parser;
use mongodb::bson::{Document, doc};
use mongodb::{Client, Database};

use tether_transfer::generator::{self, Manifest, Options};

#[derive(Parser)]
#[command(name = "tether-bench", about = "Benchmark tether-transfer against a plain updateMany script.")]
struct Args {
    /// A MongoDB server the benchmark may write to (it creates and drops bench_* databases).
    #[arg(long, env = "MONGODB_URI")]
    uri: String,
    /// Documents owned by the moving user, one run per value.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    sizes: Vec<u64>,
    /// Where to write the results as JSON.
    #[arg(long, default_value = "bench-results.json")]
    out: PathBuf,
    /// Where to draw the chart (SVG).
    #[arg(long, default_value = "bench-chart.svg")]
    chart: PathBuf,
    /// Rows of the many-assignment scenario's file (users moved in one plan); 0 skips it.
    #[arg(long, default_value_t = 1000)]
    assignments: u32,
    /// Documents the many-assignment scenario's users own (as many of their colleagues' are interleaved).
    #[arg(long, default_value_t = 100_000)]
    assignment_docs: u64,
    /// Runs of the many-assignment scenario (each side on fresh data); the table shows medians.
    #[arg(long, default_value_t = 3)]
    repeat: u32,
    /// Run only the per-N scenarios, only the many-assignment one, only the
    /// throughput on interleaved layouts (over --sizes and --layouts), or only
    /// the application-impact scenarios. Without it: the per-N scenarios and
    /// the many-assignment one.
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// Throughput: layouts of big's documents, 1 in K of each collection (1: contiguous).
    #[arg(long, value_delimiter = ',', default_value = "1,10,100")]
    layouts: Vec<u32>,
    /// Throughput: skip (saying so) an N and layout whose dataset would exceed this many documents.
    #[arg(long, default_value_t = 12_000_000)]
    max_dataset: u64,
    /// Impact: documents owned by the moving user.
    #[arg(long, default_value_t = 250_000)]
    impact_docs: u64,
    /// Impact: layout of those documents (1 in K of each collection).
    #[arg(long, default_value_t = 1)]
    impact_layout: u32,
    /// Impact: the application's operations per second.
    #[arg(long, default_value_t = 200)]
    rate: u32,
    /// Impact: seconds of application workload measured before the transfer starts.
    #[arg(long, default_value_t = 5.0)]
    idle_secs: f64,
    /// Impact: the `--max-rate` (documents per second) of its throttled scenario.
    #[arg(long, default_value_t = 20_000)]
    impact_max_rate: u32,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Only {
    Sizes,
    Assignments,
    Throughput,
    Impact,
}

/// One measured command: wall seconds and peak resident memory (KiB, from the kernel).
#[derive(Debug, Clone, serde::Serialize)]
struct Measure {
    seconds: f64,
    peak_rss_kib: i64,
    /// Where the time went (`TETHER_TRANSFER_PROFILE`), for the runs that profile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    profile: Vec<String>,
}

/// The collections an organization transfer reassigns (reminders apart: only
/// unfired ones) and those it moves, for the plain script.
const REASSIGNED: [&str; 8] = [
    "contacts",
    "conversations",
    "automations",
    "workflows",
    "webchatconfigurations",
    "prompts",
    "automationkeys",
    "agents",
];
const MOVED: [&str; 6] = [
    "acquireditems",
    "emailaccounts",
    "calendarconnections",
    "calendartoolconfigurations",
    "googlesheetstokens",
    "voicephonenumbers",
];

fn tool() -> PathBuf {
    std::env::current_exe().unwrap().with_file_name("tether-transfer")
}

/// tether-transfer on database `db` of `uri`, as the dataset's superadmin.
fn tool_command(uri: &str, db: &str) -> Command {
    let mut command = Command::new(tool());
    command.env("MONGODB_URI", uri).env("TETHER_DB", db).env("TETHER_OPERATOR", "root@tether.test");
    command
}

/// Runs the tool and reads its peak resident memory from the kernel: VmHWM
/// of its own address space, sampled until it exits. (wait4's ru_maxrss is
/// no good here: Linux carries the parent's high-water mark across fork and
/// exec into the child's.)
fn run_tool(uri: &str, db: &str, args: &[&str]) -> Measure {
    run_tool_profiled(uri, db, args, false)
}

/// `run_tool`, and with `profile` the tool's own account of where the time
/// went (its stages, its CPU time), read from its stderr.
fn run_tool_profiled(uri: &str, db: &str, args: &[&str], profile: bool) -> Measure {
    let started = Instant::now();
    let mut command = tool_command(uri, db);
    command.args(args).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::inherit());
    if profile {
        command.env("TETHER_TRANSFER_PROFILE", "1").stderr(std::process::Stdio::piped());
    }
    let mut child = command.spawn().expect("tether-transfer starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0i64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<i64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut stderr).unwrap();
    }
    assert!(status.success(), "tether-transfer {args:?} failed ({status}): {stderr}");
    let profile = stderr.lines().filter_map(|l| l.strip_prefix("profile: ")).map(str::to_string).collect::<Vec<_>>();
    Measure { seconds, peak_rss_kib: peak, profile }
}

async fn fresh(client: &Client, name: &str, n: u64) -> (Database, Manifest) {
    fresh_layout(client, name, n, 1).await
}

/// A freshly generated dataset with big's `n` documents 1 in `interleave` of each collection.
async fn fresh_layout(client: &Client, name: &str, n: u64, interleave: u32) -> (Database, Manifest) {
    let db = client.database(name);
    db.drop().await.unwrap();
    let opts = Options { big_user_docs: n, interleave, ..Default::default() };
    let m = generator::generate(&db, &opts).await.unwrap();
    (db, m)
}

/// Whether this build of tether-transfer's `execute` knows `flag`.
fn execute_has_flag(flag: &str) -> bool {
    let out = Command::new(tool()).args(["execute", "--help"]).output().expect("tether-transfer runs");
    String::from_utf8_lossy(&out.stdout).split(|c: char| !(c.is_alphanumeric() || c == '-')).any(|w| w == flag)
}

/// The machine's 1-minute load average (other work on the machine shows in the figures).
fn load() -> f64 {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

fn mib(kib: i64) -> f64 {
    kib as f64 / 1024.0
}

/// The hand-written alternative: the same final changes, one updateMany per
/// collection and field, no plan, no checks, no journal.
async fn baseline(db: &Database, m: &Manifest) -> f64 {
    let (big, bob, acme, initech) = (m.id("user:big"), m.id("user:bob"), m.id("org:acme"), m.id("org:initech"));
    let owned = doc! { "organizationId": acme, "userId": big };
    let started = Instant::now();
    let c = |n: &str| db.collection::<Document>(n);
    // Conversations: the assignment first, while the owner still says big.
    c("conversations")
        .update_many(
            doc! { "organizationId": acme, "userId": big, "assigneeId": big },
            doc! { "$set": { "assigneeId": bob } },
        )
        .await
        .unwrap();
    for coll in REASSIGNED {
        c(coll).update_many(owned.clone(), doc! { "$set": { "userId": bob } }).await.unwrap();
    }
    c("reminders")
        .update_many(doc! { "organizationId": acme, "userId": big, "fired": false }, doc! { "$set": { "userId": bob } })
        .await
        .unwrap();
    c("conversations")
        .update_many(doc! { "organizationId": acme, "assigneeId": big }, doc! { "$set": { "assigneeId": bob } })
        .await
        .unwrap();
    for coll in MOVED {
        c(coll).update_many(owned.clone(), doc! { "$set": { "organizationId": initech } }).await.unwrap();
    }
    c("approvalpolicies")
        .update_many(
            doc! { "organizationId": acme, "approverIds": big },
            vec![doc! { "$set": { "approverIds": { "$map": { "input": "$approverIds", "in": { "$cond": [{ "$eq": ["$$this", big] }, bob, "$$this"] } } } } }],
        )
        .await
        .unwrap();
    c("users")
        .update_one(doc! { "_id": big }, doc! { "$set": { "organizationId": initech, "accessRole": "SALES_REP" } })
        .await
        .unwrap();
    c("departments")
        .update_many(doc! { "organizationId": acme }, doc! { "$pull": { "managers": big, "members": big } })
        .await
        .unwrap();
    started.elapsed().as_secs_f64()
}

/// The time of the counting queries the baseline would need to know what it will change.
async fn baseline_counts(db: &Database, m: &Manifest) -> f64 {
    let (big, acme) = (m.id("user:big"), m.id("org:acme"));
    let started = Instant::now();
    for coll in REASSIGNED.iter().chain(["reminders"].iter()).chain(MOVED.iter()) {
        db.collection::<Document>(coll).count_documents(doc! { "organizationId": acme, "userId": big }).await.unwrap();
    }
    db.collection::<Document>("conversations")
        .count_documents(doc! { "organizationId": acme, "assigneeId": big })
        .await
        .unwrap();
    db.collection::<Document>("approvalpolicies")
        .count_documents(doc! { "organizationId": acme, "approverIds": big })
        .await
        .unwrap();
    started.elapsed().as_secs_f64()
}

/// The plain script for the bulk move: every department-scoped document of
/// Support re-pointed to Archive, the users moved, Support deleted.
async fn baseline_bulk(db: &Database, m: &Manifest) -> f64 {
    let (support, archive) = (m.id("dept:acme/support"), m.id("dept:acme/archive"));
    let started = Instant::now();
    for coll in ["contacts", "conversations", "automations", "prompts", "approvalpolicies"] {
        db.collection::<Document>(coll)
            .update_many(doc! { "departmentId": support }, doc! { "$set": { "departmentId": archive } })
            .await
            .unwrap();
    }
    let d = db.collection::<Document>("departments");
    let src = d.find_one(doc! { "_id": support }).await.unwrap().unwrap();
    d.update_one(
        doc! { "_id": archive },
        doc! { "$addToSet": {
            "managers": { "$each": src.get_array("managers").unwrap().clone() },
            "members": { "$each": src.get_array("members").unwrap().clone() },
        } },
    )
    .await
    .unwrap();
    d.delete_one(doc! { "_id": support }).await.unwrap();
    started.elapsed().as_secs_f64()
}

/// Runs `execute` and, while it works, times `status <id> --json` calls.
fn execute_with_status_probe(
    uri: &str,
    db: &str,
    plan: &str,
    client_db: &Database,
    extra: &[&str],
) -> (Measure, Vec<f64>) {
    let runtime = tokio::runtime::Handle::current();
    let journal = client_db.collection::<Document>("tether_transfer_journal");
    let probe_uri = uri.to_string();
    let probe_db = db.to_string();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop2 = stop.clone();
    let prober = std::thread::spawn(move || {
        let mut samples = Vec::new();
        let id = loop {
            if stop2.load(std::sync::atomic::Ordering::SeqCst) {
                return samples;
            }
            if let Some(j) = runtime.block_on(async { journal.find_one(doc! {}).await }).ok().flatten() {
                break j.get_object_id("_id").unwrap().to_hex();
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        while !stop2.load(std::sync::atomic::Ordering::SeqCst) && samples.len() < 20 {
            let t = Instant::now();
            let out = Command::new(tool())
                .args(["status", &id, "--json"])
                .env("MONGODB_URI", &probe_uri)
                .env("TETHER_DB", &probe_db)
                .env("TETHER_OPERATOR", "root@tether.test")
                .output()
                .unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let running = String::from_utf8_lossy(&out.stdout).contains("\"in_progress\"");
            if out.status.success() && running {
                samples.push(ms);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        samples
    });
    let mut args = vec!["execute", plan, "-y", "-q", "--no-progress"];
    args.extend_from_slice(extra);
    let m = run_tool_profiled(uri, db, &args, true);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    (m, prober.join().unwrap())
}

/// The BSON bytes of the undo log.
async fn undo_log_bytes(db: &Database) -> u64 {
    use futures_util::TryStreamExt;
    let mut cursor =
        db.collection::<mongodb::bson::RawDocumentBuf>("tether_transfer_undo").find(doc! {}).await.unwrap();
    let mut total = 0u64;
    while let Some(d) = cursor.try_next().await.unwrap() {
        total += d.as_bytes().len() as u64;
    }
    total
}

/// The id of the newest transfer of a database.
async fn last_transfer(db: &Database) -> String {
    let j = db
        .collection::<Document>("tether_transfer_journal")
        .find_one(doc! {})
        .sort(doc! { "createdAt": -1 })
        .await
        .unwrap()
        .expect("a transfer ran");
    j.get_object_id("_id").unwrap().to_hex()
}

fn plan_total(plan: &std::path::Path) -> u64 {
    tether_transfer::plan::Plan::load(plan).expect("the scan wrote a valid plan").total()
}

#[derive(serde::Serialize)]
struct Row {
    n: u64,
    org_documents: u64,
    /// The same execute with `--no-undo`, on identical fresh data.
    execute_no_undo: Measure,
    undo_vs_no_undo: f64,
    /// The undo log's BSON bytes after the org execute.
    undo_bytes: u64,
    undo_bytes_per_document: f64,
    rollback_scan: Measure,
    rollback_execute: Measure,
    rollback_vs_execute: f64,
    /// The rollback ended with the data digest of before the transfer.
    rollback_restores: bool,
    preview: Measure,
    scan: Measure,
    execute: Measure,
    baseline_seconds: f64,
    baseline_count_seconds: f64,
    execute_vs_baseline: f64,
    scan_vs_baseline_counts: f64,
    execute_docs_per_second: f64,
    org_same_final_data: bool,
    bulk_documents: u64,
    bulk_scan: Measure,
    bulk_execute: Measure,
    bulk_baseline_seconds: f64,
    bulk_vs_baseline: f64,
    bulk_same_final_data: bool,
    status_ms_median: f64,
    status_ms_max: f64,
    status_samples: usize,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let client = Client::with_uri_str(&args.uri).await.expect("the server answers");
    let mut rows = Vec::new();
    let sizes: &[u64] = if matches!(args.only, None | Some(Only::Sizes)) { &args.sizes } else { &[] };
    for &n in sizes {
        let name = format!("bench_{n}");
        let plan = std::env::temp_dir().join(format!("tether-bench-{}-{n}.json", std::process::id()));
        let plan_s = plan.to_string_lossy().to_string();

        eprintln!("N = {n}: organization transfer ...");
        let (db, _) = fresh(&client, &name, n).await;
        let digest_before = generator::data_digest(&db).await.unwrap();
        let preview =
            run_tool(&args.uri, &name, &["preview", "--user", "big.owner@acme.test", "--to-org", "Initech", "-q"]);
        let mut org = vec!["scan"];
        org.extend(generator::BIG_TO_INITECH);
        org.extend(["--out", &plan_s, "-q"]);
        let scan = run_tool(&args.uri, &name, &org);
        let org_documents = plan_total(&plan);
        let (execute, mut status) = execute_with_status_probe(&args.uri, &name, &plan_s, &db, &[]);
        let tool_digest = generator::data_digest(&db).await.unwrap();

        eprintln!("N = {n}: rollback of the organization transfer ...");
        let undo_bytes = undo_log_bytes(&db).await;
        let transfer_id = last_transfer(&db).await;
        let rollback_plan = format!("{plan_s}.rollback");
        let rollback_scan =
            run_tool(&args.uri, &name, &["scan", "rollback", &transfer_id, "--out", &rollback_plan, "-q"]);
        let rollback_execute =
            run_tool_profiled(&args.uri, &name, &["execute", &rollback_plan, "-y", "-q", "--no-progress"], true);
        let rollback_restores = generator::data_digest(&db).await.unwrap() == digest_before;
        let _ = std::fs::remove_file(&rollback_plan);

        eprintln!("N = {n}: the same organization transfer without the undo log ...");
        // Like for like: the same status probe runs beside it.
        let (db, _) = fresh(&client, &name, n).await;
        run_tool(&args.uri, &name, &org);
        let (execute_no_undo, _) = execute_with_status_probe(&args.uri, &name, &plan_s, &db, &["--no-undo"]);

        eprintln!("N = {n}: the plain script on the same data ...");
        let (db, m) = fresh(&client, &name, n).await;
        let baseline_count_seconds = baseline_counts(&db, &m).await;
        let baseline_seconds = baseline(&db, &m).await;
        let org_same = generator::data_digest(&db).await.unwrap() == tool_digest;

        eprintln!("N = {n}: bulk department transfer ...");
        let (db, _) = fresh(&client, &name, n).await;
        let bulk =
            ["scan", "department", "--from", "Support", "--to", "Archive", "--delete-source", "--out", &plan_s, "-q"];
        let bulk_scan = run_tool(&args.uri, &name, &bulk);
        let bulk_documents = plan_total(&plan);
        let bulk_execute = run_tool(&args.uri, &name, &["execute", &plan_s, "-y", "-q", "--no-progress"]);
        let bulk_digest = generator::data_digest(&db).await.unwrap();
        let (db, m) = fresh(&client, &name, n).await;
        let bulk_baseline_seconds = baseline_bulk(&db, &m).await;
        let bulk_same = generator::data_digest(&db).await.unwrap() == bulk_digest;
        db.drop().await.unwrap();
        let _ = std::fs::remove_file(&plan);

        status.sort_by(f64::total_cmp);
        rows.push(Row {
            n,
            org_documents,
            undo_vs_no_undo: execute.seconds / execute_no_undo.seconds,
            undo_bytes,
            undo_bytes_per_document: undo_bytes as f64 / org_documents as f64,
            rollback_vs_execute: rollback_execute.seconds / execute.seconds,
            execute_no_undo,
            rollback_scan,
            rollback_execute,
            rollback_restores,
            preview,
            execute_vs_baseline: execute.seconds / baseline_seconds,
            scan_vs_baseline_counts: scan.seconds / baseline_count_seconds,
            execute_docs_per_second: org_documents as f64 / execute.seconds,
            scan,
            execute,
            baseline_seconds,
            baseline_count_seconds,
            org_same_final_data: org_same,
            bulk_documents,
            bulk_scan,
            bulk_vs_baseline: bulk_execute.seconds / bulk_baseline_seconds,
            bulk_execute,
            bulk_baseline_seconds,
            bulk_same_final_data: bulk_same,
            status_ms_median: status.get(status.len() / 2).copied().unwrap_or(f64::NAN),
            status_ms_max: status.last().copied().unwrap_or(f64::NAN),
            status_samples: status.len(),
        });
    }
    let many = if !matches!(args.only, None | Some(Only::Assignments)) || args.assignments == 0 {
        None
    } else {
        Some(assignments::run(&client, &args.uri, args.assignments, args.assignment_docs, args.repeat).await)
    };
    let throughput = if args.only == Some(Only::Throughput) {
        Some(throughput::run(&client, &args.uri, &args.sizes, &args.layouts, args.max_dataset).await)
    } else {
        None
    };
    let impact = if args.only == Some(Only::Impact) {
        let setup = impact::Setup {
            docs: args.impact_docs,
            layout: args.impact_layout,
            rate: args.rate,
            idle: std::time::Duration::from_secs_f64(args.idle_secs),
            max_rate: args.impact_max_rate,
        };
        Some(impact::run(&client, &args.uri, &setup).await)
    } else {
        None
    };
    if !rows.is_empty() {
        print_table(&rows);
        let last = rows.last().expect("a row");
        println!("where the time goes (org execute, N = {}; tether-transfer's TETHER_TRANSFER_PROFILE):", last.n);
        for line in &last.execute.profile {
            println!("  {line}");
        }
        println!("where the time goes (rollback execute, N = {}):", last.n);
        for line in &last.rollback_execute.profile {
            println!("  {line}");
        }
        std::fs::write(&args.chart, chart(&rows)).unwrap();
    }
    if let Some(many) = &many {
        assignments::print(many);
    }
    if let Some(t) = &throughput {
        throughput::print(t);
    }
    if let Some(i) = &impact {
        impact::print(i);
    }
    let results = serde_json::json!({ "sizes": rows, "assignments": many, "throughput": throughput, "impact": impact });
    std::fs::write(&args.out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    eprintln!("results written to {}", args.out.display());
}

/// Many assignments in one plan against the bulk transfer of the same documents.
mod assignments {
    use mongodb::Client;
    use mongodb::bson::{Document, doc};
    use tether_transfer::generator::{self, Options, Reorg};

    use super::{Measure, plan_total, run_tool_profiled};

    #[derive(serde::Serialize)]
    pub struct Side {
        documents: u64,
        scan: Measure,
        execute: Measure,
        verify_clean: bool,
    }

    #[derive(serde::Serialize)]
    pub struct Results {
        rows: u32,
        owned_documents: u64,
        /// One per repetition, on freshly generated data each.
        many: Vec<Side>,
        bulk: Vec<Side>,
        /// Of the medians.
        scan_ratio: f64,
        execute_ratio: f64,
    }

    fn median(sides: &[Side], f: impl Fn(&Side) -> f64) -> f64 {
        let mut v: Vec<f64> = sides.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    /// `users` in 4 source departments owning `docs` documents, interleaved
    /// with as many of their 1,000 colleagues', moved to 5 teams (and
    /// swapped between regions) by an assignments file; then the same layout
    /// with a single source department, moved whole by `--from --to`. Each
    /// `repeat` times, alternating, on fresh data.
    pub async fn run(client: &Client, uri: &str, users: u32, docs: u64, repeat: u32) -> Results {
        let name = "bench_assignments";
        let dir = std::env::temp_dir().join(format!("tether-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (csv, plan) = (dir.join("assignments.csv"), dir.join("plan.json"));
        let (csv_s, plan_s) = (csv.to_string_lossy().to_string(), plan.to_string_lossy().to_string());
        let (mut many, mut bulk) = (Vec::new(), Vec::new());
        for round in 1..=repeat.max(1) {
            for (sources, what) in [(4, "many assignments"), (1, "bulk department transfer")] {
                eprintln!("{users} users, {docs} documents: {what} ({round}/{repeat}) ...");
                let db = client.database(name);
                db.drop().await.unwrap();
                let m = generator::generate(&db, &Options::default()).await.unwrap();
                let layout = Reorg { users, sources, docs, background: docs, ..Default::default() };
                let data = generator::reorg(&db, m.id("org:acme"), &layout).await.unwrap();
                std::fs::write(&csv, &data.assignments).unwrap();
                let mut scan = vec!["scan", "department"];
                if sources > 1 {
                    scan.extend(["--assignments", &csv_s]);
                } else {
                    scan.extend(["--from", "Region 1", "--to", "Team 1"]);
                }
                scan.extend(["--out", &plan_s, "-q"]);
                let scan = run_tool_profiled(uri, name, &scan, true);
                let documents = plan_total(&plan);
                let execute = run_tool_profiled(uri, name, &["execute", &plan_s, "-y", "-q", "--no-progress"], true);
                let record = db.collection::<Document>("auditlogs").find_one(doc! {}).await.unwrap().expect("a record");
                let id = record.get_object_id("_id").unwrap().to_hex();
                let verify = super::tool_command(uri, name).args(["verify", &id, "-q"]).output().unwrap();
                let side = Side { documents, scan, execute, verify_clean: verify.status.success() };
                if sources > 1 {
                    many.push(side)
                } else {
                    bulk.push(side)
                }
                db.drop().await.unwrap();
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        let (scan, execute) = (|s: &Side| s.scan.seconds, |s: &Side| s.execute.seconds);
        Results {
            rows: users,
            owned_documents: docs,
            scan_ratio: median(&many, scan) / median(&bulk, scan),
            execute_ratio: median(&many, execute) / median(&bulk, execute),
            many,
            bulk,
        }
    }

    pub fn print(r: &Results) {
        let mib = |kib: f64| kib / 1024.0;
        println!(
            "{} assignments in one plan against the bulk transfer of the same documents ({} owned, as many of colleagues interleaved; median of {}):",
            r.rows,
            r.owned_documents,
            r.many.len()
        );
        println!(
            "{:<26} {:>9} | {:>7} {:>8} | {:>7} {:>8} | verify",
            "", "docs", "scan s", "scan MiB", "exec s", "exec MiB"
        );
        for (what, sides) in [("many assignments", &r.many), ("bulk --from --to", &r.bulk)] {
            println!(
                "{:<26} {:>9} | {:>7.2} {:>8.1} | {:>7.2} {:>8.1} | {}",
                what,
                sides[0].documents,
                median(sides, |s| s.scan.seconds),
                mib(median(sides, |s| s.scan.peak_rss_kib as f64)),
                median(sides, |s| s.execute.seconds),
                mib(median(sides, |s| s.execute.peak_rss_kib as f64)),
                if sides.iter().all(|s| s.verify_clean) { "clean" } else { "PROBLEMS" }
            );
            let each = |f: fn(&Side) -> f64| sides.iter().map(|s| format!("{:.2}", f(s))).collect::<Vec<_>>().join(" ");
            println!(
                "{:<26} {:>9} | scan s: {} | exec s: {}",
                "  each run",
                "",
                each(|s| s.scan.seconds),
                each(|s| s.execute.seconds)
            );
        }
        println!(
            "{:<26} {:>9} | {:>6.2}x {:>8} | {:>6.2}x",
            "ratio (target <= 1.5x)", "", r.scan_ratio, "", r.execute_ratio
        );
        let (many, bulk) = (r.many.last().expect("a run"), r.bulk.last().expect("a run"));
        for (what, m) in [
            ("many-assignment scan", &many.scan),
            ("many-assignment execute", &many.execute),
            ("bulk scan", &bulk.scan),
            ("bulk execute", &bulk.execute),
        ] {
            println!("where the time goes ({what}, last run; TETHER_TRANSFER_PROFILE):");
            for line in &m.profile {
                println!("  {line}");
            }
        }
    }
}

/// The organization transfer on realistic layouts: big's documents 1 in K of
/// each collection, interleaved in `_id` order with colleagues'.
mod throughput {
    use mongodb::Client;
    use std::time::Instant;
    use tether_transfer::generator::{self, BIG_TO_INITECH};

    use super::{Measure, baseline, fresh_layout, load, mib, plan_total, run_tool, run_tool_profiled};

    #[derive(serde::Serialize)]
    pub struct Row {
        n: u64,
        /// big's documents are 1 in `layout` of each collection.
        layout: u32,
        /// Documents in the generated database.
        dataset: u64,
        generate_seconds: f64,
        /// Documents the plan changes.
        documents: u64,
        scan: Measure,
        execute: Measure,
        plain_seconds: f64,
        ratio: f64,
        /// Issue 12's target for this layout, where it sets one.
        target: Option<f64>,
        docs_per_second: f64,
        same_final_data: bool,
        /// The 1-minute load average when execute started, and when the plain script did.
        load_execute: f64,
        load_plain: f64,
    }

    #[derive(serde::Serialize)]
    pub struct Results {
        rows: Vec<Row>,
        /// (N, layout) left out: their dataset exceeded --max-dataset.
        skipped: Vec<(u64, u32)>,
    }

    fn target(layout: u32) -> Option<f64> {
        match layout {
            1 => Some(1.2),
            10 => Some(1.3),
            100 => Some(1.5),
            _ => None,
        }
    }

    /// For each N and layout, on fresh data each: scan and execute (default
    /// settings, profiled), then the plain script; both must end identical.
    pub async fn run(client: &Client, uri: &str, sizes: &[u64], layouts: &[u32], max_dataset: u64) -> Results {
        let (mut rows, mut skipped) = (Vec::new(), Vec::new());
        let name = "bench_throughput";
        let plan = std::env::temp_dir().join(format!("tether-bench-{}-throughput.json", std::process::id()));
        let plan_s = plan.to_string_lossy().to_string();
        for &n in sizes {
            for &k in layouts {
                let k = k.max(1);
                if n.saturating_mul(k as u64) > max_dataset {
                    eprintln!(
                        "N = {n}, 1 in {k}: skipped: its dataset (about {} documents) exceeds --max-dataset {max_dataset}",
                        n.saturating_mul(k as u64)
                    );
                    skipped.push((n, k));
                    continue;
                }
                eprintln!("N = {n}, 1 in {k}: generating ...");
                let started = Instant::now();
                let (db, m) = fresh_layout(client, name, n, k).await;
                let generate_seconds = started.elapsed().as_secs_f64();
                let dataset = m.documents;
                eprintln!("N = {n}, 1 in {k}: {dataset} documents in {generate_seconds:.1} s; scan and execute ...");
                let mut scan = vec!["scan"];
                scan.extend(BIG_TO_INITECH);
                scan.extend(["--out", &plan_s, "-q"]);
                let scan = run_tool(uri, name, &scan);
                let documents = plan_total(&plan);
                let load_execute = load();
                let execute = run_tool_profiled(uri, name, &["execute", &plan_s, "-y", "-q", "--no-progress"], true);
                let tool_digest = generator::data_digest(&db).await.unwrap();
                eprintln!("N = {n}, 1 in {k}: execute {:.2} s; the plain script on fresh data ...", execute.seconds);
                let (db, m) = fresh_layout(client, name, n, k).await;
                let load_plain = load();
                let plain_seconds = baseline(&db, &m).await;
                let same_final_data = generator::data_digest(&db).await.unwrap() == tool_digest;
                db.drop().await.unwrap();
                rows.push(Row {
                    n,
                    layout: k,
                    dataset,
                    generate_seconds,
                    documents,
                    ratio: execute.seconds / plain_seconds,
                    target: target(k),
                    docs_per_second: documents as f64 / execute.seconds,
                    scan,
                    execute,
                    plain_seconds,
                    same_final_data,
                    load_execute,
                    load_plain,
                });
            }
        }
        let _ = std::fs::remove_file(&plan);
        Results { rows, skipped }
    }

    pub fn print(r: &Results) {
        println!(
            "organization transfer on interleaved layouts (execute, default settings) against the plain updateMany script:"
        );
        println!(
            "{:>9} {:>7} {:>9} {:>9} | {:>7} | {:>7} {:>8} {:>8} | {:>7} {:>6} {:>7} | same | load",
            "N", "layout", "docs", "dataset", "scan s", "exec s", "exec MiB", "docs/s", "plain s", "ratio", "target"
        );
        for row in &r.rows {
            let target = row.target.map(|t| format!("<={t:.1}x")).unwrap_or_default();
            println!(
                "{:>9} {:>7} {:>9} {:>9} | {:>7.2} | {:>7.2} {:>8.1} {:>8.0} | {:>7.2} {:>5.2}x {:>7} | {:>4} | {:.1} / {:.1}",
                row.n,
                format!("1/{}", row.layout),
                row.documents,
                row.dataset,
                row.scan.seconds,
                row.execute.seconds,
                mib(row.execute.peak_rss_kib),
                row.docs_per_second,
                row.plain_seconds,
                row.ratio,
                target,
                if row.same_final_data { "yes" } else { "NO" },
                row.load_execute,
                row.load_plain
            );
        }
        println!("(load: the machine's 1-minute load average when execute / the plain script started)");
        for (n, k) in &r.skipped {
            println!("  (N = {n}, 1 in {k}: skipped, dataset over --max-dataset)");
        }
        // Where the time went, for the largest N of each layout.
        for row in &r.rows {
            if r.rows.iter().any(|o| o.layout == row.layout && o.n > row.n) {
                continue;
            }
            println!("where the time goes (org execute, N = {}, 1 in {}; TETHER_TRANSFER_PROFILE):", row.n, row.layout);
            for line in &row.execute.profile {
                println!("  {line}");
            }
        }
    }
}

/// What Tether's application sees while a transfer runs.
mod impact {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use futures_util::TryStreamExt;
    use mongodb::bson::{Bson, DateTime, Document, doc, oid::ObjectId};
    use mongodb::{Client, Database, options::ClientOptions};
    use tether_transfer::generator::{BIG_TO_INITECH, Manifest, Rng};

    use super::{MOVED, Measure, REASSIGNED, execute_has_flag, fresh_layout, mib, plan_total, run_tool, tool_command};

    pub struct Setup {
        pub docs: u64,
        pub layout: u32,
        pub rate: u32,
        pub idle: Duration,
        pub max_rate: u32,
    }

    /// The application's operations, in the proportions `choose` draws them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
    enum Op {
        /// 20 %: one conversation by `_id`, the moving user's or a colleague's.
        ReadConversation,
        /// 10 %: a colleague's conversations (20, through the owner index).
        /// Not the re-assignee's: SecantusDB answers `find(owner).limit(20)`
        /// in time proportional to all the owner's documents (180 ms for
        /// 130,000, idle), so listing bob, who receives the moving user's
        /// conversations, measures the new data, not the transfer's interference.
        ListConversations,
        /// 15 %: one contact by `_id`, the moving user's or a colleague's.
        ReadContact,
        /// 20 %: one of the moving user's conversations or contacts updated.
        UpdateMine,
        /// 20 %: one of a colleague's conversations or contacts updated.
        UpdateTheirs,
        /// 15 %: a new conversation of a colleague.
        Insert,
    }

    /// One operation, decided by the scheduler before it runs.
    struct Planned {
        op: Op,
        collection: &'static str,
        id: ObjectId,
        /// The colleague concerned (list, insert), or the document's owner before.
        owner: ObjectId,
        seq: i64,
    }

    struct Sample {
        /// Seconds from the start, when the operation was due (open loop: an
        /// operation never waits for the one before it).
        at: f64,
        ms: f64,
        op: Op,
        ok: bool,
    }

    /// The ids the application works on, read before it starts.
    struct Pools {
        acme: ObjectId,
        colleagues: Vec<ObjectId>,
        /// The colleagues but the re-assignee (see `Op::ListConversations`).
        listed: Vec<ObjectId>,
        my_conversations: Vec<ObjectId>,
        my_contacts: Vec<ObjectId>,
        their_conversations: Vec<(ObjectId, ObjectId)>,
        their_contacts: Vec<(ObjectId, ObjectId)>,
    }

    /// An updated document: what the application did to it.
    struct Updated {
        collection: &'static str,
        mine: bool,
        owner: ObjectId,
        acknowledged: i64,
        failed: i64,
        max_seq: i64,
    }

    #[derive(Default)]
    struct Writes {
        updated: HashMap<ObjectId, Updated>,
        /// Inserted conversations: id, owner, seq; and whether acknowledged.
        inserted: Vec<(ObjectId, ObjectId, i64, bool)>,
    }

    #[derive(Debug, Clone, serde::Serialize)]
    pub struct Stats {
        ops: usize,
        p50_ms: f64,
        p99_ms: f64,
        max_ms: f64,
        errors: usize,
    }

    #[derive(serde::Serialize)]
    pub struct Outcome {
        scenario: String,
        skipped: Option<String>,
        documents: u64,
        execute: Option<Measure>,
        idle: Option<Stats>,
        during: Option<Stats>,
        /// The updates of the moving user's own documents during the transfer.
        during_my_updates: Option<Stats>,
        /// During the transfer, per kind of operation.
        during_by_op: Vec<(Op, Stats)>,
        /// The slowest operation due in each second from the start of execute (ms).
        timeline_max_ms: Vec<f64>,
        /// Issue 12's target for the p99 during the transfer: idle p99 + the batch-time target.
        target_p99_ms: Option<f64>,
        writes_during: u64,
        /// Documents the application updated or inserted (the whole run), checked afterwards.
        checked: u64,
        mismatches: u64,
        mismatch_examples: Vec<String>,
        error_examples: Vec<String>,
        /// Documents still owned by (or assigned to) the moving user in Acme afterwards.
        leftovers: u64,
        verify_clean: bool,
        /// The machine's 1-minute load average when execute started.
        load: f64,
    }

    #[derive(serde::Serialize)]
    pub struct Results {
        documents_owned: u64,
        layout: u32,
        rate: u32,
        idle_seconds: f64,
        scenarios: Vec<Outcome>,
    }

    fn stats(samples: &[&Sample]) -> Option<Stats> {
        if samples.is_empty() {
            return None;
        }
        let mut ms: Vec<f64> = samples.iter().map(|s| s.ms).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
        Some(Stats {
            ops: ms.len(),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            max_ms: *ms.last().unwrap(),
            errors: samples.iter().filter(|s| !s.ok).count(),
        })
    }

    pub async fn run(client: &Client, uri: &str, setup: &Setup) -> Results {
        let max_rate = setup.max_rate.to_string();
        let scenarios: [(String, Vec<&str>, Option<f64>); 4] = [
            ("default settings".into(), vec![], Some(100.0)),
            ("--batch-time 25".into(), vec!["--batch-time", "25"], Some(25.0)),
            ("--batch-size 5000".into(), vec!["--batch-size", "5000"], None),
            (format!("--max-rate {max_rate}"), vec!["--max-rate", &max_rate], Some(100.0)),
        ];
        let mut outcomes = Vec::new();
        for (name, extra, batch_time) in scenarios {
            if let Some(flag) = extra.first()
                && !execute_has_flag(flag)
            {
                let note = format!("this tether-transfer's execute has no {flag}");
                eprintln!("impact, {name}: skipped: {note}");
                outcomes.push(Outcome::skipped(name, note));
                continue;
            }
            eprintln!("impact, {name}: {} documents, 1 in {}: generating ...", setup.docs, setup.layout);
            outcomes.push(scenario(client, uri, setup, name, &extra, batch_time).await);
        }
        Results {
            documents_owned: setup.docs,
            layout: setup.layout,
            rate: setup.rate,
            idle_seconds: setup.idle.as_secs_f64(),
            scenarios: outcomes,
        }
    }

    impl Outcome {
        fn skipped(scenario: String, why: String) -> Outcome {
            Outcome {
                scenario,
                skipped: Some(why),
                documents: 0,
                execute: None,
                idle: None,
                during: None,
                during_my_updates: None,
                during_by_op: Vec::new(),
                timeline_max_ms: Vec::new(),
                target_p99_ms: None,
                writes_during: 0,
                checked: 0,
                mismatches: 0,
                mismatch_examples: Vec::new(),
                error_examples: Vec::new(),
                leftovers: 0,
                verify_clean: false,
                load: f64::NAN,
            }
        }
    }

    async fn ids(db: &Database, collection: &str, filter: Document, limit: i64) -> Vec<(ObjectId, ObjectId)> {
        let mut cursor = db
            .collection::<Document>(collection)
            .find(filter)
            .projection(doc! { "_id": 1, "userId": 1 })
            .limit(limit)
            .await
            .unwrap();
        let mut out = Vec::new();
        while let Some(d) = cursor.try_next().await.unwrap() {
            out.push((d.get_object_id("_id").unwrap(), d.get_object_id("userId").unwrap()));
        }
        out
    }

    async fn pools(db: &Database, m: &Manifest) -> Pools {
        let (acme, big) = (m.id("org:acme"), m.id("user:big"));
        let colleagues: Vec<ObjectId> =
            ["alice", "bob", "dana", "sue", "rita"].iter().map(|u| m.id(&format!("user:{u}"))).collect();
        let mine = doc! { "organizationId": acme, "userId": big };
        let theirs = doc! { "organizationId": acme, "userId": { "$in": colleagues.clone() } };
        let first = |v: Vec<(ObjectId, ObjectId)>| v.into_iter().map(|p| p.0).collect::<Vec<_>>();
        Pools {
            acme,
            my_conversations: first(ids(db, "conversations", mine.clone(), 0).await),
            my_contacts: first(ids(db, "contacts", mine, 0).await),
            their_conversations: ids(db, "conversations", theirs.clone(), 50_000).await,
            their_contacts: ids(db, "contacts", theirs, 50_000).await,
            listed: colleagues.iter().copied().filter(|c| *c != m.id("user:bob")).collect(),
            colleagues,
        }
    }

    /// The next operation: what, on which document.
    fn choose(rng: &mut Rng, p: &Pools, seq: i64) -> Planned {
        let pick = |rng: &mut Rng, v: &[ObjectId]| v[rng.below(v.len() as u64) as usize];
        let pick2 = |rng: &mut Rng, v: &[(ObjectId, ObjectId)]| v[rng.below(v.len() as u64) as usize];
        let colleague = pick(rng, &p.colleagues);
        let roll = rng.below(100);
        let (mine, conversation) = (rng.below(2) == 0, rng.below(10) < 6);
        let (op, collection) = match roll {
            0..20 => (Op::ReadConversation, "conversations"),
            20..30 => (Op::ListConversations, "conversations"),
            30..45 => (Op::ReadContact, "contacts"),
            45..65 => (Op::UpdateMine, if conversation { "conversations" } else { "contacts" }),
            65..85 => (Op::UpdateTheirs, if conversation { "conversations" } else { "contacts" }),
            _ => (Op::Insert, "conversations"),
        };
        let mine = match op {
            Op::UpdateMine => true,
            Op::UpdateTheirs => false,
            _ => mine,
        };
        let (id, owner) = match (op, collection, mine) {
            (Op::ListConversations, _, _) => (ObjectId::new(), pick(rng, &p.listed)),
            (Op::Insert, _, _) => (ObjectId::new(), colleague),
            (_, "conversations", true) => (pick(rng, &p.my_conversations), colleague),
            (_, "contacts", true) => (pick(rng, &p.my_contacts), colleague),
            (_, "conversations", false) => pick2(rng, &p.their_conversations),
            _ => pick2(rng, &p.their_contacts),
        };
        Planned { op, collection, id, owner, seq }
    }

    /// Runs one operation; Ok(false): it found no document to act on.
    async fn perform(db: &Database, acme: ObjectId, p: &Planned) -> mongodb::error::Result<bool> {
        let c = db.collection::<Document>(p.collection);
        match p.op {
            Op::ReadConversation | Op::ReadContact => Ok(c.find_one(doc! { "_id": p.id }).await?.is_some()),
            Op::ListConversations => {
                let cursor = c.find(doc! { "organizationId": acme, "userId": p.owner }).limit(20).await?;
                let _: Vec<Document> = cursor.try_collect().await?;
                Ok(true)
            }
            Op::UpdateMine | Op::UpdateTheirs => {
                let update = doc! {
                    "$inc": { "appWrites": 1 },
                    "$max": { "appSeq": p.seq },
                    "$set": { "appUpdatedAt": DateTime::now() },
                };
                Ok(c.update_one(doc! { "_id": p.id }, update).await?.matched_count == 1)
            }
            Op::Insert => {
                let d = doc! {
                    "_id": p.id, "organizationId": acme, "userId": p.owner, "contactId": ObjectId::new(),
                    "channel": "webchat", "status": "open", "lastMessageAt": DateTime::now(), "unread": 1,
                    "appSeq": p.seq,
                };
                c.insert_one(d).await?;
                Ok(true)
            }
        }
    }

    struct Shared {
        samples: Mutex<Vec<Sample>>,
        writes: Mutex<Writes>,
        errors: Mutex<Vec<String>>,
        stop: AtomicBool,
    }

    /// The application: its own client, `rate` operations per second, each
    /// started when due whatever the ones before it are doing.
    async fn application(
        uri: String,
        db: String,
        pools: Pools,
        rate: u32,
        t0: Instant,
        shared: Arc<Shared>,
        ready: std::sync::mpsc::Sender<()>,
    ) {
        let mut options = ClientOptions::parse(&uri).await.unwrap();
        options.max_pool_size = Some(200);
        options.app_name = Some("tether-bench application".into());
        let client = Client::with_options(options).unwrap();
        let db = client.database(&db);
        db.run_command(doc! { "ping": 1 }).await.unwrap();
        let pools = Arc::new(pools);
        let period = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
        let mut rng = Rng(0xA99);
        let mut tasks = tokio::task::JoinSet::new();
        let (mut due, mut seq) = (Instant::now(), 0i64);
        ready.send(()).unwrap();
        while !shared.stop.load(Ordering::SeqCst) {
            tokio::time::sleep_until(due.into()).await;
            let started = due;
            due += period;
            seq += 1;
            let planned = choose(&mut rng, &pools, seq);
            let (db, shared, pools) = (db.clone(), shared.clone(), pools.clone());
            tasks.spawn(async move {
                let result = perform(&db, pools.acme, &planned).await;
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                let ok = matches!(result, Ok(true));
                match &result {
                    Err(e) => shared.errors.lock().unwrap().push(format!("{:?}: {e}", planned.op)),
                    Ok(false) => {
                        shared.errors.lock().unwrap().push(format!("{:?}: no document {}", planned.op, planned.id))
                    }
                    Ok(true) => {}
                }
                let mut writes = shared.writes.lock().unwrap();
                match planned.op {
                    Op::UpdateMine | Op::UpdateTheirs => {
                        let u = writes.updated.entry(planned.id).or_insert(Updated {
                            collection: planned.collection,
                            mine: planned.op == Op::UpdateMine,
                            owner: planned.owner,
                            acknowledged: 0,
                            failed: 0,
                            max_seq: 0,
                        });
                        if ok {
                            u.acknowledged += 1;
                            u.max_seq = u.max_seq.max(planned.seq);
                        } else {
                            u.failed += 1;
                        }
                    }
                    Op::Insert => writes.inserted.push((planned.id, planned.owner, planned.seq, ok)),
                    _ => {}
                }
                drop(writes);
                let at = started.duration_since(t0).as_secs_f64();
                shared.samples.lock().unwrap().push(Sample { at, ms, op: planned.op, ok });
            });
            while tasks.try_join_next().is_some() {}
        }
        while tasks.join_next().await.is_some() {}
    }

    fn as_i64(d: &Document, key: &str) -> Option<i64> {
        match d.get(key) {
            Some(Bson::Int32(v)) => Some(*v as i64),
            Some(Bson::Int64(v)) => Some(*v),
            _ => None,
        }
    }

    /// Every write the application made is still there, and its documents
    /// are where the transfer put them: the moving user's with the
    /// re-assignee (bob) in Acme, assigned to anyone but the moving user;
    /// colleagues' with their owner.
    async fn check(db: &Database, m: &Manifest, writes: &Writes) -> (u64, Vec<String>) {
        let (acme, big, bob) = (m.id("org:acme"), m.id("user:big"), m.id("user:bob"));
        let mut problems = Vec::new();
        for (id, u) in &writes.updated {
            let Some(d) = db.collection::<Document>(u.collection).find_one(doc! { "_id": id }).await.unwrap() else {
                problems.push(format!("{} {id}: gone", u.collection));
                continue;
            };
            let count = as_i64(&d, "appWrites").unwrap_or(0);
            if count < u.acknowledged || count > u.acknowledged + u.failed {
                problems.push(format!(
                    "{} {id}: {count} of the application's updates applied, {} acknowledged",
                    u.collection, u.acknowledged
                ));
            }
            let seq = as_i64(&d, "appSeq").unwrap_or(0);
            if u.acknowledged > 0 && (seq < u.max_seq || (u.failed == 0 && seq != u.max_seq)) {
                problems.push(format!("{} {id}: appSeq {seq}, the application's last {}", u.collection, u.max_seq));
            }
            let owner = d.get_object_id("userId").ok();
            let expected = if u.mine { bob } else { u.owner };
            if owner != Some(expected) || d.get_object_id("organizationId").ok() != Some(acme) {
                problems.push(format!(
                    "{} {id}: owner {owner:?} (expected {expected}), not where the transfer puts it",
                    u.collection
                ));
            }
            if d.get_object_id("assigneeId").ok() == Some(big) {
                problems.push(format!("{} {id}: still assigned to the moving user", u.collection));
            }
        }
        let conversations = db.collection::<Document>("conversations");
        for (id, owner, seq, acknowledged) in &writes.inserted {
            match conversations.find_one(doc! { "_id": id }).await.unwrap() {
                Some(d) if d.get_object_id("userId").ok() != Some(*owner) || as_i64(&d, "appSeq") != Some(*seq) => {
                    problems.push(format!("inserted conversation {id}: changed: {d}"))
                }
                Some(_) => {}
                None if *acknowledged => problems.push(format!("inserted conversation {id}: gone")),
                None => {}
            }
        }
        ((writes.updated.len() + writes.inserted.len()) as u64, problems)
    }

    /// Documents of Acme still owned by, or assigned to, the moving user.
    async fn leftovers(db: &Database, m: &Manifest) -> u64 {
        let (acme, big) = (m.id("org:acme"), m.id("user:big"));
        let mut n = 0;
        for c in REASSIGNED.iter().chain(MOVED.iter()) {
            n += db
                .collection::<Document>(c)
                .count_documents(doc! { "organizationId": acme, "userId": big })
                .await
                .unwrap();
        }
        n += db
            .collection::<Document>("reminders")
            .count_documents(doc! { "organizationId": acme, "userId": big, "fired": false })
            .await
            .unwrap();
        n + db
            .collection::<Document>("conversations")
            .count_documents(doc! { "organizationId": acme, "assigneeId": big })
            .await
            .unwrap()
    }

    async fn scenario(
        client: &Client,
        uri: &str,
        setup: &Setup,
        name: String,
        extra: &[&str],
        batch_time: Option<f64>,
    ) -> Outcome {
        let db_name = "bench_impact";
        let plan = std::env::temp_dir().join(format!("tether-bench-{}-impact.json", std::process::id()));
        let plan_s = plan.to_string_lossy().to_string();
        let (db, m) = fresh_layout(client, db_name, setup.docs, setup.layout).await;
        let mut scan = vec!["scan"];
        scan.extend(BIG_TO_INITECH);
        scan.extend(["--out", &plan_s, "-q"]);
        run_tool(uri, db_name, &scan);
        let documents = plan_total(&plan);
        let pools = pools(&db, &m).await;

        let shared = Arc::new(Shared {
            samples: Mutex::new(Vec::new()),
            writes: Mutex::new(Writes::default()),
            errors: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let t0 = Instant::now();
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let app = {
            let (uri, shared, rate) = (uri.to_string(), shared.clone(), setup.rate);
            std::thread::spawn(move || {
                let runtime =
                    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
                runtime.block_on(application(uri, db_name.to_string(), pools, rate, t0, shared, ready_tx));
            })
        };
        ready.recv().expect("the application starts");
        let idle_from = t0.elapsed().as_secs_f64();
        eprintln!("impact, {name}: application running; {:.0} s idle, then execute ...", setup.idle.as_secs_f64());
        std::thread::sleep(setup.idle);
        let during_from = t0.elapsed().as_secs_f64();
        let load = super::load();
        let mut args = vec!["execute", plan_s.as_str(), "-y", "-q", "--no-progress"];
        args.extend_from_slice(extra);
        let execute = super::run_tool_profiled(uri, db_name, &args, true);
        let during_to = t0.elapsed().as_secs_f64();
        std::thread::sleep(Duration::from_millis(500));
        shared.stop.store(true, Ordering::SeqCst);
        app.join().expect("the application ends");

        let samples = std::mem::take(&mut *shared.samples.lock().unwrap());
        let in_window = |s: &&Sample, from: f64, to: f64| s.at >= from && s.at < to;
        let idle: Vec<&Sample> = samples.iter().filter(|s| in_window(s, idle_from, during_from)).collect();
        let during: Vec<&Sample> = samples.iter().filter(|s| in_window(s, during_from, during_to)).collect();
        let mine: Vec<&Sample> = during.iter().copied().filter(|s| s.op == Op::UpdateMine).collect();
        let ops = [
            Op::ReadConversation,
            Op::ListConversations,
            Op::ReadContact,
            Op::UpdateMine,
            Op::UpdateTheirs,
            Op::Insert,
        ];
        let during_by_op = ops
            .iter()
            .filter_map(|op| {
                stats(&during.iter().copied().filter(|s| s.op == *op).collect::<Vec<_>>()).map(|s| (*op, s))
            })
            .collect();
        let mut timeline_max_ms = vec![0.0f64; (during_to - during_from).ceil() as usize];
        for s in &during {
            let second = ((s.at - during_from) as usize).min(timeline_max_ms.len() - 1);
            timeline_max_ms[second] = timeline_max_ms[second].max(s.ms);
        }
        let writes_during =
            during.iter().filter(|s| s.ok && matches!(s.op, Op::UpdateMine | Op::UpdateTheirs | Op::Insert)).count()
                as u64;
        let writes = std::mem::take(&mut *shared.writes.lock().unwrap());
        let (checked, problems) = check(&db, &m, &writes).await;
        let leftovers = leftovers(&db, &m).await;
        let record =
            db.collection::<Document>("auditlogs").find_one(doc! {}).sort(doc! { "startedAt": -1 }).await.unwrap();
        let id = record.expect("a status record").get_object_id("_id").unwrap().to_hex();
        let verify_clean = tool_command(uri, db_name).args(["verify", &id, "-q"]).output().unwrap().status.success();
        let mut errors = std::mem::take(&mut *shared.errors.lock().unwrap());
        errors.dedup();
        errors.truncate(5);
        db.drop().await.unwrap();
        let _ = std::fs::remove_file(&plan);
        let idle = stats(&idle);
        Outcome {
            scenario: name,
            skipped: None,
            documents,
            execute: Some(execute),
            target_p99_ms: batch_time.zip(idle.as_ref()).map(|(b, i)| i.p99_ms + b),
            idle,
            during: stats(&during),
            during_my_updates: stats(&mine),
            during_by_op,
            timeline_max_ms,
            writes_during,
            checked,
            mismatches: problems.len() as u64,
            mismatch_examples: problems.into_iter().take(5).collect(),
            error_examples: errors,
            leftovers,
            verify_clean,
            load,
        }
    }

    pub fn print(r: &Results) {
        println!(
            "the application ({} ops/s: 45 % reads of conversations and contacts, 40 % single-document updates of the moving user's and colleagues' documents, 15 % inserts of conversations) idle for {:.0} s, then while an organization transfer of {} owned documents (1 in {}) runs:",
            r.rate, r.idle_seconds, r.documents_owned, r.layout
        );
        println!(
            "{:<18} | {:>6} {:>6} | {:>5} {:>6} {:>6} {:>6} {:>4} | {:>5} {:>6} {:>6} {:>6} {:>4} | {:>8} | {:>7} | {:>6} | verify | load",
            "",
            "exec s",
            "MiB",
            "idle",
            "p50",
            "p99",
            "max",
            "err",
            "during",
            "p50",
            "p99",
            "max",
            "err",
            "mine p99",
            "target",
            "writes"
        );
        let f = |s: &Option<Stats>| match s {
            Some(s) => format!("{:>5} {:>6.1} {:>6.1} {:>6.1} {:>4}", s.ops, s.p50_ms, s.p99_ms, s.max_ms, s.errors),
            None => format!("{:>5} {:>6} {:>6} {:>6} {:>4}", "-", "-", "-", "-", "-"),
        };
        for o in &r.scenarios {
            if let Some(why) = &o.skipped {
                println!("{:<18} | skipped: {why}", o.scenario);
                continue;
            }
            let e = o.execute.as_ref().expect("a measured execute");
            println!(
                "{:<18} | {:>6.2} {:>6.1} | {} | {} | {:>8} | {:>7} | {:>6} | {:>6} | {:.1}",
                o.scenario,
                e.seconds,
                mib(e.peak_rss_kib),
                f(&o.idle),
                f(&o.during),
                o.during_my_updates.as_ref().map(|s| format!("{:.1}", s.p99_ms)).unwrap_or("-".into()),
                o.target_p99_ms.map(|t| format!("<={t:.0}")).unwrap_or("-".into()),
                o.writes_during,
                if o.verify_clean { "clean" } else { "PROBLEMS" },
                o.load
            );
        }
        println!(
            "(latencies in ms, from when each operation was due; \"mine p99\": the updates of the moving user's own documents during the transfer; target: idle p99 + the batch-time target)"
        );
        for o in r.scenarios.iter().filter(|o| o.skipped.is_none()) {
            println!(
                "{}: application writes preserved: {} ({} documents written checked, {} writes during the transfer, {} mismatches; {} left with the moving user)",
                o.scenario,
                if o.mismatches == 0 && o.leftovers == 0 { "yes" } else { "NO" },
                o.checked,
                o.writes_during,
                o.mismatches,
                o.leftovers
            );
            let by_op: Vec<String> =
                o.during_by_op.iter().map(|(op, s)| format!("{op:?} {:.0}/{:.0}", s.p99_ms, s.max_ms)).collect();
            println!("  during, p99/max ms by operation: {}", by_op.join(", "));
            let timeline: Vec<String> = o.timeline_max_ms.iter().map(|ms| format!("{ms:.0}")).collect();
            println!("  slowest operation of each second of the transfer (ms): {}", timeline.join(" "));
            for p in &o.mismatch_examples {
                println!("  {p}");
            }
            for e in &o.error_examples {
                println!("  application error: {e}");
            }
        }
    }
}

fn print_table(rows: &[Row]) {
    println!("organization transfer (execute) against the plain updateMany script:");
    println!(
        "{:>9} {:>9} | {:>7} {:>8} | {:>7} {:>8} {:>8} | {:>7} {:>6} | {:>7} {:>6} | {:>10} | same",
        "N",
        "docs",
        "scan s",
        "scan MiB",
        "exec s",
        "exec MiB",
        "docs/s",
        "plain s",
        "ratio",
        "count s",
        "ratio",
        "status ms"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} {:>8.1} | {:>7.2} {:>8.1} {:>8.0} | {:>7.2} {:>5.2}x | {:>7.3} {:>5.2}x | {:>4.0} / {:>3.0} | {}",
            r.n,
            r.org_documents,
            r.scan.seconds,
            r.scan.peak_rss_kib as f64 / 1024.0,
            r.execute.seconds,
            r.execute.peak_rss_kib as f64 / 1024.0,
            r.execute_docs_per_second,
            r.baseline_seconds,
            r.execute_vs_baseline,
            r.baseline_count_seconds,
            r.scan_vs_baseline_counts,
            r.status_ms_median,
            r.status_ms_max,
            if r.org_same_final_data { "yes" } else { "NO" }
        );
    }
    println!("undo log and rollback of the organization transfer:");
    println!(
        "{:>9} {:>9} | {:>7} {:>9} {:>6} | {:>8} {:>6} | {:>7} {:>7} {:>6} {:>7} | restored",
        "N", "docs", "exec s", "no-undo s", "ratio", "undo MiB", "B/doc", "rb scan", "rb exec", "rb MiB", "rb/exec"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} {:>9.2} {:>5.2}x | {:>8.1} {:>6.1} | {:>7.2} {:>7.2} {:>6.1} {:>6.2}x | {}",
            r.n,
            r.org_documents,
            r.execute.seconds,
            r.execute_no_undo.seconds,
            r.undo_vs_no_undo,
            r.undo_bytes as f64 / 1048576.0,
            r.undo_bytes_per_document,
            r.rollback_scan.seconds,
            r.rollback_execute.seconds,
            r.rollback_execute.peak_rss_kib.max(r.rollback_scan.peak_rss_kib) as f64 / 1024.0,
            r.rollback_vs_execute,
            if r.rollback_restores { "yes" } else { "NO" }
        );
    }
    println!("bulk department transfer:");
    println!(
        "{:>9} {:>9} | {:>7} | {:>7} {:>8} | {:>7} {:>6} | same",
        "N", "docs", "scan s", "exec s", "exec MiB", "plain s", "ratio"
    );
    for r in rows {
        println!(
            "{:>9} {:>9} | {:>7.2} | {:>7.2} {:>8.1} | {:>7.2} {:>5.2}x | {}",
            r.n,
            r.bulk_documents,
            r.bulk_scan.seconds,
            r.bulk_execute.seconds,
            r.bulk_execute.peak_rss_kib as f64 / 1024.0,
            r.bulk_baseline_seconds,
            r.bulk_vs_baseline,
            if r.bulk_same_final_data { "yes" } else { "NO" }
        );
    }
}

/// Time against N, log-log, for the tool's execute and the plain script.
fn chart(rows: &[Row]) -> String {
    let (w, h, left, bottom, top, right) = (680.0, 400.0, 70.0, 50.0, 30.0, 200.0);
    type Series<'a> = (&'a str, &'a str, Vec<(f64, f64)>);
    let series: [Series; 4] = [
        ("org execute", "#1f77b4", rows.iter().map(|r| (r.n as f64, r.execute.seconds)).collect()),
        ("org plain updateMany", "#ff7f0e", rows.iter().map(|r| (r.n as f64, r.baseline_seconds)).collect()),
        ("bulk execute", "#2ca02c", rows.iter().map(|r| (r.n as f64, r.bulk_execute.seconds)).collect()),
        ("bulk plain updateMany", "#d62728", rows.iter().map(|r| (r.n as f64, r.bulk_baseline_seconds)).collect()),
    ];
    let xs: Vec<f64> = rows.iter().map(|r| r.n as f64).collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.2.iter().map(|p| p.1)).collect();
    let (xmin, xmax) = (
        xs.iter().cloned().fold(f64::MAX, f64::min).log10().floor(),
        xs.iter().cloned().fold(0.0, f64::max).log10().ceil(),
    );
    let (ymin, ymax) = (
        ys.iter().cloned().fold(f64::MAX, f64::min).log10().floor(),
        ys.iter().cloned().fold(0.0, f64::max).log10().ceil(),
    );
    let (xmax, ymax) = (xmax.max(xmin + 1.0), ymax.max(ymin + 1.0));
    let px = |x: f64| left + (x.log10() - xmin) / (xmax - xmin) * (w - left - right);
    let py = |y: f64| h - bottom - (y.log10() - ymin) / (ymax - ymin) * (h - top - bottom);
    let mut svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n<text x='{}' y='18' font-size='14'>tether-transfer vs plain updateMany: wall time against documents (log-log)</text>\n",
        left
    );
    for e in (xmin as i32)..=(xmax as i32) {
        let x = px(10f64.powi(e));
        svg += &format!(
            "<line x1='{x}' y1='{}' x2='{x}' y2='{}' stroke='#ddd'/><text x='{x}' y='{}' text-anchor='middle'>1e{e}</text>\n",
            top,
            h - bottom,
            h - bottom + 16.0
        );
    }
    for e in (ymin as i32)..=(ymax as i32) {
        let y = py(10f64.powi(e));
        svg += &format!(
            "<line x1='{left}' y1='{y}' x2='{}' y2='{y}' stroke='#ddd'/><text x='{}' y='{}' text-anchor='end'>{} s</text>\n",
            w - right,
            left - 6.0,
            y + 4.0,
            10f64.powi(e)
        );
    }
    svg += &format!(
        "<text x='{}' y='{}' text-anchor='middle'>documents owned by the moving user (N)</text>\n",
        (left + w - right) / 2.0,
        h - 10.0
    );
    for (i, (name, color, points)) in series.iter().enumerate() {
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y))).collect();
        svg += &format!("<polyline fill='none' stroke='{color}' stroke-width='2' points='{}'/>\n", path.join(" "));
        for (x, y) in points {
            svg += &format!("<circle cx='{:.1}' cy='{:.1}' r='3' fill='{color}'/>\n", px(*x), py(*y));
        }
        let ly = top + 20.0 + i as f64 * 18.0;
        svg += &format!(
            "<line x1='{}' y1='{ly}' x2='{}' y2='{ly}' stroke='{color}' stroke-width='2'/><text x='{}' y='{}'>{name}</text>\n",
            w - right + 10.0,
            w - right + 30.0,
            w - right + 35.0,
            ly + 4.0
        );
    }
    svg += "</svg>\n";
    svg
}
