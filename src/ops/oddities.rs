//! Data as a customer's database holds it (transfers.md, "Data as it is"):
//! the values a scan finds that the spec's types do not promise, and what
//! the tool makes of them.
//!
//! - A value that is not the user's ObjectId is not the user's, as the
//!   application sees it: a document whose owner (or assignee, approver,
//!   organization, department) holds the 24-hex *string* of the id stays
//!   where it is. Scan counts such look-alikes per kind and warns
//!   (`look_alike`), so the reviewer knows what stays.
//! - A document the transfer would change but whose fields it cannot change
//!   as the spec says (an array where one id is expected, approvers that are
//!   not an array) is refused at scan: a blocking conflict
//!   (`unusable_value`) naming the kind, the field and the ids.
//! - A department whose `managers` / `members` is present but not an array
//!   cannot be changed by `$pull` / `$addToSet`: a blocking conflict too.

use std::collections::BTreeMap;

use mongodb::bson::{Bson, Document, RawBsonRef, RawDocument, doc, oid::ObjectId};

use crate::db::Db;
use crate::db::entities::Department;
use crate::docid::DocId;
use crate::error::Result;
use crate::ops::transfer::{Change, Step, Transfer};
use crate::plan::{Code, Finding};

/// How many ids a finding lists before "and N more".
const IDS_LISTED: usize = 10;

/// The fields of a kind whose values a step reads or writes as one id each
/// (an array there is refused), and the one that must be an array.
pub struct Shapes {
    scalars: Vec<String>,
    list: Option<String>,
    /// Per field: how many selected documents hold an unusable value, and
    /// the first ids.
    found: BTreeMap<String, (u64, Vec<DocId>)>,
}

impl Shapes {
    pub fn of(step: &Step<'_>) -> Shapes {
        let k = step.kind;
        let mut scalars = vec![k.organization_field.clone()];
        let mut list = None;
        match &step.change {
            Change::Move { .. } => {
                scalars.extend([Some(&k.owner_field), k.unique_field.as_ref()].into_iter().flatten().cloned())
            }
            Change::Reassign { remaps, .. } => {
                scalars.push(k.owner_field.clone());
                scalars.extend(k.assignee_field.clone());
                if !remaps.is_empty() {
                    scalars.extend(k.agent_field.clone());
                }
            }
            Change::Assign { .. } => {
                scalars.extend([Some(&k.owner_field), k.assignee_field.as_ref()].into_iter().flatten().cloned())
            }
            Change::ReplaceApprover { .. } => list = k.approvers_field.clone(),
            Change::Repoint { .. } => scalars.extend(k.department_field.clone()),
            Change::FollowOrReassign { .. } | Change::AssignOrUnassign { .. } => scalars.extend(
                [Some(&k.owner_field), k.assignee_field.as_ref(), k.department_field.as_ref()]
                    .into_iter()
                    .flatten()
                    .cloned(),
            ),
            Change::ReplaceOrRemoveApprover { .. } => {
                scalars.extend(k.department_field.clone());
                list = k.approvers_field.clone();
            }
        }
        // A condition's field (`fired: false`) matches an array that holds
        // the value (`[true, false]`): whether that counts is not the
        // tool's to guess.
        scalars.extend(k.condition_fields().into_iter().map(String::from));
        scalars.retain(|f| Some(f) != list.as_ref());
        scalars.dedup();
        Shapes { scalars, list, found: BTreeMap::new() }
    }

    /// What a document must hold for the tool to own it: no array in a
    /// field that holds one id, an array where the list is; None when the
    /// step has no such field. Execute writes only such documents: one the
    /// application wrote otherwise while the transfer ran (scan refused those
    /// there before) is left as it is, and reported (`usable`).
    pub fn usable(&self) -> Option<Document> {
        let mut all: Vec<Bson> =
            self.scalars.iter().map(|f| Bson::Document(doc! { f: { "$not": { "$type": "array" } } })).collect();
        if let Some(f) = &self.list {
            all.push(Bson::Document(doc! { "$or": [{ f: { "$exists": false } }, { f: { "$type": "array" } }] }));
        }
        (!all.is_empty()).then(|| doc! { "$and": all })
    }

