//! The image pipeline on photos made here: every output is decoded (or, for AVIF, its
//! header read) to check format, size, orientation, metadata and crops, and the cache is
//! checked to spare a warm build any decoding.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use exif::{Field, In, Tag, Value};
use image::{ImageDecoder, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use newsroom::images::{
    Format, IconRequest, ImageSettings, Processed, Quality, Request, Variant, place_file,
    process_all, site_icons,
};

/// A marker written into the source's EXIF next to its GPS position; no output may hold it.
const SECRET: &str = "SECRET-PLACE-OF-SOURCE";

fn settings() -> ImageSettings {
    ImageSettings::default()
}

/// Small widths, so the tests (in a debug build, on a busy machine) encode few pixels.
fn small(widths: &[u32]) -> ImageSettings {
    ImageSettings {
        widths: widths.to_vec(),
        ..ImageSettings::default()
    }
}

/// Only the fallback format, for tests about crops.
fn fallback_only() -> ImageSettings {
    ImageSettings {
        widths: vec![480],
        formats: Vec::new(),
        ..ImageSettings::default()
    }
}

/// A smooth gradient, JPEG, `width`×`height`.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

fn jpeg(image: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).unwrap();
    }
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// An EXIF block with an orientation, a GPS position, a secret description and a credit.
fn camera_exif(orientation: u16) -> Vec<u8> {
    let fields = [
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![(24, 1).into(), (51, 1).into(), (3, 1).into()]),
        },
        Field {
            tag: Tag::ImageDescription,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![SECRET.as_bytes().to_vec()]),
        },
        Field {
            tag: Tag::Artist,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"Ayesha Khan / Agency".to_vec()]),
        },
        Field {
            tag: Tag::Copyright,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"(c) 2026 The Daily".to_vec()]),
        },
    ];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut block = Cursor::new(Vec::new());
    writer.write(&mut block, false).unwrap();
    block.into_inner()
}

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        Site { _dir: dir, root }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.root.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn cache(&self) -> PathBuf {
        self.root.join(".newsroom/image-cache")
    }
}

fn read(variant: &Variant) -> Vec<u8> {
    std::fs::read(&variant.cached_path).unwrap()
}

/// Width and height from an AVIF file's `ispe` box.
fn avif_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[4..8], b"ftyp");
    assert_eq!(&bytes[8..12], b"avif");
    let at = bytes
        .windows(4)
        .position(|w| w == b"ispe")
        .expect("no ispe box")
        + 8;
    let number = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (number(at), number(at + 4))
}

/// Decodes any output and checks its format and size against the variant.
fn check_output(variant: &Variant) -> image::DynamicImage {
    let bytes = read(variant);
    if variant.format == Format::Avif {
        assert_eq!(avif_size(&bytes), (variant.width, variant.height));
        return image::DynamicImage::new_rgb8(1, 1);
    }
    let format = image::guess_format(&bytes).unwrap();
    let expected = match variant.format {
        Format::Webp => image::ImageFormat::WebP,
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Avif => unreachable!(),
    };
    assert_eq!(format, expected, "{}", variant.file);
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (variant.width, variant.height),
        "{}",
        variant.file
    );
    decoded
}

/// The EXIF an output carries, read back by `image`'s decoder.
fn output_exif(variant: &Variant) -> Option<exif::Exif> {
    let bytes = read(variant);
    let format = image::guess_format(&bytes).unwrap();
    let mut decoder = image::ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .unwrap();
    let block = decoder.exif_metadata().unwrap()?;
    Some(exif::Reader::new().read_raw(block).unwrap())
}

fn process(
    site: &Site,
    requests: &[Request],
    settings: &ImageSettings,
) -> newsroom::images::Catalogue {
    process_all(requests, settings, &site.cache()).unwrap()
}

fn only(catalogue: &newsroom::images::Catalogue, source: &Path) -> Processed {
    catalogue.get(source).unwrap().clone()
}

