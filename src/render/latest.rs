//! The Latest stories list written into every article page, and how a build changes it
//! without rendering the pages again.
//!
//! One new story changes the list on every article page. The theme renders the list on its
//! own (`latest.html`, from `site` and `latest_stories`) and an article page takes it in
//! whole as `latest_html`, so a page is its frame (everything but the list) with the list
//! put in. A page is rendered once with a marker where the list goes; the record keeps where
//! the list landed and the hash of the frame. When the next build finds the same frame, it
//! takes the last output's bytes and puts the new list where the old one was: the bytes a
//! render would give, since the frame's part of them is unchanged, for a fraction of the cost.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use tera::{Context, Value};

use super::Theme;
use super::fingerprint::{self, Known};
use crate::error::Result;
use crate::output::manifest::ListPlace;

/// The template of the list, and the name article pages take it in under (not
/// `latest_list`, the setting's name, which templates mention in their comments: a page is
/// taken to read every value its templates name).
pub const TEMPLATE: &str = "latest.html";
pub const VALUE: &str = "latest_html";

/// The values the list's template sees.
const READS: [&str; 2] = ["site", "latest_stories"];

/// One rendering of the list: its HTML and the hash of it.
pub(super) struct List {
    pub html: String,
    pub hash: blake3::Hash,
}

/// Renders the list from a page's values (only `site` and `latest_stories` are seen).
pub(super) fn render(
    theme: &Theme,
    values: &[(&'static str, Value)],
    path: &str,
) -> Result<String> {
    let mut context = Context::new();
    for (name, value) in values {
        if READS.contains(name) {
            context.insert_value(*name, value.clone());
        }
    }
    theme.render(TEMPLATE, &context, path)
}

/// The lists one build renders, each once, however many pages show it: most pages show the
/// same list, and the newest stories' pages each one that leaves their own story out.
pub(super) struct Lists {
    rendered: parking_lot::Mutex<HashMap<blake3::Hash, Arc<List>>>,
}

impl Lists {
    pub fn new() -> Lists {
        Lists {
            rendered: parking_lot::Mutex::new(HashMap::new()),
        }
    }

    /// The list of the page whose values are `values`, found by the hash of what it is
    /// rendered from, or rendered.
    pub fn of(
        &self,
        theme: &Theme,
        epoch: &blake3::Hash,
        values: &[(&'static str, Value)],
        known: &Known,
        path: &str,
    ) -> Result<Arc<List>> {
        let key = fingerprint::page(
            epoch,
            TEMPLATE,
            values,
            &|name| READS.contains(&name),
            known,
        );
        if let Some(list) = self.rendered.lock().get(&key) {
            return Ok(Arc::clone(list));
        }
        let html = render(theme, values, path)?;
        let list = Arc::new(List {
            hash: blake3::hash(html.as_bytes()),
            html,
        });
        self.rendered.lock().insert(key, Arc::clone(&list));
        Ok(list)
    }
}

/// What a page is made from when it shows `list`: its frame's hash and the list's.
pub(super) fn made_from(frame: &blake3::Hash, list: &List) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"frame and list");
    hasher.update(frame.as_bytes());
    hasher.update(list.hash.as_bytes());
    hasher.finalize()
}

/// A string no page holds, put where the list goes while a page is rendered: a comment with
/// a number drawn for this run, so no story can hold it by chance or design. It ends up in
/// no file.
fn marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&std::process::id().to_le_bytes());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        hasher.update(&now.to_le_bytes());
        hasher.update(&(&MARKER as *const _ as usize).to_le_bytes());
        format!("<!--latest-list-{}-->", &hasher.finalize().to_hex()[..32])
    })
}

