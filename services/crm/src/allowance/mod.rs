//! Credit eligibility (`POST /api/allow_credit`): the rule judges a request; an allowed one is
//! scheduled at its date, a refused one counts in the customer's `NbRefus`.

pub mod handlers;
pub mod model;
pub mod store;
