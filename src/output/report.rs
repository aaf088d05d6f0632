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

use super::Printer;
use crate::docid::DocId;
use crate::ops::report::Row;

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

    pub fn row(&mut self, r: &Row<'_>) {
        match self.format {
            RowFormat::Text => text_line(&mut self.text, r),
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

fn text_line(out: &mut String, r: &Row<'_>) {
    let value = |v: Option<&Bson>| v.map(ejson).unwrap_or_else(|| "(missing)".to_string());
    out.push_str(&format!(
        "{} {} {} {}: {} -> {}\n",
        r.kind,
        r.collection,
        id_cell(r.id),
        r.field,
        value(r.before),
        value(r.after)
    ));
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
        text_line(&mut out, &r);
        assert_eq!(out, "contacts contacts {\"$numberInt\":\"3\"} note: \"a \\\"b\\\"\\nc\" -> (missing)\n");
    }
}
