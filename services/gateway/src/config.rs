//! Settings of the gateway: the platform's sections plus its own (`GATEWAY__SERVICE__…`):
//! token lifetime, the routing table, upstreams, limits and CORS.

use std::collections::BTreeMap;

use platform::Dialect;
use serde::{Deserialize, Serialize};

use crate::ratelimit::RateLimitSettings;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct GatewaySettings {
    /// Lifetime of the access tokens handed to partners (seed 001 shows 3600).
    pub token_ttl_secs: u64,
    /// Lifetime of the tokens the gateway mints for forwarded API-token and Basic calls.
    pub forward_token_ttl_secs: u64,
    /// How long a verified API token or Basic credential is trusted before its hash is checked
    /// again (a disabled or rotated one stops working within this time). A call in the last
    /// quarter of it starts that check in the background, so busy partners never wait on it.
    pub credential_cache_secs: u64,
    /// How often a replica reloads the signing keys (to follow a rotation made elsewhere).
    pub keys_refresh_secs: u64,
    /// How long an upstream may take before the gateway answers 504.
    pub upstream_timeout_ms: u64,
    /// Services by name: base URL and answer dialect.
    pub upstreams: BTreeMap<String, Upstream>,
    /// Path → service; the longest matching rule wins.
    pub routes: Vec<RouteRule>,
    pub rate_limit: RateLimitSettings,
    pub lockout: LockoutSettings,
    /// Origins allowed to call from a browser; none by default.
    pub cors_allowed_origins: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Upstream {
    pub url: String,
    pub dialect: Dialect,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RouteRule {
    /// A path (`exact`) or a path prefix: `/api/sav` matches `/api/sav` and everything below it.
    pub path: String,
    #[serde(default)]
    pub exact: bool,
    pub service: String,
    /// Remove `path` before forwarding (`/svc/sav/healthz` → `/healthz`).
    #[serde(default)]
    pub strip_prefix: bool,
    /// Largest body accepted on this route; the platform limit when absent.
    #[serde(default)]
    pub body_limit_bytes: Option<usize>,
    /// Forwarded without credentials (and without a gateway token): a login page.
    #[serde(default)]
    pub public: bool,
    /// Where a browser (`Accept: text/html`) without valid credentials is sent (303, with the
    /// way back in `next`) instead of getting a 401: the login page of a service's pages.
    #[serde(default)]
    pub login_page: Option<String>,
}

/// The login page of the CRM's pages (served by the CRM; its form posts to the gateway).
pub const CRM_LOGIN: &str = "/crm/login";

/// Repeated credential failures for one client or address lock it out for a while.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LockoutSettings {
    pub max_failures: u32,
    pub window_secs: u64,
    pub lockout_secs: u64,
}

impl Default for LockoutSettings {
    fn default() -> Self {
        Self {
            max_failures: 10,
            window_secs: 60,
            lockout_secs: 60,
        }
    }
}

const SERVICES: [(&str, u16, Dialect); 5] = [
    ("sav", 8081, Dialect::Sav),
    ("rma", 8082, Dialect::Rma),
    ("customers", 8083, Dialect::Customers),
    ("loyalty", 8084, Dialect::Loyalty),
    ("crm", 8085, Dialect::Crm),
];

/// The documented paths of the seeds (ARCHITECTURE.md), as (path, exact, service).
const COMPAT_ROUTES: [(&str, bool, &str); 19] = [
    ("/api/customer/sav-status", true, "sav"),
    ("/api/sav", false, "sav"),
    ("/sav/", false, "sav"),
    ("/api/sales", false, "sav"),
    ("/api/demands", false, "rma"),
    ("/api/demandes", false, "rma"),
    ("/customer-cats", false, "customers"),
    ("/customers", false, "customers"),
    ("/customer-loyal-cats", false, "customers"),
    ("/warranty-info", false, "customers"),
    ("/warranty-status", false, "customers"),
    ("/api/v1/", false, "loyalty"),
    ("/api/data", false, "crm"),
    ("/api/update_db", true, "crm"),
    ("/api/create_customer", true, "crm"),
    ("/api/credit", false, "crm"),
    ("/api/allow_credit", false, "crm"),
    ("/api/get_tickets", false, "crm"),
    ("/api", true, "crm"),
];

impl Default for GatewaySettings {
    fn default() -> Self {
        let upstreams = SERVICES
            .iter()
            .map(|(name, port, dialect)| {
                let upstream = Upstream {
                    url: format!("http://127.0.0.1:{port}"),
                    dialect: *dialect,
                };
                (name.to_string(), upstream)
            })
            .collect();
        let compat = COMPAT_ROUTES
            .iter()
            .map(|(path, exact, service)| RouteRule {
                path: path.to_string(),
                exact: *exact,
                service: service.to_string(),
                strip_prefix: false,
                body_limit_bytes: None,
                public: false,
                // `/api` is also seed 004's home page.
                login_page: (*path == "/api").then(|| CRM_LOGIN.to_string()),
            });
        // The CRM's pages; their login page is open to all (its form posts to the gateway).
        let pages = [("/crm", false, false), (CRM_LOGIN, true, true)]
            .into_iter()
            .map(|(path, exact, public)| RouteRule {
                path: path.to_string(),
                exact,
                service: "crm".to_string(),
                strip_prefix: false,
                body_limit_bytes: None,
                public,
                login_page: (!public).then(|| CRM_LOGIN.to_string()),
            });
        // Every service under its own prefix, stripped: `/svc/sav/…` → sav's `/…`.
        let prefixed = SERVICES.iter().map(|(name, _, _)| RouteRule {
            path: format!("/svc/{name}"),
            exact: false,
            service: name.to_string(),
            strip_prefix: true,
            body_limit_bytes: None,
            public: false,
            login_page: None,
        });
        Self {
            token_ttl_secs: 3600,
            forward_token_ttl_secs: 300,
            credential_cache_secs: 10,
            keys_refresh_secs: 30,
            upstream_timeout_ms: 30_000,
            upstreams,
            routes: compat.chain(pages).chain(prefixed).collect(),
            rate_limit: RateLimitSettings::default(),
            lockout: LockoutSettings::default(),
            cors_allowed_origins: Vec::new(),
        }
    }
}

pub type Settings = platform::config::Settings<GatewaySettings>;

/// Defaults < `config/gateway.toml` < `GATEWAY__…` environment variables.
pub fn load() -> Result<Settings, platform::config::ConfigError> {
    platform::config::load(crate::SPEC.name, crate::SPEC.port)
}
