//! A document's `_id` as a customer's database holds it: any BSON value but
//! an array (MongoDB forbids those). Records imported from another CRM keep
//! string ids, integrations write UUIDs, old migrations left numbers, a few
//! collections use an embedded document. Every place that names, orders,
//! stores or compares ids takes this type, so none of them assumes an
//! ObjectId.
//!
//! Ordered as MongoDB orders values of different types (its "comparison /
//! sort order"), then within a type by value, so that a sorted list of ids
//! reads as the server sorts them; equality is exact (an int32 1 and an
//! int64 1 are two ids here, as the server returns each as stored).
//!
//! In JSON (plan files, `verify --json`) an ObjectId is its 24-hex string,
//! as every other id in a plan; any other id is an object of one key,
//! `{"$string": "crm-import-0001"}` for a string and canonical Extended
//! JSON v2 for the rest (`{"$numberInt": "7"}`, `{"$binary": …}`, or the
//! embedded document itself), so that no string id can be read back as an
//! ObjectId.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use mongodb::bson::{Bson, oid::ObjectId, spec::ElementType};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone)]
pub struct DocId(Bson);

/// MongoDB's order of types when comparing values of different types
/// (numbers are one class, as are strings and symbols).
fn class(v: &Bson) -> u8 {
    match v {
        Bson::MinKey => 0,
        Bson::Null | Bson::Undefined => 1,
        Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) | Bson::Decimal128(_) => 2,
        Bson::String(_) | Bson::Symbol(_) => 3,
        Bson::Document(_) => 4,
        Bson::Array(_) => 5,
        Bson::Binary(_) => 6,
        Bson::ObjectId(_) => 7,
        Bson::Boolean(_) => 8,
        Bson::DateTime(_) => 9,
        Bson::Timestamp(_) => 10,
        Bson::RegularExpression(_) => 11,
        Bson::DbPointer(_) => 12,
        Bson::JavaScriptCode(_) => 13,
        Bson::JavaScriptCodeWithScope(_) => 14,
        Bson::MaxKey => 15,
    }
}

impl DocId {
    /// An `_id` as read from a document; None for an array (which no `_id` is).
    pub fn new(v: Bson) -> Option<DocId> {
        match v {
            Bson::Array(_) => None,
            v => Some(DocId(v)),
        }
    }

    /// A document's `_id` (every document has one; a projection keeps it).
    pub fn of(d: &mongodb::bson::Document) -> Option<DocId> {
        d.get("_id").cloned().and_then(DocId::new)
    }

    /// The same, of a raw document (a scan's stream).
    pub fn of_raw(d: &mongodb::bson::RawDocument) -> Option<DocId> {
        d.get("_id").ok().flatten().and_then(|v| Bson::try_from(v).ok()).and_then(DocId::new)
    }

    pub fn bson(&self) -> &Bson {
        &self.0
    }

    pub fn into_bson(self) -> Bson {
        self.0
    }

    pub fn as_object_id(&self) -> Option<ObjectId> {
        self.0.as_object_id()
    }

    /// Whether a range query (`$gte` / `$lte` on `_id`) between two ids of
    /// this type matches exactly the ids of this type the server sorts
    /// between them (`rangeable`).
    pub fn rangeable(&self) -> bool {
        rangeable(&self.0)
    }

    /// Whether a range from `self` to `other` may be asked of the server:
    /// both of one rangeable type.
    pub fn ranges_with(&self, other: &DocId) -> bool {
        ranges_together(&self.0, &other.0)
    }

    /// The bytes that decide equality: the type and the value's BSON.
    fn key(&self) -> Vec<u8> {
        let mut out = vec![self.0.element_type() as u8];
        match &self.0 {
            Bson::ObjectId(o) => out.extend_from_slice(&o.bytes()),
            Bson::String(s) => out.extend_from_slice(s.as_bytes()),
            other => {
                let d = mongodb::bson::doc! { "v": other.clone() };
                out.extend(mongodb::bson::to_vec(&d).expect("a BSON value serializes"));
            }
        }
        out
    }

