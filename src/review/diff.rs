//! `diff OLD NEW`: what differs between two plans, typically a stale plan
//! and its re-scan. Two plans are the same when they ask for and would do
//! the same: same deployment, registry, request (its scanVersion aside),
//! kinds, entities, conflicts, warnings and blocked. When they were
//! scanned, by whom, their scanVersion and checksum are shown beside, and
//! never count as a difference.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Names, clean, quoted};
use crate::plan::{Finding, Identity, Person, Plan, PlanKind};

/// Where a difference is, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Section {
    /// The deployment the plans were scanned against: hosts, database name.
    Database,
    /// The resource registry's digest.
    Registry,
    Request,
    Blocked,
    Conflicts,
    Warnings,
    /// The kinds: count, fingerprint, action, change.
    Resources,
    Entities,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Database => "Deployment",
            Section::Registry => "Resource registry",
            Section::Request => "Request",
            Section::Blocked => "Blocked",
            Section::Conflicts => "Conflicts",
            Section::Warnings => "Warnings",
            Section::Resources => "Kinds",
            Section::Entities => "Entities",
        }
    }

    pub const ALL: [Section; 8] = [
        Section::Database,
        Section::Registry,
        Section::Request,
        Section::Blocked,
        Section::Conflicts,
        Section::Warnings,
        Section::Resources,
        Section::Entities,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// Only in the new plan.
    Added,
    /// Only in the old plan.
    Removed,
    Changed,
}

impl Change {
    pub fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    pub section: Section,
    /// What differs, stable for scripts: a kind (`contacts`), an entity
    /// (`user 6780… moving user`), a request field (`assignments[6780…].targetDepartmentId`),
    /// a finding (`[code] message`).
    pub key: String,
    pub change: Change,
    /// Of a kind or an entity that is in both: which field differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old plan's value (null when added).
    pub old: Value,
    /// The new plan's value (null when removed).
    pub new: Value,
    /// A count that changed: new − old.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<i64>,
    /// The difference in words, key included.
    pub message: String,
    /// The words without the key (the text groups one key's differences).
    #[serde(skip)]
    pub detail: String,
    /// How the key reads (names beside ids).
    #[serde(skip)]
    pub label: String,
}

/// What is informational of one side.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Side {
    pub file: String,
    pub kind: PlanKind,
    pub scan_version: String,
    pub scanned_at: String,
    pub age_seconds: Option<i64>,
    pub checksum: String,
    pub operator: Person,
    pub operator_identity: Identity,
    pub tool: String,
    pub total_documents: u64,
    pub blocked: bool,
}

/// The comparison (docs/review.md, "diff").
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// True when the plans ask for and would do the same (exit 0; else 9).
    pub same: bool,
    pub difference_count: usize,
    pub differences: Vec<Difference>,
    pub old: Side,
    pub new: Side,
}

fn side(p: &Plan, file: &str, now: DateTime<Utc>) -> Side {
    Side {
        file: file.to_string(),
        kind: p.kind(),
        scan_version: p.scan_version.clone(),
        scanned_at: p.scanned_at.clone(),
        age_seconds: super::age::seconds(&p.scanned_at, now),
        checksum: p.checksum.clone(),
        operator: p.operator.clone(),
        operator_identity: p.operator_identity.clone(),
        tool: p.tool.clone(),
        total_documents: p.total(),
        blocked: p.blocked,
    }
}

/// Collects differences, naming ids with each plan's names.
struct Out {
    list: Vec<Difference>,
    old_names: Names,
    new_names: Names,
}

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        section: Section,
        key: String,
        label: String,
        change: Change,
        field: Option<&str>,
        old: Value,
        new: Value,
        detail: String,
    ) {
        let delta = match (field, &old, &new) {
            (Some("count"), Value::Number(a), Value::Number(b)) => {
                Some(b.as_i64().unwrap_or(0) - a.as_i64().unwrap_or(0))
            }
            _ => None,
        };
        let message = format!("{label}: {detail}");
        self.list.push(Difference {
            section,
            key,
            change,
            field: field.map(String::from),
            old,
            new,
            delta,
            message,
            detail,
            label,
        });
    }

    /// The last difference's message with its words first (a finding's
    /// key is a sentence of its own): `warning only in the new plan: [code] …`.
    fn word_first(&mut self) {
        if let Some(d) = self.list.last_mut() {
            d.message = format!("{}: {}", d.detail, d.label);
        }
    }

    /// A value as a reviewer reads it: an id with its name, text cleaned.
    fn words(&self, v: &Value, old: bool) -> String {
        let names = if old { &self.old_names } else { &self.new_names };
        match v {
            Value::Null => "none".into(),
            Value::String(s) => match mongodb::bson::oid::ObjectId::parse_str(s) {
                Ok(o) => names.id(&o.into()),
                Err(_) => clean(s),
            },
            other => clean(&other.to_string()),
        }
    }

    fn changed(&mut self, section: Section, key: &str, label: &str, field: Option<&str>, old: Value, new: Value) {
        let what = field.map(|f| format!("{f} ")).unwrap_or_default();
        let detail = format!("{what}{} -> {}", self.words(&old, true), self.words(&new, false));
        self.push(section, key.into(), label.into(), Change::Changed, field, old, new, detail);
    }
}

