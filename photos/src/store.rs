//! Content-addressed photo storage on top of `object_store`.
//!
//! Layout: `photos/{sha256}.jpg` for the full image and
//! `thumbs/{sha256}.jpg` for the thumbnail. Keys are only ever built from
//! validated SHA-256 hex strings.

use std::sync::Arc;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::StoreError;
use crate::intake::ProcessedPhoto;

/// Prefix of full-size images.
const PHOTOS: &str = "photos";
/// Prefix of thumbnails.
const THUMBS: &str = "thumbs";

/// Which rendition of a stored photo to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoSize {
    /// The re-encoded full image.
    Full,
    /// The thumbnail.
    Thumb,
}

/// Whether `s` is a SHA-256 digest in lowercase hex (64 chars of `0-9a-f`).
#[must_use]
pub fn is_valid_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Content-addressed store for processed photos and their thumbnails.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    inner: Arc<dyn ObjectStore>,
}

impl PhotoStore {
    /// A store on the local file system rooted at `dir` (created if missing).
    ///
    /// # Errors
    /// When the directory cannot be created or opened.
    pub fn local(dir: &std::path::Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)?;
        let fs = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Self::from_object_store(Arc::new(fs)))
    }

    /// A store on any `object_store` backend (e.g. S3-compatible).
    #[must_use]
    pub fn from_object_store(inner: Arc<dyn ObjectStore>) -> Self {
        Self { inner }
    }

    /// Stores the full image and the thumbnail under the photo's SHA-256.
    ///
    /// Idempotent: storing the same photo again rewrites the same keys.
    ///
    /// # Errors
    /// When the backend fails to write.
    pub async fn put(&self, photo: &ProcessedPhoto) -> Result<(), StoreError> {
        // `sha256` is computed by `process`, but the field is public: never
        // build a key from a value we have not checked.
        if !is_valid_sha256(&photo.sha256) {
            return Err(StoreError::InvalidKey);
        }
        let thumb = key(&photo.sha256, PhotoSize::Thumb);
        let full = key(&photo.sha256, PhotoSize::Full);
        // Thumbnail first: `count` looks at full images, so a photo only
        // becomes visible once both renditions are written.
        self.inner
            .put(&thumb, PutPayload::from(photo.thumb.clone()))
            .await?;
        self.inner
            .put(&full, PutPayload::from(photo.data.clone()))
            .await?;
        Ok(())
    }

    /// Reads one rendition of a photo; `None` when absent or when `sha256`
    /// is not a valid lowercase hex digest.
    ///
    /// # Errors
    /// When the backend fails for a reason other than "not found".
    pub async fn get(&self, sha256: &str, size: PhotoSize) -> Result<Option<Bytes>, StoreError> {
        if !is_valid_sha256(sha256) {
            return Ok(None);
        }
        match self.inner.get(&key(sha256, size)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes both renditions of a photo; absent objects are not an error.
    ///
    /// # Errors
    /// When the backend fails for a reason other than "not found".
    pub async fn delete(&self, sha256: &str) -> Result<(), StoreError> {
        if !is_valid_sha256(sha256) {
            return Ok(());
        }
        for size in [PhotoSize::Full, PhotoSize::Thumb] {
            match self.inner.delete(&key(sha256, size)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Number of full-size photos stored.
    ///
    /// # Errors
    /// When the backend fails to list.
    pub async fn count(&self) -> Result<usize, StoreError> {
        let prefix = Path::from(PHOTOS);
        let n = self
            .inner
            .list(Some(&prefix))
            .try_fold(0_usize, |n, _| async move { Ok(n + 1) })
            .await?;
        Ok(n)
    }
}

/// Object key of a rendition; `sha256` must already be validated.
fn key(sha256: &str, size: PhotoSize) -> Path {
    let dir = match size {
        PhotoSize::Full => PHOTOS,
        PhotoSize::Thumb => THUMBS,
    };
    Path::from(format!("{dir}/{sha256}.jpg"))
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
