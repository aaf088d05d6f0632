//! A transfer as a person typed it, before it is resolved against the
//! database: the flags of `scan org`, the assignments of a department
//! transfer (from flags, a file's lines or a plan's request) and where each
//! came from, the mistakes gathered across them, and who may act.

use mongodb::bson::oid::ObjectId;

use crate::db::entities::Role;
use crate::error::{CliError, ErrorKind, Result};

/// What `scan org` (or a plan's request) asks for, as typed.
pub struct OrgInput<'a> {
    pub user: &'a str,
    pub to_org: &'a str,
    pub role: Role,
    pub reassignee: &'a str,
    pub to_department: Option<&'a str>,
    pub remaps: Vec<(String, String)>,
}

/// Where an assignment came from, so that a message can point at it.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// `scan department --user … --to …`.
    Flags,
    /// A row of an assignments file (`line` counts from 1, the header included).
    Line { file: String, line: usize },
    /// The n-th assignment (from 1) of a plan's request.
    Plan { index: usize },
}

impl Origin {
    /// How the field a flag stands for is named in messages.
    pub fn field(&self, flag: &str) -> String {
        let (column, key) = match flag {
            "--user" => ("user", "userId"),
            "--to" => ("targetDepartment", "targetDepartmentId"),
            "--reassignee" => ("reassignee", "reassigneeUserId"),
            "--role" => ("role", "newAccessRole"),
            other => (other, other),
        };
        match self {
            Origin::Flags => flag.to_string(),
            Origin::Line { .. } => format!("column {column}"),
            Origin::Plan { .. } => key.to_string(),
        }
    }

    /// `line 3`, `assignment 2`, or the flags.
    pub fn place(&self) -> String {
        match self {
            Origin::Flags => "the command line".into(),
            Origin::Line { line, .. } => format!("line {line}"),
            Origin::Plan { index } => format!("assignment {index}"),
        }
    }

    /// The line of the file it comes from (0 for flags, the entry's number
    /// in a plan's request): the order its mistakes are listed in.
    pub fn line(&self) -> usize {
        match self {
            Origin::Flags => 0,
            Origin::Line { line, .. } => *line,
            Origin::Plan { index } => *index,
        }
    }

    /// Puts the place in front of a message about it.
    pub fn locate(&self, e: CliError) -> CliError {
        let at = match self {
            Origin::Flags => return e,
            Origin::Line { file, line } => format!("Line {line} of {file}"),
            Origin::Plan { index } => format!("Assignment {index} of the plan's request"),
        };
        CliError { message: format!("{at}: {}", e.message), ..e }
    }
}

/// The mistakes of several assignments, each naming its place, gathered so
/// that one run reports them all (a file with two bad rows takes one run to
/// correct, not two); at most `MISTAKES_SHOWN` are listed, the rest counted.
#[derive(Debug, Default)]
pub struct Mistakes(Vec<(usize, CliError)>);

/// How many mistakes an error lists.
pub const MISTAKES_SHOWN: usize = 20;

impl Mistakes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps `e`, a mistake of the row at `line` (listed in line order),
    /// when it is a mistake of the input (usage or not found); any other
    /// error (the database's, a refusal) is returned at once.
    pub fn keep(&mut self, line: usize, e: CliError) -> Result<()> {
        if !matches!(e.kind, ErrorKind::Usage | ErrorKind::NotFound) {
            return Err(e);
        }
        self.0.push((line, e));
        Ok(())
    }

    /// None, one mistake as it is, or all of them in one error: a sentence
    /// counting them, then one line each (`not_found` when all are).
    pub fn into_result(self) -> Result<()> {
        let mut all: Vec<CliError> = {
            let mut v = self.0;
            v.sort_by_key(|(line, _)| *line);
            v.into_iter().map(|(_, e)| e).collect()
        };
        match all.len() {
            0 => Ok(()),
            1 => Err(all.remove(0)),
            n => {
                let kind = if all.iter().all(|e| e.kind == ErrorKind::NotFound) {
                    ErrorKind::NotFound
                } else {
                    ErrorKind::Usage
                };
                let mut text = format!("{n} assignments cannot be used; nothing was written:");
                for e in all.iter().take(MISTAKES_SHOWN) {
                    text.push_str(&format!("\n  - {}", e.message));
                }
                if n > MISTAKES_SHOWN {
                    text.push_str(&format!("\n  - and {} more", n - MISTAKES_SHOWN));
                }
                Err(CliError::new(kind, text).with_hint("Correct them all, then scan again."))
            }
        }
    }
}

/// One user's assignment as typed: user, target department, role, re-assignee.
#[derive(Debug, Clone)]
pub struct AssignmentInput {
    pub origin: Origin,
    pub user: String,
    pub target: String,
    pub role: Option<Role>,
    pub reassignee: Option<String>,
}

/// Whether the operator may act in an organization: asked as soon as the
/// organization is known, before anything else of it is read or named.
pub type MayAct = Box<dyn Fn(ObjectId) -> Result<()> + Send + Sync>;

/// Anyone may act (execute authorized the operator before resolving).
pub fn anyone() -> MayAct {
    Box::new(|_| Ok(()))
}

/// A department transfer as typed: any number of assignments.
pub struct DepartmentInput {
    pub assignments: Vec<AssignmentInput>,
    /// The mistakes found reading the assignments (rows left out of
    /// `assignments`), reported with those the database finds.
    pub mistakes: Mistakes,
    /// The department to delete once the assignments leave it empty.
    pub delete_source: Option<String>,
    pub may_act: MayAct,
}

pub struct BulkInput<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub delete_source: bool,
    pub may_act: MayAct,
}

/// Splits `FROM=TO` of `--agent-remap`.
pub fn parse_remap(s: &str) -> Result<(String, String)> {
    match s.split_once('=') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok((a.trim().into(), b.trim().into())),
        _ => Err(CliError::usage(format!(
            "--agent-remap \"{s}\" is not of the form FROM_AGENT=TO_AGENT (two agent ObjectIds)."
        ))),
    }
}

pub(super) fn agent_id(s: &str) -> Result<ObjectId> {
    ObjectId::parse_str(s).map_err(|_| {
        CliError::usage(format!("--agent-remap: \"{s}\" is not an agent ObjectId (24 hexadecimal digits)."))
    })
}