#[test]
fn widths_formats_and_names_of_a_large_photo() {
    let site = Site::new();
    let source = site.write("Harbour at Dawn.jpg", &jpeg(&gradient(425, 250), None));
    let catalogue = process(
        &site,
        &[Request::new(&source)],
        &small(&[100, 200, 300, 400]),
    );
    let photo = only(&catalogue, &source);
    assert_eq!((photo.width, photo.height), (425, 250));
    assert_eq!(photo.fallback, Format::Jpeg);
    let listed: Vec<(Format, u32, u32)> = photo
        .variants
        .iter()
        .map(|v| (v.format, v.width, v.height))
        .collect();
    let mut expected = Vec::new();
    for format in [Format::Avif, Format::Webp, Format::Jpeg] {
        for (w, h) in [(100, 59), (200, 118), (300, 176), (400, 235)] {
            expected.push((format, w, h));
        }
    }
    assert_eq!(listed, expected);
    for variant in &photo.variants {
        check_output(variant);
        let name = variant
            .file
            .strip_prefix("images/harbour-at-dawn-")
            .unwrap();
        let (hash, rest) = name.split_at(8);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
        assert_eq!(
            rest,
            format!("-{}.{}", variant.width, variant.format.extension())
        );
    }
    assert!(photo.crops.is_none());
    assert!(photo.warnings.is_empty());
    assert_eq!(photo.largest_fallback().unwrap().width, 400);
}

#[test]
fn a_narrower_photo_is_never_upscaled() {
    let site = Site::new();
    let source = site.write("narrow.jpg", &jpeg(&gradient(500, 250), None));
    let tiny = site.write("tiny.png", &{
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(
                gradient(10, 8).as_raw(),
                10,
                8,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    });
    let catalogue = process(
        &site,
        &[Request::new(&source), Request::new(&tiny)],
        &small(&[240, 400, 600, 800]),
    );
    let photo = only(&catalogue, &source);
    let jpeg_widths: Vec<u32> = photo.variants_in(Format::Jpeg).map(|v| v.width).collect();
    assert_eq!(jpeg_widths, [240, 400, 500]);
    let tiny = only(&catalogue, &tiny);
    assert_eq!(tiny.fallback, Format::Png);
    assert_eq!(tiny.variants.len(), 3);
    for variant in photo.variants.iter().chain(&tiny.variants) {
        check_output(variant);
        assert!(variant.width <= 500);
    }
    assert!(tiny.variants.iter().all(|v| (v.width, v.height) == (10, 8)));
}

#[test]
fn orientation_is_applied_and_location_stripped_but_credit_kept() {
    let site = Site::new();
    // As shown: 300×200 with a blue top-left corner. Orientation 6 says "turn the stored
    // pixels 90° clockwise to show them", so the camera stored them turned the other way.
    let mut shown = gradient(300, 200);
    for y in 0..40 {
        for x in 0..40 {
            shown.put_pixel(x, y, Rgb([0, 0, 255]));
        }
    }
    let stored = image::imageops::rotate270(&shown);
    assert_eq!(stored.dimensions(), (200, 300));
    let source = site.write("rotated.jpg", &jpeg(&stored, Some(camera_exif(6))));
    let catalogue = process(&site, &[Request::new(&source)], &settings());
    let photo = only(&catalogue, &source);
    assert_eq!((photo.width, photo.height), (300, 200));
    for variant in &photo.variants {
        let bytes = read(variant);
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "{} keeps the source's metadata",
            variant.file
        );
        let decoded = check_output(variant).to_rgb8();
        if variant.format != Format::Avif {
            let corner = decoded.get_pixel(5, 5);
            assert!(
                corner[2] > 200 && corner[0] < 60 && corner[1] < 60,
                "{}: {corner:?}",
                variant.file
            );
            let (right, bottom) = (variant.width - 5, variant.height - 5);
            for (x, y) in [(right, 5), (5, bottom), (right, bottom)] {
                let other = decoded.get_pixel(x, y);
                assert!(other[2] < 200, "{} at {x},{y}: {other:?}", variant.file);
            }
        }
        match variant.format {
            Format::Jpeg => {
                let exif = output_exif(variant).expect("the JPEG keeps its credit");
                let text = |tag| {
                    exif.get_field(tag, In::PRIMARY)
                        .map(|f| f.display_value().to_string())
                };
                assert_eq!(
                    text(Tag::Artist).as_deref(),
                    Some("\"Ayesha Khan / Agency\"")
                );
                assert_eq!(
                    text(Tag::Copyright).as_deref(),
                    Some("\"(c) 2026 The Daily\"")
                );
                assert!(exif.fields().all(|f| f.ifd_num == In::PRIMARY));
                assert!(exif.get_field(Tag::GPSLatitude, In::PRIMARY).is_none());
                assert!(exif.get_field(Tag::Orientation, In::PRIMARY).is_none());
            }
            Format::Webp => assert!(output_exif(variant).is_none()),
            Format::Avif => {
                let bytes = read(variant);
                assert!(bytes.windows(11).any(|w| w == b"Ayesha Khan"));
            }
            Format::Png => unreachable!(),
        }
    }
}

