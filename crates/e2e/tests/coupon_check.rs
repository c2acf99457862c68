//! Issue 16, flow 4, with real processes: the gateway, sav and loyalty, each over its own fresh
//! database. The chatbot's forgotten coupon, asked through the gateway, must be an active voucher
//! of the loyalty service, which the SAV service asks with its own client credentials; with
//! loyalty stopped, or hung, the answer is the configured one within the check's timeout.

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use e2e::{Setup, Stack};
use reqwest::Method;
use serde_json::{Value, json};

const CARD: &str = "13732365477";

/// The bound of the SAV's coupon check in these tests, and what an answer may take beyond it.
const CHECK_TIMEOUT_MS: u64 = 1000;
const MARGIN: Duration = Duration::from_millis(1500);

/// The chatbot's token.
struct Chatbot(String);

/// gateway + sav (checking coupons with loyalty) + loyalty, with a card holding an active voucher
/// `SUMMER10` and a used one `USED5`, and the shop's orders A1 to A4 fed to the SAV service, all
/// through the gateway.
async fn stack() -> (Stack, Chatbot) {
    let setup = Setup::new(&["sav", "loyalty"]);
    let loyalty = setup.url("loyalty");
    let stack = setup
        .env("sav", "SERVICE__COUPON_CHECK__LOYALTY_URL", &loyalty)
        .env(
            "sav",
            "SERVICE__COUPON_CHECK__TIMEOUT_MS",
            &CHECK_TIMEOUT_MS.to_string(),
        )
        .start()
        .await;
    let office = stack.token(&stack.office).await;
    let post = |path: &str, body: Value| {
        stack
            .request(Method::POST, path)
            .bearer_auth(&office)
            .json(&body)
    };
    let created = [
        post(
            "/api/v1/customers",
            json!({"lastname": "SOUPE", "cards": [CARD]}),
        ),
        post(
            &format!("/api/v1/cards/{CARD}/vouchers"),
            json!({"number": "SUMMER10", "type": "percentage", "value": "10"}),
        ),
        post(
            &format!("/api/v1/cards/{CARD}/vouchers"),
            json!({"number": "USED5", "type": "percentage", "value": "5"}),
        ),
        post(
            &format!("/api/v1/cards/{CARD}/sales"),
            json!({"receipt": "R1", "date": "2026-03-01T10:00:00Z", "voucherUsed": ["USED5"],
                "purchases": [{"operation": {"id": 1}, "amount": 20, "quantity": 1}]}),
        ),
        post("/api/sales", json!(["A1", "A2", "A3", "A4"].map(sale))),
    ];
    for request in created {
        let (status, body) = stack.send(request).await;
        assert!(status == 200 || status == 201, "{status}: {body}");
    }
    let chatbot = stack.client("chatbot", "sav_read sav_write", "");
    let chatbot = Chatbot(stack.token(&chatbot).await);
    (stack, chatbot)
}

fn sale(increment_id: &str) -> Value {
    json!({
        "increment_id": increment_id,
        "customer_email": "c@example.com",
        "customer_name": "John Doe",
        "customer_phone": "+33600000000",
        "grand_total": "200.00",
        "coupon_code": null,
        "status": "processing",
        "created_at": "2026-03-01T10:00:00Z",
        "lines": [{"sku": "SKU123", "name": "Canapé", "quantity": 1, "unit_price": "200.00"}]
    })
}

/// The eligibility's `error_code` through the gateway, or `None` when allowed; and how long the
/// answer took.
async fn eligibility(
    stack: &Stack,
    chatbot: &Chatbot,
    increment_id: &str,
    coupon: &str,
) -> (Option<String>, Duration) {
    let started = Instant::now();
    let request = stack
        .request(Method::POST, "/api/sav/forgotten-coupon/eligibility")
        .bearer_auth(&chatbot.0)
        .json(&json!({"increment_id": increment_id, "coupon_code": coupon,
            "commercial_offer_percentage": 10}));
    let (status, body) = stack.send(request).await;
    let took = started.elapsed();
    assert_eq!(status, 200, "{body}");
    if body["allowed"] == true {
        assert_eq!(body["proposed_gesture_amount"], 20, "{body}");
        return (None, took);
    }
    let code = body["error_code"].as_str().unwrap().to_string();
    (Some(code), took)
}

