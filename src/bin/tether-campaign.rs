//! tether-campaign: the fault campaign. Reproducible from a seed, it
//! 1. SIGKILLs organization, bulk department and many-assignment department
//!    transfers at random instants (sometimes the resume too), then resumes them;
//! 2. injects failCommand faults (write conflict with TransientTransactionError,
//!    closed connection, UnknownTransactionCommitResult on commit, a server
//!    error that persists) on each write command the tool sends.
//!
//! Every run must end byte-identical to an uninterrupted reference run, with
//! `verify` clean. Prints a summary table; exits 1 on any mismatch.
//!
//! 3. SIGKILLs the rollbacks of completed transfers, then resumes them: the
//!    data must end as it was before the transfer.
//!
//! Usage: tether-campaign --uri mongodb://127.0.0.1:PORT [--seed 1] [--kills 25] [--rollback-kills 9] [--docs 5000] [--rotate-fault-kinds]
//! The server must allow configureFailPoint (SecantusDB: --enable-test-commands).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use mongodb::bson::{Bson, Document, doc};
use mongodb::{Client, Database};
use serde::Serialize;

use tether_transfer::generator::{self, Options, Rng};

#[derive(Parser)]
#[command(
    name = "tether-campaign",
    about = "Kill and fault-inject tether-transfer; every run must equal the reference."
)]
struct Args {
    /// A MongoDB server the campaign may write to (it creates and drops campaign_* databases).
    #[arg(long, env = "MONGODB_URI")]
    uri: String,
    /// Seed of the kill instants (the data is always the same).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// SIGKILL runs, taking organization, bulk and many-assignment transfers in turn.
    #[arg(long, default_value_t = 25)]
    kills: u32,
    /// Documents of the moving user in the organization transfer (the others move about as many).
    #[arg(long, default_value_t = 5000)]
    docs: u64,
    /// SIGKILL runs of rollbacks: each transfer completes, then its rollback
    /// is killed at a random instant and resumed; the data must end as it was
    /// before the transfer.
    #[arg(long, default_value_t = 9)]
    rollback_kills: u32,
    /// Skip the fault injections.
    #[arg(long)]
    no_faults: bool,
    /// On messy data (`tether-gen --messy`): ids of every BSON type, owners
    /// written as strings.
    #[arg(long)]
    messy: bool,
    /// Inject each fault on each command into one kind of transfer, the kinds
    /// in turn, instead of into every kind (a third of the runs).
    #[arg(long)]
    rotate_fault_kinds: bool,
    /// Where to write the results as JSON.
    #[arg(long, default_value = "campaign-results.json")]
    out: PathBuf,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Org,
    Bulk,
    Many,
}

const KINDS: [Kind; 3] = [Kind::Org, Kind::Bulk, Kind::Many];

/// The many-assignment plan's rows on the dataset's fixtures: sam to
/// Marketing as a head, leaving what stays in Sales to dana; rita and
/// big.owner swap Sales and Support; ivan (inactive: his freeze must not
/// reactivate him) to Archive, leaving his to dana. The generated
/// reorganization's rows (`many`) come first.
const FIXTURE_ROWS: &str = "sam.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\n\
    rita.rep@acme.test,Support,,\n\
    big.owner@acme.test,Sales,,\n\
    ivan.inactive@acme.test,Archive,,dana.head@acme.test\n";

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Org => "organization",
            Kind::Bulk => "bulk department",
            Kind::Many => "many-assignment department",
        }
    }
    fn docs(self, n: u64) -> u64 {
        // Bulk moves only department-scoped documents: give Support more.
        // The many-assignment plan moves the reorganization's documents.
        match self {
            Kind::Org => n,
            Kind::Bulk => n * 8 / 5,
            Kind::Many => 0,
        }
    }
    /// 12 users of two regions (two of them swap regions, some leave what
    /// they own to their head, some become heads) among 24 colleagues; their
    /// documents interleaved with as many of the colleagues'.
    fn many(n: u64) -> generator::Reorg {
        generator::Reorg {
            users: 12,
            sources: 2,
            targets: 2,
            docs: n,
            colleagues: 24,
            background: n,
            ..Default::default()
        }
    }
    fn scan(self, assignments: &str) -> Vec<&str> {
        match self {
            Kind::Org => [&["scan"][..], &generator::BIG_TO_INITECH].concat(),
            Kind::Bulk => vec!["scan", "department", "--from", "Support", "--to", "Archive", "--delete-source"],
            Kind::Many => vec!["scan", "department", "--assignments", assignments],
        }
    }
}

struct Env {
    uri: String,
    client: Client,
    docs: u64,
    messy: bool,
    plans: tempfile_dir::Dir,
}

