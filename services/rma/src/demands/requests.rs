//! What the demand routes read: each body and query as sent, and how a creation's fields
//! become a demand (every wrong field named at once).

use chrono::NaiveDateTime;
use platform::AppError;
use platform::codes::rma_status::RmaStatus;
use platform::input::{Page, Paging, dates, string_or_number, trimmed};
use platform::openapi::pieces;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use super::model::{CLIENT_FIELDS, DEMAND_TYPES, NewDemand, RETURN_TO, SITE_FIELDS};
use super::number::{self, DemandNumber};
use super::schemas;
use crate::input::DemandRef;

#[derive(Deserialize, ToSchema)]
pub struct AcceptInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// The brand's agreement number; required unless the demand already has one (a PAD).
    /// Alias: agreement_numero, as section 3.2 writes it.
    #[serde(
        default,
        alias = "agreement_numero",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = pieces::optional_string_or_number)]
    pub agreement_number: Option<String>,
    /// The agreement document ("" for none), stored as an AGREEMENT document.
    #[serde(default)]
    #[schema(schema_with = crate::input::base64)]
    pub agreement_content: Option<String>,
    /// Optional next status of annex 5.1, set right after RMAOK (not RMAD, INFREV, VDE, RDE,
    /// nor a code that has its own route).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub status_code: Option<String>,
    /// The comment of that next status.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub status_comment: Option<String>,
    /// The center's own reference, shown back as internal_reference. Alias: reference.
    #[serde(default, alias = "reference", deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub internal_reference: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RefuseInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// Why the center refuses it (required).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct MessageInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// The text (required). Aliases: content, body.
    #[serde(
        default,
        alias = "content",
        alias = "body",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    pub message: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct StatusInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// A code of annex 5.1, such as D, IEXP, REPPROG, RPR, in any case (required). Alias: status.
    #[serde(default, alias = "status", deserialize_with = "string_or_number")]
    #[schema(schema_with = schemas::sendable_status, required = true)]
    pub status_code: Option<String>,
    /// Optional, such as the tracking number with RPR. Alias: comment.
    #[serde(default, alias = "comment", deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub status_comment: Option<String>,
}

/// `resubmit`.
#[derive(Deserialize, ToSchema)]
pub struct ResubmitInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// What changed since the refusal (required). Alias: status_comment.
    #[serde(
        default,
        alias = "status_comment",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    pub comment: Option<String>,
}

/// `close`.
#[derive(Deserialize, ToSchema)]
pub struct CloseInput {
    #[serde(default, alias = "demand_numero")]
    #[schema(required = true)]
    pub demand_number: DemandRef,
    /// Kept as a retailer's message (optional). Alias: status_comment.
    #[serde(
        default,
        alias = "status_comment",
        deserialize_with = "string_or_number"
    )]
    pub comment: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RetrieveQuery {
    /// Only demands in this status of annex 5.1, in any case: RMAD for new ones, VDE or RDE
    /// for answered quotes.
    pub status: Option<String>,
    /// Only demands changed at or after: 2021-09-22 09:45:17, 2021-09-22T09:45:17Z or
    /// 2021-09-22 (UTC).
    pub updated_since: Option<String>,
    /// From 1 (default 1).
    pub page: Option<i64>,
    /// Per page, 1 to 1000. Without it, every matching demand up to the cap of 1000
    /// (`truncated` says when more match).
    pub limit: Option<i64>,
}

/// The most demands one answer holds.
const CAP: i64 = 1000;

/// `page` from 1, `limit` within 1..=1000. A client that never pages (as the document's) gets
/// every demand up to the cap, and is told when there are more, rather than a silent cut.
const PAGING: Paging = Paging {
    size_parameter: "limit",
    default_size: CAP,
    max_size: CAP,
};

impl RetrieveQuery {
    /// The status asked for, a code of annex 5.1.
    pub fn status(&self) -> Result<Option<RmaStatus>, AppError> {
        trimmed(self.status.as_ref())
            .map(|code| {
                RmaStatus::parse_ignoring_case(&code)
                    .map_err(|_| AppError::invalid_query("status", "must be a code of annex 5.1"))
            })
            .transpose()
    }

    pub fn page(&self) -> Result<Page, AppError> {
        PAGING.page(self.page, self.limit)
    }

    /// Demands changed at or after this instant; the epoch when not asked.
    pub fn since(&self) -> Result<NaiveDateTime, AppError> {
        let Some(raw) = trimmed(self.updated_since.as_ref()) else {
            return Ok(NaiveDateTime::default());
        };
        dates::timestamp(&raw).ok_or_else(|| {
            AppError::invalid_query(
                "updated_since",
                "must be a date such as 2021-09-22 09:45:17 or 2021-09-22T09:45:17Z",
            )
        })
    }
}

