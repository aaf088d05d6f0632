//! Ids named for a person, for `report`'s text: a user by email, a
//! department, an organization or an agent by name. A report can have a
//! million rows and few distinct ids among its values, so each id is looked
//! up once, the unknown ids of an undo log entry cost one query per
//! collection, and the ids kept are bounded (past the bound the cache starts
//! again: memory stays flat, a few more queries at worst).

use std::collections::{HashMap, HashSet};

use futures_util::TryStreamExt;
use mongodb::bson::{Document, doc, oid::ObjectId};

use crate::db::Db;
use crate::error::Result;
use crate::plan::Plan;
use crate::review::{clean, quoted};

/// How many ids are kept at most.
const KEPT: usize = 100_000;
/// How many ids one query asks for.
const PER_QUERY: usize = 1_000;

/// Names of ids, learnt as a report goes.
#[derive(Debug, Default)]
pub struct IdNames {
    /// An id's name as a report shows it; None: not a user, department,
    /// organization or agent (looked up, not found).
    known: HashMap<ObjectId, Option<String>>,
    /// Those the transfer's plan names: kept whatever the bound.
    planned: HashMap<ObjectId, String>,
    /// Queries sent so far.
    pub queries: u64,
}

impl IdNames {
    /// Starts with the names of the transfer's plan (its users, re-assignees,
    /// departments and organizations, as they were named at its scan).
    pub fn of_plan(plan: Option<&Plan>) -> IdNames {
        let mut names = IdNames::default();
        let Some(p) = plan else { return names };
        let s = &p.summary;
        let people = s
            .users
            .iter()
            .chain(&s.reassignee)
            .chain(s.assignments.iter().flat_map(|a| std::iter::once(&a.user).chain(&a.reassignee)));
        for u in people {
            names.planned.insert(u.id.0, clean(&u.email));
        }
        let departments = s
            .assignments
            .iter()
            .flat_map(|a| a.from_department.iter().chain([&a.to_department]))
            .chain(&s.from_department)
            .chain(&s.to_department)
            .chain(&s.delete_department);
        for d in departments {
            names.planned.insert(d.id.0, format!("department {}", quoted(&d.name)));
        }
        let review = crate::review::Names::of(p);
        for e in p.entities.iter().filter(|e| e.entity == crate::plan::EntityType::Department) {
            if let Some(n) = review.get(&e.id) {
                names.planned.entry(e.id.0).or_insert_with(|| format!("department {n}"));
            }
        }
        for o in [&s.from_organization, &s.to_organization] {
            names.planned.insert(o.id.0, format!("organization {}", quoted(&o.name)));
        }
        names
    }

    /// The name of `id`, if it is known to be someone's or something's.
    pub fn get(&self, id: &ObjectId) -> Option<&str> {
        self.planned.get(id).or_else(|| self.known.get(id).and_then(Option::as_ref)).map(String::as_str)
    }

    /// Looks up the ids of `ids` not known yet: one query per collection
    /// per thousand of them.
    pub async fn learn(&mut self, db: &Db, ids: &HashSet<ObjectId>) -> Result<()> {
        let unknown: Vec<ObjectId> =
            ids.iter().filter(|i| !self.planned.contains_key(i) && !self.known.contains_key(i)).copied().collect();
        if unknown.is_empty() {
            return Ok(());
        }
        if self.known.len() + unknown.len() > KEPT {
            self.known.clear();
        }
        let r = &db.registry;
        let mut sources: Vec<(&str, &str, &str)> = vec![
            (&r.users.collection, &r.users.email, ""),
            (&r.departments.collection, &r.departments.name, "department "),
            (&r.organizations.collection, &r.organizations.name, "organization "),
        ];
        if let Some(agents) = r.kind("agents") {
            sources.push((&agents.collection, "name", "agent "));
        }
        let mut queries = 0;
        for chunk in unknown.chunks(PER_QUERY) {
            for id in chunk {
                self.known.insert(*id, None);
            }
            for (collection, field, what) in &sources {
                let found: Vec<Document> = db
                    .db
                    .collection::<Document>(collection)
                    .find(doc! { "_id": { "$in": chunk } })
                    .projection(doc! { *field: 1 })
                    .await?
                    .try_collect()
                    .await?;
                queries += 1;
                for d in found {
                    let (Ok(id), Ok(name)) = (d.get_object_id("_id"), d.get_str(field)) else { continue };
                    if let Some(n @ None) = self.known.get_mut(&id) {
                        *n = Some(if what.is_empty() { clean(name) } else { format!("{what}{}", quoted(name)) });
                    }
                }
            }
        }
        self.queries += queries;
        db.hooks.profile.count("report: name lookups", queries);
        Ok(())
    }
}
