//! The thirteen `PUT` actions: each read from the body with its fields checked, then applied to
//! the ticket's row under the document's state rules, and the history line of what changed.

use chrono::NaiveDateTime;
use platform::AppError;
use platform::input::{required, trimmed};
use platform::money::Cents;

use super::input::{self, TicketInput};
use super::model::{ActionKind, Status, changed, transition};
use super::store::WarrantyTicket;
use crate::customers::model::search_text;
use crate::errors::CustomersError;

/// One PUT action, its fields checked. Optional texts: absent keeps, blank clears.
#[derive(Debug, Clone)]
pub enum Action {
    EditProduct {
        name: String,
        qty: i32,
        status: Option<String>,
        images: Option<Vec<String>>,
        supplier: Option<String>,
        note: Option<String>,
    },
    EditCustomer {
        name: String,
        phone: Option<Option<String>>,
        address: Option<String>,
    },
    EditReceiveDate(NaiveDateTime),
    EditSupplier(String),
    EditSendDate(NaiveDateTime),
    EditStatus(Status),
    EditCost {
        repair: Option<Cents>,
        expenses: Option<Cents>,
    },
    AddProgressNote {
        text: Option<String>,
        image: Option<String>,
    },
    ForwardWarranty {
        receiver: String,
        location: String,
    },
    SendToSupplier(String),
    ReceivedFromSupplier {
        location: String,
        repair: Option<Cents>,
        expenses: Option<Cents>,
    },
    CompleteWarranty(Option<String>),
    EditOtherCost(String),
}

impl Action {
    pub fn parse(kind: ActionKind, body: TicketInput) -> Result<Self, AppError> {
        use ActionKind as K;
        Ok(match kind {
            K::EditProduct => Action::EditProduct {
                name: required("product_name", body.product_name)?,
                qty: input::quantity("product_qty", body.product_qty)?,
                status: trimmed(body.product_status),
                images: input::images("product_img", body.product_img)?,
                supplier: body.supplier_name,
                note: body.note,
            },
            K::EditCustomer => Action::EditCustomer {
                name: required("customer_name", body.customer_name)?,
                phone: body
                    .customer_phone
                    .map(|p| input::phone(Some(p)))
                    .transpose()?,
                address: body.customer_address,
            },
            K::EditReceiveDate => Action::EditReceiveDate(input::moment(
                "cust_received_date",
                body.cust_received_date,
            )?),
            K::EditSupplier => Action::EditSupplier(required("supplier_name", body.supplier_name)?),
            K::EditSendDate => Action::EditSendDate(input::moment(
                "supplier_send_date",
                body.supplier_send_date,
            )?),
            K::EditStatus => {
                let text = required("status", body.status)?;
                Action::EditStatus(Status::parse(&text).map_err(|_| {
                    AppError::invalid_field("status", "must be one of send, receive, success")
                })?)
            }
            K::EditCost => Action::EditCost {
                repair: input::cost("repair_cost", body.repair_cost)?,
                expenses: input::cost("warranty_expenses", body.warranty_expenses)?,
            },
            K::AddProgressNote => {
                let text = trimmed(body.progress_note_text);
                let image = trimmed(body.progress_note_img);
                if text.is_none() && image.is_none() {
                    return Err(AppError::invalid_field(
                        "progress_note_text",
                        "is required when progress_note_img is not given",
                    ));
                }
                Action::AddProgressNote { text, image }
            }
            K::ForwardWarranty => Action::ForwardWarranty {
                receiver: required("receiver", body.receiver)?,
                location: required("location", body.location)?,
            },
            K::SendToSupplier => {
                Action::SendToSupplier(required("supplier_name", body.supplier_name)?)
            }
            K::ReceivedFromSupplier => Action::ReceivedFromSupplier {
                location: required("location", body.location)?,
                repair: input::cost("repair_cost", body.repair_cost)?,
                expenses: input::cost("warranty_expenses", body.warranty_expenses)?,
            },
            K::CompleteWarranty => Action::CompleteWarranty(trimmed(body.other_cost)),
            K::EditOtherCost => Action::EditOtherCost(required("other_cost", body.other_cost)?),
        })
    }

