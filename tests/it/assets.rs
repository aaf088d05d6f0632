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
        // bash, zsh and fish ask the binary on each Tab (`tests/it/completion.rs`).
        let dynamic = run.stdout.contains(&format!("COMPLETE=\"{shell}\"")) || run.stdout.contains("COMPLETE=fish");
        assert_eq!(dynamic, ["bash", "zsh", "fish"].contains(&shell), "{shell}: {}", run.stdout);
    }
}
