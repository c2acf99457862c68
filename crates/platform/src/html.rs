//! Server-rendered HTML: every value written into a page goes through [`Escaped`] (or
//! [`escape`]), in text and in attribute values alike.

use std::fmt;

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by their character references, safe in
/// element text and in a quoted attribute value.
pub fn escape(text: &str) -> String {
    Escaped(text).to_string()
}

/// Displays its text escaped, so `format!("<td>{}</td>", Escaped(name))` writes no markup of
/// the value's.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// `text` as a URL query value (`application/x-www-form-urlencoded`), for links.
pub fn query_value(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<a href="x">O'Neil & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(query_value("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
