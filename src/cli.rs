//! The command-line surface (clap definitions only; no logic).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tether-transfer",
    version,
    about = "Move a Tether Relay user to another department or organization, with everything they own.",
    long_about = "Move a Tether Relay user to another department or organization, with everything they own.\n\n\
        The flow is always scan -> (review the plan file) -> execute -> status. A scan writes a plan \
        file; execute re-validates it against the live database and refuses a stale one.\n\n\
        Exit codes: 0 success, 1 unexpected failure, 2 usage or validation error, 3 blocking \
        conflicts, 4 stale plan, 5 locked by another transfer, 6 forbidden, 7 transfer failed part-way, \
        8 verify found problems, 9 diff found differences.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Shown under their own heading, after each command's own options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// A profile of the configuration file (`config list`): its connection,
    /// database, operator and defaults.
    #[arg(long, env = "TETHER_PROFILE", global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// A protected deployment's name (its record's, or a protected
    /// profile's), confirming from a script that a write is meant for it;
    /// repeat it when both guard the deployment under different names.
    #[arg(long, global = true, value_name = "NAME", action = clap::ArgAction::Append)]
    pub confirm_deployment: Vec<String>,
    /// MongoDB connection string.
    #[arg(long, env = "MONGODB_URI", global = true, hide_env_values = true)]
    pub uri: Option<String>,
    /// Database name; default: the URI's path, else "tether".
    #[arg(long = "db", env = "TETHER_DB", global = true, hide_env_values = true, value_name = "NAME")]
    pub db: Option<String>,
    /// The superadmin acting (email or ObjectId).
    #[arg(long, env = "TETHER_OPERATOR", global = true, hide_env_values = true, value_name = "USER")]
    pub operator: Option<String>,
    /// Output format.
    #[arg(long, value_enum, global = true, default_value_t = Format::Text)]
    pub format: Format,
    /// Short for --format json.
    #[arg(long, global = true)]
    pub json: bool,
    /// Answer yes to confirmations (required when stdin is not a terminal).
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// Never ask: a missing flag is an error, as without a terminal.
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Do not draw progress bars.
    #[arg(long, global = true)]
    pub no_progress: bool,
    /// Print only data and errors: no status lines, no progress bars.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is respected under auto).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// A JSON file overriding the resource registry (collection and field names).
    #[arg(long, env = "TETHER_RESOURCES", global = true, hide_env_values = true, value_name = "FILE")]
    pub resources: Option<PathBuf>,
    /// Seconds to wait for the server before giving up.
    #[arg(long, global = true, default_value_t = 10, value_name = "SECONDS")]
    pub connect_timeout: u64,
    /// On an error, also print the chain of errors it comes from.
    #[arg(long, env = "TETHER_TRANSFER_DEBUG", global = true, hide_env_values = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub debug: bool,
    /// The profile and test hooks the environment asks for, read once.
    #[arg(skip = std::sync::Arc::new(crate::hooks::Hooks::from_env()))]
    pub hooks: std::sync::Arc<crate::hooks::Hooks>,
    /// Read the connection string from stdin, secrets and all (how a
    /// detached execute gets it: never in its arguments or environment).
    #[arg(long, global = true, hide = true)]
    pub uri_stdin: bool,
    /// What the configuration file decided (`config::apply`).
    #[arg(skip)]
    pub settings: std::sync::Arc<crate::config::settings::Settings>,
    /// The protected deployments' names typed on the terminal in this run
    /// (`config::guard`), so that it asks once.
    #[arg(skip)]
    pub confirmed: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// For a ticket or a pull-request comment (`show`, `diff`, `approvals`).
    Markdown,
    /// One row per changed field (`report`).
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Roles a transfer may give (never SUPERADMIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleArg {
    Admin,
    DepartmentHead,
    SalesRep,
}

/// The flag's role as the model's (the CLI knows the model, not the other way).
impl From<RoleArg> for crate::db::entities::Role {
    fn from(r: RoleArg) -> Self {
        use crate::db::entities::Role;
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::DepartmentHead => Role::DepartmentHead,
            RoleArg::SalesRep => Role::SalesRep,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan a transfer and write a plan file for review.
    #[command(subcommand)]
    Scan(ScanCommand),
    /// Count what an organization transfer of a user would touch; changes nothing.
    Preview(PreviewArgs),
    /// Apply a reviewed plan file (or resume an interrupted transfer).
    Execute(ExecuteArgs),
    /// Show one transfer, or the most recent ones.
    Status(StatusArgs),
    /// Look up users (by part of an email or name), organizations and departments.
    Find(FindArgs),
    /// Pause a running transfer after its current batch (its locks stay held).
    Pause(ControlArgs),
    /// Let a paused transfer go on; or change its rate (--max-rate).
    Continue(ControlArgs),
    /// Check that a completed transfer left everything where it should be.
    Verify(VerifyArgs),
    /// Render a plan file for review, offline (no database needed).
    Show(ShowArgs),
    /// Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ).
    Diff(DiffArgs),
    /// Approve a plan, re-validated against the live database; or revoke your approval.
    Approve(ApproveArgs),
    /// List the approvals of a plan file or of a transfer.
    Approvals(ApprovalsArgs),
    /// Show or set the approval policy kept in the database.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The deployment's name and protection, kept in the database itself.
    #[command(subcommand)]
    Deployment(DeploymentCommand),
    /// Every document a transfer changed, each field before and after, from its undo log.
    ///
    /// One row per changed field of one document: kind, collection, _id, field, before, after,
    /// streamed in the order the transfer's batches wrote them (a million rows in flat memory;
    /// `| head` stops it quietly). --format text (the default) writes one line per field change,
    /// `kind collection _id field: before -> after`; --format csv writes RFC 4180 CSV with a
    /// header row; --format json (or --json) writes JSON Lines, one object per row.
    ///
    /// Values are canonical MongoDB Extended JSON v2 ({"$oid": ...}, {"$numberInt": "7"}, a
    /// string as a JSON string, null); a missing field is an empty cell (csv), an absent key
    /// (json) or (missing) (text). An _id is in its JSON form: an ObjectId as its 24-hex
    /// string, a string id as {"$string": ...}, any other as canonical Extended JSON. A deleted
    /// department gives one row per field it had, with no after. The users' and departments' own
    /// changes are included (kinds users, departments, deletedDepartment).
    ///
    /// Whoever may see the transfer's status may run it. A transfer run with --no-undo, a
    /// rollback (it keeps no log: report the transfer it undid) and an expired log are refused
    /// (exit 2); an unfinished transfer reports what it changed so far. The last line on stderr
    /// counts documents and field changes.
    Report(ReportArgs),
    /// The configuration file and its profiles.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Write completions/ and man/ (used to keep the committed copies current).
    #[command(hide = true, name = "generate-assets")]
    GenerateAssets(GenerateAssetsArgs),
}

#[derive(Debug, Subcommand)]
pub enum ScanCommand {
    /// A department transfer: one user (--user), or every user of a department (--from).
    Department(ScanDepartmentArgs),
    /// An organization transfer of one user.
    Org(ScanOrgArgs),
    /// Undo one completed or failed transfer, from its undo log.
    Rollback(ScanRollbackArgs),
}

#[derive(Debug, Args)]
pub struct ScanRollbackArgs {
    /// The transfer to undo (its transferId).
    #[arg(value_name = "TRANSFER_ID")]
    pub transfer_id: String,
    /// Where to write the plan file.
    #[arg(long, value_name = "PLAN")]
    pub out: PathBuf,
}

// The flags a scan needs may be left out on a terminal, which asks for
// them (`commands::ask`); elsewhere their absence is a usage error.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").args(["user", "from", "assignments"]))]
pub struct ScanDepartmentArgs {
    /// The user to move (ObjectId or email).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Bulk: move every manager and member of this department (ObjectId or name).
    #[arg(long, value_name = "DEPT", conflicts_with_all = ["role", "reassignee"])]
    pub from: Option<String>,
    /// Several users, each with their own target, role and re-assignee: CSV
    /// with the header user,targetDepartment,role,reassignee (the last two
    /// optional), or JSON (the seed's assignments array, or a whole
    /// TransferExecuteRequest); - reads standard input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["to", "role", "reassignee"])]
    pub assignments: Option<String>,
    /// The destination department (ObjectId or name).
    #[arg(long, value_name = "DEPT")]
    pub to: Option<String>,
    /// New access role; DEPARTMENT_HEAD joins as a manager.
    #[arg(long, value_enum, value_name = "ROLE")]
    pub role: Option<RoleArg>,
    /// A user of the source department who takes over what stays there.
    #[arg(long, value_name = "USER")]
    pub reassignee: Option<String>,
    /// Delete a department once the transfer leaves it empty: in a bulk move
    /// the source (no value needed); otherwise the department to delete.
    #[arg(long, value_name = "DEPT", num_args = 0..=1, default_missing_value = "")]
    pub delete_source: Option<String>,
    /// Where to write the plan file.
    #[arg(long, value_name = "PLAN")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScanOrgArgs {
    /// The user to move (ObjectId or email).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// The destination organization (ObjectId or name).
    #[arg(long, value_name = "ORG")]
    pub to_org: Option<String>,
    /// Access role in the destination organization.
    #[arg(long, value_enum, value_name = "ROLE")]
    pub role: Option<RoleArg>,
    /// A user of the source organization who inherits what stays behind.
    #[arg(long, value_name = "USER")]
    pub reassignee: Option<String>,
    /// A department of the destination organization to join.
    #[arg(long, value_name = "DEPT")]
    pub to_department: Option<String>,
    /// Swap an agent on the user's automations for one the re-assignee owns.
    #[arg(long = "agent-remap", value_name = "FROM_AGENT=TO_AGENT")]
    pub agent_remap: Vec<String>,
    /// Where to write the plan file.
    #[arg(long, value_name = "PLAN")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The user to count for (ObjectId or email).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// The destination organization (ObjectId or name).
    #[arg(long, value_name = "ORG")]
    pub to_org: Option<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["plan", "resume"]))]
