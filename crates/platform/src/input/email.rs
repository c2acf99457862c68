//! An e-mail address as stored and matched: trimmed, lower-case, of a plausible shape.

use std::fmt;

use serde::Serialize;

/// A checked address. Deliberately simple: one `@`, something before it, a dotted domain, no
/// spaces (delivery is the only real test).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadEmail {
    #[error("is required")]
    Blank,
    #[error("is not a valid email address")]
    Malformed,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, BadEmail> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(BadEmail::Blank);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(BadEmail::Malformed);
        };
        let plausible = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(char::is_whitespace);
        if plausible {
            Ok(Self(email))
        } else {
            Err(BadEmail::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalized() {
        let email = Email::parse("  John.Doe@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "john.doe@example.com");
        assert_eq!(
            serde_json::to_value(&email).unwrap(),
            "john.doe@example.com"
        );
    }

    #[test]
    fn implausible_addresses_are_refused() {
        assert_eq!(Email::parse("  "), Err(BadEmail::Blank));
        for bad in [
            "a", "a@", "@b.fr", "a@b", "a b@c.fr", "a@@b.fr", "a@b.", "a@.b",
        ] {
            assert_eq!(Email::parse(bad), Err(BadEmail::Malformed), "{bad}");
        }
        assert!(Email::parse("a@b.fr").is_ok());
    }
}
