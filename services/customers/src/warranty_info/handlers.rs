//! `GET /warranty-info`: the list (filtered, ordered) or, by `other_view`, a registration's
//! history, the customers to pick from, or a ticket and its lines. Quyền:
//! customer.warranty_info.view_list.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_permission};
use platform::db::{self, Pool};
use platform::input::trimmed;
use platform::web::Query;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::serial_key;
use super::responses::{
    ChangeItem, OneTicket, TicketLine, TicketView, WarrantyAnswer, WarrantyHistoryPage,
    WarrantyItem, WarrantyPage,
};
use super::store::{self, Filter, ORDERS};
use crate::customers::model::search_text;
use crate::customers::responses::{LightCustomer, LightCustomerPage};
use crate::customers::store as customers;
use crate::errors::CustomersError;
use crate::hal::{PAGING, Paged};
use crate::permissions as perm;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarrantyQuery {
    /// `history` (with `warranty_id`) | `customer` | `ticket` (with `ticket_id`); absent: the list.
    other_view: Option<String>,
    warranty_id: Option<String>,
    ticket_id: Option<String>,
    /// Product name, id, model or serial, anywhere in them.
    search_product: Option<String>,
    /// The customer's name or code (with other_view=customer: card, code, name or phone).
    search_customer: Option<String>,
    /// The ticket's id, anywhere in it.
    search_ticket: Option<String>,
    /// Our own: the registration of exactly this serial number (case and spaces aside, as the
    /// register compares them), as another service looks a product up.
    serial_num: Option<String>,
    /// `Y`: still under warranty today; `N`: not.
    is_active: Option<String>,
    /// product_name | cust_name | ticketid | active_date | expired_date | person_name | created_at.
    order: Option<String>,
    /// asc | desc (default: newest first).
    dir: Option<String>,
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 25 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    page_size: Option<i64>,
}

pub fn direction(dir: Option<String>) -> Result<bool, AppError> {
    match trimmed(dir).as_deref() {
        None | Some("asc") | Some("ASC") => Ok(false),
        Some("desc") | Some("DESC") => Ok(true),
        Some(_) => Err(AppError::invalid_query("dir", "must be asc or desc")),
    }
}

fn filter_of(query: WarrantyQuery) -> Result<Filter, AppError> {
    let today = Utc::now().date_naive();
    let active = match trimmed(query.is_active).as_deref() {
        None => None,
        Some("Y") => Some((true, today)),
        Some("N") => Some((false, today)),
        Some(_) => return Err(AppError::invalid_query("is_active", "must be Y or N")),
    };
    let order = match trimmed(query.order) {
        None => None,
        Some(name) => {
            let order = ORDERS.iter().copied().find(|o| *o == name).ok_or_else(|| {
                AppError::invalid_query("order", format!("must be one of {}", ORDERS.join(", ")))
            })?;
            Some((order, direction(query.dir)?))
        }
    };
    Ok(Filter {
        product: trimmed(query.search_product).map(|s| search_text(&s)),
        customer: trimmed(query.search_customer).map(|s| search_text(&s)),
        ticket: trimmed(query.search_ticket),
        serial: trimmed(query.serial_num).map(|s| serial_key(&s).unwrap_or(s)),
        active,
        order,
    })
}

#[utoipa::path(get, path = "/warranty-info", params(WarrantyQuery),
    description = "Lấy danh sách thông tin bảo hành, or by other_view: history (warranty_id), customer (search_customer), ticket (ticket_id). Quyền: customer.warranty_info.view_list. Phones are ********** without customer.view_phone.",
    responses(
        (status = 200, description = "A HAL page (list, history, customers) or the ticket.", body = WarrantyAnswer),
        (status = 404, description = "Unknown registration for its history (WARRANTY_INFO_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "Unknown ticket (NOT_FOUND_TICKET)."),
    ))]
pub async fn list(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: Query<WarrantyQuery>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_INFO_VIEW_LIST)?;
    let mut query = query.0;
    let page = PAGING.page(query.page, query.page_size)?;
    let may_see = caller.has_permission(perm::VIEW_PHONE);
    match trimmed(query.other_view.take()).as_deref() {
        None => {
            let filter = filter_of(query)?;
            let (rows, total) = db::run(&pool, move |conn| {
                store::list(conn, &filter, page.size, page.offset())
            })
            .await?;
            let today = Utc::now().date_naive();
            let items = rows
                .into_iter()
                .map(|r| WarrantyItem::new(r, may_see, today))
                .collect();
            Ok(Dialect::Customers.success(
                StatusCode::OK,
                WarrantyPage::new(items, Paged::new(&req, page, total)),
            ))
        }
        Some("history") => {
            let id = trimmed(query.warranty_id)
                .ok_or_else(|| AppError::invalid_query("warranty_id", "is required"))?;
            let (rows, total) = db::run(&pool, move |conn| {
                if store::find(conn, &id)?.is_none() {
                    return Err(AppError::from(CustomersError::WarrantyInfoNotFound));
                }
                Ok(store::history(conn, &id, page.size, page.offset())?)
            })
            .await?;
            let items = rows.into_iter().map(ChangeItem::from).collect();
            Ok(Dialect::Customers.success(
                StatusCode::OK,
                WarrantyHistoryPage::new(items, Paged::new(&req, page, total)),
            ))
        }
        Some("customer") => {
            let filter = customers::Filter {
                search: trimmed(query.search_customer).map(|s| search_text(&s)),
                ..customers::Filter::default()
            };
            let (rows, total) = db::run(&pool, move |conn| {
                customers::list(conn, &filter, page.size, page.offset())
            })
            .await?;
            let items = rows
                .into_iter()
                .map(|r| LightCustomer::new(r, may_see))
                .collect();
            Ok(Dialect::Customers.success(
                StatusCode::OK,
                LightCustomerPage::new(items, Paged::new(&req, page, total)),
            ))
        }
        Some("ticket") => {
            let id = trimmed(query.ticket_id)
                .ok_or_else(|| AppError::invalid_query("ticket_id", "is required"))?;
            let lookup = id.clone();
            let found = db::run(&pool, move |conn| store::ticket(conn, &lookup)).await?;
            let (customer_id, lines) = found.ok_or(CustomersError::NotFoundTicket)?;
            let lines = lines
                .into_iter()
                .map(|(product_id, product_name)| TicketLine {
                    product_id,
                    product_name,
                })
                .collect();
            Ok(Dialect::Customers.success(
                StatusCode::OK,
                OneTicket {
                    ticket: TicketView {
                        ticket_uuid: id.clone(),
                        ticket_id: id,
                        customer_id,
                        lines,
                    },
                },
            ))
        }
        Some(_) => Err(AppError::invalid_query(
            "other_view",
            "must be history, customer or ticket",
        )),
    }
}
