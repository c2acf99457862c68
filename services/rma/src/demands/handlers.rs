//! The demand routes: the repair center's of seed 001 (accept, refuse, message, status,
//! retrieverequests) and the retailer's side the document implies (create, resubmit, close,
//! one demand whole). `message` and `status` serve either side (see `access`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, Pool};
use platform::input::{required, trimmed};
use platform::web::{Json, JsonOrForm, Query};
use platform::{AppError, Dialect};

use super::Acceptance;
use super::model::{Demand, status_for};
use super::requests::{
    AcceptInput, CloseInput, DemandInput, MessageInput, RefuseInput, ResubmitInput, RetrieveQuery,
    StatusInput,
};
use super::responses::{DemandOut, DemandWholeOut, MessageOut, RetrievedPage, StatusEntryOut};
use super::store::{self, Retrieval};
use crate::access::{Side, either_side, partner_side, reader_side, retailer_side};
use crate::config::RmaSettings;
use crate::documents::store as documents;
use crate::errors::RmaError;
use crate::input::base64_content;
use crate::quotes::responses::QuoteOut;
use crate::quotes::store as quotes;

fn demand_ok(status: StatusCode, demand: &Demand) -> HttpResponse {
    Dialect::Rma.success(status, DemandOut::from(demand))
}

/// Section 3.2: a repair center accepts a demand with the brand's agreement number (scope
/// demands_accept).
///
/// Records the agreement number, optionally its document (base64, stored as an AGREEMENT
/// document), the center's internal reference, and the next status at once (status_code, as
/// in section 3.2's example ATTEXP). agreement_number may be left out when the demand already
/// has one (a PAD, in general). Accepting again with the same agreement changes nothing and answers the
/// demand (a retried call); with another agreement it is a 409. JSON or form; the document's
/// names demand_numero and agreement_numero are accepted as aliases.
#[utoipa::path(post, path = "/api/demands/accept", operation_id = "acceptDemand",
    request_body(content(
        (AcceptInput = "application/json", example = json!({"demand_numero": "ACH-9001-0001",
        "agreement_numero": "9999999915", "agreement_content": "", "status_code": "ATTEXP", "status_comment": ""})),
        (AcceptInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand, accepted (RMAOK, or the next status given).", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_accept (FORBIDDEN), is the retailer's (PARTNER_ONLY), or status_code is one of the retailer's codes RMAD, INFREV, VDE, RDE (STATUS_RESERVED_TO_RETAILER)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "Already accepted under another agreement number (DEMAND_ALREADY_ACCEPTED), refused (DEMAND_REFUSED), or closed (DEMAND_CLOSED)."),
        (status = 413, description = "agreement_content exceeds the document limit once decoded (DOCUMENT_TOO_LARGE), or the body the HTTP limit (PAYLOAD_TOO_LARGE)."),
        (status = 422, description = "A field is missing or invalid (VALIDATION_ERROR), agreement_content is not base64 (INVALID_BASE64), or status_code is unknown (UNKNOWN_STATUS_CODE) or has its own route (STATUS_HAS_ITS_OWN_ROUTE)."),
    ))]
pub async fn accept(
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<RmaSettings>,
    body: JsonOrForm<AcceptInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_accept")?;
    let input = body.0;
    let number = input.demand_number.required()?;
    let acceptance = Acceptance {
        agreement: trimmed(input.agreement_number.as_ref()),
        next: trimmed(input.status_code.as_ref())
            .map(|code| status_for(&code, &side))
            .transpose()?,
        comment: trimmed(input.status_comment.as_ref()),
        reference: trimmed(input.internal_reference.as_ref()),
        content: trimmed(input.agreement_content.as_ref())
            .map(|c| base64_content("agreement_content", &c, rules.max_document_bytes))
            .transpose()?,
    };
    let demand = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        super::accept(conn, act, demand, acceptance)?;
        Ok(demand.clone())
    })
    .await?;
    Ok(demand_ok(StatusCode::OK, &demand))
}

