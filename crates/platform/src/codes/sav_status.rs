//! SAV (after-sale service) statuses, from the "SAV Status Values" table of
//! the Customer SAV Status API documentation.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnknownCode;

const KIND: &str = "SAV status";

/// Status of a SAV record. Code 3 is absent from the documented table. Stored in an `Integer`
/// column as its code ([`crate::integer_code_column!`]).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Integer)]
pub enum SavStatus {
    /// `0` — En cours.
    InProgress,
    /// `1` — Validé.
    Validated,
    /// `2` — Complet.
    Completed,
    /// `4` — Annulé.
    Canceled,
    /// `5` — Urgent.
    Urgent,
    /// `6` — En attente.
    Waiting,
    /// `7` — Transmis.
    Transmitted,
}

impl SavStatus {
    pub const ALL: [Self; 7] = [
        Self::InProgress,
        Self::Validated,
        Self::Completed,
        Self::Canceled,
        Self::Urgent,
        Self::Waiting,
        Self::Transmitted,
    ];

    pub fn code(self) -> i16 {
        match self {
            Self::InProgress => 0,
            Self::Validated => 1,
            Self::Completed => 2,
            Self::Canceled => 4,
            Self::Urgent => 5,
            Self::Waiting => 6,
            Self::Transmitted => 7,
        }
    }

    /// French label, as returned in `statusLabel`.
    pub fn label(self) -> &'static str {
        match self {
            Self::InProgress => "En cours",
            Self::Validated => "Validé",
            Self::Completed => "Complet",
            Self::Canceled => "Annulé",
            Self::Urgent => "Urgent",
            Self::Waiting => "En attente",
            Self::Transmitted => "Transmis",
        }
    }

    /// Takes an `i64` so out-of-range database or JSON values are reported
    /// as unknown codes rather than overflowing.
    pub fn from_code(code: i64) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|s| i64::from(s.code()) == code)
            .ok_or_else(|| UnknownCode {
                kind: KIND,
                value: code.to_string(),
            })
    }
}

crate::integer_code_column!(SavStatus);

/// Accepts the numeric code, e.g. `"1"` (surrounding spaces ignored).
impl FromStr for SavStatus {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownCode {
            kind: KIND,
            value: s.to_owned(),
        };
        let code = s.trim().parse::<i64>().map_err(|_| unknown())?;
        Self::from_code(code).map_err(|_| unknown())
    }
}

impl Serialize for SavStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i16(self.code())
    }
}

/// Accepts `1` as well as `"1"`: some callers send the code as a string.
impl<'de> Deserialize<'de> for SavStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Code(i64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Code(code) => Self::from_code(code),
            Raw::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented table, copied verbatim.
    const TABLE: [(i16, &str); 7] = [
        (0, "En cours"),
        (1, "Validé"),
        (2, "Complet"),
        (4, "Annulé"),
        (5, "Urgent"),
        (6, "En attente"),
        (7, "Transmis"),
    ];

    #[test]
    fn all_matches_the_documented_table() {
        let actual: Vec<_> = SavStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect();
        assert_eq!(actual, TABLE.to_vec());
    }

    #[test]
    fn round_trips() -> Result<(), serde_json::Error> {
        for status in SavStatus::ALL {
            let code = status.code();
            assert_eq!(SavStatus::from_code(i64::from(code)), Ok(status));
            assert_eq!(code.to_string().parse::<SavStatus>(), Ok(status));

            let json = serde_json::to_string(&status)?;
            assert_eq!(json, code.to_string());
            assert_eq!(serde_json::from_str::<SavStatus>(&json)?, status);
            let quoted = format!("\"{code}\"");
            assert_eq!(serde_json::from_str::<SavStatus>(&quoted)?, status);
        }
        Ok(())
    }

    #[test]
    fn rejects_unknown_codes() {
        let expected = UnknownCode {
            kind: "SAV status",
            value: "3".to_owned(),
        };
        assert_eq!(SavStatus::from_code(3), Err(expected.clone()));
        assert_eq!("3".parse::<SavStatus>(), Err(expected));
        assert!(SavStatus::from_code(i64::MAX).is_err());
        assert!("Validé".parse::<SavStatus>().is_err());
        assert!("".parse::<SavStatus>().is_err());
        assert!(serde_json::from_str::<SavStatus>("3").is_err());
        assert!(serde_json::from_str::<SavStatus>("\"8\"").is_err());
        assert!(serde_json::from_str::<SavStatus>("1.5").is_err());
    }
}
