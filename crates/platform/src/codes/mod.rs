//! Status and error code tables taken from the partner documents, so every
//! service parses and labels them the same way.

pub mod column;
pub mod loyalty;
mod named;
pub mod rma_status;
pub mod sav_status;
pub mod warranty_status;

/// Returned by every code parser when a value is not in the documented table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} code: {value}")]
pub struct UnknownCode {
    /// Which table was consulted, e.g. `"SAV status"`.
    pub kind: &'static str,
    /// The rejected input, as received.
    pub value: String,
}
