//! Shell completion through clap_complete's `COMPLETE` protocol, as the
//! bash, zsh and fish scripts of `tether-transfer completions` call it on
//! each Tab, against a seeded database; and one real bash on a terminal.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::pty::Pty;

/// What one Tab gave: the values offered (descriptions aside), stderr, and how long it took.
#[derive(Debug)]
struct Offered {
    values: Vec<String>,
    stderr: String,
    code: i32,
    took: Duration,
}

impl Offered {
    #[track_caller]
    fn has(&self, value: &str) -> &Offered {
        assert!(self.values.iter().any(|v| v == value), "{value:?} is not offered: {self:#?}");
        self
    }
    #[track_caller]
    fn lacks(&self, value: &str) -> &Offered {
        assert!(!self.values.iter().any(|v| v == value), "{value:?} is offered: {self:#?}");
        self
    }
    /// Nothing on stderr, exit 0, and (generously, for a loaded machine) quick.
    #[track_caller]
    fn clean(&self, within: Duration) -> &Offered {
        assert_eq!(self.code, 0, "{self:#?}");
        assert!(self.stderr.is_empty(), "completion printed on stderr: {self:#?}");
        assert!(self.took < within, "completion took {:?}: {self:#?}", self.took);
        self
    }
}

/// Completes the last of `line`'s words (split on single spaces; the line
/// starts with `tether-transfer`): `words` below.
fn tab(cmd: Cmd, shell: &str, line: &str) -> Offered {
    words(cmd, None, shell, &line.split(' ').collect::<Vec<_>>(), "")
}

/// `tab`, run in `dir`.
fn tab_in(cmd: Cmd, dir: &Path, shell: &str, line: &str) -> Offered {
    words(cmd, Some(dir), shell, &line.split(' ').collect::<Vec<_>>(), "")
}

/// Completes the last of `words` as `shell`'s script asks: bash and zsh
/// pass every word and the index of the one completed (bash also the quote
/// the word was opened with, `quote`), fish the words up to the cursor; each
/// prints its own format.
fn words(cmd: Cmd, dir: Option<&Path>, shell: &str, words: &[&str], quote: &str) -> Offered {
    let index = (words.len() - 1).to_string();
    let mut cmd = cmd.env("COMPLETE", shell).env("_CLAP_COMPLETE_INDEX", &index);
    cmd = match shell {
        "bash" => {
            cmd.env("_CLAP_IFS", "\u{b}").env("_CLAP_COMPLETE_SPACE", "false").env("_TETHER_COMPLETE_QUOTE", quote)
        }
        "zsh" => cmd.env("_CLAP_IFS", "\n"),
        _ => cmd,
    };
    let mut args = vec!["--"];
    args.extend(words);
    let mut command = cmd.command(&args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let started = Instant::now();
    let out = command.output().expect("the binary runs");
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let values = match shell {
        "bash" => stdout.split('\u{b}').filter(|v| !v.is_empty()).map(str::to_string).collect(),
        // `value:description`, a `:` or `\\` in the value escaped.
        "zsh" => stdout
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| {
                let mut value = String::new();
                let mut chars = l.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next()),
                        ':' => break,
                        c => value.push(c),
                    }
                }
                value
            })
            .collect(),
        _ => stdout.lines().map(|l| l.split('\t').next().unwrap_or_default().to_string()).collect(),
    };
    eprintln!("{shell:>4} {:>4} ms  {}", took.as_millis(), words.join(" "));
    Offered {
        values,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
        took,
    }
}

const SOON: Duration = Duration::from_secs(2);

