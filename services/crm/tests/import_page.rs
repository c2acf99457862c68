//! The import page: an upload is checked and previewed (nothing written), its bad rows are
//! named and downloadable as CSV, a clean file is imported in the background with its progress
//! on its page, the same file again changes nothing; CSRF and ownership hold.

#![allow(clippy::unwrap_used)]

mod common;

use common::{browser, csrf_of, get, page, upload};
use testkit::TestApp;

const HEADER: &str = "Nom;Prenom;Credit;Date_paiement;Montant;Compte;Email;Sexe";
const ROWS: [&str; 3] = [
    "Eddison-18;Jean;0;2019-01-18;125;BKN1CST18;jean@ursi.fr;h",
    "Sarkozy-51;Marc;0;2019-01-08;125;BKN1CST51;marc@ursi.fr;h",
    "Eddison-53;Anne;154,63;2020-05-19;125;BKN1CST53;anne@ursi.fr;f",
];

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = HEADER.to_string();
    for row in rows {
        text.push_str("\r\n");
        text.push_str(row);
    }
    text.into_bytes()
}

/// The page an upload went to.
fn preview_path(res: &testkit::TestResponse) -> String {
    assert_eq!(res.status, 303, "{}", res.text);
    let location = res.header("location").unwrap().to_string();
    assert!(location.starts_with("/crm/import/"), "{location}");
    location
}

