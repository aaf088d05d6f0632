//! What the configuration decided for one run, and where each setting came
//! from: the values `config show` prints and the rest of the program reads
//! (`GlobalArgs::settings`). Plain data: it imports nothing of the CLI.

use std::path::PathBuf;

use serde::Serialize;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    Flag,
    Environment(String),
    Profile(String),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Environment(v) => write!(f, "environment ({v})"),
            Source::Profile(p) => write!(f, "profile {p}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// One setting as resolved, for `config show`.
#[derive(Debug, Clone, Serialize)]
pub struct Setting {
    pub key: &'static str,
    /// None when unset; a connection string is shown without its password.
    pub value: Option<String>,
    pub source: Source,
}

/// How a profile's password is found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "from", content = "name")]
pub enum Password {
    Env(String),
    Command(String),
    Prompt,
}

/// What the configuration decided for this run.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The configuration file (whether or not it exists).
    pub file: Option<PathBuf>,
    pub file_exists: bool,
    /// The profile in use, and how it was chosen.
    pub profile: Option<String>,
    pub chosen_by: Option<Source>,
    pub protected: bool,
    /// The profile recorded with the deployment: the chosen one, when its
    /// `uri` is the connection in use.
    pub deployment_profile: Option<String>,
    /// The protected profile whose deployment this run connects to (the
    /// chosen one, or any protected profile sharing a host), if any, as
    /// judged before connecting.
    pub guarded_by: Option<String>,
    /// Whether this command binds plans or approvals to the deployment, or
    /// compares them with it (it asks the server which cluster it is).
    #[serde(skip)]
    pub binds_deployment: bool,
    /// What this command would write that a protected deployment guards
    /// (None: it writes nothing).
    #[serde(skip)]
    pub writes: Option<Write>,
    /// The file's protected profiles and their `uri`s, compared again with
    /// what the server says it is once connected.
    #[serde(skip)]
    pub protected_profiles: Vec<(String, String)>,
    pub settings: Vec<Setting>,
    /// The profile's password source, used when its `uri` is the one in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
    /// Every profile of the file, for `config list`.
    pub profiles: Vec<String>,
    #[serde(skip)]
    pub default_profile: Option<String>,
}

/// A write a protected deployment guards (`config::guard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Execute,
    Resume,
    Approve,
    Revoke,
    SetPolicy,
    Continue,
    /// `pause --max-rate`: pausing alone only stops writes, and is never asked.
    ChangeRate,
    Protect,
    /// `deployment protect --replace-unreadable`: the one write an
    /// unreadable record (a field of another type) does not stop.
    ReplaceRecord,
    Unprotect,
}

impl Write {
    /// What the question says: "Type its name to …".
    pub fn words(self) -> &'static str {
        match self {
            Write::Execute => "execute this plan",
            Write::Resume => "resume this transfer",
            Write::Approve => "approve this plan",
            Write::Revoke => "revoke this approval",
            Write::SetPolicy => "set the approval policy",
            Write::Continue => "let this transfer go on",
            Write::ChangeRate => "change this transfer's rate",
            Write::Protect => "change this deployment's record",
            Write::ReplaceRecord => "replace this deployment's unreadable record",
            Write::Unprotect => "unprotect this deployment",
        }
    }
}

/// A password, which prints as `****`.
#[derive(Clone, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("****")
    }
}
