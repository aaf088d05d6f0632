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

    /// Asks for a line of text; Enter alone takes `default`.
    pub async fn type_in(&self, question: &str, default: &str) -> Result<String> {
        let (color, question, default) = (self.color, question.to_string(), default.to_string());
        self.ask(move || {
            with_theme(color, |theme| {
                dialoguer::Input::<String>::with_theme(theme)
                    .with_prompt(question)
                    .default(default)
                    .interact_text()
                    .map(Some)
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
