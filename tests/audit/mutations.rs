//! Tampering with an export: each kind is refused, naming the first bad position where the data
//! allows, and a thousand random single-byte changes are all refused.

use std::path::PathBuf;

use birqadam::audit_cli::ExportError;
use birqadam_audit::{Checkpoint, Hash, SignerKey, leaf_hash};

use super::support::{
    Export, app_without_audit_workers, export, lines, sign, signed_log, signing_key,
    synthetic_events, tree_caught_up,
};

/// The export's lines with `edit` applied, joined again.
fn edited(export: &Export, edit: impl FnOnce(&mut Vec<Vec<u8>>)) -> Vec<u8> {
    let mut all = lines(&export.bytes());
    edit(&mut all);
    all.concat()
}

/// The first bad position of a refusal (it must be refused).
fn refused_at(export: &Export, held: &[PathBuf]) -> Option<u64> {
    match export.verify(held) {
        Ok(verified) => panic!("{} verified: {verified:?}", export.file.display()),
        Err(error) => error.first_bad_position(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_edit_to_the_lines_is_refused_at_its_first_bad_position() {
    let app = app_without_audit_workers().await;
    signed_log(&app, 40).await;
    let clean = export(&app, "log.ndjson", None).await;
    let size = lines(&clean.bytes()).len();
    assert!(size > 40);
    let k = 17;

    // a byte of a payload string changed: still canonical, so only the root can tell
    let text = edited(&clean, |all| {
        let line = String::from_utf8(all[size - 5].clone()).expect("utf-8");
        all[size - 5] = line.replacen("Уборка", "Уборкa", 1).into_bytes();
    });
    let changed = clean.tampered("changed.ndjson", &text);
    assert!(matches!(
        changed.verify(&[]),
        Err(ExportError::RootMismatch { .. })
    ));
    // a structural byte changed: the line is no longer canonical
    let spaced = edited(&clean, |all| all[k].insert(1, b' '));
    assert_eq!(
        refused_at(&clean.tampered("spaced.ndjson", &spaced), &[]),
        Some(k as u64)
    );
    // the position field edited
    let renumbered = edited(&clean, |all| {
        let line = String::from_utf8(all[k].clone()).expect("utf-8");
        all[k] = line
            .replacen(&format!("\"position\":{k}"), "\"position\":99", 1)
            .into_bytes();
    });
    assert_eq!(
        refused_at(&clean.tampered("renumbered.ndjson", &renumbered), &[]),
        Some(k as u64)
    );
    // a line deleted, two lines swapped, a line duplicated
    let deleted = edited(&clean, |all| drop(all.remove(k)));
    assert_eq!(
        refused_at(&clean.tampered("deleted.ndjson", &deleted), &[]),
        Some(k as u64)
    );
    let swapped = edited(&clean, |all| all.swap(k, k + 1));
    assert_eq!(
        refused_at(&clean.tampered("swapped.ndjson", &swapped), &[]),
        Some(k as u64)
    );
    let duplicated = edited(&clean, |all| all.insert(k, all[k].clone()));
    assert_eq!(
        refused_at(&clean.tampered("duplicated.ndjson", &duplicated), &[]),
        Some(k as u64 + 1)
    );
    // the tail cut (whole lines, or inside the last one)
    let cut = edited(&clean, |all| all.truncate(size - 3));
    assert_eq!(
        refused_at(&clean.tampered("cut.ndjson", &cut), &[]),
        Some(size as u64 - 3)
    );
    let mut inside = clean.bytes();
    inside.truncate(inside.len() - 10);
    assert_eq!(
        refused_at(&clean.tampered("inside.ndjson", &inside), &[]),
        Some(size as u64 - 1)
    );
    // a line appended beyond the checkpoint
    let appended = edited(&clean, |all| all.push(all[size - 1].clone()));
    assert_eq!(
        refused_at(&clean.tampered("appended.ndjson", &appended), &[]),
        Some(size as u64)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_log_with_an_older_signed_checkpoint_is_caught_by_the_checkpoint_held_later() {
    let app = app_without_audit_workers().await;
    let old = signed_log(&app, 10).await;
    let rolled_back = export(&app, "old.ndjson", None).await;
    synthetic_events(&app, 9).await;
    tree_caught_up(&app).await;
    let newer = sign(&app).await;
    let held = app.data_dir.join("held.checkpoint");
    std::fs::write(&held, &newer.note).expect("held");

    // the operator serves the old export and its (validly signed) old checkpoint
    assert!(rolled_back.verify(&[]).is_ok(), "alone it looks fine");
    let refused = rolled_back
        .verify(std::slice::from_ref(&held))
        .expect_err("caught");

    assert!(
        matches!(refused, ExportError::HeldBeyondExport { held, size } if held == newer.size && size == old.size)
    );
    assert_eq!(refused.first_bad_position(), Some(old.size));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_checkpoint_a_wrong_key_and_a_forked_past_are_refused() {
    let app = app_without_audit_workers().await;
    let signed = signed_log(&app, 10).await;
    let clean = export(&app, "log.ndjson", None).await;
    let note = clean.checkpoint();
    let checkpoint_file = birqadam::audit_cli::checkpoint_path(&clean.file);

    // the checkpoint's size or root edited
    for (name, edit) in [
        (
            "size",
            note.replacen(
                &format!("\n{}\n", signed.size),
                &format!("\n{}\n", signed.size - 1),
                1,
            ),
        ),
        (
            "root",
            note.replacen(&signed.root.to_base64(), &leaf_hash(b"x").to_base64(), 1),
        ),
    ] {
        assert_ne!(edit, note, "{name} edited");
        std::fs::write(&checkpoint_file, &edit).expect("written");
        let refused = clean.verify(&[]).expect_err(name);
        assert!(
            matches!(refused, ExportError::Checkpoint { .. }),
            "{name}: {refused}"
        );
    }
    std::fs::write(&checkpoint_file, &note).expect("restored");
    assert!(clean.verify(&[]).is_ok());

    // a key of the same name but other bytes, and garbage as a key
    let impostor = SignerKey::from_seed("birqadam.kz/log", [3; 32]).expect("a key");
    let wrong = Export {
        file: clean.file.clone(),
        key: impostor.verifier().to_string(),
    };
    assert!(matches!(
        wrong.verify(&[]),
        Err(ExportError::Checkpoint { .. })
    ));
    let garbage = Export {
        file: clean.file.clone(),
        key: "not a key".to_owned(),
    };
    assert!(matches!(garbage.verify(&[]), Err(ExportError::Key(_))));

    // the auditor holds a checkpoint (signed by the log key) of a different past: a fork
    let forked = Checkpoint {
        origin: "birqadam.kz/log".to_owned(),
        size: 12,
        root: Hash([5; 32]),
    };
    let fork = app.data_dir.join("fork.checkpoint");
    std::fs::write(&fork, forked.sign(&signing_key(&app)).expect("signable")).expect("written");
    let refused = clean.verify(&[fork]).expect_err("a fork");
    assert!(
        matches!(refused, ExportError::NotGrown { held: 12, .. }),
        "{refused}"
    );
    // and one held from a stranger's key is refused, not ignored
    let stranger = app.data_dir.join("stranger.checkpoint");
    let theirs = Checkpoint {
        origin: "birqadam.kz/log".to_owned(),
        size: 3,
        root: Hash([1; 32]),
    };
    std::fs::write(&stranger, theirs.sign(&impostor).expect("signable")).expect("written");
    assert!(matches!(
        clean.verify(&[stranger]),
        Err(ExportError::Checkpoint { .. })
    ));
}

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_random_single_byte_mutations_are_all_refused() {
    let app = app_without_audit_workers().await;
    signed_log(&app, 300).await;
    let clean = export(&app, "log.ndjson", None).await;
    assert!(clean.verify(&[]).is_ok(), "0 false positives");
    let bytes = clean.bytes();
    let mut random = Random(0x0005_EED0_FB1E_0A1D);

    let mut positions_named = 0;
    for round in 0..1000 {
        let mut mutated = bytes.clone();
        let at = (random.next() % bytes.len() as u64) as usize;
        let delta = 1 + (random.next() % 255) as u8;
        mutated[at] = mutated[at].wrapping_add(delta);
        let tampered = clean.tampered("mutated.ndjson", &mutated);
        match tampered.verify(&[]) {
            Ok(_) => panic!("round {round}: byte {at} changed by {delta} verified"),
            Err(error) => positions_named += usize::from(error.first_bad_position().is_some()),
        }
    }
    assert!(
        positions_named > 500,
        "most mutations are located: {positions_named}"
    );
}
