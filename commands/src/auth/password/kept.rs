//! Argon2id over each hashing thread's own memory, kept between hashes (docs/decisions/0013).
//!
//! The crate's `hash_password_with_salt` and `verify_password` allocate the whole memory cost
//! (19 MiB by default) per hash and free it after. glibc answers the free of a block that large
//! by raising its mmap threshold, process-wide (up to 32 MiB): from then on the hashes' memory,
//! and every other allocation below the threshold, came from the threads' arenas and stayed
//! resident — 256 MB after a burst of logins where two hashing threads need 38 (65 MB with the
//! threshold held fixed by `MALLOC_MMAP_THRESHOLD_`). Each thread now allocates its blocks once.

use anyhow::Context;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// One hashing thread's Argon2 blocks: grown to the largest cost it has met, never freed.
#[derive(Default)]
pub(super) struct Memory(Vec<Block>);

impl Memory {
    fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.0.len() < count {
            self.0 = vec![Block::default(); count];
        }
        &mut self.0[..count]
    }
}

/// Hashes `password` under a fresh random salt into a PHC string (`$argon2id$v=19$m=…`).
pub(super) fn hash(
    memory: &mut Memory,
    params: &Params,
    password: &[u8],
) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let (algorithm, version) = (Algorithm::Argon2id, Version::V0x13);
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(
            password,
            &salt,
            &mut out,
            memory.blocks(params.block_count()),
        )
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    let phc = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(params).context("encoding the argon2 parameters")?,
        salt: Some(Salt::new(&salt).context("the salt")?),
        hash: Some(Output::new(&out).context("the hash")?),
    };
    Ok(phc.to_string())
}

/// Whether `password` hashes to the PHC string `stored` under its own algorithm, version,
/// parameters and salt (compared in constant time); false for anything unparsable.
pub(super) fn verify(memory: &mut Memory, password: &[u8], stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        Params::try_from(&parsed),
        Algorithm::try_from(parsed.algorithm.as_str()),
    ) else {
        return false;
    };
    let Ok(version) = parsed
        .version
        .map_or(Ok(Version::default()), Version::try_from)
    else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let blocks = memory.blocks(params.block_count());
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, &salt, &mut out, blocks)
        .is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

    use super::*;

    fn params(memory_kib: u32) -> Params {
        Params::new(memory_kib, 1, 1, None).expect("valid test parameters")
    }

    #[test]
    fn hashes_stored_by_the_crates_own_api_verify_and_ours_verify_there() {
        let mut memory = Memory::default();
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, params(64))
            .hash_password_with_salt(b"correct horse", b"sixteen byte salt")
            .expect("the crate hashes")
            .to_string();

        let ours = hash(&mut memory, &params(64), b"correct horse").expect("we hash");

        assert!(verify(&mut memory, b"correct horse", &theirs));
        assert!(!verify(&mut memory, b"wrong horse", &theirs));
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        assert!(ours.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{ours}");
    }

    #[test]
    fn one_memory_serves_other_costs_and_refuses_what_is_not_a_hash() {
        let mut memory = Memory::default();
        let big = hash(&mut memory, &params(256), b"pw").expect("hashed");
        let small = hash(&mut memory, &params(32), b"pw").expect("hashed");

        assert!(verify(&mut memory, b"pw", &big));
        assert!(verify(&mut memory, b"pw", &small));
        assert_eq!(memory.0.len(), 256, "grown to the largest cost, kept");
        for stored in ["", "not a hash", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ"] {
            assert!(!verify(&mut memory, b"pw", stored), "{stored:?}");
        }
    }
}
