//! A realistic Tether dataset, deterministic from a seed: organizations,
//! departments with managers and members, users of every role, resources of
//! every kind, and the edge cases transfers.md names. Tests, the demo and the
//! benchmarks use it; `tether-gen` is its command line.
//!
//! Named fixtures (emails are stable across seeds):
//! - "Tether Platform": root@tether.test (SUPERADMIN).
//! - "Acme Corp": alice.admin / bob.admin (ADMIN); departments "Sales"
//!   (manager dana.head; members sam.rep, rita.rep, ivan.inactive), "Support"
//!   (sue.head its only manager; member big.owner), "Marketing" and "Archive"
//!   (empty). sam.rep owns resources of every kind with the edge cases;
//!   rita.rep is his natural re-assignee and owns an agent; big.owner owns
//!   `big_user_docs` documents (1 in `interleave` of each collection's, the
//!   rest Acme colleagues', when `interleave` > 1).
//! - "Globex": gary.admin (its last ADMIN); departments "Sales" (same name as
//!   Acme's) and "Field"; already holds sam's email address and phone number.
//! - "Initech": ian.admin, ina.admin; department "Onboarding": a clean target.
//! - Two organizations named "Umbrella" (an ambiguous name).

mod big;
mod messy;
mod reorg;

use big::big_user;
pub use reorg::{Reorg, ReorgData, reorg};

use std::collections::BTreeMap;

use mongodb::bson::{DateTime, Document, doc, oid::ObjectId};
use mongodb::{Database, IndexModel, options::IndexOptions};
use serde::Serialize;

/// The `scan` arguments of the dataset's usual large transfer: big.owner,
/// with their `big_user_docs` documents, to Initech; bob.admin, who is not
/// among big's usual assignees (a half-moved conversation would show),
/// inherits what stays. Used by the benchmark, the fault campaign and tests.
pub const BIG_TO_INITECH: [&str; 9] = [
    "org",
    "--user",
    "big.owner@acme.test",
    "--to-org",
    "Initech",
    "--role",
    "SALES_REP",
    "--reassignee",
    "bob.admin@acme.test",
];

#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Documents owned by big.owner@acme.test, over every kind.
    pub big_user_docs: u64,
    /// Background users per organization, each owning a little of everything.
    pub filler_users_per_org: u32,
    /// Layout of big.owner's documents: 1 (the default) writes them one after
    /// the other; K > 1 writes, after each of them, K - 1 documents of the
    /// same collection owned by Acme colleagues (alice, bob, dana, sue, rita
    /// in turn; conversations assigned to a colleague or no one), so big's
    /// are 1 in K of each collection in `_id` (creation) order, as years of
    /// a team's work are. The dataset then holds about K x `big_user_docs`.
    pub interleave: u32,
    /// Ids of every BSON type and owners written as strings (`messy`).
    pub messy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 42, big_user_docs: 0, filler_users_per_org: 3, interleave: 1, messy: false }
    }
}

/// The ids of the named fixtures, e.g. `user:sam`, `org:acme`, `dept:acme/sales`,
/// `agent:sam/1`, plus how many documents were written.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub ids: BTreeMap<String, String>,
    pub documents: u64,
}

impl Manifest {
    pub fn id(&self, name: &str) -> ObjectId {
        ObjectId::parse_str(self.ids.get(name).unwrap_or_else(|| panic!("no fixture named {name}"))).unwrap()
    }
}

/// SplitMix64: tiny, fast, and stable across versions of anything.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &["Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ines", "Jon", "Kai", "Lena"];
const LAST: &[&str] = &["Moreau", "Okafor", "Silva", "Tanaka", "Novak", "Haddad", "Larsen", "Costa"];
const CHANNELS: &[&str] = &["webchat", "sms", "email", "voice", "whatsapp"];
const PROVIDERS: &[&str] = &["google", "microsoft"];

/// Writes documents in batches so a large dataset never sits in memory.
struct Writer<'a> {
    db: &'a Database,
    pending: BTreeMap<&'static str, Vec<Document>>,
    written: u64,
}

