//! Ten thousand random single mutations of an export — a byte changed anywhere, a line deleted,
//! duplicated or swapped with another, the tail cut — each refused by `verify-export`, run in
//! process through the library on two threads; the untouched export verifies.

use birqadam::audit_cli::verify_export_bytes;

use super::support::{app_without_audit_workers, export, lines, signed_log};

/// Mutations tried.
const MUTATIONS: u64 = 10_000;

/// A small deterministic generator (xorshift64*), so a failure can be replayed from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("fits")
    }
}

/// One random single mutation of `bytes` (whose lines are `all`), and what it was.
fn mutate(random: &mut Random, bytes: &[u8], all: &[Vec<u8>]) -> (Vec<u8>, String) {
    let n = all.len();
    match random.below(10) {
        0 => {
            let k = random.below(n);
            let mut out = all.to_vec();
            out.remove(k);
            (out.concat(), format!("line {k} deleted"))
        }
        1 => {
            let k = random.below(n);
            let mut out = all.to_vec();
            out.insert(k, all[k].clone());
            (out.concat(), format!("line {k} duplicated"))
        }
        2 => {
            let (a, b) = (random.below(n), random.below(n));
            let b = if a == b { (b + 1) % n } else { b };
            let mut out = all.to_vec();
            out.swap(a, b);
            (out.concat(), format!("lines {a} and {b} swapped"))
        }
        3 => {
            let cut = 1 + random.below(bytes.len() - 1);
            (
                bytes[..bytes.len() - cut].to_vec(),
                format!("{cut} bytes cut"),
            )
        }
        _ => {
            let at = random.below(bytes.len());
            let delta = 1 + u8::try_from(random.below(255)).expect("fits");
            let mut out = bytes.to_vec();
            out[at] = out[at].wrapping_add(delta);
            (out, format!("byte {at} changed by {delta}"))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_single_mutations_of_an_export_are_all_refused() {
    let app = app_without_audit_workers().await;
    signed_log(&app, 5).await;
    let clean = export(&app, "log.ndjson", None).await;
    let (bytes, note, key) = (clean.bytes(), clean.checkpoint(), clean.key.clone());
    let all = lines(&bytes);
    assert!(all.len() > 20, "{}", all.len());
    assert!(
        verify_export_bytes(&bytes, note.as_bytes(), &key, &[]).is_ok(),
        "0 false positives"
    );

    std::thread::scope(|scope| {
        for seed in [0x0005_EED0_FB1E_0A1D_u64, 0x0BAD_C0FF_EE15_600D] {
            let (bytes, note, key, all) = (&bytes, &note, &key, &all);
            scope.spawn(move || {
                let mut random = Random(seed);
                for round in 0..MUTATIONS / 2 {
                    let (mutated, what) = mutate(&mut random, bytes, all);
                    assert_ne!(&mutated, bytes, "seed {seed:#x} round {round}: {what}");
                    let verdict = verify_export_bytes(&mutated, note.as_bytes(), key, &[]);
                    assert!(
                        verdict.is_err(),
                        "seed {seed:#x} round {round}: {what} verified"
                    );
                }
            });
        }
    });
}
