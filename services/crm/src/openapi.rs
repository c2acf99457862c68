//! The crm service's document, derived from its handlers' `#[utoipa::path]` attributes and
//! their input and output types (`proto-docs/crm.openapi.json`); the platform adds the error
//! shape and the failures every route may meet.

use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::allowance::handlers as allowance;
use crate::cards::handlers as cards;
use crate::clients::{handlers as clients, import};
use crate::credit::handlers as credit;
use crate::imports::handlers as import_pages;
use crate::loyalty::handlers as loyalty;
use crate::pages::{home, session};
use crate::routes::SLASHED;
use crate::tickets::handlers as tickets;

#[derive(OpenApi)]
#[openapi(paths(
    clients::list,
    clients::by_email_here,
    clients::get,
    clients::by_email,
    cards::attach,
    cards::detach,
    import::update_db,
    clients::create,
    credit::credit,
    credit::read,
    allowance::allow_credit,
    allowance::scheduled,
    tickets::get_tickets,
    tickets::record_tickets,
    loyalty::receive_event,
    home::home,
    home::crm_home,
    session::login_page,
    session::logout,
    import_pages::form,
    import_pages::upload,
    import_pages::show,
    import_pages::errors_csv,
    import_pages::run,
))]
pub struct ApiDoc;

/// The derived document, each path the router also serves with a trailing slash listing that
/// spelling in `x-aliases` (where the router's 405 and the testkit's contract check find it).
pub fn document() -> Value {
    let mut document = platform::openapi::derived::<ApiDoc>();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        if let Some(Value::Object(item)) = paths.get_mut("/crm/") {
            item.insert("x-aliases".into(), json!(["/crm"]));
        }
        for path in SLASHED {
            if let Some(Value::Object(item)) = paths.get_mut(path) {
                item.insert("x-aliases".into(), json!([format!("{path}/")]));
            }
        }
    }
    document
}
