//! Avomark loyalty (API360) codes: the annex "Code erreur Avomark complétant
//! le code 4XX" and the "Tableau des opérations" of the user guide.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnknownCode;

/// Avomark error number, sent alongside a 4XX HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoyaltyErrorCode {
    /// `0`
    UnknownError,
    /// `1`
    UnknownCard,
    /// `2`
    CardNotAllowed,
    /// `3`
    CardAlreadyUsed,
    /// `50`
    VirtualWalletNotActivated,
    /// `60`
    SponsorshipNotActivated,
    /// `61`
    GodchildAlreadyHasGodfather,
    /// `100`
    NoSalesFound,
    /// `101`
    DiscountUnavailable,
    /// `102`
    RequiredParameterEmpty,
    /// `103`
    PurchaseAlreadySaved,
    /// `104`
    InvalidSeller,
    /// `200`
    TerminalNotFound,
    /// `201`
    IncorrectFormatVersion,
    /// `202`
    TerminalNotAvailable,
    /// `300`
    InvalidCriteriaFormat,
    /// `301`
    CriteriaAlreadyExist,
    /// `302`
    InconsistentAddress,
    /// `303`
    InvalidPhoneFormat,
    /// `304`
    InvalidBirthdate,
    /// `310`
    NegativePageNumber,
    /// `311`
    SearchTooShort,
    /// `312`
    LastnameTooLong,
    /// `313`
    FirstnameTooLong,
    /// `314`
    AddressLineTooLong,
    /// `315`
    LastnameRequired,
    /// `316`
    UnknownCustomer,
    /// `400`
    ItemNotFound,
    /// `401`
    ItemTypeNotFound,
    /// `450`
    VoucherNotFound,
    /// `451`
    VoucherAlreadyUsed,
    /// `452`
    IndexOutOfRange,
    /// `453`
    InvalidVoucherType,
    /// `454`
    InvalidVoucherValue,
}

impl LoyaltyErrorCode {
    /// In the annex's order.
    pub const ALL: [Self; 34] = [
        Self::UnknownError,
        Self::UnknownCard,
        Self::CardNotAllowed,
        Self::CardAlreadyUsed,
        Self::VirtualWalletNotActivated,
        Self::SponsorshipNotActivated,
        Self::GodchildAlreadyHasGodfather,
        Self::NoSalesFound,
        Self::DiscountUnavailable,
        Self::RequiredParameterEmpty,
        Self::PurchaseAlreadySaved,
        Self::InvalidSeller,
        Self::TerminalNotFound,
        Self::IncorrectFormatVersion,
        Self::TerminalNotAvailable,
        Self::InvalidCriteriaFormat,
        Self::CriteriaAlreadyExist,
        Self::InconsistentAddress,
        Self::InvalidPhoneFormat,
        Self::InvalidBirthdate,
        Self::NegativePageNumber,
        Self::SearchTooShort,
        Self::LastnameTooLong,
        Self::FirstnameTooLong,
        Self::AddressLineTooLong,
        Self::LastnameRequired,
        Self::UnknownCustomer,
        Self::ItemNotFound,
        Self::ItemTypeNotFound,
        Self::VoucherNotFound,
        Self::VoucherAlreadyUsed,
        Self::IndexOutOfRange,
        Self::InvalidVoucherType,
        Self::InvalidVoucherValue,
    ];

    pub fn number(self) -> u16 {
        match self {
            Self::UnknownError => 0,
            Self::UnknownCard => 1,
            Self::CardNotAllowed => 2,
            Self::CardAlreadyUsed => 3,
            Self::VirtualWalletNotActivated => 50,
            Self::SponsorshipNotActivated => 60,
            Self::GodchildAlreadyHasGodfather => 61,
            Self::NoSalesFound => 100,
            Self::DiscountUnavailable => 101,
            Self::RequiredParameterEmpty => 102,
            Self::PurchaseAlreadySaved => 103,
            Self::InvalidSeller => 104,
            Self::TerminalNotFound => 200,
            Self::IncorrectFormatVersion => 201,
            Self::TerminalNotAvailable => 202,
            Self::InvalidCriteriaFormat => 300,
            Self::CriteriaAlreadyExist => 301,
            Self::InconsistentAddress => 302,
            Self::InvalidPhoneFormat => 303,
            Self::InvalidBirthdate => 304,
            Self::NegativePageNumber => 310,
            Self::SearchTooShort => 311,
            Self::LastnameTooLong => 312,
            Self::FirstnameTooLong => 313,
            Self::AddressLineTooLong => 314,
            Self::LastnameRequired => 315,
            Self::UnknownCustomer => 316,
            Self::ItemNotFound => 400,
            Self::ItemTypeNotFound => 401,
            Self::VoucherNotFound => 450,
            Self::VoucherAlreadyUsed => 451,
            Self::IndexOutOfRange => 452,
            Self::InvalidVoucherType => 453,
            Self::InvalidVoucherValue => 454,
        }
    }

