//! `report`: every document a transfer changed, from its undo log, checked
//! against the database itself (a dump before and after the execute), not
//! against the tool's own counts; the three formats parse back with the
//! types intact; what has no report is refused in one sentence.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};

use mongodb::bson::{Bson, DateTime, Document, doc};
use tether_transfer::docid::DocId;
use tether_transfer::generator::Options;

use crate::common::*;

/// One row of a report, parsed back.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    kind: String,
    collection: String,
    id: DocId,
    field: String,
    before: Option<Bson>,
    after: Option<Bson>,
}

fn value(v: &serde_json::Value) -> Bson {
    Bson::try_from(v.clone()).unwrap_or_else(|e| panic!("{v} is not Extended JSON: {e}"))
}

/// The rows of `report --json`: each line one JSON object.
fn json_rows(stdout: &str) -> Vec<Row> {
    stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
            assert_eq!(
                v.as_object().unwrap().keys().map(String::as_str).collect::<BTreeSet<_>>(),
                ["kind", "collection", "_id", "field", "before", "after"]
                    .into_iter()
                    .filter(|k| v.get(*k).is_some())
                    .collect::<BTreeSet<_>>()
            );
            Row {
                kind: v["kind"].as_str().unwrap().into(),
                collection: v["collection"].as_str().unwrap().into(),
                id: serde_json::from_value(v["_id"].clone()).unwrap(),
                field: v["field"].as_str().unwrap().into(),
                before: v.get("before").map(value),
                after: v.get("after").map(value),
            }
        })
        .collect()
}

/// The rows of `report --format csv`, read back with a CSV reader.
fn csv_rows(stdout: &str) -> Vec<Row> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(stdout.as_bytes());
    assert_eq!(r.headers().unwrap(), vec!["kind", "collection", "_id", "field", "before", "after"]);
    let cell = |c: &str| -> Option<Bson> {
        (!c.is_empty()).then(|| value(&serde_json::from_str(c).unwrap_or_else(|e| panic!("{c}: {e}"))))
    };
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            // A bare 24-hex cell is an ObjectId; any other id is JSON.
            let id = if rec[2].starts_with('{') {
                serde_json::from_str(&rec[2]).unwrap()
            } else {
                serde_json::from_value(serde_json::Value::String(rec[2].to_string())).unwrap()
            };
            Row {
                kind: rec[0].into(),
                collection: rec[1].into(),
                id,
                field: rec[3].into(),
                before: cell(&rec[4]),
                after: cell(&rec[5]),
            }
        })
        .collect()
}

type Docs = BTreeMap<(String, DocId), Document>;

fn by_id(d: &Dump) -> Docs {
    d.iter()
        .flat_map(|(c, docs)| {
            docs.values().map(move |(doc, _)| ((c.clone(), DocId::of(doc).expect("an _id")), doc.clone()))
        })
        .collect()
}

/// The documents that differ between two dumps (changed, deleted or added).
fn changed(before: &Dump, after: &Dump) -> BTreeSet<(String, DocId)> {
    let (b, a) = (by_id(before), by_id(after));
    let bytes = |d: &Dump, c: &str, d2: &Document| -> Vec<u8> {
        d[c].values().find(|(x, _)| x.get("_id") == d2.get("_id")).map(|(_, b)| b.clone()).unwrap()
    };
    let mut out = BTreeSet::new();
    for (k, d) in &b {
        match a.get(k) {
            Some(n) if bytes(before, &k.0, d) == bytes(after, &k.0, n) => {}
            _ => {
                out.insert(k.clone());
            }
        }
    }
    out.extend(a.keys().filter(|k| !b.contains_key(*k)).cloned());
    out
}

