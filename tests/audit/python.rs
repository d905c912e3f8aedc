//! The standard-library Python verifier of `docs/` agrees with `verify-export`.

use std::process::Command;

use super::support::{app_without_audit_workers, export, lines, signed_log};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/verify_export.py");

/// Runs the script on `file`; true when it accepts.
fn python_accepts(file: &std::path::Path) -> bool {
    let output = Command::new("python3")
        .arg(SCRIPT)
        .arg(file)
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        said.starts_with("ok") || said.starts_with("refused"),
        "{said}"
    );
    output.status.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_verifier_agrees_with_verify_export_on_clean_and_tampered_exports() {
    let app = app_without_audit_workers().await;
    signed_log(&app, 30).await;
    let clean = export(&app, "log.ndjson", None).await;
    let mut all = lines(&clean.bytes());
    let text = String::from_utf8(all[3].clone()).expect("utf-8");
    all[3] = text
        .replacen("\"sequence\":", "\"sequence\": ", 1)
        .into_bytes();
    let reencoded = clean.tampered("spaced.ndjson", &all.concat());
    let mut all = lines(&clean.bytes());
    all.swap(5, 6);
    let swapped = clean.tampered("swapped.ndjson", &all.concat());
    let mut bytes = clean.bytes();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let flipped = clean.tampered("flipped.ndjson", &bytes);
    let mut all = lines(&clean.bytes());
    all.pop();
    let cut = clean.tampered("cut.ndjson", &all.concat());

    for export in [&clean, &reencoded, &swapped, &flipped, &cut] {
        let rust = export.verify(&[]).is_ok();
        assert_eq!(
            python_accepts(&export.file),
            rust,
            "{}",
            export.file.display()
        );
    }
    assert!(python_accepts(&clean.file));
}
