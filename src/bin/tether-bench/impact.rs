//! What Tether's application sees while a transfer runs.

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
        n +=
            db.collection::<Document>(c).count_documents(doc! { "organizationId": acme, "userId": big }).await.unwrap();
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
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
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
    let ops =
        [Op::ReadConversation, Op::ListConversations, Op::ReadContact, Op::UpdateMine, Op::UpdateTheirs, Op::Insert];
    let during_by_op = ops
        .iter()
        .filter_map(|op| stats(&during.iter().copied().filter(|s| s.op == *op).collect::<Vec<_>>()).map(|s| (*op, s)))
        .collect();
    let mut timeline_max_ms = vec![0.0f64; (during_to - during_from).ceil() as usize];
    for s in &during {
        let second = ((s.at - during_from) as usize).min(timeline_max_ms.len() - 1);
        timeline_max_ms[second] = timeline_max_ms[second].max(s.ms);
    }
    let writes_during =
        during.iter().filter(|s| s.ok && matches!(s.op, Op::UpdateMine | Op::UpdateTheirs | Op::Insert)).count() as u64;
    let writes = std::mem::take(&mut *shared.writes.lock().unwrap());
    let (checked, problems) = check(&db, &m, &writes).await;
    let leftovers = leftovers(&db, &m).await;
    let record = db.collection::<Document>("auditlogs").find_one(doc! {}).sort(doc! { "startedAt": -1 }).await.unwrap();
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