/// Section 3.3: a repair center refuses a demand with its reason (scope demands_refuse).
///
/// Status RMANOK with the reason as its comment. Only before accepting; the demand is then
/// closed to the center until the retailer resubmits it. JSON or form; demand_numero is
/// accepted as an alias of demand_number.
#[utoipa::path(post, path = "/api/demands/refuse", operation_id = "refuseDemand",
    request_body(content(
        (RefuseInput = "application/json", example = json!({"demand_numero": "ACH-9001-0001", "reason": ""})),
        (RefuseInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand, refused.", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_refuse (FORBIDDEN), or is the retailer's (PARTNER_ONLY)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "Already accepted (DEMAND_ALREADY_ACCEPTED), already refused (DEMAND_REFUSED), or closed (DEMAND_CLOSED)."),
        (status = 422, description = "demand_number or reason missing (VALIDATION_ERROR)."),
    ))]
pub async fn refuse(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<RefuseInput>,
) -> Result<HttpResponse, AppError> {
    let side = partner_side(&caller, "demands_refuse")?;
    let number = body.0.demand_number.required()?;
    let reason = required("reason", body.0.reason.as_ref())?;
    let demand = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        super::refuse(conn, act, demand, &reason)?;
        Ok(demand.clone())
    })
    .await?;
    Ok(demand_ok(StatusCode::OK, &demand))
}

/// Section 3.4: a message on a demand, for the other side to read (scope
/// demands_messagecenter).
///
/// Either side may write: a repair center on its own demands (not once refused or closed),
/// the retailer on any demand not closed. A retailer's message is pushed to the center when it
/// has a PUSH endpoint (event message.created). JSON or form.
#[utoipa::path(post, path = "/api/demands/message", operation_id = "sendMessage",
    request_body(content(
        (MessageInput = "application/json"),
        (MessageInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The message.", body = MessageOut),
        (status = 403, description = "The token lacks the scope demands_messagecenter (FORBIDDEN)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "The demand is refused, to its center (DEMAND_REFUSED), or closed (DEMAND_CLOSED)."),
        (status = 422, description = "demand_number or message missing (VALIDATION_ERROR)."),
    ))]
pub async fn message(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_messagecenter")?;
    let number = body.0.demand_number.required()?;
    let text = required("message", body.0.message.as_ref())?;
    let written = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        let message = super::add_message(conn, act, demand, &text)?;
        Ok((message, demand.clone()))
    });
    let (message, demand) = written.await?;
    let out = MessageOut::of(&message, &demand.demand_number);
    Ok(Dialect::Rma.success(StatusCode::OK, out))
}

/// Section 3.5: a new status of annex 5.1 on a demand (scope demands_status).
///
/// A repair center sends any code of annex 5.1 except the retailer's (RMAD, INFREV, VDE,
/// RDE), once the demand is accepted, or at once on a demand that came with the supplier's
/// agreement number, whatever its type (section 3.5: "PAD in general"). The
/// retailer may send INFREV and the centers' codes. Nobody sends here the codes that have
/// their own route: RMAOK (accept), RMANOK (refuse), EDE (quotation), VDE and RDE
/// (responsequote), RMAD (resubmit). JSON or form.
#[utoipa::path(post, path = "/api/demands/status", operation_id = "updateDemandStatus",
    request_body(content(
        (StatusInput = "application/json"),
        (StatusInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand in its new status.", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_status (FORBIDDEN), or a repair center sent one of the retailer's codes RMAD, INFREV, VDE, RDE (STATUS_RESERVED_TO_RETAILER)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
        (status = 409, description = "To a repair center: not yet accepted (DEMAND_NOT_ACCEPTED), refused (DEMAND_REFUSED) or closed (DEMAND_CLOSED). To the retailer: closed."),
        (status = 422, description = "demand_number or status_code missing (VALIDATION_ERROR), an unknown code (UNKNOWN_STATUS_CODE), or one that has its own route (STATUS_HAS_ITS_OWN_ROUTE)."),
    ))]
