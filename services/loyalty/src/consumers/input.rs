//! The body of `POST` and `PUT /api/v1/customers`: the guide's creation example, read as
//! written (numbers or text for the birthday, `zipcode` or `zipCode`), checked by the model.

use chrono::{NaiveDateTime, Utc};
use platform::input::string_or_number;
use platform::{AppError, input::Email};
use serde::Deserialize;
use utoipa::ToSchema;

use super::model;
use super::store::ConsumerFields;
use crate::reference::data;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressInput {
    address1: Option<String>,
    address2: Option<String>,
    address3: Option<String>,
    address4: Option<String>,
    /// `zipcode` is read too (the guide's creation example).
    #[serde(alias = "zipcode")]
    zip_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerInput {
    /// `true`: the consumer gets no card.
    #[serde(default)]
    no_fidelity: bool,
    /// One of `/api/v1/tools/civilities/`.
    civility: Option<String>,
    /// Required, at most 40 characters.
    lastname: Option<String>,
    /// At most 50 characters.
    firstname: Option<String>,
    /// With its international prefix: `+33562010203`.
    phone: Option<String>,
    /// With its international prefix: `+14507601234`.
    mobile: Option<String>,
    email: Option<String>,
    check_email: Option<bool>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    day_birthday: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    month_birthday: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    year_birthday: Option<String>,
    source: Option<String>,
    is_active: Option<bool>,
    address: Option<AddressInput>,
    /// The card to give (case 1); empty to have one generated (case 2) or with `noFidelity`
    /// (case 3).
    #[serde(default)]
    cards: Vec<String>,
}

/// What the input asks for a consumer's cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardRequest {
    Given(Vec<String>),
    Generated,
    None,
}

pub struct Checked {
    pub fields: ConsumerFields,
    pub cards: CardRequest,
}

fn text(value: Option<String>) -> String {
    value.map(|v| v.trim().to_string()).unwrap_or_default()
}

impl ConsumerInput {
    /// The checked fields, the first broken rule answering its annex code.
    pub fn check(self, consent_at: NaiveDateTime) -> Result<Checked, AppError> {
        let lastname = model::lastname(self.lastname.as_deref())?;
        let firstname = model::firstname(self.firstname.as_deref())?;
        let address = self.address.unwrap_or_default();
        let line = |field: &str, v: &Option<String>| model::address_line(field, v.as_deref());
        let (address1, address2, address3, address4) = (
            line("address.address1", &address.address1)?,
            line("address.address2", &address.address2)?,
            line("address.address3", &address.address3)?,
            line("address.address4", &address.address4)?,
        );
        let phone = model::phone("phone", self.phone.as_deref())?;
        let mobile = model::phone("mobile", self.mobile.as_deref())?;
        let (day, month, year) = model::birthdate(
            self.day_birthday.as_deref(),
            self.month_birthday.as_deref(),
            self.year_birthday.as_deref(),
        )?;
        let (zip_code, city) = (text(address.zip_code), text(address.city));
        let country = model::address(&zip_code, &city, &text(address.country))?;
        let civility = text(self.civility).to_ascii_uppercase();
        if !civility.is_empty() && !data::CIVILITIES.iter().any(|(c, _)| *c == civility) {
            return Err(AppError::invalid_field(
                "civility",
                "must be one of /api/v1/tools/civilities/",
            ));
        }
        let email = match text(self.email) {
            e if e.is_empty() => e,
            e => Email::parse(&e)
                .map_err(|_| AppError::invalid_field("email", "must be an email address"))?
                .into_string(),
        };
        let cards = if self.no_fidelity {
            if !self.cards.is_empty() {
                return Err(AppError::invalid_field(
                    "cards",
                    "must be empty with noFidelity",
                ));
            }
            CardRequest::None
        } else if self.cards.is_empty() {
            CardRequest::Generated
        } else {
            let numbers = self
                .cards
                .iter()
                .map(|c| model::card_number(c))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| AppError::invalid_field("cards", "each card is 6 to 20 digits"))?;
            CardRequest::Given(numbers)
        };
        let fields = ConsumerFields {
            civility,
            lastname,
            firstname,
            phone,
            mobile,
            email,
            check_email: self.check_email,
            check_email_date: self.check_email.map(|_| Utc::now().naive_utc()),
            day_birthday: day,
            month_birthday: month,
            year_birthday: year,
            source: text(self.source),
            no_fidelity: self.no_fidelity,
            is_active: self.is_active.unwrap_or(true),
            address1,
            address2,
            address3,
            address4,
            zip_code,
            city,
            country,
            consent_at,
        };
        Ok(Checked { fields, cards })
    }
}
