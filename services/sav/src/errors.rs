//! The error codes of seed 000 and of this service, each with its HTTP status and French message.

use actix_web::http::StatusCode;
use platform::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavError {
    MissingEmail,
    InvalidEmail,
    SaleNotFound,
    SavNotFound,
    SavArchived,
    SaleNotCancelable,
    SaleAlreadyHasCoupon,
    ForgottenCouponSavAlreadyExists,
    InvalidCouponCode,
    InvalidCommercialOfferPercentage,
}

impl SavError {
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingEmail => "MISSING_EMAIL",
            Self::InvalidEmail => "INVALID_EMAIL",
            Self::SaleNotFound => "SALE_NOT_FOUND",
            Self::SavNotFound => "SAV_NOT_FOUND",
            Self::SavArchived => "SAV_ARCHIVED",
            Self::SaleNotCancelable => "SALE_NOT_CANCELABLE",
            Self::SaleAlreadyHasCoupon => "SALE_ALREADY_HAS_COUPON",
            Self::ForgottenCouponSavAlreadyExists => "FORGOTTEN_COUPON_SAV_ALREADY_EXISTS",
            Self::InvalidCouponCode => "INVALID_COUPON_CODE",
            Self::InvalidCommercialOfferPercentage => "INVALID_COMMERCIAL_OFFER_PERCENTAGE",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::MissingEmail => "Le paramètre email est obligatoire",
            Self::InvalidEmail => "Le format de l'email est invalide",
            Self::SaleNotFound => "Commande introuvable",
            Self::SavNotFound => "SAV introuvable",
            Self::SavArchived => "Ce SAV est archivé et ne peut plus être modifié",
            Self::SaleNotCancelable => "Cette commande ne peut pas être annulée par le chatbot",
            Self::SaleAlreadyHasCoupon => "Cette commande utilise déjà un code promo",
            Self::ForgottenCouponSavAlreadyExists => {
                "Un SAV oubli de code promo existe déjà pour cette commande"
            }
            Self::InvalidCouponCode => "Le code promo est invalide",
            Self::InvalidCommercialOfferPercentage => {
                "Le pourcentage de geste commercial est invalide"
            }
        }
    }

    /// The status when the code is an error answer (eligibility rejections answer 200 instead).
    pub fn status(self) -> StatusCode {
        match self {
            Self::MissingEmail | Self::InvalidEmail => StatusCode::BAD_REQUEST,
            Self::SaleNotFound | Self::SavNotFound => StatusCode::NOT_FOUND,
            Self::InvalidCouponCode | Self::InvalidCommercialOfferPercentage => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::SavArchived
            | Self::SaleNotCancelable
            | Self::SaleAlreadyHasCoupon
            | Self::ForgottenCouponSavAlreadyExists => StatusCode::CONFLICT,
        }
    }
}

impl From<SavError> for AppError {
    fn from(err: SavError) -> Self {
        AppError::new(err.status(), err.code(), err.message())
    }
}
