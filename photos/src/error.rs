//! Error types for photo intake and photo storage.

/// Why an uploaded photo was rejected by [`crate::process`].
///
/// Every variant maps to a stable, machine-readable code via [`PhotoError::code`],
/// which the API layer returns to clients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The upload is larger than [`crate::PhotoLimits::max_bytes`].
    #[error("the photo is larger than the allowed size")]
    TooLarge,
    /// The content is not a JPEG, PNG or WebP image (judged by its bytes, not its name).
    #[error("only JPEG, PNG and WebP photos are accepted")]
    UnsupportedType,
    /// The image declares more pixels (or a longer side) than allowed.
    #[error("the photo has too many pixels")]
    TooManyPixels,
    /// The image is truncated or otherwise cannot be decoded or re-encoded.
    #[error("the photo is corrupt: {0}")]
    Corrupt(String),
}

impl PhotoError {
    /// Stable error code for API responses, e.g. `upload.too_large`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "upload.too_large",
            Self::UnsupportedType => "upload.unsupported_type",
            Self::TooManyPixels => "upload.too_many_pixels",
            Self::Corrupt(_) => "upload.corrupt",
        }
    }
}

/// A failure of the underlying photo storage (file system or object store).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The local storage directory could not be created.
    #[error("cannot create photo storage directory: {0}")]
    Io(#[from] std::io::Error),
    /// A photo carried a `sha256` that is not 64 lowercase hex characters,
    /// so no storage key may be built from it.
    #[error("invalid photo key")]
    InvalidKey,
    /// The object store reported an error.
    #[error("photo storage error: {0}")]
    ObjectStore(#[from] object_store::Error),
}

#[cfg(test)]
mod tests {
    use super::PhotoError;

    #[test]
    fn codes_are_stable() {
        assert_eq!(PhotoError::TooLarge.code(), "upload.too_large");
        assert_eq!(
            PhotoError::UnsupportedType.code(),
            "upload.unsupported_type"
        );
        assert_eq!(PhotoError::TooManyPixels.code(), "upload.too_many_pixels");
        assert_eq!(PhotoError::Corrupt("x".into()).code(), "upload.corrupt");
    }
}
