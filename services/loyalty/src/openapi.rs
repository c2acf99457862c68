//! The loyalty service's document, derived from its handlers' `#[utoipa::path]` attributes and
//! their input and output types; the platform adds the error shape and the failures every
//! route may meet.

use utoipa::OpenApi;

use crate::cards::handlers as cards;
use crate::consumers::handlers as consumers;
use crate::reference::handlers as reference;
use crate::tickets::handlers as tickets;
use crate::vouchers::handlers as vouchers;

#[derive(OpenApi)]
#[openapi(paths(
    consumers::list,
    consumers::create,
    consumers::create_slash,
    consumers::get,
    consumers::update,
    consumers::delete,
    reference::countries,
    reference::cities,
    reference::civilities,
    cards::get_balance,
    cards::reward,
    cards::reward_short,
    tickets::create,
    vouchers::of_card,
    vouchers::issue,
    vouchers::get,
))]
pub struct ApiDoc;
