//! Who is looking at a page: the session cookie's gateway token (or a bearer token), verified
//! as every route verifies it. Without one, a browser is sent to the login page and any other
//! client gets the API's 401. The login form posts the gateway's credentials to the gateway
//! (`POST /crm/login`), which sets the session cookie; logout removes it.

use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT;
use actix_web::{HttpRequest, HttpResponse, web};
use platform::AppError;
use platform::auth::session::{
    CSRF_FIELD, LOGIN_CSRF_COOKIE, SESSION_COOKIE, clear_cookie, csrf_matches, csrf_token,
    random_hex, request_token, set_cookie,
};
use platform::auth::{Caller, TokenVerifier, verify_token};
use platform::html::{Escaped, query_value};
use platform::web::Form;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::html::{self, Nav};

/// A logged-in viewer: who, and the CSRF token its forms carry.
pub struct Viewer {
    pub caller: Caller,
    pub csrf: String,
}

impl Viewer {
    /// The viewer of `req`, or `None` when it has no valid token (any other failure, such as
    /// the gateway's keys being out of reach, is an error).
    pub async fn of(req: &HttpRequest) -> Result<Option<Self>, AppError> {
        let token = request_token(req);
        let verifier = req.app_data::<web::Data<TokenVerifier>>().cloned();
        let csrf = token.as_deref().map(csrf_token).unwrap_or_default();
        match verify_token(verifier, token).await {
            Ok(caller) => Ok(Some(Self { caller, csrf })),
            Err(err) if err.status() == StatusCode::UNAUTHORIZED => Ok(None),
            Err(err) => Err(err),
        }
    }

    pub fn nav(&self) -> Nav<'_> {
        Nav {
            who: &self.caller.sub,
            csrf: &self.csrf,
        }
    }

    /// Whether a form's CSRF token is this session's.
    pub fn checks(&self, given: Option<&str>) -> bool {
        csrf_matches(&self.csrf, given)
    }
}

/// What a request without a valid token gets: a browser (one that accepts HTML) the login
/// page, with the way back; any other client the API's 401.
pub fn login_first(req: &HttpRequest) -> Result<HttpResponse, AppError> {
    let html = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !html {
        return Err(AppError::unauthorized(
            "Missing bearer token in the Authorization header.",
        ));
    }
    let back = match req.query_string() {
        "" => req.path().to_string(),
        query => format!("{}?{query}", req.path()),
    };
    let back = if req.method() == actix_web::http::Method::GET {
        back
    } else {
        "/crm/".to_string()
    };
    Ok(html::see_other(&format!("/crm/login?next={}", query_value(&back))).finish())
}

/// Where a login may send the browser back to: a path of this site, never another site.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(next) if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') => {
            next
        }
        _ => "/crm/",
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoginQuery {
    /// The page to go back to after login.
    next: Option<String>,
    /// Set by the gateway when the credentials were refused (`1`) or too many were (`locked`).
    failed: Option<String>,
}

#[utoipa::path(get, path = "/crm/login", params(LoginQuery),
    description = "The login page (no token needed): a form of the gateway's client credentials (an API client's id and secret, as `/oauth/token` takes them), posted to the gateway's `POST /crm/login`, which sets the session cookie. Sets the form's CSRF cookie.",
    responses(
        (status = 200, description = "The login form.", body = String, content_type = "text/html"),
    ))]
pub async fn login_page(query: platform::web::Query<LoginQuery>) -> HttpResponse {
    let query = query.0;
    let next = safe_next(query.next.as_deref());
    let csrf = random_hex();
    let failed = match query.failed.as_deref() {
        Some("locked") => {
            r#"<p class="error" role="alert">Trop d'essais refusés : réessayez dans une minute.</p>"#
        }
        Some(_) => r#"<p class="error" role="alert">Identifiant ou secret refusé.</p>"#,
        None => "",
    };
    let body = format!(
        r#"{failed}<p>Connectez-vous avec les identifiants de votre client d'API (ceux que prend <code>/oauth/token</code>).</p>
<form method="post" action="/crm/login">
<input type="hidden" name="{CSRF_FIELD}" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label for="client_id">Identifiant du client</label>
<input id="client_id" name="client_id" required autocomplete="username" autofocus>
<label for="client_secret">Secret</label>
<input id="client_secret" name="client_secret" type="password" required autocomplete="current-password">
<p><button type="submit">Se connecter</button></p>
</form>"#,
        csrf = Escaped(&csrf),
        next = Escaped(next),
    );
    let cookie = set_cookie(LOGIN_CSRF_COOKIE, &csrf, "/crm/login", 3600);
    html::public(StatusCode::OK, "Connexion", &body, &[cookie])
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CsrfForm {
    /// The CSRF token of the page's form.
    csrf: Option<String>,
}

impl CsrfForm {
    pub fn csrf_token(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

#[utoipa::path(post, path = "/crm/logout",
    request_body(content = CsrfForm, content_type = "application/x-www-form-urlencoded"),
    description = "Logout: removes the session cookie and goes to the login page. The form's CSRF token must be the session's.",
    responses(
        (status = 303, description = "To the login page, the session cookie removed (or back home when the CSRF token is wrong)."),
    ))]
pub async fn logout(req: HttpRequest, form: Form<CsrfForm>) -> Result<HttpResponse, AppError> {
    let Some(viewer) = Viewer::of(&req).await? else {
        return login_first(&req);
    };
    if !viewer.checks(form.0.csrf.as_deref()) {
        return Ok(html::see_other("/crm/").finish());
    }
    Ok(html::see_other("/crm/login")
        .append_header((
            actix_web::http::header::SET_COOKIE,
            clear_cookie(SESSION_COOKIE, "/"),
        ))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_only_sends_back_to_this_site() {
        assert_eq!(safe_next(Some("/crm/import")), "/crm/import");
        assert_eq!(safe_next(Some("//evil.example/")), "/crm/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/crm/");
        assert_eq!(safe_next(Some("/\\evil")), "/crm/");
        assert_eq!(safe_next(None), "/crm/");
    }
}
