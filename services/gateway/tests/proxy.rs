//! Partner calls through the gateway: every credential style, routing, pass-through, and the
//! errors of each route's dialect.

// A test crate: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{
    BIG_BODY, BIG_REPEAT, api_token, client_credentials_token, create, forwarded_token,
    spawn_gateway,
};
use jsonwebtoken::jwk::JwkSet;
use platform::auth::{KeySource, TokenVerifier};
use reqwest::Method;
use serde_json::{Value, json};
use testkit::TestApp;

/// A request body sent in these pieces, without a declared length (chunked).
fn chunked(pieces: impl IntoIterator<Item = &'static str>) -> reqwest::Body {
    let pieces: Vec<Result<&'static str, std::io::Error>> = pieces.into_iter().map(Ok).collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(pieces))
}

/// Checks the token the upstream got is the gateway's own, with the client's claims.
async fn assert_gateway_signed(app: &TestApp, token: &str, client_id: &str) -> Value {
    let jwks: JwkSet =
        serde_json::from_str(&app.get("/.well-known/jwks.json", None).await.text).unwrap();
    let verifier = TokenVerifier::new("gateway", "retail-platform", KeySource::Static(jwks));
    let claims = verifier
        .verify(token)
        .await
        .expect("a token signed by the gateway");
    assert_eq!(claims.sub, client_id);
    serde_json::to_value(claims).unwrap()
}

#[tokio::test]
async fn api_tokens_in_all_three_headers_reach_the_service_as_gateway_tokens() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(
        &app,
        "api-token",
        &[
            "--scopes",
            "sav_read",
            "--permissions",
            "customer.view_phone",
            "--partner",
            "chatbot",
        ],
    );
    let id = created["client"]["id"].as_str().unwrap();
    let token = created["credentials"]["api_token"].as_str().unwrap();
    let path = "/api/customer/sav-status?email=a%40b.c&product_sku=SKU1";
    for (header, value) in [
        ("x-api-token", token.to_string()),
        ("authorization", token.to_string()),
        ("authorization", format!("Bearer {token}")),
    ] {
        let res = app
            .send(app.request(Method::GET, path).header(header, &value))
            .await;
        assert_eq!(res.status, 200, "{header}: {}", res.text);
        let echo = res.json();
        assert_eq!(echo["service"], "sav");
        assert_eq!(echo["path"], "/api/customer/sav-status");
        assert_eq!(echo["query"], "email=a%40b.c&product_sku=SKU1");
        assert!(
            echo["headers"].get("x-api-token").is_none(),
            "the partner's token stays at the gateway"
        );
        let forwarded = forwarded_token(&echo);
        assert_ne!(forwarded, token);
        let claims = assert_gateway_signed(&app, &forwarded, id).await;
        assert_eq!(claims["scope"], "sav_read");
        assert_eq!(claims["permissions"], json!(["customer.view_phone"]));
        assert_eq!(claims["partner"], "chatbot");
    }

    let res = app
        .send(
            app.request(Method::GET, path)
                .header("x-api-token", "at_wrong"),
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["success"], false, "in the SAV dialect");
}

#[tokio::test]
async fn basic_auth_reaches_the_service_with_the_clients_permissions() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(
        &app,
        "basic",
        &["--permissions", "customer.view_phone warranty.edit"],
    );
    let (id, secret) = (
        created["credentials"]["client_id"].as_str().unwrap(),
        created["credentials"]["client_secret"].as_str().unwrap(),
    );
    let res = app
        .send(
            app.request(Method::GET, "/customers/7")
                .basic_auth(id, Some(secret)),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let echo = res.json();
    assert_eq!(echo["service"], "customers");
    let claims = assert_gateway_signed(&app, &forwarded_token(&echo), id).await;
    assert_eq!(
        claims["permissions"],
        json!(["customer.view_phone", "warranty.edit"])
    );

    let res = app
        .send(
            app.request(Method::GET, "/customers/7")
                .basic_auth(id, Some("wrong")),
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(
        res.json()["result"],
        "UNAUTHORIZED",
        "in the customers dialect"
    );
}

#[tokio::test]
async fn gateway_tokens_are_forwarded_and_bad_ones_refused_in_the_routes_dialect() {
    let app = common::spawn_replica(None, |s| {
        s.service.token_ttl_secs = 1;
        s.auth.leeway_secs = 0;
    })
    .await;
    let created = create(
        &app,
        "client-credentials",
        &["--scopes", "demands_accept", "--token-format", "jwt"],
    );
    let id = created["client"]["id"].as_str().unwrap();
    let token = client_credentials_token(
        &app,
        id,
        created["credentials"]["client_secret"].as_str().unwrap(),
    )
    .await;

    let body = json!({"demand_number": "ACH-9001-0001", "agreement_number": "A1"});
    let res = app
        .post_json("/api/demands/accept", &body, Some(&token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let echo = res.json();
    assert_eq!(echo["service"], "rma");
    assert_eq!(echo["method"], "POST");
    assert_eq!(
        serde_json::from_str::<Value>(echo["body"].as_str().unwrap()).unwrap(),
        body
    );
    assert_eq!(
        forwarded_token(&echo),
        token,
        "a gateway token is forwarded as it is"
    );

    // Tampered: another payload under the same signature.
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged_claims = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        serde_json::to_vec(&json!({"sub": id, "scope": "everything"})).unwrap(),
    );
    parts[1] = &forged_claims;
    let res = app
        .post_json("/api/demands/accept", &body, Some(&parts.join(".")))
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["status"], "KO", "in the RMA dialect");

    let res = app.post_json("/api/demands/accept", &body, None).await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["error_code"], "UNAUTHORIZED");
    let res = app.get("/api/v1/consumers", None).await;
    assert_eq!(res.status, 401);
    assert!(res.json()["code"].is_u64(), "in the loyalty dialect");

    // The token lives 1 s here (no leeway): once expired, 401.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let res = app
        .post_json("/api/demands/accept", &body, Some(&token))
        .await;
    assert_eq!(res.status, 401, "expired: {}", res.text);
}

