//! The retailer's side of the workflow, which the document implies: creating a demand for a
//! repair center, resubmitting a refused one, closing one, and reading one whole.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::codes::rma_status::RmaStatus;
use platform::db::{self, Pool, UniqueViolationAs};
use platform::web::{Json, JsonOrForm};
use platform::{AppError, Dialect};
use serde::Deserialize;
use serde_json::json;

use super::model::DemandInput;
use super::store;
use crate::access::{Side, reader_side, retailer_side};
use crate::documents::store as documents;
use crate::errors::RmaError;
use crate::push;
use crate::quotes::store as quotes;
use platform::input::{required, string_or_number, trimmed};

/// `POST /api/demands`: a new demand assigned to a repair center, status `RMAD`; the number is
/// generated when none is given. The center is told at once when it has a PUSH endpoint. The
/// same demand sent again under its number answers 200 with the demand as it is now.
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<DemandInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_create")?;
    let now = Utc::now().naive_utc();
    let (number, new) = body.0.into_new(now).map_err(AppError::invalid_fields)?;
    let actor = caller.sub.clone();
    let (created, view) = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            if let Some(number) = &number
                && let Some(existing) = store::find_for(conn, &Side::Retailer, number.as_str())?
            {
                return if existing.same_as(&new) {
                    Ok((false, existing.view()))
                } else {
                    Err(RmaError::DemandNumberExists.into())
                };
            }
            // A concurrent creation under the same number meets the unique index.
            let demand = store::insert(conn, number, new, &actor)
                .unique_violation_as(|| RmaError::DemandNumberExists.into())?;
            push::enqueue(conn, &demand, push::Event::DemandAssigned, json!({}), now)?;
            Ok::<_, AppError>((true, demand.view()))
        })
    })
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(Dialect::Rma.success(status, view))
}

#[derive(Deserialize)]
pub struct NumberAndComment {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(
        default,
        alias = "status_comment",
        deserialize_with = "string_or_number"
    )]
    comment: Option<String>,
}

/// `POST /api/demands/resubmit`: a refused demand goes back to `RMAD` with the retailer's
/// comment, and to the center's PUSH endpoint.
pub async fn resubmit(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<NumberAndComment>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_resubmit")?;
    let number = required("demand_number", body.0.demand_number.as_ref())?;
    let comment = required("comment", body.0.comment.as_ref())?;
    let actor = caller.sub.clone();
    let side = Side::Retailer;
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        demand.resubmittable()?;
        store::set_status(
            conn,
            demand,
            RmaStatus::AwaitingPartner,
            Some(&comment),
            side,
            &actor,
            now,
        )?;
        push::enqueue(conn, demand, push::Event::Resubmitted, json!({}), now)?;
        Ok::<_, AppError>(demand.view())
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

/// `POST /api/demands/close`: the last step of every case of section 4; nothing more can be
/// written on the demand afterwards.
pub async fn close(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<NumberAndComment>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_update")?;
    let number = required("demand_number", body.0.demand_number.as_ref())?;
    let comment = trimmed(body.0.comment.as_ref());
    let actor = caller.sub.clone();
    let side = Side::Retailer;
    let view = super::write(&pool, side, number, move |conn, side, demand, now| {
        demand.open_to(side)?;
        store::close(conn, demand, now)?;
        if let Some(comment) = comment {
            store::add_message(conn, demand.id, side, &actor, &comment, now)?;
        }
        Ok::<_, AppError>(demand.view())
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}

/// `GET /api/demands/{number}`: the demand with its history, messages, documents (without
/// content), tracking labels and quotes. A center reads only its own.
pub async fn get_demand(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let side = reader_side(&caller)?;
    let number = path.into_inner();
    let view = db::run(&pool, move |conn| {
        let demand = store::find_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
        let mut view = demand.view();
        view["history"] = store::history(conn, demand.id)?
            .iter()
            .map(|h| h.view())
            .collect();
        view["messages"] = store::messages(conn, demand.id)?
            .iter()
            .map(|m| m.view(&demand.demand_number))
            .collect();
        view["documents"] = documents::list(conn, demand.id)?
            .iter()
            .map(|d| d.view())
            .collect();
        view["tracking"] = documents::labels(conn, demand.id)?
            .iter()
            .map(|l| l.view())
            .collect();
        let (quotes, lines) = quotes::of_demand(conn, demand.id)?;
        view["quotes"] = quotes
            .iter()
            .map(|q| q.view(&demand.demand_number, &lines))
            .collect();
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}
