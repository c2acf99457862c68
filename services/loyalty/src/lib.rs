//! The loyalty: consumers, cards, balances, tier steps and rewards, tickets and vouchers (seed 003).
//! Errors answer in the dialect of seed 003 (numbered codes), in JSON or XML.

pub mod cards;
pub mod config;
pub mod consumers;
pub mod errors;
pub mod ledger;
pub mod media;
pub mod openapi;
pub mod reference;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod tickets;
pub mod vouchers;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::web;
use platform::codes::loyalty::LoyaltyErrorCode;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "loyalty",
    port: 8084,
    dialect: platform::Dialect::Loyalty,
    migrations: platform::embedded_migrations!(),
    api_paths: platform::openapi::derived::<openapi::ApiDoc>,
    remembers_retries: true,
    error_codes: &[LoyaltyErrorCode::CODES, errors::LoyaltyError::CODES],
    seed: Some(seed::main),
};

/// Opens (and migrates) the database and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let program = web::Data::new(startup.settings.service.clone());
        Ok(move |cfg: &mut web::ServiceConfig| routes::configure(cfg, program.clone()))
    })
    .await
}
