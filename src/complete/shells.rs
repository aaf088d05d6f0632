//! The shells' side of the `COMPLETE` protocol: clap_complete's bash, zsh
//! and fish adapters, with three changes. Hidden commands and flags are
//! never offered (clap offers one when nothing visible matches, e.g.
//! `generate-a`); the word being completed is read unquoted (`"Acme C` is
//! `Acme C`); bash gets values quoted for its command line (`Acme\ Corp`:
//! bash inserts a value as it is, where zsh and fish quote it themselves);
//! and zsh's script also works as an
//! autoloaded `_tether-transfer` in `$fpath`, where it completes on the first Tab.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{EnvCompleter, Shells};

/// The shells the binary completes for itself.
pub const SHELLS: Shells<'static> = Shells(&[&Bash, &Zsh, &Fish]);

/// What clap_complete offers for the word at `index` (unquoted first: the
/// shells pass it as typed), less the hidden commands and flags (a hidden
/// file, which clap also marks hidden, stays: it was typed for).
fn candidates(
    cmd: &mut clap::Command,
    mut args: Vec<OsString>,
    index: usize,
    current_dir: Option<&Path>,
) -> Vec<CompletionCandidate> {
    if let Some(word) = args.get_mut(index) {
        *word = unquote(&word.to_string_lossy()).into();
    }
    let mut all = clap_complete::engine::complete(cmd, args, index, current_dir).unwrap_or_default();
    all.retain(|c| {
        let named = c.get_id().is_some_and(|id| id.starts_with("arg::") || id.starts_with("command::"));
        !(named && c.is_hide_set())
    });
    all
}

fn env_index() -> Option<usize> {
    std::env::var("_CLAP_COMPLETE_INDEX").ok().and_then(|i| i.parse().ok())
}

fn env_ifs() -> String {
    std::env::var("_CLAP_IFS").unwrap_or_else(|_| "\n".into())
}

/// A value as bash must insert it: every character the shell would read
/// specially behind a backslash; after an opening `"`, only those special
/// there; after an opening `'`, as it is.
pub fn bash_quote(value: &str, quote: Option<char>) -> String {
    let special = |c: char| match quote {
        Some('\'') => false,
        Some('"') => "\"\\$`".contains(c),
        _ => c.is_ascii() && !c.is_ascii_alphanumeric() && !"@%+=:,./_-".contains(c),
    };
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The word as the person means it (bash, zsh and fish quote alike here): `"Acme C`, `'Acme C` and `Acme\ C` are `Acme C`.
pub fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '\\') | (Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Bash: the words come whole (`COMP_WORDS`) with the index of the one completed.
#[derive(Clone, Copy, Debug)]
pub struct Bash;

impl EnvCompleter for Bash {
    fn name(&self) -> &'static str {
        "bash"
    }
    fn is(&self, name: &str) -> bool {
        name == "bash"
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut script = Vec::new();
        clap_complete::env::Bash.write_registration(var, name, bin, completer, &mut script)?;
        // Bash passes the word without its opening quote, and closes the
        // quote itself: the values must then be quoted the quote's way.
        let script = String::from_utf8_lossy(&script).replacen(
            "        _CLAP_IFS=\"$IFS\" \\\n",
            "        _CLAP_IFS=\"$IFS\" \\\n        _TETHER_COMPLETE_QUOTE=\"${COMP_WORDS[COMP_CWORD]:0:1}\" \\\n",
            1,
        );
        write!(buf, "{script}")
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let index = env_index().unwrap_or_default();
        let quote = std::env::var("_TETHER_COMPLETE_QUOTE").ok().and_then(|q| q.chars().next());
        let values: Vec<String> = candidates(cmd, args, index, current_dir)
            .iter()
            .map(|c| bash_quote(&c.get_value().to_string_lossy(), quote))
            .collect();
        write!(buf, "{}", values.join(&env_ifs()))
    }
}

/// Zsh: `value:description` lines, `:` and `\` escaped (`_describe` quotes the value).
#[derive(Clone, Copy, Debug)]
pub struct Zsh;

impl EnvCompleter for Zsh {
    fn name(&self) -> &'static str {
        "zsh"
    }
    fn is(&self, name: &str) -> bool {
        name == "zsh"
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut script = Vec::new();
        clap_complete::env::Zsh.write_registration(var, name, bin, completer, &mut script)?;
        let script = String::from_utf8_lossy(&script);
        let function = format!("_clap_dynamic_completer_{}", name.replace('-', "_"));
        let last = format!("compdef {function} {bin}");
        // Autoloaded from $fpath as `_tether-transfer`, the file is the body of the
        // function zsh calls on Tab: then it completes at once, as well as registering.
        let both = format!(
            "if [ \"$funcstack[1]\" = \"_{bin}\" ]; then\n    {function} \"$@\"\nelse\n    compdef {function} {bin}\nfi"
        );
        write!(buf, "{}", script.replace(&last, &both))
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        mut args: Vec<OsString>,
        current_dir: Option<&Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let index = env_index().unwrap_or_default();
        if args.len() == index {
            args.push("".into());
        }
        let escape = |s: &str| s.replace('\\', "\\\\");
        let lines: Vec<String> = candidates(cmd, args, index, current_dir)
            .iter()
            .map(|c| {
                let value = escape(&c.get_value().to_string_lossy()).replace(':', "\\:");
                match c.get_help() {
                    Some(help) => format!("{value}:{}", escape(help.to_string().lines().next().unwrap_or_default())),
                    None => value,
                }
            })
            .collect();
        write!(buf, "{}", lines.join(&env_ifs()))
    }
}

/// Fish: the words up to the cursor, the last one completed; `value\tdescription` lines.
#[derive(Clone, Copy, Debug)]
pub struct Fish;

impl EnvCompleter for Fish {
    fn name(&self) -> &'static str {
        "fish"
    }
    fn is(&self, name: &str) -> bool {
        name == "fish"
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        clap_complete::env::Fish.write_registration(var, name, bin, completer, buf)
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let index = args.len().saturating_sub(1);
        for c in candidates(cmd, args, index, current_dir) {
            write!(buf, "{}", c.get_value().to_string_lossy())?;
            if let Some(help) = c.get_help() {
                write!(buf, "\t{}", help.to_string().lines().next().unwrap_or_default())?;
            }
            writeln!(buf)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_values_are_quoted_and_words_unquoted() {
        assert_eq!(bash_quote("Acme Corp", None), "Acme\\ Corp");
        assert_eq!(bash_quote("Acme Corp", Some('"')), "Acme Corp");
        assert_eq!(bash_quote("Acme Corp", Some('\'')), "Acme Corp");
        assert_eq!(bash_quote("say \"$x\"", Some('"')), "say \\\"\\$x\\\"");
        assert_eq!(bash_quote("sam.rep@acme.test", None), "sam.rep@acme.test");
        assert_eq!(bash_quote("R&D (old)", None), "R\\&D\\ \\(old\\)");
        assert_eq!(bash_quote("Équipe", None), "Équipe");
        for typed in ["\"Acme C", "'Acme C", "Acme\\ C", "\"Acme C\"", "'Acme C'"] {
            assert_eq!(unquote(typed), "Acme C", "{typed}");
        }
        assert_eq!(unquote(&bash_quote("R&D (old) \"x\"", None)), "R&D (old) \"x\"");
    }
}
