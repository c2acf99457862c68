// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]

//! A probe service: the platform's real app with routes that raise every kind of error, so the
//! tests can check what a client of each dialect sees.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;
use futures_util::future::LocalBoxFuture;
use platform::auth::{Caller, require_permission, require_scope};
use platform::config::Settings;
use platform::db::{self, Pool};
use platform::money::Cents;
use platform::service::{ServiceSpec, StartError};
use platform::web::{Json, Query};
use platform::{AppError, Dialect};
use serde::Deserialize;
use serde_json::json;

macro_rules! probe_spec {
    ($name:ident, $dialect:expr) => {
        pub static $name: ServiceSpec = ServiceSpec::new(
            "probe",
            0,
            $dialect,
            // The platform's own set again: applying it twice is a no-op.
            platform::embedded_migrations!(),
            probe_paths,
        )
        .codes(&[ProbeError::CODES]);
    };
}

probe_spec!(SAV, Dialect::Sav);
probe_spec!(RMA, Dialect::Rma);
probe_spec!(CUSTOMERS, Dialect::Customers);
probe_spec!(LOYALTY, Dialect::Loyalty);
probe_spec!(CRM, Dialect::Crm);
probe_spec!(PLAIN, Dialect::Plain);

/// The probe's document: what each route answers, so the testkit holds every answer to it.
fn probe_paths() -> serde_json::Value {
    let any =
        json!({"description": "Its own body.", "content": {"application/json": {"schema": {}}}});
    let get = |responses: serde_json::Value| json!({"get": {"responses": responses}});
    let query = json!([{"name": "n", "in": "query", "schema": {"type": "integer"}}]);
    json!({
        "/probe/ok": get(json!({"200": {"description": "The dialect's success."}})),
        "/probe/validation": get(json!({"422": {"description": "A field is invalid."}})),
        "/probe/not-found": get(json!({"404": {"description": "A declared code."}})),
        "/probe/conflict": get(json!({"409": {"description": "A numbered code."}})),
        "/probe/internal": get(json!({})),
        "/probe/database": get(json!({})),
        "/probe/panic": get(json!({})),
        "/probe/scope": get(json!({"200": any})),
        "/probe/permission": get(json!({"200": any})),
        "/probe/json": {"post": {
            "requestBody": {"content": {"application/json": {}}},
            "responses": {"201": {"description": "The dialect's success."}},
        }},
        "/probe/query": {"get": {"parameters": query, "responses": {"200": any}}},
        "/probe/hold": get(json!({"200": any})),
    })
}

pub fn start(
    spec: &'static ServiceSpec,
) -> impl FnOnce(Settings<()>, TcpListener) -> LocalBoxFuture<'static, Result<Server, StartError>> {
    move |settings, listener| {
        Box::pin(async move {
            platform::service::start(spec, &settings, listener, async |_| Ok(routes)).await
        })
    }
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/probe/ok", web::get().to(ok))
        .route("/probe/validation", web::get().to(validation))
        .route("/probe/not-found", web::get().to(not_found))
        .route("/probe/conflict", web::get().to(conflict))
        .route("/probe/internal", web::get().to(internal))
        .route("/probe/database", web::get().to(database))
        .route("/probe/panic", web::get().to(panics))
        .route("/probe/scope", web::get().to(scoped))
        .route("/probe/permission", web::get().to(permitted))
        .route("/probe/json", web::post().to(json_body))
        .route("/probe/query", web::get().to(query))
        .route("/probe/hold", web::get().to(hold));
}

async fn ok(dialect: Dialect) -> HttpResponse {
    dialect.success(StatusCode::OK, json!({"answer": 42}))
}

async fn validation() -> Result<HttpResponse, AppError> {
    Err(AppError::invalid_field(
        "email",
        "must be a valid email address",
    ))
}

platform::error_codes! {
    /// The probe's own codes, declared as a service declares its own.
    enum ProbeError {
        SaleNotFound = (NOT_FOUND, "SALE_NOT_FOUND", "Sale not found."),
        VoucherAlreadyUsed = (CONFLICT, "VOUCHER_ALREADY_USED", "Voucher already used.", 451),
    }
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(ProbeError::SaleNotFound.into())
}

async fn conflict() -> Result<HttpResponse, AppError> {
    Err(ProbeError::VoucherAlreadyUsed.into())
}

async fn internal() -> Result<HttpResponse, AppError> {
    Err(AppError::internal("SELECT secret FROM api_clients failed"))
}

async fn database(pool: web::Data<Pool>) -> Result<HttpResponse, AppError> {
    db::run(&pool, |conn| {
        diesel::sql_query("SELECT secret FROM no_such_table").execute(conn)
    })
    .await?;
    Ok(HttpResponse::Ok().finish())
}

async fn panics() -> HttpResponse {
    panic!("secret panic text")
}

async fn scoped(caller: Caller) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "probe_read")?;
    Ok(HttpResponse::Ok().json(json!({
        "sub": caller.sub, "scopes": caller.scopes, "partner": caller.partner, "terminal": caller.terminal,
    })))
}

async fn permitted(caller: Caller) -> Result<HttpResponse, AppError> {
    require_permission(&caller, "customer.view_phone")?;
    Ok(HttpResponse::Ok().finish())
}

#[derive(Deserialize)]
struct Payment {
    email: String,
    amount: Cents,
}

async fn json_body(body: Json<Payment>, dialect: Dialect) -> HttpResponse {
    dialect.success(
        StatusCode::CREATED,
        json!({"email": body.0.email, "amount_cents": body.0.amount.0}),
    )
}

#[derive(Deserialize)]
struct Page {
    page: u32,
}

async fn query(page: Query<Page>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"page": page.0.page}))
}

/// Holds a pooled connection for a while, to exhaust a small pool.
async fn hold(pool: web::Data<Pool>) -> Result<HttpResponse, AppError> {
    db::run(&pool, |_conn| {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        Ok::<_, AppError>(())
    })
    .await?;
    Ok(HttpResponse::Ok().finish())
}
