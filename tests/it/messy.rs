//! A randomized proof on data as customers' databases hold it: documents
//! whose `_id` is of every BSON type, owner, assignee, organization and
//! department ids stored as strings, missing, null, numbers or arrays,
//! `fired` of other types, approvers that are not arrays, interleaved with
//! colleagues' documents in `_id` order. Each generated case runs an
//! organization, one-user, bulk or many-assignment transfer (killed at a
//! random point and resumed, or not), `verify`, and its rollback (killed and
//! resumed, or not), and must end exactly where a model written from the spec
//! here says, or be refused at scan with the database unchanged. It never
//! exits 0 with a document the model puts elsewhere.
//!
//! `TETHER_MESSY_CASES` sets the number of cases (CI runs the default, 12);
//! `TETHER_MESSY_SEED` another seed (a number), for long runs.

use std::collections::BTreeMap;

use mongodb::bson::{Binary, Bson, Document, doc, oid::ObjectId, spec::BinarySubtype};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use crate::common::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum IdKind {
    Oid,
    Str,
    HexStr,
    I32,
    I64,
    Dbl,
    Uuid,
    Bin,
    Doc,
}

/// Who a field names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    U,
    UHex,
    X,
    C(u8),
    Missing,
    Null,
    Int,
    /// `[U, C0]`: an array where one id is expected.
    ArrayU,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Org {
    O1,
    O1Hex,
    Missing,
    O3,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dept {
    D1,
    D1Hex,
    D2,
    Missing,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fired {
    False,
    True,
    Missing,
    Str,
    Zero,
    /// `[true, false]`: an array where one value is expected.
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    List,
    /// One id (the user's), not an array: refused when selected.
    ScalarU,
    Null,
    /// The user's id as a string, alone.
    HexStr,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Coll {
    Contacts,
    Conversations,
    Reminders,
    Prompts,
    EmailAccounts,
    Policies,
}

impl Coll {
    fn name(self) -> &'static str {
        match self {
            Coll::Contacts => "contacts",
            Coll::Conversations => "conversations",
            Coll::Reminders => "reminders",
            Coll::Prompts => "prompts",
            Coll::EmailAccounts => "emailaccounts",
            Coll::Policies => "approvalpolicies",
        }
    }
}

#[derive(Debug, Clone)]
struct Spec {
    coll: Coll,
    id: IdKind,
    owner: Who,
    org: Org,
    dept: Dept,
    assignee: Who,
    fired: Fired,
    approvers: Vec<Who>,
    /// Approvers as a list, or stored otherwise.
    approver_shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// sam to Initech (Onboarding), rita inherits.
    Org,
    /// sam from Sales to Marketing, rita takes over (or not).
    Department { reassignee: bool },
    /// Everyone of Sales to Marketing.
    Bulk,
    /// sam and carl from Sales to Marketing, rita takes over from both.
    Many,
}

#[derive(Debug, Clone)]
struct Case {
    docs: Vec<Spec>,
    mode: Mode,
    /// Where the transfer is killed (then resumed).
    kill: Option<&'static str>,
    /// Where its rollback is killed (then resumed).
    kill_rollback: Option<&'static str>,
    /// `--batch-size`: small, so that a kind's documents span many batches
    /// and many cuts, with ids of several types among them.
    batch: u32,
    /// Which visit of the kill point kills (the n-th batch, say).
    nth: u32,
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        8 => Just(Who::U),
        2 => Just(Who::UHex),
        2 => Just(Who::X),
        4 => (0u8..3).prop_map(Who::C),
        1 => Just(Who::Missing),
        1 => Just(Who::Null),
        1 => Just(Who::Int),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let coll = prop_oneof![
        Just(Coll::Contacts),
        Just(Coll::Conversations),
        Just(Coll::Conversations),
        Just(Coll::Reminders),
        Just(Coll::Prompts),
        Just(Coll::EmailAccounts),
        Just(Coll::Policies),
    ];
    let id = prop_oneof![
        6 => Just(IdKind::Oid),
        2 => Just(IdKind::Str),
        1 => Just(IdKind::HexStr),
        1 => Just(IdKind::I32),
        1 => Just(IdKind::I64),
        1 => Just(IdKind::Dbl),
        1 => Just(IdKind::Uuid),
        1 => Just(IdKind::Bin),
        1 => Just(IdKind::Doc),
    ];
    let org = prop_oneof![12 => Just(Org::O1), 1 => Just(Org::O1Hex), 1 => Just(Org::Missing), 1 => Just(Org::O3)];
    let dept = prop_oneof![
        8 => Just(Dept::D1),
        1 => Just(Dept::D1Hex),
        2 => Just(Dept::D2),
        1 => Just(Dept::Missing),
        1 => Just(Dept::Null),
    ];
    let fired = prop_oneof![
        6 => Just(Fired::False),
        2 => Just(Fired::True),
        1 => Just(Fired::Missing),
        1 => Just(Fired::Str),
        1 => Just(Fired::Zero),
        1 => Just(Fired::Array),
    ];
    let approvers = proptest::collection::vec(
        prop_oneof![2 => Just(Who::U), 2 => Just(Who::X), 4 => (0u8..3).prop_map(Who::C), 1 => Just(Who::UHex)],
        1..4,
    );
    let shape = prop_oneof![20 => Just(Shape::List), 1 => Just(Shape::Null), 1 => Just(Shape::HexStr)];
    (coll, id, who(), org, dept, who(), fired, approvers, shape).prop_map(
        |(coll, id, owner, org, dept, assignee, fired, approvers, approver_shape)| Spec {
            coll,
            id,
            owner,
            org,
            dept,
            assignee,
            fired,
            approvers,
            approver_shape,
        },
    )
}

fn case() -> impl Strategy<Value = Case> {
    let mode = prop_oneof![
        3 => Just(Mode::Org),
        2 => proptest::bool::ANY.prop_map(|reassignee| Mode::Department { reassignee }),
        1 => Just(Mode::Bulk),
        1 => Just(Mode::Many),
    ];
    let kill = prop_oneof![
        3 => Just(None),
        1 => Just(Some("frozen")),
        2 => Just(Some("batch-committed")),
        1 => Just(Some("moved")),
        1 => Just(Some("subjects-committed")),
    ];
    let kill_rollback = prop_oneof![3 => Just(None), 1 => Just(Some("batch-committed")), 1 => Just(Some("moved"))];
    // One case in five has one document of a shape the tool must refuse,
    // when the transfer selects it: an array where one id is expected, or
    // approvers that are one id.
    let poison = prop_oneof![4 => Just(None), 1 => (any::<usize>(), 0u8..3).prop_map(Some)];
    (proptest::collection::vec(spec(), 20..90), mode, kill, kill_rollback, poison, 2u32..8, 1u32..5).prop_map(
        |(mut docs, mode, kill, kill_rollback, poison, batch, nth)| {
            if let Some((at, how)) = poison {
                let n = docs.len();
                let d = &mut docs[at % n];
                match how {
                    0 => d.owner = Who::ArrayU,
                    1 => d.assignee = Who::ArrayU,
                    _ => d.approver_shape = Shape::ScalarU,
                }
            }
            Case { docs, mode, kill, kill_rollback, batch, nth }
        },
    )
}

/// The people and places of every case.
struct World {
    o1: ObjectId,
    o2: ObjectId,
    o3: ObjectId,
    d1: ObjectId,
    d2: ObjectId,
    dt: ObjectId,
    u: ObjectId,
    x: ObjectId,
    c: [ObjectId; 3],
}

impl World {
    fn new() -> World {
        let n = ObjectId::new;
        World { o1: n(), o2: n(), o3: n(), d1: n(), d2: n(), dt: n(), u: n(), x: n(), c: [n(), n(), n()] }
    }

    fn who(&self, w: Who) -> Option<Bson> {
        Some(match w {
            Who::U => Bson::ObjectId(self.u),
            Who::UHex => Bson::String(self.u.to_hex()),
            Who::X => Bson::ObjectId(self.x),
            Who::C(i) => Bson::ObjectId(self.c[i as usize]),
            Who::Missing => return None,
            Who::Null => Bson::Null,
            Who::Int => Bson::Int32(7),
            Who::ArrayU => Bson::Array(vec![Bson::ObjectId(self.u), Bson::ObjectId(self.c[0])]),
        })
    }

    fn org(&self, o: Org) -> Option<Bson> {
        Some(match o {
            Org::O1 => Bson::ObjectId(self.o1),
            Org::O1Hex => Bson::String(self.o1.to_hex()),
            Org::Missing => return None,
            Org::O3 => Bson::ObjectId(self.o3),
        })
    }

    fn dept(&self, d: Dept) -> Option<Bson> {
        Some(match d {
            Dept::D1 => Bson::ObjectId(self.d1),
            Dept::D1Hex => Bson::String(self.d1.to_hex()),
            Dept::D2 => Bson::ObjectId(self.d2),
            Dept::Missing => return None,
            Dept::Null => Bson::Null,
        })
    }

    fn id(&self, kind: IdKind, n: usize) -> Bson {
        match kind {
            IdKind::Oid => Bson::ObjectId(ObjectId::new()),
            IdKind::Str => Bson::String(format!("crm-import-{n:04}")),
            IdKind::HexStr => Bson::String(ObjectId::new().to_hex()),
            IdKind::I32 => Bson::Int32(n as i32),
            IdKind::I64 => Bson::Int64((1 << 40) + n as i64),
            IdKind::Dbl => Bson::Double(n as f64 + 0.5),
            IdKind::Uuid => {
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&(n as u64).to_be_bytes());
                Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: bytes.to_vec() })
            }
            IdKind::Bin => {
                Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: vec![n as u8, (n >> 8) as u8] })
            }
            IdKind::Doc => Bson::Document(doc! { "source": "crm", "n": n as i32 }),
        }
    }

    /// The document a spec stands for.
    fn document(&self, s: &Spec, n: usize) -> Document {
        let mut d = doc! { "_id": self.id(s.id, n), "title": format!("doc {n}") };
        let mut put = |k: &str, v: Option<Bson>| {
            if let Some(v) = v {
                d.insert(k, v);
            }
        };
        put("organizationId", self.org(s.org));
        match s.coll {
            Coll::Policies => {
                let list: Vec<Bson> = s.approvers.iter().filter_map(|w| self.who(*w)).collect();
                put("departmentId", self.dept(s.dept));
                put(
                    "approverIds",
                    Some(match s.approver_shape {
                        Shape::List => Bson::Array(list),
                        Shape::ScalarU => Bson::ObjectId(self.u),
                        Shape::Null => Bson::Null,
                        Shape::HexStr => Bson::String(self.u.to_hex()),
                    }),
                );
            }
            _ => {
                put("userId", self.who(s.owner));
                if matches!(s.coll, Coll::Contacts | Coll::Conversations | Coll::Prompts) {
                    put("departmentId", self.dept(s.dept));
                }
                if s.coll == Coll::Conversations {
                    put("assigneeId", self.who(s.assignee));
                }
                if s.coll == Coll::Reminders {
                    put(
                        "fired",
                        match s.fired {
                            Fired::False => Some(Bson::Boolean(false)),
                            Fired::True => Some(Bson::Boolean(true)),
                            Fired::Missing => None,
                            Fired::Str => Some(Bson::String("false".into())),
                            Fired::Zero => Some(Bson::Int32(0)),
                            Fired::Array => Some(Bson::Array(vec![Bson::Boolean(true), Bson::Boolean(false)])),
                        },
                    );
                }
                if s.coll == Coll::EmailAccounts {
                    put("address", Some(Bson::String(format!("box{n}@acme.test"))));
                }
            }
        }
        d
    }

    async fn seed(&self, t: &TestDb) {
        let ins = |c: &str, docs: Vec<Document>| {
            let coll = t.db.collection::<Document>(c);
            async move { coll.insert_many(docs).await.unwrap() }
        };
        ins(
            "organizations",
            vec![
                doc! { "_id": self.o1, "name": "Acme" },
                doc! { "_id": self.o2, "name": "Initech" },
                doc! { "_id": self.o3, "name": "Other" },
            ],
        )
        .await;
        let user = |id: ObjectId, email: &str, org: ObjectId, role: &str| {
            doc! { "_id": id, "email": email, "name": email, "organizationId": org, "accessRole": role, "isActive": true }
        };
        let mut users = vec![
            user(ObjectId::new(), ROOT, self.o3, "SUPERADMIN"),
            user(ObjectId::new(), "ada.admin@acme.test", self.o1, "ADMIN"),
            user(self.u, "sam.rep@acme.test", self.o1, "SALES_REP"),
            user(self.x, "rita.rep@acme.test", self.o1, "SALES_REP"),
        ];
        for (i, c) in self.c.iter().enumerate() {
            users.push(user(*c, &format!("carl{i}@acme.test"), self.o1, "SALES_REP"));
        }
        // One user has no isActive at all: it must stay absent.
        users[2].remove("isActive");
        ins("users", users).await;
        ins(
            "departments",
            vec![
                doc! { "_id": self.d1, "organizationId": self.o1, "name": "Sales", "managers": [],
                       "members": [self.u, self.x, self.c[0], self.u.to_hex()] },
                doc! { "_id": self.d2, "organizationId": self.o1, "name": "Marketing", "managers": [], "members": [self.c[1]] },
                doc! { "_id": self.dt, "organizationId": self.o2, "name": "Onboarding", "managers": [], "members": [] },
            ],
        )
        .await;
        for (c, keys) in [
            ("contacts", doc! { "organizationId": 1, "userId": 1 }),
            ("conversations", doc! { "organizationId": 1, "userId": 1 }),
            ("conversations", doc! { "organizationId": 1, "assigneeId": 1 }),
            ("reminders", doc! { "organizationId": 1, "userId": 1 }),
            ("prompts", doc! { "userId": 1 }),
            ("emailaccounts", doc! { "organizationId": 1, "userId": 1 }),
            ("approvalpolicies", doc! { "organizationId": 1, "approverIds": 1 }),
        ] {
            let model = mongodb::IndexModel::builder().keys(keys).build();
            t.db.collection::<Document>(c).create_index(model).await.unwrap();
        }
    }
}