/// The report says exactly what the database says: its documents are the
/// ones that changed, and each row's before and after are the field's
/// values (or its absence) in the dumps.
#[track_caller]
fn assert_reports(rows: &[Row], before: &Dump, after: &Dump) {
    assert!(!rows.is_empty());
    let reported: BTreeSet<(String, DocId)> = rows.iter().map(|r| (r.collection.clone(), r.id.clone())).collect();
    let want = changed(before, after);
    let missing: Vec<_> = want.difference(&reported).collect();
    let extra: Vec<_> = reported.difference(&want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "not reported: {missing:?}\nreported but unchanged: {extra:?}");
    // A document changed in steps (a department emptied, then deleted) has
    // a row per step, in order: they chain from the value before to the
    // value after.
    let (b, a) = (by_id(before), by_id(after));
    let mut steps: BTreeMap<(String, DocId, String), Vec<&Row>> = BTreeMap::new();
    for r in rows {
        assert_ne!(r.before, r.after, "a row is a change: {r:?}");
        steps.entry((r.collection.clone(), r.id.clone(), r.field.clone())).or_default().push(r);
    }
    for ((coll, id, field), chain) in &steps {
        let k = (coll.clone(), id.clone());
        let was = b.get(&k).and_then(|d| d.get(field));
        let is = a.get(&k).and_then(|d| d.get(field));
        assert_eq!(chain[0].before.as_ref(), was, "before of {:?}", chain[0]);
        assert_eq!(chain[chain.len() - 1].after.as_ref(), is, "after of {:?}", chain[chain.len() - 1]);
        for w in chain.windows(2) {
            assert_eq!(w[0].after, w[1].before, "{w:?}");
        }
    }
    // Every field that changed has its row.
    for (coll, id) in &want {
        let k = (coll.clone(), id.clone());
        let (x, y) = (b.get(&k), a.get(&k));
        let fields: BTreeSet<&String> = x.iter().chain(y.iter()).flat_map(|d| d.keys()).collect();
        for f in fields.into_iter().filter(|f| *f != "_id") {
            if x.and_then(|d| d.get(f)) != y.and_then(|d| d.get(f)) {
                assert!(rows.iter().any(|r| r.collection == *coll && r.id == *id && r.field == *f), "{coll} {id} {f}");
            }
        }
    }
}

/// The rows of the text report: the lines after its header (which ends
/// with an empty line).
pub fn text_rows(stdout: &str) -> Vec<&str> {
    stdout.split_once("\n\n").map(|(_, rows)| rows.lines().collect()).unwrap_or_default()
}

/// Runs `report` in each format; checks that they agree and that the
/// closing line counts them; returns the rows.
fn report_all_formats(t: &TestDb, id: &str) -> Vec<Row> {
    let json = t.cmd().run(&["report", id, "--format", "json"]);
    json.expect(0);
    let rows = json_rows(&json.stdout);
    let csv = t.cmd().run(&["report", id, "--format", "csv"]);
    csv.expect(0);
    assert_eq!(csv_rows(&csv.stdout), rows, "CSV and JSON Lines say the same");
    assert!(csv.stdout.ends_with("\r\n"), "RFC 4180 line ends");
    let text = t.cmd().run(&["report", id]);
    text.expect(0);
    assert!(text.stdout.starts_with(&format!("Report of transfer {id}: ")), "a header first: {}", text.stdout);
    assert_eq!(text_rows(&text.stdout).len(), rows.len(), "one text line per field change");
    let docs: BTreeSet<(&str, &str, &DocId)> =
        rows.iter().map(|r| (r.kind.as_str(), r.collection.as_str(), &r.id)).collect();
    for run in [&json, &csv, &text] {
        run.says(&format!("{} documents, {} field changes, transfer {id}", docs.len(), rows.len()));
    }
    rows
}

/// big's organization transfer to Initech, rita inheriting what stays.
const BIG_TO_INITECH_RITA: [&str; 9] = [
    "org",
    "--user",
    "big.owner@acme.test",
    "--to-org",
    "Initech",
    "--role",
    "SALES_REP",
    "--reassignee",
    "rita.rep@acme.test",
];
#[tokio::test]
async fn an_org_transfer_reports_every_change_the_database_shows() {
    let (t, m) = TestDb::seeded().await;
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let after = t.dump().await;
    let id = t.last_transfer().await;
    let rows = report_all_formats(&t, &id);
    assert_reports(&rows, &before, &after);
    // The users' and departments' own updates are there.
    let sam = DocId::from(m.id("user:sam"));
    let user = rows.iter().find(|r| r.kind == "users" && r.id == sam && r.field == "organizationId").unwrap();
    assert_eq!(user.before, Some(Bson::ObjectId(m.id("org:acme"))));
    assert_eq!(user.after, Some(Bson::ObjectId(m.id("org:initech"))));
    assert!(rows.iter().any(|r| r.kind == "departments" && r.field == "members"), "sam left Sales");
    // Where did this contact go? grep its id.
    let contact = rows.iter().find(|r| r.kind == "contacts").unwrap();
    let hex = contact.id.as_object_id().unwrap().to_hex();
    let text = t.cmd().run(&["report", &id]).stdout;
    let line = text.lines().find(|l| l.contains(&hex)).unwrap();
    assert_eq!(
        line,
        format!(
            "contacts contacts {hex} userId: {} (sam.rep@acme.test) -> {} (rita.rep@acme.test)",
            m.id("user:sam").to_hex(),
            m.id("user:rita").to_hex()
        )
    );
    // An admin of the organization may not see an organization transfer.
    t.cmd()
        .env("TETHER_OPERATOR", "alice.admin@acme.test")
        .run(&["report", &id])
        .expect(6)
        .says("may not see organization transfers");
}

