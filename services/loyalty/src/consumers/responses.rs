//! A consumer as `GET /api/v1/customers/{id}` shows it (the guide's fields, birthdays as
//! two-digit text).

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::store::Consumer;
use crate::cards::model::wire_time;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressView {
    address1: String,
    address2: String,
    address3: String,
    address4: String,
    zip_code: String,
    city: String,
    country: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerView {
    id: i64,
    civility: String,
    lastname: String,
    firstname: String,
    phone: String,
    mobile: String,
    email: String,
    check_email: Option<bool>,
    check_email_date: Option<String>,
    /// `"01"` to `"31"`.
    day_birthday: Option<String>,
    /// `"01"` to `"12"`.
    month_birthday: Option<String>,
    year_birthday: Option<String>,
    source: String,
    no_fidelity: bool,
    is_active: bool,
    address: AddressView,
    cards: Vec<String>,
    /// Criteria are not kept by this service: always empty.
    criteria: Vec<String>,
    /// When the consumer's consent to be registered was given (RGPD).
    consent_date: String,
}

fn two_digits(n: Option<i32>) -> Option<String> {
    n.map(|n| format!("{n:02}"))
}

fn time(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(wire_time)
}

impl ConsumerView {
    pub fn new(consumer: Consumer, cards: Vec<String>) -> Self {
        let c = consumer.fields;
        Self {
            id: consumer.id,
            civility: c.civility,
            lastname: c.lastname,
            firstname: c.firstname,
            phone: c.phone,
            mobile: c.mobile,
            email: c.email,
            check_email: c.check_email,
            check_email_date: time(c.check_email_date),
            day_birthday: two_digits(c.day_birthday),
            month_birthday: two_digits(c.month_birthday),
            year_birthday: c.year_birthday.map(|y| y.to_string()),
            source: c.source,
            no_fidelity: c.no_fidelity,
            is_active: c.is_active,
            address: AddressView {
                address1: c.address1,
                address2: c.address2,
                address3: c.address3,
                address4: c.address4,
                zip_code: c.zip_code,
                city: c.city,
                country: c.country,
            },
            cards,
            criteria: Vec::new(),
            consent_date: wire_time(c.consent_at),
        }
    }
}
