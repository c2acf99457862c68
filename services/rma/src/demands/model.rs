//! What a demand is and the rules of its workflow; no I/O.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use platform::codes::rma_status::RmaStatus;

use crate::access::Side;
use crate::errors::RmaError;
use crate::schema::{demand_messages, demand_status_history, demands};

/// A dead-on-arrival demand, which may come with the brand's agreement (section 4, PAD/PMS).
pub const PAD: &str = "PAD";
pub const DEMAND_TYPES: &[&str] = &["REP", PAD];
pub const RETURN_TO: &[&str] = &["USER", "STORE"];
pub const QUOTE_TREATMENTS: &[&str] = &["DESTRUCT", "RETURN"];

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = demands)]
pub struct Demand {
    pub id: i64,
    pub demand_number: String,
    pub demand_type: String,
    pub partner_id: String,
    pub agreement_number: Option<String>,
    pub partner_reference: Option<String>,
    pub status_code: RmaStatus,
    pub status_comment: Option<String>,
    pub accepted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub purchase_date: Option<NaiveDateTime>,
    pub serial_number: Option<String>,
    pub imei_number: Option<String>,
    pub ean: Option<String>,
    pub part_number: Option<String>,
    pub brand: Option<String>,
    pub problem_description: Option<String>,
    pub fault_code: Option<String>,
    pub return_to: Option<String>,
    pub reseller_code: Option<String>,
    pub site: String,
    pub client: String,
    pub quote_treatment: Option<String>,
    pub tracking_number: Option<String>,
    pub carrier_name: Option<String>,
    /// The SAV case this demand repairs, when the SAV service opened it: its status changes are
    /// told to the SAV service ([`crate::sav_events`]).
    pub sav_id: Option<i64>,
}

/// `None` is written as NULL, so the INSERT's SQL never varies and PostgreSQL keeps it prepared.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = demands, treat_none_as_default_value = false)]
pub struct NewDemand {
    pub demand_number: String,
    pub demand_type: String,
    pub partner_id: String,
    pub agreement_number: Option<String>,
    pub status_code: RmaStatus,
    pub status_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub purchase_date: Option<NaiveDateTime>,
    pub serial_number: Option<String>,
    pub imei_number: Option<String>,
    pub ean: Option<String>,
    pub part_number: Option<String>,
    pub brand: Option<String>,
    pub problem_description: Option<String>,
    pub fault_code: Option<String>,
    pub return_to: Option<String>,
    pub reseller_code: Option<String>,
    pub site: String,
    pub client: String,
    pub sav_id: Option<i64>,
}

/// The `site_*` and `client_*` families of section 3.9, without their prefix.
pub const SITE_FIELDS: &[&str] = &[
    "name",
    "mail",
    "phone",
    "code",
    "address_street",
    "address_street_number",
    "address_compl",
    "address_zip_code",
    "address_city",
    "address_country",
];
pub const CLIENT_FIELDS: &[&str] = &[
    "name",
    "mail",
    "phone",
    "address_street",
    "address_street_number",
    "address_compl",
    "address_zip_code",
    "address_city",
    "address_country",
];

impl Demand {
    /// A new status with its comment. The changes of this block are written once, at the end
    /// of the demand's transaction (`demands::write`).
    pub fn move_to(&mut self, status: RmaStatus, comment: Option<&str>, now: NaiveDateTime) {
        self.status_code = status;
        self.status_comment = comment.map(str::to_string);
        self.updated_at = now;
    }

    /// The partner's acceptance: its agreement number and, when given, its own reference.
    pub fn record_acceptance(
        &mut self,
        agreement_number: &str,
        reference: Option<&str>,
        now: NaiveDateTime,
    ) {
        self.agreement_number = Some(agreement_number.to_string());
        if let Some(reference) = reference {
            self.partner_reference = Some(reference.to_string());
        }
        self.accepted_at = Some(now);
    }

    /// Changed, so that `updated_since` pollers see it.
    pub fn touch(&mut self, now: NaiveDateTime) {
        self.updated_at = now;
    }

    pub fn close(&mut self, now: NaiveDateTime) {
        self.closed_at = Some(now);
        self.updated_at = now;
    }

    /// The parcel on its way: the label's tracking number and carrier.
    pub fn ship(&mut self, tracking_number: &str, carrier_name: &str, now: NaiveDateTime) {
        self.tracking_number = Some(tracking_number.to_string());
        self.carrier_name = Some(carrier_name.to_string());
        self.updated_at = now;
    }

    pub fn is_refused(&self) -> bool {
        self.status_code == RmaStatus::Refused
    }

