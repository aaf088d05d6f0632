//! Markdown for a ticket or a pull-request comment: escaped so that no name
//! breaks a table or its formatting, a summary first and the detail after,
//! and never more than GitHub's 65,536 characters (counted in bytes, so no
//! count of characters exceeds it either): the longest detail parts are cut
//! first, and the text says what was cut and which command shows it all.

use super::model::shell_word;
use super::{Review, clean, plural};

/// The most a comment may hold.
pub const LIMIT: usize = 65_536;

/// Inline text: every character Markdown (GitHub's included: `$` math,
/// `~` strike-through, `|` in tables) would read as formatting is escaped.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in clean(s).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '$' | '!' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An inline code span that holds `s` whole, whatever backticks it has.
pub fn code(s: &str) -> String {
    let s = clean(s);
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The same, in a table cell (GitHub splits cells on `|` even in code).
pub fn code_cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// 1234567 → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A table row of escaped cells.
pub fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// A table's header and delimiter rows.
pub fn header(names: &[&str]) -> String {
    format!("| {} |\n|{}\n", names.join(" | "), "---|".repeat(names.len()))
}

/// One part of a document: a head, rows that may be cut from the end, a tail.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// How the note about cuts names it: `assignments`.
    pub name: String,
    pub head: String,
    pub rows: Vec<String>,
    pub tail: String,
    /// Never cut (the summary, the kinds table).
    pub keep: bool,
}

/// What was cut of a part.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    pub name: String,
    /// Rows still shown (0: the part was left out).
    pub shown: usize,
    pub total: usize,
}

fn row_note(shown: usize, total: usize) -> String {
    format!("\n*… {} more of {} cut here (see the note at the top).*\n", thousands(total - shown), thousands(total))
}

impl Part {
    /// Its text with `kept` rows (None: left out).
    fn render(&self, kept: Option<usize>) -> String {
        let Some(k) = kept else { return String::new() };
        let mut s = self.head.clone();
        self.rows[..k].iter().for_each(|r| s.push_str(r));
        if k < self.rows.len() {
            s.push_str(&row_note(k, self.rows.len()));
        }
        s.push_str(&self.tail);
        s
    }

    fn len(&self, kept: Option<usize>, prefix: &[usize]) -> usize {
        let Some(k) = kept else { return 0 };
        let note = if k < self.rows.len() { row_note(k, self.rows.len()).len() } else { 0 };
        self.head.len() + prefix[k] + note + self.tail.len()
    }
}

