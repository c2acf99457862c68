//! `POST`, `PUT` (`editProduct` | `editCustomer` | `editStatus` | `editNote`) and `DELETE` of
//! warranty registrations. Each change is one transaction with its line in the history.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, Utc};
use platform::auth::{Caller, require_permission};
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::input::{dates, number, required, string_or_number, trimmed};
use platform::web::Json;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;

use super::change::{Change, describe};
use super::model::{expiry, product_search, serial_key};
use super::responses::WarrantyCreated;
use super::store::{self, Warranty};
use crate::config::CustomersSettings;
use crate::customers::model::Phone;
use crate::customers::store as customers;
use crate::errors::CustomersError;
use crate::images::{ImageError, ImageStore};
use crate::permissions as perm;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct WarrantyInput {
    /// editProduct | editCustomer | editStatus | editNote (PUT only).
    pub(super) action: Option<String>,
    /// ID hóa đơn. Required (create, editProduct).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub(super) ticketid: Option<String>,
    /// ID khách hàng. Required (create, editCustomer).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub(super) cust_id: Option<String>,
    /// SĐT khách hàng. Required (create, editCustomer).
    pub(super) cust_phone: Option<String>,
    /// ID sản phẩm, a line of the ticket. Required (create, editProduct).
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub(super) product_id: Option<String>,
    /// Ảnh sản phẩm (base64, or a data: URL).
    pub(super) image: Option<String>,
    pub(super) model: Option<String>,
    pub(super) serial_num: Option<String>,
    /// Mã an ninh.
    pub(super) private_code: Option<String>,
    /// Months; the expiry is active_date plus this when expired_date is not given.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    pub(super) time_warranty: Option<String>,
    /// Y-m-d; by default the ticket's sale date.
    #[schema(schema_with = platform::openapi::pieces::date)]
    pub(super) active_date: Option<String>,
    /// Y-m-d.
    #[schema(schema_with = platform::openapi::pieces::date)]
    pub(super) expired_date: Option<String>,
    pub(super) note: Option<String>,
    /// editStatus: `Y` | `N`. Required.
    pub(super) status: Option<String>,
}

pub(super) fn date_of(field: &str, value: Option<String>) -> Result<Option<NaiveDate>, AppError> {
    trimmed(value)
        .map(|v| {
            dates::date(&v)
                .ok_or_else(|| AppError::invalid_field(field, "must be a date written YYYY-MM-DD"))
        })
        .transpose()
}

pub(super) fn months_of(value: Option<String>) -> Result<Option<i32>, AppError> {
    trimmed(value)
        .map(|v| {
            number::whole::<i32>(&v)
                .filter(|m| (0..=1200).contains(m))
                .ok_or_else(|| {
                    AppError::invalid_field(
                        "time_warranty",
                        "must be a number of months from 0 to 1200",
                    )
                })
        })
        .transpose()
}

pub(super) fn customer_of(
    id: Option<String>,
    phone: Option<String>,
) -> Result<(i64, Phone), AppError> {
    let id = required("cust_id", id)?;
    let id = number::whole::<i64>(&id).ok_or(CustomersError::CustomerNotFound)?;
    let phone = trimmed(phone)
        .and_then(|p| Phone::parse(&p))
        .ok_or(CustomersError::ErrorCustomerPhone)?;
    Ok((id, phone))
}

pub(crate) fn upload(
    images: &ImageStore,
    data: Option<String>,
) -> Result<Option<String>, AppError> {
    match trimmed(data) {
        None => Ok(None),
        Some(data) => images
            .save_base64(&data)
            .map(Some)
            .map_err(|err| match err {
                ImageError::Rejected(why) => {
                    AppError::coded(CustomersError::ErrorUploadImage, format!("image: {why}"))
                }
                ImageError::Storage(cause) => {
                    AppError::from(CustomersError::ErrorUpdateImage).with_cause(cause)
                }
            }),
    }
}

/// Checks the product is a line of the ticket and the serial is free; the ticket's sale date.
pub(super) fn check_product(conn: &mut DbConn, w: &mut Warranty) -> Result<NaiveDate, AppError> {
    let (sold_at, name) = store::ticket_product(conn, &w.ticket_id, &w.product_id)?
        .ok_or(CustomersError::TicketProductNotFound)?;
    w.product_name = name;
    w.serial_key = w.serial_num.as_deref().and_then(serial_key);
    if let Some(key) = &w.serial_key
        && store::serial_taken(conn, key, &w.id)?
    {
        return Err(CustomersError::SerialNumberExists.into());
    }
    w.product_search = product_search(&[
        Some(&w.product_name),
        Some(&w.product_id),
        w.model.as_deref(),
        w.serial_num.as_deref(),
        w.serial_key.as_deref(),
    ]);
    Ok(sold_at.date())
}

