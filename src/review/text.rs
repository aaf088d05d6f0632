//! `show` as text: everything, never cut.

use super::{Review, plural};
use crate::output::Block;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Lines indented by two spaces, each after `bullet`.
fn list(lines: &[String], bullet: &str) -> Block {
    Block::Text(lines.iter().map(|l| format!("  {bullet}{l}\n")).collect())
}

pub fn show(r: &Review) -> Vec<Block> {
    let p = r.plan;
    let mut out = vec![Block::Heading(r.headline())];
    let facts = r.facts();
    let width = facts.iter().map(|f| f.label.len()).max().unwrap_or(0) + 1;
    out.push(Block::Text(
        facts.iter().map(|f| format!("  {:<width$} {}\n", format!("{}:", f.label), f.value)).collect(),
    ));
    if p.blocked {
        out.push(Block::Alert(format!(
            "BLOCKED: execute refuses this plan until the {} below are resolved and the plan is scanned again.",
            plural(p.conflicts.len(), "blocking conflict")
        )));
    }

    out.push(Block::Heading(format!("What moves: {} documents in {}", p.total(), plural(p.resources.len(), "kind"))));
    if p.resources.is_empty() {
        out.push(Block::Text("  nothing: no document is touched\n".into()));
    } else {
        let rows = r
            .kinds()
            .into_iter()
            .map(|k| vec![k.kind, k.collection, k.action, k.count.to_string(), k.change])
            .collect();
        out.push(Block::Table {
            header: strings(&["Kind", "Collection", "Action", "Count", "Change"]),
            rows,
            right: vec![3],
        });
        let legend: Vec<String> = r.legend().into_iter().map(|(a, w)| format!("{a}: {w}")).collect();
        out.push(list(&legend, ""));
    }

    let changes = r.changes();
    if !changes.is_empty() {
        out.push(Block::Heading("Users and departments".into()));
        out.push(list(&changes, "- "));
    }
    let assignments = r.assignments();
    if !assignments.is_empty() {
        out.push(Block::Heading(format!("Assignments ({})", assignments.len())));
        out.push(Block::Table {
            header: strings(&["User", "From", "To", "Role", "Re-assignee"]),
            rows: assignments.into_iter().map(Vec::from).collect(),
            right: vec![],
        });
    }
    let users = r.users();
    if !users.is_empty() {
        out.push(Block::Heading(format!("Users ({})", users.len())));
        out.push(list(&users, "- "));
    }

    let findings = |f: &[crate::plan::Finding]| -> Vec<String> {
        f.iter().map(|c| format!("[{}] {}", c.code, super::clean(&c.message))).collect()
    };
    if p.conflicts.is_empty() {
        out.push(Block::Heading("Conflicts: none".into()));
    } else {
        out.push(Block::Heading(format!("Conflicts ({}, blocking)", p.conflicts.len())));
        out.push(list(&findings(&p.conflicts), "BLOCKING "));
    }
    if p.warnings.is_empty() {
        out.push(Block::Heading("Warnings: none".into()));
    } else {
        out.push(Block::Heading(format!("Warnings ({})", p.warnings.len())));
        out.push(list(&findings(&p.warnings), "warning "));
    }

    let since = r.changed_since();
    if !since.is_empty() {
        out.push(Block::Heading("Changed since the transfer: these documents keep their change".into()));
        let mut text = String::new();
        for (kind, count, ids) in since {
            text.push_str(&format!("  {kind} ({count}):\n"));
            for id in ids {
                text.push_str(&format!("    {id}\n"));
            }
        }
        out.push(Block::Text(text));
    }

    out.push(Block::Heading(format!(
        "Entities ({}): execute refuses the plan if any of them changed since the scan",
        p.entities.len()
    )));
    out.push(Block::Table {
        header: strings(&["Entity", "Id", "Name", "Reason", "Fingerprint"]),
        rows: r.entities().into_iter().map(Vec::from).collect(),
        right: vec![],
    });

    let approvals = r.approvals();
    if approvals.is_empty() {
        out.push(Block::Heading("Approvals: no approvals recorded in this file".into()));
        out.push(Block::Text(format!("  ({})\n", r.approvals_note())));
    } else {
        out.push(Block::Heading(format!("Approvals recorded in this file ({}): copies, not trusted", approvals.len())));
        out.push(Block::Text(format!("  {}\n", r.approvals_note())));
        out.push(list(&approvals, "- "));
    }
    out
}
