//! Order-independent fingerprints of sets of documents.
//!
//! Each document is reduced to the fields that decide where it belongs (see
//! `ResourceKind::tracked_fields`), hashed with SHA-256, and the hashes are
//! summed modulo 2^128. The sum does not depend on the order the server
//! returns documents in, so a scan streams an unsorted cursor in constant
//! memory; adding, removing or changing any tracked field of any document
//! changes the digest.

use mongodb::bson::{RawBsonRef, RawDocument};
use sha2::{Digest, Sha256};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    count: u64,
    sum: u128,
}

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document, reading only `fields` (a missing field hashes as absent).
    pub fn add_document(&mut self, doc: &RawDocument, fields: &[&str]) {
        let mut h = Sha256::new();
        for field in fields {
            h.update(field.as_bytes());
            h.update([0]);
            match doc.get(field) {
                Ok(Some(value)) => hash_value(&mut h, value),
                // Absent and unreadable are the same to a reader: not there.
                _ => h.update([0xFF]),
            }
        }
        self.add_digest(&h.finalize());
    }

    /// Adds one opaque item (an entity's canonical bytes).
    pub fn add_bytes(&mut self, bytes: &[u8]) {
        self.add_digest(&Sha256::digest(bytes));
    }

    fn add_digest(&mut self, digest: &[u8]) {
        let mut lane = [0u8; 16];
        lane.copy_from_slice(&digest[..16]);
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(lane));
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// 32 hex digits covering the count and the sum.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.count.to_le_bytes());
        h.update(self.sum.to_le_bytes());
        hex::encode(&h.finalize()[..16])
    }
}

/// Feeds a value's type and bytes: an array element by element, an embedded
/// document as its raw BSON (so field order counts), any other type as the
/// BSON of a one-field document holding it (stable across versions, unlike a
/// `Debug` text).
fn hash_value(h: &mut Sha256, value: RawBsonRef<'_>) {
    h.update([value.element_type() as u8]);
    match value {
        RawBsonRef::ObjectId(o) => h.update(o.bytes()),
        RawBsonRef::String(s) => {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        RawBsonRef::Boolean(b) => h.update([b as u8]),
        RawBsonRef::Int32(i) => h.update(i.to_le_bytes()),
        RawBsonRef::Int64(i) => h.update(i.to_le_bytes()),
        RawBsonRef::Double(d) => h.update(d.to_le_bytes()),
        RawBsonRef::DateTime(d) => h.update(d.timestamp_millis().to_le_bytes()),
        RawBsonRef::Null | RawBsonRef::Undefined => {}
        RawBsonRef::Array(a) => {
            for item in a.into_iter().flatten() {
                hash_value(h, item);
            }
            h.update([0xFE]);
        }
        RawBsonRef::Document(d) => h.update(d.as_bytes()),
        other => {
            let mut one = mongodb::bson::RawDocumentBuf::new();
            one.append("v", other.to_raw_bson());
            h.update(one.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mongodb::bson::{RawDocumentBuf, doc, oid::ObjectId};

    fn raw(d: mongodb::bson::Document) -> RawDocumentBuf {
        RawDocumentBuf::from_document(&d).unwrap()
    }

    const FIELDS: &[&str] = &["_id", "userId", "organizationId", "departmentId"];

    fn fp(docs: &[RawDocumentBuf]) -> Fingerprint {
        let mut f = Fingerprint::new();
        for d in docs {
            f.add_document(d, FIELDS);
        }
        f
    }

    #[test]
    fn order_does_not_matter_and_untracked_fields_do_not_count() {
        let (a, b, u, o) = (ObjectId::new(), ObjectId::new(), ObjectId::new(), ObjectId::new());
        let d1 = raw(doc! { "_id": a, "userId": u, "organizationId": o, "title": "x" });
        let d2 = raw(doc! { "organizationId": o, "_id": b, "userId": u });
        let d1_retitled = raw(doc! { "_id": a, "userId": u, "organizationId": o, "title": "y" });
        assert_eq!(fp(&[d1.clone(), d2.clone()]), fp(&[d2.clone(), d1.clone()]));
        assert_eq!(fp(&[d1, d2.clone()]).digest(), fp(&[d1_retitled, d2]).digest());
    }

    #[test]
    fn every_drift_changes_the_digest() {
        let (a, b, u, x, o, o2, dpt) = (
            ObjectId::new(),
            ObjectId::new(),
            ObjectId::new(),
            ObjectId::new(),
            ObjectId::new(),
            ObjectId::new(),
            ObjectId::new(),
        );
        let base = vec![
            raw(doc! { "_id": a, "userId": u, "organizationId": o }),
            raw(doc! { "_id": b, "userId": u, "organizationId": o }),
        ];
        let reference = fp(&base).digest();
        let variants = [
            vec![base[0].clone()], // removed
            vec![
                base[0].clone(),
                base[1].clone(),
                raw(doc! { "_id": ObjectId::new(), "userId": u, "organizationId": o }),
            ], // added
            vec![base[0].clone(), raw(doc! { "_id": b, "userId": x, "organizationId": o })], // owner changed
            vec![base[0].clone(), raw(doc! { "_id": b, "userId": u, "organizationId": o2 })], // organization changed
            vec![base[0].clone(), raw(doc! { "_id": b, "userId": u, "organizationId": o, "departmentId": dpt })], // department set
            vec![base[0].clone(), raw(doc! { "_id": b, "userId": u.to_hex(), "organizationId": o })], // same text, other type
        ];
        for (i, v) in variants.iter().enumerate() {
            assert_ne!(fp(v).digest(), reference, "variant {i} went unnoticed");
        }
    }

    #[test]
    fn arrays_are_compared_by_content_and_order() {
        let (a, u, x) = (ObjectId::new(), ObjectId::new(), ObjectId::new());
        let f = |ids: Vec<ObjectId>| {
            let mut f = Fingerprint::new();
            f.add_document(&raw(doc! { "_id": a, "approverIds": ids }), &["_id", "approverIds"]);
            f.digest()
        };
        assert_eq!(f(vec![u, x]), f(vec![u, x]));
        assert_ne!(f(vec![u, x]), f(vec![x, u]));
        assert_ne!(f(vec![u]), f(vec![u, x]));
    }

    #[test]
    fn an_empty_set_has_a_stable_digest() {
        assert_eq!(Fingerprint::new().digest(), Fingerprint::new().digest());
        assert_eq!(Fingerprint::new().count(), 0);
    }
}
