//! Everything the user sees: data on stdout, status and errors on stderr.
//! One `Printer` decides about colour, quietness and progress bars.

pub mod blocks;
pub mod progress;
pub mod prompt;
pub mod report;
pub mod usage;

pub use blocks::Block;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{Cell as TableCell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::cli::{ColorChoice, Format, GlobalArgs};
use crate::error::CliError;

pub struct Printer {
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
    /// Whether progress bars may be drawn (stderr is a terminal, not quiet, not JSON).
    pub progress: bool,
    /// `--debug`: errors show their causes.
    pub debug: bool,
    /// Whether a missing choice may be asked for (`prompt`): standard
    /// input and standard error are terminals, not JSON, not `--no-input`.
    pub interactive: bool,
    /// A question is on the screen (`prompt`): Ctrl-C there cancels the
    /// command as a usage error (exit 2), not as an interruption.
    asking: AtomicBool,
    secrets: std::sync::Arc<[String]>,
    stdout_used: AtomicBool,
    /// What a closed stdout does: by default the program ends quietly
    /// (`| head`); a command with work to wind down says what to do instead.
    on_broken_pipe: std::sync::Mutex<Option<Box<dyn Fn() + Send>>>,
    broken: AtomicBool,
}

impl Printer {
    pub fn new(g: &GlobalArgs, secrets: Vec<String>) -> Self {
        let json = g.json || g.format == Format::Json;
        let stderr_tty = std::io::stderr().is_terminal();
        // --color wins over NO_COLOR, which wins over terminal detection.
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stderr_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        Printer {
            json,
            quiet: g.quiet,
            color,
            progress: stderr_tty && !g.quiet && !json && !g.no_progress,
            debug: g.debug,
            interactive: std::io::stdin().is_terminal() && stderr_tty && !json && !g.no_input,
            asking: AtomicBool::new(false),
            secrets: secrets.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().into(),
            stdout_used: AtomicBool::new(false),
            on_broken_pipe: std::sync::Mutex::new(None),
            broken: AtomicBool::new(false),
        }
    }

    /// Instead of ending the program when stdout's reader goes away, calls
    /// `f` (once) and drops whatever is printed after.
    pub fn on_broken_pipe(&self, f: impl Fn() + Send + 'static) {
        *self.on_broken_pipe.lock().unwrap() = Some(Box::new(f));
    }

    /// Replaces every secret (and its URL-decoded form) by `****`.
    pub fn scrub(&self, text: &str) -> String {
        scrub(&self.secrets, text)
    }

    /// Status lines for another thread (execute's progress lines in a CI
    /// log), scrubbed and quiet as this printer's.
    pub fn status_sink(&self) -> StatusSink {
        StatusSink { quiet: self.quiet, secrets: self.secrets.clone() }
    }

    /// Data for stdout. A closed pipe (`| head`) ends the program quietly,
    /// unless `on_broken_pipe` said otherwise.
    pub fn data(&self, text: &str) {
        if self.broken.load(Ordering::SeqCst) {
            return;
        }
        self.stdout_used.store(true, Ordering::SeqCst);
        let mut out = std::io::stdout().lock();
        let text = self.scrub(text);
        let r = out
            .write_all(text.as_bytes())
            .and_then(|_| if text.ends_with('\n') { Ok(()) } else { out.write_all(b"\n") });
        if let Err(e) = r.and_then(|_| out.flush())
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.broken.store(true, Ordering::SeqCst);
            match self.on_broken_pipe.lock().unwrap().as_ref() {
                Some(f) => f(),
                None => std::process::exit(0),
            }
        }
    }

    /// One JSON document on stdout.
    pub fn json<T: Serialize>(&self, value: &T) {
        self.data(&serde_json::to_string_pretty(value).expect("output serializes"));
    }

    /// One JSON line on stdout (execute's events).
    pub fn json_line<T: Serialize>(&self, value: &T) {
        self.data(&serde_json::to_string(value).expect("output serializes"));
    }

    /// A status line on stderr; gone under --quiet.
    pub fn status(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", self.scrub(text));
        }
    }

    pub fn warn(&self, text: &str) {
        if !self.quiet {
            eprintln!("{} {}", self.paint("warning:", "33"), self.scrub(text));
        }
    }

    /// The error sentence and hint on stderr; with --format json, also a JSON
    /// document on stdout unless one was printed already. An answer (a diff
    /// that found differences) is its sentence alone, without `error:`.
    pub fn error(&self, e: &CliError) {
        if e.kind.is_answer() {
            // The answer itself is on stdout already; this is its sentence.
            if !self.quiet {
                eprintln!("{}", self.scrub(&e.message));
            }
            return;
        }
        eprintln!("{} {}", self.paint("error:", "31;1"), self.scrub(&e.message));
        if let Some(h) = &e.hint {
            eprintln!("  {} {}", self.paint("hint:", "36"), self.scrub(h));
        }
        let causes: Vec<String> =
            if self.debug { e.causes().iter().map(|c| self.scrub(c)).collect() } else { Vec::new() };
        for cause in &causes {
            eprintln!("  {} {cause}", self.paint("caused by:", "2"));
        }
        if self.json && !self.stdout_used.load(Ordering::SeqCst) {
            let mut doc = serde_json::json!({
                "error": self.scrub(&e.message),
                "hint": e.hint.as_deref().map(|h| self.scrub(h)),
                "code": e.kind.code(),
                "exitCode": e.kind.exit_code(),
            });
            if !e.candidates.is_empty() {
                doc["candidates"] = serde_json::json!(e.candidates.iter().map(|c| self.scrub(c)).collect::<Vec<_>>());
            }
            if self.debug {
                doc["causes"] = serde_json::json!(causes);
            }
            self.json(&doc);
        }
    }

    /// Whether a question is on the screen: main then takes Ctrl-C for a
    /// cancelled answer (`prompt::cancelled`).
    pub fn asking(&self) -> bool {
        self.asking.load(Ordering::SeqCst)
    }

    pub fn paint(&self, text: &str, ansi: &str) -> String {
        if self.color { format!("\x1b[{ansi}m{text}\x1b[0m") } else { text.to_string() }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(text, "1")
    }

    /// A table in the house style.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.iter().map(TableCell::new));
        if !std::io::stdout().is_terminal() {
            // Keep lines whole for files and pipes.
            t.set_content_arrangement(ContentArrangement::Disabled);
        } else if t.width().is_none_or(|w| w < MIN_COLUMNS) {
            // Some CI pseudo-terminals report zero columns: fitting the
            // table into that would print a character per line.
            t.set_width(FALLBACK_COLUMNS);
        }
        t
    }
}

