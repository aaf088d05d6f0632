//! `report`: every document a transfer changed, field by field, before and
//! after, read from its undo log (`db::undo`) in the order its batches
//! wrote it. One entry at a time: nothing holds more than one batch's
//! documents, however many the transfer changed.

use mongodb::bson::{Bson, DateTime, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::User;
use crate::db::journal::Journal;
use crate::db::record::{self, Status, StatusRecord};
use crate::db::undo::Entry;
use crate::docid::DocId;
use crate::error::{CliError, Result};
use crate::ops::rollback::{Entries, LogState, log_state};
use crate::ops::status;

/// A transfer's report, open: its record, and its undo log's entries to read.
pub struct Report {
    pub record: StatusRecord,
    entries: Entries,
    /// Documents and field changes handed out so far.
    pub documents: u64,
    pub changes: u64,
}

/// One changed field of one document. `before` / `after` are None when the
/// field was missing (absent, not null) before / after the transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub kind: &'a str,
    pub collection: &'a str,
    pub id: &'a DocId,
    pub field: &'a str,
    pub before: Option<&'a Bson>,
    pub after: Option<&'a Bson>,
}

/// Opens the report of transfer `id`, for an operator who may see that
/// transfer's status; refuses a transfer that has no (whole) undo log.
pub async fn open(db: &Db, operator: &User, id: ObjectId) -> Result<Report> {
    let record = status::get(db, id)
        .await
        .map_err(|e| e.with_hint("`tether-transfer status` lists the transfers you may see."))?;
    status::authorize(operator, &record)?;
    if let Some(of) = record.rollback_of {
        return Err(CliError::usage(format!(
            "Transfer {id} is a rollback (of transfer {of}) and keeps no undo log of its own, so it has no report."
        ))
        .with_hint(format!(
            "What it put back is what transfer {of} changed, before and after swapped: tether-transfer report {of}"
        )));
    }
    let journal = Journal::load(db, id)
        .await?
        .ok_or_else(|| CliError::unexpected(format!("The journal of transfer {id} is missing.")))?;
    match log_state(db, id, &journal).await? {
        LogState::Whole => {}
        LogState::NotWritten => {
            return Err(CliError::usage(format!(
                "Transfer {id} ran without an undo log (--no-undo, or a version of the tool before it), so there is no record of what it changed to report."
            ))
            .with_hint(format!("`tether-transfer status {id}` shows how many documents of each kind it moved.")));
        }
        LogState::Incomplete { kept, written, days } => {
            let from = expiry(db, &record, days).await?;
            let message = if from <= DateTime::now() {
                format!(
                    "The undo log of transfer {id} has expired (kept {days} days, its entries expired from {} on): {kept} of its {written} entries are left, too few for a complete report.",
                    status::timestamp(from)
                )
            } else {
                format!(
                    "The undo log of transfer {id} is incomplete: {kept} of its {written} entries are left, though they are kept until {} (some were deleted), too few for a complete report.",
                    status::timestamp(from)
                )
            };
            return Err(CliError::not_found(message)
                .with_hint("A longer --undo-retention at execute keeps the log longer (default 30 days)."));
        }
    }
    let entries = Entries::in_written_order(db, id).await?;
    Ok(Report { record, entries, documents: 0, changes: 0 })
}

/// When a transfer's entries start to expire: each run stamps its entries
/// with its start plus the retention; a rollback pins the log while it runs
/// and re-stamps it from its end.
async fn expiry(db: &Db, record: &StatusRecord, days: u32) -> Result<DateTime> {
    let mut from = record.started_at;
    if let Some(by) = record.rolled_back_by
        && let Some(ended) = record::load(db, by).await?.and_then(|r| r.completed_at)
    {
        from = ended;
    }
    Ok(DateTime::from_millis(from.timestamp_millis() + days as i64 * 86_400_000))
}

impl Report {
    /// The transfer has not completed: the report holds what it changed so far.
    pub fn unfinished(&self) -> bool {
        self.record.status != Status::Completed
    }

    /// The next entry of the log, None at its end.
    pub async fn next(&mut self) -> Result<Option<Entry>> {
        let e = self.entries.next().await?;
        if let Some(e) = &e {
            self.documents += e.documents() as u64;
        }
        Ok(e)
    }