const FLUSH_AT: usize = 5_000;

impl<'a> Writer<'a> {
    async fn put(&mut self, collection: &'static str, d: Document) -> mongodb::error::Result<()> {
        let v = self.pending.entry(collection).or_default();
        v.push(d);
        if v.len() >= FLUSH_AT {
            let batch = std::mem::take(v);
            self.written += batch.len() as u64;
            self.db.collection::<Document>(collection).insert_many(batch).await?;
        }
        Ok(())
    }
    async fn flush(&mut self) -> mongodb::error::Result<()> {
        for (collection, batch) in std::mem::take(&mut self.pending) {
            if !batch.is_empty() {
                self.written += batch.len() as u64;
                self.db.collection::<Document>(collection).insert_many(batch).await?;
            }
        }
        Ok(())
    }
}

struct Gen<'a> {
    rng: Rng,
    seed_bytes: [u8; 3],
    counter: u64,
    out: Writer<'a>,
    ids: BTreeMap<String, String>,
    now: i64,
}

/// Where a user's resources go.
#[derive(Clone, Copy)]
struct Owner {
    user: ObjectId,
    org: ObjectId,
    dept: Option<ObjectId>,
}

impl<'a> Gen<'a> {
    /// Ids count up from `counter` (distinct counters: distinct ids).
    fn new(db: &'a Database, seed: u64, counter: u64) -> Gen<'a> {
        Gen {
            rng: Rng(seed ^ 0x5445_5448_4552 ^ counter),
            seed_bytes: [(seed >> 16) as u8, (seed >> 8) as u8, seed as u8],
            counter,
            out: Writer { db, pending: BTreeMap::new(), written: 0 },
            ids: BTreeMap::new(),
            // A fixed "now" keeps the data identical from run to run.
            now: 1_795_000_000_000,
        }
    }

    fn oid(&mut self) -> ObjectId {
        self.counter += 1;
        let mut b = [0u8; 12];
        // A fixed 2025 timestamp keeps generated ids apart from ones made at run time.
        b[..4].copy_from_slice(&0x6780_0000u32.to_be_bytes());
        b[4..7].copy_from_slice(&self.seed_bytes);
        b[7..].copy_from_slice(&self.counter.to_be_bytes()[3..]);
        ObjectId::from_bytes(b)
    }

    fn name(&mut self, key: &str, id: ObjectId) -> ObjectId {
        self.ids.insert(key.to_string(), id.to_hex());
        id
    }

    fn date(&mut self, days_back: u64) -> DateTime {
        DateTime::from_millis(self.now - (self.rng.below(days_back * 86_400) as i64) * 1000)
    }

    async fn org(&mut self, key: &str, name: &str) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        self.name(&format!("org:{key}"), id);
        let created = self.date(900);
        self.out
            .put("organizations", doc! { "_id": id, "name": name, "plan": "business", "createdAt": created })
            .await?;
        Ok(id)
    }

