//! `GET /warranty-status`: the list (filtered, ordered) or, by `other_view`, a ticket's
//! history, the locations, customers, products or suppliers to pick from, or the suppliers'
//! turnaround. Quyền: customer.warranty_status.view_list.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, TimeDelta, Utc};
use platform::auth::{Caller, require_permission};
use platform::db::{self, Pool};
use platform::input::{dates, one_of, trimmed};
use platform::web::Query;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::IntoParams;

use super::input::WARRANTY_TYPES;
use super::model::{Status, overdue_since};
use super::responses::{
    EntryItem, LocationItem, LocationPage, ProductItem, ProductPage, Shown, SupplierItem,
    SupplierPage, TicketAnswer, TicketHistoryPage, TicketItem, TicketPage, TurnaroundEmbedded,
    TurnaroundPage,
};
use super::stats::turnaround;
use super::store::{self, Day, Filter, ORDERS};
use crate::catalog::store as catalog;
use crate::config::CustomersSettings;
use crate::customers::model::search_text;
use crate::customers::responses::{LightCustomer, LightCustomerPage};
use crate::customers::store as customers;
use crate::errors::CustomersError;
use crate::hal::{PAGING, Paged};
use crate::permissions as perm;
use crate::warranty_info::handlers::direction;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// `history` (with `warranty_id`) | `location` | `customer` | `product` | `supplier` |
    /// `stats`; absent: the list.
    other_view: Option<String>,
    warranty_id: Option<String>,
    /// Tên sản phẩm, anywhere in it.
    product_name: Option<String>,
    /// The ticket's reference, anywhere in it.
    product_reference: Option<String>,
    /// Tên khách hàng, anywhere in it.
    customer_name: Option<String>,
    /// SĐT khách hàng, anywhere in it.
    customer_phone: Option<String>,
    /// Ngày nhận từ KH, YYYY-MM-DD.
    cust_received_date: Option<String>,
    /// Ngày trả KH, YYYY-MM-DD.
    cust_return_date: Option<String>,
    /// Người xử lý, exactly.
    receiver: Option<String>,
    /// ID kho.
    location: Option<String>,
    /// Tên NCC, anywhere in it.
    supplier_name: Option<String>,
    /// Ngày gửi NCC, YYYY-MM-DD.
    supplier_send_date: Option<String>,
    /// Ngày nhận từ NCC, YYYY-MM-DD.
    supplier_return_date: Option<String>,
    /// customer | company.
    warranty_type: Option<String>,
    /// pending | send | receive | success.
    status: Option<String>,
    /// Created from this day (YYYY-MM-DD); with other_view=stats, returned from this day
    /// (default: stats_default_days ago).
    start_date: Option<String>,
    /// Created up to this day (YYYY-MM-DD); with other_view=stats, returned up to it (today).
    end_date: Option<String>,
    /// `Y`: at the supplier for the configured days or more; `N`: not.
    overdue: Option<String>,
    /// product_name | customer_name | cust_received_date | cust_return_date | supplier_name |
    /// supplier_send_date | supplier_return_date | location_name.
    order: Option<String>,
    /// asc | desc (default: newest first).
    dir: Option<String>,
    /// other_view=customer: card, code, name or phone.
    search_customer: Option<String>,
    /// other_view=product: name or reference.
    search_product: Option<String>,
    /// other_view=supplier: name.
    search_supplier: Option<String>,
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 25 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    page_size: Option<i64>,
}

fn date_of(parameter: &str, value: Option<String>) -> Result<Option<NaiveDate>, AppError> {
    trimmed(value)
        .map(|v| {
            dates::date(&v).ok_or_else(|| {
                AppError::invalid_query(parameter, "must be a date written YYYY-MM-DD")
            })
        })
        .transpose()
}

fn day_of(parameter: &str, value: Option<String>) -> Result<Option<Day>, AppError> {
    Ok(date_of(parameter, value)?.and_then(|d| {
        let from = d.and_hms_opt(0, 0, 0)?;
        Some((from, from + TimeDelta::days(1)))
    }))
}

fn chosen(
    parameter: &str,
    value: Option<String>,
    allowed: &[&'static str],
) -> Result<Option<&'static str>, AppError> {
    trimmed(value)
        .map(|v| {
            one_of(parameter, &v, allowed)
                .map_err(|problem| AppError::invalid_query(parameter, problem.message))
        })
        .transpose()
}

fn filter_of(query: TicketQuery, rules: &CustomersSettings) -> Result<Filter, AppError> {
    let since = overdue_since(Utc::now().naive_utc(), rules.supplier_overdue_days);
    let overdue = match trimmed(query.overdue).as_deref() {
        None => None,
        Some("Y") => Some((true, since)),
        Some("N") => Some((false, since)),
        Some(_) => return Err(AppError::invalid_query("overdue", "must be Y or N")),
    };
    let order = match chosen("order", query.order, &ORDERS)? {
        None => None,
        Some(order) => Some((order, direction(query.dir)?)),
    };
    let lower = |v: Option<String>| trimmed(v).map(|s| search_text(&s));
    Ok(Filter {
        product_name: lower(query.product_name),
        product_reference: trimmed(query.product_reference).map(|s| s.to_uppercase()),
        customer_name: lower(query.customer_name),
        customer_phone: trimmed(query.customer_phone),
        cust_received_date: day_of("cust_received_date", query.cust_received_date)?,
        cust_return_date: day_of("cust_return_date", query.cust_return_date)?,
        receiver: trimmed(query.receiver),
        location: trimmed(query.location),
        supplier_name: lower(query.supplier_name),
        supplier_send_date: day_of("supplier_send_date", query.supplier_send_date)?,
        supplier_return_date: day_of("supplier_return_date", query.supplier_return_date)?,
        warranty_type: chosen("warranty_type", query.warranty_type, &WARRANTY_TYPES)?
            .map(str::to_string),
        status: chosen("status", query.status, &Status::ALL.map(Status::as_str))?,
        start_date: date_of("start_date", query.start_date)?,
        end_date: date_of("end_date", query.end_date)?,
        overdue,
        order,
    })
}