/// What the model says of a case: refused at scan, or each document's
/// expected state (None: untouched).
struct Model {
    refused: bool,
    after: Vec<Option<Document>>,
}

fn is(v: Option<&Bson>, id: ObjectId) -> bool {
    v == Some(&Bson::ObjectId(id))
}

/// MongoDB's equality `{field: id}`: the value, or an array holding it.
fn matches(v: Option<&Bson>, id: ObjectId) -> bool {
    match v {
        Some(Bson::Array(a)) => a.contains(&Bson::ObjectId(id)),
        other => is(other, id),
    }
}

fn is_array(v: Option<&Bson>) -> bool {
    matches!(v, Some(Bson::Array(_)))
}

/// The spec (transfers.md and data-model.md), written again for the kinds
/// of this test, on the documents as stored.
fn model(w: &World, mode: Mode, docs: &[(Coll, Document)]) -> Model {
    let mut refused = false;
    let mut after = Vec::new();
    // Leavers and who takes over from them (department modes).
    let (leavers, reassignee): (Vec<ObjectId>, Option<ObjectId>) = match mode {
        Mode::Org => (vec![w.u], Some(w.x)),
        Mode::Department { reassignee } => (vec![w.u], reassignee.then_some(w.x)),
        Mode::Bulk => (vec![], None),
        Mode::Many => (vec![w.u, w.c[0]], Some(w.x)),
    };
    for (coll, d) in docs {
        let owner = d.get("userId");
        let org_o1 = is(d.get("organizationId"), w.o1);
        let dept_d1 = is(d.get("departmentId"), w.d1);
        let assignee = d.get("assigneeId");
        let mut out = d.clone();
        let mut changed = false;
        let owned_by = |l: &ObjectId| matches(owner, *l);
        match mode {
            Mode::Org => {
                if !org_o1 {
                    after.push(None);
                    continue;
                }
                match coll {
                    Coll::Contacts | Coll::Prompts | Coll::Conversations | Coll::Reminders => {
                        // `{fired: false}`, as MongoDB matches it: false, or an array holding it.
                        let fired = d.get("fired");
                        let fired_ok = *coll != Coll::Reminders
                            || match fired {
                                Some(Bson::Array(a)) => a.contains(&Bson::Boolean(false)),
                                v => v == Some(&Bson::Boolean(false)),
                            };
                        if matches(owner, w.u) && fired_ok {
                            if is_array(owner) || is_array(assignee) || is_array(fired) {
                                refused = true;
                            }
                            out.insert("userId", w.x);
                            if is(assignee, w.u) {
                                out.insert("assigneeId", w.x);
                            }
                            changed = true;
                        } else if *coll == Coll::Conversations && matches(assignee, w.u) {
                            // Assigned to sam, owned by someone else.
                            if is_array(owner) || is_array(assignee) {
                                refused = true;
                            }
                            out.insert("assigneeId", w.x);
                            changed = true;
                        }
                    }
                    Coll::EmailAccounts => {
                        if matches(owner, w.u) {
                            if is_array(owner) {
                                refused = true;
                            }
                            out.insert("organizationId", w.o2);
                            changed = true;
                        }
                    }
                    Coll::Policies => {
                        let list = d.get("approverIds");
                        if matches(list, w.u) {
                            match list {
                                Some(Bson::Array(a)) => {
                                    out.insert("approverIds", replaced(a, &[w.u], Some(w.x)));
                                }
                                _ => refused = true,
                            }
                            changed = true;
                        }
                    }
                }
            }
            Mode::Bulk => {
                if org_o1 && dept_d1 && *coll != Coll::Reminders && *coll != Coll::EmailAccounts {
                    out.insert("departmentId", w.d2);
                    changed = true;
                }
            }
            Mode::Department { .. } | Mode::Many => {
                if !(org_o1 && dept_d1) {
                    after.push(None);
                    continue;
                }
                match coll {
                    Coll::Contacts | Coll::Prompts | Coll::Conversations => {
                        if let Some(l) = leavers.iter().find(|l| owned_by(l)) {
                            let _ = l;
                            if is_array(owner) || is_array(assignee) {
                                refused = true;
                            }
                            match reassignee {
                                Some(x) => {
                                    out.insert("userId", x);
                                    // What stays in Sales keeps no leaver as assignee.
                                    if leavers.iter().any(|l| is(assignee, *l)) {
                                        out.insert("assigneeId", x);
                                    }
                                }
                                // Follows sam to Marketing, assignee and all.
                                None => {
                                    out.insert("departmentId", w.d2);
                                }
                            }
                            changed = true;
                        } else if *coll == Coll::Conversations && leavers.iter().any(|l| matches(assignee, *l)) {
                            if is_array(owner) || is_array(assignee) {
                                refused = true;
                            }
                            match reassignee {
                                Some(x) => {
                                    out.insert("assigneeId", x);
                                }
                                None => {
                                    out.remove("assigneeId");
                                }
                            }
                            changed = true;
                        }
                    }
                    Coll::Policies => {
                        let list = d.get("approverIds");
                        if leavers.iter().any(|l| matches(list, *l)) {
                            match list {
                                Some(Bson::Array(a)) => {
                                    let now = replaced(a, &leavers, reassignee);
                                    // Left with no approver: blocking without a re-assignee.
                                    if reassignee.is_none()
                                        && a.iter().all(|v| v.as_object_id().is_some_and(|o| leavers.contains(&o)))
                                    {
                                        refused = true;
                                    }
                                    out.insert("approverIds", now);
                                }
                                _ => refused = true,
                            }
                            changed = true;
                        }
                    }
                    Coll::Reminders | Coll::EmailAccounts => {}
                }
            }
        }
        after.push(changed.then_some(out));
    }
    Model { refused, after }
}

