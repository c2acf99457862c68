//! The rma service's endpoints in its OpenAPI document (`proto-docs/rma.openapi.json`),
//! derived from the handlers' `#[utoipa::path]` and their input and output types. The platform
//! completes it (see `platform::openapi::document`): the failures every route may meet, the
//! error body of seed 001's dialect, and the `{"status": "OK", "message": "Success", "data"}`
//! envelope around each typed payload.

use platform::error::{ErrorCode, PlatformCode};
use platform::{AppError, Dialect};
use serde_json::{Value, json};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{RefOr, Response};
use utoipa::{Modify, OpenApi};

use platform::openapi::aliases::{Alias, with_aliases};
use platform::webhooks::handlers as webhooks;
use platform::webhooks::{WebhookError, with_event_names};

use crate::errors::RmaError;
use crate::{demands, documents, push, quotes, routes};

#[derive(OpenApi)]
#[openapi(modifiers(&Tidy), paths(
    demands::handlers::accept,
    demands::handlers::refuse,
    demands::handlers::message,
    demands::handlers::status,
    documents::handlers::tracking,
    documents::handlers::add_document,
    quotes::handlers::quotation,
    demands::handlers::retrieve_requests,
    documents::handlers::documents,
    demands::handlers::create,
    quotes::handlers::response_quote,
    demands::handlers::resubmit,
    demands::handlers::close,
    demands::handlers::get_demand,
    push::handlers::put_endpoint,
    push::handlers::get_endpoint,
    webhooks::register,
    webhooks::list,
    webhooks::remove,
    webhooks::deliveries,
))]
pub struct ApiDoc;

/// The spellings seed 001 gives fields besides their own: the serde aliases of the input
/// types, said in the document.
const FIELD_ALIASES: &[Alias] = &[
    numero("AcceptInput"),
    numero("RefuseInput"),
    numero("MessageInput"),
    numero("StatusInput"),
    numero("ResubmitInput"),
    numero("CloseInput"),
    numero("DocumentInput"),
    numero("DocumentsQuery"),
    numero("TrackingInput"),
    numero("QuotationInput"),
    numero("ResponseInput"),
    numero("DemandInput"),
    alias("AcceptInput", "agreement_number", &["agreement_numero"]),
    alias("DemandInput", "agreement_number", &["agreement_numero"]),
    alias("AcceptInput", "internal_reference", &["reference"]),
    alias("MessageInput", "message", &["content", "body"]),
    alias("StatusInput", "status_code", &["status"]),
    alias("StatusInput", "status_comment", &["comment"]),
    alias("ResubmitInput", "comment", &["status_comment"]),
    alias("CloseInput", "comment", &["status_comment"]),
    alias("ResponseInput", "response", &["answer", "status_code"]),
    alias("ResponseInput", "comment", &["status_comment"]),
    alias("DemandInput", "repair_center", &["partner"]),
];

const fn alias(
    schema: &'static str,
    field: &'static str,
    aliases: &'static [&'static str],
) -> Alias {
    Alias {
        schema,
        field,
        aliases,
    }
}

/// `demand_numero`, as sections 3.2 and 3.3 write it.
const fn numero(schema: &'static str) -> Alias {
    alias(schema, "demand_number", &["demand_numero"])
}

/// The service's document: derived, with the webhook events it publishes and its fields'
/// other spellings.
pub fn document() -> Value {
    let mut derived = with_event_names(
        platform::openapi::derived::<ApiDoc>(),
        &crate::webhooks::MOUNT,
    );
    body_fields_per_method(&mut derived);
    demands::schemas::route_names_are_no_number(&mut derived);
    let mut document = with_aliases(derived, FIELD_ALIASES).unwrap_or_else(|alias| {
        panic!("FIELD_ALIASES names {alias:?}, which no input type declares")
    });
    quotes::handlers::refusal_needs_treatment(&mut document);
    document
}

