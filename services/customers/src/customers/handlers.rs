//! `/customers[/:customer_id]`: the list (and, by query, the score history or the other
//! screens' light list), detail, create and delete. The `PUT` actions are in [`super::edit`].

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use platform::auth::{Caller, require_permission};
use platform::db::{self, Pool, UniqueViolationAs, write_transaction};
use platform::input::{number, required, trimmed};
use platform::web::{Json, Query};
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::model::{Order, Phone, generated_code, search_text};
use super::responses::{
    Created, CreatedCustomer, CustomerDetail, CustomerItem, CustomerPage, CustomersAnswer,
    LightCustomer, LightCustomerPage, OneCustomer, ScoreItem, ScorePage,
};
use super::store::{self, Filter, NewCustomer};
use crate::categories::store as categories;
use crate::errors::CustomersError;
use crate::hal::{PAGING, Paged};
use crate::permissions as perm;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Mã vạch: the card, exactly.
    card: Option<String>,
    /// Mã KH, anywhere in it.
    taxid: Option<String>,
    /// Tên KH, anywhere in it, case-insensitively.
    name: Option<String>,
    /// SDT, anywhere in it.
    phone: Option<String>,
    /// `Y`: visible customers only (`N`: hidden ones).
    visible: Option<String>,
    /// A customer category's id.
    category: Option<String>,
    /// A loyalty category's id.
    loyal_category: Option<String>,
    /// `loyal_score` | `curdebt` | `curdate`.
    order: Option<String>,
    /// `asc` (default) | `desc`.
    dir: Option<String>,
    /// `Y` with `customer_id`: the customer's score history (quyền customer.edit_score).
    view_score_history: Option<String>,
    customer_id: Option<String>,
    /// The light list for another screen (its role's name); `search_customer` filters it.
    other_role_view: Option<String>,
    /// Name, code, phone or card, anywhere in them.
    search_customer: Option<String>,
    #[param(minimum = 1)]
    page: Option<i64>,
    /// 25 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    page_size: Option<i64>,
}

fn id_param(name: &str, value: Option<String>) -> Result<Option<i64>, AppError> {
    trimmed(value)
        .map(|v| {
            number::whole::<i64>(&v)
                .ok_or_else(|| AppError::invalid_query(name, "must be a whole number"))
        })
        .transpose()
}

fn filter_of(query: ListQuery) -> Result<Filter, AppError> {
    let visible = match trimmed(query.visible).as_deref() {
        None => None,
        Some("Y") => Some(true),
        Some("N") => Some(false),
        Some(_) => return Err(AppError::invalid_query("visible", "must be Y or N")),
    };
    let order = match trimmed(query.order) {
        None => None,
        Some(name) => {
            let order = Order::parse(&name).ok_or_else(|| {
                AppError::invalid_query(
                    "order",
                    format!("must be one of {}", Order::NAMES.join(", ")),
                )
            })?;
            let desc = match trimmed(query.dir).as_deref() {
                None | Some("asc") | Some("ASC") => false,
                Some("desc") | Some("DESC") => true,
                Some(_) => return Err(AppError::invalid_query("dir", "must be asc or desc")),
            };
            Some((order, desc))
        }
    };
    Ok(Filter {
        card: trimmed(query.card),
        taxid: trimmed(query.taxid),
        name: trimmed(query.name).map(|n| search_text(&n)),
        phone: trimmed(query.phone),
        visible,
        category: id_param("category", query.category)?,
        loyal_category: id_param("loyal_category", query.loyal_category)?,
        search: trimmed(query.search_customer).map(|s| search_text(&s)),
        order,
    })
}

