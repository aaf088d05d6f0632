//! Whether the server can be reached, said in one sentence that names the
//! address and the cause: an address that refuses the connection is said
//! at once (the driver's server selection would wait out the whole connect
//! timeout), and a timeout says which hosts were tried and for how long.

use std::time::Duration;

use mongodb::options::ServerAddress;

use crate::error::CliError;

/// How long the quick check waits for a TCP connection per host: an answer
/// (accepted or refused) comes at once from a host that is up; anything
/// slower is left to the driver.
const PROBE: Duration = Duration::from_secs(2);

/// When every host refuses the connection (nothing listens there), the
/// error that says so; None otherwise (one accepted, or did not answer in
/// time: the driver decides).
pub async fn all_refused(hosts: &[ServerAddress], timeout: Duration) -> Option<CliError> {
    use futures_util::StreamExt;
    // All at once; the first host that does not refuse ends the check.
    let mut probes: futures_util::stream::FuturesUnordered<_> = hosts
        .iter()
        .map(|h| async move {
            let ServerAddress::Tcp { host, port } = h else { return (h, false) };
            let addr = (host.trim_start_matches('[').trim_end_matches(']').to_string(), port.unwrap_or(27017));
            let answer = tokio::time::timeout(PROBE.min(timeout), tokio::net::TcpStream::connect(addr)).await;
            (h, matches!(answer, Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused))
        })
        .collect();
    let mut refused = Vec::new();
    while let Some((h, was_refused)) = probes.next().await {
        if !was_refused {
            return None;
        }
        refused.push(h.to_string());
    }
    refused.sort();
    let (last, rest) = refused.split_last()?;
    let who = if rest.is_empty() {
        format!("{last} refused the connection")
    } else {
        format!("{} and {last} refused the connection", rest.join(", "))
    };
    Some(CliError::unexpected(format!("Cannot reach the MongoDB server: {who} (nothing listens there).")).with_hint(
        "Check the host and port in --uri, MONGODB_URI or the profile's uri, and that the server is running.",
    ))
}

/// The driver's error for a ping that found no server: which hosts were
/// tried, for how long, and what each answered.
pub fn unreachable(e: mongodb::error::Error, tried: &[String], timeout: Duration) -> CliError {
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
    .with_hint("Check --uri, MONGODB_URI or the profile's uri, that the server is running and reachable from here, and --connect-timeout.")
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
