//! The CI recipe (`examples/maintenance-job.sh`, docs/ci.md) runs as a
//! pipeline would run it: against a server with authentication, a scanner
//! and a second identity who approves, each exit code handled.

use mongodb::bson::doc;

use crate::approvals::{Deployment, PW};
use crate::common::*;

fn uri(d: &Deployment, user: &str) -> String {
    let user = user.replace('@', "%40");
    format!("mongodb://{user}:{PW}@{}/{}?authSource={}", d.host, d.t.name, d.t.name)
}

fn job(d: &Deployment, out: &std::path::Path, args: &[&str]) -> Run {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/maintenance-job.sh");
    let run = std::process::Command::new("bash")
        .arg(script)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TETHER_TRANSFER", BIN)
        .env("SCANNER_URI", uri(d, "root@tether.test"))
        .env("APPROVER_URI", uri(d, "ops@tether.test"))
        .env("TETHER_DB", &d.t.name)
        .env("OUT_DIR", out)
        .env("XDG_CONFIG_HOME", out.join("no-config"))
        .env("TETHER_TRANSFER_CHECK_UNDO", "1")
        .output()
        .unwrap();
    Run {
        code: run.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

#[tokio::test]
async fn the_maintenance_job_scans_reviews_approves_executes_and_handles_each_exit_code() {
    let d = Deployment::new().await;
    d.as_user("root@tether.test").run(&["policy", "set", "--org-approvals", "1"]).expect(0);
    let out = d.t.tmp();
    let mut args = vec!["scan"];
    args.extend(SAM_TO_INITECH);
    let run = job(&d, out.path(), &args);
    run.expect(0).says("maintenance-job: done: transfer").says("approved");
    let review = std::fs::read_to_string(out.path().join("review.md")).unwrap();
    assert!(review.contains("sam.rep@acme.test") && review.contains("Initech"), "{review}");
    let last = std::fs::read_to_string(out.path().join("execute.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(last.lines().last().unwrap()).unwrap();
    assert_eq!(record["status"], "completed");
    assert_eq!(record["operator"]["email"], "root@tether.test");
    assert_eq!(record["approvals"][0]["approver"]["email"], "ops@tether.test");
    let sam = d.t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    let initech = d.t.find_one("organizations", doc! { "name": "Initech" }).await.unwrap();
    assert_eq!(sam.get("organizationId"), initech.get("_id"), "the transfer happened");

    // A blocked scan stops the job at its first step: exit 3, nothing executed.
    let blocked = d.t.tmp();
    let before = d.t.snapshot().await;
    // (gary.admin is Globex's last ADMIN.)
    let mut args =
        vec!["scan", "org", "--user", "gary.admin@globex.test", "--to-org", "Initech", "--role", "SALES_REP"];
    args.extend(["--reassignee", "gina.rep@globex.test"]);
    let run = job(&d, blocked.path(), &args);
    run.expect(3).says("the scan found blocking conflicts");
    assert!(!blocked.path().join("execute.jsonl").exists());
    assert_eq!(d.t.snapshot().await, before);
}

/// `ensure_null_device`, sourced by `.ci/run`, scripts/test.sh and
/// scripts/demo.sh: where a machine has a regular file at /dev/null (the CI
/// machine of stop 31 had one, and cargo's rustc probe then read a build's
/// binary output as its input), it puts the null device back, or empties
/// the file and says how to fix it when it may not. Tried on a file of its
/// own, never on /dev/null.
#[test]
fn a_regular_file_in_place_of_the_null_device_is_put_back_before_anything_builds() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for script in [".ci/run", "scripts/test.sh", "scripts/demo.sh"] {
        let text = std::fs::read_to_string(root.join(script)).unwrap();
        let ensure = text.find("\nensure_null_device ").unwrap_or_else(|| panic!("{script} does not call it"));
        assert!(text.find("\ncargo ").is_none_or(|cargo| ensure < cargo), "{script} builds before it");
    }
    let ensure = |fake: &std::path::Path, as_nobody: bool| {
        let mut cmd = std::process::Command::new(if as_nobody { "setpriv" } else { "bash" });
        if as_nobody {
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "bash"]);
        }
        let out = cmd
            .args(["-c", "source scripts/machine.sh && ensure_null_device ci \"$1\"", "_"])
            .arg(fake)
            .current_dir(root)
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let fake = dir.path().join("null");
    std::fs::write(&fake, [0xff, 0xfe, 0, 1]).unwrap();
    if !is_root() {
        return;
    }
    assert_eq!(
        ensure(&fake, false).trim(),
        format!("ci: {} was a regular file (4 bytes), not the null device: put the null device back", fake.display())
    );
    let meta = std::fs::metadata(&fake).unwrap();
    assert!(meta.file_type().is_char_device());
    assert_eq!((meta.rdev() >> 8, meta.rdev() & 0xff), (1, 3), "major 1, minor 3: the null device");
    std::fs::write(&fake, "thrown away").unwrap();
    assert_eq!(std::fs::read(&fake).unwrap(), b"", "what is written to it is gone");
    assert_eq!(ensure(&fake, false), "", "a device already in place is left alone, silently");

    // A user who may not make devices: the file is emptied, and the line says how to fix it.
    std::fs::remove_file(&fake).unwrap();
    std::fs::write(&fake, [0xff, 0xfe]).unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o666)).unwrap();
    if std::process::Command::new("setpriv").arg("--version").output().is_err() {
        return;
    }
    let said = ensure(&fake, true);
    let packages = |as_nobody: bool, names: &str| {
        let mut cmd = std::process::Command::new(if as_nobody { "setpriv" } else { "bash" });
        if as_nobody {
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "bash"]);
        }
        let line = format!("source scripts/machine.sh && ensure_packages test.sh {names}");
        let out = cmd.args(["-c", &line]).current_dir(root).env("PATH", "/usr/bin:/bin").output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(packages(true, "bash sh"), (Some(0), String::new()), "nothing missing, nothing said");
    assert_eq!(
        packages(true, "bash no-such-tool-here"),
        (Some(1), "test.sh: no-such-tool-here missing, and this user cannot install them (apt-get install no-such-tool-here)\n".to_string())
    );
    assert!(
        said.starts_with(&format!(
            "ci: {} is a regular file (2 bytes), not the null device, and this user cannot put it back (as root: rm ",
            fake.display()
        )),
        "{said}"
    );
    assert_eq!(std::fs::read(&fake).unwrap(), b"", "emptied");
}

/// Whether the tests run as root (only root makes device files).
fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n")
}