/// A throw-away folder without another dependency.
mod tempfile_dir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let p = std::env::temp_dir().join(format!("tether-campaign-{}", std::process::id()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tool() -> PathBuf {
    std::env::current_exe().unwrap().with_file_name("tether-transfer")
}

impl Env {
    fn cmd(&self, db: &str, tag: Option<&str>) -> Command {
        let mut c = Command::new(tool());
        let uri = match tag {
            Some(t) => format!(
                "{}{}appName={t}",
                self.uri,
                if self.uri.contains('?') {
                    "&"
                } else if self.uri.ends_with('/') {
                    "?"
                } else {
                    "/?"
                }
            ),
            None => self.uri.clone(),
        };
        c.env("MONGODB_URI", uri)
            .env("TETHER_DB", db)
            .env("TETHER_OPERATOR", "root@tether.test")
            .env("TETHER_TRANSFER_CHECK_UNDO", "1")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, db: &str, args: &[&str]) -> (i32, String) {
        let out = self.cmd(db, None).args(args).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// A fresh database with the campaign's data and a plan for `kind`.
    async fn prepare(&self, name: &str, kind: Kind) -> (Database, String) {
        let db = self.client.database(name);
        db.drop().await.unwrap();
        let opts = Options { big_user_docs: kind.docs(self.docs), messy: self.messy, ..Default::default() };
        let m = generator::generate(&db, &opts).await.unwrap();
        let csv = self.plans.0.join(format!("{name}.csv")).to_string_lossy().into_owned();
        if kind == Kind::Many {
            let reorg = generator::reorg(&db, m.id("org:acme"), &Kind::many(self.docs)).await.unwrap();
            std::fs::write(&csv, reorg.assignments + FIXTURE_ROWS).unwrap();
        }
        let plan = self.plans.0.join(format!("{name}.json")).to_string_lossy().into_owned();
        let mut args = kind.scan(&csv);
        args.extend(["--out", &plan, "-q"]);
        let (code, err) = self.run(name, &args);
        assert_eq!(code, 0, "scan failed: {err}");
        (db, plan)
    }

    fn execute(&self, db: &str, plan: &str, tag: Option<&str>) -> Child {
        self.cmd(db, tag)
            .args(["execute", plan, "-y", "-q", "--batch-size", "200"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Brings an interrupted transfer to its end: resume it, or (if it never
    /// started) execute the plan again. `except`: a transfer of the database
    /// that is not this one (the one a rollback undoes). Returns the transfer id.
    async fn complete(&self, db: &Database, plan: &str, except: Option<&str>) -> String {
        let filter = match except {
            Some(id) => doc! { "_id": { "$ne": mongodb::bson::oid::ObjectId::parse_str(id).unwrap() } },
            None => doc! {},
        };
        for _ in 0..5 {
            let journal = db.collection::<Document>("tether_transfer_journal").find_one(filter.clone()).await.unwrap();
            let (code, err) = match &journal {
                Some(j) if j.get_str("phase") == Ok("completed") => return j.get_object_id("_id").unwrap().to_hex(),
                Some(j) => {
                    self.run(db.name(), &["execute", "--resume", &j.get_object_id("_id").unwrap().to_hex(), "-q"])
                }
                None => self.run(db.name(), &["execute", plan, "-y", "-q"]),
            };
            if code != 0 {
                eprintln!("  retrying after exit {code}: {}", err.lines().next().unwrap_or(""));
            }
        }
        panic!("the transfer in {} did not complete after 5 attempts", db.name());
    }

    async fn check(&self, db: &Database, id: &str, want: &str) -> (bool, bool) {
        let same = generator::data_digest(db).await.unwrap() == want;
        let (code, _) = self.run(db.name(), &["verify", id, "-q"]);
        (same, code == 0)
    }
}

#[derive(Default, Serialize)]
struct Scenario {
    name: String,
    runs: u32,
    kills: u32,
    faults: u32,
    failed_then_resumed: u32,
    mismatches: u32,
    verify_failures: u32,
}

async fn fail_point(client: &Client, mode: Bson, data: Document) -> mongodb::error::Result<Document> {
    client.database("admin").run_command(doc! { "configureFailPoint": "failCommand", "mode": mode, "data": data }).await
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let client = Client::with_uri_str(&args.uri).await.expect("the server answers");
    let env = Env {
        uri: args.uri.clone(),
        client: client.clone(),
        docs: args.docs,
        messy: args.messy,
        plans: tempfile_dir::Dir::new(),
    };
    let mut rng = Rng(args.seed);
    let started = Instant::now();

    // References: uninterrupted runs on the same data (and the data before them).
    let mut reference = Vec::new();
    let mut originals = Vec::new();
    for kind in KINDS {
        let name = format!("campaign{}_ref_{}", std::process::id(), reference.len());
        let (db, plan) = env.prepare(&name, kind).await;
        originals.push((kind, generator::data_digest(&db).await.unwrap()));
        let t = Instant::now();
        let out = env.execute(&name, &plan, None).wait_with_output().unwrap();
        assert!(out.status.success(), "reference run failed: {}", String::from_utf8_lossy(&out.stderr));
        let took = t.elapsed();
        let moved = tether_transfer::plan::Plan::load(std::path::Path::new(&plan))
            .expect("the scan wrote a valid plan")
            .total();
        eprintln!("reference {}: {moved} documents in {:.2}s", kind.name(), took.as_secs_f64());
        reference.push((kind, generator::data_digest(&db).await.unwrap(), took, moved));
        db.drop().await.unwrap();
    }

    let mut scenarios: Vec<Scenario> = Vec::new();
    // 1. SIGKILL at random instants.
    for kind in KINDS {
        scenarios.push(Scenario { name: format!("SIGKILL, {} transfer", kind.name()), ..Default::default() });
    }
    for i in 0..args.kills {
        let kind = KINDS[i as usize % KINDS.len()];
        let (_, want, took, _) = reference.iter().find(|r| r.0 == kind).unwrap().clone();
        let name = format!("campaign{}_kill_{i}", std::process::id());
        let (db, plan) = env.prepare(&name, kind).await;
        let s = &mut scenarios[i as usize % KINDS.len()];
        s.runs += 1;
        // Kill once, and in a third of the runs kill the first resume too.
        let rounds = if rng.below(3) == 0 { 2 } else { 1 };
        for round in 0..rounds {
            let mut child = if round == 0 {
                env.execute(&name, &plan, None)
            } else {
                match db.collection::<Document>("tether_transfer_journal").find_one(doc! {}).await.unwrap() {
                    Some(j) => env
                        .cmd(&name, None)
                        .args(["execute", "--resume", &j.get_object_id("_id").unwrap().to_hex(), "-q"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .unwrap(),
                    None => env.execute(&name, &plan, None),
                }
            };
            // Anywhere in the run (95% of the reference time, so most kills land).
            let at = Duration::from_micros(rng.below(took.as_micros() as u64 * 19 / 20 + 1));
            std::thread::sleep(at);
            if child.try_wait().unwrap().is_none() {
                unsafe {
                    libc::kill(child.id() as i32, libc::SIGKILL);
                }
                s.kills += 1;
            }
            let _ = child.wait();
        }
        let id = env.complete(&db, &plan, None).await;
        let (same, clean) = env.check(&db, &id, &want).await;
        s.mismatches += (!same) as u32;
        s.verify_failures += (!clean) as u32;
        db.drop().await.unwrap();
    }

    // 1b. SIGKILL rollbacks at random instants: back to the data before the transfer.
    for kind in KINDS {
        scenarios.push(Scenario {
            name: format!("SIGKILL, rollback of the {} transfer", kind.name()),
            ..Default::default()
        });
    }
    let first = scenarios.len() - KINDS.len();
    for i in 0..args.rollback_kills {
        let kind = KINDS[i as usize % KINDS.len()];
        let (_, _, took, _) = reference.iter().find(|r| r.0 == kind).unwrap().clone();
        let want = originals.iter().find(|o| o.0 == kind).unwrap().1.clone();
        let name = format!("campaign{}_rollback_{i}", std::process::id());
        let (db, plan) = env.prepare(&name, kind).await;
        let s = &mut scenarios[first + i as usize % KINDS.len()];
        s.runs += 1;
        let forward = env.complete(&db, &plan, None).await;
        let undo = env.plans.0.join(format!("{name}.rollback.json")).to_string_lossy().into_owned();
        let (code, err) = env.run(&name, &["scan", "rollback", &forward, "--out", &undo, "-q"]);
        assert_eq!(code, 0, "scan rollback failed: {err}");
        let mut child = env.execute(&name, &undo, None);
        std::thread::sleep(Duration::from_micros(rng.below(took.as_micros() as u64 * 19 / 20 + 1)));
        if child.try_wait().unwrap().is_none() {
            unsafe {
                libc::kill(child.id() as i32, libc::SIGKILL);
            }
            s.kills += 1;
        }
        let _ = child.wait();
        let id = env.complete(&db, &undo, Some(&forward)).await;
        let (same, clean) = env.check(&db, &id, &want).await;
        if !same || !clean {
            eprintln!("MISMATCH: rollback of the {} transfer", kind.name());
        }
        s.mismatches += (!same) as u32;
        s.verify_failures += (!clean) as u32;
        db.drop().await.unwrap();
    }

    // 2. failCommand on every write command the tool sends.
    if !args.no_faults {
        let probe = fail_point(&client, "off".into(), doc! { "failCommands": ["ping"] }).await;
        if let Err(e) = probe {
            eprintln!("fault injections skipped: the server refuses configureFailPoint ({e})");
        } else {
            let faults: Vec<(&str, Bson, Document)> = vec![
                (
                    "write conflict (TransientTransactionError)",
                    doc! { "times": 3 }.into(),
                    doc! { "errorCode": 112, "errorLabels": ["TransientTransactionError"] },
                ),
                ("closed connection", doc! { "times": 2 }.into(), doc! { "closeConnection": true }),
                (
                    "UnknownTransactionCommitResult",
                    doc! { "times": 2 }.into(),
                    doc! { "errorCode": 50, "errorLabels": ["UnknownTransactionCommitResult"] },
                ),
                (
                    "a server error that persists",
                    doc! { "times": 20 }.into(),
                    doc! { "errorCode": 2, "errmsg": "injected persistent failure" },
                ),
            ];
            let commands = ["insert", "update", "delete", "commitTransaction"];
            let (mut n, mut pairs) = (0, 0);
            for (fault, mode, data) in &faults {
                let mut s = Scenario { name: format!("failCommand: {fault}"), ..Default::default() };
                for command in commands {
                    if fault.starts_with("Unknown") && command != "commitTransaction" {
                        continue;
                    }
                    let kinds = if args.rotate_fault_kinds { &KINDS[pairs % 3..][..1] } else { &KINDS[..] };
                    pairs += 1;
                    for &kind in kinds {
                        let (_, want, _, _) = reference.iter().find(|r| r.0 == kind).unwrap().clone();
                        let name = format!("campaign{}_fault_{n}", std::process::id());
                        n += 1;
                        let (db, plan) = env.prepare(&name, kind).await;
                        let tag = format!("campaign-{}-{n}", std::process::id());
                        let mut d = data.clone();
                        d.insert("failCommands", vec![command]);
                        d.insert("appName", &tag);
                        fail_point(&client, mode.clone(), d).await.expect("configureFailPoint");
                        let out = env.execute(&name, &plan, Some(&tag)).wait_with_output().unwrap();
                        fail_point(&client, "off".into(), doc! {}).await.unwrap();
                        s.runs += 1;
                        s.faults += 1;
                        if !out.status.success() {
                            s.failed_then_resumed += 1;
                        }
                        let id = env.complete(&db, &plan, None).await;
                        let (same, clean) = env.check(&db, &id, &want).await;
                        if !same || !clean {
                            eprintln!("MISMATCH: {fault} on {command}, {} transfer", kind.name());
                        }
                        s.mismatches += (!same) as u32;
                        s.verify_failures += (!clean) as u32;
                        db.drop().await.unwrap();
                    }
                }
                scenarios.push(s);
            }
        }
    }

    println!(
        "{:<62} | {:>4} | {:>5} | {:>6} | {:>15} | {:>10} | {:>6}",
        "scenario", "runs", "kills", "faults", "failed→resumed", "mismatches", "verify"
    );
    for s in &scenarios {
        println!(
            "{:<62} | {:>4} | {:>5} | {:>6} | {:>15} | {:>10} | {:>6}",
            s.name,
            s.runs,
            s.kills,
            s.faults,
            s.failed_then_resumed,
            s.mismatches,
            if s.verify_failures == 0 { "clean".to_string() } else { format!("{} bad", s.verify_failures) }
        );
    }
    let total = |f: fn(&Scenario) -> u32| scenarios.iter().map(f).sum::<u32>();
    println!(
        "total: {} runs, {} kills, {} injected faults, {} mismatches, {} verify failures, in {:.0}s (seed {}; documents per organization / bulk / many-assignment transfer: {})",
        total(|s| s.runs),
        total(|s| s.kills),
        total(|s| s.faults),
        total(|s| s.mismatches),
        total(|s| s.verify_failures),
        started.elapsed().as_secs_f64(),
        args.seed,
        reference.iter().map(|r| r.3.to_string()).collect::<Vec<_>>().join(" / ")
    );
    std::fs::write(&args.out, serde_json::to_string_pretty(&scenarios).unwrap()).unwrap();
    if total(|s| s.mismatches) + total(|s| s.verify_failures) > 0 {
        std::process::exit(1);
    }
}