#[tokio::test]
async fn users_organizations_and_departments_complete_from_the_database() {
    let (t, _) = TestDb::seeded().await;
    for shell in ["bash", "zsh", "fish"] {
        tab(t.cmd(), shell, "tether-transfer scan org --user al").has("alice.admin@acme.test").clean(SOON);
        tab(t.cmd(), shell, "tether-transfer scan org --to-org In").has("Initech").lacks("Acme Corp").clean(SOON);
        tab(t.cmd(), shell, "tether-transfer preview --user sam.rep@acme.test --to-org ").has("Initech").has("Globex");
    }
    // The organization named first scopes the departments.
    let initech = tab(t.cmd(), "fish", "tether-transfer scan org --to-org Initech --to-department ");
    assert_eq!(initech.clean(SOON).values, ["Onboarding"]);
    // A department transfer stays in the user's organization.
    let acme = tab(t.cmd(), "fish", "tether-transfer scan department --user sam.rep@acme.test --to ");
    assert_eq!(acme.clean(SOON).values, ["Archive", "Marketing", "Sales", "Support"]);
    let support = tab(t.cmd(), "fish", "tether-transfer scan department --from Support --to ");
    assert_eq!(support.clean(SOON).values, ["Archive", "Marketing", "Sales", "Support"]);
    tab(t.cmd(), "fish", "tether-transfer scan department --to ").has("Onboarding").has("Field");
    // The re-assignee: an active user of the user's organization, not the user.
    tab(t.cmd(), "fish", "tether-transfer scan org --user sam.rep@acme.test --reassignee ")
        .has("rita.rep@acme.test")
        .lacks("sam.rep@acme.test")
        .lacks("gary.admin@globex.test")
        .lacks("ivan.inactive@acme.test");
    // Who may act: superadmins and admins.
    tab(t.cmd(), "fish", "tether-transfer status --operator ").has("root@tether.test").lacks("sam.rep@acme.test");
    // Roles are fixed values: offline, from clap.
    assert_eq!(
        tab(t.cmd(), "fish", "tether-transfer scan org --role ").values,
        ["ADMIN", "DEPARTMENT_HEAD", "SALES_REP"]
    );
}

/// A name with a space arrives whole in every shell, quoted the way each
/// inserts it: bash as typed on its command line, zsh and fish as the
/// value (they quote it themselves); a word typed with a quote is read
/// without it.
#[tokio::test]
async fn a_name_with_a_space_completes_quoted_for_each_shell() {
    let (t, _) = TestDb::seeded().await;
    assert_eq!(tab(t.cmd(), "bash", "tether-transfer scan org --to-org Acm").clean(SOON).values, ["Acme\\ Corp"]);
    assert_eq!(tab(t.cmd(), "zsh", "tether-transfer scan org --to-org Acm").clean(SOON).values, ["Acme Corp"]);
    assert_eq!(tab(t.cmd(), "fish", "tether-transfer scan org --to-org Acm").clean(SOON).values, ["Acme Corp"]);
    // A word typed with a quote: bash passes it without (and the quote
    // apart), zsh and fish as typed.
    let line = |last: &'static str| ["tether-transfer", "scan", "org", "--to-org", last];
    let w = |shell, last, quote| words(t.cmd(), None, shell, &line(last), quote);
    assert_eq!(w("bash", "Acme C", "\"").clean(SOON).values, ["Acme Corp"]);
    assert_eq!(w("bash", "Acme C", "'").clean(SOON).values, ["Acme Corp"]);
    assert_eq!(w("bash", "Acme\\ C", "").clean(SOON).values, ["Acme\\ Corp"]);
    for typed in ["\"Acme C", "'Acme C", "Acme\\ C"] {
        assert_eq!(w("zsh", typed, "").clean(SOON).values, ["Acme Corp"], "{typed}");
        assert_eq!(w("fish", typed, "").clean(SOON).values, ["Acme Corp"], "{typed}");
    }
    // The departments of an organization whose name is quoted on the command line.
    let quoted = tab(t.cmd(), "bash", "tether-transfer scan org --to-org Acme\\ Corp --to-department Ma");
    assert_eq!(quoted.clean(SOON).values, ["Marketing"]);
}

