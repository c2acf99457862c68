//! The CRM: customers, bulk import, fidelity credit, credit eligibility, tickets, HTML pages (seed 004).
//! Errors answer in the dialect of seed 004 (`{"error", "code"}`).

pub mod config;
pub mod routes;
pub mod schema;

use std::net::TcpListener;

use actix_web::dev::Server;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "crm",
    port: 8085,
    dialect: platform::Dialect::Crm,
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
