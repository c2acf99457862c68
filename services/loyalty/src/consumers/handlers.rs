//! `/api/v1/customers[/{id}]`: the consumers' list, detail, creation with the guide's three
//! card cases, update, and the RGPD deletion (anonymised, the ledger kept).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::web::{Json, Query};
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::IntoParams;

use super::input::{CardRequest, ConsumerInput};
use super::model::{self, generated_card};
use super::responses::ConsumerView;
use super::store;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// At least 3 characters, in names, email, phones or card numbers.
    search: Option<String>,
    /// From 1 (0 is read as 1); never negative.
    page: Option<i64>,
    /// 20 by default, at most 100.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// The consumers with their cards.
fn views(
    conn: &mut DbConn,
    consumers: Vec<store::Consumer>,
) -> Result<Vec<ConsumerView>, AppError> {
    let ids: Vec<i64> = consumers.iter().map(|c| c.id).collect();
    let mut cards: HashMap<i64, Vec<String>> = HashMap::new();
    for (consumer, number) in store::cards_of(conn, &ids)? {
        cards.entry(consumer).or_default().push(number);
    }
    Ok(consumers
        .into_iter()
        .map(|c| {
            let numbers = cards.remove(&c.id).unwrap_or_default();
            ConsumerView::new(c, numbers)
        })
        .collect())
}

fn view(conn: &mut DbConn, id: i64) -> Result<ConsumerView, AppError> {
    let consumer = store::find(conn, id)?.ok_or(Code::UnknownCustomer)?;
    views(conn, vec![consumer])?
        .pop()
        .ok_or_else(|| AppError::from(Code::UnknownCustomer))
}

#[utoipa::path(get, path = "/api/v1/customers", params(ListQuery),
    description = "The consumers, by page, optionally searched.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "A page of consumers.", body = [ConsumerView]),
        (status = 400, description = "A negative page (310), a search under 3 characters (311), a bad limit (INVALID_QUERY)."),
    ))]
pub async fn list(
    _caller: Caller,
    pool: web::Data<Pool>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.0;
    let page = query.page.unwrap_or(1);
    if page < 0 {
        return Err(model::refused(
            Code::NegativePageNumber,
            "page",
            "must not be negative",
        ));
    }
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid_query(
            "limit",
            "must be between 1 and 100",
        ));
    }
    let search = match query.search.map(|s| s.trim().to_lowercase()) {
        Some(s) if s.chars().count() < 3 => {
            return Err(model::refused(
                Code::SearchTooShort,
                "search",
                "at least 3 characters",
            ));
        }
        other => other,
    };
    let offset = (page.max(1) - 1).saturating_mul(limit);
    let items = db::run(&pool, move |conn| {
        let consumers = store::list(conn, search.as_deref(), limit, offset)?;
        views(conn, consumers)
    })
    .await?;
    Ok(Dialect::Loyalty.success(StatusCode::OK, items))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}",
    params(("id" = i64, Path, description = "The consumer's id.")),
    description = "A consumer, with its cards.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The consumer.", body = ConsumerView),
        (status = 404, description = "Unknown consumer (316)."),
    ))]
pub async fn get(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let found = db::run(&pool, move |conn| view(conn, id)).await?;
    Ok(Dialect::Loyalty.success(StatusCode::OK, found))
}

