//! Parsing of the fields partners send, shared by every endpoint: lenient where the document's
//! clients are (numbers as strings and strings as numbers), strict where a value is checked.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{NaiveDate, NaiveDateTime};
use platform::{AppError, FieldError};
use serde::{Deserialize, Deserializer};

use crate::errors::RmaError;

/// Accepts `"9999999915"` or `9999999915` (and null) as text.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
        Bool(bool),
    }
    Ok(
        Option::<TextOrNumber>::deserialize(deserializer)?.map(|v| match v {
            TextOrNumber::Text(s) => s,
            TextOrNumber::Number(n) => n.to_string(),
            TextOrNumber::Bool(b) => b.to_string(),
        }),
    )
}

/// The trimmed value, `None` when absent or blank.
pub fn present(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The trimmed value, or a 422 naming `field`.
pub fn required(field: &str, value: &Option<String>) -> Result<String, AppError> {
    present(value).ok_or_else(|| AppError::invalid_field(field, "is required"))
}

/// One of `allowed` (exact, after trimming), or a 422 naming `field` and the choices.
pub fn one_of(
    field: &str,
    value: &str,
    allowed: &[&'static str],
) -> Result<&'static str, FieldError> {
    allowed
        .iter()
        .find(|a| **a == value.trim())
        .copied()
        .ok_or_else(|| FieldError {
            field: field.to_string(),
            message: format!("must be one of {}", allowed.join(", ")),
        })
}

/// Decodes base64 content of at most `max_bytes` decoded: 413 beyond it, 422 when not base64.
/// Line breaks (MIME style) are tolerated; the size is checked before decoding.
pub fn base64_content(field: &str, encoded: &str, max_bytes: usize) -> Result<Vec<u8>, AppError> {
    let compact: String = encoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if compact.len() / 4 * 3 > max_bytes + 2 {
        return Err(too_large(field, max_bytes));
    }
    let bytes = STANDARD.decode(compact.as_bytes()).map_err(|e| {
        AppError::invalid_field(field, format!("is not valid base64 ({e})"))
            .recoded(RmaError::InvalidBase64)
    })?;
    if bytes.len() > max_bytes {
        return Err(too_large(field, max_bytes));
    }
    Ok(bytes)
}

fn too_large(field: &str, max_bytes: usize) -> AppError {
    let code = RmaError::DocumentTooLarge;
    AppError::coded(
        code,
        format!("{} ({field}: {max_bytes} octets au plus)", code.message()),
    )
    .with_fields(vec![FieldError::new(
        field,
        format!("exceeds {max_bytes} bytes once decoded"),
    )])
}

/// A file name safe to store and to hand back: no directories, no control or reserved
/// characters, at most 255 bytes.
pub fn file_name(raw: &str) -> Result<String, AppError> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        return Err(AppError::invalid_field(
            "file_name",
            "must name a file (after removing directories and reserved characters)",
        ));
    }
    let mut end = cleaned.len().min(255);
    while !cleaned.is_char_boundary(end) {
        end -= 1;
    }
    Ok(cleaned[..end].to_string())
}

/// `2021-09-22 09:45:17` (the document's form), `2021-09-22T09:45:17Z` or `2021-09-22`, as UTC.
pub fn datetime(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Some(at.naive_utc());
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(at);
        }
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// The document's date form: `2021-09-22 09:45:17`.
pub fn show(at: NaiveDateTime) -> String {
    crate::demands::view::Shown(at).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_directories_and_reserved_characters() {
        assert_eq!(file_name("rapport1.txt").unwrap(), "rapport1.txt");
        assert_eq!(file_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(file_name("C:\\tmp\\a<b>.pdf").unwrap(), "a_b_.pdf");
        assert_eq!(file_name("..hidden").unwrap(), "hidden");
        assert!(file_name("../").is_err());
        assert!(file_name("  ").is_err());
        assert_eq!(file_name(&"é".repeat(200)).unwrap().len(), 254);
    }

    #[test]
    fn base64_is_checked_and_sized() {
        assert_eq!(
            base64_content("f", "VEVYVEUgVEVTVFM=", 100).unwrap(),
            b"TEXTE TESTS"
        );
        assert_eq!(
            base64_content("f", "VEVY\nVEUg\r\nVEVTVFM=", 100).unwrap(),
            b"TEXTE TESTS"
        );
        assert_eq!(
            base64_content("f", "not base64!", 100).unwrap_err().code(),
            "INVALID_BASE64"
        );
        assert_eq!(
            base64_content("f", "VEVYVEUgVEVTVFM=", 10)
                .unwrap_err()
                .status()
                .as_u16(),
            413
        );
    }

    #[test]
    fn dates_in_the_documents_forms() {
        let expected = NaiveDate::from_ymd_opt(2021, 9, 22)
            .unwrap()
            .and_hms_opt(9, 45, 17)
            .unwrap();
        assert_eq!(datetime("2021-09-22 09:45:17"), Some(expected));
        assert_eq!(datetime("2021-09-22T09:45:17Z"), Some(expected));
        assert_eq!(datetime("2021-09-22T11:45:17+02:00"), Some(expected));
        assert_eq!(show(expected), "2021-09-22 09:45:17");
        assert!(datetime("22/09/2021").is_none());
    }
}