/// Runs the previewed import at `path` and waits for its page to say it is done.
async fn run(app: &TestApp, token: &str, path: &str) -> String {
    let preview = page(app, path, Some(token)).await;
    let started = app
        .send(
            browser()
                .post(app.url(&format!("{path}/run")))
                .header("cookie", format!("session={token}"))
                .form(&[("csrf", csrf_of(&preview.text))]),
        )
        .await;
    assert_eq!(started.status, 303);
    assert_eq!(started.header("location"), Some(path));
    for _ in 0..200 {
        let now = page(app, path, Some(token)).await;
        if !now.text.contains("Import en cours") {
            return now.text;
        }
        assert!(now.text.contains(r#"http-equiv="refresh""#));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import never ended");
}

#[tokio::test]
async fn a_file_with_a_bad_row_is_previewed_row_by_row_and_cannot_be_imported() {
    let app = common::spawn().await;
    let token = common::token();
    let mut rows = ROWS;
    rows[1] = "Sarkozy-51;Marc;x;2019-01-08;125;BKN1CST51;not-an-email;h";
    let path = preview_path(&upload(&app, &token, "clients.csv", &csv(&rows)).await);
    let preview = page(&app, &path, Some(&token)).await;
    assert_eq!(preview.status, 200);
    let html = &preview.text;
    assert!(
        html.contains("3 lignes — 2 à créer, 0 à mettre à jour, 0 inchangées, 1 en erreur"),
        "{html}"
    );
    assert!(
        html.contains("1 ligne en erreur : rien ne sera importé"),
        "{html}"
    );
    assert!(html.contains("<td>2</td><td>Credit</td><td>&quot;x&quot; n&#39;est pas un montant"));
    assert!(html.contains("<td>2</td><td>Email</td><td>doit être une adresse e-mail</td>"));
    assert!(html.contains(r#"<tr class="action-c"><td>1</td><td>Créer</td><td>Eddison-18</td>"#));
    assert!(html.contains(r#"<tr class="action-e"><td>2</td><td>Erreur</td><td>Sarkozy-51</td>"#));
    assert!(!html.contains("/run"), "no import button");
    // Nothing was written.
    assert_eq!(get(&app, "/api/data").await.json(), serde_json::json!([]));

    let bad = app
        .send(
            browser()
                .get(app.url(&format!("{path}/errors.csv")))
                .header("cookie", format!("session={token}")),
        )
        .await;
    assert_eq!(bad.status, 200);
    assert!(bad.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        bad.header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let lines: Vec<&str> = bad.text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Ligne,Erreurs,Nom,Prenom,Credit,Paiement,Date_paiement,Montant,Compte,Email,Age,Sexe,Phone,NbRefus,PanierMoyen"
    );
    assert_eq!(
        lines[1],
        r#"2,"Credit: ""x"" n'est pas un montant : un nombre ou un texte comme 158.45; Email: doit être une adresse e-mail",Sarkozy-51,Marc,x,,2019-01-08,125,BKN1CST51,not-an-email,,h,,,"#
    );
    assert_eq!(lines.len(), 3, "one bad row: {lines:?}");

    // The run is refused: it goes back to the preview and writes nothing.
    let refused = app
        .send(
            browser()
                .post(app.url(&format!("{path}/run")))
                .header("cookie", format!("session={token}"))
                .form(&[("csrf", csrf_of(html))]),
        )
        .await;
    assert_eq!(refused.status, 303);
    assert_eq!(get(&app, "/api/data").await.json(), serde_json::json!([]));
}

#[tokio::test]
async fn a_clean_file_is_imported_with_its_progress_and_again_changes_nothing() {
    let app = common::spawn().await;
    let token = common::token();
    let path = preview_path(&upload(&app, &token, "clients.csv", &csv(&ROWS)).await);
    let preview = page(&app, &path, Some(&token)).await;
    assert!(preview.text.contains("3 à créer"));
    assert!(preview.text.contains("Importer : 3 lignes"));
    let done = run(&app, &token, &path).await;
    assert!(
        done.contains("Import terminé : 3 créés, 0 mis à jour, 0 inchangés."),
        "{done}"
    );
    let all = get(&app, "/api/data").await.json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert_eq!(all[2]["Credit"], "154.63");
    assert_eq!(all[2]["Email"], "anne@ursi.fr");
    let home = page(&app, "/crm/", Some(&token)).await;
    assert!(home.text.contains("BKN1CST53") && home.text.contains("154.63"));

    // The run again does nothing more.
    let again = app
        .send(
            browser()
                .post(app.url(&format!("{path}/run")))
                .header("cookie", format!("session={token}"))
                .form(&[("csrf", csrf_of(&done))]),
        )
        .await;
    assert_eq!(again.status, 303);
    assert_eq!(
        get(&app, "/api/data")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // The same file again: every row unchanged.
    let path = preview_path(&upload(&app, &token, "clients.csv", &csv(&ROWS)).await);
    let same = page(&app, &path, Some(&token)).await;
    assert!(
        same.text
            .contains("0 à créer, 0 à mettre à jour, 3 inchangées, 0 en erreur")
    );
    let done = run(&app, &token, &path).await;
    assert!(done.contains("0 créés, 0 mis à jour, 3 inchangés"));
}

#[tokio::test]
async fn the_update_db_json_is_taken_too_and_unreadable_files_are_refused_on_the_form() {
    let app = common::spawn().await;
    let token = common::token();
    let json = br#"{"clients": [
        {"Nom": "Eddison-18", "Prenom": "Jean", "Credit": 0.0, "Paiement": 25, "Date_paiement": "2019-01-18", "Montant": 125, "Compte": "BKN1CST18"},
        {"Nom": "Eddison-53", "Prenom": "Anne", "Credit": 154.62542724609375, "Paiement": 25, "Date_paiement": "2020-05-19", "Montant": 125}
    ]}"#;
    let path = preview_path(&upload(&app, &token, "export.json", json).await);
    let done = run(&app, &token, &path).await;
    assert!(done.contains("2 créés"), "{done}");
    for (content, name, reason) in [
        (&b"a,b\n1,2\n"[..], "x.csv", "il n&#39;a pas de colonne Nom"),
        (&b"{\"clients\": [{"[..], "x.json", "Malformed JSON"),
        (
            &b"{\"clients\": []}"[..],
            "x.json",
            "doit compter au moins une ligne",
        ),
        (&b""[..], "x.csv", "pas vide"),
    ] {
        let res = upload(&app, &token, name, content).await;
        assert_eq!(res.status, 422, "{name}: {}", res.text);
        assert!(
            res.text.contains(r#"role="alert""#) && res.text.contains(reason),
            "{}",
            res.text
        );
        assert!(res.text.contains(r#"enctype="multipart/form-data""#));
    }
}

#[tokio::test]
async fn an_upload_needs_the_sessions_csrf_token_and_an_import_is_its_owners() {
    let app = common::spawn().await;
    let token = common::token();
    let (content_type, body) = common::upload_body("forged", "clients.csv", &csv(&ROWS));
    let forged = app
        .send(
            browser()
                .post(app.url("/crm/import"))
                .header("cookie", format!("session={token}"))
                .header("content-type", content_type)
                .body(body),
        )
        .await;
    assert_eq!(forged.status, 303);
    assert_eq!(forged.header("location"), Some("/crm/import"));

    let path = preview_path(&upload(&app, &token, "clients.csv", &csv(&ROWS)).await);
    let other = common::token_for("another-client");
    let theirs = page(&app, &path, Some(&other)).await;
    assert_eq!(theirs.status, 404);
    let unknown = page(
        &app,
        "/crm/import/0123456789abcdef0123456789abcdef",
        Some(&token),
    )
    .await;
    assert_eq!(unknown.status, 404);
    let outside = page(&app, &path, None).await;
    assert_eq!(outside.status, 303);
}
