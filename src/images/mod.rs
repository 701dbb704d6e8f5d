//! The image pipeline: photographs in, responsive variants, social crops and site icons out.
//!
//! A news site shows every photo at several widths and in the formats browsers read best
//! (AVIF, then WebP, with the original format as the fallback every browser reads), crops it
//! for social cards, and must not leak where a photographer stood. Decoding and encoding are
//! slow, so every output is stored in a cache folder outside the site's output, keyed by the
//! source's bytes and every setting that changes that output: an unchanged photo is never
//! decoded again, and a changed setting redoes only the outputs it touches.
//!
//! This module only makes files in the cache and says where they are; the build decides which
//! pages use them and puts them into the output with [`place_file`].

mod cache;
mod codec;
mod icons;
mod metadata;
mod process;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use icons::{Icon, IconRequest, Icons, site_icons, site_icons_with};
pub use process::{Work, process_all, process_with};

/// Bumped whenever the pipeline's code changes what an output looks like, so old cache
/// entries are never mistaken for new ones.
pub const PIPELINE_VERSION: u32 = 1;

/// Where processed images go in the output, as a site path prefix.
pub const OUTPUT_FOLDER: &str = "images";

/// The width social crops aim for: what Facebook, LinkedIn and Google ask for.
pub const CROP_WIDTH: u32 = 1200;

/// How far a social crop may be enlarged to reach [`CROP_WIDTH`]: a photo whose square is
/// 1,000 px still gets 1,200 px cards, and only one under 800 px gets smaller ones.
pub const CROP_ENLARGEMENT: f64 = 1.5;

/// The `[images]` settings of `newsroom.toml`, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSettings {
    /// The widths, in pixels, of the responsive variants; a photo narrower than a width is
    /// never blown up to it, its own width is used instead.
    pub widths: Vec<u32>,
    /// The modern formats made besides the fallback, in the order browsers should try them.
    pub formats: Vec<Format>,
    /// Encoding quality per format.
    pub quality: Quality,
    /// The cache folder, relative to the site folder.
    pub cache: PathBuf,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 800, 1200, 1600],
            formats: vec![Format::Avif, Format::Webp],
            quality: Quality::default(),
            cache: PathBuf::from(".newsroom/image-cache"),
        }
    }
}

/// Encoding quality, 1 to 100, per lossy format. PNG is lossless and has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality {
    /// JPEG fallbacks and social crops.
    pub jpeg: u8,
    /// WebP variants (lossy, as photos want).
    pub webp: u8,
    /// AVIF variants; AVIF holds more detail per byte, so a lower number looks as good.
    pub avif: u8,
}

impl Default for Quality {
    fn default() -> Self {
        Quality {
            jpeg: 82,
            webp: 80,
            avif: 60,
        }
    }
}

/// An image format the pipeline writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Avif,
    Webp,
    Jpeg,
    Png,
}

impl Format {
    /// The name used in `newsroom.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Jpeg => "jpeg",
            Format::Png => "png",
        }
    }

    /// The format a `formats = [...]` entry names; only the modern formats are listed there,
    /// the fallback is always made.
    pub fn from_config_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "avif" => Some(Format::Avif),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    /// The MIME type, for `<source type=…>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// The file extension of outputs in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One photo the build wants processed.
///
/// Build it with [`Request::new`] and set the fields that apply, so a field added later does
/// not break the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// The photo's file.
    pub source: PathBuf,
    /// The point crops keep in view, as fractions of the width and height (0 to 1, measured
    /// on the photo as it is shown, after EXIF orientation); the centre when absent.
    pub focal: Option<(f32, f32)>,
    /// Whether to make the social crops (lead images need them, body images do not).
    pub crops: bool,
    /// The credit from the story's front matter, written into outputs as the EXIF Artist
    /// when the photo carries none of its own.
    pub credit: Option<String>,
}

impl Request {
    /// A request for responsive variants of `source`, without crops.
    pub fn new(source: impl Into<PathBuf>) -> Self {
        Request {
            source: source.into(),
            ..Request::default()
        }
    }
}

/// Every processed photo of a build, by source path as requested.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// The processed photos.
    pub images: BTreeMap<PathBuf, Processed>,
    /// How many photos had to be decoded in this run (0 on a warm rebuild).
    pub decoded: usize,
    /// How many output files were encoded in this run.
    pub encoded: usize,
}

impl Catalogue {
    /// The processed form of `source`, as it was requested.
    pub fn get(&self, source: &Path) -> Option<&Processed> {
        self.images.get(source)
    }
}

/// A photo after processing.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    /// The photo's width as shown (after EXIF orientation), in pixels.
    pub width: u32,
    /// The photo's height as shown, in pixels.
    pub height: u32,
    /// The fallback format, read by every browser: JPEG for opaque photos, PNG for those
    /// with transparency.
    pub fallback: Format,
    /// Every responsive variant, sorted by format (AVIF, WebP, then the fallback) and width.
    pub variants: Vec<Variant>,
    /// The social crops, when asked for.
    pub crops: Option<Crops>,
    /// Things the editor should know that did not stop the build, such as a photo too
    /// narrow for a full-size social card.
    pub warnings: Vec<String>,
}

impl Processed {
    /// The variants in one format, narrowest first, for one `srcset`.
    pub fn variants_in(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The widest fallback variant, for a plain `src`.
    pub fn largest_fallback(&self) -> Option<&Variant> {
        self.variants_in(self.fallback).max_by_key(|v| v.width)
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
    /// Its path in the output, such as `images/harbour-1a2b3c4d-800.webp`; the name carries
    /// a hash of what made it, so hosts may cache it forever.
    pub file: String,
    /// Where it is in the cache, to be put into the output with [`place_file`].
    pub cached_path: PathBuf,
}

/// The social and search crops of a photo, as JPEG (not every platform reads AVIF or WebP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crops {
    /// 16:9.
    pub wide: Variant,
    /// 4:3.
    pub standard: Variant,
    /// 1:1.
    pub square: Variant,
}

impl Crops {
    /// The three crops, widest aspect first, as the JSON-LD `image` list wants them.
    pub fn all(&self) -> [&Variant; 3] {
        [&self.wide, &self.standard, &self.square]
    }
}

/// A photo that could not be processed: the file and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError {
    /// The photo (or cache file) concerned.
    pub path: PathBuf,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ImageError {}

/// Every photo of a build that could not be processed, so an editor fixes them all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageErrors(pub Vec<ImageError>);

impl fmt::Display for ImageErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, error) in self.0.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImageErrors {}

/// Puts a cached file into the output at `to`, whose folder exists, as cheaply as the file
/// system allows: a hard link (no bytes copied, and the cache entry is never written again,
/// so sharing is safe), else a copy.
pub fn place_file(cached: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(cached, to) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(to)?;
            std::fs::hard_link(cached, to).or_else(|_| std::fs::copy(cached, to).map(|_| ()))
        }
        Err(_) => std::fs::copy(cached, to).map(|_| ()),
    }
}
