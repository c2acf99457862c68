//! `gateway clients import FILE`: the rules of an import file, without I/O. A file is JSON (an
//! array of objects, or `{"clients": [...]}`) or CSV (a header row naming the fields); each row
//! is one client with the identifiers and secrets it already has. Every refusal names its row
//! (from 1, the CSV header not counted), its field and why; a refusal never repeats a secret.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::model::{
    ApiClient, ClientKind, TokenFormat, check_client_id, check_given_secret, new_client_id,
    normalize_list, parse_burst, parse_rate, token_lookup,
};

/// The fields a row may have.
pub const FIELDS: [&str; 14] = [
    "name",
    "kind",
    "client_id",
    "client_secret",
    "api_token",
    "username",
    "password",
    "terminal",
    "scopes",
    "permissions",
    "partner",
    "token_format",
    "rate",
    "burst",
];

/// Why one row (or the file) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub field: String,
    pub reason: String,
    /// From 1; 0 for the file as a whole.
    pub row: usize,
}

impl Refusal {
    pub fn new(row: usize, field: &str, reason: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            reason: reason.into(),
            row,
        }
    }
}

/// A client ready to be stored once its secret is hashed.
pub struct Candidate {
    /// Its row in the file.
    pub row: usize,
    /// `secret_hash` still empty; `token_lookup` set for API tokens.
    pub client: ApiClient,
    pub secret: String,
}

/// The fields of one row, by name; blank cells and JSON nulls are absent.
pub type Row = BTreeMap<String, String>;

/// Parses a file as JSON when its name ends in `.json`, as CSV when it ends in `.csv`, and
/// otherwise by its content (JSON when it starts with `[` or `{`).
pub fn parse(file_name: &str, text: &str) -> Result<Vec<Row>, Refusal> {
    let lower = file_name.to_ascii_lowercase();
    let json = if lower.ends_with(".json") {
        true
    } else if lower.ends_with(".csv") {
        false
    } else {
        text.trim_start().starts_with(['[', '{'])
    };
    if json {
        parse_json(text)
    } else {
        parse_csv(text)
    }
}

fn parse_json(text: &str) -> Result<Vec<Row>, Refusal> {
    let file_error = |reason: String| Refusal::new(0, "file", reason);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| file_error(format!("not JSON: {e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut object) => match object.remove("clients") {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Err(file_error("an object must hold a \"clients\" array".into())),
        },
        _ => return Err(file_error("must be an array of clients".into())),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let serde_json::Value::Object(object) = item else {
                return Err(Refusal::new(i + 1, "row", "must be an object"));
            };
            let mut row = Row::new();
            for (field, value) in object {
                let text = match value {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => return Err(Refusal::new(i + 1, &field, "must be a string or a number")),
                };
                row.insert(field, text);
            }
            Ok(row)
        })
        .collect()
}

/// RFC 4180: comma-separated, fields optionally in double quotes (`""` for a quote inside).
fn parse_csv(text: &str) -> Result<Vec<Row>, Refusal> {
    let records = csv_records(text)?;
    let mut records = records.into_iter();
    let header = records
        .next()
        .ok_or_else(|| Refusal::new(0, "file", "empty: a CSV file starts with a header row"))?;
    let header: Vec<String> = header.into_iter().map(|h| h.trim().to_string()).collect();
    records
        .enumerate()
        .filter(|(_, record)| record.iter().any(|cell| !cell.trim().is_empty()))
        .map(|(i, record)| {
            if record.len() != header.len() {
                return Err(Refusal::new(
                    i + 1,
                    "row",
                    format!("has {} cells, the header {}", record.len(), header.len()),
                ));
            }
            Ok(header
                .iter()
                .zip(record)
                .filter(|(_, cell)| !cell.trim().is_empty())
                .map(|(name, cell)| (name.clone(), cell))
                .collect())
        })
        .collect()
}

fn csv_records(text: &str) -> Result<Vec<Vec<String>>, Refusal> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            (false, ',') => {
                record.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
                was_quoted = false;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(Refusal::new(
            0,
            "file",
            "a quoted CSV field is never closed",
        ));
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    Ok(records)
}

/// The field that holds the credential of a client of `kind`.
pub fn secret_field(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::ClientCredentials | ClientKind::Basic => "client_secret",
        ClientKind::ApiToken => "api_token",
        ClientKind::Password => "password",
    }
}

/// Checks every row and the file's own duplicates: the clients to store, or every refusal.
pub fn check(rows: Vec<Row>, now: NaiveDateTime) -> Result<Vec<Candidate>, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let mut candidates = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        match check_row(i + 1, row, now) {
            Ok(candidate) => candidates.push(candidate),
            Err(mut refused) => refusals.append(&mut refused),
        }
    }
    refusals.extend(duplicates(&candidates));
    if refusals.is_empty() {
        Ok(candidates)
    } else {
        refusals.sort_by_key(|r| r.row);
        Err(refusals)
    }
}

