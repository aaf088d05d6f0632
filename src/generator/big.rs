//! big.owner@acme.test's documents: any number, in realistic proportions,
//! contiguous or interleaved with colleagues' documents.

use super::*;

/// Colleagues' documents written between big's (`Options::interleave`): after
/// each of big's documents, `k - 1` of the same collection owned in turn by
/// `people`, so that big's are 1 in `k` of each collection in `_id` order.
pub(super) struct Others<'p> {
    k: u32,
    people: &'p [Owner],
    next: usize,
}

impl<'p> Others<'p> {
    pub(super) fn new(k: u32, people: &'p [Owner]) -> Others<'p> {
        Others { k: k.max(1), people, next: 0 }
    }

    /// `k - 1` colleagues' documents of `collection` (nothing when `k` is 1:
    /// the contiguous layout, byte for byte as before the option existed).
    async fn after(&mut self, g: &mut Gen<'_>, collection: &'static str) -> mongodb::error::Result<()> {
        for _ in 1..self.k {
            let o = self.people[self.next % self.people.len()];
            self.next += 1;
            match collection {
                "contacts" => g.contact(o).await.map(|_| ())?,
                "conversations" => {
                    // Assigned to another colleague or to no one; never to big.
                    let other = self.people[self.next % self.people.len()].user;
                    let assignee = Some(other).filter(|_| g.rng.chance(30));
                    g.conversation(o, assignee, None).await?
                }
                "reminders" => {
                    let fired = g.rng.chance(30);
                    g.reminder(o, fired).await?
                }
                "prompts" => g.prompt(o).await?,
                "automations" => g.automation(o, None).await.map(|_| ())?,
                "agents" => g.agent(None, o).await.map(|_| ())?,
                // Unique per organization: one address or number per document.
                "emailaccounts" => {
                    let address = format!("colleague{}@acme-mail.test", g.counter + 1);
                    g.owned(collection, o, doc! { "address": address, "provider": "gmail" }).await.map(|_| ())?
                }
                "voicephonenumbers" => {
                    let number = format!("+1777{:09}", g.counter + 1);
                    g.owned(collection, o, doc! { "number": number, "provider": "twilio" }).await.map(|_| ())?
                }
                _ => g.owned(collection, o, doc! { "note": "colleague" }).await.map(|_| ())?,
            }
        }
        Ok(())
    }
}

/// Splits `n` documents over every kind: mostly conversations and contacts;
/// `others` writes colleagues' documents between them.
pub(super) async fn big_user(
    g: &mut Gen<'_>,
    o: Owner,
    peers: &[ObjectId],
    n: u64,
    others: &mut Others<'_>,
) -> mongodb::error::Result<()> {
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
        others.after(g, "agents").await?;
    }
    for _ in 0..contacts {
        g.contact(o).await?;
        others.after(g, "contacts").await?;
    }
    for i in 0..conversations {
        let assignee = match i % 5 {
            0 => Some(o.user),
            1 => Some(*g.rng.pick(peers)),
            _ => None,
        };
        g.conversation(o, assignee, None).await?;
        others.after(g, "conversations").await?;
    }
    for i in 0..reminders {
        g.reminder(o, i % 3 == 0).await?;
        others.after(g, "reminders").await?;
    }
    for _ in 0..prompts {
        g.prompt(o).await?;
        others.after(g, "prompts").await?;
    }
    for _ in 0..automations {
        let a = *g.rng.pick(&agent_ids);
        g.automation(o, Some(a)).await?;
        others.after(g, "automations").await?;
    }
    for _ in 0..workflows {
        g.owned("workflows", o, doc! { "name": "Bulk flow", "steps": 2 }).await?;
        others.after(g, "workflows").await?;
    }
    for _ in 0..items {
        let item = g.oid();
        g.owned("acquireditems", o, doc! { "marketplaceItemId": item, "price": 9 }).await?;
        others.after(g, "acquireditems").await?;
    }
    for _ in 0..keys {
        let a = g.oid();
        g.owned("automationkeys", o, doc! { "automationId": a, "key": "ak_big" }).await?;
        others.after(g, "automationkeys").await?;
    }
    for _ in 0..webchats {
        g.owned("webchatconfigurations", o, doc! { "agentId": agent_ids[0], "theme": "light" }).await?;
        others.after(g, "webchatconfigurations").await?;
    }
    for i in 0..small[0] {
        g.owned("emailaccounts", o, doc! { "address": format!("big{i}@acme-mail.test"), "provider": "gmail" }).await?;
        others.after(g, "emailaccounts").await?;
    }
    for _ in 0..small[1] {
        g.owned("calendarconnections", o, doc! { "provider": "google" }).await?;
        others.after(g, "calendarconnections").await?;
    }
    for _ in 0..small[2] {
        let c = g.oid();
        g.owned("calendartoolconfigurations", o, doc! { "calendarConnectionId": c, "slotMinutes": 15 }).await?;
        others.after(g, "calendartoolconfigurations").await?;
    }
    for _ in 0..small[3] {
        g.owned("googlesheetstokens", o, doc! { "scope": "spreadsheets" }).await?;
        others.after(g, "googlesheetstokens").await?;
    }
    for i in 0..small[4] {
        g.owned("voicephonenumbers", o, doc! { "number": format!("+1666{i:07}"), "provider": "twilio" }).await?;
        others.after(g, "voicephonenumbers").await?;
    }
    Ok(())
}
