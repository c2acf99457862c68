//! `POST /crm/login`: the login form's credentials checked as `/oauth/token` checks them, under
//! the same lockouts (by client and by the browser's address), and the session cookie set.

use actix_web::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse, web};
use platform::AppError;
use platform::auth::session::{
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, clear_cookie, cookie, csrf_matches, set_cookie,
};
use platform::html::query_value;
use platform::input::non_blank;
use platform::web::Form;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::credentials::{self, guarded};
use crate::errors::GatewayError;
use crate::state::{GatewayState, peer_ip};
use crate::tokens::mint;

/// The CRM's login form.
#[derive(Deserialize, ToSchema)]
pub struct LoginForm {
    /// An API client's id (a client-credentials or Basic client).
    #[schema(value_type = String)]
    client_id: Option<String>,
    #[schema(value_type = String)]
    client_secret: Option<String>,
    /// The form's CSRF token: the `login_csrf` cookie the login page set.
    #[schema(value_type = String)]
    csrf: Option<String>,
    /// The page to go back to: a path of this site.
    #[schema(value_type = String, required = false)]
    next: Option<String>,
}

/// Where a login may send the browser: a path of this site, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next) if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') => {
            next.to_string()
        }
        _ => "/crm/".to_string(),
    }
}

fn see_other(location: &str) -> actix_web::HttpResponseBuilder {
    let mut builder = HttpResponse::SeeOther();
    builder
        .insert_header((LOCATION, location.to_string()))
        .insert_header((CACHE_CONTROL, "no-store"));
    builder
}

/// The login page again, saying why.
fn back_to_login(failed: &str, next: &str) -> HttpResponse {
    see_other(&format!(
        "/crm/login?failed={failed}&next={}",
        query_value(next)
    ))
    .finish()
}

/// The CRM's login: an API client's id and secret (as `/oauth/token` takes them).
///
/// A form of the CRM's login page (`GET /crm/login`, served by the CRM). The credentials are
/// checked as `/oauth/token` checks them, with its lockouts; the form's `csrf` must be the
/// `login_csrf` cookie the page set. Success sets the `session` cookie (a gateway token, as
/// long as a token lives; `HttpOnly; Secure; SameSite=Strict`), which the gateway and the CRM
/// pages then accept, and goes to `next`. Refused credentials go back to the login page.
#[utoipa::path(
    post,
    tag = "sessions",
    path = "/crm/login",
    operation_id = "crmLogin",
    request_body(content((LoginForm = "application/x-www-form-urlencoded"))),
    responses(
        (status = 303, description = "Logged in: to `next` (a path of this site, `/crm/` by default), the `session` cookie set. Refused (unknown client, wrong secret, wrong or missing CSRF token): to `/crm/login?failed=1`; locked out: `/crm/login?failed=locked`."),
    ),
)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<GatewayState>,
    form: Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let next = safe_next(form.next.as_deref());
    let expected = cookie(&req, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !csrf_matches(&expected, form.csrf.as_deref()) {
        return Ok(back_to_login("1", &next));
    }
    let (Some(id), Some(secret)) = (non_blank(form.client_id), non_blank(form.client_secret))
    else {
        return Ok(back_to_login("1", &next));
    };
    let check = credentials::check_client_secret(&state.pool, &id, &secret);
    let account = Some(format!("client:{id}"));
    let ip = format!("ip:{}", peer_ip(&req));
    let client = match guarded(&state, account, ip, check, |_| {
        GatewayError::InvalidClient.into()
    })
    .await
    {
        Ok(client) => client,
        Err(err) if err.status() == actix_web::http::StatusCode::TOO_MANY_REQUESTS => {
            return Ok(back_to_login("locked", &next));
        }
        Err(err) if err.status() == actix_web::http::StatusCode::UNAUTHORIZED => {
            return Ok(back_to_login("1", &next));
        }
        Err(err) => return Err(err),
    };
    let ttl = state.settings.token_ttl_secs;
    // Always a signed token, whatever the client's usual format: the services verify it alone.
    let token = mint(
        &state.keys.signer(),
        &state.issuer,
        &state.audience,
        &client,
        ttl,
    )?;
    tracing::info!(client = %client.id, "session opened");
    Ok(see_other(&next)
        .append_header((SET_COOKIE, set_cookie(SESSION_COOKIE, &token, "/", ttl)))
        .append_header((SET_COOKIE, clear_cookie(LOGIN_CSRF_COOKIE, "/crm/login")))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_only_sends_back_to_this_site() {
        assert_eq!(safe_next(Some("/crm/import")), "/crm/import");
        assert_eq!(safe_next(Some("//evil.example")), "/crm/");
        assert_eq!(safe_next(Some("http://evil.example")), "/crm/");
        assert_eq!(safe_next(None), "/crm/");
    }
}
