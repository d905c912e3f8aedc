//! The core loop in a few calls: an approved project, a member, a task, an accepted assignment and
//! a photo report; plus in-memory images and multipart uploads.

use std::io::Cursor;
use std::path::Path;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::TestApp;
use super::app::Reply;
use super::fixtures::Session;

/// Everything up to one submitted report.
#[derive(Debug, Clone)]
pub struct Story {
    /// The admin who approved the organizer and the project.
    pub admin: Session,
    /// The project owner.
    pub organizer: Session,
    /// The member who accepted the task and reported.
    pub volunteer: Session,
    /// The approved project.
    pub project: String,
    /// The task.
    pub task: String,
    /// The submitted report.
    pub report: String,
}

/// A JPEG of `width` x `height`; `seed` varies the pixels (so the content hash differs).
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x as u8).wrapping_add(seed),
            (y as u8).wrapping_mul(3),
            seed.wrapping_mul(7),
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encoding a JPEG in memory");
    out.into_inner()
}

/// A PNG of `width` x `height`.
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8) ^ seed, (y as u8).wrapping_add(seed), 90])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out.into_inner()
}

/// How many files are under `dir` (recursively; 0 when it does not exist).
pub fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            if path.is_dir() { count_files(&path) } else { 1 }
        })
        .sum()
}

/// One multipart part: `(field name, bytes, file name, media type)`.
pub type UploadPart = (&'static str, Vec<u8>, &'static str, &'static str);

/// A `photos` part holding a JPEG.
pub fn photo_part(bytes: Vec<u8>) -> UploadPart {
    ("photos", bytes, "x.jpg", "image/jpeg")
}

impl TestApp {
    /// Creates a project as `organizer` with the default body merged with `extra`.
    pub async fn create_project(&self, organizer: &Session, extra: &Value) -> Reply {
        let mut body = json!({
            "title": "Субботник в парке",
            "description": "Уборка парка имени Горького",
            "volunteer_type": "environmental",
            "city": "Almaty",
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                body.insert(k.clone(), v.clone());
            }
        }
        self.post("/api/v1/projects", &body, Some(&organizer.token))
            .await
    }

    /// A project of `organizer` approved by `admin`; returns its id.
    pub async fn approved_project(
        &self,
        admin: &Session,
        organizer: &Session,
        extra: &Value,
    ) -> String {
        let reply = self.create_project(organizer, extra).await;
        assert_eq!(reply.status, 201, "creating a project: {:?}", reply.json);
        let id = reply.json["id"].as_str().expect("project id").to_owned();
        let path = format!("/api/v1/admin/projects/{id}/approve");
        let reply = self.post(&path, &json!({}), Some(&admin.token)).await;
        assert_eq!(reply.status, 200, "approving a project: {:?}", reply.json);
        id
    }

    /// `volunteer` joins `project` (asserts 200).
    pub async fn join(&self, volunteer: &Session, project: &str) {
        let reply = self
            .post(
                &format!("/api/v1/projects/{project}/join"),
                &json!({}),
                Some(&volunteer.token),
            )
            .await;
        assert_eq!(reply.status, 200, "joining: {:?}", reply.json);
    }

    /// Creates a task with `body` (must hold `text`); returns the reply.
    pub async fn create_task_with(&self, owner: &Session, project: &str, body: &Value) -> Reply {
        self.post(
            &format!("/api/v1/projects/{project}/tasks"),
            body,
            Some(&owner.token),
        )
        .await
    }

    /// Creates a task for every member; returns its id.
    pub async fn create_task(&self, owner: &Session, project: &str, text: &str) -> String {
        let reply = self
            .create_task_with(owner, project, &json!({"text": text}))
            .await;
        assert_eq!(reply.status, 201, "creating a task: {:?}", reply.json);
        reply.json["id"].as_str().expect("task id").to_owned()
    }

    /// `volunteer` accepts `task`.
    pub async fn accept(&self, volunteer: &Session, task: &str) -> Reply {
        self.post(
            &format!("/api/v1/tasks/{task}/accept"),
            &json!({}),
            Some(&volunteer.token),
        )
        .await
    }

    /// Sends a multipart upload of `parts` (and an optional comment) to the task's reports.
    pub async fn upload(
        &self,
        token: &str,
        task: &str,
        parts: Vec<UploadPart>,
        comment: Option<&str>,
    ) -> Reply {
        let mut form = Form::new();
        for (name, bytes, file, mime) in parts {
            let part = Part::bytes(bytes)
                .file_name(file)
                .mime_str(mime)
                .expect("a valid media type");
            form = form.part(name, part);
        }
        if let Some(comment) = comment {
            form = form.text("comment", comment.to_owned());
        }
        let response = self
            .client
            .post(format!("{}/api/v1/tasks/{task}/reports", self.address))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("the upload is sent");
        Self::read(response).await
    }

    /// Submits a one-photo report (a JPEG varied by `seed`); returns the report id.
    pub async fn submit_report(&self, volunteer: &Session, task: &str, seed: u8) -> String {
        let reply = self
            .upload(
                &volunteer.token,
                task,
                vec![photo_part(jpeg(64, 48, seed))],
                Some("Готово"),
            )
            .await;
        assert_eq!(reply.status, 201, "submitting a report: {:?}", reply.json);
        reply.json["id"].as_str().expect("report id").to_owned()
    }

    /// POST `/reports/{id}/approve` with `body`.
    pub async fn approve(&self, token: &str, report: &str, body: &Value) -> Reply {
        self.post(
            &format!("/api/v1/reports/{report}/approve"),
            body,
            Some(token),
        )
        .await
    }

    /// POST `/reports/{id}/reject` with a reason.
    pub async fn reject(&self, token: &str, report: &str, reason: &str) -> Reply {
        self.post(
            &format!("/api/v1/reports/{report}/reject"),
            &json!({"reason": reason}),
            Some(token),
        )
        .await
    }

    /// The caller's rating from GET /me.
    pub async fn rating_of(&self, session: &Session) -> i64 {
        let reply = self.get("/api/v1/me", Some(&session.token)).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        reply.json["rating"].as_i64().expect("a rating")
    }

    /// A member who accepted a new task of `project` and reported on it; returns (task, report).
    pub async fn task_and_report(
        &self,
        owner: &Session,
        volunteer: &Session,
        project: &str,
        seed: u8,
    ) -> (String, String) {
        let task = self.create_task(owner, project, "Собрать мусор").await;
        let reply = self.accept(volunteer, &task).await;
        assert_eq!(reply.status, 200, "accepting: {:?}", reply.json);
        let report = self.submit_report(volunteer, &task, seed).await;
        (task, report)
    }

    /// Admin, organizer, approved project, member, accepted task and a pending report.
    pub async fn core_story(&self) -> Story {
        let admin = self.admin().await;
        let organizer = self.organizer(&admin, "Айгерим").await;
        let project = self.approved_project(&admin, &organizer, &json!({})).await;
        let volunteer = self.volunteer("Ержан").await;
        self.join(&volunteer, &project).await;
        let (task, report) = self
            .task_and_report(&organizer, &volunteer, &project, 1)
            .await;
        Story {
            admin,
            organizer,
            volunteer,
            project,
            task,
            report,
        }
    }
}
