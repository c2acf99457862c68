//! What the end-to-end tests share: a [`Stack`] of real processes (the gateway and the services
//! the test names, each over a fresh database, each calling service with its own client
//! credentials), reached through the gateway as partners reach it. The tests are in `tests/`; the
//! binaries are the workspace's own (`cargo build --workspace --bins` first; `cargo nextest run
//! --workspace` does it).
//!
//! Test code: a failure here is a test failure, so `expect` is the right tool.

mod setup;
mod stack;

pub use setup::{Credentials, GRANTS, Setup};
pub use stack::Stack;
