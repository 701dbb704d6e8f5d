//! The image pipeline's benchmark helper, run by `bench/images.sh`.
//!
//! `images generate DIR N [WIDTHxHEIGHT]` writes N distinct JPEG photos, 2400×1600 unless
//! told (gradients with a pattern that differs per photo, so no two hash alike); `images process DIR CACHE` runs the
//! pipeline over every JPEG in DIR with the default settings and lead-image crops, and prints
//! how many photos were decoded and files encoded, and the wall time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use image::{ImageEncoder, Rgb, RgbImage};
use newsroom::images::{ImageSettings, Request, process_all};
use rayon::prelude::*;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, count, size @ ..] if size.len() <= 1 => {
            let (width, height) = size
                .first()
                .and_then(|size| size.split_once('x'))
                .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
                .unwrap_or((2400, 1600));
            count
                .parse()
                .map_err(|_| format!("{count} is not a number of photos"))
                .and_then(|count| generate(Path::new(dir), count, width, height))
        }
        ["process", dir, cache] => process(Path::new(dir), Path::new(cache)),
        _ => Err(
            "usage: images generate DIR N [WIDTHxHEIGHT] | images process DIR CACHE".to_string(),
        ),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("images: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn generate(dir: &Path, count: usize, width: u32, height: u32) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    (0..count).into_par_iter().try_for_each(|n| {
        let path = dir.join(format!("photo-{n:04}.jpg"));
        if path.is_file() {
            return Ok(());
        }
        let seed = n as u32;
        let photo = RgbImage::from_fn(width, height, |x, y| {
            let ripple = ((x / 40 + y / 40 + seed) % 7) as u8 * 12;
            Rgb([
                (x * 255 / width) as u8 ^ ripple,
                (y * 255 / height) as u8,
                (seed.wrapping_mul(37) % 256) as u8 ^ ripple,
            ])
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
            .write_image(
                photo.as_raw(),
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .map_err(|e| e.to_string())?;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    })
}

fn process(dir: &Path, cache: &Path) -> Result<(), String> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "jpg"))
        .collect();
    sources.sort();
    let requests: Vec<Request> = sources
        .iter()
        .map(|source| Request {
            crops: true,
            ..Request::new(source)
        })
        .collect();
    let started = Instant::now();
    let catalogue = process_all(&requests, &ImageSettings::default(), cache)
        .map_err(|errors| errors.to_string())?;
    println!(
        "{} photos, {} decoded, {} files encoded, {:.3} s",
        catalogue.images.len(),
        catalogue.decoded,
        catalogue.encoded,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