/// The `POST /api/demands` body: every field of section 3.9 a retailer knows at creation.
/// Flat as section 3.9 shows them (`site_*`, `client_*`); JSON only.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DemandInput {
    /// Optional: generated as RMA-0000042 when absent; at most 64 letters, digits, '-', '_',
    /// '+' (a JSON number's exponent) or '.'. Alias: demand_numero (send one of the two, not both: 422).
    #[serde(
        default,
        alias = "demand_numero",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = schemas::chosen_number)]
    pub demand_number: Option<String>,
    /// REP (repair) or PAD (dead on arrival), in any case; required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = schemas::demand_type, required = true)]
    pub r#type: Option<String>,
    /// The repair center's partner id (the `partner` claim of its tokens); required. Alias:
    /// partner.
    #[serde(default, alias = "partner", deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::string_or_number, required = true)]
    pub repair_center: Option<String>,
    /// The brand's agreement, already known for a PAD in general: the center may then update
    /// the demand without accepting it, whatever its type. Alias: agreement_numero.
    #[serde(
        default,
        alias = "agreement_numero",
        deserialize_with = "string_or_number"
    )]
    #[schema(schema_with = pieces::optional_string_or_number)]
    pub agreement_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::optional_timestamp)]
    pub purchase_date: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub serial_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub imei_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::optional_string_or_number)]
    pub ean: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub part_number: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub brand: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub problem_description: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub fault_code: Option<String>,
    /// USER or STORE: where the product goes back.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = schemas::return_to)]
    pub return_to: Option<String>,
    /// AUCHAN, CARREFOUR, BOULANGER, RDC, FNAC…
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub reseller_code: Option<String>,
    /// The comment of the first status, RMAD.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::text_or_number)]
    pub status_comment: Option<String>,
    /// `site_*` and `client_*` (section 3.9's families): kept apart from the named fields
    /// above.
    /// Our own: the SAV case (its id in the SAV service) this demand repairs; each status
    /// change of the demand is then told to the SAV service. A positive whole number.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = pieces::optional_positive_id)]
    pub sav_id: Option<String>,
    #[serde(flatten)]
    #[schema(schema_with = schemas::parties)]
    pub parties: Map<String, Value>,
}

impl DemandInput {
    /// The demand to insert, or every field that is wrong. The number is the given one, or
    /// `None` for the store to generate.
    pub fn into_new(
        self,
        now: NaiveDateTime,
    ) -> Result<(Option<DemandNumber>, NewDemand), Vec<platform::FieldError>> {
        use platform::input::one_of;
        let mut errors = Vec::new();
        let mut missing = |field: &str| {
            errors.push(platform::FieldError {
                field: field.to_string(),
                message: "is required".into(),
            })
        };
        let demand_type = trimmed(self.r#type.as_ref());
        let repair_center = trimmed(self.repair_center.as_ref());
        if demand_type.is_none() {
            missing("type");
        }
        if repair_center.is_none() {
            missing("repair_center");
        }
        let demand_type = demand_type
            .map(|t| one_of("type", &t, DEMAND_TYPES))
            .transpose()
            .unwrap_or_else(|e| {
                errors.push(e);
                None
            });
        let return_to = trimmed(self.return_to.as_ref())
            .map(|r| one_of("return_to", &r, RETURN_TO))
            .transpose()
            .unwrap_or_else(|e| {
                errors.push(e);
                None
            });
        let purchase_date = match trimmed(self.purchase_date.as_ref()) {
            None => None,
            Some(raw) => dates::timestamp(&raw).or_else(|| {
                errors.push(platform::FieldError {
                    field: "purchase_date".into(),
                    message: "must be a date such as 2021-08-28 09:45:17 or 2021-08-28".into(),
                });
                None
            }),
        };
        let mut site = Map::new();
        let mut client = Map::new();
        for (key, value) in self.parties {
            let (family, known, fields) = if let Some(rest) = key.strip_prefix("site_") {
                (&mut site, rest, SITE_FIELDS)
            } else if let Some(rest) = key.strip_prefix("client_") {
                (&mut client, rest, CLIENT_FIELDS)
            } else {
                continue;
            };
            if !fields.contains(&known) {
                errors.push(platform::FieldError {
                    field: key.clone(),
                    message: format!("is not a field of section 3.9 ({})", fields.join(", ")),
                });
                continue;
            }
            let value = match value {
                Value::String(s) if s.trim().is_empty() => Value::Null,
                Value::String(s) => Value::String(s.trim().to_string()),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Null => Value::Null,
                _ => {
                    errors.push(platform::FieldError {
                        field: key.clone(),
                        message: "must be text".into(),
                    });
                    continue;
                }
            };
            family.insert(known.to_string(), value);
        }
        let number = match trimmed(self.demand_number.as_ref()) {
            None => None,
            Some(raw) => DemandNumber::parse(&raw).or_else(|| {
                errors.push(platform::FieldError {
                    field: "demand_number".into(),
                    message: number::RULE.into(),
                });
                None
            }),
        };
        let sav_id = match trimmed(self.sav_id.as_ref()) {
            None => None,
            Some(raw) => platform::input::number::whole::<i64>(&raw)
                .filter(|id| *id > 0)
                .or_else(|| {
                    errors.push(platform::FieldError {
                        field: "sav_id".into(),
                        message: "must be a positive whole number".into(),
                    });
                    None
                }),
        };
        match (demand_type, repair_center) {
            (Some(demand_type), Some(partner_id)) if errors.is_empty() => Ok((
                number,
                NewDemand {
                    demand_number: String::new(),
                    demand_type: demand_type.to_string(),
                    partner_id,
                    agreement_number: trimmed(self.agreement_number.as_ref()),
                    status_code: RmaStatus::AwaitingPartner,
                    status_comment: trimmed(self.status_comment.as_ref()),
                    created_at: now,
                    updated_at: now,
                    purchase_date,
                    serial_number: trimmed(self.serial_number.as_ref()),
                    imei_number: trimmed(self.imei_number.as_ref()),
                    ean: trimmed(self.ean.as_ref()),
                    part_number: trimmed(self.part_number.as_ref()),
                    brand: trimmed(self.brand.as_ref()),
                    problem_description: trimmed(self.problem_description.as_ref()),
                    fault_code: trimmed(self.fault_code.as_ref()),
                    return_to: return_to.map(str::to_string),
                    reseller_code: trimmed(self.reseller_code.as_ref()),
                    site: Value::Object(site).to_string(),
                    client: Value::Object(client).to_string(),
                    sav_id,
                },
            )),
            _ => Err(errors),
        }
    }
}
