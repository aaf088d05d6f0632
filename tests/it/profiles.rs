//! Named deployments: the configuration file's profiles, where each setting
//! comes from, passwords kept out of the file, the guard on protected
//! deployments, and plans bound to the deployment they were scanned on.
//! Every refusal exits 2 and changes nothing.

use mongodb::bson::doc;

use crate::approvals::{Deployment, PW};
use crate::common::*;

/// A configuration file in its own directory, and the tool pointed at it.
struct Config {
    dir: tempfile::TempDir,
}

impl Config {
    fn new(text: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        Config { dir }
    }
    fn path(&self) -> String {
        s(&self.dir.path().join("config.toml"))
    }
    /// The tool with this file and nothing else (no URI, database or operator).
    fn cmd(&self) -> Cmd {
        Cmd::new().env("TETHER_CONFIG", &self.path())
    }
}

fn settings(run: &Run) -> std::collections::BTreeMap<String, (String, String)> {
    let v = run.json();
    v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let source = match &s["source"] {
                serde_json::Value::String(x) => x.clone(),
                serde_json::Value::Object(o) => {
                    let (k, v) = o.iter().next().unwrap();
                    format!("{k}:{}", v.as_str().unwrap_or(""))
                }
                other => other.to_string(),
            };
            (s["key"].as_str().unwrap().to_string(), (s["value"].as_str().unwrap_or("-").to_string(), source))
        })
        .collect()
}

#[test]
fn each_setting_comes_from_the_flag_then_the_environment_then_the_profile_then_the_default() {
    let c = Config::new(
        r#"
default = "staging"
[profiles.staging]
uri = "mongodb://profile-host:27017/"
db = "from_profile"
operator = "profile@tether.test"
resources = "/profile/resources.json"
connectTimeout = 30
batchTime = 250
maxRate = 500
maxLag = 7.5
"#,
    );
    // Nothing but the profile (chosen by the file's default).
    let run = c.cmd().run(&["config", "show", "--json"]);
    run.expect(0);
    assert_eq!(run.json()["profile"], "staging");
    let from_profile = settings(&run);
    for (key, value) in [
        ("uri", "mongodb://profile-host:27017/"),
        ("db", "from_profile"),
        ("operator", "profile@tether.test"),
        ("resources", "/profile/resources.json"),
        ("connectTimeout", "30"),
        ("batchTime", "250"),
        ("maxRate", "500"),
        ("maxLag", "7.5"),
    ] {
        assert_eq!(from_profile[key], (value.to_string(), "profile:staging".to_string()), "{key}");
    }
    // The environment wins over the profile.
    let run = c
        .cmd()
        .env("MONGODB_URI", "mongodb://env-host:1/")
        .env("TETHER_DB", "from_env")
        .env("TETHER_OPERATOR", "env@tether.test")
        .env("TETHER_RESOURCES", "/env/r.json")
        .run(&["config", "show", "--json"]);
    let from_env = settings(run.expect(0));
    assert_eq!(from_env["uri"], ("mongodb://env-host:1/".into(), "environment:MONGODB_URI".into()));
    assert_eq!(from_env["db"], ("from_env".into(), "environment:TETHER_DB".into()));
    assert_eq!(from_env["operator"], ("env@tether.test".into(), "environment:TETHER_OPERATOR".into()));
    assert_eq!(from_env["resources"], ("/env/r.json".into(), "environment:TETHER_RESOURCES".into()));
    assert_eq!(from_env["connectTimeout"], ("30".into(), "profile:staging".into()));
    // The flag wins over both.
    let run = c.cmd().env("MONGODB_URI", "mongodb://env-host:1/").env("TETHER_DB", "from_env").run(&[
        "--uri",
        "mongodb://flag-host:2/",
        "--db",
        "from_flag",
        "--operator",
        "flag@tether.test",
        "--resources",
        "/flag/r.json",
        "--connect-timeout",
        "3",
        "config",
        "show",
        "--json",
    ]);
    let from_flag = settings(run.expect(0));
    for (key, value) in [
        ("uri", "mongodb://flag-host:2/"),
        ("db", "from_flag"),
        ("operator", "flag@tether.test"),
        ("resources", "/flag/r.json"),
        ("connectTimeout", "3"),
    ] {
        assert_eq!(from_flag[key], (value.to_string(), "flag".to_string()), "{key}");
    }
    // No profile at all: the built-in defaults.
    let empty = Config::new("");
    let defaults = settings(empty.cmd().run(&["config", "show", "--json"]).expect(0));
    assert_eq!(defaults["connectTimeout"], ("10".into(), "default".into()));
    assert_eq!(defaults["batchTime"], ("100".into(), "default".into()));
    assert_eq!(defaults["uri"], ("-".into(), "default".into()));
    // The profile is chosen by flag, then TETHER_PROFILE, then the file's default.
    let two = Config::new(
        "default = \"a\"\n[profiles.a]\ndb = \"db_a\"\n[profiles.b]\ndb = \"db_b\"\n[profiles.c]\ndb = \"db_c\"\n",
    );
    assert_eq!(two.cmd().run(&["config", "show", "--json"]).json()["profile"], "a");
    assert_eq!(two.cmd().env("TETHER_PROFILE", "b").run(&["config", "show", "--json"]).json()["profile"], "b");
    assert_eq!(
        two.cmd().env("TETHER_PROFILE", "b").run(&["--profile", "c", "config", "show", "--json"]).json()["profile"],
        "c"
    );
    two.cmd().run(&["config", "show", "b"]).expect(0).prints("db_b");
    two.cmd().run(&["config", "list"]).expect(0).prints("a  (default)\nb\nc\n");
    two.cmd().run(&["config", "path"]).expect(0).prints(&two.path());
}

