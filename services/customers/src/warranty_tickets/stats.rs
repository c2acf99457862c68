//! Supplier turnaround (`other_view=stats`), beyond the document: per supplier, the tickets
//! there now, how many of them are overdue, and the median and 90th-percentile days from
//! `send` to `receive` of the tickets it returned in the period.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{Status, days_between, overdue, percentile};
use super::store::Trip;

#[derive(Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Turnaround {
    pub supplier_name: String,
    /// Tickets at the supplier now (status `send`).
    pub at_supplier: i64,
    /// Of those, at the supplier for the configured days or more.
    pub overdue: i64,
    /// Tickets the supplier returned in the period.
    pub returned: i64,
    /// Median days from send to receive over those (nearest rank), to the tenth.
    pub median_days: Option<f64>,
    /// 90th-percentile days (nearest rank), to the tenth.
    pub p90_days: Option<f64>,
}

/// The figures of each supplier in `trips`, by name; `now` and `overdue_days` judge overdue.
pub fn turnaround(trips: Vec<Trip>, now: NaiveDateTime, overdue_days: u32) -> Vec<Turnaround> {
    let mut by_supplier: BTreeMap<String, (Turnaround, Vec<f64>)> = BTreeMap::new();
    for (supplier, status, sent, received) in trips {
        let (figures, days) = by_supplier.entry(supplier.clone()).or_insert_with(|| {
            (
                Turnaround {
                    supplier_name: supplier,
                    ..Turnaround::default()
                },
                Vec::new(),
            )
        });
        let status = Status::parse(&status).unwrap_or(Status::Pending);
        if status == Status::Send {
            figures.at_supplier += 1;
            if overdue(status, sent, now, overdue_days) {
                figures.overdue += 1;
            }
        } else if let (Some(sent), Some(received)) = (sent, received) {
            days.push(days_between(sent, received));
        }
    }
    by_supplier
        .into_values()
        .map(|(mut figures, mut days)| {
            figures.returned = i64::try_from(days.len()).unwrap_or(i64::MAX);
            figures.median_days = percentile(&mut days, 50);
            figures.p90_days = percentile(&mut days, 90);
            figures
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
    }

    #[test]
    fn each_supplier_has_its_figures() {
        let trip = |s: &str, status: &str, sent: &str, back: &str| {
            (s.to_string(), status.to_string(), at(sent), at(back))
        };
        let trips = vec![
            trip("A", "send", "2026-11-01 00:00:00", ""),
            trip("A", "send", "2026-11-30 00:00:00", ""),
            trip("A", "receive", "2026-11-01 00:00:00", "2026-11-03 00:00:00"),
            trip("A", "success", "2026-11-01 00:00:00", "2026-11-11 00:00:00"),
            trip("B", "receive", "2026-11-01 00:00:00", "2026-11-02 12:00:00"),
        ];
        let figures = turnaround(trips, at("2026-12-01 00:00:00").unwrap(), 14);
        assert_eq!(
            figures,
            vec![
                Turnaround {
                    supplier_name: "A".into(),
                    at_supplier: 2,
                    overdue: 1,
                    returned: 2,
                    median_days: Some(2.0),
                    p90_days: Some(10.0),
                },
                Turnaround {
                    supplier_name: "B".into(),
                    at_supplier: 0,
                    overdue: 0,
                    returned: 1,
                    median_days: Some(1.5),
                    p90_days: Some(1.5),
                },
            ]
        );
    }
}
