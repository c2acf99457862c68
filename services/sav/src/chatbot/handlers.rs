//! `POST /api/sav/forgotten-coupon/eligibility` and `POST /api/sav` (the chatbot ticket), each
//! taking JSON or a form, as the SAV creation does.

use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool, UniqueViolationAs};
use platform::input::{given, string_or_number};
use platform::money::Cents;
use platform::telemetry::RequestId;
use platform::web::JsonOrForm;
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};

use super::coupon::CouponChecker;
use super::model::{check_offer, check_sale, is_forgotten_coupon_type};
use crate::config::SavSettings;
use crate::errors::SavError;
use crate::sales::store as sales_store;
use crate::savs::model::{FORGOTTEN_COUPON, NewPreRefund};
use crate::savs::{self, store};

/// `increment_id` as text or a number (`100000123`); the percentage as raw JSON (`10`,
/// `"10"`, `"12,5"`), so any wrong value is the documented business rejection, not a 422.
#[derive(Deserialize, ToSchema)]
pub struct EligibilityRequest {
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number, required = true)]
    increment_id: Option<String>,
    /// A blank one, or one over 64 characters, is answered `allowed: false`.
    #[schema(value_type = String, required = true)]
    coupon_code: Option<String>,
    /// Above 0, at most SAV__SERVICE__MAX_COMMERCIAL_OFFER_PERCENTAGE (100 by default); any
    /// other is answered `allowed: false`.
    #[schema(schema_with = any_percentage, required = true)]
    commercial_offer_percentage: Option<Value>,
}

/// Whatever scalar the chatbot computed: judged by the rule, which answers a verdict, not a
/// 422 (a list or an object is no percentage at all: 422).
fn any_percentage() -> Schema {
    let kinds = [Type::String, Type::Number, Type::Boolean];
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter(kinds))
        .into()
}

#[derive(Deserialize, ToSchema)]
pub struct TicketRequest {
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number, required = true)]
    increment_id: Option<String>,
    /// `oublie de code promo`, `forgotten-coupon` or `forgot-coupon`.
    #[schema(schema_with = crate::openapi::forgotten_coupon_type, required = true)]
    sav_type: Option<String>,
    #[schema(schema_with = platform::openapi::pieces::non_blank, required = true, max_length = 64)]
    coupon_code: Option<String>,
    /// Above 0, at most SAV__SERVICE__MAX_COMMERCIAL_OFFER_PERCENTAGE (100 by default).
    #[schema(schema_with = platform::openapi::pieces::percentage, required = true)]
    commercial_offer_percentage: Option<Value>,
}

/// The chatbot's offer as it would be (eligibility) or was (ticket) made.
#[derive(Serialize, ToSchema)]
pub struct OfferMade {
    pub sale_id: i64,
    pub coupon_code: String,
    #[schema(value_type = f64)]
    pub commercial_offer_percentage: Cents,
    #[schema(value_type = f64)]
    pub proposed_gesture_amount: Cents,
}

/// The eligibility verdict: allowed with the offer, or a business rejection with its code.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum Eligibility {
    Allowed {
        /// Always true.
        allowed: bool,
        #[serde(flatten)]
        offer: OfferMade,
        /// `forgotten_coupon_eligibility`.
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Refused {
        /// Always false.
        allowed: bool,
        message: &'static str,
        /// SALE_NOT_CANCELABLE, SALE_ALREADY_HAS_COUPON, FORGOTTEN_COUPON_SAV_ALREADY_EXISTS,
        /// INVALID_COUPON_CODE or INVALID_COMMERCIAL_OFFER_PERCENTAGE; with the coupon check
        /// configured, COUPON_NOT_FOUND, COUPON_NOT_USABLE or COUPON_CHECK_UNAVAILABLE.
        error_code: &'static str,
    },
}

/// The ticket opened: its SAV and the offer made.
#[derive(Serialize, ToSchema)]
pub struct TicketOpened {
    pub sav_id: i64,
    #[serde(flatten)]
    pub offer: OfferMade,
    /// `forgotten_coupon_ticket`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// The coupon confirmed by the loyalty service, where one is configured.
async fn confirmed(
    coupons: &Option<CouponChecker>,
    req: &HttpRequest,
    code: &str,
) -> Result<(), SavError> {
    let Some(checker) = coupons else {
        return Ok(());
    };
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.as_str().to_string());
    checker.verify(code, request_id.as_deref()).await
}

