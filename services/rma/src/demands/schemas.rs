//! The schemas of the demand routes' inputs that a derive cannot say: the lists the rules
//! check, and the free `site_*` and `client_*` families.

use platform::codes::rma_status::RmaStatus;
use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};

use super::model::{CLIENT_FIELDS, DEMAND_TYPES, RETURN_TO, SITE_FIELDS, has_own_route};
use super::number;

/// The codes of annex 5.1 that `demands/status` takes (a repair center's token is refused the
/// retailer's own, 403).
pub fn sendable_status() -> Schema {
    let codes = RmaStatus::ALL
        .into_iter()
        .filter(|status| !has_own_route(*status))
        .map(RmaStatus::code);
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .into()
}

/// The number a retailer may give its demand ([`number::RULE`]); blank or null for one made up.
/// Its first choice is the text [`route_names_are_no_number`] completes.
pub fn chosen_number() -> Schema {
    let text = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^\s*[A-Za-z0-9._+-]{1,64}\s*$"));
    OneOfBuilder::new()
        .item(text)
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^\s*$")),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// `document` with [`chosen_number`]'s rule that a route name is no number (utoipa's schema
/// types have no `not`).
pub fn route_names_are_no_number(document: &mut Value) {
    let members = document
        .pointer_mut("/components/schemas/DemandInput/allOf")
        .and_then(Value::as_array_mut);
    for member in members.into_iter().flatten() {
        if let Some(text) = member.pointer_mut("/properties/demand_number/oneOf/0") {
            text["not"] = serde_json::json!({"enum": number::ROUTE_NAMES});
        }
    }
}

/// Where the product goes back, or null.
pub fn return_to() -> Schema {
    let places = RETURN_TO
        .iter()
        .map(|p| Value::from(*p))
        .chain([Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(places))
        .into()
}

/// A demand's type, as section 3.9 names them.
pub fn demand_type() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(DEMAND_TYPES.iter().copied()))
        .into()
}

/// The `site_*` and `client_*` fields a creation may carry: text, a JSON number, or null.
pub fn parties() -> Schema {
    let text = || {
        let kinds = SchemaType::from_iter([Type::String, Type::Number, Type::Null]);
        ObjectBuilder::new().schema_type(kinds)
    };
    let mut object = ObjectBuilder::new().schema_type(Type::Object);
    for (family, fields) in [("site", SITE_FIELDS), ("client", CLIENT_FIELDS)] {
        for field in fields {
            object = object.property(format!("{family}_{field}"), text());
        }
    }
    object.into()
}