fn check_row(row: usize, mut fields: Row, now: NaiveDateTime) -> Result<Candidate, Vec<Refusal>> {
    let mut refusals: Vec<Refusal> = fields
        .keys()
        .filter(|f| !FIELDS.contains(&f.as_str()))
        .map(|f| Refusal::new(row, f, "unknown field"))
        .collect();
    let mut take = |field: &str| fields.remove(field).map(|v| v.trim().to_string());
    let name = take("name");
    let kind = take("kind");
    let client_id = take("client_id");
    let username = take("username");
    let terminal = take("terminal");
    let scopes = take("scopes").unwrap_or_default();
    let permissions = take("permissions").unwrap_or_default();
    let partner = take("partner");
    let token_format = take("token_format");
    let (rate, burst) = (take("rate"), take("burst"));
    // Secrets as given, not trimmed: a space inside is refused by the secret rule.
    let mut secrets: Vec<(&str, String)> = ["client_secret", "api_token", "password"]
        .into_iter()
        .filter_map(|f| Some((f, fields.remove(f)?)))
        .collect();

    let mut refuse = |field: &str, reason: String| refusals.push(Refusal::new(row, field, reason));
    if name.is_none() {
        refuse("name", "is required".into());
    }
    let kind = match kind.as_deref().map(str::parse::<ClientKind>) {
        Some(Ok(kind)) => Some(kind),
        Some(Err(reason)) => {
            refuse("kind", reason);
            None
        }
        None => {
            refuse("kind", "is required".into());
            None
        }
    };
    if let Some(id) = &client_id
        && let Err(reason) = check_client_id(id)
    {
        refuse("client_id", reason);
    }
    let token_format = token_format.and_then(|f| {
        f.parse::<TokenFormat>()
            .map_err(|reason| refuse("token_format", reason))
            .ok()
    });
    let rate = match (rate, burst) {
        (None, Some(_)) => {
            refuse("burst", "needs a rate".into());
            None
        }
        (None, None) => None,
        (Some(rate), burst) => {
            let rate = parse_rate(&rate).map_err(|r| refuse("rate", r)).ok();
            let burst = burst.map(|b| parse_burst(&b).map_err(|r| refuse("burst", r)));
            match (rate, burst) {
                (Some(rate), None) => Some((rate, rate.saturating_mul(2))),
                (Some(rate), Some(Ok(burst))) => Some((rate, burst)),
                _ => None,
            }
        }
    };
    let mut secret = None;
    if let Some(kind) = kind {
        let wanted = secret_field(kind);
        let mut given = false;
        for (field, value) in secrets.drain(..) {
            if field != wanted {
                refuse(field, format!("is not used by a {kind} client"));
                continue;
            }
            given = true;
            match check_given_secret(kind, &value) {
                Ok(()) => secret = Some(value),
                Err(reason) => refuse(field, reason),
            }
        }
        if !given {
            refuse(wanted, "is required".into());
        }
        if kind.has_client_secret() && client_id.is_none() {
            refuse("client_id", format!("is required for a {kind} client"));
        }
        if kind == ClientKind::Password {
            for (field, value) in [("username", &username), ("terminal", &terminal)] {
                if value.is_none() {
                    refuse(field, "is required for a password client".into());
                }
            }
        }
    }
    let (Some(name), Some(kind), Some(secret), true) = (name, kind, secret, refusals.is_empty())
    else {
        return Err(refusals);
    };
    let client = ApiClient {
        id: client_id.unwrap_or_else(new_client_id),
        name,
        kind: kind.as_str().to_string(),
        username,
        terminal,
        secret_hash: String::new(),
        token_lookup: (kind == ClientKind::ApiToken).then(|| token_lookup(&secret)),
        scopes: normalize_list(&scopes),
        permissions: normalize_list(&permissions),
        partner,
        enabled: true,
        created_at: now,
        rotated_at: None,
        token_format: token_format.map(|f| f.as_str().to_string()),
        rate_per_sec: rate.and_then(|r| i32::try_from(r.0).ok()),
        burst: rate.and_then(|r| i32::try_from(r.1).ok()),
    };
    Ok(Candidate {
        row,
        client,
        secret,
    })
}

