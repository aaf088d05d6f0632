//! The rows of `report` as text, CSV or JSON Lines, written as they come:
//! buffered up to a chunk and handed to the `Printer` (which scrubs secrets
//! and ends the program quietly on a closed pipe), never held all at once.
//!
//! Values are canonical MongoDB Extended JSON v2 in every format, so an
//! ObjectId (`{"$oid":"…"}`), a string that looks like one (`"65a1…"`), an
//! int32 (`{"$numberInt":"7"}`), an int64, a double and null are told apart;
//! a missing field is an empty cell (CSV), an absent key (JSON) or
//! `(missing)` (text). An `_id` is in its JSON form (`DocId`): an ObjectId
//! as its 24-hex string (bare in CSV and text), a string id as
//! `{"$string":"…"}`, any other as canonical Extended JSON.

use mongodb::bson::{Bson, oid::ObjectId};
use serde::Serialize;

use mongodb::bson::DateTime;

use super::Printer;
use crate::db::record::{Action, StatusRecord};
use crate::docid::DocId;
use crate::ops::names::IdNames;
use crate::ops::report::Row;
use crate::plan::{Plan, PlanKind};
use crate::review::clean;

/// The columns, in order (the CSV header, the JSON keys).
pub const COLUMNS: [&str; 6] = ["kind", "collection", "_id", "field", "before", "after"];

/// What a chunk grows to before it is written.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// One readable line per field change: `kind collection _id field: before -> after`.
    Text,
    /// RFC 4180, a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

pub struct RowWriter<'p> {
    printer: &'p Printer,
    format: RowFormat,
    text: String,
    csv: csv::Writer<Vec<u8>>,
}

impl<'p> RowWriter<'p> {
    pub fn new(printer: &'p Printer, format: RowFormat) -> RowWriter<'p> {
        let mut w = RowWriter { printer, format, text: String::new(), csv: csv_writer() };
        if format == RowFormat::Csv {
            w.csv.write_record(COLUMNS).expect("a CSV record writes into memory");
        }
        w
    }

    /// A row as text, the ids `names` knows named beside them.
    pub fn row_named(&mut self, r: &Row<'_>, names: &IdNames) {
        text_line(&mut self.text, r, &|o| names.get(o).map(String::from));
        if self.pending() >= CHUNK {
            self.flush();
        }
    }

    pub fn row(&mut self, r: &Row<'_>) {
        match self.format {
            RowFormat::Text => text_line(&mut self.text, r, &|_| None),
            RowFormat::Csv => {
                let cell = |v: Option<&Bson>| v.map(ejson).unwrap_or_default();
                self.csv
                    .write_record([r.kind, r.collection, &id_cell(r.id), r.field, &cell(r.before), &cell(r.after)])
                    .expect("a CSV record writes into memory");
            }
            RowFormat::JsonLines => {
                let line = JsonRow {
                    kind: r.kind,
                    collection: r.collection,
                    id: r.id,
                    field: r.field,
                    before: r.before.map(|v| v.clone().into_canonical_extjson()),
                    after: r.after.map(|v| v.clone().into_canonical_extjson()),
                };
                self.text.push_str(&serde_json::to_string(&line).expect("a row serializes"));
                self.text.push('\n');
            }
        }
        if self.pending() >= CHUNK {
            self.flush();
        }
    }

    fn pending(&self) -> usize {
        self.text.len() + self.csv.get_ref().len()
    }

    /// Writes what is buffered (whole rows only).
    pub fn flush(&mut self) {
        if self.format == RowFormat::Csv {
            let bytes = std::mem::replace(&mut self.csv, csv_writer()).into_inner().expect("CSV flushes into memory");
            self.text = String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8");
        }
        if !self.text.is_empty() {
            self.printer.data(&self.text);
            self.text.clear();
        }
    }
}

impl Drop for RowWriter<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote
/// or a line end.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::with_capacity(CHUNK + 1024))
}

#[derive(Serialize)]
struct JsonRow<'a> {
    kind: &'a str,
    collection: &'a str,
    #[serde(rename = "_id")]
    id: &'a DocId,
    field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<serde_json::Value>,
}

/// A value as canonical Extended JSON text.
pub fn ejson(v: &Bson) -> String {
    v.clone().into_canonical_extjson().to_string()
}

/// An `_id` as a cell: its JSON form, an ObjectId's hex unquoted (a bare
/// 24-hex cell is always an ObjectId; a string id reads `{"$string":…}`).
pub fn id_cell(id: &DocId) -> String {
    match id.bson() {
        Bson::ObjectId(o) => ObjectId::to_hex(*o),
        _ => serde_json::to_string(id).expect("an id serializes"),
    }
}

/// One line per field change: `kind collection _id field: before -> after`,
/// values as a person reads them (`readable`), a missing field `(missing)`.
fn text_line(out: &mut String, r: &Row<'_>, name: &dyn Fn(&ObjectId) -> Option<String>) {
    let value = |v: Option<&Bson>| v.map(|v| readable(v, name)).unwrap_or_else(|| "(missing)".to_string());
    let id = match r.id.bson() {
        Bson::ObjectId(o) if matches!(r.kind, "users" | "departments" | "deletedDepartment") => named(o, name),
        other => readable(other, &|_| None),
    };
    out.push_str(&format!("{} {} {id} {}: {} -> {}\n", r.kind, r.collection, r.field, value(r.before), value(r.after)));
}

