//! The URLs partners register for deliveries: `http(s)://host[:port][/path][?query]` in ASCII,
//! without credentials or fragment. The rule is written twice, as code here and as the
//! document's pattern ([`pattern`]); the examples of the tests hold for both.

/// Whether `url` has the endpoint syntax (and parses as a URL); `https://` only unless `http`.
pub fn endpoint(url: &str, http: bool) -> bool {
    let rest = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => rest,
        (None, Some(rest)) if http => rest,
        _ => return false,
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let (path, query) = match tail.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (tail, None),
    };
    (ipv4(host) || domain(host))
        && port.is_none_or(valid_port)
        && encoded(path, "/")
        && query.is_none_or(|q| encoded(q, "/?"))
        && reqwest::Url::parse(url).is_ok()
}

/// The same rule as a JSON Schema (ECMA-262) pattern.
pub fn pattern(http: bool) -> String {
    let scheme = if http { "https?" } else { "https" };
    let octet = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    let label = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    let last = "[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?";
    let port =
        "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";
    let char = |extra: &str| format!("([A-Za-z0-9._~!$&'()*+,;=:@{extra}-]|%[0-9A-Fa-f]{{2}})");
    format!(
        "^{scheme}://(({octet}\\.){{3}}{octet}|({label}\\.)*{last})(:{port})?(/{}*)?(\\?{}*)?$",
        char("/"),
        char("/?"),
    )
}

fn ipv4(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && (o.len() == 1 || !o.starts_with('0'))
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// Labels of letters, digits and inner hyphens; the last one starts with a letter.
fn domain(host: &str) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let labels: Vec<&str> = host.split('.').collect();
    labels.iter().all(|l| label(l))
        && labels
            .last()
            .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && !port.starts_with('0')
        && port.parse::<u16>().is_ok_and(|n| n > 0)
}

/// RFC 3986's unreserved and sub-delimiter characters, `:` and `@`, `extra`, and `%HH`.
fn encoded(text: &str, extra: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric()
            || b"._~!$&'()*+,;=:@-".contains(&b)
            || extra.as_bytes().contains(&b))
        {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &[&str] = &[
        "https://partner.example/hooks",
        "https://partner.example:8443/a/b?token=x%20y&z=1",
        "https://127.0.0.1:30080/",
        "https://localhost",
        "https://a-b.c1.example/path(1)/~x",
        "https://partner.example?a=1",
    ];
    const BAD: &[&str] = &[
        "ftp://partner.example",
        "partner.example/hooks",
        "https://partner.example/hook#part",
        "https://user@partner.example/",
        "https://-a.example/",
        "https://a.1example/",
        "https://partner.example:0/",
        "https://partner.example:080/",
        "https://partner.example:65536/",
        "https://256.1.1.1/",
        "https://partner.example/a b",
        "https://partner.example/%zz",
        "https://9ub.com*",
        "https://",
    ];

    #[test]
    fn endpoints_have_the_syntax_the_pattern_says() {
        for url in GOOD {
            assert!(endpoint(url, false), "{url}");
        }
        for url in BAD {
            assert!(!endpoint(url, true), "{url}");
        }
        assert!(!endpoint("http://partner.example/", false));
        assert!(endpoint("http://partner.example/", true));
    }
}
