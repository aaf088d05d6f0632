//! The terminal's block of progress lines, laid out for its size: every
//! line within the width (the bars and the names shrink first), kinds with
//! nothing left folded into one line, and no more lines than the height
//! allows (the kinds that do not fit are counted on a line of their own).

use std::time::Instant;

use super::tally::{Tally, human, per_second};

/// The narrowest bar worth drawing; below it, lines go without a bar.
const MIN_BAR: usize = 10;
/// The widest bar drawn, however wide the terminal.
const MAX_BAR: usize = 40;
/// Names are cut (with `…`) to no fewer characters than this.
const MIN_NAME: usize = 8;
/// `  12345/s eta 59m 59s`: the rate and the time left after the overall count.
const TAIL: usize = 21;

/// The lines to draw for a terminal of `cols` × `rows`.
pub(super) fn lines(t: &mut Tally, now: Instant, cols: usize, rows: usize, color: bool) -> Vec<String> {
    let max_lines = rows.saturating_sub(2).max(3);
    let mut out = vec![status(t, cols)];

    let pending: Vec<usize> = (0..t.kinds.len()).filter(|i| t.kinds[*i].pending()).collect();
    let folded = t.kinds.iter().any(|k| !k.pending());
    // status, overall, and the folded line when there is one.
    let fixed = 2 + usize::from(folded);
    let room = max_lines.saturating_sub(fixed);
    let shown: Vec<usize> =
        if pending.len() <= room { pending.clone() } else { choose(&pending, t.active, room.saturating_sub(1)) };
    let hidden: Vec<usize> = pending.iter().copied().filter(|i| !shown.contains(i)).collect();

    let total = t.total();
    let widest_count = total.max(t.done()).to_string().len();
    let mut names: Vec<&str> = shown.iter().map(|i| t.kinds[*i].key.as_str()).collect();
    names.push("overall");
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(7);
    let layout = Layout::new(cols, name_width, widest_count);

    let rate = match t.rate(now) {
        // Nothing moves while paused, whatever the last seconds' pace was.
        _ if t.paused_at.is_some() => "0/s".to_string(),
        Some(r) => format!("{}/s", per_second(r)),
        None => "?/s".to_string(),
    };
    let eta = match t.eta(now) {
        _ if t.paused_at.is_some() => "-".to_string(),
        Some(d) => human(d),
        None => "?".to_string(),
    };
    let tail = format!(" {rate:>8} eta {eta}");
    out.push(fit(&layout.line("overall", t.done(), total, &tail, color.then_some("32")), cols));
    for i in &shown {
        let k = &t.kinds[*i];
        out.push(fit(&layout.line(&k.key, k.done, k.total, "", color.then_some("36")), cols));
    }
    if !hidden.is_empty() {
        let left: u64 = hidden.iter().map(|i| t.kinds[*i].total - t.kinds[*i].done).sum();
        let names: Vec<String> = hidden.iter().map(|i| t.kinds[*i].key.clone()).collect();
        out.push(more_line(&names, left, cols));
    }
    if folded {
        let done: Vec<String> = t.kinds.iter().filter(|k| k.finished && !k.empty()).map(|k| k.key.clone()).collect();
        let empty: Vec<String> = t.kinds.iter().filter(|k| k.empty()).map(|k| k.key.clone()).collect();
        out.push(folded_line(&done, &empty, cols));
    }
    out.truncate(max_lines);
    out
}

/// The line above the bars: which transfer, and what it does now; the
/// first wording that fits the width (the command to go on, whole).
fn status(t: &Tally, cols: usize) -> String {
    let id = t.id.map(|i| i.to_hex()).unwrap_or_default();
    let head = format!("Transfer {id}: ");
    let candidates: Vec<String> = if t.paused_at.is_some() {
        let go_on = format!("tether-transfer continue {id}");
        vec![
            format!("{head}paused; go on with: {go_on}"),
            format!("paused; go on with: {go_on}"),
            format!("paused: {go_on}"),
        ]
    } else if let Some(reason) = &t.waiting {
        vec![format!("{head}{reason}"), reason.clone()]
    } else {
        let doing = t.doing();
        match t.max_rate {
            Some(r) => vec![
                format!("{head}{doing}, at most {r} documents/s"),
                format!("{head}{doing}, at most {r}/s"),
                format!("{head}{doing}"),
            ],
            None => vec![format!("{head}{doing}")],
        }
    };
    let fitting = candidates.iter().find(|c| c.chars().count() <= cols);
    fitting.cloned().unwrap_or_else(|| fit(candidates.last().expect("one wording at least"), cols))
}

