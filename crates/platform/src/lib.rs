//! Shared concerns of every service, written once: configuration, database, errors and their
//! dialects, status codes, money, input parsing, auth, telemetry, health and the internal HTTP
//! client.

pub mod auth;
pub mod codes;
pub mod config;
pub mod db;
pub mod dialect;
pub mod error;
pub mod http_client;
pub mod idempotency;
pub mod input;
pub mod metrics;
pub mod money;
pub mod openapi;
pub mod outbox;
pub mod service;
pub mod telemetry;
pub mod web;

pub use dialect::Dialect;

// Every service allocates per request on several threads; under glibc's allocator that was
// about 30 % of a SAV lookup's CPU and the largest user-space cost of the gateway's proxy path
// (`scripts/bench`). One allocator for every binary that links the platform.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub use error::{AppError, AppResult, FieldError};
