//! Refused uploads append nothing and store nothing.

use serde_json::json;

use super::{accepted_task, png_declaring};
use crate::helpers::core::{UploadPart, count_files, jpeg, photo_part};
use crate::helpers::requests::{assert_field_error, assert_problem};
use crate::helpers::spawn_app;

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
