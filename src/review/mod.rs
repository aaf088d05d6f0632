//! Reviewing plans offline: `show` renders one plan for a person (text,
//! Markdown for a ticket, JSON for a script), `diff` compares two. Nothing
//! here reads a database or prints: each function takes a loaded plan and
//! returns what the command prints.
//!
//! Names in a customer's database are messy (a newline, a `|`, a bidi
//! override in a department's name): text output writes every name whole,
//! in double quotes, with control and direction characters escaped as
//! `\n`, `\u{202e}`, so that a name can never forge a line of the review.

pub mod age;
pub mod change;
pub mod confirm;
pub mod derived;
pub mod diff;
mod diff_render;
pub mod json;
pub mod markdown;
mod model;
pub mod text;

pub use diff::{Diff, compare};
pub use diff_render::{diff_markdown, diff_text, verdict};
pub use model::{Fact, Review};

use std::collections::HashMap;

use crate::plan::{Id, Person, Plan};

/// The characters written as `\u{…}` in a name: controls and the ones that
/// reorder or hide text (bidi overrides, zero-width marks).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A text from the database on one line: control and direction characters
/// escaped (`\n`, `\t`, `\u{202e}`), everything else as it is.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A name, whole, in double quotes: `"Sales"`, `"R&D \"East\"\nannex"`.
pub fn quoted(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{}\"", clean(&escaped))
}

/// A person as a reviewer reads them: `sam@x.test "Sam Rep" (6780…), SALES_REP`.
pub fn person(p: &Person) -> String {
    let name = p.name.as_deref().map(|n| format!(" {}", quoted(n))).unwrap_or_default();
    format!("{}{name} ({}), {}", clean(&p.email), p.id, clean(&p.access_role))
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}

/// What the ids of a plan stand for, from its summary (the entities list
/// only ids): users by email, departments and organizations by quoted name.
#[derive(Debug, Default)]
pub struct Names(HashMap<Id, String>);

impl Names {
    pub fn of(plan: &Plan) -> Names {
        let mut names = Names::default();
        let s = &plan.summary;
        let mut person = |p: &Person| {
            names.0.entry(p.id).or_insert_with(|| clean(&p.email));
        };
        s.users.iter().for_each(&mut person);
        s.reassignee.iter().for_each(&mut person);
        person(&plan.operator);
        for a in &s.assignments {
            person(&a.user);
            a.reassignee.iter().for_each(&mut person);
        }
        let named = s
            .assignments
            .iter()
            .flat_map(|a| a.from_department.iter().chain([&a.to_department]))
            .chain([&s.from_organization, &s.to_organization])
            .chain(s.from_department.iter())
            .chain(s.to_department.iter())
            .chain(s.delete_department.iter());
        for n in named {
            names.0.entry(n.id).or_insert_with(|| quoted(&n.name));
        }
        for (id, name) in departments_left(plan) {
            names.0.entry(id).or_insert_with(|| quoted(&name));
        }
        names
    }

    pub fn get(&self, id: &Id) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }

    /// The name of `id`, or its hex when the plan does not name it.
    pub fn or_id(&self, id: &Id) -> String {
        self.get(id).map(String::from).unwrap_or_else(|| id.to_string())
    }

    /// `6780… (sam@x.test)`, or the id alone when the plan does not name it.
    pub fn id(&self, id: &Id) -> String {
        match self.get(id) {
            Some(name) => format!("{id} ({name})"),
            None => id.to_string(),
        }
    }
}

/// The departments an organization transfer's user leaves, named: the plan
/// lists them among its entities by id and names them only in the words of
/// its changes (`<email>: leaves department "<name>" (<id>)`), which its
/// request derives (execute checks that).
fn departments_left(plan: &Plan) -> Vec<(Id, String)> {
    let left = plan.entities.iter().filter(|e| e.entity == crate::plan::EntityType::Department);
    let mut out = Vec::new();
    for e in left {
        let suffix = format!("\" ({})", e.id);
        for u in &plan.summary.users {
            let prefix = format!("{}: leaves department \"", u.email);
            let found = plan.summary.changes.iter().find_map(|c| {
                let rest = c.strip_prefix(&prefix)?.strip_suffix(&suffix)?;
                Some(rest.to_string())
            });
            if let Some(name) = found {
                out.push((e.id, name));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
