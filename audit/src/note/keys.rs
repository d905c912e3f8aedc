//! Ed25519 keys in the signed-note text formats (those of Go's `golang.org/x/mod/sumdb/note`).
//!
//! - key id: `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`
//! - verifier key: `name+hex(key id)+base64(0x01 ‖ public key)`
//! - signer key: `PRIVATE+KEY+name+hex(key id)+base64(0x01 ‖ 32-byte seed)`

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// The signed-note signature type of Ed25519.
pub const ED25519: u8 = 0x01;

const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// Why a key, key name or key string is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Key names are non-empty, without spaces, `+` or control characters.
    #[error("a key name must be non-empty, without spaces, '+' or control characters")]
    BadName,
    /// Not `name+keyid+key` (or `PRIVATE+KEY+name+keyid+key`).
    #[error("not a key string of the form name+keyid+base64")]
    Format,
    /// The key id is not 8 lower-case hex digits.
    #[error("the key id is not 8 lower-case hex digits")]
    BadId,
    /// The key material is not standard base64.
    #[error("the key material is not base64")]
    Base64,
    /// The key is not an Ed25519 key (type byte other than 0x01).
    #[error("unsupported signature type {0:#04x}")]
    UnknownAlgorithm(u8),
    /// The key material is not 32 bytes.
    #[error("an Ed25519 key has 32 bytes, got {0}")]
    Length(usize),
    /// The 32 bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// The key id does not belong to this name and key.
    #[error("the key id {given} does not match the name and key (expected {expected})")]
    IdMismatch {
        /// The id in the string.
        given: String,
        /// The id computed from name and key.
        expected: String,
    },
    /// The operating system gave no randomness for a new key.
    #[error("no randomness for a new key: {0}")]
    Entropy(String),
}

/// Checks a key name: non-empty, no Unicode space, no `+`, no control character.
pub fn check_name(name: &str) -> Result<(), KeyError> {
    let bad = |c: char| c.is_whitespace() || c == '+' || c.is_control();
    if name.is_empty() || name.chars().any(bad) {
        return Err(KeyError::BadName);
    }
    Ok(())
}

/// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`.
pub fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let digest = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update([b'\n', ED25519])
        .chain_update(public)
        .finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// Splits `name+hexid+base64`, checks name, type byte and length; returns name, id and bytes.
fn split_key(text: &str) -> Result<(&str, [u8; 4], [u8; 32]), KeyError> {
    // The name has no '+', the id is hex; base64 may contain '+', so split twice only.
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(material)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Format);
    };
    check_name(name)?;
    let lower_hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    if id.len() != 8 || !id.chars().all(lower_hex) {
        return Err(KeyError::BadId);
    }
    let id: [u8; 4] = hex::decode(id)
        .map_err(|_| KeyError::BadId)?
        .try_into()
        .map_err(|_| KeyError::BadId)?;
    let bytes = STANDARD.decode(material).map_err(|_| KeyError::Base64)?;
    match bytes.split_first() {
        Some((&ED25519, key)) => {
            let key = <[u8; 32]>::try_from(key).map_err(|_| KeyError::Length(key.len()))?;
            Ok((name, id, key))
        }
        Some((&other, _)) => Err(KeyError::UnknownAlgorithm(other)),
        None => Err(KeyError::Length(0)),
    }
}

fn check_id(name: &str, given: [u8; 4], public: &[u8; 32]) -> Result<(), KeyError> {
    let expected = key_id(name, public);
    if given != expected {
        return Err(KeyError::IdMismatch {
            given: hex::encode(given),
            expected: hex::encode(expected),
        });
    }
    Ok(())
}

/// A public key that verifies notes: its name, id and Ed25519 key.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl VerifierKey {
    /// Parses `name+hex(keyid)+base64(0x01 ‖ public key)`, checking the id against name and key.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let (name, id, public) = split_key(text)?;
        check_id(name, id, &public)?;
        let key = VerifyingKey::from_bytes(&public).map_err(|_| KeyError::InvalidPublicKey)?;
        Ok(Self {
            name: name.to_owned(),
            id,
            key,
        })
    }

    /// The key name (for our log: its origin).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 4-byte key id.
    pub fn id(&self) -> [u8; 4] {
        self.id
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key (strict
    /// RFC 8032 verification: non-canonical and small-order encodings are refused).
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(&bytes);
        self.key.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut material = vec![ED25519];
        material.extend_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex::encode(self.id),
            STANDARD.encode(material)
        )
    }
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({self})")
    }
}

/// A private key that signs notes. Its `Debug` hides the seed; [`SignerKey::encode`] reveals it.
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    id: [u8; 4],
    key: SigningKey,
}

impl SignerKey {
    /// A key from a 32-byte Ed25519 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(&seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            id,
            key,
        })
    }

    /// A new key from the operating system's randomness.
    pub fn generate(name: &str) -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        OsRng
            .try_fill_bytes(&mut seed)
            .map_err(|e| KeyError::Entropy(e.to_string()))?;
        Self::from_seed(name, seed)
    }

    /// Parses `PRIVATE+KEY+name+hex(keyid)+base64(0x01 ‖ seed)`, checking the id.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let rest = text.strip_prefix(PRIVATE_PREFIX).ok_or(KeyError::Format)?;
        let (name, id, seed) = split_key(rest)?;
        let signer = Self::from_seed(name, seed)?;
        check_id(name, id, signer.key.verifying_key().as_bytes())?;
        Ok(signer)
    }

    /// The signer-key string (secret: for the key file only).
    pub fn encode(&self) -> String {
        let mut material = vec![ED25519];
        material.extend_from_slice(self.key.as_bytes());
        format!(
            "{PRIVATE_PREFIX}{}+{}+{}",
            self.name,
            hex::encode(self.id),
            STANDARD.encode(material)
        )
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 4-byte key id.
    pub fn id(&self) -> [u8; 4] {
        self.id
    }

    /// The matching public key.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// The Ed25519 signature of `message` (deterministic, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SignerKey({}+{}, seed hidden)",
            self.name,
            hex::encode(self.id)
        )
    }
}
