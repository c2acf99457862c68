//! The RMA: the repair-center demands workflow, PULL and PUSH (seed 001).
//! Errors answer in the dialect of seed 001 (`{"status": "OK"|"KO", …}`).

pub mod access;
pub mod config;
pub mod demands;
pub mod documents;
pub mod errors;
pub mod input;
pub mod openapi;
pub mod push;
pub mod quotes;
pub mod routes;
pub mod schema;
pub mod seed;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::web;
use diesel_migrations::embed_migrations;
use platform::db::Migrations;
use platform::service::{Context, ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec {
    name: "rma",
    port: 8082,
    dialect: platform::Dialect::Rma,
    migrations: Migrations {
        postgres: embed_migrations!("migrations/postgres"),
        sqlite: embed_migrations!("migrations/sqlite"),
    },
    api_paths: openapi::paths,
    remembers_retries: true,
};

/// Opens (and migrates) the database, starts the PUSH dispatcher and serves on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    let ctx = Context::open(&SPEC, &settings)?;
    let rules = Arc::new(settings.service.clone());
    if settings.service.push.enabled {
        // The app holds the only strong reference to the rules: once the server has stopped
        // and dropped it, the dispatcher stops too.
        push::dispatcher::spawn(
            ctx.pool.clone(),
            settings.service.push.clone(),
            Arc::downgrade(&rules),
        );
    }
    let rules = web::Data::from(rules);
    platform::service::serve_app(ctx, &settings.http, listener, move |cfg| {
        routes::configure(cfg, rules.clone())
    })
}
