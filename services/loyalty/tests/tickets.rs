//! Tickets on the points ledger: replays, vouchers (partial, concurrent, wrong), returns,
//! expiry, holds, wallet, RAZ, and the annex codes they answer.

#![allow(clippy::unwrap_used)]

mod common;

use common::{consumer_with_card, get, points, sale, ticket, today, voucher};
use serde_json::json;

const CARD: &str = "13732365477";

#[tokio::test]
async fn a_replayed_ticket_is_103_and_doubles_nothing() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    let body = ticket("R1", &today(), &[("A", 130.0, 1.0)], json!([]));
    let first = sale(&app, CARD, body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let again = sale(&app, CARD, body).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.json()["code"], 103);
    assert_eq!(
        again.json()["details"]["ticketId"],
        first.json()["id"].to_string()
    );
    assert_eq!(points(&app, CARD).await, 130);
    let balance = get(&app, format!("/api/v1/cards/{CARD}/balance"))
        .await
        .json();
    assert_eq!(balance[0]["purchases"], 1);
    assert_eq!(balance[0]["purchaseAmount"], 130);
}

#[tokio::test]
async fn required_parameters_and_unknown_things() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    let no_receipt = sale(
        &app,
        CARD,
        json!({"date": today(), "purchases": [{"operation": {"id": 1}, "amount": 5}]}),
    )
    .await;
    assert_eq!(
        (no_receipt.status, no_receipt.json()["code"].clone()),
        (400, json!(102))
    );
    let no_amount = sale(
        &app,
        CARD,
        json!({"receipt": "X", "date": today(), "purchases": [{"operation": {"id": 1}}]}),
    )
    .await;
    assert_eq!(
        no_amount.json()["details"],
        json!({"purchases[0].amount": "is required"})
    );
    let no_lines = sale(
        &app,
        CARD,
        json!({"receipt": "X", "date": today(), "purchases": []}),
    )
    .await;
    assert_eq!(no_lines.json()["code"], 102);
    let unknown_card = sale(
        &app,
        "4242424242",
        ticket("X", &today(), &[("A", 1.0, 1.0)], json!([])),
    )
    .await;
    assert_eq!(
        (unknown_card.status, unknown_card.json()["code"].clone()),
        (404, json!(1))
    );
    let unknown_voucher = sale(
        &app,
        CARD,
        ticket("X", &today(), &[("A", 1.0, 1.0)], json!(["404"])),
    )
    .await;
    assert_eq!(
        (
            unknown_voucher.status,
            unknown_voucher.json()["code"].clone()
        ),
        (404, json!(450))
    );
    // Nothing was saved by the failed tickets: the receipt is still free.
    assert_eq!(
        sale(
            &app,
            CARD,
            ticket("X", &today(), &[("A", 1.0, 1.0)], json!([]))
        )
        .await
        .status,
        201
    );
}

#[tokio::test]
async fn voucher_types_and_values_are_checked() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    voucher(
        &app,
        CARD,
        json!({"number": "A5", "type": "amount", "value": "5"}),
    )
    .await;
    voucher(&app, CARD, json!({"number": "C1", "type": "choices", "choices": [{"type": "amount", "value": "10"}, {"type": "gift", "value": "0"}]})).await;
    let lines = [("A", 100.0, 1.0)];
    let wrong_type = sale(
        &app,
        CARD,
        ticket(
            "T1",
            &today(),
            &lines,
            json!([{"number": "A5", "type": "percentage", "value": "5"}]),
        ),
    )
    .await;
    assert_eq!(
        (wrong_type.status, wrong_type.json()["code"].clone()),
        (400, json!(453))
    );
    let wrong_value = sale(
        &app,
        CARD,
        ticket(
            "T2",
            &today(),
            &lines,
            json!([{"number": "A5", "type": "amount", "value": "7"}]),
        ),
    )
    .await;
    assert_eq!(wrong_value.json()["code"], 454);
    let choices_by_number = sale(&app, CARD, ticket("T3", &today(), &lines, json!(["C1"]))).await;
    assert_eq!(choices_by_number.json()["code"], 453);
    let chosen = sale(
        &app,
        CARD,
        ticket(
            "T4",
            &today(),
            &lines,
            json!([{"number": "C1", "type": "amount", "value": "10"}]),
        ),
    )
    .await;
    assert_eq!(chosen.status, 201, "{}", chosen.text);
    assert_eq!(chosen.json()["deducted"], 10);
    assert_eq!(chosen.json()["points"], 90);
    let used = sale(
        &app,
        CARD,
        ticket(
            "T5",
            &today(),
            &lines,
            json!([{"number": "C1", "type": "gift", "value": "0"}]),
        ),
    )
    .await;
    assert_eq!(
        (used.status, used.json()["code"].clone()),
        (409, json!(451))
    );
}

