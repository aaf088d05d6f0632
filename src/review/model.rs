//! What a reviewer must see of a plan, in words, once: the text and the
//! Markdown renderings format these same facts and rows.

use chrono::{DateTime, Utc};

use super::{Names, clean, person, plural, quoted};
use crate::plan::{Action, Established, Named, Plan, PlanKind, Request};

/// One line of the summary: `Re-assignee: rita@x.test "Rita" (6780…), SALES_REP`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    /// An identifier to copy (a scanVersion, a checksum): Markdown writes it as code.
    pub code: bool,
}

fn fact(label: &'static str, value: impl Into<String>) -> Fact {
    Fact { label, value: value.into(), code: false }
}

fn code(label: &'static str, value: impl Into<String>) -> Fact {
    Fact { label, value: value.into(), code: true }
}

/// One kind of the plan: what is done to how many documents.
#[derive(Debug, Clone, PartialEq)]
pub struct KindRow {
    pub kind: String,
    pub collection: String,
    pub action: String,
    pub count: u64,
    pub change: String,
}

/// A plan, ready to be rendered.
pub struct Review<'a> {
    pub plan: &'a Plan,
    /// The plan file as the command line named it.
    pub path: String,
    pub names: Names,
    /// now − scannedAt, in seconds (negative: from the future).
    pub age: Option<i64>,
}

/// The action's name as the plan file writes it (`replaceApprover`).
pub fn action_code(a: Action) -> String {
    serde_json::to_value(a).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// What an action does, in words.
pub fn action_words(a: Action) -> &'static str {
    match a {
        Action::Move => "moves with the user: organizationId := the target organization, the owner stays the user",
        Action::Reassign => {
            "passes to the re-assignee: the owner (and the assignee, where it was the user) becomes them"
        }
        Action::Assign => "the assignee becomes the re-assignee",
        Action::Unassign => "the assignee is removed: left unassigned",
        Action::ReplaceApprover => "the user is replaced by the re-assignee among the approvers (never listed twice)",
        Action::RemoveApprover => "the user is removed from the approvers",
        Action::Repoint => "departmentId := the target department",
        Action::FollowOrReassign => {
            "each document follows its owner to their target department, or passes to their re-assignee"
        }
        Action::AssignOrUnassign => "the assignee becomes the user's re-assignee, or none",
        Action::ReplaceOrRemoveApprover => "each user is replaced by their re-assignee among the approvers, or removed",
        Action::Restore => "the fields the transfer changed go back to their previous values",
    }
}

/// `organization "Acme" (6780…)`, with `, department "Sales" (6780…)`.
fn place(org: &Named, dept: Option<&Named>) -> String {
    let mut s = format!("organization {} ({})", quoted(&org.name), org.id);
    if let Some(d) = dept {
        s.push_str(&format!(", department {} ({})", quoted(&d.name), d.id));
    }
    s
}

/// A path as one shell word, for a command a reviewer copies.
pub fn shell_word(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@' | ','));
    if plain { path.to_string() } else { format!("'{}'", clean(&path.replace('\'', r"'\''"))) }
}

