//! The rma service's endpoints in its OpenAPI document (`proto-docs/rma.openapi.json`),
//! derived from the handlers' `#[utoipa::path]` and their input and output types. The platform
//! completes it (see `platform::openapi::document`): the failures every route may meet, the
//! error body of seed 001's dialect, and the `{"status": "OK", "message": "Success", "data"}`
//! envelope around each typed payload.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{Modify, OpenApi};

use platform::webhooks::handlers as webhooks;

use crate::{demands, documents, push, quotes};

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

/// What utoipa derives, as a client reads it best. Both methods of a `method(get, post)`
/// route get the handler's operation id and body: the GET one gets `…Get`, as the ids must be
/// unique, and no body, as GET bodies are not for clients to send (the route reads one only to
/// serve clients that do). A summary is one line (utoipa keeps the line breaks of the doc
/// comment's first paragraph). Tags name the aggregate (`demands`), not its handlers module. An
/// output type (`…Out`) sends every field, null when empty (seed 001 shows nulls, not absent
/// fields), so all its fields are required, `Option`s included.
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
        for item in openapi.paths.paths.values_mut() {
            if let (Some(get), Some(post)) = (item.get.as_mut(), item.post.as_ref())
                && get.operation_id == post.operation_id
            {
                get.operation_id = get.operation_id.take().map(|id| format!("{id}Get"));
                get.request_body = None;
            }
            let operations = [&mut item.get, &mut item.post, &mut item.put];
            for operation in operations.into_iter().flatten() {
                if let Some(summary) = operation.summary.as_mut() {
                    *summary = summary.replace('\n', " ");
                }
                for tag in operation.tags.iter_mut().flatten() {
                    if let Some(aggregate) = tag.strip_suffix("::handlers") {
                        *tag = aggregate.to_string();
                    }
                }
            }
        }
    }
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