#[tokio::test]
async fn recent_transfers_complete_where_a_transfer_id_goes() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "dept.json", &SAM_TO_MARKETING);
    t.cmd().run(&["execute", &plan, "-y"]).expect(0);
    let id = t.last_transfer().await;
    for line in [
        "tether-transfer status ",
        "tether-transfer verify ",
        "tether-transfer report ",
        "tether-transfer scan rollback ",
        "tether-transfer approvals ",
    ] {
        tab(t.cmd(), "fish", line).has(&id).clean(SOON);
    }
    tab(t.cmd(), "bash", &format!("tether-transfer status {}", &id[..6])).has(&id).clean(SOON);
    // A completed transfer cannot be paused or resumed.
    tab(t.cmd(), "fish", "tether-transfer pause ").lacks(&id).clean(SOON);
    tab(t.cmd(), "fish", "tether-transfer execute --resume ").lacks(&id).clean(SOON);
}

#[test]
fn profiles_and_plan_files_complete_offline() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[profiles.staging]\n[profiles.production]\nprotected = true\n[profiles.prod-eu]\n")
        .unwrap();
    let cmd = || Cmd::new().env("TETHER_CONFIG", &s(&config));
    let profiles = tab(cmd(), "fish", "tether-transfer status --profile prod");
    assert_eq!(profiles.clean(SOON).values, ["prod-eu", "production"]);
    assert_eq!(tab(cmd(), "bash", "tether-transfer --profile st").clean(SOON).values, ["staging"]);
    tab(cmd(), "zsh", "tether-transfer config show ").has("staging").has("production").clean(SOON);
    // Only a protected profile's name confirms a protected deployment.
    assert_eq!(
        tab(cmd(), "fish", "tether-transfer execute x.json --confirm-deployment ").clean(SOON).values,
        ["production"]
    );

    let plans = tempfile::tempdir().unwrap();
    for f in ["org.json", "dept.json", "notes.txt", "moves.csv"] {
        std::fs::write(plans.path().join(f), "{}").unwrap();
    }
    std::fs::create_dir(plans.path().join("older")).unwrap();
    let in_plans = |shell: &str, line: &str| tab_in(cmd(), plans.path(), shell, line);
    for line in ["tether-transfer show ", "tether-transfer execute ", "tether-transfer diff org.json "] {
        in_plans("fish", line).has("org.json").has("dept.json").has("older/").lacks("notes.txt").lacks("moves.csv");
    }
    assert_eq!(in_plans("bash", "tether-transfer approve o").values, ["org.json", "older/"]);
    in_plans("fish", "tether-transfer scan department --assignments ").has("moves.csv").has("-").lacks("notes.txt");
}

/// With the database away, what needs none still completes, at once and
/// without a word on stderr; what needs it offers nothing, as quietly.
#[test]
fn an_unreachable_database_completes_offline_quickly_and_silently() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[profiles.staging]\n[profiles.production]\n").unwrap();
    std::fs::write(dir.path().join("org.json"), "{}").unwrap();
    let cmd = || {
        Cmd::new()
            .env("TETHER_CONFIG", &s(&config))
            .env("MONGODB_URI", "mongodb://127.0.0.1:1/")
            .env("TETHER_OPERATOR", ROOT)
    };
    let tab = |shell: &str, line: &str| tab_in(cmd(), dir.path(), shell, line);
    // The target is 1 s; 2 s leaves room for a loaded machine.
    let within = Duration::from_secs(2);
    for shell in ["bash", "zsh", "fish"] {
        tab(shell, "tether-transfer scan org --profile st").has("staging").clean(within);
        tab(shell, "tether-transfer scan org --role S").has("SALES_REP").clean(within);
        tab(shell, "tether-transfer show o").has("org.json").clean(within);
        let users = tab(shell, "tether-transfer scan org --uri mongodb://127.0.0.1:1/ --user al");
        assert!(users.clean(within).values.is_empty(), "{users:#?}");
        let ids = tab(shell, "tether-transfer status ");
        assert!(ids.clean(within).values.iter().all(|v| v.starts_with('-')), "{ids:#?}");
    }
}

