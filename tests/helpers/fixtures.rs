//! Ready-made actors: volunteers, an admin, an approved organizer.

use serde_json::{Value, json};

use super::TestApp;

/// A signed-in account.
#[derive(Debug, Clone)]
pub struct Session {
    /// Account id.
    pub id: String,
    /// Access token.
    pub token: String,
    /// Refresh token.
    pub refresh: String,
    /// The `account` object returned at sign-in.
    pub account: Value,
}

impl Session {
    fn from_reply(json: &Value) -> Self {
        Self {
            id: json["account"]["id"]
                .as_str()
                .expect("account id")
                .to_owned(),
            token: json["tokens"]["access_token"]
                .as_str()
                .expect("access token")
                .to_owned(),
            refresh: json["tokens"]["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_owned(),
            account: json["account"].clone(),
        }
    }
}

impl TestApp {
    /// Registers a volunteer with a unique e-mail.
    pub async fn volunteer(&self, name: &str) -> Session {
        let email = format!("{}@test.kz", uuid::Uuid::new_v4().simple());
        let reply = self
            .post(
                "/api/v1/auth/register",
                &json!({"name": name, "email": email, "password": "password123"}),
                None,
            )
            .await;
        assert_eq!(reply.status, 201, "{:?}", reply.json);
        Session::from_reply(&reply.json)
    }

    /// Creates an admin through the operator path and signs in.
    pub async fn admin(&self) -> Session {
        let email = format!("admin-{}@test.kz", uuid::Uuid::new_v4().simple());
        let parse = |s: &str| s.to_owned();
        self.commands
            .ensure_admin(
                birqadam_domain::values::Email::parse(&parse(&email)).expect("email"),
                birqadam_domain::values::Password::parse("password123").expect("password"),
                birqadam_domain::values::PersonName::parse("Admin").expect("name"),
            )
            .await
            .expect("admin created");
        self.login(&email, "password123").await
    }

    /// Signs in.
    pub async fn login(&self, login: &str, password: &str) -> Session {
        let reply = self
            .post(
                "/api/v1/auth/login",
                &json!({"login": login, "password": password}),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        Session::from_reply(&reply.json)
    }

    /// A volunteer who applied and was approved as an organizer by `admin`.
    pub async fn organizer(&self, admin: &Session, name: &str) -> Session {
        let who = self.volunteer(name).await;
        let body = json!({"organization_name": "Таза Алматы", "description": "Clean-ups", "city": "Almaty"});
        let reply = self
            .post("/api/v1/organizer-application", &body, Some(&who.token))
            .await;
        assert_eq!(reply.status, 202, "{:?}", reply.json);
        let path = format!("/api/v1/admin/organizer-applications/{}/approve", who.id);
        let reply = self.post(&path, &json!({}), Some(&admin.token)).await;
        assert_eq!(reply.status, 200, "{:?}", reply.json);
        who
    }
}
