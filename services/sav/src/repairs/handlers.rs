//! The repair routes of our own: an agent asks for a SAV's demand whatever its warranty, and
//! the RMA tells each status of a demand the SAV service opened.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool};
use platform::input::{dates, required, string_or_number, trimmed};
use platform::web::{Json, JsonOrForm};
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;

use super::model::RepairEvent;
use super::responses::{RepairAsked, RepairView, StatusTold};
use super::store;
use crate::config::SavSettings;
use crate::errors::SavError;

/// An agent's request: the product's serial and brand when the SAV has none yet (or to correct
/// them before the demand is opened).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RepairInput {
    #[serde(default, alias = "serialNumber", deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub serial_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub brand: Option<String>,
}

/// `POST /api/sav/{id}/repair`: an agent asks for the SAV's repair demand, whatever the warranty.
#[utoipa::path(post, path = "/api/sav/{id}/repair",
    params(("id" = i64, Path, description = "The SAV.")),
    description = "Asks the RMA for a REP demand for this SAV whatever its warranty (an out-of-warranty SAV gets none by itself); the demand is opened in the background, GET /api/sav/{id} shows it (scope sav_write). JSON or form.",
    request_body(content((RepairInput = "application/json"), (RepairInput = "application/x-www-form-urlencoded"))),
    responses(
        (status = 202, description = "Asked; the demand is on its way.", body = RepairAsked),
        (status = 404, description = "Unknown SAV (SAV_NOT_FOUND)."),
        (status = 409, description = "The SAV already has its demand (REPAIR_ALREADY_OPEN), or this deployment has no repair flow configured (REPAIR_NOT_CONFIGURED: asking again will not help until it is)."),
        (status = 422, description = "No serial known nor given (VALIDATION_ERROR)."),
    ))]
pub async fn ask_repair(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    rules: web::Data<SavSettings>,
    path: web::Path<i64>,
    body: JsonOrForm<RepairInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_write")?;
    if !rules.warranty_repair.is_on() {
        return Err(SavError::RepairNotConfigured.into());
    }
    let sav_id = path.into_inner();
    let (serial, brand) = (trimmed(body.0.serial_number), trimmed(body.0.brand));
    let agent = caller.sub;
    let asking = super::Asking::of(&req);
    let repair = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            let repair = super::ask_by_agent(conn, sav_id, &agent, serial, brand, &asking, now)?;
            Ok::<_, AppError>(RepairView::new(repair, store::timeline(conn, sav_id)?))
        })
    })
    .await?;
    Ok(Dialect::Sav.success(StatusCode::ACCEPTED, RepairAsked { sav_id, repair }))
}

/// One status of a demand, as the RMA sends it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DemandStatusInput {
    /// The RMA's event id: a repeat of it changes nothing.
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true)]
    pub event_id: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true)]
    pub demand_number: Option<String>,
    /// The RMA status code (annex 5.1 of seed 001).
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true)]
    pub status: Option<String>,
    pub label: Option<String>,
    pub comment: Option<String>,
    /// When the demand took the status (`2026-12-07T10:00:00`, read as UTC, or RFC 3339).
    #[schema(schema_with = platform::openapi::pieces::timestamp, required = true)]
    pub at: Option<String>,
    /// retailer | partner.
    pub by: Option<String>,
}

fn occurred_at(at: Option<String>) -> Result<NaiveDateTime, AppError> {
    dates::timestamp(&required("at", at)?)
        .ok_or_else(|| AppError::invalid_field("at", "must be a date-time (RFC 3339)"))
}

/// `POST /api/sav/{id}/repair-events`: a status of the SAV's demand, from the RMA service.
#[utoipa::path(post, path = "/api/sav/{id}/repair-events",
    params(("id" = i64, Path, description = "The SAV.")),
    description = "The RMA tells a status of the demand it opened for this SAV: kept in the SAV's timeline, and the SAV's status follows the mapping of docs/flows.md (D: 7 Transmis; RPR, AVRC: 2 Complet; PRIR, RDE, RMANOK, PRHG: 6 En attente). A repeated event_id changes nothing (scope sav_events).",
    request_body(content((DemandStatusInput = "application/json"))),
    responses(
        (status = 200, description = "Recorded (or a repeat).", body = StatusTold),
        (status = 404, description = "Unknown SAV (SAV_NOT_FOUND), or one without a repair (REPAIR_NOT_FOUND)."),
        (status = 409, description = "The SAV's repair is another demand (REPAIR_OF_ANOTHER_DEMAND)."),
        (status = 422, description = "A field is missing (VALIDATION_ERROR)."),
    ))]
pub async fn demand_status(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<i64>,
    body: Json<DemandStatusInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_events")?;
    let sav_id = path.into_inner();
    let input = body.0;
    let told = RepairEvent {
        id: 0,
        sav_id,
        event_id: required("event_id", input.event_id)?,
        demand_number: required("demand_number", input.demand_number)?,
        status: required("status", input.status)?,
        label: trimmed(input.label).unwrap_or_default(),
        comment: trimmed(input.comment),
        occurred_at: occurred_at(input.at)?,
        source: format!(
            "rma:{}",
            trimmed(input.by).unwrap_or_else(|| "retailer".into())
        ),
    };
    let (duplicate, status) = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            super::demand_status_told(conn, told, Utc::now().naive_utc())
        })
    })
    .await?;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        StatusTold {
            sav_id,
            duplicate,
            status,
        },
    ))
}
