//! Parsing of what partners send, written once for every service: text that must be there,
//! numbers that arrive as JSON numbers or as strings, paging, dates in the seeds' forms and
//! e-mail addresses. Each piece answers a 4xx that names the field, in the service's dialect.

pub mod dates;
pub mod email;
pub mod number;
pub mod paging;
pub mod text;
pub mod url;

pub use email::Email;
pub use paging::{Page, Paging};
pub use text::{given, non_blank, one_of, required, scalar_text, string_or_number, trimmed};
