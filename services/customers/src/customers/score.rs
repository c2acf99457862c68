//! `editScore`: the loyalty score moves by a ticket's points, never below zero, each change in
//! the history; a ticket is scored once per transaction type, so a retried call changes nothing.

use chrono::Utc;
use diesel::prelude::*;
use platform::AppError;
use platform::db::{DbConn, is_unique_violation, write_transaction};

use super::model::{TransactionType, score_after};
use crate::errors::CustomersError;
use crate::schema::{customers, score_history, tickets};

#[derive(Debug)]
pub struct ScoreChange {
    pub transaction_type: TransactionType,
    pub ticket_id: String,
    pub score: i64,
    pub content: String,
    pub admin_name: String,
}

/// Applies `change` to the customer's score under its row's lock.
pub fn apply(conn: &mut DbConn, customer_id: i64, change: &ScoreChange) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        // One round trip: the row locked, with whether the ticket exists and was scored.
        let found: Option<(i64, bool, bool)> = platform::first_for_update!(
            conn,
            customers::table.find(customer_id).select((
                customers::loyal_score,
                diesel::dsl::exists(tickets::table.find(&change.ticket_id)),
                diesel::dsl::exists(
                    score_history::table
                        .filter(score_history::ticket_id.eq(&change.ticket_id))
                        .filter(
                            score_history::transaction_type.eq(change.transaction_type.as_str()),
                        ),
                ),
            ))
        )?;
        let (balance, known, scored) = found.ok_or(CustomersError::NotFoundCustomer)?;
        if !known {
            return Err(CustomersError::NotFoundTicket.into());
        }
        if scored {
            return Ok(());
        }
        let after = score_after(balance, change.score).ok_or(CustomersError::NotEnoughScore)?;
        diesel::update(customers::table.find(customer_id))
            .set(customers::loyal_score.eq(after))
            .execute(conn)?;
        diesel::insert_into(score_history::table)
            .values((
                score_history::customer_id.eq(customer_id),
                score_history::ticket_id.eq(&change.ticket_id),
                score_history::transaction_type.eq(change.transaction_type.as_str()),
                score_history::score.eq(change.score),
                score_history::content.eq(&change.content),
                score_history::admin_name.eq(&change.admin_name),
                score_history::created_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)
            .map_err(|err| {
                if is_unique_violation(&err) {
                    AppError::invalid_field(
                        "ticketid",
                        "is already scored for this transaction type on another customer",
                    )
                } else {
                    AppError::from(err)
                }
            })?;
        Ok(())
    })
}
