//! `scan department --assignments FILE`: the rows of a reorganization, read
//! from CSV (header `user,targetDepartment,role,reassignee`, the last two
//! optional) or JSON (the seed's `assignments` array, or a whole
//! `TransferExecuteRequest`). Every error names the file's line. Reads only
//! the file; resolving the rows against the database is the transfer
//! model's work.

use serde::Deserialize;

use crate::db::entities::Role;
use crate::error::{CliError, Result};
use crate::ops::transfer::{AssignmentInput, Mistakes, Origin};

/// The rows of a file, and the department it asks to delete, if it is a
/// whole request with `deleteSourceDepartmentId`.
#[derive(Debug)]
pub struct Assignments {
    /// The rows that read well.
    pub rows: Vec<AssignmentInput>,
    /// What the others got wrong, each naming its line: reported with
    /// whatever resolving the good rows finds, in one run.
    pub mistakes: Mistakes,
    pub delete_source: Option<String>,
}

/// The columns a CSV header may name; the first two are required.
const COLUMNS: [&str; 4] = ["user", "targetDepartment", "role", "reassignee"];

/// Reads `text`, the content of `file` (`-` for stdin), as CSV or JSON: JSON
/// when it starts with `[` or `{`.
pub fn parse(file: &str, text: &str) -> Result<Assignments> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CliError::usage(format!("The assignments file {file} is empty.")));
    }
    let first = text.trim_start().chars().next().unwrap_or(' ');
    let parsed = if first == '[' || first == '{' { json(file, text)? } else { csv(file, text)? };
    if parsed.rows.is_empty() && parsed.mistakes.is_empty() {
        return Err(CliError::usage(format!("The assignments file {file} has no assignment (only a header).")));
    }
    Ok(parsed)
}

fn at(file: &str, line: usize, message: impl std::fmt::Display) -> CliError {
    CliError::usage(format!("Line {line} of {file}: {message}"))
}

/// The roles a transfer may give.
const GIVEN: [Role; 3] = [Role::Admin, Role::DepartmentHead, Role::SalesRep];

fn role(file: &str, line: usize, value: &str) -> Result<Option<Role>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match Role::parse(&v.to_uppercase().replace('-', "_")) {
        Some(Role::Superadmin) | None => {
            let roles: Vec<String> = GIVEN.iter().map(|r| r.to_string()).collect();
            let meant = crate::didyoumean::names(v, &roles);
            let base = format!("the role \"{v}\" is not one a transfer may give (ADMIN, DEPARTMENT_HEAD or SALES_REP)");
            Err(at(file, line, crate::didyoumean::sentence(&base, &meant, crate::didyoumean::quoted))
                .with_candidates(meant))
        }
        Some(r) => Ok(Some(r)),
    }
}

fn optional(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The line an unterminated quoted field starts on, if any (RFC 4180: a
/// doubled quote inside a quoted field is a quote).
fn unterminated_quote(text: &str) -> Option<usize> {
    let (mut quoted, mut opened_at, mut line) = (false, 0, 1);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if quoted {
                    opened_at = line;
                }
            }
            '\n' => line += 1,
            _ => {}
        }
    }
    quoted.then_some(opened_at)
}

/// The line (from 1) a record starting at byte `at` is on; a record's
/// position may point at the end of the line before it (CRLF).
fn line_of(text: &str, at: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = (at as usize).min(bytes.len());
    while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
        at += 1;
    }
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
}

fn csv(file: &str, text: &str) -> Result<Assignments> {
    if let Some(line) = unterminated_quote(text) {
        return Err(at(file, line, "a quoted field is never closed (unterminated quote)."));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| at(file, 1, format!("the header cannot be read ({e}).")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect::<Vec<_>>();
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(at(
                file,
                1,
                format!("the header names an unknown column \"{h}\"; the columns are {}.", COLUMNS.join(",")),
            ));
        }
        if header.iter().filter(|x| *x == h).count() > 1 {
            return Err(at(file, 1, format!("the header names the column \"{h}\" twice.")));
        }
    }
    let index = |name: &str| header.iter().position(|h| h == name);
    let (Some(user), Some(target)) = (index("user"), index("targetDepartment")) else {
        return Err(at(
            file,
            1,
            format!("the header must name the columns user and targetDepartment (found: {}).", header.join(",")),
        ));
    };
    let (role_at, reassignee_at) = (index("role"), index("reassignee"));
    let (mut rows, mut mistakes) = (Vec::new(), Mistakes::default());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => match e.kind() {
                csv::ErrorKind::UnequalLengths { pos, expected_len, len } => {
                    let line = pos.as_ref().map_or(0, |p| line_of(text, p.byte()));
                    mistakes.keep(line, at(file, line, format!("{len} fields, but the header has {expected_len}.")))?;
                    continue;
                }
                _ => return Err(CliError::usage(format!("The assignments file {file} is not valid CSV ({e})."))),
            },
        };
        let line = record.position().map_or(0, |p| line_of(text, p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if field(user).is_empty() || field(target).is_empty() {
            mistakes.keep(line, at(file, line, "user and targetDepartment must both be given."))?;
            continue;
        }
        let role = match role_at.map(|i| role(file, line, field(i))).transpose() {
            Ok(r) => r.flatten(),
            Err(e) => {
                mistakes.keep(line, e)?;
                continue;
            }
        };
        rows.push(AssignmentInput {
            origin: Origin::Line { file: file.to_string(), line },
            user: field(user).to_string(),
            target: field(target).to_string(),
            role,
            reassignee: optional(reassignee_at.map(field)),
        });
    }
    Ok(Assignments { rows, mistakes, delete_source: None })
}

