//! End to end: a partner's client, written against seed 000, calls the gateway with its API
//! token; the SAV service verifies the token the gateway forwards against the gateway's JWKS.

#![allow(clippy::unwrap_used)]

use std::net::TcpListener;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn the_documents_curl_works_through_the_gateway() {
    let sav_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let sav_url = format!("http://{}", sav_listener.local_addr().unwrap());
    let gateway = testkit::spawn_with(&gateway::SPEC, gateway::start, |settings| {
        if let Some(sav) = settings.service.upstreams.get_mut("sav") {
            sav.url = sav_url.clone();
        }
    })
    .await;
    let jwks_url = gateway.url("/.well-known/jwks.json");
    let sav = testkit::spawn_on(sav_listener, &sav::SPEC, sav::start, |settings| {
        settings.auth.jwks = None;
        settings.auth.jwks_url = Some(jwks_url);
    })
    .await;

    let mut admin_settings = gateway::config::Settings::defaults("gateway", 0);
    admin_settings.database.url = gateway.db.url.clone();
    let args: Vec<String> = [
        "clients",
        "create",
        "--name",
        "chatbot",
        "--kind",
        "api-token",
        "--scopes",
        "sales_write sav_read sav_write",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    let created =
        serde_json::to_value(gateway::admin::run(&args, &admin_settings).unwrap()).unwrap();
    let api_token = created["credentials"]["api_token"]
        .as_str()
        .unwrap()
        .to_string();

    // The shop's feed and a SAV, through the gateway.
    let order = json!({"increment_id": "ORDER123", "customer_email": "customer@example.com",
        "grand_total": "200.00", "status": "processing", "lines": [{"sku": "SKU123", "name": "Canapé"}]});
    let res = gateway
        .send(
            gateway
                .request(Method::POST, "/api/sales")
                .header("X-API-Token", &api_token)
                .json(&order),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = gateway
        .send(
            gateway
                .request(Method::POST, "/sav/create-sale-sav")
                .header("Authorization", &api_token)
                .form(&[
                    ("sale_ref", "ORDER123"),
                    ("customer_email", "customer@example.com"),
                    ("products", "SKU123"),
                ]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // curl -X GET '…/api/customer/sav-status?email=customer@example.com&product_sku=SKU123' -H 'X-API-Token: …'
    let res = gateway
        .send(
            gateway
                .request(
                    Method::GET,
                    "/api/customer/sav-status?email=customer@example.com&product_sku=SKU123",
                )
                .header("X-API-Token", &api_token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["hasSav"], true);
    assert_eq!(body["savRecords"][0]["saleRef"], "ORDER123");

    // The chatbot flow, with the Bearer form of the same token.
    let res = gateway
        .send(
            gateway
                .request(Method::POST, "/api/sav")
                .bearer_auth(&api_token)
                .json(
                    &json!({"increment_id": "ORDER123", "sav_type": "oublie de code promo",
                    "coupon_code": "SUMMER10", "commercial_offer_percentage": 10}),
                ),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["proposed_gesture_amount"], 20);

    // Straight to the service, without the gateway's token: refused.
    let res = sav
        .get("/api/customer/sav-status?email=customer@example.com", None)
        .await;
    assert_eq!(res.status, 401);
    let res = sav
        .send(
            sav.request(
                Method::GET,
                "/api/customer/sav-status?email=customer@example.com",
            )
            .header("X-API-Token", &api_token),
        )
        .await;
    assert_eq!(
        res.status, 401,
        "the partner's own token means nothing to the service"
    );
}
