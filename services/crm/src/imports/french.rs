//! The reasons of the import's checks in French, for the pages: the API answers them in English
//! (its 422), the pages are French. A reason not listed here shows as it is.

/// Reasons written whole.
const WHOLE: [(&str, &str); 13] = [
    ("is required", "est obligatoire"),
    ("must be non-blank text", "doit être un texte non vide"),
    ("must not be negative", "ne doit pas être négatif"),
    ("must be h or f", "doit être h ou f"),
    ("must be an email address", "doit être une adresse e-mail"),
    (
        "must be a date, YYYY-MM-DD",
        "doit être une date, AAAA-MM-JJ",
    ),
    ("must be an object", "doit être un objet"),
    (
        "repeats an earlier row's",
        "répète celui d'une ligne précédente",
    ),
    (
        "several customers have these Nom and Prenom: give Compte or Email",
        "plusieurs clients ont ces Nom et Prenom : indiquez Compte ou Email",
    ),
    ("is another customer's", "est celui d'un autre client"),
    (
        "must list at least one row",
        "doit compter au moins une ligne",
    ),
    (
        "a quoted cell is not closed",
        "une cellule entre guillemets n'est pas fermée",
    ),
    (
        "the CSV file must be UTF-8 text",
        "le fichier CSV doit être du texte UTF-8",
    ),
];

/// Reasons carrying a value: (English before it, after it; French before it, after it).
const AROUND: [(&str, &str, &str, &str); 3] = [
    (
        "must be a whole number from 0 to ",
        "",
        "doit être un nombre entier de 0 à ",
        "",
    ),
    (
        "",
        " is not an amount: a number or text like 158.45",
        "",
        " n'est pas un montant : un nombre ou un texte comme 158.45",
    ),
    (
        "must list at most ",
        " rows",
        "doit compter au plus ",
        " lignes",
    ),
];

/// The CSV header's reason: the columns it must name, and the one it lacks.
const HEADER: (&str, &str) = ("the CSV header must name the columns ", "; it has no ");

pub fn in_french(reason: &str) -> String {
    if let Some((_, french)) = WHOLE.iter().find(|(english, _)| *english == reason) {
        return (*french).to_string();
    }
    for (before, after, avant, apres) in AROUND {
        if let Some(value) = reason
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
        {
            return format!("{avant}{value}{apres}");
        }
    }
    if let Some((columns, missing)) = reason
        .strip_prefix(HEADER.0)
        .and_then(|rest| rest.split_once(HEADER.1))
    {
        return format!(
            "l'en-tête du CSV doit nommer les colonnes {columns} ; il n'a pas de colonne {missing}"
        );
    }
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::in_french;
    use crate::clients::model::import_row;

    /// Every reason a row's check gives, from the check itself: a new English reason without
    /// its French fails here.
    #[test]
    fn every_reason_of_a_rows_check_is_in_french() {
        let rows = [
            json!({}),
            json!({"Nom": " ", "Prenom": "A"}),
            json!({"Nom": "A", "Prenom": "B", "Credit": -1}),
            json!({"Nom": "A", "Prenom": "B", "Credit": "douze"}),
            json!({"Nom": "A", "Prenom": "B", "Age": 300}),
            json!({"Nom": "A", "Prenom": "B", "Sexe": "x"}),
            json!({"Nom": "A", "Prenom": "B", "Email": "nowhere"}),
            json!({"Nom": "A", "Prenom": "B", "Date_paiement": "12/03/2024"}),
            json!(["not", "an", "object"]),
        ];
        let mut seen = 0;
        for (index, row) in rows.iter().enumerate() {
            for problem in import_row(index, row).err().unwrap_or_default() {
                seen += 1;
                let french = in_french(&problem.message);
                assert_ne!(french, problem.message, "{} has no French", problem.message);
            }
        }
        assert!(seen >= rows.len(), "each row gives a reason ({seen})");
    }

    #[test]
    fn reasons_with_a_value_keep_it() {
        assert_eq!(
            in_french("\"douze\" is not an amount: a number or text like 158.45"),
            "\"douze\" n'est pas un montant : un nombre ou un texte comme 158.45"
        );
        assert_eq!(
            in_french("must list at most 100000 rows"),
            "doit compter au plus 100000 lignes"
        );
        assert_eq!(
            in_french("the CSV header must name the columns Nom, Prenom; it has no Prenom"),
            "l'en-tête du CSV doit nommer les colonnes Nom, Prenom ; il n'a pas de colonne Prenom"
        );
        assert_eq!(in_french("something new"), "something new");
    }
}
