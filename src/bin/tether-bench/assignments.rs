//! Many assignments in one plan against the bulk transfer of the same documents.

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
