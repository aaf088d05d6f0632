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
//! Three more, run only when asked (`--only`):
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
//! - `shards`: the write path of a sharded cluster against today's, on an
//!   organization transfer of `--shard-docs` acquired items.
//!
//! Usage: tether-bench --uri mongodb://127.0.0.1:PORT [--sizes 10000,100000] [--out bench.json] [--chart bench.svg]
//!        [--assignments 1000] [--assignment-docs 100000] [--repeat 3] [--only sizes|assignments|throughput|impact|shards]
//!        [--layouts 1,10,100] [--max-dataset 12000000]
//!        [--impact-docs 250000] [--impact-layout 1] [--rate 200] [--idle-secs 5] [--impact-max-rate 20000]
//!        [--shard-docs 100000]

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
    /// throughput on interleaved layouts (over --sizes and --layouts), only
    /// the application-impact scenarios, or only the two write paths of a
    /// sharded cluster. Without it: the per-N scenarios and
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
    /// Shards: documents of the one kind moved by both write paths.
    #[arg(long, default_value_t = 100_000)]
    shard_docs: u64,
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
    Shards,
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
    run_tool_with(uri, db, args, &[], profile)
}

/// `run_tool_profiled` with more environment variables.
fn run_tool_with(uri: &str, db: &str, args: &[&str], env: &[(&str, &str)], profile: bool) -> Measure {
    let started = Instant::now();
    let mut command = tool_command(uri, db);
    command.envs(env.iter().copied());
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
    let shards = if args.only == Some(Only::Shards) {
        Some(shards::run(&client, &args.uri, args.shard_docs).await)
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
    if let Some(s) = &shards {
        shards::print(s);
    }
    let results = serde_json::json!({ "sizes": rows, "assignments": many, "throughput": throughput, "impact": impact, "shards": shards });
    std::fs::write(&args.out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    eprintln!("results written to {}", args.out.display());
}

mod assignments;

mod throughput;

mod impact;

mod shards;

mod report;
use report::{chart, print_table};
