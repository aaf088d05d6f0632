//! Error kinds and the one place that maps them to exit codes (transfers.md).

use std::fmt;

/// What went wrong, sorted by what the caller should do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Database unreachable, a bug, anything unforeseen.
    Unexpected,
    /// Bad flag, malformed id, invalid or tampered plan.
    Usage,
    /// An unknown user, organization, department or transfer (exit 2, like usage).
    NotFound,
    /// The scan found blocking conflicts.
    Blocked,
    /// The plan no longer matches the live database, or was already applied.
    Stale,
    /// Another transfer holds a lock on a subject of this one.
    Locked,
    /// The operator may not do this.
    Forbidden,
    /// The transfer failed part-way and can be resumed.
    Failed,
    /// `verify` found data that is not where the transfer put it.
    Unreconciled,
    /// `diff` found the two plans different (an answer, not a failure).
    Differs,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Unexpected => 1,
            ErrorKind::Usage | ErrorKind::NotFound => 2,
            ErrorKind::Blocked => 3,
            ErrorKind::Stale => 4,
            ErrorKind::Locked => 5,
            ErrorKind::Forbidden => 6,
            ErrorKind::Failed => 7,
            ErrorKind::Unreconciled => 8,
            ErrorKind::Differs => 9,
        }
    }

    /// An answer a script tests by the exit code (diff's "they differ"),
    /// not a failure: said in a plain sentence, with no error document.
    pub fn is_answer(self) -> bool {
        self == ErrorKind::Differs
    }

    /// A stable machine-readable name, used in JSON output.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Unexpected => "unexpected",
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Blocked => "blocked",
            ErrorKind::Stale => "stale",
            ErrorKind::Locked => "locked",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Failed => "failed",
            ErrorKind::Unreconciled => "unreconciled",
            ErrorKind::Differs => "differs",
        }
    }
}

/// An error for the user: one sentence, an optional hint, its kind (which
/// alone decides the exit code), and the chain of errors it comes from
/// (`--debug` prints it; nothing decides on it).
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    pub source: Option<anyhow::Error>,
    /// What the person may have meant (did-you-mean), best first, each a
    /// value the flag takes; the sentence names them too.
    pub candidates: Vec<String>,
}

impl CliError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CliError { kind, message: message.into(), hint: None, source: None, candidates: Vec::new() }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, message)
    }
    pub fn unexpected(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unexpected, message)
    }
    pub fn stale(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Stale, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_candidates(mut self, candidates: Vec<String>) -> Self {
        self.candidates = candidates;
        self
    }
    pub fn with_source(mut self, source: impl Into<anyhow::Error>) -> Self {
        self.source = Some(source.into());
        self
    }
    /// The causes, outermost first, each in its own words (the message
    /// itself apart): what `--debug` prints under the sentence.
    pub fn causes(&self) -> Vec<String> {
        self.source.iter().flat_map(|s| s.chain()).map(|e| e.to_string()).collect()
    }
}

/// Turns any error into a `CliError` of a kind, its sentence made from the
/// error, the error kept as the cause.
pub trait Because<T, E> {
    fn because(self, kind: ErrorKind, sentence: impl FnOnce(&E) -> String) -> Result<T>;
    fn or_usage(self, sentence: impl FnOnce(&E) -> String) -> Result<T>
    where
        Self: Sized,
    {
        self.because(ErrorKind::Usage, sentence)
    }
    fn or_unexpected(self, sentence: impl FnOnce(&E) -> String) -> Result<T>
    where
        Self: Sized,
    {
        self.because(ErrorKind::Unexpected, sentence)
    }
}

impl<T, E: Into<anyhow::Error>> Because<T, E> for std::result::Result<T, E> {
    fn because(self, kind: ErrorKind, sentence: impl FnOnce(&E) -> String) -> Result<T> {
        self.map_err(|e| CliError::new(kind, sentence(&e)).with_source(e))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e.as_ref() as &(dyn std::error::Error + 'static))
    }
}

impl From<mongodb::error::Error> for CliError {
    fn from(e: mongodb::error::Error) -> Self {
        db_error(&e).with_source(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::unexpected(format!("I/O error: {e}.")).with_source(e)
    }
}

/// Turns a driver error into one sentence. Authentication and reachability
/// get their own wording because they are what an operator can fix.
pub fn db_error(e: &mongodb::error::Error) -> CliError {
    use mongodb::error::ErrorKind as K;
    match e.kind.as_ref() {
        K::Authentication { .. } => CliError::unexpected(
            "The database refused the credentials in the connection string (authentication failed).",
        )
        .with_hint("Check the user name, password and authSource in --uri / MONGODB_URI."),
        K::ServerSelection { .. } => {
            CliError::unexpected("Cannot reach the MongoDB server: no server answered within the connect timeout.")
                .with_hint("Check --uri / MONGODB_URI, that the server is running, and --connect-timeout.")
        }
        K::Command(c) if c.code == 13 => CliError::unexpected(format!(
            "The database user is not authorized for this ({}).",
            unauthorized_summary(&c.message)
        ))
        .with_hint("Grant the role described in docs/operations.md, \"Least privilege\"."),
        K::Command(c) => CliError::unexpected(format!(
            "the server answered error {} ({}): {}",
            c.code,
            c.code_name,
            sentence(&c.message)
        )),
        K::Write(mongodb::error::WriteFailure::WriteError(w)) => CliError::unexpected(format!(
            "the server refused the write, error {}{}: {}",
            w.code,
            w.code_name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default(),
            sentence(&w.message)
        )),
        K::Write(mongodb::error::WriteFailure::WriteConcernError(w)) => CliError::unexpected(format!(
            "the server could not confirm the write (write concern error {} ({})): {}",
            w.code,
            w.code_name,
            sentence(&w.message)
        )),
        K::Io(io) => CliError::unexpected(format!("the connection to the server was lost ({io}).")),
        K::ConnectionPoolCleared { message, .. }
        | K::Transaction { message, .. }
        | K::InvalidResponse { message, .. }
        | K::Internal { message, .. } => CliError::unexpected(format!("Database error: {}", sentence(message))),
        // Whatever else: the kind's own words, never the raw server reply.
        other => CliError::unexpected(format!("Database error: {}", sentence(&other.to_string()))),
    }
}

/// The first line of a driver message, without its debugging tail (labels,
/// source, raw server response), ending with a full stop.
fn sentence(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let cut = [", labels:", ", source:", ", server response:", "RawDocumentBuf"]
        .iter()
        .filter_map(|m| line.find(m))
        .min()
        .unwrap_or(line.len());
    first_line(line[..cut].trim_end_matches([',', ' ']))
}

/// "not authorized on db to execute command { \"insert\": \"x\", … }" → "insert on db.x".
fn unauthorized_summary(message: &str) -> String {
    let db = message.split("not authorized on ").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or("?");
    let mut quoted = message.split('"').skip(1).step_by(2);
    match (quoted.next(), quoted.next()) {
        (Some(command), Some(coll)) => format!("{command} on {db}.{coll}"),
        (Some(command), None) => format!("{command} on {db}"),
        _ => first_line(message).trim_end_matches('.').to_string(),
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.ends_with('.') { line.to_string() } else { format!("{line}.") }
}

/// `s` with its first letter in capitals: a clause made into a sentence.
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;
