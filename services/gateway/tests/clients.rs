//! Existing partner clients, unchanged: credentials brought from the old systems (import, or
//! given on stdin) work in every style, and per-client settings (rate limits) apply.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{admin, admin_with_stdin, create, spawn_gateway, try_admin};
use gateway::admin::{AdminError, Printed};
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

const SECRET: &str = "legacy-secret-0001";
const BASIC_SECRET: &str = "legacy-basic-0002";
const API_TOKEN: &str = "0123456789abcdef0123456789abcdef01234567";
const PASSWORD: &str = "shop-pass-12";

fn write_file(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn import(app: &TestApp, name: &str, text: &str) -> Result<Value, Value> {
    let (_dir, path) = write_file(name, text);
    match try_admin(app, &["clients", "import", &path], "") {
        Ok(printed) => Ok(serde_json::to_value(printed).unwrap()),
        Err(AdminError::Refused(report @ Printed::Refused { .. })) => {
            Err(serde_json::to_value(report).unwrap())
        }
        Err(other) => panic!("import failed: {other}"),
    }
}

fn legacy_clients_json() -> String {
    json!([
        {"name": "Center 9", "kind": "client-credentials", "client_id": "center-9",
         "client_secret": SECRET, "scopes": "demands_status", "partner": "center-9"},
        {"name": "Warranty", "kind": "basic", "client_id": "warranty-1", "client_secret": BASIC_SECRET},
        {"name": "Chatbot", "kind": "api-token", "api_token": API_TOKEN, "rate": "1000/s", "burst": 2000},
        {"name": "Shop 12", "kind": "password", "username": "shop-12", "password": PASSWORD, "terminal": 12}
    ])
    .to_string()
}

async fn through(app: &TestApp, request: reqwest::RequestBuilder) -> u16 {
    app.send(request).await.status
}

/// Every imported client works with its own, old credentials, in its own style.
#[tokio::test]
async fn imported_credentials_work_in_every_style() {
    let app = spawn_gateway(|_| {}).await;
    let report = import(&app, "clients.json", &legacy_clients_json()).unwrap();
    assert_eq!(report["imported"], 4);
    assert_eq!(report["clients"][0]["id"], "center-9");
    let printed = report.to_string();
    for secret in [SECRET, BASIC_SECRET, API_TOKEN, PASSWORD] {
        assert!(!printed.contains(secret), "a secret was printed");
    }
    assert!(!printed.contains("secret_hash"));

    // Client credentials at /api/token/create (seed 001) and /oauth/token.
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": "center-9", "client_secret": SECRET, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let token = res.json()["access_token"].as_str().unwrap().to_string();
    assert!(
        token.len() == 40
            && token
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "seed 001's form: {token}"
    );
    let opaque_call = || {
        app.request(Method::GET, "/api/demands/x")
            .bearer_auth(&token)
    };
    assert_eq!(through(&app, opaque_call()).await, 200);
    let res = app
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "center-9"),
                ("client_secret", SECRET),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // Basic on every call (seed 002), and at /oauth/token.
    let call = app
        .request(Method::GET, "/customers/1")
        .basic_auth("warranty-1", Some(BASIC_SECRET));
    assert_eq!(through(&app, call).await, 200);
    let res = app
        .send(
            app.request(Method::POST, "/oauth/token")
                .basic_auth("warranty-1", Some(BASIC_SECRET))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // The API token in each header seed 000 uses.
    for (header, value) in [
        ("x-api-token", API_TOKEN.to_string()),
        ("authorization", API_TOKEN.to_string()),
        ("authorization", format!("Bearer {API_TOKEN}")),
    ] {
        let call = app.request(Method::GET, "/api/sav/1").header(header, value);
        assert_eq!(through(&app, call).await, 200, "{header}");
    }

    // Username, password and terminal at /api/token (seed 003).
    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-12", "password": PASSWORD, "terminal": 12}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // The opaque token stops at once when its client is disabled.
    admin(&app, &["clients", "disable", "center-9"]);
    assert_eq!(through(&app, opaque_call()).await, 401);

    // Wrong secrets are still refused.
    let call = app
        .request(Method::GET, "/customers/1")
        .basic_auth("warranty-1", Some(SECRET));
    assert_eq!(through(&app, call).await, 401);
}

#[tokio::test]
async fn csv_imports_like_json() {
    let app = spawn_gateway(|_| {}).await;
    let csv = format!(
        "name,kind,client_id,client_secret,scopes\n\"Center, north\",client-credentials,center-n,{SECRET},\"a b\"\n"
    );
    let report = import(&app, "clients.csv", &csv).unwrap();
    assert_eq!(report["imported"], 1);
    assert_eq!(report["clients"][0]["name"], "Center, north");
    assert_eq!(report["clients"][0]["scopes"], "a b");
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": "center-n", "client_secret": SECRET}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

/// One refusal anywhere and nothing is written; the report names row, field and reason.
#[tokio::test]
async fn an_import_with_any_refusal_writes_nothing() {
    let app = spawn_gateway(|_| {}).await;
    create(
        &app,
        "password",
        &["--username", "taken", "--terminal", "1"],
    );
    let file = json!([
        {"name": "ok", "kind": "client-credentials", "client_id": "fine-1", "client_secret": SECRET},
        {"name": "weak", "kind": "client-credentials", "client_id": "weak-1", "client_secret": "short"},
        {"name": "again", "kind": "basic", "client_id": "fine-1", "client_secret": SECRET},
        {"name": "shop", "kind": "password", "username": "taken", "password": PASSWORD, "terminal": 1},
        {"name": "pw", "kind": "password", "username": "new", "password": "1234567", "terminal": 1}
    ]);
    let refused = import(&app, "clients.json", &file.to_string()).unwrap_err();
    assert_eq!(
        refused,
        json!({"imported": 0, "refused": [
            {"row": 2, "field": "client_secret", "reason": "shorter than 16 characters"},
            {"row": 3, "field": "client_id", "reason": "the same as row 1"},
            {"row": 5, "field": "password", "reason": "shorter than 8 characters"},
        ]})
    );
    // The file's own rows fixed, the database's duplicate is found.
    let file = json!([
        {"name": "ok", "kind": "client-credentials", "client_id": "fine-1", "client_secret": SECRET},
        {"name": "shop", "kind": "password", "username": "taken", "password": PASSWORD, "terminal": 1}
    ]);
    let refused = import(&app, "clients.json", &file.to_string()).unwrap_err();
    assert_eq!(
        refused["refused"],
        json!([{"row": 2, "field": "username", "reason": "already used by a stored client"}])
    );
    assert_eq!(
        admin(&app, &["clients", "list"])["clients"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing was written"
    );
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": "fine-1", "client_secret": SECRET}),
            None,
        )
        .await;
    assert_eq!(res.status, 401);

    // Importing the same file twice: the second is refused whole.
    import(&app, "a.json", &legacy_clients_json()).unwrap();
    let refused = import(&app, "a.json", &legacy_clients_json()).unwrap_err();
    let fields: Vec<&str> = refused["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["client_id", "client_id", "api_token", "username"]);
}

/// `clients create --client-id … --secret-stdin`: the secret never appears in argv or output.
#[tokio::test]
async fn create_takes_the_id_and_a_secret_from_stdin() {
    let app = spawn_gateway(|_| {}).await;
    let created = admin_with_stdin(
        &app,
        &[
            "clients",
            "create",
            "--name",
            "Center 7",
            "--kind",
            "client-credentials",
            "--client-id",
            "center-7",
            "--secret-stdin",
        ],
        &format!("{SECRET}\n"),
    );
    assert_eq!(created["client"]["id"], "center-7");
    assert!(!created.to_string().contains(SECRET));
    let res = app
        .post_json(
            "/api/token/create",
            &json!({"client_id": "center-7", "client_secret": SECRET}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let created = admin_with_stdin(
        &app,
        &[
            "clients",
            "create",
            "--name",
            "Chatbot",
            "--kind",
            "api-token",
            "--api-token-stdin",
        ],
        API_TOKEN,
    );
    assert!(!created.to_string().contains(API_TOKEN));
    let call = app
        .request(Method::GET, "/api/sav/1")
        .header("x-api-token", API_TOKEN);
    assert_eq!(through(&app, call).await, 200);

    let created = admin_with_stdin(
        &app,
        &[
            "clients",
            "create",
            "--name",
            "Shop",
            "--kind",
            "password",
            "--username",
            "shop-1",
            "--terminal",
            "1",
            "--secret-stdin",
        ],
        PASSWORD,
    );
    assert!(!created.to_string().contains(PASSWORD));
    let res = app
        .post_json(
            "/api/token",
            &json!({"username": "shop-1", "password": PASSWORD, "terminal": 1}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // A weak secret, a taken id, the wrong switch: refused, nothing stored.
    let weak = [
        "clients",
        "create",
        "--name",
        "x",
        "--kind",
        "basic",
        "--client-id",
        "weak",
        "--secret-stdin",
    ];
    assert!(matches!(
        try_admin(&app, &weak, "short"),
        Err(AdminError::Usage(_))
    ));
    let taken = [
        "clients",
        "create",
        "--name",
        "x",
        "--kind",
        "basic",
        "--client-id",
        "center-7",
    ];
    assert!(matches!(
        try_admin(&app, &taken, ""),
        Err(AdminError::Failed(_))
    ));
    let wrong = [
        "clients",
        "create",
        "--name",
        "x",
        "--kind",
        "api-token",
        "--secret-stdin",
    ];
    assert!(matches!(
        try_admin(&app, &wrong, API_TOKEN),
        Err(AdminError::Usage(_))
    ));
    assert_eq!(
        admin(&app, &["clients", "list"])["clients"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

/// `--rate N --burst M` is the client's own limit, in place of the default.
#[tokio::test]
async fn a_clients_own_rate_is_honoured() {
    let app = spawn_gateway(|_| {}).await;
    let limited = create(&app, "api-token", &["--rate", "1/s", "--burst", "3"]);
    assert_eq!(limited["client"]["rate_per_sec"], 1);
    assert_eq!(limited["client"]["burst"], 3);
    let token = limited["credentials"]["api_token"].as_str().unwrap();
    let call = || {
        app.request(Method::GET, "/api/demands/x")
            .header("x-api-token", token)
    };
    for _ in 0..3 {
        assert_eq!(through(&app, call()).await, 200);
    }
    let res = app.send(call()).await;
    assert_eq!(res.status, 429);
    assert_eq!(res.header("retry-after"), Some("1"));
    assert_eq!(res.json()["error_code"], "RATE_LIMITED");

    // Back to the default (1,000/s, burst 2,000): followed within keys_refresh_secs (1 s here).
    let id = limited["client"]["id"].as_str().unwrap();
    let updated = admin(&app, &["clients", "update", id, "--rate", "default"]);
    assert_eq!(updated["client"]["rate_per_sec"], Value::Null);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    for _ in 0..20 {
        assert_eq!(through(&app, call()).await, 200);
    }

    // Options are checked.
    for bad in [
        vec!["--rate", "0"],
        vec!["--rate", "10/m"],
        vec!["--burst", "5"],
    ] {
        let mut args = vec!["clients", "create", "--name", "x", "--kind", "api-token"];
        args.extend(bad.iter());
        assert!(matches!(
            try_admin(&app, &args, ""),
            Err(AdminError::Usage(_))
        ));
    }
}
