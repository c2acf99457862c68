//! The seeds' input quirks, written once as schema pieces for `#[schema(schema_with = …)]`, so
//! every document says the same thing of the same quirk (and says what the parsers in
//! [`crate::input`] and [`crate::money`] accept).

use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};

use crate::codes::sav_status::SavStatus;
use crate::money::Cents;

fn text(pattern: &str, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
}

/// An id or a quantity sent as a JSON number or as text (`100000123` or `"100000123"`).
pub fn string_or_number() -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .item(text(r"\S", "Not blank."))
        .description(Some("A JSON number, or the same as text."))
        .into()
}

/// A whole number from 1 to `max`, as a JSON number or as text matching `pattern`.
fn whole_from_one(max: i64, pattern: &str, description: &str) -> Schema {
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(max)),
        )
        .item(text(pattern, "A whole number."))
        .description(Some(description))
        .into()
}

/// An id of another service's row, 1 or more: `12` or `"12"`.
pub fn positive_id() -> Schema {
    whole_from_one(
        i64::MAX,
        r"^[ \t\n\r]*0*[1-9][0-9]{0,17}[ \t\n\r]*$",
        "A whole number from 1, as a JSON number or text.",
    )
}

/// Optional text that may come as a JSON number (`"0"` or `0`), or null.
pub fn text_or_number() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([
            Type::String,
            Type::Number,
            Type::Null,
        ]))
        .into()
}

/// Text that must not be blank (trimmed before use).
pub fn non_blank() -> Schema {
    text(r"\S", "Not blank; trimmed.").into()
}

fn url(http: bool) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uri".into())))
        .pattern(Some(crate::input::url::pattern(http)))
        .into()
}

/// An endpoint URL: absolute `http://` or `https://` (see [`crate::input::url`]).
pub fn web_url() -> Schema {
    url(true)
}

/// An endpoint URL that must be `https://`.
pub fn https_url() -> Schema {
    url(false)
}

/// A signing secret of at least 16 characters once trimmed. `\u0085` is whitespace to Rust's
/// trim, not to a JSON Schema `\s`.
pub fn trimmed_secret() -> Schema {
    text(
        r"[^\s\u0085].{14,}[^\s\u0085]",
        "At least 16 characters, leading and trailing spaces aside.",
    )
    .into()
}

/// An email address (trimmed and lowercased before use): what [`crate::input::Email`] accepts,
/// said as a pattern rather than `format: email` (which admits quoted local parts and hosts
/// without a dot). `\u0085` is whitespace to Rust, not to a JSON Schema (ECMA-262) `\s`.
pub fn email() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(
            r"^\s*[^@\s\u0085]+@[^@\s\u0085.]+(\.[^@\s\u0085.]+)+\s*$",
        ))
        .into()
}

/// A count of items, 1 or more: `2` or `"2"`.
pub fn quantity() -> Schema {
    whole_from_one(
        i64::from(crate::input::number::MAX_QUANTITY),
        r"^\s*0*[1-9][0-9]{0,4}\s*$",
        "A whole number from 1 to 100000, as a JSON number or text.",
    )
}

/// An amount in currency units, not negative: `158.45`, `"158.45"` or `"158,45"` (stored in
/// integer cents).
pub fn amount() -> Schema {
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(0))
                .maximum(Some(Cents::MAX_UNITS as f64 + 0.99))
                .multiple_of(Some(0.01)),
        )
        .item(text(
            r"^\s*\d{1,9}([.,]\d{1,2})?\s*$",
            "Decimal comma or point, at most two decimals.",
        ))
        .into()
}

/// A percentage above 0 and at most 100, to the hundredth: `10`, `12.5`, `"12,5"`.
pub fn percentage() -> Schema {
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(0.01))
                .maximum(Some(100.0))
                .multiple_of(Some(0.01)),
        )
        .item(text(
            r"^\s*(100([.,]0{1,2})?|0*[1-9][0-9]?([.,][0-9]{1,2})?|0+[.,]([1-9][0-9]?|0[1-9]))\s*$",
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
        .item(text(r"^\s*$", "Empty: not given."))
        .description(Some(
            "A date, YYYY-MM-DD, or a moment Y-m-d H:i:s (2026-03-15 10:00:00) naming that day; \
             empty for none.",
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

/// `schema`, or null: for an optional field, which serde reads null as absent.
fn or_null(schema: Schema) -> Schema {
    OneOfBuilder::new()
        .item(schema)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// [`string_or_number`], optional: blank or null for none.
pub fn optional_string_or_number() -> Schema {
    text_or_number()
}

/// [`positive_id`], optional: blank or null for none.
pub fn optional_positive_id() -> Schema {
    OneOfBuilder::new()
        .item(positive_id())
        .item(text(r"^[ \t\n\r]*$", "Empty: not given."))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// [`amount`], optional.
pub fn optional_amount() -> Schema {
    or_null(amount())
}

/// [`quantity`], optional.
pub fn optional_quantity() -> Schema {
    or_null(quantity())
}

/// [`timestamp`], optional: null or empty for none.
pub fn optional_timestamp() -> Schema {
    OneOfBuilder::new()
        .item(timestamp())
        .item(text(r"^\s*$", "Empty: not given."))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// [`email`], optional: blank or null for none.
pub fn optional_email() -> Schema {
    OneOfBuilder::new()
        .item(email())
        .item(text(r"^\s*$", "Empty: not given."))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// [`date`], optional (in a body; a query string has no null).
pub fn optional_date() -> Schema {
    or_null(date())
}

/// [`sav_status`], optional.
pub fn optional_sav_status() -> Schema {
    or_null(sav_status())
}
