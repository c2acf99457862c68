//! Every path of the customers service, on one screen. `/healthz`, `/readyz` and `/metrics` come
//! from the platform; the domain endpoints arrive with their own issues.

use actix_web::web;

pub fn configure(_cfg: &mut web::ServiceConfig) {}
