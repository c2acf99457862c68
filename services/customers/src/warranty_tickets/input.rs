//! What the warranty ticket routes read: the one body of `POST` and `PUT`, and its fields
//! checked, each refusal naming its field.

use chrono::NaiveDateTime;
use platform::AppError;
use platform::input::{dates, number, required, string_or_number, trimmed};
use platform::money::Cents;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::customers::model::Phone;

/// A product line of `POST /warranty-status`: one ticket each.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ProductLine {
    /// Tên sản phẩm. Required.
    pub product_name: Option<String>,
    /// Số lượng sản phẩm, 1 to 100000. Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::quantity)]
    pub product_qty: Option<String>,
    /// Tình trạng sản phẩm. Required.
    pub product_status: Option<String>,
    /// A JSON string holding an array of base64 images (an array or one base64 string is read
    /// too).
    #[schema(value_type = Option<String>)]
    pub product_img: Option<Value>,
    /// Tên NCC.
    pub supplier_name: Option<String>,
    /// Ghi chú.
    pub note: Option<String>,
}

/// The body of `POST` and `PUT /warranty-status`; which fields count depends on the action.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TicketInput {
    /// POST: the product lines, an array or a JSON string of one. Required.
    #[schema(value_type = Option<Vec<ProductLine>>)]
    pub products: Option<Value>,
    /// Người xử lý. Required (POST, forwardWarranty).
    pub receiver: Option<String>,
    /// ID kho hàng. Required (POST, forwardWarranty, receivedFromSupplier).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub location: Option<String>,
    /// `customer` | `company`.
    pub warranty_type: Option<String>,
    /// Required (editCustomer).
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    pub customer_address: Option<String>,
    /// PUT: one of the thirteen actions. Required.
    pub action: Option<String>,
    /// editProduct. Required.
    pub product_name: Option<String>,
    /// editProduct. Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub product_qty: Option<String>,
    pub product_status: Option<String>,
    /// editProduct: a JSON string holding an array of base64 images; replaces the images.
    #[schema(value_type = Option<String>)]
    pub product_img: Option<Value>,
    /// Required (editSupplier, sendToSupplier).
    pub supplier_name: Option<String>,
    pub note: Option<String>,
    /// editReceiveDate: `Y-m-d H:i:s` (UTC). Required.
    #[schema(schema_with = platform::openapi::pieces::optional_timestamp)]
    pub cust_received_date: Option<String>,
    /// editSendDate: `Y-m-d H:i:s` (UTC). Required.
    #[schema(schema_with = platform::openapi::pieces::optional_timestamp)]
    pub supplier_send_date: Option<String>,
    /// editStatus: `send` | `receive` | `success`. Required.
    pub status: Option<String>,
    /// Chi phí sửa chữa: an amount (`150000`, `"2404.50"`), kept to the cent.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::amount)]
    pub repair_cost: Option<String>,
    /// Chi phí bảo hành: an amount, kept to the cent.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::amount)]
    pub warranty_expenses: Option<String>,
    pub progress_note_text: Option<String>,
    /// One base64 image (or a data: URL).
    pub progress_note_img: Option<String>,
    /// Số hóa đơn thu tiền (completeWarranty, editOtherCost).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::optional_string_or_number)]
    pub other_cost: Option<String>,
}

/// A checked product line.
#[derive(Debug, Clone)]
pub struct Product {
    pub name: String,
    pub qty: i32,
    pub status: String,
    /// The base64 images to store; `None` when not given.
    pub images: Option<Vec<String>>,
    pub supplier: Option<String>,
    pub note: Option<String>,
}

pub fn quantity(field: &str, value: Option<String>) -> Result<i32, AppError> {
    let text = required(field, value)?;
    number::whole_in::<i32>(&text, 1..=100_000)
        .ok_or_else(|| AppError::invalid_field(field, "must be a whole number from 1 to 100000"))
}

