//! tether-bench: times the tool against the hand-written alternative (one
//! `updateMany` per collection and field) on the same generated data, and
//! checks that both leave the database in the same final state.
//!
//! Usage: tether-bench --uri mongodb://127.0.0.1:PORT [--sizes 10000,100000] [--out bench.json]

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
}

/// One measured command: wall seconds and peak resident memory (KiB, from the kernel).
#[derive(Debug, Clone, Copy, serde::Serialize)]
struct Measure {
    seconds: f64,
    peak_rss_kib: i64,
}

fn tool() -> PathBuf {
    std::env::current_exe().unwrap().with_file_name("tether-transfer")
}

/// Runs the tool and reads its peak resident memory from the kernel: VmHWM
/// of its own address space, sampled until it exits. (wait4's ru_maxrss is
/// no good here: Linux carries the parent's high-water mark across fork and
/// exec into the child's.)
fn run_tool(uri: &str, db: &str, args: &[&str]) -> Measure {
    let started = Instant::now();
    let mut child = Command::new(tool())
        .args(args)
        .env("MONGODB_URI", uri)
        .env("TETHER_DB", db)
        .env("TETHER_OPERATOR", "root@tether.test")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("tether-transfer starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0i64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<i64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let seconds = started.elapsed().as_secs_f64();
    assert!(status.success(), "tether-transfer {args:?} failed ({status})");
    Measure { seconds, peak_rss_kib: peak }
}

async fn fresh(client: &Client, name: &str, n: u64) -> (Database, Manifest) {
    let db = client.database(name);
    db.drop().await.unwrap();
    let m = generator::generate(&db, &Options { big_user_docs: n, ..Default::default() }).await.unwrap();
    (db, m)
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
    for coll in [
        "contacts",
        "conversations",
        "automations",
        "workflows",
        "webchatconfigurations",
        "prompts",
        "automationkeys",
        "agents",
    ] {
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
    for coll in [
        "acquireditems",
        "emailaccounts",
        "calendarconnections",
        "calendartoolconfigurations",
        "googlesheetstokens",
        "voicephonenumbers",
    ] {
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
    for coll in [
        "contacts",
        "conversations",
        "automations",
        "workflows",
        "webchatconfigurations",
        "prompts",
        "automationkeys",
        "agents",
        "reminders",
        "acquireditems",
        "emailaccounts",
        "calendarconnections",
        "calendartoolconfigurations",
        "googlesheetstokens",
        "voicephonenumbers",
    ] {
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

#[derive(serde::Serialize)]
struct Row {
    documents: u64,
    preview: Measure,
    scan: Measure,
    execute: Measure,
    baseline_seconds: f64,
    baseline_count_seconds: f64,
    execute_vs_baseline: f64,
    scan_vs_baseline_counts: f64,
    execute_docs_per_second: f64,
    same_final_data: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let client = Client::with_uri_str(&args.uri).await.expect("the server answers");
    let mut rows = Vec::new();
    for &n in &args.sizes {
        let name = format!("bench_{n}");
        eprintln!("N = {n}: generating ...");
        let (db, _) = fresh(&client, &name, n).await;
        let plan = std::env::temp_dir().join(format!("tether-bench-{n}.json"));
        let plan_s = plan.to_string_lossy().to_string();
        let preview =
            run_tool(&args.uri, &name, &["preview", "--user", "big.owner@acme.test", "--to-org", "Initech", "-q"]);
        let org = [
            "scan",
            "org",
            "--user",
            "big.owner@acme.test",
            "--to-org",
            "Initech",
            "--role",
            "SALES_REP",
            "--reassignee",
            "bob.admin@acme.test",
            "--out",
            &plan_s,
            "-q",
        ];
        let scan = run_tool(&args.uri, &name, &org);
        let execute = run_tool(&args.uri, &name, &["execute", &plan_s, "-y", "-q", "--no-progress"]);
        let tool_hash = generator::data_digest(&db).await.unwrap();
        let moved: u64 = {
            let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
            p["resources"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum()
        };
        eprintln!("N = {n}: baseline on the same data ...");
        let (db, m) = fresh(&client, &name, n).await;
        let baseline_count_seconds = baseline_counts(&db, &m).await;
        let baseline_seconds = baseline(&db, &m).await;
        let same = generator::data_digest(&db).await.unwrap() == tool_hash;
        db.drop().await.unwrap();
        rows.push(Row {
            documents: moved,
            preview,
            scan,
            execute,
            baseline_seconds,
            baseline_count_seconds,
            execute_vs_baseline: execute.seconds / baseline_seconds,
            scan_vs_baseline_counts: scan.seconds / baseline_count_seconds,
            execute_docs_per_second: moved as f64 / execute.seconds,
            same_final_data: same,
        });
    }
    println!(
        "{:>9} | {:>8} {:>8} | {:>8} {:>8} | {:>9} {:>8} | {:>8} | {:>6} | {:>9} | same",
        "documents", "scan s", "scan MiB", "exec s", "exec MiB", "docs/s", "base s", "exec/base", "counts", "scan/cnt"
    );
    for r in &rows {
        println!(
            "{:>9} | {:>8.2} {:>8.1} | {:>8.2} {:>8.1} | {:>9.0} {:>8.2} | {:>8.2}x | {:>6.3} | {:>8.2}x | {}",
            r.documents,
            r.scan.seconds,
            r.scan.peak_rss_kib as f64 / 1024.0,
            r.execute.seconds,
            r.execute.peak_rss_kib as f64 / 1024.0,
            r.execute_docs_per_second,
            r.baseline_seconds,
            r.execute_vs_baseline,
            r.baseline_count_seconds,
            r.scan_vs_baseline_counts,
            if r.same_final_data { "yes" } else { "NO" }
        );
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&rows).unwrap()).unwrap();
    eprintln!("results written to {}", args.out.display());
}
