// Shared by several test binaries; each uses only some of it.
#![allow(dead_code)]
// Test helpers: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

//! A real gateway over a fresh database, in front of echo upstreams that tell the test what
//! reached them.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gateway::config::{GatewaySettings, Upstream};
use platform::Dialect;
use serde_json::{Value, json};
use testkit::TestApp;

pub const SERVICES: [(&str, Dialect); 5] = [
    ("sav", Dialect::Sav),
    ("rma", Dialect::Rma),
    ("customers", Dialect::Customers),
    ("loyalty", Dialect::Loyalty),
    ("crm", Dialect::Crm),
];

/// Answers with what it received: its own name, method, path, query, headers and body.
async fn echo(req: HttpRequest, body: web::Bytes, name: web::Data<String>) -> HttpResponse {
    match req.path() {
        "/slow" => tokio::time::sleep(Duration::from_millis(1500)).await,
        "/big" => return HttpResponse::Ok().body(BIG_BODY.repeat(BIG_REPEAT)),
        "/big-chunked" => {
            let chunks =
                (0..BIG_REPEAT).map(|_| Ok::<_, std::io::Error>(web::Bytes::from(BIG_BODY)));
            return HttpResponse::Ok().streaming(futures_util::stream::iter(chunks));
        }
        "/empty" => return HttpResponse::NoContent().finish(),
        _ => {}
    }
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    HttpResponse::Ok()
        .insert_header(("x-upstream", name.as_str()))
        .json(json!({
            "service": name.as_str(),
            "method": req.method().as_str(),
            "path": req.path(),
            "query": req.query_string(),
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        }))
}

/// `/big` and `/big-chunked` answer this, `BIG_REPEAT` times: more than the gateway reads whole.
pub const BIG_BODY: &str = "0123456789abcdef";
pub const BIG_REPEAT: usize = 10_000;

pub fn spawn_echo(name: &str) -> String {
    spawn_echo_with(name, Duration::from_secs(5))
}

/// An echo upstream that closes connections idle for longer than `keep_alive`.
pub fn spawn_echo_with(name: &str, keep_alive: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let name = web::Data::new(name.to_string());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(name.clone())
            .default_service(web::to(echo))
    })
    .workers(1)
    .keep_alive(keep_alive)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    url
}

/// A gateway whose upstreams are echo servers (a free, closed port for `down`).
pub async fn spawn_gateway(customize: impl FnOnce(&mut GatewaySettings)) -> TestApp {
    spawn_replica(None, |settings| customize(&mut settings.service)).await
}

/// A gateway on `database_url` when given: a second replica of the same gateway.
pub async fn spawn_replica(
    database_url: Option<&str>,
    customize: impl FnOnce(&mut gateway::config::Settings),
) -> TestApp {
    let database_url = database_url.map(str::to_string);
    let mut upstreams = BTreeMap::new();
    for (name, dialect) in SERVICES {
        upstreams.insert(
            name.to_string(),
            Upstream {
                url: spawn_echo(name),
                dialect,
            },
        );
    }
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let down = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    upstreams.insert(
        "down".into(),
        Upstream {
            url: down,
            dialect: Dialect::Rma,
        },
    );
    upstreams.insert(
        "brief".into(),
        Upstream {
            url: spawn_echo_with("brief", Duration::from_millis(300)),
            dialect: Dialect::Sav,
        },
    );
    testkit::spawn_with(&gateway::SPEC, gateway::start, move |settings| {
        if let Some(url) = database_url {
            settings.database.url = url;
        }
        let gateway = &mut settings.service;
        gateway.upstreams = upstreams;
        gateway.routes.push(gateway::config::RouteRule {
            path: "/svc/down".into(),
            exact: false,
            service: "down".into(),
            strip_prefix: true,
            body_limit_bytes: None,
            public: false,
            login_page: None,
        });
        gateway.routes.push(gateway::config::RouteRule {
            path: "/svc/brief".into(),
            exact: false,
            service: "brief".into(),
            strip_prefix: true,
            body_limit_bytes: None,
            public: false,
            login_page: None,
        });
        gateway.routes.push(gateway::config::RouteRule {
            path: "/svc/small".into(),
            exact: false,
            service: "sav".into(),
            strip_prefix: true,
            body_limit_bytes: Some(16),
            public: false,
            login_page: None,
        });
        gateway.upstream_timeout_ms = 500;
        gateway.keys_refresh_secs = 1;
        customize(settings);
    })
    .await
}

/// Runs the admin command against the gateway's database.
pub fn admin(app: &TestApp, args: &[&str]) -> Value {
    admin_with_stdin(app, args, "")
}

/// The admin command with `stdin` on its standard input.
pub fn admin_with_stdin(app: &TestApp, args: &[&str], stdin: &str) -> Value {
    let printed = try_admin(app, args, stdin).unwrap_or_else(|e| panic!("admin {args:?}: {e}"));
    serde_json::to_value(printed).unwrap()
}

/// The admin command's outcome, refusals included.
pub fn try_admin(
    app: &TestApp,
    args: &[&str],
    stdin: &str,
) -> Result<gateway::admin::Printed, gateway::admin::AdminError> {
    let mut settings = gateway::config::Settings::defaults("gateway", 0);
    settings.database.url = app.db.url.clone();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    gateway::admin::run_with_stdin(&args, &settings, &mut stdin.as_bytes())
}

pub fn create(app: &TestApp, kind: &str, extra: &[&str]) -> Value {
    let mut args = vec!["clients", "create", "--name", "partner", "--kind", kind];
    args.extend_from_slice(extra);
    admin(app, &args)
}

/// The claims of a JWT, read without verifying it.
/// A new API-token client's token.
pub fn api_token(app: &TestApp) -> String {
    create(app, "api-token", &[])["credentials"]["api_token"]
        .as_str()
        .unwrap()
        .to_string()
}

pub fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url"))
        .expect("JSON claims")
}

/// The bearer token the upstream received.
pub fn forwarded_token(echo: &Value) -> String {
    echo["headers"]["authorization"]
        .as_str()
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_else(|| panic!("no bearer token reached the upstream: {echo}"))
        .to_string()
}

pub async fn client_credentials_token(app: &TestApp, id: &str, secret: &str) -> String {
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": id, "client_secret": secret, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["access_token"].as_str().unwrap().to_string()
}