pub async fn status(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<StatusInput>,
) -> Result<HttpResponse, AppError> {
    let side = either_side(&caller, "demands_status")?;
    let number = body.0.demand_number.required()?;
    let code = required("status_code", body.0.status_code.as_ref())?;
    let next = status_for(&code, &side)?;
    let comment = trimmed(body.0.status_comment.as_ref());
    let demand = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        super::update_status(conn, act, demand, next, comment.as_deref())?;
        Ok(demand.clone())
    })
    .await?;
    Ok(demand_ok(StatusCode::OK, &demand))
}

/// Section 3.9: the repair center's demands, oldest first (PULL mode; any demands_* scope).
///
/// POST as in the document (the parameters in the query string, no body; any body is
/// ignored) or GET, the same. Only the demands assigned to the token's repair center. Without
/// limit, every matching demand comes, up to the cap of 1000; past it, truncated is true and
/// page=2 and after give the rest. The answer adds page, limit, total and truncated beside
/// data.
#[utoipa::path(method(get, post), path = "/api/demands/retrieverequests", operation_id = "retrieveRequests",
    params(RetrieveQuery),
    responses(
        (status = 200, description = "A page of demands, each with the fields of section 3.9.", body = inline(RetrievedPage)),
        (status = 400, description = "A parameter is invalid (INVALID_QUERY); `errors` names it."),
        (status = 403, description = "The token has no demands_* scope (FORBIDDEN), or is the retailer's, not bound to a repair center (PARTNER_ONLY)."),
    ))]
pub async fn retrieve_requests(
    caller: Caller,
    pool: web::Data<Pool>,
    query: Query<RetrieveQuery>,
) -> Result<HttpResponse, AppError> {
    let Side::Partner(partner) = reader_side(&caller)? else {
        return Err(RmaError::PartnerOnly.into());
    };
    let query = query.0;
    let (status, page, since) = (query.status()?, query.page()?, query.since()?);
    let (rows, total) = db::run(&pool, move |conn| {
        let ask = Retrieval {
            partner: &partner,
            status,
            since,
            limit: page.size,
            offset: page.offset(),
        };
        store::for_partner(conn, &ask)
    })
    .await?;
    // The paging sits beside `data`, so this answer carries its own envelope.
    Ok(HttpResponse::Ok().json(RetrievedPage::new(&rows, page, total)))
}

/// The retailer creates a demand for a repair center, status RMAD (scope demands_create).
///
/// Every field of section 3.9 the retailer knows, flat as section 3.9 shows them (site_*,
/// client_*). The number is generated (RMA-0000042) when none is given. The center finds it
/// with retrieverequests?status=RMAD, or is told at once when it has a PUSH endpoint (event
/// demand.assigned). The same demand sent again under its number answers 200 with the demand
/// as it is now. JSON only; demand_numero, agreement_numero and partner are aliases.
#[utoipa::path(post, path = "/api/demands", operation_id = "createDemand",
    request_body = DemandInput,
    responses(
        (status = 201, description = "The demand.", body = DemandOut),
        (status = 200, description = "A retried creation: the same demand under the same number, as it is now.", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_create (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 409, description = "Another demand has this number already (DEMAND_NUMBER_EXISTS)."),
        (status = 422, description = "Every missing or invalid field, each named: type, repair_center, return_to, purchase_date, an unknown site_*/client_* field (VALIDATION_ERROR)."),
    ))]
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<DemandInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_create")?;
    let now = Utc::now().naive_utc();
    let (number, new) = body.0.into_new(now).map_err(AppError::invalid_fields)?;
    let actor = caller.sub.clone();
    let (created, demand) = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| super::create(conn, number, new, &actor, now))
    })
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(demand_ok(status, &demand))
}

/// The retailer sends a refused demand back to its repair center, status RMAD (scope
/// demands_resubmit).
///
/// The comment says what changed. The center is told at once when it has a PUSH endpoint
/// (event demand.resubmitted). JSON or form.
#[utoipa::path(post, path = "/api/demands/resubmit", operation_id = "resubmitDemand",
    request_body(content(
        (ResubmitInput = "application/json"),
        (ResubmitInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand, back in RMAD.", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_resubmit (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 404, description = "No such demand (DEMAND_NOT_FOUND)."),
        (status = 409, description = "The demand is closed (DEMAND_CLOSED), or not refused (DEMAND_NOT_REFUSED)."),
        (status = 422, description = "demand_number or comment missing (VALIDATION_ERROR)."),
    ))]
