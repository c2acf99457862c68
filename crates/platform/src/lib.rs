//! Shared concerns of every service, written once: configuration, database, errors and their
//! dialects, status codes, money, input parsing, auth, telemetry, health and the internal HTTP
//! client.

pub mod auth;
pub mod codes;
pub mod config;
pub mod db;
pub mod dialect;
pub mod error;
pub mod html;
pub mod http_client;
pub mod idempotency;
pub mod inbox;
pub mod input;
pub mod metrics;
pub mod money;
pub mod multipart;
pub mod openapi;
pub mod outbox;
pub mod seed;
pub mod service;
pub mod telemetry;
pub mod web;
pub mod webhooks;

pub use dialect::Dialect;

pub use error::{AppError, AppResult, FieldError};
