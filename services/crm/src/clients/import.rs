//! `POST /api/update_db`: the bulk import. Every row is read and checked first; then, in one
//! transaction, each is matched to a known customer (by `Compte`, else `Email`, else its names)
//! and created, updated or left unchanged. One bad row, and nothing is written: the 422 names
//! every bad row and field.

use std::collections::HashSet;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::web::Json;
use platform::{AppError, Dialect, FieldError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::model::{ClientFields, RowKey, email_key, import_row};
use super::responses::ImportOutcome;
use super::store::{self, Client, NewClient, Values};
use crate::config::CrmSettings;
use crate::errors::CrmError;

/// One row of the import, with the document's field names. Only `Nom` and `Prenom` are
/// required; a known customer keeps the values a row leaves out.
#[derive(Debug, ToSchema)]
#[allow(non_snake_case)]
pub struct ImportRow {
    pub Nom: String,
    pub Prenom: String,
    /// A number (more than two decimals are rounded to the cent) or text.
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub Credit: Option<Value>,
    /// Read and checked as an amount, not kept.
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub Paiement: Option<Value>,
    /// YYYY-MM-DD.
    pub Date_paiement: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub Montant: Option<Value>,
    /// The upsert key when given.
    pub Compte: Option<String>,
    /// The upsert key when there is no `Compte`.
    pub Email: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub Age: Option<Value>,
    /// `h` or `f`.
    pub Sexe: Option<String>,
    pub Phone: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub NbRefus: Option<Value>,
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub PanierMoyen: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportInput {
    #[schema(value_type = Vec<ImportRow>)]
    clients: Option<Vec<Value>>,
}

/// What an import does to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Unchanged,
}

/// Every row read, or every problem of every row.
pub fn read_rows(rows: &[Value], max: usize) -> Result<Vec<ClientFields>, Vec<FieldError>> {
    if rows.is_empty() {
        return Err(vec![FieldError::new(
            "clients",
            "must list at least one row",
        )]);
    }
    if rows.len() > max {
        return Err(vec![FieldError::new(
            "clients",
            format!("must list at most {max} rows"),
        )]);
    }
    let mut problems = Vec::new();
    let mut read = Vec::with_capacity(rows.len());
    let mut keys = HashSet::new();
    let mut emails = HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        match import_row(index, row) {
            Ok(fields) => {
                if !keys.insert(fields.key()) {
                    let field = match fields.key() {
                        RowKey::Compte(_) => "Compte",
                        RowKey::Email(_) => "Email",
                        RowKey::Names(..) => "Nom",
                    };
                    problems.push(FieldError::new(
                        format!("clients[{index}].{field}"),
                        "repeats an earlier row's",
                    ));
                } else if let Some(email) = &fields.email
                    && !emails.insert(email_key(email))
                {
                    problems.push(FieldError::new(
                        format!("clients[{index}].Email"),
                        "repeats an earlier row's",
                    ));
                }
                read.push(fields);
            }
            Err(mut bad) => problems.append(&mut bad),
        }
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(problems)
    }
}

/// The customer `row` updates, or the problem naming the row.
fn known(conn: &mut DbConn, index: usize, row: &ClientFields) -> Result<Option<Client>, AppError> {
    Ok(match row.key() {
        RowKey::Compte(compte) => store::by_compte(conn, &compte)?,
        RowKey::Email(key) => store::by_email(conn, &key)?,
        RowKey::Names(nom, prenom) => {
            let mut named = store::by_names(conn, &nom, &prenom)?;
            if named.len() > 1 {
                return Err(AppError::invalid_field(
                    format!("clients[{index}].Nom"),
                    "several customers have these Nom and Prenom: give Compte or Email",
                ));
            }
            named.pop()
        }
    })
}

