//! JSON read strictly: an object that names a key twice is refused. Parsers
//! keep the last value (serde_json) or the first (others), so a file with
//! `"userId"` twice says one thing to the person who reads it and another to
//! the tool; plan files, assignments files and registry overrides are read
//! this way.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Parses `text` as JSON, refusing a key that appears twice in one object
/// (the error names the key, the line and the column).
pub fn parse(text: &str) -> serde_json::Result<serde_json::Value> {
    serde_json::from_str::<Unique>(text)?;
    serde_json::from_str(text)
}

/// Any JSON value whose objects have unique keys.
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(Unique)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Unique;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!("the key \"{key}\" appears twice in one object")));
            }
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_key_twice_in_one_object_is_refused_wherever_it_is() {
        assert!(super::parse(r#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#).is_ok());
        let e = super::parse("{\"request\": {\"userId\": \"x\",\n \"userId\": \"y\"}}").unwrap_err();
        assert_eq!(e.to_string(), "the key \"userId\" appears twice in one object at line 2 column 9");
        assert!(super::parse(r#"[{"a": 1, "a": 1}]"#).is_err());
        assert!(super::parse("{").unwrap_err().is_eof());
    }
}
