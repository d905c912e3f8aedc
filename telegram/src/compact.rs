//! UUIDs as 22 characters of unpadded base64url (for the 64-byte and deep-link budgets).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

/// `uuid` in 22 characters.
pub(crate) fn encode(uuid: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(uuid.as_bytes())
}

/// The UUID of 22 characters made by [`encode`].
pub(crate) fn decode(text: &str) -> Option<Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    Uuid::from_slice(&bytes).ok()
}