/// Ids of every type, owners stored as strings (look-alikes, untouched):
/// the report names each id with its own type, in CSV as in JSON.
#[tokio::test]
async fn messy_ids_keep_their_types() {
    let (t, _) = TestDb::seeded_with(Options { messy: true, big_user_docs: 300, ..Default::default() }).await;
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH_RITA);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let after = t.dump().await;
    let id = t.last_transfer().await;
    let rows = report_all_formats(&t, &id);
    assert_reports(&rows, &before, &after);
    let types: BTreeSet<String> = rows.iter().map(|r| format!("{:?}", r.id.bson().element_type())).collect();
    for ty in ["ObjectId", "String", "Int32", "Int64", "Double", "Binary", "EmbeddedDocument"] {
        assert!(types.contains(ty), "an id of type {ty} among {types:?}");
    }
    // A string id that looks like nothing else stays a string in every
    // format: in text, in double quotes (an ObjectId is bare), other types
    // as the MongoDB shell writes them.
    let text = t.cmd().run(&["report", &id]).stdout;
    let head = &text[..text.len().min(2000)];
    assert!(text.contains(r#" "crm-import-"#) && !text.contains("$string"), "{head}");
    for typed in ["Long('", "UUID('", "{ ", "Binary.createFromBase64('"] {
        let id = |l: &&str| l.splitn(3, ' ').nth(2).is_some_and(|rest| rest.starts_with(typed));
        assert!(text_rows(&text).iter().any(id), "an id written {typed}…: {head}");
    }
    assert!(
        !text.contains("$oid") && !text.contains("$numberInt"),
        "no Extended JSON where a plain value reads: {head}"
    );
}

/// A bulk department transfer that deletes its emptied source: the
/// department's rows are its fields, after missing; a name with a comma,
/// quotes and a line break goes through CSV and comes back whole.
#[tokio::test]
async fn a_deleted_department_is_reported_field_by_field() {
    let (t, m) = TestDb::seeded().await;
    let support = m.id("dept:acme/support");
    let awkward = "Support, \"first line\"\nsecond line";
    t.db.collection::<Document>("departments")
        .update_one(doc! { "_id": support }, doc! { "$set": { "name": awkward } })
        .await
        .unwrap();
    let dir = t.tmp();
    let before = t.dump().await;
    let plan = t.scan(&dir, "p.json", &["department", "--from", awkward, "--to", "Archive", "--delete-source"]);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let after = t.dump().await;
    let id = t.last_transfer().await;
    let rows = report_all_formats(&t, &id);
    assert_reports(&rows, &before, &after);
    let gone: Vec<&Row> = rows.iter().filter(|r| r.kind == "deletedDepartment").collect();
    let was = &before["departments"].values().find(|(d, _)| d.get_object_id("_id") == Ok(support)).unwrap().0;
    assert_eq!(
        gone.iter().map(|r| r.field.as_str()).collect::<Vec<_>>(),
        was.keys().filter(|k| *k != "_id").map(String::as_str).collect::<Vec<_>>(),
        "one row per field, in the document's order"
    );
    assert!(gone.iter().all(|r| r.after.is_none() && r.id == DocId::from(support)));
    let name = gone.iter().find(|r| r.field == "name").unwrap();
    assert_eq!(name.before, Some(Bson::String(awkward.into())));
    // The text stays one line per change.
    let text = t.cmd().run(&["report", &id]).stdout;
    assert!(text.contains(r#"name: "Support, \"first line\"\nsecond line" -> (missing)"#), "{text}");
    // An admin of the organization may see its department transfers; one of another may not.
    t.cmd().env("TETHER_OPERATOR", "alice.admin@acme.test").run(&["report", &id]).expect(0);
    t.cmd()
        .env("TETHER_OPERATOR", "gary.admin@globex.test")
        .run(&["report", &id])
        .expect(6)
        .says("may not see this organization's transfers");
}

#[tokio::test]
async fn what_has_no_report_is_refused_in_one_sentence() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let refused = |args: &[&str], code: i32, says: &str| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        let run = t.cmd().run(&all);
        run.expect(code).says(says);
        assert!(run.stdout.is_empty(), "no rows: {}", run.stdout);
    };
    refused(&["nope"], 2, "\"nope\" is not a transfer id");
    refused(&[&mongodb::bson::oid::ObjectId::new().to_hex()], 2, "No transfer has the id");

    let plan = t.scan(&dir, "bare.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y", "--no-undo"]).expect(0);
    let bare = t.last_transfer().await;
    refused(&[&bare], 2, "ran without an undo log (--no-undo");
    // Checked before anything is read.
    refused(&[&bare, "--format", "markdown"], 2, "--format markdown is not offered by report");

    let plan = t.scan(&dir, "p.json", &SAM_TO_INITECH);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    let rollback = s(&dir.path().join("r.json"));
    t.cmd().run(&["scan", "rollback", &id, "--out", &rollback]).expect(0);
    t.cmd().run(&["execute", &rollback, "-y"]).expect(0);
    let undo = t.last_transfer().await;
    refused(&[&undo], 2, &format!("is a rollback (of transfer {id}) and keeps no undo log of its own"));
    refused(&[&undo], 2, &format!("tether-transfer report {id}"));
    // The transfer it undid still has its report, and says it was undone.
    t.cmd().run(&["report", &id]).expect(0).says(&format!("was rolled back by transfer {undo}"));

    // Its log expires: entries gone after the retention.
    let undo_log = t.db.collection::<Document>("tether_transfer_undo");
    undo_log.delete_one(doc! { "transferId": mongodb::bson::oid::ObjectId::parse_str(&id).unwrap() }).await.unwrap();
    refused(&[&id], 2, "is incomplete");
    let forty_days_ago = DateTime::from_millis(DateTime::now().timestamp_millis() - 40 * 86_400_000);
    let oid = mongodb::bson::oid::ObjectId::parse_str(&undo).unwrap();
    t.db.collection::<Document>("auditlogs")
        .update_one(doc! { "_id": oid }, doc! { "$set": { "completedAt": forty_days_ago } })
        .await
        .unwrap();
    let from =
        chrono::DateTime::<chrono::Utc>::from_timestamp_millis(forty_days_ago.timestamp_millis() + 30 * 86_400_000)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    refused(&[&id], 2, &format!("has expired (kept 30 days, its entries expired from {from} on)"));
}