/// The parts joined, within `limit` bytes: while too long, rows are cut
/// from the end of the longest part that may be cut (a part with no row
/// left goes whole); `notice(cuts)` is written after the first part. If the
/// parts that are kept are too long by themselves, the text is cut at a
/// line and ends with `notice` of every part.
pub fn assemble(parts: &[Part], limit: usize, notice: &dyn Fn(&[Cut]) -> String) -> String {
    let prefix: Vec<Vec<usize>> = parts
        .iter()
        .map(|p| {
            std::iter::once(0)
                .chain(p.rows.iter().scan(0, |acc, r| {
                    *acc += r.len();
                    Some(*acc)
                }))
                .collect()
        })
        .collect();
    let mut kept: Vec<Option<usize>> = parts.iter().map(|p| Some(p.rows.len())).collect();
    let cuts_of = |kept: &[Option<usize>]| -> Vec<Cut> {
        parts
            .iter()
            .zip(kept)
            .filter(|(p, k)| **k != Some(p.rows.len()))
            .map(|(p, k)| Cut { name: p.name.clone(), shown: k.unwrap_or(0), total: p.rows.len() })
            .collect()
    };
    loop {
        let cuts = cuts_of(&kept);
        let note = if cuts.is_empty() { String::new() } else { notice(&cuts) };
        let sizes: Vec<usize> = (0..parts.len()).map(|i| parts[i].len(kept[i], &prefix[i])).collect();
        let total = sizes.iter().sum::<usize>() + note.len();
        let join = |kept: &[Option<usize>], note: &str| {
            let mut out = String::with_capacity(total);
            for (i, p) in parts.iter().enumerate() {
                out.push_str(&p.render(kept[i]));
                if i == 0 {
                    out.push_str(note);
                }
            }
            out
        };
        if total <= limit {
            return join(&kept, &note);
        }
        let candidates: Vec<usize> = (0..parts.len()).filter(|&i| !parts[i].keep && kept[i].is_some()).collect();
        let Some(&i) = candidates.iter().max_by_key(|&&i| sizes[i]) else {
            let all: Vec<Cut> = parts
                .iter()
                .zip(&kept)
                .filter(|(p, _)| !p.keep)
                .map(|(p, k)| Cut { name: p.name.clone(), shown: k.unwrap_or(0), total: p.rows.len() })
                .collect();
            return hard_cut(&join(&kept, ""), limit, &notice(&all));
        };
        let second = candidates.iter().filter(|&&j| j != i).map(|&j| sizes[j]).max().unwrap_or(0);
        let excess = total - limit;
        let want = (sizes[i] - second).min(excess).max(excess / candidates.len()).max(1);
        kept[i] = match kept[i] {
            Some(0) | None => None,
            Some(mut k) => {
                let floor = prefix[i][k].saturating_sub(want);
                while k > 0 && prefix[i][k] > floor {
                    k -= 1;
                }
                Some(k)
            }
        };
    }
}

/// `text` cut at a line so that it and `note` fit in `limit` bytes.
fn hard_cut(text: &str, limit: usize, note: &str) -> String {
    let note = format!("\n\n{}", note.trim());
    let room = limit.saturating_sub(note.len() + 1);
    let mut end = room.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    // At a line's end, so that no escape or code span is left open.
    let cut = match cut.rfind('\n') {
        Some(nl) => &cut[..nl],
        None => cut.trim_end_matches('\\'),
    };
    let mut out = format!("{cut}{note}\n");
    if out.len() > limit {
        // A limit smaller than the note itself (tests only): the note, cut.
        let note = note.trim();
        let mut end = limit.min(note.len());
        while !note.is_char_boundary(end) {
            end -= 1;
        }
        out = note[..end].to_string();
    }
    out
}

/// Which of the plan's parts were cut and how to see them.
fn show_notice(r: &Review, cuts: &[Cut]) -> String {
    let what: Vec<String> = cuts
        .iter()
        .map(|c| match c.shown {
            0 => format!("{} (all {} left out)", c.name, thousands(c.total)),
            n => format!("{} ({} of {} shown)", c.name, thousands(n), thousands(c.total)),
        })
        .collect();
    let path = shell_word(&r.path);
    format!(
        "\n> **Cut to stay within {} characters:** {}. {} shows everything ({} for a script).\n",
        thousands(LIMIT),
        md(&what.join("; ")),
        code(&format!("tether-transfer show {path}")),
        code(&format!("tether-transfer show {path} --format json")),
    )
}

fn details(name: &str, title: &str, head: String, rows: Vec<String>) -> Part {
    Part {
        name: name.into(),
        head: format!("\n<details><summary>{title}</summary>\n\n{head}"),
        rows,
        tail: "\n</details>\n".into(),
        keep: false,
    }
}