/// An approvers list with each leaver replaced by the re-assignee in place
/// (never listed twice), or removed.
fn replaced(list: &[Bson], leavers: &[ObjectId], to: Option<ObjectId>) -> Bson {
    let mut out: Vec<Bson> = Vec::new();
    for m in list {
        let mapped = match m.as_object_id() {
            Some(o) if leavers.contains(&o) => match to {
                Some(x) => Bson::ObjectId(x),
                None => continue,
            },
            _ => m.clone(),
        };
        if mapped != *m && (list.contains(&mapped) || out.contains(&mapped)) {
            continue;
        }
        out.push(mapped);
    }
    Bson::Array(out)
}

fn scan_args(mode: Mode) -> Vec<&'static str> {
    match mode {
        Mode::Org => SAM_TO_INITECH.iter().copied().chain(["--to-department", "Onboarding"]).collect(),
        Mode::Department { reassignee: true } => SAM_TO_MARKETING.to_vec(),
        Mode::Department { reassignee: false } => {
            vec!["department", "--user", "sam.rep@acme.test", "--to", "Marketing"]
        }
        Mode::Bulk => vec!["department", "--from", "Sales", "--to", "Marketing"],
        Mode::Many => vec!["department", "--assignments", "-"],
    }
}

const ASSIGNMENTS: &str = "user,targetDepartment,role,reassignee\nsam.rep@acme.test,Marketing,,rita.rep@acme.test\ncarl0@acme.test,Marketing,,rita.rep@acme.test\n";

