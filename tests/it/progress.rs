//! What execute shows while documents move, read as a person reads it: the
//! bars on a pseudo-terminal (rendered by vt100: what fits on the screen,
//! after Ctrl-C, after a resume), and a CI log (stderr piped, each line
//! timed as it arrives).

use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tether_transfer::generator::BIG_TO_INITECH;

use crate::common::*;
use crate::pty::Pty;

/// The resource kinds a plan names, in its order.
fn plan_kinds(plan: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(plan).unwrap()).unwrap();
    v["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap().to_string()).collect()
}

/// The `done` of the screen's overall bar (`overall [===>  ] 600/3100 ...`).
fn overall(screen: &str) -> Option<(u64, u64, String)> {
    let row = screen.lines().find(|l| l.trim_start().starts_with("overall ["))?;
    let after = row.split("] ").nth(1)?;
    let mut words = after.split_whitespace();
    let (done, total) = words.next()?.split_once('/')?;
    let rate = words.next()?.to_string();
    Some((done.parse().ok()?, total.parse().ok()?, rate))
}

/// Checks the block of progress lines on `rows` (a screen of `height` rows,
/// 80 columns): from `Transfer <id>: …` on, every row is whole (a bar, the
/// kinds counted for want of room, or the kinds with nothing left), never
/// the wrapped end of a longer one, and every kind of the plan is there.
#[track_caller]
fn check_block(screen: &str, kinds: &[String], height: usize) {
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows.len() <= height, "{screen}");
    let top = rows.iter().position(|r| r.starts_with("Transfer ") && r.contains(": moving")).expect(screen);
    let block: Vec<&str> = rows[top + 1..].iter().copied().take_while(|r| !r.is_empty()).collect();
    let (mut bars, mut counted, mut folded) = (0, 0, 0);
    let plus = |r: &str| r.split('+').nth(1).and_then(|s| s.split(' ').next()?.parse::<usize>().ok());
    for row in &block {
        assert!(row.chars().count() <= 80, "{row}");
        let trimmed = row.trim_start();
        let name = trimmed.split(" [").next().unwrap();
        if name == "overall" || kinds.iter().any(|k| k == name) {
            let counts = trimmed.split("] ").nth(1).unwrap_or_else(|| panic!("a cut bar: {row}\n{screen}"));
            let first = counts.split_whitespace().next().unwrap();
            assert!(first.split('/').all(|n| n.parse::<u64>().is_ok()), "no count on the bar's row: {row}\n{screen}");
            bars += usize::from(name != "overall");
        } else if trimmed.starts_with('+') && trimmed.contains(" more kinds") {
            counted += plus(trimmed).unwrap();
        } else if trimmed.starts_with("done: ") || trimmed.starts_with("nothing to move: ") {
            folded += kinds.iter().filter(|k| trimmed.contains(&format!(" {k}"))).count() + plus(trimmed).unwrap_or(0);
        } else {
            panic!("a row that is no whole line of the block (a wrapped bar?): {row:?}\n{screen}");
        }
    }
    assert!(block.iter().any(|r| r.trim_start().starts_with("overall [")), "{screen}");
    assert_eq!(bars + counted + folded, kinds.len(), "every kind, as a bar, counted or folded:\n{screen}");
}

#[tokio::test]
async fn bars_fit_an_80_column_terminal_and_its_height() {
    for height in [24u16, 12] {
        let (t, _) = TestDb::seeded_with(big(3000)).await;
        let dir = t.tmp();
        let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH);
        let kinds = plan_kinds(&plan);
        let args = ["execute", &plan, "-y", "--max-rate", "1500", "--batch-size", "50"];
        let pty = Pty::spawn(t.cmd().command(&args), height, 80);
        let moving = |s: &str| overall(s).is_some_and(|(done, _, _)| done >= 1200) && s.contains(": moving");
        let screen = pty.wait_until(moving, Duration::from_secs(30)).unwrap_or_else(|s| panic!("no bars:\n{s}"));
        println!("80x{height}, while moving:\n{screen}\n");
        check_block(&screen, &kinds, height as usize);
        if height == 12 {
            assert!(screen.contains(" more kinds"), "{screen}");
        }
        let (code, end) = pty.finish();
        assert_eq!(code, 0, "{end}");
        assert!(end.contains("completed"), "{end}");
        assert!(!end.contains("overall ["), "the bars are cleared at the end: {end}");
    }
}

