//! `demands/quotation` (the center's quote) and `demands/responsequote` (the retailer's answer).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use platform::auth::Caller;
use platform::db::Pool;
use platform::web::JsonOrForm;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::model::{Answer, LineFields, Response, priced_lines};
use super::responses::QuoteOut;
use super::{Quotation, Quoted};
use crate::access::{Side, partner_side, retailer_side};
use crate::config::RmaSettings;
use crate::demands::model::QUOTE_TREATMENTS;
use crate::demands::responses::AnsweredOut;
use crate::input::{DemandRef, base64, base64_content};
use platform::input::{required, string_or_number, trimmed};
use platform::openapi::pieces;

/// One `prestation`: `"quantity": "1"`, `"price": "158,45"` as the document writes them, or
/// JSON numbers.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LineInput {
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    label_prestation: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::quantity, required = true)]
    quantity: Option<String>,
    /// The unit price, exact to the cent.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::amount, required = true)]
    price: Option<String>,
}

impl From<&LineInput> for LineFields {
    fn from(line: &LineInput) -> Self {
        Self {
            label_prestation: line.label_prestation.clone(),
            quantity: line.quantity.clone(),
            price: line.price.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct QuotationInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    demand_number: DemandRef,
    /// The center's reference of its quote (required).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    quote_number: Option<String>,
    /// The quote as a PDF (optional), stored as a QUOTE document.
    #[serde(default)]
    #[schema(schema_with = base64)]
    quote_file: Option<String>,
    /// Optional; also the comment of status EDE.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    quote_comment: Option<String>,
    /// At least one line.
    #[serde(default)]
    #[schema(required = true, min_items = 1)]
    prestation: Vec<LineInput>,
}

/// Section 3.8: a repair center's quote, line by line (scope demands_update).
///
/// Status EDE. Prices are exact to the cent and may be written "158,45" (the document's
/// form), "158.45" or as JSON numbers; quantities "1" or 1. The answer shows prices as
/// "158.45". A new quote replaces one still waiting for its answer; sending the same
/// quote_number again answers that quote and changes nothing. Once the demand is
/// accepted (or came with its agreement number), not once refused or closed. JSON or form, but a
/// form cannot carry the prestation lines: send JSON.
#[utoipa::path(
    post,
    path = "/api/demands/quotation",
    operation_id = "issueQuotation",
    request_body(content(
        (QuotationInput = "application/json", example = json!({"demand_number": "ACH-0000-0000", "quote_number": "your reference quote", "quote_file": "JVBERi0xLjQK",
            "prestation": [{"label_prestation": "Prestation 1", "quantity": "1", "price": "158,45"},
                           {"label_prestation": "Prestation 2", "quantity": "1", "price": "158,45"}]})),
    )),
    responses(
        (status = 200, description = "The quote, created; or, when this quote_number was already sent, that quote unchanged.", body = QuoteOut),
        (status = 403, description = "The token lacks the scope demands_update (FORBIDDEN), or is the retailer's (PARTNER_ONLY)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "Not yet accepted (DEMAND_NOT_ACCEPTED), refused (DEMAND_REFUSED) or closed (DEMAND_CLOSED)."),
        (status = 413, description = "quote_file exceeds the document limit once decoded (DOCUMENT_TOO_LARGE), or the body the HTTP limit (PAYLOAD_TOO_LARGE)."),
        (status = 422, description = "A field is missing or invalid, each wrong line field named as prestation[1].price (VALIDATION_ERROR), or quote_file is not base64 (INVALID_BASE64)."),
    )
)]
pub async fn quotation(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<QuotationInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_update")?;
    let input = body.0;
    let number = input.demand_number.required()?;
    let quote_number = required("quote_number", input.quote_number.as_ref())?;
    let fields: Vec<LineFields> = input.prestation.iter().map(LineFields::from).collect();
    let (lines, total) = priced_lines(&fields).map_err(AppError::invalid_fields)?;
    let quotation = Quotation {
        number: quote_number,
        lines,
        total_cents: total.0,
        comment: trimmed(input.quote_comment.as_ref()),
        file: trimmed(input.quote_file.as_ref())
            .map(|f| base64_content("quote_file", &f, rules.max_document_bytes))
            .transpose()?,
    };
    let written = crate::demands::write(&pool, side, caller.sub, number, move |conn, act, d| {
        super::issue(conn, act, d, &quotation)
    });
    // Seed 001 shows only 200: a new quote and a replayed one answer alike.
    let Quoted(quote, lines, demand) = written.await?;
    let out = QuoteOut::of(&quote, &demand.demand_number, &lines);
    Ok(Dialect::Rma.success(StatusCode::OK, out))
}

/// The answer's spellings, as written (any case is read).
fn answer() -> Schema {
    let spellings = Answer::ACCEPTED.iter().chain(Answer::REFUSED).copied();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(spellings))
        .into()
}

