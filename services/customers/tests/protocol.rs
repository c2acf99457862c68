//! Seed 002's header tables: Accept (406), Content-Type (415), the negotiated answer type,
//! 405 with Allow, 401 without a token, and HAL paging.

#![allow(clippy::unwrap_used)]

mod common;

use common::{VENDOR, admin, create_category, get};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn accept_is_negotiated_and_anything_else_is_406() {
    let app = common::spawn().await;
    let token = admin();
    for (accept, answered) in [
        (VENDOR, VENDOR),
        ("application/hal+json", "application/hal+json"),
        ("application/json", "application/json"),
        ("*/*", "application/hal+json"),
        (
            "text/html;q=0.9, application/json;q=0.8",
            "application/json",
        ),
    ] {
        let res = app
            .send(
                app.request(Method::GET, "/customer-cats")
                    .bearer_auth(&token)
                    .header("accept", accept),
            )
            .await;
        assert_eq!(res.status, 200, "{accept}: {}", res.text);
        assert_eq!(res.header("content-type"), Some(answered), "{accept}");
    }
    let res = app
        .send(
            app.request(Method::GET, "/customers/1")
                .bearer_auth(&token)
                .header("accept", VENDOR),
        )
        .await;
    assert_eq!(
        (res.status, res.header("content-type")),
        (404, Some(VENDOR))
    );
    assert_eq!(res.json()["result"], "NOT_FOUND_CUSTOMER");

    for accept in ["text/html", "application/xml", "application/json;q=0"] {
        let res = app
            .send(
                app.request(Method::GET, "/customer-cats")
                    .bearer_auth(&token)
                    .header("accept", accept),
            )
            .await;
        assert_eq!(res.status, 406, "{accept}: {}", res.text);
        assert_eq!(res.json()["result"], "NOT_ACCEPTABLE");
    }
}

#[tokio::test]
async fn bodies_must_be_json_or_the_vendor_type() {
    let app = common::spawn().await;
    let token = admin();
    let send = |content_type: Option<&'static str>| {
        let mut request = app
            .request(Method::POST, "/customer-cats")
            .bearer_auth(&token)
            .body(json!({"name": "VIP"}).to_string());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        app.send(request)
    };
    assert_eq!(send(Some(VENDOR)).await.status, 201);
    assert_eq!(
        send(Some("application/json; charset=utf-8")).await.status,
        201
    );
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let res = send(content_type).await;
        assert_eq!(res.status, 415, "{content_type:?}: {}", res.text);
        assert_eq!(res.json()["result"], "UNSUPPORTED_MEDIA_TYPE");
    }
    let res = app
        .send(
            app.request(Method::PUT, "/customer-cats/1")
                .bearer_auth(&token)
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(res.status, 415, "{}", res.text);
}

#[tokio::test]
async fn a_method_a_path_lacks_is_405_with_allow_and_no_token_is_401() {
    let app = common::spawn().await;
    let token = admin();
    for (method, path, allow) in [
        (Method::PATCH, "/customer-cats", "GET, POST"),
        (Method::GET, "/customer-cats/1", "PUT, DELETE"),
        (Method::DELETE, "/customers", "GET, POST"),
        (Method::POST, "/customers/1", "GET, PUT, DELETE"),
        (Method::POST, "/customer-loyal-cats", "GET"),
    ] {
        let res = app
            .send(app.request(method.clone(), path).bearer_auth(&token))
            .await;
        assert_eq!(res.status, 405, "{method} {path}: {}", res.text);
        assert_eq!(res.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(res.json()["result"], "METHOD_NOT_ALLOWED");
    }
    let res = app.get("/customers", None).await;
    assert_eq!(res.status, 401, "{}", res.text);
    assert_eq!(res.json()["result"], "UNAUTHORIZED");
}

#[tokio::test]
async fn collections_are_hal_pages_with_their_links() {
    let app = common::spawn().await;
    let token = admin();
    for n in 0..4 {
        create_category(&app, &format!("Nhóm {n}")).await;
    }
    let res = get(&app, "/customer-cats?page=2&page_size=2&x=1", &token).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["page"], 2);
    assert_eq!(body["page_size"], 2);
    assert_eq!(body["page_count"], 3);
    assert_eq!(body["total_items"], 5);
    assert_eq!(body["_embedded"]["categories"].as_array().unwrap().len(), 2);
    let link = |name: &str| body["_links"][name]["href"].as_str().map(str::to_string);
    assert_eq!(
        link("self").as_deref(),
        Some("/customer-cats?x=1&page=2&page_size=2")
    );
    assert_eq!(
        link("first").as_deref(),
        Some("/customer-cats?x=1&page=1&page_size=2")
    );
    assert_eq!(
        link("last").as_deref(),
        Some("/customer-cats?x=1&page=3&page_size=2")
    );
    assert_eq!(
        link("next").as_deref(),
        Some("/customer-cats?x=1&page=3&page_size=2")
    );
    assert_eq!(
        link("prev").as_deref(),
        Some("/customer-cats?x=1&page=1&page_size=2")
    );

    let first = get(&app, "/customer-cats", &token).await.json();
    assert_eq!(
        (first["page"].as_i64(), first["page_size"].as_i64()),
        (Some(1), Some(25))
    );
    assert!(first["_links"].get("prev").is_none() && first["_links"].get("next").is_none());

    for query in ["page_size=201", "page_size=0", "page=0"] {
        let res = get(&app, &format!("/customer-cats?{query}"), &token).await;
        assert_eq!(res.status, 400, "{query}: {}", res.text);
        assert_eq!(res.json()["result"], "INVALID_QUERY");
    }
    let res = get(&app, "/customer-cats?page_size=200", &token).await;
    assert_eq!(res.status, 200);
}
