//! Every rejection of the workflow, in the document's dialect: the state rules, the side and
//! scope rules, the isolation between repair centers, and bad input naming its field.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn no_token_or_a_missing_scope() {
    let app = spawn().await;
    let res = app.post_json("/api/demands/status", &json!({}), None).await;
    assert_ko(&res, 401, "UNAUTHORIZED");
    let res = app
        .post_json(
            "/api/demands/retrieverequests",
            &json!({}),
            Some("not-a-token"),
        )
        .await;
    assert_ko(&res, 401, "UNAUTHORIZED");

    let number = create(&app, demand("REP", "center-1")).await;
    let accept_only = testkit::TokenBuilder::new()
        .partner("center-1")
        .scopes(&["demands_accept"])
        .sign();
    assert_ko(
        &status(&app, &accept_only, &number, "D").await,
        403,
        "FORBIDDEN",
    );
    let nothing = testkit::TokenBuilder::new().partner("center-1").sign();
    let res = app
        .get("/api/demands/retrieverequests", Some(&nothing))
        .await;
    assert_ko(&res, 403, "FORBIDDEN");
}

#[tokio::test]
async fn each_side_keeps_to_its_routes() {
    let app = spawn().await;
    let number = create(&app, demand("REP", "center-1")).await;
    let center = center("center-1");
    // A center's token carries demands_create in the document's example; it still cannot act
    // as the retailer.
    let res = app
        .post_json("/api/demands", &demand("REP", "center-1"), Some(&center))
        .await;
    assert_ko(&res, 403, "RETAILER_ONLY");
    let res = app
        .post_json(
            "/api/demands/responsequote",
            &json!({"demand_number": number, "response": "VDE"}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 403, "RETAILER_ONLY");
    let res = app
        .post_json(
            "/api/demands/accept",
            &json!({"demand_number": number, "agreement_number": "A"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 403, "PARTNER_ONLY");
    let res = app
        .get("/api/demands/retrieverequests", Some(&retailer()))
        .await;
    assert_ko(&res, 403, "PARTNER_ONLY");
}

#[tokio::test]
async fn a_center_never_sees_another_centers_demands() {
    let app = spawn().await;
    let mine = create(&app, demand("REP", "center-1")).await;
    let theirs = create(&app, demand("REP", "center-2")).await;
    let (one, two) = (center("center-1"), center("center-2"));

    assert_eq!(numbers(&retrieve(&app, &one, "").await), [mine.as_str()]);
    assert_eq!(numbers(&retrieve(&app, &two, "").await), [theirs.as_str()]);

    let accept = json!({"demand_number": mine, "agreement_number": "A"});
    let res = app
        .post_json("/api/demands/accept", &accept, Some(&two))
        .await;
    assert_ko(&res, 404, "DEMAND_NOT_FOUND");
    assert_ko(
        &status(&app, &two, &mine, "D").await,
        404,
        "DEMAND_NOT_FOUND",
    );
    let res = app
        .post_json(
            "/api/demands/message",
            &json!({"demand_number": mine, "message": "?"}),
            Some(&two),
        )
        .await;
    assert_ko(&res, 404, "DEMAND_NOT_FOUND");
    let res = app
        .get(
            &format!("/api/demands/documents?demand_number={mine}"),
            Some(&two),
        )
        .await;
    assert_ko(&res, 404, "DEMAND_NOT_FOUND");
    let res = app.get(&format!("/api/demands/{mine}"), Some(&two)).await;
    assert_ko(&res, 404, "DEMAND_NOT_FOUND");
    // As unknown as a number that does not exist at all.
    assert_ko(
        &status(&app, &two, "NOPE-1", "D").await,
        404,
        "DEMAND_NOT_FOUND",
    );

    // The retailer sees both.
    let res = app
        .get(&format!("/api/demands/{theirs}"), Some(&retailer()))
        .await;
    assert_eq!(res.status, 200);
}

/// Section 3.5: "the product already has the brand's agreement (PAD in general)". Any demand
/// that reaches the center with the supplier's agreement number takes status updates without
/// `accept`, whatever its type; one without still needs `accept`.
#[tokio::test]
async fn an_agreement_number_spares_the_accept_whatever_the_type() {
    let app = spawn().await;
    let center = center("center-1");
    for kind in ["REP", "PAD"] {
        let mut agreed = demand(kind, "center-1");
        agreed["agreement_number"] = json!("9999999915");
        let agreed = create(&app, agreed).await;
        let moved = status_ok(&app, &center, &agreed, "D").await;
        assert_eq!(moved["agreement_number"], "9999999915");

        let without = create(&app, demand(kind, "center-1")).await;
        assert_ko(
            &status(&app, &center, &without, "D").await,
            409,
            "DEMAND_NOT_ACCEPTED",
        );
    }
}

#[tokio::test]
async fn status_rules_of_section_3_5() {
    let app = spawn().await;
    let center = center("center-1");
    let rep = create(&app, demand("REP", "center-1")).await;
    let pad_without_agreement = create(&app, demand("PAD", "center-1")).await;

    assert_ko(
        &status(&app, &center, &rep, "D").await,
        409,
        "DEMAND_NOT_ACCEPTED",
    );
    assert_ko(
        &status(&app, &center, &pad_without_agreement, "D").await,
        409,
        "DEMAND_NOT_ACCEPTED",
    );
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": rep, "agreement_number": "A-1"}),
        200,
    )
    .await;
    for code in ["VDE", "RDE", "RMAD", "INFREV"] {
        assert_ko(
            &status(&app, &center, &rep, code).await,
            403,
            "STATUS_RESERVED_TO_RETAILER",
        );
    }
    for code in ["EDE", "RMAOK", "RMANOK"] {
        assert_ko(
            &status(&app, &center, &rep, code).await,
            422,
            "STATUS_HAS_ITS_OWN_ROUTE",
        );
    }
    assert_ko(
        &status(&app, &center, &rep, "XYZ").await,
        422,
        "UNKNOWN_STATUS_CODE",
    );
    // Codes are matched case-insensitively, and answered as the annex writes them.
    let received = status(&app, &center, &rep, "d").await;
    assert_eq!(received.status, 200, "{}", received.text);
    assert_eq!(received.json()["data"]["current_status_code"], "D");
    let res = app
        .post_json(
            "/api/demands/status",
            &json!({"demand_number": rep}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert_eq!(res.json()["errors"]["status_code"], "is required");

    // The retailer answers a question with INFREV, which the center then reads.
    let res = status(&app, &retailer(), &rep, "INFREV").await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=INFREV").await),
        [rep.as_str()]
    );
}

#[tokio::test]
async fn accept_refuse_and_resubmit() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;

    let res = app
        .post_json(
            "/api/demands/accept",
            &json!({"demand_number": number}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert_eq!(res.json()["errors"]["agreement_number"], "is required");
    let res = app
        .post_json(
            "/api/demands/refuse",
            &json!({"demand_numero": number, "reason": "  "}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert_eq!(res.json()["errors"]["reason"], "is required");

    let refused = post(
        &app,
        "/api/demands/refuse",
        &center,
        json!({"demand_numero": number, "reason": "Hors périmètre"}),
        200,
    )
    .await;
    assert_eq!(refused["data"]["current_status_code"], "RMANOK");
    assert_eq!(refused["data"]["current_status_comment"], "Hors périmètre");

    // Closed to the partner.
    let accept = json!({"demand_number": number, "agreement_number": "A-1"});
    let res = app
        .post_json("/api/demands/accept", &accept, Some(&center))
        .await;
    assert_ko(&res, 409, "DEMAND_REFUSED");
    assert_ko(
        &status(&app, &center, &number, "D").await,
        409,
        "DEMAND_REFUSED",
    );
    let res = app
        .post_json(
            "/api/demands/message",
            &json!({"demand_number": number, "message": "?"}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_REFUSED");

    // The retailer reopens it, with a comment.
    let res = app
        .post_json(
            "/api/demands/resubmit",
            &json!({"demand_number": number}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    let reopened = post(
        &app,
        "/api/demands/resubmit",
        &retailer(),
        json!({"demand_number": number, "comment": "Numéro de série corrigé"}),
        200,
    )
    .await;
    assert_eq!(reopened["data"]["current_status_code"], "RMAD");
    assert_eq!(
        numbers(&retrieve(&app, &center, "?status=RMAD").await),
        [number.as_str()]
    );
    let res = app
        .post_json(
            "/api/demands/resubmit",
            &json!({"demand_number": number, "comment": "encore"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_NOT_REFUSED");

    // Accepting now works; the same acceptance again is a no-op, another one a conflict.
    post(&app, "/api/demands/accept", &center, accept.clone(), 200).await;
    let again = post(&app, "/api/demands/accept", &center, accept, 200).await;
    assert_eq!(again["data"]["current_status_code"], "RMAOK");
    let res = app
        .post_json(
            "/api/demands/accept",
            &json!({"demand_number": number, "agreement_number": "A-2"}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_ALREADY_ACCEPTED");
    let res = app
        .post_json(
            "/api/demands/refuse",
            &json!({"demand_number": number, "reason": "trop tard"}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_ALREADY_ACCEPTED");
    let history = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await
        .json()["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status_code"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert_eq!(history, ["RMAD", "RMANOK", "RMAD", "RMAOK"]);
}

#[tokio::test]
async fn accept_form_encoded_with_an_agreement_document() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    let res = app
        .post_form(
            "/api/demands/accept",
            &[
                ("demand_numero", number.as_str()),
                ("agreement_numero", "9999999915"),
                ("agreement_content", "VEVYVEUgVEVTVFM="),
                ("internal_reference", "CR-778"),
            ],
            Some(&center),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json()["data"]["internal_reference"], "CR-778");
    let docs = app
        .get(
            &format!("/api/demands/documents?demand_number={number}&type=AGREEMENT"),
            Some(&center),
        )
        .await;
    assert_eq!(docs.status, 200, "{}", docs.text);
    let docs = docs.json()["data"].as_array().unwrap().clone();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["file_content"], "VEVYVEUgVEVTVFM=");
    assert_eq!(docs[0]["size"], 11);
}

#[tokio::test]
async fn documents_are_checked_sized_and_named_safely() {
    let app = testkit::spawn_with(&rma::SPEC, rma::start, |s: &mut rma::config::Settings| {
        s.outbox.enabled = false;
        s.service.max_document_bytes = 1024;
    })
    .await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    let add = |name: &str, content: &str, kind: Option<&str>| {
        let mut body = json!({"demand_number": number, "file_name": name, "file_content": content});
        if let Some(kind) = kind {
            body["type"] = json!(kind);
        }
        body
    };

    let res = app
        .post_json(
            "/api/demands/adddocument",
            &add("a.txt", "not base64!", None),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "INVALID_BASE64");
    assert!(res.json()["errors"]["file_content"].is_string());

    let big = "A".repeat(2000);
    let res = app
        .post_json(
            "/api/demands/adddocument",
            &add("a.bin", &big, None),
            Some(&center),
        )
        .await;
    assert_ko(&res, 413, "DOCUMENT_TOO_LARGE");

    let res = app
        .post_json(
            "/api/demands/adddocument",
            &add("a.txt", "VEVYVEUgVEVTVFM=", Some("SELFIE")),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert!(res.json()["errors"]["type"].is_string());
    let res = app
        .post_json(
            "/api/demands/adddocument",
            &json!({"demand_number": number, "file_content": "VEVYVEUgVEVTVFM="}),
            Some(&center),
        )
        .await;
    assert_eq!(res.json()["errors"]["file_name"], "is required");

    // Section 3.7's example, then one without a type and a hostile name.
    let report = post(
        &app,
        "/api/demands/adddocument",
        &center,
        add("rapport1.txt", "VEVYVEUgVEVTVFM=", Some("REPORT")),
        200,
    )
    .await;
    assert_eq!(report["data"]["type"], "REPORT");
    let other = post(
        &app,
        "/api/demands/adddocument",
        &center,
        add("../../etc/passwd", "VEVYVEUgVEVTVFM=", None),
        200,
    )
    .await;
    assert_eq!(other["data"]["file_name"], "passwd");
    assert_eq!(other["data"]["type"], "OTHER");

    // Section 3.10, by POST with the number in the body.
    let docs = post(
        &app,
        "/api/demands/documents",
        &center,
        json!({"demand_number": number}),
        200,
    )
    .await;
    let docs = docs["data"].as_array().unwrap().clone();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["file_name"], "rapport1.txt");
    assert_eq!(docs[0]["file_content"], "VEVYVEUgVEVTVFM=");
    let res = app.get("/api/demands/documents", Some(&center)).await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
}

#[tokio::test]
async fn tracking_labels() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    let label = |kind: &str| {
        json!({"demand_number": number, "tracking_number": "XFR14512345",
               "label_content": "JVBERi0xLjQK", "carrier_name": "chronopost", "type": kind})
    };
    let res = app
        .post_json(
            "/api/demands/tracking",
            &label("CLIENT_TO_CENTER"),
            Some(&center),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_NOT_ACCEPTED");
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A", "status_code": "ATTTRA"}),
        200,
    )
    .await;
    let res = app
        .post_json("/api/demands/tracking", &label("BY_PIGEON"), Some(&center))
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert!(
        res.json()["errors"]["type"]
            .as_str()
            .unwrap()
            .contains("CLIENT_TO_CENTER")
    );

    let created = post(
        &app,
        "/api/demands/tracking",
        &center,
        label("CLIENT_TO_CENTER"),
        200,
    )
    .await;
    assert_eq!(created["data"]["type"], "CLIENT_TO_CENTER");
    let listed = retrieve(&app, &center, "?status=ATTTRA").await;
    assert_eq!(listed[0]["tracking_number"], "XFR14512345");
    assert_eq!(listed[0]["carrier_name"], "chronopost");
    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&retailer()))
        .await
        .json();
    assert_eq!(
        whole["data"]["tracking"][0]["tracking_number"],
        "XFR14512345"
    );
    assert_eq!(whole["data"]["documents"][0]["type"], "TRANSPORT");
}

#[tokio::test]
async fn quotes_with_comma_prices_and_their_answers() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A"}),
        200,
    )
    .await;
    let res = app
        .post_json(
            "/api/demands/responsequote",
            &json!({"demand_number": number, "response": "VDE"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 409, "NO_PENDING_QUOTE");

    let res = app
        .post_json(
            "/api/demands/quotation",
            &json!({"demand_number": number, "quote_number": "Q1", "prestation": [
                {"label_prestation": "Main d'oeuvre", "quantity": "1", "price": "158,45"},
                {"label_prestation": "Pièce", "quantity": "2", "price": "1,234"},
                {"label_prestation": "", "quantity": "x", "price": "3"}
            ]}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    let errors = res.json()["errors"].clone();
    assert!(errors["prestation[1].price"].is_string(), "{errors}");
    assert!(
        errors["prestation[2].label_prestation"].is_string(),
        "{errors}"
    );
    assert!(errors["prestation[2].quantity"].is_string(), "{errors}");

    let quote = json!({"demand_number": number, "quote_number": "Q1", "quote_comment": "Écran",
    "prestation": [
        {"label_prestation": "Main d'oeuvre", "quantity": "1", "price": "158,45"},
        {"label_prestation": "Pièce", "quantity": 3, "price": 10.1},
        {"label_prestation": "Port", "quantity": "1", "price": "0.05"}
    ]});
    let quoted = post(&app, "/api/demands/quotation", &center, quote.clone(), 200).await;
    assert_eq!(quoted["data"]["total"], "188.80");
    assert_eq!(quoted["data"]["total_cents"], 18880);
    assert_eq!(quoted["data"]["prestation"][1]["total"], "30.30");
    // The same quote sent again is the same quote.
    let replay = post(&app, "/api/demands/quotation", &center, quote, 200).await;
    assert_eq!(replay["data"]["total_cents"], 18880);
    assert_eq!(
        retrieve(&app, &center, "?status=EDE").await[0]["current_status_comment"],
        "Écran"
    );

    let res = app
        .post_json(
            "/api/demands/responsequote",
            &json!({"demand_number": number, "response": "RDE"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    assert!(res.json()["errors"]["quote_treatment"].is_string());
    let res = app
        .post_json(
            "/api/demands/responsequote",
            &json!({"demand_number": number, "response": "PERHAPS"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    post(
        &app,
        "/api/demands/responsequote",
        &retailer(),
        json!({"demand_number": number, "response": "RDE", "quote_treatment": "RETURN",
               "comment": "Trop cher"}),
        200,
    )
    .await;
    let refused = retrieve(&app, &center, "?status=RDE").await;
    assert_eq!(refused[0]["current_status_comment"], "RETURN - Trop cher");
    assert_eq!(refused[0]["quote_treatment"], "RETURN");
    let res = app
        .post_json(
            "/api/demands/responsequote",
            &json!({"demand_number": number, "response": "VDE"}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 409, "NO_PENDING_QUOTE");
}

#[tokio::test]
async fn creating_demands() {
    let app = spawn().await;
    let res = app
        .post_json("/api/demands", &json!({"brand": "Test"}), Some(&retailer()))
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    let errors = res.json()["errors"].clone();
    assert_eq!(errors["type"], "is required");
    assert_eq!(errors["repair_center"], "is required");

    let mut bad = demand("SWAP", "center-1");
    bad["return_to"] = json!("HOME");
    bad["site_favourite_colour"] = json!("blue");
    bad["purchase_date"] = json!("28/08/2021");
    let res = app.post_json("/api/demands", &bad, Some(&retailer())).await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    let errors = res.json()["errors"].clone();
    for field in [
        "type",
        "return_to",
        "site_favourite_colour",
        "purchase_date",
    ] {
        assert!(errors[field].is_string(), "{field}: {errors}");
    }

    let generated = create(&app, demand("REP", "center-1")).await;
    assert!(generated.starts_with("RMA-"), "{generated}");
    let mut numbered = demand("REP", "center-1");
    numbered["demand_number"] = json!("ACH-9001-0008");
    assert_eq!(create(&app, numbered.clone()).await, "ACH-9001-0008");
    // The same demand again (a retried call) is the first one; another under its number is not.
    let replay = app
        .post_json("/api/demands", &numbered, Some(&retailer()))
        .await;
    assert_eq!(replay.status, 200, "{}", replay.text);
    assert_eq!(replay.json()["data"]["demand_number"], "ACH-9001-0008");
    numbered["brand"] = json!("Autre");
    let res = app
        .post_json("/api/demands", &numbered, Some(&retailer()))
        .await;
    assert_ko(&res, 409, "DEMAND_NUMBER_EXISTS");
    assert_eq!(
        retrieve(&app, &center("center-1"), "").await.len(),
        2,
        "neither call created a demand"
    );

    // Section 3.9's example, field for field.
    let listed = retrieve(&app, &center("center-1"), "?status=RMAD").await;
    let d = listed
        .iter()
        .find(|d| d["demand_number"] == "ACH-9001-0008")
        .unwrap();
    assert_eq!(d["type"], "REP");
    assert_eq!(d["agreement_number"], "");
    assert_eq!(d["current_status_code"], "RMAD");
    assert_eq!(d["purchase_date"], "2021-08-28 09:45:17");
    assert_eq!(d["imei_number"], "123456789123456");
    assert_eq!(d["site_address_street"], "Allée du Ruisseau de Gironde");
    assert_eq!(d["site_address_street_number"], serde_json::Value::Null);
    assert_eq!(d["site_address_zip_code"], "78190");
    assert_eq!(d["client_mail"], "jean_dupont@toulouse.fr");
    assert_eq!(d["return_to"], "USER");
    assert!(d["date"].as_str().unwrap().len() == 19);
}

#[tokio::test]
async fn retrieverequests_pages_and_polls() {
    let app = spawn().await;
    let center = center("center-1");
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(create(&app, demand("REP", "center-1")).await);
    }
    let res = app
        .get(
            "/api/demands/retrieverequests?limit=2&page=2",
            Some(&center),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let body = res.json();
    assert_eq!(body["total"], 5);
    assert_eq!(
        numbers(body["data"].as_array().unwrap()),
        made[2..4].to_vec()
    );

    // Polling: only what changed since the last look (dates are shown to the second).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let mark = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    post(
        &app,
        "/api/demands/message",
        &retailer(),
        json!({"demand_number": made[0], "message": "Le client a rappelé"}),
        200,
    )
    .await;
    let changed = retrieve(
        &app,
        &center,
        &format!("?updated_since={}", mark.replace(' ', "%20")),
    )
    .await;
    assert_eq!(numbers(&changed), [made[0].as_str()]);
    let later = retrieve(&app, &center, "?updated_since=2999-01-01T00:00:00Z").await;
    assert!(later.is_empty());

    for query in [
        "?status=NOPE",
        "?limit=0",
        "?limit=5000",
        "?page=0",
        "?updated_since=yesterday",
    ] {
        let res = app
            .get(
                &format!("/api/demands/retrieverequests{query}"),
                Some(&center),
            )
            .await;
        assert_ko(&res, 400, "INVALID_QUERY");
    }
}

#[tokio::test]
async fn messages_both_ways() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    let asked = post(
        &app,
        "/api/demands/message",
        &center,
        json!({"demand_number": number, "message": "Merci de corriger le numéro de série"}),
        200,
    )
    .await;
    assert_eq!(asked["data"]["side"], "partner");
    post(
        &app,
        "/api/demands/message",
        &retailer(),
        json!({"demand_number": number, "message": "Corrigé : 2222"}),
        200,
    )
    .await;
    let res = app
        .post_json(
            "/api/demands/message",
            &json!({"demand_number": number}),
            Some(&center),
        )
        .await;
    assert_ko(&res, 422, "VALIDATION_ERROR");
    let whole = app
        .get(&format!("/api/demands/{number}"), Some(&center))
        .await
        .json();
    let messages = whole["data"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[0]["message"],
        "Merci de corriger le numéro de série"
    );
    assert_eq!(messages[1]["side"], "retailer");
}

#[tokio::test]
async fn missing_fields_are_named() {
    let app = spawn().await;
    let center = center("center-1");
    let number = create(&app, demand("REP", "center-1")).await;
    post(
        &app,
        "/api/demands/accept",
        &center,
        json!({"demand_number": number, "agreement_number": "A"}),
        200,
    )
    .await;
    let cases = [
        (
            "/api/demands/tracking",
            center.clone(),
            json!({"demand_number": number, "carrier_name": "chronopost", "type": "CLIENT_TO_CENTER"}),
            "tracking_number",
        ),
        (
            "/api/demands/tracking",
            center.clone(),
            json!({"demand_number": number, "tracking_number": "X1", "type": "CLIENT_TO_CENTER"}),
            "carrier_name",
        ),
        (
            "/api/demands/quotation",
            center.clone(),
            json!({"demand_number": number, "prestation": [
                {"label_prestation": "P", "quantity": "1", "price": "1,00"}]}),
            "quote_number",
        ),
        (
            "/api/demands/adddocument",
            center.clone(),
            json!({"file_name": "a.txt", "file_content": "VEVYVEUgVEVTVFM="}),
            "demand_number",
        ),
        ("/api/demands/close", retailer(), json!({}), "demand_number"),
    ];
    for (path, token, body, field) in cases {
        let res = app.post_json(path, &body, Some(&token)).await;
        assert_ko(&res, 422, "VALIDATION_ERROR");
        assert_eq!(res.json()["errors"][field], "is required", "{path}");
    }

    // Closing twice: the second finds it closed.
    close(&app, &number).await;
    let res = app
        .post_json(
            "/api/demands/close",
            &json!({"demand_number": number}),
            Some(&retailer()),
        )
        .await;
    assert_ko(&res, 409, "DEMAND_CLOSED");
}
