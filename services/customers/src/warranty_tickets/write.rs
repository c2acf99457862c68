//! `POST` (one ticket per product line), `PUT` (the thirteen actions) and `DELETE` (only while
//! `pending`) of warranty tickets. Each change is one transaction, the ticket's row locked,
//! with its line in the history.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_permission};
use platform::db::{self, Pool, write_transaction};
use platform::input::{required, trimmed};
use platform::web::Json;
use platform::{AppError, Dialect};

use super::action::{Action, describe, image_list, images_of, status_of};
use super::input::{self, TicketInput};
use super::model::{ActionKind, Status, reference};
use super::responses::{CreatedTicket, TicketsCreated};
use super::store::{self, WarrantyTicket};
use crate::catalog::store as catalog;
use crate::customers::model::search_text;
use crate::errors::CustomersError;
use crate::images::ImageStore;
use crate::permissions as perm;
use crate::warranty_info::write::upload;

/// Stores each base64 image; on a failure, those already stored are removed.
async fn store_all(
    images: &web::Data<ImageStore>,
    data: Vec<String>,
) -> Result<Vec<String>, AppError> {
    let store = images.clone().into_inner();
    db::blocking(move || {
        let mut names = Vec::new();
        for item in data {
            match upload(&store, Some(item)) {
                Ok(Some(name)) => names.push(name),
                Ok(None) => {}
                Err(err) => {
                    store.forget(&names);
                    return Err(err);
                }
            }
        }
        Ok(names)
    })
    .await
}

#[utoipa::path(post, path = "/warranty-status", request_body = TicketInput,
    description = "Tạo phiếu bảo hành mới: one ticket per line of products, each with its reference, status pending. Quyền: customer.warranty_status.create. receiver and location (a known warehouse) are required.",
    responses(
        (status = 201, description = "Created.", body = TicketsCreated),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is missing or wrong (VALIDATION_ERROR, naming it: products[0].product_qty); LOCATION_NOT_FOUND; ERROR_UPLOAD_IMAGE."),
    ))]
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    body: Json<TicketInput>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_STATUS_CREATE)?;
    let body = body.0;
    let products = input::products(body.products)?;
    let receiver = required("receiver", body.receiver)?;
    let location = required("location", body.location)?;
    let warranty_type = input::warranty_type(body.warranty_type)?;
    let customer_phone = input::phone(body.customer_phone)?;
    let customer_name = trimmed(body.customer_name);
    let customer_address = trimmed(body.customer_address);
    let mut stored = Vec::new();
    for product in &products {
        let data = product.images.clone().unwrap_or_default();
        match store_all(&images, data).await {
            Ok(names) => stored.push(names),
            Err(err) => {
                images.forget(&stored.concat());
                return Err(err);
            }
        }
    }
    let now = Utc::now().naive_utc();
    let tickets: Vec<WarrantyTicket> = products
        .into_iter()
        .zip(&stored)
        .map(|(product, names)| {
            let id = uuid::Uuid::new_v4();
            WarrantyTicket {
                id: id.to_string(),
                reference: reference(now, &id),
                product_search: search_text(&product.name),
                product_name: product.name,
                product_qty: product.qty,
                product_status: product.status,
                product_img: image_list(names),
                supplier_search: search_text(product.supplier.as_deref().unwrap_or("")),
                supplier_name: product.supplier,
                note: product.note,
                customer_search: search_text(customer_name.as_deref().unwrap_or("")),
                customer_name: customer_name.clone(),
                customer_phone: customer_phone.clone(),
                customer_address: customer_address.clone(),
                warranty_type: warranty_type.clone(),
                person_name: caller.sub.clone(),
                receiver: receiver.clone(),
                location_id: location.clone(),
                cust_received_date: now,
                cust_return_date: None,
                supplier_send_date: None,
                supplier_return_date: None,
                repair_cost_cents: None,
                warranty_expenses_cents: None,
                other_cost: None,
                failure_reason: None,
                status: Status::Pending.as_str().into(),
                created_at: now,
            }
        })
        .collect();
    let outcome = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            if !catalog::location_exists(conn, &location)? {
                return Err(AppError::from(CustomersError::LocationNotFound));
            }
            let mut created = Vec::new();
            for t in tickets {
                store::insert(conn, &t)?;
                let log = format!("Tạo phiếu bảo hành {}", t.reference);
                store::record(conn, &t.id, &t.person_name, now, &log, None)?;
                created.push(CreatedTicket {
                    id: t.id,
                    reference: t.reference,
                });
            }
            Ok::<_, AppError>((created, Vec::new()))
        })
    })
    .await;
    let created = images.settle(outcome, &stored.concat())?;
    Ok(Dialect::Customers.success(
        StatusCode::CREATED,
        TicketsCreated {
            result: "SUCCESS",
            warranty_status: created,
        },
    ))
}

fn permission(kind: ActionKind) -> &'static str {
    use ActionKind as K;
    match kind {
        K::EditProduct => perm::WARRANTY_STATUS_EDIT_PRODUCT,
        K::EditCustomer => perm::WARRANTY_STATUS_EDIT_CUSTOMER,
        K::EditReceiveDate => perm::WARRANTY_STATUS_EDIT_RECEIVE_DATE,
        K::EditSupplier => perm::WARRANTY_STATUS_EDIT_SUPPLIER,
        K::EditSendDate => perm::WARRANTY_STATUS_EDIT_SEND_DATE,
        K::EditStatus => perm::WARRANTY_STATUS_EDIT_STATUS,
        K::EditCost => perm::WARRANTY_STATUS_EDIT_COST,
        K::AddProgressNote => perm::WARRANTY_STATUS_ADD_PROGRESS_NOTE,
        K::ForwardWarranty => perm::WARRANTY_STATUS_FORWARD_WARRANTY,
        K::SendToSupplier => perm::WARRANTY_STATUS_SEND_TO_SUPPLIER,
        K::ReceivedFromSupplier => perm::WARRANTY_STATUS_RECEIVED_FROM_SUPPLIER,
        K::CompleteWarranty => perm::WARRANTY_STATUS_COMPLETE_WARRANTY,
        K::EditOtherCost => perm::WARRANTY_STATUS_EDIT_OTHER_COST,
    }
}

