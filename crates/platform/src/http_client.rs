//! The client for service-to-service calls: bounded timeouts, retries with backoff for
//! idempotent requests only, request-id propagation, and the calling service's own token
//! (client credentials at the gateway), cached until shortly before it expires.

use std::time::{Duration, Instant};

use reqwest::{Method, Response, StatusCode};
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::config::ClientSettings;
use crate::telemetry::REQUEST_ID_HEADER;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("request to {url} failed: {source}")]
    Transport { url: String, source: reqwest::Error },
    #[error("token request refused with status {0}")]
    TokenRefused(u16),
}

/// Renew a cached token this long before it expires, so it never expires in flight.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

struct CachedToken {
    value: String,
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

pub struct InternalClient {
    http: reqwest::Client,
    settings: ClientSettings,
    token: Mutex<Option<CachedToken>>,
    first_backoff: Duration,
}

impl InternalClient {
    pub fn new(settings: ClientSettings) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.timeout_ms))
            .build()
            .map_err(|source| ClientError::Transport {
                url: String::new(),
                source,
            })?;
        Ok(Self {
            http,
            settings,
            token: Mutex::new(None),
            first_backoff: Duration::from_millis(100),
        })
    }

    /// Sends a request, with this service's bearer token when it has client credentials.
    /// Idempotent methods are retried on transport errors and 502/503/504, with doubling backoff.
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        request_id: Option<&str>,
    ) -> Result<Response, ClientError> {
        self.exchange(method, url, body, request_id, None).await
    }

    /// Sends a request under an `Idempotency-Key`: the receiver answers a repeat of it with its
    /// first answer, so even a POST is retried like an idempotent request.
    pub async fn send_keyed(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        request_id: Option<&str>,
        idempotency_key: &str,
    ) -> Result<Response, ClientError> {
        self.exchange(method, url, body, request_id, Some(idempotency_key))
            .await
    }

    async fn exchange(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
        request_id: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> Result<Response, ClientError> {
        let mut token = self.token().await?;
        let mut renewed = false;
        let attempts = if method.is_idempotent() || idempotency_key.is_some() {
            self.settings.retries + 1
        } else {
            1
        };
        let mut backoff = self.first_backoff;
        let mut attempt = 1;
        loop {
            let mut request = self.http.request(method.clone(), url);
            if let Some(id) = request_id {
                request = request.header(REQUEST_ID_HEADER.as_str(), id);
            }
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            if let Some(key) = idempotency_key {
                request = request.header(crate::idempotency::HEADER.as_str(), key);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let outcome = request.send().await;
            // A 401 to a token this client still holds: it was revoked, or the peer's keys
            // rotated. Refused before any work, so sent once more (whatever the method) with a
            // new token.
            if let (Ok(response), Some(refused)) = (&outcome, &token)
                && response.status() == StatusCode::UNAUTHORIZED
                && !renewed
            {
                self.forget_token(refused).await;
                token = self.token().await?;
                renewed = true;
                continue;
            }
            let retryable = match &outcome {
                Ok(response) => matches!(
                    response.status(),
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                ),
                Err(err) => err.is_connect() || err.is_timeout(),
            };
            if !retryable || attempt >= attempts {
                return outcome.map_err(|source| ClientError::Transport {
                    url: url.into(),
                    source,
                });
            }
            tracing::warn!(%url, attempt, "retrying idempotent request");
            tokio::time::sleep(backoff).await;
            backoff *= 2;
            attempt += 1;
        }
    }

    /// Drops the cached token if it is still `refused` (another call may have renewed it).
    async fn forget_token(&self, refused: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|t| t.value == refused) {
            *cached = None;
        }
    }

    async fn token(&self) -> Result<Option<String>, ClientError> {
        let (Some(id), Some(secret)) = (&self.settings.client_id, &self.settings.client_secret)
        else {
            return Ok(None);
        };
        // Held across the fetch so concurrent callers wait for one token instead of each asking.
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(Some(token.value.clone()));
        }
        let url = format!(
            "{}/oauth/token",
            self.settings.gateway_url.trim_end_matches('/')
        );
        let transport = |source| ClientError::Transport {
            url: url.clone(),
            source,
        };
        let response = self
            .http
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(ClientError::TokenRefused(response.status().as_u16()));
        }
        let token: TokenResponse = response.json().await.map_err(transport)?;
        let lifetime = Duration::from_secs(token.expires_in);
        *cached = Some(CachedToken {
            value: token.access_token.clone(),
            renew_at: Instant::now() + lifetime.saturating_sub(TOKEN_MARGIN),
        });
        Ok(Some(token.access_token))
    }
}
