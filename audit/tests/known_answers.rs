//! The transparency-dev/merkle known-answer vectors (see `vectors/README.md`): roots, inclusion
//! and consistency proofs, generated and verified by this crate.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use birqadam_audit::tree::{
    MemoryTree, consistency_proof, inclusion_proof, root_at, verify_consistency, verify_inclusion,
};
use birqadam_audit::{Hash, leaf_hash};
use serde::Deserialize;

/// Vectors that expect success on byte strings that are not 32-byte hashes: our [`Hash`] type
/// cannot hold them, so they fail at decoding, before any proof logic. Each is named with why.
const UNREPRESENTABLE: &[(&str, &str)] = &[(
    "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
    "both 'roots' are the same 12-byte string; equal sizes with equal roots verify (checked below)",
)];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InclusionProbe {
    file: String,
    leaf_idx: u64,
    tree_size: u64,
    root: String,
    leaf_hash: String,
    proof: Vec<String>,
    want_err: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsistencyProbe {
    file: String,
    size1: u64,
    size2: u64,
    root1: String,
    root2: String,
    proof: Vec<String>,
    want_err: bool,
}

#[derive(Deserialize)]
struct ReferenceTree {
    leaves_hex: Vec<String>,
    roots_hex: Vec<String>,
    inclusion: Vec<ReferenceInclusion>,
    consistency: Vec<ReferenceConsistency>,
}

#[derive(Deserialize)]
struct ReferenceInclusion {
    index: u64,
    size: u64,
    proof_hex: Vec<String>,
}

#[derive(Deserialize)]
struct ReferenceConsistency {
    first: u64,
    second: u64,
    proof_hex: Vec<String>,
}

fn b64(text: &str) -> Option<Hash> {
    let bytes = STANDARD.decode(text).expect("the vectors are base64");
    Hash::try_from(bytes.as_slice()).ok()
}

fn b64s(texts: &[String]) -> Option<Vec<Hash>> {
    texts.iter().map(|t| b64(t)).collect()
}

fn hx(text: &str) -> Hash {
    Hash::try_from(hex::decode(text).expect("hex").as_slice()).expect("32 bytes")
}

fn hxs(texts: &[String]) -> Vec<Hash> {
    texts.iter().map(|t| hx(t)).collect()
}

fn unrepresentable(file: &str) -> bool {
    UNREPRESENTABLE.iter().any(|(f, _)| *f == file)
}

#[test]
fn every_inclusion_probe_is_accepted_or_refused_as_the_vectors_say() {
    let probes: Vec<InclusionProbe> =
        serde_json::from_str(include_str!("vectors/inclusion.json")).expect("valid vectors");
    assert_eq!(probes.len(), 98);
    let mut wrong = Vec::new();
    for p in &probes {
        let decoded = (b64(&p.leaf_hash), b64s(&p.proof), b64(&p.root));
        let verdict = match decoded {
            (Some(leaf), Some(proof), Some(root)) => {
                verify_inclusion(p.leaf_idx, p.tree_size, &leaf, &proof, &root)
                    .map_err(|e| e.to_string())
            }
            _ => Err("not a 32-byte hash".to_owned()),
        };
        if verdict.is_err() != p.want_err && !unrepresentable(&p.file) {
            wrong.push(format!("{}: {verdict:?}", p.file));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_consistency_probe_is_accepted_or_refused_as_the_vectors_say() {
    let probes: Vec<ConsistencyProbe> =
        serde_json::from_str(include_str!("vectors/consistency.json")).expect("valid vectors");
    assert_eq!(probes.len(), 98);
    let mut wrong = Vec::new();
    for p in &probes {
        let decoded = (b64s(&p.proof), b64(&p.root1), b64(&p.root2));
        let verdict = match decoded {
            (Some(proof), Some(r1), Some(r2)) => {
                verify_consistency(p.size1, p.size2, &proof, &r1, &r2).map_err(|e| e.to_string())
            }
            _ => Err("not a 32-byte hash".to_owned()),
        };
        if verdict.is_err() != p.want_err && !unrepresentable(&p.file) {
            wrong.push(format!("{}: {verdict:?}", p.file));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The one exception, with real hashes: equal sizes, empty proof, equal roots verify.
    let r = leaf_hash(b"");
    assert_eq!(verify_consistency(1, 1, &[], &r, &r), Ok(()));
    assert!(probes.iter().filter(|p| unrepresentable(&p.file)).count() == UNREPRESENTABLE.len());
}

fn reference() -> (ReferenceTree, MemoryTree) {
    let reference: ReferenceTree =
        serde_json::from_str(include_str!("vectors/tree.json")).expect("valid vectors");
    let mut tree = MemoryTree::new();
    for leaf in &reference.leaves_hex {
        tree.push(leaf_hash(&hex::decode(leaf).expect("hex")));
    }
    (reference, tree)
}

#[test]
fn the_reference_tree_has_the_published_root_at_every_size() {
    let (reference, tree) = reference();
    for (i, root) in reference.roots_hex.iter().enumerate() {
        let size = i as u64 + 1;
        assert_eq!(root_at(size, &tree), Ok(hx(root)), "size {size}");
    }
    assert_eq!(tree.root(), hx(&reference.roots_hex[7]));
}

#[test]
fn generated_inclusion_proofs_equal_the_published_ones_and_verify() {
    let (reference, tree) = reference();
    for v in &reference.inclusion {
        let proof = inclusion_proof(v.index, v.size, &tree).expect("provable");
        assert_eq!(proof, hxs(&v.proof_hex), "({}, {})", v.index, v.size);
        let leaf = leaf_hash(&hex::decode(&reference.leaves_hex[v.index as usize]).expect("hex"));
        let root = hx(&reference.roots_hex[v.size as usize - 1]);
        assert_eq!(
            verify_inclusion(v.index, v.size, &leaf, &proof, &root),
            Ok(())
        );
    }
}

#[test]
fn generated_consistency_proofs_equal_the_published_ones_and_verify() {
    let (reference, tree) = reference();
    for v in &reference.consistency {
        let proof = consistency_proof(v.first, v.second, &tree).expect("provable");
        assert_eq!(proof, hxs(&v.proof_hex), "({}, {})", v.first, v.second);
        let r1 = hx(&reference.roots_hex[v.first as usize - 1]);
        let r2 = hx(&reference.roots_hex[v.second as usize - 1]);
        assert_eq!(
            verify_consistency(v.first, v.second, &proof, &r1, &r2),
            Ok(())
        );
    }
}
