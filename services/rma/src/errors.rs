//! The error codes of this service (seed 001 names none), each with its HTTP status and French
//! message, since the document and its partners are French.

platform::error_codes! {
    pub enum RmaError {
        DemandNotFound = (NOT_FOUND, "DEMAND_NOT_FOUND", "Dossier introuvable"),
        DemandNumberExists = (CONFLICT, "DEMAND_NUMBER_EXISTS", "Ce numéro de dossier existe déjà"),
        DemandNotAccepted = (CONFLICT, "DEMAND_NOT_ACCEPTED", "Le dossier n'est pas encore accepté : utilisez d'abord la route demands/accept"),
        DemandAlreadyAccepted = (CONFLICT, "DEMAND_ALREADY_ACCEPTED", "Le dossier est déjà accepté"),
        DemandRefused = (CONFLICT, "DEMAND_REFUSED", "Le dossier a été refusé"),
        DemandClosed = (CONFLICT, "DEMAND_CLOSED", "Le dossier est clôturé"),
        DemandNotRefused = (CONFLICT, "DEMAND_NOT_REFUSED", "Seul un dossier refusé peut être soumis à nouveau"),
        UnknownStatusCode = (UNPROCESSABLE_ENTITY, "UNKNOWN_STATUS_CODE", "Code statut inconnu (voir l'annexe 5.1)"),
        StatusReservedToRetailer = (FORBIDDEN, "STATUS_RESERVED_TO_RETAILER", "Ce code statut est réservé au revendeur"),
        StatusHasItsOwnRoute = (UNPROCESSABLE_ENTITY, "STATUS_HAS_ITS_OWN_ROUTE", "Ce code statut s'envoie par sa propre route (accept, refuse, quotation, responsequote, resubmit)"),
        NoPendingQuote = (CONFLICT, "NO_PENDING_QUOTE", "Aucun devis en attente de réponse sur ce dossier"),
        DocumentTooLarge = (PAYLOAD_TOO_LARGE, "DOCUMENT_TOO_LARGE", "Le document dépasse la taille autorisée"),
        InvalidBase64 = (UNPROCESSABLE_ENTITY, "INVALID_BASE64", "The content is not valid base64."),
        PartnerOnly = (FORBIDDEN, "PARTNER_ONLY", "Cette route est réservée aux centres de réparation"),
        RetailerOnly = (FORBIDDEN, "RETAILER_ONLY", "Cette route est réservée au revendeur"),
        ConcurrentUpdate = (CONFLICT, "CONCURRENT_UPDATE", "The endpoint was being saved by another request: retry."),
        EndpointNotFound = (NOT_FOUND, "ENDPOINT_NOT_FOUND", "Ce partenaire n'a pas d'adresse PUSH"),
    }
}