/// The seed's assignment, as a file gives it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsonAssignment {
    user_id: String,
    target_department_id: String,
    #[serde(default)]
    new_access_role: Option<String>,
    #[serde(default)]
    reassignee_user_id: Option<String>,
}

/// A whole `TransferExecuteRequest` (its other keys are ignored).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonRequest {
    assignments: Vec<serde_json::Value>,
    #[serde(default)]
    delete_source_department_id: Option<String>,
}

fn json(file: &str, text: &str) -> Result<Assignments> {
    let value: serde_json::Value = crate::strict_json::parse(text).map_err(|e| {
        at(file, e.line(), format!("the JSON is not valid ({}).", e.to_string().split(" at line").next().unwrap_or("")))
    })?;
    let (items, delete_source) = match value {
        serde_json::Value::Array(items) => (items, None),
        object @ serde_json::Value::Object(_) => {
            let r: JsonRequest = serde_json::from_value(object).map_err(|e| {
                CliError::usage(format!(
                    "The assignments file {file} is neither the seed's assignments array nor a TransferExecuteRequest ({e})."
                ))
            })?;
            (r.assignments, r.delete_source_department_id)
        }
        _ => unreachable!("the text starts with [ or {{"),
    };
    let lines = element_lines(text);
    let (mut rows, mut mistakes) = (Vec::with_capacity(items.len()), Mistakes::default());
    for (i, item) in items.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let a: JsonAssignment = match serde_json::from_value(item) {
            Ok(a) => a,
            Err(e) => {
                mistakes.keep(line, at(
                    file,
                    line,
                    format!(
                        "assignment {} is not {{userId, targetDepartmentId, newAccessRole?, reassigneeUserId?}} ({e}).",
                        i + 1
                    ),
                ))?;
                continue;
            }
        };
        let role = match role(file, line, a.new_access_role.as_deref().unwrap_or("")) {
            Ok(r) => r,
            Err(e) => {
                mistakes.keep(line, e)?;
                continue;
            }
        };
        rows.push(AssignmentInput {
            origin: Origin::Line { file: file.to_string(), line },
            user: a.user_id.trim().to_string(),
            target: a.target_department_id.trim().to_string(),
            role,
            reassignee: optional(a.reassignee_user_id.as_deref()),
        });
    }
    Ok(Assignments { rows, mistakes, delete_source: optional(delete_source.as_deref()) })
}

