//! The docs show real output, checked: every code block of the README and
//! docs/ that follows a `<!-- checked -->` line is run, command by command,
//! against the demo dataset (a server of its own, the database `tether`, as
//! `scripts/demo.sh` has it), and what the tool prints (stdout and stderr as
//! a terminal shows them, in order) is compared with the block. Ids, times,
//! scanVersions, checksums and ports are masked on both sides; a line `…`
//! (or a table row holding only `…`) stands for any number of lines. A
//! changed message fails here until the docs change with it.
//!
//! A file's checked blocks run in order on one database, as a person would
//! type them: a later block sees what an earlier one did; a block marked
//! `<!-- checked: fresh -->` starts again from the demo dataset.

use std::path::{Path, PathBuf};

use crate::common::*;

/// One command of a block and the lines it prints.
#[derive(Debug)]
struct Step {
    line: usize,
    command: String,
    expected: Vec<String>,
    /// The first command of a block marked `<!-- checked: fresh -->`: the
    /// demo dataset is written anew before it (a section that does not
    /// follow from the ones before).
    fresh: bool,
}

/// The checked blocks of a Markdown text, as steps.
fn checked_steps(text: &str) -> Vec<Step> {
    let lines: Vec<&str> = text.lines().collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mark = lines[i].trim();
        if mark != "<!-- checked -->" && mark != "<!-- checked: fresh -->" {
            i += 1;
            continue;
        }
        let mut fresh = mark.ends_with("fresh -->");
        i += 1;
        assert!(lines.get(i).is_some_and(|l| l.starts_with("```")), "a checked mark is followed by a code block");
        i += 1;
        while i < lines.len() && !lines[i].starts_with("```") {
            let l = lines[i];
            if let Some(cmd) = l.strip_prefix("$ ") {
                let mut command = cmd.to_string();
                while command.ends_with('\\') {
                    command.pop();
                    i += 1;
                    command.push_str(lines[i].trim_start());
                }
                // A comment after two spaces explains; it is not typed.
                if let Some(at) = command.find("  #") {
                    command.truncate(at);
                }
                steps.push(Step { line: i + 1, command: command.trim().to_string(), expected: Vec::new(), fresh });
                fresh = false;
            } else {
                steps.last_mut().expect("a checked block starts with a command").expected.push(l.to_string());
            }
            i += 1;
        }
        i += 1;
    }
    steps
}

/// `text` with what differs from run to run replaced by its kind.
fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let run = |from: usize, f: &dyn Fn(char) -> bool| chars[from..].iter().take_while(|c| f(**c)).count();
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 40)].iter().collect();
        let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        // scan-2026-11-23T03:01:26Z-da15baacba38
        if rest.starts_with("scan-") && rest.len() >= 38 && rest.as_bytes()[9] == b'-' {
            let n = 5 + 20 + 1 + run(i + 26, &|c| c.is_ascii_hexdigit());
            out.push_str("<scanVersion>");
            i += n;
            continue;
        }
        // 2026-11-23T03:01:26.755Z, 2026-11-23T03:01:26Z
        if boundary && rest.len() >= 20 && rest.as_bytes()[4] == b'-' && rest.as_bytes()[10] == b'T' {
            let n = run(i, &|c| c.is_ascii_digit() || "-T:.Z".contains(c));
            out.push_str("<time>");
            i += n;
            continue;
        }
        // A 24-hex id, a sha256 digest, a 32-hex deployment id.
        let hex = run(i, &|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        if boundary
            && (hex == 24 || hex == 32 || hex == 64)
            && !chars.get(i + hex).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            out.push_str(if hex == 24 { "<id>" } else { "<hex>" });
            i += hex;
            continue;
        }
        // 127.0.0.1:PORT
        if rest.starts_with("127.0.0.1:") {
            let n = 10 + run(i + 10, &|c| c.is_ascii_digit());
            out.push_str("<host>");
            i += n;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether a line stands for any number of lines: `…`, or a table row of `…`.
fn is_gap(line: &str) -> bool {
    let bare: String = line.chars().filter(|c| !"│┆ ".contains(*c)).collect();
    bare == "…"
}

/// Whether `actual` is `expected`, the gaps matching any run of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if is_gap(e) => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => actual.first().is_some_and(|a| a.trim_end() == e.trim_end()) && matches(rest, &actual[1..]),
    }
}

/// Runs a checked file's steps on a fresh demo database; the differences.
async fn check(file: &Path) -> Vec<String> {
    let steps = checked_steps(&std::fs::read_to_string(file).unwrap());
    if steps.is_empty() {
        return Vec::new();
    }
    let server = start_server(false);
    let t = TestDb::on(&server).await;
    let db = t.client().database("tether");
    tether_transfer::generator::generate(&db, &Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for step in steps {
        if step.fresh {
            db.drop().await.unwrap();
            tether_transfer::generator::generate(&db, &Default::default()).await.unwrap();
        }
        let command = step.command.replacen("tether-transfer", BIN, 1);
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{command} 2>&1"))
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("MONGODB_URI", format!("{server}/"))
            .env("TETHER_DB", "tether")
            .env("TETHER_OPERATOR", ROOT)
            .env("XDG_CONFIG_HOME", dir.path().join("no-config"))
            .env("COLUMNS", "200")
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let actual: Vec<String> = mask(&printed).lines().map(str::to_string).collect();
        // A blank line between two commands only separates them.
        let shown = step.expected.iter().rposition(|l| !l.trim().is_empty()).map_or(0, |n| n + 1);
        let expected: Vec<String> = step.expected[..shown].iter().map(|l| mask(l)).collect();
        if !matches(&expected, &actual) {
            problems.push(format!(
                "{}:{}: `{}` printed:\n{}\n(the docs say:)\n{}\n",
                file.display(),
                step.line,
                step.command,
                printed.trim_end(),
                step.expected.join("\n")
            ));
        }
    }
    problems
}

fn docs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    more.sort();
    files.extend(more);
    files
}

#[tokio::test]
async fn the_docs_checked_examples_print_what_the_tool_prints() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in docs() {
        checked += checked_steps(&std::fs::read_to_string(&file).unwrap()).len();
        problems.extend(check(&file).await);
    }
    assert!(checked >= 9, "at least the quick start's and the user guide's first commands are checked ({checked})");
    assert!(problems.is_empty(), "{} example(s) differ from the tool:\n\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn masks_and_gaps() {
    assert_eq!(
        mask("Plan written to org.json (scanVersion scan-2026-11-23T03:01:26Z-da15baacba38)."),
        "Plan written to org.json (scanVersion <scanVersion>)."
    );
    assert_eq!(mask("6b03ac86a15b411e1bc3fd81 at 2026-11-23T03:01:26.659Z"), "<id> at <time>");
    assert_eq!(mask("127.0.0.1:40713/tether"), "<host>/tether");
    assert_eq!(mask("sam.rep@acme.test 1309/1309"), "sam.rep@acme.test 1309/1309");
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "…", "d"]), &e(&["a", "b", "c", "d"])));
    assert!(matches(&e(&["a", "│ …  ┆   │", "d"]), &e(&["a", "d"])));
    assert!(!matches(&e(&["a", "d"]), &e(&["a", "b", "d"])));
}
