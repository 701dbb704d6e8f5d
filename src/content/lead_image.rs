//! The lead image of a story: the photograph at its top, in search results and on social
//! cards, with the words that go with it (alt text, caption, credit).
//!
//! newsroom's own form is a table under `image:` (`src`, `alt`, `caption`, `credit`, `focal`),
//! and a plain `image: photo.jpg` stays valid. Stories migrated from other generators carry
//! their themes' keys, which are read here too so that no photo is lost on the way:
//! Jekyll's `image: {path, alt}` (jekyll-seo-tag) and the flat `image_alt`,
//! `image_caption`/`image_figcaption` and `image_credit`/`photo_credit` beside `image:`
//! (18F's and many Jekyll themes'); Hugo's `images: [..]` (the first one, as Hugo's own
//! Open Graph template takes it), `cover: {image, alt, caption}` (PaperMod) or `cover: x.jpg`,
//! `featured_image`/`featuredImage` and `thumbnail`; and any of them inside Hugo's `params:`
//! or Zola's `[extra]` table. Keys are matched in any case, as Hugo matches them.

use std::path::Path;

use serde_json::{Map, Value};

/// A story's lead image, as written in its front matter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeadImage {
    /// The file, relative to the story file, a site path under `static/` (`/images/x.jpg`),
    /// or an absolute URL.
    pub src: String,
    /// What the photo shows, for readers who cannot see it. `Some("")` marks a decorative
    /// image on purpose; `None` means the editor has not written any.
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The point to keep in crops, as fractions of the width and height from the top left.
    pub focal: Option<(f32, f32)>,
    /// The key the image is named by, as written (`image`, `images`, `cover` ...).
    pub key: String,
    /// The file line of that key, for messages about the image.
    pub line: usize,
    /// What the photo stage made of a local photo; `None` until it runs, and for photos on
    /// other sites. Not kept in the memo of parsed articles, which keeps them unprocessed.
    #[serde(skip)]
    pub picture: Option<Picture>,
}

/// The responsive forms of a processed photo, with URLs as pages link to them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Picture {
    /// The widest variant in the original format, for a plain `src`.
    pub src: String,
    /// The size of that variant.
    pub width: u32,
    pub height: u32,
    /// One `srcset` per modern format (AVIF, WebP), best first.
    pub sources: Vec<PictureSource>,
    /// The variants in the original format, as a `srcset`.
    pub srcset: String,
    /// The 16:9, 4:3 and 1:1 social crops, in that order, for lead images.
    pub crops: Option<Vec<Crop>>,
}

/// One `<source>` of a `<picture>`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PictureSource {
    #[serde(rename = "type")]
    pub mime: String,
    pub srcset: String,
}

/// One social crop.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Crop {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

impl LeadImage {
    /// Whether the image is on another site, so newsroom neither reads nor resizes it.
    pub fn is_remote(&self) -> bool {
        is_remote(&self.src)
    }

    /// The warning (in `build`) or problem (in `check`) of a lead image without alt text,
    /// `path:line: message`, or `None` when it has some.
    pub fn missing_alt(&self, source: &Path) -> Option<String> {
        if self.alt.is_some() {
            return None;
        }
        Some(format!(
            "{}:{}: the lead image \"{}\" has no alt text for readers who cannot see it; say what the photo shows in an `alt:` under `image:`, as `image: {{src: {}, alt: \"Crowds at the border gate\"}}` (or `alt: \"\"` if it is only decoration)",
            source.display(),
            self.line,
            self.src,
            self.src
        ))
    }
}

/// Whether an address is on another site (or inline data), so it is left as written.
pub fn is_remote(src: &str) -> bool {
    let src = src.trim_start();
    src.starts_with("//")
        || src.starts_with("data:")
        || src.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !scheme.contains('/')
        })
}

/// A lead-image field written in a form newsroom cannot read: the key as written and what to
/// change, in the editor's words.
#[derive(Debug, Clone, PartialEq)]
pub struct BadImage {
    pub key: String,
    pub message: String,
}

/// Where an image may be named, in the order they are tried: newsroom's own key first.
const IMAGE_KEYS: &[&str] = &[
    "image",
    "images",
    "cover",
    "featured_image",
    "featuredImage",
    "thumbnail",
];
/// Flat keys beside the image that carry its alt text, caption and credit.
const ALT_KEYS: &[&str] = &["image_alt", "imageAlt", "cover_alt"];
const CAPTION_KEYS: &[&str] = &["image_caption", "image_figcaption", "imageCaption"];
const CREDIT_KEYS: &[&str] = &["image_credit", "photo_credit", "imageCredit"];
/// Keys inside an image table.
const SRC_KEYS: &[&str] = &["src", "path", "url", "image", "file"];

