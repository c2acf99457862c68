//! Warranty ticket ("phiếu bảo hành") statuses, from the `WarrantyStatus`
//! section of the customers API document. The document gives the wire strings
//! only, no labels; the meanings below come from the actions that set them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnknownCode;

const KIND: &str = "warranty ticket status";

/// Status of a warranty ticket; the wire form is the lowercase string. Ordered as a ticket
/// moves: received from the customer, at the supplier, back, returned to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarrantyTicketStatus {
    /// `pending` — created, not yet sent; the only deletable state and one a
    /// ticket can never be moved back to.
    Pending,
    /// `send` — sent to the supplier (`sendToSupplier`).
    Send,
    /// `receive` — received back from the supplier (`receivedFromSupplier`).
    Receive,
    /// `success` — completed and returned to the customer (`completeWarranty`).
    Success,
}

impl WarrantyTicketStatus {
    pub const ALL: [Self; 4] = [Self::Pending, Self::Send, Self::Receive, Self::Success];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Send => "send",
            Self::Receive => "receive",
            Self::Success => "success",
        }
    }

    /// Exact, case-sensitive match; only surrounding spaces are ignored.
    pub fn parse(s: &str) -> Result<Self, UnknownCode> {
        let code = s.trim();
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == code)
            .ok_or_else(|| UnknownCode {
                kind: KIND,
                value: s.to_owned(),
            })
    }
}

impl FromStr for WarrantyTicketStatus {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for WarrantyTicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for WarrantyTicketStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for WarrantyTicketStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::parse(&code).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "status: Trạng thái (pending, send, receive, success)", in that order.
    const TABLE: [&str; 4] = ["pending", "send", "receive", "success"];

    #[test]
    fn all_matches_the_document() {
        let actual: Vec<_> = WarrantyTicketStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect();
        assert_eq!(actual, TABLE.to_vec());
    }

    #[test]
    fn round_trips() -> Result<(), serde_json::Error> {
        for status in WarrantyTicketStatus::ALL {
            assert_eq!(WarrantyTicketStatus::parse(status.as_str()), Ok(status));
            assert_eq!(
                status.to_string().parse::<WarrantyTicketStatus>(),
                Ok(status)
            );

            let json = serde_json::to_string(&status)?;
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<WarrantyTicketStatus>(&json)?, status);
        }
        Ok(())
    }

    #[test]
    fn rejects_unknown_codes() {
        assert_eq!(
            WarrantyTicketStatus::parse("sent"),
            Err(UnknownCode {
                kind: "warranty ticket status",
                value: "sent".to_owned(),
            })
        );
        // `Y`/`N` belong to the separate warranty-info status, not tickets.
        for bad in ["", "Pending", "SUCCESS", "received", "Y", "N"] {
            assert!(
                WarrantyTicketStatus::parse(bad).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(serde_json::from_str::<WarrantyTicketStatus>("\"done\"").is_err());
    }
}