/// A transfer stopped between batches: the report holds what it changed
/// so far, and says so.
#[tokio::test]
async fn an_unfinished_transfer_reports_what_it_changed_so_far() {
    let (t, _) = TestDb::seeded_with(big(3000)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH_RITA);
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed").spawn(&[
        "execute",
        &plan,
        "-y",
        "--batch-size",
        "500",
    ]);
    let pid = child.id() as i32;
    stopped(pid).await;
    let id = t.last_transfer().await;
    let run = t.cmd().run(&["report", &id, "--json"]);
    run.expect(0)
        .says("is in progress (or was interrupted): this report holds what it changed so far")
        .says(", so far.");
    let rows = json_rows(&run.stdout);
    assert!(!rows.is_empty() && rows.len() < 3000, "{} rows after one batch", rows.len());
    interrupt_and_continue(pid);
    finish(child);
}

/// `| head`: the reader goes away after a few lines; the report ends
/// quietly, with exit 0 and nothing on stderr.
#[tokio::test]
async fn a_closed_pipe_ends_the_report_quietly() {
    let (t, _) = TestDb::seeded_with(big(5000)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH_RITA);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    for format in ["text", "csv", "json"] {
        let mut child = t.cmd().spawn(&["report", &id, "--format", format]);
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        for _ in 0..3 {
            out.read_line(&mut line).unwrap();
        }
        drop(out);
        let run = finish(child);
        run.expect(0);
        assert!(run.stderr.is_empty(), "{format}: {}", run.stderr);
    }
}
