//! Connection to the Tether database, and the tenancy entities (users,
//! departments, organizations) read through the registry's names.

pub mod approvals;
pub mod candidates;
pub mod deployment;
pub mod entities;
pub mod identity;
pub mod indexes;
pub mod journal;
pub mod labels;
pub mod locks;
pub mod names;
pub mod op;
mod reach;
pub mod record;
pub mod retry;
pub mod setting;
pub mod shards;
pub mod undo;
pub mod uri;

use std::time::Duration;

use mongodb::bson::doc;
use mongodb::options::ClientOptions;
use mongodb::{Client, Database};
use serde::{Deserialize, Serialize};

use crate::error::{CliError, Result, db_error};
use crate::registry::Registry;

/// Where a plan was scanned (the deployment): hosts and database name, the
/// replica set's name from `hello`, the deployment's id and its cluster's
/// (`db::deployment`) where known, and the profile used, if any; never
/// credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub hosts: Vec<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_set: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The deployment record's id (`tether_transfer_deployment`), when the database has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    /// The cluster the server says it is (a replica set's id), when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// The members the server names (`hello`'s `me`, `hosts`, …), as the
    /// driver parses them: what the deployment calls itself, whatever
    /// address reached it (a tunnel's far end says the same; a copy
    /// restored on other servers does not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

impl Target {
    /// Whether `other` is another deployment (`difference` says how).
    pub fn differs(&self, other: &Target) -> bool {
        self.difference(other).is_some()
    }

    /// How `other` is another deployment, in words; None: the same one.
    /// Where both have a deployment id, the id decides, with the database's
    /// name and what the servers say they are: the cluster where both know
    /// it, else their members (another address of the same deployment, a
    /// tunnel, a moved DNS name, is the same one; a copy of the database
    /// restored on other servers carries the record but neither the
    /// cluster nor the members). Otherwise: another database name or set of
    /// hosts (as the driver parses them), or (where both say) another
    /// replica set or cluster. The profile is a person's name for a
    /// deployment, not the deployment: two people may name the same one
    /// differently.
    pub fn difference(&self, other: &Target) -> Option<String> {
        let both = |a: &Option<String>, b: &Option<String>| a.clone().zip(b.clone()).filter(|(a, b)| a != b);
        if self.name != other.name {
            return Some(format!("the database ({} / {})", self.name, other.name));
        }
        if let Some((a, b)) = both(&self.cluster_id, &other.cluster_id) {
            return Some(format!("the cluster ({a} / {b})"));
        }
        if let (Some(a), Some(b)) = (&self.deployment_id, &other.deployment_id) {
            if a != b {
                return Some(format!("the deployment id ({a} / {b})"));
            }
            let clusters_known = self.cluster_id.is_some() && other.cluster_id.is_some();
            let disjoint = !self.members.is_empty()
                && !other.members.is_empty()
                && !self.members.iter().any(|m| other.members.contains(m));
            if !clusters_known && disjoint {
                return Some(format!(
                    "the servers ({} / {}): a copy of the database on other servers",
                    self.members.join(","),
                    other.members.join(",")
                ));
            }
            return None;
        }
        let hosts = |t: &Target| {
            let mut h: Vec<String> =
                t.hosts.iter().map(|h| uri::Host::parse(h).map(|h| h.0).unwrap_or_else(|| h.to_lowercase())).collect();
            h.sort();
            h.dedup();
            h
        };
        if hosts(self) != hosts(other) {
            return Some(format!("the hosts ({} / {})", self.hosts.join(","), other.hosts.join(",")));
        }
        both(&self.replica_set, &other.replica_set).map(|(a, b)| format!("the replica set ({a} / {b})"))
    }