/// `count` of `pending` to show as bars: the kind moving now first, then
/// those after it, then those before (in the plan's order on screen).
fn choose(pending: &[usize], active: Option<usize>, count: usize) -> Vec<usize> {
    let at = active.and_then(|a| pending.iter().position(|p| *p == a)).unwrap_or(0);
    let mut chosen: Vec<usize> = pending[at..].iter().chain(pending[..at].iter().rev()).copied().take(count).collect();
    chosen.sort_unstable();
    chosen
}

/// Where each part of a bar's line goes.
struct Layout {
    name: usize,
    bar: usize,
    count: usize,
}

impl Layout {
    /// `name [bar] done/total`, then the overall's tail: the bar takes what
    /// the width leaves, and the names give way when it would be too short.
    fn new(cols: usize, name: usize, count: usize) -> Layout {
        let fixed = 4 + 2 * count + 1 + TAIL;
        let mut name = name;
        let mut bar = cols.saturating_sub(fixed + name);
        if bar < MIN_BAR {
            name = name.min(cols.saturating_sub(fixed + MIN_BAR).max(MIN_NAME));
            bar = cols.saturating_sub(fixed + name);
        }
        if bar < MIN_BAR {
            bar = 0;
        }
        Layout { name, bar: bar.min(MAX_BAR), count }
    }

    fn line(&self, name: &str, done: u64, total: u64, tail: &str, color: Option<&str>) -> String {
        let name = cut(name, self.name);
        let counts = format!("{done:>w$}/{total:<w$}", w = self.count);
        if self.bar == 0 {
            return format!("{name:>w$} {}{tail}", counts.trim_end(), w = self.name);
        }
        let inner = self.bar;
        let filled = if total == 0 { inner } else { ((done.min(total) as f64 / total as f64) * inner as f64) as usize };
        let head = if done > 0 && filled < inner { ">" } else { "" };
        let drawn = format!("{}{head}", "=".repeat(filled.min(inner)));
        let drawn = match color {
            Some(c) if !drawn.is_empty() => format!("\x1b[{c}m{drawn}\x1b[0m"),
            _ => drawn,
        };
        let rest = " ".repeat(inner.saturating_sub(filled + head.len()));
        let line = format!("{name:>w$} [{drawn}{rest}] {counts}{tail}", w = self.name);
        if tail.is_empty() { line.trim_end().to_string() } else { line }
    }
}

/// `text` within `cols` characters, cut with `…`.
fn fit(text: &str, cols: usize) -> String {
    if visible_len(text) <= cols { text.to_string() } else { cut(text, cols) }
}

/// At most `width` characters of a plain `text`, the last one `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Characters a terminal shows (colour codes take none).
fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// The kinds with nothing left, in one line of at most `cols`: as many
/// names as fit, then `+N more` for the rest, so that every kind is named or
/// counted.
fn folded_line(done: &[String], empty: &[String], cols: usize) -> String {
    let all = done.len() + empty.len();
    for shown in (0..=all).rev() {
        let mut parts = Vec::new();
        let (d, e) = (shown.min(done.len()), shown.saturating_sub(done.len()));
        if d > 0 {
            parts.push(format!("done: {}", done[..d].join(", ")));
        }
        if e > 0 {
            parts.push(format!("nothing to move: {}", empty[..e].join(", ")));
        }
        let mut text = parts.join("; ");
        if shown < all {
            text.push_str(&format!("{}+{} more", if text.is_empty() { "" } else { " " }, all - shown));
        }
        if text.chars().count() <= cols {
            return text;
        }
    }
    cut(&format!("+{all} more"), cols)
}

