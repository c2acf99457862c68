//! The RMA: the repair-center demands workflow, PULL and PUSH (seed 001).
//! Errors answer in the dialect of seed 001 (`{"status": "OK"|"KO", …}`).

// The documented examples of `#[schema(example = json!(…))]` nest deeper than the default.
#![recursion_limit = "256"]

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
pub mod sav_events;
pub mod schema;
pub mod seed;
pub mod shown;
pub mod webhooks;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::web;
use platform::http_client::InternalClient;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "rma",
    8082,
    platform::Dialect::Rma,
    platform::embedded_migrations!(),
    openapi::document,
)
.codes(&[
    errors::RmaError::CODES,
    platform::webhooks::WebhookError::CODES,
])
.seed(seed::main);

/// Opens (and migrates) the database, starts the outbox's dispatcher (PUSH events and
/// webhooks) and serves on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let (pool, client) = (
            startup.ctx.pool.clone(),
            startup.settings.outbox.http_client()?,
        );
        let dispatcher = startup
            .dispatcher()
            .route(push::TOPIC, move |event| {
                push::deliver::deliver(pool.clone(), client.clone(), event)
            })
            .with_webhooks()?;
        let dispatcher = match &startup.settings.service.sav_events.url {
            None => dispatcher,
            Some(url) => {
                let client = InternalClient::new(startup.settings.client.clone())?;
                let (client, url): (Arc<_>, Arc<str>) = (Arc::new(client), url.as_str().into());
                dispatcher.route(sav_events::TOPIC, move |event| {
                    sav_events::deliver(client.clone(), url.clone(), event)
                })
            }
        };
        startup.dispatch(dispatcher);
        let rules = web::Data::new(startup.settings.service.clone());
        let hooks = startup.settings.webhooks.clone();
        Ok(move |cfg: &mut web::ServiceConfig| {
            routes::configure(cfg, rules.clone());
            platform::webhooks::configure(cfg, webhooks::MOUNT, hooks.clone());
        })
    })
    .await
}