    /// Section 3.5: a partner updates a demand once accepted, or without accepting it when "the
    /// product already has the brand's agreement (PAD in general)": any demand, whatever its
    /// type, that reached the center with the supplier's agreement number.
    pub fn agreed(&self) -> bool {
        self.accepted_at.is_some()
            || self
                .agreement_number
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty())
    }

    /// What must hold before a partner writes anything on the demand.
    pub fn open_to_partner(&self) -> Result<(), RmaError> {
        if self.closed_at.is_some() {
            Err(RmaError::DemandClosed)
        } else if self.is_refused() {
            Err(RmaError::DemandRefused)
        } else {
            Ok(())
        }
    }

    /// What must hold before `side` writes anything (messages, documents, tracking).
    pub fn open_to(&self, side: &Side) -> Result<(), RmaError> {
        match side {
            Side::Partner(_) => self.open_to_partner(),
            Side::Retailer if self.closed_at.is_some() => Err(RmaError::DemandClosed),
            Side::Retailer => Ok(()),
        }
    }

    /// Status updates and quotes: open, and agreed (section 3.5).
    pub fn workable_by(&self, side: &Side) -> Result<(), RmaError> {
        self.open_to(side)?;
        match side {
            Side::Partner(_) if !self.agreed() => Err(RmaError::DemandNotAccepted),
            _ => Ok(()),
        }
    }

    /// Accepting: `Ok(true)` to accept now, `Ok(false)` when this very acceptance was already
    /// recorded (a retried call), an error otherwise.
    pub fn acceptance(&self, agreement_number: &str) -> Result<bool, RmaError> {
        self.open_to_partner()?;
        match self.accepted_at {
            None => Ok(true),
            Some(_) if self.agreement_number.as_deref() == Some(agreement_number) => Ok(false),
            Some(_) => Err(RmaError::DemandAlreadyAccepted),
        }
    }

    /// Refusing is only possible before accepting.
    pub fn refusable(&self) -> Result<(), RmaError> {
        self.open_to_partner()?;
        if self.accepted_at.is_some() {
            return Err(RmaError::DemandAlreadyAccepted);
        }
        Ok(())
    }

    pub fn resubmittable(&self) -> Result<(), RmaError> {
        if self.closed_at.is_some() {
            Err(RmaError::DemandClosed)
        } else if !self.is_refused() {
            Err(RmaError::DemandNotRefused)
        } else {
            Ok(())
        }
    }

    /// Whether `new` describes this demand as it was created: a retried creation.
    pub fn same_as(&self, new: &NewDemand) -> bool {
        self.demand_type == new.demand_type
            && self.partner_id == new.partner_id
            && self.agreement_number == new.agreement_number
            && self.purchase_date == new.purchase_date
            && self.serial_number == new.serial_number
            && self.imei_number == new.imei_number
            && self.ean == new.ean
            && self.part_number == new.part_number
            && self.brand == new.brand
            && self.problem_description == new.problem_description
            && self.fault_code == new.fault_code
            && self.return_to == new.return_to
            && self.reseller_code == new.reseller_code
            && self.site == new.site
            && self.client == new.client
    }
}

/// Which status codes `side` may send to `demands/status`. Partners never send the retailer's
/// codes (`RMAD`, `INFREV`, `VDE`, `RDE`); nobody sends through it the codes that have their
/// own route, which carries what they need (an agreement, a reason, quote lines, an answer).
pub fn status_for(code: &str, side: &Side) -> Result<RmaStatus, RmaError> {
    let status = RmaStatus::parse_ignoring_case(code).map_err(|_| RmaError::UnknownStatusCode)?;
    match side {
        Side::Partner(_) if status.retailer_only() => Err(RmaError::StatusReservedToRetailer),
        _ if has_own_route(status) => Err(RmaError::StatusHasItsOwnRoute),
        _ => Ok(status),
    }
}

/// The statuses set by a route of their own (accept, refuse, quotation, responsequote,
/// resubmit), never through `demands/status`.
pub fn has_own_route(status: RmaStatus) -> bool {
    matches!(
        status,
        RmaStatus::Accepted
            | RmaStatus::Refused
            | RmaStatus::QuoteIssued
            | RmaStatus::QuoteAccepted
            | RmaStatus::QuoteRefused
            | RmaStatus::AwaitingPartner
    )
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = demand_status_history)]
pub struct StatusEntry {
    pub status_code: RmaStatus,
    pub comment: Option<String>,
    pub side: String,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = demand_messages)]
