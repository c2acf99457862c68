//! The rma service's endpoints in its OpenAPI document (`proto-docs/rma.openapi.json`),
//! derived from the handlers' `#[utoipa::path]` and their input and output types. The platform
//! completes it (see `platform::openapi::document`): the failures every route may meet, the
//! error body of seed 001's dialect, and the `{"status": "OK", "message": "Success", "data"}`
//! envelope around each typed payload.

use utoipa::{Modify, OpenApi};

use crate::{demands, documents, push, quotes};

#[derive(OpenApi)]
#[openapi(modifiers(&GetIds), paths(
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
))]
pub struct ApiDoc;

/// utoipa gives both methods of a `method(get, post)` route the handler's operation id; the
/// GET one gets `…Get`, as the ids must be unique.
struct GetIds;

impl Modify for GetIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            if let (Some(get), Some(_)) = (item.get.as_mut(), item.post.as_ref()) {
                get.operation_id = get.operation_id.take().map(|id| format!("{id}Get"));
            }
        }
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
        assert_eq!(ids.len(), 18);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 18);
    }
}