    async fn user(
        &mut self,
        key: &str,
        email: &str,
        org: ObjectId,
        role: &str,
        active: bool,
    ) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        self.name(&format!("user:{key}"), id);
        let name = format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST));
        let created = self.date(700);
        self.out
            .put(
                "users",
                doc! {
                    "_id": id, "email": email, "name": name, "organizationId": org, "accessRole": role,
                    "isActive": active, "timezone": "America/Toronto", "createdAt": created,
                },
            )
            .await?;
        Ok(id)
    }

    async fn dept(
        &mut self,
        key: &str,
        name: &str,
        org: ObjectId,
        managers: &[ObjectId],
        members: &[ObjectId],
    ) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        self.name(&format!("dept:{key}"), id);
        self.out
            .put(
                "departments",
                doc! { "_id": id, "organizationId": org, "name": name, "managers": managers.to_vec(), "members": members.to_vec(), "color": "#3366ff" },
            )
            .await?;
        Ok(id)
    }

    fn dept_field(&mut self, d: &mut Document, o: Owner, percent: u64) {
        if let Some(dept) = o.dept
            && self.rng.chance(percent)
        {
            d.insert("departmentId", dept);
        }
    }

    async fn contact(&mut self, o: Owner) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        let n = self.counter;
        let created = self.date(400);
        let mut d = doc! {
            "_id": id, "organizationId": o.org, "userId": o.user,
            "firstName": *self.rng.pick(FIRST), "lastName": *self.rng.pick(LAST),
            "phone": format!("+1555{:07}", n % 10_000_000), "email": format!("contact{n}@example.test"),
            "tags": ["lead"], "createdAt": created,
        };
        self.dept_field(&mut d, o, 75);
        self.out.put("contacts", d).await?;
        Ok(id)
    }

    async fn conversation(
        &mut self,
        o: Owner,
        assignee: Option<ObjectId>,
        contact: Option<ObjectId>,
    ) -> mongodb::error::Result<()> {
        let id = self.oid();
        let contact = match contact {
            Some(c) => c,
            None => self.oid(),
        };
        let last = self.date(90);
        let mut d = doc! {
            "_id": id, "organizationId": o.org, "userId": o.user, "contactId": contact,
            "channel": *self.rng.pick(CHANNELS), "status": if self.rng.chance(70) { "open" } else { "closed" },
            "lastMessageAt": last, "unread": self.rng.below(5) as i32,
        };
        if let Some(a) = assignee {
            d.insert("assigneeId", a);
        }
        self.dept_field(&mut d, o, 75);
        self.out.put("conversations", d).await
    }

    async fn agent(&mut self, key: Option<&str>, o: Owner) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        if let Some(k) = key {
            self.name(&format!("agent:{k}"), id);
        }
        let n = self.counter;
        self.out
            .put("agents", doc! { "_id": id, "organizationId": o.org, "userId": o.user, "name": format!("Agent {n}"), "model": "relay-large", "temperature": 0.3 })
            .await?;
        Ok(id)
    }

    async fn automation(&mut self, o: Owner, agent: Option<ObjectId>) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        let n = self.counter;
        let mut d = doc! { "_id": id, "organizationId": o.org, "userId": o.user, "name": format!("Follow-up {n}"), "trigger": "message.received", "enabled": true };
        if let Some(a) = agent {
            d.insert("agentId", a);
        }
        self.dept_field(&mut d, o, 80);
        self.out.put("automations", d).await?;
        Ok(id)
    }

    /// One document of a simple owner-only kind.
    async fn owned(&mut self, collection: &'static str, o: Owner, extra: Document) -> mongodb::error::Result<ObjectId> {
        let id = self.oid();
        let mut d = doc! { "_id": id, "organizationId": o.org, "userId": o.user };
        d.extend(extra);
        self.out.put(collection, d).await?;
        Ok(id)
    }

    async fn reminder(&mut self, o: Owner, fired: bool) -> mongodb::error::Result<()> {
        let at = if fired {
            self.date(60)
        } else {
            DateTime::from_millis(self.now + self.rng.below(30 * 86_400_000) as i64)
        };
        self.owned("reminders", o, doc! { "fireAt": at, "fired": fired, "text": "Call back" }).await.map(|_| ())
    }

    async fn prompt(&mut self, o: Owner) -> mongodb::error::Result<()> {
        let id = self.oid();
        let mut d = doc! { "_id": id, "organizationId": o.org, "userId": o.user, "title": "Greeting", "body": "Hello {{firstName}}!" };
        self.dept_field(&mut d, o, 70);
        self.out.put("prompts", d).await
    }

    /// `n` active users `<prefix>1@reorg.test` … of `org`.
    async fn people(
        &mut self,
        prefix: &str,
        n: usize,
        org: ObjectId,
        role: &str,
    ) -> mongodb::error::Result<Vec<ObjectId>> {
        let mut ids = Vec::with_capacity(n);
        for i in 1..=n {
            ids.push(
                self.user(&format!("reorg/{prefix}{i}"), &format!("{prefix}{i}@reorg.test"), org, role, true).await?,
            );
        }
        Ok(ids)
    }

    /// One document of a department-scoped kind, always in `o`'s department.
    async fn scoped(&mut self, o: Owner, assignee: Option<ObjectId>) -> mongodb::error::Result<()> {
        let (id, dept) = (self.oid(), o.dept.expect("a department"));
        let n = self.counter;
        let mut d = doc! { "_id": id, "organizationId": o.org, "userId": o.user, "departmentId": dept };
        let collection = match self.rng.below(100) {
            0..50 => {
                let at = self.date(90);
                d.extend(doc! { "contactId": self.oid(), "channel": *self.rng.pick(CHANNELS), "status": "open", "lastMessageAt": at });
                if let Some(a) = assignee {
                    d.insert("assigneeId", a);
                }
                "conversations"
            }
            50..85 => {
                d.extend(doc! { "firstName": *self.rng.pick(FIRST), "email": format!("contact{n}@example.test") });
                "contacts"
            }
            85..93 => {
                d.extend(doc! { "name": format!("Follow-up {n}"), "trigger": "message.received", "enabled": true });
                "automations"
            }
            _ => {
                d.extend(doc! { "title": "Greeting", "body": "Hello {{firstName}}!" });
                "prompts"
            }
        };
        self.out.put(collection, d).await
    }

    /// A little of every kind, as an ordinary user has.
    async fn everyday(&mut self, o: Owner, peers: &[ObjectId], counter: &mut u64) -> mongodb::error::Result<()> {
        let agent = self.agent(None, o).await?;
        for _ in 0..3 {
            let c = self.contact(o).await?;
            let assignee = if self.rng.chance(40) { Some(*self.rng.pick(peers)) } else { None };
            self.conversation(o, assignee, Some(c)).await?;
        }
        let automation = self.automation(o, Some(agent)).await?;
        self.owned("workflows", o, doc! { "name": "Nurture", "steps": 3 }).await?;
        self.owned("webchatconfigurations", o, doc! { "agentId": agent, "theme": "light" }).await?;
        let item = self.oid();
        self.owned("acquireditems", o, doc! { "marketplaceItemId": item, "price": 0 }).await?;
        *counter += 1;
        let address = format!("user{}-{}@mail.test", self.seed_bytes[0], *counter);
        self.owned("emailaccounts", o, doc! { "address": address, "provider": "gmail" }).await?;
        let provider = *self.rng.pick(PROVIDERS);
        let conn = self.owned("calendarconnections", o, doc! { "provider": provider }).await?;
        self.owned("calendartoolconfigurations", o, doc! { "calendarConnectionId": conn, "slotMinutes": 30 }).await?;
        self.reminder(o, false).await?;
        self.reminder(o, true).await?;
        self.prompt(o).await?;
        self.owned("automationkeys", o, doc! { "automationId": automation, "key": format!("ak_{}", self.counter) })
            .await?;
        Ok(())
    }
}