impl<'a> Review<'a> {
    pub fn new(plan: &'a Plan, path: &str, now: DateTime<Utc>) -> Review<'a> {
        Review { plan, path: path.to_string(), names: Names::of(plan), age: super::age::seconds(&plan.scanned_at, now) }
    }

    fn many(&self) -> bool {
        self.plan.summary.assignments.len() > 1
    }

    /// The plan's kind in words.
    pub fn title(&self) -> String {
        let n = self.plan.summary.assignments.len();
        match self.plan.kind() {
            PlanKind::Org => "Organization transfer".into(),
            PlanKind::Department if n > 1 => {
                format!("Department transfer of {n} users, each with their own assignment")
            }
            PlanKind::Department => "Department transfer".into(),
            PlanKind::DepartmentBulk => "Bulk department transfer".into(),
            PlanKind::Rollback => "Rollback".into(),
        }
    }

    /// Who moves from where to where, in one line.
    pub fn headline(&self) -> String {
        let s = &self.plan.summary;
        let kind = match self.plan.kind() {
            PlanKind::Org => "Organization transfer",
            PlanKind::Department => "Department transfer",
            PlanKind::DepartmentBulk => "Bulk department transfer",
            PlanKind::Rollback => "Rollback",
        };
        let who = match s.users.as_slice() {
            [one] => clean(&one.email),
            users => plural(users.len(), "user"),
        };
        let at = |org: &Named, dept: Option<&Named>| match dept {
            Some(d) => format!("{} / {}", quoted(&org.name), quoted(&d.name)),
            None => quoted(&org.name),
        };
        let (mut from, mut to) =
            (at(&s.from_organization, s.from_department.as_ref()), at(&s.to_organization, s.to_department.as_ref()));
        let mut within = String::new();
        if let (Some(a), Some(b)) = (&s.from_department, &s.to_department)
            && s.from_organization.id == s.to_organization.id
        {
            (from, to) = (quoted(&a.name), quoted(&b.name));
            within = format!(" in {}", quoted(&s.from_organization.name));
        }
        let mut line = match (&s.rollback_of, self.plan.kind()) {
            (Some(of), _) => format!("{kind}: undo transfer {}: {who} back from {from} to {to}", of.transfer_id),
            (None, PlanKind::DepartmentBulk) => {
                format!("{kind}: every user of {from} ({who}) to {to}{within}")
            }
            (None, _) if self.many() => {
                format!(
                    "{kind}: {who} within {}, each to the department of their assignment",
                    quoted(&s.from_organization.name)
                )
            }
            (None, _) => format!("{kind}: {who} from {from} to {to}{within}"),
        };
        if let Some(x) = &s.reassignee {
            line.push_str(&format!("; {} inherits what stays", clean(&x.email)));
        }
        line
    }

    /// The summary, in the order a reviewer asks: who, where, role,
    /// re-assignee, how much, blocked, then the scan's particulars.
    pub fn facts(&self) -> Vec<Fact> {
        let p = self.plan;
        let s = &p.summary;
        let mut out = vec![fact("Plan", self.title())];
        if let Some(of) = &s.rollback_of {
            let kind =
                serde_json::to_value(of.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
            let when = of.completed_at.as_deref().map(|t| format!(" at {}", clean(t))).unwrap_or_default();
            out.push(fact(
                "Undoes",
                format!(
                    "transfer {} ({kind}, {}{when}, scanVersion {})",
                    of.transfer_id,
                    clean(&of.status),
                    clean(&of.scan_version)
                ),
            ));
        }
        out.push(fact(
            "Who",
            match s.users.as_slice() {
                [] => "nobody: the department has no users; only its resources move".to_string(),
                [one] => person(one),
                users => format!("{} (listed below)", plural(users.len(), "user")),
            },
        ));
        out.push(fact("From", place(&s.from_organization, s.from_department.as_ref())));
        let mut to = place(&s.to_organization, s.to_department.as_ref());
        if self.many() {
            to.push_str(", each user to the department of their assignment (listed below)");
        } else if s.to_department.is_none() && p.kind() == PlanKind::Org {
            to.push_str(", no department");
        }
        out.push(fact("To", to));
        out.push(fact("Role", self.role()));
        out.push(fact("Re-assignee", self.reassignee()));
        if let Some(inherits) = self.inherits() {
            out.push(fact("Inherits", inherits));
        }
        if let Request::Org(r) = &p.request
            && !r.agent_remaps.is_empty()
        {
            let remaps: Vec<String> =
                r.agent_remaps.iter().map(|m| format!("{} -> {}", m.from_agent_id, m.to_agent_id)).collect();
            out.push(fact("Agent remaps", remaps.join(", ")));
        }
        if let Some(d) = &s.delete_department {
            out.push(fact(
                "Deletes",
                format!("department {} ({}) once the transfer leaves it empty", quoted(&d.name), d.id),
            ));
        }
        let mut docs = format!("{} in {}", p.total(), plural(p.resources.len(), "kind"));
        let kept: u64 = p.resources.iter().filter_map(|r| r.changed_since.as_ref()).map(|c| c.count).sum();
        if kept > 0 {
            docs.push_str(&format!("; {kept} changed since the transfer keep their change (listed below)"));
        }
        out.push(fact("Documents", docs));
        out.push(fact(
            "Blocked",
            if p.blocked {
                format!("YES: execute refuses this plan ({})", plural(p.conflicts.len(), "blocking conflict"))
            } else {
                "no".to_string()
            },
        ));
        out.push(fact(
            "Findings",
            format!("{}, {}", plural(p.conflicts.len(), "conflict"), plural(p.warnings.len(), "warning")),
        ));
        out.push(code("Scan version", clean(&p.scan_version)));
        out.push(fact("Scanned", format!("{}, {}", clean(&p.scanned_at), super::age::words(self.age))));
        out.push(fact("Scanner", self.scanner()));
        out.push(fact(
            "Deployment",
            format!(
                "{}hosts {}; database {}{}",
                p.database.profile.as_ref().map(|n| format!("profile {}; ", quoted(n))).unwrap_or_default(),
                clean(&p.database.hosts.join(", ")),
                quoted(&p.database.name),
                p.database.replica_set.as_ref().map(|r| format!("; replica set {}", quoted(r))).unwrap_or_default()
            ),
        ));
        out.push(code("Registry", clean(&p.registry)));
        out.push(fact("Tool", format!("{}, formatVersion {}", clean(&p.tool), p.format_version)));
        out.push(code("Checksum", clean(&p.checksum)));
        out.push(fact("Approvals", self.approvals_fact()));
        out
    }

    fn role(&self) -> String {
        let s = &self.plan.summary;
        match (&self.plan.request, s.assignments.as_slice()) {
            (Request::Rollback(_), _) => "as before the transfer".into(),
            (Request::DepartmentBulk(_), _) => {
                "unchanged: each user keeps their position (managers stay managers)".into()
            }
            (Request::Org(r), _) => match s.users.first() {
                Some(u) if u.access_role == r.new_access_role.as_str() => format!("{} (unchanged)", r.new_access_role),
                Some(u) => format!("{} (was {})", r.new_access_role, clean(&u.access_role)),
                None => r.new_access_role.to_string(),
            },
            (_, [one]) => match one.new_access_role {
                Some(r) if one.user.access_role != r.as_str() => format!("{r} (was {})", clean(&one.user.access_role)),
                _ => format!("{} (unchanged)", clean(&one.user.access_role)),
            },
            (_, all) => {
                let n = all.iter().filter(|a| a.new_access_role.is_some()).count();
                format!("per assignment: {n} of {} get a new role (listed below)", all.len())
            }
        }
    }

    fn reassignee(&self) -> String {
        let s = &self.plan.summary;
        if let Some(x) = &s.reassignee {
            return person(x);
        }
        match (self.plan.kind(), s.assignments.as_slice()) {
            (PlanKind::Rollback, _) => "none: everything goes back to whom it was".into(),
            (PlanKind::DepartmentBulk, _) => "none: everything of the department follows it".into(),
            (_, [one]) => match &one.from_department {
                Some(d) => format!(
                    "none: the user's documents in {} follow them; what stays assigned to them is left unassigned",
                    quoted(&d.name)
                ),
                None => "none (the user is in no department)".into(),
            },
            (_, all) => {
                let n = all.iter().filter(|a| a.reassignee.is_some()).count();
                format!("per assignment: {n} of {} leave what stays to a re-assignee (listed below)", all.len())
            }
        }
    }

    /// What the one re-assignee receives, per kind.
    fn inherits(&self) -> Option<String> {
        self.plan.summary.reassignee.as_ref()?;
        let kinds: Vec<_> = self
            .plan
            .resources
            .iter()
            .filter(|r| matches!(r.action, Action::Reassign | Action::Assign | Action::ReplaceApprover) && r.count > 0)
            .collect();
        if kinds.is_empty() {
            return Some("nothing: no document passes to them".into());
        }
        let total: u64 = kinds.iter().map(|r| r.count).sum();
        let list: Vec<String> = kinds.iter().map(|r| format!("{} {}", clean(&r.kind), r.count)).collect();
        Some(format!("{}; {total} documents", list.join(", ")))
    }

    fn scanner(&self) -> String {
        let id = &self.plan.operator_identity;
        let how = match (id.established, &id.database_user) {
            (Established::Authenticated, Some(u)) => format!("authenticated as database user {}", quoted(u)),
            (Established::Authenticated, None) => "authenticated".into(),
            (Established::Declared, _) => "declared (--operator, on a server without authentication)".into(),
        };
        format!("{}; identity {how}", person(&self.plan.operator))
    }

    fn approvals_fact(&self) -> String {
        match self.plan.approvals.len() {
            0 => "no approvals recorded in this file".into(),
            n => format!(
                "{} recorded in this file (listed below); copies, not trusted: {}",
                plural(n, "approval"),
                self.approvals_note()
            ),
        }
    }

    /// Where the approvals that count are.
    pub fn approvals_note(&self) -> String {
        format!(
            "execute counts only the approvals kept in the database: tether-transfer approvals {}",
            shell_word(&self.path)
        )
    }

    pub fn kinds(&self) -> Vec<KindRow> {
        self.plan
            .resources
            .iter()
            .map(|r| KindRow {
                kind: clean(&r.kind),
                collection: clean(&r.collection),
                action: action_code(r.action),
                count: r.count,
                change: match &r.changed_since {
                    Some(c) if c.count > 0 => {
                        format!("{}; {} changed since the transfer keep their change", clean(&r.change), c.count)
                    }
                    _ => super::change::named(self.plan, &clean(&r.change)),
                },
            })
            .collect()
    }

    /// Each action the plan uses, with what it does.
    pub fn legend(&self) -> Vec<(String, &'static str)> {
        let mut seen = Vec::new();
        for r in &self.plan.resources {
            if !seen.contains(&r.action) {
                seen.push(r.action);
            }
        }
        seen.into_iter().map(|a| (action_code(a), action_words(a))).collect()
    }

    /// What happens to the users and departments themselves.
    pub fn changes(&self) -> Vec<String> {
        self.plan.summary.changes.iter().map(|c| clean(c)).collect()
    }

    /// Department plans of several users: user, from, to, role, re-assignee.
    pub fn assignments(&self) -> Vec<[String; 5]> {
        if !self.many() {
            return Vec::new();
        }
        let dept = |d: &Named| format!("{} ({})", quoted(&d.name), d.id);
        self.plan
            .summary
            .assignments
            .iter()
            .map(|a| {
                [
                    person(&a.user),
                    a.from_department.as_ref().map(dept).unwrap_or_else(|| "no department".into()),
                    dept(&a.to_department),
                    a.new_access_role.map(|r| r.to_string()).unwrap_or_else(|| "unchanged".into()),
                    a.reassignee.as_ref().map(person).unwrap_or_else(|| "none".into()),
                ]
            })
            .collect()
    }

    /// The moving users, when the summary line does not name them and no
    /// assignment table does.
    pub fn users(&self) -> Vec<String> {
        let s = &self.plan.summary;
        if s.users.len() < 2 || self.many() { Vec::new() } else { s.users.iter().map(person).collect() }
    }

    /// Entity, id, name, reason, fingerprint.
    pub fn entities(&self) -> Vec<[String; 5]> {
        self.plan
            .entities
            .iter()
            .map(|e| {
                [
                    e.entity.as_str().to_string(),
                    e.id.to_string(),
                    self.names.get(&e.id).unwrap_or("").to_string(),
                    clean(&e.reason),
                    clean(&e.fingerprint),
                ]
            })
            .collect()
    }

    /// A rollback: per kind, the ids of the documents that keep their change.
    pub fn changed_since(&self) -> Vec<(String, u64, Vec<String>)> {
        self.plan
            .resources
            .iter()
            .filter_map(|r| {
                let c = r.changed_since.as_ref().filter(|c| c.count > 0 || !c.ids.is_empty())?;
                Some((clean(&r.kind), c.count, c.ids.iter().map(|i| clean(&i.display())).collect()))
            })
            .collect()
    }

    /// The approvals copied into the file, one line each.
    pub fn approvals(&self) -> Vec<String> {
        self.plan
            .approvals
            .iter()
            .map(|a| {
                let mut line = format!("{}; identity {}", person(&a.approver), a.identity.established.as_str());
                if let Some(u) = &a.identity.database_user {
                    line.push_str(&format!(" ({})", quoted(u)));
                }
                line.push_str(&format!("; approved at {}", clean(&a.approved_at)));
                if let Some(e) = &a.expires_at {
                    line.push_str(&format!(", expires at {}", clean(e)));
                }
                if let Some(c) = &a.comment {
                    line.push_str(&format!("; comment {}", quoted(c)));
                }
                line.push_str(&format!("; approval {}", quoted(&a.approval_id)));
                line
            })
            .collect()
    }
}
