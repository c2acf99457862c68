//! The gateway service starts over a fresh database and serves the operational endpoints.

use serde_json::json;

#[tokio::test]
async fn starts_migrated_and_answers_unknown_routes_in_its_dialect() {
    let app = testkit::spawn(&gateway::SPEC, gateway::start).await;
    testkit::assert_serves_operations(&app).await;

    let res = app.get("/no/such/route", None).await;
    assert_eq!(res.status, 404);
    assert_eq!(
        res.json(),
        json!({"error": "route_not_found", "error_description": "No route for GET /no/such/route"})
    );
}

#[tokio::test]
async fn its_own_paths_asked_with_a_method_they_lack_answer_405_with_allow() {
    let app = testkit::spawn(&gateway::SPEC, gateway::start).await;
    let res = app
        .send(app.request(reqwest::Method::TRACE, "/healthz"))
        .await;
    assert_eq!(res.status, 405, "{}", res.text);
    assert_eq!(res.header("allow"), Some("GET"));
    assert_eq!(res.json()["error"], "method_not_allowed");

    let res = app
        .send(app.request(reqwest::Method::DELETE, "/oauth/token"))
        .await;
    assert_eq!(res.status, 405, "{}", res.text);
    assert_eq!(res.header("allow"), Some("POST"));
}
