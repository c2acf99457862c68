//! The fixed facts of a service: its name, port, dialect, migrations, document, codes, seed.

use std::process::ExitCode;

use crate::config::DatabaseSettings;
use crate::db::Migrations;
use crate::dialect::Dialect;

/// The fixed facts of one service.
pub struct ServiceSpec {
    pub name: &'static str,
    pub port: u16,
    pub dialect: Dialect,
    pub migrations: Migrations,
    /// The OpenAPI `paths` of the service's own endpoints (merged with the platform's).
    pub api_paths: fn() -> serde_json::Value,
    /// POSTs with an `Idempotency-Key` are done once ([`crate::idempotency`]): every domain
    /// service; not the gateway, which streams bodies through to the service that does this.
    pub remembers_retries: bool,
    /// POST paths whose requests without an `Idempotency-Key` are remembered under a key made
    /// of their content: for clients told to resend until they get a 2xx, who send no key.
    pub keyed_by_content: &'static [&'static str],
    /// The wire codes of the service's own error enums (the platform's are added to them).
    pub error_codes: &'static [&'static [&'static str]],
    /// The binary's `seed` command, where the service has one (bench data written through its
    /// stores): it gets the configured database and the arguments after `seed`.
    pub seed: Option<fn(&DatabaseSettings, &[String]) -> ExitCode>,
}

impl ServiceSpec {
    /// A domain service: it remembers retried POSTs, has no error codes of its own and no
    /// `seed` command until [`Self::codes`] and [`Self::seed`] say otherwise.
    pub const fn new(
        name: &'static str,
        port: u16,
        dialect: Dialect,
        migrations: Migrations,
        api_paths: fn() -> serde_json::Value,
    ) -> Self {
        Self {
            name,
            port,
            dialect,
            migrations,
            api_paths,
            remembers_retries: true,
            keyed_by_content: &[],
            error_codes: &[],
            seed: None,
        }
    }

    pub const fn codes(mut self, error_codes: &'static [&'static [&'static str]]) -> Self {
        self.error_codes = error_codes;
        self
    }

    pub const fn seed(mut self, seed: fn(&DatabaseSettings, &[String]) -> ExitCode) -> Self {
        self.seed = Some(seed);
        self
    }

    /// POSTs on `paths` sent without an `Idempotency-Key` are remembered under a key made of
    /// their content: the same request again from the same caller within the keys' lifetime is
    /// a retry, answered as the first one was.
    pub const fn keyed_by_content(mut self, paths: &'static [&'static str]) -> Self {
        self.keyed_by_content = paths;
        self
    }

    /// POSTs go through as they are, retries included (the gateway: the service behind it
    /// remembers them).
    pub const fn forwards_retries(mut self) -> Self {
        self.remembers_retries = false;
        self
    }
}
