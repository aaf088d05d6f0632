//! tether-gen: writes the project's deterministic demo dataset into a database.

use clap::Parser;
use mongodb::Client;

use tether_transfer::generator::{self, Options};

#[derive(Parser)]
#[command(name = "tether-gen", version, about = "Write a deterministic Tether demo dataset into an empty database.")]
struct Args {
    /// A profile of tether-transfer's configuration file (its uri, db and
    /// password, as the tool reads them); default: the file's default
    /// profile, when no --uri is given.
    #[arg(long, env = "TETHER_PROFILE")]
    profile: Option<String>,
    /// MongoDB connection string (default: the profile's).
    #[arg(long, env = "MONGODB_URI", hide_env_values = true)]
    uri: Option<String>,
    /// Database name; default: the profile's, else the URI's path, else "tether".
    #[arg(long, env = "TETHER_DB")]
    db: Option<String>,
    /// Seed: the same seed writes the same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Documents owned by big.owner@acme.test (spread over every kind).
    #[arg(long, default_value_t = 0)]
    size: u64,
    /// Layout of big.owner's documents: 1 writes them contiguously; K > 1
    /// writes K - 1 colleagues' documents of the same collection after each
    /// of them (big's are then 1 in K of each collection, in _id order; about
    /// K x --size documents in all).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    interleave: u32,
    /// Background users per organization.
    #[arg(long, default_value_t = 3)]
    filler: u32,
    /// Data as customers have it: every third document of each resource
    /// collection with an `_id` of another BSON type, and some colleagues'
    /// documents naming sam or big by the string form of their id.
    #[arg(long)]
    messy: bool,
    /// Drop the database first if it holds anything.
    #[arg(long)]
    drop: bool,
    /// Write the fixture ids as JSON to this file.
    #[arg(long)]
    manifest: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    // The same connection settings as tether-transfer: a flag or the
    // environment, else the profile (named, or the file's default).
    let (uri, profile_db) = match (args.uri.clone(), args.profile.is_some()) {
        (Some(uri), false) => (uri, None),
        _ => match tether_transfer::config::profile_connection(args.profile.as_deref()).map_err(|e| e.message)? {
            Some((profile_uri, db)) => (args.uri.clone().unwrap_or(profile_uri), db),
            None => {
                return Err("no connection string: pass --uri, set MONGODB_URI, or name a profile (--profile)".into());
            }
        },
    };
    let secrets = tether_transfer::db::uri::secrets(&uri);
    let client =
        Client::with_uri_str(&uri).await.map_err(|e| tether_transfer::output::scrub(&secrets, &e.to_string()))?;
    let name = args.db.clone().or(profile_db).or_else(|| client.default_database().map(|d| d.name().to_string()));
    let name = name.unwrap_or_else(|| "tether".to_string());
    let db = client.database(&name);
    if !generator::is_empty(&db).await? {
        // Demo data: never over a protected deployment (its record, or a
        // protected profile), whatever --drop says.
        match tether_transfer::db::deployment::find(&db).await {
            Ok(Some(r)) if r.protected => {
                return Err(format!(
                    "database \"{name}\" is the protected deployment {}: tether-gen never writes there",
                    r.name
                )
                .into());
            }
            Err(why) => return Err(format!("{why}; tether-gen writes nothing there").into()),
            _ => {}
        }
        if !args.drop {
            return Err(format!("database \"{name}\" is not empty; pass --drop to replace it").into());
        }
        db.drop().await?;
    }
    let started = std::time::Instant::now();
    let opts = Options {
        seed: args.seed,
        big_user_docs: args.size,
        filler_users_per_org: args.filler,
        interleave: args.interleave,
        messy: args.messy,
    };
    let manifest = generator::generate(&db, &opts).await?;
    eprintln!(
        "wrote {} documents into \"{}\" in {:.1}s (seed {})",
        manifest.documents,
        name,
        started.elapsed().as_secs_f64(),
        args.seed
    );
    if let Some(path) = args.manifest {
        std::fs::write(&path, serde_json::to_string_pretty(&manifest)?)?;
    }
    Ok(())
}
