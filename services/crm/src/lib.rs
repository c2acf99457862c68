//! The CRM: customers, bulk import, fidelity credit, credit eligibility, tickets (seed 004).
//! Errors answer in the dialect of seed 004 (`{"error", "code"}`).

pub mod allowance;
pub mod cards;
pub mod clients;
pub mod config;
pub mod credit;
pub mod errors;
pub mod imports;
pub mod loyalty;
pub mod openapi;
pub mod pages;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod tickets;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::web;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "crm",
    8085,
    platform::Dialect::Crm,
    platform::embedded_migrations!(),
    openapi::document,
)
.codes(&[errors::CrmError::CODES])
.seed(seed::main);

/// Opens (and migrates) the database and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let rules = web::Data::new(startup.settings.service.clone());
        // One registry for every worker: a run started on one is followed from any.
        let jobs = web::Data::new(imports::jobs::Jobs::default());
        Ok(move |cfg: &mut web::ServiceConfig| routes::configure(cfg, rules.clone(), jobs.clone()))
    })
    .await
}