    /// The members of a `hello` answer, parsed as the driver parses hosts,
    /// sorted.
    pub fn members_of(named: &[String]) -> Vec<String> {
        let mut m: Vec<String> = named.iter().filter_map(|h| uri::Host::parse(h)).map(|h| h.0).collect();
        m.sort();
        m.dedup();
        m
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = &self.profile {
            write!(f, "profile {p}: ")?;
        }
        write!(f, "{}/{}", self.hosts.join(","), self.name)?;
        if let Some(rs) = &self.replica_set {
            write!(f, " (replica set {rs})")?;
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct Db {
    pub client: Client,
    pub db: Database,
    pub target: Target,
    pub registry: Registry,
    /// The run's profile and test hooks.
    pub hooks: std::sync::Arc<crate::hooks::Hooks>,
    /// The sessions this process runs its transactions in, one per
    /// transaction under way; their ids are stored with the locks so that
    /// whoever takes them over can end a transaction this process left open
    /// by dying.
    pub sessions: std::sync::Arc<tokio::sync::Mutex<Vec<mongodb::ClientSession>>>,
    /// The indexes of the collections read so far.
    pub indexes: indexes::Cache,
    /// A replica set or a sharded cluster, and the registry collections' shard keys.
    pub topology: std::sync::Arc<shards::Topology>,
    /// The deployment's own record, read as the connection opened (or why it cannot be).
    pub deployment: deployment::Found,
    /// The user name the connection string gave credentials for, if any:
    /// such a connection is never a declared identity.
    pub credentials: Option<String>,
}

impl Db {
    /// Ends the pooled sessions and shuts the client down (its clones stop
    /// working), waiting for no other handle.
    pub async fn close(self) {
        self.sessions.lock().await.clear();
        self.client.clone().shutdown().immediate(true).await;
    }

    /// Opens the `n` transaction sessions of this process and returns their `lsid`s.
    pub async fn session_ids(&self, n: usize) -> Result<Vec<mongodb::bson::Document>> {
        let mut pool = self.sessions.lock().await;
        while pool.len() < n {
            pool.push(self.client.start_session().await.map_err(CliError::from)?);
        }
        Ok(pool.iter().map(|s| s.id().clone()).collect())
    }
}

/// Connection settings, validated before anything is sent.
pub struct ConnectOptions<'a> {
    pub uri: Option<&'a str>,
    pub db: Option<&'a str>,
    pub timeout: Duration,
    /// The run's profile and test hooks (`Hooks::default()`: none).
    pub hooks: std::sync::Arc<crate::hooks::Hooks>,
    /// The configuration profile in use, recorded with the deployment.
    pub profile: Option<String>,
    /// Whether to ask the server which cluster it is (`replSetGetConfig`):
    /// only what binds a plan or an approval to the deployment, or compares
    /// them, needs it; under a role without that action each ask is an
    /// authorization failure in the server's log.
    pub cluster: bool,
}

/// Every read decides something (re-validation, the locks, the sweep, the
/// undo log): from the primary, majority-committed, whatever the connection
/// string asks (`readPreference=secondaryPreferred` is common in operations
/// tooling and would read a lagging secondary). Every write, and every
/// transaction's commit, is acknowledged by a majority: a batch recorded as
/// done survives a failover.
pub fn pin(options: &mut ClientOptions) {
    use mongodb::options::{Acknowledgment, ReadConcern, SelectionCriteria, WriteConcern};
    options.selection_criteria = Some(SelectionCriteria::ReadPreference(mongodb::options::ReadPreference::Primary));
    options.read_concern = Some(ReadConcern::majority());
    options.write_concern = Some(WriteConcern::builder().w(Acknowledgment::Majority).build());
}

pub async fn connect(opts: ConnectOptions<'_>, registry: Registry) -> Result<Db> {
    let uri = opts
        .uri
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| {
            CliError::usage(
                "No connection string: pass --uri, set MONGODB_URI, or use a profile that has a uri (--profile NAME, TETHER_PROFILE, or the configuration file's default).",
            )
            .with_hint("`tether-transfer config list` lists the profiles; `tether-transfer config show` says where each setting comes from.")
        })?;
    if !(uri.starts_with("mongodb://") || uri.starts_with("mongodb+srv://")) {
        return Err(CliError::usage("The connection string must start with mongodb:// or mongodb+srv://."));
    }
    // The driver's own words for a user info it refuses can quote a piece of the password.
    if let Some(why) = uri::userinfo_problem(uri) {
        return Err(CliError::usage(why));
    }
    let mut options = ClientOptions::parse(uri).await.map_err(|e| match e.kind.as_ref() {
        mongodb::error::ErrorKind::InvalidArgument { message, .. } => {
            CliError::usage(format!("The connection string is not valid: {}", message.trim_end_matches('.')) + ".")
        }
        mongodb::error::ErrorKind::DnsResolve { message, .. } => reach::srv_unresolved(uri, message),
        _ => db_error(&e),
    })?;
    pin(&mut options);
    options.connect_timeout = Some(opts.timeout);
    options.server_selection_timeout = Some(opts.timeout);
    if options.app_name.is_none() {
        options.app_name = Some("tether-transfer".into());
    }
    let name = opts
        .db
        .map(str::to_string)
        .or_else(|| options.default_database.clone())
        .unwrap_or_else(|| "tether".to_string());
    if name.is_empty() || name.contains(['/', '\\', '.', ' ', '"', '$']) {
        return Err(CliError::usage(format!("\"{name}\" is not a valid database name.")));
    }
    let hosts = options.hosts.iter().map(|h| h.to_string()).collect();
    let credentials = options.credential.as_ref().map(|c| {
        c.username.clone().unwrap_or_else(|| {
            c.mechanism.as_ref().map(|m| format!("({})", m.as_str())).unwrap_or_else(|| "(credentials)".into())
        })
    });
    // An address that refuses the connection, or a name that resolves to
    // none, is said at once, not after the whole connect timeout of server
    // selection.
    let tried: Vec<String> = options.hosts.iter().map(|h| h.to_string()).collect();
    // Through a proxy, the hosts are the proxy's to resolve and reach.
    let proxied = uri.to_ascii_lowercase().contains("proxyhost=");
    if !proxied && let Some(e) = reach::all_refused(&options.hosts, opts.timeout).await {
        return Err(e);
    }
    let tls = matches!(options.tls, Some(mongodb::options::Tls::Enabled(_)));
    let client = Client::with_options(options).map_err(CliError::from)?;
    let db = client.database(&name);
    // Fail fast, with a clear sentence, when the server is away or refuses us.
    db.run_command(doc! { "ping": 1 }).await.map_err(|e| reach::unreachable(e, &tried, opts.timeout, tls))?;
    let topology = shards::Topology::detect(&db, &registry).await.map_err(CliError::from)?;
    let record = deployment::find(&db).await;
    let cluster_id = if opts.cluster { deployment::cluster_id(&db, topology.sharded).await } else { None };
    let target = Target {
        hosts,
        name,
        replica_set: topology.set_name.clone(),
        profile: opts.profile.clone(),
        deployment_id: record.as_ref().ok().and_then(|r| r.as_ref()).map(|r| r.deployment_id.clone()),
        cluster_id,
        members: Target::members_of(&topology.members),
    };
    Ok(Db {
        client,
        db,
        target,
        deployment: record,
        credentials,
        registry,
        hooks: opts.hooks.clone(),
        sessions: Default::default(),
        indexes: Default::default(),
        topology: std::sync::Arc::new(topology),
    })
}

#[cfg(test)]
mod tests {
    use super::Target;