    /// Hands each row of `e` to `out` (see `rows`), counting them.
    pub fn rows(&mut self, e: &Entry, mut out: impl FnMut(&Row<'_>)) {
        let mut n = 0u64;
        rows(e, |r| {
            n += 1;
            out(r)
        });
        self.changes += n;
    }
}

/// The rows of one entry, by document in `_id` order (MongoDB's order of
/// values), each document's fields together: first those it had before
/// (in the order of its group's previous values), then those the transfer
/// added. A deleted document (a deleted department) gives one row per
/// field it had, `after` missing; one that had nothing but its `_id`, one
/// row of that `_id`.
pub fn rows(e: &Entry, mut out: impl FnMut(&Row<'_>)) {
    let mut docs: Vec<(&DocId, usize)> =
        e.groups.iter().enumerate().flat_map(|(i, g)| g.ids.iter().map(move |id| (id, i))).collect();
    docs.sort_by(|a, b| a.0.cmp(b.0));
    fn row<'r>(
        e: &'r Entry,
        id: &'r DocId,
        field: &'r str,
        before: Option<&'r Bson>,
        after: Option<&'r Bson>,
    ) -> Row<'r> {
        Row { kind: &e.kind, collection: &e.collection, id, field, before, after }
    }
    for (id, i) in docs {
        let g = &e.groups[i];
        for (field, before) in &g.before {
            out(&row(e, id, field, Some(before), g.after.get(field)));
        }
        for field in &g.unset {
            out(&row(e, id, field, None, g.after.get(field)));
        }
    }
    let mut deleted: Vec<(DocId, &mongodb::bson::Document)> =
        e.deleted.iter().filter_map(|d| Some((DocId::of(d)?, d))).collect();
    deleted.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, d) in &deleted {
        let mut any = false;
        for (field, before) in d.iter().filter(|(k, _)| *k != "_id") {
            any = true;
            out(&row(e, id, field, Some(before), None));
        }
        if !any {
            out(&row(e, id, "_id", Some(id.bson()), None));
        }
    }
}

#[cfg(test)]
mod tests {
    use mongodb::bson::{Document, doc};

    use super::*;
    use crate::db::undo::{Group, diff};

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_bytes([n; 12])
    }

    fn entry(groups: Vec<Group>, deleted: Vec<Document>) -> Entry {
        Entry {
            id: oid(99),
            kind: "conversations".into(),
            collection: "conversations".into(),
            groups,
            deleted,
            restored_by: None,
            dense: false,
        }
    }

    fn all(e: &Entry) -> Vec<(String, String, Option<Bson>, Option<Bson>)> {
        let mut out = Vec::new();
        rows(e, |r| out.push((r.id.to_string(), r.field.to_string(), r.before.cloned(), r.after.cloned())));
        out
    }

    #[test]
    fn one_row_per_changed_field_missing_apart_from_null() {
        let fields: Vec<String> = ["_id", "userId", "assigneeId", "departmentId", "note"].map(String::from).to_vec();
        let (u, x, d) = (oid(1), oid(2), oid(3));
        let before = vec![
            doc! { "_id": oid(12), "userId": u, "assigneeId": u, "note": "kept" },
            doc! { "_id": oid(11), "userId": u, "assigneeId": Bson::Null, "departmentId": d },
        ];
        let after = vec![
            doc! { "_id": oid(12), "userId": x, "departmentId": d, "note": "kept" },
            doc! { "_id": oid(11), "userId": x, "assigneeId": Bson::Null },
        ];
        let changes = diff(&before, &after, &fields);
        let rows = all(&entry(changes.groups, Vec::new()));
        let (a, b) = (oid(11).to_hex(), oid(12).to_hex());
        assert_eq!(
            rows,
            vec![
                // By _id; unchanged fields (null assignee, the note) give no row.
                (a.clone(), "userId".into(), Some(Bson::ObjectId(u)), Some(Bson::ObjectId(x))),
                (a.clone(), "departmentId".into(), Some(Bson::ObjectId(d)), None),
                (b.clone(), "userId".into(), Some(Bson::ObjectId(u)), Some(Bson::ObjectId(x))),
                (b.clone(), "assigneeId".into(), Some(Bson::ObjectId(u)), None),
                (b, "departmentId".into(), None, Some(Bson::ObjectId(d))),
            ]
        );
    }

    #[test]
    fn ids_keep_their_type_and_a_deleted_document_gives_a_row_per_field() {
        let fields: Vec<String> = ["_id", "userId"].map(String::from).to_vec();
        let ids = [Bson::String(oid(9).to_hex()), Bson::Int64(7), Bson::Int32(7), Bson::ObjectId(oid(9))];
        let before: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": oid(1) }).collect();
        let after: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": oid(2) }).collect();
        let gone = doc! { "_id": oid(5), "name": "Support", "managers": [oid(1)] };
        let e = entry(diff(&before, &after, &fields).groups, vec![gone, doc! { "_id": "bare" }]);
        let mut seen: Vec<(Bson, String, bool)> = Vec::new();
        rows(&e, |r| seen.push((r.id.bson().clone(), r.field.to_string(), r.after.is_some())));
        let (ids_seen, _): (Vec<Bson>, Vec<_>) = seen.iter().take(4).map(|(i, f, _)| (i.clone(), f)).unzip();
        // MongoDB's order: numbers, strings, then ObjectIds; each id as stored.
        assert_eq!(ids_seen, vec![ids[2].clone(), ids[1].clone(), ids[0].clone(), ids[3].clone()]);
        assert_eq!(
            seen[4..].iter().map(|(i, f, a)| (i.to_string(), f.as_str(), *a)).collect::<Vec<_>>(),
            vec![
                ("\"bare\"".to_string(), "_id", false),
                (format!("ObjectId(\"{}\")", oid(5).to_hex()), "name", false),
                (format!("ObjectId(\"{}\")", oid(5).to_hex()), "managers", false),
            ]
        );
    }
}
