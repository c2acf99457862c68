//! The rules of warranty registrations: serial numbers, dates and the change log's lines.

use chrono::{Months, NaiveDate};

/// A serial number as compared: trimmed, case-folded, inner spaces removed (`" ab 12 "` and
/// `"AB12"` are one serial). `None` when blank.
pub fn serial_key(serial: &str) -> Option<String> {
    let key: String = serial
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    (!key.is_empty()).then_some(key)
}

/// `active` plus `months` (the end of a shorter month where the day does not exist).
pub fn expiry(active: NaiveDate, months: u32) -> NaiveDate {
    active
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Still under warranty on `today`: marked so and not expired.
pub fn is_active(status: bool, expired: NaiveDate, today: NaiveDate) -> bool {
    status && expired >= today
}

/// What a product's search looks in, lowercase.
pub fn product_search(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of the log for a changed field, `None` when it did not change.
pub fn changed(field: &str, before: Option<&str>, after: Option<&str>) -> Option<String> {
    (before != after).then(|| {
        format!(
            "{field}: {} → {}",
            before.unwrap_or("∅"),
            after.unwrap_or("∅")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn serials_compare_without_case_or_spaces() {
        assert_eq!(serial_key(" Ab 12 c "), Some("ab12c".into()));
        assert_eq!(serial_key("AB12C"), serial_key("ab 12 c"));
        assert_eq!(serial_key("   "), None);
    }

    #[test]
    fn the_expiry_is_months_after_activation() {
        assert_eq!(expiry(day(2026, 1, 31), 1), day(2026, 2, 28));
        assert_eq!(expiry(day(2026, 3, 15), 12), day(2027, 3, 15));
        assert!(is_active(true, day(2026, 3, 15), day(2026, 3, 15)));
        assert!(!is_active(true, day(2026, 3, 14), day(2026, 3, 15)));
        assert!(!is_active(false, day(2027, 1, 1), day(2026, 3, 15)));
    }

    #[test]
    fn the_log_names_what_changed() {
        assert_eq!(
            changed("model", Some("A"), Some("B")),
            Some("model: A → B".into())
        );
        assert_eq!(
            changed("model", None, Some("B")),
            Some("model: ∅ → B".into())
        );
        assert_eq!(changed("model", Some("A"), Some("A")), None);
    }
}
