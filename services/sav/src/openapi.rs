//! The SAV service's document, derived from its handlers' `#[utoipa::path]` attributes and their
//! input and output types (`proto-docs/sav.openapi.json`); the platform adds the envelope, the
//! error shape and the failures every route may meet.

use platform::webhooks::handlers as webhooks;
use utoipa::OpenApi;

use crate::chatbot::handlers as chatbot;
use crate::sales::handlers as sales;
use crate::savs::handlers as savs;

#[derive(OpenApi)]
#[openapi(paths(
    sales::upsert_sales,
    savs::customer_sav_status,
    savs::create_sale_sav,
    savs::update_sale_sav,
    chatbot::eligibility,
    chatbot::chatbot_ticket,
    savs::list_savs,
    savs::get_sav,
    webhooks::register,
    webhooks::list,
    webhooks::remove,
    webhooks::deliveries,
))]
pub struct ApiDoc;

/// The problem types the chatbot's ticket accepts, seed 000's spelling and its aliases.
pub fn forgotten_coupon_type() -> utoipa::openapi::schema::Schema {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(
            crate::chatbot::model::SAV_TYPE_ALIASES.iter().copied(),
        ))
        .into()
}