#[utoipa::path(post, path = "/warranty-info", request_body = WarrantyInput,
    description = "Tạo một thông tin bảo hành mới. Quyền: customer.warranty_info.create. active_date defaults to the ticket's sale date, expired_date to active_date + time_warranty months (12 when not given).",
    responses(
        (status = 201, description = "Created.", body = WarrantyCreated),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is missing (VALIDATION_ERROR); TICKET_PRODUCT_NOT_FOUND, SERIAL_NUMBER_EXISTS, CUSTOMER_NOT_FOUND, ERROR_CUSTOMER_PHONE, ERROR_UPLOAD_IMAGE."),
    ))]
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    rules: web::Data<CustomersSettings>,
    body: Json<WarrantyInput>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_INFO_CREATE)?;
    let input = body.0;
    let ticket_id = required("ticketid", input.ticketid)?;
    let product_id = required("product_id", input.product_id)?;
    let (customer_id, phone) = customer_of(input.cust_id, input.cust_phone)?;
    let active = date_of("active_date", input.active_date)?;
    let expired = date_of("expired_date", input.expired_date)?;
    let months = months_of(input.time_warranty)?;
    let default_months = i32::try_from(rules.default_warranty_months).unwrap_or(12);
    let store_images = images.clone().into_inner();
    let data = input.image;
    let image = db::blocking(move || upload(&store_images, data)).await?;
    let now = Utc::now().naive_utc();
    let mut w = Warranty {
        id: uuid::Uuid::new_v4().to_string(),
        ticket_id,
        product_id,
        product_name: String::new(),
        model: trimmed(input.model),
        serial_num: trimmed(input.serial_num),
        serial_key: None,
        private_code: trimmed(input.private_code),
        product_search: String::new(),
        image: image.clone(),
        customer_id,
        cust_phone: phone.as_str().to_string(),
        time_warranty: months.unwrap_or(default_months),
        active_date: NaiveDate::MIN,
        expired_date: NaiveDate::MIN,
        status: true,
        note: trimmed(input.note),
        person_id: caller.sub.clone(),
        person_name: caller.sub.clone(),
        created_at: now,
    };
    let outcome = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let sold = check_product(conn, &mut w)?;
            if !customers::exists(conn, w.customer_id)? {
                return Err(CustomersError::CustomerNotFound.into());
            }
            w.active_date = active.unwrap_or(sold);
            w.expired_date =
                expired.unwrap_or_else(|| expiry(w.active_date, w.time_warranty.unsigned_abs()));
            store::insert(conn, &w)
                .unique_violation_as(|| CustomersError::SerialNumberExists.into())?;
            store::record(conn, &w.id, &w.person_name, "Tạo thông tin bảo hành", now)?;
            Ok::<_, AppError>((w.id, Vec::new()))
        })
    })
    .await;
    let id = images.settle(outcome, image.as_slice())?;
    Ok(Dialect::Customers.success(
        StatusCode::CREATED,
        WarrantyCreated {
            result: "SUCCESS",
            id,
        },
    ))
}

#[utoipa::path(put, path = "/warranty-info/{warranty_id}", request_body = WarrantyInput,
    params(("warranty_id" = String, Path, description = "The registration's uuid.")),
    description = "editProduct (quyền customer.warranty_info.edit_product: ticketid, product_id required; model, serial_num, private_code, image) | editCustomer (customer.warranty_info.edit_customer: cust_id, cust_phone) | editStatus (customer.warranty_info.edit_status: status Y|N; time_warranty, active_date, expired_date) | editNote (customer.warranty_info.edit_note).",
    responses(
        (status = 200, description = "Changed.", example = json!({"result": "SUCCESS"})),
        (status = 404, description = "Unknown registration (WARRANTY_INFO_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is missing (VALIDATION_ERROR); TICKET_PRODUCT_NOT_FOUND, SERIAL_NUMBER_EXISTS (editProduct); CUSTOMER_NOT_FOUND, ERROR_CUSTOMER_PHONE (editCustomer); ERROR_UPLOAD_IMAGE."),
    ))]
pub async fn edit(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    id: web::Path<String>,
    body: Json<WarrantyInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let input = body.0;
    let action = required("action", input.action.clone())?;
    let permission = match action.as_str() {
        "editProduct" => perm::WARRANTY_INFO_EDIT_PRODUCT,
        "editCustomer" => perm::WARRANTY_INFO_EDIT_CUSTOMER,
        "editStatus" => perm::WARRANTY_INFO_EDIT_STATUS,
        "editNote" => perm::WARRANTY_INFO_EDIT_NOTE,
        _ => {
            return Err(AppError::invalid_field(
                "action",
                "must be one of editProduct, editCustomer, editStatus, editNote",
            ));
        }
    };
    require_permission(&caller, permission)?;
    let change = Change::parse(&action, input)?;
    let new_image = match &change {
        Change::Product { image, .. } => {
            let (store_images, data) = (images.clone().into_inner(), image.clone());
            db::blocking(move || upload(&store_images, data)).await?
        }
        _ => None,
    };
    let person = caller.sub.clone();
    let kept_image = new_image.clone();
    let outcome = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let mut w = store::locked(conn, &id)?.ok_or(CustomersError::WarrantyInfoNotFound)?;
            let before = w.clone();
            change.apply(conn, &mut w, kept_image)?;
            let log = describe(&before, &w);
            store::save(conn, &w)
                .unique_violation_as(|| CustomersError::SerialNumberExists.into())?;
            store::record(conn, &w.id, &person, &log, Utc::now().naive_utc())?;
            let replaced = before.image.filter(|old| w.image.as_ref() != Some(old));
            Ok::<_, AppError>(((), Vec::from_iter(replaced)))
        })
    })
    .await;
    images.settle(outcome, new_image.as_slice())?;
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}

#[utoipa::path(delete, path = "/warranty-info/{warranty_id}",
    params(("warranty_id" = String, Path, description = "The registration's uuid.")),
    description = "Xóa một thông tin bảo hành (and its image). Quyền: customer.warranty_info.delete.",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "Unknown registration (WARRANTY_INFO_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn delete(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_INFO_DELETE)?;
    let id = id.into_inner();
    let images = images.into_inner();
    db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let w = store::locked(conn, &id)?.ok_or(CustomersError::WarrantyInfoNotFound)?;
            store::delete(conn, &id)?;
            if let Some(name) = &w.image {
                images.delete(name).map_err(|err| {
                    AppError::from(CustomersError::ErrorDeleteImage).with_cause(format!("{err:?}"))
                })?;
            }
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
