//! Queries on `loyalty_sales`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::db::DbConn;

use super::model::SaleCredit;
use crate::schema::loyalty_sales;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = loyalty_sales)]
pub struct LoyaltySale {
    pub loyalty_ticket: i64,
    pub ticket_id: i64,
    pub client_id: i64,
    pub carte_fid: i64,
    pub paid_cents: i64,
    pub credited_cents: i64,
    pub returned_cents: i64,
    pub taken_back_cents: i64,
    pub created_at: NaiveDateTime,
}

impl LoyaltySale {
    pub fn credit(&self) -> SaleCredit {
        SaleCredit {
            paid: self.paid_cents,
            credited: self.credited_cents,
            returned: self.returned_cents,
            taken_back: self.taken_back_cents,
        }
    }
}

pub fn insert(conn: &mut DbConn, sale: &LoyaltySale) -> QueryResult<usize> {
    diesel::insert_into(loyalty_sales::table)
        .values(sale)
        .execute(conn)
}

pub fn exists(conn: &mut DbConn, loyalty_ticket: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        loyalty_sales::table.find(loyalty_ticket),
    ))
    .get_result(conn)
}

/// The sale of loyalty's ticket `loyalty_ticket`, locked until the transaction ends: returns
/// of one sale take its credit back in turn.
pub fn find_for_update(conn: &mut DbConn, loyalty_ticket: i64) -> QueryResult<Option<LoyaltySale>> {
    platform::first_for_update!(
        conn,
        loyalty_sales::table
            .find(loyalty_ticket)
            .select(LoyaltySale::as_select())
    )
}

pub fn record_return(
    conn: &mut DbConn,
    loyalty_ticket: i64,
    after: SaleCredit,
) -> QueryResult<usize> {
    diesel::update(loyalty_sales::table.find(loyalty_ticket))
        .set((
            loyalty_sales::returned_cents.eq(after.returned),
            loyalty_sales::taken_back_cents.eq(after.taken_back),
        ))
        .execute(conn)
}
