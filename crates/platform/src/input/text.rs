//! Text fields: present, trimmed, one of a list.

use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

use crate::error::{AppError, FieldError};

/// `deserialize_with` for `Option<String>` fields: a JSON string or number, as its text
/// (`"100000123"` and `100000123` alike; forms carry only text anyway). Null or absent is
/// `None`; the field's own rule then checks the text. Use with `#[serde(default)]`.
pub fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        // A boolean is no id or quantity: `true` is not read as the text "true".
        Some(Value::Bool(_)) => Err(de::Error::custom("expected text or a number")),
        Some(value) => scalar_text(&value)
            .map(Some)
            .ok_or_else(|| de::Error::custom("expected text or a number")),
    }
}

/// The text of a JSON string or number (`2` and `"2"` both give `"2"`); `None` for null,
/// booleans, arrays and objects (`false` is no id, quantity or amount). For fields kept as raw JSON so that a wrong value is reported on
/// its field by the rule rather than as an unreadable body (inside an untagged payload).
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        // `2.0` is the whole number 2 (JSON Schema counts it an integer), not the text "2.0".
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{f:.0}"),
            _ => n.to_string(),
        }),
        Value::Null | Value::Bool(_) | Value::Array(_) | Value::Object(_) => None,
    }
}

/// The trimmed text, `None` when absent or blank.
pub fn trimmed<S: AsRef<str>>(value: Option<S>) -> Option<String> {
    value
        .as_ref()
        .map(|v| v.as_ref().trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The trimmed text, or a 422 naming `field` when it is absent or blank.
pub fn required<S: AsRef<str>>(field: &str, value: Option<S>) -> Result<String, AppError> {
    trimmed(value).ok_or_else(|| missing(field))
}

/// The value as sent, or a 422 naming `field` when it is absent: for values whose own rule
/// judges a blank (a coupon code refused with its business code) or whose spaces belong to
/// them (a secret).
pub fn given<T>(field: &str, value: Option<T>) -> Result<T, AppError> {
    value.ok_or_else(|| missing(field))
}

/// The value as sent, `None` when absent or blank: for opaque values (secrets, passwords,
/// client ids) whose spaces belong to them and are compared as they are.
pub fn non_blank(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn missing(field: &str) -> AppError {
    AppError::invalid_field(field, "is required")
}

/// One of `allowed` (exact, after trimming), or the problem naming `field` and the choices.
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "string_or_number")]
        id: Option<String>,
    }

    fn id_of(body: serde_json::Value) -> Option<String> {
        serde_json::from_value::<Body>(body).unwrap().id
    }

    #[test]
    fn numbers_and_strings_arrive_as_the_same_text() {
        assert_eq!(id_of(json!({"id": 100000123})), Some("100000123".into()));
        assert_eq!(id_of(json!({"id": "100000123"})), Some("100000123".into()));
        assert_eq!(id_of(json!({"id": 12.5})), Some("12.5".into()));
        assert!(serde_json::from_value::<Body>(json!({"id": true})).is_err());
        assert_eq!(id_of(json!({"id": null})), None);
        assert_eq!(id_of(json!({})), None);
        assert!(serde_json::from_value::<Body>(json!({"id": {"a": 1}})).is_err());
    }

    #[test]
    fn raw_json_scalars_give_their_text() {
        assert_eq!(scalar_text(&json!(2)), Some("2".into()));
        assert_eq!(scalar_text(&json!("2")), Some("2".into()));
        assert_eq!(scalar_text(&json!(2404.50)), Some("2404.5".into()));
        assert_eq!(scalar_text(&json!(null)), None);
        assert_eq!(scalar_text(&json!([1])), None);
    }

    #[test]
    fn forms_carry_text() {
        let body: Body = serde_urlencoded::from_str("id=100000123").unwrap();
        assert_eq!(body.id.as_deref(), Some("100000123"));
    }

    #[test]
    fn blanks_are_missing_and_named() {
        assert_eq!(trimmed(Some("  a b ")), Some("a b".into()));
        assert_eq!(trimmed(Some(" \t")), None);
        assert_eq!(trimmed(None::<String>), None);
        assert_eq!(required("name", Some(" x ")).unwrap(), "x");
        let err = required("name", Some("  ")).unwrap_err();
        assert_eq!(err.status().as_u16(), 422);
        assert_eq!(err.fields()[0].field, "name");
        assert_eq!(err.message(), "name: is required");
        assert_eq!(given("code", Some(" ")).unwrap(), " ");
        assert_eq!(
            given::<&str>("code", None).unwrap_err().fields()[0].field,
            "code"
        );
        assert_eq!(non_blank(Some(" s3cret ".into())), Some(" s3cret ".into()));
        assert_eq!(non_blank(Some("  ".into())), None);
    }

    #[test]
    fn one_of_names_the_choices() {
        assert_eq!(one_of("type", " REP ", &["REP", "PAD"]), Ok("REP"));
        let err = one_of("type", "rep", &["REP", "PAD"]).unwrap_err();
        assert_eq!(err.field, "type");
        assert_eq!(err.message, "must be one of REP, PAD");
    }
}
