//! Every path of the crm service, on one screen (seed 004, plus the fidelity cards, the
//! scheduled credits and the tickets feed). `/healthz`, `/readyz` and `/metrics` come from the
//! platform. The loyalty service's events come in at `/api/loyalty-events` (scope `crm`).
//! Every route needs a valid token (docs/decisions.md, "CRM (seed 004)"). The
//! document writes some paths with a trailing slash: each is served with and without it. The
//! HTML pages are under `/crm/` (and the document's home page at `/api`); the import routes
//! take larger bodies (`import_body_limit_bytes`).

use actix_web::web;

use crate::allowance::handlers as allowance;
use crate::cards::handlers as cards;
use crate::clients::{handlers as clients, import};
use crate::config::CrmSettings;
use crate::credit::handlers as credit;
use crate::imports::handlers as import_pages;
use crate::imports::jobs::Jobs;
use crate::loyalty::handlers as loyalty;
use crate::pages::{home, session};
use crate::tickets::handlers as tickets;

/// The document's paths that are also served with a trailing slash.
pub const SLASHED: [&str; 8] = [
    "/api/data",
    "/api/update_db",
    "/api/create_customer",
    "/api/credit",
    "/api/allow_credit",
    "/api/get_tickets",
    "/api/tickets",
    "/api/data/{IdClient}",
];

pub fn configure(
    cfg: &mut web::ServiceConfig,
    rules: web::Data<CrmSettings>,
    jobs: web::Data<Jobs>,
) {
    let limit = rules.import_body_limit_bytes;
    let large = || {
        (
            web::PayloadConfig::new(limit),
            platform::web::BodyLimit(limit),
        )
    };
    cfg.app_data(rules).app_data(jobs);
    for slash in ["", "/"] {
        let at = |path: &str| format!("{path}{slash}");
        cfg.route(&at("/api/data"), web::get().to(clients::list))
            .route(&at("/api/data"), web::post().to(clients::by_email_here))
            .route(&at("/api/data/{IdClient}"), web::get().to(clients::get))
            .route(
                &at("/api/data/{IdClient}"),
                web::post().to(clients::by_email),
            )
            .service(
                web::resource(at("/api/update_db"))
                    .app_data(large().0)
                    .app_data(large().1)
                    .route(web::post().to(import::update_db)),
            )
            .route(&at("/api/create_customer"), web::post().to(clients::create))
            .route(&at("/api/credit"), web::post().to(credit::credit))
            .route(
                &at("/api/allow_credit"),
                web::post().to(allowance::allow_credit),
            )
            .route(
                &at("/api/allow_credit"),
                web::get().to(allowance::scheduled),
            )
            .route(&at("/api/get_tickets"), web::get().to(tickets::get_tickets))
            .route(&at("/api/tickets"), web::post().to(tickets::record_tickets));
    }
    cfg.route("/api/data/{IdClient}/cards", web::post().to(cards::attach))
        .route(
            "/api/data/{IdClient}/cards/{carteFid}",
            web::delete().to(cards::detach),
        )
        .route("/api/credit/{carteFid}", web::get().to(credit::read))
        .route(
            "/api/loyalty-events",
            web::post().to(loyalty::receive_event),
        );
    // The pages.
    cfg.route("/api", web::get().to(home::home))
        .route("/crm", web::get().to(home::crm_home))
        .route("/crm/", web::get().to(home::crm_home))
        .route("/crm/login", web::get().to(session::login_page))
        .route("/crm/logout", web::post().to(session::logout))
        .service(
            web::resource("/crm/import")
                .app_data(large().0)
                .app_data(large().1)
                .route(web::get().to(import_pages::form))
                .route(web::post().to(import_pages::upload)),
        )
        .route("/crm/import/{id}", web::get().to(import_pages::show))
        .route(
            "/crm/import/{id}/errors.csv",
            web::get().to(import_pages::errors_csv),
        )
        .route("/crm/import/{id}/run", web::post().to(import_pages::run));
}
