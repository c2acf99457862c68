//! The two questions a warranty SAV's repair asks over HTTP, with the SAV service's own gateway
//! token: the warranty register (customers service) for the serial, and the RMA for a `REP`
//! demand at the brand's repair center.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use platform::config::ClientSettings;
use platform::http_client::InternalClient;
use reqwest::{Method, StatusCode, Url};
use serde::{Deserialize, Serialize};

use super::model::{Warranty, center_for, warranty_of};
use crate::config::Settings;

pub struct Peers {
    client: InternalClient,
    customers: Url,
    rma: Url,
    centers: BTreeMap<String, String>,
    default_center: String,
}

/// Why a call did not give its answer: worth retrying (the peer is down, slow, or refuses the
/// token for now), or never (the peer refuses the request itself).
#[derive(Debug)]
pub enum Failure {
    Retry(String),
    Refused(String),
}

/// The register's answer for a serial: the state and the warranty's last day.
pub struct Registered {
    pub warranty: Warranty,
    pub until: Option<NaiveDate>,
}

/// The part of `GET /warranty-info?serial_num=` the SAV reads.
#[derive(Deserialize)]
struct WarrantyPage {
    #[serde(rename = "_embedded")]
    embedded: WarrantyEmbedded,
}

#[derive(Deserialize)]
struct WarrantyEmbedded {
    warranty_info: Vec<WarrantyItem>,
}

#[derive(Deserialize)]
struct WarrantyItem {
    status: String,
    expired_date: NaiveDate,
}

/// The `REP` demand asked of the RMA (its `POST /api/demands`).
#[derive(Debug, Serialize)]
pub struct DemandAsk {
    pub demand_number: String,
    #[serde(rename = "type")]
    pub demand_type: &'static str,
    pub repair_center: String,
    pub serial_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    pub client_mail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_phone: Option<String>,
    pub sav_id: i64,
}

/// The part of the RMA's answer the SAV keeps (seed 001's envelope: `{"status", "data"}`).
#[derive(Deserialize)]
struct DemandAnswer {
    data: OpenedDemand,
}

#[derive(Deserialize)]
struct OpenedDemand {
    demand_number: String,
}

impl Peers {
    /// The peers the settings name; `None` when the repair flow is off.
    pub fn new(settings: &Settings) -> Result<Option<Self>, String> {
        let repair = &settings.service.warranty_repair;
        let (Some(customers), Some(rma)) = (&repair.customers_url, &repair.rma_url) else {
            if repair.customers_url.is_some() || repair.rma_url.is_some() {
                return Err(
                    "service.warranty_repair needs both customers_url and rma_url".to_string(),
                );
            }
            return Ok(None);
        };
        let url = |name: &str, url: &str| {
            Url::parse(url).map_err(|e| format!("service.warranty_repair.{name} is not a URL: {e}"))
        };
        // A delivery makes up to three calls (token, register, RMA) within the outbox's bound:
        // each fails in time for the repair to keep why.
        let client = ClientSettings {
            timeout_ms: settings
                .client
                .timeout_ms
                .min(settings.outbox.timeout_ms / 4),
            ..settings.client.clone()
        };
        Ok(Some(Self {
            client: InternalClient::new(client).map_err(|e| e.to_string())?,
            customers: url("customers_url", customers)?,
            rma: url("rma_url", rma)?,
            centers: repair.centers.clone(),
            default_center: repair.default_center.clone(),
        }))
    }

    pub fn center_for(&self, brand: Option<&str>) -> &str {
        center_for(brand, &self.centers, &self.default_center)
    }

    /// What the register says of `serial` today.
    pub async fn warranty(
        &self,
        serial: &str,
        today: NaiveDate,
        request_id: &str,
    ) -> Result<Registered, Failure> {
        let mut url = self.customers.clone();
        url.path_segments_mut()
            .map_err(|()| Failure::Refused("the customers URL cannot take a path".into()))?
            .pop_if_empty()
            .push("warranty-info");
        url.query_pairs_mut()
            .append_pair("serial_num", serial)
            .append_pair("page_size", "1");
        let answer = self
            .client
            .send(Method::GET, url.as_str(), None, Some(request_id))
            .await
            .map_err(|e| Failure::Retry(e.to_string()))?;
        if answer.status() != StatusCode::OK {
            return Err(Failure::Retry(format!(
                "the customers service answered {}",
                answer.status()
            )));
        }
        let page: WarrantyPage = answer
            .json()
            .await
            .map_err(|e| Failure::Retry(format!("the warranty register's answer: {e}")))?;
        Ok(match page.embedded.warranty_info.first() {
            None => Registered {
                warranty: Warranty::Unregistered,
                until: None,
            },
            Some(item) => Registered {
                warranty: warranty_of(item.status == "Y", item.expired_date, today),
                until: Some(item.expired_date),
            },
        })
    }

    /// Opens the demand, or finds the one an earlier attempt opened: the number is the same on
    /// every attempt and the RMA answers a known number with its demand. Its number.
    pub async fn open_demand(&self, ask: &DemandAsk, request_id: &str) -> Result<String, Failure> {
        let mut url = self.rma.clone();
        url.path_segments_mut()
            .map_err(|()| Failure::Refused("the RMA URL cannot take a path".into()))?
            .pop_if_empty()
            .extend(["api", "demands"]);
        let body = serde_json::to_value(ask).map_err(|e| Failure::Refused(e.to_string()))?;
        let answer = self
            .client
            .send(Method::POST, url.as_str(), Some(&body), Some(request_id))
            .await
            .map_err(|e| Failure::Retry(e.to_string()))?;
        let status = answer.status();
        if status.is_success() {
            let opened: DemandAnswer = answer
                .json()
                .await
                .map_err(|e| Failure::Retry(format!("the RMA's answer: {e}")))?;
            return Ok(opened.data.demand_number);
        }
        let said = answer.text().await.unwrap_or_default();
        let why = format!(
            "the RMA answered {status}: {}",
            said.chars().take(300).collect::<String>()
        );
        // A request the RMA refuses as such will be refused again; anything else may pass later.
        if matches!(
            status,
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
        ) {
            Err(Failure::Refused(why))
        } else {
            Err(Failure::Retry(why))
        }
    }
}
