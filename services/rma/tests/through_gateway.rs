//! End to end: a repair center's client, written against seed 001, takes its token from the
//! gateway's `POST /api/token/create` and calls the documented paths through the gateway; the
//! rma service verifies the token the gateway forwards against the gateway's JWKS.

#![allow(clippy::unwrap_used)]

use std::net::TcpListener;

use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

const DOC_SCOPES: &str = "demands_create demands_status demands_adddocument \
    demands_messagecenter demands_resubmit demands_update demands_responsequote demands_accept \
    demands_refuse";

/// `gateway clients create …`; returns (client_id, client_secret).
fn client(gateway: &TestApp, name: &str, partner: Option<&str>) -> (String, String) {
    let mut settings = gateway::config::Settings::defaults("gateway", 0);
    settings.database.url = gateway.db.url.clone();
    let mut args = vec![
        "clients",
        "create",
        "--name",
        name,
        "--kind",
        "client-credentials",
        "--scopes",
        DOC_SCOPES,
    ];
    if let Some(partner) = partner {
        args.extend(["--partner", partner]);
    }
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let created = serde_json::to_value(gateway::admin::run(&args, &settings).unwrap()).unwrap();
    let credentials = &created["credentials"];
    (
        credentials["client_id"].as_str().unwrap().to_string(),
        credentials["client_secret"].as_str().unwrap().to_string(),
    )
}

/// Section 3.1, as the document's client sends it.
async fn token(gateway: &TestApp, (id, secret): &(String, String)) -> String {
    let res = gateway
        .post_json(
            "/api/token/create",
            &json!({"client_secret": secret, "client_id": id, "grant_type": "client_credentials"}),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], DOC_SCOPES);
    body["access_token"].as_str().unwrap().to_string()
}

async fn call(
    gateway: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Value {
    let mut request = gateway.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let res = gateway.send(request).await;
    assert!(res.status < 300, "{path}: {} {}", res.status, res.text);
    res.json()
}

#[tokio::test]
async fn a_repair_centers_client_works_through_the_gateway() {
    let rma_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let rma_url = format!("http://{}", rma_listener.local_addr().unwrap());
    let gateway = testkit::spawn_with(&gateway::SPEC, gateway::start, |settings| {
        if let Some(rma) = settings.service.upstreams.get_mut("rma") {
            rma.url = rma_url.clone();
        }
    })
    .await;
    let jwks_url = gateway.url("/.well-known/jwks.json");
    let rma = testkit::spawn_on(
        rma_listener,
        &rma::SPEC,
        rma::start,
        |settings: &mut rma::config::Settings| {
            settings.auth.jwks = None;
            settings.auth.jwks_url = Some(jwks_url);
            settings.outbox.enabled = false;
        },
    )
    .await;

    let center = token(&gateway, &client(&gateway, "Center 9", Some("center-9"))).await;
    let backoffice = token(&gateway, &client(&gateway, "Back office", None)).await;

    let created = call(
        &gateway,
        Method::POST,
        "/api/demands",
        &backoffice,
        Some(
            json!({"type": "REP", "repair_center": "center-9", "brand": "Test",
                    "demand_number": "ACH-9001-0001"}),
        ),
    )
    .await;
    assert_eq!(created["data"]["demand_number"], "ACH-9001-0001");

    // Sections 3.9, 3.2, 3.5 and 3.7 as written.
    let new = call(
        &gateway,
        Method::POST,
        "/api/demands/retrieverequests?status=RMAD",
        &center,
        None,
    )
    .await;
    assert_eq!(new["status"], "OK");
    assert_eq!(new["data"][0]["demand_number"], "ACH-9001-0001");
    // The document's other spelling of the prefix reaches the service through the gateway too.
    let spelled = call(
        &gateway,
        Method::POST,
        "/api/demandes/retrieverequets?status=RMAD",
        &center,
        None,
    )
    .await;
    assert_eq!(spelled["data"][0]["demand_number"], "ACH-9001-0001");
    let accepted = call(
        &gateway,
        Method::POST,
        "/api/demands/accept",
        &center,
        Some(
            json!({"demand_numero": "ACH-9001-0001", "agreement_numero": "9999999915",
                    "agreement_content": "", "status_code": "ATTEXP", "status_comment": ""}),
        ),
    )
    .await;
    assert_eq!(accepted["data"]["current_status_code"], "ATTEXP");
    call(
        &gateway,
        Method::POST,
        "/api/demands/status",
        &center,
        Some(json!({"demand_number": "ACH-9001-0001", "status_code": "D"})),
    )
    .await;
    call(
        &gateway,
        Method::POST,
        "/api/demands/adddocument",
        &center,
        Some(
            json!({"demand_number": "ACH-9001-0001", "file_name": "rapport1.txt",
                    "file_content": "VEVYVEUgVEVTVFM=", "type": "REPORT"}),
        ),
    )
    .await;
    let documents = call(
        &gateway,
        Method::GET,
        "/api/demands/documents?demand_number=ACH-9001-0001",
        &center,
        None,
    )
    .await;
    assert_eq!(documents["data"][0]["file_content"], "VEVYVEUgVEVTVFM=");

    // The back office reads the whole demand; the gateway's own prefix reaches it too.
    let whole = call(
        &gateway,
        Method::GET,
        "/svc/rma/api/demands/ACH-9001-0001",
        &backoffice,
        None,
    )
    .await;
    assert_eq!(whole["data"]["history"].as_array().unwrap().len(), 4);

    // Straight to the service with the partner's credentials instead of a gateway token.
    let res = rma
        .get(
            "/api/demands/retrieverequests",
            Some("43db12155516ffc226655a1c51a9de9b3161f62d"),
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["status"], "KO");
}
