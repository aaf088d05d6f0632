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
