//! Settings of the crm service: the platform's sections plus its own (`CRM__SERVICE__…`).

use serde::{Deserialize, Serialize};

/// Rules of this service that operators may change.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmSettings {
    /// The share of a ticket's `Montant` credited to its card's holder, in hundredths of a
    /// percent (5000: the document's 0.5 × Montant).
    pub credit_rate_basis_points: i64,
    /// The most customers `GET /api/data` answers without `page`/`per_page`.
    pub list_cap: i64,
    /// The most rows one `POST /api/update_db` imports.
    pub import_max_rows: usize,
    /// The largest body `POST /api/update_db` and the import page take (a file of 100,000
    /// rows is about 20 MB).
    pub import_body_limit_bytes: usize,
    /// The most tickets one `POST /api/credit` or `POST /api/tickets` carries.
    pub max_tickets_per_call: usize,
    /// The credit eligibility rule of `POST /api/allow_credit` (docs/decisions.md).
    pub eligibility: Eligibility,
}

/// `POST /api/allow_credit` allows a request when every one of these holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Eligibility {
    /// The customer's `Age` is known and at least this.
    pub min_age: i64,
    /// The customer's `NbRefus` is below this.
    pub max_refusals: i64,
    /// The amount is at most the customer's paid `Montant` times this, in hundredths of a
    /// percent (300000: 30 × what the customer has paid).
    pub limit_basis_points: i64,
}

impl Default for Eligibility {
    fn default() -> Self {
        Self {
            min_age: 18,
            max_refusals: 3,
            limit_basis_points: 300_000,
        }
    }
}

impl Default for CrmSettings {
    fn default() -> Self {
        Self {
            credit_rate_basis_points: 5000,
            list_cap: 10_000,
            import_max_rows: 200_000,
            import_body_limit_bytes: 32 * 1024 * 1024,
            max_tickets_per_call: 1000,
            eligibility: Eligibility::default(),
        }
    }
}

pub type Settings = platform::config::Settings<CrmSettings>;

/// Defaults < `config/crm.toml` < `CRM__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
