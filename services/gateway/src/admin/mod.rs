//! The admin command: `gateway clients create|import|update|list|disable|rotate` and
//! `gateway keys rotate`, run against the configured database, printing JSON so scripts can use
//! it. New credentials are printed once; credentials an operator gives (imported, or read from
//! stdin) are never printed; only their hashes are stored.

use std::collections::HashMap;
use std::io::Read;
use std::process::ExitCode;

use chrono::Utc;
use platform::auth::hash_secret;
use platform::db::{self, DbConn};
use serde::Serialize;

mod flags;
mod import;

use flags::{parse_flags, rate_flags, read_secret, token_format_flag};
use import::import_file;

use crate::clients::import::Refusal;
use crate::clients::model::{
    ApiClient, ClientKind, ClientView, check_client_id, new_api_token, new_client_id,
    normalize_list, random_secret, token_lookup,
};
use crate::clients::store;
use crate::config::Settings;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// An import refused row by row: the report is printed on stdout.
    #[error("the import was refused; nothing was written")]
    Refused(Printed),
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
    Imported {
        clients: Vec<ClientView>,
        imported: usize,
    },
    Refused {
        imported: usize,
        refused: Vec<Refusal>,
    },
    Updated {
        client: Box<ClientView>,
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
    /// The credential was given by the operator: it is not printed back.
    Given {
        client_id: String,
        secret: &'static str,
    },
}

/// What a failed command prints on stderr.
#[derive(Serialize)]
struct Failure {
    error: String,
}

const USAGE: &str = "usage: gateway clients create --name NAME --kind client-credentials|password|api-token|basic \
[--client-id ID] [--secret-stdin | --api-token-stdin] [--scopes \"a b\"] [--permissions \"x y\"] \
[--partner ID] [--username U] [--terminal N] [--token-format opaque|jwt] [--rate N[/s] [--burst M]]\n\
       gateway clients import FILE.json|FILE.csv\n\
       gateway clients update ID [--token-format opaque|jwt|default] [--rate N[/s]|default] [--burst M]\n\
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
        Err(AdminError::Refused(report)) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            ExitCode::FAILURE
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

/// Runs one command, reading `--secret-stdin` and `--api-token-stdin` from the process's stdin.
pub fn run(args: &[String], settings: &Settings) -> Result<Printed, AdminError> {
    run_with_stdin(args, settings, &mut std::io::stdin())
}

