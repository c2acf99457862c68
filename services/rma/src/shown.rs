//! How every date leaves the service: the document's form, `2021-09-22 09:45:17` (UTC).

use std::fmt;

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Serialize, Serializer};

/// A date in the document's form, written without a format parser (`retrieverequests` writes
/// hundreds at a time).
#[derive(Debug, Clone, Copy)]
pub struct Shown(pub NaiveDateTime);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )
    }
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The schema of a [`Shown`] date, for `#[schema(schema_with = …)]`.
pub fn schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"))
        .description(Some("UTC, Y-m-d H:i:s as the document writes it."))
        .examples(["2021-09-22 09:45:17"])
        .into()
}

/// [`schema`], or null.
pub fn nullable() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .pattern(Some(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"))
        .description(Some(
            "UTC, Y-m-d H:i:s as the document writes it; null when not yet.",
        ))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_documents_form() {
        let at = chrono::NaiveDate::from_ymd_opt(2021, 9, 2)
            .and_then(|d| d.and_hms_opt(9, 5, 7))
            .map(Shown);
        assert_eq!(
            at.map(|s| s.to_string()).as_deref(),
            Some("2021-09-02 09:05:07")
        );
    }
}