#[tokio::test]
async fn an_amount_voucher_can_be_used_in_part() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    voucher(
        &app,
        CARD,
        json!({"number": "V20", "type": "amount", "value": "20"}),
    )
    .await;
    let part = json!([{"number": "V20", "type": "amount", "value": "20", "amount": 7.5}]);
    let first = sale(
        &app,
        CARD,
        ticket("P1", &today(), &[("A", 100.0, 1.0)], part),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.json()["deducted"], 7.5);
    assert_eq!(first.json()["points"], 92);
    let left = get(&app, "/api/v1/vouchers/V20").await.json();
    assert_eq!(
        (left["remainingAmount"].clone(), left["state"].clone()),
        (json!(12.5), json!("active"))
    );
    let too_much = json!([{"number": "V20", "type": "amount", "value": "20", "amount": 13}]);
    assert_eq!(
        sale(
            &app,
            CARD,
            ticket("P2", &today(), &[("A", 100.0, 1.0)], too_much)
        )
        .await
        .json()["code"],
        454
    );
    // Beyond the ticket, the rest stays on the voucher.
    let rest = sale(
        &app,
        CARD,
        ticket("P3", &today(), &[("A", 10.0, 1.0)], json!(["V20"])),
    )
    .await;
    assert_eq!(rest.json()["deducted"], 10);
    let left = get(&app, "/api/v1/vouchers/V20").await.json();
    assert_eq!(left["remainingAmount"], 2.5);
    let vouchers = get(&app, format!("/api/v1/cards/{CARD}/vouchers")).await;
    assert_eq!(vouchers.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn one_voucher_in_two_concurrent_tickets() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    voucher(
        &app,
        CARD,
        json!({"number": "ONCE", "type": "percentage", "value": "10"}),
    )
    .await;
    let a = sale(
        &app,
        CARD,
        ticket("C1", &today(), &[("A", 50.0, 1.0)], json!(["ONCE"])),
    );
    let b = sale(
        &app,
        CARD,
        ticket("C2", &today(), &[("A", 60.0, 1.0)], json!(["ONCE"])),
    );
    let (a, b) = tokio::join!(a, b);
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} / {}", a.text, b.text);
    let refused = if a.status == 409 { a } else { b };
    assert_eq!(refused.json()["code"], 451);
    let kept = points(&app, CARD).await;
    assert!(kept == 50 || kept == 60, "{kept}");
}

#[tokio::test]
async fn a_return_takes_back_its_lines_points_even_spent() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    let bought = sale(
        &app,
        CARD,
        ticket(
            "B1",
            &today(),
            &[("CHAISE", 600.0, 2.0), ("RIDEAU", 70.0, 1.0)],
            json!([]),
        ),
    )
    .await;
    assert_eq!(bought.json()["points"], 670);
    let reward = common::post(
        &app,
        format!("/api/v1/cards/{CARD}/balances/0/steps/1"),
        json!({}),
    )
    .await;
    assert_eq!(reward.status, 201, "{}", reward.text);
    assert_eq!(points(&app, CARD).await, 170);
    let back = json!({"receipt": "B2", "date": today(), "purchases": [
        {"operation": {"id": 13}, "amount": -300, "quantity": 1, "item": {"code": "CHAISE"}}]});
    let returned = sale(&app, CARD, back.clone()).await;
    assert_eq!(returned.status, 201, "{}", returned.text);
    assert_eq!(returned.json()["points"], -300);
    let back = json!({"receipt": "B3", "date": today(), "purchases": [
        {"operation": {"id": 13}, "amount": 300, "quantity": 1, "item": {"code": "CHAISE"}}]});
    sale(&app, CARD, back).await;
    assert_eq!(points(&app, CARD).await, -430);
    let never = json!({"receipt": "B4", "date": today(), "purchases": [
        {"operation": {"id": 13}, "amount": 1, "item": {"code": "CHAISE"}}]});
    let never = sale(&app, CARD, never).await;
    assert_eq!(
        (never.status, never.json()["code"].clone()),
        (404, json!(400))
    );
}

#[tokio::test]
async fn old_points_expire_oldest_first() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    let old = (chrono::Utc::now() - chrono::Duration::days(400)).to_rfc3339();
    let soon = (chrono::Utc::now() - chrono::Duration::days(300)).to_rfc3339();
    sale(
        &app,
        CARD,
        ticket("E1", &old, &[("A", 100.0, 1.0)], json!([])),
    )
    .await;
    sale(
        &app,
        CARD,
        ticket("E2", &soon, &[("A", 40.0, 1.0)], json!([])),
    )
    .await;
    sale(
        &app,
        CARD,
        ticket("E3", &today(), &[("A", 25.0, 1.0)], json!([])),
    )
    .await;
    let balance = get(&app, format!("/api/v1/cards/{CARD}/balance"))
        .await
        .json();
    assert_eq!(balance[0]["primaryLoyaltyBalance"]["value"], 65);
    assert_eq!(balance[0]["nextExpiry"]["points"], 40);
    assert_eq!(balance[0]["purchaseAmountCumulative"], 165);
}

