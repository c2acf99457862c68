//! The error codes of seed 000 and of this service, each with its HTTP status and French message.
//! Eligibility rejections answer 200 with the code instead (see the chatbot's handlers).

platform::error_codes! {
    pub enum SavError {
        MissingEmail = (BAD_REQUEST, "MISSING_EMAIL", "Le paramètre email est obligatoire"),
        InvalidEmail = (BAD_REQUEST, "INVALID_EMAIL", "Le format de l'email est invalide"),
        SaleNotFound = (NOT_FOUND, "SALE_NOT_FOUND", "Commande introuvable"),
        SavNotFound = (NOT_FOUND, "SAV_NOT_FOUND", "SAV introuvable"),
        SavArchived = (CONFLICT, "SAV_ARCHIVED", "Ce SAV est archivé et ne peut plus être modifié"),
        SaleNotCancelable = (CONFLICT, "SALE_NOT_CANCELABLE", "Cette commande ne peut pas être annulée par le chatbot"),
        SaleAlreadyHasCoupon = (CONFLICT, "SALE_ALREADY_HAS_COUPON", "Cette commande utilise déjà un code promo"),
        ForgottenCouponSavAlreadyExists = (CONFLICT, "FORGOTTEN_COUPON_SAV_ALREADY_EXISTS", "Un SAV oubli de code promo existe déjà pour cette commande"),
        InvalidCouponCode = (UNPROCESSABLE_ENTITY, "INVALID_COUPON_CODE", "Le code promo est invalide"),
        InvalidCommercialOfferPercentage = (UNPROCESSABLE_ENTITY, "INVALID_COMMERCIAL_OFFER_PERCENTAGE", "Le pourcentage de geste commercial est invalide"),
        CouponNotFound = (UNPROCESSABLE_ENTITY, "COUPON_NOT_FOUND", "Ce code promo n'existe pas"),
        CouponNotUsable = (UNPROCESSABLE_ENTITY, "COUPON_NOT_USABLE", "Ce code promo a déjà été utilisé ou a expiré"),
        CouponCheckUnavailable = (SERVICE_UNAVAILABLE, "COUPON_CHECK_UNAVAILABLE", "Le code promo ne peut pas être vérifié pour le moment"),
        RepairNotConfigured = (CONFLICT, "REPAIR_NOT_CONFIGURED", "Les réparations ne sont pas configurées sur ce service"),
        RepairAlreadyOpen = (CONFLICT, "REPAIR_ALREADY_OPEN", "Ce SAV a déjà sa demande de réparation"),
        RepairNotFound = (NOT_FOUND, "REPAIR_NOT_FOUND", "Ce SAV n'a pas de réparation"),
        RepairOfAnotherDemand = (CONFLICT, "REPAIR_OF_ANOTHER_DEMAND", "La réparation de ce SAV est une autre demande"),
    }
}
