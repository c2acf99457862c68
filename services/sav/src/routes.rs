//! Every path of the SAV service, on one screen (seed 000, plus the order feed and the support
//! tools' reads). `/healthz`, `/readyz` and `/metrics` come from the platform.
//!
//! Scopes: `sales_write` (order feed), `sav_read` (lookups, eligibility), `sav_write` (SAV
//! create/update, chatbot ticket, an agent's repair), `sav_events` (the RMA's demand statuses).

use actix_web::web;

use crate::chatbot::coupon::CouponChecker;
use crate::chatbot::handlers::{chatbot_ticket, eligibility};
use crate::config::SavSettings;
use crate::repairs::handlers::{ask_repair, demand_status};
use crate::sales::handlers::upsert_sales;
use crate::savs::handlers::{
    create_sale_sav, customer_sav_status, get_sav, list_savs, update_sale_sav,
};

pub fn configure(
    cfg: &mut web::ServiceConfig,
    rules: web::Data<SavSettings>,
    coupons: web::Data<Option<CouponChecker>>,
) {
    cfg.app_data(rules)
        .app_data(coupons)
        .route("/api/sales", web::post().to(upsert_sales))
        .route(
            "/api/customer/sav-status",
            web::get().to(customer_sav_status),
        )
        .route("/sav/create-sale-sav", web::post().to(create_sale_sav))
        .route(
            "/sav/update-new-sale-sav/{id}",
            web::post().to(update_sale_sav),
        )
        .route(
            "/api/sav/forgotten-coupon/eligibility",
            web::post().to(eligibility),
        )
        .route("/api/sav", web::post().to(chatbot_ticket))
        .route("/api/sav", web::get().to(list_savs))
        .route("/api/sav/{id}", web::get().to(get_sav))
        .route("/api/sav/{id}/repair", web::post().to(ask_repair))
        .route("/api/sav/{id}/repair-events", web::post().to(demand_status));
}
