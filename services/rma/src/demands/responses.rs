//! What the demand routes answer: a demand as section 3.9 shows it, the whole demand of
//! `GET /api/demands/{number}`, and the page of `retrieverequests`. Each type is the `data`
//! of the envelope (the platform's document wraps it, as `Dialect::Rma.success` does).

use std::borrow::Cow;

use platform::input::Page;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};

use super::model::{Demand, Message, StatusEntry};
use crate::documents::responses::{DocumentOut, LabelOut};
use crate::quotes::responses::QuoteOut;
use crate::shown::{self, Shown};

/// One `site_*` or `client_*` family as stored (a JSON object of texts), borrowed from it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Party<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    mail: Text<'a>,
    #[serde(borrow)]
    phone: Text<'a>,
    #[serde(borrow)]
    code: Text<'a>,
    #[serde(borrow)]
    address_street: Text<'a>,
    #[serde(borrow)]
    address_street_number: Text<'a>,
    #[serde(borrow)]
    address_compl: Text<'a>,
    #[serde(borrow)]
    address_zip_code: Text<'a>,
    #[serde(borrow)]
    address_city: Text<'a>,
    #[serde(borrow)]
    address_country: Text<'a>,
}

/// A party's text or null, borrowed from the stored family unless it needs unescaping.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Text<'a>(#[serde(borrow)] Option<Cow<'a, str>>);

impl utoipa::PartialSchema for Text<'_> {
    fn schema() -> RefOr<Schema> {
        let text = SchemaType::from_iter([Type::String, Type::Null]);
        ObjectBuilder::new().schema_type(text).into()
    }
}

impl ToSchema for Text<'_> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PartyText")
    }
}

/// A demand as section 3.9 shows it, in its order, plus `internal_reference` (the center's
/// own, given on accept), `repair_center`, `closed` and `updated_at`. Absent values are null,
/// except `agreement_number`, `""` as the document shows it before any agreement.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "REP", "demand_number": "ACH-9001-0008", "agreement_number": "",
    "date": "2021-09-22 09:45:17", "current_status_code": "RMAD",
    "current_status_label": "En attente retour partenaire", "current_status_comment": null,
    "purchase_date": "2021-08-28 09:45:17", "serial_number": "1111111111111",
    "imei_number": "123456789123456", "ean": "8710103818724", "part_number": "1111111111",
    "brand": "Test", "problem_description": "TEST REVERSIO", "fault_code": "AutreProbleme",
    "return_to": "USER", "reseller_code": "AUCHAN", "site_name": "AUCHAN TRAPPES",
    "site_mail": "rma_auchan@monsav.com", "site_phone": null, "site_code": "AUCHAN_TRAPPES",
    "site_address_street": "Allée du Ruisseau de Gironde", "site_address_street_number": null,
    "site_address_compl": null, "site_address_zip_code": "78190", "site_address_city": "TRAPPES",
    "site_address_country": "FR", "client_name": "Dupont Jean",
    "client_mail": "jean_dupont@toulouse.fr", "client_phone": null, "client_address_street": null,
    "client_address_street_number": null, "client_address_compl": null,
    "client_address_zip_code": null, "client_address_city": null, "client_address_country": null,
    "quote_treatment": null, "tracking_number": null, "carrier_name": null,
    "internal_reference": null, "repair_center": "center-1", "closed": false,
    "updated_at": "2021-09-22 09:45:17"
}))]
pub struct DemandOut<'a> {
    /// REP (repair) or PAD (dead on arrival).
    #[serde(rename = "type")]
    pub demand_type: &'a str,
    pub demand_number: &'a str,
    /// The supplier's agreement number; `""` until there is one.
    pub agreement_number: &'a str,
    /// When the demand was created.
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
    /// A code of annex 5.1.
    pub current_status_code: &'static str,
    /// The annex's label of that code.
    pub current_status_label: &'static str,
    /// On a refused quote (RDE): DESTRUCT or RETURN, then the retailer's comment.
    pub current_status_comment: Option<&'a str>,
    #[schema(schema_with = shown::nullable)]
    pub purchase_date: Option<Shown>,
    pub serial_number: Option<&'a str>,
    pub imei_number: Option<&'a str>,
    pub ean: Option<&'a str>,
    pub part_number: Option<&'a str>,
    pub brand: Option<&'a str>,
    pub problem_description: Option<&'a str>,
    pub fault_code: Option<&'a str>,
    /// USER or STORE.
    pub return_to: Option<&'a str>,
    pub reseller_code: Option<&'a str>,
    pub site_name: Text<'a>,
    pub site_mail: Text<'a>,
    pub site_phone: Text<'a>,
    pub site_code: Text<'a>,
    pub site_address_street: Text<'a>,
    pub site_address_street_number: Text<'a>,
    pub site_address_compl: Text<'a>,
    pub site_address_zip_code: Text<'a>,
    pub site_address_city: Text<'a>,
    pub site_address_country: Text<'a>,
    pub client_name: Text<'a>,
    pub client_mail: Text<'a>,
    pub client_phone: Text<'a>,
    pub client_address_street: Text<'a>,
    pub client_address_street_number: Text<'a>,
    pub client_address_compl: Text<'a>,
    pub client_address_zip_code: Text<'a>,
    pub client_address_city: Text<'a>,
    pub client_address_country: Text<'a>,
    /// DESTRUCT or RETURN, once a quote is refused.
    pub quote_treatment: Option<&'a str>,
    pub tracking_number: Option<&'a str>,
    pub carrier_name: Option<&'a str>,
    /// The repair center's own reference, given on accept.
    pub internal_reference: Option<&'a str>,
    /// The partner id of the repair center the demand is assigned to.
    pub repair_center: &'a str,
    pub closed: bool,
    #[schema(schema_with = shown::schema)]
    pub updated_at: Shown,
}