/// Renders a page with `list` put in, and tells where it went: the page is rendered with the
/// marker in the list's place, and each marker replaced by the list. A template that does not
/// write the value as it is (one that escapes or cuts it, or leaves it out) leaves no whole
/// marker, and the page is rendered again with the list itself, and no place is kept.
pub(super) fn render_around(
    theme: &Theme,
    template: &str,
    mut values: Vec<(&'static str, Value)>,
    list: &List,
    path: &str,
) -> Result<(String, Option<Vec<u64>>)> {
    let with = |values: &mut Vec<(&'static str, Value)>, text: &str| {
        values.retain(|(name, _)| *name != VALUE);
        values.push((VALUE, Value::safe_string(text)));
    };
    let context_of = |values: &[(&'static str, Value)]| {
        let mut context = Context::new();
        for (name, value) in values {
            context.insert_value(*name, value.clone());
        }
        context
    };
    // An empty list may be tested for (`{% if latest_html %}`), which a marker would pass.
    if !list.html.is_empty() {
        with(&mut values, marker());
        let framed = theme.render(template, &context_of(&values), path)?;
        let parts: Vec<&str> = framed.split(marker()).collect();
        if parts.len() > 1 {
            let mut text = String::with_capacity(framed.len() + parts.len() * list.html.len());
            let mut at = Vec::with_capacity(parts.len() - 1);
            for (number, part) in parts.iter().enumerate() {
                if number > 0 {
                    at.push(text.len() as u64);
                    text.push_str(&list.html);
                }
                text.push_str(part);
            }
            return Ok((text, Some(at)));
        }
    }
    with(&mut values, &list.html);
    Ok((theme.render(template, &context_of(&values), path)?, None))
}

/// `old`, a page that held a list of `place.len` bytes at each of `place.at`, with `list`
/// there instead, and where each copy of it now starts; `None` when the place does not fit
/// the bytes (offsets out of order or past the end), which only means the page is rendered.
pub(super) fn splice(old: &[u8], place: &ListPlace, list: &str) -> Option<(Vec<u8>, Vec<u64>)> {
    let len = usize::try_from(place.len).ok()?;
    let mut bytes = Vec::with_capacity(old.len() + place.at.len() * list.len());
    let mut at = Vec::with_capacity(place.at.len());
    let mut from = 0usize;
    for &start in &place.at {
        let start = usize::try_from(start).ok()?;
        let end = start.checked_add(len)?;
        if start < from || end > old.len() {
            return None;
        }
        bytes.extend_from_slice(&old[from..start]);
        at.push(bytes.len() as u64);
        bytes.extend_from_slice(list.as_bytes());
        from = end;
    }
    bytes.extend_from_slice(&old[from..]);
    Some((bytes, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(at: &[u64], len: u64) -> ListPlace {
        ListPlace {
            frame: String::new(),
            at: at.to_vec(),
            len,
        }
    }

    #[test]
    fn a_new_list_takes_the_old_ones_place_in_each_copy() {
        let old = b"<p>a</p>OLD<p>b</p>OLD<p>c</p>";
        let (bytes, at) = splice(old, &place(&[8, 19], 3), "NEWER").unwrap();
        assert_eq!(bytes, b"<p>a</p>NEWER<p>b</p>NEWER<p>c</p>");
        assert_eq!(at, [8, 21]);
        // Put back, the old list gives the old bytes.
        let (back, _) = splice(&bytes, &place(&at, 5), "OLD").unwrap();
        assert_eq!(back, old);
    }

    #[test]
    fn a_place_that_does_not_fit_the_bytes_is_refused() {
        let old = b"0123456789";
        assert!(splice(old, &place(&[8], 3), "x").is_none());
        assert!(splice(old, &place(&[5, 2], 1), "x").is_none());
        assert!(splice(old, &place(&[2, 3], 2), "x").is_none());
        assert!(splice(old, &place(&[u64::MAX], 2), "x").is_none());
        assert!(splice(old, &place(&[7], 3), "x").is_some());
    }

    #[test]
    fn the_marker_is_one_string_for_the_run_and_a_comment() {
        assert_eq!(marker(), marker());
        assert!(marker().starts_with("<!--") && marker().ends_with("-->"));
    }
}
