//! `GET /customer-loyal-cats[/:cat_id]` and the point of sale's feed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use platform::auth::{Caller, require_scope};
use platform::db::{self, Pool};
use platform::input::required;
use platform::web::{Json, Query};
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::store::{self, LoyalCategory};
use crate::categories::handlers::PageQuery;
use crate::errors::CustomersError;
use crate::hal::{PAGING, Paged};
use crate::permissions::FEED_SCOPE;

#[derive(Debug, Serialize, ToSchema)]
pub struct LoyalCategoryItem {
    pub id: i64,
    pub name: String,
}

impl From<LoyalCategory> for LoyalCategoryItem {
    fn from(c: LoyalCategory) -> Self {
        Self {
            id: c.id,
            name: c.name,
        }
    }
}

crate::hal_page!(
    LoyalCategoryPage,
    LoyalCategoryEmbedded {
        categories: LoyalCategoryItem
    }
);

#[derive(Debug, Serialize, ToSchema)]
pub struct OneLoyalCategory {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    pub category: LoyalCategoryItem,
}

#[utoipa::path(get, path = "/customer-loyal-cats", params(PageQuery),
    description = "Lấy danh sách nhóm KHTT (any valid token: the document names no permission).",
    responses(
        (status = 200, description = "A page of loyalty categories (HAL).", body = LoyalCategoryPage),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn list(
    _caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = PAGING.page(query.0.page, query.0.page_size)?;
    let (rows, total) = db::run(&pool, move |conn| {
        store::list(conn, page.size, page.offset())
    })
    .await?;
    let items = rows.into_iter().map(LoyalCategoryItem::from).collect();
    Ok(Dialect::Customers.success(
        StatusCode::OK,
        LoyalCategoryPage::new(items, Paged::new(&req, page, total)),
    ))
}

#[utoipa::path(get, path = "/customer-loyal-cats/{cat_id}",
    params(("cat_id" = i64, Path, description = "The loyalty category's id.")),
    description = "One loyalty category.",
    responses(
        (status = 200, description = "The loyalty category.", body = OneLoyalCategory),
        (status = 404, description = "Unknown loyalty category (NOT_FOUND_LOYAL_CATEGORY)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn get(
    _caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let found = db::run(&pool, move |conn| store::find(conn, id)).await?;
    let category = found.ok_or(CustomersError::NotFoundLoyalCategory)?.into();
    Ok(Dialect::Customers.success(
        StatusCode::OK,
        OneLoyalCategory {
            result: "SUCCESS",
            category,
        },
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoyalCategoryInput {
    /// Required.
    name: Option<String>,
}

#[utoipa::path(put, path = "/pos/loyal-categories/{cat_id}", request_body = LoyalCategoryInput,
    params(("cat_id" = i64, Path, description = "The point of sale's id of the category.")),
    description = "The point of sale writes a loyalty category under its own id (scope customers_feed); a replay changes nothing.",
    responses(
        (status = 200, description = "Written.", example = json!({"result": "SUCCESS"})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn put(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    body: Json<LoyalCategoryInput>,
) -> Result<HttpResponse, AppError> {
    require_scope(&caller, FEED_SCOPE)?;
    let id = id.into_inner();
    let name = required("name", body.0.name)?;
    db::run(&pool, move |conn| store::put(conn, id, &name)).await?;
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}
