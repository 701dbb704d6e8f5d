//! Plans and makes every output of every requested photo, in parallel, through the cache.
//!
//! Each photo is planned from what is known without decoding it (its size after orientation,
//! transparency and credit, kept in the cache after its first decoding), so a warm build only
//! hashes, plans and finds every file already made; a photo is decoded only when one of its
//! outputs is missing, and then only the missing outputs are encoded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{Cache, Facts, hash_hex};
use super::codec::{self, Pixels, Region, SourceKind};
use super::metadata::Credit;
use super::{
    CROP_ENLARGEMENT, CROP_WIDTH, Catalogue, Crops, Format, ImageError, ImageErrors, ImageSettings,
    OUTPUT_FOLDER, PIPELINE_VERSION, Processed, Request, Variant,
};

/// The crops social platforms and search engines ask for, as (name, width ratio, height ratio).
const CROP_ASPECTS: [(&str, u32, u32); 3] = [("16x9", 16, 9), ("4x3", 4, 3), ("1x1", 1, 1)];

/// Processes every requested photo, reusing every output the cache already holds.
///
/// `cache_dir` is the cache folder itself, normally the site folder joined with
/// [`ImageSettings::cache`]; it must be outside the output, which is replaced on every build.
///
/// The same source asked for twice is processed once (crops made if any request wants them,
/// the first focal point and credit given win). Every photo that fails is reported, not only
/// the first.
pub fn process_all(
    requests: &[Request],
    settings: &ImageSettings,
    cache_dir: &Path,
) -> Result<Catalogue, ImageErrors> {
    process_with(requests, settings, cache_dir, Work::Make)
}

/// What a run does with the outputs missing from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Makes them, as a build must.
    Make,
    /// Only names them, with each photo's size and warnings: what `newsroom check` needs,
    /// which writes no page. A photo not seen before is still decoded once, for its size
    /// and credit.
    NameOnly,
}

