//! How section 3.9 shows a demand, written straight to the response: `retrieverequests` sends
//! hundreds at a time, so no intermediate JSON tree is built.

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDateTime, Timelike};
use platform::codes::rma_status::RmaStatus;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::model::Demand;

/// A date in the document's form, `2021-09-22 09:45:17`, written without a format parser.
pub struct Shown(pub NaiveDateTime);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )
    }
}

/// The document's date form as text: `2021-09-22 09:45:17`.
pub fn show(at: NaiveDateTime) -> String {
    Shown(at).to_string()
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One `site_*` or `client_*` family as stored (a JSON object of texts), borrowed from it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Party<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    mail: Option<Cow<'a, str>>,
    #[serde(borrow)]
    phone: Option<Cow<'a, str>>,
    #[serde(borrow)]
    code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_street: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_street_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_compl: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_zip_code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_city: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address_country: Option<Cow<'a, str>>,
}

impl Party<'_> {
    /// The fields in the order of [`super::model::SITE_FIELDS`].
    fn values(&self) -> [Option<&str>; 10] {
        [
            self.name.as_deref(),
            self.mail.as_deref(),
            self.phone.as_deref(),
            self.code.as_deref(),
            self.address_street.as_deref(),
            self.address_street_number.as_deref(),
            self.address_compl.as_deref(),
            self.address_zip_code.as_deref(),
            self.address_city.as_deref(),
            self.address_country.as_deref(),
        ]
    }
}

/// `site_*` keys, in the order of [`Party::values`].
const SITE_KEYS: [&str; 10] = [
    "site_name",
    "site_mail",
    "site_phone",
    "site_code",
    "site_address_street",
    "site_address_street_number",
    "site_address_compl",
    "site_address_zip_code",
    "site_address_city",
    "site_address_country",
];
/// `client_*` keys, in the order of [`Party::values`] (a client has no code).
const CLIENT_KEYS: [Option<&str>; 10] = [
    Some("client_name"),
    Some("client_mail"),
    Some("client_phone"),
    None,
    Some("client_address_street"),
    Some("client_address_street_number"),
    Some("client_address_compl"),
    Some("client_address_zip_code"),
    Some("client_address_city"),
    Some("client_address_country"),
];

/// The demand as section 3.9 shows it, plus `internal_reference`, `repair_center`, `closed`
/// and `updated_at`.
pub struct DemandView<'a>(pub &'a Demand);

impl Serialize for DemandView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let site: Party = serde_json::from_str(&d.site).unwrap_or_default();
        let client: Party = serde_json::from_str(&d.client).unwrap_or_default();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &d.demand_type)?;
        map.serialize_entry("demand_number", &d.demand_number)?;
        map.serialize_entry(
            "agreement_number",
            d.agreement_number.as_deref().unwrap_or(""),
        )?;
        map.serialize_entry("date", &Shown(d.created_at))?;
        map.serialize_entry("current_status_code", &d.status_code)?;
        map.serialize_entry("current_status_label", &d.status().map(RmaStatus::label))?;
        map.serialize_entry("current_status_comment", &d.status_comment)?;
        map.serialize_entry("purchase_date", &d.purchase_date.map(Shown))?;
        map.serialize_entry("serial_number", &d.serial_number)?;
        map.serialize_entry("imei_number", &d.imei_number)?;
        map.serialize_entry("ean", &d.ean)?;
        map.serialize_entry("part_number", &d.part_number)?;
        map.serialize_entry("brand", &d.brand)?;
        map.serialize_entry("problem_description", &d.problem_description)?;
        map.serialize_entry("fault_code", &d.fault_code)?;
        map.serialize_entry("return_to", &d.return_to)?;
        map.serialize_entry("reseller_code", &d.reseller_code)?;
        for (key, value) in SITE_KEYS.iter().zip(site.values()) {
            map.serialize_entry(key, &value)?;
        }
        for (key, value) in CLIENT_KEYS.iter().zip(client.values()) {
            if let Some(key) = key {
                map.serialize_entry(key, &value)?;
            }
        }
        map.serialize_entry("quote_treatment", &d.quote_treatment)?;
        map.serialize_entry("tracking_number", &d.tracking_number)?;
        map.serialize_entry("carrier_name", &d.carrier_name)?;
        map.serialize_entry("internal_reference", &d.partner_reference)?;
        map.serialize_entry("repair_center", &d.partner_id)?;
        map.serialize_entry("closed", &d.closed_at.is_some())?;
        map.serialize_entry("updated_at", &Shown(d.updated_at))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{CLIENT_FIELDS, SITE_FIELDS};
    use super::*;

    #[test]
    fn keys_follow_the_fields_of_each_family() {
        let site: Vec<_> = SITE_FIELDS.iter().map(|f| format!("site_{f}")).collect();
        assert_eq!(site, SITE_KEYS);
        let client: Vec<_> = CLIENT_FIELDS
            .iter()
            .map(|f| format!("client_{f}"))
            .collect();
        let keys: Vec<_> = CLIENT_KEYS.iter().flatten().collect();
        assert_eq!(client.len(), keys.len());
        assert!(client.iter().zip(keys).all(|(a, b)| a == b));
    }

    #[test]
    fn dates_in_the_documents_form() {
        let at = chrono::NaiveDate::from_ymd_opt(2021, 9, 2)
            .and_then(|d| d.and_hms_opt(9, 5, 7))
            .map(Shown);
        assert_eq!(
            at.map(|s| s.to_string()).as_deref(),
            Some("2021-09-02 09:05:07")
        );
    }
}
