//! The tables of the rma database.

/// Events for other services, written in the same transaction as the change (platform-owned).
pub use platform::outbox::outbox;
