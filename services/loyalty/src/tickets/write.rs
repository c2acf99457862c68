//! Saving a ticket, in one transaction with the card locked: its vouchers redeemed, its lines'
//! points counted (or taken back, for returns), the card's counters moved; all or nothing.

use chrono::{Duration, NaiveDateTime};
use platform::AppError;
use platform::codes::loyalty::{LoyaltyErrorCode as Code, OperationType};
use platform::db::{DbConn, UniqueViolationAs};
use platform::money::Cents;

use super::input::{Line, Ticket};
use super::model::{PaidBack, add_paid_back, allocate, is_purchase, paid_back, points_back};
use super::responses::{LineView, OperationView, TicketView};
use super::store;
use crate::cards::handlers::current;
use crate::cards::model::{points_for, wire_time};
use crate::cards::rewards::settle_forced;
use crate::cards::store::{self as cards, Counters};
use crate::config::LoyaltySettings;
use crate::consumers::model::refused;
use crate::ledger::store::{self as ledger, Origin};
use crate::vouchers::model::redeem;
use crate::vouchers::store as vouchers;

fn already_saved(id: Option<i64>) -> AppError {
    let err = AppError::from(Code::PurchaseAlreadySaved);
    match id {
        Some(id) => err.with_fields(vec![platform::FieldError::new("ticketId", id.to_string())]),
        None => err,
    }
}

/// A saved ticket: its answer, and what its returns gave back of earlier tickets.
#[derive(Debug)]
pub struct Saved {
    pub view: TicketView,
    pub paid_back: Vec<PaidBack>,
}

/// Takes back the points of `line`, a return of the card's earlier purchases of its item
/// (400 when the card never bought it); answers the points taken back, and adds to `paid_back`
/// what each earlier ticket's lines were paid for the returned units.
fn take_back(
    conn: &mut DbConn,
    card: &str,
    origin: Origin,
    line: &Line,
    paid: &mut Vec<PaidBack>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let found = store::returnable(conn, card, &line.item_code)?;
    if line.item_code.is_empty() || found.is_empty() {
        return Err(refused(
            Code::ItemNotFound,
            "item.code",
            "no purchase of this item to return on this card",
        ));
    }
    let mut left = line.quantity_hundredths;
    let mut total = 0;
    for bought in found {
        if left == 0 {
            break;
        }
        let quantity = left.min(bought.quantity - bought.returned_quantity);
        let points = points_back(
            bought.points,
            bought.quantity,
            bought.returned_quantity,
            bought.returned_points,
            quantity,
        );
        store::record_return(conn, bought.id, quantity, points)?;
        let cents = paid_back(
            bought.net_cents,
            bought.quantity,
            bought.returned_quantity,
            quantity,
        );
        add_paid_back(paid, bought.ticket_id, cents);
        ledger::take(
            conn,
            card,
            Origin {
                purchase: Some(bought.id),
                ..origin
            },
            "return",
            points,
            now,
        )?;
        left -= quantity;
        total += points;
    }
    Ok(total)
}

