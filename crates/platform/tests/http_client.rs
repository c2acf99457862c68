//! `InternalClient` over real HTTP, against a small peer that counts what reached it: what it
//! claims to do (bounded timeouts, retries with backoff for idempotent requests only,
//! request-id propagation, its own token fetched once and renewed before it expires).

// Test code: a failure here is a test failure.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use platform::config::ClientSettings;
use platform::http_client::{ClientError, InternalClient};
use reqwest::Method;
use serde_json::{Value, json};

#[derive(Default)]
struct Peer {
    /// Calls to `/flaky` (any method); the first `failures` of them answer 503.
    flaky: AtomicUsize,
    failures: AtomicUsize,
    slow: AtomicUsize,
    tokens: AtomicUsize,
    /// What `/oauth/token` answers as `expires_in`; 0 means 401.
    expires_in: AtomicU64,
}

/// Echoes what a service would look at: the method, request id, authorization and body.
async fn echo(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    HttpResponse::Ok().json(json!({
        "method": req.method().as_str(),
        "request_id": header("x-request-id"),
        "auth": header("authorization"),
        "idempotency_key": header("idempotency-key"),
        "body": String::from_utf8_lossy(&body),
    }))
}

async fn flaky(peer: web::Data<Peer>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if peer.flaky.fetch_add(1, Ordering::SeqCst) < peer.failures.load(Ordering::SeqCst) {
        return HttpResponse::ServiceUnavailable().finish();
    }
    echo(req, body).await
}

/// Refuses the first token the peer issued (as a peer whose keys rotated would), takes others.
async fn fresh(req: HttpRequest) -> HttpResponse {
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    if auth == Some("Bearer token-0") {
        return HttpResponse::Unauthorized().finish();
    }
    HttpResponse::Ok().json(json!({"auth": auth}))
}

async fn slow(peer: web::Data<Peer>) -> HttpResponse {
    peer.slow.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    HttpResponse::Ok().finish()
}

async fn token(peer: web::Data<Peer>, form: web::Form<Vec<(String, String)>>) -> HttpResponse {
    let n = peer.tokens.fetch_add(1, Ordering::SeqCst);
    let expires_in = peer.expires_in.load(Ordering::SeqCst);
    let sent: Vec<(&str, &str)> = form.iter().map(|(k, v)| (&**k, &**v)).collect();
    let expected = [
        ("grant_type", "client_credentials"),
        ("client_id", "sav"),
        ("client_secret", "secret"),
    ];
    if expires_in == 0 || sent != expected {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
    }
    HttpResponse::Ok().json(json!({
        "access_token": format!("token-{n}"), "expires_in": expires_in, "token_type": "Bearer"
    }))
}

