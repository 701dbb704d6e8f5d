//! Photos in stories, end to end: fixture sites with photos made here by the `image` crate,
//! built by the real binary. Every address the pages give (`srcset` candidates, social crops,
//! icons) is looked up in the output and decoded, so a size a page claims is the size of the
//! file it names.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use common::Fixture;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const BASE: &str = "https://news.example.org/";

/// A photo of `width` × `height` pixels, as JPEG or PNG bytes by `format`.
fn photo(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 120])
    });
    let mut bytes = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, format)
        .unwrap();
    bytes.into_inner()
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    photo(width, height, image::ImageFormat::Jpeg)
}

/// A bundle story with a lead photo in the table form, a titled Markdown photo from
/// `static/`, a photo beside it, and one on another site.
fn photo_site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!("title = \"Daily\"\nbase_url = \"{BASE}\"\n"),
    );
    site.write(
        "content/2023/gate/index.md",
        concat!(
            "---\n",
            "title: Crowds at the gate\n",
            "date: 2023-10-29\n",
            "image:\n",
            "  src: lead.jpg\n",
            "  alt: The border gate at dawn\n",
            "  caption: Crowds wait for the gate to open\n",
            "  credit: A. Photographer / Agency\n",
            "  focal: [0.5, 0.3]\n",
            "---\n",
            "The gate opened at six.\n",
            "\n",
            "![A map of the crossing](/images/map.png \"The route the crowds took\")\n",
            "\n",
            "![The queue](queue.jpg)\n",
            "\n",
            "![Elsewhere](https://photos.example.com/far.jpg)\n",
        ),
    );
    site.write("content/2023/gate/lead.jpg", jpeg(1800, 1200));
    site.write("content/2023/gate/queue.jpg", jpeg(1000, 700));
    site.write(
        "static/images/map.png",
        photo(900, 600, image::ImageFormat::Png),
    );
    site
}

/// The output file a URL of the site names.
fn file_of(site: &Fixture, url: &str) -> PathBuf {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    site.public().join(path)
}

/// The width and height of an output image, decoded (AVIF, which the `image` crate does not
/// decode here, by its `ispe` property: the size its own header declares).
fn decoded_size(file: &Path) -> (u32, u32) {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
    if file.extension().is_some_and(|e| e == "avif") {
        assert_eq!(&bytes[4..12], b"ftypavif", "{} is no AVIF", file.display());
        let at = bytes
            .windows(4)
            .position(|w| w == b"ispe")
            .expect("an AVIF has an image size property");
        let word = |from: usize| u32::from_be_bytes(bytes[from..from + 4].try_into().unwrap());
        return (word(at + 8), word(at + 12));
    }
    let image = image::load_from_memory(&bytes)
        .unwrap_or_else(|e| panic!("decode {}: {e}", file.display()));
    (image.width(), image.height())
}

/// Every candidate of a `srcset`, as (URL, claimed width).
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|candidate| {
            let (url, width) = candidate.rsplit_once(' ').expect("a URL and a width");
            let width = width.strip_suffix('w').expect("a width descriptor");
            (url.to_string(), width.parse().unwrap())
        })
        .collect()
}

/// Checks one `<picture>`: every candidate of every source exists and decodes to the width it
/// claims, and the `<img>`'s `src`, `width` and `height` are one real file's. Gives the img.
fn check_picture<'a>(site: &Fixture, picture: ElementRef<'a>) -> ElementRef<'a> {
    let source = Selector::parse("source").unwrap();
    let img = Selector::parse("img").unwrap();
    let mut types = Vec::new();
    for source in picture.select(&source) {
        types.push(source.attr("type").unwrap().to_string());
        assert!(source.attr("sizes").is_some());
        for (url, width) in candidates(source.attr("srcset").unwrap()) {
            let (decoded, _) = decoded_size(&file_of(site, &url));
            assert_eq!(decoded, width, "{url}");
        }
    }
    assert_eq!(types, ["image/avif", "image/webp"]);
    let img = picture
        .select(&img)
        .next()
        .expect("an <img> in the <picture>");
    let claimed = candidates(img.attr("srcset").unwrap());
    assert!(!claimed.is_empty());
    for (url, width) in &claimed {
        let (decoded, _) = decoded_size(&file_of(site, url));
        assert_eq!(decoded, *width, "{url}");
    }
    let (width, height) = decoded_size(&file_of(site, img.attr("src").unwrap()));
    assert_eq!(img.attr("width"), Some(width.to_string().as_str()));
    assert_eq!(img.attr("height"), Some(height.to_string().as_str()));
    assert_eq!(img.attr("decoding"), Some("async"));
    img
}

