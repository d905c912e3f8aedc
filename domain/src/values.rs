//! Value objects: every constrained input is parsed once, at the edge, into one of these types.

mod email;
mod language;
mod password;
mod person_name;
mod phone_number;
mod text;

pub use email::{Email, EmailError};
pub use language::{Language, LanguageError};
pub use password::{Password, PasswordError};
pub use person_name::{PersonName, PersonNameError};
pub use phone_number::{PhoneNumber, PhoneNumberError};
pub use text::{BoundedText, TextError};