/// Compares two plans.
pub fn compare(old: &Plan, old_file: &str, new: &Plan, new_file: &str, now: DateTime<Utc>) -> Diff {
    let mut out = Out { list: Vec::new(), old_names: Names::of(old), new_names: Names::of(new) };
    deployment(&mut out, old, new);
    request(&mut out, old, new);
    if old.blocked != new.blocked {
        let yes = |b: bool| if b { "blocked" } else { "not blocked" };
        let detail = format!("{} -> {}", yes(old.blocked), yes(new.blocked));
        out.push(
            Section::Blocked,
            "blocked".into(),
            "blocked".into(),
            Change::Changed,
            None,
            json!(old.blocked),
            json!(new.blocked),
            detail,
        );
    }
    findings(&mut out, Section::Conflicts, &old.conflicts, &new.conflicts);
    findings(&mut out, Section::Warnings, &old.warnings, &new.warnings);
    resources(&mut out, old, new);
    entities(&mut out, old, new);
    let differences = out.list;
    Diff {
        same: differences.is_empty(),
        difference_count: differences.len(),
        differences,
        old: side(old, old_file, now),
        new: side(new, new_file, now),
    }
}

fn deployment(out: &mut Out, old: &Plan, new: &Plan) {
    let sorted = |p: &Plan| {
        let mut h = p.database.hosts.clone();
        h.sort();
        h
    };
    if sorted(old) != sorted(new) {
        let detail = format!(
            "scanned against other servers: {} -> {}",
            clean(&old.database.hosts.join(", ")),
            clean(&new.database.hosts.join(", "))
        );
        let (o, n) = (json!(old.database.hosts), json!(new.database.hosts));
        out.push(Section::Database, "hosts".into(), "hosts".into(), Change::Changed, None, o, n, detail);
    }
    if old.database.name != new.database.name {
        let detail = format!(
            "scanned against another database: {} -> {}",
            quoted(&old.database.name),
            quoted(&new.database.name)
        );
        let (o, n) = (json!(old.database.name), json!(new.database.name));
        out.push(Section::Database, "name".into(), "database".into(), Change::Changed, None, o, n, detail);
    }
    // The replica set and the profile, where both plans name one.
    for (key, what, a, b) in [
        ("replicaSet", "replica set", &old.database.replica_set, &new.database.replica_set),
        ("profile", "profile", &old.database.profile, &new.database.profile),
    ] {
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            let detail = format!("scanned on another {what}: {} -> {}", quoted(a), quoted(b));
            let (o, n) = (json!(a), json!(b));
            out.push(Section::Database, key.into(), what.into(), Change::Changed, None, o, n, detail);
        }
    }
    if old.registry != new.registry {
        let detail = format!(
            "another resource registry (collections and fields): {} -> {}",
            clean(&old.registry),
            clean(&new.registry)
        );
        let (o, n) = (json!(old.registry), json!(new.registry));
        out.push(Section::Registry, "registry".into(), "registry".into(), Change::Changed, None, o, n, detail);
    }
}

/// The field that identifies an element of a request's list.
fn element_id(list: &str) -> Option<&'static str> {
    match list {
        "assignments" => Some("userId"),
        "agentRemaps" => Some("fromAgentId"),
        _ => None,
    }
}

/// A list's elements by their identifying field (None: some element has
/// none, or two share one; then compared as a whole).
fn keyed<'v>(list: &'v [Value], id: &str) -> Option<Vec<(String, &'v serde_json::Map<String, Value>)>> {
    let mut out: Vec<(String, &serde_json::Map<String, Value>)> = Vec::new();
    for v in list {
        let o = v.as_object()?;
        let k = o.get(id)?.as_str()?.to_string();
        if out.iter().any(|(seen, _)| *seen == k) {
            return None;
        }
        out.push((k, o));
    }
    Some(out)
}

/// Keys of both objects: the old one's in order, then the new one's.
fn union<'a>(a: &'a serde_json::Map<String, Value>, b: &'a serde_json::Map<String, Value>) -> Vec<&'a String> {
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys
}

