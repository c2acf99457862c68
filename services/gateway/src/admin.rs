//! The admin command: `gateway clients create|list|disable|rotate` and `gateway keys rotate`,
//! run against the configured database, printing JSON so scripts can use it. New credentials
//! are printed once; only their hashes are stored.

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::Utc;
use platform::auth::hash_secret;
use platform::db::{self, DbConn};
use serde::Serialize;

use crate::clients::model::{
    ApiClient, ClientKind, ClientView, new_api_token, new_client_id, normalize_list, random_secret,
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

/// What a command prints. Fields in alphabetical order: the order the command has always printed
/// (its output went through `serde_json::Value`, which sorts keys), so scripts see no change.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Printed {
    Clients {
        clients: Vec<ClientView>,
    },
    Created {
        // Boxed: a view is far larger than the other outputs.
        client: Box<ClientView>,
        credentials: Credentials,
    },
    Disabled {
        enabled: bool,
        id: String,
    },
    Rotated {
        credentials: Credentials,
        id: String,
    },
    Key {
        created_at: String,
        kid: String,
    },
}

/// A new credential, printed once.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Credentials {
    Secret {
        client_id: String,
        client_secret: String,
    },
    Password {
        password: String,
        terminal: Option<String>,
        username: Option<String>,
    },
    ApiToken {
        api_token: String,
    },
}

/// What a failed command prints on stderr.
#[derive(Serialize)]
struct Failure {
    error: String,
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
            let failure = Failure {
                error: err.to_string(),
            };
            eprintln!("{}", serde_json::to_string(&failure).unwrap_or_default());
            if matches!(err, AdminError::Usage(_)) {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

pub fn run(args: &[String], settings: &Settings) -> Result<Printed, AdminError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let pool = db::open(&settings.database, &crate::SPEC.migrations)
        .map_err(|e| AdminError::Failed(e.to_string()))?;
    let mut conn = pool.get().map_err(|e| AdminError::Failed(e.to_string()))?;
    match words.as_slice() {
        ["clients", "create", flags @ ..] => create(&mut conn, &parse_flags(flags)?),
        ["clients", "list"] => {
            let clients = store::list(&mut conn).map_err(failed)?;
            Ok(Printed::Clients {
                clients: clients.into_iter().map(ApiClient::into_view).collect(),
            })
        }
        ["clients", "disable", id] => match store::disable(&mut conn, id).map_err(failed)? {
            0 => Err(AdminError::Failed(format!("no client {id}"))),
            _ => Ok(Printed::Disabled {
                enabled: false,
                id: id.to_string(),
            }),
        },
        ["clients", "rotate", id] => rotate(&mut conn, id),
        ["keys", "rotate"] => {
            let key = crate::keys::rotate(&mut conn, Utc::now().naive_utc())
                .map_err(|e| AdminError::Failed(e.to_string()))?;
            Ok(Printed::Key {
                created_at: key.created_at.and_utc().to_rfc3339(),
                kid: key.kid,
            })
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
fn new_credential(
    kind: ClientKind,
    client: &ApiClient,
) -> Result<(String, Credentials), AdminError> {
    let secret = match kind {
        ClientKind::ApiToken => new_api_token(),
        _ => random_secret(),
    }
    .map_err(AdminError::Failed)?;
    let shown = match kind {
        ClientKind::ClientCredentials | ClientKind::Basic => Credentials::Secret {
            client_id: client.id.clone(),
            client_secret: secret.clone(),
        },
        ClientKind::Password => Credentials::Password {
            password: secret.clone(),
            terminal: client.terminal.clone(),
            username: client.username.clone(),
        },
        ClientKind::ApiToken => Credentials::ApiToken {
            api_token: secret.clone(),
        },
    };
    Ok((secret, shown))
}

fn create(conn: &mut DbConn, flags: &HashMap<&str, &str>) -> Result<Printed, AdminError> {
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
    Ok(Printed::Created {
        client: Box::new(client.into_view()),
        credentials: shown,
    })
}

fn rotate(conn: &mut DbConn, id: &str) -> Result<Printed, AdminError> {
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
    Ok(Printed::Rotated {
        credentials: shown,
        id: id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn view() -> ClientView {
        ClientView {
            created_at: "2026-12-01T00:00:00+00:00".into(),
            enabled: true,
            id: "cl_1".into(),
            kind: "password".into(),
            name: "Shop".into(),
            partner: None,
            permissions: vec!["customer.view_phone".into()],
            rotated_at: None,
            scopes: "loyalty".into(),
            terminal: Some("12".into()),
            username: Some("shop-12".into()),
        }
    }

    /// The output is what it was when it went through `serde_json::Value`: keys sorted.
    #[test]
    fn every_output_prints_its_keys_in_the_order_it_always_had() {
        let password = || Credentials::Password {
            password: "p".into(),
            terminal: Some("12".into()),
            username: Some("shop-12".into()),
        };
        let outputs = [
            Printed::Clients {
                clients: vec![view()],
            },
            Printed::Created {
                client: Box::new(view()),
                credentials: password(),
            },
            Printed::Created {
                client: Box::new(view()),
                credentials: Credentials::Secret {
                    client_id: "cl_1".into(),
                    client_secret: "s".into(),
                },
            },
            Printed::Disabled {
                enabled: false,
                id: "cl_1".into(),
            },
            Printed::Rotated {
                credentials: Credentials::ApiToken {
                    api_token: "at_1".into(),
                },
                id: "cl_1".into(),
            },
            Printed::Key {
                created_at: "2026-12-01T00:00:00+00:00".into(),
                kid: "k1".into(),
            },
        ];
        for output in outputs {
            let sorted = serde_json::to_value(&output).unwrap();
            assert_eq!(
                serde_json::to_string_pretty(&output).unwrap(),
                serde_json::to_string_pretty(&sorted).unwrap()
            );
        }
    }
}