/// Gives `numbers` to `consumer`: a card someone else holds is 3, an unknown one is created.
fn give_cards(conn: &mut DbConn, consumer: i64, numbers: &[String]) -> Result<(), AppError> {
    let now = Utc::now().naive_utc();
    for number in numbers {
        match store::card_holder_for_update(conn, number)? {
            Some(Some(holder)) if holder == consumer => {}
            Some(Some(_)) => {
                return Err(model::refused(
                    Code::CardAlreadyUsed,
                    "cards",
                    number.clone(),
                ));
            }
            Some(None) => {
                store::attach_card(conn, number, consumer)?;
            }
            None => {
                store::insert_card(conn, number, Some(consumer), now).unique_violation_as(
                    || model::refused(Code::CardAlreadyUsed, "cards", number.clone()),
                )?;
            }
        }
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/customers", request_body = ConsumerInput,
    description = "Creates a consumer: with the card given (case 1), a generated card (case 2, `cards` empty), or none (case 3, `noFidelity: true`). Answers the consumer as GET shows it. The consent date is the creation's.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 201, description = "Created: the consumer.", body = ConsumerView),
        (status = 400, description = "A field breaks its rule: 302, 303, 304, 312, 313, 314, 315."),
        (status = 409, description = "A card given is another consumer's (3)."),
    ))]
pub async fn create(
    _caller: Caller,
    pool: web::Data<Pool>,
    body: Json<ConsumerInput>,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now().naive_utc();
    let checked = body.0.check(now)?;
    let created = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let id = store::insert(conn, &checked.fields, now)?;
            match &checked.cards {
                CardRequest::Given(numbers) => give_cards(conn, id, numbers)?,
                CardRequest::Generated => {
                    store::insert_card(conn, &generated_card(id), Some(id), now)?;
                }
                CardRequest::None => {}
            }
            view(conn, id)
        })
    })
    .await?;
    Ok(Dialect::Loyalty.success(StatusCode::CREATED, created))
}

#[utoipa::path(put, path = "/api/v1/customers/{id}", request_body = ConsumerInput,
    params(("id" = i64, Path, description = "The consumer's id.")),
    description = "Replaces the consumer's fields with the creation's rules; cards listed are added to its own (none is taken away: the ledger stays with them).",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The consumer, updated.", body = ConsumerView),
        (status = 400, description = "A field breaks its rule: 302, 303, 304, 312, 313, 314, 315."),
        (status = 404, description = "Unknown consumer (316)."),
        (status = 409, description = "A card given is another consumer's (3)."),
    ))]
pub async fn update(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    body: Json<ConsumerInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let now = Utc::now().naive_utc();
    let checked = body.0.check(now)?;
    let updated = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let mut fields = checked.fields;
            // Consent was given once, at the creation.
            fields.consent_at = store::find(conn, id)?
                .ok_or(Code::UnknownCustomer)?
                .fields
                .consent_at;
            store::update(conn, id, &fields)?;
            if let CardRequest::Given(numbers) = &checked.cards {
                give_cards(conn, id, numbers)?;
            }
            view(conn, id)
        })
    })
    .await?;
    Ok(Dialect::Loyalty.success(StatusCode::OK, updated))
}

#[utoipa::path(delete, path = "/api/v1/customers/{id}",
    params(("id" = i64, Path, description = "The consumer's id.")),
    description = "Deletes the consumer as the RGPD asks: what names it is blanked; its cards, tickets and points ledger stay. A replay answers 204 again.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 204, description = "Deleted (anonymised)."),
        (status = 404, description = "Unknown consumer (316)."),
    ))]
pub async fn delete(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let known = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let changed = store::anonymise(conn, id, Utc::now().naive_utc())?;
            Ok::<_, AppError>(changed > 0 || store::exists(conn, id)?)
        })
    })
    .await?;
    if !known {
        return Err(Code::UnknownCustomer.into());
    }
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(post, path = "/api/v1/customers/", request_body = ConsumerInput,
    description = "The guide's spelling of the creation (`POST /api/v1/customers/`): the same as without the slash.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 201, description = "Created: the consumer.", body = ConsumerView),
        (status = 400, description = "A field breaks its rule: 302, 303, 304, 312, 313, 314, 315."),
        (status = 409, description = "A card given is another consumer's (3)."),
    ))]
pub async fn create_slash(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<ConsumerInput>,
) -> Result<HttpResponse, AppError> {
    create(caller, pool, body).await
}
