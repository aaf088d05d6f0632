//! The documentation's references hold: every link of the README, the
//! CHANGELOG, CONTRIBUTING and docs/ resolves to a file and, with an
//! `#anchor`, to a heading of it; every pointer from the code to a section
//! of the docs (`docs/NAME.md, "Heading"`) names a file and a heading that
//! exist; and the README stays a front door. No server needed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `path` relative to the repository, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// README.md, CHANGELOG.md, CONTRIBUTING.md and every docs/*.md.
fn markdown_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        ["README.md", "CHANGELOG.md", "CONTRIBUTING.md"].iter().map(|f| root().join(f)).collect();
    let mut docs: Vec<PathBuf> = fs::read_dir(root().join("docs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The text with the lines of fenced code blocks (``` or ~~~) blanked, so
/// line numbers stay.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let marker = ["```", "~~~"].into_iter().find(|m| line.trim_start().starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (Some(_), _) => {}
            (None, None) => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The texts of a markdown file's ATX headings (`#` to `######`), outside code blocks.
fn headings(text: &str) -> Vec<String> {
    prose(text)
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let hashes = line.chars().take_while(|&c| c == '#').count();
            let rest = &line[hashes..];
            if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with(' ')) {
                return None;
            }
            let rest = rest.trim();
            let closed = rest.trim_end_matches('#');
            let rest = if closed.is_empty() || closed.ends_with(' ') { closed.trim_end() } else { rest };
            Some(rest.to_string())
        })
        .collect()
}

/// GitHub's anchor of a heading: lowercase, punctuation dropped but `-` and
/// `_`, each space a `-`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor of a markdown file, a repeated heading's as GitHub numbers
/// them (`name`, `name-1`, `name-2`).
fn anchors(text: &str) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    headings(text)
        .iter()
        .map(|h| {
            let base = anchor(h);
            let n = seen.entry(base.clone()).or_insert(0);
            let name = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            name
        })
        .collect()
}

/// The prose with its inline code spans blanked (a span ends at a backtick
/// run as long as the one that opened it, within its paragraph).
fn without_code_spans(prose: &str) -> String {
    let chars: Vec<char> = prose.chars().collect();
    let mut out = String::with_capacity(prose.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '`').count();
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '\n' && chars.get(j + 1) == Some(&'\n') {
                break;
            }
            if chars[j] == '`' {
                let n = chars[j..].iter().take_while(|&&c| c == '`').count();
                if n == run {
                    close = Some(j + n);
                    break;
                }
                j += n;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                // keep the newlines, so line numbers stay
                out.extend(chars[i..end].iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
                i = end;
            }
            None => {
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

/// The targets of a markdown file's links and images, `[text](target)`,
/// outside code, with their line numbers.
fn links(text: &str) -> Vec<(usize, String)> {
    let prose = without_code_spans(&prose(text));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = prose[from..].find("](") {
        let start = from + at + 2;
        let mut depth = 0;
        let mut end = prose.len();
        for (k, c) in prose[start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = start + k;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let target = prose[start..end].split_whitespace().next().unwrap_or("").trim_matches(['<', '>']).to_string();
        let line = prose[..start].matches('\n').count() + 1;
        out.push((line, target));
        from = start;
    }
    out
}

/// What is wrong with a link `target` of the file `from`, if anything.
fn broken_link(from: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("an empty link".into());
    }
    if ["http://", "https://", "mailto:"].iter().any(|p| target.starts_with(p)) {
        return None;
    }
    let (file, fragment) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let path = if file.is_empty() { from.to_path_buf() } else { from.parent().unwrap().join(file) };
    if !path.exists() {
        return Some(format!("{target}: no file {}", shown(&path)));
    }
    let fragment = fragment?;
    if path.is_dir() || path.extension().is_none_or(|e| e != "md") {
        return Some(format!("{target}: an anchor into {}, which is not a markdown file", shown(&path)));
    }
    let known = anchors(&read(&path));
    if known.iter().any(|a| a == fragment) {
        None
    } else {
        Some(format!(
            "{target}: {} has no heading with the anchor #{fragment} (it has: {})",
            shown(&path),
            known.join(", ")
        ))
    }
}

#[test]
fn every_markdown_link_resolves() {
    let mut problems = Vec::new();
    let mut count = 0;
    for file in markdown_files() {
        let text = read(&file);
        for (line, target) in links(&text) {
            count += 1;
            if let Some(problem) = broken_link(&file, &target) {
                problems.push(format!("{}:{line}: {problem}", shown(&file)));
            }
        }
    }
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
    assert!(count > 20, "only {count} links found: is the link scanner broken?");
}

/// Files under src/, tests/ and scripts/ ending in .rs or .sh, this one excepted.
fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "sh") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["src", "tests", "scripts"] {
        walk(&root().join(dir), &mut out);
    }
    let this = root().join(file!());
    out.retain(|p| *p != this);
    out.sort();
    out
}

/// A pointer from the code to a doc: its line, the file, and the heading it
/// names (`, "Heading"`) or the anchor (`#anchor`), if any.
#[derive(Debug)]
struct Pointer {
    line: usize,
    file: String,
    heading: Option<Result<String, String>>,
    anchor: Option<String>,
}

/// The pointers of a source text: `docs/NAME.md`, `README.md`,
/// `CHANGELOG.md` or `CONTRIBUTING.md`, then optionally `#anchor` or
/// `, "Heading"` (the quotes may be escaped, `\"`, inside a string literal;
/// a heading may go on over a comment's next line).
fn pointers(text: &str) -> Vec<Pointer> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.char_indices() {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || b"_./-".contains(&bytes[at - 1])) {
            continue;
        }
        let rest = &text[at..];
        let len = if let Some(after) = rest.strip_prefix("docs/") {
            let name = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
            if name == 0 || !after[name..].starts_with(".md") {
                continue;
            }
            "docs/".len() + name + ".md".len()
        } else if let Some(f) = ["README.md", "CHANGELOG.md", "CONTRIBUTING.md"].iter().find(|f| rest.starts_with(*f)) {
            f.len()
        } else {
            continue;
        };
        if rest[len..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        let file = rest[..len].to_string();
        let tail = &rest[len..];
        let line = text[..at].matches('\n').count() + 1;
        let anchor = tail
            .strip_prefix('#')
            .map(|a| a.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect::<String>());
        let heading = [", \"", ", \\\""].iter().find_map(|open| tail.strip_prefix(open).map(heading_of));
        out.push(Pointer { line, file, heading, anchor });
    }
    out
}

