//! The C2SP and Go reference vectors, and the refusals.

use super::*;

// c2sp.org/signed-note, "Example".
const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const SPEC_NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

// golang.org/x/mod/sumdb/note package documentation.
const GO_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

fn vkey(text: &str) -> VerifierKey {
    VerifierKey::parse(text).expect("valid verifier key")
}

#[test]
fn the_c2sp_example_note_verifies_with_its_verifier_key() {
    let key = vkey(SPEC_VKEY);
    assert_eq!(key.to_string(), SPEC_VKEY);
    assert_eq!(
        open(SPEC_NOTE.as_bytes(), &[key]),
        Ok("This is an example message.\n".to_owned())
    );
}

#[test]
fn signing_the_go_example_reproduces_its_note_byte_for_byte() {
    let signer = SignerKey::parse(GO_SKEY).expect("valid signer key");
    assert_eq!(signer.encode(), GO_SKEY);
    assert_eq!(signer.verifier().to_string(), GO_VKEY);
    assert_eq!(signer.verifier(), vkey(GO_VKEY));
    let note = sign(GO_TEXT, &[&signer]).expect("signable");
    assert_eq!(note, format!("{GO_TEXT}\n{GO_SIG}"));
    assert_eq!(
        open(note.as_bytes(), &[vkey(GO_VKEY)]),
        Ok(GO_TEXT.to_owned())
    );
}

#[test]
fn the_key_id_is_the_first_four_bytes_of_the_hash_of_name_newline_type_and_key() {
    let key = vkey(GO_VKEY);
    assert_eq!(hex::encode(key.id()), "c74f20a3");
    let signer = SignerKey::parse(GO_SKEY).expect("valid");
    let public = signer.verifier().to_string();
    let material = base64::engine::general_purpose::STANDARD
        .decode(public.rsplit('+').next().expect("three parts"))
        .expect("base64");
    let public: [u8; 32] = material[1..].try_into().expect("32 bytes");
    assert_eq!(key_id("PeterNeumann", &public), key.id());
}

#[test]
fn any_mangled_key_string_is_refused() {
    for text in [SPEC_VKEY, GO_VKEY] {
        let bytes = text.as_bytes();
        for i in 0..bytes.len() {
            let mut bad = bytes.to_vec();
            bad[i] = if bad[i] == b'A' { b'B' } else { b'A' };
            let bad = String::from_utf8(bad).expect("ascii");
            assert!(VerifierKey::parse(&bad).is_err(), "{bad}");
        }
        for cut in 1..bytes.len() {
            assert!(
                VerifierKey::parse(&text[..cut]).is_err(),
                "{}",
                &text[..cut]
            );
        }
    }
    for cut in 1..GO_SKEY.len() {
        assert!(SignerKey::parse(&GO_SKEY[..cut]).is_err());
    }
    assert_eq!(
        VerifierKey::parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(KeyError::UnknownAlgorithm(0x65))
    );
    assert!(matches!(
        VerifierKey::parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(KeyError::IdMismatch { .. })
    ));
    assert_eq!(
        SignerKey::from_seed("a b", [7; 32]).map(|_| ()),
        Err(KeyError::BadName)
    );
    assert_eq!(
        SignerKey::from_seed("a+b", [7; 32]).map(|_| ()),
        Err(KeyError::BadName)
    );
    assert_eq!(
        SignerKey::from_seed("", [7; 32]).map(|_| ()),
        Err(KeyError::BadName)
    );
}

#[test]
fn a_generated_key_round_trips_through_its_key_file_string_and_hides_its_seed() {
    let signer = SignerKey::generate("birqadam.example/audit").expect("entropy");
    let again = SignerKey::parse(&signer.encode()).expect("valid");
    assert_eq!(again.verifier(), signer.verifier());
    assert_ne!(
        SignerKey::generate("birqadam.example/audit")
            .expect("entropy")
            .verifier(),
        signer.verifier()
    );
    let seed_b64 = signer
        .encode()
        .rsplit('+')
        .next()
        .expect("parts")
        .to_owned();
    assert!(!format!("{signer:?}").contains(&seed_b64));
}

#[test]
fn signatures_by_unknown_keys_are_ignored_but_a_known_key_must_have_signed() {
    let log = SignerKey::from_seed("log.example", [1; 32]).expect("valid");
    let witness = SignerKey::from_seed("witness.example", [2; 32]).expect("valid");
    // Same name as the log, different key: an unknown key, ignored.
    let impostor = SignerKey::from_seed("log.example", [3; 32]).expect("valid");
    let note = sign("hello\n", &[&witness, &impostor, &log]).expect("signable");
    let keys = [log.verifier()];
    assert_eq!(
        Note::parse(note.as_bytes()).expect("parses").verify(&keys),
        Ok(vec![&keys[0]])
    );
    let without_log = sign("hello\n", &[&witness, &impostor]).expect("signable");
    assert!(matches!(
        open(without_log.as_bytes(), &keys),
        Err(NoteError::NoKnownSignature { .. })
    ));
}

#[test]
fn a_bad_signature_by_a_known_key_refuses_the_whole_note() {
    let log = SignerKey::from_seed("log.example", [1; 32]).expect("valid");
    let witness = SignerKey::from_seed("witness.example", [2; 32]).expect("valid");
    let note = sign("hello\n", &[&log, &witness]).expect("signable");
    let forged = note.replacen("hello\n\n", "hullo\n\n", 1);
    let keys = [witness.verifier(), log.verifier()];
    assert_eq!(
        open(forged.as_bytes(), &keys),
        Err(NoteError::BadSignature {
            name: "log.example".to_owned()
        })
    );
}

#[test]
fn malformed_notes_are_refused_with_the_reason() {
    let key = [vkey(SPEC_VKEY)];
    let keys = &key[..];
    let no_blank = SPEC_NOTE.replacen("\n\n", "\n", 1);
    assert_eq!(
        open(no_blank.as_bytes(), keys),
        Err(NoteError::NoSignatures)
    );
    let trailing = format!("{SPEC_NOTE}\n");
    assert_eq!(
        open(trailing.as_bytes(), keys),
        Err(NoteError::NoSignatures)
    );
    let no_dash = SPEC_NOTE.replacen('\u{2014}', "-", 1);
    assert_eq!(
        open(no_dash.as_bytes(), keys),
        Err(NoteError::BadSignatureLine { line: 1 })
    );
    let tab = SPEC_NOTE.replacen(' ', "\t", 1);
    assert_eq!(
        open(tab.as_bytes(), keys),
        Err(NoteError::ControlCharacter { offset: 4 })
    );
    assert_eq!(open(b"\xff\n\n", keys), Err(NoteError::NotUtf8));
    let many = format!(
        "x\n\n{}",
        "\u{2014} k AAAAAAAA\n".repeat(MAX_SIGNATURES + 1)
    );
    assert_eq!(
        open(many.as_bytes(), keys),
        Err(NoteError::TooManySignatures)
    );
    let signer = SignerKey::from_seed("k", [1; 32]).expect("valid");
    assert_eq!(
        sign("no newline", &[&signer]),
        Err(NoteError::TextWithoutNewline)
    );
    assert_eq!(
        sign("bell\u{7}\n", &[&signer]),
        Err(NoteError::ControlCharacter { offset: 4 })
    );
}
