//! The loyalty: consumers, cards, balances, tier steps and rewards, tickets and vouchers (seed 003).
//! Errors answer in the dialect of seed 003 (numbered codes), in JSON or XML.

pub mod cards;
pub mod config;
pub mod consumers;
pub mod crm;
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
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::web;
use platform::codes::loyalty::LoyaltyErrorCode;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "loyalty",
    8084,
    platform::Dialect::Loyalty,
    platform::embedded_migrations!(),
    platform::openapi::derived::<openapi::ApiDoc>,
)
.codes(&[LoyaltyErrorCode::CODES, errors::LoyaltyError::CODES])
// The guide tells tills to resend a failed POST until they get a 2xx, without a key: a consumer
// created twice from one resent body would be a duplicate (tickets, vouchers and rewards have
// their own numbers).
.keyed_by_content(&["/api/v1/customers"])
.seed(seed::main);

/// Opens (and migrates) the database, starts the outbox's dispatcher when the CRM is fed
/// (`service.crm.url`), and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let crm = crm::delivery::CrmDelivery::new(startup.settings)
            .map_err(|e| StartError::Config(platform::config::ConfigError::Message(e)))?;
        if let Some(crm) = crm {
            let crm = Arc::new(crm);
            startup.dispatch(startup.dispatcher().route(crm::event::TOPIC, move |event| {
                let crm = crm.clone();
                async move { crm.deliver(event).await }
            }));
        }
        let program = web::Data::new(startup.settings.service.clone());
        Ok(move |cfg: &mut web::ServiceConfig| routes::configure(cfg, program.clone()))
    })
    .await
}
