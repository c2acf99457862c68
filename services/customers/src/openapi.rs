//! The customers service's document, derived from its handlers' `#[utoipa::path]` attributes and
//! their input and output types (`proto-docs/customers.openapi.json`); the platform adds the
//! error shape and the failures every route may meet.

use utoipa::OpenApi;

use crate::catalog::handlers as catalog;
use crate::categories::handlers as categories;
use crate::customers::{edit, handlers as customers};
use crate::loyal_categories::handlers as loyal;
use crate::tickets::handlers as tickets;
use crate::warranty_info::{handlers as warranty, write as warranty_write};
use crate::warranty_tickets::{handlers as tickets_status, write as status_write};

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
    warranty::list,
    warranty_write::create,
    warranty_write::edit,
    warranty_write::delete,
    crate::images::serve,
    tickets_status::list,
    status_write::create,
    status_write::edit,
    status_write::delete,
    catalog::put_product,
    catalog::put_location,
    catalog::put_supplier,
))]
pub struct ApiDoc;
