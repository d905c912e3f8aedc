//! S3-compatible photo storage (AWS S3, MinIO, Yandex Object Storage, …), chosen by configuration.

use std::sync::Arc;

use object_store::aws::AmazonS3Builder;

use crate::error::StoreError;
use crate::store::PhotoStore;

/// Where an S3-compatible bucket is. Credentials and region come from the standard `AWS_*`
/// environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    /// Bucket name.
    pub bucket: String,
    /// Endpoint of a non-AWS service (e.g. `http://127.0.0.1:9000` for MinIO); `None` for AWS.
    pub endpoint: Option<String>,
}

impl PhotoStore {
    /// A store on an S3-compatible bucket (path-style requests; plain HTTP allowed only when the
    /// endpoint says `http://`).
    pub fn s3(location: &S3Location) -> Result<Self, StoreError> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&location.bucket);
        if let Some(endpoint) = &location.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        Ok(Self::from_object_store(Arc::new(builder.build()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PhotoLimits, process};

    fn photo() -> crate::ProcessedPhoto {
        let img = image::RgbImage::from_pixel(8, 8, image::Rgb([10, 200, 30]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png)
            .expect("encoding a test image");
        process(png.get_ref(), &PhotoLimits::default()).expect("a valid photo")
    }

    #[tokio::test]
    async fn an_unreachable_bucket_is_an_error_not_a_panic() {
        // the binary installs ring as rustls's provider; aws-lc-rs is compiled in too, so without
        // it building a TLS client would panic
        let _ = rustls::crypto::ring::default_provider().install_default();
        for endpoint in ["http://127.0.0.1:9", "https://127.0.0.1:9"] {
            let location = S3Location {
                bucket: "photos".to_owned(),
                endpoint: Some(endpoint.to_owned()),
            };
            let store = PhotoStore::s3(&location).expect("the configuration is valid");
            let put = store.put(&photo()).await;
            assert!(
                matches!(put, Err(StoreError::ObjectStore(_))),
                "{endpoint}: {put:?}"
            );
        }
    }
}
