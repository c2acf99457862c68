//! RMA statuses, from annex 5.1 "Liste des codes statuts interne" of the RMA
//! Manager API document. The annex lists 24 codes, as expected.

use std::fmt;
use std::str::FromStr;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnknownCode;

const KIND: &str = "RMA status";

/// Status of an RMA file; the wire form is the annex code, and so is its column (text), read
/// and written through diesel as the enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum RmaStatus {
    /// `RMAD` — En attente retour partenaire.
    AwaitingPartner,
    /// `RMAOK` — Dossier accepté.
    Accepted,
    /// `RMANOK` — Dossier refusé.
    Refused,
    /// `ATTEXP` — En attente d'expédition (client vers centre).
    AwaitingShipment,
    /// `EXPOK` — Expédition effectuée (client vers centre).
    Shipped,
    /// `INFSTT` — Demande d'information du partenaire.
    PartnerInfoRequest,
    /// `INFREV` — Information transmise par le revendeur.
    RetailerInfo,
    /// `AVRC` — Solution commercial acceptée.
    CommercialSolutionAccepted,
    /// `AVRF` — Solution commerciale refusée.
    CommercialSolutionRefused,
    /// `PRRE` — Produit réparé.
    Repaired,
    /// `PRIR` — Produit irréparable.
    Irreparable,
    /// `CMDPART` — Commande de pièce.
    PartOrdered,
    /// `PRHG` — Produit hors garantie.
    OutOfWarranty,
    /// `RPLPR` — Remplacement du produit.
    Replaced,
    /// `EDE` — Émission d'un devis.
    QuoteIssued,
    /// `VDE` — Devis validé.
    QuoteAccepted,
    /// `RDE` — Devis refusé.
    QuoteRefused,
    /// `INTWAIT` — En attente d'une date d'intervention sur site.
    AwaitingOnSiteDate,
    /// `INTDATEOK` — Date intervention sur site validée.
    OnSiteDateConfirmed,
    /// `RPR` — Retour du produit (Centre vers client).
    Returned,
    /// `REPPROG` — Réparation en cours.
    RepairInProgress,
    /// `D` — Produit reçu.
    Received,
    /// `IEXP` — Expertise en cours.
    InspectionInProgress,
    /// `ATTTRA` — En attente du bon de transport.
    AwaitingTransportLabel,
}

impl RmaStatus {
    /// In the annex's order.
    pub const ALL: [Self; 24] = [
        Self::AwaitingPartner,
        Self::Accepted,
        Self::Refused,
        Self::AwaitingShipment,
        Self::Shipped,
        Self::PartnerInfoRequest,
        Self::RetailerInfo,
        Self::CommercialSolutionAccepted,
        Self::CommercialSolutionRefused,
        Self::Repaired,
        Self::Irreparable,
        Self::PartOrdered,
        Self::OutOfWarranty,
        Self::Replaced,
        Self::QuoteIssued,
        Self::QuoteAccepted,
        Self::QuoteRefused,
        Self::AwaitingOnSiteDate,
        Self::OnSiteDateConfirmed,
        Self::Returned,
        Self::RepairInProgress,
        Self::Received,
        Self::InspectionInProgress,
        Self::AwaitingTransportLabel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingPartner => "RMAD",
            Self::Accepted => "RMAOK",
            Self::Refused => "RMANOK",
            Self::AwaitingShipment => "ATTEXP",
            Self::Shipped => "EXPOK",
            Self::PartnerInfoRequest => "INFSTT",
            Self::RetailerInfo => "INFREV",
            Self::CommercialSolutionAccepted => "AVRC",
            Self::CommercialSolutionRefused => "AVRF",
            Self::Repaired => "PRRE",
            Self::Irreparable => "PRIR",
            Self::PartOrdered => "CMDPART",
            Self::OutOfWarranty => "PRHG",
            Self::Replaced => "RPLPR",
            Self::QuoteIssued => "EDE",
            Self::QuoteAccepted => "VDE",
            Self::QuoteRefused => "RDE",
            Self::AwaitingOnSiteDate => "INTWAIT",
            Self::OnSiteDateConfirmed => "INTDATEOK",
            Self::Returned => "RPR",
            Self::RepairInProgress => "REPPROG",
            Self::Received => "D",
            Self::InspectionInProgress => "IEXP",
            Self::AwaitingTransportLabel => "ATTTRA",
        }
    }

    /// The annex label, kept verbatim (including "Solution commercial
    /// acceptée") because partners compare it as text.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingPartner => "En attente retour partenaire",
            Self::Accepted => "Dossier accepté",
            Self::Refused => "Dossier refusé",
            Self::AwaitingShipment => "En attente d'expédition (client vers centre)",
            Self::Shipped => "Expédition effectuée (client vers centre)",
            Self::PartnerInfoRequest => "Demande d'information du partenaire",
            Self::RetailerInfo => "Information transmise par le revendeur",
            Self::CommercialSolutionAccepted => "Solution commercial acceptée",
            Self::CommercialSolutionRefused => "Solution commerciale refusée",
            Self::Repaired => "Produit réparé",
            Self::Irreparable => "Produit irréparable",
            Self::PartOrdered => "Commande de pièce",
            Self::OutOfWarranty => "Produit hors garantie",
            Self::Replaced => "Remplacement du produit",
            Self::QuoteIssued => "Émission d'un devis",
            Self::QuoteAccepted => "Devis validé",
            Self::QuoteRefused => "Devis refusé",
            Self::AwaitingOnSiteDate => "En attente d'une date d'intervention sur site",
            Self::OnSiteDateConfirmed => "Date intervention sur site validée",
            Self::Returned => "Retour du produit (Centre vers client)",
            Self::RepairInProgress => "Réparation en cours",
            Self::Received => "Produit reçu",
            Self::InspectionInProgress => "Expertise en cours",
            Self::AwaitingTransportLabel => "En attente du bon de transport",
        }
    }

    /// Exact, case-sensitive match on the code; only surrounding spaces are
    /// ignored, since codes like `D` and `RDE` would collide if we guessed.
    pub fn parse(s: &str) -> Result<Self, UnknownCode> {
        let code = s.trim();
        Self::ALL
            .into_iter()
            .find(|status| status.code() == code)
            .ok_or_else(|| UnknownCode {
                kind: KIND,
                value: s.to_owned(),
            })
    }

    /// [`Self::parse`] without regard to case (`"d"`, `"Vde"`), as partners' clients write the
    /// codes they send (issue 12): no two codes of the annex differ only in case.
    pub fn parse_ignoring_case(s: &str) -> Result<Self, UnknownCode> {
        let code = s.trim();
        Self::ALL
            .into_iter()
            .find(|status| status.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| UnknownCode {
                kind: KIND,
                value: s.to_owned(),
            })
    }

    /// Codes only the retailer side may set: partners read them through
    /// `retrieverequests` (new file, quote answer, retailer information) but
    /// must never send them to `demands/status`.
    pub fn retailer_only(self) -> bool {
        matches!(
            self,
            Self::AwaitingPartner | Self::RetailerInfo | Self::QuoteAccepted | Self::QuoteRefused
        )
    }
}

