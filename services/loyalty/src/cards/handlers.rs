//! `GET /api/v1/cards/{card}/balance` and the step rewards
//! `POST /api/v1/cards/{card}/balances/{balance}/steps/{step}` (and the guide's short form).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use platform::auth::Caller;
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::db::{self, DbConn, Pool, write_transaction};
use platform::money::Cents;
use platform::{AppError, Dialect};

use super::model::wire_time;
use super::responses::{
    BalanceView, ExpiryView, LoyaltyBalanceView, RewardView, StepView, StepsView,
};
use super::rewards;
use super::store::{self, Card};
use crate::config::LoyaltySettings;
use crate::consumers::model::refused;
use crate::ledger::store as ledger;
use crate::vouchers::responses::VoucherView;

/// Expires what is due on the card (a write only when something is), then answers it locked.
pub fn current(conn: &mut DbConn, number: &str, now: NaiveDateTime) -> Result<Card, AppError> {
    store::find_for_update(conn, number)?.ok_or(Code::UnknownCard)?;
    ledger::expire(conn, number, now)?;
    Ok(store::find(conn, number)?.ok_or(Code::UnknownCard)?)
}

fn balance(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    number: &str,
) -> Result<BalanceView, AppError> {
    let now = Utc::now().naive_utc();
    let card = if ledger::has_expired(conn, number, now)? {
        write_transaction(conn, |conn| current(conn, number, now))?
    } else {
        store::find(conn, number)?.ok_or(Code::UnknownCard)?
    };
    let pending = ledger::pending(conn, number, now)?;
    let (state, _) = rewards::state_with_pending(conn, program, &card, pending)?;
    let next_expiry = ledger::next_expiry(conn, number, now)?;
    let steps = program
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepView {
            index: i + 1,
            value: s.value.to_string(),
            forced_use: s.forced_use,
            reward: s.reward.clone(),
        })
        .collect();
    Ok(BalanceView {
        shop_id: program.shop_id,
        available: !state.availables.is_empty(),
        discount: Cents(card.discount_cents),
        purchases: card.purchases,
        purchase_amount: Cents(card.purchase_cents),
        discount_cumulative: Cents(card.discount_cents_cumulative),
        purchases_cumulative: card.purchases_cumulative,
        purchase_amount_cumulative: Cents(card.purchase_cents_cumulative),
        info: "!! DEPRECATED : DOT USE balance.info FIELD !!",
        primary_loyalty_balance: LoyaltyBalanceView {
            label: "Points",
            kind: "int",
            value: card.points,
            money_currency: None,
            step: StepsView {
                current: state.current,
                next: state.next,
                kind: "purchaseAmount",
                availables: state.availables,
                steps,
            },
        },
        date_first_purchase: card.first_purchase_at.map(wire_time),
        date_last_purchase: card.last_purchase_at.map(wire_time),
        pending_points: pending,
        next_expiry: next_expiry.map(|(at, points)| ExpiryView {
            date: wire_time(at),
            points,
        }),
        wallet: Cents(card.wallet_cents),
    })
}

#[utoipa::path(get, path = "/api/v1/cards/{card}/balance",
    params(("card" = String, Path, description = "The card number.")),
    description = "The card's loyalty account, one entry per shop of the program: points, steps reached, counters, the next expiry.",
    responses(
        (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
        (status = 200, description = "The balances.", body = [BalanceView]),
        (status = 404, description = "Unknown card (1)."),
    ))]
pub async fn get_balance(
    _caller: Caller,
    pool: web::Data<Pool>,
    program: web::Data<LoyaltySettings>,
    card: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let card = card.into_inner();
    let program = program.into_inner();
    let view = db::run(&pool, move |conn| balance(conn, &program, &card)).await?;
    Ok(Dialect::Loyalty.success(StatusCode::OK, vec![view]))
}

async fn reward_step(
    pool: web::Data<Pool>,
    program: web::Data<LoyaltySettings>,
    card: String,
    balance_index: i64,
    step: i64,
) -> Result<HttpResponse, AppError> {
    if balance_index != 0 {
        return Err(refused(
            Code::IndexOutOfRange,
            "balance",
            "the program has one balance, 0",
        ));
    }
    let index = usize::try_from(step)
        .map_err(|_| refused(Code::IndexOutOfRange, "step", "no such step"))?;
    let program = program.into_inner();
    let (voucher, points, label) = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let now = Utc::now().naive_utc();
            let locked = current(conn, &card, now)?;
            let (voucher, points) = rewards::reward(conn, &program, &locked, index, false, now)?;
            let label = program
                .steps
                .get(index - 1)
                .map(|s| s.reward.clone())
                .unwrap_or_default();
            Ok::<_, AppError>((voucher, points, label))
        })
    })
    .await?;
    let view = RewardView {
        step: index,
        reward: label,
        points,
        voucher: VoucherView::new(voucher, Utc::now().naive_utc()),
    };
    Ok(Dialect::Loyalty.success(StatusCode::CREATED, view))
}

/// The step reward under each of its two paths: one handler and one documented contract.
macro_rules! reward_route {
    ($name:ident, $path:literal, $description:literal) => {
        #[utoipa::path(post, path = $path,
            params(
                ("card" = String, Path, description = "The card number."),
                ("balance" = i64, Path, description = "The balance's index: 0."),
                ("step" = i64, Path, description = "The step's index, one of `availables`."),
            ),
            description = $description,
            responses(
                (status = 406, description = "Accept allows neither JSON nor XML (NOT_ACCEPTABLE)."),
                (status = 201, description = "The reward and its voucher.", body = RewardView),
                (status = 400, description = "No such balance or step (452), or the step's reward is not available (101)."),
                (status = 404, description = "Unknown card (1)."),
            ))]
        pub async fn $name(
            _caller: Caller,
            pool: web::Data<Pool>,
            program: web::Data<LoyaltySettings>,
            path: web::Path<(String, i64, i64)>,
        ) -> Result<HttpResponse, AppError> {
            let (card, balance, step) = path.into_inner();
            reward_step(pool, program, card, balance, step).await
        }
    };
}

reward_route!(
    reward,
    "/api/v1/cards/{card}/balances/{balance}/steps/{step}",
    "Rewards a step reached: issues its voucher and spends its points. Two calls for one step give one reward."
);
reward_route!(
    reward_short,
    "/api/v1/cards/{card}/balances/{balance}/{step}",
    "The guide's short form of the step reward."
);