/// Reads the lead image from a story's fields (and Zola's `[extra]` table, kept apart), with
/// `line_of` giving the file line of a top-level key. `Ok(None)` when the story names none.
pub fn read(
    fields: &Map<String, Value>,
    extra: &Map<String, Value>,
    line_of: impl Fn(&str) -> Option<usize>,
) -> Result<Option<LeadImage>, BadImage> {
    let params = match get(fields, "params") {
        Some((_, Value::Object(params))) => Some(params),
        _ => None,
    };
    // The tables in the order they are searched, each with the top-level key whose line
    // stands for fields inside it.
    let tables: Vec<(&Map<String, Value>, Option<&str>)> = [
        Some((fields, None)),
        params.map(|params| (params, Some("params"))),
        Some((extra, Some("extra"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (table, parent) in &tables {
        for name in IMAGE_KEYS {
            let Some((key, value)) = get(table, name) else {
                continue;
            };
            let line_key = parent.map_or(key, |parent| parent);
            let line = line_of(line_key).unwrap_or(1);
            let Some(mut image) = image_of(key, value)? else {
                continue;
            };
            image.line = line;
            // Flat keys beside the image fill what its table leaves out.
            let flat = |keys: &[&str]| -> Result<Option<String>, BadImage> {
                for key in keys {
                    if let Some((written, value)) = get(table, key) {
                        return text(written, value);
                    }
                }
                Ok(None)
            };
            if image.alt.is_none() {
                image.alt = flat(ALT_KEYS)?;
            }
            if image.caption.is_none() {
                image.caption = flat(CAPTION_KEYS)?;
            }
            if image.credit.is_none() {
                image.credit = flat(CREDIT_KEYS)?;
            }
            return Ok(Some(image));
        }
    }
    Ok(None)
}

/// The key of `table` equal to `name` in any case, with its value.
fn get<'a>(table: &'a Map<String, Value>, name: &str) -> Option<(&'a str, &'a Value)> {
    table
        .get_key_value(name)
        .or_else(|| table.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)))
        .map(|(key, value)| (key.as_str(), value))
}

/// The image one field names: a file name, a table, or (for `images:`) a list whose first
/// entry is the lead. `Ok(None)` when the field is empty.
fn image_of(key: &str, value: &Value) -> Result<Option<LeadImage>, BadImage> {
    let bare = |src: &str| LeadImage {
        src: src.trim().to_string(),
        alt: None,
        caption: None,
        credit: None,
        focal: None,
        key: key.to_string(),
        line: 1,
        picture: None,
    };
    match value {
        Value::Null => Ok(None),
        Value::String(src) if src.trim().is_empty() => Ok(None),
        Value::String(src) => Ok(Some(bare(src))),
        Value::Array(items) => match items.first() {
            None => Ok(None),
            Some(first) => image_of(key, first),
        },
        Value::Object(table) => {
            let mut src = None;
            for name in SRC_KEYS {
                if let Some((written, value)) = get(table, name) {
                    src = text(&format!("{key}.{written}"), value)?;
                    break;
                }
            }
            let Some(src) = src.filter(|src| !src.trim().is_empty()) else {
                return Err(BadImage {
                    key: key.to_string(),
                    message: format!(
                        "`{key}` has no `src`; name the photo's file under it, such as `src: photo.jpg` (beside the story) or `src: /images/photo.jpg` (under static/)"
                    ),
                });
            };
            let field = |name: &str| match get(table, name) {
                Some((written, value)) => text(&format!("{key}.{written}"), value),
                None => Ok(None),
            };
            let mut image = bare(&src);
            image.alt = field("alt")?;
            image.caption = match field("caption")? {
                Some(caption) => Some(caption),
                None => field("title")?,
            };
            image.credit = field("credit")?;
            image.focal = match get(table, "focal") {
                None | Some((_, Value::Null)) => None,
                Some((written, value)) => Some(focal(&format!("{key}.{written}"), value)?),
            };
            Ok(Some(image))
        }
        other => Err(BadImage {
            key: key.to_string(),
            message: format!(
                "`{key}` should be the photo's file name, such as `{key}: photo.jpg`, or a table with `src:` and `alt:` under it, but is {}",
                describe(other)
            ),
        }),
    }
}

/// A text field of an image; numbers are taken as text. Empty text stays empty (an `alt: ""`
/// says the image is decorative).
fn text(key: &str, value: &Value) -> Result<Option<String>, BadImage> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(crate::text::decode_entities(text.trim()).into_owned())),
        Value::Number(number) => Ok(Some(number.to_string())),
        other => Err(BadImage {
            key: key.split('.').next().unwrap_or(key).to_string(),
            message: format!(
                "`{key}` should be text but is {}; put the value in quotes",
                describe(other)
            ),
        }),
    }
}