impl FromStr for RmaStatus {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for RmaStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Written as its annex code.
impl<DB: Backend> ToSql<Text, DB> for RmaStatus
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.code().to_sql(out)
    }
}

/// Read from its annex code, exactly; any other text in the column is an error.
impl<DB: Backend> FromSql<Text, DB> for RmaStatus
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(Self::parse(&String::from_sql(bytes)?)?)
    }
}

impl Serialize for RmaStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for RmaStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::parse(&code).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Annex 5.1, copied verbatim (mojibake-free), in the annex's order.
    const TABLE: [(&str, &str); 24] = [
        ("RMAD", "En attente retour partenaire"),
        ("RMAOK", "Dossier accepté"),
        ("RMANOK", "Dossier refusé"),
        ("ATTEXP", "En attente d'expédition (client vers centre)"),
        ("EXPOK", "Expédition effectuée (client vers centre)"),
        ("INFSTT", "Demande d'information du partenaire"),
        ("INFREV", "Information transmise par le revendeur"),
        ("AVRC", "Solution commercial acceptée"),
        ("AVRF", "Solution commerciale refusée"),
        ("PRRE", "Produit réparé"),
        ("PRIR", "Produit irréparable"),
        ("CMDPART", "Commande de pièce"),
        ("PRHG", "Produit hors garantie"),
        ("RPLPR", "Remplacement du produit"),
        ("EDE", "Émission d'un devis"),
        ("VDE", "Devis validé"),
        ("RDE", "Devis refusé"),
        ("INTWAIT", "En attente d'une date d'intervention sur site"),
        ("INTDATEOK", "Date intervention sur site validée"),
        ("RPR", "Retour du produit (Centre vers client)"),
        ("REPPROG", "Réparation en cours"),
        ("D", "Produit reçu"),
        ("IEXP", "Expertise en cours"),
        ("ATTTRA", "En attente du bon de transport"),
    ];

    #[test]
    fn all_matches_the_annex() {
        let actual: Vec<_> = RmaStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect();
        assert_eq!(actual, TABLE.to_vec());
    }

    #[test]
    fn round_trips() -> Result<(), serde_json::Error> {
        for status in RmaStatus::ALL {
            assert_eq!(RmaStatus::parse(status.code()), Ok(status));
            assert_eq!(status.to_string().parse::<RmaStatus>(), Ok(status));

            let json = serde_json::to_string(&status)?;
            assert_eq!(json, format!("\"{}\"", status.code()));
            assert_eq!(serde_json::from_str::<RmaStatus>(&json)?, status);
        }
        assert_eq!(RmaStatus::parse("  VDE "), Ok(RmaStatus::QuoteAccepted));
        Ok(())
    }

    #[test]
    fn retailer_only_codes() {
        let retailer: Vec<_> = RmaStatus::ALL
            .into_iter()
            .filter(|s| s.retailer_only())
            .map(RmaStatus::code)
            .collect();
        assert_eq!(retailer, ["RMAD", "INFREV", "VDE", "RDE"]);
    }

    #[test]
    fn rejects_unknown_codes() {
        assert_eq!(
            RmaStatus::parse("XYZ"),
            Err(UnknownCode {
                kind: "RMA status",
                value: "XYZ".to_owned(),
            })
        );
        for bad in ["", "rmad", "d", "Vde", "RMA D", "Produit reçu"] {
            assert!(RmaStatus::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(serde_json::from_str::<RmaStatus>("\"XYZ\"").is_err());
        for (loose, status) in [
            ("rmad", RmaStatus::AwaitingPartner),
            (" d ", RmaStatus::Received),
            ("Vde", RmaStatus::QuoteAccepted),
        ] {
            assert_eq!(RmaStatus::parse_ignoring_case(loose), Ok(status));
        }
        assert!(RmaStatus::parse_ignoring_case("Produit reçu").is_err());
        assert!(serde_json::from_str::<RmaStatus>("1").is_err());
    }
}
