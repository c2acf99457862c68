//! A customer as the document prints it: its field names, `Credit` as text, amounts as
//! numbers of currency units, plus the fidelity cards it holds.

use chrono::NaiveDate;
use platform::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::credit_text;
use super::store::Client;

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientOut {
    /// The row number.
    pub id: i64,
    /// The customer's id, a UUID.
    #[serde(rename = "IdClient")]
    pub id_client: String,
    /// The last name.
    #[serde(rename = "Nom")]
    pub nom: String,
    /// The first name.
    #[serde(rename = "Prenom")]
    pub prenom: String,
    /// The fidelity credit, as text (`"420"`, `"154.63"`).
    #[serde(rename = "Credit")]
    #[schema(pattern = r"^-?\d+(\.\d{2})?$")]
    pub credit: String,
    /// The day of the last payment.
    #[serde(rename = "Date_paiement")]
    pub date_paiement: Option<NaiveDate>,
    /// What the customer has paid in all.
    #[serde(rename = "Montant")]
    #[schema(value_type = f64)]
    pub montant: Cents,
    /// Credit requests refused so far.
    #[serde(rename = "NbRefus")]
    pub nb_refus: i64,
    /// The bank account reference.
    #[serde(rename = "Compte")]
    pub compte: Option<String>,
    #[serde(rename = "Age")]
    pub age: Option<i64>,
    /// `h` or `f`.
    #[serde(rename = "Sexe")]
    pub sexe: Option<String>,
    #[serde(rename = "Email")]
    pub email: Option<String>,
    #[serde(rename = "Phone")]
    pub phone: Option<String>,
    /// The mean `prix` of the customer's tickets.
    #[serde(rename = "PanierMoyen")]
    #[schema(value_type = f64)]
    pub panier_moyen: Cents,
    /// The fidelity card numbers the customer holds.
    #[serde(rename = "carteFid")]
    pub carte_fid: Vec<i64>,
}

impl ClientOut {
    pub fn new(client: Client, cards: Vec<i64>) -> Self {
        let v = client.values;
        Self {
            id: client.id,
            id_client: client.id_client,
            nom: v.nom,
            prenom: v.prenom,
            credit: credit_text(Cents(v.credit_cents)),
            date_paiement: v.date_paiement,
            montant: Cents(v.montant_cents),
            nb_refus: v.nb_refus,
            compte: v.compte,
            age: v.age,
            sexe: v.sexe,
            email: v.email,
            phone: v.phone,
            panier_moyen: Cents(v.panier_moyen_cents),
            carte_fid: cards,
        }
    }
}

/// `GET /api/data/{IdClient}` and `POST /api/data`: one customer, in a list as the document
/// shows.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ClientList)]
pub struct ClientList(pub Vec<ClientOut>);

/// `POST /api/create_customer`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedClient {
    #[serde(rename = "idClient")]
    pub id_client: String,
}

/// `POST /api/update_db`: what the import did.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ImportOutcome {
    /// Rows that were new customers.
    pub created: u64,
    /// Rows that changed a known customer.
    pub updated: u64,
    /// Rows that matched a known customer already as given.
    pub unchanged: u64,
}
