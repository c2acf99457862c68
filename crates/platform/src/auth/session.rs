//! A browser's session: a gateway token carried in a secure, HTTP-only, `SameSite=Strict`
//! cookie (docs/decisions.md, "Web pages and login"). The gateway sets it at login and accepts
//! it as it accepts `Authorization: Bearer`; a service's HTML pages accept it too. A form's
//! CSRF token is derived from the session's token, which no other site can read.

use actix_web::HttpRequest;
use actix_web::http::header::COOKIE;

use super::caller::bearer_token;

/// The cookie that carries the session's gateway token.
pub const SESSION_COOKIE: &str = "session";
/// The cookie of the login form's CSRF token (before there is a session).
pub const LOGIN_CSRF_COOKIE: &str = "login_csrf";
/// The form field every CSRF-protected form carries.
pub const CSRF_FIELD: &str = "csrf";

/// The value of the cookie `name` the request carries.
pub fn cookie(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.trim_matches('"').to_string())
        })
}

/// A `Set-Cookie` value: secure, HTTP-only, `SameSite=Strict`, living `max_age_secs`.
pub fn set_cookie(name: &str, value: &str, path: &str, max_age_secs: u64) -> String {
    format!(
        "{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; Secure; SameSite=Strict"
    )
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(name: &str, path: &str) -> String {
    set_cookie(name, "", path, 0)
}

/// The token of the request: its bearer token, else its session cookie's.
pub fn request_token(req: &HttpRequest) -> Option<String> {
    bearer_token(req).or_else(|| cookie(req, SESSION_COOKIE))
}

/// The CSRF token of the forms of a session: a one-way function of its token, so that a page
/// of the session can write it and no other site can compute it.
pub fn csrf_token(session_token: &str) -> String {
    let digest = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        format!("csrf:{session_token}").as_bytes(),
    );
    hex(&digest.as_ref()[..16])
}

/// Whether a form's CSRF token is the expected one (constant time).
pub fn csrf_matches(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|given| {
        !expected.is_empty() && super::constant_time_eq(expected.as_bytes(), given.as_bytes())
    })
}

/// 32 random hex characters (a login form's CSRF token, an import's id).
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        // No randomness is a broken machine; a token from the clock would be guessable.
        tracing::error!("no randomness available");
    }
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_session_cookie_stands_in_for_a_bearer_token() {
        let req = TestRequest::default()
            .insert_header((COOKIE, "a=1; session=tok.en.x; b=2"))
            .to_http_request();
        assert_eq!(request_token(&req).as_deref(), Some("tok.en.x"));
        assert_eq!(cookie(&req, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&req, "c"), None);
        let bearer = TestRequest::default()
            .insert_header((COOKIE, "session=cookie"))
            .insert_header(("authorization", "Bearer header"))
            .to_http_request();
        assert_eq!(request_token(&bearer).as_deref(), Some("header"));
    }

    #[test]
    fn cookies_are_secure_http_only_and_strict() {
        let set = set_cookie(SESSION_COOKIE, "t", "/", 60);
        assert_eq!(
            set,
            "session=t; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Strict"
        );
        assert!(clear_cookie(SESSION_COOKIE, "/").contains("Max-Age=0"));
    }

    #[test]
    fn the_csrf_token_follows_the_session_and_is_checked_whole() {
        let token = csrf_token("a.b.c");
        assert_eq!(token.len(), 32);
        assert_ne!(token, csrf_token("a.b.d"));
        assert!(csrf_matches(&token, Some(&token)));
        assert!(!csrf_matches(&token, Some("x")));
        assert!(!csrf_matches(&token, None));
        assert!(!csrf_matches("", Some("")));
        assert_ne!(random_hex(), random_hex());
    }
}