/// The values a row gives a customer: over `base` for a known one, over the defaults else.
pub fn values_of(row: &ClientFields, base: Option<&Values>) -> Values {
    let keep = |base: Option<&Values>, f: fn(&Values) -> i64| base.map(f).unwrap_or(0);
    Values {
        nom: row.nom.clone(),
        prenom: row.prenom.clone(),
        credit_cents: row
            .credit
            .map_or_else(|| keep(base, |b| b.credit_cents), |c| c.0),
        date_paiement: row
            .date_paiement
            .or_else(|| base.and_then(|b| b.date_paiement)),
        montant_cents: row
            .montant
            .map_or_else(|| keep(base, |b| b.montant_cents), |c| c.0),
        nb_refus: row.nb_refus.unwrap_or_else(|| keep(base, |b| b.nb_refus)),
        compte: row
            .compte
            .clone()
            .or_else(|| base.and_then(|b| b.compte.clone())),
        age: row.age.or_else(|| base.and_then(|b| b.age)),
        sexe: row
            .sexe
            .map(str::to_string)
            .or_else(|| base.and_then(|b| b.sexe.clone())),
        email: row
            .email
            .clone()
            .or_else(|| base.and_then(|b| b.email.clone())),
        email_key: row
            .email
            .as_deref()
            .map(email_key)
            .or_else(|| base.and_then(|b| b.email_key.clone())),
        phone: row
            .phone
            .clone()
            .or_else(|| base.and_then(|b| b.phone.clone())),
        panier_moyen_cents: row
            .panier_moyen
            .map_or_else(|| keep(base, |b| b.panier_moyen_cents), |c| c.0),
    }
}

/// Matches every row and, unless `dry_run`, writes it; what each row does, or the problems.
pub fn apply(
    conn: &mut DbConn,
    rows: &[ClientFields],
    at: NaiveDateTime,
    dry_run: bool,
) -> Result<Vec<Action>, AppError> {
    let mut actions = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let client = match known(conn, index, row) {
            Ok(client) => client,
            Err(err) => {
                problems.extend(err.fields().iter().cloned());
                continue;
            }
        };
        let values = values_of(row, client.as_ref().map(|c| &c.values));
        if let Some(key) = &values.email_key {
            let owner = store::by_email(conn, key)?;
            if owner.is_some_and(|o| client.as_ref().is_none_or(|c| c.id != o.id)) {
                problems.push(FieldError::new(
                    format!("clients[{index}].Email"),
                    "is another customer's",
                ));
                continue;
            }
        }
        let action = match &client {
            None => Action::Create,
            Some(c) if c.values == values => Action::Unchanged,
            Some(_) => Action::Update,
        };
        if !dry_run && problems.is_empty() {
            let conflict = || AppError::from(CrmError::ImportConflict);
            match (&client, action) {
                (None, _) => {
                    let id_client = uuid::Uuid::new_v4().to_string();
                    let new = NewClient {
                        id_client: &id_client,
                        values,
                        created_at: at,
                        updated_at: at,
                    };
                    store::insert(conn, &new).unique_violation_as(conflict)?;
                }
                (Some(c), Action::Update) => {
                    store::update(conn, c.id, &values, at).unique_violation_as(conflict)?;
                }
                (Some(_), _) => {}
            }
        }
        actions.push(action);
    }
    if problems.is_empty() {
        Ok(actions)
    } else {
        Err(AppError::invalid_fields(problems))
    }
}

pub fn outcome(actions: &[Action]) -> ImportOutcome {
    let mut outcome = ImportOutcome::default();
    for action in actions {
        match action {
            Action::Create => outcome.created += 1,
            Action::Update => outcome.updated += 1,
            Action::Unchanged => outcome.unchanged += 1,
        }
    }
    outcome
}

#[utoipa::path(post, path = "/api/update_db", request_body = ImportInput,
    description = "Add customers by file: each row is upserted by `Compte` when given, by `Email` otherwise, else by `Nom` and `Prenom`. Every row is checked before anything is written and the whole call is one transaction: a 422 names each bad row and field (`clients[2].Email`). Re-sending the same rows changes nothing (`unchanged`).",
    responses(
        (status = 200, description = "The counts of customers created, updated and unchanged.", body = ImportOutcome),
        (status = 409, description = "A concurrent write took a Compte or Email of the import (IMPORT_CONFLICT): nothing was written."),
    ))]
pub async fn update_db(
    _caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<CrmSettings>,
    body: Json<ImportInput>,
) -> Result<HttpResponse, AppError> {
    let rows = body.0.clients.unwrap_or_default();
    let rows = read_rows(&rows, rules.import_max_rows).map_err(AppError::invalid_fields)?;
    let actions = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            apply(conn, &rows, Utc::now().naive_utc(), false)
        })
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, outcome(&actions)))
}