    /// Looks at one selected document (projected to the tracked fields).
    pub fn check(&mut self, d: &RawDocument) {
        let mut bad = |field: &str| {
            let id = DocId::of_raw(d);
            let (n, ids) = self.found.entry(field.to_string()).or_default();
            *n += 1;
            if ids.len() < IDS_LISTED {
                ids.extend(id);
            }
        };
        for f in &self.scalars {
            if let Ok(Some(RawBsonRef::Array(_))) = d.get(f) {
                bad(f);
            }
        }
        if let Some(f) = &self.list
            && let Ok(Some(v)) = d.get(f)
            && !matches!(v, RawBsonRef::Array(_))
        {
            bad(f);
        }
    }

    /// The blocking conflicts: one per field that holds unusable values.
    pub fn conflicts(self, kind: &str) -> Vec<Finding> {
        let list = self.list;
        self.found
            .into_iter()
            .map(|(field, (n, ids))| {
                let what = if Some(&field) == list.as_ref() {
                    "is not an array of ids"
                } else {
                    "holds an array where the tool expects one value"
                };
                Finding {
                    code: Code::UnusableValue,
                    message: format!(
                        "{kind}: {field} {what} in {n} document{} of the transfer ({}); the tool cannot tell what \
                         the transfer should make of {}. Correct {} first, then scan again.",
                        if n == 1 { "" } else { "s" },
                        listed(&ids, n),
                        if n == 1 { "it" } else { "them" },
                        if n == 1 { "it" } else { "them" },
                    ),
                }
            })
            .collect()
    }
}

/// A step restricted to the documents the tool can own (`Shapes::usable`),
/// for execute's reads and writes; and the filter of those it leaves (the
/// selection's documents that are not usable), None when it has no such
/// field.
pub fn usable_only(mut step: Step<'_>) -> (Step<'_>, Option<Document>) {
    let Some(usable) = Shapes::of(&step).usable() else { return (step, None) };
    // Both keep the selection's equalities at the top, where the server
    // plans them through the index.
    let with = |filter: &Document, more: Vec<Bson>| {
        let mut f = filter.clone();
        match f.get_array_mut("$and") {
            Ok(existing) => existing.extend(more),
            Err(_) => {
                f.insert("$and", more);
            }
        }
        f
    };
    let left = with(&step.filter, vec![Bson::Document(doc! { "$nor": [usable.clone()] })]);
    step.filter = with(&step.filter, usable.get_array("$and").expect("built with $and").clone());
    (step, Some(left))
}

fn listed(ids: &[DocId], n: u64) -> String {
    let shown: Vec<String> = ids.iter().map(DocId::display).collect();
    let more = n.saturating_sub(shown.len() as u64);
    if more == 0 { shown.join(", ") } else { format!("{} and {more} more", shown.join(", ")) }
}

/// The step's filter with the ObjectId values of `field` (an equality, or
/// an `$in` / `$eq`, at the top or in an `$or` / `$and` branch) written as
/// their 24-hex strings; None if the filter names no ObjectId there.
fn string_forms(filter: &Document, field: &str) -> Option<Document> {
    let mut out = Document::new();
    let mut changed = false;
    for (k, v) in filter {
        let v = match (k.as_str(), v) {
            (k, Bson::ObjectId(o)) if k == field => {
                changed = true;
                Bson::String(o.to_hex())
            }
            (k, Bson::Document(ops)) if k == field => {
                let mut ops = ops.clone();
                for op in ["$in", "$eq"] {
                    match ops.get_mut(op) {
                        Some(Bson::Array(list)) => {
                            for item in list.iter_mut() {
                                if let Bson::ObjectId(o) = item {
                                    *item = Bson::String(o.to_hex());
                                    changed = true;
                                }
                            }
                        }
                        Some(item @ Bson::ObjectId(_)) => {
                            *item = Bson::String(item.as_object_id().expect("matched").to_hex());
                            changed = true;
                        }
                        _ => {}
                    }
                }
                Bson::Document(ops)
            }
            ("$or" | "$and", Bson::Array(branches)) => Bson::Array(
                branches
                    .iter()
                    .map(|b| match b.as_document().and_then(|d| string_forms(d, field)) {
                        Some(d) => {
                            changed = true;
                            Bson::Document(d)
                        }
                        None => b.clone(),
                    })
                    .collect(),
            ),
            _ => v.clone(),
        };
        out.insert(k, v);
    }
    changed.then_some(out)
}