/// What utoipa derives, as a client reads it best. Both methods of a `method(get, post)`
/// route get the handler's operation id and body: the GET one gets `…Get`, as the ids must be
/// unique, and no body, as GET bodies are not for clients to send (the route reads one only to
/// serve clients that do). A summary is one line (utoipa keeps the line breaks of the doc
/// comment's first paragraph). Tags name the aggregate (`demands`), not its handlers module. An
/// output type (`…Out`) sends every field, null when empty (seed 001 shows nulls, not absent
/// fields), so all its fields are required, `Option`s included. The other spellings seed 001
/// gives a route (`routes::aliases`) are listed on its path as `x-aliases`, where the router's
/// 405 and the testkit's contract check find them, and said in each of its operations. Each
/// failure gets an example body for every code its description names in parentheses.
struct Tidy;

impl Modify for Tidy {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let schemas = openapi
            .components
            .iter_mut()
            .flat_map(|c| c.schemas.iter_mut());
        for (_, schema) in schemas.filter(|(name, _)| name.ends_with("Out")) {
            every_field_required(schema);
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            if let (Some(get), Some(post)) = (item.get.as_mut(), item.post.as_ref())
                && get.operation_id == post.operation_id
            {
                get.operation_id = get.operation_id.take().map(|id| format!("{id}Get"));
                get.request_body = None;
            }
            let aliases = routes::aliases(path);
            if !aliases.is_empty() {
                let extensions = item.extensions.get_or_insert_with(Extensions::default);
                extensions.insert("x-aliases".into(), json!(aliases));
            }
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                if let Some(summary) = operation.summary.as_mut() {
                    *summary = summary.replace('\n', " ");
                }
                for tag in operation.tags.iter_mut().flatten() {
                    if let Some(aggregate) = tag.strip_suffix("::handlers") {
                        *tag = aggregate.to_string();
                    }
                }
                if !aliases.is_empty() {
                    let description = operation.description.get_or_insert_with(String::new);
                    description.push_str(&format!(
                        "\n\nAlso served, the same, under the other spellings seed 001 uses \
                         (x-aliases): {}.",
                        aliases.join(", ")
                    ));
                }
                for (status, response) in operation.responses.responses.iter_mut() {
                    if let (Some(status), RefOr::T(response)) = (status.parse().ok(), response) {
                        add_error_examples(status, response);
                    }
                }
            }
        }
    }
}

/// What a POST route's JSON body requires: its GET twin, which has no body, must carry it in
/// its query string; the POST carries it in its body, and the query parameter of the same name
/// is not listed for it (the service still reads it, for clients that put it there). Listed on
/// both sides of a POST, the body would have to hold a field the query string may already
/// give, which no schema can say (schemathesis sent the demand in the query string alone, and
/// the document called the accepted request invalid).
fn body_fields_per_method(document: &mut Value) {
    let schemas = document["components"]["schemas"].clone();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let body = item.pointer("/post/requestBody/content/application~1json/schema/$ref");
        let required: Vec<Value> = body
            .and_then(Value::as_str)
            .and_then(|reference| reference.rsplit('/').next())
            .and_then(|name| schemas[name]["required"].as_array().cloned())
            .unwrap_or_default();
        let parameters = item
            .pointer_mut("/get/parameters")
            .and_then(Value::as_array_mut);
        for parameter in parameters.into_iter().flatten() {
            if required.contains(&parameter["name"]) {
                parameter["required"] = json!(true);
            }
        }
        if let Some(parameters) = item
            .pointer_mut("/post/parameters")
            .and_then(Value::as_array_mut)
        {
            parameters.retain(|p| p["in"] != "query" || !required.contains(&p["name"]));
        }
    }
}

