//! A connection string as text: its user info read as the driver reads it,
//! its secrets (to scrub from every message), the string shown without
//! them, and its hosts as the driver parses them (to compare deployments).
//!
//! The driver cuts the options at the first `?`, then the user info at the
//! *last* `@` before them, then the user name at the first `:`; a password
//! holding an unencoded `/ ? # [ ] @ :` or a lone `%` is refused. A string
//! the driver refuses never connects, but it is still shown (`config show`)
//! and echoed in errors: its secrets are then read generously (the text
//! after the user name up to *any* `@`), so that no part of a password
//! shows whatever it holds.

use mongodb::options::{ConnectionString, HostInfo, ServerAddress};

/// The connection-string options whose values are secrets too.
pub const SECRET_OPTIONS: [&str; 3] = ["tlsCertificateKeyFilePassword", "authMechanismProperties", "proxyPassword"];

/// What a password may not hold unencoded, for the driver.
const RESERVED: [char; 7] = [':', '/', '?', '#', '[', ']', '@'];

/// The text after `scheme://`.
fn after_scheme(uri: &str) -> Option<&str> {
    uri.split_once("://").map(|(_, rest)| rest)
}

/// The user info as the driver cuts it: before the last `@` that comes
/// before the first `?`.
fn userinfo(uri: &str) -> Option<&str> {
    let rest = after_scheme(uri)?;
    let head = rest.split_once('?').map(|(h, _)| h).unwrap_or(rest);
    head.rsplit_once('@').map(|(info, _)| info)
}

/// The password as written (percent-encoded or not), as the driver reads it.
pub fn password(uri: &str) -> Option<&str> {
    let (_, password) = userinfo(uri)?.split_once(':')?;
    (!password.is_empty()).then_some(password)
}

/// The user name as written, if the string names one.
pub fn user(uri: &str) -> Option<&str> {
    let info = userinfo(uri)?;
    let name = info.split_once(':').map(|(u, _)| u).unwrap_or(info);
    (!name.is_empty()).then_some(name)
}

/// Whether the driver accepts the string (no DNS lookup: an SRV name is not resolved).
pub fn parses(uri: &str) -> bool {
    ConnectionString::parse(uri).is_ok()
}

/// Why the user info cannot be used as written, in one sentence that quotes
/// none of it; None when it is fine. (The driver's own message for these
/// can quote a piece of the password: `…:Zx?9kQ@h` reads as host `…:Zx`.)
pub fn userinfo_problem(uri: &str) -> Option<&'static str> {
    let unencoded = |s: &str| {
        s.contains(RESERVED)
            || s.split('%').skip(1).any(|p| p.len() < 2 || !p[..2].chars().all(|c| c.is_ascii_hexdigit()))
    };
    if parses(uri) {
        return None;
    }
    let generous = generous_passwords(uri);
    if generous.iter().any(|p| unencoded(p)) || user(uri).is_some_and(unencoded) {
        return Some(
            "The connection string's user name or password holds a character that must be percent-encoded (: / ? # [ ] @ or a % not followed by two hexadecimal digits); encode it (/ as %2F, ? as %3F, @ as %40, : as %3A, % as %25), or keep the password out of the string (a profile's passwordEnv or passwordCommand).",
        );
    }
    None
}

/// Every text that may be the password of a string the driver refuses: the
/// text after the user name's `:` up to an `@` that a host list could
/// follow (no other `@` before the next `/` or `?`: in `p@ss@h`, `p` is not
/// a password, `p@ss` is).
fn generous_passwords(uri: &str) -> Vec<&str> {
    let Some(rest) = after_scheme(uri) else { return Vec::new() };
    let Some(colon) = rest.find(':') else { return Vec::new() };
    rest.match_indices('@')
        .filter(|(at, _)| *at > colon + 1)
        .filter(|(at, _)| !rest[at + 1..].split(['/', '?']).next().unwrap_or("").contains('@'))
        .map(|(at, _)| &rest[colon + 1..at])
        .collect()
}

