//! What the warranty registration routes answer. Dates are `YYYY-MM-DD`, moments
//! `YYYY-MM-DD HH:MM:SS` UTC, the image its URL.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::openapi::schema::{AnyOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::model::is_active;
use super::store::{Change, Warranty};
use crate::categories::handlers::yes_no;
use crate::customers::model::shown_phone;
use crate::customers::responses::{LightCustomerPage, moment};

#[derive(Debug, Serialize, ToSchema)]
pub struct WarrantyItem {
    /// uuid.
    pub id: String,
    pub product_id: String,
    pub product_name: String,
    pub model: Option<String>,
    pub serial_num: Option<String>,
    pub private_code: Option<String>,
    /// URL ảnh.
    pub image: Option<String>,
    pub cust_id: i64,
    pub cust_name: String,
    /// `**********` without `customer.view_phone`.
    pub cust_phone: String,
    pub ticketid: String,
    /// Months.
    pub time_warranty: i32,
    pub active_date: String,
    pub expired_date: String,
    /// `Y` while under warranty (marked so and not expired), `N` otherwise.
    #[schema(pattern = "^[YN]$")]
    pub status: &'static str,
    pub note: Option<String>,
    pub person_id: String,
    /// Người tạo.
    pub person_name: String,
    pub created_at: String,
}

impl WarrantyItem {
    pub fn new((w, cust_name): (Warranty, String), may_see_phone: bool, today: NaiveDate) -> Self {
        Self {
            status: yes_no(is_active(w.status, w.expired_date, today)),
            image: w.image.as_deref().map(crate::images::url),
            cust_phone: shown_phone(&w.cust_phone, may_see_phone),
            active_date: w.active_date.to_string(),
            expired_date: w.expired_date.to_string(),
            created_at: moment(w.created_at),
            id: w.id,
            product_id: w.product_id,
            product_name: w.product_name,
            model: w.model,
            serial_num: w.serial_num,
            private_code: w.private_code,
            cust_id: w.customer_id,
            cust_name,
            ticketid: w.ticket_id,
            time_warranty: w.time_warranty,
            note: w.note,
            person_id: w.person_id,
            person_name: w.person_name,
        }
    }
}

crate::hal_page!(
    WarrantyPage,
    WarrantyEmbedded {
        warranty_info: WarrantyItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeItem {
    /// uuid của lịch sử.
    pub id: String,
    pub person_name: String,
    pub date: String,
    pub log: String,
}

impl From<Change> for ChangeItem {
    fn from(c: Change) -> Self {
        Self {
            id: c.id,
            person_name: c.person_name,
            date: moment(c.date),
            log: c.log,
        }
    }
}

crate::hal_page!(
    WarrantyHistoryPage,
    WarrantyHistoryEmbedded {
        warranty_info: ChangeItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketLine {
    pub product_id: String,
    pub product_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketView {
    /// The point of sale's id of the ticket.
    pub ticket_uuid: String,
    pub ticket_id: String,
    pub customer_id: Option<i64>,
    pub lines: Vec<TicketLine>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OneTicket {
    pub ticket: TicketView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarrantyCreated {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    /// The new registration's uuid.
    pub id: String,
}

/// `GET /warranty-info` answers the list, the history, the customers or a ticket, by `other_view`.
pub struct WarrantyAnswer;

impl PartialSchema for WarrantyAnswer {
    fn schema() -> RefOr<Schema> {
        let answer = AnyOfBuilder::new()
            .item(Ref::from_schema_name(WarrantyPage::name()))
            .item(Ref::from_schema_name(WarrantyHistoryPage::name()))
            .item(Ref::from_schema_name(LightCustomerPage::name()))
            .item(Ref::from_schema_name(OneTicket::name()));
        RefOr::T(Schema::AnyOf(answer.build()))
    }
}

impl ToSchema for WarrantyAnswer {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((WarrantyPage::name().into(), WarrantyPage::schema()));
        schemas.push((
            WarrantyHistoryPage::name().into(),
            WarrantyHistoryPage::schema(),
        ));
        schemas.push((
            LightCustomerPage::name().into(),
            LightCustomerPage::schema(),
        ));
        schemas.push((OneTicket::name().into(), OneTicket::schema()));
        WarrantyPage::schemas(schemas);
        WarrantyHistoryPage::schemas(schemas);
        LightCustomerPage::schemas(schemas);
        OneTicket::schemas(schemas);
    }
}