fn request(out: &mut Out, old: &Plan, new: &Plan) {
    if old.kind() != new.kind() {
        let (o, n) = (json!(old.kind()), json!(new.kind()));
        out.changed(Section::Request, "kind", "kind", None, o, n);
    }
    let as_object = |p: &Plan| match serde_json::to_value(&p.request).expect("requests serialize") {
        Value::Object(mut o) => {
            o.remove("scanVersion");
            o
        }
        _ => serde_json::Map::new(),
    };
    let (a, b) = (as_object(old), as_object(new));
    let null = Value::Null;
    for key in union(&a, &b) {
        let (x, y) = (a.get(key).unwrap_or(&null), b.get(key).unwrap_or(&null));
        if x == y {
            continue;
        }
        let id_field = element_id(key);
        let lists = (x.as_array(), y.as_array(), id_field);
        if let (Some(xs), Some(ys), Some(id)) = lists
            && let (Some(xs), Some(ys)) = (keyed(xs, id), keyed(ys, id))
        {
            elements(out, key, id, &xs, &ys);
            continue;
        }
        out.changed(Section::Request, key, key, None, x.clone(), y.clone());
    }
}

/// The elements of a request's list (assignments, agent remaps), matched by id.
fn elements(
    out: &mut Out,
    list: &str,
    id: &str,
    xs: &[(String, &serde_json::Map<String, Value>)],
    ys: &[(String, &serde_json::Map<String, Value>)],
) {
    let find = |v: &[(String, &'_ serde_json::Map<String, Value>)], k: &str| v.iter().position(|(e, _)| e == k);
    let one = if list == "assignments" { "assignment" } else { "agent remap" };
    let mut keys: Vec<&String> = xs.iter().map(|(k, _)| k).collect();
    keys.extend(ys.iter().map(|(k, _)| k).filter(|k| find(xs, k).is_none()));
    for k in keys {
        let key = format!("{list}[{k}]");
        let who = out.words(&Value::String(k.clone()), find(xs, k).is_some());
        let label = format!("{one} of {who}");
        match (find(xs, k).map(|i| xs[i].1), find(ys, k).map(|i| ys[i].1)) {
            (Some(x), Some(y)) => {
                for f in union(x, y).into_iter().filter(|f| f.as_str() != id) {
                    let (vx, vy) = (x.get(f).cloned().unwrap_or(Value::Null), y.get(f).cloned().unwrap_or(Value::Null));
                    if vx != vy {
                        out.changed(Section::Request, &format!("{key}.{f}"), &label, Some(f), vx, vy);
                    }
                }
            }
            (Some(x), None) => {
                let v = Value::Object(x.clone());
                out.push(
                    Section::Request,
                    key,
                    label,
                    Change::Removed,
                    None,
                    v,
                    Value::Null,
                    "only in the old plan".into(),
                );
            }
            (None, Some(y)) => {
                let v = Value::Object(y.clone());
                out.push(
                    Section::Request,
                    key,
                    label,
                    Change::Added,
                    None,
                    Value::Null,
                    v,
                    "only in the new plan".into(),
                );
            }
            (None, None) => {}
        }
    }
}

/// Findings by code and message, each occurrence once.
fn findings(out: &mut Out, section: Section, old: &[Finding], new: &[Finding]) {
    let mut rest: Vec<&Finding> = new.iter().collect();
    let mut removed = Vec::new();
    for f in old {
        match rest.iter().position(|g| *g == f) {
            Some(i) => {
                rest.remove(i);
            }
            None => removed.push(f),
        }
    }
    let key = |f: &Finding| format!("[{}] {}", f.code, clean(&f.message));
    let what = if section == Section::Conflicts { "blocking conflict" } else { "warning" };
    for f in removed {
        let detail = format!("{what} only in the old plan");
        out.push(section, key(f), key(f), Change::Removed, None, json!(f), Value::Null, detail);
        out.word_first();
    }
    for f in rest {
        let detail = format!("{what} only in the new plan");
        out.push(section, key(f), key(f), Change::Added, None, Value::Null, json!(f), detail);
        out.word_first();
    }
}

fn resources(out: &mut Out, old: &Plan, new: &Plan) {
    let find = |p: &Plan, k: &str| p.resources.iter().find(|r| r.kind == k).cloned();
    let mut kinds: Vec<&String> = old.resources.iter().map(|r| &r.kind).collect();
    kinds.extend(new.resources.iter().map(|r| &r.kind).filter(|k| find(old, k).is_none()));
    for kind in kinds {
        let label = clean(kind);
        let key = kind.clone();
        let code = |a| super::model::action_code(a);
        match (find(old, kind), find(new, kind)) {
            (Some(a), Some(b)) => {
                if a.collection != b.collection {
                    out.changed(
                        Section::Resources,
                        &key,
                        &label,
                        Some("collection"),
                        json!(a.collection),
                        json!(b.collection),
                    );
                }
                if a.action != b.action {
                    out.changed(
                        Section::Resources,
                        &key,
                        &label,
                        Some("action"),
                        json!(code(a.action)),
                        json!(code(b.action)),
                    );
                }
                if a.count != b.count {
                    let delta = b.count as i64 - a.count as i64;
                    let detail = format!("{} -> {} documents ({delta:+})", a.count, b.count);
                    out.push(
                        Section::Resources,
                        key.clone(),
                        label.clone(),
                        Change::Changed,
                        Some("count"),
                        json!(a.count),
                        json!(b.count),
                        detail,
                    );
                }
                if a.fingerprint != b.fingerprint {
                    let same =
                        if a.count == b.count { " (the same count, but not the same documents or owners)" } else { "" };
                    let detail = format!("fingerprint {} -> {}{same}", clean(&a.fingerprint), clean(&b.fingerprint));
                    let (o, n) = (json!(a.fingerprint), json!(b.fingerprint));
                    out.push(
                        Section::Resources,
                        key.clone(),
                        label.clone(),
                        Change::Changed,
                        Some("fingerprint"),
                        o,
                        n,
                        detail,
                    );
                }
                if a.change != b.change {
                    out.changed(Section::Resources, &key, &label, Some("change"), json!(a.change), json!(b.change));
                }
                if a.changed_since != b.changed_since {
                    let n = |c: &Option<crate::plan::ChangedSince>| c.as_ref().map_or(0, |c| c.count);
                    let detail = format!(
                        "changed since the transfer (kept as they are): {} -> {} documents",
                        n(&a.changed_since),
                        n(&b.changed_since)
                    );
                    let (o, v) = (json!(a.changed_since), json!(b.changed_since));
                    out.push(
                        Section::Resources,
                        key.clone(),
                        label.clone(),
                        Change::Changed,
                        Some("changedSince"),
                        o,
                        v,
                        detail,
                    );
                }
            }
            (Some(a), None) => {
                let detail = format!("only in the old plan ({}, {} documents)", code(a.action), a.count);
                out.push(Section::Resources, key, label, Change::Removed, None, json!(a), Value::Null, detail);
            }
            (None, Some(b)) => {
                let detail = format!("only in the new plan ({}, {} documents)", code(b.action), b.count);
                out.push(Section::Resources, key, label, Change::Added, None, Value::Null, json!(b), detail);
            }
            (None, None) => {}
        }
    }
}

fn entities(out: &mut Out, old: &Plan, new: &Plan) {
    let same = |a: &crate::plan::EntityPlan, b: &crate::plan::EntityPlan| {
        a.entity == b.entity && a.id == b.id && a.reason == b.reason
    };
    let mut listed: Vec<(Option<&crate::plan::EntityPlan>, Option<&crate::plan::EntityPlan>)> =
        old.entities.iter().map(|a| (Some(a), new.entities.iter().find(|b| same(a, b)))).collect();
    listed.extend(new.entities.iter().filter(|b| !old.entities.iter().any(|a| same(a, b))).map(|b| (None, Some(b))));
    for pair in listed {
        let e = pair.0.or(pair.1).expect("one side at least");
        let key = format!("{} {} {}", e.entity.as_str(), e.id, clean(&e.reason));
        let name = pair.0.map(|_| &out.old_names).unwrap_or(&out.new_names).id(&e.id);
        let label = format!("{} {name}, {}", e.entity.as_str(), clean(&e.reason));
        match pair {
            (Some(a), Some(b)) if a.fingerprint != b.fingerprint => {
                let detail = format!(
                    "fingerprint {} -> {} (it changed between the scans)",
                    clean(&a.fingerprint),
                    clean(&b.fingerprint)
                );
                let (o, n) = (json!(a.fingerprint), json!(b.fingerprint));
                out.push(Section::Entities, key, label, Change::Changed, Some("fingerprint"), o, n, detail);
            }
            (Some(_), Some(_)) => {}
            (Some(a), None) => {
                out.push(
                    Section::Entities,
                    key,
                    label,
                    Change::Removed,
                    None,
                    json!(a),
                    Value::Null,
                    "only in the old plan".into(),
                );
            }
            (None, Some(b)) => {
                out.push(
                    Section::Entities,
                    key,
                    label,
                    Change::Added,
                    None,
                    Value::Null,
                    json!(b),
                    "only in the new plan".into(),
                );
            }
            (None, None) => {}
        }
    }
}
