//! Photos shared by reports (same bytes, same SHA-256): a storage failure is an error, and a
//! refused report never removes bytes that another report stores or an upload in flight holds.

use std::path::PathBuf;

use birqadam_photos::PhotoLimits;

use crate::helpers::TestApp;
use crate::helpers::core::{Story, count_files, jpeg, photo_part};
use crate::helpers::fixtures::Session;
use crate::helpers::requests::assert_problem;
use crate::helpers::spawn_app;

/// The content hash the app stores `bytes` under (re-encoding is deterministic).
fn sha_of(bytes: &[u8]) -> String {
    birqadam_photos::process(bytes, &PhotoLimits::default())
        .expect("a valid photo")
        .sha256
}

/// Where the app keeps one rendition (`photos` or `thumbs`) of a photo.
fn stored(app: &TestApp, rendition: &str, sha: &str) -> PathBuf {
    app.data_dir
        .join("photos")
        .join(rendition)
        .join(format!("{sha}.jpg"))
}

/// A second member of the story's project (who has not accepted its task).
async fn member(app: &TestApp, story: &Story) -> Session {
    let other = app.volunteer("Асель").await;
    app.join(&other, &story.project).await;
    other
}

/// Downloads the first photo of the story's report as its volunteer.
async fn story_photo_status(app: &TestApp, story: &Story) -> u16 {
    let token = Some(story.volunteer.token.as_str());
    let report = app
        .get(&format!("/api/v1/reports/{}", story.report), token)
        .await;
    let photo = report.json["photos"][0]["id"]
        .as_str()
        .expect("the report's photo id");
    let reply = app.get(&format!("/api/v1/photos/{photo}"), token).await;
    assert!(
        reply.status != 200 || !reply.bytes.is_empty(),
        "a real photo"
    );
    reply.status.as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_store_that_fails_while_reading_is_a_500_and_appends_nothing() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let photo = jpeg(64, 48, 1); // the story's photo
    let sha = sha_of(&photo);
    let other = member(&app, &story).await;
    let reply = app.accept(&other, &story.task).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    // A link to itself: opening it fails with ELOOP (not "not found"), while a write would
    // simply replace the link, so only an intake that reads errors as errors refuses.
    let thumb = stored(&app, "thumbs", &sha);
    std::fs::remove_file(&thumb).expect("the thumbnail is on disk");
    std::os::unix::fs::symlink(&thumb, &thumb).expect("a self-referencing link");
    let events_before = app.total_events().await;

    let reply = app
        .upload(&other.token, &story.task, vec![photo_part(photo)], None)
        .await;

    assert_problem(&reply, 500, "internal");
    let body = String::from_utf8_lossy(&reply.bytes);
    assert!(
        !body.contains(&sha) && !body.contains("storage"),
        "opaque: {body}"
    );
    assert_eq!(app.total_events().await, events_before, "nothing appended");
    assert!(
        thumb.is_symlink(),
        "the broken thumbnail was not overwritten"
    );
    assert_eq!(story_photo_status(&app, &story).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_report_leaves_the_bytes_of_a_photo_another_report_stores() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let photo = jpeg(64, 48, 1); // the story's photo
    let sha = sha_of(&photo);
    // What a concurrent upload of the same bytes sees when it looks before the story's report
    // has written them: the photo is absent, so this upload stores it itself.
    for rendition in ["photos", "thumbs"] {
        std::fs::remove_file(stored(&app, rendition, &sha)).expect("the photo is on disk");
    }
    let other = member(&app, &story).await;
    let events_before = app.total_events().await;

    let reply = app
        .upload(&other.token, &story.task, vec![photo_part(photo)], None)
        .await;

    assert_problem(&reply, 409, "assignment.not_accepted");
    assert_eq!(app.total_events().await, events_before, "nothing appended");
    assert_eq!(
        story_photo_status(&app, &story).await,
        200,
        "the stored report's photo still downloads"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_report_leaves_the_bytes_an_upload_in_flight_has_reserved() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let photo = jpeg(64, 48, 7);
    let sha = sha_of(&photo);
    // Another request (perhaps in another process) is storing the same bytes for its report.
    sqlx::query("insert into photo_intakes (intake_id, sha256) values ($1, $2)")
        .bind(uuid::Uuid::now_v7())
        .bind(&sha)
        .execute(&app.pool)
        .await
        .expect("a reservation of another intake");
    let other = member(&app, &story).await;

    let reply = app
        .upload(&other.token, &story.task, vec![photo_part(photo)], None)
        .await;

    assert_problem(&reply, 409, "assignment.not_accepted");
    assert!(
        stored(&app, "photos", &sha).is_file(),
        "the full image stays"
    );
    assert!(
        stored(&app, "thumbs", &sha).is_file(),
        "the thumbnail stays"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_report_removes_a_photo_that_nothing_else_holds() {
    let app = spawn_app().await;
    let story = app.core_story().await;
    let photo = jpeg(64, 48, 8);
    let sha = sha_of(&photo);
    let other = member(&app, &story).await;

    let reply = app
        .upload(&other.token, &story.task, vec![photo_part(photo)], None)
        .await;

    assert_problem(&reply, 409, "assignment.not_accepted");
    assert!(!stored(&app, "photos", &sha).exists(), "no orphan image");
    assert!(
        !stored(&app, "thumbs", &sha).exists(),
        "no orphan thumbnail"
    );
    let photos_dir = app.data_dir.join("photos").join("photos");
    assert_eq!(count_files(&photos_dir), 1, "only the story's photo");
    let left: i64 = sqlx::query_scalar("select count(*) from photo_intakes")
        .fetch_one(&app.pool)
        .await
        .expect("counting reservations");
    assert_eq!(left, 0, "the refused intake released its reservation");
}