/// A focal point: two numbers from 0 to 1.
fn focal(key: &str, value: &Value) -> Result<(f32, f32), BadImage> {
    let numbers: Option<Vec<f64>> = match value {
        Value::Array(items) => items.iter().map(Value::as_f64).collect(),
        Value::Object(table) => ["x", "y"]
            .iter()
            .map(|axis| get(table, axis).and_then(|(_, value)| value.as_f64()))
            .collect(),
        _ => None,
    };
    match numbers.as_deref() {
        Some(&[x, y]) if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => {
            Ok((x as f32, y as f32))
        }
        _ => Err(BadImage {
            key: key.split('.').next().unwrap_or(key).to_string(),
            message: format!(
                "`{key}` should be two numbers from 0 to 1, how far across and how far down the point to keep in crops is, such as `focal: [0.5, 0.3]`"
            ),
        }),
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table of fields",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_json(fields: Value) -> Result<Option<LeadImage>, BadImage> {
        let Value::Object(fields) = fields else {
            panic!("fields are a table")
        };
        read(&fields, &Map::new(), |_| Some(7))
    }

    fn lead(fields: Value) -> LeadImage {
        read_json(fields).unwrap().expect("an image")
    }

    #[test]
    fn the_table_form_carries_every_field() {
        let image = lead(
            json!({"image": {"src": "a.jpg", "alt": "A", "caption": "C", "credit": "Cr", "focal": [0.25, 1]}}),
        );
        assert_eq!(image.src, "a.jpg");
        assert_eq!(image.alt.as_deref(), Some("A"));
        assert_eq!(image.caption.as_deref(), Some("C"));
        assert_eq!(image.credit.as_deref(), Some("Cr"));
        assert_eq!(image.focal, Some((0.25, 1.0)));
        assert_eq!(image.line, 7);
    }

    #[test]
    fn other_generators_forms_are_read() {
        let cases = [
            (
                json!({"image": "a.jpg", "image_alt": "A"}),
                "a.jpg",
                Some("A"),
            ),
            (
                json!({"image": {"path": "/a.png", "alt": "A"}}),
                "/a.png",
                Some("A"),
            ),
            (
                json!({"images": ["/first.jpg", "/second.jpg"]}),
                "/first.jpg",
                None,
            ),
            (
                json!({"cover": {"image": "c.jpg", "alt": "A", "caption": "C"}}),
                "c.jpg",
                Some("A"),
            ),
            (
                json!({"cover": "https://x.org/c.png"}),
                "https://x.org/c.png",
                None,
            ),
            (json!({"featured_image": "f.jpg"}), "f.jpg", None),
            (
                json!({"featuredImage": "f.jpg", "Image_Alt": "A"}),
                "f.jpg",
                Some("A"),
            ),
            (json!({"thumbnail": "t.jpg"}), "t.jpg", None),
            (
                json!({"params": {"image": "p.jpg", "image_alt": "A"}}),
                "p.jpg",
                Some("A"),
            ),
        ];
        for (fields, src, alt) in cases {
            let image = lead(fields.clone());
            assert_eq!(image.src, src, "{fields}");
            assert_eq!(image.alt.as_deref(), alt, "{fields}");
        }
        let image = lead(json!({"image": "a.jpg", "image_figcaption": "C", "photo_credit": "P"}));
        assert_eq!(image.caption.as_deref(), Some("C"));
        assert_eq!(image.credit.as_deref(), Some("P"));
    }

    #[test]
    fn empty_fields_name_no_image() {
        assert_eq!(read_json(json!({"image": null})).unwrap(), None);
        assert_eq!(read_json(json!({"image": "  "})).unwrap(), None);
        assert_eq!(read_json(json!({"images": []})).unwrap(), None);
        assert_eq!(read_json(json!({"title": "x"})).unwrap(), None);
    }

    #[test]
    fn bad_forms_say_what_to_write() {
        let bad = read_json(json!({"image": 3})).unwrap_err();
        assert_eq!(bad.key, "image");
        assert_eq!(
            bad.message,
            "`image` should be the photo's file name, such as `image: photo.jpg`, or a table with `src:` and `alt:` under it, but is a number"
        );
        let bad = read_json(json!({"image": {"alt": "A"}})).unwrap_err();
        assert!(
            bad.message.starts_with("`image` has no `src`"),
            "{}",
            bad.message
        );
        let bad = read_json(json!({"image": {"src": "a.jpg", "focal": [2, 0]}})).unwrap_err();
        assert!(
            bad.message
                .starts_with("`image.focal` should be two numbers"),
            "{}",
            bad.message
        );
        let bad = read_json(json!({"image": {"src": "a.jpg", "alt": ["x"]}})).unwrap_err();
        assert_eq!(
            bad.message,
            "`image.alt` should be text but is a list; put the value in quotes"
        );
    }

    #[test]
    fn missing_alt_names_the_line_and_the_fix() {
        let image = lead(json!({"image": "a.jpg"}));
        let message = image.missing_alt(Path::new("content/a.md")).unwrap();
        assert!(
            message.starts_with("content/a.md:7: the lead image \"a.jpg\" has no alt text"),
            "{message}"
        );
        let decorative = lead(json!({"image": {"src": "a.jpg", "alt": ""}}));
        assert_eq!(decorative.missing_alt(Path::new("a.md")), None);
    }

    #[test]
    fn remote_addresses_are_told_apart() {
        assert!(is_remote("https://x.org/a.jpg"));
        assert!(is_remote("//cdn.x.org/a.jpg"));
        assert!(is_remote("data:image/png;base64,AAAA"));
        assert!(!is_remote("a.jpg"));
        assert!(!is_remote("/images/a:b.jpg"));
        assert!(!is_remote("photos/a.jpg"));
    }
}
