//! The pixel work of newsroom's photo pipeline, behind plain functions: decoding, resizing
//! and encoding.
//!
//! It is a crate of its own for one reason. The codecs (`image`, and rav1e beneath it for
//! AVIF) are generic, and generic code is compiled in the crate that names its types, at that
//! crate's optimisation level. Named from newsroom, an unoptimised test build would encode
//! AVIF in an unoptimised rav1e and take minutes over one photo. Named here, behind functions
//! that take only bytes and numbers, it is compiled in this crate, which `Cargo.toml`
//! optimises in every build, while newsroom's own code compiles quickly.
//!
//! Messages for editors are newsroom's business: this crate returns the codecs' own errors.

use std::io::Cursor;

use fast_image_resize as fir;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat, ImageReader,
};

/// A decoded picture, turned the right way up, as 8-bit RGB or RGBA pixels.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// Whether any pixel is not fully opaque; the buffer is RGBA then, RGB otherwise.
    pub alpha: bool,
    pub buffer: Vec<u8>,
    /// The file's EXIF block, if it has one.
    pub exif: Option<Vec<u8>>,
}

/// Decodes `bytes` of `format`, refusing pictures with a side over `max_side` pixels, and
/// applies the EXIF orientation. A picture whose alpha channel is wholly opaque comes back
/// as RGB.
pub fn decode(bytes: &[u8], format: ImageFormat, max_side: u32) -> image::ImageResult<Picture> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let exif = decoder.exif_metadata().ok().flatten();
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let rgba = picture.color().has_alpha().then(|| picture.to_rgba8());
    let alpha = rgba
        .as_ref()
        .is_some_and(|pixels| pixels.pixels().any(|p| p.0[3] != 255));
    let buffer = match rgba {
        Some(pixels) if alpha => pixels.into_raw(),
        _ => picture.to_rgb8().into_raw(),
    };
    Ok(Picture {
        width,
        height,
        alpha,
        buffer,
        exif,
    })
}

/// A rectangle of a picture, in its pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// Resizes `region` of a `width`×`height` picture (RGBA when `alpha`, else RGB) to
/// `to_width`×`to_height` with a Lanczos filter; the result has the same channels. The error
/// is the resizer's own.
pub fn resize(
    buffer: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    region: Region,
    (to_width, to_height): (u32, u32),
) -> Result<Vec<u8>, String> {
    let kind = if alpha {
        fir::PixelType::U8x4
    } else {
        fir::PixelType::U8x3
    };
    let source =
        fir::images::ImageRef::new(width, height, buffer, kind).map_err(|e| e.to_string())?;
    let mut target = fir::images::Image::new(to_width, to_height, kind);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3))
        .crop(region.left, region.top, region.width, region.height);
    fir::Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    Ok(target.into_vec())
}

/// How a picture is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Baseline JPEG at a quality from 1 to 100; an alpha channel is flattened onto white.
    Jpeg { quality: u8 },
    /// PNG, compressed fast with adaptive filtering.
    Png,
    /// AVIF through rav1e, at a quality from 1 to 100 and a speed from 1 (slowest) to 10.
    Avif { quality: u8, speed: u8 },
    /// Lossy WebP through libwebp, at a quality from 1 to 100 (it carries no EXIF).
    Webp { quality: u8 },
}

/// Encodes a `width`×`height` picture (RGBA when `alpha`, else RGB), with `exif` embedded
/// where the format carries it. The error is the encoder's own.
pub fn encode(
    buffer: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    encoding: Encoding,
    exif: Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let colour = if alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    match encoding {
        Encoding::Jpeg { quality } => {
            let flat;
            let (pixels, colour) = if alpha {
                flat = flatten(buffer);
                (flat.as_slice(), ExtendedColorType::Rgb8)
            } else {
                (buffer, colour)
            };
            let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            if let Some(exif) = exif {
                encoder.set_exif_metadata(exif).map_err(failed)?;
            }
            encoder
                .write_image(pixels, width, height, colour)
                .map_err(failed)?;
        }
        Encoding::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            );
            if let Some(exif) = exif {
                encoder.set_exif_metadata(exif).map_err(failed)?;
            }
            encoder
                .write_image(buffer, width, height, colour)
                .map_err(failed)?;
        }
        Encoding::Avif { quality, speed } => {
            let mut encoder =
                image::codecs::avif::AvifEncoder::new_with_speed_quality(&mut out, speed, quality);
            if let Some(exif) = exif {
                encoder.set_exif_metadata(exif).map_err(failed)?;
            }
            encoder
                .write_image(buffer, width, height, colour)
                .map_err(failed)?;
        }
        Encoding::Webp { quality } => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(buffer, width, height)
            } else {
                webp::Encoder::from_rgb(buffer, width, height)
            };
            let memory = encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|e| format!("{e:?}"))?;
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}

