//! What execute says before it asks the operator to type the user's email
//! (or the department's name): every step that deletes, changes a role,
//! takes a user out of an organization or a department, or reaches many
//! documents, in words, with names, from the plan alone (no database read:
//! execute re-validated the plan against the database already, or will
//! under its locks).

use super::{Names, Review, clean, plural, quoted};
use crate::plan::{Action, Named, Person, Plan, PlanKind, Request, ResourcePlan};

/// How many users a confirmation names one by one before "and N more".
const USERS: usize = 10;

/// The whole text shown before the prompt.
pub fn text(plan: &Plan) -> String {
    let review = Review::new(plan, "", chrono::Utc::now());
    let mut out = format!("\nAbout to execute plan {} on {}:\n", clean(&plan.scan_version), plan.database);
    out.push_str(&format!("  {}\n", review.headline()));
    out.push_str("It will:\n");
    for s in steps(plan) {
        out.push_str(&format!("  - {s}\n"));
    }
    out
}

/// The steps, most destructive first: a department deleted, then who
/// leaves and joins what (with role changes), then the documents.
pub fn steps(plan: &Plan) -> Vec<String> {
    let names = Names::of(plan);
    let s = &plan.summary;
    let mut out = Vec::new();
    if let Some(d) = &s.delete_department {
        out.push(format!("DELETE department {} once the transfer leaves it empty", quoted(&d.name)));
    }
    match &plan.request {
        Request::Org(r) => {
            if let Some(u) = s.users.first() {
                let to = match &s.to_department {
                    Some(d) => format!(
                        "{}, department {} as {}",
                        quoted(&s.to_organization.name),
                        quoted(&d.name),
                        position(r.new_access_role.as_str())
                    ),
                    None => format!("{}, in no department", quoted(&s.to_organization.name)),
                };
                out.push(format!(
                    "take {} out of organization {} into {to}",
                    clean(&u.email),
                    quoted(&s.from_organization.name)
                ));
                for e in plan.entities.iter().filter(|e| e.reason == "department left") {
                    out.push(format!("take {} out of department {}", clean(&u.email), names.or_id(&e.id)));
                }
                if u.access_role != r.new_access_role.as_str() {
                    out.push(role(u, r.new_access_role.as_str()));
                }
            }
        }
        Request::Department(_) => {
            let all = &s.assignments;
            for a in all.iter().take(USERS) {
                let mut line = match &a.from_department {
                    Some(from) => format!(
                        "move {} from department {} to {} as {}",
                        clean(&a.user.email),
                        quoted(&from.name),
                        quoted(&a.to_department.name),
                        position(a.new_access_role.map(|r| r.as_str()).unwrap_or(&a.user.access_role))
                    ),
                    None => format!(
                        "put {} (in no department now) into department {} as {}",
                        clean(&a.user.email),
                        quoted(&a.to_department.name),
                        position(a.new_access_role.map(|r| r.as_str()).unwrap_or(&a.user.access_role))
                    ),
                };
                if let Some(r) = a.new_access_role.filter(|r| r.as_str() != a.user.access_role) {
                    line.push_str(&format!("; accessRole {} → {r}", clean(&a.user.access_role)));
                }
                if let (Some(x), Some(from)) = (&a.reassignee, &a.from_department) {
                    line.push_str(&format!("; what stays in {} passes to {}", quoted(&from.name), clean(&x.email)));
                }
                out.push(line);
            }
            if all.len() > USERS {
                out.push(more(all.len() - USERS));
            }
        }
        Request::DepartmentBulk(_) => {
            let (from, to) = (dept(s.from_department.as_ref()), dept(s.to_department.as_ref()));
            let emails: Vec<String> = s.users.iter().take(USERS).map(|u| clean(&u.email)).collect();
            let mut line = match s.users.len() {
                0 => format!("move nobody: department {from} has no users"),
                n => format!(
                    "move {} from department {from} to {to}, each in the same position: {}",
                    plural(n, "user"),
                    emails.join(", ")
                ),
            };
            if s.users.len() > USERS {
                line.push_str(&format!(" and {} more", s.users.len() - USERS));
            }
            out.push(line);
        }
        Request::Rollback(_) => {
            if let Some(of) = &s.rollback_of {
                out.push(format!("undo transfer {} (which {})", of.transfer_id, clean(&of.status)));
            }
            if s.from_organization.id != s.to_organization.id {
                for u in s.users.iter().take(USERS) {
                    out.push(format!(
                        "take {} out of organization {} back into {}, with the role they had",
                        clean(&u.email),
                        quoted(&s.from_organization.name),
                        quoted(&s.to_organization.name)
                    ));
                }
                if s.users.len() > USERS {
                    out.push(more(s.users.len() - USERS));
                }
            }
            for name in s.changes.iter().filter_map(|c| recreated(c)) {
                out.push(format!("re-create department {name} as it was before it was deleted"));
            }
            let lists = s.changes.iter().filter(|c| c.starts_with("department ") && recreated(c).is_none()).count();
            if lists > 0 {
                out.push(format!("put the managers and members of {} back", plural(lists, "department")));
            }
        }
    }
    out.extend(documents(plan));
    out
}

