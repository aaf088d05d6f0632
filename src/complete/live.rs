//! One short-lived, read-only connection for a completion: no ping, no
//! topology, no lock; everything within the connection's time budget, and
//! nothing at all when the server is not there in time.

use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

use super::context::Connection;
use crate::registry::Registry;

/// `work` against the database, or None when it cannot be reached, refuses,
/// or takes longer than the budget.
pub fn read<T>(
    conn: &Connection,
    work: impl AsyncFnOnce(&Database, &Registry) -> mongodb::error::Result<T>,
) -> Option<T> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
    let out = runtime.block_on(async {
        tokio::time::timeout(conn.timeout, async {
            let mut options = ClientOptions::parse(&conn.uri).await.ok()?;
            options.server_selection_timeout = Some(conn.timeout);
            options.connect_timeout = Some(conn.timeout);
            options.app_name.get_or_insert_with(|| "tether-transfer completion".into());
            let name =
                conn.db.clone().or_else(|| options.default_database.clone()).unwrap_or_else(|| "tether".to_string());
            let client = Client::with_options(options).ok()?;
            let found = work(&client.database(&name), &conn.registry).await.ok();
            client.shutdown().immediate(true).await;
            found
        })
        .await
        .ok()
        .flatten()
    });
    // A DNS lookup still running on a blocking thread is not waited for.
    runtime.shutdown_background();
    out
}