fn meta(page: &Html, key: &str) -> Vec<String> {
    let by_property = common::attrs(page, &format!("meta[property=\"{key}\"]"), "content");
    let by_name = common::attrs(page, &format!("meta[name=\"{key}\"]"), "content");
    by_property.into_iter().chain(by_name).collect()
}

#[test]
fn every_local_photo_becomes_a_picture_whose_files_decode_to_their_claimed_sizes() {
    let site = photo_site();
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/gate/");

    // The lead photo: loaded first, never lazily, with its caption and credit.
    let lead = Selector::parse(".lead-image picture").unwrap();
    let lead = page
        .select(&lead)
        .next()
        .expect("the lead image is a <picture>");
    let img = check_picture(&site, lead);
    assert_eq!(img.attr("fetchpriority"), Some("high"));
    assert_eq!(img.attr("loading"), None);
    assert_eq!(img.attr("alt"), Some("The border gate at dawn"));
    assert_eq!(
        img.attr("width"),
        Some("1600"),
        "never wider than the widest setting"
    );
    assert_eq!(
        common::texts(&page, ".lead-image figcaption"),
        ["Crowds wait for the gate to open A. Photographer / Agency"]
    );
    assert_eq!(
        common::texts(&page, ".lead-image .credit"),
        ["A. Photographer / Agency"]
    );

    // The body's photos: lazy, the titled one a captioned figure, the remote one untouched.
    let body = Selector::parse(".article-body picture").unwrap();
    let pictures: Vec<ElementRef> = page.select(&body).collect();
    assert_eq!(pictures.len(), 2);
    let alts: Vec<&str> = pictures
        .iter()
        .map(|picture| {
            let img = check_picture(&site, *picture);
            assert_eq!(img.attr("loading"), Some("lazy"));
            assert_eq!(img.attr("fetchpriority"), None);
            img.attr("alt").unwrap()
        })
        .collect();
    assert_eq!(alts, ["A map of the crossing", "The queue"]);
    let map = Selector::parse(".article-body figure > picture > img").unwrap();
    let map = page
        .select(&map)
        .next()
        .expect("the titled photo is a figure");
    assert!(map.attr("src").unwrap().ends_with(".png"), "PNG stays PNG");
    assert_eq!(
        common::texts(&page, ".article-body figure figcaption"),
        ["The route the crowds took"]
    );
    assert_eq!(
        common::attrs(&page, ".article-body img:not([srcset])", "src"),
        ["https://photos.example.com/far.jpg"]
    );
    // The 1000 px photo is made at 480 and 800 and at its own width, never blown up.
    let queue = Selector::parse(".article-body picture img[alt=\"The queue\"]").unwrap();
    let queue = page.select(&queue).next().unwrap();
    let widths: Vec<u32> = candidates(queue.attr("srcset").unwrap())
        .into_iter()
        .map(|(_, width)| width)
        .collect();
    assert_eq!(widths, [480, 800, 1000]);
}

