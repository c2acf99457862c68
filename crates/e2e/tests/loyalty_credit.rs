//! Issue 16, flow 3, with real processes: the gateway, loyalty and crm, each over its own fresh
//! database, every call of the test through the gateway. A loyalty sale on a card a CRM customer
//! holds becomes a CRM ticket and a credit of 0.5 × the amount, once, and a return takes its share
//! back; with the CRM stopped while the sale is saved, the credit comes once it is started again,
//! exactly once.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use e2e::{Setup, Stack};
use reqwest::Method;
use serde_json::{Value, json};

/// A card the CRM knows.
const CARD: &str = "13732365477";

/// gateway + loyalty (feeding the CRM) + crm, with a CRM customer holding `CARD` and a loyalty
/// consumer holding it too; the back office's token.
async fn stack() -> (Stack, String) {
    let setup = Setup::new(&["loyalty", "crm"]);
    let crm = setup.url("crm");
    let stack = setup
        .env("loyalty", "SERVICE__CRM__URL", &crm)
        .start()
        .await;
    let office = stack.token(&stack.office).await;
    let customer = json!({"name": "Jon", "last_name": "Doe", "sexe": "f", "age": 30,
        "mail": "jon.doe@mail.com", "phone": "+33638614907"});
    let (status, body) = post(&stack, &office, "/api/create_customer", customer).await;
    assert_eq!(status, 200, "{body}");
    let id = body["idClient"].as_str().unwrap().to_string();
    let card: i64 = CARD.parse().unwrap();
    let path = format!("/api/data/{id}/cards");
    let (status, body) = post(&stack, &office, &path, json!({"carteFid": card})).await;
    assert_eq!(status, 200, "{body}");
    let consumer = json!({"lastname": "SOUPE", "cards": [CARD]});
    let (status, body) = post(&stack, &office, "/api/v1/customers", consumer).await;
    assert_eq!(status, 201, "{body}");
    (stack, office)
}

async fn post(stack: &Stack, token: &str, path: &str, body: Value) -> (u16, Value) {
    let request = stack
        .request(Method::POST, path)
        .bearer_auth(token)
        .json(&body);
    stack.send(request).await
}

/// Saves a loyalty ticket of `CARD`: one line of `operation` (1 a sale, 13 a return).
async fn ticket(stack: &Stack, office: &str, receipt: &str, operation: i64, amount: &str) {
    let body = json!({"receipt": receipt, "date": "2026-03-01T10:00:00Z",
        "purchases": [{"operation": {"id": operation}, "amount": amount, "quantity": 1,
            "item": {"code": "X1", "label": "Article"}}]});
    let path = format!("/api/v1/cards/{CARD}/sales");
    let (status, body) = post(stack, office, &path, body).await;
    assert_eq!(status, 201, "{body}");
}

/// The credit of `CARD`'s holder in the CRM.
async fn credit(stack: &Stack, office: &str) -> Option<f64> {
    let request = stack
        .request(Method::GET, &format!("/api/credit/{CARD}"))
        .bearer_auth(office);
    let (status, body) = stack.send(request).await;
    assert_eq!(status, 200, "{body}");
    body["Credit"].as_f64()
}

/// Waits (15 s at most) until the holder's credit is `expected`; then reads it again a few of
/// the dispatcher's poll and retry intervals later (a second delivery would show by then).
async fn credit_becomes(stack: &Stack, office: &str, expected: f64) {
    let start = Instant::now();
    loop {
        let now = credit(stack, office).await;
        if now == Some(expected) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "credit {now:?}, not {expected}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(credit(stack, office).await, Some(expected));
}

async fn crm_tickets(stack: &Stack, office: &str) -> Vec<Value> {
    let request = stack
        .request(Method::GET, "/api/get_tickets")
        .bearer_auth(office);
    let (status, body) = stack.send(request).await;
    assert_eq!(status, 200, "{body}");
    body["tickets"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_sale_on_a_card_the_crm_knows_is_credited_once_and_a_return_takes_it_back() {
    let (stack, office) = stack().await;
    assert_eq!(credit(&stack, &office).await, Some(0.0));

    ticket(&stack, &office, "R1", 1, "20.00").await;
    credit_becomes(&stack, &office, 10.0).await;
    let tickets = crm_tickets(&stack, &office).await;
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    assert_eq!(
        (tickets[0]["prix"].clone(), tickets[0]["origin"].clone()),
        (json!(20), json!("loyalty"))
    );

    ticket(&stack, &office, "R2", 13, "20.00").await;
    credit_becomes(&stack, &office, 0.0).await;
    assert_eq!(
        crm_tickets(&stack, &office).await.len(),
        1,
        "a return is no sale"
    );
}

#[tokio::test]
async fn with_the_crm_stopped_the_sale_is_credited_once_it_is_started_again() {
    let (mut stack, office) = stack().await;
    stack.stop("crm").await;

    ticket(&stack, &office, "D1", 1, "42.00").await;
    // Refused connections for a few of the dispatcher's retries.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let request = stack
        .request(Method::GET, &format!("/api/credit/{CARD}"))
        .bearer_auth(&office);
    let (status, _) = stack.send(request).await;
    assert_eq!(status, 502, "the CRM is down");

    stack.start("crm").await;
    credit_becomes(&stack, &office, 21.0).await;
    let tickets = crm_tickets(&stack, &office).await;
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    assert_eq!(tickets[0]["prix"], json!(42), "{tickets:?}");
}
