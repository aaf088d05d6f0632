//! The write path of a sharded cluster (docs/operations.md, "Sharded clusters") against
//! today's: the same organization transfer of one kind of `docs` documents,
//! once as usual (batches of range updates) and once with the kind's
//! collection declared sharded by organization, so that every document is
//! written on its own with its full current shard key.

use mongodb::Client;
use mongodb::bson::{Document, doc, oid::ObjectId};

use super::{Measure, fresh, mib, plan_total, run_tool_with};
use tether_transfer::generator::{self, BIG_TO_INITECH};

#[derive(serde::Serialize)]
pub struct Side {
    path: &'static str,
    documents: u64,
    scan: Measure,
    execute: Measure,
    docs_per_second: f64,
    /// Single-document statements the run's profile counted.
    statements: u64,
}

#[derive(serde::Serialize)]
pub struct Results {
    /// The kind's documents (acquired items, moved to the target organization).
    kind_documents: u64,
    sides: Vec<Side>,
    ratio: f64,
    same_final_data: bool,
}

const DECLARED: &str = r#"{"kinds": {"acquiredItems": {"shardKey": {"organizationId": 1}}}}"#;

/// A small dataset whose moving user (big) owns `docs` acquired items in
/// Acme, created in `_id` order after the rest.
async fn dataset(client: &Client, name: &str, docs: u64) -> mongodb::Database {
    let (db, m) = fresh(client, name, 1000).await;
    let big = m.id("user:big");
    let items = db.collection::<Document>("acquireditems");
    let model = items.find_one(doc! { "userId": big }).await.unwrap().expect("big owns an acquired item");
    let have = items.count_documents(doc! { "userId": big }).await.unwrap();
    // Ids of their own, after every generated one and the same on each side
    // (so that both sides' final data can be compared).
    let id = |i: u64| {
        let mut bytes = [0u8; 12];
        bytes[0] = 0x7f;
        bytes[4..].copy_from_slice(&i.to_be_bytes());
        ObjectId::from_bytes(bytes)
    };
    let (mut next, end) = (0u64, docs.saturating_sub(have));
    while next < end {
        let n = (end - next).min(10_000);
        let batch: Vec<Document> = (next..next + n)
            .map(|i| {
                let mut d = model.clone();
                d.insert("_id", id(i));
                d
            })
            .collect();
        items.insert_many(batch).await.unwrap();
        next += n;
    }
    db
}

pub async fn run(client: &Client, uri: &str, docs: u64) -> Results {
    let name = "bench_shards";
    let plan = std::env::temp_dir().join(format!("tether-bench-{}-shards.json", std::process::id()));
    let plan_s = plan.to_string_lossy().to_string();
    let resources = std::env::temp_dir().join(format!("tether-bench-{}-shards-resources.json", std::process::id()));
    std::fs::write(&resources, DECLARED).unwrap();
    let resources_s = resources.to_string_lossy().to_string();
    let mut scan_args = vec!["scan"];
    scan_args.extend(BIG_TO_INITECH);
    scan_args.extend(["--out", &plan_s, "-q"]);
    let execute_args = ["execute", &plan_s, "-y", "-q", "--no-progress"];
    let mut sides = Vec::new();
    let mut digests = Vec::new();
    for (path, env) in [("range updates", vec![]), ("per document", vec![("TETHER_RESOURCES", resources_s.as_str())])] {
        eprintln!("shards: {path}: {docs} acquired items ...");
        let db = dataset(client, name, docs).await;
        let scan = run_tool_with(uri, name, &scan_args, &env, false);
        let documents = plan_total(&plan);
        let execute = run_tool_with(uri, name, &execute_args, &env, true);
        let statements = execute
            .profile
            .iter()
            .find(|l| l.starts_with("per-document statements"))
            .and_then(|l| l.split_whitespace().nth(3))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        digests.push(generator::data_digest(&db).await.unwrap());
        sides.push(Side {
            path,
            documents,
            docs_per_second: documents as f64 / execute.seconds,
            scan,
            execute,
            statements,
        });
        db.drop().await.unwrap();
    }
    let _ = std::fs::remove_file(&plan);
    let _ = std::fs::remove_file(&resources);
    Results {
        kind_documents: docs,
        ratio: sides[1].execute.seconds / sides[0].execute.seconds,
        same_final_data: digests[0] == digests[1],
        sides,
    }
}

pub fn print(r: &Results) {
    println!(
        "organization transfer of {} acquired items (moved: organization := target), today's path against the per-document path:",
        r.kind_documents
    );
    println!(
        "{:>14} | {:>9} | {:>7} | {:>7} {:>8} {:>8} | {:>10}",
        "path", "documents", "scan s", "exec s", "exec MiB", "docs/s", "statements"
    );
    for s in &r.sides {
        println!(
            "{:>14} | {:>9} | {:>7.2} | {:>7.2} {:>8.1} {:>8.0} | {:>10}",
            s.path,
            s.documents,
            s.scan.seconds,
            s.execute.seconds,
            mib(s.execute.peak_rss_kib),
            s.docs_per_second,
            s.statements
        );
    }
    println!(
        "per document / range: {:.2}x; same final data: {}",
        r.ratio,
        if r.same_final_data { "yes" } else { "NO" }
    );
    for s in &r.sides {
        println!("where the time goes ({}):", s.path);
        for line in &s.execute.profile {
            println!("  {line}");
        }
    }
}