    /// The annex message, verbatim (its typos included: clients match on it).
    pub fn message(self) -> &'static str {
        match self {
            Self::UnknownError => "An unknown error has occurred.",
            Self::UnknownCard => "This card is unknown.",
            Self::CardNotAllowed => "You are not allowed to use this card.",
            Self::CardAlreadyUsed => "This card is already use.",
            Self::VirtualWalletNotActivated => {
                "Virtual Wallet is not activated. Please contact Avomark."
            }
            Self::SponsorshipNotActivated => {
                "Sponsorship is not activated. Please contact Avomark."
            }
            Self::GodchildAlreadyHasGodfather => "The godchild already has a godfather.",
            Self::NoSalesFound => "Any sales found.",
            Self::DiscountUnavailable => "Impossible to take the discount.",
            Self::RequiredParameterEmpty => "Required parameter is empty.",
            Self::PurchaseAlreadySaved => "This purchase is already saved.",
            Self::InvalidSeller => "Seller invalid.",
            Self::TerminalNotFound => "Terminal not found.",
            Self::IncorrectFormatVersion => "Incorrect format version.",
            Self::TerminalNotAvailable => "Terminal not available. Call Avomark.",
            Self::InvalidCriteriaFormat => "The format of the criteria is incorrect.",
            Self::CriteriaAlreadyExist => "The criteria already exist.",
            Self::InconsistentAddress => {
                "Check the consistency between the city, zipcode and the country."
            }
            Self::InvalidPhoneFormat => "The format of the phone is incorrect.",
            Self::InvalidBirthdate => "The birthdate is incorrect.",
            Self::NegativePageNumber => "A page number can't be negative.",
            Self::SearchTooShort => "It takes at least 3 characters to do a search.",
            Self::LastnameTooLong => "The lastname is too long (max 40 characters).",
            Self::FirstnameTooLong => "The firstname is too long (max 50 characters).",
            Self::AddressLineTooLong => "The line address is too long (max 40 characters).",
            Self::LastnameRequired => "The lastname is required.",
            Self::UnknownCustomer => "This customer is unknown.",
            Self::ItemNotFound => "Item not found/exist.",
            Self::ItemTypeNotFound => "Item type not found/exist.",
            Self::VoucherNotFound => "Voucher number not found.",
            Self::VoucherAlreadyUsed => "Voucher already used.",
            Self::IndexOutOfRange => "Index out of range.",
            Self::InvalidVoucherType => "Type of voucher is incorrect. See details.",
            Self::InvalidVoucherValue => "Value of voucher is incorrect. See details.",
        }
    }

    pub fn from_number(number: u16) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|code| code.number() == number)
            .ok_or_else(|| UnknownCode {
                kind: "loyalty error",
                value: number.to_string(),
            })
    }

    /// The annex says every code completes a 4XX, so even `0` stays 400; the
    /// 4XX is picked by kind: unknown → 404, terminal credential → 401,
    /// not allowed / not activated → 403, already used / exists → 409, else 400.
    pub fn http_status(self) -> u16 {
        match self {
            Self::TerminalNotFound => 401,
            Self::CardNotAllowed
            | Self::VirtualWalletNotActivated
            | Self::SponsorshipNotActivated
            | Self::TerminalNotAvailable => 403,
            Self::UnknownCard
            | Self::NoSalesFound
            | Self::UnknownCustomer
            | Self::ItemNotFound
            | Self::ItemTypeNotFound
            | Self::VoucherNotFound => 404,
            Self::CardAlreadyUsed
            | Self::GodchildAlreadyHasGodfather
            | Self::PurchaseAlreadySaved
            | Self::CriteriaAlreadyExist
            | Self::VoucherAlreadyUsed => 409,
            Self::UnknownError
            | Self::DiscountUnavailable
            | Self::RequiredParameterEmpty
            | Self::InvalidSeller
            | Self::IncorrectFormatVersion
            | Self::InvalidCriteriaFormat
            | Self::InconsistentAddress
            | Self::InvalidPhoneFormat
            | Self::InvalidBirthdate
            | Self::NegativePageNumber
            | Self::SearchTooShort
            | Self::LastnameTooLong
            | Self::FirstnameTooLong
            | Self::AddressLineTooLong
            | Self::LastnameRequired
            | Self::IndexOutOfRange
            | Self::InvalidVoucherType
            | Self::InvalidVoucherValue => 400,
        }
    }
}

