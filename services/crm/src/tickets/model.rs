//! A ticket read and checked, without I/O: every field named when wrong, each article's
//! `prixApres` consistent with its `prixAvant` and `promo`.

use chrono::{NaiveDateTime, SecondsFormat};
use platform::FieldError;
use platform::input::number::MAX_QUANTITY;
use platform::input::scalar_text;
use platform::money::Cents;
use serde_json::Value;

use super::responses::{ArticleOut, TicketOut};
use crate::loyalty::model::LOYALTY_TICKET_IDS_FROM;

/// The moment as the document prints it (`2019-10-09T17:01:29.408701Z`).
pub fn moment_text(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `prixAvant` after a promotion of `promo` percent, to the cent.
pub fn after_promo(prix_avant: Cents, promo: i64) -> Cents {
    prix_avant.percent_of((100 - promo) * 100)
}

/// A ticket as sent: its moment parsed, and the rest as it will be printed.
#[derive(Debug, Clone)]
pub struct TicketIn {
    pub sold_at: NaiveDateTime,
    pub out: TicketOut,
}

struct Reader<'a> {
    object: &'a serde_json::Map<String, Value>,
    prefix: String,
    problems: &'a mut Vec<FieldError>,
}

impl Reader<'_> {
    fn problem(&mut self, name: &str, message: impl Into<String>) {
        let field = format!("{}.{name}", self.prefix);
        self.problems.push(FieldError::new(field, message));
    }

    fn text(&mut self, name: &str) -> Option<String> {
        let text = self
            .object
            .get(name)
            .and_then(scalar_text)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        if text.is_none() {
            self.problem(name, "is required, as non-blank text");
        }
        text
    }

    fn whole(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let n = self
            .object
            .get(name)
            .and_then(scalar_text)
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|n| (min..=max).contains(n));
        if n.is_none() {
            self.problem(name, format!("must be a whole number from {min} to {max}"));
        }
        n
    }

    fn amount(&mut self, name: &str) -> Option<Cents> {
        let amount = self
            .object
            .get(name)
            .and_then(|v| Cents::from_json(v).ok())
            .filter(|c| c.0 >= 0);
        if amount.is_none() {
            self.problem(name, "must be an amount of 0 or more, to the cent");
        }
        amount
    }
}

fn article(
    index: usize,
    value: &Value,
    prefix: &str,
    problems: &mut Vec<FieldError>,
) -> Option<ArticleOut> {
    let prefix = format!("{prefix}.articles[{index}]");
    let Some(object) = value.as_object() else {
        problems.push(FieldError::new(prefix, "must be an object"));
        return None;
    };
    let mut r = Reader {
        object,
        prefix,
        problems,
    };
    let code_produit = r.text("codeProduit");
    let prix_avant = r.amount("prixAvant");
    let prix_apres = r.amount("prixApres");
    let promo = r.whole("promo", 0, 100);
    let quantity = r.whole("quantity", 1, i64::from(MAX_QUANTITY));
    if let (Some(avant), Some(apres), Some(promo)) = (prix_avant, prix_apres, promo)
        && after_promo(avant, promo) != apres
    {
        let expected = after_promo(avant, promo);
        r.problem(
            "prixApres",
            format!("must be prixAvant less promo %: {expected}"),
        );
        return None;
    }
    Some(ArticleOut {
        code_produit: code_produit?,
        prix_avant: prix_avant?,
        prix_apres: prix_apres?,
        promo: promo?,
        quantity: quantity?,
    })
}

/// Reads `tickets[index]`; every problem is named by its field.
pub fn ticket(index: usize, value: &Value) -> Result<TicketIn, Vec<FieldError>> {
    let prefix = format!("tickets[{index}]");
    let mut problems = Vec::new();
    let Some(object) = value.as_object() else {
        return Err(vec![FieldError::new(prefix, "must be an object")]);
    };
    let mut r = Reader {
        object,
        prefix: prefix.clone(),
        problems: &mut problems,
    };
    // Ids from LOYALTY_TICKET_IDS_FROM up are the loyalty service's tickets.
    let id = r.whole("id", 1, LOYALTY_TICKET_IDS_FROM - 1);
    let date = r.text("date");
    let sold_at = date.as_deref().and_then(platform::input::dates::timestamp);
    if date.is_some() && sold_at.is_none() {
        r.problem("date", "must be a moment, RFC 3339");
    }
    let prix = r.amount("prix");
    let client = r.text("client");
    let points = r.whole("pointsFidelite", 0, i64::from(i32::MAX));
    let mode = r.text("modePaiement");
    let origin = r.text("origin");
    let articles = match object.get("articles").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list
            .iter()
            .enumerate()
            .map(|(i, a)| article(i, a, &prefix, &mut problems))
            .collect::<Option<Vec<_>>>(),
        _ => {
            problems.push(FieldError::new(
                format!("{prefix}.articles"),
                "must list at least one article",
            ));
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    match (id, sold_at, prix, client, points, mode, origin, articles) {
        (
            Some(id),
            Some(sold_at),
            Some(prix),
            Some(client),
            Some(points),
            Some(mode),
            Some(origin),
            Some(articles),
        ) => Ok(TicketIn {
            sold_at,
            out: TicketOut {
                id,
                date: moment_text(sold_at),
                prix,
                client,
                points_fidelite: points,
                mode_paiement: mode,
                origin,
                articles,
            },
        }),
        _ => Err(vec![FieldError::new(prefix, "is incomplete")]),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn sample() -> Value {
        json!({"id": 42, "date": "2019-10-09T17:01:29.408701Z", "prix": 424,
            "client": "a14e39ce-e29e-11e9-a8cb-08002751d198", "pointsFidelite": 0,
            "modePaiement": "CASH", "origin": "e-commerce",
            "articles": [{"codeProduit": "X1-0", "prixAvant": 800, "prixApres": 400, "promo": 50, "quantity": 2}]})
    }

    #[test]
    fn the_documents_ticket_reads_and_prints_back() {
        let read = ticket(0, &sample()).unwrap();
        assert_eq!(read.out.date, "2019-10-09T17:01:29.408701Z");
        assert_eq!(read.out.articles[0].prix_apres, Cents(40000));
    }

    #[test]
    fn an_inconsistent_price_after_promo_is_named() {
        let mut bad = sample();
        bad["articles"][0]["prixApres"] = json!(500);
        bad["promo"] = json!(1);
        let problems = ticket(2, &bad).unwrap_err();
        assert_eq!(problems[0].field, "tickets[2].articles[0].prixApres");
    }
}
