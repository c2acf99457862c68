//! `POST /api/v1/cards/{card}/sales`: a ticket.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, Pool, write_transaction};
use platform::telemetry::RequestId;
use platform::web::Json;
use platform::{AppError, Dialect};

use super::input::TicketInput;
use super::responses::TicketView;
use super::write::save;
use crate::config::LoyaltySettings;
use crate::crm::event::TicketEvent;

#[utoipa::path(post, path = "/api/v1/cards/{card}/sales", request_body = TicketInput,
    params(("card" = String, Path, description = "The card number.")),
    description = "Saves a ticket: its operations, articles and vouchers. Amount vouchers are deducted by the service before points are counted (in part with `amount`, the rest kept); percentage ones were applied by the till; gifts change nothing. Returns (13) take back their lines' points, RAZ (17) resets, deposits and withdrawals (11, 12) move the wallet. One transaction: all or nothing (the CRM's event too, when the service feeds one). A receipt already saved for the shop (the till's, by the terminal of its token) is 103, with the first ticket's id in `details.ticketId`, changing nothing.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 201, description = "Saved.", body = TicketView),
        (status = 400, description = "An empty required parameter (102), a withdrawal beyond the wallet (101), a voucher's type (453) or value (454)."),
        (status = 404, description = "Unknown card (1), voucher (450), or a return of an item the card never bought (400)."),
        (status = 409, description = "The receipt is already saved (103), or a voucher already used (451)."),
    ))]
pub async fn create(
    req: HttpRequest,
    caller: Caller,
    pool: web::Data<Pool>,
    program: web::Data<LoyaltySettings>,
    card: web::Path<String>,
    body: Json<TicketInput>,
) -> Result<HttpResponse, AppError> {
    let ticket = body.0.check()?;
    let card = card.into_inner();
    let program = program.into_inner();
    let shop = program.shop_of(caller.terminal.as_deref());
    let feeds_crm = program.crm.url.is_some();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.as_str().to_string());
    let saved = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            let saved = save(conn, &program, shop, &card, &ticket, now)?;
            // The CRM hears of the ticket exactly when it is saved: same transaction.
            if feeds_crm && let Some(event) = TicketEvent::of(&ticket, &saved, request_id) {
                event.enqueue(conn, now)?;
            }
            Ok::<_, AppError>(saved.view)
        })
    })
    .await?;
    Ok(Dialect::Loyalty.success(StatusCode::CREATED, saved))
}
