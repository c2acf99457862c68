//! Every path of the rma service, on one screen (seed 001, plus the retailer's side it
//! implies). `/healthz`, `/readyz` and `/metrics` come from the platform.
//!
//! Scopes (seed 001's names): `demands_accept`, `demands_refuse`, `demands_messagecenter`
//! (message), `demands_status`, `demands_update` (tracking, quotation, close),
//! `demands_adddocument`; any `demands_*` scope reads (retrieverequests, documents, one demand).
//! Retailer: `demands_create`, `demands_responsequote`, `demands_resubmit`, and
//! `partners_manage` for PUSH endpoints. A token bound to a partner acts as that repair center.

use actix_web::web;

use crate::config::RmaSettings;
use crate::demands::handlers::{
    accept, close, create, get_demand, message, refuse, resubmit, retrieve_requests, status,
};
use crate::documents::handlers::{add_document, documents, tracking};
use crate::push::handlers::{get_endpoint, put_endpoint};
use crate::quotes::handlers::{quotation, response_quote};

pub fn configure(cfg: &mut web::ServiceConfig, rules: web::Data<RmaSettings>) {
    cfg.app_data(rules)
        // The repair center's routes (sections 3.2 to 3.10).
        .route("/api/demands/accept", web::post().to(accept))
        .route("/api/demands/refuse", web::post().to(refuse))
        .route("/api/demands/message", web::post().to(message))
        .route("/api/demands/status", web::post().to(status))
        .route("/api/demands/tracking", web::post().to(tracking))
        .route("/api/demands/adddocument", web::post().to(add_document))
        .route("/api/demands/quotation", web::post().to(quotation))
        .route(
            "/api/demands/retrieverequests",
            web::route()
                .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Post()))
                .to(retrieve_requests),
        )
        .route(
            "/api/demands/documents",
            web::route()
                .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Post()))
                .to(documents),
        )
        // The retailer's side.
        .route("/api/demands", web::post().to(create))
        .route("/api/demands/responsequote", web::post().to(response_quote))
        .route("/api/demands/resubmit", web::post().to(resubmit))
        .route("/api/demands/close", web::post().to(close))
        .route("/api/demands/{number}", web::get().to(get_demand))
        .route(
            "/api/partners/{partner}/push-endpoint",
            web::put().to(put_endpoint),
        )
        .route(
            "/api/partners/{partner}/push-endpoint",
            web::get().to(get_endpoint),
        );
}