/// The forgotten-coupon SAV itself, through the gateway: status and body.
async fn ticket(
    stack: &Stack,
    chatbot: &Chatbot,
    increment_id: &str,
    coupon: &str,
) -> (u16, Value) {
    let request = stack
        .request(Method::POST, "/api/sav")
        .bearer_auth(&chatbot.0)
        .json(
            &json!({"increment_id": increment_id, "sav_type": "forgotten-coupon",
            "coupon_code": coupon, "commercial_offer_percentage": 10}),
        );
    stack.send(request).await
}

#[tokio::test]
async fn a_real_voucher_is_allowed_and_an_unknown_code_refused() {
    let (stack, chatbot) = stack().await;

    let code = |answer: (Option<String>, Duration)| answer.0;
    assert_eq!(
        code(eligibility(&stack, &chatbot, "A1", "SUMMER10").await),
        None
    );
    assert_eq!(
        code(eligibility(&stack, &chatbot, "A1", "NOPE").await).as_deref(),
        Some("COUPON_NOT_FOUND")
    );
    assert_eq!(
        code(eligibility(&stack, &chatbot, "A1", "USED5").await).as_deref(),
        Some("COUPON_NOT_USABLE")
    );

    let (status, body) = ticket(&stack, &chatbot, "A1", "NOPE").await;
    assert_eq!(
        (status, &body["error_code"]),
        (422, &json!("COUPON_NOT_FOUND"))
    );
    let (status, body) = ticket(&stack, &chatbot, "A1", "SUMMER10").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposed_gesture_amount"], 20, "{body}");
    // The SAV service asked with its own credentials: loyalty logged the calls it answered.
    assert!(
        stack
            .log("loyalty")
            .contains("route=/api/v1/vouchers/{number} status=200"),
        "{}",
        stack.log("loyalty")
    );
}

#[tokio::test]
async fn with_loyalty_stopped_the_configured_answer_comes_within_the_timeout() {
    let (mut stack, chatbot) = stack().await;
    stack.stop("loyalty").await;

    // Refused (the default), at once: nothing listens on loyalty's port.
    let (code, took) = eligibility(&stack, &chatbot, "A1", "SUMMER10").await;
    assert_eq!(code.as_deref(), Some("COUPON_CHECK_UNAVAILABLE"));
    assert!(
        took < Duration::from_millis(CHECK_TIMEOUT_MS) + MARGIN,
        "{took:?}"
    );
    let (status, body) = ticket(&stack, &chatbot, "A1", "SUMMER10").await;
    assert_eq!(
        (status, &body["error_code"]),
        (503, &json!("COUPON_CHECK_UNAVAILABLE"))
    );

    // Allowed, as without the check, once the SAV service is told so.
    stack.stop("sav").await;
    stack.set_env("sav", "SERVICE__COUPON_CHECK__WHEN_UNAVAILABLE", "allow");
    stack.start("sav").await;
    let (code, took) = eligibility(&stack, &chatbot, "A2", "SUMMER10").await;
    assert_eq!(code, None);
    assert!(
        took < Duration::from_millis(CHECK_TIMEOUT_MS) + MARGIN,
        "{took:?}"
    );
    let (status, body) = ticket(&stack, &chatbot, "A2", "NOPE").await;
    assert_eq!(status, 200, "an unchecked code is allowed: {body}");

    // Loyalty back on its port and database: the codes are checked again.
    stack.start("loyalty").await;
    let (code, _) = eligibility(&stack, &chatbot, "A3", "NOPE").await;
    assert_eq!(code.as_deref(), Some("COUPON_NOT_FOUND"));
    let (status, body) = ticket(&stack, &chatbot, "A3", "SUMMER10").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn with_loyalty_hung_the_answer_comes_at_the_timeout_never_later() {
    let (stack, chatbot) = stack().await;
    // A first check, so the SAV service holds its token and a connection to loyalty.
    assert_eq!(
        eligibility(&stack, &chatbot, "A1", "SUMMER10").await.0,
        None
    );
    stack.pause("loyalty");

    let (code, took) = eligibility(&stack, &chatbot, "A1", "SUMMER10").await;
    assert_eq!(code.as_deref(), Some("COUPON_CHECK_UNAVAILABLE"));
    let timeout = Duration::from_millis(CHECK_TIMEOUT_MS);
    assert!(took >= timeout && took < timeout + MARGIN, "{took:?}");
    let (status, body) = ticket(&stack, &chatbot, "A1", "SUMMER10").await;
    assert_eq!(
        (status, &body["error_code"]),
        (503, &json!("COUPON_CHECK_UNAVAILABLE"))
    );

    stack.resume("loyalty");
    assert_eq!(
        eligibility(&stack, &chatbot, "A2", "SUMMER10").await.0,
        None
    );
}
