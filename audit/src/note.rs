//! C2SP signed notes (`c2sp.org/signed-note`): a text, a blank line, signature lines
//! `— <key name> base64(key id[4] ‖ signature)`.
//!
//! Opening a note follows the spec: signatures by unknown keys (name *and* id must match a
//! known key) are ignored, a known key's signature must verify or the whole note is refused,
//! and at least one known key must have signed.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

mod keys;

pub use keys::{ED25519, KeyError, SignerKey, VerifierKey, check_name, key_id};

/// The most signature lines a note may carry (the spec asks verifiers to accept at least 16).
pub const MAX_SIGNATURES: usize = 64;

const DASH: &str = "\u{2014} ";

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The signer's key name.
    pub name: String,
    /// The signer's 4-byte key id.
    pub key_id: [u8; 4],
    /// The signature bytes after the key id.
    pub signature: Vec<u8>,
}

/// A parsed, not yet verified, note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, including its final newline.
    pub text: String,
    /// The signature lines, in order.
    pub signatures: Vec<NoteSignature>,
}

/// Why a note is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// Notes are UTF-8.
    #[error("a note must be UTF-8")]
    NotUtf8,
    /// Only the newline may appear among the ASCII control characters.
    #[error("control character at byte {offset}")]
    ControlCharacter {
        /// Where it is.
        offset: usize,
    },
    /// The text must be non-empty and end in a newline.
    #[error("the note text must be non-empty and end in a newline")]
    TextWithoutNewline,
    /// No blank line followed by signature lines.
    #[error("no signature block after a blank line")]
    NoSignatures,
    /// A line of the signature block is not `— name base64`.
    #[error("signature line {line} is not '\u{2014} name base64(keyid ‖ signature)'")]
    BadSignatureLine {
        /// 1-based, within the signature block.
        line: usize,
    },
    /// More signature lines than [`MAX_SIGNATURES`].
    #[error("more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// A known key's signature does not verify.
    #[error("the signature by {name} does not verify")]
    BadSignature {
        /// The key whose signature failed.
        name: String,
    },
    /// None of the known keys signed the note.
    #[error("not signed by any of the expected keys ({expected})")]
    NoKnownSignature {
        /// The keys that were looked for.
        expected: String,
    },
    /// A key or key name is not usable.
    #[error(transparent)]
    Key(#[from] KeyError),
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if let Some(offset) = text.bytes().position(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::ControlCharacter { offset });
    }
    Ok(())
}

impl Note {
    /// Splits a note into text and signature lines (nothing is verified yet).
    pub fn parse(note: &[u8]) -> Result<Self, NoteError> {
        let note = std::str::from_utf8(note).map_err(|_| NoteError::NotUtf8)?;
        check_text(note)?;
        let split = note.rfind("\n\n").ok_or(NoteError::NoSignatures)?;
        let (text, block) = (&note[..=split], &note[split + 2..]);
        if block.is_empty() || !block.ends_with('\n') {
            return Err(NoteError::NoSignatures);
        }
        let lines: Vec<&str> = block[..block.len() - 1].split('\n').collect();
        if lines.len() > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let signatures = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                parse_signature(line).ok_or(NoteError::BadSignatureLine { line: i + 1 })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// Verifies the note against `keys` (see the module doc) and returns the keys that signed.
    pub fn verify<'k>(&self, keys: &'k [VerifierKey]) -> Result<Vec<&'k VerifierKey>, NoteError> {
        let mut signed_by = Vec::new();
        for sig in &self.signatures {
            let known = keys
                .iter()
                .find(|k| k.name() == sig.name && k.id() == sig.key_id);
            let Some(key) = known else { continue };
            if !key.verifies(self.text.as_bytes(), &sig.signature) {
                return Err(NoteError::BadSignature {
                    name: sig.name.clone(),
                });
            }
            if !signed_by.contains(&key) {
                signed_by.push(key);
            }
        }
        if signed_by.is_empty() {
            let expected = keys.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ");
            return Err(NoteError::NoKnownSignature { expected });
        }
        Ok(signed_by)
    }
}

fn parse_signature(line: &str) -> Option<NoteSignature> {
    let rest = line.strip_prefix(DASH)?;
    let (name, b64) = rest.split_once(' ')?;
    check_name(name).ok()?;
    let bytes = STANDARD.decode(b64).ok()?;
    if bytes.len() < 5 {
        return None;
    }
    let (id, signature) = bytes.split_at(4);
    Some(NoteSignature {
        name: name.to_owned(),
        key_id: id.try_into().ok()?,
        signature: signature.to_vec(),
    })
}

/// Signs `text` (non-empty, ending in a newline, no control characters but newlines) with each
/// signer, in order, and returns the whole note.
pub fn sign(text: &str, signers: &[&SignerKey]) -> Result<String, NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::TextWithoutNewline);
    }
    check_text(text)?;
    if signers.is_empty() {
        return Err(NoteError::NoSignatures);
    }
    let mut note = format!("{text}\n");
    for signer in signers {
        let mut bytes = signer.id().to_vec();
        bytes.extend_from_slice(&signer.sign(text.as_bytes()));
        note.push_str(&format!(
            "{DASH}{} {}\n",
            signer.name(),
            STANDARD.encode(bytes)
        ));
    }
    Ok(note)
}

/// Parses and verifies a note in one step, returning its text.
pub fn open(note: &[u8], keys: &[VerifierKey]) -> Result<String, NoteError> {
    let parsed = Note::parse(note)?;
    parsed.verify(keys)?;
    Ok(parsed.text)
}

#[cfg(test)]
mod tests;
