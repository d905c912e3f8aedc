//! Tests for [`super::process`]. Images are generated in memory.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, ImageFormat, Rgb, RgbImage};
use sha2::{Digest, Sha256};

use super::ProcessedPhoto;

mod bombs;
mod exif;
mod formats;
mod refusals;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A colourful, noisy-ish RGB image so that JPEG output is not trivially small.
fn rgb(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let n = x.wrapping_mul(31) ^ y.wrapping_mul(17);
        Rgb([(x % 256) as u8, (y % 256) as u8, (n % 256) as u8])
    })
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), format)?;
    Ok(out)
}

fn jpeg(image: &RgbImage) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90).encode(
        image.as_raw(),
        image.width(),
        image.height(),
        ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, image::ImageError> {
    image::load_from_memory_with_format(bytes, ImageFormat::Jpeg)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_valid_output(photo: &ProcessedPhoto, width: u32, height: u32) -> TestResult {
    assert_eq!((photo.width, photo.height), (width, height));
    assert_eq!(photo.content_type, "image/jpeg");
    assert!(
        photo.data.starts_with(&[0xFF, 0xD8]),
        "full image is not JPEG"
    );
    assert!(
        photo.thumb.starts_with(&[0xFF, 0xD8]),
        "thumbnail is not JPEG"
    );
    assert_eq!(photo.bytes, photo.data.len() as u64);
    assert_eq!(photo.sha256, hex::encode(Sha256::digest(&photo.data)));
    assert_eq!(photo.sha256.len(), 64);
    let full = decode(&photo.data)?;
    assert_eq!((full.width(), full.height()), (width, height));
    let thumb = decode(&photo.thumb)?;
    assert!(thumb.width().max(thumb.height()) <= 320);
    Ok(())
}
