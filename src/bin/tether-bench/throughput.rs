//! The organization transfer on realistic layouts: big's documents 1 in K of
//! each collection, interleaved in `_id` order with colleagues'.

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