/// A profile whose password comes from a command or a prompt completes
/// offline: the command never runs, nothing asks.
#[tokio::test]
async fn a_profile_s_password_command_never_runs_for_completion() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let marker = dir.path().join("ran");
    let config = dir.path().join("config.toml");
    let host = t.uri.trim_start_matches("mongodb://").trim_end_matches('/');
    std::fs::write(
        &config,
        format!(
            "default = \"prod\"\n[profiles.prod]\nuri = \"mongodb://root@{host}/\"\ndb = \"{}\"\npasswordCommand = \"touch {}; echo secret\"\n[profiles.asks]\nuri = \"mongodb://root@{host}/\"\n",
            t.name,
            marker.display()
        ),
    )
    .unwrap();
    for profile in ["prod", "asks"] {
        let cmd = Cmd::new().env("TETHER_CONFIG", &s(&config)).env("TETHER_PROFILE", profile);
        let users = tab(cmd, "fish", "tether-transfer scan org --user al");
        assert!(users.clean(SOON).values.is_empty(), "{users:#?}");
    }
    assert!(!marker.exists(), "completion ran the passwordCommand");
}

#[test]
fn hidden_commands_and_flags_never_complete() {
    for shell in ["bash", "zsh", "fish"] {
        let cmd = || Cmd::new().env("MONGODB_URI", "mongodb://127.0.0.1:1/");
        assert!(tab(cmd(), shell, "tether-transfer generate-a").clean(SOON).values.is_empty(), "{shell}");
        tab(cmd(), shell, "tether-transfer ").has("scan").has("status").lacks("generate-assets").clean(SOON);
        assert!(tab(cmd(), shell, "tether-transfer execute --transfer").values.is_empty(), "{shell}");
        assert_eq!(tab(cmd(), shell, "tether-transfer status --uri").values, ["--uri"], "{shell}");
    }
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = Cmd::new().run(&["completions", shell]).expect(0).stdout.clone();
        for hidden in ["generate-assets", "--uri-stdin", "--transfer-id"] {
            let offered = script.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with(&format!("[CompletionResult]::new('{hidden}'"))
                    || l.starts_with(&format!("cand {hidden} "))
            });
            assert!(!offered, "{shell} offers {hidden}");
        }
    }
}

/// A person's bash: the script of `completions bash` sourced, a command line
/// typed, Tab pressed; the screen shows the name completed and quoted.
#[tokio::test]
async fn bash_on_a_terminal_completes_an_organization_and_its_departments() {
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let script = dir.path().join("tether-transfer.bash");
    std::fs::write(&script, Cmd::new().run(&["completions", "bash"]).expect(0).stdout.as_bytes()).unwrap();
    let rc = dir.path().join("rc");
    let bin_dir = Path::new(BIN).parent().unwrap();
    std::fs::write(
        &rc,
        format!(
            "PS1='tt> '\nexport PATH={}:$PATH MONGODB_URI={} TETHER_DB={} TETHER_OPERATOR={ROOT}\nunset TETHER_CONFIG TETHER_PROFILE\nsource {}\n",
            bin_dir.display(),
            t.uri,
            t.name,
            script.display()
        ),
    )
    .unwrap();
    let mut bash = std::process::Command::new("bash");
    bash.args(["--noprofile", "--rcfile", &s(&rc), "-i"]).env("XDG_CONFIG_HOME", dir.path().join("none"));
    let mut term = Pty::spawn(bash, 30, 120);
    term.wait_for("tt>", Duration::from_secs(10));
    term.send("tether-transfer scan org --to-org Acm\t");
    // (The screen's rows are read without their trailing blanks: the space
    // bash adds after a value shows once more is typed.)
    term.wait_for("--to-org Acme\\ Corp", Duration::from_secs(10));
    term.send("--to-department \t\t");
    let screen = term.wait_for("Marketing", Duration::from_secs(10));
    assert!(screen.contains("Archive") && screen.contains("Support"), "{screen}");
    assert!(!screen.contains("Onboarding") && !screen.contains("Field"), "another organization's: {screen}");
    term.send("Mar\t");
    term.wait_for("--to-org Acme\\ Corp --to-department Marketing", Duration::from_secs(10));
    term.send("\x15exit\r");
    term.finish();
}

