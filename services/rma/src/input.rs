//! The fields of seed 001 that carry files: base64 content within the size limit, and file
//! names safe to store. Text, numbers and dates are `platform::input`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use platform::input::{required, string_or_number};
use platform::{AppError, FieldError};
use serde::Deserialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::errors::RmaError;

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

/// The demand a body names: text, or a JSON number read as text. Declare the field
/// `#[serde(default, alias = "demand_numero")] demand_number: DemandRef`, the alias being
/// the field's (as sections 3.2 and 3.3 write it).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct DemandRef(#[serde(deserialize_with = "string_or_number")] Option<String>);

impl DemandRef {
    /// The number, or 422 naming `demand_number`.
    pub fn required(&self) -> Result<String, AppError> {
        required("demand_number", self.0.as_ref())
    }
}

impl PartialSchema for DemandRef {
    fn schema() -> RefOr<Schema> {
        demand_number().into()
    }
}

impl ToSchema for DemandRef {
    fn name() -> std::borrow::Cow<'static, str> {
        "DemandNumber".into()
    }
}

/// The schema of a demand number sent in a body: the serde alias `demand_numero` is not in the
/// derived schema, so its description says it.
pub fn demand_number() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"\S")),
        )
        .description(Some(
            "The demand's number, such as ACH-9001-0001 (a JSON number is read as text). Also \
             accepted as demand_numero, as sections 3.2 and 3.3 write it: send one of the two, \
             not both (422).",
        ))
        .into()
}

/// Canonical base64 (padded, its last symbol without stray bits), line breaks allowed between
/// groups of four (spaces, tabs, line breaks): what [`base64_content`] decodes. The required form has at least one group.
const BASE64: &str = r"^[\t\n\r ]*([A-Za-z0-9+/]{4}[\t\n\r ]*)*([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?[\t\n\r ]*$";
const SOME_BASE64: &str = r"^[\t\n\r ]*(([A-Za-z0-9+/]{4}[\t\n\r ]*)+([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?|[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)[\t\n\r ]*$";

fn base64_schema(pattern: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_encoding("base64")
        .pattern(Some(pattern))
        .description(Some(
            "Base64 (line breaks tolerated); at most RMA__SERVICE__MAX_DOCUMENT_BYTES once \
             decoded (10 MiB by default, else 413 DOCUMENT_TOO_LARGE).",
        ))
        .into()
}

/// An optional file in base64, for `#[schema(schema_with = …)]`.
pub fn base64() -> Schema {
    base64_schema(BASE64)
}

/// A required file in base64.
pub fn required_base64() -> Schema {
    base64_schema(SOME_BASE64)
}

/// A file name: after its directories, something besides dots and spaces.
pub fn file_name_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"[^\s./\\][^/\\]*$"))
        .description(Some(
            "Such as rapport1.txt; any directory and reserved character is removed.",
        ))
        .into()
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
}