pub struct ExecuteArgs {
    /// The plan file written by scan.
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// Continue an interrupted or failed transfer.
    #[arg(long, value_name = "TRANSFER_ID", conflicts_with = "dry_run")]
    pub resume: Option<String>,
    /// Validate and show what would change, without writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Start the transfer in the background: answer with its transferId
    /// (the seeds' 202) once it is under way, and log to a file.
    #[arg(long, conflicts_with_all = ["dry_run", "resume"])]
    pub detach: bool,
    /// With --detach: the log file (default: tether-transfer-<transferId>.log
    /// in the plan's folder).
    #[arg(long, value_name = "FILE", requires = "detach")]
    pub log: Option<PathBuf>,
    /// The transferId to use (how --detach starts its background run).
    #[arg(long, value_name = "TRANSFER_ID", hide = true)]
    pub transfer_id: Option<String>,
    /// Do not deactivate the moving users while their data moves.
    #[arg(long)]
    pub no_freeze: bool,
    /// Days the undo log of this transfer is kept, for `scan rollback`
    /// (1 to 3650).
    #[arg(long, value_name = "DAYS", default_value_t = crate::db::undo::DEFAULT_RETENTION_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=3650), conflicts_with = "no_undo")]
    pub undo_retention: u32,
    /// Write no undo log: the transfer cannot be rolled back.
    #[arg(long)]
    pub no_undo: bool,
    /// Milliseconds each batch's transaction aims to take: the batch size
    /// adapts to it (100 to 10000 documents), from 5 to 10000.
    #[arg(long, value_name = "MS", default_value_t = 100, value_parser = clap::value_parser!(u64).range(5..=10_000))]
    pub batch_time: u64,
    /// Documents per second at most (1 to 10000000); change it while the
    /// transfer runs with `continue <ID> --max-rate N`.
    #[arg(long, value_name = "DOCS_PER_S", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub max_rate: Option<u32>,
    /// Between batches, wait while a secondary lags more than this many
    /// seconds behind the primary (0 to 3600; 0: do not watch the lag).
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0, value_parser = seconds_between(0.0, 3600.0))]
    pub max_lag: f64,
    /// Without progress bars (standard error not a terminal, as in a CI
    /// log): print a line with the counts, the rate and the time left at
    /// least every this many seconds, while paused or waiting too (1 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub progress_interval: u64,
    /// A fixed number of documents per transaction instead (1 to 100000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000), conflicts_with = "batch_time")]
    pub batch_size: Option<u32>,
    /// Seconds a lock lasts unless renewed (a crashed holder releases it
    /// after this), from 0.5 to 3600.
    #[arg(
        long,
        value_name = "SECONDS",
        env = "TETHER_LOCK_LEASE_SECS",
        default_value_t = 60.0,
        value_parser = seconds_between(0.5, 3600.0),
        allow_negative_numbers = true
    )]
    pub lock_lease: f64,
    /// Seconds to wait for a lock another run holds before giving up (exit
    /// 5), from 0 to 3600.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 3.0,
        value_parser = seconds_between(0.0, 3600.0),
        allow_negative_numbers = true
    )]
    pub lock_wait: f64,
}