#[tokio::test]
async fn repeated_bad_api_tokens_from_one_address_are_locked_out() {
    let app = spawn_gateway(|g| g.lockout.max_failures = 3).await;
    let good = api_token(&app);
    for _ in 0..3 {
        let res = app
            .send(
                app.request(Method::GET, "/api/sav/1")
                    .header("x-api-token", "at_guess"),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let res = app
        .send(
            app.request(Method::GET, "/api/sav/1")
                .header("x-api-token", &good),
        )
        .await;
    assert_eq!(res.status, 429, "the address is locked out for a while");
    assert!(res.header("retry-after").is_some());
    assert_eq!(res.json()["error_code"], "TOO_MANY_FAILED_ATTEMPTS");
}

#[tokio::test]
async fn every_compat_route_reaches_its_service_and_prefixes_are_stripped() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(&app, "api-token", &[]);
    let token = created["credentials"]["api_token"].as_str().unwrap();
    for (path, service, upstream_path) in [
        (
            "/api/customer/sav-status",
            "sav",
            "/api/customer/sav-status",
        ),
        ("/api/sav/12", "sav", "/api/sav/12"),
        ("/sav/create-sale-sav", "sav", "/sav/create-sale-sav"),
        ("/api/sales", "sav", "/api/sales"),
        (
            "/api/demands/retrieverequests",
            "rma",
            "/api/demands/retrieverequests",
        ),
        ("/customer-cats", "customers", "/customer-cats"),
        ("/customers", "customers", "/customers"),
        ("/customer-loyal-cats", "customers", "/customer-loyal-cats"),
        ("/warranty-info/3", "customers", "/warranty-info/3"),
        ("/warranty-status", "customers", "/warranty-status"),
        (
            "/api/v1/consumers/1/cards",
            "loyalty",
            "/api/v1/consumers/1/cards",
        ),
        ("/api/data", "crm", "/api/data"),
        ("/api/update_db", "crm", "/api/update_db"),
        ("/api/create_customer", "crm", "/api/create_customer"),
        ("/api/credit/FID", "crm", "/api/credit/FID"),
        ("/api/allow_credit/x", "crm", "/api/allow_credit/x"),
        ("/api/get_tickets/x", "crm", "/api/get_tickets/x"),
        ("/svc/sav/healthz", "sav", "/healthz"),
        ("/svc/loyalty/api/v1/x", "loyalty", "/api/v1/x"),
    ] {
        let res = app
            .send(app.request(Method::GET, path).header("x-api-token", token))
            .await;
        assert_eq!(res.status, 200, "{path}: {}", res.text);
        let echo = res.json();
        assert_eq!(
            (echo["service"].as_str(), echo["path"].as_str()),
            (Some(service), Some(upstream_path)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn headers_pass_through_without_hop_by_hop_ones_and_with_forwarding_ones() {
    let app = spawn_gateway(|_| {}).await;
    let token = api_token(&app);
    let res = app
        .send(
            app.request(Method::PUT, "/svc/crm/thing?x=1&y=2")
                .header("x-api-token", &token)
                .header("x-request-id", "req-77")
                .header("x-custom", "kept")
                .header("proxy-authorization", "secret")
                .header("content-type", "text/plain")
                .body("hello upstream"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.header("x-upstream"),
        Some("crm"),
        "upstream headers come back"
    );
    assert_eq!(res.header("x-request-id"), Some("req-77"));
    let echo = res.json();
    assert_eq!(echo["method"], "PUT");
    assert_eq!(echo["query"], "x=1&y=2");
    assert_eq!(echo["body"], "hello upstream");
    let headers = &echo["headers"];
    assert_eq!(headers["x-custom"], "kept");
    assert_eq!(headers["x-request-id"], "req-77");
    assert_eq!(headers["x-forwarded-for"], "127.0.0.1");
    assert!(headers.get("proxy-authorization").is_none());
    assert!(headers.get("x-api-token").is_none());
}

#[tokio::test]
async fn upstream_down_slow_unknown_path_and_body_limit_answer_in_the_dialect() {
    let app = spawn_gateway(|_| {}).await;
    let token = api_token(&app);
    let get = |path: &str| app.request(Method::GET, path).header("x-api-token", &token);

    let res = app.send(get("/svc/down/anything")).await;
    assert_eq!(res.status, 502);
    assert_eq!(res.json()["status"], "KO");
    assert_eq!(res.json()["error_code"], "UPSTREAM_UNAVAILABLE");

    let res = app.send(get("/svc/sav/slow")).await;
    assert_eq!(res.status, 504);
    assert_eq!(res.json()["success"], false);
    assert_eq!(res.json()["error_code"], "UPSTREAM_TIMEOUT");

    let res = app.send(get("/no/such/path")).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["error"], "route_not_found");

    let res = app
        .send(
            app.request(Method::POST, "/svc/small/x")
                .header("x-api-token", &token)
                .body("this body is longer than sixteen bytes"),
        )
        .await;
    assert_eq!(res.status, 413);
    assert_eq!(res.json()["error_code"], "PAYLOAD_TOO_LARGE");

    // Without a declared length (chunked), the limit cuts the stream off.
    let res = app
        .send(
            app.request(Method::POST, "/svc/small/x")
                .header("x-api-token", &token)
                .body(chunked(["twelve bytes", "and twelve more"])),
        )
        .await;
    assert_eq!(res.status, 413, "{}", res.text);
    assert_eq!(res.json()["success"], false);

    // A streamed body under the limit arrives whole.
    let res = app
        .send(
            app.request(Method::POST, "/svc/small/x")
                .header("x-api-token", &token)
                .body(chunked(["small ", "body"])),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["body"], "small body");
}

#[tokio::test]
async fn large_bodies_empty_and_head_answers_pass_and_connections_the_service_closed_are_replaced()
{
    let app = spawn_gateway(|_| {}).await;
    let token = api_token(&app);
    let get = |path: &str| app.request(Method::GET, path).header("x-api-token", &token);
    let big = BIG_BODY.repeat(BIG_REPEAT);

    // Larger than what the gateway reads whole: streamed, with a length and chunked.
    for path in ["/svc/sav/big", "/svc/sav/big-chunked"] {
        let res = app.send(get(path)).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.text == big, "{path}: {} bytes arrived", res.text.len());
    }

    // Large bodies go up whole too, announced or chunked (and come back streamed).
    let res = app
        .send(
            app.request(Method::POST, "/svc/sav/upload")
                .header("x-api-token", &token)
                .body(big.clone()),
        )
        .await;
    assert_eq!(res.status, 200);
    assert!(res.json()["body"] == big.as_str(), "sized upload altered");
    let res = app
        .send(
            app.request(Method::POST, "/svc/sav/upload")
                .header("x-api-token", &token)
                .body(chunked(vec![BIG_BODY; BIG_REPEAT])),
        )
        .await;
    assert_eq!(res.status, 200);
    assert!(res.json()["body"] == big.as_str(), "chunked upload altered");

    let res = app.send(get("/svc/sav/empty")).await;
    assert_eq!(res.status, 204);
    assert!(res.text.is_empty());

    let res = app
        .send(
            app.request(Method::HEAD, "/svc/sav/head")
                .header("x-api-token", &token),
        )
        .await;
    assert_eq!(res.status, 200);
    assert!(res.text.is_empty());

    // The pooled connections still answer the next calls after those.
    for n in 0..3 {
        let res = app.send(get(&format!("/svc/sav/after/{n}"))).await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.json()["path"], format!("/after/{n}"));
    }

    // This service closes connections idle for 300 ms; the gateway keeps them up to 2 s, so
    // the second call finds its pooled connection closed and must go through a new one.
    let res = app.send(get("/svc/brief/one")).await;
    assert_eq!(res.status, 200, "{}", res.text);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let res = app.send(get("/svc/brief/two")).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["path"], "/two");
}

#[tokio::test]
async fn proxied_calls_are_counted_under_their_routing_rule() {
    let app = spawn_gateway(|_| {}).await;
    let token = api_token(&app);
    for path in ["/svc/sav/a", "/svc/sav/b/c", "/api/customer/sav-status"] {
        let res = app
            .send(app.request(Method::GET, path).header("x-api-token", &token))
            .await;
        assert_eq!(res.status, 200, "{path}");
    }
    let res = app.send(app.request(Method::GET, "/svc/crm/x")).await;
    assert_eq!(res.status, 401);

    let metrics = app.get("/metrics", None).await.text;
    for line in [
        r#"http_requests_total{method="GET",route="/svc/sav/*",status="200"} 2"#,
        r#"http_requests_total{method="GET",route="/api/customer/sav-status",status="200"} 1"#,
        r#"http_requests_total{method="GET",route="/svc/crm/*",status="401"} 1"#,
    ] {
        assert!(metrics.contains(line), "{line} missing from:\n{metrics}");
    }
}

#[tokio::test]
async fn key_rotation_keeps_the_previous_key_published() {
    let app = spawn_gateway(|_| {}).await;
    let created = create(&app, "client-credentials", &["--token-format", "jwt"]);
    let id = created["client"]["id"].as_str().unwrap();
    let secret = created["credentials"]["client_secret"].as_str().unwrap();
    let before = client_credentials_token(&app, id, secret).await;
    let old_kid = jsonwebtoken::decode_header(&before).unwrap().kid.unwrap();
    let jwks = app.get("/.well-known/jwks.json", None).await.json();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
    assert_eq!(jwks["keys"][0]["kid"], old_kid.as_str());
    assert_eq!(jwks["keys"][0]["alg"], "EdDSA");

    let rotated = common::admin(&app, &["keys", "rotate"]);
    let new_kid = rotated["kid"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(2500)).await;

    let jwks = app.get("/.well-known/jwks.json", None).await.json();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert!(
        kids.contains(&old_kid.as_str()) && kids.contains(&new_kid.as_str()),
        "{kids:?}"
    );

    let after = client_credentials_token(&app, id, secret).await;
    assert_eq!(jwks_kid(&after), new_kid);
    // A token signed before the rotation still passes the gateway.
    let res = app.get("/svc/rma/x", Some(&before)).await;
    assert_eq!(res.status, 200, "{}", res.text);
}

fn jwks_kid(token: &str) -> String {
    jsonwebtoken::decode_header(token).unwrap().kid.unwrap()
}

/// The token forwarded for one call with `token`, or the status when the call was refused.
async fn forwarded_for(app: &TestApp, token: &str) -> Result<String, u16> {
    let res = app
        .send(
            app.request(Method::GET, "/svc/sav/x")
                .header("x-api-token", token),
        )
        .await;
    match res.status {
        200 => Ok(forwarded_token(&res.json())),
        status => Err(status),
    }
}

#[tokio::test]
async fn a_busy_api_token_is_checked_again_before_its_trust_ends_and_refused_once_disabled() {
    // Trusted 4 s; checked again by the first call after 3 s.
    let app = spawn_gateway(|gateway| gateway.credential_cache_secs = 4).await;
    let created = create(&app, "api-token", &[]);
    let id = created["client"]["id"].as_str().unwrap().to_string();
    let token = created["credentials"]["api_token"].as_str().unwrap();

    let verified_at = std::time::Instant::now();
    let first = forwarded_for(&app, token).await.unwrap();
    assert_eq!(
        forwarded_for(&app, token).await,
        Ok(first.clone()),
        "cached"
    );

    // Past three quarters of the trust: the call is served at once with the cached answer,
    // and the check it starts mints a fresh token before the first trust has ended.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert_eq!(forwarded_for(&app, token).await, Ok(first.clone()));
    let mut renewed = None;
    while verified_at.elapsed() < Duration::from_millis(3900) {
        let now = forwarded_for(&app, token).await.unwrap();
        if now != first {
            renewed = Some(now);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        renewed.is_some(),
        "a new token was forwarded before the cached answer expired"
    );

    // Disabled: the next check drops the cached answer, at the latest when its trust ends.
    common::admin(&app, &["clients", "disable", &id]);
    let disabled_at = std::time::Instant::now();
    let refused = loop {
        match forwarded_for(&app, token).await {
            Err(status) => break status,
            Ok(_) if disabled_at.elapsed() < Duration::from_secs(6) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Ok(_) => panic!("a disabled token was still forwarded after 6 s"),
        }
    };
    assert_eq!(refused, 401);
    assert!(disabled_at.elapsed() <= Duration::from_millis(4500));
}
