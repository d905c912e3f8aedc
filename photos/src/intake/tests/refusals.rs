//! Non-images, oversized and truncated input are refused.

use image::{DynamicImage, ImageFormat};

use super::{TestResult, encode, jpeg, rgb};
use crate::intake::{PhotoError, PhotoLimits, process};

#[test]
fn rejects_non_images() {
    let limits = PhotoLimits::default();
    let text = b"just some text renamed to photo.jpg\n".repeat(10);
    assert_eq!(process(&text, &limits), Err(PhotoError::UnsupportedType));
    assert_eq!(process(b"", &limits), Err(PhotoError::UnsupportedType));
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x3B]);
    assert_eq!(process(&gif, &limits), Err(PhotoError::UnsupportedType));
}

#[test]
fn rejects_input_over_max_bytes() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(32, 32)), ImageFormat::Png)?;
    let mut limits = PhotoLimits {
        max_bytes: input.len() - 1,
        ..PhotoLimits::default()
    };
    assert_eq!(process(&input, &limits), Err(PhotoError::TooLarge));
    // Over the limit is rejected before sniffing: even garbage says TooLarge.
    assert_eq!(process(&[0u8; 2048], &limits), Err(PhotoError::TooLarge));
    limits.max_bytes = input.len();
    assert!(process(&input, &limits).is_ok());
    Ok(())
}

#[test]
fn truncated_jpeg_is_corrupt() -> TestResult {
    let input = jpeg(&rgb(256, 256))?;
    let half = &input[..input.len() / 2];
    assert!(matches!(
        process(half, &PhotoLimits::default()),
        Err(PhotoError::Corrupt(_))
    ));
    // Only the final marker missing is still truncation.
    let no_eoi = &input[..input.len() - 2];
    assert!(matches!(
        process(no_eoi, &PhotoLimits::default()),
        Err(PhotoError::Corrupt(_))
    ));
    Ok(())
}

#[test]
fn truncated_png_is_corrupt() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(256, 256)), ImageFormat::Png)?;
    let half = &input[..input.len() / 2];
    assert!(matches!(
        process(half, &PhotoLimits::default()),
        Err(PhotoError::Corrupt(_))
    ));
    Ok(())
}
