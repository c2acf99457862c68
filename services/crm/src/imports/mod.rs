//! The import page: a file uploaded (the `update_db` JSON, or CSV with the same columns), every
//! row checked and previewed, the bad rows downloadable as CSV, then the import run in the
//! background with its progress on its page.

mod french;
pub mod handlers;
pub mod jobs;
pub mod store;
pub mod view;
