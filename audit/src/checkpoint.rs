//! C2SP tree heads (`c2sp.org/tlog-checkpoint`): the text `origin\nsize\nbase64(root)\n`,
//! carried in a signed note by the log key whose name is the origin.

use crate::hash::{Hash, HashError};
use crate::note::{self, NoteError, SignerKey, VerifierKey};

/// A signed statement "the first `size` leaves of the log `origin` have root `root`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity; for our log, the name of its key.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// RFC 6962 root of those leaves.
    pub root: Hash,
}

/// Why a checkpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The signed note around it is refused.
    #[error("checkpoint note: {0}")]
    Note(#[from] NoteError),
    /// The body is not exactly three newline-terminated lines.
    #[error("a checkpoint body is exactly three lines: origin, size, root")]
    Lines,
    /// The origin line is empty or has characters a key name may not have.
    #[error("the origin line is empty or has spaces, '+' or control characters")]
    Origin,
    /// The size is not decimal without leading zeros, or exceeds 2^64 - 1.
    #[error("the size line is not a decimal number without leading zeros")]
    Size,
    /// The root line is not the base64 of 32 bytes.
    #[error("the root line: {0}")]
    Root(HashError),
    /// The checkpoint names another log than the key that signed it.
    #[error("the checkpoint's origin {origin} is not the log key's name {key}")]
    OriginMismatch {
        /// The origin line.
        origin: String,
        /// The log key's name.
        key: String,
    },
}

impl Checkpoint {
    /// The note text: `origin\nsize\nbase64(root)\n`.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root.to_base64()
        )
    }

    /// Parses a note text. Extension lines are refused: our log writes none, and a monitor
    /// could not audit them.
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let body = text.strip_suffix('\n').ok_or(CheckpointError::Lines)?;
        let lines: Vec<&str> = body.split('\n').collect();
        let [origin, size, root] = lines.as_slice() else {
            return Err(CheckpointError::Lines);
        };
        note::check_name(origin).map_err(|_| CheckpointError::Origin)?;
        let size = crate::canonical_u64(size).ok_or(CheckpointError::Size)?;
        let root = Hash::from_base64(root).map_err(CheckpointError::Root)?;
        Ok(Self {
            origin: (*origin).to_owned(),
            size,
            root,
        })
    }

    /// The signed note of this checkpoint by the log key.
    pub fn sign(&self, log_key: &SignerKey) -> Result<String, CheckpointError> {
        if self.origin != log_key.name() {
            return Err(CheckpointError::OriginMismatch {
                origin: self.origin.clone(),
                key: log_key.name().to_owned(),
            });
        }
        Ok(note::sign(&self.to_text(), &[log_key])?)
    }

    /// Opens a signed checkpoint: the log key must have signed it (other signatures, e.g. a
    /// witness's, are ignored) and its origin must be the log key's name.
    pub fn open(note: &[u8], log_key: &VerifierKey) -> Result<Self, CheckpointError> {
        let text = note::open(note, std::slice::from_ref(log_key))?;
        let checkpoint = Self::parse(&text)?;
        if checkpoint.origin != log_key.name() {
            return Err(CheckpointError::OriginMismatch {
                origin: checkpoint.origin,
                key: log_key.name().to_owned(),
            });
        }
        Ok(checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;

    fn log_key() -> SignerKey {
        SignerKey::from_seed("birqadam.example/audit", [9; 32]).expect("valid")
    }

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: "birqadam.example/audit".to_owned(),
            size: 20852163,
            root: leaf_hash(b"root"),
        }
    }

    #[test]
    fn the_c2sp_example_body_parses_and_prints_back() {
        let text =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let parsed = Checkpoint::parse(text).expect("valid");
        assert_eq!(
            (parsed.origin.as_str(), parsed.size),
            ("example.com/behind-the-sofa", 20852163)
        );
        assert_eq!(parsed.to_text(), text);
    }

    #[test]
    fn a_signed_checkpoint_opens_with_the_log_key_only() {
        let note = checkpoint().sign(&log_key()).expect("signable");
        assert!(note.starts_with("birqadam.example/audit\n20852163\n"));
        assert_eq!(
            Checkpoint::open(note.as_bytes(), &log_key().verifier()),
            Ok(checkpoint())
        );
        let other = SignerKey::from_seed("birqadam.example/audit", [8; 32]).expect("valid");
        assert!(matches!(
            Checkpoint::open(note.as_bytes(), &other.verifier()),
            Err(CheckpointError::Note(NoteError::NoKnownSignature { .. }))
        ));
    }

    #[test]
    fn an_edited_size_or_root_breaks_the_signature() {
        let note = checkpoint().sign(&log_key()).expect("signable");
        let key = log_key().verifier();
        let bigger = note.replacen("20852163", "20852164", 1);
        let root = checkpoint().root.to_base64();
        let other_root = note.replacen(&root, &leaf_hash(b"other").to_base64(), 1);
        for edited in [bigger, other_root] {
            assert!(matches!(
                Checkpoint::open(edited.as_bytes(), &key),
                Err(CheckpointError::Note(NoteError::BadSignature { .. }))
            ));
        }
    }

    #[test]
    fn malformed_bodies_are_refused_with_the_reason() {
        let root = leaf_hash(b"r").to_base64();
        let cases = [
            (format!("o\n1\n{root}\next\n"), CheckpointError::Lines),
            (format!("o\n1\n{root}"), CheckpointError::Lines),
            (format!("\n1\n{root}\n"), CheckpointError::Origin),
            (format!("o\n01\n{root}\n"), CheckpointError::Size),
            (format!("o\n+1\n{root}\n"), CheckpointError::Size),
            (format!("o\n\n{root}\n"), CheckpointError::Size),
            (
                format!("o\n18446744073709551616\n{root}\n"),
                CheckpointError::Size,
            ),
            (
                "o\n1\nZG9uJ3QgY2FyZSAy\n".to_owned(),
                CheckpointError::Root(HashError::Length(12)),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Checkpoint::parse(&text), Err(want), "{text:?}");
        }
        assert_eq!(
            Checkpoint::parse(&format!("o\n0\n{root}\n")).map(|c| c.size),
            Ok(0)
        );
    }

    #[test]
    fn a_checkpoint_of_another_origin_is_refused_even_if_signed_by_the_log_key() {
        let mut foreign = checkpoint();
        foreign.origin = "elsewhere.example".to_owned();
        assert!(matches!(
            foreign.sign(&log_key()),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        let note = note::sign(&foreign.to_text(), &[&log_key()]).expect("signable");
        assert!(matches!(
            Checkpoint::open(note.as_bytes(), &log_key().verifier()),
            Err(CheckpointError::OriginMismatch { .. })
        ));
    }
}
