//! Every path of the sav service, on one screen. `/healthz`, `/readyz` and `/metrics` come
//! from the platform; the domain endpoints arrive with their own issues.

use actix_web::web;

pub fn configure(_cfg: &mut web::ServiceConfig) {}
