//! What the warranty ticket routes answer. Moments are `YYYY-MM-DD HH:MM:SS` UTC, costs
//! currency units (kept in cents), images their URLs.

use chrono::NaiveDateTime;
use platform::money::Cents;
use serde::Serialize;
use utoipa::openapi::schema::{AnyOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::action::images_of;
use super::model::{Status, overdue};
use super::stats::Turnaround;
use super::store::{Entry, WarrantyTicket};
use crate::catalog::store::{Location, Product, Supplier};
use crate::customers::model::shown_phone;
use crate::customers::responses::{LightCustomerPage, moment};

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketItem {
    /// uuid.
    pub id: String,
    pub reference: String,
    pub product_name: String,
    pub product_status: String,
    pub product_qty: i32,
    /// URL ảnh.
    pub product_img: Vec<String>,
    pub customer_name: Option<String>,
    /// `**********` without `customer.view_phone`.
    pub customer_phone: Option<String>,
    pub customer_address: Option<String>,
    /// Người tạo.
    pub person_name: String,
    /// Người xử lý.
    pub receiver: String,
    pub location_id: String,
    pub location_name: String,
    pub cust_received_date: String,
    pub cust_return_date: Option<String>,
    /// Chi phí sửa chữa.
    #[schema(value_type = Option<f64>)]
    pub repair_cost: Option<Cents>,
    /// Số hóa đơn thu tiền.
    pub other_cost: Option<String>,
    pub supplier_name: Option<String>,
    pub supplier_send_date: Option<String>,
    pub supplier_return_date: Option<String>,
    /// Chi phí bảo hành.
    #[schema(value_type = Option<f64>)]
    pub warranty_expenses: Option<Cents>,
    /// `customer` | `company`.
    pub warranty_type: Option<String>,
    pub note: Option<String>,
    /// Nội dung đánh dấu phiếu.
    pub failure_reason: Option<String>,
    /// pending | send | receive | success.
    #[schema(pattern = "^(pending|send|receive|success)$")]
    pub status: String,
    /// At the supplier for the configured number of days or more.
    pub overdue: bool,
    pub created_at: String,
}

/// What a list item needs beyond its row.
pub struct Shown {
    pub may_see_phone: bool,
    pub now: NaiveDateTime,
    pub overdue_days: u32,
}

impl TicketItem {
    pub fn new((t, location_name): (WarrantyTicket, String), shown: &Shown) -> Self {
        let status = Status::parse(&t.status).unwrap_or(Status::Pending);
        Self {
            overdue: overdue(status, t.supplier_send_date, shown.now, shown.overdue_days),
            product_img: images_of(&t)
                .iter()
                .map(|name| crate::images::url(name))
                .collect(),
            customer_phone: t
                .customer_phone
                .as_deref()
                .map(|p| shown_phone(p, shown.may_see_phone)),
            cust_received_date: moment(t.cust_received_date),
            cust_return_date: t.cust_return_date.map(moment),
            supplier_send_date: t.supplier_send_date.map(moment),
            supplier_return_date: t.supplier_return_date.map(moment),
            repair_cost: t.repair_cost_cents.map(Cents),
            warranty_expenses: t.warranty_expenses_cents.map(Cents),
            created_at: moment(t.created_at),
            id: t.id,
            reference: t.reference,
            product_name: t.product_name,
            product_status: t.product_status,
            product_qty: t.product_qty,
            customer_name: t.customer_name,
            customer_address: t.customer_address,
            person_name: t.person_name,
            receiver: t.receiver,
            location_id: t.location_id,
            location_name,
            other_cost: t.other_cost,
            supplier_name: t.supplier_name,
            warranty_type: t.warranty_type,
            note: t.note,
            failure_reason: t.failure_reason,
            status: t.status,
        }
    }
}

crate::hal_page!(
    TicketPage,
    TicketEmbedded {
        warranty_status: TicketItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryItem {
    /// uuid của lịch sử.
    pub id: String,
    pub person_name: String,
    pub date: String,
    /// What was done: the action and each field before → after.
    pub log: String,
    /// A progress note's image URL.
    pub image: Option<String>,
}

impl From<Entry> for EntryItem {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id,
            person_name: e.person_name,
            date: moment(e.date),
            log: e.log,
            image: e.image.as_deref().map(crate::images::url),
        }
    }
}

crate::hal_page!(
    TicketHistoryPage,
    TicketHistoryEmbedded {
        warranty_status: EntryItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct LocationItem {
    pub id: String,
    pub name: String,
}

impl From<Location> for LocationItem {
    fn from(l: Location) -> Self {
        Self {
            id: l.id,
            name: l.name,
        }
    }
}

crate::hal_page!(
    LocationPage,
    LocationEmbedded {
        locations: LocationItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductItem {
    pub id: String,
    pub name: String,
    pub reference: Option<String>,
}

impl From<Product> for ProductItem {
    fn from(p: Product) -> Self {
        Self {
            id: p.id,
            name: p.name,
            reference: p.reference,
        }
    }
}

crate::hal_page!(
    ProductPage,
    ProductEmbedded {
        products: ProductItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierItem {
    pub id: String,
    pub name: String,
}

impl From<Supplier> for SupplierItem {
    fn from(s: Supplier) -> Self {
        Self {
            id: s.id,
            name: s.name,
        }
    }
}

crate::hal_page!(
    SupplierPage,
    SupplierEmbedded {
        suppliers: SupplierItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct TurnaroundEmbedded {
    pub suppliers: Vec<Turnaround>,
}

/// `other_view=stats`: each supplier's turnaround over the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct TurnaroundPage {
    pub _embedded: TurnaroundEmbedded,
    /// The period's first day (supplier_return_date from), YYYY-MM-DD.
    pub start_date: String,
    /// The period's last day, YYYY-MM-DD.
    pub end_date: String,
    /// Days at the supplier from which a ticket is overdue.
    pub overdue_days: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedTicket {
    pub id: String,
    pub reference: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketsCreated {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    /// One ticket per product line, in the order of `products`.
    pub warranty_status: Vec<CreatedTicket>,
}

/// `GET /warranty-status` answers the list, the history, locations, customers, products,
/// suppliers or the turnaround, by `other_view`.
pub struct TicketAnswer;

macro_rules! any_of {
    ($($page:ty),*) => {
        impl PartialSchema for TicketAnswer {
            fn schema() -> RefOr<Schema> {
                let answer = AnyOfBuilder::new()
                    $(.item(Ref::from_schema_name(<$page>::name())))*;
                RefOr::T(Schema::AnyOf(answer.build()))
            }
        }

        impl ToSchema for TicketAnswer {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                $(
                    schemas.push((<$page>::name().into(), <$page>::schema()));
                    <$page>::schemas(schemas);
                )*
            }
        }
    };
}

any_of!(
    TicketPage,
    TicketHistoryPage,
    LocationPage,
    LightCustomerPage,
    ProductPage,
    SupplierPage,
    TurnaroundPage
);
