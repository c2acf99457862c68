//! `PUT /customers/:customer_id`: the ten actions, each with its permission.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use platform::auth::{Caller, require_permission};
use platform::db::{self, DbConn, Pool, UniqueViolationAs, write_transaction};
use platform::input::{number, required, string_or_number, trimmed};
use platform::money::Cents;
use platform::{AppError, Dialect};
use serde::Deserialize;
use utoipa::ToSchema;

use super::handlers::phone_of;
use super::model::{TransactionType, search_text};
use super::score::{self, ScoreChange};
use super::store;
use crate::categories::handlers::flag;
use crate::categories::store as categories;
use crate::errors::CustomersError;
use crate::permissions as perm;
use crate::schema::{customers, loyal_categories};

#[derive(Debug, Deserialize, ToSchema)]
pub struct CustomerChange {
    /// editName | editCode | editCategory | editLoyalCategory | editVisible | editScore |
    /// editMaxDebt | editPhone | editAddress | editNotes.
    action: Option<String>,
    /// editName. Required.
    name: Option<String>,
    /// editCode. Required.
    taxid: Option<String>,
    /// editCode. Required.
    searchkey: Option<String>,
    /// editCode. Optional (absent or blank: no card).
    card: Option<String>,
    /// editCategory: a category id; absent is the default category.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    category: Option<String>,
    /// editLoyalCategory: a loyalty category id; absent is none.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    loyal_category: Option<String>,
    /// editVisible: `Y` | `N`. Required.
    visible: Option<String>,
    /// editScore: `accumulate` | `exchange`. Required.
    transaction_type: Option<String>,
    /// editScore: the ticket (hóa đơn) id. Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    ticketid: Option<String>,
    /// editScore: positive to add (accumulate), negative to spend (exchange). Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::string_or_number)]
    score: Option<String>,
    /// editScore. Required.
    score_content: Option<String>,
    /// editMaxDebt: an amount (`1500000`, `"2404.50"`). Required.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(schema_with = platform::openapi::pieces::amount)]
    maxdebt: Option<String>,
    /// editPhone. Required.
    phone: Option<String>,
    /// editAddress: absent keeps, blank clears.
    region: Option<String>,
    city: Option<String>,
    address: Option<String>,
    /// editNotes: absent or blank clears.
    notes: Option<String>,
}

const ACTIONS: [(&str, &str); 10] = [
    ("editName", perm::EDIT_NAME),
    ("editCode", perm::EDIT_CODE),
    ("editCategory", perm::EDIT_CATEGORY),
    ("editLoyalCategory", perm::EDIT_LOYAL_CATEGORY),
    ("editVisible", perm::EDIT_VISIBLE),
    ("editScore", perm::EDIT_SCORE),
    ("editMaxDebt", perm::EDIT_MAX_DEBT),
    ("editPhone", perm::EDIT_PHONE),
    ("editAddress", perm::EDIT_ADDRESS),
    ("editNotes", perm::EDIT_NOTES),
];

fn whole(field: &str, value: Option<String>) -> Result<i64, AppError> {
    let text = required(field, value)?;
    number::whole::<i64>(&text)
        .ok_or_else(|| AppError::invalid_field(field, "must be a whole number"))
}

fn updated(count: usize) -> Result<(), AppError> {
    if count == 0 {
        Err(CustomersError::NotFoundCustomer.into())
    } else {
        Ok(())
    }
}

/// One customer's row, changed by `set` (diesel's changeset), or NOT_FOUND_CUSTOMER.
macro_rules! set {
    ($conn:expr, $id:expr, $changes:expr) => {
        diesel::update(customers::table.find($id))
            .set($changes)
            .execute($conn)
    };
}

fn edit_category(conn: &mut DbConn, id: i64, category: Option<i64>) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        categories::lock_categories(conn)?;
        let category = match category {
            Some(c) => {
                categories::find(conn, c)?
                    .ok_or(CustomersError::NotFoundCategory)?
                    .id
            }
            None => categories::default_id(conn)?,
        };
        updated(set!(conn, id, customers::category_id.eq(category))?)
    })
}

fn edit_loyal_category(conn: &mut DbConn, id: i64, loyal: Option<i64>) -> Result<(), AppError> {
    if let Some(loyal) = loyal {
        let known: bool = diesel::select(diesel::dsl::exists(loyal_categories::table.find(loyal)))
            .get_result(conn)?;
        if !known {
            return Err(CustomersError::NotFoundLoyalCategory.into());
        }
    }
    updated(set!(conn, id, customers::loyal_cat_id.eq(loyal))?)
}

#[utoipa::path(put, path = "/customers/{customer_id}", request_body = CustomerChange,
    params(("customer_id" = i64, Path, description = "The customer's id.")),
    description = "Chỉnh sửa theo action, each with its permission: editName (customer.edit_name), editCode (customer.edit_code), editCategory (customer.edit_category), editLoyalCategory (customer.edit_loyal_category), editVisible (customer.edit_visible), editScore (customer.edit_score), editMaxDebt (customer.edit_max_debt), editPhone (customer.edit_phone), editAddress (customer.edit_address), editNotes (customer.edit_notes).",
    responses(
        (status = 200, description = "Changed (a ticket already scored for this type changes nothing).", example = json!({"result": "SUCCESS"})),
        (status = 404, description = "Unknown customer (NOT_FOUND_CUSTOMER), category (NOT_FOUND_CATEGORY) or loyalty category (NOT_FOUND_LOYAL_CATEGORY)."),
        (status = 406, description = "Accept is none of the document's types (NOT_ACCEPTABLE)."),
        (status = 422, description = "A field is invalid (VALIDATION_ERROR); NOT_ENOUGH_SCORE, NOT_FOUND_TICKET (editScore); EXIST_PHONE (editPhone); EXIST_CODE (editCode)."),
    ))]