#[test]
fn social_cards_and_structured_data_show_crops_of_the_lead_photo() {
    let site = photo_site();
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/gate/");
    assert_eq!(meta(&page, "robots"), ["max-image-preview:large"]);
    assert_eq!(meta(&page, "twitter:card"), ["summary_large_image"]);
    assert_eq!(meta(&page, "og:image:alt"), ["The border gate at dawn"]);
    assert_eq!(
        meta(&page, "twitter:image:alt"),
        ["The border gate at dawn"]
    );
    let card = meta(&page, "og:image");
    assert_eq!(card.len(), 1);
    assert_eq!(meta(&page, "twitter:image"), card);
    let (width, height) = decoded_size(&file_of(&site, &card[0]));
    assert_eq!(meta(&page, "og:image:width"), [width.to_string()]);
    assert_eq!(meta(&page, "og:image:height"), [height.to_string()]);
    assert!(width >= 1200);
    assert_eq!(width * 9, height * 16, "{width}×{height} is 16:9");

    let script = common::texts(&page, "script[type=\"application/ld+json\"]");
    let data: Value = serde_json::from_str(&script[0]).unwrap();
    let images: Vec<&str> = data["image"]
        .as_array()
        .expect("an image list")
        .iter()
        .map(|url| url.as_str().unwrap())
        .collect();
    assert_eq!(images.len(), 3);
    assert_eq!(images[0], card[0]);
    for (url, (a, b)) in images.iter().zip([(16, 9), (4, 3), (1, 1)]) {
        assert!(url.starts_with(BASE), "{url} is absolute");
        let (width, height) = decoded_size(&file_of(&site, url));
        assert!(width >= 1200, "{url} is {width} px wide");
        assert_eq!(
            width * b,
            height * a,
            "{url} is {width}×{height}, not {a}:{b}"
        );
    }

    // The publisher's logo, with no `logo` in the config, is the site's own icon.
    let logo = data["publisher"]["logo"]["url"].as_str().expect("a logo");
    assert_eq!(data["publisher"]["logo"]["@type"], "ImageObject");
    let (width, height) = decoded_size(&file_of(&site, logo));
    assert_eq!((width, height), (512, 512));

    // Icons in every page's head, and the manifest that lists them.
    let home = site.page("/");
    let icons = common::attrs(
        &home,
        "link[rel=\"icon\"], link[rel=\"apple-touch-icon\"]",
        "href",
    );
    assert_eq!(icons.len(), 3);
    for icon in &icons {
        assert!(file_of(&site, icon).is_file(), "{icon}");
    }
    let manifest = common::attrs(&home, "link[rel=\"manifest\"]", "href");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(file_of(&site, &manifest[0])).unwrap()).unwrap();
    assert_eq!(manifest["name"], "Daily");
    for icon in manifest["icons"].as_array().unwrap() {
        let (width, _) = decoded_size(&file_of(&site, icon["src"].as_str().unwrap()));
        assert_eq!(icon["sizes"], format!("{width}x{width}"));
    }
}

#[test]
fn a_lead_photo_too_small_for_cards_is_cropped_at_its_own_size_with_a_warning() {
    let site = Fixture::new();
    site.write("newsroom.toml", format!("base_url = \"{BASE}\"\n"));
    site.article(
        "2023-10-29-small.md",
        "title: Small\ndate: 2023-10-29\nimage: {src: small.jpg, alt: A small photo}",
        "Text.",
    );
    site.write("content/small.jpg", jpeg(800, 600));
    let output = site.build(&[]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "warning: content/2023-10-29-small.md:4: the lead image \"small.jpg\" (content/small.jpg): the photo is 800×600 px, too small for full-size social cards (1200 px wide, made from at least 800 px of the photo); its crops are smaller (1:1 is 600 px); use a larger original"
        ),
        "{stderr}"
    );
    let page = site.page("/2023/10/29/small/");
    let card = meta(&page, "og:image");
    // The 16:9 card reaches full width, enlarged from the photo's 800 px.
    assert_eq!(decoded_size(&file_of(&site, &card[0])), (1200, 675));
}

#[test]
fn a_missing_lead_photo_stops_the_build_and_keeps_the_previous_output() {
    let site = photo_site();
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write(
        "content/2023/gate/index.md",
        "---\ntitle: Crowds at the gate\ndate: 2023-10-29\nimage: {src: leed.jpg, alt: The gate}\n---\nText.\n",
    );
    let stderr = site.build_err(&[]);
    assert!(
        stderr.contains(
            "content/2023/gate/index.md:4: the lead image \"leed.jpg\" is not there: the site has no file content/2023/gate/leed.jpg; put the photo beside the story (or under static/, written as /images/photo.jpg), or correct the name in `image:`"
        ),
        "{stderr}"
    );
    assert_eq!(site.snapshot(), before);
}

