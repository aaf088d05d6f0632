//! Why a text is not a plan: a typed error, its words the end of a sentence.

use std::fmt;

use super::FORMAT_VERSION;

/// Why a text is not a plan this tool can execute. Each reads as the end of
/// a sentence about the plan ("The plan file x.json …", "The journal of
/// transfer … holds a plan that …").
#[derive(Debug)]
pub enum Invalid {
    Empty,
    /// The JSON ends early.
    Truncated,
    NotJson(serde_json::Error),
    NoFormatVersion,
    /// A format newer than this tool's.
    Newer(u64),
    Unsupported(u64),
    /// Its checksum does not match its content.
    Modified,
    /// Valid JSON of the right version, but not the shape of a plan.
    NotAPlan(serde_json::Error),
    /// Its parts disagree with each other (the words say which).
    Inconsistent(String),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Empty => write!(f, "is empty."),
            Invalid::Truncated => write!(f, "is truncated (the JSON ends early)."),
            Invalid::NotJson(e) => write!(f, "is not valid JSON ({e})."),
            Invalid::NoFormatVersion => write!(f, "is not a tether-transfer plan (no formatVersion)."),
            Invalid::Newer(v) => write!(
                f,
                "has formatVersion {v}, newer than this tool understands ({FORMAT_VERSION}); upgrade tether-transfer."
            ),
            Invalid::Unsupported(v) => write!(f, "has an unsupported formatVersion {v}."),
            Invalid::Modified => write!(f, "was modified after the scan (its checksum does not match)."),
            Invalid::NotAPlan(e) => write!(f, "is not a valid plan ({e})."),
            Invalid::Inconsistent(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Invalid {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Invalid::NotJson(e) | Invalid::NotAPlan(e) => Some(e),
            _ => None,
        }
    }
}

impl Invalid {
    /// Its checksum does not match its content.
    pub fn is_modified(&self) -> bool {
        matches!(self, Invalid::Modified)
    }
}
