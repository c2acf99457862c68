//! The forgotten coupon, checked (issue 16, flow 4): when configured, the loyalty service says
//! whether the code is one of its vouchers, still usable, before the chatbot proposes or grants
//! a gesture. Seed 000 never checks it. The call is bounded by its own timeout and never
//! retried; when loyalty cannot answer, the configuration decides.

use std::time::Duration;

use platform::config::ClientSettings;
use platform::http_client::InternalClient;
use reqwest::{Method, StatusCode, Url};
use serde::Deserialize;

use crate::config::{Settings, WhenUnavailable};
use crate::errors::SavError;

pub struct CouponChecker {
    client: InternalClient,
    loyalty: Url,
    /// The token's fetch and the question together.
    bound: Duration,
    when_unavailable: WhenUnavailable,
}

/// The part of loyalty's `GET /api/v1/vouchers/{number}` the check reads.
#[derive(Deserialize)]
struct Voucher {
    state: String,
}

/// What loyalty said of a code.
enum Said {
    Usable,
    NotUsable,
    Unknown,
}

impl CouponChecker {
    /// The checker the settings ask for; `None` without `coupon_check.loyalty_url`.
    pub fn new(settings: &Settings) -> Result<Option<Self>, String> {
        let check = &settings.service.coupon_check;
        let Some(url) = &check.loyalty_url else {
            return Ok(None);
        };
        let loyalty = Url::parse(url)
            .map_err(|e| format!("service.coupon_check.loyalty_url is not a URL: {e}"))?;
        let bound = Duration::from_millis(check.timeout_ms.max(1));
        let client = InternalClient::new(ClientSettings {
            connect_timeout_ms: check.timeout_ms.min(settings.client.connect_timeout_ms),
            timeout_ms: check.timeout_ms,
            retries: 0,
            ..settings.client.clone()
        })
        .map_err(|e| e.to_string())?;
        Ok(Some(Self {
            client,
            loyalty,
            bound,
            when_unavailable: check.when_unavailable,
        }))
    }

    /// Ok when the code is a usable voucher (or loyalty cannot say and the settings allow it);
    /// else the code the chatbot answers.
    pub async fn verify(&self, code: &str, request_id: Option<&str>) -> Result<(), SavError> {
        let answer = tokio::time::timeout(self.bound, self.ask(code, request_id))
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {:?}", self.bound)));
        match answer {
            Ok(Said::Usable) => Ok(()),
            Ok(Said::NotUsable) => Err(SavError::CouponNotUsable),
            Ok(Said::Unknown) => Err(SavError::CouponNotFound),
            Err(why) => {
                tracing::warn!(error = %why, "the loyalty service could not check a coupon");
                match self.when_unavailable {
                    WhenUnavailable::Refuse => Err(SavError::CouponCheckUnavailable),
                    WhenUnavailable::Allow => Ok(()),
                }
            }
        }
    }

    async fn ask(&self, code: &str, request_id: Option<&str>) -> Result<Said, String> {
        let mut url = self.loyalty.clone();
        url.path_segments_mut()
            .map_err(|()| "the loyalty URL cannot take a path".to_string())?
            .pop_if_empty()
            .extend(["api", "v1", "vouchers", code.trim()]);
        let response = self
            .client
            .send(Method::GET, url.as_str(), None, request_id)
            .await
            .map_err(|e| e.to_string())?;
        match response.status() {
            StatusCode::OK => {
                let voucher: Voucher = response.json().await.map_err(|e| e.to_string())?;
                Ok(if voucher.state == "active" {
                    Said::Usable
                } else {
                    Said::NotUsable
                })
            }
            StatusCode::NOT_FOUND => Ok(Said::Unknown),
            other => Err(format!("loyalty answered {other}")),
        }
    }
}
