//! A fidelity card number: a whole number above zero, as the document writes `33`.

use platform::input::scalar_text;
use serde_json::Value;

/// The most a card number may be (stored as a 64-bit integer).
pub const MAX_CARD: i64 = 999_999_999_999_999;

/// The card number in `text`, `None` unless it is a whole number from 1 to [`MAX_CARD`].
pub fn card_number(text: &str) -> Option<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_CARD).contains(n))
}

/// The card number of a JSON value (`33` or `"33"`).
pub fn card_of(value: &Value) -> Option<i64> {
    scalar_text(value).and_then(|t| card_number(&t))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn card_numbers_are_whole_and_positive() {
        assert_eq!(card_of(&json!(33)), Some(33));
        assert_eq!(card_of(&json!("42")), Some(42));
        assert_eq!(card_of(&json!(0)), None);
        assert_eq!(card_of(&json!(3.5)), None);
        assert_eq!(card_of(&json!("x")), None);
        assert_eq!(card_of(&json!(null)), None);
    }
}
