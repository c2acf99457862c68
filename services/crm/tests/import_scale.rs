//! The import by chunks: several chunks of rows, keyed by Compte and by email, created, then
//! unchanged, then partly updated, and a bad row in the last chunk stopping it all.

#![allow(clippy::unwrap_used)]

mod common;

use common::{get, post};
use serde_json::{Value, json};

fn rows(count: usize, credit: impl Fn(usize) -> i64) -> Value {
    let rows: Vec<Value> = (0..count)
        .map(|i| {
            if i % 2 == 0 {
                json!({"Nom": format!("N{i}"), "Prenom": "P", "Compte": format!("C{i}"), "Credit": credit(i)})
            } else {
                json!({"Nom": format!("N{i}"), "Prenom": "P", "Email": format!("m{i}@x.fr"), "Credit": credit(i)})
            }
        })
        .collect();
    json!({"clients": rows})
}

#[tokio::test]
async fn thousands_of_rows_go_in_chunks_and_again_change_nothing() {
    let app = common::spawn().await;
    let count = 1_300;
    let first = post(&app, "/api/update_db", rows(count, |_| 1)).await;
    assert_eq!(
        first.json(),
        json!({"created": count, "updated": 0, "unchanged": 0})
    );
    let again = post(&app, "/api/update_db", rows(count, |_| 1)).await;
    assert_eq!(
        again.json(),
        json!({"created": 0, "updated": 0, "unchanged": count})
    );
    let some = post(
        &app,
        "/api/update_db",
        rows(count, |i| if i % 100 == 7 { 2 } else { 1 }),
    )
    .await;
    assert_eq!(
        some.json(),
        json!({"created": 0, "updated": 13, "unchanged": 1287})
    );
    let page = get(&app, "/api/data?page=1&per_page=10").await;
    assert_eq!(page.header("x-total-count"), Some("1300"));
    assert_eq!(page.json()[7]["Credit"], "2");

    let mut bad = rows(count + 1, |_| 1);
    bad["clients"][count] = json!({"Nom": "Late", "Prenom": "Bad", "Email": "m1@x.fr"});
    let res = post(&app, "/api/update_db", bad).await;
    assert_eq!(common::errors(&res), [format!("clients[{count}].Email")]);
    assert_eq!(
        get(&app, "/api/data?page=1&per_page=1")
            .await
            .header("x-total-count"),
        Some("1300")
    );
}

#[tokio::test]
async fn an_import_over_its_body_limit_is_a_413_naming_the_limit() {
    let app = common::spawn_configured(|rules| rules.import_body_limit_bytes = 200).await;
    let res = post(&app, "/api/update_db", rows(10, |_| 1)).await;
    assert_eq!(res.status, 413, "{}", res.text);
    assert_eq!(res.json()["code"], "PAYLOAD_TOO_LARGE");
    assert!(res.json()["error"].as_str().unwrap().contains("200 bytes"));
    let small = post(&app, "/api/update_db", rows(1, |_| 1)).await;
    assert_eq!(small.status, 200, "{}", small.text);
}
