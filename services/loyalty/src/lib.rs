//! The loyalty: consumers, cards, balances, tier steps and rewards, tickets and vouchers (seed 003).
//! Errors answer in the dialect of seed 003 (numbered codes).

pub mod config;
pub mod routes;
pub mod schema;

use std::net::TcpListener;

use actix_web::dev::Server;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "loyalty",
    port: 8084,
    dialect: platform::Dialect::Loyalty,
    migrations: platform::embedded_migrations!(),
    api_paths: platform::openapi::no_paths,
    remembers_retries: true,
    error_codes: &[],
    seed: None,
};

/// Opens (and migrates) the database and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |_| Ok(routes::configure)).await
}
