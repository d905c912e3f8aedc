//! Response shapes of the API (request DTOs live next to their handlers).

pub mod account;
pub mod created;
pub mod project;
pub mod report;
