//! Settings: built-in defaults < optional `config/<service>.toml` < environment variables
//! (`SAV__DATABASE__URL`, `SAV__HTTP__PORT`, …). A service starts with neither file nor variable.

use std::collections::HashMap;
use std::path::Path;

pub use config::ConfigError;
use config::{Config, Environment, File, FileFormat};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::telemetry::LogSettings;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings<S> {
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub auth: AuthSettings,
    pub client: ClientSettings,
    /// The outbox's dispatcher (`SAV__OUTBOX__…`).
    #[serde(default)]
    pub outbox: crate::outbox::DispatchSettings,
    /// Partners' webhooks (`SAV__WEBHOOKS__…`), where a service mounts them.
    #[serde(default)]
    pub webhooks: crate::webhooks::WebhookSettings,
    /// The service's own section (`SAV__SERVICE__…`).
    #[serde(default)]
    pub service: S,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpSettings {
    pub host: String,
    pub port: u16,
    /// Worker threads; the number of cores when absent.
    pub workers: Option<usize>,
    pub body_limit_bytes: usize,
    /// How long in-flight requests may run after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Threads per worker for blocking work (queries, password hashing). More than the database
    /// pool can use only adds memory: each thread keeps its own allocator heap.
    pub blocking_threads_per_worker: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseSettings {
    /// `postgres://…`, `sqlite://path` or a plain file path (SQLite).
    pub url: String,
    pub pool_size: u32,
    /// How long a request waits for a pooled connection before answering 503.
    pub connection_timeout_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthSettings {
    pub issuer: String,
    pub audience: String,
    /// Inline JWKS document (JSON); takes precedence over `jwks_url`.
    pub jwks: Option<String>,
    /// Where the gateway publishes its public keys.
    pub jwks_url: Option<String>,
    /// How long fetched keys are trusted before being fetched again.
    pub jwks_refresh_secs: u64,
    pub leeway_secs: u64,
}

/// The internal HTTP client used for service-to-service calls.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientSettings {
    pub gateway_url: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub connect_timeout_ms: u64,
    pub timeout_ms: u64,
    /// Extra attempts for idempotent requests.
    pub retries: u32,
}

pub const DEFAULT_BODY_LIMIT: usize = 16 * 1024 * 1024;

impl<S: Default> Settings<S> {
    /// The built-in defaults: the embedded SQLite file `var/<service>.db`, loopback only.
    pub fn defaults(service: &str, port: u16) -> Self {
        Self {
            http: HttpSettings {
                host: "127.0.0.1".into(),
                port,
                workers: None,
                body_limit_bytes: DEFAULT_BODY_LIMIT,
                shutdown_timeout_secs: 30,
                blocking_threads_per_worker: 8,
            },
            database: DatabaseSettings {
                url: format!("var/{service}.db"),
                pool_size: 8,
                connection_timeout_ms: 3000,
            },
            log: LogSettings::default(),
            auth: AuthSettings {
                issuer: "gateway".into(),
                audience: "retail-platform".into(),
                jwks: None,
                jwks_url: Some("http://127.0.0.1:8080/.well-known/jwks.json".into()),
                jwks_refresh_secs: 300,
                leeway_secs: 30,
            },
            client: ClientSettings {
                gateway_url: "http://127.0.0.1:8080".into(),
                client_id: None,
                client_secret: None,
                connect_timeout_ms: 2000,
                timeout_ms: 10_000,
                retries: 2,
            },
            outbox: crate::outbox::DispatchSettings::default(),
            webhooks: crate::webhooks::WebhookSettings::default(),
            service: S::default(),
        }
    }
}

/// Loads a service's settings from `config/<service>.toml` and the process environment.
pub fn load<S>(service: &str, port: u16) -> Result<Settings<S>, ConfigError>
where
    S: Serialize + DeserializeOwned + Default,
{
    load_from(service, port, Path::new("config"), std::env::vars())
}

/// [`load`] with an explicit config folder and environment, so tests need not touch the process's.
pub fn load_from<S>(
    service: &str,
    port: u16,
    config_dir: &Path,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Settings<S>, ConfigError>
where
    S: Serialize + DeserializeOwned + Default,
{
    let prefix = service.to_ascii_uppercase();
    let env: HashMap<String, String> = env
        .into_iter()
        .filter(|(key, _)| key.starts_with(&format!("{prefix}__")))
        .collect();
    let file = config_dir.join(format!("{service}.toml"));
    Config::builder()
        .add_source(Config::try_from(&Settings::<S>::defaults(service, port))?)
        .add_source(File::from(file).format(FileFormat::Toml).required(false))
        .add_source(
            Environment::with_prefix(&prefix)
                .prefix_separator("__")
                .separator("__")
                .source(Some(env)),
        )
        .build()?
        .try_deserialize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct Rules {
        max_percentage: u32,
        label: String,
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_apply_with_no_file_and_no_variable() {
        let dir = tempfile::tempdir().unwrap();
        let s: Settings<Rules> = load_from("sav", 8081, dir.path(), env(&[])).unwrap();
        assert_eq!(s.http.port, 8081);
        assert_eq!(s.database.url, "var/sav.db");
        assert_eq!(s.http.body_limit_bytes, 16 * 1024 * 1024);
        assert_eq!(s.service.max_percentage, 0);
    }

    #[test]
    fn file_overrides_defaults_and_environment_overrides_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("sav.toml"),
            "[http]\nport = 9001\nhost = \"0.0.0.0\"\n[service]\nmax_percentage = 50\nlabel = \"file\"\n",
        )
        .unwrap();
        let s: Settings<Rules> = load_from(
            "sav",
            8081,
            dir.path(),
            env(&[
                ("SAV__HTTP__PORT", "9002"),
                ("SAV__DATABASE__URL", "postgres://db/sav"),
                ("SAV__SERVICE__LABEL", "12345"),
                ("RMA__HTTP__PORT", "1"),
            ]),
        )
        .unwrap();
        assert_eq!(s.http.port, 9002);
        assert_eq!(s.http.host, "0.0.0.0");
        assert_eq!(s.database.url, "postgres://db/sav");
        assert_eq!(s.service.max_percentage, 50);
        // A numeric-looking value stays a string where a string is expected.
        assert_eq!(s.service.label, "12345");
    }

    #[test]
    fn a_malformed_value_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_from::<Rules>("sav", 8081, dir.path(), env(&[("SAV__HTTP__PORT", "high")]))
            .unwrap_err();
        assert!(err.to_string().contains("port"), "{err}");
    }
}