/// Writes the dataset into `db` (which should be empty) and creates the
/// indexes the Tether application keeps.
pub async fn generate(db: &Database, opts: &Options) -> mongodb::error::Result<Manifest> {
    let mut g = Gen::new(db, opts.seed, 0);
    // Indexes first: building them afterwards over 1,000,000 documents took
    // SecantusDB more than five minutes, maintaining them while inserting
    // costs far less.
    create_indexes(db).await?;

    // Organizations and people.
    let platform = g.org("platform", "Tether Platform").await?;
    let acme = g.org("acme", "Acme Corp").await?;
    let globex = g.org("globex", "Globex").await?;
    let initech = g.org("initech", "Initech").await?;
    let umbrella1 = g.org("umbrella1", "Umbrella").await?;
    let umbrella2 = g.org("umbrella2", "Umbrella").await?;

    g.user("root", "root@tether.test", platform, "SUPERADMIN", true).await?;
    g.user("root2", "ops@tether.test", platform, "SUPERADMIN", true).await?;
    g.user("retired_root", "retired.root@tether.test", platform, "SUPERADMIN", false).await?;
    let alice = g.user("alice", "alice.admin@acme.test", acme, "ADMIN", true).await?;
    let bob = g.user("bob", "bob.admin@acme.test", acme, "ADMIN", true).await?;
    let dana = g.user("dana", "dana.head@acme.test", acme, "DEPARTMENT_HEAD", true).await?;
    let sue = g.user("sue", "sue.head@acme.test", acme, "DEPARTMENT_HEAD", true).await?;
    let sam = g.user("sam", "sam.rep@acme.test", acme, "SALES_REP", true).await?;
    let rita = g.user("rita", "rita.rep@acme.test", acme, "SALES_REP", true).await?;
    let ivan = g.user("ivan", "ivan.inactive@acme.test", acme, "SALES_REP", false).await?;
    let big = g.user("big", "big.owner@acme.test", acme, "SALES_REP", true).await?;
    let gary = g.user("gary", "gary.admin@globex.test", globex, "ADMIN", true).await?;
    let gina = g.user("gina", "gina.rep@globex.test", globex, "SALES_REP", true).await?;
    let ian = g.user("ian", "ian.admin@initech.test", initech, "ADMIN", true).await?;
    g.user("ina", "ina.admin@initech.test", initech, "ADMIN", true).await?;
    g.user("uma", "uma.admin@umbrella.test", umbrella1, "ADMIN", true).await?;
    g.user("ulf", "ulf.admin@umbrella2.test", umbrella2, "ADMIN", true).await?;

    let sales = g.dept("acme/sales", "Sales", acme, &[dana], &[sam, rita, ivan]).await?;
    let support = g.dept("acme/support", "Support", acme, &[sue], &[big]).await?;
    g.dept("acme/marketing", "Marketing", acme, &[], &[]).await?;
    g.dept("acme/archive", "Archive", acme, &[], &[]).await?;
    g.dept("globex/sales", "Sales", globex, &[gary], &[gina]).await?;
    g.dept("globex/field", "Field", globex, &[], &[]).await?;
    g.dept("initech/onboarding", "Onboarding", initech, &[ian], &[]).await?;

    // sam.rep: every kind, with the edge cases.
    let sam_sales = Owner { user: sam, org: acme, dept: Some(sales) };
    let sam_nodept = Owner { dept: None, ..sam_sales };
    let a1 = g.agent(Some("sam/1"), sam_nodept).await?;
    g.agent(Some("sam/2"), sam_nodept).await?;
    g.agent(Some("rita/1"), Owner { user: rita, org: acme, dept: None }).await?;
    g.agent(Some("bob/1"), Owner { user: bob, org: acme, dept: None }).await?;
    for i in 0..40 {
        let c = g.contact(if i < 30 { sam_sales } else { sam_nodept }).await?;
        let assignee = match i % 4 {
            0 => Some(sam),
            1 => Some(rita),
            _ => None,
        };
        g.conversation(if i < 30 { sam_sales } else { sam_nodept }, assignee, Some(c)).await?;
        if i < 20 {
            g.conversation(sam_sales, Some(sam), Some(c)).await?;
        }
    }
    // Conversations others own but sam is assigned to: in Sales and outside any department.
    for _ in 0..8 {
        let c = g.contact(Owner { user: rita, org: acme, dept: Some(sales) }).await?;
        g.conversation(Owner { user: rita, org: acme, dept: Some(sales) }, Some(sam), Some(c)).await?;
    }
    for _ in 0..4 {
        g.conversation(Owner { user: bob, org: acme, dept: None }, Some(sam), None).await?;
    }
    for i in 0..6 {
        g.automation(sam_sales, if i < 4 { Some(a1) } else { None }).await?;
    }
    for _ in 0..3 {
        g.owned("workflows", sam_nodept, doc! { "name": "Renewal", "steps": 5 }).await?;
    }
    g.owned("webchatconfigurations", sam_nodept, doc! { "agentId": a1, "theme": "dark" }).await?;
    g.owned("webchatconfigurations", sam_nodept, doc! { "theme": "light" }).await?;
    for _ in 0..5 {
        let item = g.oid();
        g.owned("acquireditems", sam_nodept, doc! { "marketplaceItemId": item, "price": 49 }).await?;
    }
    g.owned("emailaccounts", sam_nodept, doc! { "address": "sam@acme-mail.test", "provider": "gmail" }).await?;
    g.owned("emailaccounts", sam_nodept, doc! { "address": "sam.alt@acme-mail.test", "provider": "outlook" }).await?;
    let conn = g.owned("calendarconnections", sam_nodept, doc! { "provider": "google" }).await?;
    g.owned("calendartoolconfigurations", sam_nodept, doc! { "calendarConnectionId": conn, "slotMinutes": 45 }).await?;
    g.owned("googlesheetstokens", sam_nodept, doc! { "scope": "spreadsheets", "refreshToken": "opaque" }).await?;
    for i in 0..12 {
        g.reminder(sam_nodept, i >= 7).await?;
    }
    for _ in 0..9 {
        g.prompt(sam_sales).await?;
    }
    g.owned("voicephonenumbers", sam_nodept, doc! { "number": "+15550100", "provider": "twilio" }).await?;
    g.owned("voicephonenumbers", sam_nodept, doc! { "number": "+15550101", "provider": "twilio" }).await?;
    let automation_ids: Vec<ObjectId> = (0..3).map(|_| g.oid()).collect();
    for a in automation_ids {
        g.owned("automationkeys", sam_nodept, doc! { "automationId": a, "key": "ak_sam" }).await?;
    }
    // Approval policies: sam alone, sam beside dana, sam beside rita (the re-assignee).
    let policy = |id: ObjectId, dept: ObjectId, approvers: Vec<ObjectId>, name: &str| {
        doc! { "_id": id, "organizationId": acme, "departmentId": dept, "approverIds": approvers, "name": name, "threshold": 1 }
    };
    let p1 = g.oid();
    g.name("policy:sam-only", p1);
    g.out.put("approvalpolicies", policy(p1, sales, vec![sam], "Discounts over 20%")).await?;
    let p2 = g.oid();
    g.name("policy:dana-sam", p2);
    g.out.put("approvalpolicies", policy(p2, sales, vec![dana, sam], "Refunds")).await?;
    let p3 = g.oid();
    g.name("policy:sam-rita", p3);
    g.out.put("approvalpolicies", policy(p3, sales, vec![sam, rita], "Contracts")).await?;
    let p4 = g.oid();
    g.out.put("approvalpolicies", policy(p4, support, vec![sue], "Escalations")).await?;

    // What Globex already holds: sam's address and number (conflicts for sam -> Globex).
    let gary_o = Owner { user: gary, org: globex, dept: None };
    g.owned("emailaccounts", gary_o, doc! { "address": "sam@acme-mail.test", "provider": "gmail" }).await?;
    g.owned("voicephonenumbers", gary_o, doc! { "number": "+15550100", "provider": "twilio" }).await?;

    // Ordinary users everywhere.
    let mut counter = 0u64;
    let everyone = [
        (alice, acme, None),
        (bob, acme, None),
        (dana, acme, Some(sales)),
        (sue, acme, Some(support)),
        (rita, acme, Some(sales)),
        (ivan, acme, Some(sales)),
        (gary, globex, None),
        (gina, globex, None),
        (ian, initech, None),
    ];
    let acme_people = [alice, bob, dana, sue, rita];
    for (user, org, dept) in everyone {
        g.everyday(Owner { user, org, dept }, &acme_people, &mut counter).await?;
    }
    for (org_key, org) in
        [("acme", acme), ("globex", globex), ("initech", initech), ("umbrella1", umbrella1), ("umbrella2", umbrella2)]
    {
        for i in 0..opts.filler_users_per_org {
            let email = format!("filler{i}@{org_key}.test");
            let u = g.user(&format!("filler/{org_key}/{i}"), &email, org, "SALES_REP", true).await?;
            g.everyday(Owner { user: u, org, dept: None }, &[u], &mut counter).await?;
        }
    }

    // big.owner: N documents in realistic proportions.
    let colleagues = [
        Owner { user: alice, org: acme, dept: None },
        Owner { user: bob, org: acme, dept: None },
        Owner { user: dana, org: acme, dept: Some(sales) },
        Owner { user: sue, org: acme, dept: Some(support) },
        Owner { user: rita, org: acme, dept: Some(sales) },
    ];
    let mut others = big::Others::new(opts.interleave, &colleagues);
    let big_owner = Owner { user: big, org: acme, dept: Some(support) };
    big_user(&mut g, big_owner, &[sue, alice], opts.big_user_docs, &mut others).await?;

    g.out.flush().await?;
    let manifest = Manifest { ids: g.ids, documents: g.out.written };
    if opts.messy {
        messy::apply(db, &manifest).await?;
    }
    Ok(manifest)
}

