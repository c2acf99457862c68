//! Who acts on a demand. A token bound to a partner (the gateway's `partner` claim) is a repair
//! center and only ever sees the demands assigned to it; a token without one is the retailer's
//! back office, which sees them all.

use platform::AppError;
use platform::auth::{Caller, require_scope};

use crate::errors::RmaError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Partner(String),
    Retailer,
}

impl Side {
    pub fn of(caller: &Caller) -> Self {
        match caller.partner.as_deref().map(str::trim) {
            Some(partner) if !partner.is_empty() => Self::Partner(partner.to_string()),
            _ => Self::Retailer,
        }
    }

    /// The word stored with history entries, messages and documents.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Partner(_) => "partner",
            Self::Retailer => "retailer",
        }
    }

    pub fn partner(&self) -> Option<&str> {
        match self {
            Self::Partner(partner) => Some(partner),
            Self::Retailer => None,
        }
    }
}

/// The scope, then the side of the caller for a route either side may call.
pub fn either_side(caller: &Caller, scope: &str) -> Result<Side, AppError> {
    require_scope(caller, scope)?;
    Ok(Side::of(caller))
}

/// The scope, then the repair center the caller speaks for (403 for the retailer's tokens).
pub fn partner_side(caller: &Caller, scope: &str) -> Result<Side, AppError> {
    require_scope(caller, scope)?;
    match Side::of(caller) {
        Side::Retailer => Err(RmaError::PartnerOnly.into()),
        partner => Ok(partner),
    }
}

/// The scope, and a caller that is the retailer (403 for a repair center's tokens).
pub fn retailer_side(caller: &Caller, scope: &str) -> Result<(), AppError> {
    require_scope(caller, scope)?;
    match Side::of(caller) {
        Side::Retailer => Ok(()),
        Side::Partner(_) => Err(RmaError::RetailerOnly.into()),
    }
}

/// Reads need any `demands_*` scope: a center allowed to act on its demands may list them.
pub fn reader_side(caller: &Caller) -> Result<Side, AppError> {
    if caller.scopes.iter().any(|s| s.starts_with("demands_")) {
        Ok(Side::of(caller))
    } else {
        Err(AppError::forbidden(
            "This token has no demands_* scope.".to_string(),
        ))
    }
}