async fn start_peer(failures: usize) -> (String, Arc<Peer>) {
    let peer = Arc::new(Peer::default());
    peer.failures.store(failures, Ordering::SeqCst);
    peer.expires_in.store(3600, Ordering::SeqCst);
    let shared = web::Data::from(peer.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .route("/flaky", web::route().to(flaky))
            .route("/slow", web::route().to(slow))
            .route("/fresh", web::route().to(fresh))
            .route("/echo", web::route().to(echo))
            .route("/oauth/token", web::post().to(token))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (base, peer)
}

fn settings(base: &str) -> ClientSettings {
    ClientSettings {
        gateway_url: format!("{base}/"),
        client_id: Some("sav".into()),
        client_secret: Some("secret".into()),
        connect_timeout_ms: 500,
        timeout_ms: 500,
        retries: 2,
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[actix_web::test]
async fn idempotent_requests_are_retried_on_503_with_the_request_id_and_one_token() {
    let (base, peer) = start_peer(2).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let url = format!("{base}/flaky");
    let response = client
        .send(Method::GET, &url, None, Some("req-42"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    assert_eq!(body["request_id"], "req-42");
    assert_eq!(body["auth"], "Bearer token-0");
    assert_eq!(
        peer.flaky.load(Ordering::SeqCst),
        3,
        "two 503s, then the answer"
    );

    for method in [Method::PUT, Method::DELETE] {
        peer.flaky.store(0, Ordering::SeqCst);
        let response = client.send(method, &url, None, None).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(json_of(response).await["request_id"], Value::Null);
        assert_eq!(peer.flaky.load(Ordering::SeqCst), 3);
    }
    assert_eq!(peer.tokens.load(Ordering::SeqCst), 1, "the token is cached");
}

#[actix_web::test]
async fn retries_end_after_the_configured_number_with_the_last_answer() {
    let (base, peer) = start_peer(usize::MAX).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let response = client
        .send(Method::GET, &format!("{base}/flaky"), None, None)
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        peer.flaky.load(Ordering::SeqCst),
        3,
        "one try and two retries"
    );
}

#[actix_web::test]
async fn non_idempotent_requests_are_sent_once_even_when_they_fail_or_time_out() {
    let (base, peer) = start_peer(usize::MAX).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let body = json!({"a": 1});
    for method in [Method::POST, Method::PATCH] {
        peer.flaky.store(0, Ordering::SeqCst);
        let response = client
            .send(method, &format!("{base}/flaky"), Some(&body), None)
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(peer.flaky.load(Ordering::SeqCst), 1);
    }
    let err = client
        .send(Method::POST, &format!("{base}/slow"), Some(&body), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport { .. }), "{err}");
    assert_eq!(
        peer.slow.load(Ordering::SeqCst),
        1,
        "a timed-out POST may have been done"
    );
}

#[actix_web::test]
async fn a_keyed_post_carries_its_key_and_is_retried_like_an_idempotent_request() {
    let (base, peer) = start_peer(2).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let body = json!({"serial": "SN-1"});
    let response = client
        .send_keyed(
            Method::POST,
            &format!("{base}/flaky"),
            Some(&body),
            None,
            "event-7",
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["idempotency_key"], "event-7");
    assert_eq!(
        peer.flaky.load(Ordering::SeqCst),
        3,
        "two 503s, then the answer"
    );
}

#[actix_web::test]
async fn a_refused_token_is_renewed_once_and_the_request_sent_again() {
    let (base, peer) = start_peer(0).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let url = format!("{base}/fresh");
    let response = client
        .send(Method::POST, &url, Some(&json!({"a": 1})), None)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["auth"], "Bearer token-1");
    let response = client.send(Method::GET, &url, None, None).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        peer.tokens.load(Ordering::SeqCst),
        2,
        "renewed once, then cached"
    );
}

#[actix_web::test]
async fn the_body_is_sent_as_json_on_every_attempt() {
    let (base, peer) = start_peer(1).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let body = json!({"order": "A-1"});
    let response = client
        .send(Method::PUT, &format!("{base}/flaky"), Some(&body), None)
        .await
        .unwrap();
    let echoed = json_of(response).await;
    assert_eq!(echoed["body"], body.to_string());
    assert_eq!(peer.flaky.load(Ordering::SeqCst), 2);
}

#[actix_web::test]
async fn a_slow_peer_times_out_within_the_bound_on_every_attempt() {
    let (base, peer) = start_peer(0).await;
    let client = InternalClient::new(settings(&base)).unwrap();
    let started = Instant::now();
    let err = client
        .send(Method::GET, &format!("{base}/slow"), None, None)
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, ClientError::Transport { .. }), "{err}");
    assert_eq!(
        peer.slow.load(Ordering::SeqCst),
        3,
        "timeouts of a GET are retried"
    );
    // Three attempts of 500 ms and the backoff between them, far from the peer's 2 s each.
    assert!(took < Duration::from_millis(2500), "{took:?}");
    assert!(took >= Duration::from_millis(1500), "{took:?}");
}

#[actix_web::test]
async fn a_refused_connection_is_a_transport_error_after_the_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = InternalClient::new(ClientSettings {
        client_id: None,
        ..settings(&base)
    })
    .unwrap();
    let err = client
        .send(Method::GET, &format!("{base}/x"), None, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport { .. }), "{err}");
}

#[actix_web::test]
async fn without_credentials_no_token_is_asked_for_or_sent() {
    let (base, peer) = start_peer(0).await;
    let client = InternalClient::new(ClientSettings {
        client_id: None,
        client_secret: None,
        ..settings(&base)
    })
    .unwrap();
    let response = client
        .send(Method::GET, &format!("{base}/echo"), None, None)
        .await
        .unwrap();
    assert_eq!(json_of(response).await["auth"], Value::Null);
    assert_eq!(peer.tokens.load(Ordering::SeqCst), 0);
}

#[actix_web::test]
async fn a_refused_token_request_is_reported_and_nothing_is_sent() {
    let (base, peer) = start_peer(0).await;
    peer.expires_in.store(0, Ordering::SeqCst);
    let client = InternalClient::new(settings(&base)).unwrap();
    let err = client
        .send(Method::GET, &format!("{base}/flaky"), None, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::TokenRefused(401)), "{err}");
    assert_eq!(peer.flaky.load(Ordering::SeqCst), 0);
}

#[actix_web::test]
async fn a_token_is_renewed_before_it_expires() {
    let (base, peer) = start_peer(0).await;
    // Shorter than the renewal margin: every call needs a fresh one.
    peer.expires_in.store(30, Ordering::SeqCst);
    let client = InternalClient::new(settings(&base)).unwrap();
    let url = format!("{base}/echo");
    for expected in ["Bearer token-0", "Bearer token-1"] {
        let response = client.send(Method::GET, &url, None, None).await.unwrap();
        assert_eq!(json_of(response).await["auth"], expected);
    }
}

#[actix_web::test]
async fn concurrent_callers_share_one_token_request() {
    let (base, peer) = start_peer(0).await;
    let client = Arc::new(InternalClient::new(settings(&base)).unwrap());
    let url = format!("{base}/echo");
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move { client.send(Method::GET, &url, None, None).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().status(), 200);
    }
    assert_eq!(peer.tokens.load(Ordering::SeqCst), 1);
}
