//! Photo uploads: every refusal appends nothing and leaves nothing in storage; EXIF (GPS) is
//! stripped; thumbnails; photos are visible only to who may see the report.

use serde_json::json;

use crate::helpers::TestApp;
use crate::helpers::core::png;
use crate::helpers::fixtures::Session;

mod exif;
mod lagging;
mod refused;
mod sharing;

/// CRC-32 (IEEE) as PNG chunks use it.
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

/// A valid tiny PNG whose IHDR is patched to declare `width` x `height` (CRC recomputed).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(2, 2, 0);
    // Signature (8) + length (4) + "IHDR" (4) + width (4) + height (4) + 5 bytes + CRC (4).
    assert_eq!(&bytes[12..16], b"IHDR", "the first chunk is IHDR");
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// An EXIF APP1 segment whose IFD0 points to a GPS IFD holding `GPSLatitudeRef = "N"`.
fn exif_gps_segment() -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2a\x00\x00\x00\x08"); // big endian, IFD0 at 8
    // IFD0: one entry, GPSInfo (0x8825), LONG, count 1, offset 26.
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04]);
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&26u32.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD at 26: GPSLatitudeRef (0x0001), ASCII, count 2, "N\0".
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x00, 0x01, 0x00, 0x02]);
    tiff.extend_from_slice(&2u32.to_be_bytes());
    tiff.extend_from_slice(b"N\x00\x00\x00");
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let mut payload = b"Exif\x00\x00".to_vec();
    payload.extend_from_slice(&tiff);
    let length = u16::try_from(payload.len() + 2).expect("a small segment");
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(&payload);
    segment
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A member with an accepted task (no report yet).
async fn accepted_task(app: &TestApp) -> (Session, Session, String) {
    let admin = app.admin().await;
    let organizer = app.organizer(&admin, "Айгерим").await;
    let project = app.approved_project(&admin, &organizer, &json!({})).await;
    let volunteer = app.volunteer("Ержан").await;
    app.join(&volunteer, &project).await;
    let task = app.create_task(&organizer, &project, "Собрать мусор").await;
    let reply = app.accept(&volunteer, &task).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    (organizer, volunteer, task)
}
