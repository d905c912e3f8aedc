//! Photo intake: content sniffing, limit checks, decoding and metadata-free
//! re-encoding to JPEG plus a thumbnail.

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage,
};
use sha2::{Digest, Sha256};

use crate::error::PhotoError;
use crate::jpeg;
use crate::limits::PhotoLimits;

/// JPEG quality used for the re-encoded full image and the thumbnail.
const JPEG_QUALITY: u8 = 85;
/// Worst-case decoded bytes per pixel (16-bit RGBA).
const MAX_BYTES_PER_PIXEL: u64 = 8;
/// Allocation headroom for decoder-internal buffers and metadata chunks.
const ALLOC_SLACK: u64 = 64 * 1024 * 1024;

/// A validated photo, re-encoded as a metadata-free JPEG, with its thumbnail.
///
/// `Debug` shows the lengths of `data` and `thumb`, not their bytes, so that
/// logs and test failures stay readable.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessedPhoto {
    /// Lowercase hex SHA-256 of `data` (the re-encoded full image); its storage key.
    pub sha256: String,
    /// MIME type of `data` and `thumb`; always `image/jpeg`.
    pub content_type: &'static str,
    /// Length of `data` in bytes.
    pub bytes: u64,
    /// Width of the full image in pixels, after applying the EXIF orientation.
    pub width: u32,
    /// Height of the full image in pixels, after applying the EXIF orientation.
    pub height: u32,
    /// The re-encoded full image (JPEG, no metadata).
    pub data: Bytes,
    /// The thumbnail (JPEG, no metadata); its longer side is at most
    /// [`PhotoLimits::thumb_size`].
    pub thumb: Bytes,
}

impl std::fmt::Debug for ProcessedPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessedPhoto")
            .field("sha256", &self.sha256)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("data", &format_args!("<{} bytes>", self.data.len()))
            .field("thumb", &format_args!("<{} bytes>", self.thumb.len()))
            .finish()
    }
}

/// Validates an uploaded photo and re-encodes it.
///
/// The format is detected from the content (JPEG, PNG and WebP are accepted),
/// dimensions are checked from the header before any pixel data is decoded,
/// the EXIF orientation is applied, and the result is encoded afresh as JPEG,
/// so no EXIF, GPS or other metadata survives.
///
/// This is synchronous and CPU-heavy: async callers should run it inside
/// `tokio::task::spawn_blocking`.
///
/// # Errors
/// [`PhotoError::TooLarge`], [`PhotoError::UnsupportedType`],
/// [`PhotoError::TooManyPixels`] or [`PhotoError::Corrupt`], as documented on
/// each variant.
pub fn process(input: &[u8], limits: &PhotoLimits) -> Result<ProcessedPhoto, PhotoError> {
    if input.len() > limits.max_bytes {
        return Err(PhotoError::TooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(input))
        .with_guessed_format()
        .map_err(|_| PhotoError::UnsupportedType)?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::UnsupportedType),
    };
    reader.limits(decoder_limits(limits));
    // Constructing the decoder reads only the header; the limits above make it
    // refuse oversized sides already, and the explicit check below covers the
    // pixel count, all before any pixel buffer is allocated.
    let mut decoder = reader.into_decoder().map_err(map_image_error)?;
    let (width, height) = decoder.dimensions();
    if !limits.allows_dimensions(width, height) {
        return Err(PhotoError::TooManyPixels);
    }
    if format == ImageFormat::Jpeg && !jpeg::reaches_end_of_image(input) {
        return Err(PhotoError::Corrupt(
            "JPEG is truncated (no end-of-image marker)".to_owned(),
        ));
    }
    // A malformed EXIF block must not reject an otherwise fine photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(map_image_error)?;
    image.apply_orientation(orientation);

    let rgb = flatten_to_rgb(image);
    let (width, height) = rgb.dimensions();
    let data = encode_jpeg(&rgb)?;
    let (tw, th) = thumb_dimensions(width, height, limits.thumb_size);
    let thumb = if (tw, th) == (width, height) {
        encode_jpeg(&rgb)?
    } else {
        encode_jpeg(&image::imageops::thumbnail(&rgb, tw, th))?
    };

    Ok(ProcessedPhoto {
        sha256: hex::encode(Sha256::digest(&data)),
        content_type: "image/jpeg",
        bytes: data.len() as u64,
        width,
        height,
        data: Bytes::from(data),
        thumb: Bytes::from(thumb),
    })
}

/// Decoder limits derived from the photo limits (second line of defence).
fn decoder_limits(limits: &PhotoLimits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_dimension);
    l.max_image_height = Some(limits.max_dimension);
    l.max_alloc = Some(
        limits
            .max_pixels
            .saturating_mul(MAX_BYTES_PER_PIXEL)
            .saturating_add(ALLOC_SLACK),
    );
    l
}

/// Maps a decoder error onto the intake error vocabulary.
fn map_image_error(err: ImageError) -> PhotoError {
    match err {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        ImageError::Unsupported(_) => PhotoError::UnsupportedType,
        other => PhotoError::Corrupt(other.to_string()),
    }
}

/// Converts to 8-bit RGB, compositing any transparency onto white.
fn flatten_to_rgb(image: DynamicImage) -> RgbImage {
    if !image.has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = src.0;
        let blend = |c: u8| -> u8 {
            let (c, a) = (u16::from(c), u16::from(a));
            let v = (c * a + 255 * (255 - a) + 127) / 255;
            u8::try_from(v).unwrap_or(u8::MAX)
        };
        dst.0 = [blend(r), blend(g), blend(b)];
    }
    out
}

/// Encodes an RGB image as a baseline JPEG without any metadata segments.
fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .map_err(|e| PhotoError::Corrupt(format!("cannot re-encode photo: {e}")))?;
    Ok(out)
}

/// Thumbnail size: longer side `size` (at least 1), aspect ratio kept, never upscaled.
fn thumb_dimensions(width: u32, height: u32, size: u32) -> (u32, u32) {
    let size = size.max(1);
    let long = width.max(height);
    if long <= size {
        return (width, height);
    }
    let scale = |side: u32| -> u32 {
        let v = (u64::from(side) * u64::from(size) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(v).unwrap_or(size).max(1)
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests;