/// Per step, the documents that name a subject of the transfer by the
/// string form of its id where the step's selection names its ObjectId
/// (owner, assignee, approvers, organization, department): they are not the
/// user's to the application, so they stay. One warning per kind that has
/// any, with the count.
pub async fn look_alikes(db: &Db, steps: &[Step<'_>]) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for step in steps {
        let k = step.kind;
        let fields = [
            Some(&k.owner_field),
            k.assignee_field.as_ref(),
            k.approvers_field.as_ref(),
            Some(&k.organization_field),
            k.department_field.as_ref(),
        ];
        // (what, how many), one per field.
        let mut parts: Vec<(String, u64)> = Vec::new();
        let mut seen: Vec<&String> = Vec::new();
        for f in fields.into_iter().flatten() {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            let Some(filter) = string_forms(&step.filter, f) else { continue };
            let n = db.db.collection::<Document>(&k.collection).count_documents(filter).await?;
            if n > 0 {
                parts.push((format!("{n} with the string form of the id in {f}"), n));
            }
        }
        parts.extend(condition_look_alikes(db, step).await?);
        if parts.is_empty() {
            continue;
        }
        let total: u64 = parts.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = parts.into_iter().map(|(p, _)| p).collect();
        out.push(Finding {
            code: Code::LookAlike,
            message: format!(
                "{}: {} look like the transfer's but do not match it ({}); they are not the user's as the \
                 application sees them, and stay as they are.",
                k.key,
                plural(total, "document"),
                parts.join("; ")
            ),
        });
    }
    Ok(out)
}

/// A kind with a condition on a field's value (unfired reminders:
/// `fired: false`): the documents of the selection but for the condition
/// whose field is missing, null or of another type. Not counted, not moved.
async fn condition_look_alikes(db: &Db, step: &Step<'_>) -> Result<Option<(String, u64)>> {
    let Some(condition) = step.kind.condition.as_ref().and_then(|c| mongodb::bson::to_document(c).ok()) else {
        return Ok(None);
    };
    let scalar: Vec<(&String, &Bson)> =
        condition.iter().filter(|(k, v)| !k.starts_with('$') && !matches!(v, Bson::Document(_))).collect();
    if scalar.is_empty() {
        return Ok(None);
    }
    let mut filter = step.filter.clone();
    // `with_condition` puts the condition in the filter's `$and`.
    filter.remove("$and");
    for (field, value) in &scalar {
        filter.insert(field.as_str(), doc! { "$not": { "$type": value.element_type() as i32 } });
    }
    let n = db.db.collection::<Document>(&step.kind.collection).count_documents(filter).await?;
    let fields: Vec<&str> = scalar.iter().map(|(f, _)| f.as_str()).collect();
    let kinds: Vec<&str> = scalar.iter().map(|(_, v)| type_name(v)).collect();
    Ok((n > 0)
        .then(|| (format!("{n} with no {} {} (missing, null or another type)", kinds.join("/"), fields.join("/")), n)))
}

fn type_name(v: &Bson) -> &'static str {
    match v {
        Bson::Boolean(_) => "boolean",
        Bson::String(_) => "string",
        Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) => "number",
        Bson::ObjectId(_) => "ObjectId",
        _ => "matching",
    }
}