    fn target(id: Option<&str>, cluster: Option<&str>, hosts: &[&str], members: &[&str]) -> Target {
        Target {
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            name: "tether".into(),
            replica_set: Some("rs".into()),
            profile: None,
            deployment_id: id.map(String::from),
            cluster_id: cluster.map(String::from),
            members: members.iter().map(|h| h.to_string()).collect(),
        }
    }

    #[test]
    fn the_deployment_id_and_what_the_servers_say_decide_not_the_address() {
        let prod = target(Some("d1"), None, &["db1.prod:27017"], &["db1.prod:27017", "db2.prod:27017"]);
        // A tunnel, or a moved DNS name: another address, the same servers.
        let tunnel = target(Some("d1"), None, &["127.0.0.1:9999"], &["db1.prod:27017", "db2.prod:27017"]);
        assert_eq!(prod.difference(&tunnel), None);
        // A copy restored on other servers: the record's id, not the servers.
        let copy = target(Some("d1"), None, &["db1.staging:27017"], &["db1.staging:27017"]);
        assert!(prod.difference(&copy).unwrap().contains("a copy of the database on other servers"));
        // Where both know the cluster, it decides.
        let a = target(Some("d1"), Some("c1"), &["h:1"], &["h:1"]);
        let b = target(Some("d1"), Some("c2"), &["h:1"], &["h:1"]);
        assert!(a.difference(&b).unwrap().starts_with("the cluster"));
        let moved = target(Some("d1"), Some("c1"), &["new:1"], &["new:1"]);
        assert_eq!(a.difference(&moved), None, "the same cluster under new names");
        // Without ids: the hosts as the driver parses them.
        let plain = target(None, None, &["LOCALHOST"], &[]);
        assert_eq!(plain.difference(&target(None, None, &["localhost:27017"], &[])), None);
        assert!(plain.difference(&target(None, None, &["other:27017"], &[])).unwrap().starts_with("the hosts"));
        assert!(
            prod.difference(&target(Some("d2"), None, &["db1.prod:27017"], &[]))
                .unwrap()
                .starts_with("the deployment id")
        );
    }
    #[tokio::test]
    async fn reads_and_writes_are_pinned_whatever_the_uri_says() {
        use mongodb::options::{Acknowledgment, ClientOptions, ReadConcernLevel, ReadPreference, SelectionCriteria};
        let mut o =
            ClientOptions::parse("mongodb://h:1/db?readPreference=secondaryPreferred&readConcernLevel=local&w=1")
                .await
                .unwrap();
        super::pin(&mut o);
        assert!(matches!(o.selection_criteria, Some(SelectionCriteria::ReadPreference(ReadPreference::Primary))));
        assert_eq!(o.read_concern.unwrap().level, ReadConcernLevel::Majority);
        assert_eq!(o.write_concern.unwrap().w, Some(Acknowledgment::Majority));
    }
}
