//! EXIF and GPS are stripped and the orientation applied.

use image::{Rgb, RgbImage};

use super::{TestResult, assert_valid_output, contains, decode, jpeg, rgb};
use crate::intake::{PhotoLimits, process};

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