/// The departments the transfer writes whose `managers` / `members` are
/// not arrays (blocking), and those that list a moving user by the string
/// form of their id (a warning: the user stays listed there).
pub async fn department_findings(db: &Db, transfer: &Transfer) -> Result<(Vec<Finding>, Vec<Finding>)> {
    let mut conflicts = Vec::new();
    for d in written_departments(transfer) {
        if !d.unusable.is_empty() {
            conflicts.push(Finding {
                code: Code::UnusableValue,
                message: format!(
                    "Department {}: {} {} not an array, so the transfer cannot add or remove users there; make {} \
                     an array (or remove {}), then scan again.",
                    d.label(),
                    d.unusable.join(" and "),
                    if d.unusable.len() == 1 { "is" } else { "are" },
                    if d.unusable.len() == 1 { "it" } else { "them" },
                    if d.unusable.len() == 1 { "it" } else { "them" },
                ),
            });
        }
    }
    let movers: Vec<ObjectId> = transfer.moving_users().iter().map(|u| u.id).collect();
    let hexes: Vec<String> = movers.iter().map(|o| o.to_hex()).collect();
    let s = &db.registry.departments;
    let filter = doc! { "$or": [{ &s.managers: { "$in": &hexes } }, { &s.members: { "$in": &hexes } }] };
    let mut warnings = Vec::new();
    if !hexes.is_empty() {
        let listing: Vec<Document> = {
            use futures_util::TryStreamExt;
            db.db
                .collection::<Document>(&s.collection)
                .find(filter)
                .projection(doc! { &s.name: 1 })
                .limit(IDS_LISTED as i64 + 1)
                .await?
                .try_collect()
                .await?
        };
        if !listing.is_empty() {
            let names: Vec<String> = listing
                .iter()
                .take(IDS_LISTED)
                .map(|d| {
                    let id = DocId::of(d).map(|i| i.display()).unwrap_or_default();
                    format!("\"{}\" ({id})", d.get_str(&s.name).unwrap_or("?"))
                })
                .collect();
            warnings.push(Finding {
                code: Code::LookAlike,
                message: format!(
                    "Department{} {} list{} a moving user by the string form of their id in {} or {}; the \
                     application does not take that for the user, and the transfer leaves it as it is.",
                    if listing.len() == 1 { "" } else { "s" },
                    names.join(", "),
                    if listing.len() == 1 { "s" } else { "" },
                    s.managers,
                    s.members
                ),
            });
        }
    }
    Ok((conflicts, warnings))
}

/// Every department whose `managers` / `members` the transfer changes.
fn written_departments(t: &Transfer) -> Vec<&Department> {
    match t {
        Transfer::Org(o) => o.leaves.iter().chain(o.department.as_ref()).collect(),
        Transfer::Department(d) => d.moves.iter().flat_map(|m| m.source.iter().chain([&m.target])).collect(),
        Transfer::Bulk(b) => vec![&b.source, &b.target],
    }
}

fn plural(n: u64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_forms_replace_only_the_named_field() {
        let (u, o, d) = (ObjectId::new(), ObjectId::new(), ObjectId::new());
        let f = doc! { "organizationId": o, "userId": { "$in": [u] }, "$or": [{ "departmentId": d }], "$and": [{ "fired": false }] };
        let s = string_forms(&f, "userId").unwrap();
        assert_eq!(s.get_document("userId").unwrap(), &doc! { "$in": [u.to_hex()] });
        assert_eq!(s.get_object_id("organizationId").unwrap(), o);
        let s = string_forms(&f, "departmentId").unwrap();
        assert_eq!(s.get_array("$or").unwrap()[0], Bson::Document(doc! { "departmentId": d.to_hex() }));
        assert!(string_forms(&f, "assigneeId").is_none());
        let ne = doc! { "userId": { "$ne": u } };
        assert!(string_forms(&ne, "userId").is_none(), "a $ne is not a selection of the id");
    }
}
