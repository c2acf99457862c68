//! Whole numbers (ids, quantities, codes) read from the text a field arrived as, whether the
//! client sent `2` or `"2"` (see [`super::string_or_number`]). Amounts and percentages are
//! [`crate::money::Cents::parse`], which already reads `"158,45"`.

use std::str::FromStr;

/// The most items of one kind a line may count (an order's, a quote's).
pub const MAX_QUANTITY: i32 = 100_000;

/// A whole number written in decimal digits (an optional sign, surrounding spaces ignored):
/// `"2"`, `" 2 "`, `2`. `"2.0"`, `"2e1"` and anything out of `T`'s range are `None`.
pub fn whole<T: FromStr>(text: &str) -> Option<T> {
    text.trim().parse().ok()
}

/// A whole number within `range`, `None` otherwise.
pub fn whole_in<T: FromStr + PartialOrd>(
    text: &str,
    range: std::ops::RangeInclusive<T>,
) -> Option<T> {
    whole(text).filter(|n| range.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_only() {
        assert_eq!(whole::<i64>("100000123"), Some(100_000_123));
        assert_eq!(whole::<i32>(" 2 "), Some(2));
        assert_eq!(whole::<i32>("-3"), Some(-3));
        for bad in ["", "2.0", "2e1", "two", "1 000", "99999999999"] {
            assert_eq!(whole::<i32>(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ranges_are_inclusive() {
        assert_eq!(whole_in("1", 1..=10), Some(1));
        assert_eq!(whole_in("10", 1..=10), Some(10));
        assert_eq!(whole_in("0", 1..=10), None);
        assert_eq!(whole_in("11", 1..=10), None);
    }
}
