//! The service layer: what the site does, called alike by the pages ([`crate::pages`]) and
//! the API ([`crate::api`]), each returning a view model that a page draws and the API
//! serialises, so that the two never drift apart.

pub mod accounts;
pub mod browse;
pub mod charts;
pub mod compare;
pub mod corpus;
pub mod drafts;
pub mod score;
pub mod season;
pub mod stored;
