//! A diff in text and in Markdown.

use super::diff::{Diff, Difference, Section, Side};
use super::markdown::{self, Cut, LIMIT, Part, code, code_cell, md, thousands};
use super::model::shell_word;
use super::{clean, plural};
use crate::output::Block;

/// `scan-…, scanned … (3 h ago) by root@x.test (declared), 159 documents`.
fn describe(s: &Side) -> String {
    format!(
        "{}, scanned {} ({}) by {} ({}), {} documents{}",
        clean(&s.scan_version),
        clean(&s.scanned_at),
        super::age::words(s.age_seconds),
        clean(&s.operator.email),
        s.operator_identity.established.as_str(),
        s.total_documents,
        if s.blocked { ", BLOCKED" } else { "" }
    )
}

/// What differs but does not count: `scanVersion a -> b`, ….
fn informational(d: &Diff) -> Vec<String> {
    let (a, b) = (&d.old, &d.new);
    let mut out = Vec::new();
    let mut pair = |what: &str, x: &str, y: &str| {
        if x != y {
            out.push(format!("{what} {} -> {}", clean(x), clean(y)));
        }
    };
    pair("scanVersion", &a.scan_version, &b.scan_version);
    pair("scannedAt", &a.scanned_at, &b.scanned_at);
    pair("checksum", &a.checksum, &b.checksum);
    pair("scanner", &a.operator.email, &b.operator.email);
    pair("scanner identity", a.operator_identity.established.as_str(), b.operator_identity.established.as_str());
    pair("tool", &a.tool, &b.tool);
    out
}

/// The verdict in one sentence.
pub fn verdict(d: &Diff) -> String {
    if d.same {
        "The two plans ask for and would do the same.".into()
    } else {
        format!(
            "The plans differ: {}; the new plan does not ask for or would not do what the old one says.",
            plural(d.difference_count, "difference")
        )
    }
}

/// Runs of differences of one section and key (a kind's count and fingerprint read as one line).
fn grouped(list: &[Difference]) -> Vec<&[Difference]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=list.len() {
        if i == list.len() || list[i].section != list[start].section || list[i].label != list[start].label {
            out.push(&list[start..i]);
            start = i;
        }
    }
    out
}

pub fn diff_text(d: &Diff) -> Vec<Block> {
    let mut out = vec![Block::Text(format!(
        "Old: {}: {}\nNew: {}: {}\n",
        clean(&d.old.file),
        describe(&d.old),
        clean(&d.new.file),
        describe(&d.new)
    ))];
    out.push(Block::Heading(verdict(d)));
    if !d.same {
        out.push(Block::Text("(+ only in the new plan, - only in the old plan, ~ changed)\n".into()));
    }
    for section in Section::ALL {
        let list: Vec<Difference> = d.differences.iter().filter(|x| x.section == section).cloned().collect();
        if list.is_empty() {
            continue;
        }
        let groups = grouped(&list);
        out.push(Block::Heading(format!("{} ({})", section.title(), groups.len())));
        let lines: String = groups
            .into_iter()
            .map(|g| {
                let details: Vec<&str> = g.iter().map(|x| x.detail.as_str()).collect();
                match section {
                    // A finding is a sentence of its own.
                    Section::Conflicts | Section::Warnings => {
                        format!("  {} {} ({})\n", g[0].change.sign(), g[0].label, details.join("; "))
                    }
                    _ => format!("  {} {}: {}\n", g[0].change.sign(), g[0].label, details.join("; ")),
                }
            })
            .collect();
        out.push(Block::Text(lines));
    }
    let info = informational(d);
    if !info.is_empty() {
        out.push(Block::Heading("Informational (not differences)".into()));
        out.push(Block::Text(info.iter().map(|i| format!("  {i}\n")).collect()));
    }
    out
}

pub fn diff_markdown(d: &Diff) -> String {
    let title = if d.same { "the same".to_string() } else { plural(d.difference_count, "difference") };
    let mut head = format!("### Plan diff: {title}\n\n{}\n\n", md(&verdict(d)));
    head.push_str(&markdown::header(&["", "Old", "New"]));
    let (a, b) = (&d.old, &d.new);
    let rows: [(&str, String, String); 6] = [
        ("File", code_cell(&a.file), code_cell(&b.file)),
        ("Scan version", code_cell(&a.scan_version), code_cell(&b.scan_version)),
        (
            "Scanned",
            md(&format!("{} ({})", a.scanned_at, super::age::words(a.age_seconds))),
            md(&format!("{} ({})", b.scanned_at, super::age::words(b.age_seconds))),
        ),
        (
            "Scanner",
            md(&format!("{} ({})", a.operator.email, a.operator_identity.established.as_str())),
            md(&format!("{} ({})", b.operator.email, b.operator_identity.established.as_str())),
        ),
        ("Checksum", code_cell(&a.checksum), code_cell(&b.checksum)),
        ("Documents", a.total_documents.to_string(), b.total_documents.to_string()),
    ];
    for (label, x, y) in rows {
        head.push_str(&markdown::row(&[format!("**{label}**"), x, y]));
    }
    head.push_str(
        "\nScan version, scan time, checksum and scanner are shown for information; they are not differences.\n",
    );
    let mut parts = vec![Part { name: "summary".into(), head, keep: true, ..Default::default() }];
    for section in Section::ALL {
        let list: Vec<&Difference> = d.differences.iter().filter(|x| x.section == section).collect();
        if list.is_empty() {
            continue;
        }
        let rows =
            list.iter().map(|x| markdown::row(&[x.change.sign().to_string(), md(&x.label), md(&x.detail)])).collect();
        parts.push(Part {
            name: section.title().to_lowercase(),
            head: format!(
                "\n#### {} ({})\n\n{}",
                section.title(),
                thousands(list.len()),
                markdown::header(&["", "What", "Difference"])
            ),
            rows,
            ..Default::default()
        });
    }
    let notice = |cuts: &[Cut]| {
        let what: Vec<String> = cuts
            .iter()
            .map(|c| format!("{} ({} of {} shown)", c.name, thousands(c.shown), thousands(c.total)))
            .collect();
        let command = format!("tether-transfer diff {} {}", shell_word(&a.file), shell_word(&b.file));
        format!(
            "\n> **Cut to stay within {} characters:** {}. {} shows every difference ({} for a script).\n",
            thousands(LIMIT),
            md(&what.join("; ")),
            code(&command),
            code(&format!("{command} --format json"))
        )
    };
    markdown::assemble(&parts, LIMIT, &notice)
}
