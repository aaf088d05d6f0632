//! Did-you-mean: which of the names a person may have meant by what they
//! typed. Pure; the candidates come from the database (`db::names`), the
//! configuration file (profiles) or a fixed list (roles).

/// At most this many suggestions.
pub const MAX: usize = 3;

/// How far (in edits) a suggestion may be from what was typed: a third of
/// its length, at least 1 and at most 3, so that a long email is not
/// "close" to every other email of its domain.
fn reach(typed: &str) -> usize {
    (typed.chars().count() / 3).clamp(1, 3)
}

/// `s` as names are compared: lower case, accents and other marks left out
/// (`Zürich` and `zurich`, `Île` and `ile` are one name), and the letters
/// that are not a letter with a mark written as people type them without
/// (`ß` as `ss`, `æ` as `ae`, `ø` as `o`, `ł` as `l`).
pub fn fold(s: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut out = String::with_capacity(s.len());
    for c in s.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out
}

/// The items one of whose `keys` is `typed` in another case or without its
/// accents (`fold`), or within a few edits of it (optimal string alignment:
/// insertions, deletions, substitutions and transpositions of neighbours,
/// case and accents ignored); closest
/// first, then in alphabetical order of their first key, which names them:
/// one item per first key, at most `MAX`.
pub fn rank<'a, T>(typed: &str, items: &'a [T], keys: impl Fn(&T) -> Vec<&str>) -> Vec<&'a T> {
    let typed = fold(typed.trim());
    let reach = reach(&typed);
    let mut scored: Vec<(usize, &str, &T)> = items
        .iter()
        .filter_map(|item| {
            let keys = keys(item);
            let name = *keys.first()?;
            let d = keys.iter().filter(|k| !k.is_empty()).map(|k| strsim::osa_distance(&typed, &fold(k))).min()?;
            (d <= reach).then_some((d, name, item))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<&T> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (_, name, item) in scored {
        if !names.contains(&name) {
            names.push(name);
            out.push(item);
        }
        if out.len() == MAX {
            break;
        }
    }
    out
}

/// The names among `candidates` closest to `typed` (`rank` on strings).
pub fn names(typed: &str, candidates: &[String]) -> Vec<String> {
    rank(typed, candidates, |c| vec![c.as_str()]).into_iter().cloned().collect()
}

/// `base` as a sentence: with `; did you mean "A", "B" or "C"?` when
/// there are suggestions (each as `shown` renders it), else a full stop.
pub fn sentence(base: &str, suggestions: &[String], shown: impl Fn(&str) -> String) -> String {
    match suggestions {
        [] => format!("{base}."),
        [one] => format!("{base}; did you mean {}?", shown(one)),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| shown(s)).collect();
            format!("{base}; did you mean {} or {}?", init.join(", "), shown(last))
        }
    }
}

/// A name as messages quote it.
pub fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn another_case_and_small_typos_are_offered_best_first() {
        let orgs = v(&["Acme Corp", "Globex", "Initech", "Umbrella", "Umbrella", "Tether Platform"]);
        assert_eq!(names("globex", &orgs), ["Globex"]);
        assert_eq!(names("Globx", &orgs), ["Globex"]);
        assert_eq!(names("INITECH", &orgs), ["Initech"]);
        assert_eq!(names("umbrela", &orgs), ["Umbrella"], "one suggestion per distinct name");
        assert!(names("Hooli", &orgs).is_empty());
        let emails = v(&["alice.admin@acme.test", "bob.admin@acme.test", "dana.head@acme.test"]);
        assert_eq!(names("alcie.admin@acme.test", &emails), ["alice.admin@acme.test"], "a transposition is one edit");
        assert!(names("carol.admin@acme.test", &emails).is_empty(), "three edits at most, whatever the length");
        let depts = v(&["Sales", "Support", "Marketing", "Archive"]);
        assert_eq!(names("sales", &depts), ["Sales"]);
        assert_eq!(names("Suport", &depts), ["Support"]);
        // At most three, closest first, then alphabetical.
        let many = v(&["abcd", "abce", "abcf", "abc", "abcde"]);
        assert_eq!(names("abcd", &many).len(), MAX);
        assert_eq!(names("abcd", &many)[0], "abcd");
    }

    #[test]
    fn unicode_names_are_compared_by_character() {
        let names_ = v(&["Société Générale", "Zürich \"Nord\""]);
        assert_eq!(names("SOCIÉTÉ GÉNÉRAL", &names_), ["Société Générale"], "unicode case, one edit");
        assert_eq!(names("zürich \"nord\"", &names_), ["Zürich \"Nord\""]);
        assert_eq!(names("ZÜRICH \"NORD\"", &names_), ["Zürich \"Nord\""]);
    }

    #[test]
    fn accents_are_left_out_of_the_comparison() {
        assert_eq!(fold("Zürich Île-de-France ÅNGSTRÖM"), "zurich ile-de-france angstrom");
        assert_eq!(fold("Straße Æther Œuvre Øst Łódź Þór"), "strasse aether oeuvre ost lodz thor");
        assert_eq!(fold("Zu\u{0308}rich"), "zurich", "a mark written as its own character");
        let depts = v(&["Zürich", "Île-de-France", "Ventes Nord", "São Paulo", "Straße"]);
        assert_eq!(names("zurich", &depts), ["Zürich"]);
        assert_eq!(names("Ile de France", &depts), ["Île-de-France"]);
        assert_eq!(names("Sao Paolo", &depts), ["São Paulo"], "no accent and one transposition");
        assert_eq!(names("strasse", &depts), ["Straße"]);
        assert_eq!(names("Zürich", &v(&["Zurich", "Zug"])), ["Zurich"], "either way round");
    }

    #[test]
    fn sentences_name_the_suggestions() {
        assert_eq!(sentence("No org", &[], quoted), "No org.");
        assert_eq!(sentence("No org", &v(&["A"]), quoted), "No org; did you mean \"A\"?");
        assert_eq!(sentence("No org", &v(&["A", "B"]), quoted), "No org; did you mean \"A\" or \"B\"?");
        assert_eq!(sentence("No org", &v(&["A", "B", "C"]), quoted), "No org; did you mean \"A\", \"B\" or \"C\"?");
    }
}