/// A number of seconds within `min..=max` (clap has no range for floats).
fn seconds_between(min: f64, max: f64) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        let n: f64 = s.trim().parse().map_err(|_| format!("\"{s}\" is not a number of seconds"))?;
        if n.is_finite() && (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(format!("must be from {min} to {max} seconds"))
        }
    }
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// A transfer id; without it, the most recent transfers.
    #[arg(value_name = "TRANSFER_ID")]
    pub transfer_id: Option<String>,
    /// Redraw until the transfer ends.
    #[arg(long, conflicts_with = "wait", requires = "transfer_id")]
    pub watch: bool,
    /// Wait until the transfer ends: exit 0 when completed, 7 when failed.
    #[arg(long, requires = "transfer_id")]
    pub wait: bool,
    /// With --watch or --wait: a failed or interrupted transfer does not end
    /// the wait; it goes on until someone resumes it and it completes (or a
    /// rollback undoes it).
    #[arg(long)]
    pub until_done: bool,
    /// Also list the kinds with nothing to move.
    #[arg(long, requires = "transfer_id")]
    pub all: bool,
    /// How many recent transfers to list (1 to 1000).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        value_parser = clap::value_parser!(i64).range(1..=1000),
        allow_negative_numbers = true
    )]
    pub limit: i64,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Part of an email or a name, in any case, taken literally.
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// Only in this organization (ObjectId or name).
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// At most this many users, organizations and departments each (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=1000))]
    pub limit: i64,
}

