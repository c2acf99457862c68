//! A step's reward: the voucher it issues and the points it spends, inside the caller's write
//! transaction with the card locked; forced steps are rewarded as soon as they are reached.

use chrono::{Duration, NaiveDateTime};
use platform::AppError;
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::db::{DbConn, UniqueViolationAs};

use super::model::{self, StepState};
use super::store::{self, Card};
use crate::config::{LoyaltySettings, RewardKind};
use crate::consumers::model::refused;
use crate::ledger::store::{self as ledger, Origin};
use crate::vouchers::model::{Kind, Voucher};
use crate::vouchers::store::{self as vouchers, NewVoucher};

/// Points the card may spend now: its points but those still held.
pub fn spendable(conn: &mut DbConn, card: &Card, now: NaiveDateTime) -> Result<i64, AppError> {
    Ok(card.points - ledger::pending(conn, &card.number, now)?)
}

pub fn state(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    card: &Card,
    now: NaiveDateTime,
) -> Result<(StepState, i64), AppError> {
    let pending = ledger::pending(conn, &card.number, now)?;
    state_with_pending(conn, program, card, pending)
}

/// [`state`], the card's points still held already read (the balance shows them too).
pub fn state_with_pending(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    card: &Card,
    pending: i64,
) -> Result<(StepState, i64), AppError> {
    let spendable = card.points - pending;
    let rewarded = store::rewarded_steps(conn, &card.number)?;
    let state = model::steps(program, spendable, |i| {
        rewarded.iter().any(|r| usize::try_from(*r).ok() == Some(i))
    });
    Ok((state, spendable))
}

/// Rewards step `index` of the locked card (452 unknown step, 101 not reached).
pub fn reward(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    card: &Card,
    index: usize,
    forced: bool,
    now: NaiveDateTime,
) -> Result<(Voucher, i64), AppError> {
    let step = index
        .checked_sub(1)
        .and_then(|i| program.steps.get(i))
        .ok_or_else(|| refused(Code::IndexOutOfRange, "step", "no such step"))?;
    if !forced {
        let (state, _) = state(conn, program, card, now)?;
        if !state.availables.contains(&index) {
            return Err(refused(
                Code::DiscountUnavailable,
                "step",
                "this step's reward is not available",
            ));
        }
    }
    let step_index = i32::try_from(index).unwrap_or(i32::MAX);
    let round = store::rewards_count(conn, &card.number, step_index)? + 1;
    let number = vouchers::fresh_number();
    let kind = match step.voucher_kind {
        RewardKind::Amount => Kind::Amount,
        RewardKind::Percentage => Kind::Percentage,
        RewardKind::Gift => Kind::Gift,
    };
    let new = NewVoucher {
        number: &number,
        card: &card.number,
        kind,
        value: step.voucher_value,
        choices: &[],
        label: &step.reward,
        expires_at: now + Duration::days(program.voucher_validity_days),
    };
    vouchers::insert(conn, &new, now)?;
    let points = if program.step_spends_points {
        step.value
    } else {
        0
    };
    // The last guard: one reward per card, step and round.
    store::insert_reward(conn, &card.number, step_index, round, &number, points, now)
        .unique_violation_as(|| refused(Code::DiscountUnavailable, "step", "already rewarded"))?;
    ledger::take(conn, &card.number, Origin::default(), "reward", points, now)?;
    let voucher = vouchers::find(conn, &number)?.ok_or(Code::VoucherNotFound)?;
    Ok((voucher, points))
}

/// Rewards every forced step the locked card has reached.
pub fn settle_forced(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    number: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    // Each reward spends its step's value, so this ends; the bound keeps a program that
    // does not spend from looping.
    for _ in 0..program.steps.len().max(1) * 64 {
        let card = store::find(conn, number)?.ok_or(Code::UnknownCard)?;
        let spendable = spendable(conn, &card, now)?;
        let rewarded = store::rewarded_steps(conn, number)?;
        let due = model::forced_due(program, spendable, |i| {
            rewarded.iter().any(|r| usize::try_from(*r).ok() == Some(i))
        });
        let Some(index) = due else {
            return Ok(());
        };
        reward(conn, program, &card, index, true, now)?;
    }
    Ok(())
}
