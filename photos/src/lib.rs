//! Photo intake and content-addressed storage for BirQadam.
//!
//! Uploaded photos are sniffed by content (JPEG, PNG, WebP only), checked
//! against size and pixel limits before decoding, decoded with the EXIF
//! orientation applied, and re-encoded as fresh JPEGs (full image and
//! thumbnail) so that no EXIF, GPS or other metadata is ever stored. The
//! result is stored under its SHA-256 through `object_store`, which makes
//! storage idempotent. This crate deliberately knows nothing about the
//! domain, the database or HTTP.

#![warn(missing_docs)]

mod error;
mod intake;
mod jpeg;
mod limits;
mod s3;
mod store;

pub use error::{PhotoError, StoreError};
pub use intake::{ProcessedPhoto, process};
pub use limits::PhotoLimits;
pub use s3::S3Location;
pub use store::{PhotoSize, PhotoStore, is_valid_sha256};