/// One option of a query, as written: `key=value`, its `key` and its `value`.
struct Pair<'a> {
    whole: &'a str,
    key: &'a str,
    value: &'a str,
}

/// The options of a query; a segment that holds no `=` is read as part of
/// the value before it (an unencoded `&` in a value: `proxyPassword=ab&cd`
/// is one value, not a value and a stray `cd`).
fn options(query: &str) -> Vec<Pair<'_>> {
    // (start of the key, end of the key, end of the value)
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = 0;
    for segment in query.split('&') {
        let end = at + segment.len();
        match segment.find('=') {
            Some(eq) => spans.push((at, at + eq, end)),
            None => {
                if let Some(last) = spans.last_mut() {
                    last.2 = end;
                }
            }
        }
        at = end + 1;
    }
    spans
        .into_iter()
        .map(|(start, eq, end)| Pair { whole: &query[start..end], key: &query[start..eq], value: &query[eq + 1..end] })
        .collect()
}

fn is_secret(key: &str) -> bool {
    SECRET_OPTIONS.iter().any(|o| o.eq_ignore_ascii_case(key))
}

/// The values of `SECRET_OPTIONS` in the string, as written.
fn secret_options(uri: &str) -> Vec<&str> {
    let Some(rest) = after_scheme(uri) else { return Vec::new() };
    let Some((_, query)) = rest.split_once('?') else { return Vec::new() };
    options(query).into_iter().filter(|p| !p.value.is_empty() && is_secret(p.key)).map(|p| p.value).collect()
}