/// Runs one command; `stdin` gives the secret of `--secret-stdin` and `--api-token-stdin`.
pub fn run_with_stdin(
    args: &[String],
    settings: &Settings,
    stdin: &mut dyn Read,
) -> Result<Printed, AdminError> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let pool = db::open(&settings.database, &crate::SPEC.migrations)
        .map_err(|e| AdminError::Failed(e.to_string()))?;
    let mut conn = pool.get().map_err(|e| AdminError::Failed(e.to_string()))?;
    match words.as_slice() {
        ["clients", "create", flags @ ..] => create(&mut conn, &parse_flags(flags)?, stdin),
        ["clients", "import", file] => import_file(&mut conn, file),
        ["clients", "update", id, flags @ ..] => update(&mut conn, id, &parse_flags(flags)?),
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

pub(super) fn failed(err: impl std::fmt::Display) -> AdminError {
    AdminError::Failed(err.to_string())
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

fn create(
    conn: &mut DbConn,
    flags: &HashMap<&str, &str>,
    stdin: &mut dyn Read,
) -> Result<Printed, AdminError> {
    const KNOWN: [&str; 13] = [
        "name",
        "kind",
        "scopes",
        "permissions",
        "partner",
        "username",
        "terminal",
        "client-id",
        "secret-stdin",
        "api-token-stdin",
        "token-format",
        "rate",
        "burst",
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
    let id = match flags.get("client-id") {
        Some(id) => {
            check_client_id(id).map_err(|r| AdminError::Usage(format!("--client-id {r}")))?;
            id.to_string()
        }
        None => new_client_id(),
    };
    let from_stdin = match (
        flags.contains_key("secret-stdin"),
        flags.contains_key("api-token-stdin"),
    ) {
        (true, true) => {
            return Err(AdminError::Usage(
                "give --secret-stdin or --api-token-stdin, not both".into(),
            ));
        }
        (true, false) if kind == ClientKind::ApiToken => {
            return Err(AdminError::Usage(
                "an api-token client reads its token with --api-token-stdin".into(),
            ));
        }
        (false, true) if kind != ClientKind::ApiToken => {
            return Err(AdminError::Usage(
                "--api-token-stdin is for api-token clients; use --secret-stdin".into(),
            ));
        }
        (secret, token) => secret || token,
    };
    let rate = rate_flags(flags)?.flatten();
    let mut client = ApiClient {
        id,
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
        token_format: token_format_flag(flags)?.flatten(),
        rate_per_sec: rate.map(|r| r.0),
        burst: rate.map(|r| r.1),
    };
    let (secret, shown) = if from_stdin {
        let given = Credentials::Given {
            client_id: client.id.clone(),
            secret: "given on stdin, not printed",
        };
        (read_secret(kind, stdin)?, given)
    } else {
        new_credential(kind, &client)?
    };
    client.secret_hash = hash_secret(&secret).map_err(failed)?;
    client.token_lookup = (kind == ClientKind::ApiToken).then(|| token_lookup(&secret));
    store::insert(conn, &client).map_err(|e| {
        if platform::db::is_unique_violation(&e) {
            AdminError::Failed("that client id, username or API token is already used".into())
        } else {
            failed(e)
        }
    })?;
    Ok(Printed::Created {
        client: Box::new(client.into_view()),
        credentials: shown,
    })
}

fn update(conn: &mut DbConn, id: &str, flags: &HashMap<&str, &str>) -> Result<Printed, AdminError> {
    const KNOWN: [&str; 3] = ["token-format", "rate", "burst"];
    if let Some(unknown) = flags.keys().find(|k| !KNOWN.contains(k)) {
        return Err(AdminError::Usage(format!("unknown option --{unknown}")));
    }
    if flags.is_empty() {
        return Err(AdminError::Usage(
            "update needs --token-format or --rate".into(),
        ));
    }
    let client = store::find(conn, id)
        .map_err(failed)?
        .ok_or_else(|| AdminError::Failed(format!("no client {id}")))?;
    let token_format = token_format_flag(flags)?.unwrap_or(client.token_format.clone());
    let current = client.rate_per_sec.zip(client.burst);
    let rate = rate_flags(flags)?.unwrap_or(current);
    store::update_settings(conn, id, token_format.as_deref(), rate).map_err(failed)?;
    let client = store::find(conn, id)
        .map_err(failed)?
        .ok_or_else(|| AdminError::Failed(format!("no client {id}")))?;
    Ok(Printed::Updated {
        client: Box::new(client.into_view()),
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
            burst: Some(2000),
            created_at: "2026-12-01T00:00:00+00:00".into(),
            enabled: true,
            id: "cl_1".into(),
            kind: "password".into(),
            name: "Shop".into(),
            partner: None,
            permissions: vec!["customer.view_phone".into()],
            rate_per_sec: Some(1000),
            rotated_at: None,
            scopes: "loyalty".into(),
            terminal: Some("12".into()),
            token_format: Some("opaque".into()),
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
            Printed::Imported {
                clients: vec![view()],
                imported: 1,
            },
            Printed::Refused {
                imported: 0,
                refused: vec![Refusal::new(
                    2,
                    "client_secret",
                    "shorter than 16 characters",
                )],
            },
            Printed::Updated {
                client: Box::new(view()),
            },
            Printed::Created {
                client: Box::new(view()),
                credentials: Credentials::Given {
                    client_id: "cl_1".into(),
                    secret: "given on stdin, not printed",
                },
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