#[utoipa::path(put, path = "/warranty-status/{warranty_id}", request_body = TicketInput,
    params(("warranty_id" = String, Path, description = "The ticket's uuid.")),
    description = "Cập nhật phiếu bảo hành theo action, each with its permission customer.warranty_status.<action in snake case>: editProduct (product_name, product_qty required), editCustomer (customer_name), editReceiveDate (cust_received_date), editSupplier (supplier_name; pending only), editSendDate (supplier_send_date; receive only), editStatus (status send|receive|success, forward only), editCost (repair_cost, warranty_expenses; receive only), addProgressNote (progress_note_text and/or progress_note_img), forwardWarranty (receiver, location), sendToSupplier (supplier_name; pending → send), receivedFromSupplier (location; warranty_expenses, repair_cost; send → receive), completeWarranty (other_cost; receive → success), editOtherCost (other_cost; success only). Nothing but editOtherCost on a completed ticket.",
    responses(
        (status = 200, description = "Changed.", example = json!({"result": "SUCCESS"})),
        (status = 404, description = "Unknown ticket (WARRANTY_STATUS_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is missing or wrong (VALIDATION_ERROR); WARRANTY_ALREADY_COMPLETED, WARRANTY_NOT_COMPLETED, INVALID_STATUS_TRANSITION, SEND_DATE_UPDATE_NOT_ALLOWED, WARRANTY_ALREADY_SENT, WARRANTY_NOT_SENT, WARRANTY_ALREADY_RECEIVED, WARRANTY_NOT_RECEIVED, LOCATION_NOT_FOUND, ERROR_UPLOAD_IMAGE."),
    ))]
pub async fn edit(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    id: web::Path<String>,
    body: Json<TicketInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let mut body = body.0;
    let name = required("action", body.action.take())?;
    let kind = ActionKind::parse(&name).ok_or_else(|| {
        AppError::invalid_field(
            "action",
            format!("must be one of {}", ActionKind::NAMES.join(", ")),
        )
    })?;
    require_permission(&caller, permission(kind))?;
    let action = Action::parse(kind, body)?;
    let stored = store_all(&images, action.uploads()).await?;
    let person = caller.sub.clone();
    let names = stored.clone();
    let outcome = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let mut t = store::locked(conn, &id)?.ok_or(CustomersError::WarrantyStatusNotFound)?;
            kind.allowed(status_of(&t)?)?;
            if let Some(location) = action.location()
                && !catalog::location_exists(conn, location)?
            {
                return Err(AppError::from(CustomersError::LocationNotFound));
            }
            let before = t.clone();
            let now = Utc::now().naive_utc();
            let note = match &action {
                Action::AddProgressNote { text, .. } => Some(format!(
                    "{}: {}",
                    kind.name(),
                    text.as_deref().unwrap_or("(ảnh)")
                )),
                _ => None,
            };
            let note_image = matches!(action, Action::AddProgressNote { .. })
                .then(|| names.first().cloned())
                .flatten();
            action.apply(&mut t, now, &names)?;
            let log = note.unwrap_or_else(|| describe(kind.name(), &before, &t));
            store::save(conn, &t)?;
            store::record(conn, &t.id, &person, now, &log, note_image.as_deref())?;
            let kept = images_of(&t);
            let replaced = images_of(&before)
                .into_iter()
                .filter(|old| !kept.contains(old));
            Ok::<_, AppError>(((), replaced.collect()))
        })
    })
    .await;
    images.settle(outcome, &stored)?;
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}

#[utoipa::path(delete, path = "/warranty-status/{warranty_id}",
    params(("warranty_id" = String, Path, description = "The ticket's uuid.")),
    description = "Xóa phiếu bảo hành (its history and images with it), only while pending. Quyền: customer.warranty_status.delete.",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "Unknown ticket (WARRANTY_STATUS_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "No longer pending: WARRANTY_ALREADY_SENT, WARRANTY_ALREADY_RECEIVED, WARRANTY_ALREADY_COMPLETED."),
    ))]
pub async fn delete(
    caller: Caller,
    pool: web::Data<Pool>,
    images: web::Data<ImageStore>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_STATUS_DELETE)?;
    let id = id.into_inner();
    let gone = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let t = store::locked(conn, &id)?.ok_or(CustomersError::WarrantyStatusNotFound)?;
            match status_of(&t)? {
                Status::Pending => {}
                Status::Send => return Err(CustomersError::WarrantyAlreadySent.into()),
                Status::Receive => return Err(CustomersError::WarrantyAlreadyReceived.into()),
                Status::Success => return Err(CustomersError::WarrantyAlreadyCompleted.into()),
            }
            let mut names = images_of(&t);
            names.extend(store::history_images(conn, &id)?);
            store::delete(conn, &id)?;
            Ok::<_, AppError>(names)
        })
    })
    .await?;
    images.forget(&gone);
    Ok(HttpResponse::NoContent().finish())
}
