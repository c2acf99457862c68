//! `multipart/form-data` bodies (RFC 7578), as an HTML form uploading a file sends them. The
//! body is read whole (within the route's limit) and each part is a slice of it, never copied.

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::error::{AppError, PlatformCode};

/// One part of a form: its field name, the file name when it is a file, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Bytes,
}

/// The boundary named by a `multipart/form-data` `Content-Type`, or `None` for another type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut pieces = content_type.split(';');
    let mime = pieces.next()?.trim();
    if !mime.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces.find_map(|piece| {
        let (key, value) = piece.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let last_start = haystack.len() - needle.len();
    let mut at = from;
    while at <= last_start {
        let offset = haystack[at..=last_start].iter().position(|b| *b == first)?;
        at += offset;
        if &haystack[at..at + needle.len()] == needle {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// A parameter of a `Content-Disposition` header (`name="file"`).
fn parameter(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|piece| {
        let (k, v) = piece.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Every part of `body`, or what is wrong with it.
pub fn parts(body: &Bytes, boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0).ok_or("no part in the form body")?;
    let mut found = Vec::new();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            return Ok(found);
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err("a part delimiter is not followed by a line break".into());
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at).ok_or("a part has no end of headers")?;
        let head = std::str::from_utf8(&body[at..head_end])
            .map_err(|_| "a part's headers are not UTF-8")?;
        let disposition = head
            .split("\r\n")
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(value.trim())
            })
            .ok_or("a part has no Content-Disposition")?;
        let name = parameter(disposition, "name").ok_or("a part has no name")?;
        let filename = parameter(disposition, "filename");
        let data_start = head_end + 4;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(delimiter);
        let data_end = find(body, &closing, data_start).ok_or("a part is not closed")?;
        found.push(Part {
            name,
            filename,
            data: body.slice(data_start..data_end),
        });
        at = data_end + 2;
    }
}

/// A `multipart/form-data` body (an HTML form with a file), its parts slices of the body.
pub struct Multipart(pub Vec<Part>);

impl Multipart {
    /// The part named `name`.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.0.iter().find(|p| p.name == name)
    }

    /// The text of the part named `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.part(name)
            .and_then(|p| std::str::from_utf8(&p.data).ok())
    }
}

impl FromRequest for Multipart {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let boundary = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(boundary);
        let (req, payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let boundary =
                boundary.ok_or_else(|| crate::web::unsupported_media("multipart/form-data"))?;
            let body = crate::web::read_large_body(req, payload).await?;
            parts(&body, &boundary).map(Multipart).map_err(|e| {
                AppError::coded(PlatformCode::MalformedBody, format!("Unreadable form: {e}"))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_browser_form_with_a_file_is_read() {
        let body = Bytes::from_static(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\
Content-Type: text/csv\r\n\r\nNom,Prenom\r\nA,B\r\n\r\n--XyZ--\r\n",
        );
        let boundary = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parts(&body, &boundary).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(&parts[0].data[..], b"abc");
        assert_eq!(parts[1].filename.as_deref(), Some("c.csv"));
        assert_eq!(&parts[1].data[..], b"Nom,Prenom\r\nA,B\r\n");
    }

    #[test]
    fn other_types_and_broken_bodies_are_refused() {
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        let body = Bytes::from_static(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
        );
        assert!(parts(&body, "XyZ").is_err());
        assert!(parts(&Bytes::from_static(b"nothing"), "XyZ").is_err());
    }
}
