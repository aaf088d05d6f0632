//! `config list`, `config show [NAME]`, `config path`: offline.

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::Password;
use crate::error::Result;
use crate::output::Printer;

pub fn run(g: &GlobalArgs, printer: &Printer, command: ConfigCommand) -> Result<()> {
    let s = &g.settings;
    let file =
        s.file.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "(no configuration directory)".into());
    match command {
        ConfigCommand::Path => {
            if printer.json {
                printer.json(&serde_json::json!({ "path": file, "exists": s.file_exists }));
            } else {
                printer.data(&format!("{file}\n"));
                if !s.file_exists {
                    printer.status("(it does not exist yet)");
                }
            }
        }
        ConfigCommand::List { names: true } => {
            printer.data(&s.profiles.iter().map(|p| format!("{p}\n")).collect::<String>());
        }
        ConfigCommand::List { names: false } => {
            if printer.json {
                printer
                    .json(&serde_json::json!({ "path": file, "default": s.default_profile, "profiles": s.profiles }));
            } else {
                let mut out = String::new();
                for p in &s.profiles {
                    let mark = if s.default_profile.as_deref() == Some(p) { "  (default)" } else { "" };
                    out.push_str(&format!("{p}{mark}\n"));
                }
                printer.data(&out);
                if s.profiles.is_empty() {
                    printer.status(&format!("No profiles in {file}."));
                }
            }
        }
        ConfigCommand::Show { .. } => {
            if printer.json {
                printer.json(s.as_ref());
                return Ok(());
            }
            let mut out = String::new();
            match (&s.profile, &s.chosen_by) {
                (Some(p), Some(by)) => out.push_str(&format!(
                    "profile {p} (chosen by {by}){}\n",
                    if s.protected { ", protected" } else { "" }
                )),
                _ => out.push_str("no profile\n"),
            }
            let mut table = printer.table(&["Setting", "Value", "From"]);
            for setting in &s.settings {
                table.add_row(vec![
                    setting.key.to_string(),
                    setting.value.clone().unwrap_or_else(|| "-".into()),
                    setting.source.to_string(),
                ]);
            }
            if let Some(p) = &s.password {
                let how = match p {
                    Password::Env(v) => format!("environment variable {v}"),
                    Password::Command(c) => format!("command {c}"),
                    Password::Prompt => "asked on the terminal".into(),
                };
                table.add_row(vec!["password".to_string(), "(never shown)".into(), how]);
            }
            out.push_str(&table.to_string());
            out.push('\n');
            printer.data(&out);
        }
    }
    Ok(())
}
