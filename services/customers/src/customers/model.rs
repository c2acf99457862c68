//! The rules of customers: phone numbers, the mask, codes, the list's order and the score.

use std::fmt;

/// What a caller without `customer.view_phone` reads instead of a phone number.
pub const MASKED_PHONE: &str = "**********";

/// A phone number as stored: digits only (a leading `+` kept for foreign numbers), Vietnam's
/// `+84` / `84` written as the national `0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// `"+84 912-345.678"` → `0912345678`; `None` unless 9 to 11 national digits starting with
    /// `0`, or `+` and 8 to 15 digits.
    pub fn parse(raw: &str) -> Option<Self> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        let national = if let Some(rest) = compact.strip_prefix("+84") {
            format!("0{rest}")
        } else if compact.len() == 11 && compact.starts_with("84") {
            format!("0{}", &compact[2..])
        } else {
            compact
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let valid = match national.strip_prefix('+') {
            Some(rest) => digits(rest) && (8..=15).contains(&rest.len()),
            None => {
                digits(&national) && national.starts_with('0') && (9..=11).contains(&national.len())
            }
        };
        valid.then_some(Self(national))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The phone as the caller may see it.
pub fn shown_phone(phone: &str, may_see: bool) -> String {
    if may_see {
        phone.to_string()
    } else {
        MASKED_PHONE.to_string()
    }
}

/// The customer code (`taxid`) and search key given to a new customer: `KH` and its id.
pub fn generated_code(id: i64) -> String {
    format!("KH{id:06}")
}

/// The text names are searched in: lowercase, so that SQLite and PostgreSQL agree.
pub fn search_text(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A `LIKE` pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    LoyalScore,
    CurDebt,
    CurDate,
}

impl Order {
    pub const NAMES: [&'static str; 3] = ["loyal_score", "curdebt", "curdate"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "loyal_score" => Some(Self::LoyalScore),
            "curdebt" => Some(Self::CurDebt),
            "curdate" => Some(Self::CurDate),
            _ => None,
        }
    }
}

/// `accumulate` adds points (a positive score), `exchange` spends them (a negative score).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionType {
    Accumulate,
    Exchange,
}

impl TransactionType {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "accumulate" => Some(Self::Accumulate),
            "exchange" => Some(Self::Exchange),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accumulate => "accumulate",
            Self::Exchange => "exchange",
        }
    }

    /// Whether `score` goes the way of this type (never zero).
    pub fn allows(self, score: i64) -> bool {
        match self {
            Self::Accumulate => score > 0,
            Self::Exchange => score < 0,
        }
    }
}

impl fmt::Display for TransactionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The balance after adding `score`, or `None` when it would go below zero.
pub fn score_after(balance: i64, score: i64) -> Option<i64> {
    balance.checked_add(score).filter(|b| *b >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalized_to_national_digits() {
        for (raw, stored) in [
            ("0912345678", "0912345678"),
            (" +84 912-345.678 ", "0912345678"),
            ("84912345678", "0912345678"),
            ("(028) 3822 1234", "02838221234"),
            ("+33 6 00 00 00 00", "+33600000000"),
        ] {
            assert_eq!(
                Phone::parse(raw).map(|p| p.0),
                Some(stored.to_string()),
                "{raw}"
            );
        }
        for bad in ["", "abc", "12345", "912345678", "0912345678901", "+12"] {
            assert_eq!(Phone::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_mask_hides_every_digit() {
        assert_eq!(shown_phone("0912345678", false), "**********");
        assert_eq!(shown_phone("0912345678", true), "0912345678");
    }

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("a%b_c"), "%a\\%b\\_c%");
    }

    #[test]
    fn the_score_never_goes_below_zero() {
        assert_eq!(score_after(10, -10), Some(0));
        assert_eq!(score_after(10, -11), None);
        assert_eq!(score_after(0, 5), Some(5));
        assert!(TransactionType::Exchange.allows(-1));
        assert!(!TransactionType::Exchange.allows(1));
        assert!(!TransactionType::Accumulate.allows(0));
    }
}
