//! `demands/quotation` (the center's quote) and `demands/responsequote` (the retailer's answer).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use platform::auth::Caller;
use platform::codes::rma_status::RmaStatus;
use platform::db::Pool;
use platform::web::JsonOrForm;
use platform::{AppError, Dialect};
use serde::Deserialize;
use serde_json::json;

use super::model::{LineInput, answer_code, priced_lines, refusal_comment};
use super::store::{self, NewQuote};
use crate::access::{Side, partner_side, retailer_side};
use crate::config::RmaSettings;
use crate::demands::model::QUOTE_TREATMENTS;
use crate::demands::store as demands;
use crate::documents::store as documents;
use crate::errors::RmaError;
use platform::input::{one_of, required, string_or_number, trimmed};

use crate::input::base64_content;
use crate::push;

#[derive(Deserialize)]
pub struct QuotationInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    quote_number: Option<String>,
    #[serde(default)]
    quote_file: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    quote_comment: Option<String>,
    #[serde(default)]
    prestation: Vec<LineInput>,
}

/// `POST /api/demands/quotation`: the quote's lines, priced exactly (`"158,45"`), its total,
/// optionally its PDF; status `EDE`. Sending the same quote number again returns that quote.
pub async fn quotation(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<QuotationInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_update")?;
    let input = body.0;
    let number = required("demand_number", input.demand_number.as_ref())?;
    let quote_number = required("quote_number", input.quote_number.as_ref())?;
    let (lines, total) = priced_lines(&input.prestation).map_err(AppError::invalid_fields)?;
    let comment = trimmed(input.quote_comment.as_ref());
    let file = trimmed(input.quote_file.as_ref())
        .map(|f| base64_content("quote_file", &f, rules.max_document_bytes))
        .transpose()?;
    let actor = caller.sub.clone();
    let (created, view) =
        crate::demands::write(&pool, side, number, move |conn, side, demand, now| {
            if let Some(quote) = store::by_number(conn, demand.id, &quote_number)? {
                let lines = store::lines_of(conn, &[quote.id])?;
                return Ok::<_, AppError>((false, quote.view(&demand.demand_number, &lines)));
            }
            demand.workable_by(side)?;
            store::supersede_pending(conn, demand.id)?;
            let document_id = match &file {
                Some(bytes) => {
                    let name = crate::input::file_name(&format!("quote-{quote_number}.pdf"))?;
                    Some(documents::insert(conn, demand.id, &name, "QUOTE", bytes, side, now)?.id)
                }
                None => None,
            };
            let new = NewQuote {
                demand_id: demand.id,
                number: &quote_number,
                total_cents: total.0,
                comment: comment.as_deref(),
                document_id,
                lines: &lines,
            };
            let quote = store::insert(conn, &new, now)?;
            demands::set_status(
                conn,
                demand,
                RmaStatus::QuoteIssued,
                comment.as_deref(),
                side,
                &actor,
                now,
            )?;
            let lines = store::lines_of(conn, &[quote.id])?;
            Ok((true, quote.view(&demand.demand_number, &lines)))
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
pub struct ResponseInput {
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    demand_number: Option<String>,
    #[serde(
        default,
        alias = "answer",
        alias = "status_code",
        deserialize_with = "string_or_number"
    )]
    response: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    quote_treatment: Option<String>,
    #[serde(
        default,
        alias = "status_comment",
        deserialize_with = "string_or_number"
    )]
    comment: Option<String>,
}

/// `POST /api/demands/responsequote`: the retailer accepts (`VDE`) or refuses (`RDE`, with
/// `DESTRUCT` or `RETURN`, also written in the status comment) the pending quote.
pub async fn response_quote(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<ResponseInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_responsequote")?;
    let input = body.0;
    let number = required("demand_number", input.demand_number.as_ref())?;
    let answer = answer_code(&required("response", input.response.as_ref())?).ok_or_else(|| {
        AppError::invalid_field("response", "must be VDE (accepted) or RDE (refused)")
    })?;
    let treatment = match (answer, trimmed(input.quote_treatment.as_ref())) {
        ("RDE", None) => {
            return Err(AppError::invalid_field(
                "quote_treatment",
                "is required when the quote is refused: DESTRUCT or RETURN",
            ));
        }
        (_, None) => None,
        (_, Some(t)) => Some(
            one_of("quote_treatment", &t.to_ascii_uppercase(), QUOTE_TREATMENTS)
                .map_err(|e| AppError::invalid_fields(vec![e]))?,
        ),
    };
    let comment = trimmed(input.comment.as_ref());
    let actor = caller.sub.clone();
    let side = Side::Retailer;
    let view = crate::demands::write(&pool, side, number, move |conn, side, demand, now| {
        demand.open_to(side)?;
        let mut quote = store::pending(conn, demand.id)?.ok_or(RmaError::NoPendingQuote)?;
        let (status, status_comment) = match (answer, treatment) {
            ("RDE", Some(t)) => (
                RmaStatus::QuoteRefused,
                Some(refusal_comment(t, comment.as_deref())),
            ),
            _ => (RmaStatus::QuoteAccepted, comment.clone()),
        };
        store::answer(conn, &mut quote, answer, treatment, now)?;
        demands::set_quote_treatment(conn, demand, treatment)?;
        demands::set_status(
            conn,
            demand,
            status,
            status_comment.as_deref(),
            side,
            &actor,
            now,
        )?;
        let lines = store::lines_of(conn, &[quote.id])?;
        let quote_view = quote.view(&demand.demand_number, &lines);
        push::enqueue(
            conn,
            demand,
            push::Event::QuoteAnswered,
            json!({"quote": quote_view}),
            now,
        )?;
        let mut view = demand.view();
        view["quote"] = quote_view;
        Ok::<_, AppError>(view)
    })
    .await?;
    Ok(Dialect::Rma.success(StatusCode::OK, view))
}
