//! The CRM fed with the tickets (issue 16, flow 3): when `service.crm.url` is set, each ticket
//! that sells or returns is written as a `crm.ticket` event in its own transaction, and the
//! outbox's dispatcher delivers it to the CRM's `POST /api/loyalty-events`, which credits the
//! card's holder (or takes a returned sale's credit back) once per event.

pub mod delivery;
pub mod event;
