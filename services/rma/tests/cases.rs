//! The four cases of section 4 of seed 001, end to end over HTTP: the retailer creates the
//! demand, the repair center pulls it with `retrieverequests` and moves it along, and between
//! steps `retrieverequests` shows what the center would read.

mod common;

use common::*;
use serde_json::json;

/// PAD/PMS, commercial solution: the brand's agreement comes with the demand, so the center
/// updates it without accepting it first (section 3.5).
#[tokio::test]
async fn pad_commercial_solution() {
    let app = spawn().await;
    let center = center("center-1");
    let mut pad = demand("PAD", "center-1");
    pad["agreement_number"] = json!("9999999915");
    let number = create(&app, pad).await;

    let new = retrieve(&app, &center, "?status=RMAD").await;
    assert_eq!(numbers(&new), [number.as_str()]);
    assert_eq!(new[0]["type"], "PAD");
    assert_eq!(new[0]["agreement_number"], "9999999915");
    assert_eq!(
        new[0]["current_status_label"],
        "En attente retour partenaire"
    );

    status_ok(&app, &center, &number, "D").await;
    assert!(retrieve(&app, &center, "?status=RMAD").await.is_empty());
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=D").await),
        [number.as_str()]
    );
    status_ok(&app, &center, &number, "IEXP").await;
    let done = status_ok(&app, &center, &number, "AVRC").await;
    assert_eq!(done["current_status_label"], "Solution commercial acceptée");

    let closed = close(&app, &number).await;
    assert_eq!(closed["data"]["closed"], true);
    assert_ko(
        &status(&app, &center, &number, "PRRE").await,
        409,
        "DEMAND_CLOSED",
    );
    let listed = retrieve(&app, &center, "?status=AVRC").await;
    assert_eq!(listed[0]["closed"], true);
}

/// PAD, new-for-old exchange: D, IEXP, RPLPR, then RPR with the tracking number in comment.
#[tokio::test]
async fn pad_exchange_for_new() {
    let app = spawn().await;
    let center = center("center-1");
    let mut pad = demand("PAD", "center-1");
    pad["agreement_number"] = json!("AGR-77");
    let number = create(&app, pad).await;
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=RMAD").await),
        [number.as_str()]
    );
    for code in ["D", "IEXP", "RPLPR"] {
        status_ok(&app, &center, &number, code).await;
    }
    let returned = post(
        &app,
        "/api/demands/status",
        &center,
        json!({"demand_number": number, "status_code": "RPR", "status_comment": "XFR14512345"}),
        200,
    )
    .await;
    assert_eq!(returned["data"]["current_status_code"], "RPR");
    assert_eq!(returned["data"]["current_status_comment"], "XFR14512345");
    let listed = retrieve(&app, &center, "?status=RPR").await;
    assert_eq!(listed[0]["current_status_comment"], "XFR14512345");
    close(&app, &number).await;

    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await;
    let codes: Vec<_> = whole.json()["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status_code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["RMAD", "D", "IEXP", "RPLPR", "RPR"]);
}

/// Repair under warranty: the center accepts with the document's own payload (`demand_numero`,
/// `agreement_numero`, the next status at once), then reports progress and the return.
#[tokio::test]
async fn repair_under_warranty() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=RMAD").await),
        [number.as_str()]
    );

    // Section 3.2, as written (an empty agreement_content means no document).
    let accepted = post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_numero": number, "agreement_numero": "9999999915",
               "agreement_content": "", "status_code": "ATTEXP", "status_comment": ""}),
        200,
    )
    .await;
    assert_eq!(accepted["status"], "OK");
    assert_eq!(accepted["message"], "Success");
    assert_eq!(accepted["data"]["current_status_code"], "ATTEXP");
    assert_eq!(accepted["data"]["agreement_number"], "9999999915");
    assert!(retrieve(&app, &center, "?status=RMAD").await.is_empty());

    for code in ["EXPOK", "D", "REPPROG", "CMDPART", "PRRE", "RPR"] {
        status_ok(&app, &center, &number, code).await;
    }
    let listed = retrieve(&app, &center, "?status=RPR").await;
    assert_eq!(numbers(&listed), [number.as_str()]);
    close(&app, &number).await;

    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await
        .json();
    let codes: Vec<_> = whole["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status_code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "RMAD", "RMAOK", "ATTEXP", "EXPOK", "D", "REPPROG", "CMDPART", "PRRE", "RPR"
        ]
    );
    assert_eq!(whole["data"]["history"][1]["side"], "partner");
    assert_eq!(whole["data"]["history"][1]["actor"], "center-1-client");
}

