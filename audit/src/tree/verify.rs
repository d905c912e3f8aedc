//! Proof verification, transcribing RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
//!
//! Each verifier first checks the sizes and that the proof has exactly the length they imply
//! (closed forms below, independent of the generator), then runs the RFC's steps, including the
//! final "`sn` is 0" check (a consistency verifier that skipped it accepted forged proofs).

use crate::hash::{Hash, node_hash};
use crate::tree::{ProofError, bit_len};

/// The number of hashes in the inclusion proof of `index` in a tree of `size` (`index < size`):
/// one per level below the node where the paths to `index` and to `size - 1` meet, plus one per
/// left sibling above it. At most ⌈log2 size⌉.
pub fn inclusion_proof_len(index: u64, size: u64) -> Result<usize, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let inner = bit_len(index ^ (size - 1));
    let border = (index >> inner).count_ones();
    Ok((inner + border) as usize)
}

/// The number of hashes in the consistency proof from `first` to `second` (`0 < first ≤ second`).
pub fn consistency_proof_len(first: u64, second: u64) -> Result<usize, ProofError> {
    check_sizes(first, second)?;
    if first == second {
        return Ok(0);
    }
    let fork = bit_len((first - 1) ^ (second - 1));
    let shift = first.trailing_zeros();
    let border = ((first - 1) >> fork).count_ones();
    let seed = u32::from(!first.is_power_of_two());
    Ok((seed + fork - shift + border) as usize)
}

fn check_sizes(first: u64, second: u64) -> Result<(), ProofError> {
    if first > second {
        return Err(ProofError::SizesOutOfOrder { first, second });
    }
    if first == 0 {
        return Err(ProofError::FromEmptyTree);
    }
    Ok(())
}

fn check_len(expected: usize, proof: &[Hash]) -> Result<(), ProofError> {
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            actual: proof.len(),
        });
    }
    Ok(())
}

fn wrong_length(expected: usize, proof: &[Hash]) -> ProofError {
    ProofError::WrongLength {
        expected,
        actual: proof.len(),
    }
}

/// Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves with `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    // Step 1 (index < size) is inside the length check.
    let expected = inclusion_proof_len(index, size)?;
    check_len(expected, proof)?;
    // Steps 2–3.
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    // Step 4.
    for p in proof {
        if snode == 0 {
            return Err(wrong_length(expected, proof));
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 5.
    if snode != 0 {
        return Err(wrong_length(expected, proof));
    }
    if r != *root {
        return Err(ProofError::RootMismatch {
            computed: r,
            expected: *root,
        });
    }
    Ok(())
}

/// Checks that the tree of size `first` with root `first_root` is a prefix of the tree of size
/// `second` with root `second_root`. Equal sizes need an empty proof and equal roots; a proof
/// from the empty tree is refused ([`ProofError::FromEmptyTree`]), as are `first > second`.
pub fn verify_consistency(
    first: u64,
    second: u64,
    proof: &[Hash],
    first_root: &Hash,
    second_root: &Hash,
) -> Result<(), ProofError> {
    let expected = consistency_proof_len(first, second)?;
    check_len(expected, proof)?;
    if first == second {
        return match first_root == second_root {
            true => Ok(()),
            false => Err(ProofError::RootMismatch {
                computed: *first_root,
                expected: *second_root,
            }),
        };
    }
    // Step 1: an empty path cannot prove first < second (the length check already refused it).
    // Step 2: when `first` is a power of two its root is the proof's implicit first element.
    let mut path = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    // Steps 3–4.
    let (mut fnode, mut snode) = (first - 1, second - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 5.
    let (mut fr, mut sr) = (path[0], path[0]);
    // Step 6.
    for c in &path[1..] {
        if snode == 0 {
            return Err(wrong_length(expected, proof));
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 7.
    if snode != 0 {
        return Err(wrong_length(expected, proof));
    }
    if fr != *first_root {
        return Err(ProofError::FirstRootMismatch {
            computed: fr,
            expected: *first_root,
        });
    }
    if sr != *second_root {
        return Err(ProofError::RootMismatch {
            computed: sr,
            expected: *second_root,
        });
    }
    Ok(())
}
