//! `crm seed` at a small size, then what `scripts/bench crm` relies on, seen through the HTTP
//! app: the customer it reads by `IdClient`, the credit it gives on a card with a fresh ticket
//! id, and an import of rows of its own beside the seeded customers.

#![allow(clippy::unwrap_used)]

mod common;

use common::{get, post};
use crm::seed::{Plan, id_client};
use serde_json::json;

#[tokio::test]
async fn the_seed_writes_what_the_bench_reads_and_writes() {
    let app = common::spawn().await;
    let mut database = crm::config::Settings::defaults("crm", 0).database;
    database.url = app.db.url.clone();
    let plan = Plan { clients: 40 };
    let summary = tokio::task::spawn_blocking(move || crm::seed::run(&database, &plan))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((summary.clients, summary.cards), (40, 40), "{summary:?}");

    let res = get(&app, &format!("/api/data/{}", id_client(7))).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let seven = &res.json()[0];
    assert_eq!(seven["Nom"], "Nom7", "{seven}");
    assert_eq!(seven["Compte"], "C00000007", "{seven}");
    assert_eq!(seven["Email"], "client7@bench.test", "{seven}");
    assert_eq!(seven["carteFid"], json!([7]), "{seven}");

    // The bench's credit: card n, a fresh ticket id each time; the document's 26 gives 13.
    let body = json!({"Tickets": [{"carteFid": 7, "Montant": 26, "id": "S0000001"}]});
    let credited = post(&app, "/api/credit", body.clone()).await;
    assert_eq!(credited.status, 200, "{}", credited.text);
    assert_eq!(credited.json()["Tickets"][0]["status"], "CREDITED");
    let again = post(&app, "/api/credit", body).await;
    assert_eq!(again.json()["Tickets"][0]["status"], "ALREADY_CREDITED");
    assert_eq!(get(&app, "/api/credit/7").await.json()["Credit"], 13);

    // The bench's import: rows of its own, each created beside the seeded customers.
    let rows: Vec<_> = (1..=3)
        .map(|n| {
            json!({"Nom": format!("Import{n}"), "Prenom": "Bench", "Credit": 12.5,
                   "Date_paiement": "2025-03-01", "Montant": 100, "NbRefus": 0,
                   "Compte": format!("I{n:08}"), "Age": 30, "Sexe": "f",
                   "Email": format!("import{n}@bench.test"), "Phone": "0102030405",
                   "PanierMoyen": 25})
        })
        .collect();
    let imported = post(&app, "/api/update_db", json!({ "clients": rows })).await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    assert_eq!(imported.json()["created"], 3, "{}", imported.text);
}

#[test]
fn the_plan_reads_its_flags() {
    let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
    assert_eq!(Plan::parse(&args("--clients 10")), Ok(Plan { clients: 10 }));
    assert!(Plan::parse(&args("--clients")).is_err());
    assert!(Plan::parse(&args("--clients 100000000")).is_err());
    assert!(Plan::parse(&args("--cards 3")).is_err());
}
