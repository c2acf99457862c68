//! The error codes of the crm service, each with its HTTP status and message, rendered in seed
//! 004's dialect (`{"error": message, "code": CODE}`). Validation failures are the platform's
//! `VALIDATION_ERROR` (422, `errors` naming each field).

platform::error_codes! {
    pub enum CrmError {
        ClientNotFound = (NOT_FOUND, "CLIENT_NOT_FOUND", "No customer matches."),
        EmailAlreadyUsed = (CONFLICT, "EMAIL_ALREADY_USED", "Another customer has this email."),
        ImportConflict = (CONFLICT, "IMPORT_CONFLICT", "A concurrent write took a Compte or an Email of this import: nothing was written, retry."),
        CardNotFound = (NOT_FOUND, "CARD_NOT_FOUND", "This customer holds no such fidelity card."),
        CardHeldByAnother = (CONFLICT, "CARD_HELD_BY_ANOTHER", "This fidelity card belongs to another customer."),
        UnknownCard = (NOT_FOUND, "UNKNOWN_CARD", "No customer holds this fidelity card."),
        TicketConflict = (CONFLICT, "TICKET_CONFLICT", "A ticket with this id was recorded with other content."),
    }
}
