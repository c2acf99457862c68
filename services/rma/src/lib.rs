//! The RMA: the repair-center demands workflow, PULL and PUSH (seed 001).
//! Errors answer in the dialect of seed 001 (`{"status": "OK"|"KO", …}`).

pub mod config;
pub mod routes;
pub mod schema;

use std::net::TcpListener;

use actix_web::dev::Server;
use diesel_migrations::embed_migrations;
use platform::db::Migrations;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "rma",
    port: 8082,
    dialect: platform::Dialect::Rma,
    migrations: Migrations {
        postgres: embed_migrations!("migrations/postgres"),
        sqlite: embed_migrations!("migrations/sqlite"),
    },
    api_paths: platform::openapi::no_paths,
};

/// Opens (and migrates) the database and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, routes::configure)
}
