//! `/api/v1/cards/{card}/vouchers` (list, and the back office's issue) and
//! `/api/v1/vouchers/{number}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Duration, Utc};
use platform::auth::{Caller, require_scope};
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::db::{self, Pool, UniqueViolationAs, write_transaction};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;

use super::model::{Choice, Kind, value_of};
use super::responses::VoucherView;
use super::store::{self, NewVoucher};
use crate::cards::store as cards;
use crate::config::LoyaltySettings;

/// The scope of the back office's voucher issue.
pub const ISSUE_SCOPE: &str = "loyalty_vouchers";

#[utoipa::path(get, path = "/api/v1/cards/{card}/vouchers",
    params(("card" = String, Path, description = "The card number.")),
    description = "The card's vouchers, used ones included.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The vouchers.", body = [VoucherView]),
        (status = 404, description = "Unknown card (1)."),
    ))]
pub async fn of_card(
    _caller: Caller,
    pool: web::Data<Pool>,
    card: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let card = card.into_inner();
    let found = db::run(&pool, move |conn| {
        cards::find(conn, &card)?.ok_or(Code::UnknownCard)?;
        Ok::<_, AppError>(store::of_card(conn, &card)?)
    })
    .await?;
    let now = Utc::now().naive_utc();
    let items: Vec<VoucherView> = found
        .into_iter()
        .map(|v| VoucherView::new(v, now))
        .collect();
    Ok(Dialect::Loyalty.success(StatusCode::OK, items))
}

#[utoipa::path(get, path = "/api/v1/vouchers/{number}",
    params(("number" = String, Path, description = "The voucher number.")),
    description = "A voucher: type, value, remaining amount, state, expiry.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The voucher.", body = VoucherView),
        (status = 404, description = "Unknown voucher (450)."),
    ))]
pub async fn get(
    _caller: Caller,
    pool: web::Data<Pool>,
    number: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let number = number.into_inner();
    let found = db::run(&pool, move |conn| store::find(conn, &number)).await?;
    let found = found.ok_or(Code::VoucherNotFound)?;
    Ok(Dialect::Loyalty.success(
        StatusCode::OK,
        VoucherView::new(found, Utc::now().naive_utc()),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssueInput {
    /// The number to give it (a replay with the same number and fields answers it again);
    /// generated when absent.
    number: Option<String>,
    #[serde(rename = "type")]
    kind: Kind,
    /// Euros for an amount or a gift, percent for a percentage (`"5"`, `"10"`); absent for
    /// choices.
    value: Option<String>,
    /// For `choices`: what it may be used as.
    #[serde(default)]
    choices: Vec<Choice>,
    label: Option<String>,
    /// Days it stays valid (the program's default when absent).
    #[schema(minimum = 1)]
    validity_days: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/cards/{card}/vouchers", request_body = IssueInput,
    params(("card" = String, Path, description = "The card number.")),
    description = "Back office: issues a voucher of any type to the card. Needs the scope `loyalty_vouchers`.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 201, description = "Issued.", body = VoucherView),
        (status = 200, description = "A replay: the voucher of that number, as first issued.", body = VoucherView),
        (status = 404, description = "Unknown card (1)."),
    ))]
pub async fn issue(
    caller: Caller,
    pool: web::Data<Pool>,
    program: web::Data<LoyaltySettings>,
    card: web::Path<String>,
    body: Json<IssueInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, ISSUE_SCOPE)?;
    let input = body.0;
    let card = card.into_inner();
    let value = match input.kind {
        Kind::Choices => {
            if input.choices.is_empty()
                || input
                    .choices
                    .iter()
                    .any(|c| c.kind == Kind::Choices || value_of(c.kind, &c.value).is_none())
            {
                return Err(AppError::invalid_field(
                    "choices",
                    "one or more {type, value} of amount, percentage or gift",
                ));
            }
            0
        }
        kind => input
            .value
            .as_deref()
            .and_then(|v| value_of(kind, v))
            .ok_or_else(|| AppError::invalid_field("value", "a value like 5 or 10"))?,
    };
    let days = input.validity_days.unwrap_or(program.voucher_validity_days);
    if days < 1 {
        return Err(AppError::invalid_field("validityDays", "at least 1"));
    }
    let number = match input.number.map(|n| n.trim().to_string()) {
        Some(n) if n.is_empty() || n.len() > 40 => {
            return Err(AppError::invalid_field("number", "1 to 40 characters"));
        }
        Some(n) => n,
        None => store::fresh_number(),
    };
    let label = input.label.unwrap_or_default();
    let (created, voucher) = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            cards::find(conn, &card)?.ok_or(Code::UnknownCard)?;
            if let Some(existing) = store::find(conn, &number)? {
                let same =
                    existing.card == card && existing.kind == input.kind && existing.value == value;
                if !same {
                    return Err(AppError::invalid_field(
                        "number",
                        "already another voucher's",
                    ));
                }
                return Ok((false, existing));
            }
            let now = Utc::now().naive_utc();
            let new = NewVoucher {
                number: &number,
                card: &card,
                kind: input.kind,
                value,
                choices: &input.choices,
                label: &label,
                expires_at: now + Duration::days(days),
            };
            store::insert(conn, &new, now).unique_violation_as(|| {
                AppError::invalid_field("number", "already another voucher's")
            })?;
            let voucher = store::find(conn, &number)?.ok_or(Code::VoucherNotFound)?;
            Ok((true, voucher))
        })
    })
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(Dialect::Loyalty.success(status, VoucherView::new(voucher, Utc::now().naive_utc())))
}
