//! One write of a transaction, as the journal, the undo log, the status
//! record and the sharded write path all build and read it; and the BSON
//! count they all read back. A leaf: it imports nothing of the crate.

use mongodb::bson::{Bson, Document};
use mongodb::options::UpdateModifications;

/// One write inside a transaction.
#[derive(Debug, Clone)]
pub enum Op {
    UpdateMany {
        coll: String,
        filter: Document,
        update: UpdateModifications,
        hint: Option<Document>,
    },
    UpdateOne {
        coll: String,
        filter: Document,
        update: UpdateModifications,
    },
    InsertOne {
        coll: String,
        doc: Document,
    },
    DeleteOne {
        coll: String,
        filter: Document,
    },
    /// An update that must match at least `at_least` documents, else the
    /// whole transaction is abandoned with `why` (`Refused`): a condition
    /// checked where it holds, inside the transaction, whose write also
    /// conflicts with whoever changes those documents at the same time.
    Require {
        coll: String,
        filter: Document,
        update: UpdateModifications,
        at_least: u64,
        why: String,
    },
}

/// Why a transaction was abandoned by a `Op::Require` that matched too few
/// (carried as the driver error's custom payload).
#[derive(Debug, Clone)]
pub struct Refused(pub String);

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
    pub fn require(
        coll: &str,
        filter: Document,
        update: impl Into<UpdateModifications>,
        at_least: u64,
        why: String,
    ) -> Op {
        Op::Require { coll: coll.into(), filter, update: update.into(), at_least, why }
    }
}

/// A count: a 32- or 64-bit integer, or a double that is a whole number,
/// not negative. Anything else is no count (never a saturating cast: -2.0,
/// 0.4 and NaN are not 0).
pub fn as_u64(b: &Bson) -> Option<u64> {
    match b {
        Bson::Int32(i) => u64::try_from(*i).ok(),
        Bson::Int64(i) => u64::try_from(*i).ok(),
        Bson::Double(d) if d.fract() == 0.0 && *d >= 0.0 && *d < 18_446_744_073_709_551_616.0 => Some(*d as u64),
        _ => None,
    }
}

/// A stored value as an error message names it: a double always with its
/// point (`-2.0`, not `-2`), a text quoted, anything else as BSON prints it.
pub fn shown(b: &Bson) -> String {
    match b {
        Bson::Double(d) if d.is_finite() && d.fract() == 0.0 => format!("{d:.1}"),
        Bson::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{as_u64, shown};

    #[test]
    fn a_stored_value_is_shown_with_its_type_visible() {
        assert_eq!(shown(&Bson::Double(-2.0)), "-2.0");
        assert_eq!(shown(&Bson::Double(0.4)), "0.4");
        assert_eq!(shown(&Bson::Double(f64::NAN)), "NaN");
        assert_eq!(shown(&Bson::Int32(-2)), "-2");
        assert_eq!(shown(&Bson::String("2".into())), "\"2\"");
    }
    use mongodb::bson::Bson;

    #[test]
    fn only_whole_numbers_that_are_not_negative_are_counts() {
        assert_eq!(as_u64(&Bson::Int32(3)), Some(3));
        assert_eq!(as_u64(&Bson::Int64(3)), Some(3));
        assert_eq!(as_u64(&Bson::Double(3.0)), Some(3));
        for b in [
            Bson::Int32(-2),
            Bson::Int64(-2),
            Bson::Double(-2.0),
            Bson::Double(0.4),
            Bson::Double(f64::NAN),
            Bson::Double(f64::INFINITY),
            Bson::Double(1e30),
            Bson::String("2".into()),
            Bson::Boolean(true),
            Bson::Null,
        ] {
            assert_eq!(as_u64(&b), None, "{b}");
        }
    }
}
