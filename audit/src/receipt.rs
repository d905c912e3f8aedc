//! Receipts: one text file proving that some events (e.g. a report's approval and the rating
//! credit it caused) are in the log under a signed checkpoint. Verifying needs only the log's
//! verifier key; no other event and no server.
//!
//! ```text
//! birqadam-receipt v1
//! event <position> <n>          one block per event, positions strictly increasing (1..=16)
//! <the event's NDJSON line>     the leaf, byte for byte
//! <base64 hash>                 n lines: its RFC 6962 inclusion proof in the checkpoint's tree
//! checkpoint
//! <signed checkpoint note>      to the end of the file
//! ```
//!
//! Every line ends in `\n`; numbers are decimal without leading zeros.

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::hash::{Hash, leaf_hash};
use crate::leaf::{LeafError, StoredEvent};
use crate::note::VerifierKey;
use crate::tree::{NodeSource, ProofError, inclusion_proof, verify_inclusion};

const HEADER: &str = "birqadam-receipt v1";
const CHECKPOINT: &str = "checkpoint";
/// The most events one receipt carries.
pub const MAX_EVENTS: usize = 16;
const MAX_PROOF: usize = 64;

/// One event in a receipt with its inclusion proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptEntry {
    /// The event's position (leaf index).
    pub position: u64,
    /// The event's canonical line.
    pub line: String,
    /// Its inclusion proof in the tree of the checkpoint's size.
    pub proof: Vec<Hash>,
}

/// A receipt, built or parsed (not yet verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The events, positions strictly increasing.
    pub entries: Vec<ReceiptEntry>,
    /// The signed checkpoint note the proofs lead to.
    pub checkpoint: String,
}

/// What a verified receipt proves: these events are in the log the checkpoint signs.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedReceipt {
    /// The signed tree head.
    pub checkpoint: Checkpoint,
    /// The events, in receipt order.
    pub events: Vec<StoredEvent>,
}

/// Why a receipt is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// Receipts are UTF-8.
    #[error("a receipt must be UTF-8")]
    NotUtf8,
    /// The first line is not `birqadam-receipt v1`.
    #[error("not a birqadam receipt (first line must be '{HEADER}')")]
    Header,
    /// A line is not what the format puts there.
    #[error("line {line}: {reason}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What was expected.
        reason: &'static str,
    },
    /// No event, or more than [`MAX_EVENTS`].
    #[error("a receipt carries 1 to {MAX_EVENTS} events")]
    EventCount,
    /// Positions must strictly increase.
    #[error("event {position} comes after an event at the same or a later position")]
    OutOfOrder {
        /// The offending position.
        position: u64,
    },
    /// The checkpoint is refused (signature, key, body).
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// An event's line is not a canonical stored event.
    #[error("event {position}: {source}")]
    Leaf {
        /// The position in its block header.
        position: u64,
        /// Why the line is refused.
        source: LeafError,
    },
    /// The block header and the line disagree on the position.
    #[error("the block says position {header}, its line says {line}")]
    PositionMismatch {
        /// The position in the block header.
        header: u64,
        /// The position inside the line.
        line: u64,
    },
    /// An inclusion proof does not lead to the checkpoint's root.
    #[error("event {position}: {source}")]
    Proof {
        /// The event's position.
        position: u64,
        /// Why the proof fails.
        source: ProofError,
    },
}

impl Receipt {
    /// Builds a receipt for `(position, line)` pairs against the tree of `size` leaves held by
    /// `source`; `checkpoint` must be the signed note of that size.
    pub fn build(
        lines: Vec<(u64, String)>,
        size: u64,
        source: &impl NodeSource,
        checkpoint: String,
    ) -> Result<Self, ProofError> {
        let entries = lines
            .into_iter()
            .map(|(position, line)| {
                let proof = inclusion_proof(position, size, source)?;
                Ok(ReceiptEntry {
                    position,
                    line,
                    proof,
                })
            })
            .collect::<Result<_, ProofError>>()?;
        Ok(Self {
            entries,
            checkpoint,
        })
    }

