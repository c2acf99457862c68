//! The rules of a warranty SAV's repair, without I/O: which SAV asks for one, what the warranty
//! register's answer means, which repair center takes the product, and how the demand's
//! statuses move the SAV (the mapping `docs/flows.md` documents).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use platform::codes::sav_status::SavStatus;

use crate::schema::{sav_repair_events, sav_repairs};

platform::named_enum! {
    /// What the warranty register said of the product's serial.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Warranty {
        /// Not asked yet (or the register could not answer yet).
        Pending = "pending",
        /// Registered and under warranty today.
        Covered = "covered",
        /// Registered, its warranty over (or marked not under warranty).
        Expired = "expired",
        /// No registration of this serial.
        Unregistered = "unregistered",
    }
}

/// The SAV type that asks for a repair by itself (document 000's `typePb`).
pub fn asks_for_repair(type_pb: Option<&str>) -> bool {
    type_pb.is_some_and(|t| t.trim().eq_ignore_ascii_case("garantie"))
}

/// The demand number the SAV service gives the demand of SAV `sav_id`: the same on every retry,
/// so the RMA answers a repeat with the demand it already has.
pub fn demand_number(sav_id: i64) -> String {
    format!("SAV-{sav_id}")
}

/// The repair center of `brand`: `centers` by brand in any case, else `default`.
pub fn center_for<'a>(
    brand: Option<&str>,
    centers: &'a BTreeMap<String, String>,
    default: &'a str,
) -> &'a str {
    brand
        .map(|b| b.trim().to_lowercase())
        .and_then(|b| {
            centers
                .iter()
                .find(|(name, _)| name.to_lowercase() == b)
                .map(|(_, center)| center.as_str())
        })
        .unwrap_or(default)
}

/// Whether a registration marked `active` (`Y`) until `until` covers the product on `today`.
pub fn warranty_of(active: bool, until: NaiveDate, today: NaiveDate) -> Warranty {
    if active && until >= today {
        Warranty::Covered
    } else {
        Warranty::Expired
    }
}

/// The SAV status a demand status moves the SAV to; `None`: the timeline only.
pub fn sav_status_for(rma_status: &str) -> Option<SavStatus> {
    match rma_status {
        // Product received by the center.
        "D" => Some(SavStatus::Transmitted),
        // Returned to the customer repaired, or a commercial solution accepted.
        "RPR" | "AVRC" => Some(SavStatus::Completed),
        // Irreparable, quote refused, demand refused, out of warranty for the center: an agent
        // decides what comes next.
        "PRIR" | "RDE" | "RMANOK" | "PRHG" => Some(SavStatus::Waiting),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sav_repairs)]
pub struct Repair {
    pub sav_id: i64,
    pub serial_number: String,
    pub brand: Option<String>,
    pub warranty: String,
    pub warranty_until: Option<NaiveDate>,
    pub warranty_checked_at: Option<NaiveDateTime>,
    pub asked_by: Option<String>,
    pub repair_center: Option<String>,
    pub demand_number: Option<String>,
    pub demand_status: Option<String>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Repair {
    pub fn asked(
        sav_id: i64,
        serial_number: String,
        brand: Option<String>,
        asked_by: Option<String>,
        now: NaiveDateTime,
    ) -> Self {
        Self {
            sav_id,
            serial_number,
            brand,
            warranty: Warranty::Pending.name().into(),
            warranty_until: None,
            warranty_checked_at: None,
            asked_by,
            repair_center: None,
            demand_number: None,
            demand_status: None,
            last_error: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn warranty(&self) -> Warranty {
        Warranty::parse(&self.warranty).unwrap_or(Warranty::Pending)
    }

    /// Whether a demand is to be opened once the warranty is known: under warranty, or an agent
    /// asked for it.
    pub fn wants_demand(&self) -> bool {
        self.demand_number.is_none()
            && (self.warranty() == Warranty::Covered || self.asked_by.is_some())
    }
}

/// One status of the demand, as the RMA told it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sav_repair_events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RepairEvent {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub sav_id: i64,
    pub demand_number: String,
    pub status: String,
    pub label: String,
    pub comment: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub source: String,
    pub event_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_warranty_sav_asks_for_a_repair_by_itself() {
        assert!(asks_for_repair(Some(" Garantie ")));
        assert!(!asks_for_repair(Some("retour")));
        assert!(!asks_for_repair(None));
    }

    #[test]
    fn a_brand_goes_to_its_center_in_any_case_else_to_the_default() {
        let centers = BTreeMap::from([("Samsung".to_string(), "center-12".to_string())]);
        assert_eq!(center_for(Some("SAMSUNG "), &centers, "main"), "center-12");
        assert_eq!(center_for(Some("Apple"), &centers, "main"), "main");
        assert_eq!(center_for(None, &centers, "main"), "main");
    }

    #[test]
    fn a_registration_covers_until_its_last_day_when_marked_active() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(warranty_of(true, day(7), day(7)), Warranty::Covered);
        assert_eq!(warranty_of(true, day(6), day(7)), Warranty::Expired);
        assert_eq!(warranty_of(false, day(9), day(7)), Warranty::Expired);
    }

    #[test]
    fn the_documented_statuses_move_the_sav() {
        assert_eq!(sav_status_for("D"), Some(SavStatus::Transmitted));
        assert_eq!(sav_status_for("RPR"), Some(SavStatus::Completed));
        assert_eq!(sav_status_for("AVRC"), Some(SavStatus::Completed));
        assert_eq!(sav_status_for("PRIR"), Some(SavStatus::Waiting));
        assert_eq!(sav_status_for("RDE"), Some(SavStatus::Waiting));
        assert_eq!(sav_status_for("RMAD"), None);
    }
}