/// Saves `ticket` of card `number`, sold in `shop`.
pub fn save(
    conn: &mut DbConn,
    program: &LoyaltySettings,
    shop: i64,
    number: &str,
    ticket: &Ticket,
    now: NaiveDateTime,
) -> Result<Saved, AppError> {
    cards::find_for_update(conn, number)?.ok_or(Code::UnknownCard)?;
    // A replay changes nothing: the first ticket's id tells the till it is saved.
    if let Some(id) = store::find_receipt(conn, shop, &ticket.receipt)? {
        return Err(already_saved(Some(id)));
    }
    let card = current(conn, number, now)?;
    let id = store::insert_ticket(conn, number, shop, &ticket.receipt, ticket.sold_at, now)
        .unique_violation_as(|| already_saved(None))?;
    let gross: i64 = ticket
        .lines
        .iter()
        .filter(|l| is_purchase(l.operation))
        .map(|l| l.amount_cents)
        .sum();
    let (mut payable, mut deducted, mut used) = (gross, 0, Vec::new());
    for how in &ticket.uses {
        let voucher = vouchers::find_for_update(conn, &how.number)?
            .filter(|v| v.card == number)
            .ok_or_else(|| {
                refused(
                    Code::VoucherNotFound,
                    &how.number,
                    "not a voucher of this card",
                )
            })?;
        let done = redeem(&voucher, how, payable, now)?;
        vouchers::record_use(
            conn,
            &voucher.number,
            done.remaining_cents,
            done.used_up,
            id,
        )?;
        payable -= done.deducted;
        deducted += done.deducted;
        used.push(voucher.number);
    }
    let amounts: Vec<i64> = ticket
        .lines
        .iter()
        .filter(|l| is_purchase(l.operation))
        .map(|l| l.amount_cents)
        .collect();
    let mut nets = allocate(&amounts, deducted).into_iter();
    let times = (
        ticket.sold_at,
        ticket.sold_at + Duration::days(program.hold_days),
        ticket.sold_at + Duration::days(program.points_validity_days),
    );
    let mut counters = Counters {
        discount_cents: deducted,
        ..Counters::default()
    };
    let (mut wallet, mut moved, mut views) = (card.wallet_cents, 0, Vec::new());
    let mut paid = Vec::new();
    for (index, line) in ticket.lines.iter().enumerate() {
        let op = line.operation;
        let net = if is_purchase(op) {
            nets.next().unwrap_or(0)
        } else {
            line.amount_cents
        };
        let earned = match op {
            OperationType::Achat0 | OperationType::Achat1 | OperationType::Credit => {
                points_for(net, program.points_per_unit)
            }
            _ => 0,
        };
        let purchase = store::insert_line(conn, id, index, line, net, earned)?;
        let origin = Origin {
            ticket: Some(id),
            purchase: Some(purchase),
            operation: Some(i32::from(op.id())),
        };
        let points = match op {
            OperationType::Achat0 | OperationType::Achat1 => {
                counters.purchase_cents += net;
                ledger::earn(conn, number, origin, "purchase", earned, times)?;
                earned
            }
            OperationType::Credit => {
                ledger::earn(conn, number, origin, "credit", earned, times)?;
                earned
            }
            OperationType::Remise2 | OperationType::Remise5 => {
                counters.discount_cents += line.amount_cents;
                0
            }
            OperationType::FraisOuverture => 0,
            OperationType::Versement => {
                counters.wallet_cents += line.amount_cents;
                wallet += line.amount_cents;
                0
            }
            OperationType::Retrait => {
                if wallet < line.amount_cents {
                    return Err(refused(
                        Code::DiscountUnavailable,
                        &format!("purchases[{index}].amount"),
                        "more than the wallet holds",
                    ));
                }
                counters.wallet_cents -= line.amount_cents;
                wallet -= line.amount_cents;
                0
            }
            OperationType::RepriseArticle => {
                counters.purchase_cents -= line.amount_cents;
                -take_back(conn, number, origin, line, &mut paid, now)?
            }
            OperationType::Raz => {
                cards::add_counters(conn, number, std::mem::take(&mut counters), None)?;
                cards::reset_counters(conn, number)?;
                let before = cards::find(conn, number)?.map_or(0, |c| c.points);
                ledger::reset(conn, number, origin, now)?;
                -before
            }
        };
        moved += points;
        views.push(LineView {
            line: index + 1,
            operation: OperationView { id: op.id() },
            amount: Cents(line.amount_cents),
            net_amount: Cents(net),
            points,
        });
    }
    let bought = ticket.lines.iter().any(|l| is_purchase(l.operation));
    counters.purchases = i64::from(bought);
    cards::add_counters(conn, number, counters, bought.then_some(ticket.sold_at))?;
    store::set_totals(conn, id, gross, deducted, moved)?;
    settle_forced(conn, program, number, now)?;
    let balance = cards::find(conn, number)?.map_or(0, |c| c.points);
    let view = TicketView {
        id,
        receipt: ticket.receipt.clone(),
        date: wire_time(ticket.sold_at),
        card: number.to_string(),
        shop_id: shop,
        amount: Cents(gross),
        deducted: Cents(deducted),
        points: moved,
        balance,
        vouchers_used: used,
        purchases: views,
    };
    Ok(Saved {
        view,
        paid_back: paid,
    })
}
