//! Command metadata: who did it, through what, in which request. Stored with every event.

use std::collections::HashMap;

use birqadam_domain::{Actor, Channel};

/// The context a command runs in; becomes the metadata of every event it appends.
#[derive(Debug, Clone)]
pub struct CommandContext {
    /// The acting account and its roles.
    pub actor: Actor,
    /// Where the command came from.
    pub channel: Channel,
    /// The request id (`x-request-id`), if any.
    pub request_id: Option<String>,
    /// The client's `Idempotency-Key`, if any.
    pub idempotency_key: Option<String>,
}

impl CommandContext {
    /// A command issued by the platform itself (process managers, schedulers).
    pub fn system() -> Self {
        Self {
            actor: Actor::system(),
            channel: Channel::System,
            request_id: None,
            idempotency_key: None,
        }
    }

    /// A command from the operator command line.
    pub fn operator() -> Self {
        Self {
            actor: Actor::system(),
            channel: Channel::Admin,
            request_id: None,
            idempotency_key: None,
        }
    }

    /// The same context acting as someone else (e.g. a registration acting as the new account).
    pub fn with_actor(&self, actor: Actor) -> Self {
        Self {
            actor,
            ..self.clone()
        }
    }

    /// The metadata map stored with the events.
    pub fn to_metadata(&self) -> HashMap<String, String> {
        let mut m = HashMap::from([
            (
                "actor_role".to_owned(),
                self.actor.primary_role().to_owned(),
            ),
            ("channel".to_owned(), self.channel.as_str().to_owned()),
        ]);
        if self.channel == Channel::System {
            m.insert("actor_role".to_owned(), "system".to_owned());
        }
        if let Some(id) = self.actor.id {
            m.insert("actor_id".to_owned(), id.to_string());
        }
        if let Some(r) = &self.request_id {
            m.insert("request_id".to_owned(), r.clone());
        }
        if let Some(k) = &self.idempotency_key {
            m.insert("idempotency_key".to_owned(), k.clone());
        }
        m
    }
}