/// The indexes the Tether application keeps on these collections; the tool's
/// queries rely on them (docs/operations.md, "Indexes the tool relies on").
pub async fn create_indexes(db: &Database) -> mongodb::error::Result<()> {
    let owned = [
        "contacts",
        "conversations",
        "automations",
        "workflows",
        "webchatconfigurations",
        "acquireditems",
        "emailaccounts",
        "calendarconnections",
        "calendartoolconfigurations",
        "googlesheetstokens",
        "reminders",
        "prompts",
        "voicephonenumbers",
        "automationkeys",
        "agents",
    ];
    for c in owned {
        index(db, c, doc! { "organizationId": 1, "userId": 1 }, false).await?;
    }
    for c in ["contacts", "conversations", "automations", "prompts", "approvalpolicies"] {
        index(db, c, doc! { "departmentId": 1 }, false).await?;
    }
    index(db, "conversations", doc! { "organizationId": 1, "assigneeId": 1 }, false).await?;
    index(db, "approvalpolicies", doc! { "organizationId": 1, "approverIds": 1 }, false).await?;
    index(db, "users", doc! { "email": 1 }, true).await?;
    index(db, "users", doc! { "organizationId": 1, "accessRole": 1 }, false).await?;
    index(db, "departments", doc! { "organizationId": 1, "name": 1 }, false).await?;
    index(db, "departments", doc! { "managers": 1 }, false).await?;
    index(db, "departments", doc! { "members": 1 }, false).await?;
    index(db, "organizations", doc! { "name": 1 }, false).await?;
    index(db, "emailaccounts", doc! { "organizationId": 1, "address": 1 }, true).await?;
    index(db, "voicephonenumbers", doc! { "organizationId": 1, "number": 1 }, true).await?;
    Ok(())
}

