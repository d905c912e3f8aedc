//! Proof generation from complete subtrees (RFC 9162 §2.1.3.1 `PATH` and §2.1.4.1 `PROOF`).
//!
//! Each proof element is the root of a range of leaves that RFC 6962's recursion splits off.
//! A left range is always a perfect subtree; a right range may be incomplete (it reaches the
//! tree's right edge) and is then folded from the complete subtrees that cover it.

use std::ops::Range;

use crate::hash::{Hash, empty_root};
use crate::tree::frontier::fold_right;
use crate::tree::node::{NodeId, NodeSource, cover};
use crate::tree::{ProofError, bit_len};

/// The largest power of two strictly below `n` (`n ≥ 2`): RFC 6962's split point `k`.
fn split(n: u64) -> u64 {
    1 << (bit_len(n - 1) - 1)
}

/// `PATH(index, D[lo:hi])` as leaf ranges, deepest first.
fn path(index: u64, lo: u64, hi: u64, out: &mut Vec<Range<u64>>) {
    if hi - lo <= 1 {
        return;
    }
    let k = split(hi - lo);
    if index < lo + k {
        path(index, lo, lo + k, out);
        out.push(lo + k..hi);
    } else {
        path(index, lo + k, hi, out);
        out.push(lo..lo + k);
    }
}

/// `SUBPROOF(m, D[lo:hi], whole)` as leaf ranges, deepest first (`lo < m ≤ hi`).
fn subproof(m: u64, lo: u64, hi: u64, whole: bool, out: &mut Vec<Range<u64>>) {
    if m == hi {
        if !whole {
            out.push(lo..hi);
        }
        return;
    }
    let k = split(hi - lo);
    if m <= lo + k {
        subproof(m, lo, lo + k, whole, out);
        out.push(lo + k..hi);
    } else {
        subproof(m, lo + k, hi, false, out);
        out.push(lo..lo + k);
    }
}

fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut out = Vec::new();
    path(index, 0, size, &mut out);
    Ok(out)
}

fn consistency_ranges(first: u64, second: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if first > second {
        return Err(ProofError::SizesOutOfOrder { first, second });
    }
    if first == 0 {
        return Err(ProofError::FromEmptyTree);
    }
    let mut out = Vec::new();
    subproof(first, 0, second, true, &mut out);
    Ok(out)
}

fn flatten(ranges: &[Range<u64>]) -> Vec<NodeId> {
    ranges.iter().flat_map(|r| cover(r.start, r.end)).collect()
}

fn assemble(ranges: &[Range<u64>], source: &impl NodeSource) -> Result<Vec<Hash>, ProofError> {
    ranges
        .iter()
        .map(|r| {
            let hashes = fetch(&cover(r.start, r.end), source)?;
            Ok(fold_right(&hashes).expect("a proof range is never empty"))
        })
        .collect()
}

fn fetch(ids: &[NodeId], source: &impl NodeSource) -> Result<Vec<Hash>, ProofError> {
    ids.iter()
        .map(|id| source.node(*id).ok_or(ProofError::MissingNode(*id)))
        .collect()
}

/// The complete subtrees an inclusion proof of leaf `index` in a tree of `size` needs.
pub fn inclusion_proof_nodes(index: u64, size: u64) -> Result<Vec<NodeId>, ProofError> {
    Ok(flatten(&inclusion_ranges(index, size)?))
}

/// The inclusion proof (audit path) of leaf `index` in the tree of the first `size` leaves.
pub fn inclusion_proof(
    index: u64,
    size: u64,
    source: &impl NodeSource,
) -> Result<Vec<Hash>, ProofError> {
    assemble(&inclusion_ranges(index, size)?, source)
}

/// The complete subtrees a consistency proof from size `first` to size `second` needs.
pub fn consistency_proof_nodes(first: u64, second: u64) -> Result<Vec<NodeId>, ProofError> {
    Ok(flatten(&consistency_ranges(first, second)?))
}

/// The consistency proof that the tree of size `first` is a prefix of the tree of size `second`
/// (empty when the sizes are equal; refused from the empty tree and when `first > second`).
pub fn consistency_proof(
    first: u64,
    second: u64,
    source: &impl NodeSource,
) -> Result<Vec<Hash>, ProofError> {
    assemble(&consistency_ranges(first, second)?, source)
}

/// The complete subtrees whose fold is the root of the tree of `size` leaves.
pub fn root_nodes(size: u64) -> Vec<NodeId> {
    cover(0, size)
}

/// The root of the tree of the first `size` leaves, from the store (an older tree head).
pub fn root_at(size: u64, source: &impl NodeSource) -> Result<Hash, ProofError> {
    Ok(fold_right(&fetch(&root_nodes(size), source)?).unwrap_or_else(empty_root))
}
