//! Every path of the rma service, on one screen (seed 001, plus the retailer's side it
//! implies). `/healthz`, `/readyz` and `/metrics` come from the platform.
//!
//! Scopes (seed 001's names): `demands_accept`, `demands_refuse`, `demands_messagecenter`
//! (message), `demands_status`, `demands_update` (tracking, quotation, close),
//! `demands_adddocument`; any `demands_*` scope reads (retrieverequests, documents, one demand).
//! Retailer: `demands_create`, `demands_responsequote`, `demands_resubmit`, and
//! `partners_manage` for PUSH endpoints. A token bound to a partner acts as that repair center.

use actix_web::{Route, guard, web};

use crate::config::RmaSettings;
use crate::demands::handlers::{
    accept, close, create, get_demand, message, refuse, resubmit, retrieve_requests, status,
};
use crate::documents::handlers::{add_document, documents, tracking};
use crate::push::handlers::{get_endpoint, put_endpoint};
use crate::quotes::handlers::{quotation, response_quote};

pub fn configure(cfg: &mut web::ServiceConfig, rules: web::Data<RmaSettings>) {
    let get_or_post = || web::route().guard(guard::Any(guard::Get()).or(guard::Post()));
    cfg.app_data(rules);
    // The repair center's routes (sections 3.2 to 3.10), each also under the document's other
    // spellings. Before `/api/demands/{number}`, which would take `retrieveDemand` for a number.
    seed_route(cfg, "/api/demands/accept", || web::post().to(accept));
    seed_route(cfg, "/api/demands/refuse", || web::post().to(refuse));
    seed_route(cfg, "/api/demands/message", || web::post().to(message));
    seed_route(cfg, "/api/demands/status", || web::post().to(status));
    seed_route(cfg, "/api/demands/tracking", || web::post().to(tracking));
    seed_route(cfg, "/api/demands/adddocument", || {
        web::post().to(add_document)
    });
    seed_route(cfg, "/api/demands/quotation", || web::post().to(quotation));
    seed_route(cfg, "/api/demands/retrieverequests", || {
        get_or_post().to(retrieve_requests)
    });
    seed_route(cfg, "/api/demands/documents", || {
        get_or_post().to(documents)
    });
    // The retailer's side.
    cfg.route("/api/demands", web::post().to(create))
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

/// `path` and each of its [`aliases`], to the same handler.
fn seed_route(cfg: &mut web::ServiceConfig, path: &str, route: impl Fn() -> Route) {
    cfg.route(path, route());
    for alias in aliases(path) {
        cfg.route(&alias, route());
    }
}

/// Where seed 001's routes live: `demands/`, which section 4 also writes `demandes/`.
const PREFIXES: [&str; 2] = ["/api/demands/", "/api/demandes/"];
/// Sections 3.2 to 3.10, by the names their headings give them.
const SEED_ROUTES: [&str; 9] = [
    "accept",
    "refuse",
    "message",
    "status",
    "tracking",
    "adddocument",
    "quotation",
    "retrieverequests",
    "documents",
];
/// The listing route's other names in the document: `retrieveDemand` (section 1),
/// `retrieverequets` (heading of 3.9), `retrieverequest` (its example's title),
/// `retrievequest` and `retrievequests` (section 4).
const LISTING_SPELLINGS: [&str; 5] = [
    "retrieverequets",
    "retrieverequest",
    "retrievequest",
    "retrievequests",
    "retrieveDemand",
];

/// The other paths seed 001 writes for one of its routes, given by its canonical path: each
/// reaches the same handler, and the document lists them on that path (`x-aliases`), not as
/// operations of their own. None for a route of our own.
pub fn aliases(path: &str) -> Vec<String> {
    let Some(name) = path
        .strip_prefix(PREFIXES[0])
        .filter(|name| SEED_ROUTES.contains(name))
    else {
        return Vec::new();
    };
    let mut names = vec![name];
    if name == "retrieverequests" {
        names.extend(LISTING_SPELLINGS);
    }
    PREFIXES
        .iter()
        .flat_map(|prefix| names.iter().map(move |name| format!("{prefix}{name}")))
        .filter(|alias| alias != path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_spellings_of_its_routes() {
        assert_eq!(aliases("/api/demands/accept"), ["/api/demandes/accept"]);
        let listing = aliases("/api/demands/retrieverequests");
        assert_eq!(listing.len(), 11);
        for spelling in [
            "/api/demands/retrieveDemand",
            "/api/demands/retrieverequets",
            "/api/demandes/retrievequest",
            "/api/demandes/retrievequests",
            "/api/demandes/retrieverequests",
        ] {
            assert!(listing.iter().any(|a| a == spelling), "{spelling}");
        }
        assert!(aliases("/api/demands/close").is_empty());
        assert!(aliases("/api/demands").is_empty());
    }
}
