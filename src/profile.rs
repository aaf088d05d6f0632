//! Where the time goes. With `TETHER_TRANSFER_PROFILE=1` the tool adds up
//! the wall time of its stages (each a wait on the server, or the tool's own
//! work) and prints them on stderr when it exits, with the process's own CPU
//! time, so a slow run can be told apart: the tool computing, or the server
//! answering. Off, it costs one relaxed load per stage.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STAGES: Mutex<BTreeMap<String, (Duration, u64)>> = Mutex::new(BTreeMap::new());
static STARTED: OnceLock<Option<Instant>> = OnceLock::new();

/// Whether profiling is on (decided once, from the environment).
pub fn enabled() -> bool {
    STARTED.get_or_init(|| std::env::var_os("TETHER_TRANSFER_PROFILE").map(|_| Instant::now())).is_some()
}

/// Runs `fut`, adding its wall time to `stage`.
pub async fn timed<T>(stage: impl AsRef<str>, fut: impl IntoFuture<Output = T>) -> T {
    if !enabled() {
        return fut.await;
    }
    let t = Instant::now();
    let out = fut.await;
    add(stage.as_ref(), t.elapsed());
    out
}

/// Adds `d` to `stage`.
pub fn add(stage: &str, d: Duration) {
    if !enabled() {
        return;
    }
    let mut stages = STAGES.lock().unwrap();
    let e = stages.entry(stage.to_string()).or_default();
    e.0 += d;
    e.1 += 1;
}

/// Adds `n` to the calls of `stage` (a count: documents, statements).
pub fn count(stage: &str, n: u64) {
    if !enabled() || n == 0 {
        return;
    }
    STAGES.lock().unwrap().entry(stage.to_string()).or_default().1 += n;
}

/// The process's user and system CPU time.
fn cpu() -> (Duration, Duration) {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64);
    (tv(u.ru_utime), tv(u.ru_stime))
}

/// The report, when profiling is on: one line per stage (total, calls,
/// mean), then the whole run's wall time and the tool's CPU time.
pub fn report() -> Option<String> {
    let started = (*STARTED.get()?)?;
    let stages = STAGES.lock().unwrap();
    let mut out = String::from("profile: stage                          total s  calls   mean ms\n");
    for (stage, (total, calls)) in stages.iter() {
        out.push_str(&format!(
            "profile: {stage:<30} {:>8.3} {calls:>6} {:>9.2}\n",
            total.as_secs_f64(),
            total.as_secs_f64() * 1000.0 / *calls as f64
        ));
    }
    let (user, system) = cpu();
    out.push_str(&format!(
        "profile: wall {:.3} s, tool CPU {:.3} s user + {:.3} s system\n",
        started.elapsed().as_secs_f64(),
        user.as_secs_f64(),
        system.as_secs_f64()
    ));
    Some(out)
}