/// [`process_all`], with `work` saying whether outputs missing from the cache are made.
pub fn process_with(
    requests: &[Request],
    settings: &ImageSettings,
    cache_dir: &Path,
    work: Work,
) -> Result<Catalogue, ImageErrors> {
    let mut merged: BTreeMap<PathBuf, Request> = BTreeMap::new();
    for request in requests {
        merged
            .entry(request.source.clone())
            .and_modify(|known| {
                known.crops |= request.crops;
                known.focal = known.focal.or(request.focal);
                if known.credit.is_none() {
                    known.credit.clone_from(&request.credit);
                }
            })
            .or_insert_with(|| request.clone());
    }
    let cache = Cache::new(cache_dir);
    let results: Vec<(PathBuf, Result<Outcome, ImageError>)> = merged
        .into_par_iter()
        .map(|(source, request)| (source, process_one(&request, settings, &cache, work)))
        .collect();

    let mut catalogue = Catalogue::default();
    let mut errors = Vec::new();
    for (source, result) in results {
        match result {
            Ok(outcome) => {
                catalogue.decoded += usize::from(outcome.decoded);
                catalogue.encoded += outcome.encoded;
                catalogue.images.insert(source, outcome.processed);
            }
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(catalogue)
    } else {
        Err(ImageErrors(errors))
    }
}

/// One photo's result and what it cost.
struct Outcome {
    processed: Processed,
    decoded: bool,
    encoded: usize,
}

/// One output file to have in the cache.
struct Planned {
    variant: Variant,
    region: Region,
}

fn process_one(
    request: &Request,
    settings: &ImageSettings,
    cache: &Cache,
    work: Work,
) -> Result<Outcome, ImageError> {
    let source = &request.source;
    let (hash, mut bytes) = cache.source_hash(source)?;
    let mut pixels: Option<Pixels> = None;
    let decode = |bytes: &mut Option<Vec<u8>>| -> Result<Pixels, ImageError> {
        let read = match bytes.take() {
            Some(read) => read,
            None => std::fs::read(source).map_err(|error| ImageError {
                path: source.clone(),
                message: format!("could not read the image file: {error}"),
            })?,
        };
        codec::decode(&read).map_err(|message| ImageError {
            path: source.clone(),
            message,
        })
    };
    let facts = match cache.facts(&hash) {
        Some(facts) => facts,
        None => {
            let decoded = decode(&mut bytes)?;
            let facts = Facts {
                width: decoded.width,
                height: decoded.height,
                alpha: decoded.alpha,
                kind: decoded.kind,
                credit: decoded.credit.clone(),
            };
            cache.keep_facts(&hash, &facts)?;
            pixels = Some(decoded);
            facts
        }
    };
    let mut credit = facts.credit.clone();
    if credit.artist.is_none() {
        credit.artist = request
            .credit
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
    }
    let fallback = fallback_format(&facts);
    let stem = file_stem(source);
    let naming = Naming {
        stem: &stem,
        hash: &hash,
        credit: &credit,
        settings,
        cache,
    };

    let mut variants: Vec<Planned> = Vec::new();
    let mut formats: Vec<Format> = settings.formats.clone();
    formats.push(fallback);
    formats.sort();
    formats.dedup();
    let whole = Region {
        left: 0.0,
        top: 0.0,
        width: f64::from(facts.width),
        height: f64::from(facts.height),
    };
    for format in &formats {
        for width in responsive_widths(&settings.widths, facts.width) {
            let height = scaled_height(facts.width, facts.height, width);
            let key = naming.key(*format, width, height, "whole");
            variants.push(Planned {
                variant: naming.variant(*format, width, height, &key, &width.to_string()),
                region: whole,
            });
        }
    }
    let mut warnings = Vec::new();
    let mut crops = Vec::new();
    if request.crops {
        let focal = clamp_focal(request.focal);
        let mut short = Vec::new();
        for (name, a, b) in CROP_ASPECTS {
            let region = crop_region(facts.width, facts.height, a, b, focal);
            // A crop a little narrower than a card is enlarged to full width, slightly
            // softer; only a photo too small for that gets smaller crops, with a warning.
            let natural = region.width.floor();
            let width = if natural * CROP_ENLARGEMENT >= f64::from(CROP_WIDTH) {
                CROP_WIDTH
            } else {
                (natural as u32).max(1)
            };
            let height = ((f64::from(width) * f64::from(b) / f64::from(a)).round() as u32).max(1);
            if width < CROP_WIDTH {
                short.push(format!("{a}:{b} is {width} px"));
            }
            let shape = format!("crop {a}:{b} focal {:.4},{:.4}", focal.0, focal.1);
            let key = naming.key(Format::Jpeg, width, height, &shape);
            crops.push(Planned {
                variant: naming.variant(Format::Jpeg, width, height, &key, name),
                region,
            });
        }
        if !short.is_empty() {
            warnings.push(format!(
                "{}: the photo is {}×{} px, too small for full-size social cards ({CROP_WIDTH} px wide, made from at least {} px of the photo); its crops are smaller ({}); use a larger original",
                source.display(),
                facts.width,
                facts.height,
                (f64::from(CROP_WIDTH) / CROP_ENLARGEMENT).ceil(),
                short.join(", ")
            ));
        }
    }

    let missing: Vec<&Planned> = match work {
        Work::Make => variants
            .iter()
            .chain(&crops)
            .filter(|planned| !planned.variant.cached_path.is_file())
            .collect(),
        Work::NameOnly => Vec::new(),
    };
    let decoded = pixels.is_some() || !missing.is_empty();
    if !missing.is_empty() && pixels.is_none() {
        pixels = Some(decode(&mut bytes)?);
    }
    if let Some(pixels) = &pixels {
        missing
            .par_iter()
            .map(|planned| make(planned, pixels, &credit, settings, cache))
            .collect::<Result<Vec<()>, String>>()
            .map_err(|message| ImageError {
                path: source.clone(),
                message,
            })?;
    }
    let encoded = missing.len();
    let mut crops = crops.into_iter().map(|planned| planned.variant);
    let crops = match (crops.next(), crops.next(), crops.next()) {
        (Some(wide), Some(standard), Some(square)) => Some(Crops {
            wide,
            standard,
            square,
        }),
        _ => None,
    };
    Ok(Outcome {
        processed: Processed {
            width: facts.width,
            height: facts.height,
            fallback,
            variants: variants
                .into_iter()
                .map(|planned| planned.variant)
                .collect(),
            crops,
            warnings,
        },
        decoded,
        encoded,
    })
}

/// Resizes, encodes and caches one output.
fn make(
    planned: &Planned,
    pixels: &Pixels,
    credit: &Credit,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(), String> {
    let variant = &planned.variant;
    let buffer = codec::resize(pixels, planned.region, variant.width, variant.height)?;
    let bytes = codec::encode(
        &buffer,
        variant.width,
        variant.height,
        pixels.alpha,
        variant.format,
        settings.quality,
        credit,
    )?;
    cache
        .write_atomic(&variant.cached_path, &bytes)
        .map_err(|error| error.to_string())
}

/// What names and keys one photo's outputs.
struct Naming<'a> {
    stem: &'a str,
    hash: &'a str,
    credit: &'a Credit,
    settings: &'a ImageSettings,
    cache: &'a Cache,
}

impl Naming<'_> {
    /// The hash of everything that decides an output's bytes.
    fn key(&self, format: Format, width: u32, height: u32, shape: &str) -> String {
        let quality = match format {
            Format::Jpeg => self.settings.quality.jpeg,
            Format::Webp => self.settings.quality.webp,
            Format::Avif => self.settings.quality.avif,
            Format::Png => 0,
        };
        let recipe = format!(
            "newsroom image v{PIPELINE_VERSION}\nsource {}\n{format} {width}x{height} quality {quality}\n{shape}\nartist {:?}\ncopyright {:?}\n",
            self.hash, self.credit.artist, self.credit.copyright
        );
        hash_hex(recipe.as_bytes())
    }

    fn variant(&self, format: Format, width: u32, height: u32, key: &str, label: &str) -> Variant {
        let extension = format.extension();
        Variant {
            width,
            height,
            format,
            file: format!(
                "{OUTPUT_FOLDER}/{}-{}-{label}.{extension}",
                self.stem,
                &key[..8]
            ),
            cached_path: self.cache.file(key, extension),
        }
    }
}

