//! Decompression bombs are refused from the header.

use std::time::{Duration, Instant};

use super::{TestResult, jpeg, rgb};
use crate::intake::{PhotoError, PhotoLimits, process};

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
