//! Named deployments: the configuration file's profiles, which setting
//! comes from where (flag, then environment, then profile, then built-in
//! default), the password a profile names (never stored in the file), and
//! the guard on protected deployments.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;
use toml::Spanned;

use crate::cli::{Cli, Command};
use crate::error::{CliError, Result};

pub mod guard;
pub mod settings;

pub use settings::{Password, Secret, Setting, Settings, Source};

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    default: Option<Spanned<String>>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileConf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ProfileConf {
    uri: Option<Spanned<String>>,
    db: Option<Spanned<String>>,
    operator: Option<Spanned<String>>,
    resources: Option<Spanned<PathBuf>>,
    connect_timeout: Option<Spanned<u64>>,
    protected: Option<bool>,
    password_env: Option<Spanned<String>>,
    password_command: Option<Spanned<String>>,
    batch_time: Option<Spanned<u64>>,
    max_rate: Option<Spanned<u64>>,
    max_lag: Option<Spanned<f64>>,
}

/// `TETHER_CONFIG`, else `$XDG_CONFIG_HOME/tether-transfer/config.toml`
/// (the platform's configuration directory).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TETHER_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "tether-transfer").map(|d| d.config_dir().join("config.toml"))
}

/// The configuration file's profiles, each with whether it is protected,
/// for shell completion: none when there is no file or it cannot be read
/// (completion never prints an error).
pub fn profile_names() -> Vec<(String, bool)> {
    match path().map(|p| load(&p)) {
        Some(Ok(Some((file, _)))) => {
            file.profiles.iter().map(|(name, p)| (name.clone(), p.protected == Some(true))).collect()
        }
        _ => Vec::new(),
    }
}

fn line_of(text: &str, span: Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

fn load(path: &Path) -> Result<Option<(File, String)>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CliError::usage(format!("Cannot read the configuration file {}: {e}.", path.display()))),
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| format!(", line {}", line_of(&text, s))).unwrap_or_default();
        let mut message = e.message().trim_end_matches('.').replace('\n', " ");
        // Name the key a duplicate is (never a value: it could be a secret).
        if message.contains("duplicate key")
            && let Some(key) =
                e.span().and_then(|s| text.get(s)).map(str::trim).filter(|k| !k.is_empty() && k.len() < 80)
            && !message.contains(key)
        {
            message.push_str(&format!(" ({key})"));
        }
        CliError::usage(format!("The configuration file {}{line}: {message}.", path.display()))
    })?;
    Ok(Some((file, text)))
}

/// A value out of its range: the file, its line and the key.
fn bad(path: &Path, text: &str, span: Range<usize>, profile: &str, key: &str, what: &str) -> CliError {
    CliError::usage(format!(
        "The configuration file {}, line {}: {key} of profile {profile} {what}.",
        path.display(),
        line_of(text, span)
    ))
}

fn check(path: &Path, text: &str, name: &str, p: &ProfileConf) -> Result<()> {
    if let Some(u) = &p.uri {
        let uri = u.get_ref();
        if !(uri.starts_with("mongodb://") || uri.starts_with("mongodb+srv://")) {
            return Err(bad(path, text, u.span(), name, "uri", "must start with mongodb:// or mongodb+srv://"));
        }
        if !crate::db::uri::secrets(uri).is_empty() {
            return Err(bad(path, text, u.span(), name, "uri", "holds a password (or another secret option), and a secret never belongs in this file")
                .with_hint("Remove it from the uri and name where it comes from instead: passwordEnv = \"VARIABLE\" (an environment variable) or passwordCommand = \"your password manager's command\"; without either, a terminal asks for it."));
        }
    }
    if let (Some(_), Some(c)) = (&p.password_env, &p.password_command) {
        return Err(bad(path, text, c.span(), name, "passwordCommand", "cannot be given with passwordEnv; keep one"));
    }
    type Ranged<'a> = (&'a str, Option<(Range<usize>, f64)>, f64, f64);
    let ranges: [Ranged; 4] = [
        ("connectTimeout", p.connect_timeout.as_ref().map(|v| (v.span(), *v.get_ref() as f64)), 1.0, 600.0),
        ("batchTime", p.batch_time.as_ref().map(|v| (v.span(), *v.get_ref() as f64)), 5.0, 10_000.0),
        ("maxRate", p.max_rate.as_ref().map(|v| (v.span(), *v.get_ref() as f64)), 1.0, 10_000_000.0),
        ("maxLag", p.max_lag.as_ref().map(|v| (v.span(), *v.get_ref())), 0.0, 3600.0),
    ];
    for (key, value, min, max) in ranges {
        if let Some((span, v)) = value
            && !(v.is_finite() && (min..=max).contains(&v))
        {
            return Err(bad(path, text, span, name, key, &format!("is {v}, not from {min} to {max}")));
        }
    }
    Ok(())
}

