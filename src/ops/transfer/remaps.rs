//! `--agent-remap`: the pairs of agents an organization transfer remaps,
//! validated against the live database, and named for a person (`"Agent
//! 3" (6780…)`; the id alone when the agent or its name cannot be read).

use mongodb::bson::{Document, doc, oid::ObjectId};

use super::input::agent_id;
use crate::db::Db;
use crate::db::entities::User;
use crate::db::labels::{quoted_name, with_id};
use crate::error::{CliError, Result};
use crate::plan::{Plan, Request};
use crate::registry::OrgAction;

/// The field that names an agent (as `report` reads it).
const NAME: &str = "name";

/// An agent read from its document: `"Agent 3" (6780…)`, or the id.
fn named(id: ObjectId, d: &Document) -> String {
    with_id(id, d.get_str(NAME).ok().and_then(quoted_name))
}

/// An agent by its id alone, wherever it is.
async fn lookup(db: &Db, id: ObjectId) -> String {
    db.kind_named("agents", &[id]).await.pop().unwrap_or_else(|| id.to_hex())
}

/// Each `FROM=TO` pair: FROM an agent of the user's organization that some
/// of the user's automations use, TO one of the re-assignee's; no FROM twice.
pub(super) async fn validate(
    db: &Db,
    remaps: &[(String, String)],
    user: &User,
    reassignee: &User,
    org: ObjectId,
) -> Result<Vec<(ObjectId, ObjectId)>> {
    let registry = &db.registry;
    let agents = registry.kind("agents");
    let automations = registry.kinds.iter().find(|k| k.agent_field.is_some() && k.org_transfer == OrgAction::Reassign);
    let mut out: Vec<(ObjectId, ObjectId)> = Vec::new();
    for (a, b) in remaps {
        let (a, b) = (agent_id(a)?, agent_id(b)?);
        if out.iter().any(|(x, _)| *x == a) {
            return Err(CliError::usage(format!("--agent-remap names agent {} twice.", lookup(db, a).await)));
        }
        let (Some(agents), Some(automations)) = (agents, automations) else {
            return Err(CliError::usage("--agent-remap needs the registry's agents and automations kinds."));
        };
        let coll = db.db.collection::<Document>(&agents.collection);
        let agent_in_org = |id: ObjectId| doc! { "_id": id, &agents.organization_field: org };
        let Some(from) = coll.find_one(agent_in_org(a)).await? else {
            return Err(CliError::usage(format!(
                "--agent-remap: {} is not an agent of the user's organization.",
                lookup(db, a).await
            )));
        };
        let field = automations.agent_field.as_deref().expect("found by agent_field");
        let used = db
            .db
            .collection::<Document>(&automations.collection)
            .count_documents(doc! { &automations.organization_field: org, &automations.owner_field: user.id, field: a })
            .await?;
        if used == 0 {
            return Err(CliError::usage(format!(
                "--agent-remap: agent {} is used by none of {}'s automations.",
                named(a, &from),
                user.email
            )));
        }
        match coll.find_one(agent_in_org(b)).await? {
            None => {
                return Err(CliError::usage(format!(
                    "--agent-remap: {} is not an agent of the user's organization.",
                    lookup(db, b).await
                )));
            }
            Some(d) if d.get_object_id(&agents.owner_field).ok() != Some(reassignee.id) => {
                return Err(CliError::usage(format!(
                    "--agent-remap: agent {} is not owned by the re-assignee {}.",
                    named(b, &d),
                    reassignee.email
                )));
            }
            Some(_) => {}
        }
        out.push((a, b));
    }
    Ok(out)
}

/// An organization plan's remaps, named: `"Agent 3" (6780…) -> "Agent 9"
/// (6780…)`, one per pair (none for another plan).
pub async fn named_remaps(db: &Db, plan: &Plan) -> Vec<String> {
    let Request::Org(r) = &plan.request else { return Vec::new() };
    let ids: Vec<ObjectId> = r.agent_remaps.iter().flat_map(|m| [m.from_agent_id.0, m.to_agent_id.0]).collect();
    let names = db.kind_named("agents", &ids).await;
    names.chunks(2).map(|pair| pair.join(" -> ")).collect()
}
