//! A reorganization at scale for the benchmark and the fault campaign: many
//! users of one organization, each with their own assignment, their documents
//! interleaved with colleagues'.
use super::*;

/// A reorganization at scale, added to a generated dataset's organization
/// `org`: `users` movers spread over `sources` departments "Region k" (each
/// with a head who stays), target departments "Team k", and `colleagues` in
/// departments "Ops k". The movers own `docs` documents (conversations,
/// contacts, automations and prompts of their department, and one approval
/// policy each, shared with their head), the colleagues `background`; the
/// two are interleaved in `_id` order, as years of a team's work are.
#[derive(Debug, Clone)]
pub struct Reorg {
    pub seed: u64,
    pub users: u32,
    pub sources: u32,
    pub targets: u32,
    pub docs: u64,
    pub colleagues: u32,
    pub background: u64,
}

impl Default for Reorg {
    fn default() -> Self {
        Reorg { seed: 42, users: 1000, sources: 4, targets: 5, docs: 100_000, colleagues: 1000, background: 100_000 }
    }
}

/// The assignments file of a [`Reorg`] (CSV, header included) and the documents written.
pub struct ReorgData {
    pub assignments: String,
    pub documents: u64,
}

/// Writes a [`Reorg`]. Mover `i` (from 0; `mover<i+1>@reorg.test`) of
/// "Region <i mod sources + 1>" goes to a "Team", except that two in ten swap
/// regions pairwise (1 <-> 2, 3 <-> 4); one in five leaves what they own to
/// their region's head (`head<k>@reorg.test`), one in seven becomes a
/// DEPARTMENT_HEAD. Nobody is a policy's only approver, so nothing blocks.
pub async fn reorg(db: &Database, org: ObjectId, r: &Reorg) -> mongodb::error::Result<ReorgData> {
    // Ids above any `generate` writes: the reorganization's documents follow the dataset's.
    let mut g = Gen::new(db, r.seed, 1 << 36);
    let (sources, teams) = (r.sources.max(1) as usize, r.targets.max(1) as usize);
    let heads = g.people("head", sources, org, "DEPARTMENT_HEAD").await?;
    let movers = g.people("mover", r.users.max(1) as usize, org, "SALES_REP").await?;
    let colleagues = g.people("colleague", r.colleagues.max(1) as usize, org, "SALES_REP").await?;
    let of = |people: &[ObjectId], k: usize, n: usize| people.iter().skip(k).step_by(n).copied().collect::<Vec<_>>();
    let mut regions = Vec::new();
    for (k, head) in heads.iter().enumerate() {
        let key = format!("reorg/region{}", k + 1);
        regions.push(g.dept(&key, &format!("Region {}", k + 1), org, &[*head], &of(&movers, k, sources)).await?);
    }
    for k in 1..=teams {
        g.dept(&format!("reorg/team{k}"), &format!("Team {k}"), org, &[], &[]).await?;
    }
    let ops = 4.min(colleagues.len());
    let mut ops_depts = Vec::new();
    for k in 0..ops {
        let key = format!("reorg/ops{}", k + 1);
        ops_depts.push(g.dept(&key, &format!("Ops {}", k + 1), org, &[], &of(&colleagues, k, ops)).await?);
    }
    let mut csv = String::from("user,targetDepartment,role,reassignee\n");
    for i in 0..movers.len() {
        let s = i % sources;
        let target = match s ^ 1 {
            pair if i % 10 < 2 && pair < sources => format!("Region {}", pair + 1),
            _ => format!("Team {}", i % teams + 1),
        };
        let role = if i % 7 == 3 { "DEPARTMENT_HEAD" } else { "" };
        let reassignee = if i % 5 == 2 { format!("head{}@reorg.test", s + 1) } else { String::new() };
        csv += &format!("mover{}@reorg.test,{target},{role},{reassignee}\n", i + 1);
    }
    let policies = (movers.len() as u64).min(r.docs);
    let (mut mine, mut theirs) = (r.docs - policies, r.background);
    while mine + theirs > 0 {
        let (o, assignee) = if g.rng.below(mine + theirs) < mine {
            mine -= 1;
            let i = g.rng.below(movers.len() as u64) as usize;
            let s = i % sources;
            // Assigned to the owner, the head, another mover of the region, or no one.
            let peer = movers[s + sources * g.rng.below(((movers.len() - 1 - s) / sources + 1) as u64) as usize];
            let assignee = *g.rng.pick(&[movers[i], movers[i], heads[s], peer]);
            (Owner { user: movers[i], org, dept: Some(regions[s]) }, Some(assignee).filter(|_| g.rng.chance(35)))
        } else {
            theirs -= 1;
            let i = g.rng.below(colleagues.len() as u64) as usize;
            let o = Owner { user: colleagues[i], org, dept: Some(ops_depts[i % ops]) };
            (o, Some(o.user).filter(|_| g.rng.chance(20)))
        };
        g.scoped(o, assignee).await?;
    }
    for (i, mover) in movers.iter().take(policies as usize).enumerate() {
        let (id, s) = (g.oid(), i % sources);
        let mut policy = doc! { "_id": id, "organizationId": org, "departmentId": regions[s], "name": "Quotes" };
        policy.extend(doc! { "approverIds": [*mover, heads[s]], "threshold": 1 });
        g.out.put("approvalpolicies", policy).await?;
    }
    g.out.flush().await?;
    Ok(ReorgData { assignments: csv, documents: g.out.written })
}