/// The commands that never connect, whose profile is read but whose
/// password is not asked for.
fn offline(command: &Command) -> bool {
    matches!(
        command,
        Command::Show(_) | Command::Diff(_) | Command::Config(_) | Command::Completions(_) | Command::GenerateAssets(_)
    )
}

fn source_of(m: &ArgMatches, id: &str, env: Option<&str>) -> Option<Source> {
    match m.value_source(id) {
        Some(ValueSource::CommandLine) => Some(Source::Flag),
        Some(ValueSource::EnvVariable) => Some(Source::Environment(env.unwrap_or("").to_string())),
        _ => None,
    }
}

/// The connection a profile names, for the developer tools (`tether-gen`)
/// that take the same settings as the tool: `name`, else `TETHER_PROFILE`,
/// else the file's default; its `uri` with the password put in (from
/// `passwordEnv`, `passwordCommand` or a prompt) and its `db`. None when no
/// profile is chosen.
pub fn profile_connection(name: Option<&str>) -> Result<Option<(String, Option<String>)>> {
    let file_path = path();
    let loaded = match &file_path {
        Some(p) => load(p)?,
        None => None,
    };
    let env = std::env::var("TETHER_PROFILE").ok().filter(|v| !v.is_empty());
    let default = loaded.as_ref().and_then(|(f, _)| f.default.as_ref().map(|d| d.get_ref().clone()));
    let Some(chosen) = name.map(str::to_string).or(env).or(default) else { return Ok(None) };
    let (file, text) = loaded.ok_or_else(|| {
        CliError::usage(format!(
            "There is no profile {chosen}: there is no configuration file (`tether-transfer config path`)."
        ))
    })?;
    let path = file_path.expect("a file was read");
    let Some(p) = file.profiles.get(&chosen) else {
        let list: Vec<&String> = file.profiles.keys().collect();
        return Err(CliError::usage(format!(
            "There is no profile {chosen} in {}; its profiles: {list:?}.",
            path.display()
        )));
    };
    check(&path, &text, &chosen, p)?;
    if p.protected == Some(true) {
        return Err(CliError::usage(format!(
            "Profile {chosen} is protected: the developer tools never write to a protected deployment."
        )));
    }
    let Some(uri) = p.uri.as_ref().map(|u| u.get_ref().clone()) else {
        return Err(CliError::usage(format!("Profile {chosen} names no uri.")));
    };
    let how = match (&p.password_env, &p.password_command) {
        (Some(v), _) => Some(Password::Env(v.get_ref().clone())),
        (_, Some(c)) => Some(Password::Command(c.get_ref().clone())),
        _ if crate::db::uri::user(&uri).is_some() => Some(Password::Prompt),
        _ => None,
    };
    let uri = match how {
        Some(how) => crate::db::uri::with_password(&uri, &fetch(&chosen, &how)?),
        None => uri,
    };
    Ok(Some((uri, p.db.as_ref().map(|d| d.get_ref().clone()))))
}