pub async fn edit(
    caller: Caller,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    body: platform::web::Json<CustomerChange>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let body = body.0;
    let action = required("action", body.action.clone())?;
    let Some((action, permission)) = ACTIONS.iter().find(|(name, _)| *name == action) else {
        let names: Vec<&str> = ACTIONS.iter().map(|(name, _)| *name).collect();
        return Err(AppError::invalid_field(
            "action",
            format!("must be one of {}", names.join(", ")),
        ));
    };
    require_permission(&caller, permission)?;
    let admin = caller.sub.clone();
    match *action {
        "editName" => {
            let name = required("name", body.name)?;
            let name_search = search_text(&name);
            db::run(&pool, move |conn| {
                updated(set!(
                    conn,
                    id,
                    (
                        customers::name.eq(&name),
                        customers::name_search.eq(&name_search)
                    )
                )?)
            })
            .await?
        }
        "editCode" => {
            let taxid = required("taxid", body.taxid)?;
            let searchkey = required("searchkey", body.searchkey)?;
            let card = trimmed(body.card);
            db::run(&pool, move |conn| {
                updated(
                    store::set_codes(conn, id, &taxid, &searchkey, card.as_deref())
                        .unique_violation_as(|| CustomersError::ExistCode.into())?,
                )
            })
            .await?
        }
        "editCategory" => {
            let category = trimmed(body.category)
                .map(|c| whole("category", Some(c)))
                .transpose()?;
            db::run(&pool, move |conn| edit_category(conn, id, category)).await?
        }
        "editLoyalCategory" => {
            let loyal = trimmed(body.loyal_category)
                .map(|c| whole("loyal_category", Some(c)))
                .transpose()?;
            db::run(&pool, move |conn| edit_loyal_category(conn, id, loyal)).await?
        }
        "editVisible" => {
            let visible = flag("visible", body.visible)?;
            db::run(&pool, move |conn| {
                updated(set!(conn, id, customers::visible.eq(visible))?)
            })
            .await?
        }
        "editScore" => {
            let kind = required("transaction_type", body.transaction_type)?;
            let transaction_type = TransactionType::parse(&kind).ok_or_else(|| {
                AppError::invalid_field("transaction_type", "must be accumulate or exchange")
            })?;
            let ticket_id = required("ticketid", body.ticketid)?;
            let score = whole("score", body.score)?;
            if !transaction_type.allows(score) {
                return Err(AppError::invalid_field(
                    "score",
                    format!(
                        "must be positive to accumulate and negative to exchange (here {transaction_type})"
                    ),
                ));
            }
            let change = ScoreChange {
                transaction_type,
                ticket_id,
                score,
                content: required("score_content", body.score_content)?,
                admin_name: admin,
            };
            db::run(&pool, move |conn| score::apply(conn, id, &change)).await?
        }
        "editMaxDebt" => {
            let text = required("maxdebt", body.maxdebt)?;
            let maxdebt = Cents::parse(&text)
                .ok()
                .filter(|c| c.0 >= 0)
                .ok_or_else(|| {
                    AppError::invalid_field(
                        "maxdebt",
                        "must be an amount of 0 or more, like 1500000 or 2404.50",
                    )
                })?;
            db::run(&pool, move |conn| {
                updated(set!(conn, id, customers::maxdebt_cents.eq(maxdebt.0))?)
            })
            .await?
        }
        "editPhone" => {
            let phone = phone_of(body.phone)?;
            db::run(&pool, move |conn| {
                updated(
                    set!(conn, id, customers::phone.eq(phone.as_str()))
                        .unique_violation_as(|| CustomersError::ExistPhone.into())?,
                )
            })
            .await?
        }
        "editAddress" => {
            let (region, city, address) = (body.region, body.city, body.address);
            db::run(&pool, move |conn| {
                write_transaction(conn, |conn| {
                    let current: Option<(Option<String>, Option<String>, Option<String>)> = platform::first_for_update!(
                        conn,
                        customers::table
                            .find(id)
                            .select((customers::region, customers::city, customers::address))
                    )?;
                    let current = current.ok_or(CustomersError::NotFoundCustomer)?;
                    let keep = |given: Option<String>, old: Option<String>| match given {
                        Some(text) => trimmed(Some(text)),
                        None => old,
                    };
                    let changes = (
                        customers::region.eq(keep(region, current.0)),
                        customers::city.eq(keep(city, current.1)),
                        customers::address.eq(keep(address, current.2)),
                    );
                    updated(set!(conn, id, changes)?)
                })
            })
            .await?
        }
        _ => {
            let notes = trimmed(body.notes);
            db::run(&pool, move |conn| {
                updated(set!(conn, id, customers::notes.eq(notes))?)
            })
            .await?
        }
    }
    Ok(Dialect::Customers.success(StatusCode::OK, ()))
}
