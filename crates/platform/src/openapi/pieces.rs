//! The seeds' input quirks, written once as schema pieces for `#[schema(schema_with = …)]`, so
//! every document says the same thing of the same quirk (and says what the parsers in
//! [`crate::input`] and [`crate::money`] accept).

use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};

fn text(pattern: &str, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
}

/// An id or a quantity sent as a JSON number or as a string of digits (`100000123` or
/// `"100000123"`).
pub fn string_or_number() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Integer]))
        .description(Some("A number, as a JSON number or a string of digits."))
        .into()
}

/// An amount in currency units: `158.45`, `"158.45"` or `"158,45"` (stored in integer cents).
pub fn amount() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .item(text(
            r"^\s*-?\d+([.,]\d{1,2})?\s*$",
            "Decimal comma or point, at most two decimals.",
        ))
        .into()
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date() -> Schema {
    text(r"^\d{4}-\d{2}-\d{2}$", "A date, YYYY-MM-DD.").into()
}

/// A moment written RFC 3339, `Y-m-d H:i:s` (UTC), or a date alone.
pub fn timestamp() -> Schema {
    text(
        r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$",
        "RFC 3339, Y-m-d H:i:s (UTC), or YYYY-MM-DD.",
    )
    .into()
}
