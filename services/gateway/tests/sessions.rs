//! The CRM pages' login at the gateway: an API client's id and secret set the session cookie
//! (a gateway token), which then stands in for a bearer token on every forwarded call; the
//! login page itself is forwarded without credentials; CSRF, refusals and lockout.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create, forwarded_token, spawn_gateway};
use testkit::{TestApp, TestResponse};

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client-credentials client's id and secret.
fn client(app: &TestApp) -> (String, String) {
    let created = create(app, "client-credentials", &["--scopes", "crm"]);
    let credentials = &created["credentials"];
    (
        credentials["client_id"].as_str().unwrap().to_string(),
        credentials["client_secret"].as_str().unwrap().to_string(),
    )
}

async fn login(app: &TestApp, cookie_csrf: &str, form: &[(&str, &str)]) -> TestResponse {
    app.send(
        browser()
            .post(app.url("/crm/login"))
            .header("cookie", format!("login_csrf={cookie_csrf}"))
            .form(form),
    )
    .await
}

fn session_of(res: &TestResponse) -> String {
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session="))
        .unwrap_or_else(|| panic!("no session cookie: {:?}", res.headers))
        .to_string();
    for flag in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=3600",
    ] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    cookie["session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_login_sets_the_session_cookie_which_then_stands_for_a_bearer_token() {
    let app = spawn_gateway(|_| {}).await;
    let (id, secret) = client(&app);
    let res = login(
        &app,
        "c5rf",
        &[
            ("client_id", id.as_str()),
            ("client_secret", secret.as_str()),
            ("csrf", "c5rf"),
            ("next", "/crm/import"),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    assert_eq!(res.header("location"), Some("/crm/import"));
    let session = session_of(&res);
    assert_eq!(common::claims_of(&session)["sub"], id.as_str());

    let page = app
        .send(
            browser()
                .get(app.url("/crm/"))
                .header("cookie", format!("other=1; session={session}")),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let echo = page.json();
    assert_eq!(echo["service"], "crm");
    assert_eq!(forwarded_token(&echo), session);
    // The JSON API too, from the same browser.
    let api = app
        .send(
            browser()
                .get(app.url("/api/data"))
                .header("cookie", format!("session={session}")),
        )
        .await;
    assert_eq!(api.json()["service"], "crm");
    // A browser without a session is sent to the login page, the way back kept.
    let browsing = app
        .send(
            browser()
                .get(app.url("/crm/import?page=2"))
                .header("accept", "text/html"),
        )
        .await;
    assert_eq!(browsing.status, 303);
    assert_eq!(
        browsing.header("location"),
        Some("/crm/login?next=%2Fcrm%2Fimport%3Fpage%3D2")
    );
    // Any other client, without a session or credentials, gets a 401 as before.
    let none = app.send(browser().get(app.url("/crm/"))).await;
    assert_eq!(none.status, 401);
    let forged = app
        .send(
            browser()
                .get(app.url("/crm/"))
                .header("cookie", "session=a.b.c"),
        )
        .await;
    assert_eq!(forged.status, 401);
}

#[tokio::test]
async fn the_login_page_is_forwarded_without_credentials() {
    let app = spawn_gateway(|_| {}).await;
    let res = app
        .send(browser().get(app.url("/crm/login?next=/crm/")))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let echo = res.json();
    assert_eq!(echo["service"], "crm");
    assert_eq!(echo["path"], "/crm/login");
    assert!(echo["headers"].get("authorization").is_none(), "{echo}");
}

#[tokio::test]
async fn refused_credentials_a_wrong_csrf_token_and_a_foreign_next_go_back_to_login() {
    let app = spawn_gateway(|_| {}).await;
    let (id, secret) = client(&app);
    for (cookie, form_csrf, secret) in [
        ("c5rf", "c5rf", "wrong"),
        ("c5rf", "other", secret.as_str()),
        ("", "", secret.as_str()),
    ] {
        let res = login(
            &app,
            cookie,
            &[
                ("client_id", id.as_str()),
                ("client_secret", secret),
                ("csrf", form_csrf),
            ],
        )
        .await;
        assert_eq!(res.status, 303);
        assert_eq!(
            res.header("location"),
            Some("/crm/login?failed=1&next=%2Fcrm%2F")
        );
        assert!(res.header("set-cookie").is_none());
    }
    let away = login(
        &app,
        "t",
        &[
            ("client_id", id.as_str()),
            ("client_secret", secret.as_str()),
            ("csrf", "t"),
            ("next", "//evil.example/"),
        ],
    )
    .await;
    assert_eq!(away.header("location"), Some("/crm/"));
}

#[tokio::test]
async fn repeated_refusals_lock_the_login_out() {
    let app = spawn_gateway(|settings| settings.lockout.max_failures = 2).await;
    let (id, secret) = client(&app);
    for _ in 0..2 {
        login(
            &app,
            "t",
            &[
                ("client_id", id.as_str()),
                ("client_secret", "no"),
                ("csrf", "t"),
            ],
        )
        .await;
    }
    let locked = login(
        &app,
        "t",
        &[
            ("client_id", id.as_str()),
            ("client_secret", secret.as_str()),
            ("csrf", "t"),
        ],
    )
    .await;
    assert_eq!(
        locked.header("location"),
        Some("/crm/login?failed=locked&next=%2Fcrm%2F")
    );
}