impl<'a> From<&'a Demand> for DemandOut<'a> {
    fn from(d: &'a Demand) -> Self {
        // The families were written by the service as objects of texts; a row that is not
        // reads as empty rather than failing the whole page.
        let site: Party = serde_json::from_str(&d.site).unwrap_or_default();
        let client: Party = serde_json::from_str(&d.client).unwrap_or_default();
        Self {
            demand_type: &d.demand_type,
            demand_number: &d.demand_number,
            agreement_number: d.agreement_number.as_deref().unwrap_or(""),
            date: Shown(d.created_at),
            current_status_code: d.status_code.code(),
            current_status_label: d.status_code.label(),
            current_status_comment: d.status_comment.as_deref(),
            purchase_date: d.purchase_date.map(Shown),
            serial_number: d.serial_number.as_deref(),
            imei_number: d.imei_number.as_deref(),
            ean: d.ean.as_deref(),
            part_number: d.part_number.as_deref(),
            brand: d.brand.as_deref(),
            problem_description: d.problem_description.as_deref(),
            fault_code: d.fault_code.as_deref(),
            return_to: d.return_to.as_deref(),
            reseller_code: d.reseller_code.as_deref(),
            site_name: site.name,
            site_mail: site.mail,
            site_phone: site.phone,
            site_code: site.code,
            site_address_street: site.address_street,
            site_address_street_number: site.address_street_number,
            site_address_compl: site.address_compl,
            site_address_zip_code: site.address_zip_code,
            site_address_city: site.address_city,
            site_address_country: site.address_country,
            client_name: client.name,
            client_mail: client.mail,
            client_phone: client.phone,
            client_address_street: client.address_street,
            client_address_street_number: client.address_street_number,
            client_address_compl: client.address_compl,
            client_address_zip_code: client.address_zip_code,
            client_address_city: client.address_city,
            client_address_country: client.address_country,
            quote_treatment: d.quote_treatment.as_deref(),
            tracking_number: d.tracking_number.as_deref(),
            carrier_name: d.carrier_name.as_deref(),
            internal_reference: d.partner_reference.as_deref(),
            repair_center: &d.partner_id,
            closed: d.closed_at.is_some(),
            updated_at: Shown(d.updated_at),
        }
    }
}

/// The demand after `responsequote`, with the quote just answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnsweredOut<'a> {
    #[serde(flatten)]
    pub demand: DemandOut<'a>,
    pub quote: QuoteOut<'a>,
}

/// One status the demand went through.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusEntryOut<'a> {
    pub status_code: &'static str,
    pub status_label: &'static str,
    pub comment: Option<&'a str>,
    /// partner or retailer.
    pub side: &'a str,
    /// The client id of the token that sent it.
    pub actor: &'a str,
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
}