pub async fn resubmit(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<ResubmitInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_resubmit")?;
    let number = body.0.demand_number.required()?;
    let comment = required("comment", body.0.comment.as_ref())?;
    let side = Side::Retailer;
    let demand = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        super::resubmit(conn, act, demand, &comment)?;
        Ok(demand.clone())
    })
    .await?;
    Ok(demand_ok(StatusCode::OK, &demand))
}

/// The retailer closes a demand, the last step of every case of section 4 (scope
/// demands_update).
///
/// Nothing more can be written on it afterwards, by either side. The optional comment is kept
/// as a retailer's message. JSON or form.
#[utoipa::path(post, path = "/api/demands/close", operation_id = "closeDemand",
    request_body(content(
        (CloseInput = "application/json"),
        (CloseInput = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The demand, closed.", body = DemandOut),
        (status = 403, description = "The token lacks the scope demands_update (FORBIDDEN), or is a repair center's (RETAILER_ONLY)."),
        (status = 404, description = "No such demand (DEMAND_NOT_FOUND)."),
        (status = 409, description = "Already closed (DEMAND_CLOSED)."),
        (status = 422, description = "demand_number missing (VALIDATION_ERROR)."),
    ))]
pub async fn close(
    caller: Caller,
    pool: web::Data<Pool>,
    body: JsonOrForm<CloseInput>,
) -> Result<HttpResponse, AppError> {
    retailer_side(&caller, "demands_update")?;
    let number = body.0.demand_number.required()?;
    let comment = trimmed(body.0.comment.as_ref());
    let side = Side::Retailer;
    let demand = super::write(&pool, side, caller.sub, number, move |conn, act, demand| {
        super::close(conn, act, demand, comment.as_deref())?;
        Ok(demand.clone())
    })
    .await?;
    Ok(demand_ok(StatusCode::OK, &demand))
}

/// One demand whole: the fields of section 3.9, its status history, messages, documents
/// (without content), tracking labels and quotes (any demands_* scope).
///
/// Either side: a repair center reads only its own demands. The numbers retrieverequests and
/// documents name the routes above, not demands.
#[utoipa::path(get, path = "/api/demands/{number}", operation_id = "getDemand",
    params(("number" = String, Path, description = "The demand's number.")),
    responses(
        (status = 200, description = "The demand.", body = DemandWholeOut),
        (status = 403, description = "The token has no demands_* scope (FORBIDDEN)."),
        (status = 404, description = "No such demand, or one assigned to another repair center (DEMAND_NOT_FOUND)."),
    ))]
pub async fn get_demand(
    caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let side = reader_side(&caller)?;
    let number = path.into_inner();
    let whole = db::run(&pool, move |conn| {
        let demand = store::find_for(conn, &side, &number)?.ok_or(RmaError::DemandNotFound)?;
        let history = store::history(conn, demand.id)?;
        let messages = store::messages(conn, demand.id)?;
        let documents = documents::list(conn, demand.id)?;
        let labels = documents::labels(conn, demand.id)?;
        let quotes = quotes::of_demand(conn, demand.id)?;
        Ok::<_, AppError>((demand, history, messages, documents, labels, quotes))
    })
    .await?;
    let (demand, history, messages, documents, labels, (quotes, lines)) = &whole;
    let number = demand.demand_number.as_str();
    let out = DemandWholeOut {
        demand: demand.into(),
        history: history.iter().map(StatusEntryOut::from).collect(),
        messages: messages.iter().map(|m| MessageOut::of(m, number)).collect(),
        documents: documents.iter().map(Into::into).collect(),
        tracking: labels.iter().map(Into::into).collect(),
        quotes: quotes
            .iter()
            .map(|q| QuoteOut::of(q, number, lines))
            .collect(),
    };
    Ok(Dialect::Rma.success(StatusCode::OK, out))
}
