//! The rules of a CRM customer, without I/O: the document's fields read and checked, the
//! upsert key of an imported row, and `Credit` as the document prints it.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use platform::FieldError;
use platform::input::{Email, scalar_text};
use platform::money::Cents;
use serde_json::Value;

/// `h` or `f`, as the document writes them.
pub const SEXES: [&str; 2] = ["h", "f"];

/// The oldest age taken as real.
pub const MAX_AGE: i64 = 130;

/// `Credit` as the document prints it: text, whole amounts without decimals (`"420"`).
pub fn credit_text(credit: Cents) -> String {
    if credit.0 % 100 == 0 {
        (credit.0 / 100).to_string()
    } else {
        credit.to_decimal_string()
    }
}

/// The key that makes emails unique whatever their case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An amount of an imported row: what [`Cents::from_json`] reads, or a JSON number with more
/// decimals rounded half away from zero to the cent, from its decimal text (the document's own
/// import sends `154.62542724609375`, a single-precision float's digits).
pub fn imported_amount(value: &Value) -> Result<Cents, String> {
    let bad = || format!("{value} is not an amount: a number or text like 158.45");
    if let Ok(cents) = Cents::from_json(value) {
        return Ok(cents);
    }
    let Value::Number(number) = value else {
        return Err(bad());
    };
    let text = number.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (units, decimals) = digits.split_once('.').ok_or_else(bad)?;
    if !decimals.bytes().all(|b| b.is_ascii_digit()) || decimals.len() <= 2 {
        return Err(bad());
    }
    let kept = Cents::parse(&format!("{units}.{}", &decimals[..2])).map_err(|_| bad())?;
    let round_up = decimals.as_bytes()[2] >= b'5';
    let cents = kept.0 + i64::from(round_up);
    Ok(Cents(if negative { -cents } else { cents }))
}

/// What one imported row sets. Absent fields keep a known customer's values (and take the
/// defaults on a new one).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFields {
    pub nom: String,
    pub prenom: String,
    pub credit: Option<Cents>,
    pub date_paiement: Option<NaiveDate>,
    pub montant: Option<Cents>,
    pub nb_refus: Option<i64>,
    pub compte: Option<String>,
    pub age: Option<i64>,
    pub sexe: Option<&'static str>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub panier_moyen: Option<Cents>,
}

/// How an imported row finds the customer it updates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowKey {
    Compte(String),
    Email(String),
    /// Neither `Compte` nor `Email`: the one customer with these `Nom` and `Prenom`.
    Names(String, String),
}

impl ClientFields {
    pub fn key(&self) -> RowKey {
        match (&self.compte, &self.email) {
            (Some(compte), _) => RowKey::Compte(compte.clone()),
            (None, Some(email)) => RowKey::Email(email_key(email)),
            (None, None) => RowKey::Names(self.nom.clone(), self.prenom.clone()),
        }
    }
}

