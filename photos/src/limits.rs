//! Size and resolution limits applied to uploaded photos.

/// Limits enforced by [`crate::process`] on every upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoLimits {
    /// Maximum size of the uploaded file in bytes (default 10 MiB).
    pub max_bytes: usize,
    /// Maximum number of pixels (`width * height`) the image may declare (default 40 million).
    pub max_pixels: u64,
    /// Maximum length of either side in pixels (default 12 000).
    pub max_dimension: u32,
    /// Longer side of the generated thumbnail in pixels (default 320).
    pub thumb_size: u32,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_dimension: 12_000,
            thumb_size: 320,
        }
    }
}

impl PhotoLimits {
    /// Whether an image of `width` x `height` pixels is within these limits.
    #[must_use]
    pub fn allows_dimensions(&self, width: u32, height: u32) -> bool {
        width <= self.max_dimension
            && height <= self.max_dimension
            && u64::from(width) * u64::from(height) <= self.max_pixels
    }
}

#[cfg(test)]
mod tests {
    use super::PhotoLimits;

    #[test]
    fn defaults() {
        let l = PhotoLimits::default();
        assert_eq!(l.max_bytes, 10_485_760);
        assert_eq!(l.max_pixels, 40_000_000);
        assert_eq!(l.max_dimension, 12_000);
        assert_eq!(l.thumb_size, 320);
    }

    #[test]
    fn dimension_checks() {
        let l = PhotoLimits::default();
        assert!(l.allows_dimensions(6000, 4000));
        assert!(!l.allows_dimensions(12_001, 10));
        assert!(!l.allows_dimensions(10, 12_001));
        assert!(!l.allows_dimensions(10_000, 10_000));
    }
}
