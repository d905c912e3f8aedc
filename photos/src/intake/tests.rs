//! Tests for [`super::process`]. Images are generated in memory.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use sha2::{Digest, Sha256};

use super::{PhotoError, PhotoLimits, ProcessedPhoto, process, thumb_dimensions};

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

#[test]
fn accepts_png_jpeg_and_webp() -> TestResult {
    let image = DynamicImage::ImageRgb8(rgb(640, 480));
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
        let input = encode(&image, format)?;
        let photo = process(&input, &PhotoLimits::default())?;
        assert_valid_output(&photo, 640, 480)?;
        let thumb = decode(&photo.thumb)?;
        assert_eq!((thumb.width(), thumb.height()), (320, 240), "{format:?}");
    }
    Ok(())
}

#[test]
fn small_images_are_not_upscaled() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(100, 50)), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let thumb = decode(&photo.thumb)?;
    assert_eq!((thumb.width(), thumb.height()), (100, 50));
    Ok(())
}

#[test]
fn debug_output_elides_image_bytes() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(64, 64)), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let debug = format!("{photo:?}");
    assert!(debug.contains(&photo.sha256));
    assert!(debug.contains(&format!("<{} bytes>", photo.data.len())));
    assert!(debug.len() < 400, "{debug}");
    Ok(())
}

#[test]
fn thumbnail_keeps_aspect_ratio() {
    assert_eq!(thumb_dimensions(4000, 3000, 320), (320, 240));
    assert_eq!(thumb_dimensions(3000, 4000, 320), (240, 320));
    assert_eq!(thumb_dimensions(10_000, 10, 320), (320, 1));
    assert_eq!(thumb_dimensions(320, 200, 320), (320, 200));
    assert_eq!(thumb_dimensions(5, 5, 0), (1, 1));
}

#[test]
fn transparency_is_flattened_onto_white() -> TestResult {
    let image = RgbaImage::from_pixel(64, 64, Rgba([0, 0, 0, 0]));
    let input = encode(&DynamicImage::ImageRgba8(image), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let out = decode(&photo.data)?.into_rgb8();
    let Rgb([r, g, b]) = *out.get_pixel(32, 32);
    assert!(r > 245 && g > 245 && b > 245, "got {r},{g},{b}");
    Ok(())
}

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

/// CRC-32 (IEEE, reflected) as used by PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).expect("tiny chunk").to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A hand-built PNG whose header declares `width` x `height` RGB pixels but
/// whose IDAT is a few bytes: a decompression-bomb stand-in.
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of a single empty stored block.
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 1],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn crc32_matches_known_value() {
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[test]
fn decompression_bombs_are_rejected_from_the_header() {
    let limits = PhotoLimits::default();
    let started = Instant::now();
    // Side over max_dimension (caught by decoder limits and our check).
    assert_eq!(
        process(&png_bomb(30_000, 30_000), &limits),
        Err(PhotoError::TooManyPixels)
    );
    // Sides within max_dimension but 100 Mpx > max_pixels (caught by our check).
    assert_eq!(
        process(&png_bomb(10_000, 10_000), &limits),
        Err(PhotoError::TooManyPixels)
    );
    assert_eq!(
        process(&png_bomb(1, 12_001), &limits),
        Err(PhotoError::TooManyPixels)
    );
    // Allocating and inflating 900M pixels would take far longer than this.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn jpeg_bomb_is_rejected_from_the_header() -> TestResult {
    let mut input = jpeg(&rgb(16, 16))?;
    // Patch the SOF0 frame header to declare 10000 x 10000.
    let sof = input
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .ok_or("encoder wrote no SOF0")?;
    input[sof + 5..sof + 9].copy_from_slice(&[0x27, 0x10, 0x27, 0x10]);
    let started = Instant::now();
    assert_eq!(
        process(&input, &PhotoLimits::default()),
        Err(PhotoError::TooManyPixels)
    );
    assert!(started.elapsed() < Duration::from_secs(2));
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

/// An APP1 Exif segment (little-endian TIFF) with an orientation tag and,
/// optionally, a GPS IFD holding a latitude reference.
fn exif_segment(orientation: u16, with_gps: bool) -> Vec<u8> {
    let entries: u16 = if with_gps { 2 } else { 1 };
    let ifd0_len = 2 + 12 * usize::from(entries) + 4;
    let gps_offset = u32::try_from(8 + ifd0_len).expect("small");
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&entries.to_le_bytes());
    // 0x0112 Orientation, SHORT, count 1, value.
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    if with_gps {
        // 0x8825 GPSInfo IFD pointer, LONG, count 1, offset.
        tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0]);
        tiff.extend_from_slice(&gps_offset.to_le_bytes());
    }
    tiff.extend_from_slice(&0u32.to_le_bytes());
    if with_gps {
        // GPS IFD: 0x0001 GPSLatitudeRef, ASCII, count 2, "N\0".
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&[0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let len = u16::try_from(payload.len() + 2).expect("small segment");
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&len.to_be_bytes());
    segment.extend_from_slice(&payload);
    segment
}

/// Inserts `segment` right after the SOI marker of `jpeg`.
fn with_segment(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn exif_and_gps_are_stripped() -> TestResult {
    let input = with_segment(&jpeg(&rgb(64, 48))?, &exif_segment(1, true));
    assert!(contains(&input, b"Exif\0\0"));
    assert!(
        contains(&input, &[0x25, 0x88, 4, 0]),
        "GPS IFD tag missing from input"
    );
    assert!(contains(&input, &[0xFF, 0xE1]));
    let photo = process(&input, &PhotoLimits::default())?;
    assert_valid_output(&photo, 64, 48)?;
    for out in [&photo.data, &photo.thumb] {
        assert!(!contains(out, b"Exif"));
        assert!(!contains(out, &[0xFF, 0xE1]), "APP1 marker survived");
    }
    Ok(())
}

#[test]
fn exif_orientation_is_applied() -> TestResult {
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise
    // to display", which puts the left edge on top.
    let image = RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let input = with_segment(&jpeg(&image)?, &exif_segment(6, false));
    let photo = process(&input, &PhotoLimits::default())?;
    assert_eq!((photo.width, photo.height), (20, 40));
    let out = decode(&photo.data)?.into_rgb8();
    assert_eq!(out.dimensions(), (20, 40));
    let Rgb([r, _, b]) = *out.get_pixel(10, 5);
    assert!(r > 200 && b < 60, "top should be red, got r={r} b={b}");
    let Rgb([r, _, b]) = *out.get_pixel(10, 35);
    assert!(b > 200 && r < 60, "bottom should be blue, got r={r} b={b}");
    // Without the EXIF segment the image keeps its stored orientation.
    let plain = process(&jpeg(&image)?, &PhotoLimits::default())?;
    assert_eq!((plain.width, plain.height), (40, 20));
    Ok(())
}
