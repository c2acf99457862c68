//! The gateway: partner token issuance (every documented style), API clients, routing to the
//! services, rate limits. Its own endpoints answer RFC 6749 errors; forwarded calls answer in the
//! dialect of the route's service.

pub mod admin;
pub mod clients;
pub mod config;
pub mod credentials;
pub mod errors;
pub mod keys;
pub mod lockout;
pub mod openapi;
pub mod proxy;
pub mod ratelimit;
pub mod routes;
pub mod schema;
pub mod sessions;
pub mod state;
pub mod tokens;

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::web;
use chrono::Utc;
use platform::service::{ServiceSpec, StartError};

use crate::state::GatewayState;

pub static SPEC: ServiceSpec = ServiceSpec::new(
    "gateway",
    8080,
    platform::Dialect::Plain,
    platform::embedded_migrations!(),
    openapi::paths,
)
.codes(&[
    errors::GatewayError::CODES,
    platform::codes::loyalty::LoyaltyErrorCode::CODES,
])
.forwards_retries();

/// Opens (and migrates) the database, loads the signing keys, and starts serving on `listener`.
pub async fn start(
    settings: config::Settings,
    listener: TcpListener,
) -> Result<Server, StartError> {
    platform::service::start(&SPEC, &settings, listener, async |startup| {
        let pool = startup.ctx.pool.clone();
        let state = web::Data::new(GatewayState::build(startup.settings, pool).await?);
        startup.spawn(refresh_keys(state.clone()));
        Ok(move |cfg: &mut web::ServiceConfig| routes::configure(cfg, state.clone()))
    })
    .await
}

/// Every `keys_refresh_secs`: the signing keys and the clients' rate limits, to follow changes
/// made elsewhere (another replica, the admin command).
async fn refresh_keys(state: web::Data<GatewayState>) {
    let period = Duration::from_secs(state.settings.keys_refresh_secs.max(1));
    let mut tick = tokio::time::interval(period);
    tick.tick().await;
    loop {
        tick.tick().await;
        let refreshed = state.clone();
        let outcome = platform::db::blocking(move || {
            let mut conn = refreshed.pool.get()?;
            refreshed
                .keys
                .refresh(&mut conn, refreshed.token_ttl(), Utc::now().naive_utc())
                .map_err(platform::AppError::internal)
        })
        .await;
        if let Err(err) = outcome {
            tracing::warn!(error = %err, "signing keys not refreshed");
        }
        let pool = state.pool.clone();
        match platform::db::run(&pool, clients::store::own_rates).await {
            Ok(clients) => state.reload_limits(&clients),
            Err(err) => tracing::warn!(error = %err, "client rate limits not reloaded"),
        }
    }
}