/// Every secret of a connection string, as written: its password (read as
/// the driver reads it, or generously when the driver refuses the string)
/// and the values of `SECRET_OPTIONS`; longest first, so that a scrub
/// replaces a secret before any shorter one inside it.
pub fn secrets(uri: &str) -> Vec<String> {
    let mut out: Vec<String> = if parses(uri) {
        password(uri).into_iter().map(str::to_string).collect()
    } else {
        // Read generously, a candidate of one or two characters would
        // blank every such letter of every message: those are left out (a
        // password the driver reads is scrubbed whatever its length).
        generous_passwords(uri)
            .into_iter()
            .filter(|p| p.chars().count() >= 3)
            .chain(password(uri))
            .map(str::to_string)
            .collect()
    };
    for value in secret_options(uri) {
        out.push(value.to_string());
        // The driver reads each piece of a value an unencoded & cut as an
        // option of its own, and may quote it.
        out.extend(value.split('&').filter(|p| *p != value && p.chars().count() >= 3).map(str::to_string));
    }
    out.retain(|s| !s.is_empty());
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// The string for display: the password and the secret options' values as
/// `****`. A string the driver refuses shows nothing of its user info but
/// the user name.
pub fn redact(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else { return uri.to_string() };
    let mut rest = rest.to_string();
    if parses(uri) {
        if let Some(p) = password(uri) {
            let info = userinfo(uri).expect("a password is in the user info");
            let user = &info[..info.len() - p.len() - 1];
            rest = format!("{user}:****{}", &rest[info.len()..]);
        }
    } else if let (Some(colon), Some(at)) = (rest.find(':'), rest.rfind('@'))
        && colon < at
    {
        rest = format!("{}:****{}", &rest[..colon], &rest[at..]);
    }
    let mut out = format!("{scheme}://{rest}");
    for v in secret_options(uri) {
        out = out.replace(&format!("={v}"), "=****");
    }
    out
}

/// The string with `password` as its password (percent-encoded), keeping
/// the user name; unchanged when it names no user.
pub fn with_password(uri: &str, password: &str) -> String {
    let (Some((scheme, rest)), Some(info)) = (uri.split_once("://"), userinfo(uri)) else { return uri.to_string() };
    let name = info.split_once(':').map(|(u, _)| u).unwrap_or(info);
    format!("{scheme}://{name}:{}{}", encode(password), &rest[info.len()..])
}

/// The string without its password and without the secret options (the
/// user name stays): what a detached run may be given in its arguments.
pub fn without_secrets(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else { return uri.to_string() };
    let mut rest = match userinfo(uri) {
        Some(info) => {
            let name = info.split_once(':').map(|(u, _)| u).unwrap_or(info);
            format!("{name}{}", &rest[info.len()..])
        }
        None => rest.to_string(),
    };
    if let Some((head, query)) = rest.clone().split_once('?') {
        let kept: Vec<&str> = options(query).into_iter().filter(|p| !is_secret(p.key)).map(|p| p.whole).collect();
        rest = if kept.is_empty() { head.to_string() } else { format!("{head}?{}", kept.join("&")) };
    }
    format!("{scheme}://{rest}")
}

/// `s` percent-encoded: everything but letters, digits and `-._~`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A host as the driver parses it, for comparing deployments: lower-case,
/// the default port written out (`localhost` and `LOCALHOST:27017` are one
/// host); an SRV name as `srv:name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Host(pub String);

impl Host {
    pub fn of(address: &ServerAddress) -> Host {
        match address {
            ServerAddress::Tcp { host, port } => {
                let host = host.trim_start_matches('[').trim_end_matches(']').to_lowercase();
                let host = host.trim_end_matches('.');
                Host(format!("{host}:{}", port.unwrap_or(27017)))
            }
            other => Host(other.to_string().to_lowercase()),
        }
    }

    /// `host:port` as written in `hello` (`me`, `hosts`): parsed as the driver would.
    pub fn parse(text: &str) -> Option<Host> {
        ServerAddress::parse(text).ok().map(|a| Host::of(&a))
    }

    /// The host name and port, when it is a TCP address.
    pub fn name_and_port(&self) -> Option<(&str, u16)> {
        let (name, port) = self.0.rsplit_once(':')?;
        Some((name, port.parse().ok()?))
    }
}

/// The hosts of a connection string, as the driver parses it (sorted, each
/// once); None when the driver refuses the string.
pub fn hosts(uri: &str) -> Option<Vec<Host>> {
    let parsed = ConnectionString::parse(uri).ok()?;
    let mut out: Vec<Host> = match &parsed.host_info {
        HostInfo::HostIdentifiers(list) => list.iter().map(Host::of).collect(),
        HostInfo::DnsRecord(name) => vec![Host(format!("srv:{}", name.to_lowercase().trim_end_matches('.')))],
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    Some(out)
}

/// The replica set a connection string names (`replicaSet=`), if any.
pub fn replica_set(uri: &str) -> Option<String> {
    ConnectionString::parse(uri).ok()?.replica_set
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Passwords of every form: each must be found whole, and gone from the
    /// string shown.
    const FORMS: [(&str, &str); 10] = [
        ("mongodb://ops:s3cret@h:1/db", "s3cret"),
        ("mongodb://ops:s3cr%40t%2F%3F%3A%25@h:1/db?authSource=admin", "s3cr%40t%2F%3F%3A%25"),
        ("mongodb://ops:Zx/9kQ@host/", "Zx/9kQ"),
        ("mongodb://ops:Zx?9kQ@host/", "Zx?9kQ"),
        ("mongodb://ops:Zx?9k=Q@host/db?w=1", "Zx?9k=Q"),
        ("mongodb://ops:p@ss@h:1/", "p@ss"),
        ("mongodb://ops:a:b:c@h:1/", "a:b:c"),
        ("mongodb://ops:50%@h:1/", "50%"),
        ("mongodb+srv://ops:Zx/9kQ@cluster0.example.net/", "Zx/9kQ"),
        ("mongodb://ops:p%ZZ#x@h1:1,h2:2/db", "p%ZZ#x"),
    ];

    #[test]
    fn every_form_of_password_is_found_whole_and_never_shown() {
        for (uri, pw) in FORMS {
            let found = secrets(uri);
            assert!(found.iter().any(|s| s == pw), "{uri}: {found:?}");
            let shown = redact(uri);
            assert!(!shown.contains(pw), "{uri} shows as {shown}");
            assert!(shown.contains("ops:****@"), "{uri} shows as {shown}");
            // No piece of it either (of 3 or more characters).
            for piece in pw.split(RESERVED).filter(|p| p.len() >= 3) {
                assert!(!shown.contains(piece), "{uri} shows {piece} in {shown}");
            }
        }
    }

    #[test]
    fn the_password_is_read_as_the_driver_reads_it() {
        assert_eq!(password("mongodb://u:s3cr%40t@h:1/db?x=1"), Some("s3cr%40t"));
        assert_eq!(password("mongodb://u@h:1/db"), None);
        assert_eq!(password("mongodb://h:1/db?authSource=a@b"), None);
        assert_eq!(password("mongodb+srv://a:b:c@h/db"), Some("b:c"));
        // The driver cuts the user info at the last @ before the options.
        assert_eq!(password("mongodb://u:p@ss@h:1/"), Some("p@ss"));
        assert_eq!(user("mongodb://alice%40acme@h/"), Some("alice%40acme"));
        // A query's @ is not user info: nothing to scrub in a valid string.
        assert!(secrets("mongodb://h:1/db?appName=a@b").is_empty());
    }

    #[test]
    fn secret_options_are_secrets_too() {
        let uri = "mongodb://u:pw@h/db?tls=true&tlsCertificateKeyFilePassword=k3y&authMechanismProperties=AWS_SESSION_TOKEN:t0k";
        assert_eq!(secrets(uri), ["AWS_SESSION_TOKEN:t0k", "k3y", "pw"]);
        assert_eq!(secrets("mongodb://h/?proxyHost=p&proxyUsername=u&proxyPassword=Pr0xy"), ["Pr0xy"]);
        assert_eq!(
            redact(uri),
            "mongodb://u:****@h/db?tls=true&tlsCertificateKeyFilePassword=****&authMechanismProperties=****"
        );
        assert_eq!(without_secrets(uri), "mongodb://u@h/db?tls=true");
        assert!(secrets("mongodb://h/db?appName=x").is_empty());
        // An unencoded & in a secret value: the whole value, not its first part.
        let uri = "mongodb://h/?proxyHost=p&proxyPassword=ab&c/d&&ssl=true";
        assert_eq!(secrets(uri), ["ab&c/d&", "c/d"], "and its pieces, as the driver may quote them");
        assert_eq!(redact(uri), "mongodb://h/?proxyHost=p&proxyPassword=****&ssl=true");
        assert_eq!(without_secrets(uri), "mongodb://h/?proxyHost=p&ssl=true");
    }

    #[test]
    fn a_password_is_put_in_encoded_and_taken_out_whole() {
        let uri = with_password("mongodb://ops@h:1/db?authSource=admin", "Zx/9k?Q@:%");
        assert_eq!(uri, "mongodb://ops:Zx%2F9k%3FQ%40%3A%25@h:1/db?authSource=admin");
        assert!(parses(&uri));
        assert_eq!(without_secrets(&uri), "mongodb://ops@h:1/db?authSource=admin");
        assert_eq!(with_password("mongodb://h:1/", "x"), "mongodb://h:1/");
    }

    #[test]
    fn a_user_info_the_driver_refuses_is_explained_without_quoting_it() {
        for (uri, pw) in FORMS.iter().skip(2) {
            if parses(uri) {
                continue;
            }
            let why = userinfo_problem(uri).unwrap_or_else(|| panic!("{uri}"));
            assert!(!why.contains(pw));
        }
        assert_eq!(userinfo_problem("mongodb://ops:fine@h/"), None);
    }

    #[test]
    fn hosts_compare_as_the_driver_parses_them() {
        let a = hosts("mongodb://LocalHost,db2.Example.com:27018/?replicaSet=rs").unwrap();
        let b = hosts("mongodb://u:p@db2.example.com:27018,localhost:27017/db").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            hosts("mongodb+srv://Cluster0.Example.net/").unwrap(),
            vec![Host("srv:cluster0.example.net".into())]
        );
        assert_eq!(Host::parse("[::1]:27017"), Some(Host("::1:27017".into())));
        assert_eq!(replica_set("mongodb://h/?replicaSet=prod").as_deref(), Some("prod"));
        assert_eq!(hosts("mongodb://ops:Zx/9kQ@host/"), None);
    }
}
