//! A documented path asked with a method it lacks answers 405 with `Allow`, in the dialect.

#![allow(clippy::unwrap_used)]

mod common;

use reqwest::Method;

#[tokio::test]
async fn a_method_a_documented_path_lacks_is_405_with_allow() {
    let app = common::spawn().await;
    let token = common::token();
    let res = app
        .send(app.request(Method::DELETE, "/api/sav").bearer_auth(&token))
        .await;
    assert_eq!(res.status, 405, "{}", res.text);
    assert_eq!(res.header("allow"), Some("GET, POST"));
    assert_eq!(res.json()["error_code"], "METHOD_NOT_ALLOWED");
    assert_eq!(res.json()["success"], false);

    let res = app.send(app.request(Method::TRACE, "/api/sav/12")).await;
    assert_eq!(res.status, 405, "{}", res.text);
    assert_eq!(res.header("allow"), Some("GET"));

    let res = app.send(app.request(Method::GET, "/api/nothing")).await;
    assert_eq!(res.status, 404, "{}", res.text);
    assert_eq!(res.json()["error_code"], "ROUTE_NOT_FOUND");
}
