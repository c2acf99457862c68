//! The SAV: customer SAV status, SAV create/update, the chatbot forgotten-coupon flow (seed 000).
//! Errors answer in the dialect of seed 000 (`{"success": …}`).

pub mod chatbot;
pub mod config;
pub mod errors;
pub mod openapi;
pub mod repairs;
pub mod routes;
pub mod sales;
pub mod savs;
pub mod schema;
pub mod seed;
pub mod webhooks;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::web;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "sav",
    8081,
    platform::Dialect::Sav,
    platform::embedded_migrations!(),
    openapi::document,
)
.codes(&[
    errors::SavError::CODES,
    platform::webhooks::WebhookError::CODES,
])
.seed(seed::main);

/// Opens (and migrates) the database, starts the outbox's dispatcher (the partners' webhooks,
/// and the warranty repairs when configured) and serves on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let config_error =
            |e: String| StartError::Config(platform::config::ConfigError::Message(e));
        let dispatcher = startup.dispatcher().with_webhooks()?;
        let dispatcher = match repairs::peers::Peers::new(startup.settings).map_err(config_error)? {
            None => dispatcher,
            Some(peers) => {
                let (peers, pool) = (std::sync::Arc::new(peers), startup.ctx.pool.clone());
                dispatcher.route(repairs::TOPIC, move |event| {
                    repairs::deliver::deliver(peers.clone(), pool.clone(), event)
                })
            }
        };
        startup.dispatch(dispatcher);
        let rules = web::Data::new(startup.settings.service.clone());
        let coupons =
            chatbot::coupon::CouponChecker::new(startup.settings).map_err(config_error)?;
        let coupons = web::Data::new(coupons);
        let hooks = startup.settings.webhooks.clone();
        Ok(move |cfg: &mut web::ServiceConfig| {
            routes::configure(cfg, rules.clone(), coupons.clone());
            platform::webhooks::configure(cfg, webhooks::MOUNT, hooks.clone());
        })
    })
    .await
}