/// `product_img`: a JSON string of an array of base64 images, the array itself, or one base64
/// image; blank or `[]` is none.
pub fn images(field: &str, value: Option<Value>) -> Result<Option<Vec<String>>, AppError> {
    let bad = || AppError::invalid_field(field, "must be a JSON array of base64 images");
    let strings = |items: Vec<Value>| {
        items
            .into_iter()
            .map(|item| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()
    };
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => strings(items).map(Some),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Some(Vec::new())),
        Some(Value::String(text)) if text.trim_start().starts_with('[') => {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(items)) => strings(items).map(Some),
                _ => Err(bad()),
            }
        }
        Some(Value::String(text)) => Ok(Some(vec![text])),
        Some(_) => Err(bad()),
    }
}

/// `products`: an array of lines or a JSON string of one, each line checked; every problem
/// named by its line (`products[1].product_qty`).
pub fn products(value: Option<Value>) -> Result<Vec<Product>, AppError> {
    let value = match value {
        Some(Value::String(text)) => serde_json::from_str::<Value>(&text)
            .map_err(|_| AppError::invalid_field("products", "must be a JSON array of products"))?,
        Some(value) => value,
        None => return Err(AppError::invalid_field("products", "is required")),
    };
    let lines: Vec<ProductLine> = serde_json::from_value(value).map_err(|e| {
        AppError::invalid_field("products", format!("must be an array of products: {e}"))
    })?;
    if lines.is_empty() {
        return Err(AppError::invalid_field("products", "is required"));
    }
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (index, line) in lines.into_iter().enumerate() {
        let field = |name: &str| format!("products[{index}].{name}");
        let name = required(&field("product_name"), line.product_name);
        let qty = quantity(&field("product_qty"), line.product_qty);
        let status = required(&field("product_status"), line.product_status);
        let images = images(&field("product_img"), line.product_img);
        match (name, qty, status, images) {
            (Ok(name), Ok(qty), Ok(status), Ok(images)) => checked.push(Product {
                name,
                qty,
                status,
                images,
                supplier: trimmed(line.supplier_name),
                note: trimmed(line.note),
            }),
            (name, qty, status, images) => {
                for err in [name.err(), qty.err(), status.err(), images.err()]
                    .into_iter()
                    .flatten()
                {
                    problems.extend(err.fields().iter().cloned());
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(AppError::invalid_fields(problems))
    }
}

pub fn moment(field: &str, value: Option<String>) -> Result<NaiveDateTime, AppError> {
    let text = required(field, value)?;
    dates::timestamp(&text)
        .ok_or_else(|| AppError::invalid_field(field, "must be a moment written Y-m-d H:i:s"))
}

/// An optional cost: absent or blank is `None`; otherwise 0 or more with at most two decimals.
pub fn cost(field: &str, value: Option<String>) -> Result<Option<Cents>, AppError> {
    trimmed(value)
        .map(|text| {
            Cents::parse(&text).ok().filter(|c| c.0 >= 0).ok_or_else(|| {
                AppError::invalid_field(
                    field,
                    "must be an amount of 0 or more with at most two decimals, like 150000 or 2404.50",
                )
            })
        })
        .transpose()
}

/// An optional phone: blank is none; otherwise a valid one, stored as national digits.
pub fn phone(value: Option<String>) -> Result<Option<String>, AppError> {
    trimmed(value)
        .map(|p| {
            Phone::parse(&p)
                .map(|p| p.as_str().to_string())
                .ok_or_else(|| AppError::invalid_field("customer_phone", "is not a valid phone"))
        })
        .transpose()
}

pub const WARRANTY_TYPES: [&str; 2] = ["customer", "company"];

pub fn warranty_type(value: Option<String>) -> Result<Option<String>, AppError> {
    trimmed(value)
        .map(|kind| {
            platform::input::one_of("warranty_type", &kind, &WARRANTY_TYPES)
                .map(str::to_string)
                .map_err(|problem| AppError::invalid_fields(vec![problem]))
        })
        .transpose()
}
