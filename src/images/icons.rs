//! The site's favicon, touch icon and web-manifest icons, from its logo or made here.
//!
//! Browsers ask for `favicon.ico` at the site root, iOS for a 180 px `apple-touch-icon.png`
//! (opaque: iOS paints transparency black), and a web manifest names 192 and 512 px PNGs. A
//! site with no logo gets a plain mark: its initial in white on the theme colour, drawn from
//! a small built-in pixel font, which needs no font file or text-shaping crate. SVG logos
//! are not rasterised (that would need resvg and its font stack); the error says to export a
//! PNG.

use std::path::{Path, PathBuf};

use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::{ExtendedColorType, RgbaImage};

use super::cache::{Cache, hash_hex};
use super::{ImageError, PIPELINE_VERSION, Work};

/// What the icons are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct IconRequest {
    /// The site's logo (PNG, JPEG, WebP or GIF); best square, else it is centred on a square.
    pub logo: Option<PathBuf>,
    /// The site's title, whose first letter or digit marks the default icon.
    pub title: String,
    /// The theme colour, the default icon's background and the touch icon's behind a logo
    /// with transparency.
    pub colour: [u8; 3],
}

impl IconRequest {
    /// Icons for a site called `title` with no logo, on newsroom's ink colour.
    pub fn new(title: impl Into<String>) -> Self {
        IconRequest {
            logo: None,
            title: title.into(),
            colour: [0x1f, 0x2a, 0x44],
        }
    }
}

/// One icon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// Its (largest) size in pixels, square.
    pub size: u32,
    /// Its path in the output, such as `apple-touch-icon.png`.
    pub file: String,
    /// The MIME type, for `<link type=…>` and the manifest.
    pub mime: &'static str,
    /// Where it is in the cache, for [`super::place_file`].
    pub cached_path: PathBuf,
}

/// The site's icons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icons {
    /// `favicon.ico`, holding 16, 32 and 48 px images.
    pub favicon: Icon,
    /// `favicon-32.png`, for `<link rel="icon" type="image/png">`.
    pub png: Icon,
    /// `apple-touch-icon.png`, 180 px, opaque.
    pub touch: Icon,
    /// `icon-192.png` and `icon-512.png`, for a web manifest.
    pub manifest: Vec<Icon>,
}

impl Icons {
    /// Every icon file, to put each into the output.
    pub fn all(&self) -> Vec<&Icon> {
        let mut all = vec![&self.favicon, &self.png, &self.touch];
        all.extend(&self.manifest);
        all
    }
}

/// Makes the icons, or finds them in the cache when neither the logo nor the settings changed.
pub fn site_icons(request: &IconRequest, cache_dir: &Path) -> Result<Icons, ImageError> {
    site_icons_with(request, cache_dir, Work::Make)
}

/// [`site_icons`], with `work` saying whether missing icons are made or only named; when
/// only named, the logo is still read, so a broken one is reported.
pub fn site_icons_with(
    request: &IconRequest,
    cache_dir: &Path,
    work: Work,
) -> Result<Icons, ImageError> {
    let cache = Cache::new(cache_dir);
    let (source_key, bytes) = match &request.logo {
        Some(logo) => {
            let (hash, bytes) = cache.source_hash(logo)?;
            (format!("logo {hash}"), bytes)
        }
        None => (format!("mark {:?}", initial(&request.title)), None),
    };
    let key = hash_hex(
        format!(
            "newsroom icons v{PIPELINE_VERSION}\n{source_key}\ncolour {:?}\n",
            request.colour
        )
        .as_bytes(),
    );
    let icon = |file: &str, size: u32, mime: &'static str, extension: &str| Icon {
        size,
        file: file.to_string(),
        mime,
        cached_path: cache.file(&format!("{key}-{size}"), extension),
    };
    let icons = Icons {
        favicon: icon("favicon.ico", 48, "image/x-icon", "ico"),
        png: icon("favicon-32.png", 32, "image/png", "png"),
        touch: icon("apple-touch-icon.png", 180, "image/png", "png"),
        manifest: vec![
            icon("icon-192.png", 192, "image/png", "png"),
            icon("icon-512.png", 512, "image/png", "png"),
        ],
    };
    if icons.all().iter().all(|icon| icon.cached_path.is_file()) {
        return Ok(icons);
    }

    let square = match &request.logo {
        Some(logo) => {
            let bytes = match bytes {
                Some(bytes) => bytes,
                None => std::fs::read(logo).map_err(|error| ImageError {
                    path: logo.clone(),
                    message: format!("could not read the logo: {error}"),
                })?,
            };
            logo_square(&bytes).map_err(|message| ImageError {
                path: logo.clone(),
                message,
            })?
        }
        None => default_mark(initial(&request.title), request.colour),
    };
    if work == Work::NameOnly {
        return Ok(icons);
    }
    let write = |icon: &Icon, bytes: Vec<u8>| cache.write_atomic(&icon.cached_path, &bytes);
    let failed = |icon: &Icon, message: String| ImageError {
        path: icon.cached_path.clone(),
        message: format!("could not make {}: {message}", icon.file),
    };
    let frames: Vec<Vec<u8>> = [16, 32, 48]
        .into_iter()
        .map(|size| png_bytes(&scaled(&square, size)))
        .collect::<Result<_, _>>()
        .map_err(|m| failed(&icons.favicon, m))?;
    let mut ico = Vec::new();
    let ico_frames = frames
        .iter()
        .zip([16u32, 32, 48])
        .map(|(png, size)| {
            IcoFrame::with_encoded(png.as_slice(), size, size, ExtendedColorType::Rgba8)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| failed(&icons.favicon, e.to_string()))?;
    IcoEncoder::new(&mut ico)
        .encode_images(&ico_frames)
        .map_err(|e| failed(&icons.favicon, e.to_string()))?;
    write(&icons.favicon, ico)?;
    write(&icons.png, frames[1].clone())?;
    let touch = on_colour(&scaled(&square, 180), request.colour);
    write(
        &icons.touch,
        png_bytes(&touch).map_err(|m| failed(&icons.touch, m))?,
    )?;
    for icon in &icons.manifest {
        let bytes = png_bytes(&scaled(&square, icon.size)).map_err(|m| failed(icon, m))?;
        write(icon, bytes)?;
    }
    Ok(icons)
}

