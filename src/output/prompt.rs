//! Questions on the terminal: a list searched by typing (dialoguer's
//! `FuzzySelect`) or a line of text, each asked on a blocking thread.
//! Escape or Ctrl-C at a question cancels the command (exit 2, nothing
//! written); main reads Ctrl-C the same way while a question is on the
//! screen (`Printer::asking`), since the terminal library raises SIGINT
//! itself when it reads one.

use std::sync::atomic::Ordering;

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

use super::Printer;
use crate::error::{CliError, Result};

/// The error of a question left unanswered (Escape, Ctrl-C).
pub fn cancelled() -> CliError {
    CliError::usage("Cancelled at the prompt; nothing was written.")
}

impl Printer {
    /// Asks for one of `items` (at least one), searched by typing; Enter
    /// takes the highlighted one, `default` at first. Returns its index.
    pub async fn choose(&self, question: &str, items: Vec<String>, default: usize) -> Result<usize> {
        let (color, question) = (self.color, question.to_string());
        let default = default.min(items.len().saturating_sub(1));
        self.ask(move || {
            with_theme(color, |theme| {
                dialoguer::FuzzySelect::with_theme(theme)
                    .with_prompt(question)
                    .items(&items)
                    .default(default)
                    .highlight_matches(color)
                    .interact_opt()
            })
        })
        .await
    }

    /// Asks for a line of text (not empty); Enter alone takes `default`.
    pub async fn type_in(&self, question: &str, default: Option<&str>) -> Result<String> {
        let (color, question, default) = (self.color, question.to_string(), default.map(str::to_string));
        self.ask(move || {
            with_theme(color, |theme| {
                let mut input = dialoguer::Input::<String>::with_theme(theme).with_prompt(question);
                if let Some(d) = default {
                    input = input.default(d);
                }
                let input =
                    input.validate_with(|s: &String| if s.trim().is_empty() { Err("type something") } else { Ok(()) });
                input.interact_text().map(|s| Some(s.trim().to_string()))
            })
        })
        .await
    }

    /// Runs a question on a blocking thread. `asking` stays set unless it
    /// is answered: a Ctrl-C main sees meanwhile is this question's.
    async fn ask<T: Send + 'static>(
        &self,
        question: impl FnOnce() -> dialoguer::Result<Option<T>> + Send + 'static,
    ) -> Result<T> {
        self.asking.store(true, Ordering::SeqCst);
        let answer = tokio::task::spawn_blocking(move || {
            let answer = question();
            if !matches!(answer, Ok(Some(_))) {
                // The list hides the cursor while it is drawn.
                let _ = console::Term::stderr().show_cursor();
            }
            answer
        })
        .await
        .map_err(|e| CliError::unexpected(format!("The question could not be asked: {e}.")))?;
        match answer {
            Ok(Some(a)) => {
                self.asking.store(false, Ordering::SeqCst);
                Ok(a)
            }
            Ok(None) => Err(cancelled()),
            Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => Err(cancelled()),
            Err(e) => {
                Err(CliError::usage(format!("No answer could be read from the terminal ({e}); nothing was written.")))
            }
        }
    }
}

fn with_theme<T>(color: bool, f: impl FnOnce(&dyn Theme) -> T) -> T {
    if color { f(&ColorfulTheme::default()) } else { f(&SimpleTheme) }
}

/// `args` as one shell command line, each quoted where a shell would read
/// it otherwise: `tether-transfer scan org --to-org 'Acme Corp' …`.
pub fn command_line(args: &[String]) -> String {
    std::iter::once("tether-transfer".to_string()).chain(args.iter().map(|a| quote(a))).collect::<Vec<_>>().join(" ")
}

/// One word for a POSIX shell: as it is when nothing in it is special,
/// else in single quotes (a quote in it as `'\''`).
pub fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_a_shell_only_when_they_need_it() {
        assert_eq!(quote("sam.rep@acme.test"), "sam.rep@acme.test");
        assert_eq!(quote("--to-org"), "--to-org");
        assert_eq!(quote("Acme Corp"), "'Acme Corp'");
        assert_eq!(quote("O'Brien & \"Sons\""), "'O'\\''Brien & \"Sons\"'");
        assert_eq!(quote("Zürich"), "'Zürich'");
        assert_eq!(quote("$HOME"), "'$HOME'");
        assert_eq!(quote(""), "''");
        let line = command_line(&["preview".into(), "--to-org".into(), "Acme Corp".into()]);
        assert_eq!(line, "tether-transfer preview --to-org 'Acme Corp'");
    }
}