/// Per (collection, `_id`), the document the model expects (None: as it was).
type Expected = BTreeMap<(String, String), Option<Document>>;

/// Every resource document where `expected` puts it, every other one byte
/// for byte as in `before`, none lost or added.
fn check_resources(before: &Dump, now: &Dump, expected: &Expected) -> Result<(), TestCaseError> {
    for (coll, docs) in now {
        if ["users", "departments", "organizations"].contains(&coll.as_str()) {
            continue;
        }
        for (key, (got, bytes)) in docs {
            let want = expected.get(&(coll.clone(), key.clone())).unwrap_or_else(|| panic!("{coll} {key} appeared"));
            match want {
                Some(want) => prop_assert_eq!(got, want, "{} {}", coll, key),
                None => prop_assert!(before[coll][key].1 == *bytes, "{} {} is not as it was: {}", coll, key, got),
            }
        }
        prop_assert_eq!(docs.len(), before[coll].len(), "{}: documents lost or added", coll);
    }
    Ok(())
}

/// Runs `args`, stopped where the moving phase ends: the resource documents
/// are checked against `expected` then, and the run let go.
async fn checked(t: &TestDb, args: &[&str], before: &Dump, expected: &Expected) -> Result<Run, TestCaseError> {
    let child = t.cmd().env("TETHER_TRANSFER_STOP_AT", "moved").spawn(args);
    let pid = child.id() as i32;
    stopped(pid).await;
    let moved = check_resources(before, &t.dump().await, expected);
    unsafe {
        libc::kill(pid, libc::SIGCONT);
    }
    let run = finish(child);
    moved.map(|()| run)
}