/// `a manager` or `a member`, by the role a user joins with.
fn position(role: &str) -> &'static str {
    if role == "DEPARTMENT_HEAD" { "a manager" } else { "a member" }
}

fn role(u: &Person, to: &str) -> String {
    format!("change {}'s accessRole: {} → {}", clean(&u.email), clean(&u.access_role), clean(to))
}

/// The department of a rollback's `department "<name>" (<id>) is
/// re-created`, quoted (an older plan's name is bare), or its id when the
/// department had no readable name (`department <id> is re-created`).
fn recreated(change: &str) -> Option<String> {
    let rest = change.strip_prefix("department ")?.strip_suffix(" is re-created")?;
    if rest.len() == 24 && rest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(rest.to_string());
    }
    let cut = rest.len().checked_sub(" (".len() + 24 + ")".len())?;
    let name = rest.get(..cut).filter(|_| rest[cut..].starts_with(" (") && rest.ends_with(')'))?;
    Some(if name.starts_with('"') && name.ends_with('"') && name.len() > 1 { name.to_string() } else { quoted(name) })
}

fn dept(d: Option<&Named>) -> String {
    d.map(|d| quoted(&d.name)).unwrap_or_else(|| "(none)".into())
}

fn policies(n: u64) -> String {
    if n == 1 { "1 approval policy".into() } else { format!("{n} approval policies") }
}

fn more(n: usize) -> String {
    format!("and {} more (`tether-transfer show` of the plan lists every one)", plural(n, "user"))
}

/// `contacts 40, conversations 60`: the kinds with documents, and their total.
fn kinds(rs: &[&ResourcePlan]) -> (u64, String) {
    let with: Vec<&&ResourcePlan> = rs.iter().filter(|r| r.count > 0).collect();
    let total = with.iter().map(|r| r.count).sum();
    (total, with.iter().map(|r| format!("{} {}", clean(&r.kind), r.count)).collect::<Vec<_>>().join(", "))
}

