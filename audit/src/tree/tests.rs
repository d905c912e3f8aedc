//! Property tests: the frontier against a naive recursive MTH, every proof of small trees.

use super::*;
use crate::hash::{empty_root, leaf_hash, node_hash};

/// RFC 6962 §2.1 `MTH`, written from the definition (recursive, no shared code).
fn naive_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = (1..)
                .map(|e| 1usize << e)
                .take_while(|p| *p < n)
                .last()
                .unwrap_or(1);
            node_hash(&naive_root(&leaves[..k]), &naive_root(&leaves[k..]))
        }
    }
}

fn leaves(n: u64) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
        .collect()
}

fn tree(leaves: &[Hash]) -> MemoryTree {
    let mut t = MemoryTree::new();
    leaves.iter().for_each(|l| t.push(*l));
    t
}

fn ceil_log2(n: u64) -> usize {
    if n <= 1 { 0 } else { bit_len(n - 1) as usize }
}

fn flip(h: &Hash) -> Hash {
    let mut b = h.0;
    b[7] ^= 0x40;
    Hash(b)
}

#[test]
fn the_frontier_root_equals_the_recursive_definition_for_every_size_up_to_300() {
    let all = leaves(300);
    let mut frontier = Frontier::new();
    assert_eq!(frontier.root(), empty_root());
    for n in 1..=300 {
        frontier.push(all[n - 1]);
        assert_eq!(frontier.root(), naive_root(&all[..n]), "size {n}");
        assert_eq!(frontier.peaks().len(), n.count_ones() as usize, "size {n}");
    }
}

#[test]
fn a_frontier_restored_from_its_parts_continues_identically() {
    let all = leaves(41);
    let mut a = Frontier::new();
    all[..29].iter().for_each(|l| a.push(*l));
    let mut b = Frontier::from_parts(a.size(), a.peaks().to_vec()).expect("valid parts");
    all[29..].iter().for_each(|l| {
        a.push(*l);
        b.push(*l);
    });
    assert_eq!(b.root(), naive_root(&all));
    assert_eq!(a, b);
    assert_eq!(
        Frontier::from_parts(5, vec![all[0]]),
        Err(FrontierError::WrongPeakCount {
            size: 5,
            expected: 2,
            actual: 1
        })
    );
}

#[test]
fn the_peaks_are_the_stored_nodes_that_fold_into_the_root() {
    let all = leaves(77);
    let t = tree(&all);
    let from_store: Vec<Hash> = t
        .frontier()
        .peak_ids()
        .iter()
        .map(|id| t.node(*id).expect("stored"))
        .collect();
    assert_eq!(from_store, t.frontier().peaks());
    for size in 0..=77 {
        assert_eq!(
            root_at(size, &t),
            Ok(naive_root(&all[..size as usize])),
            "size {size}"
        );
    }
}

#[test]
fn every_inclusion_proof_up_to_size_64_verifies_is_short_and_breaks_when_tampered() {
    let all = leaves(64);
    let t = tree(&all);
    for size in 1..=64u64 {
        let root = naive_root(&all[..size as usize]);
        for index in 0..size {
            let leaf = all[index as usize];
            let proof = inclusion_proof(index, size, &t).expect("provable");
            assert_eq!(
                proof.len(),
                inclusion_proof_len(index, size).expect("in range")
            );
            assert!(proof.len() <= ceil_log2(size), "({index}, {size})");
            assert_eq!(
                inclusion_proof_nodes(index, size).map(|n| n.len() >= proof.len()),
                Ok(true)
            );
            assert_eq!(
                verify_inclusion(index, size, &leaf, &proof, &root),
                Ok(()),
                "({index}, {size})"
            );
            assert!(verify_inclusion(index, size, &flip(&leaf), &proof, &root).is_err());
            for i in 0..proof.len() {
                let mut bad = proof.clone();
                bad[i] = flip(&bad[i]);
                assert!(verify_inclusion(index, size, &leaf, &bad, &root).is_err());
            }
            if size > 1 {
                let other = (index + 1) % size;
                assert!(verify_inclusion(other, size, &leaf, &proof, &root).is_err());
            }
        }
    }
}