/// `--confirm-deployment` offers the deployment record's name (and the
/// protected profiles').
#[tokio::test]
async fn a_protected_deployment_s_name_completes() {
    use tether_transfer::db::deployment::{DEPLOYMENT, Record};
    let (t, _) = TestDb::seeded().await;
    let record = Record {
        deployment_id: "d-1".into(),
        name: "production-eu".into(),
        protected: true,
        cluster_id: None,
        members: Vec::new(),
        stamp: tether_transfer::db::setting::Stamp { version: 1, ..Default::default() },
    };
    t.db.collection(DEPLOYMENT).insert_one(record.to_doc()).await.unwrap();
    let offered = tab(t.cmd(), "fish", "tether-transfer execute org.json --confirm-deployment prod");
    assert_eq!(offered.clean(SOON).values, ["production-eu"]);
}

/// Whether `shell` is installed; a test that needs it says so when it is not.
fn installed(shell: &str) -> bool {
    let found = std::process::Command::new(shell).arg("-c").arg("exit 0").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("{shell} is not installed: this test is skipped (apt-get install {shell})");
    }
    found
}

/// A person's zsh: the script of `completions zsh` as `_tether-transfer` in
/// `$fpath`, autoloaded by compinit; the first Tab completes.
#[tokio::test]
async fn zsh_from_fpath_completes_on_the_first_tab() {
    if !installed("zsh") {
        return;
    }
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    std::fs::write(
        dir.path().join("_tether-transfer"),
        Cmd::new().run(&["completions", "zsh"]).expect(0).stdout.as_bytes(),
    )
    .unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    std::fs::write(
        dir.path().join(".zshrc"),
        format!(
            "PS1='zz> '\nexport PATH={}:$PATH MONGODB_URI={} TETHER_DB={} TETHER_OPERATOR={ROOT}\nunset TETHER_CONFIG TETHER_PROFILE\nfpath=({} $fpath)\nautoload -Uz compinit && compinit -u -D\n",
            bin_dir.display(),
            t.uri,
            t.name,
            dir.path().display()
        ),
    )
    .unwrap();
    let mut zsh = std::process::Command::new("zsh");
    zsh.arg("-i").env("ZDOTDIR", dir.path()).env("XDG_CONFIG_HOME", dir.path().join("none"));
    let mut term = Pty::spawn(zsh, 30, 120);
    term.wait_for("zz>", Duration::from_secs(10));
    term.send("tether-transfer scan org --to-org Acm\t");
    term.wait_for("--to-org Acme\\ Corp", Duration::from_secs(10));
    term.send(" --to-department \t");
    let screen = term.wait_for("department of Acme Corp", Duration::from_secs(10));
    assert!(screen.contains("Marketing") && !screen.contains("Onboarding"), "{screen}");
    term.send("\x15exit\r");
    term.finish();
}

/// fish's own completion of a command line (`complete -C`), with the script
/// of `completions fish` loaded.
#[tokio::test]
async fn fish_completes_with_the_script_loaded() {
    if !installed("fish") {
        return;
    }
    let (t, _) = TestDb::seeded().await;
    let dir = t.tmp();
    let script = dir.path().join("tether-transfer.fish");
    std::fs::write(&script, Cmd::new().run(&["completions", "fish"]).expect(0).stdout.as_bytes()).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let complete = |line: &str| {
        let out = std::process::Command::new("fish")
            .args(["--no-config", "-c", &format!("source {}; complete -C '{line}'", script.display())])
            .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
            .env("MONGODB_URI", &t.uri)
            .env("TETHER_DB", &t.name)
            .env("XDG_CONFIG_HOME", dir.path().join("none"))
            .env_remove("TETHER_CONFIG")
            .output()
            .unwrap();
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let orgs = complete("tether-transfer scan org --to-org Acm");
    assert!(orgs.starts_with("Acme Corp\torganization "), "{orgs}");
    let departments = complete("tether-transfer scan org --to-org Acme\\ Corp --to-department ");
    let names: Vec<&str> = departments.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(names, ["Archive", "Marketing", "Sales", "Support"], "{departments}");
}