    /// How people read it: an ObjectId as its hex, a string as itself
    /// quoted, anything else as relaxed Extended JSON (`7`, `{"a": 1}`,
    /// `{"$binary": …}`).
    pub fn display(&self) -> String {
        match &self.0 {
            Bson::ObjectId(o) => o.to_hex(),
            Bson::String(s) => serde_json::Value::String(s.clone()).to_string(),
            Bson::Int32(i) => i.to_string(),
            Bson::Int64(i) => format!("{i} (int64)"),
            Bson::Double(d) => format!("{d:?} (double)"),
            other => other.clone().into_relaxed_extjson().to_string(),
        }
    }
}

/// True for the id types whose order is plain (ObjectId, string, 32- and
/// 64-bit integers, non-NaN doubles, dates): a range between two of them
/// matches exactly the ids of that type the server sorts between them. Ids
/// of other types (binary, embedded documents, booleans, …) are named one
/// by one.
pub fn rangeable(v: &Bson) -> bool {
    match v {
        Bson::Double(d) => !d.is_nan(),
        Bson::ObjectId(_) | Bson::String(_) | Bson::Int32(_) | Bson::Int64(_) | Bson::DateTime(_) => true,
        _ => false,
    }
}

/// Whether `a` and `b` can bound one range: of one rangeable type.
pub fn ranges_together(a: &Bson, b: &Bson) -> bool {
    rangeable(a) && a.element_type() == b.element_type() && rangeable(b)
}

impl From<ObjectId> for DocId {
    fn from(o: ObjectId) -> DocId {
        DocId(Bson::ObjectId(o))
    }
}

impl From<DocId> for Bson {
    fn from(id: DocId) -> Bson {
        id.0
    }
}

impl PartialEq for DocId {
    fn eq(&self, other: &DocId) -> bool {
        match (&self.0, &other.0) {
            (Bson::ObjectId(a), Bson::ObjectId(b)) => a == b,
            (Bson::String(a), Bson::String(b)) => a == b,
            _ => self.key() == other.key(),
        }
    }
}

impl Eq for DocId {}

impl Hash for DocId {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match &self.0 {
            Bson::ObjectId(o) => {
                h.write_u8(ElementType::ObjectId as u8);
                o.bytes().hash(h)
            }
            _ => self.key().hash(h),
        }
    }
}