/// What becomes of a refused quote's product, as written (any case is read).
fn treatment() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(QUOTE_TREATMENTS.iter().copied()))
        .into()
}

/// `ResponseInput` in `document`, with its rule that a refusal, in any spelling of the
/// answer's field, says what becomes of the product.
pub fn refusal_needs_treatment(document: &mut serde_json::Value) {
    let refusal = |field: &str| {
        serde_json::json!({
            "if": {"properties": {field: {"enum": Answer::REFUSED}}, "required": [field]},
            "then": {"required": ["quote_treatment"]},
        })
    };
    let rules = document
        .pointer_mut("/components/schemas/ResponseInput/allOf")
        .and_then(serde_json::Value::as_array_mut);
    if let Some(rules) = rules {
        rules.extend(["response", "answer", "status_code"].map(refusal));
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ResponseInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    demand_number: DemandRef,
    /// VDE or RDE; also accept, accepted, validate / refuse, refused, reject
    /// (case-insensitive). Aliases: answer, status_code.
    #[serde(
        default,
        alias = "answer",
        alias = "status_code",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = answer, required = true)]
    response: Option<String>,
    /// DESTRUCT or RETURN (case-insensitive), required when refused: destroy or return the
    /// product.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = treatment)]
    #[schema(schema_with = pieces::text_or_number)]
    quote_treatment: Option<String>,
    /// Optional comment of the new status. Alias: status_comment.
    #[serde(
        default,
        alias = "status_comment",
        deserialize_with = "string_or_number"
    )]
    comment: Option<String>,
}

/// The retailer answers the pending quote: VDE (accepted) or RDE (refused) (scope
/// demands_responsequote).
///
/// A refusal needs quote_treatment, DESTRUCT or RETURN, also written at the head of the status
/// comment (section 4, step 9: "RETURN - trop cher") and in the demand's quote_treatment. The
/// center finds the answer with retrieverequests?status=VDE or RDE, or is told at once when it
/// has a PUSH endpoint (event quote.answered). JSON or form.
#[utoipa::path(
    post,
    path = "/api/demands/responsequote",
    operation_id = "respondToQuote",
    request_body(content(
        (ResponseInput = "application/json"),
        (ResponseInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand in VDE or RDE, with the answered quote.", body = AnsweredOut),
        (status = 403, description = "The token lacks the scope demands_responsequote (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 404, description = "No such demand (DEMAND_NOT_FOUND)."),
        (status = 409, description = "The demand is closed (DEMAND_CLOSED), or has no quote waiting for an answer (NO_PENDING_QUOTE)."),
        (status = 422, description = "response missing or not an answer, or quote_treatment missing on a refusal or invalid (VALIDATION_ERROR)."),
    )
)]
pub async fn response_quote(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<ResponseInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_responsequote")?;
    let input = body.0;
    let number = input.demand_number.required()?;
    let response = Response::new(
        &required("response", input.response.as_ref())?,
        trimmed(input.quote_treatment.as_ref()).as_deref(),
        trimmed(input.comment.as_ref()),
    )
    .map_err(|e| AppError::invalid_fields(vec![e]))?;
    let side = Side::Retailer;
    let written = crate::demands::write(&pool, side, caller.sub, number, move |conn, act, d| {
        super::answer(conn, act, d, &response)
    });
    let Quoted(quote, lines, demand) = written.await?;
    let out = AnsweredOut {
        demand: (&demand).into(),
        quote: QuoteOut::of(&quote, &demand.demand_number, &lines),
    };
    Ok(Dialect::Rma.success(StatusCode::OK, out))
}
