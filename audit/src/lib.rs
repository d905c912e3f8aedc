//! The audit log's pure core: what an auditor needs to check our event log without trusting us.
//!
//! - [`leaf`]: the canonical encoding of one stored event as the exact bytes of its NDJSON line.
//! - [`hash`] and [`tree`]: RFC 6962 hashing, the streaming [`tree::Frontier`], inclusion and
//!   consistency proofs generated from complete subtrees and verified per RFC 9162.
//! - [`note`] and [`checkpoint`]: C2SP signed notes (Ed25519) and the tree heads they sign.
//! - [`receipt`]: a self-contained text file proving some events are in a signed tree.
//!
//! The precise byte-level rules are in this crate's `README.md`. This crate does no IO: no
//! database, no async runtime, no HTTP; the consumer, the API and the CLI build on it.

pub mod checkpoint;
pub mod hash;
pub mod leaf;
pub mod note;
pub mod receipt;
pub mod tree;

pub use checkpoint::{Checkpoint, CheckpointError};
pub use hash::{Hash, HashError, empty_root, leaf_hash, node_hash};
pub use leaf::{LeafError, StoredEvent};
pub use note::{KeyError, NoteError, SignerKey, VerifierKey};
pub use receipt::{Receipt, ReceiptError, VerifiedReceipt, verify_receipt};

/// A decimal `u64` written without sign, spaces or leading zeros (`0` itself is fine).
fn canonical_u64(text: &str) -> Option<u64> {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.parse().ok()
}
