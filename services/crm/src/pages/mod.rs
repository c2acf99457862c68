//! The HTML pages (seed 004's home page, the import page, login and logout): plain
//! server-rendered HTML with a small stylesheet, usable without JavaScript.

pub mod home;
pub mod html;
pub mod session;
