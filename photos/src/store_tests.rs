//! Tests for [`super::PhotoStore`].

use std::io::Cursor;
use std::sync::Arc;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use super::{PhotoSize, PhotoStore, is_valid_sha256};
use crate::{PhotoLimits, ProcessedPhoto, StoreError, process};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn photo(seed: u8) -> Result<ProcessedPhoto, Box<dyn std::error::Error>> {
    let image = RgbImage::from_fn(48, 32, |x, y| Rgb([seed, x as u8, y as u8]));
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(process(&png, &PhotoLimits::default())?)
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Self {
        Self(std::env::temp_dir().join(format!("birqadam-photos-{}", uuid::Uuid::new_v4())))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn round_trip(store: &PhotoStore) -> TestResult {
    let p = photo(7)?;
    assert_eq!(store.count().await?, 0);
    store.put(&p).await?;
    assert_eq!(
        store.get(&p.sha256, PhotoSize::Full).await?,
        Some(p.data.clone())
    );
    assert_eq!(
        store.get(&p.sha256, PhotoSize::Thumb).await?,
        Some(p.thumb.clone())
    );
    assert_eq!(store.count().await?, 1);
    // Same content, same key: still one object.
    store.put(&p).await?;
    assert_eq!(store.count().await?, 1);

    let other = photo(200)?;
    assert_ne!(other.sha256, p.sha256);
    store.put(&other).await?;
    assert_eq!(store.count().await?, 2);
    store.delete(&other.sha256).await?;

    store.delete(&p.sha256).await?;
    assert_eq!(store.get(&p.sha256, PhotoSize::Full).await?, None);
    assert_eq!(store.get(&p.sha256, PhotoSize::Thumb).await?, None);
    assert_eq!(store.count().await?, 0);
    // Deleting again (absent) is fine.
    store.delete(&p.sha256).await?;
    Ok(())
}

#[tokio::test]
async fn local_store_round_trip() -> TestResult {
    let dir = TempDir::new();
    let store = PhotoStore::local(&dir.0.join("nested"))?;
    round_trip(&store).await?;
    // Nothing under thumbs/ either.
    let thumbs = dir.0.join("nested").join("thumbs");
    let left = std::fs::read_dir(&thumbs).map(Iterator::count).unwrap_or(0);
    assert_eq!(left, 0);
    Ok(())
}

#[tokio::test]
async fn in_memory_store_round_trip() -> TestResult {
    let store = PhotoStore::from_object_store(Arc::new(object_store::memory::InMemory::new()));
    round_trip(&store).await
}

#[tokio::test]
async fn unchecked_keys_are_never_used() -> TestResult {
    let dir = TempDir::new();
    let store = PhotoStore::local(&dir.0)?;
    let p = photo(1)?;
    store.put(&p).await?;
    for bad in [
        "../etc/passwd",
        "",
        &p.sha256.to_uppercase(),
        &p.sha256[..63],
        &format!("{}/../x", &p.sha256[..58]),
    ] {
        assert_eq!(store.get(bad, PhotoSize::Full).await?, None, "{bad:?}");
        store.delete(bad).await?;
    }
    assert_eq!(store.count().await?, 1);

    let mut forged = p.clone();
    forged.sha256 = "../../evil".to_owned();
    assert!(matches!(
        store.put(&forged).await,
        Err(StoreError::InvalidKey)
    ));
    Ok(())
}

#[test]
fn sha256_validation() {
    assert!(is_valid_sha256(&"a1".repeat(32)));
    assert!(!is_valid_sha256(&"A1".repeat(32)));
    assert!(!is_valid_sha256(&"g1".repeat(32)));
    assert!(!is_valid_sha256(&"a1".repeat(33)));
}

#[test]
fn store_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let store = PhotoStore::from_object_store(Arc::new(object_store::memory::InMemory::new()));
    assert_send(&store.get("x", PhotoSize::Full));
    assert_send(&store.delete("x"));
    assert_send(&store.count());
}
