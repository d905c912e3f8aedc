//! EXIF is stripped and photos are private to their report.

use super::{accepted_task, contains, exif_gps_segment};
use crate::helpers::core::{jpeg, photo_part, png};
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

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
