//! A pseudo-terminal for tests that read what a person sees: the real
//! binary on a terminal of a given size (its controlling terminal, so that
//! Ctrl-C typed there interrupts it), input typed into it, and its output
//! rendered by vt100 into the screen a person would be looking at.

use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Pty {
    child: Child,
    /// The terminal's side: what is written here is typed.
    master: std::fs::File,
    parser: Arc<Mutex<vt100::Parser>>,
    reader: Option<JoinHandle<()>>,
    cols: u16,
}

/// Lines the screen (and its scrollback) keeps.
const SCROLLBACK: usize = 2_000;

impl Pty {
    /// Starts `cmd` on a new terminal of `rows` × `cols`: its stdin, stdout
    /// and stderr, in a session of its own whose controlling terminal it is.
    pub fn spawn(cmd: Command, rows: u16, cols: u16) -> Pty {
        Self::spawn_with(cmd, rows, cols, None)
    }

    /// `spawn`, with standard error to `stderr` instead (a terminal for
    /// input and output, not for errors).
    pub fn spawn_with(mut cmd: Command, rows: u16, cols: u16, stderr: Option<Stdio>) -> Pty {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
        // SAFETY: openpty writes the two descriptors it opens.
        let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: each descriptor is fresh (dup) and owned by one File.
        let side = || unsafe { Stdio::from(std::fs::File::from_raw_fd(libc::dup(slave))) };
        cmd.stdin(side()).stdout(side()).stderr(stderr.unwrap_or_else(side));
        cmd.env("TERM", "xterm-256color").env_remove("COLUMNS").env_remove("LINES");
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("the binary starts on the terminal");
        // The child holds the terminal's other side now: once it ends, reads end.
        drop(cmd);
        // SAFETY: `slave` is ours, and closed once.
        unsafe { libc::close(slave) };
        // SAFETY: `master` is ours; the writer is a duplicate.
        let (mut from, to) =
            unsafe { (std::fs::File::from_raw_fd(master), std::fs::File::from_raw_fd(libc::dup(master))) };
        let rows = std::num::NonZeroU16::new(rows.max(1)).unwrap();
        let wide = std::num::NonZeroU16::new(cols.max(1)).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, wide, SCROLLBACK)));
        let reader = std::thread::spawn({
            let parser = parser.clone();
            move || {
                let mut buf = [0u8; 8192];
                // EIO once the child and everything it started are gone.
                while let Ok(n) = from.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    parser.lock().unwrap().process(&buf[..n]);
                }
            }
        });
        Pty { child, master: to, parser, reader: Some(reader), cols }
    }

    /// Types `text` (`"\x03"` is Ctrl-C, `"\r"` is Enter).
    pub fn send(&mut self, text: &str) {
        self.master.write_all(text.as_bytes()).expect("the terminal takes the input");
    }

    /// The screen's rows as a person reads them (trailing blanks dropped).
    pub fn rows(&self) -> Vec<String> {
        let p = self.parser.lock().unwrap();
        p.screen().rows(0, self.cols).map(|r| r.trim_end().to_string()).collect()
    }

    /// The screen, a line per row.
    pub fn screen(&self) -> String {
        self.rows().join("\n")
    }

    /// Everything that scrolled off the top, then the screen.
    pub fn transcript(&self) -> String {
        let mut p = self.parser.lock().unwrap();
        let height = usize::from(p.screen().size().0.get());
        p.screen_mut().set_scrollback(usize::MAX);
        let above = p.screen().scrollback();
        let mut lines: Vec<String> = Vec::new();
        // The view moves up by `above` rows: read it a screen at a time, downwards.
        let mut offset = above;
        loop {
            p.screen_mut().set_scrollback(offset);
            let view: Vec<String> = p.screen().rows(0, self.cols).map(|r| r.trim_end().to_string()).collect();
            let take = if offset == 0 { height } else { offset.min(height) };
            lines.extend(view.into_iter().take(take));
            if offset == 0 {
                break;
            }
            offset = offset.saturating_sub(height);
        }
        p.screen_mut().set_scrollback(0);
        lines.join("\n")
    }

    /// Waits until the screen shows `text`; returns the screen. Panics with
    /// the screen after `timeout`.
    #[track_caller]
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(|screen| screen.contains(text), timeout)
            .unwrap_or_else(|screen| panic!("the screen did not show {text:?} within {timeout:?}:\n{screen}"))
    }

    /// Waits for `text`, then until the screen holds still for a moment (a
    /// question's line is drawn before its list: a screen read at its first
    /// line may not have the list yet). Not for a screen that keeps moving
    /// (progress bars): `wait_for`.
    pub fn wait_still(&self, text: &str, timeout: Duration) -> String {
        const STILL: Duration = Duration::from_millis(200);
        let mut screen = self.wait_for(text, timeout);
        let started = Instant::now();
        let mut since = Instant::now();
        while since.elapsed() < STILL && started.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(25));
            let now = self.screen();
            if now != screen {
                screen = now;
                since = Instant::now();
            }
        }
        screen
    }

    /// Waits until `ok(screen)`; the screen then, or the last one seen after `timeout`.
    pub fn wait_until(&self, ok: impl Fn(&str) -> bool, timeout: Duration) -> Result<String, String> {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return Ok(screen);
            }
            if started.elapsed() > timeout {
                return Err(screen);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for the program to end, and returns its exit code and the last screen.
    pub fn finish(mut self) -> (i32, String) {
        let code = self.wait();
        (code, self.screen())
    }

    /// Waits (60 s at most, then kills it) for the program to end, and for
    /// its last output: its exit code (128 + the signal when one ended it).
    pub fn wait(&mut self) -> i32 {
        let started = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("still running after 60 s:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.reader.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
