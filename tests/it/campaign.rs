//! A small fault campaign (the full one is `tether-campaign`, figures in
//! docs/crash-safety.md, "Proof: the fault campaign"): kills at random instants during organization, bulk and
//! many-assignment transfers and during their rollbacks, and failCommand
//! faults on every write command
//! (each fault and command on one kind of transfer, the kinds in turn);
//! every run must end byte-identical to the reference, verify clean.

use crate::common::*;

#[test]
fn a_small_fault_campaign_ends_identical_to_the_reference() {
    let _turn = FAIL_POINT.blocking_lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("campaign.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_tether-campaign"))
        .args(["--uri", &base_uri(), "--kills", "9", "--rollback-kills", "6", "--docs", "1000", "--seed", "3"])
        .arg("--rotate-fault-kinds")
        .args(["--out", &s(&out)])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    let scenarios: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let sum = |k: &str| scenarios.iter().map(|s| s[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("mismatches"), 0, "{stdout}");
    assert_eq!(sum("verify_failures"), 0, "{stdout}");
    assert!(sum("kills") >= 4, "few kills landed while running: {stdout}");
    let many = scenarios.iter().find(|s| s["name"] == "SIGKILL, many-assignment department transfer").unwrap();
    assert_eq!(many["runs"], 3, "{stdout}");
    let rollbacks: u64 = scenarios
        .iter()
        .filter(|s| s["name"].as_str().unwrap().contains("rollback"))
        .map(|s| s["runs"].as_u64().unwrap())
        .sum();
    assert_eq!(rollbacks, 6, "{stdout}");
    if std::env::var_os("TEST_MONGODB_URI").is_none() {
        assert!(sum("faults") >= 13, "{stdout}");
        assert!(sum("failed_then_resumed") >= 3, "persistent errors must fail the run: {stdout}");
    }
}
