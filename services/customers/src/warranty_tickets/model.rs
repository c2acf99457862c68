//! The rules of warranty tickets, without I/O: the statuses and which action each allows, the
//! generated reference, when a ticket is overdue at its supplier, and the turnaround figures.

use chrono::{NaiveDateTime, TimeDelta};

use crate::errors::CustomersError;

pub use platform::codes::warranty_status::WarrantyTicketStatus as Status;

platform::named_enum! {
    /// The thirteen `PUT` actions, by the document's names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ActionKind {
        EditProduct = "editProduct",
        EditCustomer = "editCustomer",
        EditReceiveDate = "editReceiveDate",
        EditSupplier = "editSupplier",
        EditSendDate = "editSendDate",
        EditStatus = "editStatus",
        EditCost = "editCost",
        AddProgressNote = "addProgressNote",
        ForwardWarranty = "forwardWarranty",
        SendToSupplier = "sendToSupplier",
        ReceivedFromSupplier = "receivedFromSupplier",
        CompleteWarranty = "completeWarranty",
        EditOtherCost = "editOtherCost",
    }
}

impl ActionKind {
    /// Whether the action may run on a ticket in `status`, or the document's code saying why not.
    pub fn allowed(self, status: Status) -> Result<(), CustomersError> {
        use ActionKind::*;
        use CustomersError as E;
        use Status::*;
        match (self, status) {
            (EditOtherCost, Success) => Ok(()),
            (EditOtherCost, _) => Err(E::WarrantyNotCompleted),
            (_, Success) => Err(E::WarrantyAlreadyCompleted),
            (SendToSupplier, Send) | (EditSupplier, Send | Receive) => Err(E::WarrantyAlreadySent),
            (SendToSupplier | ReceivedFromSupplier, Receive) => Err(E::WarrantyAlreadyReceived),
            (ReceivedFromSupplier, Pending) | (EditCost, Pending) => Err(E::WarrantyNotSent),
            (CompleteWarranty, Pending | Send) | (EditCost, Send) => Err(E::WarrantyNotReceived),
            (EditSendDate, Pending | Send) => Err(E::SendDateUpdateNotAllowed),
            _ => Ok(()),
        }
    }
}

/// `editStatus`: forward only (a step may be skipped), never back to `pending`.
pub fn transition(from: Status, to: Status) -> Result<(), CustomersError> {
    if to == Status::Pending || to <= from {
        Err(CustomersError::InvalidStatusTransition)
    } else {
        Ok(())
    }
}

/// A ticket's reference: `BH`, the day it was created (`YYMMDD`), and eight hex digits of its
/// uuid (`BH261203-1A2B3C4D`); the unique constraint is the last guard.
pub fn reference(created: NaiveDateTime, id: &uuid::Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("BH{}-{}", created.format("%y%m%d"), &hex[..8])
}

/// At the supplier for `days` or more on `now`.
pub fn overdue(status: Status, sent: Option<NaiveDateTime>, now: NaiveDateTime, days: u32) -> bool {
    status == Status::Send && sent.is_some_and(|at| at <= overdue_since(now, days))
}

/// The latest send moment that is overdue on `now`.
pub fn overdue_since(now: NaiveDateTime, days: u32) -> NaiveDateTime {
    now - TimeDelta::days(i64::from(days))
}

/// Days from `sent` to `received`, to the tenth.
pub fn days_between(sent: NaiveDateTime, received: NaiveDateTime) -> f64 {
    let seconds = (received - sent).num_seconds() as f64;
    (seconds / 86_400.0 * 10.0).round() / 10.0
}

/// The nearest-rank `percent`-th percentile of `values` (the smallest value with at least
/// `percent`% of them at or below it); `None` for none.
pub fn percentile(values: &mut [f64], percent: u32) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let rank = (u64::from(percent) * values.len() as u64)
        .div_ceil(100)
        .max(1);
    let index = usize::try_from(rank - 1).unwrap_or(0).min(values.len() - 1);
    Some(values[index])
}

/// One line of the history for a changed field, `None` when it did not change.
pub fn changed(field: &str, before: &Option<String>, after: &Option<String>) -> Option<String> {
    (before != after).then(|| {
        format!(
            "{field}: {} → {}",
            before.as_deref().unwrap_or("∅"),
            after.as_deref().unwrap_or("∅")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind::*;
    use Status::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn the_flow_goes_pending_send_receive_success() {
        assert_eq!(SendToSupplier.allowed(Pending), Ok(()));
        assert_eq!(ReceivedFromSupplier.allowed(Send), Ok(()));
        assert_eq!(CompleteWarranty.allowed(Receive), Ok(()));
        assert_eq!(EditOtherCost.allowed(Success), Ok(()));
        assert_eq!(
            SendToSupplier.allowed(Send),
            Err(CustomersError::WarrantyAlreadySent)
        );
        assert_eq!(
            ReceivedFromSupplier.allowed(Pending),
            Err(CustomersError::WarrantyNotSent)
        );
        assert_eq!(
            ReceivedFromSupplier.allowed(Receive),
            Err(CustomersError::WarrantyAlreadyReceived)
        );
        assert_eq!(
            CompleteWarranty.allowed(Send),
            Err(CustomersError::WarrantyNotReceived)
        );
        assert_eq!(
            EditSendDate.allowed(Send),
            Err(CustomersError::SendDateUpdateNotAllowed)
        );
        assert_eq!(
            EditOtherCost.allowed(Receive),
            Err(CustomersError::WarrantyNotCompleted)
        );
        for name in ActionKind::NAMES {
            let action = ActionKind::parse(name).unwrap();
            assert_eq!(action.name(), *name);
            if action != EditOtherCost {
                assert_eq!(
                    action.allowed(Success),
                    Err(CustomersError::WarrantyAlreadyCompleted)
                );
            }
        }
    }

    #[test]
    fn status_moves_forward_only() {
        assert_eq!(transition(Pending, Send), Ok(()));
        assert_eq!(transition(Pending, Success), Ok(()));
        for (from, to) in [(Send, Pending), (Receive, Send), (Send, Send)] {
            assert_eq!(
                transition(from, to),
                Err(CustomersError::InvalidStatusTransition)
            );
        }
    }

    #[test]
    fn references_name_the_day_and_the_id() {
        let id = uuid::Uuid::parse_str("1a2b3c4d-0000-4000-8000-000000000000").unwrap();
        assert_eq!(
            reference(at("2026-12-03 10:00:00"), &id),
            "BH261203-1A2B3C4D"
        );
    }

    #[test]
    fn overdue_after_the_configured_days_at_the_supplier() {
        let now = at("2026-12-15 12:00:00");
        assert!(overdue(Send, Some(at("2026-12-01 12:00:00")), now, 14));
        assert!(!overdue(Send, Some(at("2026-12-01 12:00:01")), now, 14));
        assert!(!overdue(Receive, Some(at("2026-11-01 12:00:00")), now, 14));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut days = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&mut days, 50), Some(3.0));
        assert_eq!(percentile(&mut days, 90), Some(5.0));
        let mut even = vec![1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&mut even, 50), Some(2.0));
        let mut ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&mut ten, 90), Some(9.0));
        assert_eq!(percentile(&mut [], 50), None);
        assert_eq!(
            days_between(at("2026-12-01 00:00:00"), at("2026-12-03 12:00:00")),
            2.5
        );
    }
}
