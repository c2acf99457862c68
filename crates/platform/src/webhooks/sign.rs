//! How a delivery is signed: the hex HMAC-SHA256, keyed by the subscriber's secret, of
//! `"{timestamp}.{body}"`. Signing the timestamp lets the receiver refuse replays.

use aws_lc_rs::hmac;

/// The hex HMAC-SHA256 of `"{timestamp}.{body}"` keyed by `secret`.
pub fn hex_signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut context = hmac::Context::with_key(&key);
    context.update(timestamp.to_string().as_bytes());
    context.update(b".");
    context.update(body);
    context
        .sign()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `X-Webhook-Signature` header: `t={timestamp},sha256={hex}`.
pub fn header(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},sha256={}",
        hex_signature(secret, timestamp, body)
    )
}

/// Whether `header` (as [`header`] writes it) signs `body` with `secret`, compared in constant
/// time: what a receiver does.
pub fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let mut timestamp = None;
    let mut tag = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("sha256", value)) => tag = decode_hex(value),
            _ => {}
        }
    }
    let (Some(timestamp), Some(tag)) = (timestamp, tag) else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    hmac::verify(&key, &message, &tag).is_ok()
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hmac_sha256_of_timestamp_dot_body() {
        // Python: hmac.new(b"secret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            hex_signature("secret", 1_700_000_000, br#"{"a":1}"#),
            "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
        let signed = header("secret", 1_700_000_000, br#"{"a":1}"#);
        assert!(verify("secret", &signed, br#"{"a":1}"#));
        assert!(!verify("other", &signed, br#"{"a":1}"#));
        assert!(!verify("secret", &signed, br#"{"a":2}"#));
        assert!(!verify("secret", "t=1,sha256=zz", b""));
    }
}
