//! Structural JPEG check used to detect truncated uploads.
//!
//! The JPEG decoder used by `image` is lenient: a file cut short in the
//! middle of its entropy-coded data decodes "successfully", with the missing
//! part filled in. To reject such uploads we walk the marker structure and
//! require that it reaches an end-of-image (EOI, `FF D9`) marker. Scanning
//! for `FF D9` anywhere in the file would not be enough, because embedded
//! EXIF thumbnails carry their own EOI inside an APP1 segment. Data after the
//! EOI (e.g. motion-photo video appended by some phones) is ignored.

/// Marker byte prefix.
const MARK: u8 = 0xFF;
/// Start of image.
const SOI: u8 = 0xD8;
/// End of image.
const EOI: u8 = 0xD9;

/// Whether `data` is a JPEG whose marker structure reaches an EOI marker.
pub(crate) fn reaches_end_of_image(data: &[u8]) -> bool {
    walk(data).is_some()
}

/// Walks the segments; `Some(())` when EOI is reached, `None` otherwise.
fn walk(data: &[u8]) -> Option<()> {
    if data.get(..2)? != [MARK, SOI] {
        return None;
    }
    let mut pos = 2;
    loop {
        pos = next_marker(data, pos)?;
        let marker = *data.get(pos)?;
        pos += 1;
        match marker {
            EOI => return Some(()),
            // A second SOI inside the image is malformed.
            SOI => return None,
            // Standalone markers (TEM, RSTn) carry no length.
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let len = usize::from(u16::from_be_bytes([*data.get(pos)?, *data.get(pos + 1)?]));
                if len < 2 {
                    return None;
                }
                pos = pos.checked_add(len)?;
                if pos > data.len() {
                    return None;
                }
            }
        }
    }
}

/// Finds the next marker at or after `pos` and returns the index of its code
/// byte (the byte after `FF` and any `FF` fill bytes). Stuffed bytes (`FF 00`)
/// and restart markers inside entropy-coded data are skipped.
fn next_marker(data: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos += data.get(pos..)?.iter().position(|&b| b == MARK)?;
        // Skip fill bytes.
        while *data.get(pos + 1)? == MARK {
            pos += 1;
        }
        match *data.get(pos + 1)? {
            0x00 | 0xD0..=0xD7 => pos += 2,
            _ => return Some(pos + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reaches_end_of_image;

    /// SOI, an APP1 segment that itself contains `FF D9`, SOS with entropy data
    /// containing a stuffed byte and a restart marker, then EOI.
    fn sample() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00]);
        v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02]);
        v.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    #[test]
    fn complete_structure_is_accepted() {
        assert!(reaches_end_of_image(&sample()));
        let mut trailing = sample();
        trailing.extend_from_slice(b"appended video data");
        assert!(reaches_end_of_image(&trailing));
    }

    #[test]
    fn every_truncation_is_rejected() {
        let full = sample();
        for cut in 0..full.len() {
            assert!(!reaches_end_of_image(&full[..cut]), "cut at {cut}");
        }
    }

    #[test]
    fn non_jpeg_is_rejected() {
        assert!(!reaches_end_of_image(b""));
        assert!(!reaches_end_of_image(b"\x89PNG\r\n\x1a\n"));
        assert!(!reaches_end_of_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01]));
    }
}
