//! A demand's number: the retailer's own, or `RMA-0000042` generated from its row.

use std::fmt;

/// A number that fits in a URL path segment (`GET /api/demands/{number}`) and is not one of the
/// routes beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandNumber(String);

/// What the rule says, for the field error.
/// What a number may not be: it would read as another route, or a directory, in a path.
pub const ROUTE_NAMES: &[&str] = &["retrieverequests", "documents", ".", ".."];

pub const RULE: &str =
    "must be 1 to 64 letters, digits, '-', '_', '+' or '.' (and not a route name)";

impl DemandNumber {
    /// The number as given (already trimmed), when it keeps the rule.
    pub fn parse(number: &str) -> Option<Self> {
        let fits = (1..=64).contains(&number.len())
            && number
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'.'))
            && !ROUTE_NAMES.contains(&number);
        fits.then(|| Self(number.to_string()))
    }

    /// The number given to a demand created without one.
    pub fn generated(id: i64) -> Self {
        Self(format!("RMA-{id:07}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for DemandNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demand_numbers_fit_in_a_path() {
        assert!(DemandNumber::parse("ACH-9001-0001").is_some());
        assert!(DemandNumber::parse("RMA_42.b").is_some());
        for bad in ["", "a/b", "a b", "documents", "..", &"x".repeat(65)] {
            assert!(DemandNumber::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn generated_numbers_keep_the_rule() {
        let number = DemandNumber::generated(42);
        assert_eq!(number.as_str(), "RMA-0000042");
        assert_eq!(DemandNumber::parse(number.as_str()), Some(number));
    }
}
