//! The SAV service's document, derived from its handlers' `#[utoipa::path]` attributes and their
//! input and output types (`proto-docs/sav.openapi.json`); the platform adds the envelope, the
//! error shape and the failures every route may meet.

use platform::openapi::aliases::{Alias, with_aliases};
use platform::openapi::pieces;
use platform::webhooks::handlers as webhooks;
use platform::webhooks::with_event_names;
use utoipa::OpenApi;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};

use crate::chatbot::handlers as chatbot;
use crate::repairs::handlers as repairs;
use crate::sales::handlers as sales;
use crate::savs::handlers as savs;

#[derive(OpenApi)]
#[openapi(paths(
    sales::upsert_sales,
    savs::customer_sav_status,
    savs::create_sale_sav,
    savs::update_sale_sav,
    chatbot::eligibility,
    chatbot::chatbot_ticket,
    savs::list_savs,
    savs::get_sav,
    repairs::ask_repair,
    repairs::demand_status,
    webhooks::register,
    webhooks::list,
    webhooks::remove,
    webhooks::deliveries,
))]
pub struct ApiDoc;

/// The service's document: derived, with the webhook events it publishes and the camelCase
/// spelling of `type_pb` that the document's clients send.
pub fn document() -> serde_json::Value {
    let derived = with_event_names(
        platform::openapi::derived::<ApiDoc>(),
        &crate::webhooks::MOUNT,
    );
    let type_pb = Alias {
        schema: "SavInput",
        field: "type_pb",
        aliases: &["typePb"],
    };
    let bodies = ["SavCreation", "SavCreationForm", "SavUpdateForm"]
        .map(|schema| Alias { schema, ..type_pb });
    let mut document = derived;
    sav_bodies(&mut document);
    with_aliases(document, &[&[type_pb], &bodies[..]].concat())
        .unwrap_or_else(|alias| panic!("{alias:?}: no input type declares it"))
}

/// A yes-or-no field as [`crate::savs::input`] reads it (its `flag`), or null.
pub fn flag() -> Schema {
    let words = r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy]([Ee][Ss])?|[Nn][Oo]?|[+-]?[0-9]{1,18}|null)?\s*$";
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Boolean))
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(words)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// `products` in a form: `A:2,B` (a SKU, then its quantity when not 1).
fn products_text() -> ObjectBuilder {
    let entry = r"(\s*|[^:,]*[^:,\s][^:,]*(: *0*[1-9][0-9]{0,4} *)?)";
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^{entry}(,{entry})*$")))
}

/// `products`: SKUs, or `{"sku", "quantity"}` objects, or the form's text.
pub fn products() -> Schema {
    let sku = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"\S"))
    };
    let full = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("sku", sku())
        .property("quantity", pieces::optional_quantity())
        .required("sku");
    let item = OneOfBuilder::new().item(sku()).item(full);
    OneOfBuilder::new()
        .item(ArrayBuilder::new().items(item))
        .item(products_text())
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some("The quantity is 1 when not given."))
        .into()
}

/// The bodies of the creation and the update: the creation requires `sale_ref`, and a form
/// carries `products` as text only (a form has no lists of objects).
fn sav_bodies(document: &mut serde_json::Value) {
    let update = document["components"]["schemas"]["SavInput"].clone();
    let mut creation = update.clone();
    creation["required"] = serde_json::json!(["sale_ref"]);
    creation["properties"]["sale_ref"] =
        serde_json::to_value(pieces::string_or_number()).unwrap_or_default();
    let products = serde_json::to_value(Schema::from(products_text())).unwrap_or_default();
    let as_form = |mut schema: serde_json::Value| {
        schema["properties"]["products"] = products.clone();
        schema
    };
    let schemas = &mut document["components"]["schemas"];
    schemas["SavUpdateForm"] = as_form(update);
    schemas["SavCreationForm"] = as_form(creation.clone());
    schemas["SavCreation"] = creation;
    for (path, json, form) in [
        (
            "/paths/~1sav~1create-sale-sav/post/requestBody/content",
            "SavCreation",
            "SavCreationForm",
        ),
        (
            "/paths/~1sav~1update-new-sale-sav~1{id}/post/requestBody/content",
            "SavInput",
            "SavUpdateForm",
        ),
    ] {
        let Some(contents) = document.pointer_mut(path) else {
            continue;
        };
        for (media, name) in [
            ("application/json", json),
            ("application/x-www-form-urlencoded", form),
        ] {
            contents[media]["schema"]["$ref"] =
                serde_json::json!(format!("#/components/schemas/{name}"));
        }
    }
}

/// The problem types the chatbot's ticket accepts, seed 000's spelling and its aliases.
pub fn forgotten_coupon_type() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(
            crate::chatbot::model::SAV_TYPE_ALIASES.iter().copied(),
        ))
        .into()
}
