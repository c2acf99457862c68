//! The route table as the document states it: which documented path a request's path falls
//! under, and which methods it has. The 405 answer (`Allow`) and the testkit's contract check
//! read the same table, so router, document and tests cannot disagree unnoticed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

use crate::service::ServiceSpec;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The documented path template `path` falls under, the most literal one first
/// (`/api/sav/forgotten-coupon/eligibility` before `/api/sav/{id}`). A path item may list in
/// `x-aliases` other paths served by the same operations (a seed's other spellings of its
/// route): a request on one of them falls under that path item's template.
pub fn template_for<'a>(paths: &'a Map<String, Value>, path: &str) -> Option<&'a str> {
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    paths
        .iter()
        .filter_map(|(template, item)| {
            let aliases = item
                .get("x-aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            std::iter::once(template.as_str())
                .chain(aliases)
                .filter_map(|candidate| literal_parts(candidate, &segments))
                .max()
                .map(|literal| (literal, template.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, template)| template)
}

/// How many parts of `template` the path's `segments` match literally, `None` when the path
/// does not fall under it.
fn literal_parts(template: &str, segments: &[&str]) -> Option<usize> {
    let parts: Vec<&str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literal = 0;
    for (part, segment) in parts.iter().zip(segments) {
        if part.starts_with('{') && part.ends_with('}') {
            if segment.is_empty() {
                return None;
            }
        } else if part == segment {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

/// The methods the document gives `path` (uppercase), or `None` when no documented path
/// matches.
pub fn allowed_methods(spec: &'static ServiceSpec, path: &str) -> Option<Vec<String>> {
    let document = document_of(spec);
    let paths = document["paths"].as_object()?;
    let item = &paths[template_for(paths, path)?];
    Some(
        METHODS
            .iter()
            .filter(|m| item.get(**m).is_some())
            .map(|m| m.to_ascii_uppercase())
            .collect(),
    )
}

/// Each service's document, built once per process.
fn document_of(spec: &'static ServiceSpec) -> Arc<Value> {
    static DOCUMENTS: OnceLock<Mutex<HashMap<usize, Arc<Value>>>> = OnceLock::new();
    let documents = DOCUMENTS.get_or_init(|| Mutex::new(HashMap::new()));
    let key = std::ptr::from_ref(spec) as usize;
    let mut documents = documents.lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(
        documents
            .entry(key)
            .or_insert_with(|| Arc::new(super::document(spec))),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn aliases_fall_under_their_template() {
        let document = json!({
            "/api/demands/retrieverequests": {"x-aliases": ["/api/demandes/retrieveDemand"], "get": {}},
            "/api/demands/{number}": {"get": {}},
        });
        let paths = document.as_object().unwrap();
        let template = |path| template_for(paths, path);
        assert_eq!(
            template("/api/demandes/retrieveDemand?status=RMAD"),
            Some("/api/demands/retrieverequests")
        );
        assert_eq!(
            template("/api/demands/retrieverequests"),
            Some("/api/demands/retrieverequests")
        );
        assert_eq!(
            template("/api/demands/ACH-1"),
            Some("/api/demands/{number}")
        );
        assert_eq!(template("/api/demandes/ACH-1"), None);
    }
}