#[tokio::test]
async fn ctrl_c_leaves_no_second_drawing_and_a_resume_shows_its_own_rate() {
    let (t, _) = TestDb::seeded_with(big(3000)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH);
    let mut pty =
        Pty::spawn(t.cmd().command(&["execute", &plan, "-y", "--max-rate", "400", "--batch-size", "40"]), 24, 80);
    let before = pty
        .wait_until(|s| overall(s).is_some_and(|(done, _, _)| done >= 600), Duration::from_secs(30))
        .unwrap_or_else(|s| panic!("no bars:\n{s}"));
    println!("80x24, before the interruption:\n{before}\n");
    pty.send("\x03");
    let at = pty.wait_for("Interrupted: stopping after the current batch", Duration::from_secs(10));
    // Right then: one block at most (it may be cleared already), never two.
    let count = |s: &str, what: &str| s.lines().filter(|l| l.contains(what)).count();
    assert!(count(&at, "overall [") <= 1 && count(&at, ": moving") <= 1, "drawn twice:\n{at}");
    let code = pty.wait();
    let all = pty.transcript();
    println!("80x24, after Ctrl-C:\n{}\n", pty.screen());
    assert_eq!(code, 7, "{all}");
    assert_eq!(all.matches("Interrupted: stopping").count(), 1, "{all}");
    assert!(all.contains("failed part-way"), "{all}");
    // The block was cleared, and no copy of it, or of a line of it, stayed behind.
    assert_eq!(count(&all, " ["), 0, "{all}");
    assert_eq!(count(&all, ": moving"), 0, "{all}");
    drop(pty);

    // Resumed at 150 a second: the rate shown is this run's, not thousands
    // (the documents moved before are no speed of it).
    let id = t.last_transfer().await;
    let args = ["execute", "--resume", &id, "--max-rate", "150", "--batch-size", "15"];
    let pty = Pty::spawn(t.cmd().command(&args), 24, 80);
    pty.wait_for("overall [", Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(4));
    let after = pty.screen();
    println!("80x24, resumed (--max-rate 150):\n{after}\n");
    let (done, total, rate) = overall(&after).expect(&after);
    let rate: f64 = rate.trim_end_matches("/s").parse().expect(&after);
    // About 150 (less on a loaded machine, where batches take longer than the limit asks).
    assert!((30.0..=300.0).contains(&rate), "the rate shown is {rate}/s, not about 150/s:\n{after}");
    assert!(done >= 600 && done < total, "{after}");
    check_block(&after, &plan_kinds(&plan), 24);
    // Faster, to end the test sooner.
    t.cmd().run(&["continue", &id, "--max-rate", "100000"]).expect(0);
    let (code, end) = pty.finish();
    assert_eq!(code, 0, "{end}");
    assert_eq!(t.status_of(&id).await, "completed");
}

/// A child's stderr, line by line, each with when it arrived.
struct TimedLines {
    lines: Arc<Mutex<Vec<(Duration, String)>>>,
}

