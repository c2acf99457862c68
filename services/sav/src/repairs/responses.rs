//! What a SAV shows of its repair (in `GET /api/sav/{id}`), and the answers of the repair
//! routes; camelCase, as the SAV's records.

use platform::codes::sav_status::SavStatus;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{Repair, RepairEvent};
use crate::savs::responses::utc;

/// What the warranty register said of the serial.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WarrantyView {
    /// pending (not asked yet) | covered | expired | unregistered.
    #[schema(pattern = "^(pending|covered|expired|unregistered)$")]
    pub state: String,
    /// The warranty's last day, YYYY-MM-DD, when registered.
    pub until: Option<String>,
    pub checked_at: Option<String>,
}

/// One status of the demand, as the RMA told it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepairStep {
    pub demand_number: String,
    /// The RMA status code (annex 5.1 of seed 001).
    pub status: String,
    pub label: String,
    pub comment: Option<String>,
    pub at: String,
    /// rma:retailer | rma:partner (who moved the demand).
    pub source: String,
}

/// A SAV's repair: the product, its warranty, the demand and its timeline.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepairView {
    pub serial_number: String,
    pub brand: Option<String>,
    pub warranty: WarrantyView,
    /// The agent who asked for the demand whatever the warranty; null: the warranty asked.
    pub asked_by: Option<String>,
    pub repair_center: Option<String>,
    /// The RMA demand, once opened.
    pub demand_number: Option<String>,
    pub demand_status: Option<String>,
    /// Why the last attempt to reach a peer failed (retried), until one succeeds.
    pub last_error: Option<String>,
    pub timeline: Vec<RepairStep>,
}

impl RepairView {
    pub fn new(repair: Repair, timeline: Vec<RepairEvent>) -> Self {
        Self {
            warranty: WarrantyView {
                state: repair.warranty,
                until: repair.warranty_until.map(|d| d.to_string()),
                checked_at: repair.warranty_checked_at.map(utc),
            },
            serial_number: repair.serial_number,
            brand: repair.brand,
            asked_by: repair.asked_by,
            repair_center: repair.repair_center,
            demand_number: repair.demand_number,
            demand_status: repair.demand_status,
            last_error: repair.last_error,
            timeline: timeline
                .into_iter()
                .map(|e| RepairStep {
                    demand_number: e.demand_number,
                    status: e.status,
                    label: e.label,
                    comment: e.comment,
                    at: utc(e.occurred_at),
                    source: e.source,
                })
                .collect(),
        }
    }
}

/// `POST /api/sav/{id}/repair`: the repair, its demand on the way.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepairAsked {
    pub sav_id: i64,
    pub repair: RepairView,
}

/// `POST /api/sav/{id}/repair-events`.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusTold {
    pub sav_id: i64,
    /// true when this event was told before: nothing changed.
    pub duplicate: bool,
    /// The SAV's status after the event.
    #[schema(value_type = i32)]
    pub status: SavStatus,
}
