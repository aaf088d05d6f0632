//! big.owner@acme.test's documents: any number, in realistic proportions.

use super::*;

/// Splits `n` documents over every kind: mostly conversations and contacts.
pub(super) async fn big_user(g: &mut Gen<'_>, o: Owner, peers: &[ObjectId], n: u64) -> mongodb::error::Result<()> {
    if n == 0 {
        return Ok(());
    }
    let per_mille = |p: u64| n * p / 1000;
    let conversations = per_mille(520);
    let contacts = per_mille(300);
    let reminders = per_mille(50);
    let prompts = per_mille(30);
    let automations = per_mille(25);
    let workflows = per_mille(15);
    let items = per_mille(15);
    let keys = per_mille(10);
    let agents = (per_mille(5)).max(1);
    let webchats = per_mille(5);
    let small = [per_mille(5), per_mille(5), per_mille(5), per_mille(5), per_mille(5)];
    let used = conversations
        + contacts
        + reminders
        + prompts
        + automations
        + workflows
        + items
        + keys
        + agents
        + webchats
        + small.iter().sum::<u64>();
    let conversations = conversations + n.saturating_sub(used);
    let mut agent_ids = Vec::new();
    for _ in 0..agents {
        agent_ids.push(g.agent(None, o).await?);
    }
    for _ in 0..contacts {
        g.contact(o).await?;
    }
    for i in 0..conversations {
        let assignee = match i % 5 {
            0 => Some(o.user),
            1 => Some(*g.rng.pick(peers)),
            _ => None,
        };
        g.conversation(o, assignee, None).await?;
    }
    for i in 0..reminders {
        g.reminder(o, i % 3 == 0).await?;
    }
    for _ in 0..prompts {
        g.prompt(o).await?;
    }
    for _ in 0..automations {
        let a = *g.rng.pick(&agent_ids);
        g.automation(o, Some(a)).await?;
    }
    for _ in 0..workflows {
        g.owned("workflows", o, doc! { "name": "Bulk flow", "steps": 2 }).await?;
    }
    for _ in 0..items {
        let item = g.oid();
        g.owned("acquireditems", o, doc! { "marketplaceItemId": item, "price": 9 }).await?;
    }
    for _ in 0..keys {
        let a = g.oid();
        g.owned("automationkeys", o, doc! { "automationId": a, "key": "ak_big" }).await?;
    }
    for _ in 0..webchats {
        g.owned("webchatconfigurations", o, doc! { "agentId": agent_ids[0], "theme": "light" }).await?;
    }
    for i in 0..small[0] {
        g.owned("emailaccounts", o, doc! { "address": format!("big{i}@acme-mail.test"), "provider": "gmail" }).await?;
    }
    for _ in 0..small[1] {
        g.owned("calendarconnections", o, doc! { "provider": "google" }).await?;
    }
    for _ in 0..small[2] {
        let c = g.oid();
        g.owned("calendartoolconfigurations", o, doc! { "calendarConnectionId": c, "slotMinutes": 15 }).await?;
    }
    for _ in 0..small[3] {
        g.owned("googlesheetstokens", o, doc! { "scope": "spreadsheets" }).await?;
    }
    for i in 0..small[4] {
        g.owned("voicephonenumbers", o, doc! { "number": format!("+1666{i:07}"), "provider": "twilio" }).await?;
    }
    Ok(())
}