/// Every file of the image cache with its modification time.
fn cache_times(site: &Fixture) -> BTreeMap<PathBuf, SystemTime> {
    walkdir::WalkDir::new(site.root().join(".newsroom/image-cache"))
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let modified = entry.metadata().unwrap().modified().unwrap();
            (entry.into_path(), modified)
        })
        .collect()
}

#[test]
fn a_rebuild_reuses_the_cache_and_processes_nothing_again() {
    let site = photo_site();
    let cold = Instant::now();
    site.build_ok(&[]);
    let cold = cold.elapsed();
    let cached = cache_times(&site);
    assert!(cached.len() > 20, "the cache holds every variant and crop");
    let output = site.snapshot();
    let warm = Instant::now();
    site.build_ok(&[]);
    let warm = warm.elapsed();
    assert_eq!(
        cache_times(&site),
        cached,
        "no cache file was written again"
    );
    assert_eq!(site.snapshot(), output, "the same bytes");
    assert!(
        warm < cold,
        "warm {warm:?} is not faster than cold {cold:?}"
    );
}

#[test]
fn a_check_names_the_photos_without_making_them() {
    let site = photo_site();
    let (ok, stdout, stderr) =
        common::newsroom(&["check", "--root", site.root().to_str().unwrap()]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        !stdout.contains("images/"),
        "a photo's address was reported: {stdout}"
    );
    let made: Vec<PathBuf> = cache_times(&site)
        .into_keys()
        .filter(|path| {
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            matches!(extension, "avif" | "webp" | "jpg" | "png")
        })
        .collect();
    assert_eq!(made, Vec::<PathBuf>::new(), "the check encoded photos");
    assert!(!site.public().exists(), "the check wrote an output");
    // The build that follows makes them, under the names the check planned.
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/gate/");
    let picture = page
        .select(&Selector::parse("picture").unwrap())
        .next()
        .expect("the lead photo is a picture");
    check_picture(&site, picture);
}

/// A site's own icons in `static/` are published as they are: with no logo, newsroom makes
/// none of its own (which would stand in front of them in browsers); with a logo, a made icon
/// gives way to the site's file of its name. The build refused such sites before.
#[test]
fn a_sites_own_icons_in_static_are_published_in_place_of_made_ones() {
    let own_favicon = photo(16, 16, image::ImageFormat::Ico);
    let own_touch = photo(180, 180, image::ImageFormat::Png);

    let site = Fixture::new();
    site.write("newsroom.toml", format!("base_url = \"{BASE}\"\n"));
    site.article("a.md", "title: A\ndate: 2023-10-29", "Text.");
    site.write("static/favicon.ico", &own_favicon);
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read(site.public().join("favicon.ico")).unwrap(),
        own_favicon
    );
    for made in [
        "favicon-32.png",
        "apple-touch-icon.png",
        "icon-192.png",
        "site.webmanifest",
    ] {
        assert!(!site.public().join(made).exists(), "{made} was made");
    }
    // Linked, so a site published under a path has its icon found too.
    let home = site.page("/");
    let links = common::attrs(&home, "link[rel=\"icon\"], link[rel=\"manifest\"]", "href");
    assert_eq!(links, [format!("{BASE}favicon.ico")]);

    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!("base_url = \"{BASE}\"\nlogo = \"/logo.png\"\n"),
    );
    site.article("a.md", "title: A\ndate: 2023-10-29", "Text.");
    site.write("static/logo.png", photo(600, 600, image::ImageFormat::Png));
    site.write("static/apple-touch-icon.png", &own_touch);
    site.write("static/favicon.ico", &own_favicon);
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read(site.public().join("apple-touch-icon.png")).unwrap(),
        own_touch
    );
    assert_eq!(
        std::fs::read(site.public().join("favicon.ico")).unwrap(),
        own_favicon
    );
    assert_eq!(
        decoded_size(&site.public().join("favicon-32.png")),
        (32, 32)
    );
    let home = site.page("/");
    let touch = common::attrs(&home, "link[rel=\"apple-touch-icon\"]", "href");
    assert_eq!(touch, [format!("{BASE}apple-touch-icon.png")]);
}