fn ok(body: impl serde::Serialize) -> Result<HttpResponse, AppError> {
    Ok(Dialect::Customers.success(StatusCode::OK, body))
}

#[utoipa::path(get, path = "/warranty-status", params(TicketQuery),
    description = "Lấy danh sách phiếu bảo hành, or by other_view: history (warranty_id), location, customer (search_customer), product (search_product), supplier (search_supplier), stats (start_date, end_date: each supplier's tickets there now, overdue ones, median and 90th-percentile days from send to receive). Quyền: customer.warranty_status.view_list. Phones are ********** without customer.view_phone.",
    responses(
        (status = 200, description = "A HAL page (list, history, locations, customers, products, suppliers) or the turnaround.", body = TicketAnswer),
        (status = 404, description = "Unknown ticket for its history (WARRANTY_STATUS_NOT_FOUND)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn list(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    rules: web::Data<CustomersSettings>,
    query: Query<TicketQuery>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::WARRANTY_STATUS_VIEW_LIST)?;
    let mut query = query.0;
    let page = PAGING.page(query.page, query.page_size)?;
    let (size, offset) = (page.size, page.offset());
    let paged = |total| Paged::new(&req, page, total);
    let lower = |v: Option<String>| trimmed(v).map(|s| search_text(&s));
    match trimmed(query.other_view.take()).as_deref() {
        None => {
            let filter = filter_of(query, &rules)?;
            let (rows, total) =
                db::run(&pool, move |conn| store::list(conn, &filter, size, offset)).await?;
            let shown = Shown {
                may_see_phone: caller.has_permission(perm::VIEW_PHONE),
                now: Utc::now().naive_utc(),
                overdue_days: rules.supplier_overdue_days,
            };
            let items = rows
                .into_iter()
                .map(|r| TicketItem::new(r, &shown))
                .collect();
            ok(TicketPage::new(items, paged(total)))
        }
        Some("history") => {
            let id = trimmed(query.warranty_id)
                .ok_or_else(|| AppError::invalid_query("warranty_id", "is required"))?;
            let (rows, total) = db::run(&pool, move |conn| {
                if !store::exists(conn, &id)? {
                    return Err(AppError::from(CustomersError::WarrantyStatusNotFound));
                }
                Ok(store::history(conn, &id, size, offset)?)
            })
            .await?;
            let items = rows.into_iter().map(EntryItem::from).collect();
            ok(TicketHistoryPage::new(items, paged(total)))
        }
        Some("location") => {
            let (rows, total) =
                db::run(&pool, move |conn| catalog::locations(conn, size, offset)).await?;
            let items = rows.into_iter().map(LocationItem::from).collect();
            ok(LocationPage::new(items, paged(total)))
        }
        Some("customer") => {
            let filter = customers::Filter {
                search: lower(query.search_customer),
                ..customers::Filter::default()
            };
            let (rows, total) = db::run(&pool, move |conn| {
                customers::list(conn, &filter, size, offset)
            })
            .await?;
            let may_see = caller.has_permission(perm::VIEW_PHONE);
            let items = rows
                .into_iter()
                .map(|r| LightCustomer::new(r, may_see))
                .collect();
            ok(LightCustomerPage::new(items, paged(total)))
        }
        Some("product") => {
            let search = lower(query.search_product);
            let (rows, total) = db::run(&pool, move |conn| {
                catalog::products(conn, search.as_deref(), size, offset)
            })
            .await?;
            let items = rows.into_iter().map(ProductItem::from).collect();
            ok(ProductPage::new(items, paged(total)))
        }
        Some("supplier") => {
            let search = lower(query.search_supplier);
            let (rows, total) = db::run(&pool, move |conn| {
                catalog::suppliers(conn, search.as_deref(), size, offset)
            })
            .await?;
            let items = rows.into_iter().map(SupplierItem::from).collect();
            ok(SupplierPage::new(items, paged(total)))
        }
        Some("stats") => {
            let now = Utc::now().naive_utc();
            let end = date_of("end_date", query.end_date)?.unwrap_or(now.date());
            let start = date_of("start_date", query.start_date)?
                .unwrap_or_else(|| end - TimeDelta::days(i64::from(rules.stats_default_days)));
            if start > end {
                return Err(AppError::invalid_query(
                    "start_date",
                    "must not be after end_date",
                ));
            }
            let from = start.and_time(chrono::NaiveTime::MIN);
            let to = end.and_time(chrono::NaiveTime::MIN) + TimeDelta::days(1);
            let trips = db::run(&pool, move |conn| store::trips(conn, from, to)).await?;
            let overdue_days = rules.supplier_overdue_days;
            ok(TurnaroundPage {
                _embedded: TurnaroundEmbedded {
                    suppliers: turnaround(trips, now, overdue_days),
                },
                start_date: start.to_string(),
                end_date: end.to_string(),
                overdue_days,
            })
        }
        Some(_) => Err(AppError::invalid_query(
            "other_view",
            "must be history, location, customer, product, supplier or stats",
        )),
    }
}