/// The percentage as sent (`10`, `"12,5"`); `None` for anything else, which its rule refuses.
fn read_percentage(value: &Value) -> Option<Cents> {
    Cents::from_json(value).ok()
}

/// `POST /api/sav/forgotten-coupon/eligibility`: changes nothing; business rejections answer
/// 200 with `allowed: false`.
#[utoipa::path(post, path = "/api/sav/forgotten-coupon/eligibility",
    request_body(content((EligibilityRequest = "application/json"), (EligibilityRequest = "application/x-www-form-urlencoded"))),
    description = "Whether the chatbot may open a forgotten-coupon ticket; changes nothing (scope sav_read). With SAV__SERVICE__COUPON_CHECK__LOYALTY_URL set, the coupon must be an active voucher of the loyalty service (COUPON_NOT_FOUND, COUPON_NOT_USABLE; COUPON_CHECK_UNAVAILABLE when it cannot answer and the settings refuse).",
    responses(
        (status = 200, description = "Allowed, or a business rejection with allowed: false and its error_code.", body = Eligibility,
            example = json!({"success": true, "allowed": true, "sale_id": 456, "coupon_code": "SUMMER10",
                "commercial_offer_percentage": 10, "proposed_gesture_amount": 20, "type": "forgotten_coupon_eligibility"})),
        (status = 404, description = "Unknown order (SALE_NOT_FOUND)."),
        (status = 422, description = "A field is missing, or the percentage is a list or an object (VALIDATION_ERROR)."),
    ))]
pub async fn eligibility(
    req: HttpRequest,
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<SavSettings>,
    coupons: web::Data<Option<CouponChecker>>,
    body: JsonOrForm<EligibilityRequest>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_read")?;
    let body = body.0;
    let increment_id = given("increment_id", body.increment_id)?;
    let coupon_code = given("coupon_code", body.coupon_code)?;
    let percentage = given(
        "commercial_offer_percentage",
        body.commercial_offer_percentage,
    )?;
    if percentage.is_array() || percentage.is_object() {
        return Err(AppError::invalid_field(
            "commercial_offer_percentage",
            "must be a number or text",
        ));
    }
    let lookup = increment_id.trim().to_string();
    let (sale, open) = db::run(&pool, move |conn| {
        let sale =
            sales_store::find_by_increment_id(conn, &lookup)?.ok_or(SavError::SaleNotFound)?;
        let open = store::open_of_type_exists(conn, sale.id, FORGOTTEN_COUPON)?;
        Ok::<_, AppError>((sale, open))
    })
    .await?;
    let verdict = check_offer(
        &coupon_code,
        read_percentage(&percentage),
        rules.max_commercial_offer_percentage,
    )
    .and_then(|offer| check_sale(&sale, &rules.chatbot_cancelable_statuses, open).map(|()| offer));
    // The loyalty service is asked last: every local rule is cheaper.
    let verdict = match verdict {
        Ok(offer) => confirmed(&coupons, &req, &offer.coupon_code)
            .await
            .map(|()| offer),
        refused => refused,
    };
    let body = match verdict {
        Ok(offer) => Eligibility::Allowed {
            allowed: true,
            offer: OfferMade {
                sale_id: sale.id,
                commercial_offer_percentage: offer.percentage(),
                proposed_gesture_amount: offer.gesture(Cents(sale.grand_total_cents)),
                coupon_code: offer.coupon_code,
            },
            kind: "forgotten_coupon_eligibility",
        },
        Err(rejection) => Eligibility::Refused {
            allowed: false,
            message: rejection.message(),
            error_code: rejection.code(),
        },
    };
    Ok(Dialect::Sav.success(StatusCode::OK, body))
}

