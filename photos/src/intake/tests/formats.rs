//! Accepted formats, sizes, thumbnails and transparency.

use image::{DynamicImage, ImageFormat, Rgb, Rgba, RgbaImage};

use super::{TestResult, assert_valid_output, decode, encode, rgb};
use crate::intake::{PhotoLimits, process, thumb_dimensions};

#[test]
fn accepts_png_jpeg_and_webp() -> TestResult {
    let image = DynamicImage::ImageRgb8(rgb(640, 480));
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
        let input = encode(&image, format)?;
        let photo = process(&input, &PhotoLimits::default())?;
        assert_valid_output(&photo, 640, 480)?;
        let thumb = decode(&photo.thumb)?;
        assert_eq!((thumb.width(), thumb.height()), (320, 240), "{format:?}");
    }
    Ok(())
}

#[test]
fn small_images_are_not_upscaled() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(100, 50)), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let thumb = decode(&photo.thumb)?;
    assert_eq!((thumb.width(), thumb.height()), (100, 50));
    Ok(())
}

#[test]
fn debug_output_elides_image_bytes() -> TestResult {
    let input = encode(&DynamicImage::ImageRgb8(rgb(64, 64)), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let debug = format!("{photo:?}");
    assert!(debug.contains(&photo.sha256));
    assert!(debug.contains(&format!("<{} bytes>", photo.data.len())));
    assert!(debug.len() < 400, "{debug}");
    Ok(())
}

#[test]
fn thumbnail_keeps_aspect_ratio() {
    assert_eq!(thumb_dimensions(4000, 3000, 320), (320, 240));
    assert_eq!(thumb_dimensions(3000, 4000, 320), (240, 320));
    assert_eq!(thumb_dimensions(10_000, 10, 320), (320, 1));
    assert_eq!(thumb_dimensions(320, 200, 320), (320, 200));
    assert_eq!(thumb_dimensions(5, 5, 0), (1, 1));
}

#[test]
fn transparency_is_flattened_onto_white() -> TestResult {
    let image = RgbaImage::from_pixel(64, 64, Rgba([0, 0, 0, 0]));
    let input = encode(&DynamicImage::ImageRgba8(image), ImageFormat::Png)?;
    let photo = process(&input, &PhotoLimits::default())?;
    let out = decode(&photo.data)?.into_rgb8();
    let Rgb([r, g, b]) = *out.get_pixel(32, 32);
    assert!(r > 245 && g > 245 && b > 245, "got {r},{g},{b}");
    Ok(())
}
