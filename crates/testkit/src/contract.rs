//! The service's OpenAPI document as a contract every test response is held to: the route and
//! its status are documented, and the body validates against the documented schema.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use platform::service::ServiceSpec;
use serde_json::Value;

/// One service's document, with compiled schemas cached per (path, method, status).
pub struct Contract {
    service: &'static str,
    document: Value,
    /// The gateway forwards paths outside its document to the services, whose own tests hold
    /// those answers to their documents.
    forwards_unknown_paths: bool,
    validators: Mutex<HashMap<(String, String, String), Arc<jsonschema::Validator>>>,
}

impl Contract {
    pub fn of(spec: &'static ServiceSpec) -> Self {
        Self {
            service: spec.name,
            document: platform::openapi::document(spec),
            forwards_unknown_paths: spec.name == "gateway",
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// `Err` says how the response departs from the document.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &str) -> Result<(), String> {
        let method = method.to_ascii_lowercase();
        // CORS preflights are the CORS layer's, on every path (see the gateway's settings).
        if method == "options" {
            return Ok(());
        }
        let Some(template) = self.template(path) else {
            if self.forwards_unknown_paths || status == 404 {
                return Ok(());
            }
            return Err(format!(
                "{} answered {status} on {path}, a path its document does not have",
                self.service
            ));
        };
        let Some(operation) = self.document["paths"][&template].get(&method) else {
            // A method the path lacks is refused by the router (404 or 405), never served.
            return match status {
                _ if self.forwards_unknown_paths => Ok(()),
                404 | 405 => Ok(()),
                _ => Err(format!(
                    "{} answered {status} to {method} {template}, an operation its document does not have",
                    self.service
                )),
            };
        };
        let status_key = status.to_string();
        let Some(response) = operation["responses"]
            .get(&status_key)
            .or_else(|| operation["responses"].get("default"))
        else {
            return Err(format!(
                "{} answered {status} to {method} {template}; its document lists only {:?}",
                self.service,
                operation["responses"]
                    .as_object()
                    .map(|r| r.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            ));
        };
        let Some(schema) = response["content"]["application/json"].get("schema") else {
            return Ok(());
        };
        if body.is_empty() {
            return Ok(());
        }
        let instance: Value = serde_json::from_str(body).map_err(|e| {
            format!("{method} {template} {status}: the document promises JSON, the body is not ({e}): {body}")
        })?;
        let validator = self.validator((template.clone(), method.clone(), status_key), schema)?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} {method} {template} {status}: the body departs from the documented schema:\n  {}\nbody: {body}",
                self.service,
                errors.join("\n  ")
            ))
        }
    }

    fn template(&self, path: &str) -> Option<String> {
        let paths = self.document["paths"].as_object()?;
        platform::openapi::routes::template_for(paths, path).map(str::to_string)
    }

    fn validator(
        &self,
        key: (String, String, String),
        schema: &Value,
    ) -> Result<Arc<jsonschema::Validator>, String> {
        let mut cache = self.validators.lock().map_err(|e| e.to_string())?;
        if let Some(validator) = cache.get(&key) {
            return Ok(Arc::clone(validator));
        }
        // `$ref`s point into the document's components: give the schema the document's.
        let mut rooted = schema.clone();
        if let (Value::Object(map), Some(components)) =
            (&mut rooted, self.document.get("components"))
        {
            map.insert("components".into(), components.clone());
        }
        let validator = Arc::new(jsonschema::validator_for(&rooted).map_err(|e| {
            format!(
                "{} {key:?}: the documented schema does not compile: {e}",
                self.service
            )
        })?);
        cache.insert(key, Arc::clone(&validator));
        Ok(validator)
    }
}

/// Every code of `C` is one the service's document declares: it renders in the dialect as the
/// document's error schema says, and its HTTP status is documented on at least one route.
pub fn assert_codes_documented<C: platform::error::ErrorCode>(spec: &'static ServiceSpec) {
    let contract = Contract::of(spec);
    let document = &contract.document;
    let schema = document["components"]["schemas"][format!("Error{:?}", spec.dialect)].clone();
    assert!(schema.is_object(), "{}: no error schema", spec.name);
    let validator = contract
        .validator(("error".into(), String::new(), String::new()), &schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let documented_statuses: Vec<&str> = document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|operations| operations.values())
        .filter_map(|operation| operation["responses"].as_object())
        .flat_map(|responses| responses.keys().map(String::as_str))
        .collect();
    for &code in C::ALL {
        let body = spec
            .dialect
            .error_body(&platform::AppError::from_code(code), Some("req-1"));
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {code:?} renders outside its document: {errors:?} ({body})",
            spec.name
        );
        let status = code.status().as_u16().to_string();
        assert!(
            documented_statuses.contains(&status.as_str()),
            "{}: {code:?} answers {status}, a status no route of its document lists",
            spec.name
        );
    }
}
