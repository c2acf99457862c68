//! Avomark loyalty (API360) codes: the annex "Code erreur Avomark complétant
//! le code 4XX" and the "Tableau des opérations" of the user guide.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::UnknownCode;

crate::error_codes! {
    /// Avomark error number, sent alongside a 4XX HTTP status; the machine code is the variant's
    /// name (`TerminalNotFound` is `TERMINAL_NOT_FOUND`).
    pub enum LoyaltyErrorCode {
        UnknownError = (BAD_REQUEST, "UNKNOWN_ERROR", "An unknown error has occurred.", 0),
        UnknownCard = (NOT_FOUND, "UNKNOWN_CARD", "This card is unknown.", 1),
        CardNotAllowed = (FORBIDDEN, "CARD_NOT_ALLOWED", "You are not allowed to use this card.", 2),
        CardAlreadyUsed = (CONFLICT, "CARD_ALREADY_USED", "This card is already use.", 3),
        VirtualWalletNotActivated = (FORBIDDEN, "VIRTUAL_WALLET_NOT_ACTIVATED", "Virtual Wallet is not activated. Please contact Avomark.", 50),
        SponsorshipNotActivated = (FORBIDDEN, "SPONSORSHIP_NOT_ACTIVATED", "Sponsorship is not activated. Please contact Avomark.", 60),
        GodchildAlreadyHasGodfather = (CONFLICT, "GODCHILD_ALREADY_HAS_GODFATHER", "The godchild already has a godfather.", 61),
        NoSalesFound = (NOT_FOUND, "NO_SALES_FOUND", "Any sales found.", 100),
        DiscountUnavailable = (BAD_REQUEST, "DISCOUNT_UNAVAILABLE", "Impossible to take the discount.", 101),
        RequiredParameterEmpty = (BAD_REQUEST, "REQUIRED_PARAMETER_EMPTY", "Required parameter is empty.", 102),
        PurchaseAlreadySaved = (CONFLICT, "PURCHASE_ALREADY_SAVED", "This purchase is already saved.", 103),
        InvalidSeller = (BAD_REQUEST, "INVALID_SELLER", "Seller invalid.", 104),
        TerminalNotFound = (UNAUTHORIZED, "TERMINAL_NOT_FOUND", "Terminal not found.", 200),
        IncorrectFormatVersion = (BAD_REQUEST, "INCORRECT_FORMAT_VERSION", "Incorrect format version.", 201),
        TerminalNotAvailable = (FORBIDDEN, "TERMINAL_NOT_AVAILABLE", "Terminal not available. Call Avomark.", 202),
        InvalidCriteriaFormat = (BAD_REQUEST, "INVALID_CRITERIA_FORMAT", "The format of the criteria is incorrect.", 300),
        CriteriaAlreadyExist = (CONFLICT, "CRITERIA_ALREADY_EXIST", "The criteria already exist.", 301),
        InconsistentAddress = (BAD_REQUEST, "INCONSISTENT_ADDRESS", "Check the consistency between the city, zipcode and the country.", 302),
        InvalidPhoneFormat = (BAD_REQUEST, "INVALID_PHONE_FORMAT", "The format of the phone is incorrect.", 303),
        InvalidBirthdate = (BAD_REQUEST, "INVALID_BIRTHDATE", "The birthdate is incorrect.", 304),
        NegativePageNumber = (BAD_REQUEST, "NEGATIVE_PAGE_NUMBER", "A page number can't be negative.", 310),
        SearchTooShort = (BAD_REQUEST, "SEARCH_TOO_SHORT", "It takes at least 3 characters to do a search.", 311),
        LastnameTooLong = (BAD_REQUEST, "LASTNAME_TOO_LONG", "The lastname is too long (max 40 characters).", 312),
        FirstnameTooLong = (BAD_REQUEST, "FIRSTNAME_TOO_LONG", "The firstname is too long (max 50 characters).", 313),
        AddressLineTooLong = (BAD_REQUEST, "ADDRESS_LINE_TOO_LONG", "The line address is too long (max 40 characters).", 314),
        LastnameRequired = (BAD_REQUEST, "LASTNAME_REQUIRED", "The lastname is required.", 315),
        UnknownCustomer = (NOT_FOUND, "UNKNOWN_CUSTOMER", "This customer is unknown.", 316),
        ItemNotFound = (NOT_FOUND, "ITEM_NOT_FOUND", "Item not found/exist.", 400),
        ItemTypeNotFound = (NOT_FOUND, "ITEM_TYPE_NOT_FOUND", "Item type not found/exist.", 401),
        VoucherNotFound = (NOT_FOUND, "VOUCHER_NOT_FOUND", "Voucher number not found.", 450),
        VoucherAlreadyUsed = (CONFLICT, "VOUCHER_ALREADY_USED", "Voucher already used.", 451),
        IndexOutOfRange = (BAD_REQUEST, "INDEX_OUT_OF_RANGE", "Index out of range.", 452),
        InvalidVoucherType = (BAD_REQUEST, "INVALID_VOUCHER_TYPE", "Type of voucher is incorrect. See details.", 453),
        InvalidVoucherValue = (BAD_REQUEST, "INVALID_VOUCHER_VALUE", "Value of voucher is incorrect. See details.", 454),
    }
}

impl LoyaltyErrorCode {
    /// The annex's number (every variant has one).
    pub fn annex_number(self) -> u16 {
        self.number().unwrap_or(0)
    }

    pub fn from_number(number: u16) -> Result<Self, UnknownCode> {
        Self::ALL
            .iter()
            .copied()
            .find(|code| code.annex_number() == number)
            .ok_or_else(|| UnknownCode {
                kind: "loyalty error",
                value: number.to_string(),
            })
    }
}

impl Serialize for LoyaltyErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.annex_number())
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
            .map(|c| (c.annex_number(), c.message()))
            .collect();
        assert_eq!(actual, ERRORS.to_vec());
    }

    #[test]
    fn error_codes_round_trip() -> Result<(), serde_json::Error> {
        for &code in LoyaltyErrorCode::ALL {
            assert_eq!(LoyaltyErrorCode::from_number(code.annex_number()), Ok(code));

            let json = serde_json::to_string(&code)?;
            assert_eq!(json, code.annex_number().to_string());
            assert_eq!(serde_json::from_str::<LoyaltyErrorCode>(&json)?, code);
        }
        Ok(())
    }

    #[test]
    fn error_codes_map_to_client_errors() {
        for code in LoyaltyErrorCode::ALL {
            assert!(code.status().is_client_error(), "{code:?}");
        }
        assert_eq!(
            LoyaltyErrorCode::RequiredParameterEmpty.status().as_u16(),
            400
        );
        assert_eq!(LoyaltyErrorCode::TerminalNotFound.status().as_u16(), 401);
        assert_eq!(LoyaltyErrorCode::CardNotAllowed.status().as_u16(), 403);
        assert_eq!(LoyaltyErrorCode::UnknownCustomer.status().as_u16(), 404);
        assert_eq!(LoyaltyErrorCode::VoucherAlreadyUsed.status().as_u16(), 409);
    }

    #[test]
    fn error_codes_become_errors_with_their_number_code_and_text() {
        let err = crate::AppError::from(LoyaltyErrorCode::TerminalNotFound);
        assert_eq!(err.status().as_u16(), 401);
        assert_eq!(err.code(), "TERMINAL_NOT_FOUND");
        assert_eq!(err.number(), Some(200));
        assert_eq!(err.message(), "Terminal not found.");
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
