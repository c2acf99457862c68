//! The customers service's document, derived from its handlers' `#[utoipa::path]` attributes and
//! their input and output types (`proto-docs/customers.openapi.json`); the platform adds the
//! error shape and the failures every route may meet.

use utoipa::OpenApi;

use crate::categories::handlers as categories;
use crate::customers::{edit, handlers as customers};
use crate::loyal_categories::handlers as loyal;
use crate::tickets::handlers as tickets;

#[derive(OpenApi)]
#[openapi(paths(
    categories::list,
    categories::create,
    categories::edit,
    categories::delete,
    customers::list,
    customers::create,
    customers::get,
    edit::edit,
    customers::delete,
    loyal::list,
    loyal::get,
    loyal::put,
    tickets::put,
))]
pub struct ApiDoc;
