//! Receipts verify offline, and any changed byte is caught.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::note::SignerKey;
use crate::tree::MemoryTree;

fn log_key() -> SignerKey {
    SignerKey::from_seed("birqadam.example/audit", [5; 32]).expect("valid")
}

fn line(position: u64) -> String {
    let (event_type, payload) = match position % 2 {
        0 => (
            "PhotoReportApproved",
            json!({"stars": 5, "moderator": "Әсел Нұрланқызы"}),
        ),
        _ => ("RatingCredited", json!({"points": 25, "rating_after": 130})),
    };
    StoredEvent {
        position,
        aggregate_type: "PhotoReport".to_owned(),
        aggregate_id: format!("0190f3a2-0000-7000-8000-{position:012}"),
        sequence: position + 1,
        event_type: event_type.to_owned(),
        event_version: "1.0".to_owned(),
        payload,
        metadata: BTreeMap::from([("channel".to_owned(), "api".to_owned())]),
        recorded_at: Utc
            .timestamp_opt(1_780_000_000 + position as i64, 1000)
            .single()
            .expect("valid"),
    }
    .to_line()
}

/// A log of 23 events, a signed checkpoint at size 21, a receipt for positions 12 and 13.
fn receipt() -> String {
    let mut tree = MemoryTree::new();
    (0..23).for_each(|p| tree.push(leaf_hash(line(p).as_bytes())));
    let size = 21;
    let root = crate::tree::root_at(size, &tree).expect("stored");
    let checkpoint = Checkpoint {
        origin: "birqadam.example/audit".to_owned(),
        size,
        root,
    };
    let note = checkpoint.sign(&log_key()).expect("signable");
    Receipt::build(vec![(12, line(12)), (13, line(13))], size, &tree, note)
        .expect("provable")
        .to_text()
}

#[test]
fn a_receipt_verifies_offline_with_the_public_key_alone() {
    let text = receipt();
    assert!(
        text.starts_with("birqadam-receipt v1\nevent 12 5\n{\"position\":12,"),
        "{text}"
    );
    let verified = verify_receipt(text.as_bytes(), &log_key().verifier()).expect("valid receipt");
    assert_eq!(verified.checkpoint.size, 21);
    let types: Vec<_> = verified
        .events
        .iter()
        .map(|e| (e.position, e.event_type.as_str()))
        .collect();
    assert_eq!(types, [(12, "PhotoReportApproved"), (13, "RatingCredited")]);
    assert_eq!(
        Receipt::parse(text.as_bytes()).map(|r| r.to_text()),
        Ok(text)
    );
}

#[test]
fn changing_any_byte_of_a_receipt_makes_it_fail() {
    let text = receipt().into_bytes();
    let key = log_key().verifier();
    for i in 0..text.len() {
        for replacement in [text[i] ^ 0x01, if text[i] == b'0' { b'1' } else { b'0' }] {
            let mut bad = text.clone();
            bad[i] = replacement;
            assert!(
                verify_receipt(&bad, &key).is_err(),
                "byte {i} -> {replacement:#04x} accepted"
            );
        }
    }
    for cut in 0..text.len() {
        assert!(
            verify_receipt(&text[..cut], &key).is_err(),
            "truncated at {cut} accepted"
        );
    }
}

#[test]
fn a_receipt_signed_by_another_key_is_refused() {
    let other = SignerKey::from_seed("birqadam.example/audit", [6; 32]).expect("valid");
    assert!(matches!(
        verify_receipt(receipt().as_bytes(), &other.verifier()),
        Err(ReceiptError::Checkpoint(CheckpointError::Note(_)))
    ));
}

#[test]
fn blocks_whose_header_and_line_disagree_or_are_out_of_order_are_refused() {
    let key = log_key().verifier();
    let text = receipt();
    let wrong_header = text.replacen("event 12 5", "event 11 5", 1);
    assert_eq!(
        verify_receipt(wrong_header.as_bytes(), &key),
        Err(ReceiptError::PositionMismatch {
            header: 11,
            line: 12
        })
    );
    let swapped = text.replacen("event 13 ", "event 10 ", 1);
    assert_eq!(
        Receipt::parse(swapped.as_bytes()),
        Err(ReceiptError::OutOfOrder { position: 10 })
    );
    let empty = format!(
        "{HEADER}\ncheckpoint\n{}",
        text.split_once("checkpoint\n").expect("has one").1
    );
    assert_eq!(
        verify_receipt(empty.as_bytes(), &key),
        Err(ReceiptError::EventCount)
    );
    assert_eq!(verify_receipt(b"hello\n", &key), Err(ReceiptError::Header));
}

#[test]
fn a_proof_against_a_smaller_tree_than_the_event_is_refused() {
    let mut tree = MemoryTree::new();
    (0..23).for_each(|p| tree.push(leaf_hash(line(p).as_bytes())));
    let proof = crate::tree::inclusion_proof(12, 23, &tree).expect("provable");
    let root = crate::tree::root_at(10, &tree).expect("stored");
    let note = Checkpoint {
        origin: "birqadam.example/audit".to_owned(),
        size: 10,
        root,
    }
    .sign(&log_key())
    .expect("signable");
    let receipt = Receipt {
        entries: vec![ReceiptEntry {
            position: 12,
            line: line(12),
            proof,
        }],
        checkpoint: note,
    };
    assert!(matches!(
        verify_receipt(receipt.to_text().as_bytes(), &log_key().verifier()),
        Err(ReceiptError::Proof {
            position: 12,
            source: ProofError::IndexOutOfRange { .. }
        })
    ));
}