#[tokio::test]
async fn a_profile_connects_and_its_execute_defaults_apply() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let c = Config::new(&format!(
        "[profiles.local]\nuri = \"{}\"\ndb = \"{}\"\noperator = \"{ROOT}\"\nmaxRate = 40\n",
        t.uri, t.name
    ));
    let plan = s(&dir.path().join("p.json"));
    let mut scan = vec!["--profile", "local", "scan"];
    scan.extend_from_slice(&SAM_TO_INITECH);
    scan.extend(["--out", &plan]);
    c.cmd().run(&scan).expect(0);
    let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(p["database"]["profile"], "local");
    assert_eq!(p["database"]["name"], t.name.as_str());
    let total: u64 = p["resources"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert!(total > 100, "the plan moves {total} documents");
    // maxRate = 40 from the profile: at most 40 documents a second.
    let started = std::time::Instant::now();
    c.cmd().run(&["--profile", "local", "execute", &plan, "--yes"]).expect(0);
    let floor = (total as f64 / 40.0) * 0.8;
    assert!(started.elapsed().as_secs_f64() >= floor, "{total} documents at 40/s took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_plan_is_bound_to_its_deployment_and_a_protected_one_asks_for_its_name() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    // Staging is another database of the same server here (elsewhere, other hosts).
    let (staging, _) = TestDb::seeded().await;
    let c = Config::new(&format!(
        "[profiles.staging]\nuri = \"{u}\"\ndb = \"{sn}\"\noperator = \"{ROOT}\"\n\n\
         [profiles.production]\nuri = \"{u}\"\ndb = \"{n}\"\noperator = \"{ROOT}\"\nprotected = true\n\n\
         [profiles.prod-alias]\nuri = \"{u}\"\ndb = \"{n}\"\noperator = \"{ROOT}\"\n",
        u = t.uri,
        n = t.name,
        sn = staging.name
    ));
    let scan_on = |profile: &str, name: &str| {
        let plan = s(&dir.path().join(name));
        let mut scan = vec!["--profile", profile, "scan"];
        scan.extend_from_slice(&SAM_TO_INITECH);
        scan.extend(["--out", &plan]);
        c.cmd().run(&scan).expect(0);
        plan
    };
    let staging_plan = scan_on("staging", "staging.json");
    let before = t.snapshot().await;
    // Scanned on staging, run on production: refused, naming both.
    c.cmd()
        .run(&["--profile", "production", "--confirm-deployment", "production", "execute", &staging_plan, "--yes"])
        .expect(2)
        .says("The plan was scanned on another deployment (profile staging: ")
        .says("than this one (profile production: ");
    // Another person's name for the same deployment is the same deployment.
    let alias = scan_on("prod-alias", "alias.json");
    c.cmd()
        .run(&["--profile", "production", "--confirm-deployment", "production", "execute", &alias, "--dry-run"])
        .expect(0);
    let plan = scan_on("production", "production.json");
    // Production's URI from the environment (the file's default profile,
    // or none, chosen) is still production: guarded, and no profile recorded.
    c.cmd()
        .env("MONGODB_URI", &t.uri)
        .env("TETHER_DB", &t.name)
        .env("TETHER_OPERATOR", ROOT)
        .run(&["execute", &staging_plan, "--yes"])
        .expect(2)
        .says("Profile production is protected: to execute this plan from a script");
    // From a script: the name is required, and must be right.
    c.cmd().run(&["--profile", "production", "execute", &plan, "--yes"]).expect(2).says(
        "Profile production is protected: to execute this plan from a script, pass --confirm-deployment production",
    );
    c.cmd()
        .run(&["--profile", "production", "--confirm-deployment", "staging", "execute", &plan, "--yes"])
        .expect(2)
        .says("--confirm-deployment staging does not name this deployment, the protected profile production");
    c.cmd()
        .run(&["--profile", "production", "approve", &plan])
        .expect(2)
        .says("to approve this plan from a script, pass --confirm-deployment production");
    c.cmd()
        .run(&["--profile", "production", "policy", "set", "--org-approvals", "1"])
        .expect(2)
        .says("to set the approval policy from a script");
    // On a terminal (a real pseudo-terminal): a wrong name refuses.
    let on_terminal = |answer: &str| {
        let line = format!("{BIN} --profile production execute {plan} --yes --no-progress");
        let out = std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env("TETHER_CONFIG", c.path())
            .env("XDG_CONFIG_HOME", c.dir.path())
            .env_remove("MONGODB_URI")
            .env_remove("TETHER_OPERATOR")
            .env("TETHER_TRANSFER_CHECK_UNDO", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut child = out;
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(1500));
            stdin.write_all(format!("{answer}\r").as_bytes()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
        let out = child.wait_with_output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = on_terminal("staging");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("Profile production is protected. Type its name to execute this plan"), "{text}");
    assert!(text.contains("That is not production; nothing was done."), "{text}");
    assert_eq!(t.snapshot().await, before, "refusals change nothing");
    let (code, text) = on_terminal("production");
    assert_eq!(code, 0, "{text}");
    let sam = t.find_one("users", doc! { "email": "sam.rep@acme.test" }).await.unwrap();
    let initech = t.find_one("organizations", doc! { "name": "Initech" }).await.unwrap();
    assert_eq!(sam.get_object_id("organizationId").unwrap(), initech.get_object_id("_id").unwrap());
}

#[tokio::test]
async fn passwords_come_from_the_environment_or_a_command_and_never_from_the_file() {
    let d = Deployment::new().await;
    let dir = d.t.tmp();
    let uri = format!("mongodb://root%40tether.test@{}/{}?authSource={}", d.host, d.t.name, d.t.name);
    let c = Config::new(&format!(
        "[profiles.env]\nuri = \"{uri}\"\npasswordEnv = \"TT_TEST_PASSWORD\"\n\n\
         [profiles.cmd]\nuri = \"{uri}\"\npasswordCommand = \"echo 'unlocking the vault' >&2; printf %s '{PW}'\"\n\n\
         [profiles.failing]\nuri = \"{uri}\"\npasswordCommand = \"echo 'vault locked' >&2; exit 3\"\n"
    ));
    let plan = s(&dir.path().join("p.json"));
    let mut scan = vec!["--profile", "env", "scan"];
    scan.extend_from_slice(&SAM_TO_INITECH);
    scan.extend(["--out", &plan]);
    let mut outputs = Vec::new();
    outputs.push(c.cmd().env("TT_TEST_PASSWORD", PW).run(&scan).expect(0).all());
    c.cmd()
        .run(&scan)
        .expect(2)
        .says("The environment variable TT_TEST_PASSWORD (passwordEnv of profile env) is not set.");
    let by_command =
        c.cmd().run(&["--profile", "cmd", "preview", "--user", "sam.rep@acme.test", "--to-org", "Initech"]);
    by_command.expect(0).says("unlocking the vault");
    outputs.push(by_command.all());
    outputs.push(
        c.cmd().env("TT_TEST_PASSWORD", PW).run(&["--profile", "env", "execute", &plan, "--yes"]).expect(0).all(),
    );
    // A detached execute gets the password on its stdin, not in its arguments.
    let dept = s(&dir.path().join("d.json"));
    c.cmd()
        .run(&[
            "--profile",
            "cmd",
            "scan",
            "department",
            "--user",
            "sue.head@acme.test",
            "--to",
            "Marketing",
            "--reassignee",
            "big.owner@acme.test",
            "--out",
            &dept,
        ])
        .expect(0);
    let log = s(&dir.path().join("detached.log"));
    let detached = c.cmd().run(&["--profile", "cmd", "execute", &dept, "--yes", "--detach", "--log", &log]);
    detached.expect(0);
    let id = detached.stdout.trim().to_string();
    c.cmd().run(&["--profile", "cmd", "status", &id, "--wait"]).expect(0);
    outputs.push(detached.all());
    outputs.push(std::fs::read_to_string(&log).unwrap());
    let failing = c.cmd().run(&["--profile", "failing", "status"]);
    failing.expect(2).says("vault locked").says("The passwordCommand of profile failing failed");
    outputs.push(failing.all());
    outputs.push(c.cmd().env("TT_TEST_PASSWORD", PW).run(&["--profile", "env", "config", "show"]).expect(0).all());
    outputs.push(std::fs::read_to_string(&plan).unwrap());
    let record = d.t.find_one("auditlogs", doc! { "action": "org_transfer_execute" }).await.unwrap();
    outputs.push(format!("{record:?}"));
    for o in &outputs {
        assert!(!o.contains(PW), "the password leaked: {o}");
    }
    // Neither: a terminal asks (a real pseudo-terminal), and nothing shows it.
    let prompting = Config::new(&format!("[profiles.ask]\nuri = \"{uri}\"\n"));
    let line = format!("{BIN} --profile ask status");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("TETHER_CONFIG", prompting.path())
        .env_remove("MONGODB_URI")
        .env_remove("TETHER_OPERATOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        stdin.write_all(format!("{PW}\r").as_bytes()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text:?}");
    assert!(text.contains("Password for profile ask"), "{text}");
    assert!(!text.contains(PW), "the typed password was echoed: {text}");
    prompting
        .cmd()
        .run(&["--profile", "ask", "status"])
        .expect(2)
        .says("Profile ask needs a password and stdin is not a terminal to ask for it");
    // A password in the file is refused, with how to move it out.
    let bad = Config::new(&format!(
        "[profiles.leaky]\nuri = \"mongodb://root%40tether.test:{PW}@{}/{}\"\n",
        d.host, d.t.name
    ));
    let before = d.t.snapshot().await;
    let refused = bad.cmd().run(&["--profile", "leaky", "status"]);
    refused.expect(2).says("line 2: uri of profile leaky holds a password").says("passwordEnv");
    assert!(!refused.all().contains(PW), "{}", refused.all());
    assert_eq!(d.t.snapshot().await, before);
}

#[test]
fn a_mistyped_profile_or_a_malformed_file_exits_2_naming_the_file_the_line_and_the_key() {
    let c = Config::new("[profiles.production]\nuri = \"mongodb://127.0.0.1:1/\"\n[profiles.staging]\ndb = \"s\"\n");
    // Never falls back to anything: the dead port is never tried.
    c.cmd()
        .run(&["--profile", "prod", "status"])
        .expect(2)
        .says(&format!("There is no profile prod in {}; its profiles: production, staging.", c.path()));
    c.cmd().env("TETHER_PROFILE", "stagin").run(&["status"]).expect(2).says("There is no profile stagin");
    let cases = [
        ("[profiles.a]\ndb = \"x\"\nbatchTme = 5\n", "line 3: unknown field `batchTme`"),
        ("[profiles.a]\n\nbatchTime = 1\n", "line 3: batchTime of profile a is 1, not from 5 to 10000"),
        ("[profiles.a]\nmaxLag = \"two\"\n", "line 2:"),
        ("[profiles.a\n", "line 1:"),
        ("default = \"nope\"\n[profiles.a]\n", "There is no profile nope (the file's default)"),
        ("colour = \"red\"\n", "line 1: unknown field `colour`"),
        ("[profiles.a]\nuri = \"http://x\"\n", "line 2: uri of profile a must start with mongodb://"),
    ];
    for (text, says) in cases {
        let bad = Config::new(text);
        let run = bad.cmd().run(&["config", "list"]);
        run.expect(2).says(&bad.path()).says(says);
    }
    // Secret options of a connection string are secrets too.
    let tls = Config::new("[profiles.tls]\nuri = \"mongodb://h/?tls=true&tlsCertificateKeyFilePassword=k3y-s3cret\"\n");
    let refused = tls.cmd().run(&["config", "list"]);
    refused.expect(2).says("line 2: uri of profile tls holds a password (or another secret option)");
    assert!(!refused.all().contains("k3y-s3cret"), "{}", refused.all());
    let shown = Config::new("").cmd().run(&[
        "--uri",
        "mongodb://u:pw-s3cret@h/?authMechanismProperties=AWS_SESSION_TOKEN:t0k3n-s3cret",
        "config",
        "show",
    ]);
    shown.expect(0).prints("mongodb://u:****@h/?authMechanismProperties=****");
    assert!(!shown.all().contains("s3cret"), "{}", shown.all());
    Cmd::new()
        .env("TETHER_CONFIG", "/nonexistent/tether.toml")
        .run(&["status"])
        .expect(2)
        .says("TETHER_CONFIG names /nonexistent/tether.toml, which does not exist.");
}