#[test]
fn every_consistency_proof_up_to_size_64_verifies_is_short_and_breaks_when_tampered() {
    let all = leaves(64);
    let t = tree(&all);
    for second in 1..=64u64 {
        let second_root = naive_root(&all[..second as usize]);
        for first in 1..=second {
            let first_root = naive_root(&all[..first as usize]);
            let proof = consistency_proof(first, second, &t).expect("provable");
            assert_eq!(
                proof.len(),
                consistency_proof_len(first, second).expect("ordered")
            );
            assert!(proof.len() <= ceil_log2(second) + 1, "({first}, {second})");
            let ok = verify_consistency(first, second, &proof, &first_root, &second_root);
            assert_eq!(ok, Ok(()), "({first}, {second})");
            assert!(
                verify_consistency(first, second, &proof, &flip(&first_root), &second_root)
                    .is_err()
            );
            assert!(
                verify_consistency(first, second, &proof, &first_root, &flip(&second_root))
                    .is_err()
            );
            for i in 0..proof.len() {
                let mut bad = proof.clone();
                bad[i] = flip(&bad[i]);
                assert!(
                    verify_consistency(first, second, &bad, &first_root, &second_root).is_err()
                );
            }
        }
    }
}

#[test]
fn malformed_inclusion_proofs_are_refused_with_the_reason() {
    let all = leaves(8);
    let t = tree(&all);
    let root = t.root();
    let proof = inclusion_proof(3, 8, &t).expect("provable");
    assert_eq!(
        verify_inclusion(8, 8, &all[3], &proof, &root),
        Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
    );
    assert_eq!(
        verify_inclusion(3, 8, &all[3], &proof[..2], &root),
        Err(ProofError::WrongLength {
            expected: 3,
            actual: 2
        })
    );
    let mut long = proof.clone();
    long.push(root);
    assert_eq!(
        verify_inclusion(3, 8, &all[3], &long, &root),
        Err(ProofError::WrongLength {
            expected: 3,
            actual: 4
        })
    );
    assert!(matches!(
        verify_inclusion(3, 8, &all[4], &proof, &root),
        Err(ProofError::RootMismatch { .. })
    ));
    assert_eq!(
        inclusion_proof(0, 0, &t),
        Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
    );
}

#[test]
fn malformed_consistency_proofs_are_refused_with_the_reason() {
    let all = leaves(8);
    let t = tree(&all);
    let (r3, r8) = (naive_root(&all[..3]), t.root());
    let proof = consistency_proof(3, 8, &t).expect("provable");
    assert_eq!(
        verify_consistency(8, 3, &proof, &r8, &r3),
        Err(ProofError::SizesOutOfOrder {
            first: 8,
            second: 3
        })
    );
    assert_eq!(
        verify_consistency(0, 8, &[], &empty_root(), &r8),
        Err(ProofError::FromEmptyTree)
    );
    assert_eq!(consistency_proof(0, 8, &t), Err(ProofError::FromEmptyTree));
    assert_eq!(
        verify_consistency(3, 8, &[], &r3, &r8),
        Err(ProofError::WrongLength {
            expected: proof.len(),
            actual: 0
        })
    );
    assert_eq!(
        verify_consistency(8, 8, &proof, &r8, &r8),
        Err(ProofError::WrongLength {
            expected: 0,
            actual: proof.len()
        })
    );
    assert_eq!(verify_consistency(8, 8, &[], &r8, &r8), Ok(()));
    assert!(matches!(
        verify_consistency(3, 8, &proof, &naive_root(&all[..4]), &r8),
        Err(ProofError::FirstRootMismatch { .. })
    ));
}

#[test]
fn a_store_missing_a_node_is_named_not_guessed() {
    let t = tree(&leaves(5));
    let mut partial = std::collections::HashMap::new();
    for id in inclusion_proof_nodes(0, 5).expect("in range") {
        partial.insert(id, t.node(id).expect("stored"));
    }
    assert_eq!(inclusion_proof(0, 5, &partial), inclusion_proof(0, 5, &t));
    let missing = NodeId::new(0, 4);
    partial.remove(&missing);
    assert_eq!(
        inclusion_proof(0, 5, &partial),
        Err(ProofError::MissingNode(missing))
    );
}

#[test]
fn appending_n_leaves_costs_fewer_than_n_interior_hashes() {
    let mut frontier = Frontier::new();
    let mut interior = 0u64;
    for leaf in leaves(1000) {
        frontier.push_with(leaf, |id, _| interior += u64::from(id.level > 0));
        assert!(frontier.peaks().len() <= 64);
    }
    assert!(interior < 1000, "{interior}");
    assert_eq!(interior, 1000 - u64::from(1000u64.count_ones()));
}
