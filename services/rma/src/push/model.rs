//! The partner's endpoint and how a delivery is signed; no I/O.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Event;
use crate::access::Side;
use crate::schema::partner_endpoints;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partner_endpoints)]
pub struct Endpoint {
    pub partner_id: String,
    pub url: String,
    pub secret: String,
    pub enabled: bool,
    pub updated_at: NaiveDateTime,
}

/// `X-RMA-Signature`: `sha256=` and the hex HMAC-SHA256, keyed by the partner's secret, of
/// `"{timestamp}.{body}"`. Signing the timestamp lets the partner refuse replays.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let hex = platform::webhooks::sign::hex_signature(secret, timestamp, body);
    format!("sha256={hex}")
}

/// A message is pushed when the retailer writes it: the center wrote its own.
pub fn message_event(side: &Side) -> Option<Event> {
    (*side == Side::Retailer).then_some(Event::RetailerMessage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_the_hmac_sha256_of_timestamp_dot_body() {
        // Python: hmac.new(b"secret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            signature("secret", 1_700_000_000, br#"{"a":1}"#),
            "sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
        assert_ne!(
            signature("other", 1_700_000_000, br#"{"a":1}"#),
            signature("secret", 1_700_000_000, br#"{"a":1}"#)
        );
    }
}
