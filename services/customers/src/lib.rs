//! The customers: categories, customers, loyalty categories, warranty info and warranty tickets (seed 002).
//! Errors answer in the dialect of seed 002 (HAL, `{"result": …}`).

pub mod catalog;
pub mod categories;
pub mod config;
pub mod customers;
pub mod errors;
pub mod hal;
pub mod images;
pub mod loyal_categories;
pub mod media;
pub mod openapi;
pub mod permissions;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod tickets;
pub mod warranty_info;
pub mod warranty_tickets;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::web;
use platform::service::{ServiceSpec, StartError};

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "customers",
    8083,
    platform::Dialect::Customers,
    platform::embedded_migrations!(),
    platform::openapi::derived::<openapi::ApiDoc>,
)
.codes(&[errors::CustomersError::CODES])
.seed(seed::main);

/// Opens (and migrates) the database and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let rules = startup.settings.service.clone();
        let images = web::Data::new(images::ImageStore::new(&rules));
        let rules = web::Data::new(rules);
        Ok(move |cfg: &mut web::ServiceConfig| {
            routes::configure(cfg, images.clone(), rules.clone())
        })
    })
    .await
}