pub struct Message {
    pub id: i64,
    pub side: String,
    pub author: String,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::Utc;

    pub(crate) fn demand(demand_type: &str, agreement: Option<&str>, status: &str) -> Demand {
        let now = Utc::now().naive_utc();
        Demand {
            id: 1,
            demand_number: "ACH-9001-0001".into(),
            demand_type: demand_type.into(),
            partner_id: "center-1".into(),
            agreement_number: agreement.map(str::to_string),
            partner_reference: None,
            status_code: RmaStatus::parse(status).unwrap(),
            status_comment: None,
            accepted_at: None,
            closed_at: None,
            created_at: now,
            updated_at: now,
            purchase_date: None,
            serial_number: None,
            imei_number: None,
            ean: None,
            part_number: None,
            brand: None,
            problem_description: None,
            fault_code: None,
            return_to: None,
            reseller_code: None,
            site: "{}".into(),
            client: "{}".into(),
            quote_treatment: None,
            tracking_number: None,
            carrier_name: None,
            sav_id: None,
        }
    }

    #[test]
    fn a_demand_with_an_agreement_needs_no_acceptance() {
        let partner = Side::Partner("center-1".into());
        assert_eq!(
            demand("REP", Some("A1"), "RMAD").workable_by(&partner),
            Ok(())
        );
        assert_eq!(
            demand("REP", Some("  "), "RMAD").workable_by(&partner),
            Err(RmaError::DemandNotAccepted)
        );
        assert_eq!(
            demand("REP", None, "RMAD").workable_by(&partner),
            Err(RmaError::DemandNotAccepted)
        );
        assert_eq!(
            demand("PAD", None, "RMAD").workable_by(&partner),
            Err(RmaError::DemandNotAccepted)
        );
        assert_eq!(
            demand("PAD", Some("A1"), "RMAD").workable_by(&partner),
            Ok(())
        );
        assert_eq!(
            demand("REP", None, "RMAD").workable_by(&Side::Retailer),
            Ok(())
        );
    }

    #[test]
    fn refused_and_closed_demands_are_closed_to_partners() {
        let partner = Side::Partner("center-1".into());
        let mut refused = demand("REP", None, "RMANOK");
        refused.accepted_at = None;
        assert_eq!(refused.workable_by(&partner), Err(RmaError::DemandRefused));
        assert_eq!(refused.acceptance("A"), Err(RmaError::DemandRefused));
        assert_eq!(refused.resubmittable(), Ok(()));
        let mut closed = demand("REP", None, "RPR");
        closed.closed_at = Some(closed.created_at);
        assert_eq!(closed.workable_by(&partner), Err(RmaError::DemandClosed));
        assert_eq!(closed.open_to(&Side::Retailer), Err(RmaError::DemandClosed));
    }

    #[test]
    fn acceptance_is_replayable_but_not_changeable() {
        let mut accepted = demand("REP", Some("A1"), "RMAOK");
        accepted.accepted_at = Some(accepted.created_at);
        assert_eq!(accepted.acceptance("A1"), Ok(false));
        assert_eq!(
            accepted.acceptance("A2"),
            Err(RmaError::DemandAlreadyAccepted)
        );
        assert_eq!(accepted.refusable(), Err(RmaError::DemandAlreadyAccepted));
        assert_eq!(demand("REP", None, "RMAD").acceptance("A1"), Ok(true));
    }

    #[test]
    fn status_codes_by_side() {
        let partner = Side::Partner("center-1".into());
        assert_eq!(status_for("D", &partner), Ok(RmaStatus::Received));
        assert_eq!(
            status_for("VDE", &partner),
            Err(RmaError::StatusReservedToRetailer)
        );
        assert_eq!(
            status_for("INFREV", &partner),
            Err(RmaError::StatusReservedToRetailer)
        );
        assert_eq!(
            status_for("EDE", &partner),
            Err(RmaError::StatusHasItsOwnRoute)
        );
        assert_eq!(
            status_for("RMAOK", &partner),
            Err(RmaError::StatusHasItsOwnRoute)
        );
        assert_eq!(
            status_for("iexp", &partner),
            Ok(RmaStatus::InspectionInProgress)
        );
        assert_eq!(
            status_for("XYZ", &partner),
            Err(RmaError::UnknownStatusCode)
        );
        assert_eq!(
            status_for("INFREV", &Side::Retailer),
            Ok(RmaStatus::RetailerInfo)
        );
        assert_eq!(
            status_for("VDE", &Side::Retailer),
            Err(RmaError::StatusHasItsOwnRoute)
        );
    }
}