/// `POST /api/sav`: opens the forgotten-coupon SAV (resolved as a commercial gesture) and its
/// pre-refund, never touching the order. Eligibility is checked again under the order's lock;
/// the unique index on open forgotten-coupon SAV is the last guard against a duplicate.
#[utoipa::path(post, path = "/api/sav",
    request_body(content((TicketRequest = "application/json"), (TicketRequest = "application/x-www-form-urlencoded"))),
    description = "The chatbot's forgotten-coupon ticket: a commercial-gesture SAV and its pre-refund; the order is never changed (scope sav_write).",
    responses(
        (status = 200, description = "Created (200, as seed 000 shows every success).", body = TicketOpened,
            example = json!({"success": true, "sav_id": 123, "sale_id": 456, "coupon_code": "SUMMER10",
                "commercial_offer_percentage": 10, "proposed_gesture_amount": 20, "type": "forgotten_coupon_ticket"})),
        (status = 404, description = "Unknown order (SALE_NOT_FOUND)."),
        (status = 409, description = "A business rule refuses it (SALE_NOT_CANCELABLE, SALE_ALREADY_HAS_COUPON, FORGOTTEN_COUPON_SAV_ALREADY_EXISTS)."),
        (status = 422, description = "Invalid payload, sav_type (VALIDATION_ERROR), coupon (INVALID_COUPON_CODE; with the coupon check configured COUPON_NOT_FOUND, COUPON_NOT_USABLE) or percentage (INVALID_COMMERCIAL_OFFER_PERCENTAGE)."),
        (status = 503, description = "The coupon check is configured and the loyalty service cannot answer; the settings refuse then (COUPON_CHECK_UNAVAILABLE)."),
    ))]
pub async fn chatbot_ticket(
    req: HttpRequest,
    caller: Caller,
    pool: web::Data<Pool>,
    rules: web::Data<SavSettings>,
    coupons: web::Data<Option<CouponChecker>>,
    body: JsonOrForm<TicketRequest>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, "sav_write")?;
    let body = body.0;
    let increment_id = given("increment_id", body.increment_id)?;
    let sav_type = given("sav_type", body.sav_type)?;
    let coupon_code = given("coupon_code", body.coupon_code)?;
    let percentage = given(
        "commercial_offer_percentage",
        body.commercial_offer_percentage,
    )?;
    if !is_forgotten_coupon_type(&sav_type) {
        return Err(AppError::invalid_field(
            "sav_type",
            "must be oublie de code promo, forgotten-coupon or forgot-coupon",
        ));
    }
    let offer = check_offer(
        &coupon_code,
        read_percentage(&percentage),
        rules.max_commercial_offer_percentage,
    )
    .map_err(AppError::from)?;
    // Before the order's lock: no transaction waits on another service.
    confirmed(&coupons, &req, &offer.coupon_code).await?;
    let cancelable = rules.chatbot_cancelable_statuses.clone();
    let actor = caller.sub.clone();
    let lookup = increment_id.trim().to_string();
    let ticket_offer = offer.clone();
    let outcome = db::run(&pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let sale =
                sales_store::lock_by_increment_id(conn, &lookup)?.ok_or(SavError::SaleNotFound)?;
            let open = store::open_of_type_exists(conn, sale.id, FORGOTTEN_COUPON)?;
            check_sale(&sale, &cancelable, open)?;
            let gesture = ticket_offer.gesture(Cents(sale.grand_total_cents));
            let now = Utc::now().naive_utc();
            let new = ticket_offer.ticket(&sale, gesture, now);
            // A racing duplicate that got past the lock meets the unique index.
            let sav_id = savs::open(conn, &new, &sale.increment_id, &[], &actor)
                .unique_violation_as(|| SavError::ForgottenCouponSavAlreadyExists.into())?;
            store::insert_pre_refund(
                conn,
                &NewPreRefund {
                    sav_id,
                    sale_id: sale.id,
                    amount_cents: gesture.0,
                    status: "pending",
                    created_at: now,
                },
            )?;
            Ok::<_, AppError>((sav_id, sale.id, gesture))
        })
    })
    .await?;
    let (sav_id, sale_id, gesture) = outcome;
    Ok(Dialect::Sav.success(
        StatusCode::OK,
        TicketOpened {
            sav_id,
            offer: OfferMade {
                sale_id,
                commercial_offer_percentage: offer.percentage(),
                proposed_gesture_amount: gesture,
                coupon_code: offer.coupon_code,
            },
            kind: "forgotten_coupon_ticket",
        },
    ))
}
