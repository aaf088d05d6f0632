//! What the parser refuses, with a did-you-mean where clap has none: a
//! value of a closed list (`--role sales_rep`) typed in another case.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Adds the closest valid value as clap's own suggestion (its `tip: a
/// similar value exists`) when clap found none.
pub fn suggest(mut e: clap::Error) -> clap::Error {
    if e.kind() != ErrorKind::InvalidValue || e.get(ContextKind::SuggestedValue).is_some() {
        return e;
    }
    let typed = match e.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => return e,
    };
    let valid = match e.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => return e,
    };
    if let Some(best) = crate::didyoumean::names(&typed, &valid).into_iter().next() {
        e.insert(ContextKind::SuggestedValue, ContextValue::String(best));
    }
    e
}

/// The values, flags or commands clap suggests, for the JSON error's `candidates`.
pub fn candidates(e: &clap::Error) -> Vec<String> {
    [ContextKind::SuggestedValue, ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .filter_map(|k| e.get(k))
        .flat_map(|v| match v {
            ContextValue::String(s) => vec![s.clone()],
            ContextValue::Strings(v) => v.clone(),
            _ => Vec::new(),
        })
        .collect()
}
