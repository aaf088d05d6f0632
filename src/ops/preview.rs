//! `preview`: what an organization transfer of a user would touch, counted
//! under the seed's `OrgTransferPreviewResponse` keys. Reads only.

use futures_util::{StreamExt, TryStreamExt};

use crate::db::Db;
use crate::db::entities::{Organization, User};
use crate::error::{CliError, Result};
use crate::ops::transfer::{org_endpoints, selection};

pub struct Preview {
    pub user: User,
    pub source: Organization,
    pub target: Organization,
    /// (preview key, count) in registry order.
    pub counts: Vec<(String, u64)>,
}

pub async fn preview(db: &Db, user: &str, to_org: &str) -> Result<Preview> {
    let (user, source, target) = org_endpoints(db, user, to_org).await?;
    let counts = futures_util::stream::iter(db.registry.kinds.iter().map(|kind| {
        let filter = selection(kind, user.id, source.id);
        async move {
            let n = db.db.collection::<mongodb::bson::Document>(&kind.collection).count_documents(filter).await?;
            Ok::<_, CliError>((kind.key.clone(), n))
        }
    }))
    .buffered(4)
    .try_collect()
    .await?;
    Ok(Preview { user, source, target, counts })
}