/// The heading text at the start of `s`, up to its closing quote (`"` or
/// `\"`); a line break and the next line's comment marker read as one space.
fn heading_of(s: &str) -> Result<String, String> {
    let mut heading = String::new();
    let mut rest = s;
    loop {
        if rest.starts_with('"') || rest.starts_with("\\\"") {
            return Ok(heading);
        }
        if heading.len() > 200 {
            return Err(format!("no closing quote after \"{}…\"", heading.chars().take(60).collect::<String>()));
        }
        let Some(c) = rest.chars().next() else {
            return Err(format!("no closing quote after \"{heading}\""));
        };
        if c == '\n' {
            let next = rest[1..].trim_start_matches([' ', '\t']);
            let next = ["///", "//!", "//", "#", "*"].iter().find_map(|m| next.strip_prefix(m)).unwrap_or(next);
            rest = next.trim_start_matches([' ', '\t']);
            heading.push(' ');
        } else {
            heading.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// Old pointers to a section of the README, which now lives in docs/.
const OLD_POINTERS: [&str; 4] = ["README, \"", "README, \\\"", "in the README", "README's"];

#[test]
fn every_reference_from_the_code_resolves() {
    let mut broken = Vec::new();
    let mut old = Vec::new();
    for source in source_files() {
        let text = read(&source);
        for p in pointers(&text) {
            let at = format!("{}:{}", shown(&source), p.line);
            let target = root().join(&p.file);
            if !target.exists() {
                broken.push(format!("{at}: {} does not exist", p.file));
                continue;
            }
            let doc = read(&target);
            match &p.heading {
                Some(Ok(h)) if !headings(&doc).contains(h) => {
                    broken.push(format!("{at}: {} has no heading \"{h}\"", p.file));
                }
                Some(Err(e)) => broken.push(format!("{at}: {}: {e}", p.file)),
                _ => {}
            }
            if let Some(a) = &p.anchor
                && !anchors(&doc).contains(a)
            {
                broken.push(format!("{at}: {} has no heading with the anchor #{a}", p.file));
            }
        }
        for (n, line) in text.lines().enumerate() {
            if OLD_POINTERS.iter().any(|o| line.contains(o)) {
                old.push(format!("{}:{}: {}", shown(&source), n + 1, line.trim()));
            }
        }
    }
    let mut message = String::new();
    if !broken.is_empty() {
        message += &format!("pointers to the docs that do not resolve:\n{}\n", broken.join("\n"));
    }
    if !old.is_empty() {
        message += &format!(
            "old pointers to a README section (write docs/NAME.md, \"Heading\" instead):\n{}\n",
            old.join("\n")
        );
    }
    assert!(message.is_empty(), "{message}");
}

#[test]
fn readme_is_a_front_door() {
    let text = read(&root().join("README.md"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() < 250, "README.md has {} lines; move detail into docs/", lines.len());
    let mut at = lines.iter().enumerate().filter(|(_, l)| !l.trim().is_empty());
    assert_eq!(at.next().map(|(_, l)| *l), Some("# tether-transfer"), "README.md starts with its title");
    let (open, fence) = at.next().expect("something after the title");
    assert!(fence.starts_with("```"), "after the title comes the code block with the two commands, not {fence:?}");
    let block: Vec<&str> = lines[open + 1..].iter().take_while(|l| !l.starts_with("```")).copied().collect();
    assert!(open + 1 + block.len() < lines.len(), "the first code block is not closed");
    for command in ["scripts/demo.sh", "scripts/test.sh"] {
        assert!(block.iter().any(|l| l.starts_with(command)), "the first code block holds {command}: {block:?}");
    }
}
