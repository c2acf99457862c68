//! The codes this service answers beyond the annex's (declared once in
//! `platform::codes::loyalty::LoyaltyErrorCode`) and the platform's: the guide promises JSON or
//! XML, so another `Accept` is a 406, numbered 0 as the annex numbers unknown errors.

platform::error_codes! {
    pub enum LoyaltyError {
        NotAcceptable = (NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "Accept must allow application/json or application/xml.", 0),
    }
}
