//! The bulk import (`POST /api/update_db`, and the import page): every row is read and checked
//! first, then matched to a known customer (by `Compte`, else `Email`, else its names) and
//! created, updated or left unchanged. One bad row, and nothing is written: the 422 names every
//! bad row and field.
//!
//! Rows go by chunks of [`CHUNK`]: one lookup by `Compte` and one by email per chunk, one
//! multi-row insert of its new customers, one update per changed customer. The file is read
//! twice (checked whole, then written) and never held as a tree of values.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::Caller;
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::web::JsonBytes;
use platform::{AppError, Dialect, FieldError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::model::{ClientFields, RowKey, email_key, fingerprint, import_row};
use super::responses::ImportOutcome;
use super::rows::{Format, Source};
use super::store::{self, Client, NewClient, Values};
use crate::config::CrmSettings;
use crate::errors::CrmError;

/// Rows matched and written together.
pub const CHUNK: usize = 500;

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

/// The body of `update_db` (read row by row, see [`super::rows`]).
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportInput {
    #[schema(value_type = Vec<ImportRow>)]
    pub clients: Option<Vec<Value>>,
}

/// What an import does to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Error,
}

impl Action {
    /// One letter per row, as an import's preview is kept.
    pub fn letter(self) -> char {
        match self {
            Self::Create => 'c',
            Self::Update => 'u',
            Self::Unchanged => '=',
            Self::Error => 'e',
        }
    }

    pub fn of_letter(letter: char) -> Self {
        match letter {
            'c' => Self::Create,
            'u' => Self::Update,
            '=' => Self::Unchanged,
            _ => Self::Error,
        }
    }
}

/// Whether a pass only looks, or writes.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Check,
    Write { at: NaiveDateTime },
}

/// What a pass found: each row's action, and every problem (fields named `clients[i].Field`).
#[derive(Debug, Default)]
pub struct Report {
    pub actions: Vec<Action>,
    pub problems: Vec<FieldError>,
}

impl Report {
    pub fn outcome(&self) -> ImportOutcome {
        let mut outcome = ImportOutcome::default();
        for action in &self.actions {
            match action {
                Action::Create => outcome.created += 1,
                Action::Update => outcome.updated += 1,
                Action::Unchanged => outcome.unchanged += 1,
                Action::Error => {}
            }
        }
        outcome
    }
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

/// One pass over the rows of a file.
struct Pass<'c, 'p> {
    conn: &'c mut DbConn,
    mode: Mode,
    max_rows: usize,
    keys: HashSet<u128>,
    emails: HashSet<u128>,
    chunk: Vec<(usize, ClientFields)>,
    report: Report,
    progress: &'p dyn Fn(usize),
}

impl Pass<'_, '_> {
    fn problem(&mut self, index: usize, field: &str, message: &str) {
        self.report.actions[index] = Action::Error;
        self.report.problems.push(FieldError::new(
            format!("clients[{index}].{field}"),
            message,
        ));
    }

    fn row(&mut self, index: usize, row: &Value) -> Result<(), AppError> {
        if index >= self.max_rows {
            return Err(AppError::invalid_field(
                "clients",
                format!("must list at most {} rows", self.max_rows),
            ));
        }
        self.report.actions.push(Action::Error);
        match import_row(index, row) {
            Ok(fields) => {
                let key = fields.key();
                if !self.keys.insert(fingerprint(&key)) {
                    let field = match key {
                        RowKey::Compte(_) => "Compte",
                        RowKey::Email(_) => "Email",
                        RowKey::Names(..) => "Nom",
                    };
                    self.problem(index, field, "repeats an earlier row's");
                    return Ok(());
                }
                if let Some(email) = &fields.email
                    && !self.emails.insert(fingerprint(&email_key(email)))
                {
                    self.problem(index, "Email", "repeats an earlier row's");
                    return Ok(());
                }
                self.chunk.push((index, fields));
                if self.chunk.len() >= CHUNK {
                    self.flush()?;
                }
            }
            Err(mut bad) => self.report.problems.append(&mut bad),
        }
        Ok(())
    }