/// Reads the configuration file, picks the profile, and fills every
/// setting neither a flag nor the environment gave from it. `show` names
/// a profile to resolve instead of the chosen one (`config show NAME`).
pub fn apply(cli: &mut Cli, m: &ArgMatches, show: Option<&str>) -> Result<Settings> {
    let file_path = path();
    let loaded = match &file_path {
        Some(p) => load(p)?,
        None => None,
    };
    if loaded.is_none()
        && let Some(p) = file_path.as_ref().filter(|_| std::env::var_os("TETHER_CONFIG").is_some_and(|v| !v.is_empty()))
    {
        return Err(CliError::usage(format!("TETHER_CONFIG names {}, which does not exist.", p.display())));
    }
    let mut s = Settings {
        file: file_path.clone(),
        file_exists: loaded.is_some(),
        profiles: loaded.as_ref().map(|(f, _)| f.profiles.keys().cloned().collect()).unwrap_or_default(),
        default_profile: loaded.as_ref().and_then(|(f, _)| f.default.as_ref().map(|d| d.get_ref().clone())),
        ..Settings::default()
    };
    let chosen: Option<(String, Source)> = match show {
        Some(n) => Some((n.to_string(), Source::Flag)),
        None => match (&cli.global.profile, source_of(m, "profile", Some("TETHER_PROFILE"))) {
            (Some(p), Some(src)) => Some((p.clone(), src)),
            _ => s.default_profile.clone().map(|d| (d, Source::Default)),
        },
    };
    let profile = match (&chosen, &loaded) {
        (None, _) => None,
        (Some((name, _)), None) => {
            return Err(CliError::usage(format!(
                "There is no profile {name}: the configuration file {} does not exist.",
                file_path.as_deref().map(|p| p.display().to_string()).unwrap_or_else(|| "(none)".into())
            ))
            .with_hint("`tether-transfer config path` says where it is looked for."));
        }
        (Some((name, how)), Some((file, _))) => {
            let path = file_path.as_deref().expect("a file was read");
            let Some(p) = file.profiles.get(name) else {
                let list = if s.profiles.is_empty() { "none".to_string() } else { s.profiles.join(", ") };
                let by = if *how == Source::Default { " (the file's default)" } else { "" };
                let meant = crate::didyoumean::names(name, &s.profiles);
                let base = format!("There is no profile {name}{by} in {}", path.display());
                let message = if meant.is_empty() {
                    format!("{base}; its profiles: {list}.")
                } else {
                    let asked = crate::didyoumean::sentence(&base, &meant, crate::didyoumean::quoted);
                    format!("{asked} Its profiles: {list}.")
                };
                return Err(CliError::usage(message).with_candidates(meant));
            };
            Some((name.clone(), how.clone(), p))
        }
    };
    // Every profile of the file is checked, not only the one in use: a
    // mistake is found before it is needed.
    if let (Some((file, text)), Some(path)) = (&loaded, &file_path) {
        for (name, p) in &file.profiles {
            check(path, text, name, p)?;
        }
    }
    let from = profile.as_ref().map(|(n, _, _)| Source::Profile(n.clone()));
    if let Some((name, how, p)) = &profile {
        s.profile = Some(name.clone());
        s.chosen_by = Some(how.clone());
        s.protected = p.protected.unwrap_or(false);
    }
    let p = profile.as_ref().map(|(_, _, p)| *p);
    let g = &mut cli.global;
    // One row per setting: flag or environment as clap found them, else the profile's, else the default.
    macro_rules! setting {
        ($key:literal, $id:literal, $env:expr, $field:expr, $conf:ident, $conv:expr, $show:expr) => {{
            let source = match source_of(m, $id, $env) {
                Some(src) => src,
                None => match p.and_then(|p| p.$conf.as_ref()) {
                    Some(v) => {
                        $field = $conv(v.get_ref().clone());
                        from.clone().expect("a profile is in use")
                    }
                    None => Source::Default,
                },
            };
            s.settings.push(Setting { key: $key, value: $show(&$field), source });
        }};
    }
    setting!("uri", "uri", Some("MONGODB_URI"), g.uri, uri, Some, |u: &Option<String>| u
        .as_deref()
        .map(crate::db::uri::redact));
    let uri_from_profile = matches!(s.settings.last(), Some(Setting { source: Source::Profile(_), .. }));
    setting!("db", "db", Some("TETHER_DB"), g.db, db, Some, |v: &Option<String>| v.clone());
    setting!("operator", "operator", Some("TETHER_OPERATOR"), g.operator, operator, Some, |v: &Option<String>| v
        .clone());
    setting!("resources", "resources", Some("TETHER_RESOURCES"), g.resources, resources, Some, |v: &Option<
        PathBuf,
    >| v
        .as_ref()
        .map(|p| p.display().to_string()));
    setting!("connectTimeout", "connect_timeout", None, g.connect_timeout, connect_timeout, |v| v, |v: &u64| Some(
        v.to_string()
    ));
    if let Command::Execute(args) = &mut cli.command {
        let em = m.subcommand_matches("execute").expect("the execute subcommand");
        let em_source = |id: &str| source_of(em, id, None);
        for (key, id) in [("batchTime", "batch_time"), ("maxRate", "max_rate"), ("maxLag", "max_lag")] {
            let source = match em_source(id) {
                Some(src) => src,
                None => {
                    let set = match (key, p) {
                        ("batchTime", Some(p)) => p.batch_time.as_ref().map(|v| args.batch_time = *v.get_ref()),
                        ("maxRate", Some(p)) => p.max_rate.as_ref().map(|v| args.max_rate = Some(*v.get_ref() as u32)),
                        ("maxLag", Some(p)) => p.max_lag.as_ref().map(|v| args.max_lag = *v.get_ref()),
                        _ => None,
                    };
                    if set.is_some() { from.clone().expect("a profile is in use") } else { Source::Default }
                }
            };
            let value = match key {
                "batchTime" => Some(args.batch_time.to_string()),
                "maxRate" => args.max_rate.map(|r| r.to_string()),
                _ => Some(args.max_lag.to_string()),
            };
            s.settings.push(Setting { key, value, source });
        }
    } else {
        // Execute's defaults, as a profile sets them (other commands do not use them).
        let rows: [(&'static str, Option<String>, &str); 3] = [
            ("batchTime", p.and_then(|p| p.batch_time.as_ref()).map(|v| v.get_ref().to_string()), "100"),
            ("maxRate", p.and_then(|p| p.max_rate.as_ref()).map(|v| v.get_ref().to_string()), ""),
            ("maxLag", p.and_then(|p| p.max_lag.as_ref()).map(|v| v.get_ref().to_string()), "2"),
        ];
        for (key, set, default) in rows {
            let (value, source) = match set {
                Some(v) => (Some(v), from.clone().expect("a profile is in use")),
                None => ((!default.is_empty()).then(|| default.to_string()), Source::Default),
            };
            s.settings.push(Setting { key, value, source });
        }
    }
    if let Some(p) = p
        && uri_from_profile
    {
        s.password = match (&p.password_env, &p.password_command) {
            (Some(v), _) => Some(Password::Env(v.get_ref().clone())),
            (_, Some(c)) => Some(Password::Command(c.get_ref().clone())),
            _ if g.uri.as_deref().is_some_and(|u| crate::db::uri::user(u).is_some()) => Some(Password::Prompt),
            _ => None,
        };
        if s.password.is_some() && g.uri.as_deref().is_none_or(|u| crate::db::uri::user(u).is_none()) {
            return Err(CliError::usage(format!(
                "Profile {} names a password, but its uri names no user to give it to.",
                s.profile.as_deref().unwrap_or("")
            )));
        }
    }
    // Which protected profile guards this connection: the chosen one when
    // its `uri` is in use, else any protected profile with the same hosts
    // (a production URI in MONGODB_URI, or an unprotected alias, is still
    // production).
    if uri_from_profile {
        s.deployment_profile = s.profile.clone();
        if s.protected {
            s.guarded_by = s.profile.clone();
        }
    }
    if let Some((file, _)) = &loaded {
        s.protected_profiles = file
            .profiles
            .iter()
            .filter(|(_, p)| p.protected == Some(true))
            .filter_map(|(name, p)| Some((name.clone(), p.uri.as_ref()?.get_ref().clone())))
            .collect();
    }
    s.writes = guard::writes(&cli.command);
    s.binds_deployment = matches!(
        cli.command,
        Command::Scan(_) | Command::Execute(_) | Command::Approve(_) | Command::Approvals(_) | Command::Deployment(_)
    );
    if s.guarded_by.is_none()
        && s.writes.is_some()
        && let Some(uri) = g.uri.as_deref()
    {
        s.guarded_by = guard::protected_profile(uri, &s.protected_profiles);
    }
    // A protected profile's guard comes first: before a password is asked
    // for, a connection made, or anything written (the deployment's own
    // record is read right after connecting: `guard::after_connect`).
    g.settings = std::sync::Arc::new(s.clone());
    if let (Some(what), Some(name)) = (s.writes, &s.guarded_by) {
        guard::confirm(&guard::Confirmations::of(&cli.global), &guard::Guard::Profile(name.clone()), what)?;
    }
    let g = &mut cli.global;
    if g.uri_stdin {
        // A detached run: the connection string, secrets and all, from its parent.
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| CliError::usage(format!("Cannot read the connection string from stdin: {e}.")))?;
        g.uri = Some(line.trim_end_matches(['\n', '\r']).to_string());
    } else if !offline(&cli.command)
        && let Some(how) = &s.password
    {
        let password = fetch(s.profile.as_deref().unwrap_or(""), how)?;
        g.uri = g.uri.as_deref().map(|u| crate::db::uri::with_password(u, &password));
    }
    g.settings = std::sync::Arc::new(s.clone());
    Ok(s)
}

