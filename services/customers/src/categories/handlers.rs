//! `/customer-cats[/:cat_id]`: list, create, `PUT` (`editName` | `editIsDefault`), delete.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use platform::auth::{Caller, require_permission};
use platform::db::{self, Pool, write_transaction};
use platform::input::{one_of, required};
use platform::web::{Json, Query};
use platform::{AppError, Dialect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::store::{self, Category};
use crate::errors::CustomersError;
use crate::hal::{PAGING, Paged};
use crate::permissions as perm;

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryItem {
    pub id: i64,
    pub name: String,
    /// `Y` for the default category (exactly one), `N` otherwise.
    #[schema(pattern = "^[YN]$")]
    pub is_default: String,
}

impl From<Category> for CategoryItem {
    fn from(c: Category) -> Self {
        Self {
            id: c.id,
            name: c.name,
            is_default: yes_no(c.is_default).into(),
        }
    }
}

pub fn yes_no(value: bool) -> &'static str {
    if value { "Y" } else { "N" }
}

crate::hal_page!(
    CategoryPage,
    CategoryEmbedded {
        categories: CategoryItem
    }
);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// 25 by default, at most 200.
    #[param(minimum = 1, maximum = 200)]
    pub page_size: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCategory {
    /// Tên nhóm. Required.
    pub name: Option<String>,
    /// `Y` makes the new category the default.
    pub is_default: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CategoryChange {
    /// `editName` | `editIsDefault`.
    pub action: Option<String>,
    /// With `editName`. Required.
    pub name: Option<String>,
    /// With `editIsDefault`: `Y` | `N`. Required.
    pub is_default: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    #[schema(example = "SUCCESS")]
    pub result: &'static str,
    /// The new category's id.
    pub id: i64,
}

/// `Y` or `N` for `field`, or the 422 naming it.
pub fn flag(field: &str, value: Option<String>) -> Result<bool, AppError> {
    let value = required(field, value)?;
    let choice =
        one_of(field, &value, &["Y", "N"]).map_err(|f| AppError::invalid_fields(vec![f]))?;
    Ok(choice == "Y")
}

#[utoipa::path(get, path = "/customer-cats", params(PageQuery),
    description = "Lấy danh sách nhóm khách hàng. Quyền: customer.category.view_list.",
    responses(
        (status = 200, description = "A page of categories (HAL).", body = CategoryPage),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
    ))]
pub async fn list(
    caller: Caller,
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::CATEGORY_VIEW_LIST)?;
    let page = PAGING.page(query.0.page, query.0.page_size)?;
    let (rows, total) = db::run(&pool, move |conn| {
        store::list(conn, page.size, page.offset())
    })
    .await?;
    let items = rows.into_iter().map(CategoryItem::from).collect();
    Ok(Dialect::Customers.success(
        StatusCode::OK,
        CategoryPage::new(items, Paged::new(&req, page, total)),
    ))
}

#[utoipa::path(post, path = "/customer-cats", request_body = NewCategory,
    description = "Tạo nhóm khách hàng mới. Quyền: customer.category.create.",
    responses(
        (status = 201, description = "Created.", body = Done, example = json!({"result": "SUCCESS", "id": 2})),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "name missing (VALIDATION_ERROR)."),
    ))]
pub async fn create(
    caller: Caller,
    pool: web::Data<Pool>,
    body: Json<NewCategory>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::CATEGORY_CREATE)?;
    let name = required("name", body.0.name)?;
    let is_default = match body.0.is_default {
        Some(value) => flag("is_default", Some(value))?,
        None => false,
    };
    let id = db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            store::lock_categories(conn)?;
            let id = store::insert(conn, &name)?;
            if is_default {
                store::make_default(conn, id)?;
            }
            Ok::<_, AppError>(id)
        })
    })
    .await?;
    Ok(Dialect::Customers.success(
        StatusCode::CREATED,
        Done {
            result: "SUCCESS",
            id,
        },
    ))
}

#[utoipa::path(put, path = "/customer-cats/{cat_id}", request_body = CategoryChange,
    params(("cat_id" = i64, Path, description = "The category's id.")),
    description = "editName (quyền customer.category.edit_name) | editIsDefault (quyền customer.category.edit_is_default). Setting a default unsets the previous one; the default cannot be unset directly.",
    responses(
        (status = 200, description = "Changed.", example = json!({"result": "SUCCESS"})),
        (status = 404, description = "Unknown category (NOT_FOUND_CATEGORY)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is invalid (VALIDATION_ERROR), or the default unset (CANNOT_UNSET_DEFAULT_CATEGORY)."),
    ))]
pub async fn edit(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    body: Json<CategoryChange>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let body = body.0;
    let action = required("action", body.action)?;
    match action.as_str() {
        "editName" => {
            require_permission(&caller, perm::CATEGORY_EDIT_NAME)?;
            let name = required("name", body.name)?;
            db::run(&pool, move |conn| match store::rename(conn, id, &name)? {
                0 => Err(AppError::from(CustomersError::NotFoundCategory)),
                _ => Ok(()),
            })
            .await?;
        }
        "editIsDefault" => {
            require_permission(&caller, perm::CATEGORY_EDIT_IS_DEFAULT)?;
            let make_default = flag("is_default", body.is_default)?;
            db::run(&pool, move |conn| {
                write_transaction(conn, |conn| {
                    store::lock_categories(conn)?;
                    let category =
                        store::find(conn, id)?.ok_or(CustomersError::NotFoundCategory)?;
                    match (make_default, category.is_default) {
                        (true, false) => store::make_default(conn, id)?,
                        (false, true) => {
                            return Err(CustomersError::CannotUnsetDefaultCategory.into());
                        }
                        _ => {}
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        }
        _ => {
            return Err(AppError::invalid_field(
                "action",
                "must be one of editName, editIsDefault",
            ));
        }
    }
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}

#[utoipa::path(delete, path = "/customer-cats/{cat_id}",
    params(("cat_id" = i64, Path, description = "The category's id.")),
    description = "Xóa nhóm khách hàng. Quyền: customer.category.delete. Its customers move to the default category; the default itself cannot be deleted.",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "Unknown category (NOT_FOUND_CATEGORY)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "The default category (CANNOT_DELETE_DEFAULT_CATEGORY)."),
    ))]
pub async fn delete(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    require_permission(&caller, perm::CATEGORY_DELETE)?;
    let id = id.into_inner();
    db::run(&pool, move |conn| {
        write_transaction(conn, |conn| {
            store::lock_categories(conn)?;
            let category = store::find(conn, id)?.ok_or(CustomersError::NotFoundCategory)?;
            if category.is_default {
                return Err(CustomersError::CannotDeleteDefaultCategory.into());
            }
            let to = store::default_id(conn)?;
            store::delete_moving_customers(conn, id, to)?;
            Ok::<_, AppError>(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