/// JPEG for opaque photos, PNG where there is transparency or the source was a PNG (a chart
/// or a screenshot, which JPEG would blur).
fn fallback_format(facts: &Facts) -> Format {
    if facts.alpha || facts.kind == SourceKind::Png {
        Format::Png
    } else {
        Format::Jpeg
    }
}

/// The widths to make for a photo `original` px wide: every configured width below it, and
/// the photo's own width in place of all those above it, so nothing is blown up.
pub fn responsive_widths(configured: &[u32], original: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = configured
        .iter()
        .map(|&width| width.min(original))
        .collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    ((f64::from(height) * f64::from(new_width) / f64::from(width)).round() as u32).max(1)
}

/// A focal point inside the photo; the centre when none (or nonsense) is given.
fn clamp_focal(focal: Option<(f32, f32)>) -> (f64, f64) {
    let fraction = |v: f32| {
        if v.is_finite() {
            f64::from(v.clamp(0.0, 1.0))
        } else {
            0.5
        }
    };
    focal.map_or((0.5, 0.5), |(x, y)| (fraction(x), fraction(y)))
}

/// The largest `a`:`b` region of a `width`×`height` photo, centred on the focal point as far
/// as the photo's edges allow.
pub fn crop_region(width: u32, height: u32, a: u32, b: u32, focal: (f64, f64)) -> Region {
    let (w, h) = (f64::from(width), f64::from(height));
    let aspect = f64::from(a) / f64::from(b);
    let (region_w, region_h) = if w / h > aspect {
        (h * aspect, h)
    } else {
        (w, w / aspect)
    };
    let left = (focal.0 * w - region_w / 2.0).clamp(0.0, w - region_w);
    let top = (focal.1 * h - region_h / 2.0).clamp(0.0, h - region_h);
    Region {
        left,
        top,
        width: region_w,
        height: region_h,
    }
}

/// A URL-safe name for a photo's outputs, from its file name.
fn file_stem(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|stem| slug::slugify(stem.to_string_lossy()))
        .unwrap_or_default();
    let stem: String = stem.chars().take(60).collect();
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "image".to_string()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(
            responsive_widths(&[480, 800, 1200, 1600], 1000),
            [480, 800, 1000]
        );
        assert_eq!(responsive_widths(&[480, 800], 300), [300]);
        assert_eq!(
            responsive_widths(&[1600, 480, 800, 1200], 2400),
            [480, 800, 1200, 1600]
        );
    }

    #[test]
    fn crops_follow_the_focal_point_within_the_photo() {
        let region = crop_region(2400, 1600, 1, 1, (0.9, 0.5));
        assert_eq!((region.width, region.height), (1600.0, 1600.0));
        assert_eq!(region.left, 800.0);
        let region = crop_region(2400, 1600, 16, 9, (0.5, 0.0));
        assert_eq!((region.width, region.height), (2400.0, 1350.0));
        assert_eq!(region.top, 0.0);
        let region = crop_region(2400, 1600, 16, 9, (0.5, 0.5));
        assert_eq!(region.top, 125.0);
    }

    #[test]
    fn stems_are_url_safe() {
        assert_eq!(
            file_stem(Path::new("a/Harbour at Dawn.JPG")),
            "harbour-at-dawn"
        );
        assert_eq!(file_stem(Path::new("a/---.jpg")), "image");
    }
}