impl Serialize for LoyaltyErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.number())
    }
}

impl<'de> Deserialize<'de> for LoyaltyErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u16::deserialize(deserializer)?;
        Self::from_number(number).map_err(serde::de::Error::custom)
    }
}

const OPERATION_KIND: &str = "loyalty operation type";

/// Ticket operation, sent as `"operation": {"id": <n>}`. The document calls
/// its table non-exhaustive; ids outside it are rejected until confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationType {
    /// `0` — Achat.
    Achat0,
    /// `1` — Achat (the id used in the document's ticket example).
    Achat1,
    /// `2` — Remise.
    Remise2,
    /// `5` — Remise.
    Remise5,
    /// `7` — Crédit.
    Credit,
    /// `10` — Frais d'ouverture.
    FraisOuverture,
    /// `11` — Versement.
    Versement,
    /// `12` — Retrait.
    Retrait,
    /// `13` — Reprise d'article.
    RepriseArticle,
    /// `17` — RAZ.
    Raz,
}

impl OperationType {
    /// In the table's order.
    pub const ALL: [Self; 10] = [
        Self::Achat0,
        Self::Achat1,
        Self::Remise2,
        Self::Remise5,
        Self::Credit,
        Self::FraisOuverture,
        Self::Versement,
        Self::Retrait,
        Self::RepriseArticle,
        Self::Raz,
    ];

    /// The numeric id: the document identifies operations by number only.
    pub fn id(self) -> u16 {
        match self {
            Self::Achat0 => 0,
            Self::Achat1 => 1,
            Self::Remise2 => 2,
            Self::Remise5 => 5,
            Self::Credit => 7,
            Self::FraisOuverture => 10,
            Self::Versement => 11,
            Self::Retrait => 12,
            Self::RepriseArticle => 13,
            Self::Raz => 17,
        }
    }

    /// The table's `TYPE` column; not unique (two "Achat", two "Remise").
    pub fn label(self) -> &'static str {
        match self {
            Self::Achat0 | Self::Achat1 => "Achat",
            Self::Remise2 | Self::Remise5 => "Remise",
            Self::Credit => "Crédit",
            Self::FraisOuverture => "Frais d'ouverture",
            Self::Versement => "Versement",
            Self::Retrait => "Retrait",
            Self::RepriseArticle => "Reprise d'article",
            Self::Raz => "RAZ",
        }
    }

    pub fn from_id(id: i64) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|op| i64::from(op.id()) == id)
            .ok_or_else(|| UnknownCode {
                kind: OPERATION_KIND,
                value: id.to_string(),
            })
    }

    /// Parses the numeric id (surrounding spaces ignored); labels are not
    /// accepted because they are ambiguous.
    pub fn parse(s: &str) -> Result<Self, UnknownCode> {
        let unknown = || UnknownCode {
            kind: OPERATION_KIND,
            value: s.to_owned(),
        };
        let id = s.trim().parse::<i64>().map_err(|_| unknown())?;
        Self::from_id(id).map_err(|_| unknown())
    }
}

impl FromStr for OperationType {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Shows the id, the value that goes on the wire.
impl fmt::Display for OperationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id())
    }
}

impl Serialize for OperationType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.id())
    }
}