impl Ord for DocId {
    fn cmp(&self, other: &DocId) -> Ordering {
        let by_class = class(&self.0).cmp(&class(&other.0));
        if by_class != Ordering::Equal {
            return by_class;
        }
        let by_value = match (&self.0, &other.0) {
            (Bson::ObjectId(a), Bson::ObjectId(b)) => a.bytes().cmp(&b.bytes()),
            (Bson::String(a), Bson::String(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Bson::Boolean(a), Bson::Boolean(b)) => a.cmp(b),
            (Bson::DateTime(a), Bson::DateTime(b)) => a.timestamp_millis().cmp(&b.timestamp_millis()),
            (a, b) if class(a) == 2 => compare_numbers(a, b),
            _ => Ordering::Equal,
        };
        // Then the exact type and bytes, so that the order agrees with `==`.
        by_value.then_with(|| self.key().cmp(&other.key()))
    }
}

impl PartialOrd for DocId {
    fn partial_cmp(&self, other: &DocId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numbers by value across their types (NaN first, as MongoDB sorts it).
fn compare_numbers(a: &Bson, b: &Bson) -> Ordering {
    let int = |v: &Bson| match v {
        Bson::Int32(i) => Some(*i as i64),
        Bson::Int64(i) => Some(*i),
        _ => None,
    };
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return x.cmp(&y);
    }
    let float = |v: &Bson| match v {
        Bson::Int32(i) => *i as f64,
        Bson::Int64(i) => *i as f64,
        Bson::Double(d) => *d,
        Bson::Decimal128(d) => d.to_string().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    let (x, y) = (float(a), float(b));
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for DocId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Bson::ObjectId(o) => s.serialize_str(&o.to_hex()),
            Bson::String(text) => serde_json::json!({ "$string": text }).serialize(s),
            other => other.clone().into_canonical_extjson().serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for DocId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        let bson = match &v {
            serde_json::Value::String(hex) => Bson::ObjectId(
                ObjectId::parse_str(hex).map_err(|_| D::Error::custom(format!("\"{hex}\" is not an ObjectId")))?,
            ),
            serde_json::Value::Object(m) if m.len() == 1 && m.contains_key("$string") => match &m["$string"] {
                serde_json::Value::String(text) => Bson::String(text.clone()),
                _ => return Err(D::Error::custom("a \"$string\" id must be a string")),
            },
            // Canonical Extended JSON: an object, or `true`, `false`, `null`.
            _ => Bson::try_from(v.clone()).map_err(|e| D::Error::custom(format!("{v} is not an id ({e})")))?,
        };
        DocId::new(bson).ok_or_else(|| D::Error::custom("an id cannot be an array"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mongodb::bson::{Binary, DateTime, doc, spec::BinarySubtype};

    /// One id of every type a customer's collection may hold.
    pub fn every_type() -> Vec<DocId> {
        [
            Bson::ObjectId(ObjectId::from_bytes([7; 12])),
            Bson::String("crm-import-0001".into()),
            Bson::String("65a1b2c3d4e5f60718293a4b".into()),
            Bson::Int32(42),
            Bson::Int64(1 << 40),
            Bson::Double(2.5),
            Bson::Binary(Binary { subtype: BinarySubtype::Uuid, bytes: vec![9; 16] }),
            Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: vec![1, 2, 3] }),
            Bson::Document(doc! { "source": "crm", "n": 3 }),
            Bson::Boolean(true),
            Bson::DateTime(DateTime::from_millis(1_700_000_000_000)),
            Bson::Null,
        ]
        .into_iter()
        .map(|b| DocId::new(b).unwrap())
        .collect()
    }

    #[test]
    fn every_type_goes_through_json_and_back() {
        for id in every_type() {
            let json = serde_json::to_string(&id).unwrap();
            let back: DocId = serde_json::from_str(&json).unwrap();
            assert_eq!(back, id, "{json}");
            assert_eq!(back.bson(), id.bson(), "{json}: the exact type");
        }
        // A string that looks like an ObjectId stays a string.
        let s = DocId::new(Bson::String("65a1b2c3d4e5f60718293a4b".into())).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"$string":"65a1b2c3d4e5f60718293a4b"}"#);
        assert!(serde_json::from_str::<DocId>("[1]").is_err());
        assert!(DocId::new(Bson::Array(vec![])).is_none());
    }

    #[test]
    fn types_order_as_mongodb_orders_them_and_order_agrees_with_equality() {
        let mut ids = every_type();
        ids.reverse();
        ids.sort();
        let classes: Vec<u8> = ids.iter().map(|i| class(i.bson())).collect();
        assert!(classes.windows(2).all(|w| w[0] <= w[1]), "{classes:?}");
        let one32 = DocId::new(Bson::Int32(1)).unwrap();
        let one64 = DocId::new(Bson::Int64(1)).unwrap();
        assert_ne!(one32, one64);
        assert_ne!(one32.cmp(&one64), Ordering::Equal);
        let two = DocId::new(Bson::Double(1.5)).unwrap();
        assert!(one32 < two && two < DocId::new(Bson::Int64(2)).unwrap());
        let set: std::collections::HashSet<DocId> = every_type().into_iter().chain(every_type()).collect();
        assert_eq!(set.len(), every_type().len());
    }

    #[test]
    fn only_plain_types_are_asked_as_ranges() {
        let ids = every_type();
        let rangeable: Vec<bool> = ids.iter().map(DocId::rangeable).collect();
        assert_eq!(rangeable, [true, true, true, true, true, true, false, false, false, false, true, false]);
        assert!(ids[1].ranges_with(&ids[2]));
        assert!(!ids[3].ranges_with(&ids[4]), "int32 and int64 are two types");
        assert!(!DocId::new(Bson::Double(f64::NAN)).unwrap().rangeable());
    }
}