/// The documents, by what happens to them; kinds with none are left out.
fn documents(plan: &Plan) -> Vec<String> {
    let s = &plan.summary;
    let of = |actions: &[Action]| -> Vec<&ResourcePlan> {
        plan.resources.iter().filter(|r| actions.contains(&r.action)).collect()
    };
    let one_user = match s.users.as_slice() {
        [one] => clean(&one.email),
        _ => "the user".to_string(),
    };
    let from_dept = dept(s.from_department.as_ref());
    let to_dept = dept(s.to_department.as_ref());
    let taker = s.reassignee.as_ref().map(|x| clean(&x.email));
    let many = s.assignments.len() > 1;
    let mut out: Vec<String> = Vec::new();
    let say = |actions: &[Action], words: &dyn Fn(u64) -> String| -> Option<String> {
        let (n, list) = kinds(&of(actions));
        (n > 0).then(|| format!("{}: {list}", words(n)))
    };
    match plan.kind() {
        PlanKind::Org => {
            let (from_org, to_org) = (quoted(&s.from_organization.name), quoted(&s.to_organization.name));
            let taker = taker.clone().unwrap_or_else(|| "the re-assignee".into());
            out.extend(say(&[Action::Reassign, Action::Assign, Action::ReplaceApprover], &|n| {
                format!("re-assign {} to {taker}, staying in {from_org}", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::Move], &|n| {
                format!("move {} with {one_user} to {to_org}", plural(n as usize, "document"))
            }));
        }
        PlanKind::DepartmentBulk => {
            out.extend(say(&[Action::Repoint], &|n| {
                format!("re-point {} from department {from_dept} to {to_dept}", plural(n as usize, "document"))
            }));
        }
        PlanKind::Department if !many => {
            let taker = taker.clone().unwrap_or_else(|| "the re-assignee".into());
            out.extend(say(&[Action::Reassign, Action::Assign, Action::ReplaceApprover], &|n| {
                format!("re-assign {} in department {from_dept} to {taker}", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::Repoint], &|n| {
                format!(
                    "move {} of {one_user} from department {from_dept} to {to_dept}",
                    plural(n as usize, "document")
                )
            }));
            out.extend(say(&[Action::Unassign], &|n| {
                format!("leave {} in department {from_dept} unassigned", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::RemoveApprover], &|n| {
                format!("remove {one_user} from the approvers of {}", policies(n))
            }));
        }
        PlanKind::Department => {
            let taker = taker.clone().map(|t| format!("to {t}")).unwrap_or_else(|| "to each user's re-assignee".into());
            out.extend(say(&[Action::Reassign, Action::Assign, Action::ReplaceApprover], &|n| {
                format!("re-assign {} {taker}, staying in their department", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::Repoint], &|n| {
                format!("move {} with their owner to the owner's new department", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::FollowOrReassign, Action::AssignOrUnassign, Action::ReplaceOrRemoveApprover], &|n| {
                format!(
                    "move {} with their owner to the owner's new department, or re-assign them to the owner's re-assignee (as listed above)",
                    plural(n as usize, "document")
                )
            }));
            out.extend(say(&[Action::Unassign], &|n| {
                format!("leave {} staying in a department unassigned", plural(n as usize, "document"))
            }));
            out.extend(say(&[Action::RemoveApprover], &|n| {
                format!("remove leaving users from the approvers of {}", policies(n))
            }));
        }
        PlanKind::Rollback => {
            let undone = s.rollback_of.as_ref().map(|o| o.transfer_id.to_string()).unwrap_or_default();
            out.extend(say(&[Action::Restore], &|n| {
                format!("put {} back as they were before transfer {undone}", plural(n as usize, "document"))
            }));
            let kept: u64 = plan.resources.iter().filter_map(|r| r.changed_since.as_ref()).map(|c| c.count).sum();
            if kept > 0 {
                out.push(format!(
                    "leave {} changed since that transfer as they are",
                    plural(kept as usize, "document")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_re_created_department_is_named_as_its_rollback_words_it() {
        let id = "6780000000002a0000000019";
        let recreated = |c: &str| super::recreated(c);
        assert_eq!(recreated(&format!("department \"Support\" ({id}) is re-created")).as_deref(), Some("\"Support\""));
        // An older plan's bare name; a department without a readable name.
        assert_eq!(recreated(&format!("department Support ({id}) is re-created")).as_deref(), Some("\"Support\""));
        assert_eq!(recreated(&format!("department {id} is re-created")).as_deref(), Some(id));
        assert_eq!(recreated(&format!("department \"Support\" ({id}): managers and members as before")), None);
    }
}
