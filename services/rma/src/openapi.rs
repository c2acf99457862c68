//! The rma service's endpoints in its OpenAPI document (`proto-docs/rma.openapi.json`).

use serde_json::{Value, json};

pub fn paths() -> Value {
    json!({})
}
