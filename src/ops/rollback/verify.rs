//! `verify` of a rollback: every document it restored holds its values from
//! before the transfer (those the plan listed as changed since apart), and
//! the users are back in their organization.

use std::collections::HashSet;

use mongodb::bson::{Document, oid::ObjectId};

use super::{Entries, current, entries, entry_docs, holds_before};
use crate::db::Db;
use crate::db::undo::{DEPARTMENTS, USERS};
use crate::docid::DocId;
use crate::error::Result;
use crate::ops::check::{Check, IDS_AT_MOST};
use crate::plan::Plan;

/// The checks of rollback `id`, of transfer `of`.
pub async fn verify(db: &Db, id: ObjectId, plan: &Plan, of: ObjectId) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    for r in &plan.resources {
        let Some(kind) = db.registry.kind(&r.kind) else { continue };
        let kept: HashSet<&DocId> = r.changed_since.iter().flat_map(|c| c.ids.iter()).collect();
        let fields = kind.tracked_fields();
        let (mut wrong, mut ids) = (0u64, Vec::new());
        let mut list = Entries::open(db, of, &r.kind, None).await?;
        while let Some(e) = list.next().await? {
            if e.restored_by != Some(id) {
                wrong += e.documents() as u64;
                let room = IDS_AT_MOST.saturating_sub(ids.len());
                ids.extend(e.groups.iter().flat_map(|g| g.ids.iter()).take(room).map(DocId::display));
                continue;
            }
            let now = entry_docs(db, &e, &fields).await?;
            for g in &e.groups {
                let restored = g.ids.iter().filter(|i| !kept.contains(i)).filter_map(|i| now.get(i));
                for d in restored.filter(|d| !holds_before(g, d)) {
                    wrong += 1;
                    if ids.len() < IDS_AT_MOST {
                        ids.extend(DocId::of(d).map(|i| i.display()));
                    }
                }
            }
        }
        checks.push(Check {
            subject: r.kind.clone(),
            check: "back to the values from before the transfer".into(),
            ok: wrong == 0,
            found: Some(wrong),
            ids,
        });
    }
    checks.extend(subjects(db, of, plan).await?);
    Ok(checks)
}

/// The users and departments of transfer `of` that are not back as they
/// were: a user whose organization or role (each field the transfer
/// changed) holds another value, or who is gone; a department gone, or
/// whose lists do not have the users the transfer moved back where they
/// were. Execute of a rollback counts them (`notRestored`, exit 8), and
/// verify lists them.
pub async fn subjects(db: &Db, of: ObjectId, plan: &Plan) -> Result<[Check; 2]> {
    let u = &db.registry.users;
    // The fields the plan said would keep their change since the transfer.
    let kept: HashSet<(DocId, &str)> = plan
        .summary
        .rollback_of
        .iter()
        .flat_map(|r| &r.kept)
        .map(|k| (DocId::from(k.user.0), k.field.as_str()))
        .collect();
    let (mut wrong, mut ids) = (0u64, Vec::new());
    for e in entries(db, of, USERS, None).await? {
        for g in &e.groups {
            let fields: Vec<&str> = g.before.keys().chain(&g.unset).map(String::as_str).collect();
            let now = current(db, &e.collection, &g.ids, &fields).await?;
            for id in &g.ids {
                let back = now.iter().find(|d| DocId::of(d).as_ref() == Some(id)).is_some_and(|d| {
                    let holds = |f: &str, want: Option<&mongodb::bson::Bson>| d.get(f) == want;
                    fields.iter().all(|f| kept.contains(&(id.clone(), *f)) || holds(f, g.before.get(*f)))
                });
                if !back {
                    wrong += 1;
                    ids.push(id.display());
                }
            }
        }
    }
    let users = Check {
        subject: "users".into(),
        check: format!("back in their organization, with their role ({} and {})", u.organization, u.access_role),
        ok: wrong == 0,
        found: Some(wrong),
        ids: ids.into_iter().take(IDS_AT_MOST).collect(),
    };
    // Each department: there, the users the transfer took out in again,
    // those it put in out again.
    let d = &db.registry.departments;
    let (mut wrong, mut ids) = (0u64, Vec::new());
    for e in entries(db, of, DEPARTMENTS, None).await? {
        for g in &e.groups {
            let now = current(db, &e.collection, &g.ids, &[d.managers.as_str(), d.members.as_str()]).await?;
            for id in &g.ids {
                let Some(now) = now.iter().find(|doc| DocId::of(doc).as_ref() == Some(id)) else {
                    wrong += 1;
                    ids.push(id.display());
                    continue;
                };
                let changed = [&d.managers, &d.members]
                    .into_iter()
                    .filter(|list| g.before.contains_key(list.as_str()) || g.unset.contains(list));
                let misplaced = changed.into_iter().any(|list| {
                    let get = |doc: &Document| doc.get_array(list).cloned().unwrap_or_default();
                    let (before, after, current) = (get(&g.before), get(&g.after), get(now));
                    before.iter().any(|u| !after.contains(u) && !current.contains(u))
                        || after.iter().any(|u| !before.contains(u) && current.contains(u))
                });
                if misplaced {
                    wrong += 1;
                    ids.push(id.display());
                }
            }
        }
    }
    let departments = Check {
        subject: "departments".into(),
        check: "there, with the users back where they were".into(),
        ok: wrong == 0,
        found: Some(wrong),
        ids: ids.into_iter().take(IDS_AT_MOST).collect(),
    };
    Ok([users, departments])
}
