//! The test harness: one real MongoDB-protocol server per test process
//! (SecantusDB from .tools/, or TEST_MONGODB_URI), a database per test, and
//! helpers to run the real binary and compare database snapshots.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use mongodb::bson::{Document, RawDocumentBuf, doc};
use mongodb::{Client, Database};
use sha2::{Digest, Sha256};
use tether_transfer::generator::{self, Manifest, Options};

pub const BIN: &str = env!("CARGO_BIN_EXE_tether-transfer");

/// The server has one `failCommand` fail point: tests that configure it take
/// turns (its `appName` filter limits whom it hits, not who configures it).
pub static FAIL_POINT: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
pub const ROOT: &str = "root@tether.test";

/// The usual clean organization transfer of the dataset: sam to Initech, rita inherits.
pub const SAM_TO_INITECH: [&str; 9] = [
    "org",
    "--user",
    "sam.rep@acme.test",
    "--to-org",
    "Initech",
    "--role",
    "SALES_REP",
    "--reassignee",
    "rita.rep@acme.test",
];

/// The usual one-user department transfer: sam to Marketing, rita takes over what stays in Sales.
pub const SAM_TO_MARKETING: [&str; 7] =
    ["department", "--user", "sam.rep@acme.test", "--to", "Marketing", "--reassignee", "rita.rep@acme.test"];

fn server_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SECANTUSD") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/secantus/bin/secantusd-rs");
    assert!(
        p.exists(),
        "the test server is not installed: run scripts/install-server.sh (or set TEST_MONGODB_URI to a MongoDB server)"
    );
    p
}