/// Executes `plan` in batches of `batch` (killed at the `nth` visit of
/// `kill` and resumed, if given); the transfer's id. Run through without a
/// kill, it is stopped once its moving phase ends, before the sweep: the
/// documents must already be where `expected` puts them then (a batch that
/// named the wrong documents would leave them to the sweep, which hides it).
async fn execute(
    t: &TestDb,
    plan: &str,
    kill: Option<&str>,
    batch: u32,
    nth: u32,
    before: &Dump,
    expected: &Expected,
) -> Result<String, TestCaseError> {
    let size = batch.to_string();
    let run = match kill {
        Some(point) => t.cmd().env("TETHER_TRANSFER_CRASH_AT", &format!("{point}#{nth}")).run(&[
            "execute",
            plan,
            "-y",
            "--batch-size",
            &size,
        ]),
        None => checked(t, &["execute", plan, "-y", "--batch-size", &size], before, expected).await?,
    };
    let id = t.last_transfer().await;
    if kill.is_some() && run.code != 0 {
        prop_assert_eq!(run.code, -1, "killed, not failed: {}", run.all());
        // Killed after its moving phase, the resumed run has no moving phase to check.
        let resume = ["execute", "--resume", &id, "-y", "--batch-size", &size];
        let resumed = if matches!(kill, Some("moved") | Some("subjects-committed")) {
            t.cmd().run(&resume)
        } else {
            checked(t, &resume, before, expected).await?
        };
        prop_assert_eq!(resumed.code, 0, "resume: {}", resumed.all());
    } else {
        prop_assert_eq!(run.code, 0, "execute: {}", run.all());
    }
    Ok(id)
}

