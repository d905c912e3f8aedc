//! Photo uploads: every refusal appends nothing and leaves nothing in storage; EXIF (GPS) is
//! stripped; thumbnails; photos are visible only to who may see the report.

use serde_json::json;

use crate::helpers::TestApp;
use crate::helpers::core::{UploadPart, count_files, jpeg, photo_part, png};
use crate::helpers::fixtures::Session;
use crate::helpers::requests::{assert_field_error, assert_problem};
use crate::helpers::spawn_app;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_uploads_append_nothing_and_store_nothing() {
    let app = spawn_app().await;
    let (_, volunteer, task) = accepted_task(&app).await;
    let photos_dir = app.data_dir.join("photos");
    let events_before = app.total_events().await;
    let mut truncated = jpeg(200, 150, 9);
    truncated.truncate(truncated.len() / 2);
    let mut huge = jpeg(64, 64, 3);
    huge.resize(20 * 1024 * 1024, 0);
    let cases: Vec<(&str, Vec<UploadPart>, u16, &str)> = vec![
        ("no photos", vec![], 422, "validation.failed"),
        (
            "six photos",
            (0..6).map(|i| photo_part(jpeg(32, 32, i))).collect(),
            422,
            "upload.too_many_files",
        ),
        (
            "a text file named .jpg",
            vec![(
                "photos",
                b"just some text, not an image at all\n".repeat(20),
                "x.jpg",
                "image/jpeg",
            )],
            415,
            "upload.unsupported_type",
        ),
        (
            "a 20 MB part",
            vec![photo_part(huge)],
            413,
            "upload.too_large",
        ),
        (
            "a PNG declaring 30000x30000",
            vec![(
                "photos",
                png_declaring(30_000, 30_000),
                "x.png",
                "image/png",
            )],
            422,
            "upload.too_many_pixels",
        ),
        (
            "a truncated JPEG",
            vec![photo_part(truncated)],
            422,
            "upload.corrupt",
        ),
        (
            "a good photo followed by a corrupt one",
            vec![
                photo_part(jpeg(40, 40, 77)),
                photo_part(b"\xFF\xD8\xFF\xDB garbage".to_vec()),
            ],
            422,
            "upload.corrupt",
        ),
    ];

    for (name, parts, status, code) in cases {
        let reply = app.upload(&volunteer.token, &task, parts, Some("x")).await;

        if code == "validation.failed" {
            assert_field_error(&reply, "photos", "required");
        } else {
            assert_problem(&reply, status, code);
        }
        assert_eq!(app.total_events().await, events_before, "{name}: no event");
        assert_eq!(count_files(&photos_dir), 0, "{name}: nothing stored");
    }
    let reply = app.get("/api/v1/me/reports", Some(&volunteer.token)).await;
    assert_eq!(reply.json["items"], json!([]), "no report");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exif_is_stripped_and_photos_are_private_to_the_report() {
    let app = spawn_app().await;
    let (organizer, volunteer, task) = accepted_task(&app).await;
    let original = jpeg(800, 600, 5);
    let mut with_exif = original[..2].to_vec();
    with_exif.extend_from_slice(&exif_gps_segment());
    with_exif.extend_from_slice(&original[2..]);
    assert!(contains(&with_exif, b"Exif"), "the fixture carries EXIF");
    image::load_from_memory(&with_exif).expect("the EXIF JPEG is still a valid image");

    let reply = app
        .upload(
            &volunteer.token,
            &task,
            vec![
                photo_part(with_exif),
                ("photos", png(300, 200, 1), "y.png", "image/png"),
            ],
            Some("Готово"),
        )
        .await;

    assert_eq!(reply.status, 201, "{:?}", reply.json);
    let photos = reply.json["photos"].as_array().expect("photos").clone();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0]["width"], 800);
    assert_eq!(photos[0]["height"], 600);
    let photo = photos[0]["id"].as_str().expect("photo id");
    let full = app
        .get(&format!("/api/v1/photos/{photo}"), Some(&volunteer.token))
        .await;
    assert_eq!(full.status, 200);
    assert_eq!(full.headers["content-type"], "image/jpeg");
    assert!(
        !contains(&full.bytes, b"Exif"),
        "no Exif in the stored file"
    );
    assert!(!contains(&full.bytes, &[0xFF, 0xE1]), "no APP1 marker");
    let decoded = image::load_from_memory(&full.bytes).expect("a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (800, 600));
    let on_disk = std::fs::read_dir(app.data_dir.join("photos").join("photos"))
        .expect("the photos folder")
        .filter_map(Result::ok)
        .map(|e| std::fs::read(e.path()).expect("a stored photo"))
        .collect::<Vec<_>>();
    assert!(!on_disk.is_empty(), "stored under data_dir/photos/photos");
    assert!(
        on_disk.iter().all(|b| !contains(b, b"Exif")),
        "no Exif on disk"
    );

    let thumb = app
        .get(
            &format!("/api/v1/photos/{photo}?size=thumb"),
            Some(&volunteer.token),
        )
        .await;
    assert_eq!(thumb.status, 200);
    let decoded = image::load_from_memory(&thumb.bytes).expect("a thumbnail");
    assert!(
        decoded.width().max(decoded.height()) <= 320 && decoded.width() < 800,
        "thumbnail is small: {}x{}",
        decoded.width(),
        decoded.height()
    );
    let owner = app
        .get(&format!("/api/v1/photos/{photo}"), Some(&organizer.token))
        .await;
    assert_eq!(owner.status, 200, "the project owner sees it");

    let stranger = app.volunteer("Чужой").await;
    for path in [
        format!("/api/v1/photos/{photo}"),
        format!("/api/v1/photos/{photo}?size=thumb"),
    ] {
        let reply = app.get(&path, Some(&stranger.token)).await;
        assert_problem(&reply, 404, "not_found");
    }
    let other_organizer = app.organizer(&app.admin().await, "Другой").await;
    let reply = app
        .get(
            &format!("/api/v1/photos/{photo}"),
            Some(&other_organizer.token),
        )
        .await;
    assert_problem(&reply, 404, "not_found");
}
