//! Canonical JSON: object keys sorted at every level, so the same content
//! gives the same bytes whatever order serde_json kept. Plan checksums and
//! the registry's digest hash it; a leaf, importing nothing of the crate.

/// JSON with object keys sorted at every level: the same bytes for the same
/// content, whatever order serde_json kept.
pub fn canonical_json(v: &serde_json::Value) -> Vec<u8> {
    let mut out = Vec::new();
    canonical(v, &mut out);
    out
}

/// JSON with object keys sorted at every level, so the checksum does not
/// depend on key order (serde_json may keep insertion order).
fn canonical(v: &serde_json::Value, out: &mut Vec<u8>) {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend(serde_json::to_vec(k).expect("strings serialize"));
                out.push(b':');
                canonical(&map[k], out);
            }
            out.push(b'}');
        }
        serde_json::Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(item, out);
            }
            out.push(b']');
        }
        scalar => out.extend(serde_json::to_vec(scalar).expect("scalars serialize")),
    }
}
