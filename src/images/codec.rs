//! Decoding, resizing and encoding: the slow part, behind the cache.
//!
//! The work on pixels is done in the `newsroom-pixels` crate (`pixels/`), which is optimised
//! in every build; this module gives its errors the editor's words. The crates, and why:
//! - `image` decodes JPEG (zune-jpeg), PNG, WebP and GIF in pure Rust, reads EXIF orientation
//!   and encodes the JPEG and PNG fallbacks and AVIF (through `ravif`/rav1e, at its fastest
//!   speed, which still beats WebP on size).
//! - `fast_image_resize` resizes with SIMD, several times faster than `image`'s own filters,
//!   and crops in the same pass.
//! - `webp` (libwebp) encodes lossy WebP; `image`'s WebP encoder is lossless only, which
//!   makes photos several times larger.

use image::ImageFormat;

use super::metadata::Credit;
use super::{Format, Quality};

/// AVIF speed, 1 (slowest) to 10: 10 keeps a cold build of a thousand photos in minutes.
const AVIF_SPEED: u8 = 10;

/// The longest side of a photo that is processed: larger than any camera's, small enough
/// that a damaged or hostile header cannot make a build allocate gigabytes.
const MAX_SIDE: u32 = 16_384;

/// The source formats that can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    Jpeg,
    Png,
    Webp,
    Gif,
}

/// A decoded photo, turned the right way up, as 8-bit RGB or RGBA pixels.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// Whether any pixel is not fully opaque; the buffer is RGBA then, RGB otherwise.
    pub alpha: bool,
    pub buffer: Vec<u8>,
    pub kind: SourceKind,
    pub credit: Credit,
}

/// Decodes a photo; the error is a sentence for the editor, naming what is wrong and how
/// to fix it (the caller adds the file).
pub fn decode(bytes: &[u8]) -> Result<Pixels, String> {
    let readable = "newsroom reads JPEG, PNG, WebP and GIF photos";
    let format = image::guess_format(bytes).map_err(|_| {
        format!("this is not an image file ({readable}); check the file is the photo you meant")
    })?;
    let kind = match format {
        ImageFormat::Jpeg => SourceKind::Jpeg,
        ImageFormat::Png => SourceKind::Png,
        ImageFormat::WebP => SourceKind::Webp,
        ImageFormat::Gif => SourceKind::Gif,
        ImageFormat::Avif => {
            return Err(format!(
                "this is an AVIF file, which newsroom cannot read yet ({readable}); save the original as JPEG, PNG or WebP (newsroom makes the AVIF versions itself)"
            ));
        }
        other => {
            return Err(format!(
                "this is a {} file, which newsroom cannot publish ({readable}); convert it to one of those",
                other
                    .extensions_str()
                    .first()
                    .unwrap_or(&"?")
                    .to_uppercase()
            ));
        }
    };
    let damaged = |error: image::ImageError| match error {
        image::ImageError::Limits(_) => format!(
            "the image is too large to process (over {MAX_SIDE} px a side, or over 512 MiB decoded); scale it down to a few thousand pixels a side"
        ),
        _ => format!(
            "the {} file is truncated or damaged and cannot be decoded ({error}); export it again from the original",
            kind.name()
        ),
    };
    if kind == SourceKind::Jpeg && !jpeg_is_complete(bytes) {
        return Err(
            "the JPEG file is truncated (it stops before the end of the picture); copy or export it again from the original"
                .to_string(),
        );
    }
    let picture = pixels::decode(bytes, format, MAX_SIDE).map_err(damaged)?;
    if picture.width == 0 || picture.height == 0 {
        return Err("the image has no pixels; export it again from the original".to_string());
    }
    let credit = picture
        .exif
        .as_deref()
        .map(Credit::from_exif)
        .unwrap_or_default();
    let pixels::Picture {
        width,
        height,
        alpha,
        buffer,
        ..
    } = picture;
    Ok(Pixels {
        width,
        height,
        alpha,
        buffer,
        kind,
        credit,
    })
}

/// Whether a JPEG has its end-of-image marker after its last scan. The decoder fills a cut
/// file's missing part with grey rather than failing, which would publish half a photo.
/// Entropy-coded data never holds `FF D9` (a data `FF` is followed by `00`), so the marker
/// after the last start-of-scan is the real end, not an EXIF thumbnail's.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|pair| pair == [0xFF, 0xDA]);
    last_scan.is_some_and(|scan| bytes[scan..].windows(2).any(|pair| pair == [0xFF, 0xD9]))
}

impl SourceKind {
    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Jpeg => "JPEG",
            SourceKind::Png => "PNG",
            SourceKind::Webp => "WebP",
            SourceKind::Gif => "GIF",
        }
    }
}

/// The part of the photo an output shows, in the photo's pixels.
pub use pixels::Region;

/// Resizes `region` of `pixels` to `width`×`height`; the buffer has the same channels.
pub fn resize(pixels: &Pixels, region: Region, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let whole = region.left == 0.0
        && region.top == 0.0
        && region.width == f64::from(pixels.width)
        && region.height == f64::from(pixels.height);
    if whole && width == pixels.width && height == pixels.height {
        return Ok(pixels.buffer.clone());
    }
    pixels::resize(
        &pixels.buffer,
        (pixels.width, pixels.height),
        pixels.alpha,
        region,
        (width, height),
    )
    .map_err(|e| format!("could not resize the photo ({e})"))
}

/// Encodes RGB (or RGBA, when `alpha`) pixels in `format`, with the credit embedded where
/// the format carries EXIF (JPEG, PNG and AVIF; WebP as libwebp writes it does not).
pub fn encode(
    buffer: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    format: Format,
    quality: Quality,
    credit: &Credit,
) -> Result<Vec<u8>, String> {
    let encoding = match format {
        Format::Jpeg => pixels::Encoding::Jpeg {
            quality: quality.jpeg,
        },
        Format::Png => pixels::Encoding::Png,
        Format::Avif => pixels::Encoding::Avif {
            quality: quality.avif,
            speed: AVIF_SPEED,
        },
        Format::Webp => pixels::Encoding::Webp {
            quality: quality.webp,
        },
    };
    pixels::encode(buffer, (width, height), alpha, encoding, credit.to_exif())
        .map_err(|e| format!("could not encode the {format} version ({e})"))
}
