//! One write of a transaction, as the journal, the undo log, the status
//! record and the sharded write path all build and read it; and the BSON
//! count they all read back. A leaf: it imports nothing of the crate.

use mongodb::bson::{Bson, Document};
use mongodb::options::UpdateModifications;

/// One write inside a transaction.
#[derive(Debug, Clone)]
pub enum Op {
    UpdateMany { coll: String, filter: Document, update: UpdateModifications, hint: Option<Document> },
    UpdateOne { coll: String, filter: Document, update: UpdateModifications },
    InsertOne { coll: String, doc: Document },
    DeleteOne { coll: String, filter: Document },
}

impl Op {
    pub fn update_many(coll: &str, filter: Document, update: impl Into<UpdateModifications>) -> Op {
        Op::UpdateMany { coll: coll.into(), filter, update: update.into(), hint: None }
    }
    /// An updateMany told which index to walk (the server may otherwise pick
    /// one that visits far more documents than the filter selects).
    pub fn update_many_hinted(
        coll: &str,
        filter: Document,
        update: impl Into<UpdateModifications>,
        hint: Document,
    ) -> Op {
        Op::UpdateMany { coll: coll.into(), filter, update: update.into(), hint: Some(hint) }
    }
    pub fn update_one(coll: &str, filter: Document, update: impl Into<UpdateModifications>) -> Op {
        Op::UpdateOne { coll: coll.into(), filter, update: update.into() }
    }
    pub fn insert_one(coll: &str, doc: Document) -> Op {
        Op::InsertOne { coll: coll.into(), doc }
    }
    pub fn delete_one(coll: &str, filter: Document) -> Op {
        Op::DeleteOne { coll: coll.into(), filter }
    }
}

/// A number of any BSON numeric type, as a count.
pub fn as_u64(b: &Bson) -> Option<u64> {
    match b {
        Bson::Int32(i) => Some(*i as u64),
        Bson::Int64(i) => Some(*i as u64),
        Bson::Double(d) => Some(*d as u64),
        _ => None,
    }
}
