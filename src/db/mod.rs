//! Connection to the Tether database, and the tenancy entities (users,
//! departments, organizations) read through the registry's names.

pub mod approvals;
pub mod candidates;
pub mod deployment;
pub mod entities;
pub mod identity;
pub mod indexes;
pub mod journal;
pub mod locks;
pub mod op;
pub mod record;
pub mod retry;
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
}

impl Target {
    /// Whether `other` is another deployment. Where both have a deployment
    /// id, the id decides (another address of the same deployment, a
    /// tunnel, a moved DNS name, is the same one), with the database's name
    /// and, where both say, the cluster (a copy restored on another cluster
    /// carries the record, not the cluster). Otherwise: another database
    /// name or set of hosts (as the driver parses them), or (where both say)
    /// another replica set or cluster. The profile is a person's name for a
    /// deployment, not the deployment: two people may name the same one
    /// differently.
    pub fn differs(&self, other: &Target) -> bool {
        let both_differ = |a: &Option<String>, b: &Option<String>| a.is_some() && b.is_some() && a != b;
        if self.name != other.name || both_differ(&self.cluster_id, &other.cluster_id) {
            return true;
        }
        if self.deployment_id.is_some() && other.deployment_id.is_some() {
            return self.deployment_id != other.deployment_id;
        }
        let hosts = |t: &Target| {
            let mut h: Vec<String> =
                t.hosts.iter().map(|h| uri::Host::parse(h).map(|h| h.0).unwrap_or_else(|| h.to_lowercase())).collect();
            h.sort();
            h.dedup();
            h
        };
        hosts(self) != hosts(other) || both_differ(&self.replica_set, &other.replica_set)
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
    let client = Client::with_options(options).map_err(CliError::from)?;
    let db = client.database(&name);
    // Fail fast, with a clear sentence, when the server is away or refuses us.
    db.run_command(doc! { "ping": 1 }).await.map_err(CliError::from)?;
    let topology = shards::Topology::detect(&db, &registry).await.map_err(CliError::from)?;
    let record = deployment::find(&db).await;
    let cluster_id = deployment::cluster_id(&db, topology.sharded).await;
    let target = Target {
        hosts,
        name,
        replica_set: topology.set_name.clone(),
        profile: opts.profile.clone(),
        deployment_id: record.as_ref().ok().and_then(|r| r.as_ref()).map(|r| r.deployment_id.clone()),
        cluster_id,
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