#[test]
fn the_story_credit_is_written_when_the_photo_has_none() {
    let site = Site::new();
    let source = site.write("plain.jpg", &jpeg(&gradient(400, 300), None));
    let request = Request {
        credit: Some("Staff photographer".to_string()),
        ..Request::new(&source)
    };
    let photo = only(&process(&site, &[request], &settings()), &source);
    let fallback = photo.largest_fallback().unwrap();
    let exif = output_exif(fallback).unwrap();
    assert_eq!(
        exif.get_field(Tag::Artist, In::PRIMARY)
            .unwrap()
            .display_value()
            .to_string(),
        "\"Staff photographer\""
    );
    assert!(exif.get_field(Tag::Copyright, In::PRIMARY).is_none());
}

#[test]
fn transparency_keeps_a_png_fallback_and_alpha() {
    let site = Site::new();
    let logo = RgbaImage::from_fn(300, 200, |x, _| {
        if x < 150 {
            Rgba([200, 30, 30, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(logo.as_raw(), 300, 200, image::ExtendedColorType::Rgba8)
        .unwrap();
    let source = site.write("chart.png", &bytes);
    let photo = only(
        &process(&site, &[Request::new(&source)], &small(&[150, 400])),
        &source,
    );
    assert_eq!(photo.fallback, Format::Png);
    let formats: Vec<Format> = photo.variants.iter().map(|v| v.format).collect();
    assert_eq!(
        formats,
        [
            Format::Avif,
            Format::Avif,
            Format::Webp,
            Format::Webp,
            Format::Png,
            Format::Png
        ]
    );
    for variant in photo.variants.iter().filter(|v| v.format != Format::Avif) {
        let decoded = check_output(variant).to_rgba8();
        assert_eq!(
            decoded.get_pixel(variant.width - 2, 2)[3],
            0,
            "{}",
            variant.file
        );
        assert_eq!(decoded.get_pixel(2, 2)[3], 255, "{}", variant.file);
    }
}

#[test]
fn crops_have_their_aspect_and_follow_the_focal_point() {
    let site = Site::new();
    // A blue block around (0.75, 0.5) of a 2400×1600 photo.
    let mut photo = gradient(2400, 1600);
    for y in 760..840 {
        for x in 1760..1840 {
            photo.put_pixel(x, y, Rgb([0, 0, 255]));
        }
    }
    let source = site.write("wide.jpg", &jpeg(&photo, None));
    let request = Request {
        focal: Some((0.75, 0.5)),
        crops: true,
        ..Request::new(&source)
    };
    let processed = only(&process(&site, &[request], &fallback_only()), &source);
    let crops = processed.crops.clone().unwrap();
    assert!(processed.warnings.is_empty());
    let sizes: Vec<(u32, u32)> = crops.all().iter().map(|c| (c.width, c.height)).collect();
    assert_eq!(sizes, [(1200, 675), (1200, 900), (1200, 1200)]);
    for crop in crops.all() {
        assert_eq!(crop.format, Format::Jpeg);
        assert!(crop.file.ends_with(".jpg"));
        let decoded = check_output(crop).to_rgb8();
        // The block is at x = 1800 of the photo. The 16:9 crop spans the whole width, so it
        // is at three quarters; the 4:3 one (2133 px) and the square (1600 px) would be
        // centred on it but for the right edge, which stops them at x = 267 and x = 800.
        let x = match (crop.width, crop.height) {
            (1200, 675) => 900,
            (1200, 900) => 862,
            _ => 750,
        };
        let centre = decoded.get_pixel(x, crop.height / 2);
        assert!(
            centre[2] > 200 && centre[0] < 60,
            "{}: {centre:?}",
            crop.file
        );
    }
    // Another focal point makes other crops, under other names.
    let request = Request {
        focal: Some((0.1, 0.5)),
        crops: true,
        ..Request::new(&source)
    };
    let moved = only(&process(&site, &[request], &fallback_only()), &source);
    assert_ne!(moved.crops.unwrap().square.file, crops.square.file);
    assert_eq!(moved.variants, processed.variants);
}

/// A lead photo of `size` processed with its crops, each crop's file checked: its source,
/// what came of it, and the crops' sizes.
fn lead_photo(site: &Site, name: &str, size: (u32, u32)) -> (PathBuf, Processed, Vec<(u32, u32)>) {
    let source = site.write(name, &jpeg(&gradient(size.0, size.1), None));
    let request = Request {
        crops: true,
        ..Request::new(&source)
    };
    let photo = only(&process(site, &[request], &fallback_only()), &source);
    let crops = photo.crops.as_ref().unwrap();
    for crop in crops.all() {
        check_output(crop);
    }
    let sizes = crops.all().iter().map(|c| (c.width, c.height)).collect();
    (source, photo, sizes)
}

#[test]
fn a_photo_a_little_narrower_than_a_card_gets_full_size_crops_and_no_warning() {
    let site = Site::new();
    for (name, size) in [("small.jpg", (1000, 800)), ("wide.jpg", (1600, 1000))] {
        let (_, photo, sizes) = lead_photo(&site, name, size);
        assert_eq!(sizes, [(1200, 675), (1200, 900), (1200, 1200)], "{name}");
        assert_eq!(photo.warnings, Vec::<String>::new(), "{name}");
    }
}

#[test]
fn a_small_photo_gets_smaller_crops_and_a_warning() {
    let site = Site::new();
    let (source, photo, sizes) = lead_photo(&site, "small.jpg", (700, 600));
    assert_eq!(sizes, [(700, 394), (700, 525), (600, 600)]);
    assert_eq!(
        photo.warnings,
        [format!(
            "{}: the photo is 700×600 px, too small for full-size social cards (1200 px wide, made from at least 800 px of the photo); its crops are smaller (16:9 is 700 px, 4:3 is 700 px, 1:1 is 600 px); use a larger original",
            source.display()
        )]
    );
}

#[test]
fn a_warm_run_decodes_nothing_and_a_changed_setting_redoes_only_its_outputs() {
    let site = Site::new();
    let sources: Vec<PathBuf> = (0..3)
        .map(|n| {
            site.write(
                &format!("p{n}.jpg"),
                &jpeg(&gradient(300 + n * 10, 200), None),
            )
        })
        .collect();
    let requests: Vec<Request> = sources.iter().map(Request::new).collect();
    let two = small(&[100, 200]);
    let cold = process(&site, &requests, &two);
    assert_eq!(cold.decoded, 3);
    assert_eq!(cold.encoded, 3 * 3 * 2);
    let warm = process(&site, &requests, &two);
    assert_eq!((warm.decoded, warm.encoded), (0, 0));
    assert_eq!(warm.images, cold.images);

    // The source's bytes change: only that photo is redone.
    site.write("p1.jpg", &jpeg(&gradient(310, 210), None));
    let changed = process(&site, &requests, &two);
    assert_eq!((changed.decoded, changed.encoded), (1, 6));

    // WebP quality changes: every photo is decoded again, but only its WebP files made.
    let webp = ImageSettings {
        quality: Quality {
            webp: 60,
            ..Quality::default()
        },
        ..two.clone()
    };
    let requality = process(&site, &requests, &webp);
    assert_eq!((requality.decoded, requality.encoded), (3, 6));
    for source in &sources {
        let before = changed.get(source).unwrap();
        let after = requality.get(source).unwrap();
        for (old, new) in before.variants.iter().zip(&after.variants) {
            assert_eq!(old.file == new.file, old.format != Format::Webp);
        }
    }

    // A width is added: only that width is made.
    let three = small(&[100, 150, 200]);
    let rewidth = process(&site, &requests, &three);
    assert_eq!((rewidth.decoded, rewidth.encoded), (3, 9));

    // A lost cache file is made again from the source.
    let lost = &cold.get(&sources[0]).unwrap().variants[0];
    std::fs::remove_file(&lost.cached_path).unwrap();
    let repaired = process(&site, &requests, &two);
    assert_eq!((repaired.decoded, repaired.encoded), (1, 1));
    check_output(lost);
}

#[test]
fn a_warm_run_does_not_even_read_an_unchanged_photo() {
    let site = Site::new();
    let bytes = jpeg(&gradient(500, 300), None);
    let source = site.write("same.jpg", &bytes);
    process(&site, &[Request::new(&source)], &settings());
    // Garbage of the same size with the same modification time: were the file read, it
    // would fail to decode; the recorded size and time answer without reading it.
    let modified = std::fs::metadata(&source).unwrap().modified().unwrap();
    site.write("same.jpg", &vec![0u8; bytes.len()]);
    let file = std::fs::File::options().write(true).open(&source).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let warm = process(&site, &[Request::new(&source)], &settings());
    assert_eq!((warm.decoded, warm.encoded), (0, 0));
    // A changed time makes it read again, and the garbage is found.
    let file = std::fs::File::options().write(true).open(&source).unwrap();
    file.set_modified(modified + std::time::Duration::from_secs(5))
        .unwrap();
    drop(file);
    assert!(process_all(&[Request::new(&source)], &settings(), &site.cache()).is_err());
}

#[test]
fn bad_files_are_named_with_what_to_do() {
    let site = Site::new();
    let good = jpeg(&gradient(300, 200), None);
    let truncated = site.write("truncated.jpg", &good[..good.len() / 3]);
    let text = site.write("notes.jpg", b"this is not a photo\n");
    let avif = site.write("photo.avif", b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf");
    let missing = site.root.join("missing.jpg");
    let requests: Vec<Request> = [&truncated, &text, &avif, &missing]
        .into_iter()
        .map(Request::new)
        .collect();
    let errors = process_all(&requests, &settings(), &site.cache()).unwrap_err();
    let messages: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    let shown = |path: &Path| path.display().to_string();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert_eq!(
        messages[0],
        format!(
            "{}: the image file does not exist; check the path and its spelling",
            shown(&missing)
        )
    );
    assert_eq!(
        messages[1],
        format!(
            "{}: this is not an image file (newsroom reads JPEG, PNG, WebP and GIF photos); check the file is the photo you meant",
            shown(&text)
        )
    );
    assert_eq!(
        messages[2],
        format!(
            "{}: this is an AVIF file, which newsroom cannot read yet (newsroom reads JPEG, PNG, WebP and GIF photos); save the original as JPEG, PNG or WebP (newsroom makes the AVIF versions itself)",
            shown(&avif)
        )
    );
    assert_eq!(
        messages[3],
        format!(
            "{}: the JPEG file is truncated (it stops before the end of the picture); copy or export it again from the original",
            shown(&truncated)
        )
    );
    // A PNG cut short fails in its decoder, which says so.
    let png = site.write("cut.png", &{
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(gradient(300, 200))
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        let out = out.into_inner();
        out[..out.len() / 2].to_vec()
    });
    let error = process_all(&[Request::new(&png)], &settings(), &site.cache()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "{}: the PNG file is truncated or damaged and cannot be decoded (",
            png.display()
        )),
        "{message}"
    );
    assert!(
        message.ends_with("); export it again from the original"),
        "{message}"
    );
    // Nothing of a failed photo is left in the cache under a real name.
    let files = site.cache().join("files");
    assert!(!files.exists() || std::fs::read_dir(&files).unwrap().next().is_none());
}

#[test]
fn truncated_photos_of_every_format_fail_cleanly() {
    let site = Site::new();
    let picture = image::DynamicImage::ImageRgb8(gradient(64, 48));
    for format in [
        image::ImageFormat::Jpeg,
        image::ImageFormat::Png,
        image::ImageFormat::Gif,
        image::ImageFormat::WebP,
    ] {
        let mut whole = Cursor::new(Vec::new());
        picture.write_to(&mut whole, format).unwrap();
        let whole = whole.into_inner();
        let mut requests = Vec::new();
        for cut in [1, 8, 16, 40, whole.len() / 2, whole.len() - 2] {
            let name = format!("cut-{cut}.{}", format.extensions_str()[0]);
            requests.push(Request::new(site.write(&name, &whole[..cut])));
        }
        // No panic, and each file that fails is named.
        if let Err(errors) = process_all(&requests, &settings(), &site.cache()) {
            for error in &errors.0 {
                assert!(requests.iter().any(|r| r.source == error.path));
                assert!(error.message.contains("; "), "{}", error.message);
            }
        }
    }
}

#[test]
fn gif_and_webp_sources_use_their_first_frame() {
    let site = Site::new();
    let picture = image::DynamicImage::ImageRgb8(gradient(120, 80));
    for (name, format) in [
        ("anim.gif", image::ImageFormat::Gif),
        ("photo.webp", image::ImageFormat::WebP),
    ] {
        let mut bytes = Cursor::new(Vec::new());
        picture.write_to(&mut bytes, format).unwrap();
        let source = site.write(name, &bytes.into_inner());
        let photo = only(
            &process(&site, &[Request::new(&source)], &settings()),
            &source,
        );
        assert_eq!((photo.width, photo.height), (120, 80));
        assert_eq!(photo.fallback, Format::Jpeg);
        for variant in &photo.variants {
            check_output(variant);
        }
    }
}

#[test]
fn icons_from_a_logo_and_by_default() {
    let site = Site::new();
    let check = |icons: &newsroom::images::Icons| {
        let favicon = std::fs::read(&icons.favicon.cached_path).unwrap();
        let ico = image::load_from_memory_with_format(&favicon, image::ImageFormat::Ico).unwrap();
        assert_eq!(ico.width(), 48);
        for icon in icons.all().into_iter().skip(1) {
            let decoded =
                image::load_from_memory(&std::fs::read(&icon.cached_path).unwrap()).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (icon.size, icon.size));
        }
        let touch = image::open(&icons.touch.cached_path).unwrap().to_rgba8();
        assert!(
            touch.pixels().all(|p| p[3] == 255),
            "the touch icon is opaque"
        );
        let names: Vec<&str> = icons.all().iter().map(|i| i.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "favicon.ico",
                "favicon-32.png",
                "apple-touch-icon.png",
                "icon-192.png",
                "icon-512.png"
            ]
        );
    };
    let mark = site_icons(&IconRequest::new("The Daily"), &site.cache()).unwrap();
    check(&mark);
    let big = image::open(&mark.manifest[1].cached_path)
        .unwrap()
        .to_rgba8();
    assert_eq!(
        big.get_pixel(256, 256).0,
        [255, 255, 255, 255],
        "the T's stem is white"
    );
    assert_eq!(
        big.get_pixel(120, 400).0,
        [0x1f, 0x2a, 0x44, 255],
        "on the theme colour"
    );
    assert_eq!(big.get_pixel(0, 0)[3], 0, "with rounded corners");

    let logo = RgbaImage::from_fn(300, 200, |_, _| Rgba([10, 120, 10, 255]));
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(logo.as_raw(), 300, 200, image::ExtendedColorType::Rgba8)
        .unwrap();
    let request = IconRequest {
        logo: Some(site.write("logo.png", &bytes)),
        ..IconRequest::new("The Daily")
    };
    let icons = site_icons(&request, &site.cache()).unwrap();
    check(&icons);
    let big = image::open(&icons.manifest[1].cached_path)
        .unwrap()
        .to_rgba8();
    assert_eq!(big.get_pixel(256, 256).0, [10, 120, 10, 255]);
    assert_eq!(
        big.get_pixel(256, 10)[3],
        0,
        "a wide logo is centred on a square"
    );

    let svg = site.write("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
    let error = site_icons(
        &IconRequest {
            logo: Some(svg.clone()),
            ..IconRequest::new("x")
        },
        &site.cache(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: this logo is SVG (or other text), which newsroom cannot turn into icons; export it as a PNG of at least 512×512 px",
            svg.display()
        )
    );
}

#[test]
fn placing_a_file_links_or_copies_it_into_the_output() {
    let site = Site::new();
    let source = site.write("p.jpg", &jpeg(&gradient(200, 100), None));
    let photo = only(
        &process(&site, &[Request::new(&source)], &settings()),
        &source,
    );
    let variant = &photo.variants[0];
    let to = site.root.join("public").join(&variant.file);
    // The output stage makes the folder; placing a file only links or copies it.
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    place_file(&variant.cached_path, &to).unwrap();
    place_file(&variant.cached_path, &to).unwrap();
    assert_eq!(std::fs::read(&to).unwrap(), read(variant));
}

mod random_bytes {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn no_bytes_make_the_pipeline_panic(
            prefix in prop::sample::select(vec![
                &b""[..], b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\0\0\0\0WEBPVP8 ",
            ]),
            body in prop::collection::vec(any::<u8>(), 0..2048),
        ) {
            let site = Site::new();
            let mut bytes = prefix.to_vec();
            bytes.extend(body);
            let source = site.write("random.jpg", &bytes);
            match process_all(&[Request::new(&source)], &settings(), &site.cache()) {
                Ok(catalogue) => {
                    for variant in &catalogue.get(&source).unwrap().variants {
                        check_output(variant);
                    }
                }
                Err(errors) => prop_assert_eq!(&errors.0[0].path, &source),
            }
        }
    }
}
