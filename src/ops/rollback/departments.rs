//! A rollback's departments: those the transfer deleted are re-created,
//! then every department it changed gets its users back. Each is named as
//! a person knows it (`department "Sales" (6780…)`), from the deleted
//! document, the live one or the original plan; by its id alone when none
//! of them has a readable name.

use std::collections::HashMap;

use mongodb::bson::{Document, doc, oid::ObjectId};

use super::{current, entries};
use crate::db::Db;
use crate::db::labels::{quoted_name, with_id};
use crate::db::undo::{DELETED_DEPARTMENT, DEPARTMENTS};
use crate::error::Result;
use crate::plan::{Code, Finding, Id};
use crate::review::Names;

/// What the departments add to a rollback plan.
#[derive(Default)]
pub struct Departments {
    pub changes: Vec<String>,
    pub conflicts: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

/// The departments of transfer `id`, whose plan names them in `names`.
pub async fn derive(db: &Db, id: ObjectId, names: &Names) -> Result<Departments> {
    let mut out = Departments::default();
    let d = &db.registry.departments;
    let name_in = |doc: &Document| doc.get_str(&d.name).ok().and_then(quoted_name);
    // The plan's name, unless the department had none it could read.
    let planned = |id: ObjectId| names.get(&Id(id)).filter(|n| *n != "\"\"").map(String::from);
    // The ones deleted, by the name they had.
    let deleted: Vec<Document> =
        entries(db, id, DELETED_DEPARTMENT, None).await?.into_iter().flat_map(|e| e.deleted).collect();
    let mut recreated: HashMap<ObjectId, String> = HashMap::new();
    for gone in &deleted {
        let did = gone.get_object_id("_id").expect("documents have ids");
        let label = with_id(did, name_in(gone).or_else(|| planned(did)));
        if db.department_by_id(did).await?.is_some() {
            out.conflicts.push(Finding {
                code: Code::DepartmentExists,
                message: format!("The deleted department {label} exists again; it cannot be re-created."),
            });
        } else {
            out.changes.push(format!("department {label} is re-created"));
        }
        recreated.insert(did, label);
    }
    for e in entries(db, id, DEPARTMENTS, None).await? {
        for g in &e.groups {
            for did in &g.ids {
                // Departments are captured by ObjectId (scan refuses others).
                let Some(oid) = did.as_object_id() else {
                    let name = current(db, &e.collection, std::slice::from_ref(did), &[d.name.as_str()])
                        .await
                        .ok()
                        .and_then(|found| found.first().and_then(name_in));
                    let label = match name {
                        Some(n) => format!("{n} ({did})"),
                        None => did.to_string(),
                    };
                    out.conflicts.push(Finding {
                        code: Code::DepartmentMissing,
                        message: format!("The department {label} the transfer changed has no ObjectId _id."),
                    });
                    continue;
                };
                match db.department_by_id(oid).await? {
                    None if recreated.contains_key(&oid) => {
                        let label = &recreated[&oid];
                        out.changes.push(format!("department {label}: managers and members as before the transfer"));
                    }
                    None => out.conflicts.push(Finding {
                        code: Code::DepartmentMissing,
                        message: format!(
                            "The department {} the transfer changed no longer exists.",
                            with_id(oid, planned(oid))
                        ),
                    }),
                    Some(dept) => {
                        let label = with_id(oid, quoted_name(&dept.name).or_else(|| planned(oid)));
                        let arrays = doc! { &d.managers: dept.managers.clone(), &d.members: dept.members.clone() };
                        if g.after.iter().all(|(f, v)| arrays.get(f) == Some(v)) {
                            out.changes
                                .push(format!("department {label}: managers and members as before the transfer"));
                        } else {
                            out.changes.push(format!("department {label}: the users put back where they were"));
                            out.warnings.push(Finding {
                                code: Code::DepartmentChangedSince,
                                message: format!(
                                    "Department {label} changed since the transfer; the users are put back where they were and its other changes kept."
                                ),
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}