    /// The warehouse the action moves the ticket to, which must exist.
    pub fn location(&self) -> Option<&str> {
        match self {
            Action::ForwardWarranty { location, .. }
            | Action::ReceivedFromSupplier { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The base64 images the action brings, to store before it is applied.
    pub fn uploads(&self) -> Vec<String> {
        match self {
            Action::EditProduct {
                images: Some(images),
                ..
            } => images.clone(),
            Action::AddProgressNote {
                image: Some(image), ..
            } => vec![image.clone()],
            _ => Vec::new(),
        }
    }

    /// Applies the action to `t` at `now`; `stored` names the images [`Action::uploads`] gave.
    pub fn apply(
        self,
        t: &mut WarrantyTicket,
        now: NaiveDateTime,
        stored: &[String],
    ) -> Result<(), AppError> {
        let keep = |given: Option<String>, old: Option<String>| match given {
            Some(text) => trimmed(Some(text)),
            None => old,
        };
        match self {
            Action::EditProduct {
                name,
                qty,
                status,
                images,
                supplier,
                note,
            } => {
                t.product_search = search_text(&name);
                t.product_name = name;
                t.product_qty = qty;
                if let Some(status) = status {
                    t.product_status = status;
                }
                if images.is_some() {
                    t.product_img = image_list(stored);
                }
                t.supplier_name = keep(supplier, t.supplier_name.take());
                t.supplier_search = search_text(t.supplier_name.as_deref().unwrap_or(""));
                t.note = keep(note, t.note.take());
            }
            Action::EditCustomer {
                name,
                phone,
                address,
            } => {
                t.customer_search = search_text(&name);
                t.customer_name = Some(name);
                if let Some(phone) = phone {
                    t.customer_phone = phone;
                }
                t.customer_address = keep(address, t.customer_address.take());
            }
            Action::EditReceiveDate(at) => t.cust_received_date = at,
            Action::EditSupplier(name) => set_supplier(t, name),
            Action::EditSendDate(at) => {
                if t.supplier_return_date.is_some_and(|back| at > back) {
                    return Err(AppError::invalid_field(
                        "supplier_send_date",
                        "must not be after the day the supplier returned it",
                    ));
                }
                t.supplier_send_date = Some(at);
            }
            Action::EditStatus(to) => {
                transition(status_of(t)?, to)?;
                if to >= Status::Send && t.supplier_send_date.is_none() {
                    t.supplier_send_date = Some(now);
                }
                if to >= Status::Receive && t.supplier_return_date.is_none() {
                    t.supplier_return_date = Some(now);
                }
                if to == Status::Success {
                    t.cust_return_date = Some(now);
                }
                t.status = to.as_str().into();
            }
            Action::EditCost { repair, expenses } => set_costs(t, repair, expenses),
            Action::AddProgressNote { .. } => {}
            Action::ForwardWarranty { receiver, location } => {
                t.receiver = receiver;
                t.location_id = location;
            }
            Action::SendToSupplier(name) => {
                set_supplier(t, name);
                t.supplier_send_date = Some(now);
                t.status = Status::Send.as_str().into();
            }
            Action::ReceivedFromSupplier {
                location,
                repair,
                expenses,
            } => {
                t.location_id = location;
                set_costs(t, repair, expenses);
                t.supplier_return_date = Some(now);
                t.status = Status::Receive.as_str().into();
            }
            Action::CompleteWarranty(invoice) => {
                if invoice.is_some() {
                    t.other_cost = invoice;
                }
                t.cust_return_date = Some(now);
                t.status = Status::Success.as_str().into();
            }
            Action::EditOtherCost(invoice) => t.other_cost = Some(invoice),
        }
        Ok(())
    }
}

fn set_supplier(t: &mut WarrantyTicket, name: String) {
    t.supplier_search = search_text(&name);
    t.supplier_name = Some(name);
}

fn set_costs(t: &mut WarrantyTicket, repair: Option<Cents>, expenses: Option<Cents>) {
    if let Some(repair) = repair {
        t.repair_cost_cents = Some(repair.0);
    }
    if let Some(expenses) = expenses {
        t.warranty_expenses_cents = Some(expenses.0);
    }
}

/// The stored images' names as the row keeps them.
pub fn image_list(names: &[String]) -> String {
    serde_json::Value::from(names.to_vec()).to_string()
}

/// The stored images' names a row keeps.
pub fn images_of(t: &WarrantyTicket) -> Vec<String> {
    serde_json::from_str(&t.product_img).unwrap_or_default()
}

/// The ticket's status; a value no rule wrote is the server's fault.
pub fn status_of(t: &WarrantyTicket) -> Result<Status, AppError> {
    Status::parse(&t.status).map_err(|_| {
        AppError::from(CustomersError::Error).with_cause(format!("unknown status {:?}", t.status))
    })
}

/// The history line of a change: the action and each field that changed, before and after.
pub fn describe(action: &str, before: &WarrantyTicket, after: &WarrantyTicket) -> String {
    let fields = |t: &WarrantyTicket| {
        let moment = |at: Option<NaiveDateTime>| at.map(crate::customers::responses::moment);
        let money = |c: Option<i64>| c.map(|c| Cents(c).to_decimal_string());
        [
            ("product_name", Some(t.product_name.clone())),
            ("product_qty", Some(t.product_qty.to_string())),
            ("product_status", Some(t.product_status.clone())),
            ("product_img", Some(images_of(t).len().to_string())),
            ("supplier_name", t.supplier_name.clone()),
            ("note", t.note.clone()),
            ("customer_name", t.customer_name.clone()),
            ("customer_phone", t.customer_phone.clone()),
            ("customer_address", t.customer_address.clone()),
            ("receiver", Some(t.receiver.clone())),
            ("location", Some(t.location_id.clone())),
            ("cust_received_date", moment(Some(t.cust_received_date))),
            ("cust_return_date", moment(t.cust_return_date)),
            ("supplier_send_date", moment(t.supplier_send_date)),
            ("supplier_return_date", moment(t.supplier_return_date)),
            ("repair_cost", money(t.repair_cost_cents)),
            ("warranty_expenses", money(t.warranty_expenses_cents)),
            ("other_cost", t.other_cost.clone()),
            ("status", Some(t.status.clone())),
        ]
    };
    let lines: Vec<String> = fields(before)
        .iter()
        .zip(fields(after).iter())
        .filter_map(|((field, old), (_, new))| changed(field, old, new))
        .collect();
    if lines.is_empty() {
        format!("{action}: không thay đổi")
    } else {
        format!("{action}: {}", lines.join("; "))
    }
}