async fn index(db: &Database, collection: &str, keys: Document, unique: bool) -> mongodb::error::Result<()> {
    let model = IndexModel::builder().keys(keys).options(IndexOptions::builder().unique(unique).build()).build();
    db.collection::<Document>(collection).create_index(model).await.map(|_| ())
}

/// True when the database holds any collection (the generator refuses to mix).
pub async fn is_empty(db: &Database) -> mongodb::error::Result<bool> {
    Ok(db.list_collection_names().await?.is_empty())
}

/// A digest of every Tether document, in _id order per collection (the
/// tool's own collections and the audit records are left out): two runs that
/// end with equal digests left byte-identical data.
pub async fn data_digest(db: &Database) -> mongodb::error::Result<String> {
    use sha2::{Digest, Sha256};
    let mut names = db.list_collection_names().await?;
    names.sort();
    let mut h = Sha256::new();
    for n in names {
        if ["auditlogs", "tether_transfer_locks", "tether_transfer_journal", "tether_transfer_undo"]
            .contains(&n.as_str())
        {
            continue;
        }
        h.update(n.as_bytes());
        let mut cursor =
            db.collection::<mongodb::bson::RawDocumentBuf>(&n).find(doc! {}).sort(doc! { "_id": 1 }).await?;
        while cursor.advance().await? {
            h.update(cursor.current().as_bytes());
        }
    }
    Ok(hex::encode(&h.finalize()[..16]))
}
