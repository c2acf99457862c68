//! The stack the flows run on: the gateway and every service as processes, each service trusting
//! only the gateway's keys and holding its own client, with the grants dev-up and k8s give.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::{GRANTS, Setup, Stack};
use reqwest::Method;
use serde_json::{Value, json};

const SERVICES: [&str; 5] = ["sav", "rma", "customers", "loyalty", "crm"];

/// A POST of each service that wants a token (any body: the token is looked at first).
const GUARDED: [(&str, &str); 5] = [
    ("sav", "/api/sales"),
    ("rma", "/api/demands"),
    ("customers", "/customers"),
    ("loyalty", "/api/v1/customers"),
    ("crm", "/api/data"),
];

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text.split_whitespace().map(String::from).collect();
    words.sort();
    words
}

#[tokio::test]
async fn every_service_answers_through_the_gateway_with_its_own_grants() {
    let stack = Setup::new(&SERVICES).start().await;
    let office = stack.token(&stack.office).await;
    for (name, guarded) in GUARDED {
        let path = format!("/svc/{name}/readyz");
        let (status, body) = stack
            .send(stack.request(Method::GET, &path).bearer_auth(&office))
            .await;
        assert_eq!(
            (status, &body),
            (200, &json!({"status": "ready"})),
            "{name}"
        );
        // Reached directly, a service wants a token, and takes none but the gateway's.
        let direct = stack.service_url(name, guarded);
        let client = reqwest::Client::new();
        let status = client.post(&direct).json(&json!({})).send().await;
        let status = status.unwrap().status();
        assert_eq!(status, 401, "{name} without a token");
        let foreign = testkit::token(&[], &[]);
        let status = client
            .post(&direct)
            .bearer_auth(foreign)
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401, "{name} with a token of another key");
    }

    for (service, scopes, permissions) in GRANTS {
        let token = stack.token(stack.credentials(service)).await;
        let claims = claims(&token);
        let granted = claims["scope"].as_str().unwrap_or_default();
        assert_eq!(words(granted), words(scopes), "{service}: {claims}");
        let held: Vec<String> = claims["permissions"]
            .as_array()
            .map(|p| p.iter().map(|p| p.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(held, words(permissions), "{service}: {claims}");
    }
}

/// A sale, fed by the shop to the SAV service through the gateway.
async fn feed(stack: &Stack, token: &str, increment_id: &str) -> (u16, Value) {
    let sale = json!([{"increment_id": increment_id, "customer_email": "c@example.com",
        "customer_name": "John Doe", "customer_phone": "+33600000000", "grand_total": "10.00",
        "coupon_code": null, "status": "processing", "created_at": "2026-03-01T10:00:00Z",
        "lines": [{"sku": "S1", "name": "Lampe", "quantity": 1, "unit_price": "10.00"}]}]);
    let request = stack
        .request(Method::POST, "/api/sales")
        .bearer_auth(token)
        .json(&sale);
    stack.send(request).await
}

/// Found by these tests: the gateway reused an idle upstream connection without looking whether
/// the upstream had closed it, and never retries a POST, so after an upstream restart (a rolling
/// deploy) a partner's POST was answered 502 UPSTREAM_UNAVAILABLE ("connection closed before the
/// answer was complete"). The pool now drops a connection its upstream closed.
#[tokio::test]
async fn a_post_right_after_an_upstream_restart_is_answered() {
    let mut stack = Setup::new(&["sav"]).start().await;
    let office = stack.token(&stack.office).await;
    let (status, body) = feed(&stack, &office, "B1").await;
    assert_eq!(status, 200, "{body}");
    stack.stop("sav").await;
    stack.start("sav").await;
    let (status, body) = feed(&stack, &office, "B2").await;
    assert_eq!(status, 200, "{body}");
}
