//! The error codes of this service (seed 001 names none), each with its HTTP status and French
//! message, since the document and its partners are French.

use actix_web::http::StatusCode;
use platform::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RmaError {
    DemandNotFound,
    DemandNumberExists,
    DemandNotAccepted,
    DemandAlreadyAccepted,
    DemandRefused,
    DemandClosed,
    DemandNotRefused,
    UnknownStatusCode,
    StatusReservedToRetailer,
    StatusHasItsOwnRoute,
    NoPendingQuote,
    DocumentTooLarge,
    PartnerOnly,
    RetailerOnly,
}

impl RmaError {
    pub const ALL: [Self; 14] = [
        Self::DemandNotFound,
        Self::DemandNumberExists,
        Self::DemandNotAccepted,
        Self::DemandAlreadyAccepted,
        Self::DemandRefused,
        Self::DemandClosed,
        Self::DemandNotRefused,
        Self::UnknownStatusCode,
        Self::StatusReservedToRetailer,
        Self::StatusHasItsOwnRoute,
        Self::NoPendingQuote,
        Self::DocumentTooLarge,
        Self::PartnerOnly,
        Self::RetailerOnly,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::DemandNotFound => "DEMAND_NOT_FOUND",
            Self::DemandNumberExists => "DEMAND_NUMBER_EXISTS",
            Self::DemandNotAccepted => "DEMAND_NOT_ACCEPTED",
            Self::DemandAlreadyAccepted => "DEMAND_ALREADY_ACCEPTED",
            Self::DemandRefused => "DEMAND_REFUSED",
            Self::DemandClosed => "DEMAND_CLOSED",
            Self::DemandNotRefused => "DEMAND_NOT_REFUSED",
            Self::UnknownStatusCode => "UNKNOWN_STATUS_CODE",
            Self::StatusReservedToRetailer => "STATUS_RESERVED_TO_RETAILER",
            Self::StatusHasItsOwnRoute => "STATUS_HAS_ITS_OWN_ROUTE",
            Self::NoPendingQuote => "NO_PENDING_QUOTE",
            Self::DocumentTooLarge => "DOCUMENT_TOO_LARGE",
            Self::PartnerOnly => "PARTNER_ONLY",
            Self::RetailerOnly => "RETAILER_ONLY",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::DemandNotFound => "Dossier introuvable",
            Self::DemandNumberExists => "Ce numéro de dossier existe déjà",
            Self::DemandNotAccepted => {
                "Le dossier n'est pas encore accepté : utilisez d'abord la route demands/accept"
            }
            Self::DemandAlreadyAccepted => "Le dossier est déjà accepté",
            Self::DemandRefused => "Le dossier a été refusé",
            Self::DemandClosed => "Le dossier est clôturé",
            Self::DemandNotRefused => "Seul un dossier refusé peut être soumis à nouveau",
            Self::UnknownStatusCode => "Code statut inconnu (voir l'annexe 5.1)",
            Self::StatusReservedToRetailer => "Ce code statut est réservé au revendeur",
            Self::StatusHasItsOwnRoute => {
                "Ce code statut s'envoie par sa propre route (accept, refuse, quotation, responsequote, resubmit)"
            }
            Self::NoPendingQuote => "Aucun devis en attente de réponse sur ce dossier",
            Self::DocumentTooLarge => "Le document dépasse la taille autorisée",
            Self::PartnerOnly => "Cette route est réservée aux centres de réparation",
            Self::RetailerOnly => "Cette route est réservée au revendeur",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Self::DemandNotFound => StatusCode::NOT_FOUND,
            Self::UnknownStatusCode | Self::StatusHasItsOwnRoute => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::StatusReservedToRetailer | Self::PartnerOnly | Self::RetailerOnly => {
                StatusCode::FORBIDDEN
            }
            Self::DocumentTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::DemandNumberExists
            | Self::DemandNotAccepted
            | Self::DemandAlreadyAccepted
            | Self::DemandRefused
            | Self::DemandClosed
            | Self::DemandNotRefused
            | Self::NoPendingQuote => StatusCode::CONFLICT,
        }
    }
}

impl From<RmaError> for AppError {
    fn from(err: RmaError) -> Self {
        AppError::new(err.status(), err.code(), err.message())
    }
}