#[derive(Debug, Args)]
pub struct ControlArgs {
    /// The running transfer.
    #[arg(value_name = "TRANSFER_ID")]
    pub transfer_id: String,
    /// Documents per second at most from now on (1 to 10000000).
    #[arg(long, value_name = "DOCS_PER_S", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub max_rate: Option<u32>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The transfer to check.
    #[arg(value_name = "TRANSFER_ID")]
    pub transfer_id: String,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The plan file written by scan.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier plan (typically the stale one).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later plan (typically its re-scan).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The plan file to approve.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Why you approve (kept with the approval).
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Withdraw your approval of this plan instead.
    #[arg(long)]
    pub revoke: bool,
}

#[derive(Debug, Args)]
pub struct ApprovalsArgs {
    /// A plan file, or the transferId of a transfer (its recorded approvals).
    #[arg(value_name = "PLAN|TRANSFER_ID")]
    pub target: String,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the approval policy in force.
    Show,
    /// Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value.
    Set(PolicySetArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("setting").required(true).multiple(true)
    .args(["org_approvals", "department_approvals", "expire_after", "declared_may_approve", "replace_unreadable"]))]
pub struct PolicySetArgs {
    /// Approvals an organization transfer (and its rollback) needs (0 to 10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub org_approvals: Option<u32>,
    /// Approvals a department transfer (and its rollback) needs (0 to 10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub department_approvals: Option<u32>,
    /// Hours an approval stays valid (1 to 8760).
    #[arg(long, value_name = "HOURS", value_parser = clap::value_parser!(u32).range(1..=8760))]
    pub expire_after: Option<u32>,
    /// Whether an identity only declared with --operator (no database authentication) may approve.
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub declared_may_approve: Option<bool>,
    /// Replace a stored policy that cannot be read (settings not given take
    /// the defaults; the audit entry keeps the stored document as it was).
    #[arg(long)]
    pub replace_unreadable: bool,
}

#[derive(Debug, Subcommand)]
pub enum DeploymentCommand {
    /// The deployment's record: its id, name and protection, and what the server says it is.
    Show,
    /// Name this deployment and protect it: every command that writes to it
    /// then asks for NAME (an authenticated SUPERADMIN only).
    Protect(DeploymentProtectArgs),
    /// Remove the protection (the name and id stay; an authenticated SUPERADMIN only).
    Unprotect,
}

#[derive(Debug, Args)]
pub struct DeploymentProtectArgs {
    /// The name a person types (or a script passes with --confirm-deployment) before a write.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Replace a stored record that cannot be read (the audit entry keeps it as it was).
    #[arg(long)]
    pub replace_unreadable: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The transfer (its transferId).
    #[arg(value_name = "TRANSFER_ID")]
    pub transfer_id: String,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// List the profiles of the configuration file.
    List {
        /// Only the names, one per line (for scripts and shell completions).
        #[arg(long)]
        names: bool,
    },
    /// Each setting of a profile (default: the one in use) and where it comes from; never a password.
    Show {
        /// The profile.
        #[arg(value_name = "NAME")]
        name: Option<String>,
    },
    /// Where the configuration file is looked for.
    Path,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateAssetsArgs {
    /// The directory that holds completions/ and man/.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}
