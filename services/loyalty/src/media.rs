//! The guide's formats: JSON by default, XML when `Accept` asks for `application/xml` (errors
//! included), 406 when neither is acceptable. Errors of the routes below are rendered here in
//! the dialect, so that they too can be XML.

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use actix_web::middleware::Next;
use platform::{AppError, Dialect};
use serde_json::Value;

use crate::errors::LoyaltyError;

pub const XML: &str = "application/xml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// Reads `Accept`: the acceptable format of highest `q` (JSON on a tie or a wildcard), `None`
/// when neither is acceptable.
pub fn negotiate(accept: Option<&str>) -> Option<Format> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Format::Json);
    };
    let mut best: Option<(f32, Format)> = None;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let media = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
        let format = match media.as_str() {
            "application/json" | "*/*" | "application/*" => Format::Json,
            "application/xml" | "text/xml" => Format::Xml,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, format));
        }
    }
    best.map(|(_, format)| format)
}

/// A JSON value as XML: objects' keys as elements, list items as `<item>`, null as empty.
pub fn to_xml(value: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    element(&mut out, "response", value);
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape(out, s),
        Value::Array(items) => items.iter().for_each(|item| element(out, "item", item)),
        Value::Object(fields) => fields.iter().for_each(|(k, v)| element(out, k, v)),
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// Middleware over every route of seed 003.
pub async fn negotiate_media(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let accept = req
        .headers()
        .get(ACCEPT)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let Some(format) = negotiate(accept) else {
        let (http, _) = req.into_parts();
        let response = Dialect::Loyalty.render(&http, &LoyaltyError::NotAcceptable.into());
        return Ok(ServiceResponse::new(http, response));
    };
    let res = next.call(req).await?;
    let rendered = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|err| Dialect::Loyalty.render(res.request(), err));
    let res = match rendered {
        Some(response) => res.into_response(response),
        None => res.map_into_boxed_body(),
    };
    if format == Format::Json || !res.headers().contains_key(CONTENT_TYPE) {
        return Ok(res);
    }
    let (http, response) = res.into_parts();
    let status = response.status();
    let mut headers = response.headers().clone();
    let bytes = to_bytes(response.into_body())
        .await
        .map_err(|e| AppError::internal(format!("response body: {e}")))?;
    let xml = match serde_json::from_slice::<Value>(&bytes) {
        Ok(value) => to_xml(&value),
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    };
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(XML));
    let mut out = HttpResponse::build(status).body(xml);
    for (name, value) in headers.iter() {
        if name != actix_web::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(http, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_unless_xml_is_preferred() {
        assert_eq!(negotiate(None), Some(Format::Json));
        assert_eq!(negotiate(Some("*/*")), Some(Format::Json));
        assert_eq!(negotiate(Some("application/xml")), Some(Format::Xml));
        assert_eq!(
            negotiate(Some("application/json;q=0.5, application/xml")),
            Some(Format::Xml)
        );
        assert_eq!(negotiate(Some("text/html")), None);
        assert_eq!(negotiate(Some("application/xml;q=0")), None);
    }

    #[test]
    fn xml_mirrors_the_json() {
        let value = serde_json::json!({"code": 1, "list": ["a<b"], "none": null});
        assert_eq!(
            to_xml(&value),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><code>1</code><list><item>a&lt;b</item></list><none></none></response>"
        );
    }
}