/// `6780… (sam@x.test)`, or the bare hex of an id nobody is named by.
fn named(o: &ObjectId, name: &dyn Fn(&ObjectId) -> Option<String>) -> String {
    match name(o) {
        Some(n) => format!("{} ({n})", o.to_hex()),
        None => o.to_hex(),
    }
}

/// A value as a person reads it, its type still told apart: an ObjectId
/// bare (named when `name` knows it), a string in double quotes (escaped
/// as JSON, so one change stays one line), an int32 and a boolean plain, a
/// double with its decimal point, other types as the MongoDB shell writes
/// them (`Long('7')`, `Decimal128('1.5')`, `ISODate('…')`, `UUID('…')`,
/// `Binary.createFromBase64('…', 0)`),
/// arrays and documents element by element.
pub fn readable(v: &Bson, name: &dyn Fn(&ObjectId) -> Option<String>) -> String {
    use mongodb::bson::spec::BinarySubtype;
    let quote = |s: &str| serde_json::to_string(s).expect("a string serializes");
    match v {
        Bson::ObjectId(o) => named(o, name),
        Bson::String(s) => quote(s),
        Bson::Int32(n) => n.to_string(),
        Bson::Int64(n) => format!("Long('{n}')"),
        Bson::Double(d) if d.is_finite() && d.fract() == 0.0 && d.abs() < 1e15 => format!("{d:.1}"),
        Bson::Double(d) if d.is_nan() => "NaN".into(),
        Bson::Double(d) if d.is_infinite() => (if *d > 0.0 { "Infinity" } else { "-Infinity" }).into(),
        Bson::Double(d) => d.to_string(),
        Bson::Decimal128(d) => format!("Decimal128('{d}')"),
        Bson::Boolean(b) => b.to_string(),
        Bson::Null => "null".into(),
        Bson::Undefined => "undefined".into(),
        Bson::DateTime(t) => match t.try_to_rfc3339_string() {
            Ok(s) => format!("ISODate('{s}')"),
            Err(_) => format!("ISODate({})", t.timestamp_millis()),
        },
        Bson::Binary(b) if b.subtype == BinarySubtype::Uuid && b.bytes.len() == 16 => {
            let h = hex::encode(&b.bytes);
            format!("UUID('{}-{}-{}-{}-{}')", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
        }
        Bson::Binary(b) => {
            let json = v.clone().into_canonical_extjson();
            match json["$binary"]["base64"].as_str() {
                Some(data) => format!("Binary.createFromBase64('{data}', {})", u8::from(b.subtype)),
                None => ejson(v),
            }
        }
        Bson::Array(a) => format!("[{}]", a.iter().map(|x| readable(x, name)).collect::<Vec<_>>().join(", ")),
        Bson::Document(d) if d.is_empty() => "{}".into(),
        Bson::Document(d) => {
            let fields: Vec<String> = d.iter().map(|(k, x)| format!("{}: {}", key(k), readable(x, name))).collect();
            format!("{{ {} }}", fields.join(", "))
        }
        // Timestamps, regular expressions, code, min and max keys, …: their
        // canonical Extended JSON.
        other => ejson(other),
    }
}

/// A document's key, quoted when it is not a plain word.
fn key(k: &str) -> String {
    let plain = !k.is_empty()
        && !k.starts_with(|c: char| c.is_ascii_digit())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain { k.to_string() } else { serde_json::to_string(k).expect("a key serializes") }
}

/// The text report's header: the transfer, its kind, who ran it and when.
pub fn header(record: &StatusRecord, plan: Option<&Plan>) -> String {
    let kind = match record.action {
        Action::OrgTransferExecute => "organization transfer",
        Action::DepartmentTransferExecute => match plan.map(|p| p.kind()) {
            Some(PlanKind::DepartmentBulk) => "bulk department transfer",
            _ => "department transfer",
        },
        Action::OrgTransferRollback => "rollback of an organization transfer",
        Action::DepartmentTransferRollback => "rollback of a department transfer",
    };
    let users: Vec<String> = record.users.iter().map(|u| clean(u)).collect();
    let who = match users.len() {
        0 => "no users".to_string(),
        1..=10 => users.join(", "),
        n => format!("{} and {} more", users[..10].join(", "), n - 10),
    };
    let time = |t: DateTime| crate::ops::status::timestamp(t);
    let identity = record.operator_identity.as_ref().map(|i| i.describe()).unwrap_or_else(|| "declared".into());
    let mut out = format!("Report of transfer {}: {kind} of {who}, {}\n", record.id, record.status);
    let mut line = |label: &str, value: String| out.push_str(&format!("  {label:<11} {value}\n"));
    line("ran by:", format!("{} ({identity})", clean(&record.operator.email)));
    line("started:", time(record.started_at));
    if !record.resumed_at.is_empty() {
        line("resumed:", record.resumed_at.iter().map(|t| time(*t)).collect::<Vec<_>>().join(", "));
    }
    if let Some(t) = record.completed_at {
        line("ended:", time(t));
    }
    if let Some(p) = plan {
        line("plan:", format!("{}, scanned by {}", clean(&p.scan_version), clean(&p.operator.email)));
    }
    if let Some(by) = record.rolled_back_by {
        line("undone by:", format!("rollback {by}"));
    }
    line(
        "rows:",
        "kind collection _id field: before -> after; users, departments, organizations and agents named beside their ids".into(),
    );
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use mongodb::bson::{Binary, doc, spec::BinarySubtype};

    use super::*;

    #[test]
    fn values_and_ids_keep_their_type() {
        let o = ObjectId::from_bytes([7; 12]);
        assert_eq!(ejson(&Bson::ObjectId(o)), format!(r#"{{"$oid":"{}"}}"#, o.to_hex()));
        assert_eq!(ejson(&Bson::String(o.to_hex())), format!(r#""{}""#, o.to_hex()));
        assert_eq!(ejson(&Bson::Int32(7)), r#"{"$numberInt":"7"}"#);
        assert_eq!(ejson(&Bson::Int64(7)), r#"{"$numberLong":"7"}"#);
        assert_eq!(ejson(&Bson::Null), "null");
        assert_eq!(id_cell(&DocId::from(o)), o.to_hex());
        assert_eq!(
            id_cell(&DocId::new(Bson::String(o.to_hex())).unwrap()),
            format!(r#"{{"$string":"{}"}}"#, o.to_hex())
        );
        assert_eq!(id_cell(&DocId::new(Bson::Double(2.5)).unwrap()), r#"{"$numberDouble":"2.5"}"#);
        let uuid = Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![1; 16] });
        assert_eq!(
            id_cell(&DocId::new(uuid).unwrap()),
            r#"{"$binary":{"base64":"AQEBAQEBAQEBAQEBAQEBAQ==","subType":"04"}}"#
        );
        assert_eq!(id_cell(&DocId::new(Bson::Document(doc! { "n": 1 })).unwrap()), r#"{"n":{"$numberInt":"1"}}"#);
    }

    #[test]
    fn a_text_line_shows_a_missing_field() {
        let id = DocId::new(Bson::Int32(3)).unwrap();
        let before = Bson::String("a \"b\"\nc".into());
        let r = Row {
            kind: "contacts",
            collection: "contacts",
            id: &id,
            field: "note",
            before: Some(&before),
            after: None,
        };
        let mut out = String::new();
        text_line(&mut out, &r, &|_| None);
        assert_eq!(out, "contacts contacts 3 note: \"a \\\"b\\\"\\nc\" -> (missing)\n");
    }

    #[test]
    fn a_readable_value_keeps_its_type_and_names_known_ids() {
        use mongodb::bson::Decimal128;
        let (sam, other) = (ObjectId::from_bytes([1; 12]), ObjectId::from_bytes([2; 12]));
        let name = |o: &ObjectId| (*o == sam).then(|| "sam@x.test".to_string());
        let r = |v: Bson| readable(&v, &name);
        assert_eq!(r(Bson::ObjectId(sam)), format!("{} (sam@x.test)", sam.to_hex()));
        assert_eq!(r(Bson::ObjectId(other)), other.to_hex(), "an id nobody is named by stays bare");
        assert_eq!(r(Bson::String(sam.to_hex())), format!("\"{}\"", sam.to_hex()), "a look-alike string is quoted");
        assert_eq!(r(Bson::Int32(7)), "7");
        assert_eq!(r(Bson::Int64(7)), "Long('7')");
        assert_eq!(r(Bson::Double(7.0)), "7.0");
        assert_eq!(r(Bson::Double(2.5)), "2.5");
        assert_eq!(r(Bson::Decimal128("1.50".parse::<Decimal128>().unwrap())), "Decimal128('1.50')");
        assert_eq!(r(Bson::Boolean(false)), "false");
        assert_eq!(r(Bson::Null), "null");
        assert_eq!(r(Bson::DateTime(DateTime::from_millis(0))), "ISODate('1970-01-01T00:00:00Z')");
        let uuid = Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![1; 16] });
        assert_eq!(r(uuid), "UUID('01010101-0101-0101-0101-010101010101')");
        let bin = Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: vec![0, 1] });
        assert_eq!(r(bin), "Binary.createFromBase64('AAE=', 0)");
        assert_eq!(
            r(Bson::Array(vec![Bson::ObjectId(sam), Bson::Int32(1)])),
            format!("[{} (sam@x.test), 1]", sam.to_hex())
        );
        assert_eq!(r(Bson::Document(doc! { "n": 1, "a b": "x" })), "{ n: 1, \"a b\": \"x\" }");
        assert_eq!(r(Bson::String("line\nbreak".into())), "\"line\\nbreak\"", "one change, one line");
    }
}
