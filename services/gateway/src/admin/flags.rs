//! The command line's options: `--name value` pairs and switches, and the values that need
//! reading (a rate, a token format, a secret on stdin).

use std::collections::HashMap;
use std::io::Read;

use super::AdminError;
use crate::clients::model::{ClientKind, TokenFormat, check_given_secret, parse_burst, parse_rate};

/// Options that take no value.
const SWITCHES: [&str; 2] = ["secret-stdin", "api-token-stdin"];

pub(super) fn parse_flags<'a>(flags: &[&'a str]) -> Result<HashMap<&'a str, &'a str>, AdminError> {
    let mut parsed = HashMap::new();
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let name = flag
            .strip_prefix("--")
            .ok_or_else(|| AdminError::Usage(format!("unexpected argument {flag}")))?;
        if SWITCHES.contains(&name) {
            parsed.insert(name, "");
            continue;
        }
        let value = rest
            .next()
            .ok_or_else(|| AdminError::Usage(format!("--{name} needs a value")))?;
        parsed.insert(name, *value);
    }
    Ok(parsed)
}

/// `--rate N[/s]` and `--burst M` (twice the rate when not given); `default` clears the rate.
pub(super) fn rate_flags(
    flags: &HashMap<&str, &str>,
) -> Result<Option<Option<(i32, i32)>>, AdminError> {
    let (rate, burst) = (flags.get("rate"), flags.get("burst"));
    let rate = match (rate, burst) {
        (None, None) => return Ok(None),
        (None, Some(_)) => return Err(AdminError::Usage("--burst needs --rate".into())),
        (Some(&"default"), None) => return Ok(Some(None)),
        (Some(rate), burst) => {
            let rate = parse_rate(rate).map_err(AdminError::Usage)?;
            let burst = burst
                .map(|b| parse_burst(b))
                .transpose()
                .map_err(AdminError::Usage)?;
            (rate, burst.unwrap_or(rate.saturating_mul(2)))
        }
    };
    let to_i32 = |n: u32| i32::try_from(n).map_err(|_| AdminError::Usage("rate too high".into()));
    Ok(Some(Some((to_i32(rate.0)?, to_i32(rate.1)?))))
}

/// `--token-format opaque|jwt`; `default` lets each endpoint answer as its document shows.
pub(super) fn token_format_flag(
    flags: &HashMap<&str, &str>,
) -> Result<Option<Option<String>>, AdminError> {
    match flags.get("token-format") {
        None => Ok(None),
        Some(&"default") => Ok(Some(None)),
        Some(format) => {
            let format: TokenFormat = format.parse().map_err(AdminError::Usage)?;
            Ok(Some(Some(format.as_str().to_string())))
        }
    }
}

/// A secret read from stdin: its first line, without the line end.
pub(super) fn read_secret(kind: ClientKind, stdin: &mut dyn Read) -> Result<String, AdminError> {
    let mut text = String::new();
    stdin
        .take(4096)
        .read_to_string(&mut text)
        .map_err(|e| AdminError::Failed(format!("reading the secret from stdin: {e}")))?;
    let secret = text.lines().next().unwrap_or("").to_string();
    check_given_secret(kind, &secret)
        .map_err(|reason| AdminError::Usage(format!("the secret on stdin {reason}")))?;
    Ok(secret)
}
