//! `POST /api/allow_credit` judges a credit request and schedules it when allowed;
//! `GET /api/allow_credit` lists the scheduled requests.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, Utc};
use platform::auth::Caller;
use platform::db::{self, Pool, write_transaction};
use platform::input::{Paging, string_or_number, trimmed};
use platform::money::Cents;
use platform::web::{Json, Query};
use platform::{AppError, Dialect, FieldError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::model::{Facts, Reason, judge};
use super::store;
use crate::config::CrmSettings;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreditRequestInput {
    /// The customer's id.
    #[serde(rename = "idClient")]
    id_client: Option<String>,
    /// The amount asked, above zero.
    #[serde(rename = "Montant")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    montant: Option<Value>,
    /// The day the credit is for, YYYY-MM-DD.
    #[serde(rename = "Date")]
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(value_type = String, format = Date)]
    date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditDecision {
    #[serde(rename = "idClient")]
    pub id_client: String,
    #[serde(rename = "Allowed")]
    pub allowed: bool,
    /// Why it is refused; empty when allowed.
    pub reasons: Vec<Reason>,
    /// The scheduled request's id, when allowed.
    #[serde(rename = "requestId")]
    pub request_id: Option<i64>,
}

fn read(input: CreditRequestInput) -> Result<(String, Cents, NaiveDate), AppError> {
    let mut problems = Vec::new();
    let id_client = trimmed(input.id_client);
    if id_client.is_none() {
        problems.push(FieldError::new("idClient", "is required"));
    }
    let montant = input
        .montant
        .as_ref()
        .and_then(|m| Cents::from_json(m).ok())
        .filter(|m| m.0 > 0);
    if montant.is_none() {
        problems.push(FieldError::new("Montant", "must be an amount above 0"));
    }
    let date = input.date.as_deref().and_then(platform::input::dates::date);
    if date.is_none() {
        problems.push(FieldError::new("Date", "must be a date, YYYY-MM-DD"));
    }
    match (id_client, montant, date) {
        (Some(id), Some(montant), Some(date)) => Ok((id, montant, date)),
        _ => Err(AppError::invalid_fields(problems)),
    }
}

#[utoipa::path(post, path = "/api/allow_credit", request_body = CreditRequestInput,
    description = "Check if the customer is allowed to contract the credit, and schedule it. Allowed when the customer is known, of age (18), refused fewer than 3 times, asks at most 30 × what it has paid (`Montant`), for a date not in the past (UTC); each limit is configuration (docs/decisions.md). A refusal of a known customer counts in its `NbRefus`.",
    responses(
        (status = 200, description = "Allowed (and scheduled), or refused with its reasons.", body = CreditDecision),
    ))]
pub async fn allow_credit(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    body: Json<CreditRequestInput>,
) -> Result<HttpResponse, AppError> {
    let (id_client, montant, date) = read(body.0)?;
    let rule = rules.eligibility.clone();
    let answer_id = id_client.clone();
    let (reasons, request_id) = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let found = store::facts_locked(conn, &id_client)?;
            let facts = found.map(|(_, age, nb_refus, paid)| Facts {
                age,
                nb_refus,
                paid: Cents(paid),
            });
            let now = Utc::now();
            let reasons = judge(facts, montant, date, now.date_naive(), &rule);
            let Some((client, ..)) = found else {
                return Ok::<_, diesel::result::Error>((reasons, None));
            };
            if reasons.is_empty() {
                let id = store::schedule(conn, client, montant.0, date, now.naive_utc())?;
                Ok((reasons, Some(id)))
            } else {
                store::count_refusal(conn, client)?;
                Ok((reasons, None))
            }
        })
    })
    .await?;
    Ok(Dialect::Crm.success(
        StatusCode::OK,
        CreditDecision {
            id_client: answer_id,
            allowed: reasons.is_empty(),
            reasons,
            request_id,
        },
    ))
}

const PAGING: Paging = Paging {
    size_parameter: "per_page",
    default_size: 50,
    max_size: 500,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduledQuery {
    /// One customer's requests only.
    #[serde(rename = "idClient")]
    #[param(rename = "idClient")]
    id_client: Option<String>,
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 50 by default, at most 500.
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledCredit {
    pub id: i64,
    #[serde(rename = "idClient")]
    pub id_client: String,
    #[serde(rename = "Montant")]
    #[schema(value_type = f64)]
    pub montant: Cents,
    #[serde(rename = "Date")]
    pub date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledCredits {
    pub requests: Vec<ScheduledCredit>,
}

#[utoipa::path(get, path = "/api/allow_credit", params(ScheduledQuery),
    description = "The allowed credit requests, by their date.",
    responses(
        (status = 200, description = "The scheduled requests.", body = ScheduledCredits),
    ))]
pub async fn scheduled(
    _caller: Caller,
    pool: web::Data<Pool>,
    query: Query<ScheduledQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.0;
    let page = PAGING.page(query.page, query.per_page)?;
    let id_client = trimmed(query.id_client);
    let rows = db::run(&pool, move |conn| {
        store::scheduled(conn, id_client.as_deref(), page.size, page.offset())
    })
    .await?;
    let requests = rows
        .into_iter()
        .map(|(id, id_client, montant, date)| ScheduledCredit {
            id,
            id_client,
            montant: Cents(montant),
            date,
        })
        .collect();
    Ok(Dialect::Crm.success(StatusCode::OK, ScheduledCredits { requests }))
}