/// The line each element of the assignments array starts on: the top-level
/// array, or the array under a top-level "assignments" key.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    let (mut string, mut last_key) = (String::new(), String::new());
    // The depth inside the array whose elements count, once found, and
    // whether the next thing seen there starts an element.
    let mut target: Option<usize> = None;
    let mut expecting = false;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => string.push(c),
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if expecting && Some(depth) == target && c != ']' {
            lines.push(line);
            expecting = false;
        }
        match c {
            '"' => {
                in_string = true;
                string.clear();
            }
            ':' if depth == 1 => last_key = string.clone(),
            ',' if Some(depth) == target => expecting = true,
            '[' | '{' => {
                let found = (depth == 0 && c == '[') || (depth == 1 && c == '[' && last_key == "assignments");
                depth += 1;
                if found && target.is_none() {
                    target = Some(depth);
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line, user, target, role, re-assignee.
    type Row = (usize, String, String, Option<Role>, Option<String>);

    fn rows(text: &str) -> Vec<Row> {
        parse("f.csv", text)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| {
                let Origin::Line { line, .. } = r.origin else { panic!("a line") };
                (line, r.user, r.target, r.role, r.reassignee)
            })
            .collect()
    }

    #[test]
    fn csv_with_bom_crlf_quotes_and_blank_trailing_lines() {
        let text = "\u{feff}user,targetDepartment,role,reassignee\r\n\
                    a@x.test,\"Sales, East\",DEPARTMENT_HEAD,\r\n\
                    b@x.test,West,,c@x.test\r\n\r\n\r\n";
        assert_eq!(
            rows(text),
            vec![
                (2, "a@x.test".into(), "Sales, East".into(), Some(Role::DepartmentHead), None),
                (3, "b@x.test".into(), "West".into(), None, Some("c@x.test".into())),
            ]
        );
    }

    #[test]
    fn csv_columns_in_any_order_and_optional_ones_left_out() {
        assert_eq!(
            rows("targetDepartment,user\nWest,a@x.test\n"),
            vec![(2, "a@x.test".into(), "West".into(), None, None)]
        );
    }

    /// The file's error: refused whole, or its rows' mistakes.
    fn refused(file: &str, t: &str) -> String {
        match parse(file, t) {
            Err(e) => e.message,
            Ok(p) => p.mistakes.into_result().unwrap_err().message,
        }
    }

    #[test]
    fn csv_errors_name_their_line() {
        let err = |t: &str| refused("f.csv", t);
        assert_eq!(err(""), "The assignments file f.csv is empty.");
        assert!(err("user,targetDepartment\n").contains("no assignment"), "{}", err("user,targetDepartment\n"));
        assert!(err("user,dept\na,b\n").starts_with("Line 1 of f.csv: the header"), "{}", err("user,dept\na,b\n"));
        assert!(err("user\na\n").contains("must name the columns user and targetDepartment"));
        let e = err("user,targetDepartment\na,b\nc,d,e\n");
        assert!(e.starts_with("Line 3 of f.csv: 3 fields, but the header has 2"), "{e}");
        let e = err("user,targetDepartment\na,b\nc,\"d\n\ne,f\n");
        assert!(e.starts_with("Line 3 of f.csv:") && e.contains("unterminated quote"), "{e}");
        let e = err("user,targetDepartment,role\na,b,SUPERADMIN\n");
        assert!(e.starts_with("Line 2 of f.csv: the role \"SUPERADMIN\""), "{e}");
        let e = err("user,targetDepartment\na,\n");
        assert!(e.starts_with("Line 2 of f.csv: user and targetDepartment"), "{e}");
    }

    #[test]
    fn every_bad_row_is_reported_in_one_run_and_the_good_ones_kept() {
        let p = parse("f.csv", "user,targetDepartment,role\na,b,BOSS\nc,d,\ne,,\ng,h,x\ni,j,ADMIN\n").unwrap();
        assert_eq!(p.rows.len(), 2, "{:?}", p.rows);
        let e = p.mistakes.into_result().unwrap_err().message;
        assert!(e.starts_with("3 assignments cannot be used; nothing was written:"), "{e}");
        for line in
            ["Line 2 of f.csv: the role \"BOSS\"", "Line 4 of f.csv: user and", "Line 5 of f.csv: the role \"x\""]
        {
            assert!(e.contains(line), "{line} in {e}");
        }
        // Bounded: the rest counted.
        let many: String = (0..30).map(|i| format!("u{i},,\n")).collect();
        let e = refused("f.csv", &format!("user,targetDepartment\n{many}"));
        assert!(e.contains("and 10 more"), "{e}");
        assert_eq!(e.lines().count(), 1 + 20 + 1, "{e}");
    }

    #[test]
    fn json_array_and_whole_request_with_lines() {
        let text = "[\n  {\"userId\": \"a@x.test\", \"targetDepartmentId\": \"West\"},\n  {\"userId\": \"b\",\n   \"targetDepartmentId\": \"East\", \"newAccessRole\": \"SALES_REP\"}\n]\n";
        assert_eq!(
            rows(text),
            vec![
                (2, "a@x.test".into(), "West".into(), None, None),
                (3, "b".into(), "East".into(), Some(Role::SalesRep), None)
            ]
        );
        let text = "{\"scanVersion\": \"v\", \"notes\": [{\"x\": 1}],\n \"assignments\": [\n {\"userId\": \"a\", \"targetDepartmentId\": \"b\", \"reassigneeUserId\": \"c\"}],\n \"deleteSourceDepartmentId\": \"S\"}";
        let p = parse("r.json", text).unwrap();
        assert_eq!(p.delete_source.as_deref(), Some("S"));
        assert_eq!(p.rows[0].origin, Origin::Line { file: "r.json".into(), line: 3 });
        assert_eq!(p.rows[0].reassignee.as_deref(), Some("c"));
    }

    #[test]
    fn json_errors_name_their_line() {
        let e = parse("f.json", "[\n{\"userId\": \"a\"},\n").unwrap_err().message;
        assert!(e.starts_with("Line 3 of f.json: the JSON is not valid"), "{e}");
        let e = refused("f.json", "[\n{\"userId\": \"a\", \"targetDepartmentId\": \"b\"},\n{\"userId\": \"a\"}\n]");
        assert!(e.starts_with("Line 3 of f.json: assignment 2 is not"), "{e}");
    }
}
