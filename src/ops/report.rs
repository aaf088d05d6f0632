//! `report`: every document a transfer changed, field by field, before and
//! after, read from its undo log (`db::undo`) in the order its batches
//! wrote it. One entry at a time, one group of it parsed at a time: memory
//! holds a few entries' bytes, however many documents the transfer changed.

use std::collections::HashSet;

use mongodb::bson::{Bson, DateTime, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::User;
use crate::db::journal::Journal;
use crate::db::record::{self, Status, StatusRecord};
use crate::db::undo::RawEntry;
use crate::docid::DocId;
use crate::error::{CliError, Result};
use crate::ops::names::IdNames;
use crate::ops::rollback::{Entries, LogState, log_state};
use crate::ops::status;

/// A transfer's report, open: its record, and its undo log's entries to read.
pub struct Report {
    pub record: StatusRecord,
    /// The plan the transfer ran (from its journal), for its kind and names.
    pub plan: Option<crate::plan::Plan>,
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
    // A journal whose plan cannot be read still has a report, with fewer names.
    let plan = crate::plan::Plan::parse(&journal.plan_json).ok();
    Ok(Report { record, plan, entries, documents: 0, changes: 0 })
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

    /// Hands the rows of the next entry of the log to `out` (see `rows`),
    /// counting them; false at the log's end.
    pub async fn next(&mut self, out: impl FnMut(&Row<'_>)) -> Result<bool> {
        let Some(e) = self.entries.next_raw().await? else { return Ok(false) };
        self.hand_out(&e, out)?;
        Ok(true)
    }

    /// `next`, with the names of the ids the entry holds learnt first (a
    /// user, department, organization or agent among its values, or as the
    /// `_id` of a user's or department's row): one look-up per entry at
    /// most, none once every id of it is known.
    pub async fn next_named(
        &mut self,
        db: &Db,
        names: &mut IdNames,
        mut out: impl FnMut(&Row<'_>, &IdNames),
    ) -> Result<bool> {
        let Some(e) = self.entries.next_raw().await? else { return Ok(false) };
        let mut ids = HashSet::new();
        let entity = matches!(e.kind(), "users" | "departments" | "deletedDepartment");
        rows(&e, |r| {
            if entity && let Bson::ObjectId(o) = r.id.bson() {
                ids.insert(*o);
            }
            for v in r.before.into_iter().chain(r.after) {
                object_ids(v, &mut ids);
            }
        })
        .ok_or_else(|| self.entries.unreadable())?;
        names.learn(db, &ids).await?;
        self.hand_out(&e, |r| out(r, names))?;
        Ok(true)
    }

    fn hand_out(&mut self, e: &RawEntry, mut out: impl FnMut(&Row<'_>)) -> Result<()> {
        let (mut documents, mut changes) = (0u64, 0u64);
        let mut last: Option<DocId> = None;
        rows(e, |r| {
            // A document's rows are consecutive.
            if last.as_ref() != Some(r.id) {
                documents += 1;
                last = Some(r.id.clone());
            }
            changes += 1;
            out(r)
        })
        .ok_or_else(|| self.entries.unreadable())?;
        self.documents += documents;
        self.changes += changes;
        Ok(())
    }
}

/// Every ObjectId in `v`, in arrays and embedded documents too.
fn object_ids(v: &Bson, out: &mut HashSet<ObjectId>) {
    match v {
        Bson::ObjectId(o) => {
            out.insert(*o);
        }
        Bson::Array(a) => a.iter().for_each(|x| object_ids(x, out)),
        Bson::Document(d) => d.values().for_each(|x| object_ids(x, out)),
        _ => {}
    }
}

/// The rows of one entry, in the order the log holds them: group by group
/// (the documents that had the same values), each group's documents in the
/// order the batch read them (`_id` order for a range), each document's
/// fields together: first those it had before (in the order of its group's
/// previous values), then those the transfer added. A deleted document (a
/// deleted department) gives one row per field it had, `after` missing;
/// one that had nothing but its `_id`, one row of that `_id`. One group is
/// parsed at a time. None: a part of the entry is unreadable (the rows up
/// to it were handed out).
pub fn rows(e: &RawEntry, mut out: impl FnMut(&Row<'_>)) -> Option<()> {
    let (kind, collection) = (e.kind(), e.collection());
    for g in e.groups() {
        let g = g?;
        for id in &g.ids {
            for (field, before) in &g.before {
                out(&Row { kind, collection, id, field, before: Some(before), after: g.after.get(field) });
            }
            for field in &g.unset {
                out(&Row { kind, collection, id, field, before: None, after: g.after.get(field) });
            }
        }
    }
    for d in e.deleted() {
        let d = d?;
        let id = DocId::of(&d)?;
        let mut any = false;
        for (field, before) in d.iter().filter(|(k, _)| *k != "_id") {
            any = true;
            out(&Row { kind, collection, id: &id, field, before: Some(before), after: None });
        }
        if !any {
            out(&Row { kind, collection, id: &id, field: "_id", before: Some(id.bson()), after: None });
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use mongodb::bson::{Document, RawDocumentBuf, doc};

    use super::*;
    use crate::db::undo::{Group, diff};

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_bytes([n; 12])
    }

    /// An entry as the log stores it.
    fn entry(groups: &[Group], deleted: Vec<Document>) -> RawEntry {
        let d = doc! {
            "_id": oid(99),
            "kind": "conversations",
            "collection": "conversations",
            "groups": groups.iter().map(Group::to_doc).collect::<Vec<_>>(),
            "deleted": deleted,
        };
        RawEntry::new(RawDocumentBuf::from_document(&d).unwrap()).unwrap()
    }

    type Seen = Vec<(Bson, String, Option<Bson>, Option<Bson>)>;

    fn all(e: &RawEntry) -> Seen {
        let mut out = Vec::new();
        rows(e, |r| out.push((r.id.bson().clone(), r.field.to_string(), r.before.cloned(), r.after.cloned())))
            .expect("a readable entry");
        out
    }

    /// The rows of one document, which come together.
    fn of(seen: &Seen, id: &Bson) -> Vec<(String, Option<Bson>, Option<Bson>)> {
        let at: Vec<usize> = (0..seen.len()).filter(|i| &seen[*i].0 == id).collect();
        assert!(at.windows(2).all(|w| w[1] == w[0] + 1), "the rows of {id} are consecutive: {seen:?}");
        at.iter().map(|i| (seen[*i].1.clone(), seen[*i].2.clone(), seen[*i].3.clone())).collect()
    }

    #[test]
    fn one_row_per_changed_field_missing_apart_from_null() {
        let fields: Vec<String> = ["_id", "userId", "assigneeId", "departmentId", "note"].map(String::from).to_vec();
        let (u, x, d) = (oid(1), oid(2), oid(3));
        let before = vec![
            doc! { "_id": oid(12), "userId": u, "assigneeId": u, "note": "kept" },
            doc! { "_id": oid(11), "userId": u, "assigneeId": Bson::Null, "departmentId": d },
            doc! { "_id": oid(13), "userId": u, "assigneeId": u, "note": "kept" },
        ];
        let after = vec![
            doc! { "_id": oid(12), "userId": x, "departmentId": d, "note": "kept" },
            doc! { "_id": oid(11), "userId": x, "assigneeId": Bson::Null },
            doc! { "_id": oid(13), "userId": x, "departmentId": d, "note": "kept" },
        ];
        let changes = diff(&before, &after, &fields);
        let seen = all(&entry(&changes.groups, Vec::new()));
        let o = |n| Some(Bson::ObjectId(n));
        // Unchanged fields (the null assignee, the note) give no row; a
        // field removed has no after, one added no before.
        assert_eq!(
            of(&seen, &Bson::ObjectId(oid(11))),
            vec![("userId".into(), o(u), o(x)), ("departmentId".into(), o(d), None)]
        );
        for n in [12, 13] {
            assert_eq!(
                of(&seen, &Bson::ObjectId(oid(n))),
                vec![
                    ("userId".into(), o(u), o(x)),
                    ("assigneeId".into(), o(u), None),
                    ("departmentId".into(), None, o(d))
                ]
            );
        }
        assert_eq!(seen.len(), 8);
        // The documents of one group in the order the batch read them.
        let ids: Vec<&Bson> = seen.iter().map(|s| &s.0).filter(|i| **i != Bson::ObjectId(oid(11))).collect();
        assert_eq!(ids.first(), Some(&&Bson::ObjectId(oid(12))));
    }

    #[test]
    fn ids_keep_their_type_and_a_deleted_document_gives_a_row_per_field() {
        let fields: Vec<String> = ["_id", "userId"].map(String::from).to_vec();
        let ids = [Bson::String(oid(9).to_hex()), Bson::Int64(7), Bson::Int32(7), Bson::ObjectId(oid(9))];
        let before: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": oid(1) }).collect();
        let after: Vec<Document> = ids.iter().map(|i| doc! { "_id": i.clone(), "userId": oid(2) }).collect();
        let gone = doc! { "_id": oid(5), "name": "Support", "managers": [oid(1)] };
        let e = entry(&diff(&before, &after, &fields).groups, vec![gone, doc! { "_id": "bare" }]);
        let seen = all(&e);
        let got: Vec<&Bson> = seen.iter().take(4).map(|s| &s.0).collect();
        assert_eq!(got, ids.iter().collect::<Vec<_>>(), "each id as stored, in its type");
        let gone: Vec<(Bson, &str, bool)> =
            seen[4..].iter().map(|s| (s.0.clone(), s.1.as_str(), s.3.is_some())).collect();
        assert_eq!(
            gone,
            vec![
                (Bson::ObjectId(oid(5)), "name", false),
                (Bson::ObjectId(oid(5)), "managers", false),
                (Bson::String("bare".into()), "_id", false),
            ]
        );
    }

    #[test]
    fn an_unreadable_group_stops_the_entry() {
        let d = doc! { "kind": "contacts", "collection": "contacts", "groups": [{ "before": {}, "ids": [[1]] }] };
        let e = RawEntry::new(RawDocumentBuf::from_document(&d).unwrap()).unwrap();
        assert!(rows(&e, |_| {}).is_none());
        let d = doc! { "kind": "contacts", "collection": "contacts" };
        assert!(rows(&RawEntry::new(RawDocumentBuf::from_document(&d).unwrap()).unwrap(), |_| {}).is_none());
    }
}
