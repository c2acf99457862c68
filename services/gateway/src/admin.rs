//! The admin command: `gateway clients create|list|disable|rotate` and `gateway keys rotate`,
//! run against the configured database, printing JSON so scripts can use it. New credentials
//! are printed once; only their hashes are stored.

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::Utc;
use platform::auth::hash_secret;
use platform::db::{self, DbConn};
use serde_json::{Value, json};

use crate::clients::model::{
    ApiClient, ClientKind, new_api_token, new_client_id, normalize_list, random_secret,
    token_lookup,
};
use crate::clients::store;
use crate::config::Settings;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

const USAGE: &str = "usage: gateway clients create --name NAME --kind client-credentials|password|api-token|basic \
[--scopes \"a b\"] [--permissions \"x y\"] [--partner ID] [--username U] [--terminal N]\n\
       gateway clients list\n       gateway clients disable ID\n       gateway clients rotate ID\n\
       gateway keys rotate";

/// The binary's entry for admin commands: JSON on stdout, errors as JSON on stderr.
pub fn main(args: &[String]) -> ExitCode {
    let outcome = crate::config::load()
        .map_err(|e| AdminError::Failed(format!("configuration: {e}")))
        .and_then(|settings| run(args, &settings));
    match outcome {
        Ok(value) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}", json!({"error": err.to_string()}));
            if matches!(err, AdminError::Usage(_)) {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

pub fn run(args: &[String], settings: &Settings) -> Result<Value, AdminError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let pool = db::open(&settings.database, &crate::SPEC.migrations)
        .map_err(|e| AdminError::Failed(e.to_string()))?;
    let mut conn = pool.get().map_err(|e| AdminError::Failed(e.to_string()))?;
    match words.as_slice() {
        ["clients", "create", flags @ ..] => create(&mut conn, &parse_flags(flags)?),
        ["clients", "list"] => {
            let clients = store::list(&mut conn).map_err(failed)?;
            Ok(json!({"clients": clients.iter().map(ApiClient::view).collect::<Vec<_>>()}))
        }
        ["clients", "disable", id] => match store::disable(&mut conn, id).map_err(failed)? {
            0 => Err(AdminError::Failed(format!("no client {id}"))),
            _ => Ok(json!({"id": id, "enabled": false})),
        },
        ["clients", "rotate", id] => rotate(&mut conn, id),
        ["keys", "rotate"] => {
            let key = crate::keys::rotate(&mut conn, Utc::now().naive_utc())
                .map_err(|e| AdminError::Failed(e.to_string()))?;
            Ok(json!({"kid": key.kid, "created_at": key.created_at.and_utc().to_rfc3339()}))
        }
        _ => Err(AdminError::Usage("unknown command".into())),
    }
}

fn failed(err: impl std::fmt::Display) -> AdminError {
    AdminError::Failed(err.to_string())
}

fn parse_flags<'a>(flags: &[&'a str]) -> Result<HashMap<&'a str, &'a str>, AdminError> {
    let mut parsed = HashMap::new();
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let name = flag
            .strip_prefix("--")
            .ok_or_else(|| AdminError::Usage(format!("unexpected argument {flag}")))?;
        let value = rest
            .next()
            .ok_or_else(|| AdminError::Usage(format!("--{name} needs a value")))?;
        parsed.insert(name, *value);
    }
    Ok(parsed)
}

/// The credential a client of `kind` presents, and what to print of it.
fn new_credential(kind: ClientKind, client: &ApiClient) -> Result<(String, Value), AdminError> {
    let secret = match kind {
        ClientKind::ApiToken => new_api_token(),
        _ => random_secret(),
    }
    .map_err(AdminError::Failed)?;
    let shown = match kind {
        ClientKind::ClientCredentials | ClientKind::Basic => {
            json!({"client_id": client.id, "client_secret": secret})
        }
        ClientKind::Password => json!({
            "username": client.username, "password": secret, "terminal": client.terminal,
        }),
        ClientKind::ApiToken => json!({"api_token": secret}),
    };
    Ok((secret, shown))
}

fn create(conn: &mut DbConn, flags: &HashMap<&str, &str>) -> Result<Value, AdminError> {
    const KNOWN: [&str; 7] = [
        "name",
        "kind",
        "scopes",
        "permissions",
        "partner",
        "username",
        "terminal",
    ];
    if let Some(unknown) = flags.keys().find(|k| !KNOWN.contains(k)) {
        return Err(AdminError::Usage(format!("unknown option --{unknown}")));
    }
    let name = flags
        .get("name")
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| AdminError::Usage("--name is required".into()))?;
    let kind: ClientKind = flags
        .get("kind")
        .ok_or_else(|| AdminError::Usage("--kind is required".into()))?
        .parse()
        .map_err(AdminError::Usage)?;
    let (username, terminal) = (flags.get("username"), flags.get("terminal"));
    if kind == ClientKind::Password && (username.is_none() || terminal.is_none()) {
        return Err(AdminError::Usage(
            "a password client needs --username and --terminal".into(),
        ));
    }
    let mut client = ApiClient {
        id: new_client_id(),
        name: name.trim().to_string(),
        kind: kind.as_str().to_string(),
        username: username.map(|u| u.to_string()),
        terminal: terminal.map(|t| t.to_string()),
        secret_hash: String::new(),
        token_lookup: None,
        scopes: normalize_list(flags.get("scopes").copied().unwrap_or("")),
        permissions: normalize_list(flags.get("permissions").copied().unwrap_or("")),
        partner: flags.get("partner").map(|p| p.to_string()),
        enabled: true,
        created_at: Utc::now().naive_utc(),
        rotated_at: None,
    };
    let (secret, shown) = new_credential(kind, &client)?;
    client.secret_hash = hash_secret(&secret).map_err(failed)?;
    client.token_lookup = (kind == ClientKind::ApiToken).then(|| token_lookup(&secret));
    store::insert(conn, &client).map_err(|e| {
        if platform::db::is_unique_violation(&e) {
            AdminError::Failed("that username is already used".into())
        } else {
            failed(e)
        }
    })?;
    Ok(json!({"client": client.view(), "credentials": shown}))
}

fn rotate(conn: &mut DbConn, id: &str) -> Result<Value, AdminError> {
    let client = store::find(conn, id)
        .map_err(failed)?
        .ok_or_else(|| AdminError::Failed(format!("no client {id}")))?;
    let kind = client.kind().ok_or_else(|| {
        AdminError::Failed(format!("client {id} has an unknown kind {}", client.kind))
    })?;
    let (secret, shown) = new_credential(kind, &client)?;
    let hash = hash_secret(&secret).map_err(failed)?;
    let lookup = (kind == ClientKind::ApiToken).then(|| token_lookup(&secret));
    store::rotate(conn, id, &hash, lookup.as_deref(), Utc::now().naive_utc()).map_err(failed)?;
    Ok(json!({"id": id, "credentials": shown}))
}
