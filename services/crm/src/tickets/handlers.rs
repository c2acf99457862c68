//! `POST /api/tickets` records tickets (idempotent by ticket id); `GET /api/get_tickets`
//! lists them.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::input::{Paging, trimmed};
use platform::money::Cents;
use platform::web::{Json, Query};
use platform::{AppError, Dialect, FieldError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::model::{TicketIn, moment_text, ticket};
use super::responses::{ArticleOut, TicketList, TicketOut, TicketsRecorded};
use super::store::{self, Article, Filter, Ticket};
use crate::clients::store as clients;
use crate::config::CrmSettings;
use crate::errors::CrmError;

/// Tickets as printed, with their articles.
fn printed(conn: &mut DbConn, rows: Vec<(Ticket, String)>) -> diesel::QueryResult<Vec<TicketOut>> {
    let ids: Vec<i64> = rows.iter().map(|(t, _)| t.id).collect();
    let mut articles: HashMap<i64, Vec<ArticleOut>> = HashMap::new();
    for chunk in ids.chunks(platform::db::MAX_BIND_PARAMS) {
        for a in store::articles_of(conn, chunk)? {
            articles.entry(a.ticket_id).or_default().push(ArticleOut {
                code_produit: a.code_produit,
                prix_avant: Cents(a.prix_avant_cents),
                prix_apres: Cents(a.prix_apres_cents),
                promo: a.promo,
                quantity: a.quantity,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|(t, client)| TicketOut {
            id: t.id,
            date: moment_text(t.sold_at),
            prix: Cents(t.prix_cents),
            client,
            points_fidelite: t.points_fidelite,
            mode_paiement: t.mode_paiement,
            origin: t.origin,
            articles: articles.remove(&t.id).unwrap_or_default(),
        })
        .collect())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TicketsInput {
    /// Tickets in the shape `GET /api/get_tickets` answers.
    #[schema(value_type = Vec<TicketOut>)]
    tickets: Option<Vec<Value>>,
}

/// Records one ticket, or says it was recorded as sent; a different ticket under its id is a
/// conflict, an unknown customer a problem of its `client` field.
fn record(conn: &mut DbConn, index: usize, read: &TicketIn) -> Result<bool, AppError> {
    let out = &read.out;
    if let Some(known) = store::find(conn, out.id)? {
        return match printed(conn, vec![known])?.pop() {
            Some(known) if known == *out => Ok(false),
            _ => Err(CrmError::TicketConflict.into()),
        };
    }
    let client = clients::by_id_client(conn, &out.client)?.ok_or_else(|| {
        AppError::invalid_field(
            format!("tickets[{index}].client"),
            "is no customer's IdClient",
        )
    })?;
    let row = Ticket {
        id: out.id,
        sold_at: read.sold_at,
        prix_cents: out.prix.0,
        client_id: client.id,
        points_fidelite: out.points_fidelite,
        mode_paiement: out.mode_paiement.clone(),
        origin: out.origin.clone(),
        created_at: Utc::now().naive_utc(),
    };
    let articles: Vec<Article> = out
        .articles
        .iter()
        .zip(0..)
        .map(|(a, line)| Article {
            ticket_id: out.id,
            line,
            code_produit: a.code_produit.clone(),
            prix_avant_cents: a.prix_avant.0,
            prix_apres_cents: a.prix_apres.0,
            promo: a.promo,
            quantity: a.quantity,
        })
        .collect();
    store::insert(conn, &row, &articles).unique_violation_as(|| CrmError::TicketConflict.into())?;
    store::count_in_client(conn, client.id, out.prix.0, read.sold_at.date())?;
    Ok(true)
}

#[utoipa::path(post, path = "/api/tickets", request_body = TicketsInput,
    description = "Record sales tickets, all in one transaction, each checked first (`prixApres` must be `prixAvant` less `promo` %, to the cent). A ticket already recorded as sent is left unchanged, so a retry is harmless; another ticket under a recorded id is refused. Ids run from 1 to 999,999,999,999; those above are the loyalty service's tickets (`POST /api/loyalty-events`). Each new ticket adds its `prix` to its customer's `Montant`, moves `Date_paiement` to its day when later, and makes `PanierMoyen` the mean `prix` of its tickets.",
    responses(
        (status = 200, description = "How many tickets were new and how many known.", body = TicketsRecorded),
        (status = 409, description = "A ticket with this id was recorded with other content (TICKET_CONFLICT)."),
    ))]
pub async fn record_tickets(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    body: Json<TicketsInput>,
) -> Result<HttpResponse, AppError> {
    let values = body.0.tickets.unwrap_or_default();
    if values.is_empty() || values.len() > rules.max_tickets_per_call {
        let message = format!("must list 1 to {} tickets", rules.max_tickets_per_call);
        return Err(AppError::invalid_field("tickets", message));
    }
    let mut problems: Vec<FieldError> = Vec::new();
    let mut read = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        match ticket(index, value) {
            Ok(t) => read.push(t),
            Err(mut bad) => problems.append(&mut bad),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_fields(problems));
    }
    let recorded = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let mut recorded = TicketsRecorded::default();
            for (index, t) in read.iter().enumerate() {
                match record(conn, index, t)? {
                    true => recorded.created += 1,
                    false => recorded.unchanged += 1,
                }
            }
            Ok::<_, AppError>(recorded)
        })
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, recorded))
}

const PAGING: Paging = Paging {
    size_parameter: "per_page",
    default_size: 50,
    max_size: 500,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketsQuery {
    /// One customer's tickets (its `IdClient`).
    client: Option<String>,
    /// Tickets from this moment or day on (RFC 3339 or YYYY-MM-DD).
    from: Option<String>,
    /// Tickets before this moment, or up to this day included (YYYY-MM-DD).
    to: Option<String>,
    /// The page, from 1; without `page` and `per_page`, every ticket up to the cap.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 50 by default, at most 500.
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<i64>,
}

fn filter_of(query: TicketsQuery) -> Result<Filter, AppError> {
    let moment = |name: &str, value: Option<String>, day_end: bool| {
        trimmed(value)
            .map(|text| {
                let day = platform::input::dates::date(&text);
                match (day, day_end) {
                    (Some(day), true) => day.succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0)),
                    _ => platform::input::dates::timestamp(&text),
                }
                .ok_or_else(|| {
                    AppError::invalid_query(name, "must be a moment (RFC 3339) or a day")
                })
            })
            .transpose()
    };
    Ok(Filter {
        id_client: trimmed(query.client),
        from: moment("from", query.from, false)?,
        until: moment("to", query.to, true)?,
    })
}

#[utoipa::path(get, path = "/api/get_tickets", params(TicketsQuery),
    description = "Get the list of all tickets, by date, filtered by customer and date; paged when asked, else every ticket up to the configured cap.",
    responses(
        (status = 200, description = "The tickets.", body = TicketList),
    ))]
pub async fn get_tickets(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    query: Query<TicketsQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.0;
    let page = PAGING.page_or_all(query.page, query.per_page, rules.list_cap)?;
    let filter = filter_of(query)?;
    let tickets = db::run(&pool, move |conn| {
        let rows = store::list(conn, &filter, page.size, page.offset())?;
        printed(conn, rows)
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, TicketList { tickets }))
}
