//! The committed completions/ and man/ are what the binary generates.

use std::path::Path;

use crate::common::*;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["completions", "man"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names {
            out.push((format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let dir = tempfile::tempdir().unwrap();
    Cmd::new().run(&["generate-assets", "--dir", &s(dir.path())]).expect(0);
    let fresh = files(dir.path());
    let committed = files(Path::new(env!("CARGO_MANIFEST_DIR")));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&fresh), "run: cargo run -- generate-assets");
    for ((name, a), (_, b)) in committed.iter().zip(&fresh) {
        assert!(a == b, "{name} is stale; run: cargo run -- generate-assets");
    }
    for shell in [
        "tether-transfer.bash",
        "_tether-transfer",
        "tether-transfer.fish",
        "_tether-transfer.ps1",
        "tether-transfer.elv",
    ] {
        assert!(fresh.iter().any(|(n, _)| n == &format!("completions/{shell}")), "{shell}");
    }
    for page in [
        "tether-transfer.1",
        "tether-transfer-scan.1",
        "tether-transfer-scan-org.1",
        "tether-transfer-preview.1",
        "tether-transfer-execute.1",
        "tether-transfer-status.1",
    ] {
        assert!(fresh.iter().any(|(n, _)| n == &format!("man/{page}")), "{page}");
    }
}

#[test]
fn completions_print_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Cmd::new().run(&["completions", shell]);
        run.expect(0);
        assert!(run.stdout.contains("tether-transfer"), "{shell}");
    }
}

#[test]
fn a_commands_help_lists_its_own_options_first_and_the_global_ones_under_their_heading() {
    let run = Cmd::new().run(&["execute", "--help"]);
    run.expect(0);
    let (own, global) = run.stdout.split_once("Global options:").expect("a Global options heading");
    assert!(own.contains("--dry-run") && own.contains("--resume"), "{own}");
    assert!(!own.contains("--uri") && !own.contains("--operator"), "globals among execute's own: {own}");
    assert!(global.contains("--uri") && global.contains("--operator") && global.contains("--yes"), "{global}");
}

/// bash completes `--profile` (and a subcommand's options) from the
/// configuration file, through `config list --names`.
#[test]
fn bash_completes_profile_names_and_subcommand_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "[profiles.staging]\n[profiles.production]\n[profiles.prod-eu]\n")
        .unwrap();
    let script = s(&Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/tether-transfer.bash"));
    let bin_dir = Path::new(BIN).parent().unwrap();
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let line = format!(
            "source {script}; COMP_WORDS=({words}); COMP_CWORD={cword}; _tether__transfer tether-transfer {cur} {prev}; echo \"${{COMPREPLY[@]}}\""
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &line])
            .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
            .env("TETHER_CONFIG", dir.path().join("config.toml"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(complete("tether-transfer status --profile prod", 3, "prod", "--profile"), "prod-eu production");
    assert_eq!(complete("tether-transfer --profile st", 2, "st", "--profile"), "staging");
    assert_eq!(complete("tether-transfer execute --batch", 2, "--batch", "execute"), "--batch-time --batch-size");
}