impl<'a> From<&'a StatusEntry> for StatusEntryOut<'a> {
    fn from(h: &'a StatusEntry) -> Self {
        Self {
            status_code: h.status_code.code(),
            status_label: h.status_code.label(),
            comment: h.comment.as_deref(),
            side: &h.side,
            actor: &h.actor,
            date: Shown(h.created_at),
        }
    }
}

/// A message on a demand (section 3.4).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "demand_number": "ACH-9001-0008",
    "message": "Merci de corriger le numéro de série", "side": "partner", "author": "center-1",
    "date": "2021-09-23 11:02:41"}))]
pub struct MessageOut<'a> {
    pub id: i64,
    pub demand_number: &'a str,
    pub message: &'a str,
    /// partner or retailer.
    pub side: &'a str,
    pub author: &'a str,
    #[schema(schema_with = shown::schema)]
    pub date: Shown,
}

impl<'a> MessageOut<'a> {
    pub fn of(message: &'a Message, demand_number: &'a str) -> Self {
        Self {
            id: message.id,
            demand_number,
            message: &message.body,
            side: &message.side,
            author: &message.author,
            date: Shown(message.created_at),
        }
    }
}

/// The demand whole: section 3.9's fields, its history, messages, documents (without
/// content), tracking labels and quotes, each oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DemandWholeOut<'a> {
    #[serde(flatten)]
    pub demand: DemandOut<'a>,
    pub history: Vec<StatusEntryOut<'a>>,
    pub messages: Vec<MessageOut<'a>>,
    pub documents: Vec<DocumentOut<'a>>,
    pub tracking: Vec<LabelOut<'a>>,
    pub quotes: Vec<QuoteOut<'a>>,
}

/// `retrieverequests`' answer: the envelope itself, with the paging beside `data`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetrievedPage<'a> {
    #[schema(value_type = String, example = "OK")]
    pub status: &'static str,
    #[schema(value_type = String, example = "Success")]
    pub message: &'static str,
    pub data: Vec<DemandOut<'a>>,
    /// From 1.
    pub page: i64,
    pub limit: i64,
    /// How many demands match, over all pages.
    pub total: i64,
    /// Whether more demands match than this answer holds from its page on. Without `limit`
    /// every matching demand is sent up to the cap of 1000; past it this is true, and the rest
    /// comes with `page=2` and after.
    pub truncated: bool,
}

impl<'a> RetrievedPage<'a> {
    /// The page of `rows` out of `total` matching demands.
    pub fn new(rows: &'a [Demand], page: Page, total: i64) -> Self {
        let shown = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        Self {
            status: "OK",
            message: "Success",
            data: rows.iter().map(DemandOut::from).collect(),
            page: page.number,
            limit: page.size,
            total,
            truncated: total > page.offset().saturating_add(shown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demands::model::tests::demand;
    use crate::demands::model::{CLIENT_FIELDS, SITE_FIELDS};

    #[test]
    fn a_demand_shows_every_field_of_section_3_9() {
        let mut d = demand("REP", None, "RMAD");
        d.site = r#"{"name":"AUCHAN TRAPPES","address_zip_code":"78190"}"#.into();
        let view = serde_json::to_value(DemandOut::from(&d)).unwrap();
        for key in [
            "type",
            "demand_number",
            "agreement_number",
            "date",
            "current_status_code",
            "current_status_label",
            "current_status_comment",
            "purchase_date",
            "serial_number",
            "imei_number",
            "ean",
            "part_number",
            "brand",
            "problem_description",
            "fault_code",
            "return_to",
            "reseller_code",
            "site_name",
            "site_mail",
            "site_code",
            "site_address_street",
            "site_address_street_number",
            "site_address_compl",
            "site_address_zip_code",
            "site_address_city",
            "site_address_country",
            "client_name",
            "client_mail",
            "quote_treatment",
            "tracking_number",
            "carrier_name",
        ] {
            assert!(view.get(key).is_some(), "{key} missing");
        }
        let families = [("site", SITE_FIELDS), ("client", CLIENT_FIELDS)];
        for (family, fields) in families {
            for field in fields {
                let key = format!("{family}_{field}");
                assert!(view.get(&key).is_some(), "{key} missing");
            }
        }
        assert_eq!(view["site_name"], "AUCHAN TRAPPES");
        assert_eq!(view["site_address_street_number"], serde_json::Value::Null);
        assert_eq!(view["agreement_number"], "");
        assert_eq!(view["current_status_label"], "En attente retour partenaire");
    }
}
