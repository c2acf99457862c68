//! Browser sessions for the services' HTML pages (the CRM's, seed 004): `POST /crm/login`
//! takes an API client's id and secret, as `/oauth/token` does, and sets the session cookie,
//! which carries a gateway token; the proxy then accepts that cookie as it accepts a bearer
//! token (docs/decisions.md, "Web pages and login"). The login page itself is the CRM's.

pub mod handlers;