impl<'de> Deserialize<'de> for OperationType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = i64::deserialize(deserializer)?;
        Self::from_id(id).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Annex "Code erreur Avomark complétant le code 4XX", copied verbatim.
    const ERRORS: [(u16, &str); 34] = [
        (0, "An unknown error has occurred."),
        (1, "This card is unknown."),
        (2, "You are not allowed to use this card."),
        (3, "This card is already use."),
        (
            50,
            "Virtual Wallet is not activated. Please contact Avomark.",
        ),
        (60, "Sponsorship is not activated. Please contact Avomark."),
        (61, "The godchild already has a godfather."),
        (100, "Any sales found."),
        (101, "Impossible to take the discount."),
        (102, "Required parameter is empty."),
        (103, "This purchase is already saved."),
        (104, "Seller invalid."),
        (200, "Terminal not found."),
        (201, "Incorrect format version."),
        (202, "Terminal not available. Call Avomark."),
        (300, "The format of the criteria is incorrect."),
        (301, "The criteria already exist."),
        (
            302,
            "Check the consistency between the city, zipcode and the country.",
        ),
        (303, "The format of the phone is incorrect."),
        (304, "The birthdate is incorrect."),
        (310, "A page number can't be negative."),
        (311, "It takes at least 3 characters to do a search."),
        (312, "The lastname is too long (max 40 characters)."),
        (313, "The firstname is too long (max 50 characters)."),
        (314, "The line address is too long (max 40 characters)."),
        (315, "The lastname is required."),
        (316, "This customer is unknown."),
        (400, "Item not found/exist."),
        (401, "Item type not found/exist."),
        (450, "Voucher number not found."),
        (451, "Voucher already used."),
        (452, "Index out of range."),
        (453, "Type of voucher is incorrect. See details."),
        (454, "Value of voucher is incorrect. See details."),
    ];

    /// "Tableau des opérations", copied verbatim.
    const OPERATIONS: [(u16, &str); 10] = [
        (0, "Achat"),
        (1, "Achat"),
        (2, "Remise"),
        (5, "Remise"),
        (7, "Crédit"),
        (10, "Frais d'ouverture"),
        (11, "Versement"),
        (12, "Retrait"),
        (13, "Reprise d'article"),
        (17, "RAZ"),
    ];

    #[test]
    fn error_codes_match_the_annex() {
        let actual: Vec<_> = LoyaltyErrorCode::ALL
            .iter()
            .map(|c| (c.number(), c.message()))
            .collect();
        assert_eq!(actual, ERRORS.to_vec());
        assert_eq!(LoyaltyErrorCode::ALL.len(), 34);
    }

    #[test]
    fn error_codes_round_trip() -> Result<(), serde_json::Error> {
        for code in LoyaltyErrorCode::ALL {
            assert_eq!(LoyaltyErrorCode::from_number(code.number()), Ok(code));

            let json = serde_json::to_string(&code)?;
            assert_eq!(json, code.number().to_string());
            assert_eq!(serde_json::from_str::<LoyaltyErrorCode>(&json)?, code);
        }
        Ok(())
    }

    #[test]
    fn error_codes_map_to_client_errors() {
        for code in LoyaltyErrorCode::ALL {
            assert!((400..500).contains(&code.http_status()), "{code:?}");
        }
        assert_eq!(LoyaltyErrorCode::RequiredParameterEmpty.http_status(), 400);
        assert_eq!(LoyaltyErrorCode::TerminalNotFound.http_status(), 401);
        assert_eq!(LoyaltyErrorCode::CardNotAllowed.http_status(), 403);
        assert_eq!(LoyaltyErrorCode::UnknownCustomer.http_status(), 404);
        assert_eq!(LoyaltyErrorCode::VoucherAlreadyUsed.http_status(), 409);
    }

    #[test]
    fn unknown_error_numbers_are_rejected() {
        assert_eq!(
            LoyaltyErrorCode::from_number(9999),
            Err(UnknownCode {
                kind: "loyalty error",
                value: "9999".to_owned(),
            })
        );
        assert!(LoyaltyErrorCode::from_number(4).is_err());
        assert!(serde_json::from_str::<LoyaltyErrorCode>("9999").is_err());
        assert!(serde_json::from_str::<LoyaltyErrorCode>("\"102\"").is_err());
    }

    #[test]
    fn operations_match_the_table() {
        let actual: Vec<_> = OperationType::ALL
            .iter()
            .map(|op| (op.id(), op.label()))
            .collect();
        assert_eq!(actual, OPERATIONS.to_vec());
        assert_eq!(OperationType::ALL.len(), 10);
    }

    #[test]
    fn operations_round_trip() -> Result<(), serde_json::Error> {
        for op in OperationType::ALL {
            assert_eq!(OperationType::from_id(i64::from(op.id())), Ok(op));
            assert_eq!(OperationType::parse(&op.id().to_string()), Ok(op));
            assert_eq!(op.to_string().parse::<OperationType>(), Ok(op));

            let json = serde_json::to_string(&op)?;
            assert_eq!(json, op.id().to_string());
            assert_eq!(serde_json::from_str::<OperationType>(&json)?, op);
        }
        Ok(())
    }

    #[test]
    fn unknown_operations_are_rejected() {
        assert_eq!(
            OperationType::parse("9999"),
            Err(UnknownCode {
                kind: "loyalty operation type",
                value: "9999".to_owned(),
            })
        );
        for bad in ["3", "-1", "", "Achat", "credit"] {
            assert!(OperationType::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(serde_json::from_str::<OperationType>("9999").is_err());
        assert!(serde_json::from_str::<OperationType>("\"Achat\"").is_err());
    }
}