    /// Matches the chunk's rows with one lookup by `Compte` and one by email, and writes them
    /// when the pass writes and no row so far was bad.
    fn flush(&mut self) -> Result<(), AppError> {
        let chunk = std::mem::take(&mut self.chunk);
        let Some(&(last, _)) = chunk.last() else {
            return Ok(());
        };
        let comptes: Vec<String> = chunk.iter().filter_map(|(_, r)| r.compte.clone()).collect();
        let emails: Vec<String> = chunk
            .iter()
            .filter_map(|(_, r)| r.email.as_deref().map(email_key))
            .collect();
        let by_compte: HashMap<String, Client> = store::by_comptes(self.conn, &comptes)?
            .into_iter()
            .filter_map(|c| Some((c.values.compte.clone()?, c)))
            .collect();
        let by_email: HashMap<String, Client> = store::by_email_keys(self.conn, &emails)?
            .into_iter()
            .filter_map(|c| Some((c.values.email_key.clone()?, c)))
            .collect();
        let mut news = Vec::new();
        let mut changes = Vec::new();
        for (index, row) in &chunk {
            let client = match row.key() {
                RowKey::Compte(compte) => by_compte.get(&compte).cloned(),
                RowKey::Email(key) => by_email.get(&key).cloned(),
                RowKey::Names(nom, prenom) => {
                    let mut named = store::by_names(self.conn, &nom, &prenom)?;
                    if named.len() > 1 {
                        self.problem(
                            *index,
                            "Nom",
                            "several customers have these Nom and Prenom: give Compte or Email",
                        );
                        continue;
                    }
                    named.pop()
                }
            };
            if let Some(given) = row.email.as_deref().map(email_key)
                && let Some(owner) = by_email.get(&given)
                && client.as_ref().is_none_or(|c| c.id != owner.id)
            {
                self.problem(*index, "Email", "is another customer's");
                continue;
            }
            let values = values_of(row, client.as_ref().map(|c| &c.values));
            self.report.actions[*index] = match &client {
                None => {
                    news.push(values);
                    Action::Create
                }
                Some(c) if c.values == values => Action::Unchanged,
                Some(c) => {
                    changes.push((c.id, values));
                    Action::Update
                }
            };
        }
        if let Mode::Write { at } = self.mode
            && self.report.problems.is_empty()
        {
            let conflict = || AppError::from(CrmError::ImportConflict);
            let ids: Vec<String> = news
                .iter()
                .map(|_| uuid::Uuid::new_v4().to_string())
                .collect();
            let rows: Vec<NewClient> = news
                .into_iter()
                .zip(&ids)
                .map(|(values, id_client)| NewClient {
                    id_client: id_client.as_str(),
                    values,
                    created_at: at,
                    updated_at: at,
                })
                .collect();
            store::insert_many(self.conn, &rows).unique_violation_as(conflict)?;
            for (id, values) in &changes {
                store::update(self.conn, *id, values, at).unique_violation_as(conflict)?;
            }
        }
        (self.progress)(last + 1);
        Ok(())
    }
}

/// One pass over `source`: what each row does, and every problem; in [`Mode::Write`], the rows
/// written as long as none is bad (call it in a transaction, after a clean [`Mode::Check`]).
/// `progress` is told how many rows are done after each chunk.
pub fn run(
    conn: &mut DbConn,
    source: Source<'_>,
    max_rows: usize,
    mode: Mode,
    progress: &dyn Fn(usize),
) -> Result<Report, AppError> {
    let mut pass = Pass {
        conn,
        mode,
        max_rows,
        keys: HashSet::new(),
        emails: HashSet::new(),
        chunk: Vec::with_capacity(CHUNK),
        report: Report::default(),
        progress,
    };
    let count = source.each(&mut |index, row| pass.row(index, row))?;
    pass.flush()?;
    if count == 0 {
        return Err(AppError::invalid_field(
            "clients",
            "must list at least one row",
        ));
    }
    Ok(pass.report)
}

/// The whole import in one transaction: checked, then written; a 422 naming every bad row.
pub fn import(
    conn: &mut DbConn,
    source: Source<'_>,
    max_rows: usize,
    progress: &dyn Fn(usize),
) -> Result<Report, AppError> {
    write_transaction(conn, |conn| {
        let checked = run(conn, source, max_rows, Mode::Check, &|_| {})?;
        if !checked.problems.is_empty() {
            return Err(AppError::invalid_fields(checked.problems));
        }
        let at = Utc::now().naive_utc();
        let written = run(conn, source, max_rows, Mode::Write { at }, progress)?;
        if written.problems.is_empty() {
            Ok(written)
        } else {
            Err(AppError::invalid_fields(written.problems))
        }
    })
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
    body: JsonBytes,
) -> Result<HttpResponse, AppError> {
    let data = body.0;
    let max_rows = rules.import_max_rows;
    let report = db::run(&pool, move |conn| {
        let source = Source {
            format: Format::Json,
            data: &data,
        };
        import(conn, source, max_rows, &|_| {})
    })
    .await?;
    Ok(Dialect::Crm.success(StatusCode::OK, report.outcome()))
}