/// Starts a server that lives as long as this test process, and returns its
/// base URI. `auth` starts it with SCRAM authentication required.
pub fn start_server(auth: bool) -> String {
    let root = std::env::temp_dir().join("tether-transfer-tests");
    let _ = std::fs::create_dir_all(&root);
    clean_stale(&root);
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = root.join(format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("server.log");
    let bin = server_binary();
    let (tx, rx) = std::sync::mpsc::channel();
    let data = dir.join("data");
    let log2 = log.clone();
    // The server is spawned from a thread that never ends: PR_SET_PDEATHSIG
    // fires when the spawning thread exits, so the server dies with this
    // process and not before.
    std::thread::spawn(move || {
        let out = std::fs::File::create(&log2).unwrap();
        let mut cmd = Command::new(bin);
        cmd.args([
            "--port",
            "0",
            "--cache-size",
            "256M",
            "--log-level",
            "WARNING",
            "--log-file-max",
            "16MB",
            // configureFailPoint / failCommand, for the fault-injection tests.
            "--enable-test-commands",
        ])
        .arg("--storage-path")
        .arg(&data)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out);
        if auth {
            cmd.arg("--auth");
        }
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        // Never waited for: the server lives as long as the test process
        // (PR_SET_PDEATHSIG ends it with the process).
        #[allow(clippy::zombie_processes)]
        let child = cmd.spawn().expect("the test server starts");
        tx.send(child.id()).unwrap();
        loop {
            std::thread::park();
        }
    });
    let _pid = rx.recv().unwrap();
    let started = Instant::now();
    loop {
        let mut text = String::new();
        if let Ok(mut f) = std::fs::File::open(&log) {
            let _ = f.read_to_string(&mut text);
        }
        if let Some(i) = text.find("listening on ") {
            let addr = text[i + "listening on ".len()..].split_whitespace().next().unwrap().to_string();
            return format!("mongodb://{addr}");
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the test server did not start: {text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Removes storage folders of test processes that are gone.
fn clean_stale(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let pid = name.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// The base URI every test of this process uses.
pub fn base_uri() -> String {
    static URI: OnceLock<String> = OnceLock::new();
    URI.get_or_init(|| std::env::var("TEST_MONGODB_URI").unwrap_or_else(|_| start_server(false))).clone()
}

/// One test's own database.
pub struct TestDb {
    pub name: String,
    pub uri: String,
    pub db: Database,
}

impl TestDb {
    pub async fn new() -> TestDb {
        Self::on(&base_uri()).await
    }

    pub async fn on(uri: &str) -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("tt_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        let client = Client::with_uri_str(uri).await.unwrap();
        let db = client.database(&name);
        TestDb { name, uri: uri.to_string(), db }
    }

    pub fn client(&self) -> &Client {
        self.db.client()
    }

    /// A new database with the default generated dataset.
    pub async fn seeded() -> (TestDb, Manifest) {
        Self::seeded_with(Options::default()).await
    }

    pub async fn seeded_with(opts: Options) -> (TestDb, Manifest) {
        let t = TestDb::new().await;
        let m = generator::generate(&t.db, &opts).await.unwrap();
        (t, m)
    }

    /// The binary, pointed at this database, with root as the operator.
    pub fn cmd(&self) -> Cmd {
        Cmd::new().env("MONGODB_URI", &self.uri).env("TETHER_DB", &self.name).env("TETHER_OPERATOR", ROOT)
    }

    /// Every collection's document count and a hash of its documents' bytes
    /// in _id order: equal snapshots mean a byte-for-byte equal database.
    pub async fn snapshot(&self) -> BTreeMap<String, (u64, String)> {
        let mut out = BTreeMap::new();
        let mut names = self.db.list_collection_names().await.unwrap();
        names.sort();
        for n in names {
            // Execute takes its locks before it re-validates, so a refused
            // execute may leave the tool's (empty) lock collection behind.
            if TOOL_COLLECTIONS.contains(&n.as_str()) && self.count(&n, doc! {}).await == 0 {
                continue;
            }
            let mut cursor =
                self.db.collection::<RawDocumentBuf>(&n).find(doc! {}).sort(doc! { "_id": 1 }).await.unwrap();
            let mut h = Sha256::new();
            let mut count = 0u64;
            while cursor.advance().await.unwrap() {
                h.update(cursor.current().as_bytes());
                count += 1;
            }
            out.insert(n, (count, hex::encode(h.finalize())));
        }
        out
    }

    pub async fn count(&self, collection: &str, filter: Document) -> u64 {
        self.db.collection::<Document>(collection).count_documents(filter).await.unwrap()
    }

    pub async fn find_one(&self, collection: &str, filter: Document) -> Option<Document> {
        self.db.collection::<Document>(collection).find_one(filter).await.unwrap()
    }

    /// The `status` of transfer `id`'s record in auditlogs.
    pub async fn status_of(&self, id: &str) -> String {
        let record = self.find_one("auditlogs", doc! { "transferId": id }).await.expect("the transfer has a record");
        record.get_str("status").expect("the record has a status").to_string()
    }

    pub fn tmp(&self) -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Keep a shared real server tidy; a private test server dies with the process.
        if std::env::var_os("TEST_MONGODB_URI").is_some() {
            let (uri, name) = (self.uri.clone(), self.name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(c) = Client::with_uri_str(&uri).await {
                        let _ = c.database(&name).drop().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A run of the real binary.
pub struct Cmd {
    cmd: Command,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything the run printed.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }
    /// The data on stdout contains `needle`.
    #[track_caller]
    pub fn prints(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout does not print {needle:?}\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
    #[track_caller]
    pub fn says(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr does not say {needle:?}\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

impl Cmd {
    pub fn new() -> Cmd {
        let mut cmd = Command::new(BIN);
        for var in [
            "MONGODB_URI",
            "TETHER_DB",
            "TETHER_OPERATOR",
            "TETHER_RESOURCES",
            "NO_COLOR",
            "TETHER_PROFILE",
            "TETHER_CONFIG",
        ] {
            cmd.env_remove(var);
        }
        // No configuration file but the ones a test writes.
        cmd.env("XDG_CONFIG_HOME", std::env::temp_dir().join("tether-transfer-tests-no-config"));
        // Every execute of the suite checks its undo log against the server's writes.
        cmd.env("TETHER_TRANSFER_CHECK_UNDO", "1");
        cmd.stdin(Stdio::null());
        Cmd { cmd }
    }
    pub fn env(mut self, k: &str, v: &str) -> Cmd {
        self.cmd.env(k, v);
        self
    }
    pub fn env_remove(mut self, k: &str) -> Cmd {
        self.cmd.env_remove(k);
        self
    }
    /// The command with `args`, to start some other way (on a pseudo-terminal: `pty::Pty`).
    pub fn command<S: AsRef<std::ffi::OsStr>>(mut self, args: &[S]) -> Command {
        self.cmd.args(args);
        self.cmd
    }
    /// Runs `line` in a POSIX shell in `dir`, with this command's
    /// environment and `tether-transfer` being the binary under test: a
    /// command line as a person would paste it.
    pub fn shell(self, line: &str, dir: &Path) -> Run {
        let mut sh = Command::new("sh");
        sh.arg("-c").arg(line).current_dir(dir).stdin(Stdio::null());
        for (k, v) in self.cmd.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        let bin_dir = Path::new(BIN).parent().expect("the binary is in a directory");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin_dir.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        sh.env("PATH", std::env::join_paths(dirs).expect("a PATH"));
        let out = sh.output().expect("sh runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
    /// Starts the binary without waiting; see `finish`.
    pub fn spawn<S: AsRef<std::ffi::OsStr>>(mut self, args: &[S]) -> std::process::Child {
        self.cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary starts")
    }

    /// Runs the binary with `input` on its standard input.
    pub fn run_with_stdin<S: AsRef<std::ffi::OsStr>>(mut self, args: &[S], input: String) -> Run {
        use std::io::Write;
        let mut child = self
            .cmd
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        child.stdin.take().expect("piped").write_all(input.as_bytes()).expect("stdin takes the input");
        finish(child)
    }

    pub fn run<S: AsRef<std::ffi::OsStr>>(mut self, args: &[S]) -> Run {
        let out = self.cmd.args(args).output().expect("the binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

pub fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Collections the tool itself writes; everything else is Tether's data.
pub const TOOL_COLLECTIONS: [&str; 4] =
    ["auditlogs", "tether_transfer_locks", "tether_transfer_journal", "tether_transfer_undo"];

/// Every Tether document, by collection and _id: the parsed document and its raw bytes.
pub type Dump = BTreeMap<String, BTreeMap<String, (Document, Vec<u8>)>>;

impl TestDb {
    pub async fn dump(&self) -> Dump {
        let mut out = Dump::new();
        for n in self.db.list_collection_names().await.unwrap() {
            if TOOL_COLLECTIONS.contains(&n.as_str()) {
                continue;
            }
            let mut docs = BTreeMap::new();
            let mut cursor = self.db.collection::<RawDocumentBuf>(&n).find(doc! {}).await.unwrap();
            while cursor.advance().await.unwrap() {
                let raw = cursor.current().to_raw_document_buf();
                let d: Document = raw.to_document().unwrap();
                docs.insert(d.get("_id").unwrap().to_string(), (d, raw.as_bytes().to_vec()));
            }
            out.insert(n, docs);
        }
        out
    }

    /// Writes a plan with `scan …` and returns its path (kept alive by `dir`).
    pub fn scan(&self, dir: &tempfile::TempDir, name: &str, args: &[&str]) -> String {
        let out = s(&dir.path().join(name));
        let mut all = vec!["scan"];
        all.extend_from_slice(args);
        all.extend(["--out", &out]);
        self.cmd().run(&all).expect(0);
        out
    }

    /// The id of the only (or latest) transfer of this database.
    pub async fn last_transfer(&self) -> String {
        let d = self
            .db
            .collection::<Document>("tether_transfer_journal")
            .find_one(doc! {})
            .sort(doc! { "createdAt": -1 })
            .await
            .unwrap()
            .expect("a transfer was started");
        d.get_object_id("_id").unwrap().to_hex()
    }
}

/// Compares two dumps: the same documents, byte for byte.
#[track_caller]
pub fn assert_same_data(a: &Dump, b: &Dump) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "collections differ");
    for (coll, docs) in a {
        let other = &b[coll];
        assert_eq!(docs.len(), other.len(), "{coll}: document counts differ");
        for (id, (_, bytes)) in docs {
            let (d2, b2) = other.get(id).unwrap_or_else(|| panic!("{coll} {id} missing"));
            assert!(bytes == b2, "{coll} {id} differs: {d2}");
        }
    }
}

/// Checks the database after a transfer: each document is `expect(collection,
/// before)`; a document `expect` leaves alone must be byte-for-byte as before.
/// Returns how many documents changed.
#[track_caller]
pub fn assert_transformed(before: &Dump, after: &Dump, expect: impl Fn(&str, &Document) -> Option<Document>) -> usize {
    let mut changed = 0;
    for (coll, docs) in before {
        let now = after.get(coll).unwrap_or_else(|| panic!("collection {coll} vanished"));
        for (id, (d, bytes)) in docs {
            match expect(coll, d) {
                Some(deleted) if deleted.get_bool("__deleted").unwrap_or(false) => {
                    assert!(!now.contains_key(id), "{coll} {id} should be deleted");
                    changed += 1;
                }
                Some(want) => {
                    let (got, _) = now.get(id).unwrap_or_else(|| panic!("{coll} {id} vanished"));
                    assert_eq!(got, &want, "{coll} {id}");
                    changed += 1;
                }
                None => {
                    let (got, b2) = now.get(id).unwrap_or_else(|| panic!("{coll} {id} vanished"));
                    assert!(bytes == b2, "{coll} {id} changed but should not have: {d} -> {got}");
                }
            }
        }
        for id in now.keys() {
            assert!(docs.contains_key(id), "{coll} {id} appeared");
        }
    }
    changed
}

/// Waits for a spawned run.
pub fn finish(child: std::process::Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Polls `f` every 20 ms until it returns Some, for at most `secs` seconds.
pub async fn eventually<T, F: Future<Output = Option<T>>>(secs: u64, mut f: impl FnMut() -> F) -> T {
    let started = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(secs), "timed out after {secs}s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The generator's dataset where the big user owns `docs` documents (the
/// tests that need a run long enough to stop, kill or pause).
pub fn big(docs: u64) -> Options {
    Options { big_user_docs: docs, ..Default::default() }
}

/// Waits until process `pid` is stopped (it reached a TETHER_TRANSFER_STOP_AT point).
pub async fn stopped(pid: i32) {
    eventually(30, || async {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().filter(|s| s.contains(") T "))
    })
    .await;
}

/// Interrupts a stopped process (Ctrl-C) and lets it go on.
pub fn interrupt_and_continue(pid: i32) {
    unsafe {
        libc::kill(pid, libc::SIGINT);
        libc::kill(pid, libc::SIGCONT);
    }
}