#[tokio::test]
async fn held_points_wallet_and_raz() {
    let app = common::spawn_configured(|p| p.hold_days = 14).await;
    consumer_with_card(&app, CARD).await;
    let lines = json!({"receipt": "W1", "date": today(), "purchases": [
        {"operation": {"id": 1}, "amount": 900},
        {"operation": {"id": 11}, "amount": 50},
        {"operation": {"id": 12}, "amount": 20}]});
    assert_eq!(sale(&app, CARD, lines).await.status, 201);
    let balance = get(&app, format!("/api/v1/cards/{CARD}/balance"))
        .await
        .json();
    assert_eq!(balance[0]["pendingPoints"], 900);
    assert_eq!(balance[0]["wallet"], 30);
    assert_eq!(
        balance[0]["primaryLoyaltyBalance"]["step"]["availables"],
        json!([])
    );
    let held = common::post(
        &app,
        format!("/api/v1/cards/{CARD}/balances/0/1"),
        json!({}),
    )
    .await;
    assert_eq!(
        (held.status, held.json()["code"].clone()),
        (400, json!(101))
    );
    let over = json!({"receipt": "W2", "date": today(), "purchases": [{"operation": {"id": 12}, "amount": 31}]});
    assert_eq!(sale(&app, CARD, over).await.json()["code"], 101);
    let raz = json!({"receipt": "W3", "date": today(), "purchases": [{"operation": {"id": 17}, "amount": 0}]});
    assert_eq!(sale(&app, CARD, raz).await.status, 201);
    let balance = get(&app, format!("/api/v1/cards/{CARD}/balance"))
        .await
        .json();
    assert_eq!(balance[0]["primaryLoyaltyBalance"]["value"], 0);
    assert_eq!(balance[0]["purchases"], 0);
    assert_eq!(balance[0]["purchasesCumulative"], 1);
}

#[tokio::test]
async fn another_card_s_voucher_is_unknown_to_this_one() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    consumer_with_card(&app, "13732365478").await;
    voucher(
        &app,
        "13732365478",
        json!({"number": "THEIRS", "type": "amount", "value": "5"}),
    )
    .await;
    let used = sale(
        &app,
        CARD,
        ticket("O1", &today(), &[("A", 50.0, 1.0)], json!(["THEIRS"])),
    )
    .await;
    assert_eq!(
        (used.status, used.json()["code"].clone()),
        (404, json!(450)),
        "{}",
        used.text
    );
    assert_eq!(points(&app, CARD).await, 0);
    let theirs = get(&app, "/api/v1/vouchers/THEIRS").await.json();
    assert_eq!(theirs["state"], "active");
}

#[tokio::test]
async fn two_concurrent_rewards_of_one_step_give_one_voucher() {
    let app = common::spawn().await;
    consumer_with_card(&app, CARD).await;
    let reached = sale(
        &app,
        CARD,
        ticket("S1", &today(), &[("A", 520.0, 1.0)], json!([])),
    )
    .await;
    assert_eq!(reached.status, 201, "{}", reached.text);
    let path = format!("/api/v1/cards/{CARD}/balances/0/steps/1");
    let (a, b) = tokio::join!(
        common::post(&app, &path, json!({})),
        common::post(&app, &path, json!({}))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 400], "{} / {}", a.text, b.text);
    let refused = if a.status == 400 { a } else { b };
    assert_eq!(refused.json()["code"], 101);
    let vouchers = get(&app, format!("/api/v1/cards/{CARD}/vouchers")).await;
    assert_eq!(vouchers.json().as_array().unwrap().len(), 1);
    assert_eq!(points(&app, CARD).await, 20);
}

/// A receipt number is the till's shop's: the same number in another shop is another sale.
#[tokio::test]
async fn a_receipt_is_unique_per_shop_of_the_till() {
    let app = common::spawn_configured(|program| {
        program.terminal_shops.insert("7".into(), 3001);
    })
    .await;
    consumer_with_card(&app, CARD).await;
    let body = ticket("SAME", &today(), &[("A", 10.0, 1.0)], json!([]));
    let first = sale(&app, CARD, body.clone()).await;
    assert_eq!(
        (first.status, first.json()["shopId"].clone()),
        (201, json!(2928)),
        "{}",
        first.text
    );
    let other_shop = testkit::TokenBuilder::new()
        .subject("till-7")
        .terminal("7")
        .sign();
    let path = format!("/api/v1/cards/{CARD}/sales");
    let send = || {
        app.send(
            app.request(reqwest::Method::POST, &path)
                .bearer_auth(&other_shop)
                .json(&body),
        )
    };
    let there = send().await;
    assert_eq!(
        (there.status, there.json()["shopId"].clone()),
        (201, json!(3001)),
        "{}",
        there.text
    );
    let again = send().await;
    assert_eq!(
        (again.status, again.json()["code"].clone()),
        (409, json!(103))
    );
    assert_eq!(points(&app, CARD).await, 20);
}