pub fn show(r: &Review) -> String {
    let p = r.plan;
    let mut summary = format!("### {}\n\n", md(&r.headline()));
    if p.blocked {
        summary.push_str(&format!(
            "> **BLOCKED:** execute refuses this plan ({}).\n\n",
            plural(p.conflicts.len(), "blocking conflict")
        ));
    }
    for f in r.facts() {
        let value = if f.code { code(&f.value) } else { md(&f.value) };
        summary.push_str(&format!("- **{}:** {value}\n", f.label));
    }
    let mut kinds = format!("\n#### What moves: {} documents in {}\n\n", p.total(), plural(p.resources.len(), "kind"));
    if p.resources.is_empty() {
        kinds.push_str("Nothing: no document is touched.\n");
    } else {
        kinds.push_str(&header(&["Kind", "Collection", "Action", "Count", "Change"]));
        for k in r.kinds() {
            kinds.push_str(&row(&[md(&k.kind), md(&k.collection), md(&k.action), k.count.to_string(), md(&k.change)]));
        }
        kinds.push('\n');
        for (action, words) in r.legend() {
            kinds.push_str(&format!("- {}: {}\n", md(&action), md(words)));
        }
    }
    let mut parts = vec![
        Part { name: "summary".into(), head: summary, keep: true, ..Default::default() },
        Part { name: "kinds".into(), head: kinds, keep: true, ..Default::default() },
    ];
    let finding = |f: &crate::plan::Finding| format!("- **{}** {}\n", md(&f.code.as_str()), md(&f.message));
    for (name, title, list) in
        [("conflicts", "Conflicts (blocking)", &p.conflicts), ("warnings", "Warnings", &p.warnings)]
    {
        let head = match list.len() {
            0 => format!("\n#### {title}: none\n"),
            n => format!("\n#### {title}: {}\n\n", thousands(n)),
        };
        parts.push(Part { name: name.into(), head, rows: list.iter().map(finding).collect(), ..Default::default() });
    }
    let changes = r.changes();
    if !changes.is_empty() {
        let title = format!("Users and departments ({})", thousands(changes.len()));
        parts.push(details(
            "users and departments",
            &title,
            String::new(),
            changes.iter().map(|c| format!("- {}\n", md(c))).collect(),
        ));
    }
    let assignments = r.assignments();
    if !assignments.is_empty() {
        let rows = assignments.iter().map(|a| row(&a.iter().map(|c| md(c)).collect::<Vec<_>>())).collect();
        let head = header(&["User", "From", "To", "Role", "Re-assignee"]);
        parts.push(details("assignments", &format!("Assignments ({})", thousands(assignments.len())), head, rows));
    }
    let users = r.users();
    if !users.is_empty() {
        let rows = users.iter().map(|u| format!("- {}\n", md(u))).collect();
        parts.push(details("users", &format!("Users ({})", thousands(users.len())), String::new(), rows));
    }
    let since = r.changed_since();
    if !since.is_empty() {
        let total: usize = since.iter().map(|(_, _, ids)| ids.len()).sum();
        let rows =
            since.iter().flat_map(|(kind, _, ids)| ids.iter().map(move |id| row(&[md(kind), code_cell(id)]))).collect();
        let title = format!("Changed since the transfer: {} documents keep their change", thousands(total));
        parts.push(details("changed-since ids", &title, header(&["Kind", "Document"]), rows));
    }
    let entities = r.entities();
    let rows =
        entities.iter().map(|e| row(&[md(&e[0]), code_cell(&e[1]), md(&e[2]), md(&e[3]), code_cell(&e[4])])).collect();
    let title =
        format!("Entities ({}): execute refuses the plan if any changed since the scan", thousands(entities.len()));
    parts.push(details("entities", &title, header(&["Entity", "Id", "Name", "Reason", "Fingerprint"]), rows));
    let approvals = r.approvals();
    let note = md(&r.approvals_note());
    parts.push(if approvals.is_empty() {
        Part {
            name: "approvals".into(),
            head: format!("\n#### Approvals: no approvals recorded in this file\n\n{note}.\n"),
            ..Default::default()
        }
    } else {
        Part {
            name: "approvals".into(),
            head: format!(
                "\n#### Approvals recorded in this file: {} (copies, not trusted)\n\n{note}.\n\n",
                thousands(approvals.len())
            ),
            rows: approvals.iter().map(|a| format!("- {}\n", md(a))).collect(),
            ..Default::default()
        }
    });
    assemble(&parts, LIMIT, &|cuts| show_notice(r, cuts))
}
