//! The one rewriting pass over a story's body HTML that turns each local `<img>` into a
//! responsive `<picture>`.
//!
//! Bodies reach this pass as plain `<img src alt>` however they were written (Markdown, the
//! `figure` shortcode, raw HTML), so the responsive markup is made here alone. lol_html
//! streams the HTML, so attributes the author wrote (class, title, id) stay as they are and
//! nothing else of the body is touched.

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use super::Photos;

/// The width a body photo is shown at: the story column (42rem) on wide screens, the
/// screen less its margins on narrow ones. Browsers pick the variant from it.
pub const BODY_SIZES: &str = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

/// The `src` of every `<img>` of a body, in order, repeats included.
pub fn body_image_sources(html: &str) -> Vec<String> {
    if !html.contains("<img") {
        return Vec::new();
    }
    let found = RefCell::new(Vec::new());
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("img[src]", |el| {
            if let Some(src) = el.get_attribute("src") {
                found.borrow_mut().push(src);
            }
            Ok(())
        }));
    // A body that lol_html cannot read is left for the page as it is.
    let _ = rewrite_str(html, settings);
    found.into_inner()
}

/// Rewrites a body so that every `<img>` of a photo the pipeline processed becomes a
/// `<picture>` with AVIF and WebP `<source>`s, a `srcset` in the original format, `width` and
/// `height` (so nothing shifts as it loads), `loading="lazy"` and `decoding="async"`.
/// `story` is the story's file, relative to the site root, against which relative addresses
/// are resolved. Images on other sites, images inside a `<picture>` already and images that
/// carry their own `srcset` are left as written.
pub fn responsive_images(html: &str, story: &Path, photos: &Photos) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let in_picture = Rc::new(Cell::new(0usize));
    let depth = in_picture.clone();
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("picture", move |el| {
            depth.set(depth.get() + 1);
            let depth = depth.clone();
            if let Some(handlers) = el.end_tag_handlers() {
                let leave: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    depth.set(depth.get().saturating_sub(1));
                    Ok(())
                });
                handlers.push(leave);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("img[src]", |el| {
            if in_picture.get() > 0 || el.has_attribute("srcset") {
                return Ok(());
            }
            let Some(src) = el.get_attribute("src") else {
                return Ok(());
            };
            let Some(processed) = photos.processed(&src, story) else {
                return Ok(());
            };
            let picture = photos.picture(processed);
            let mut before = String::from("<picture>");
            for source in &picture.sources {
                before.push_str(&format!(
                    "<source type=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\">",
                    source.mime,
                    attribute(&source.srcset)
                ));
            }
            el.before(&before, ContentType::Html);
            el.set_attribute("src", &picture.src)?;
            el.set_attribute("srcset", &picture.srcset)?;
            el.set_attribute("sizes", BODY_SIZES)?;
            if !el.has_attribute("width") && !el.has_attribute("height") {
                el.set_attribute("width", &picture.width.to_string())?;
                el.set_attribute("height", &picture.height.to_string())?;
            }
            if !el.has_attribute("loading") {
                el.set_attribute("loading", "lazy")?;
            }
            if !el.has_attribute("decoding") {
                el.set_attribute("decoding", "async")?;
            }
            el.after("</picture>", ContentType::Html);
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Text made safe inside a double-quoted attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;")
}
