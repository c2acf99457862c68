//! The rules of a consumer's fields, each failing with its annex code: name lengths, phones
//! with their international prefix, a real birth date, a consistent address.

use chrono::{Datelike, NaiveDate, Utc};
use platform::codes::loyalty::LoyaltyErrorCode as Code;
use platform::{AppError, FieldError};

use crate::reference::data;

pub const LASTNAME_MAX: usize = 40;
pub const FIRSTNAME_MAX: usize = 50;
pub const ADDRESS_LINE_MAX: usize = 40;

/// The annex code, its details naming the field.
pub fn refused(code: Code, field: &str, why: impl Into<String>) -> AppError {
    AppError::from(code).with_fields(vec![FieldError::new(field, why)])
}

/// Required, at most 40 characters (315, 312).
pub fn lastname(value: Option<&str>) -> Result<String, AppError> {
    let value = value.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return Err(refused(Code::LastnameRequired, "lastname", "is required"));
    }
    if value.chars().count() > LASTNAME_MAX {
        return Err(refused(
            Code::LastnameTooLong,
            "lastname",
            "at most 40 characters",
        ));
    }
    Ok(value.to_string())
}

/// At most 50 characters (313).
pub fn firstname(value: Option<&str>) -> Result<String, AppError> {
    let value = value.map(str::trim).unwrap_or("");
    if value.chars().count() > FIRSTNAME_MAX {
        return Err(refused(
            Code::FirstnameTooLong,
            "firstname",
            "at most 50 characters",
        ));
    }
    Ok(value.to_string())
}

/// At most 40 characters (314).
pub fn address_line(field: &str, value: Option<&str>) -> Result<String, AppError> {
    let value = value.map(str::trim).unwrap_or("");
    if value.chars().count() > ADDRESS_LINE_MAX {
        return Err(refused(
            Code::AddressLineTooLong,
            field,
            "at most 40 characters",
        ));
    }
    Ok(value.to_string())
}

/// A phone with its international prefix (`+33562010203`, `0033 5 62 01 02 03`), of a length
/// valid for the country the prefix names; stored as `+` and digits. Empty is no phone (303).
pub fn phone(field: &str, value: Option<&str>) -> Result<String, AppError> {
    let raw = value.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        return Ok(String::new());
    }
    let bad = || {
        refused(
            Code::InvalidPhoneFormat,
            field,
            "a phone with its international prefix, like +33562010203",
        )
    };
    let compact: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let digits = compact
        .strip_prefix('+')
        .or_else(|| compact.strip_prefix("00"))
        .ok_or_else(bad)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let valid = data::COUNTRIES.iter().any(|country| {
        digits
            .strip_prefix(country.calling_code)
            .is_some_and(|national| {
                let first = national.bytes().next().unwrap_or(b'0');
                // A national number never keeps its trunk 0 after the prefix; a NANP (+1) area code
                // starts with 2 to 9.
                country.national_lengths.contains(&national.len()) && first != b'0' && first != b'1'
            })
    });
    if !valid {
        return Err(bad());
    }
    Ok(format!("+{digits}"))
}

/// A birth date as the guide keeps it: day, month and year, each optional.
pub type Birthdate = (Option<i32>, Option<i32>, Option<i32>);

/// A birth date: day and month with or without the year, all three a real date in the past,
/// the year from 1900 (304).
pub fn birthdate(
    day: Option<&str>,
    month: Option<&str>,
    year: Option<&str>,
) -> Result<Birthdate, AppError> {
    let bad = || {
        refused(
            Code::InvalidBirthdate,
            "dayBirthday",
            "not a real birth date",
        )
    };
    let number = |v: Option<&str>| -> Result<Option<i32>, AppError> {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse::<i32>().map(Some).map_err(|_| bad()),
        }
    };
    let (day, month, year) = (number(day)?, number(month)?, number(year)?);
    match (day, month, year) {
        (None, None, None) => Ok((None, None, None)),
        (Some(d), Some(m), y) => {
            let today = Utc::now().date_naive();
            // Without the year, any leap year tells whether the day exists.
            let date = u32::try_from(d)
                .ok()
                .zip(u32::try_from(m).ok())
                .and_then(|(d, m)| NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d))
                .ok_or_else(bad)?;
            if y.is_some() && (date > today || date.year() < 1900) {
                return Err(bad());
            }
            Ok((Some(d), Some(m), y))
        }
        _ => Err(bad()),
    }
}

/// The zip code, city and country agree (302): a known country, a zip of its format, and for
/// a city the reference list knows, one of its zip codes. Answers the country's reference name.
pub fn address(zip: &str, city: &str, country: &str) -> Result<String, AppError> {
    if zip.is_empty() && city.is_empty() && country.is_empty() {
        return Ok(String::new());
    }
    let bad = |why: &str| refused(Code::InconsistentAddress, "address", why);
    let known = data::country(country).ok_or_else(|| bad("unknown country"))?;
    if !zip.is_empty()
        && known.zip_digits > 0
        && (zip.len() != known.zip_digits || !zip.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad("the zip code is not one of this country"));
    }
    let city = data::normalized(city);
    if let Some((_, zips)) = data::cities(known.name)
        .into_iter()
        .find(|(c, _)| *c == city)
        && !zip.is_empty()
        && !zips.contains(&zip)
    {
        return Err(bad("the zip code is not one of this city"));
    }
    Ok(known.name.to_string())
}

/// A card number the service generates: `299`, the consumer's id on 9 digits, an EAN-13 check
/// digit; the prefix keeps it apart from the shops' printed cards.
pub fn generated_card(consumer_id: i64) -> String {
    let body = format!("299{consumer_id:09}");
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A card number as a till reads it: 6 to 20 digits.
pub fn card_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    ((6..=20).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_need_their_prefix_and_a_valid_length() {
        assert_eq!(
            phone("phone", Some("+33562010203")).ok().as_deref(),
            Some("+33562010203")
        );
        assert_eq!(
            phone("mobile", Some("+1 450 760 1234")).ok().as_deref(),
            Some("+14507601234")
        );
        assert_eq!(phone("phone", Some("")).ok().as_deref(), Some(""));
        for bad in [
            "0562010203",
            "+3356201020",
            "+330562010203",
            "+99912345678",
            "+33abc",
        ] {
            assert!(phone("phone", Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn birth_dates_are_real() {
        assert!(birthdate(Some("30"), Some("3"), Some("1993")).is_ok());
        assert!(birthdate(Some("29"), Some("2"), None).is_ok());
        assert!(birthdate(Some("29"), Some("2"), Some("1993")).is_err());
        assert!(birthdate(Some("1"), None, Some("1993")).is_err());
        assert!(birthdate(Some("1"), Some("1"), Some("1850")).is_err());
    }

    #[test]
    fn addresses_agree() {
        assert_eq!(
            address("33700", "Mérignac", "FRANCE").ok().as_deref(),
            Some("FRANCE")
        );
        assert!(address("63000", "Mérignac", "FRANCE").is_err());
        assert!(address("3370", "Ailleurs", "FRANCE").is_err());
        assert!(address("33700", "Mérignac", "ATLANTIDE").is_err());
        assert!(address("33127", "Martignas", "france").is_ok());
    }

    #[test]
    fn generated_cards_carry_an_ean_check_digit() {
        assert_eq!(generated_card(1), "2990000000019");
        assert_eq!(generated_card(1).len(), 13);
    }
}
