//! The home page (`GET /api`, `GET /crm/`): the table of every customer, paged, searchable,
//! sortable by name, credit and last payment, with the link to the import page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use platform::AppError;
use platform::db::{self, Pool};
use platform::html::{Escaped, query_value};
use platform::money::Cents;
use serde::Deserialize;
use utoipa::IntoParams;

use super::html::{self, euros};
use super::session::{Viewer, login_first};
use crate::clients::model::credit_text;
use crate::clients::store::{self, Order};

/// Customers on one page of the table.
pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HomeQuery {
    /// Part of a name, a Compte or an email (any case).
    q: Option<String>,
    /// `name`, `credit` or `payment` (the last payment's day); the registration order else.
    sort: Option<String>,
    /// `desc` for the reverse order.
    dir: Option<String>,
    /// The page, from 1.
    page: Option<String>,
}

fn order_of(sort: Option<&str>) -> (Order, &'static str) {
    match sort {
        Some("name") => (Order::Name, "name"),
        Some("credit") => (Order::Credit, "credit"),
        Some("payment") => (Order::LastPayment, "payment"),
        _ => (Order::Id, ""),
    }
}

/// The link of the table in another order or page, the search kept.
fn link(search: &str, sort: &str, desc: bool, page: i64) -> String {
    let mut query = Vec::new();
    if !search.is_empty() {
        query.push(format!("q={}", query_value(search)));
    }
    if !sort.is_empty() {
        query.push(format!("sort={sort}"));
    }
    if desc {
        query.push("dir=desc".to_string());
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        "/crm/".to_string()
    } else {
        format!("/crm/?{}", query.join("&amp;"))
    }
}

/// A sortable column's header: a link to sort by it (the reverse when it is the order now),
/// and `aria-sort` saying the order now.
fn sortable(label: &str, key: &str, search: &str, sort: &str, desc: bool) -> String {
    let current = sort == key;
    let aria = match (current, desc) {
        (true, false) => r#" aria-sort="ascending""#,
        (true, true) => r#" aria-sort="descending""#,
        _ => "",
    };
    let arrow = match (current, desc) {
        (true, false) => " ▲",
        (true, true) => " ▼",
        _ => "",
    };
    format!(
        r#"<th scope="col"{aria}><a href="{}">{label}{arrow}</a></th>"#,
        link(search, key, current && !desc, 1)
    )
}

#[utoipa::path(get, path = "/api", params(HomeQuery),
    description = "The CRM home page (HTML): a table of all customers, paged by 50, searchable (`q`), sortable by name, credit and last payment (`sort`, `dir`), and the link \"Importer clients\". A browser without a session is sent to the login page; another client without a token gets 401.",
    responses(
        (status = 200, description = "The page.", body = String, content_type = "text/html"),
        (status = 303, description = "No session: to the login page."),
    ))]
pub async fn home(
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: platform::web::Query<HomeQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    let query = query.0;
    let search = query.q.as_deref().map(str::trim).unwrap_or("").to_string();
    let (order, sort) = order_of(query.sort.as_deref());
    let desc = query.dir.as_deref() == Some("desc");
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let searched = (!search.is_empty()).then(|| search.clone());
    let (clients, total) = db::run(&pool, move |conn| {
        store::list(
            conn,
            searched.as_deref(),
            (order, desc),
            PAGE_SIZE,
            (page - 1).saturating_mul(PAGE_SIZE),
        )
    })
    .await?;
    let pages = (total.max(1) - 1) / PAGE_SIZE + 1;
    let mut rows = String::new();
    for client in &clients {
        let v = &client.values;
        rows.push_str(&format!(
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td>{}</td><td class="n">{}</td></tr>
"#,
            Escaped(&v.nom),
            Escaped(&v.prenom),
            Escaped(v.compte.as_deref().unwrap_or("")),
            Escaped(v.email.as_deref().unwrap_or("")),
            Escaped(&credit_text(Cents(v.credit_cents))),
            v.date_paiement.map(|d| d.to_string()).unwrap_or_default(),
            euros(v.montant_cents),
        ));
    }
    if clients.is_empty() {
        rows.push_str(r#"<tr><td colspan="7">Aucun client.</td></tr>"#);
    }
    let mut pager = format!("Page {page} sur {pages} · {total} clients");
    if page > 1 {
        pager.push_str(&format!(
            r#" · <a href="{}" rel="prev">Page précédente</a>"#,
            link(&search, sort, desc, page - 1)
        ));
    }
    if page < pages {
        pager.push_str(&format!(
            r#" · <a href="{}" rel="next">Page suivante</a>"#,
            link(&search, sort, desc, page + 1)
        ));
    }
    let body = format!(
        r#"<p><a href="/crm/import">Importer clients</a></p>
<form method="get" action="/crm/" role="search">
<label for="q">Rechercher (nom, compte ou email)</label>
<input id="q" name="q" type="search" value="{search}">
{keep_sort}<button type="submit">Rechercher</button>
</form>
<nav class="pages" aria-label="Pages">{pager}</nav>
<table>
<caption>Clients</caption>
<thead><tr>{name}<th scope="col">Prénom</th><th scope="col">Compte</th><th scope="col">Email</th>{credit}{payment}<th scope="col">Montant</th></tr></thead>
<tbody>
{rows}</tbody>
</table>"#,
        search = Escaped(&search),
        keep_sort = if sort.is_empty() {
            String::new()
        } else {
            format!(
                r#"<input type="hidden" name="sort" value="{sort}">{}"#,
                if desc {
                    r#"<input type="hidden" name="dir" value="desc">"#
                } else {
                    ""
                }
            )
        },
        name = sortable("Nom", "name", &search, sort, desc),
        credit = sortable("Crédit", "credit", &search, sort, desc),
        payment = sortable("Dernier paiement", "payment", &search, sort, desc),
    );
    Ok(html::page(StatusCode::OK, "Clients", &viewer.nav(), &body))
}

#[utoipa::path(get, path = "/crm/", params(HomeQuery),
    description = "The CRM home page, as `GET /api` (also at `/crm`).",
    responses(
        (status = 200, description = "The page.", body = String, content_type = "text/html"),
        (status = 303, description = "No session: to the login page."),
    ))]
pub async fn crm_home(
    req: HttpRequest,
    pool: web::Data<Pool>,
    query: platform::web::Query<HomeQuery>,
) -> Result<HttpResponse, AppError> {
    home(req, pool, query).await
}
