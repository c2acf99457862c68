//! The repair center's routes of seed 001 on demands: accept, refuse, message, status and
//! retrieverequests. `message` and `status` also serve the retailer (see `access`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use platform::auth::Caller;
use platform::codes::rma_status::RmaStatus;
use platform::db::{self, Pool};
use platform::web::{JsonOrForm, Query};
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};

use super::model::status_for;
use super::store::{self, Retrieval};
use super::view::DemandView;
use crate::access::{Side, either_side, partner_side, reader_side};
use crate::config::RmaSettings;
use crate::documents::store as documents;
use crate::errors::RmaError;
use platform::input::{Paging, dates, required, string_or_number, trimmed};

use crate::input::base64_content;
use crate::push;

#[derive(Deserialize)]
pub struct AcceptInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(
        default,
        alias = "agreement_numero",
        deserialize_with = "string_or_number"
    )]
    agreement_number: Option<String>,
    #[serde(default)]
    agreement_content: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    status_code: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    status_comment: Option<String>,
    #[serde(default, alias = "reference", deserialize_with = "string_or_number")]
    internal_reference: Option<String>,
}

/// `POST /api/demands/accept`: the agreement number, optionally its document and the next
/// status at once (section 3.2). Accepting again with the same agreement changes nothing.
pub async fn accept(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<AcceptInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_accept")?;
    let input = body.0;
    let number = required("demand_number", input.demand_number.as_ref())?;
    let given_agreement = trimmed(input.agreement_number.as_ref());
    let next = trimmed(input.status_code.as_ref())
        .map(|code| status_for(&code, &side))
        .transpose()?;
    let comment = trimmed(input.status_comment.as_ref());
    let reference = trimmed(input.internal_reference.as_ref());
    let content = trimmed(input.agreement_content.as_ref())
        .map(|c| base64_content("agreement_content", &c, rules.max_document_bytes))
        .transpose()?;
    let actor = caller.sub.clone();
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        let agreement = given_agreement
            .or_else(|| trimmed(demand.agreement_number.as_ref()))
            .ok_or_else(|| AppError::invalid_field("agreement_number", "is required"))?;
        if !demand.acceptance(&agreement)? {
            return Ok::<_, AppError>(demand.view());
        }
        store::accept(conn, demand, &agreement, reference.as_deref(), now)?;
        store::set_status(conn, demand, RmaStatus::Accepted, None, side, &actor, now)?;
        if let Some(bytes) = content {
            let name = format!("agreement-{agreement}.pdf");
            documents::insert(conn, demand.id, &name, "AGREEMENT", &bytes, side, now)?;
        }
        if let Some(next) = next {
            store::set_status(conn, demand, next, comment.as_deref(), side, &actor, now)?;
        }
        Ok(demand.view())
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

#[derive(Deserialize)]
pub struct RefuseInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    reason: Option<String>,
}

/// `POST /api/demands/refuse`: status `RMANOK` with the reason; the demand is then closed to
/// the partner until the retailer resubmits it.
pub async fn refuse(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<RefuseInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_refuse")?;
    let number = required("demand_number", body.0.demand_number.as_ref())?;
    let reason = required("reason", body.0.reason.as_ref())?;
    let actor = caller.sub.clone();
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        demand.refusable()?;
        store::set_status(
            conn,
            demand,
            RmaStatus::Refused,
            Some(&reason),
            side,
            &actor,
            now,
        )?;
        Ok::<_, AppError>(demand.view())
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

#[derive(Deserialize)]
pub struct MessageInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(
        default,
        alias = "content",
        alias = "body",
        deserialize_with = "string_or_number"
    )]
    message: Option<String>,
}

/// `POST /api/demands/message`: a message on the demand, for the other side to read. A
/// retailer's message is pushed to the partner when it has an endpoint.
pub async fn message(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_messagecenter")?;
    let number = required("demand_number", body.0.demand_number.as_ref())?;
    let text = required("message", body.0.message.as_ref())?;
    let author = caller.sub.clone();
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        demand.open_to(side)?;
        let message = store::add_message(conn, demand.id, side, &author, &text, now)?;
        store::touch(conn, demand, now)?;
        let view = message.view(&demand.demand_number);
        if *side == Side::Retailer {
            push::enqueue(
                conn,
                demand,
                push::Event::RetailerMessage,
                view.clone(),
                now,
            )?;
        }
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::CREATED, view))
}

#[derive(Deserialize)]
pub struct StatusInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, alias = "status", deserialize_with = "string_or_number")]
    status_code: Option<String>,
    #[serde(default, alias = "comment", deserialize_with = "string_or_number")]
    status_comment: Option<String>,
}

/// `POST /api/demands/status`: any code of annex 5.1 the caller's side may send (section 3.5).
pub async fn status(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<StatusInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_status")?;
    let number = required("demand_number", body.0.demand_number.as_ref())?;
    let next = status_for(
        &required("status_code", body.0.status_code.as_ref())?,
        &side,
    )?;
    let comment = trimmed(body.0.status_comment.as_ref());
    let actor = caller.sub.clone();
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        demand.workable_by(side)?;
        store::set_status(conn, demand, next, comment.as_deref(), side, &actor, now)?;
        Ok::<_, AppError>(demand.view())
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

/// The document's envelope around `data`, with the paging beside it.
#[derive(Serialize)]
struct RetrievedPage<'a> {
    status: &'static str,
    message: &'static str,
    data: Vec<DemandView<'a>>,
    page: i64,
    limit: i64,
    total: i64,
}

/// `page` from 1, `limit` within 1..=1000, 500 when not given.
const PAGING: Paging = Paging {
    size_parameter: "limit",
    default_size: 500,
    max_size: 1000,
};

#[derive(Deserialize)]
pub struct RetrieveQuery {
    status: Option<String>,
    page: Option<i64>,
    limit: Option<i64>,
    updated_since: Option<String>,
}

/// `POST|GET /api/demands/retrieverequests?status=RMAD`: the partner's demands (in that status
/// when given), oldest first, paged, optionally only those changed since a date (section 3.9).
pub async fn retrieve_requests(
    caller: Caller,
    pool: web::Data<Pool>,
    query: Query<RetrieveQuery>,
) -> Result<HttpResponse, AppError> {
    let Side::Partner(partner) = reader_side(&caller)? else {
        return Err(RmaError::PartnerOnly.into());
    };
    let query = query.0;
    let status = match trimmed(query.status.as_ref()) {
        None => None,
        Some(code) => Some(
            RmaStatus::parse(&code)
                .map_err(|_| AppError::invalid_query("status", "must be a code of annex 5.1"))?
                .code(),
        ),
    };
    let page = PAGING.page(query.page, query.limit)?;
    let since = match trimmed(query.updated_since.as_ref()) {
        None => NaiveDateTime::default(),
        Some(raw) => dates::timestamp(&raw).ok_or_else(|| {
            AppError::invalid_query(
                "updated_since",
                "must be a date such as 2021-09-22 09:45:17 or 2021-09-22T09:45:17Z",
            )
        })?,
    };
    let (rows, total) = db::run(&pool, move |conn| {
        store::for_partner(
            conn,
            &Retrieval {
                partner: &partner,
                status,
                since,
                limit: page.size,
                offset: page.offset(),
            },
        )
    })
    .await?;
    let data: Vec<_> = rows.iter().map(DemandView).collect();
    Ok(HttpResponse::Ok().json(RetrievedPage {
        status: "OK",
        message: "Success",
        data,
        page: page.number,
        limit: page.size,
        total,
    }))
}
