//! `POST /api/data/{IdClient}/cards` attaches a fidelity card to a customer;
//! `DELETE /api/data/{IdClient}/cards/{carteFid}` detaches it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::model::{card_number, card_of};
use super::store;
use crate::clients::store as clients;
use crate::errors::CrmError;

#[derive(Debug, Deserialize, ToSchema)]
pub struct CardInput {
    /// The card number: a whole number above zero, as a number or text.
    #[serde(rename = "carteFid")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    carte_fid: Option<Value>,
}

/// The cards a customer holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeldCards {
    #[serde(rename = "IdClient")]
    pub id_client: String,
    #[serde(rename = "carteFid")]
    pub carte_fid: Vec<i64>,
}

#[utoipa::path(post, path = "/api/data/{IdClient}/cards", request_body = CardInput,
    params(("IdClient" = String, Path, description = "The customer's id.")),
    description = "Attach a fidelity card to a customer. Attaching a card the customer already holds changes nothing.",
    responses(
        (status = 200, description = "The cards the customer holds.", body = HeldCards),
        (status = 404, description = "No such customer (CLIENT_NOT_FOUND)."),
        (status = 409, description = "Another customer holds this card (CARD_HELD_BY_ANOTHER)."),
    ))]
pub async fn attach(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: Json<CardInput>,
) -> Result<HttpResponse, AppError> {
    let card = body
        .0
        .carte_fid
        .as_ref()
        .and_then(card_of)
        .ok_or_else(|| AppError::invalid_field("carteFid", "must be a whole number above 0"))?;
    change_cards(
        &pool,
        id.into_inner(),
        move |conn, client| match store::holder(conn, card)? {
            Some(holder) if holder == client => Ok(()),
            Some(_) => Err(CrmError::CardHeldByAnother.into()),
            None => store::attach(conn, card, client, Utc::now().naive_utc())
                .unique_violation_as(|| CrmError::CardHeldByAnother.into())
                .map(drop),
        },
    )
    .await
}

#[utoipa::path(delete, path = "/api/data/{IdClient}/cards/{carteFid}",
    params(
        ("IdClient" = String, Path, description = "The customer's id."),
        ("carteFid" = i64, Path, description = "The card number."),
    ),
    description = "Detach a fidelity card from the customer holding it.",
    responses(
        (status = 200, description = "The cards the customer still holds.", body = HeldCards),
        (status = 404, description = "No such customer (CLIENT_NOT_FOUND), or the customer holds no such card (CARD_NOT_FOUND)."),
    ))]
pub async fn detach(
    _caller: Caller,
    pool: web::Data<Pool>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id_client, card) = path.into_inner();
    change_cards(&pool, id_client, move |conn, client| {
        let card = card_number(&card).ok_or(CrmError::CardNotFound)?;
        if store::detach(conn, card, client)? == 0 {
            return Err(CrmError::CardNotFound.into());
        }
        Ok(())
    })
    .await
}

/// Runs `change` on the cards of the customer `id_client` (its row id given), in one
/// transaction, and answers the cards it then holds.
async fn change_cards(
    pool: &Pool,
    id_client: String,
    change: impl FnOnce(&mut DbConn, i64) -> Result<(), AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let held = db::run(pool, move |conn| {
        write_transaction(conn, |conn| {
            let client =
                clients::by_id_client(conn, &id_client)?.ok_or(CrmError::ClientNotFound)?;
            change(conn, client.id)?;
            let carte_fid = store::held_by(conn, client.id)?;
            Ok::<_, AppError>(HeldCards {
                id_client: client.id_client,
                carte_fid,
            })
        })
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, held))
}