    /// The receipt file.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for e in &self.entries {
            out.push_str(&format!(
                "event {} {}\n{}\n",
                e.position,
                e.proof.len(),
                e.line
            ));
            for h in &e.proof {
                out.push_str(&h.to_base64());
                out.push('\n');
            }
        }
        out.push_str(CHECKPOINT);
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Parses the file layout (nothing is verified yet).
    pub fn parse(bytes: &[u8]) -> Result<Self, ReceiptError> {
        let text = std::str::from_utf8(bytes).map_err(|_| ReceiptError::NotUtf8)?;
        let mut lines = Lines {
            rest: text,
            number: 0,
        };
        if lines.next() != Some(HEADER) {
            return Err(ReceiptError::Header);
        }
        let mut entries: Vec<ReceiptEntry> = Vec::new();
        loop {
            let header = lines.expect("a block header or 'checkpoint'")?;
            if header == CHECKPOINT {
                break;
            }
            let malformed = lines.malformed("'event <position> <hashes>'");
            let mut words = header
                .strip_prefix("event ")
                .ok_or(malformed.clone())?
                .split(' ');
            let (Some(position), Some(count), None) = (words.next(), words.next(), words.next())
            else {
                return Err(malformed);
            };
            let position = crate::canonical_u64(position).ok_or(malformed.clone())?;
            let count = crate::canonical_u64(count).ok_or(malformed.clone())?;
            if count > MAX_PROOF as u64 {
                return Err(malformed);
            }
            if entries.last().is_some_and(|e| e.position >= position) {
                return Err(ReceiptError::OutOfOrder { position });
            }
            if entries.len() == MAX_EVENTS {
                return Err(ReceiptError::EventCount);
            }
            let line = lines.expect("the event's line")?.to_owned();
            let proof = (0..count)
                .map(|_| {
                    let text = lines.expect("a base64 proof hash")?;
                    Hash::from_base64(text).map_err(|_| lines.malformed("a base64 proof hash"))
                })
                .collect::<Result<_, _>>()?;
            entries.push(ReceiptEntry {
                position,
                line,
                proof,
            });
        }
        if entries.is_empty() {
            return Err(ReceiptError::EventCount);
        }
        Ok(Self {
            entries,
            checkpoint: lines.rest.to_owned(),
        })
    }
}

/// Verifies a receipt file offline against the log's verifier key.
pub fn verify_receipt(
    bytes: &[u8],
    log_key: &VerifierKey,
) -> Result<VerifiedReceipt, ReceiptError> {
    let receipt = Receipt::parse(bytes)?;
    let checkpoint = Checkpoint::open(receipt.checkpoint.as_bytes(), log_key)?;
    let events = receipt
        .entries
        .iter()
        .map(|e| {
            let position = e.position;
            let event = StoredEvent::parse_line(e.line.as_bytes())
                .map_err(|source| ReceiptError::Leaf { position, source })?;
            if event.position != position {
                return Err(ReceiptError::PositionMismatch {
                    header: position,
                    line: event.position,
                });
            }
            let leaf = leaf_hash(e.line.as_bytes());
            verify_inclusion(position, checkpoint.size, &leaf, &e.proof, &checkpoint.root)
                .map_err(|source| ReceiptError::Proof { position, source })?;
            Ok(event)
        })
        .collect::<Result<_, _>>()?;
    Ok(VerifiedReceipt { checkpoint, events })
}

/// Newline-terminated lines with their 1-based numbers.
struct Lines<'a> {
    rest: &'a str,
    number: usize,
}

impl<'a> Lines<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let (line, rest) = self.rest.split_once('\n')?;
        self.rest = rest;
        self.number += 1;
        Some(line)
    }

    fn expect(&mut self, reason: &'static str) -> Result<&'a str, ReceiptError> {
        let number = self.number + 1;
        self.next().ok_or(ReceiptError::Malformed {
            line: number,
            reason,
        })
    }

    fn malformed(&self, reason: &'static str) -> ReceiptError {
        ReceiptError::Malformed {
            line: self.number,
            reason,
        }
    }
}

#[cfg(test)]
mod tests;