#[utoipa::path(get, path = "/customers", params(ListQuery),
    description = "1. Danh sách KH (quyền customer.view_list), filtered and ordered. 2. view_score_history=Y&customer_id=: the score history (quyền customer.edit_score). 3. other_role_view=<role>: the light list for other screens (id, taxid, name, phone), search_customer filtering it. Phones are ********** without customer.view_phone.",
    responses(
        (status = 200, description = "A HAL page of customers, of score changes, or of the light list.", body = CustomersAnswer),
        (status = 404, description = "Unknown customer for the score history (NOT_FOUND_CUSTOMER)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn list(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let mut query = query.0;
    let page = PAGING.page(query.page, query.page_size)?;
    if trimmed(query.view_score_history.take()).as_deref() == Some("Y") {
        require_permission(&caller, perm::EDIT_SCORE)?;
        let customer = id_param("customer_id", query.customer_id.take())?
            .ok_or_else(|| AppError::invalid_query("customer_id", "is required"))?;
        let (rows, total) = db::run(&pool, move |conn| {
            if !store::exists(conn, customer)? {
                return Err(AppError::from(CustomersError::NotFoundCustomer));
            }
            Ok(store::score_history(
                conn,
                customer,
                page.size,
                page.offset(),
            )?)
        })
        .await?;
        let items = rows.into_iter().map(ScoreItem::from).collect();
        let body = ScorePage::new(items, Paged::new(&req, page, total));
        return Ok(Dialect::Customers.success(StatusCode::OK, body));
    }
    let light = trimmed(query.other_role_view.take()).is_some();
    if !light {
        require_permission(&caller, perm::VIEW_LIST)?;
    }
    let filter = filter_of(query)?;
    let (rows, total) = db::run(&pool, move |conn| {
        store::list(conn, &filter, page.size, page.offset())
    })
    .await?;
    let paged = Paged::new(&req, page, total);
    if light {
        let may_see = caller.has_permission(perm::VIEW_PHONE);
        let items = rows
            .into_iter()
            .map(|r| LightCustomer::new(r, may_see))
            .collect();
        return Ok(Dialect::Customers.success(StatusCode::OK, LightCustomerPage::new(items, paged)));
    }
    let items = rows.into_iter().map(CustomerItem::from).collect();
    Ok(Dialect::Customers.success(StatusCode::OK, CustomerPage::new(items, paged)))
}

#[utoipa::path(get, path = "/customers/{customer_id}",
    params(("customer_id" = i64, Path, description = "The customer's id.")),
    description = "Lấy thông tin chi tiết của khách hàng. Quyền: customer.view_detail; the phone is ********** without customer.view_phone.",
    responses(
        (status = 200, description = "The customer.", body = OneCustomer),
        (status = 404, description = "Unknown customer (NOT_FOUND_CUSTOMER)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn get(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::VIEW_DETAIL)?;
    let id = id.into_inner();
    let found = db::run(&pool, move |conn| store::find(conn, id)).await?;
    let found = found.ok_or(CustomersError::NotFoundCustomer)?;
    let customer = CustomerDetail::new(found, caller.has_permission(perm::VIEW_PHONE));
    Ok(Dialect::Customers.success(
        StatusCode::OK,
        OneCustomer {
            result: "SUCCESS",
            customer,
        },
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCustomerInput {
    /// Required.
    name: Option<String>,
    /// Required; stored normalized (`+84 912 345 678` is `0912345678`), unique.
    phone: Option<String>,
    /// Tỉnh/Thành Phố.
    region: Option<String>,
    /// Quận/Huyện.
    city: Option<String>,
    /// Địa chỉ.
    address: Option<String>,
}

pub fn phone_of(value: Option<String>) -> Result<Phone, AppError> {
    let raw = required("phone", value)?;
    Phone::parse(&raw).ok_or_else(|| {
        AppError::invalid_field(
            "phone",
            "must be a phone number: 9 to 11 digits from 0, or + and the country code",
        )
    })
}

#[utoipa::path(post, path = "/customers", request_body = NewCustomerInput,
    description = "Tạo tài khoản khách hàng, in the default category; its code (taxid) and search key are KH and its id. Any valid token.",
    responses(
        (status = 201, description = "Created.", body = Created),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is invalid (VALIDATION_ERROR), or the phone is another customer's (EXIST_PHONE)."),
    ))]
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<NewCustomerInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    let name = required("name", input.name)?;
    let phone = phone_of(input.phone)?;
    let (region, city, address) = (
        trimmed(input.region),
        trimmed(input.city),
        trimmed(input.address),
    );
    let created = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            let category_id = categories::default_id(conn)?;
            let name_search = search_text(&name);
            let new = NewCustomer {
                name: &name,
                name_search: &name_search,
                phone: phone.as_str(),
                category_id,
                address: address.as_deref(),
                city: city.as_deref(),
                region: region.as_deref(),
                created_at: Utc::now().naive_utc(),
            };
            let id = store::insert(conn, &new)
                .unique_violation_as(|| CustomersError::ExistPhone.into())?;
            let code = generated_code(id);
            store::set_codes(conn, id, &code, &code, None)
                .unique_violation_as(|| CustomersError::ExistCode.into())?;
            let (customer, _, _) =
                store::find(conn, id)?.ok_or(CustomersError::NotFoundCustomer)?;
            Ok::<_, AppError>(customer)
        })
    })
    .await?;
    let customer = CreatedCustomer::new(created, caller.has_permission(perm::VIEW_PHONE));
    Ok(Dialect::Customers.success(
        StatusCode::CREATED,
        Created {
            result: "SUCCESS",
            customer,
        },
    ))
}

#[utoipa::path(delete, path = "/customers/{customer_id}",
    params(("customer_id" = i64, Path, description = "The customer's id.")),
    description = "Xóa tài khoản khách hàng (and its score history). Quyền: customer.delete.",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "Unknown customer (NOT_FOUND_CUSTOMER)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn delete(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::DELETE)?;
    let id = id.into_inner();
    match db::run(&pool, move |conn| store::delete(conn, id)).await? {
        0 => Err(CustomersError::NotFoundCustomer.into()),
        _ => Ok(HttpResponse::NoContent().finish()),
    }
}