/// The password, from where the profile says: an environment variable, a
/// command (its stderr shown, its stdout taken and never shown), or a prompt.
fn fetch(profile: &str, how: &Password) -> Result<String> {
    match how {
        Password::Env(var) => std::env::var(var).ok().filter(|v| !v.is_empty()).ok_or_else(|| {
            CliError::usage(format!("The environment variable {var} (passwordEnv of profile {profile}) is not set."))
        }),
        Password::Command(cmd) => {
            let out = std::process::Command::new("sh")
                .args(["-c", cmd])
                .stdin(std::process::Stdio::inherit())
                .stderr(std::process::Stdio::inherit())
                .output()
                .map_err(|e| CliError::usage(format!("The passwordCommand of profile {profile} cannot start: {e}.")))?;
            if !out.status.success() {
                return Err(CliError::usage(format!(
                    "The passwordCommand of profile {profile} failed ({}); what it printed on stderr is above.",
                    out.status
                )));
            }
            let text = String::from_utf8(out.stdout).map_err(|_| {
                CliError::usage(format!(
                    "The passwordCommand of profile {profile} printed a password that is not UTF-8."
                ))
            })?;
            let password = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            if password.is_empty() {
                return Err(CliError::usage(format!("The passwordCommand of profile {profile} printed no password.")));
            }
            Ok(password.to_string())
        }
        Password::Prompt => {
            if !std::io::stdin().is_terminal() {
                return Err(CliError::usage(format!(
                    "Profile {profile} needs a password and stdin is not a terminal to ask for it: set passwordEnv or passwordCommand in the profile."
                )));
            }
            dialoguer::Password::new()
                .with_prompt(format!("Password for profile {profile}"))
                .interact()
                .map_err(|e| CliError::usage(format!("No password was given: {e}.")))
        }
    }
}