async fn one_case(case: Case) -> Result<(), TestCaseError> {
    let t = TestDb::new().await;
    let w = World::new();
    w.seed(&t).await;
    let docs: Vec<(Coll, Document)> = case.docs.iter().enumerate().map(|(n, s)| (s.coll, w.document(s, n))).collect();
    // Inserted in the generated order: sam's documents among the others'.
    for (coll, d) in &docs {
        t.db.collection::<Document>(coll.name()).insert_one(d.clone()).await.unwrap();
    }
    let m = model(&w, case.mode, &docs);
    let before = t.dump().await;
    let dir = t.tmp();
    let plan = s(&dir.path().join("plan.json"));
    let mut args = vec!["scan"];
    args.extend(scan_args(case.mode));
    args.extend(["--out", &plan]);
    let scanned = if case.mode == Mode::Many {
        t.cmd().run_with_stdin(&args, ASSIGNMENTS.to_string())
    } else {
        t.cmd().run(&args)
    };
    eprintln!(
        "messy case: {:?}, {} documents, {} changed by the model, kill {:?} / {:?}{}",
        case.mode,
        docs.len(),
        m.after.iter().flatten().count(),
        case.kill,
        case.kill_rollback,
        if m.refused { ", refused" } else { "" }
    );
    if m.refused {
        prop_assert_eq!(scanned.code, 3, "the model refuses this case: {}", scanned.all());
        prop_assert!(scanned.all().contains("unusable_value") || scanned.all().contains("policy_without_approver"));
        assert_same_data(&before, &t.dump().await);
        return Ok(());
    }
    prop_assert_eq!(scanned.code, 0, "scan: {}", scanned.all());
    let expected: Expected = docs
        .iter()
        .zip(&m.after)
        .map(|((c, d), e)| ((c.name().to_string(), d.get("_id").unwrap().to_string()), e.clone()))
        .collect();
    let id = execute(&t, &plan, case.kill, case.batch, case.nth, &before, &expected).await?;
    let after = t.dump().await;
    // Every document where the model puts it; every other one byte for byte as it was.
    check_resources(&before, &after, &expected)?;
    let verified = t.cmd().run(&["verify", &id]);
    prop_assert_eq!(verified.code, 0, "verify: {}", verified.all());

    // The rollback puts back every document, byte for byte.
    let undo = s(&dir.path().join("undo.json"));
    let r = t.cmd().run(&["scan", "rollback", &id, "--out", &undo]);
    prop_assert_eq!(r.code, 0, "scan rollback: {}", r.all());
    // Every document back as it was (`None`: as in `before`).
    let back: Expected = expected.keys().map(|k| (k.clone(), None)).collect();
    let rolled = execute(&t, &undo, case.kill_rollback, case.batch, case.nth, &before, &back).await?;
    let restored = t.dump().await;
    for (coll, docs) in &before {
        for (key, (d, bytes)) in docs {
            let now = restored[coll].get(key);
            prop_assert!(now.is_some_and(|(_, b)| b == bytes), "{} {} not restored: {} -> {:?}", coll, key, d, now);
        }
        prop_assert_eq!(restored[coll].len(), docs.len(), "{}", coll);
    }
    let verified = t.cmd().run(&["verify", &rolled]);
    prop_assert_eq!(verified.code, 0, "verify of the rollback: {}", verified.all());
    Ok(())
}

