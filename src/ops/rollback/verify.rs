//! `verify` of a rollback: every document it restored holds its values from
//! before the transfer (those the plan listed as changed since apart), and
//! the users are back in their organization.

use std::collections::HashSet;

use mongodb::bson::oid::ObjectId;

use super::{Entries, current, entries, holds_before, undone};
use crate::db::Db;
use crate::db::undo::USERS;
use crate::error::Result;
use crate::ops::verify::Check;
use crate::plan::Plan;

/// How many offending ids a check lists.
const IDS_AT_MOST: usize = 20;

pub async fn verify(db: &Db, id: ObjectId, plan: &Plan) -> Result<Vec<Check>> {
    let of = undone(plan)?;
    let mut checks = Vec::new();
    for r in &plan.resources {
        let Some(kind) = db.registry.kind(&r.kind) else { continue };
        let kept: HashSet<ObjectId> = r.changed_since.iter().flat_map(|c| c.ids.iter().map(|i| i.0)).collect();
        let fields = kind.tracked_fields();
        let (mut wrong, mut ids) = (0u64, Vec::new());
        let mut list = Entries::open(db, of, &r.kind, None).await?;
        while let Some(e) = list.next().await? {
            if e.restored_by != Some(id) {
                wrong += e.documents() as u64;
                ids.extend(e.groups.iter().flat_map(|g| g.ids.iter().take(1)).map(|i| i.to_hex()));
                continue;
            }
            for g in &e.groups {
                let want: Vec<ObjectId> = g.ids.iter().copied().filter(|i| !kept.contains(i)).collect();
                let now = current(db, &e.collection, &want, &fields).await?;
                for d in now.iter().filter(|d| !holds_before(g, d)) {
                    wrong += 1;
                    if ids.len() < IDS_AT_MOST {
                        ids.push(d.get_object_id("_id").map(|i| i.to_hex()).unwrap_or_default());
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
    let u = &db.registry.users;
    let (mut wrong, mut ids) = (0u64, Vec::new());
    for e in entries(db, of, USERS, None).await? {
        for g in &e.groups {
            let before = g.before.get(&u.organization);
            for d in current(db, &e.collection, &g.ids, &[u.organization.as_str()]).await? {
                if before.is_some() && d.get(&u.organization) != before {
                    wrong += 1;
                    ids.push(d.get_object_id("_id").map(|i| i.to_hex()).unwrap_or_default());
                }
            }
        }
    }
    checks.push(Check {
        subject: "users".into(),
        check: "back in their organization".into(),
        ok: wrong == 0,
        found: Some(wrong),
        ids,
    });
    Ok(checks)
}
