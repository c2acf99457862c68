//! The gateway as the services' token issuer, for tests of calls between services.

use reqwest::Method;
use testkit::TestApp;

/// A client-credentials client of the gateway with `scopes` and `permissions`: its id and
/// secret. `partner` binds its tokens to a repair center.
pub fn client(
    gateway: &TestApp,
    name: &str,
    scopes: &str,
    permissions: &str,
    partner: Option<&str>,
) -> (String, String) {
    let mut settings = gateway::config::Settings::defaults("gateway", 0);
    settings.database.url = gateway.db.url.clone();
    let mut args: Vec<String> = [
        "clients",
        "create",
        "--name",
        name,
        "--kind",
        "client-credentials",
        "--scopes",
        scopes,
        "--permissions",
        permissions,
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    if let Some(partner) = partner {
        args.extend(["--partner".to_string(), partner.to_string()]);
    }
    let created = serde_json::to_value(gateway::admin::run(&args, &settings).unwrap()).unwrap();
    let credentials = &created["credentials"];
    (
        credentials["client_id"].as_str().unwrap().to_string(),
        credentials["client_secret"].as_str().unwrap().to_string(),
    )
}

/// A token of `client`, from the gateway.
pub async fn token(gateway: &TestApp, (id, secret): &(String, String)) -> String {
    let res = gateway
        .send(
            gateway
                .request(Method::POST, "/oauth/token")
                .basic_auth(id, Some(secret))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json()["access_token"].as_str().unwrap().to_string()
}
