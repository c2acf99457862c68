//! The seeds' input quirks, written once as schema pieces for `#[schema(schema_with = …)]`, so
//! every document says the same thing of the same quirk (and says what the parsers in
//! [`crate::input`] and [`crate::money`] accept).

use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};

use crate::codes::sav_status::SavStatus;

fn text(pattern: &str, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
}

/// An id or a quantity sent as a JSON number or as text (`100000123` or `"100000123"`).
pub fn string_or_number() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer))
        .item(text(r"\S", "Not blank."))
        .description(Some("A JSON number, or the same as text."))
        .into()
}

/// Text that must not be blank (trimmed before use).
pub fn non_blank() -> Schema {
    text(r"\S", "Not blank; trimmed.").into()
}

/// An email address (trimmed and lowercased before use).
pub fn email() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
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

/// A calendar date written `YYYY-MM-DD` (a real one: the format, not a pattern).
pub fn date() -> Schema {
    // Days 01 to 28 in the pattern: every string it admits is a real date.
    let with_time = ObjectBuilder::new().schema_type(Type::String).pattern(Some(
        r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$",
    ));
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(with_time)
        .description(Some(
            "A date, YYYY-MM-DD, or a moment Y-m-d H:i:s (2026-03-15 10:00:00) naming that day.",
        ))
        .into()
}

/// A SAV status code of seed 000's table, as a number or as its text (forms carry text).
pub fn sav_status() -> Schema {
    let codes: Vec<i64> = SavStatus::ALL.iter().map(|s| i64::from(s.code())).collect();
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .enum_values(Some(codes.clone())),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(codes.iter().map(i64::to_string))),
        )
        .description(Some(
            "0 En cours, 1 Validé, 2 Complet, 4 Annulé, 5 Urgent, 6 En attente, 7 Transmis.",
        ))
        .into()
}

/// A moment written RFC 3339 or a date alone (`Y-m-d H:i:s`, read as UTC, is accepted too).
pub fn timestamp() -> Schema {
    let format = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
    };
    OneOfBuilder::new()
        .item(format(KnownFormat::DateTime))
        .item(format(KnownFormat::Date))
        .description(Some(
            "RFC 3339 or YYYY-MM-DD; Y-m-d H:i:s (UTC) is read too.",
        ))
        .into()
}