/// Reads one row of `update_db` (`clients[index]`); every problem is named by its field.
pub fn import_row(index: usize, row: &Value) -> Result<ClientFields, Vec<FieldError>> {
    let mut problems = Vec::new();
    let field = |name: &str| format!("clients[{index}].{name}");
    let Some(object) = row.as_object() else {
        return Err(vec![FieldError::new(
            format!("clients[{index}]"),
            "must be an object",
        )]);
    };
    let get = |name: &str| object.get(name).filter(|v| !v.is_null());
    let mut text = |name: &str, required: bool| -> Option<String> {
        match get(name) {
            None if required => {
                problems.push(FieldError::new(field(name), "is required"));
                None
            }
            None => None,
            Some(value) => match scalar_text(value).map(|t| t.trim().to_string()) {
                Some(t) if !t.is_empty() => Some(t),
                Some(_) if !required => None,
                _ => {
                    problems.push(FieldError::new(field(name), "must be non-blank text"));
                    None
                }
            },
        }
    };
    let nom = text("Nom", true);
    let prenom = text("Prenom", true);
    let compte = text("Compte", false);
    let phone = text("Phone", false);
    let email_text = text("Email", false);
    let sexe_text = text("Sexe", false);
    let date_text = text("Date_paiement", false);
    let mut amount = |name: &str| -> Option<Cents> {
        let value = get(name)?;
        match imported_amount(value) {
            Ok(cents) if cents.0 >= 0 => Some(cents),
            Ok(_) => {
                problems.push(FieldError::new(field(name), "must not be negative"));
                None
            }
            Err(message) => {
                problems.push(FieldError::new(field(name), message));
                None
            }
        }
    };
    let credit = amount("Credit");
    let montant = amount("Montant");
    let panier_moyen = amount("PanierMoyen");
    // `Paiement` is read so that a wrong one is named, and not kept: no route answers it.
    let _ = amount("Paiement");
    let mut whole = |name: &str, max: i64| -> Option<i64> {
        let value = get(name)?;
        match scalar_text(value).and_then(|t| t.trim().parse::<i64>().ok()) {
            Some(n) if (0..=max).contains(&n) => Some(n),
            _ => {
                problems.push(FieldError::new(
                    field(name),
                    format!("must be a whole number from 0 to {max}"),
                ));
                None
            }
        }
    };
    let age = whole("Age", MAX_AGE);
    let nb_refus = whole("NbRefus", i64::from(i32::MAX));
    let sexe = sexe_text.and_then(|s| match sexe_of(&s) {
        Ok(sexe) => Some(sexe),
        Err(message) => {
            problems.push(FieldError::new(field("Sexe"), message));
            None
        }
    });
    let email = email_text.and_then(|e| match Email::parse(&e) {
        // Kept as written (`Jacquie@mimi.com`); the lowercased key makes it unique.
        Ok(_) => Some(e),
        Err(_) => {
            problems.push(FieldError::new(field("Email"), "must be an email address"));
            None
        }
    });
    let date_paiement = date_text.and_then(|d| match platform::input::dates::date(&d) {
        Some(date) => Some(date),
        None => {
            problems.push(FieldError::new(
                field("Date_paiement"),
                "must be a date, YYYY-MM-DD",
            ));
            None
        }
    });
    match (nom, prenom) {
        (Some(nom), Some(prenom)) if problems.is_empty() => Ok(ClientFields {
            nom,
            prenom,
            credit,
            date_paiement,
            montant,
            nb_refus,
            compte,
            age,
            sexe,
            email,
            phone,
            panier_moyen,
        }),
        _ => Err(problems),
    }
}

/// `h` or `f`, whatever the case.
pub fn sexe_of(text: &str) -> Result<&'static str, String> {
    let lower = text.trim().to_lowercase();
    SEXES
        .iter()
        .find(|s| **s == lower)
        .copied()
        .ok_or_else(|| "must be h or f".to_string())
}

/// A 128-bit fingerprint of a row's key or email, for finding repeats in a file of 100,000 rows
/// without keeping every key's text (two SipHash values; a chance collision, taking a row for
/// a repeat, is about one in 10^28 for such a file).
pub fn fingerprint(value: &impl Hash) -> u128 {
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        value.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    #[test]
    fn credit_prints_as_the_document_does() {
        assert_eq!(credit_text(Cents(42000)), "420");
        assert_eq!(credit_text(Cents(15463)), "154.63");
        assert_eq!(credit_text(Cents(0)), "0");
    }

    #[test]
    fn imported_floats_round_to_the_cent_from_their_decimal_text() {
        assert_eq!(
            imported_amount(&json!(154.62542724609375)),
            Ok(Cents(15463))
        );
        assert_eq!(imported_amount(&json!(0.0)), Ok(Cents(0)));
        assert_eq!(imported_amount(&json!("420")), Ok(Cents(42000)));
        assert_eq!(imported_amount(&json!(1.004)), Ok(Cents(100)));
        assert!(imported_amount(&json!("1.004")).is_err());
        assert!(imported_amount(&json!(true)).is_err());
    }

    #[test]
    fn a_row_names_each_bad_field() {
        let problems = import_row(
            3,
            &json!({"Nom": " ", "Prenom": "A", "Sexe": "x", "Age": -1, "Email": "no", "Credit": "a"}),
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "clients[3].Nom",
                "clients[3].Credit",
                "clients[3].Age",
                "clients[3].Sexe",
                "clients[3].Email"
            ]
        );
    }

    #[test]
    fn the_key_is_compte_then_email_then_names() {
        let row = |v| import_row(0, &v).unwrap().key();
        assert_eq!(
            row(json!({"Nom": "A", "Prenom": "B", "Compte": "C1", "Email": "a@b.fr"})),
            RowKey::Compte("C1".into())
        );
        assert_eq!(
            row(json!({"Nom": "A", "Prenom": "B", "Email": "A@B.fr"})),
            RowKey::Email("a@b.fr".into())
        );
        assert_eq!(
            row(json!({"Nom": "A", "Prenom": "B"})),
            RowKey::Names("A".into(), "B".into())
        );
    }
}