/// The center's quote as section 3.8 shows it: two lines at "158,45".
fn quote(number: &str, quote_number: &str) -> serde_json::Value {
    json!({
        "demand_number": number,
        "quote_number": quote_number,
        "quote_file": "JVBERi0xLjQK",
        "prestation": [
            {"label_prestation": "Prestation 1", "quantity": "1", "price": "158,45"},
            {"label_prestation": "Prestation 2", "quantity": "1", "price": "158,45"}
        ]
    })
}

/// Accepted, received and under inspection: where both out-of-warranty cases start.
async fn out_of_warranty(app: &testkit::TestApp, center: &str) -> String {
    let number = create(app, demand("REP", "center-1")).await;
    assert_eq!(
        numbers(&retrieve(app, center, "?status=RMAD").await),
        [number.as_str()]
    );
    post(
        app,
        "/api/demands/accept",
        center,
        json!({"demand_number": number, "agreement_number": "A-1"}),
        200,
    )
    .await;
    status_ok(app, center, &number, "D").await;
    status_ok(app, center, &number, "IEXP").await;
    let quoted = post(
        app,
        "/api/demands/quotation",
        center,
        quote(&number, "DEV-1"),
        200,
    )
    .await;
    assert_eq!(quoted["data"]["total"], "316.90");
    assert_eq!(quoted["data"]["total_cents"], 31690);
    assert_eq!(quoted["data"]["state"], "PENDING");
    assert_eq!(
        numbers(&retrieve(app, center, "?status=EDE").await),
        [number.as_str()]
    );
    number
}

/// Out of warranty, quote accepted: VDE is what the center polls for, then the repair.
#[tokio::test]
async fn repair_out_of_warranty_quote_accepted() {
    let app = spawn().await;
    let center = center("center-1");
    let number = out_of_warranty(&app, &center).await;

    assert!(retrieve(&app, &center, "?status=VDE").await.is_empty());
    let answered = post(
        &app,
        "/api/demands/responsequote",
        &retailer(),
        json!({"demand_number": number, "response": "VDE"}),
        200,
    )
    .await;
    assert_eq!(answered["data"]["quote"]["state"], "VDE");
    let validated = retrieve(&app, &center, "?status=VDE").await;
    assert_eq!(numbers(&validated), [number.as_str()]);
    assert_eq!(validated[0]["current_status_label"], "Devis validé");

    for code in ["REPPROG", "PRRE", "RPR"] {
        status_ok(&app, &center, &number, code).await;
    }
    close(&app, &number).await;
    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await
        .json();
    assert_eq!(whole["data"]["quotes"][0]["state"], "VDE");
    assert_eq!(
        whole["data"]["quotes"][0]["prestation"][1]["price"],
        "158.45"
    );
    assert_eq!(whole["data"]["documents"][0]["type"], "QUOTE");
}

/// Out of warranty, quote refused with destruction: RDE, and the status comment says DESTRUCT
/// (section 4, step 9).
#[tokio::test]
async fn repair_out_of_warranty_quote_refused_destroyed() {
    let app = spawn().await;
    let center = center("center-1");
    let number = out_of_warranty(&app, &center).await;

    post(
        &app,
        "/api/demands/responsequote",
        &retailer(),
        json!({"demand_number": number, "response": "RDE", "quote_treatment": "DESTRUCT"}),
        200,
    )
    .await;
    let refused = retrieve(&app, &center, "?status=RDE").await;
    assert_eq!(numbers(&refused), [number.as_str()]);
    assert_eq!(refused[0]["current_status_comment"], "DESTRUCT");
    assert_eq!(refused[0]["quote_treatment"], "DESTRUCT");

    post(
        &app,
        "/api/demands/adddocument",
        &center,
        json!({"demand_number": number, "file_name": "bon.pdf", "file_content": "JVBERi0xLjQK",
               "type": "DESTRUCTION_VOUCHER"}),
        200,
    )
    .await;
    status_ok(&app, &center, &number, "PRIR").await;
    close(&app, &number).await;
    assert_ko(
        &status(&app, &center, &number, "RPR").await,
        409,
        "DEMAND_CLOSED",
    );
}