/// The kinds with documents left that the height has no room for:
/// `+N more kinds: a, b, … (X documents)`, names as the width allows.
fn more_line(names: &[String], left: u64, cols: usize) -> String {
    let n = names.len();
    let end = format!(" ({left} documents)");
    for shown in (0..=n).rev() {
        let listed = names[..shown].join(", ");
        let text = match shown {
            0 => format!("+{n} more kinds{end}"),
            _ if shown < n => format!("+{n} more kinds: {listed}, …{end}"),
            _ => format!("+{n} more kinds: {listed}{end}"),
        };
        if text.chars().count() <= cols {
            return text;
        }
    }
    cut(&format!("+{n} more kinds{end}"), cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mongodb::bson::oid::ObjectId;
    use std::time::Duration;

    /// The generator's big transfer: 15 kinds with documents, 2 without.
    fn big() -> Vec<(String, u64, u64)> {
        let names = [
            ("contacts", 6000),
            ("conversations", 10400),
            ("assigneeConversations", 0),
            ("automations", 500),
            ("workflows", 300),
            ("webchatConfigurations", 100),
            ("acquiredItems", 300),
            ("emailAccounts", 100),
            ("calendarConnections", 100),
            ("calendarToolConfigurations", 100),
            ("googleSheetsTokens", 100),
            ("unfiredReminders", 666),
            ("promptCount", 600),
            ("voicePhoneNumbers", 100),
            ("automationKeys", 200),
            ("agents", 100),
            ("approvalPolicies", 0),
        ];
        names.iter().map(|(k, n)| (k.to_string(), *n, 0)).collect()
    }

    fn running() -> (Tally, Instant) {
        let t0 = Instant::now();
        let mut t = Tally::new(t0);
        t.started(ObjectId::new(), &big(), t0);
        t.phase = Some(crate::db::journal::Phase::Moving);
        for s in 1..=6 {
            t.advanced("contacts", 1000, t0 + Duration::from_secs(s));
        }
        t.kind_finished("contacts");
        t.advanced("conversations", 3750, t0 + Duration::from_secs(8));
        (t, t0 + Duration::from_secs(8))
    }

    /// How many kinds the lines account for: a bar each, the `+N more
    /// kinds` line's N, and the folded line's names and `+M more`.
    fn accounted(lines: &[String]) -> usize {
        let bars = lines.iter().filter(|l| l.contains(" [") && !l.trim_start().starts_with("overall")).count();
        let count_after_plus = |l: &str| l.split('+').nth(1).and_then(|s| s.split(' ').next()?.parse::<usize>().ok());
        let more = lines.iter().find(|l| l.starts_with('+')).and_then(|l| count_after_plus(l)).unwrap_or(0);
        let folded = lines
            .iter()
            .find(|l| l.starts_with("done: ") || l.starts_with("nothing to move: "))
            .map(|l| {
                let names = big().iter().filter(|(k, _, _)| l.contains(&format!(" {k}"))).count();
                names + count_after_plus(l).unwrap_or(0)
            })
            .unwrap_or(0);
        bars + more + folded
    }

    #[test]
    fn at_80_by_24_every_line_fits_and_every_kind_is_on_screen() {
        let (mut t, now) = running();
        let lines = lines(&mut t, now, 80, 24, false);
        for l in &lines {
            assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
        }
        assert!(lines.len() <= 22, "{lines:#?}");
        assert!(lines[1].starts_with("                   overall ["), "{lines:#?}");
        assert!(lines[1].contains(" 9750/19666"), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("             conversations [") && l.ends_with("3750/10400")));
        assert_eq!(lines.last().unwrap(), "done: contacts; nothing to move: assigneeConversations, approvalPolicies");
        // The overall bar, and one for each of the 14 kinds with documents left.
        assert_eq!(lines.iter().filter(|l| l.contains(" [")).count(), 15, "{lines:#?}");
        assert_eq!(accounted(&lines), 17, "{lines:#?}");
    }

    #[test]
    fn a_short_terminal_counts_the_kinds_that_do_not_fit_and_a_narrow_one_cuts_names() {
        let (mut t, now) = running();
        let lines = lines(&mut t, now, 80, 12, false);
        assert_eq!(lines.len(), 10, "{lines:#?}");
        assert!(
            lines.iter().any(|l| l.trim_start().starts_with("conversations [")),
            "the moving kind shows: {lines:#?}"
        );
        let more = lines.iter().find(|l| l.starts_with('+')).expect("a line for the rest");
        assert!(more.starts_with("+") && more.contains(" more kinds: "), "{more}");
        assert_eq!(accounted(&lines), 17, "{lines:#?}");
        for cols in [40, 60, 100, 200] {
            for l in super::lines(&mut t, now, cols, 24, true) {
                assert!(visible_len(&l) <= cols, "{cols}: {} wide: {l}", visible_len(&l));
            }
        }
    }

    #[test]
    fn a_paused_run_says_how_to_go_on_and_shows_no_time_left() {
        let (mut t, now) = running();
        t.paused(true, now);
        let lines = lines(&mut t, now + Duration::from_secs(2), 120, 40, false);
        let id = t.id.unwrap();
        assert_eq!(lines[0], format!("Transfer {id}: paused; go on with: tether-transfer continue {id}"));
        assert!(lines[1].ends_with(" 0/s eta -"), "{}", lines[1]);
        // Narrower: the command to go on stays whole.
        let narrow = super::lines(&mut t, now, 60, 24, false);
        assert_eq!(narrow[0], format!("paused: tether-transfer continue {id}"));
    }
}