/// An encoder's error, as its own words.
fn failed(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// RGBA on white, for JPEG, which has no transparency.
fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_survives_every_encoding_at_its_size() {
        let (width, height) = (64, 48);
        let buffer: Vec<u8> = (0..width * height * 3).map(|n| (n % 251) as u8).collect();
        for (encoding, format) in [
            (Encoding::Jpeg { quality: 80 }, ImageFormat::Jpeg),
            (Encoding::Png, ImageFormat::Png),
            (Encoding::Webp { quality: 80 }, ImageFormat::WebP),
        ] {
            let bytes = encode(&buffer, (width, height), false, encoding, None).unwrap();
            let picture = decode(&bytes, format, 1000).unwrap();
            assert_eq!(
                (picture.width, picture.height),
                (width, height),
                "{encoding:?}"
            );
            assert!(!picture.alpha);
        }
        let avif = encode(
            &buffer,
            (width, height),
            false,
            Encoding::Avif {
                quality: 60,
                speed: 10,
            },
            None,
        )
        .unwrap();
        assert_eq!(image::guess_format(&avif).unwrap(), ImageFormat::Avif);
    }

    /// A picture with edges, gradients and flat parts, so the encoder takes many paths.
    fn pattern(width: u32, height: u32) -> Vec<u8> {
        let mut buffer = Vec::with_capacity((width * height * 3) as usize);
        for y in 0..height {
            for x in 0..width {
                let stripe = if (x / 16 + y / 16) % 2 == 0 { 40 } else { 220 };
                buffer.extend([(x * 255 / width) as u8, stripe, ((x ^ y) & 255) as u8]);
            }
        }
        buffer
    }

    /// The AVIF encoder makes the reference file's bytes. `cargo test` checks the plain
    /// build; run with `--features nasm` as well, this shows rav1e's assembly makes the same
    /// bytes, so the faster build never changes a site. The reference was written by the
    /// plain build; rewrite it with `NEWSROOM_BLESS=1` only when rav1e itself is upgraded.
    #[test]
    fn the_avif_encoder_makes_the_reference_bytes() {
        let avif = encode(
            &pattern(256, 160),
            (256, 160),
            false,
            Encoding::Avif {
                quality: 60,
                speed: 10,
            },
            None,
        )
        .unwrap();
        let reference =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pattern-256x160.avif");
        if std::env::var_os("NEWSROOM_BLESS").is_some() && !cfg!(feature = "nasm") {
            std::fs::write(&reference, &avif).unwrap();
        }
        let expected = std::fs::read(&reference).unwrap();
        assert!(
            avif == expected,
            "the AVIF encoder made {} bytes where {} holds {} bytes",
            avif.len(),
            reference.display(),
            expected.len()
        );
    }

    #[test]
    fn a_crop_is_resized_to_the_size_asked_for() {
        let buffer = vec![200; 100 * 50 * 4];
        let region = Region {
            left: 10.0,
            top: 5.0,
            width: 40.0,
            height: 40.0,
        };
        let out = resize(&buffer, (100, 50), true, region, (20, 20)).unwrap();
        assert_eq!(out.len(), 20 * 20 * 4);
    }

    #[test]
    fn transparency_is_flattened_onto_white_for_jpeg() {
        assert_eq!(
            flatten(&[0, 0, 0, 0, 10, 20, 30, 255]),
            [255, 255, 255, 10, 20, 30]
        );
    }
}
