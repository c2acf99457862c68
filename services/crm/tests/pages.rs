//! The HTML pages: the home page's table (paged, searched, sorted, escaped), the session
//! cookie standing in for a token, the login page and logout with their CSRF tokens.

#![allow(clippy::unwrap_used)]

mod common;

use common::{browser, csrf_of, page, post};
use serde_json::json;

#[tokio::test]
async fn without_a_session_a_browser_goes_to_login_and_an_api_client_gets_401() {
    let app = common::spawn().await;
    let client = browser();
    for path in ["/api", "/crm/", "/crm", "/crm/import"] {
        let res = app
            .send(
                client
                    .get(app.url(path))
                    .header("accept", "text/html,application/xhtml+xml"),
            )
            .await;
        assert_eq!(res.status, 303, "{path}");
        let location = res.header("location").unwrap();
        assert!(location.starts_with("/crm/login?next=%2F"), "{location}");
    }
    let res = app.send(client.get(app.url("/api"))).await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["code"], "UNAUTHORIZED");
    let forged = app
        .send(
            client
                .get(app.url("/api"))
                .header("accept", "text/html")
                .header("cookie", "session=not.a.token"),
        )
        .await;
    assert_eq!(forged.status, 303);
}

#[tokio::test]
async fn the_home_page_lists_searches_sorts_and_escapes_the_customers() {
    let app = common::spawn().await;
    common::the_two_customers(&app).await;
    let body = json!({"clients": [
        {"Nom": "<b>Bold</b>", "Prenom": "O'Neil & co", "Credit": "1", "Compte": "X<1>"}
    ]});
    assert_eq!(post(&app, "/api/update_db", body).await.status, 200);
    let home = page(&app, "/api", Some(&common::token())).await;
    assert_eq!(home.status, 200, "{}", home.text);
    assert!(
        home.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        home.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    let html = &home.text;
    assert!(html.contains(r#"<a href="/crm/import">Importer clients</a>"#));
    assert!(html.contains("Jacquie") && html.contains("Michelle@mimi.com"));
    assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt;") && !html.contains("<b>Bold</b>"));
    assert!(html.contains("O&#39;Neil &amp; co") && html.contains("X&lt;1&gt;"));
    assert!(html.contains(r#"<label for="q">"#) && html.contains(r#"<th scope="col""#));
    assert!(html.contains("3 clients"));

    let found = page(&app, "/crm/?q=MICHELLE", Some(&common::token())).await;
    assert!(found.text.contains("Michelle") && !found.text.contains("Jacquie"));
    assert!(found.text.contains("1 clients"));

    let by_credit = page(&app, "/crm/?sort=credit&dir=desc", Some(&common::token())).await;
    let (michelle, jacquie) = (
        by_credit.text.find("Michelle").unwrap(),
        by_credit.text.find("Jacquie").unwrap(),
    );
    assert!(michelle < jacquie, "780 before 420");
    assert!(by_credit.text.contains(r#"aria-sort="descending""#));
    let by_name = page(&app, "/crm/?sort=name", Some(&common::token())).await;
    let bold = by_name.text.find("&lt;b&gt;Bold").unwrap();
    assert!(
        bold < by_name.text.find("Jacquie").unwrap(),
        "< sorts before letters"
    );
}

#[tokio::test]
async fn the_home_page_is_paged_by_fifty() {
    let app = common::spawn().await;
    let rows: Vec<_> = (0..120)
        .map(|i| json!({"Nom": format!("Nom{i:03}"), "Prenom": "P", "Compte": format!("C{i}")}))
        .collect();
    assert_eq!(
        post(&app, "/api/update_db", json!({"clients": rows}))
            .await
            .status,
        200
    );
    let first = page(&app, "/crm/?sort=name", Some(&common::token())).await;
    assert!(first.text.contains("Page 1 sur 3 · 120 clients"));
    assert!(first.text.contains("Nom049") && !first.text.contains("Nom050"));
    assert!(
        first
            .text
            .contains(r#"href="/crm/?sort=name&amp;page=2" rel="next""#)
    );
    let last = page(&app, "/crm/?sort=name&page=3", Some(&common::token())).await;
    assert!(last.text.contains("Nom119") && !last.text.contains("Nom099"));
    assert!(!last.text.contains(r#"rel="next""#));
}

#[tokio::test]
async fn the_login_page_sets_its_csrf_cookie_and_posts_to_the_gateway() {
    let app = common::spawn().await;
    let res = app
        .send(browser().get(app.url("/crm/login?next=/crm/import&failed=1")))
        .await;
    assert_eq!(res.status, 200);
    let cookie = res.header("set-cookie").unwrap();
    assert!(cookie.starts_with("login_csrf="), "{cookie}");
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/crm/login"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let value = cookie["login_csrf=".len()..].split(';').next().unwrap();
    assert_eq!(csrf_of(&res.text), value);
    assert!(
        res.text
            .contains(r#"<form method="post" action="/crm/login">"#)
    );
    assert!(res.text.contains(r#"<label for="client_id">"#));
    assert!(res.text.contains(r#"name="next" value="/crm/import""#));
    assert!(res.text.contains(r#"role="alert""#));
    let away = app
        .send(browser().get(app.url("/crm/login?next=//evil.example/")))
        .await;
    assert!(away.text.contains(r#"name="next" value="/crm/""#));
}

#[tokio::test]
async fn logout_removes_the_session_cookie_when_its_csrf_token_is_the_sessions() {
    let app = common::spawn().await;
    let token = common::token();
    let home = page(&app, "/crm/", Some(&token)).await;
    let csrf = csrf_of(&home.text);
    let forged = app
        .send(
            browser()
                .post(app.url("/crm/logout"))
                .header("cookie", format!("session={token}"))
                .form(&[("csrf", "forged")]),
        )
        .await;
    assert_eq!(forged.status, 303);
    assert_eq!(forged.header("location"), Some("/crm/"));
    assert!(forged.header("set-cookie").is_none());
    let out = app
        .send(
            browser()
                .post(app.url("/crm/logout"))
                .header("cookie", format!("session={token}"))
                .form(&[("csrf", csrf.as_str())]),
        )
        .await;
    assert_eq!(out.status, 303);
    assert_eq!(out.header("location"), Some("/crm/login"));
    let cleared = out.header("set-cookie").unwrap();
    assert!(
        cleared.starts_with("session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    // Another session's token does not pass.
    let other = common::token_for("someone-else");
    let other_home = page(&app, "/crm/", Some(&other)).await;
    assert_ne!(csrf_of(&other_home.text), csrf);
}
