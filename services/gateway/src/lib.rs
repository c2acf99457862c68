//! The the gateway: partner token issuance (every documented style), API clients, routing to the services, rate limits.
//! Errors answer in the dialect of RFC 6749 (`{"error", "error_description"}`) for its own endpoints.

pub mod config;
pub mod routes;
pub mod schema;

use std::net::TcpListener;

use actix_web::dev::Server;
use diesel_migrations::embed_migrations;
use platform::db::Migrations;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "gateway",
    port: 8080,
    dialect: platform::Dialect::Plain,
    migrations: Migrations {
        postgres: embed_migrations!("migrations/postgres"),
        sqlite: embed_migrations!("migrations/sqlite"),
    },
};

/// Opens (and migrates) the database and starts serving on `listener`.
pub fn start(settings: config::Settings, listener: TcpListener) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, routes::configure)
}