/// What `Printer::status` does, owned: for a thread that outlives a borrow of the printer.
#[derive(Clone)]
pub struct StatusSink {
    quiet: bool,
    secrets: std::sync::Arc<[String]>,
}

impl StatusSink {
    /// A status line on stderr; gone under --quiet.
    pub fn status(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", scrub(&self.secrets, text));
        }
    }
}

/// `text` with every secret (and its URL-decoded form) replaced by `****`.
pub fn scrub(secrets: &[String], text: &str) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s.as_str(), "****");
        let decoded = percent_decode(s);
        if decoded != *s && !decoded.is_empty() {
            out = out.replace(decoded.as_str(), "****");
        }
    }
    out
}

/// The secrets of every connection string on the command line, wherever it
/// was typed (`--uri=…`, or by mistake where another argument belongs), so
/// that no message, clap's own included, shows them.
pub fn argv_secrets() -> Vec<String> {
    let mut out: Vec<String> = std::env::args()
        .filter_map(|a| a.find("mongodb").map(|at| a[at..].to_string()))
        .flat_map(|uri| crate::db::uri::secrets(&uri))
        .collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// Below this many columns a terminal's size is not believed.
pub(crate) const MIN_COLUMNS: u16 = 20;
/// The width tables take when the terminal's is not believable.
pub(crate) const FALLBACK_COLUMNS: u16 = 80;

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decoding_covers_what_a_uri_escapes() {
        assert_eq!(super::percent_decode("p%40ss%3Aw"), "p@ss:w");
        assert_eq!(super::percent_decode("plain"), "plain");
        assert_eq!(super::percent_decode("50%"), "50%");
    }
}