/// Rows that repeat an earlier row's client id, username or API token.
fn duplicates(candidates: &[Candidate]) -> Vec<Refusal> {
    let mut refusals = Vec::new();
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for candidate in candidates {
        let client = &candidate.client;
        let keys = [
            ("client_id", Some(client.id.as_str())),
            ("username", client.username.as_deref()),
            ("api_token", client.token_lookup.as_deref()),
        ];
        for (field, value) in keys {
            let Some(value) = value else { continue };
            if let Some(first) = seen.insert((field, value), candidate.row) {
                seen.insert((field, value), first);
                refusals.push(Refusal::new(
                    candidate.row,
                    field,
                    format!("the same as row {first}"),
                ));
            }
        }
    }
    refusals
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
    }

    const SECRET: &str = "s3cret-0123456789";

    #[test]
    fn json_and_csv_give_the_same_rows() {
        let json = format!(
            r#"[{{"name": "Center 9", "kind": "client-credentials", "client_id": "center-9", "client_secret": "{SECRET}", "rate": 1000}}]"#
        );
        let csv = format!(
            "name,kind,client_id,client_secret,rate\r\n\"Center 9\",client-credentials,center-9,{SECRET},1000\r\n"
        );
        assert_eq!(
            parse("a.json", &json).unwrap(),
            parse("a.csv", &csv).unwrap()
        );
        assert_eq!(
            parse("clients", &json).unwrap(),
            parse("clients", &csv).unwrap()
        );
        let wrapped = format!(r#"{{"clients": {json}}}"#);
        assert_eq!(parse("x", &wrapped).unwrap(), parse("x", &json).unwrap());
    }

    #[test]
    fn csv_quotes_commas_and_blank_lines() {
        let rows = parse("a.csv", "name,scopes\n\"Shop, \"\"north\"\"\",\"a b\"\n\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["name"], "Shop, \"north\"");
        assert_eq!(rows[0]["scopes"], "a b");
        assert!(parse("a.csv", "name\n\"open").is_err());
        assert_eq!(parse("a.csv", "name,kind\nx\n").unwrap_err().row, 1);
    }

    #[test]
    fn every_kind_takes_its_own_credential() {
        let rows = parse(
            "a.json",
            &format!(
                r#"[
                {{"name": "a", "kind": "client-credentials", "client_id": "a", "client_secret": "{SECRET}"}},
                {{"name": "b", "kind": "basic", "client_id": "b", "client_secret": "{SECRET}"}},
                {{"name": "c", "kind": "api-token", "api_token": "{SECRET}", "token_format": "jwt"}},
                {{"name": "d", "kind": "password", "username": "d", "password": "pa55word", "terminal": 12}}
            ]"#
            ),
        )
        .unwrap();
        let candidates = check(rows, now()).unwrap();
        assert_eq!(candidates.len(), 4);
        assert_eq!(candidates[0].client.id, "a");
        assert!(candidates[2].client.id.starts_with("cl_"));
        assert_eq!(
            candidates[2].client.token_lookup,
            Some(token_lookup(SECRET))
        );
        assert_eq!(candidates[2].client.token_format.as_deref(), Some("jwt"));
        assert_eq!(candidates[3].client.terminal.as_deref(), Some("12"));
        assert_eq!(candidates[3].secret, "pa55word");
    }

    #[test]
    fn refusals_name_row_field_and_reason_without_the_secret() {
        let rows = parse(
            "a.csv",
            &format!(
                "name,kind,client_id,client_secret,api_token,rate,colour\n\
                 a,client-credentials,same,{SECRET},,,\n\
                 b,client-credentials,same,short,,,\n\
                 c,api-token,,,{SECRET},fast,\n\
                 d,api-token,,{SECRET},{SECRET},,red\n\
                 ,basic,,,,,\n"
            ),
        )
        .unwrap();
        let refused = check(rows, now()).err().unwrap();
        let found: Vec<(usize, &str)> = refused.iter().map(|r| (r.row, r.field.as_str())).collect();
        assert_eq!(
            found,
            [
                (2, "client_secret"),
                (3, "rate"),
                (4, "colour"),
                (4, "client_secret"),
                (5, "name"),
                (5, "client_secret"),
                (5, "client_id"),
            ]
        );
        assert_eq!(refused[0].reason, "shorter than 16 characters");
        assert_eq!(refused[5].reason, "is required");
        assert!(refused.iter().all(|r| !r.reason.contains(SECRET)));
    }

    #[test]
    fn duplicates_inside_the_file_are_refused() {
        let rows = parse(
            "a.json",
            &format!(
                r#"[
                {{"name": "a", "kind": "basic", "client_id": "a", "client_secret": "{SECRET}"}},
                {{"name": "b", "kind": "basic", "client_id": "a", "client_secret": "{SECRET}"}},
                {{"name": "c", "kind": "api-token", "api_token": "{SECRET}"}},
                {{"name": "d", "kind": "api-token", "api_token": "{SECRET}"}}
            ]"#
            ),
        )
        .unwrap();
        let refused = check(rows, now()).err().unwrap();
        assert_eq!(
            refused,
            [
                Refusal::new(2, "client_id", "the same as row 1"),
                Refusal::new(4, "api_token", "the same as row 3"),
            ]
        );
    }
}