#[test]
fn messy_data_ends_where_the_model_says_or_is_refused_unchanged() {
    let cases: u32 = std::env::var("TETHER_MESSY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let seed: u64 = std::env::var("TETHER_MESSY_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20261202);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, max_shrink_iters: 0, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let result = runner.run(&case(), |c| rt.block_on(one_case(c)));
    if let Err(e) = result {
        panic!("seed {seed}: {e}");
    }
}

/// The sentences a reviewer reads: look-alikes warned with their count per
/// kind, an array where one id is expected refused with the kind, field and
/// id, a user whose `_id` is not an ObjectId refused in one sentence; each
/// refusal leaves the database as it was.
#[tokio::test]
async fn scan_warns_of_look_alikes_and_refuses_what_it_cannot_handle() {
    let t = TestDb::new().await;
    let w = World::new();
    w.seed(&t).await;
    let contacts = t.db.collection::<Document>("contacts");
    contacts
        .insert_many([
            doc! { "_id": "crm-import-0001", "organizationId": w.o1, "userId": w.u },
            doc! { "_id": 7, "organizationId": w.o1, "userId": w.u.to_hex() },
            doc! { "_id": 8, "organizationId": w.o1.to_hex(), "userId": w.u },
        ])
        .await
        .unwrap();
    t.db.collection::<Document>("reminders")
        .insert_many([
            doc! { "_id": 1, "organizationId": w.o1, "userId": w.u, "fired": false },
            doc! { "_id": 2, "organizationId": w.o1, "userId": w.u, "fired": "false" },
            doc! { "_id": 3, "organizationId": w.o1, "userId": w.u },
        ])
        .await
        .unwrap();
    let dir = t.tmp();
    let plan = s(&dir.path().join("p.json"));
    let mut args = vec!["scan"];
    args.extend(scan_args(Mode::Org));
    args.extend(["--out", &plan]);
    let run = t.cmd().run(&args);
    run.expect(0);
    let all = run.all();
    assert!(
        all.contains("contacts: 2 documents look like the transfer's but do not match it (1 with the string form of the id in userId; 1 with the string form of the id in organizationId)"),
        "{all}"
    );
    assert!(all.contains("unfiredReminders: 2 documents look like the transfer's"), "{all}");
    assert!(all.contains("2 with no boolean fired (missing, null or another type)"), "{all}");
    assert!(all.contains("Departments \"Sales\"") || all.contains("Department \"Sales\""), "{all}");
    let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let contacts_plan = p["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "contacts").unwrap();
    assert_eq!(contacts_plan["count"], 1, "only the document whose ids are the user's and the organization's");

    // An array where one id is expected: refused, named, nothing changed.
    contacts.insert_one(doc! { "_id": { "crm": 9 }, "organizationId": w.o1, "userId": [w.u, w.x] }).await.unwrap();
    let before = t.dump().await;
    let run = t.cmd().run(&args);
    run.expect(3);
    assert!(
        run.all().contains(r#"[unusable_value] contacts: userId holds an array where the tool expects one value in 1 document of the transfer ({"crm":9})"#),
        "{}",
        run.all()
    );
    assert_same_data(&before, &t.dump().await);

    // An array in a condition's field: refused too.
    contacts.delete_one(doc! { "_id": { "crm": 9 } }).await.unwrap();
    t.db.collection::<Document>("reminders")
        .insert_one(doc! { "_id": 4, "organizationId": w.o1, "userId": w.u, "fired": [true, false] })
        .await
        .unwrap();
    let before = t.dump().await;
    let run = t.cmd().run(&args);
    run.expect(3);
    assert!(
        run.all().contains("[unusable_value] unfiredReminders: fired holds an array where the tool expects one value in 1 document of the transfer (4)"),
        "{}",
        run.all()
    );
    assert_same_data(&before, &t.dump().await);

    // A user whose _id is not an ObjectId: one sentence, exit 2.
    t.db.collection::<Document>("users")
        .insert_one(
            doc! { "_id": "legacy-7", "email": "old@acme.test", "organizationId": w.o1, "accessRole": "SALES_REP" },
        )
        .await
        .unwrap();
    let run = t.cmd().run(&["scan", "department", "--user", "old@acme.test", "--to", "Marketing", "--out", &plan]);
    run.expect(2).says("The user old@acme.test has the _id \"legacy-7\", which is not an ObjectId");
    assert!(!run.all().contains("panicked"), "{}", run.all());
}
