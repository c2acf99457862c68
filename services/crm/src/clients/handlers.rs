//! `/api/data[/{IdClient}]` (the list, one customer, one by email) and
//! `/api/create_customer`. The import (`/api/update_db`) is in [`super::import`].

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::input::{Email, Paging, string_or_number, trimmed};
use platform::web::{Json, Query};
use platform::{AppError, Dialect, FieldError};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::model::{MAX_AGE, email_key, sexe_of};
use super::responses::{ClientList, ClientOut, CreatedClient};
use super::store::{self, Client, NewClient, Order, Values};
use crate::config::CrmSettings;
use crate::errors::CrmError;

pub const PAGING: Paging = Paging {
    size_parameter: "per_page",
    default_size: 50,
    max_size: 500,
};

/// The customers with the fidelity cards each holds.
pub fn with_cards(conn: &mut DbConn, clients: Vec<Client>) -> Result<Vec<ClientOut>, AppError> {
    let ids: Vec<i64> = clients.iter().map(|c| c.id).collect();
    let mut cards: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in ids.chunks(platform::db::MAX_BIND_PARAMS) {
        for (client, card) in store::cards_of(conn, chunk)? {
            cards.entry(client).or_default().push(card);
        }
    }
    Ok(clients
        .into_iter()
        .map(|c| {
            let held = cards.remove(&c.id).unwrap_or_default();
            ClientOut::new(c, held)
        })
        .collect())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The page, from 1; without `page` and `per_page`, every customer up to the cap.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 50 by default, at most 500.
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/data", params(ListQuery),
    description = "Show all customers, in the order they were registered. Without `page` and `per_page`, every customer up to the configured cap (10000 by default); `X-Total-Count` says how many there are, so a cut list is never silent.",
    responses(
        (status = 200, description = "The customers.", body = Vec<ClientOut>,
            headers(("X-Total-Count" = i64, description = "How many customers there are."))),
    ))]
pub async fn list(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let page = PAGING.page_or_all(query.0.page, query.0.per_page, rules.list_cap)?;
    let (clients, total) = db::run(&pool, move |conn| {
        let (rows, total) = store::list(conn, None, (Order::Id, false), page.size, page.offset())?;
        Ok::<_, AppError>((with_cards(conn, rows)?, total))
    })
    .await?;
    let mut response = Dialect::Crm.success(StatusCode::OK, clients);
    if let Ok(value) = total.to_string().parse() {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-total-count"),
            value,
        );
    }
    Ok(response)
}

#[utoipa::path(get, path = "/api/data/{IdClient}",
    params(("IdClient" = String, Path, description = "The customer's id.")),
    description = "Show one customer: a one-element list, as the document shows.",
    responses(
        (status = 200, description = "The customer.", body = ClientList),
        (status = 404, description = "No such customer (CLIENT_NOT_FOUND)."),
    ))]
pub async fn get(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let found = db::run(&pool, move |conn| {
        let client = store::by_id_client(conn, &id)?.ok_or(CrmError::ClientNotFound)?;
        with_cards(conn, vec![client])
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, ClientList(found)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailQuery {
    /// The customer's email, whatever its case.
    email: Option<String>,
}

#[utoipa::path(post, path = "/api/data/{IdClient}", request_body = EmailQuery,
    params(("IdClient" = String, Path, description = "Not read: the document sends the email in the body.")),
    description = "Show one customer by email (case-insensitive): a one-element list. Also served at `POST /api/data`.",
    responses(
        (status = 200, description = "The customer.", body = ClientList),
        (status = 404, description = "No customer has this email (CLIENT_NOT_FOUND)."),
    ))]
pub async fn by_email(
    _caller: Caller,
    pool: web::Data<Pool>,
    body: Json<EmailQuery>,
) -> Result<HttpResponse, AppError> {
    let email = platform::input::required("email", body.0.email)?;
    let key = email_key(&email);
    let found = db::run(&pool, move |conn| {
        let client = store::by_email(conn, &key)?.ok_or(CrmError::ClientNotFound)?;
        with_cards(conn, vec![client])
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, ClientList(found)))
}

#[utoipa::path(post, path = "/api/data", request_body = EmailQuery,
    description = "Show one customer by email (case-insensitive), as `POST /api/data/{IdClient}`.",
    responses(
        (status = 200, description = "The customer.", body = ClientList),
        (status = 404, description = "No customer has this email (CLIENT_NOT_FOUND)."),
    ))]
pub async fn by_email_here(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<EmailQuery>,
) -> Result<HttpResponse, AppError> {
    by_email(caller, pool, body).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCustomerInput {
    /// The first name (`Prenom`).
    name: Option<String>,
    /// The last name (`Nom`).
    last_name: Option<String>,
    /// `h` or `f`.
    sexe: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    age: Option<String>,
    /// The email, unique whatever its case.
    mail: Option<String>,
    /// Optional.
    phone: Option<String>,
}

fn new_values(input: NewCustomerInput) -> Result<Values, AppError> {
    let mut problems = Vec::new();
    let mut required = |field: &str, value: Option<String>| {
        let value = trimmed(value);
        if value.is_none() {
            problems.push(FieldError::new(field, "is required"));
        }
        value
    };
    let prenom = required("name", input.name);
    let nom = required("last_name", input.last_name);
    let sexe = required("sexe", input.sexe);
    let age = required("age", input.age);
    let mail = required("mail", input.mail);
    let sexe = sexe.and_then(|s| {
        sexe_of(&s)
            .map_err(|m| problems.push(FieldError::new("sexe", m)))
            .ok()
    });
    let age = age.and_then(|a| match a.parse::<i64>() {
        Ok(age) if (0..=MAX_AGE).contains(&age) => Some(age),
        _ => {
            let message = format!("must be a whole number from 0 to {MAX_AGE}");
            problems.push(FieldError::new("age", message));
            None
        }
    });
    let mail = mail.and_then(|m| match Email::parse(&m) {
        Ok(_) => Some(m),
        Err(_) => {
            problems.push(FieldError::new("mail", "must be an email address"));
            None
        }
    });
    match (prenom, nom, sexe, age, mail) {
        (Some(prenom), Some(nom), Some(sexe), Some(age), Some(mail)) if problems.is_empty() => {
            Ok(Values {
                nom,
                prenom,
                credit_cents: 0,
                date_paiement: None,
                montant_cents: 0,
                nb_refus: 0,
                compte: None,
                age: Some(age),
                sexe: Some(sexe.to_string()),
                email_key: Some(email_key(&mail)),
                email: Some(mail),
                phone: trimmed(input.phone),
                panier_moyen_cents: 0,
            })
        }
        _ => Err(AppError::invalid_fields(problems)),
    }
}

#[utoipa::path(post, path = "/api/create_customer", request_body = NewCustomerInput,
    description = "Register a new customer and get back its new client id.",
    responses(
        (status = 200, description = "Registered.", body = CreatedClient),
        (status = 409, description = "Another customer has this email (EMAIL_ALREADY_USED)."),
    ))]
pub async fn create(
    _caller: Caller,
    pool: web::Data<Pool>,
    body: Json<NewCustomerInput>,
) -> Result<HttpResponse, AppError> {
    let values = new_values(body.0)?;
    let id_client = uuid::Uuid::new_v4().to_string();
    let answer = CreatedClient {
        id_client: id_client.clone(),
    };
    db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            let new = NewClient {
                id_client: &id_client,
                values,
                created_at: now,
                updated_at: now,
            };
            store::insert(conn, &new).unique_violation_as(|| CrmError::EmailAlreadyUsed.into())
        })
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, answer))
}