impl TimedLines {
    fn read(from: impl std::io::Read + Send + 'static, since: Instant) -> TimedLines {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(from).lines().map_while(Result::ok) {
                sink.lock().unwrap().push((since.elapsed(), line));
            }
        });
        TimedLines { lines }
    }

    fn all(&self) -> Vec<(Duration, String)> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits for a line that `ok` accepts (the `nth`, from 1).
    #[track_caller]
    fn wait(&self, nth: usize, ok: impl Fn(&str) -> bool) -> (Duration, String) {
        let started = Instant::now();
        loop {
            if let Some(l) = self.all().into_iter().filter(|(_, l)| ok(l)).nth(nth - 1) {
                return l;
            }
            assert!(started.elapsed() < Duration::from_secs(40), "no such line: {:#?}", self.all());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The documents moved of a progress line (`  moving: 150/590 documents (25%); …`).
fn moved(line: &str) -> Option<u64> {
    line.split(": ").nth(1)?.split('/').next()?.parse().ok()
}

#[tokio::test]
async fn a_ci_log_gets_a_line_every_interval_while_documents_move_and_while_paused() {
    const EVERY: f64 = 3.0;
    // A loaded machine's scheduling, and the pipe: well under the interval.
    const SLACK: f64 = 2.0;
    let (t, _) = TestDb::seeded_with(big(600)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH);
    let args = ["execute", &plan, "-y", "--max-rate", "50", "--batch-size", "10", "--progress-interval", "3"];
    let since = Instant::now();
    let mut child = t.cmd().spawn(&args);
    let log = TimedLines::read(child.stderr.take().unwrap(), since);
    let out = TimedLines::read(child.stdout.take().unwrap(), since);
    let progress = |l: &str| l.ends_with(" elapsed]");

    // Moving, then paused from another terminal for long enough to show it.
    let (_, first) = log.wait(1, |l| l.starts_with("Transfer ") && l.contains(" documents in "));
    let id = first.split([' ', ':']).nth(1).unwrap().to_string();
    log.wait(1, |l| l.starts_with("  moving: ") && moved(l).is_some_and(|n| n >= 100));
    t.cmd().run(&["pause", &id]).expect(0);
    log.wait(2, |l| l.starts_with("  paused for "));
    t.cmd().run(&["continue", &id]).expect(0);
    let run = child.wait().unwrap();
    assert!(run.success(), "{:#?}", log.all());
    std::thread::sleep(Duration::from_millis(200));
    let lines = log.all();
    let text: Vec<String> = lines.iter().map(|(at, l)| format!("{:6.2} {l}", at.as_secs_f64())).collect();
    println!("the CI log:\n{}\n", text.join("\n"));

    // A line at least every interval, from the start to the final record.
    let ticks: Vec<(Duration, &str)> =
        lines.iter().filter(|(_, l)| progress(l)).map(|(a, l)| (*a, l.as_str())).collect();
    let started = lines.iter().find(|(_, l)| l.starts_with("Transfer ")).unwrap().0;
    let end = lines.iter().find(|(_, l)| l.contains(" completed. Check it any time")).expect("the final sentence").0;
    let mut last = started;
    for (at, line) in &ticks {
        assert!(
            (*at - last).as_secs_f64() <= EVERY + SLACK,
            "{:.1} s of silence before {line}\n{}",
            (*at - last).as_secs_f64(),
            text.join("\n")
        );
        assert!(*at <= end, "a progress line after the final record: {line}");
        last = *at;
    }
    assert!((end - last).as_secs_f64() <= EVERY + SLACK, "{}", text.join("\n"));
    assert!(ticks.len() >= 4, "{}", text.join("\n"));

    // What each says: the phase, the counts overall and per kind, the rate and the time left.
    let moving: Vec<&str> = ticks.iter().map(|(_, l)| *l).filter(|l| l.starts_with("  moving: ")).collect();
    assert!(moving.len() >= 2, "{}", text.join("\n"));
    for line in &moving {
        assert!(line.contains(" documents (") && line.contains("%); "), "{line}");
        let per_kind = line.split("; ").nth(1).unwrap();
        assert!(
            per_kind.split(", ").any(|k| k.rsplit(' ').next().unwrap().split('/').all(|n| n.parse::<u64>().is_ok()))
                || per_kind.contains(" to go ("),
            "no count per kind: {line}"
        );
        let rate: f64 =
            line.split("/s (at most 50/s)").next().unwrap().rsplit(' ').next().unwrap().parse().expect(line);
        assert!((10.0..=100.0).contains(&rate), "{rate}/s at --max-rate 50: {line}");
        assert!(["left [", "no estimate yet [", "almost done ["].iter().any(|w| line.contains(w)), "{line}");
    }
    let paused: Vec<&str> = ticks.iter().map(|(_, l)| *l).filter(|l| l.starts_with("  paused for ")).collect();
    assert!(paused.len() >= 2, "{}", text.join("\n"));
    assert!(paused[0].contains(&format!("tether-transfer continue {id} goes on")), "{}", paused[0]);
    assert!(out.all().iter().all(|(_, l)| !progress(l)), "progress lines belong on stderr");
}

#[tokio::test]
async fn json_lines_stay_one_event_per_batch_with_no_progress_text() {
    let (t, _) = TestDb::seeded_with(big(300)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH);
    let args =
        ["execute", &plan, "-y", "--json", "--max-rate", "150", "--batch-size", "10", "--progress-interval", "1"];
    let run = t.cmd().run(&args);
    run.expect(0);
    assert!(!run.stderr.contains("elapsed]"), "{}", run.stderr);
    let lines: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let (record, events) = lines.split_last().unwrap();
    assert_eq!(record["status"], "completed");
    assert_eq!(events[0]["event"], "started");
    let batches: Vec<&serde_json::Value> = events.iter().filter(|e| e["event"] == "batch").collect();
    assert!(batches.len() >= 30, "{}", run.stdout);
    for b in &batches {
        let mut keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["count", "event", "kind", "processed", "total"], "{b}");
    }
    let moved: u64 = batches.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(moved, record["progress"]["processed"].as_u64().unwrap());
    // Out of range: a usage error, as the other flags.
    for bad in ["0", "3601", "ten"] {
        t.cmd().run(&["execute", &plan, "-y", "--progress-interval", bad]).expect(2).says("--progress-interval");
    }
}

#[tokio::test]
async fn a_ci_log_shows_a_run_waiting_for_a_lock() {
    let (t, _) = TestDb::seeded_with(big(200)).await;
    let dir = t.tmp();
    let plan = t.scan(&dir, "p.json", &BIG_TO_INITECH);
    // Another transfer of the same user, scanned before the first starts.
    let other = t.scan(&dir, "q.json", &["department", "--user", "big.owner@acme.test", "--to", "Marketing"]);
    // A run that holds the locks and stops (alive, its lease current).
    let holder = t.cmd().env("TETHER_TRANSFER_STOP_AT", "batch-committed").spawn(&["execute", &plan, "-y"]);
    stopped(holder.id() as i32).await;
    let since = Instant::now();
    let mut child = t.cmd().spawn(&["execute", &other, "-y", "--lock-wait", "7", "--progress-interval", "2"]);
    let log = TimedLines::read(child.stderr.take().unwrap(), since);
    let code = child.wait().unwrap().code();
    std::thread::sleep(Duration::from_millis(200));
    let lines = log.all();
    let text: Vec<String> = lines.iter().map(|(at, l)| format!("{:6.2} {l}", at.as_secs_f64())).collect();
    println!("waiting for a lock:\n{}\n", text.join("\n"));
    assert_eq!(code, Some(5), "{}", text.join("\n"));
    let waiting: Vec<&(Duration, String)> =
        lines.iter().filter(|(_, l)| l.starts_with("  still taking the locks [")).collect();
    assert!(waiting.len() >= 3, "{}", text.join("\n"));
    for pair in waiting.windows(2) {
        assert!((pair[1].0 - pair[0].0).as_secs_f64() <= 4.0, "{}", text.join("\n"));
    }
    // The error comes last: no line after it.
    assert!(
        lines.last().unwrap().1.starts_with("  hint:") || lines.last().unwrap().1.starts_with("error:"),
        "{}",
        text.join("\n")
    );
    unsafe {
        libc::kill(holder.id() as i32, libc::SIGKILL);
    }
    finish(holder);
}
