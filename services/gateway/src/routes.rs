//! Every path of the gateway, on one screen. `/healthz`, `/readyz` and `/metrics` come from the
//! platform; every other path is forwarded by the routing table (configuration, not code).

use std::time::Duration;

use actix_cors::Cors;
use actix_web::middleware::Condition;
use actix_web::web;
use platform::Dialect;

use crate::proxy::Worker;
use crate::proxy::handlers::forward;
use crate::sessions::handlers::login;
use crate::state::GatewayState;
use crate::tokens::handlers::{jwks, oauth_token, token_create, token_password};

pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<GatewayState>) {
    let origins = &state.settings.cors_allowed_origins;
    let cors = origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allow_any_method()
        .allow_any_header()
        .max_age(3600);
    // Called once per worker: each keeps its own upstream connections and trusted credentials.
    cfg.app_data(state.clone())
        .app_data(Worker::start(Duration::from_secs(2), &state.routes))
        .service(
            web::scope("")
                .wrap(Condition::new(!origins.is_empty(), cors))
                // Seed 001: errors in the RMA dialect.
                .service(
                    web::resource("/api/token/create")
                        .app_data(Dialect::Rma)
                        .route(web::post().to(token_create)),
                )
                // Seed 003: errors in the loyalty dialect.
                .service(
                    web::resource("/api/token")
                        .app_data(Dialect::Loyalty)
                        .route(web::post().to(token_password)),
                )
                // RFC 6749 errors (the gateway's own dialect).
                .route("/oauth/token", web::post().to(oauth_token))
                .route("/.well-known/jwks.json", web::get().to(jwks))
                // The CRM pages' login (its page, `GET`, is the CRM's: forwarded).
                .service(
                    web::resource("/crm/login")
                        .route(web::post().to(login))
                        .default_service(web::to(forward)),
                )
                // Everything else goes through the routing table.
                .default_service(web::to(forward)),
        );
}
