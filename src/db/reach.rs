//! Whether the server can be reached, said in one sentence that names the
//! address and the cause: an address that refuses the connection is said
//! at once (the driver's server selection would wait out the whole connect
//! timeout), and a timeout says which hosts were tried and for how long.

use std::time::Duration;

use mongodb::options::ServerAddress;

use crate::error::CliError;
use crate::text::and_list;

/// How long the quick check waits for a TCP connection per host: an answer
/// (accepted or refused) comes at once from a host that is up; anything
/// slower is left to the driver.
const PROBE: Duration = Duration::from_secs(2);

/// Why a host cannot be reached, known at once.
enum Away {
    /// Nothing listens at that address.
    Refused,
    /// The name resolves to no address (the resolver's words).
    NoAddress(String),
}

/// When every host is known at once to be out of reach (its name resolves
/// to no address, or nothing listens there), the error that says so for
/// each; None otherwise (one accepted, or did not answer in time: the
/// driver decides).
pub async fn all_refused(hosts: &[ServerAddress], timeout: Duration) -> Option<CliError> {
    use futures_util::StreamExt;
    let wait = PROBE.min(timeout);
    // All at once; the first host that may be reachable ends the check.
    let mut probes: futures_util::stream::FuturesUnordered<_> = hosts
        .iter()
        .map(|h| async move {
            let ServerAddress::Tcp { host, port } = h else { return (h, None) };
            let addr = (host.trim_start_matches('[').trim_end_matches(']').to_string(), port.unwrap_or(27017));
            let away = match tokio::time::timeout(wait, tokio::net::lookup_host(addr)).await {
                // A resolver that could not answer now (EAI_AGAIN) may
                // answer the driver's retries: left to the driver.
                Ok(Err(e)) => {
                    let why = resolver_words(&e);
                    (!why.starts_with("Temporary failure")).then_some(Away::NoAddress(why))
                }
                Ok(Ok(found)) => {
                    let found: Vec<std::net::SocketAddr> = found.collect();
                    let answer = tokio::time::timeout(wait, tokio::net::TcpStream::connect(&found[..])).await;
                    matches!(answer, Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused)
                        .then_some(Away::Refused)
                }
                Err(_) => None,
            };
            (h, away)
        })
        .collect();
    let (mut refused, mut nameless) = (Vec::new(), Vec::new());
    while let Some((h, away)) = probes.next().await {
        match away {
            None => return None,
            Some(Away::Refused) => refused.push(h.to_string()),
            Some(Away::NoAddress(why)) => {
                let ServerAddress::Tcp { host, .. } = h else { continue };
                nameless.push((host.clone(), why));
            }
        }
    }
    refused.sort();
    nameless.sort();
    let mut said = Vec::new();
    nameless.dedup();
    if !nameless.is_empty() {
        let names: Vec<String> = nameless.iter().map(|(n, _)| n.clone()).collect();
        let (which, resolve) = if names.len() == 1 { ("name", "resolves") } else { ("names", "resolve") };
        said.push(if nameless.iter().all(|(_, why)| *why == nameless[0].1) {
            format!("the host {which} {} {resolve} to no address ({})", and_list(&names), nameless[0].1)
        } else {
            let each: Vec<String> = nameless.iter().map(|(n, why)| format!("{n} ({why})")).collect();
            format!("the host {which} {} {resolve} to no address", and_list(&each))
        });
    }
    if !refused.is_empty() {
        said.push(format!("{} refused the connection (nothing listens there)", and_list(&refused)));
    }
    let hint = if nameless.is_empty() {
        "Check the host and port in --uri, MONGODB_URI or the profile's uri, and that the server is running."
    } else {
        "Check the host names in --uri, MONGODB_URI or the profile's uri, and this machine's DNS (or VPN)."
    };
    Some(CliError::unexpected(format!("Cannot reach the MongoDB server: {}.", said.join("; "))).with_hint(hint))
}

/// The resolver's reason, without the standard library's preamble.
fn resolver_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.trim_start_matches("failed to lookup address information: ").to_string()
}

/// A `mongodb+srv://` string whose DNS records cannot be read: one sentence
/// that names the record looked for and what DNS answered.
pub fn srv_unresolved(uri: &str, message: &str) -> CliError {
    let name = super::uri::hosts(uri)
        .unwrap_or_default()
        .into_iter()
        .find_map(|h| h.0.strip_prefix("srv:").map(str::to_string))
        .unwrap_or_else(|| "its host".into());
    let answer = if message.contains("no records found") { "no such record".to_string() } else { message.to_string() };
    CliError::unexpected(format!(
        "Cannot reach the MongoDB server: a mongodb+srv:// string names its servers in DNS, and DNS has no readable SRV record _mongodb._tcp.{name} ({answer})."
    ))
    .with_hint("Check the cluster's host name in --uri, MONGODB_URI or the profile's uri, and this machine's DNS (or VPN); or give its servers in a mongodb:// string.")
}

/// The driver's error for a ping that found no server: which hosts were
/// tried, for how long, and what each answered.
/// `tls`: the string asks for TLS, which a server without it never answers.
pub fn unreachable(e: mongodb::error::Error, tried: &[String], timeout: Duration, tls: bool) -> CliError {
    if !matches!(e.kind.as_ref(), mongodb::error::ErrorKind::ServerSelection { .. }) {
        return CliError::from(e);
    }
    let causes = causes(&e.to_string());
    let what = if causes.is_empty() { format!("{} did not answer", tried.join(", ")) } else { causes.join("; ") };
    CliError::unexpected(format!(
        "Cannot reach the MongoDB server: no server answered within {} s: {}.",
        timeout.as_secs(),
        what.trim_end_matches('.')
    ))
    .with_hint(if tls {
        "This connection string asks for TLS (tls=true or ssl=true): a server without TLS never answers its handshake. Check that the server has TLS on, or leave TLS out; else check the hosts, that the server is running and reachable from here, and --connect-timeout."
    } else {
        "Check --uri, MONGODB_URI or the profile's uri, that the server is running and reachable from here, and --connect-timeout."
    })
    .with_source(e)
}

/// Each server's error from the driver's topology description
/// (`{ Address: h:p, …, Error: Kind: I/O error: …, labels: …}`), as
/// `h:p: I/O error: …`.
fn causes(message: &str) -> Vec<String> {
    message
        .split("{ Address: ")
        .skip(1)
        .filter_map(|server| {
            let address = server.split([',', ' ']).next()?;
            let error = server.split_once("Error: ")?.1;
            let error = error.trim_start_matches("Kind: ");
            let end =
                [", labels:", ", source:", " }"].iter().filter_map(|m| error.find(m)).min().unwrap_or(error.len());
            Some(format!("{address}: {}", error[..end].trim()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_servers_error_is_named_with_its_address() {
        let m = "Kind: Server selection timeout: No available servers. Topology: { Type: Unknown, Servers: [ { Address: 10.0.0.9:27017, Type: Unknown, Error: Kind: I/O error: timed out, labels: {}, source: None } ] }, labels: {}";
        assert_eq!(super::causes(m), ["10.0.0.9:27017: I/O error: timed out"]);
        assert!(
            super::causes(
                "Kind: Server selection timeout: No available servers. Topology: { Type: Unknown, Servers: [] }"
            )
            .is_empty()
        );
    }
}