/// The logo centred on a transparent square as large as its longer side.
fn logo_square(bytes: &[u8]) -> Result<RgbaImage, String> {
    if bytes.trim_ascii_start().starts_with(b"<") {
        return Err(
            "this logo is SVG (or other text), which newsroom cannot turn into icons; export it as a PNG of at least 512×512 px"
                .to_string(),
        );
    }
    let pixels = super::codec::decode(bytes)?;
    let rgba: RgbaImage = if pixels.alpha {
        RgbaImage::from_raw(pixels.width, pixels.height, pixels.buffer)
    } else {
        image::RgbImage::from_raw(pixels.width, pixels.height, pixels.buffer)
            .map(|rgb| image::DynamicImage::ImageRgb8(rgb).to_rgba8())
    }
    .ok_or("the decoded logo has the wrong size")?;
    let side = rgba.width().max(rgba.height());
    let mut square = RgbaImage::new(side, side);
    image::imageops::overlay(
        &mut square,
        &rgba,
        i64::from((side - rgba.width()) / 2),
        i64::from((side - rgba.height()) / 2),
    );
    Ok(square)
}

/// `image` scaled to `size`×`size` with a good filter.
fn scaled(image: &RgbaImage, size: u32) -> RgbaImage {
    if image.width() == size {
        return image.clone();
    }
    let whole = pixels::Region {
        left: 0.0,
        top: 0.0,
        width: f64::from(image.width()),
        height: f64::from(image.height()),
    };
    let resized = pixels::resize(
        image.as_raw(),
        image.dimensions(),
        true,
        whole,
        (size, size),
    )
    .ok()
    .and_then(|buffer| RgbaImage::from_raw(size, size, buffer));
    resized.unwrap_or_else(|| {
        image::imageops::resize(image, size, size, image::imageops::FilterType::Lanczos3)
    })
}

/// The image over an opaque background, for the touch icon.
fn on_colour(image: &RgbaImage, colour: [u8; 3]) -> RgbaImage {
    let mut out = image.clone();
    for pixel in out.pixels_mut() {
        let a = u32::from(pixel.0[3]);
        for (channel, back) in pixel.0.iter_mut().zip(colour) {
            *channel = ((u32::from(*channel) * a + u32::from(back) * (255 - a) + 127) / 255) as u8;
        }
        pixel.0[3] = 255;
    }
    out
}

fn png_bytes(image: &RgbaImage) -> Result<Vec<u8>, String> {
    pixels::encode(
        image.as_raw(),
        image.dimensions(),
        true,
        pixels::Encoding::Png,
        None,
    )
}

/// The first letter or digit of the title, in capitals, if the pixel font has it.
fn initial(title: &str) -> Option<char> {
    title
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| deunicode_first(c).to_ascii_uppercase())
        .filter(|c| glyph(*c).is_some())
}

/// A plain ASCII stand-in for an accented letter (É → E), else the letter itself.
fn deunicode_first(c: char) -> char {
    slug::slugify(c.to_string()).chars().next().unwrap_or(c)
}

/// The default mark, 512 px: a rounded square of the theme colour with the initial in white.
fn default_mark(letter: Option<char>, colour: [u8; 3]) -> RgbaImage {
    const SIZE: u32 = 512;
    const RADIUS: f32 = 96.0;
    let mut mark = RgbaImage::new(SIZE, SIZE);
    for (x, y, pixel) in mark.enumerate_pixels_mut() {
        // Distance outside the rounded corner, for a smooth edge.
        let corner = |v: u32| {
            let v = v as f32 + 0.5;
            (RADIUS - v).max(v - (SIZE as f32 - RADIUS)).max(0.0)
        };
        let (dx, dy) = (corner(x), corner(y));
        let outside = (dx * dx + dy * dy).sqrt() - RADIUS;
        let coverage = if dx > 0.0 && dy > 0.0 {
            (0.5 - outside).clamp(0.0, 1.0)
        } else {
            1.0
        };
        *pixel = image::Rgba([
            colour[0],
            colour[1],
            colour[2],
            (coverage * 255.0).round() as u8,
        ]);
    }
    if let Some(rows) = letter.and_then(glyph) {
        // 5×7 cells of 56 px: the glyph fills 280×392 px in the middle.
        const CELL: u32 = 56;
        let (left, top) = ((SIZE - 5 * CELL) / 2, (SIZE - 7 * CELL) / 2);
        for (row, bits) in rows.iter().enumerate() {
            for column in 0..5u32 {
                if bits & (0b10000 >> column) == 0 {
                    continue;
                }
                for y in 0..CELL {
                    for x in 0..CELL {
                        mark.put_pixel(
                            left + column * CELL + x,
                            top + row as u32 * CELL + y,
                            image::Rgba([255, 255, 255, 255]),
                        );
                    }
                }
            }
        }
    }
    mark
}

/// A 5×7 pixel glyph, one row a byte (the low five bits, leftmost highest).
fn glyph(c: char) -> Option<[u8; 7]> {
    Some(match c {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        _ => return None,
    })
}