/// The codes a failure's description names in parentheses: `(DEMAND_NOT_FOUND)`.
fn named_codes(description: &str) -> impl Iterator<Item = &str> {
    description
        .split('(')
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(inside, _)| inside))
        .filter(|inside| {
            !inside.is_empty() && inside.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
}

/// The body the service answers with `code`, and its HTTP status: the platform's codes and
/// this service's, as declared.
fn rendered(code: &str) -> Option<(u16, Value)> {
    fn body(code: impl ErrorCode) -> (u16, Value) {
        let error = AppError::from_code(code);
        (
            code.status().as_u16(),
            Dialect::Rma.error_body(&error, None),
        )
    }
    let platform = PlatformCode::ALL.iter().find(|c| c.code() == code);
    let own = RmaError::ALL.iter().find(|c| c.code() == code);
    let webhook = WebhookError::ALL.iter().find(|c| c.code() == code);
    platform
        .map(|c| body(*c))
        .or_else(|| own.map(|c| body(*c)))
        .or_else(|| webhook.map(|c| body(*c)))
}

/// One example per code the description of a `status` failure names, when that code answers
/// that status; the platform adds the dialect's error schema beside them.
fn add_error_examples(status: u16, response: &mut Response) {
    if status < 400 {
        return;
    }
    let examples: Vec<_> = named_codes(&response.description)
        .filter_map(|code| {
            let (answers, body) = rendered(code)?;
            (answers == status).then(|| (code, ExampleBuilder::new().value(Some(body)).build()))
        })
        .collect();
    if examples.is_empty() {
        return;
    }
    let content = ContentBuilder::new().examples_from_iter(examples).build();
    response
        .content
        .insert("application/json".into(), content.into());
}

fn every_field_required(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::T(Schema::Object(object)) => {
            object.required = object.properties.keys().cloned().collect();
        }
        RefOr::T(Schema::AllOf(all)) => all.items.iter_mut().for_each(every_field_required),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_once() {
        let document = ApiDoc::openapi();
        let mut ids: Vec<String> = document
            .paths
            .paths
            .values()
            .flat_map(|item| {
                [&item.get, &item.post, &item.put]
                    .into_iter()
                    .flatten()
                    .filter_map(|op| op.operation_id.clone())
            })
            .collect();
        assert_eq!(ids.len(), 21);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 21);
    }

    /// Every code a failure names in parentheses is declared, answers that failure's status,
    /// and has its example there.
    #[test]
    fn every_named_code_is_declared_and_shown() {
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let mut shown = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let Some(responses) = operation["responses"].as_object() else {
                    continue;
                };
                for (status, response) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
                    let description = response["description"].as_str().unwrap();
                    for code in named_codes(description) {
                        let (answers, body) = rendered(code)
                            .unwrap_or_else(|| panic!("{method} {path} {status}: {code}?"));
                        assert_eq!(answers.to_string(), *status, "{method} {path}: {code}");
                        let example = &response["content"]["application/json"]["examples"][code];
                        assert_eq!(example["value"], body, "{method} {path} {status}");
                        shown += 1;
                    }
                }
            }
        }
        assert!(shown > 60, "{shown}");
        let not_found = &document["paths"]["/api/demands/{number}"]["get"]["responses"]["404"];
        assert_eq!(
            not_found["content"]["application/json"]["examples"]["DEMAND_NOT_FOUND"]["value"],
            json!({"status": "KO", "message": "Dossier introuvable", "error_code": "DEMAND_NOT_FOUND"})
        );
    }

    /// The listing route carries its other spellings; none is an operation of its own.
    #[test]
    fn aliases_are_listed_on_their_route() {
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let listing = &document["paths"]["/api/demands/retrieverequests"];
        let aliases = listing["x-aliases"].as_array().unwrap();
        assert!(aliases.contains(&json!("/api/demands/retrieveDemand")));
        assert!(aliases.contains(&json!("/api/demandes/retrievequests")));
        for alias in aliases {
            assert!(document["paths"].get(alias.as_str().unwrap()).is_none());
        }
        assert!(
            document["paths"]["/api/demands/close"]
                .get("x-aliases")
                .is_none()
        );
    }

    /// The documented example of a demand shows every field a demand is sent with.
    #[test]
    fn the_demand_example_has_every_field() {
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let example = &document["components"]["schemas"]["DemandOut"]["example"];
        let demand = crate::demands::model::tests::demand("REP", None, "RMAD");
        let sent = serde_json::to_value(crate::demands::responses::DemandOut::from(&demand));
        let keys = |v: &serde_json::Value| {
            v.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(keys(example), keys(&sent.unwrap()));
    }
}
