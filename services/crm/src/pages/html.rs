//! The frame of every page: one small stylesheet inside the page (no asset from elsewhere),
//! the navigation with the logout form, and the headers of an HTML answer. Every value written
//! into a page goes through `Escaped`.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::{HttpResponse, HttpResponseBuilder};
use platform::html::Escaped;

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{background:#123;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}
main{padding:1rem;max-width:80rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef}td.n{text-align:right}
a:focus,button:focus,input:focus{outline:3px solid #f90;outline-offset:1px}
.error{color:#a00;font-weight:bold}.ok{color:#060;font-weight:bold}
.action-e{background:#fdd}.action-c{background:#dfd}.action-u{background:#ffd}
form.inline{display:inline}nav.pages{margin:.6rem 0}
label{display:block;margin:.4rem 0 .2rem}progress{width:30rem;max-width:100%}
";

/// Who is logged in, for the navigation: their client id and the CSRF token of the forms.
pub struct Nav<'a> {
    pub who: &'a str,
    pub csrf: &'a str,
}

fn frame(title: &str, nav: Option<&Nav>, head: &str, body: &str) -> String {
    let nav = match nav {
        Some(nav) => format!(
            r#"<a href="/crm/">Clients</a><a href="/crm/import">Importer clients</a><span>{}</span><form method="post" action="/crm/logout"><input type="hidden" name="csrf" value="{}"><button type="submit">Se déconnecter</button></form>"#,
            Escaped(nav.who),
            Escaped(nav.csrf),
        ),
        None => String::new(),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{head}
<title>{title} · CRM</title><style>{STYLE}</style></head>
<body><header><strong>CRM</strong>{nav}</header><main>
<h1>{title}</h1>
{body}
</main></body></html>"#,
        title = Escaped(title),
    )
}

fn headers(status: StatusCode) -> HttpResponseBuilder {
    let mut builder = HttpResponse::build(status);
    builder
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ))
        .insert_header((
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .insert_header((
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ));
    builder
}

/// A page of the logged-in back office.
pub fn page(status: StatusCode, title: &str, nav: &Nav, body: &str) -> HttpResponse {
    headers(status).body(frame(title, Some(nav), "", body))
}

/// A page that reloads itself every `seconds` (an import's progress, without JavaScript).
pub fn refreshing(title: &str, nav: &Nav, seconds: u32, body: &str) -> HttpResponse {
    let head = format!(r#"<meta http-equiv="refresh" content="{seconds}">"#);
    headers(StatusCode::OK).body(frame(title, Some(nav), &head, body))
}

/// A page before login, setting `cookies` (`Set-Cookie` values).
pub fn public(status: StatusCode, title: &str, body: &str, cookies: &[String]) -> HttpResponse {
    let mut builder = headers(status);
    for cookie in cookies {
        builder.append_header((actix_web::http::header::SET_COOKIE, cookie.as_str()));
    }
    builder.body(frame(title, None, "", body))
}

/// `303 See Other` to `location` (after a form, or to the login page).
pub fn see_other(location: &str) -> HttpResponseBuilder {
    let mut builder = HttpResponse::SeeOther();
    builder
        .insert_header((actix_web::http::header::LOCATION, location.to_string()))
        .insert_header((CACHE_CONTROL, "no-store"));
    builder
}

/// An amount in cents as the pages print it: `1 330,00`.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_in_the_french_way() {
        assert_eq!(euros(133_000), "1\u{202f}330,00");
        assert_eq!(euros(5), "0,05");
        assert_eq!(euros(-123_456_789), "-1\u{202f}234\u{202f}567,89");
    }
}
