//! What the customer routes answer: list items, the detail, the created customer, the score
//! history and the other screens' light list. Amounts are currency units (stored in cents),
//! moments `YYYY-MM-DD HH:MM:SS` UTC.

use chrono::NaiveDateTime;
use platform::money::Cents;
use serde::Serialize;
use utoipa::openapi::schema::{AnyOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::model::shown_phone;
use super::store::{Customer, Named, ScoreEntry};
use crate::categories::handlers::yes_no;

pub fn moment(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerItem {
    pub id: i64,
    /// Mã KH.
    pub taxid: Option<String>,
    pub name: String,
    pub category_name: String,
    pub loyal_cat_name: Option<String>,
    pub loyal_score: i64,
    /// Nợ hiện tại.
    #[schema(value_type = f64)]
    pub curdebt: Cents,
    /// Ngày nợ.
    pub curdate: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    #[schema(pattern = "^[YN]$")]
    pub visible: &'static str,
}

impl From<Named> for CustomerItem {
    fn from((c, category_name, loyal_cat_name): Named) -> Self {
        Self {
            id: c.id,
            taxid: c.taxid,
            name: c.name,
            category_name,
            loyal_cat_name,
            loyal_score: c.loyal_score,
            curdebt: Cents(c.curdebt_cents),
            curdate: c.curdate.map(moment),
            address: c.address,
            city: c.city,
            region: c.region,
            visible: yes_no(c.visible),
        }
    }
}

crate::hal_page!(
    CustomerPage,
    CustomerEmbedded {
        customers: CustomerItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerDetail {
    pub id: i64,
    pub searchkey: Option<String>,
    pub taxid: Option<String>,
    pub name: String,
    pub card: Option<String>,
    pub category_id: i64,
    pub category_name: String,
    pub loyal_cat_id: Option<i64>,
    pub loyal_cat_name: Option<String>,
    pub loyal_score: i64,
    #[schema(value_type = f64)]
    pub maxdebt: Cents,
    #[schema(value_type = f64)]
    pub curdebt: Cents,
    pub curdate: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    #[schema(pattern = "^[YN]$")]
    pub visible: &'static str,
    /// `**********` without `customer.view_phone`.
    pub phone: String,
    pub notes: Option<String>,
}

impl CustomerDetail {
    pub fn new((c, category_name, loyal_cat_name): Named, may_see_phone: bool) -> Self {
        Self {
            id: c.id,
            searchkey: c.searchkey,
            taxid: c.taxid,
            name: c.name,
            card: c.card,
            category_id: c.category_id,
            category_name,
            loyal_cat_id: c.loyal_cat_id,
            loyal_cat_name,
            loyal_score: c.loyal_score,
            maxdebt: Cents(c.maxdebt_cents),
            curdebt: Cents(c.curdebt_cents),
            curdate: c.curdate.map(moment),
            address: c.address,
            city: c.city,
            region: c.region,
            visible: yes_no(c.visible),
            phone: shown_phone(&c.phone, may_see_phone),
            notes: c.notes,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OneCustomer {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    pub customer: CustomerDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedCustomer {
    pub id: i64,
    pub searchkey: Option<String>,
    pub taxid: Option<String>,
    pub name: String,
    /// The customer category's id.
    pub taxcategory: i64,
    /// The loyalty category's id.
    pub taxcustloyalcategory: Option<i64>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// `**********` without `customer.view_phone`.
    pub phone: String,
}

impl CreatedCustomer {
    pub fn new(c: Customer, may_see_phone: bool) -> Self {
        Self {
            id: c.id,
            searchkey: c.searchkey,
            taxid: c.taxid,
            name: c.name,
            taxcategory: c.category_id,
            taxcustloyalcategory: c.loyal_cat_id,
            address: c.address,
            city: c.city,
            region: c.region,
            phone: shown_phone(&c.phone, may_see_phone),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    pub customer: CreatedCustomer,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreItem {
    pub id: i64,
    /// Người thực hiện.
    pub admin_name: String,
    /// Điểm giao dịch: positive added, negative spent.
    pub score_transaction: i64,
    pub content: String,
    pub date: String,
    pub ticketid: String,
    pub transaction_type: String,
}

impl From<ScoreEntry> for ScoreItem {
    fn from(e: ScoreEntry) -> Self {
        Self {
            id: e.id,
            admin_name: e.admin_name,
            score_transaction: e.score,
            content: e.content,
            date: moment(e.created_at),
            ticketid: e.ticket_id,
            transaction_type: e.transaction_type,
        }
    }
}

crate::hal_page!(
    ScorePage,
    ScoreEmbedded {
        customers: ScoreItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct LightCustomer {
    pub id: i64,
    pub taxid: Option<String>,
    pub name: String,
    /// `**********` without `customer.view_phone`.
    pub phone: String,
}

impl LightCustomer {
    pub fn new((c, _, _): Named, may_see_phone: bool) -> Self {
        Self {
            id: c.id,
            taxid: c.taxid,
            name: c.name,
            phone: shown_phone(&c.phone, may_see_phone),
        }
    }
}

crate::hal_page!(
    LightCustomerPage,
    LightCustomerEmbedded {
        customers: LightCustomer
    }
);

/// `GET /customers` answers one of three collections, by its query: the schema is any of them
/// (an empty page would match all three, which `oneOf` forbids).
pub struct CustomersAnswer;

impl PartialSchema for CustomersAnswer {
    fn schema() -> RefOr<Schema> {
        let answer = AnyOfBuilder::new()
            .item(Ref::from_schema_name(CustomerPage::name()))
            .item(Ref::from_schema_name(ScorePage::name()))
            .item(Ref::from_schema_name(LightCustomerPage::name()));
        RefOr::T(Schema::AnyOf(answer.build()))
    }
}

impl ToSchema for CustomersAnswer {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((CustomerPage::name().into(), CustomerPage::schema()));
        schemas.push((ScorePage::name().into(), ScorePage::schema()));
        schemas.push((
            LightCustomerPage::name().into(),
            LightCustomerPage::schema(),
        ));
        CustomerPage::schemas(schemas);
        ScorePage::schemas(schemas);
        LightCustomerPage::schemas(schemas);
    }
}
