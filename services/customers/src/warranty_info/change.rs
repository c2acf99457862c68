//! The `PUT` actions of a warranty registration, checked, applied to its row, and the log line
//! of what they changed.

use chrono::NaiveDate;
use platform::AppError;
use platform::db::DbConn;
use platform::input::{required, trimmed};

use super::model::{changed, expiry};
use super::store::Warranty;
use super::write::{WarrantyInput, check_product, customer_of, date_of, months_of};
use crate::categories::handlers::flag;
use crate::customers::model::Phone;
use crate::customers::store as customers;
use crate::errors::CustomersError;

/// One PUT action, its fields checked.
pub enum Change {
    Product {
        ticket: String,
        product: String,
        model: Option<String>,
        serial: Option<String>,
        code: Option<String>,
        image: Option<String>,
    },
    Customer {
        id: i64,
        phone: Phone,
    },
    Status {
        status: bool,
        months: Option<i32>,
        active: Option<NaiveDate>,
        expired: Option<NaiveDate>,
    },
    Note(Option<String>),
}

impl Change {
    pub fn parse(action: &str, input: WarrantyInput) -> Result<Self, AppError> {
        Ok(match action {
            "editProduct" => Change::Product {
                ticket: required("ticketid", input.ticketid)?,
                product: required("product_id", input.product_id)?,
                model: input.model,
                serial: input.serial_num,
                code: input.private_code,
                image: input.image,
            },
            "editCustomer" => {
                let (id, phone) = customer_of(input.cust_id, input.cust_phone)?;
                Change::Customer { id, phone }
            }
            "editStatus" => Change::Status {
                status: flag("status", input.status)?,
                months: months_of(input.time_warranty)?,
                active: date_of("active_date", input.active_date)?,
                expired: date_of("expired_date", input.expired_date)?,
            },
            _ => Change::Note(trimmed(input.note)),
        })
    }

    /// Absent optional fields keep their value, blank ones clear it.
    pub fn apply(
        self,
        conn: &mut DbConn,
        w: &mut Warranty,
        image: Option<String>,
    ) -> Result<(), AppError> {
        let keep = |given: Option<String>, old: Option<String>| match given {
            Some(text) => trimmed(Some(text)),
            None => old,
        };
        match self {
            Change::Product {
                ticket,
                product,
                model,
                serial,
                code,
                ..
            } => {
                w.ticket_id = ticket;
                w.product_id = product;
                w.model = keep(model, w.model.take());
                w.serial_num = keep(serial, w.serial_num.take());
                w.private_code = keep(code, w.private_code.take());
                if image.is_some() {
                    w.image = image;
                }
                check_product(conn, w)?;
            }
            Change::Customer { id, phone } => {
                if !customers::exists(conn, id)? {
                    return Err(CustomersError::CustomerNotFound.into());
                }
                w.customer_id = id;
                w.cust_phone = phone.as_str().to_string();
            }
            Change::Status {
                status,
                months,
                active,
                expired,
            } => {
                w.status = status;
                w.time_warranty = months.unwrap_or(w.time_warranty);
                w.active_date = active.unwrap_or(w.active_date);
                w.expired_date = match expired {
                    Some(date) => date,
                    None if months.is_some() || active.is_some() => {
                        expiry(w.active_date, w.time_warranty.unsigned_abs())
                    }
                    None => w.expired_date,
                };
            }
            Change::Note(note) => w.note = note,
        }
        Ok(())
    }
}

/// The log line of a change: each field that changed, before and after.
pub fn describe(before: &Warranty, after: &Warranty) -> String {
    let text = |s: &Option<String>| s.clone();
    let fields = [
        changed("ticketid", Some(&before.ticket_id), Some(&after.ticket_id)),
        changed(
            "product_id",
            Some(&before.product_id),
            Some(&after.product_id),
        ),
        changed(
            "model",
            text(&before.model).as_deref(),
            after.model.as_deref(),
        ),
        changed(
            "serial_num",
            before.serial_num.as_deref(),
            after.serial_num.as_deref(),
        ),
        changed(
            "private_code",
            before.private_code.as_deref(),
            after.private_code.as_deref(),
        ),
        changed("image", before.image.as_deref(), after.image.as_deref()),
        changed(
            "cust_id",
            Some(&before.customer_id.to_string()),
            Some(&after.customer_id.to_string()),
        ),
        changed(
            "cust_phone",
            Some(&before.cust_phone),
            Some(&after.cust_phone),
        ),
        changed(
            "status",
            Some(if before.status { "Y" } else { "N" }),
            Some(if after.status { "Y" } else { "N" }),
        ),
        changed(
            "time_warranty",
            Some(&before.time_warranty.to_string()),
            Some(&after.time_warranty.to_string()),
        ),
        changed(
            "active_date",
            Some(&before.active_date.to_string()),
            Some(&after.active_date.to_string()),
        ),
        changed(
            "expired_date",
            Some(&before.expired_date.to_string()),
            Some(&after.expired_date.to_string()),
        ),
        changed("note", before.note.as_deref(), after.note.as_deref()),
    ];
    let lines: Vec<String> = fields.into_iter().flatten().collect();
    if lines.is_empty() {
        "Không thay đổi".into()
    } else {
        lines.join("; ")
    }
}
