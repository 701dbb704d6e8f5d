//! What a page is made from, as one hash, so a build can tell that a page would come out as
//! it did last time without rendering it.
//!
//! A page's bytes are a function of three things: the template engine and newsroom itself
//! (the binary), the theme (its templates, and the settings its filters read), and the
//! page's context. The hash covers all three, and the context is hashed whole, value by
//! value, rather than by listing the inputs a page is thought to draw on: whatever the views
//! put in front of a template is in the hash, so no change to a story, the config or the
//! code that makes the views can be missed by forgetting to name it here.
//!
//! Hashing every context would walk each story's body once for every page that lists it.
//! The values shared by many pages (each article's, the site's) are hashed once instead, and
//! found again by their address: Tera keeps lists and maps behind reference counts, so every
//! page holding an article holds the same map.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

/// The hashes of the values many pages share, by the address of the list or map they hold.
pub struct Known {
    hashes: HashMap<usize, blake3::Hash>,
}

impl Known {
    /// Hashes each of `values` once, in parallel.
    pub fn new<'a>(values: impl IntoIterator<Item = &'a Value>) -> Known {
        let values: Vec<&Value> = values.into_iter().collect();
        let hashes = values
            .par_iter()
            .filter_map(|value| {
                let address = address(value)?;
                let mut hasher = Gathered::new();
                feed(&mut hasher, value, None);
                Some((address, hasher.finalize()))
            })
            .collect();
        Known { hashes }
    }
}

/// What the binary adds to every page's hash: a newer newsroom (or template engine) may
/// render the same context otherwise, so pages made by another binary are made again.
pub fn binary_identity() -> String {
    let mut identity = env!("CARGO_PKG_VERSION").to_string();
    let built = std::env::current_exe().and_then(std::fs::metadata);
    if let Ok(meta) = built {
        let modified = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos());
        identity.push_str(&format!(" {} {modified}", meta.len()));
    }
    identity
}

/// The hash of one page: the template it is rendered with, in a theme and binary hashed as
/// `epoch`, and its context's values by name, those the template can read (`readable`).
pub fn page(
    epoch: &blake3::Hash,
    template: &str,
    values: &[(&'static str, Value)],
    readable: &dyn Fn(&'static str) -> bool,
    known: &Known,
) -> blake3::Hash {
    let mut hasher = Gathered::new();
    hasher.update(epoch.as_bytes());
    text(&mut hasher, template);
    let mut sorted: Vec<&(&'static str, Value)> =
        values.iter().filter(|(name, _)| readable(name)).collect();
    sorted.sort_by_key(|(name, _)| *name);
    for (name, value) in sorted {
        text(&mut hasher, name);
        feed(&mut hasher, value, Some(known));
    }
    hasher.finalize()
}

fn address(value: &Value) -> Option<usize> {
    if let Some(map) = value.as_map() {
        return Some(map as *const tera::Map as usize);
    }
    value
        .as_array()
        .filter(|items| !items.is_empty())
        .map(|items| items.as_ptr() as usize)
}

/// Feeds `bytes` with their length before them, so that no two runs of parts feed the same
/// bytes (`"ab", "c"` is not `"a", "bc"`). Every hash of what something is made from uses it.
pub(crate) fn part(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// A hasher fed in many small parts. BLAKE3 hashes a run of whole 1 KiB chunks several at a
/// time, but compresses small updates one 64-byte block after another; a page's values come
/// as thousands of parts of a few bytes, so they are gathered here and handed over in long
/// runs. The hash is the same however its bytes are split, so pages keep their hashes.
struct Gathered {
    hasher: blake3::Hasher,
    pending: Vec<u8>,
}

impl Gathered {
    /// How many bytes are gathered before they are hashed: sixteen chunks, as many as the
    /// widest instructions hash at once.
    const RUN: usize = 16 * 1024;

    fn new() -> Gathered {
        Gathered {
            hasher: blake3::Hasher::new(),
            pending: Vec::with_capacity(Self::RUN),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > Self::RUN {
            self.hasher.update(&self.pending);
            self.pending.clear();
        }
        if bytes.len() >= Self::RUN {
            self.hasher.update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// Feeds `bytes` as [`part`] does.
    fn part(&mut self, bytes: &[u8]) {
        self.update(&(bytes.len() as u64).to_le_bytes());
        self.update(bytes);
    }

    fn finalize(mut self) -> blake3::Hash {
        self.hasher.update(&self.pending);
        self.hasher.finalize()
    }
}

fn text(hasher: &mut Gathered, text: &str) {
    hasher.part(text.as_bytes());
}

/// Feeds a number: its kind's tag, then its bytes.
fn number(hasher: &mut Gathered, tag: &[u8], bytes: &[u8]) {
    hasher.update(tag);
    hasher.update(bytes);
}

/// Feeds `value` into the hash: a tag for its kind, then its content, so that no two values
/// a template can tell apart feed the same bytes (a safe string is not an escaped one, `1`
/// is not `"1"`, map entries are taken in key order).
fn feed(hasher: &mut Gathered, value: &Value, known: Option<&Known>) {
    use tera::value::ValueKind;
    if let Some(hash) = known.and_then(|known| known.hashes.get(&address(value)?)) {
        hasher.update(b"k");
        hasher.update(hash.as_bytes());
        return;
    }
    match value.kind() {
        ValueKind::Undefined => {
            hasher.update(b"u");
        }
        ValueKind::None => {
            hasher.update(b"n");
        }
        ValueKind::Bool => {
            hasher.update(if value.as_bool() == Some(true) {
                b"T"
            } else {
                b"F"
            });
        }
        ValueKind::U64 => number(
            hasher,
            b"U",
            &value.as_u64().unwrap_or_default().to_le_bytes(),
        ),
        ValueKind::I64 => number(
            hasher,
            b"I",
            &value.as_i64().unwrap_or_default().to_le_bytes(),
        ),
        ValueKind::U128 => {
            number(
                hasher,
                b"V",
                &value.as_u128().unwrap_or_default().to_le_bytes(),
            );
        }
        ValueKind::I128 => {
            number(
                hasher,
                b"J",
                &value.as_i128().unwrap_or_default().to_le_bytes(),
            );
        }
        ValueKind::F64 => {
            let bits = value.as_f64().unwrap_or_default().to_bits();
            number(hasher, b"D", &bits.to_le_bytes());
        }
        ValueKind::String => {
            hasher.update(if value.is_safe() { b"S" } else { b"s" });
            text(hasher, value.as_str().unwrap_or_default());
        }
        ValueKind::Bytes => {
            hasher.update(b"b");
            hasher.part(value.as_bytes().unwrap_or_default());
        }
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            hasher.update(b"[");
            hasher.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                feed(hasher, item, known);
            }
        }
        ValueKind::Map => {
            let Some(map) = value.as_map() else {
                return;
            };
            let mut entries: Vec<((u8, Cow<str>), &Value)> = map
                .iter()
                .map(|(key, value)| (key_text(key), value))
                .collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            hasher.update(b"{");
            hasher.update(&(entries.len() as u64).to_le_bytes());
            for ((kind, key), value) in entries {
                hasher.update(&[kind]);
                text(hasher, &key);
                feed(hasher, value, known);
            }
        }
        // A kind of value a later template engine adds: hashed as it prints.
        _ => {
            hasher.update(b"?");
            text(hasher, &value.to_string());
        }
    }
}

/// A map key as its kind and text, so the key `1` and the key `"1"` differ; a string key's
/// text is borrowed, as nearly every key is one.
fn key_text<'a>(key: &'a tera::value::Key<'_>) -> (u8, Cow<'a, str>) {
    match key.as_str() {
        Some(text) => (b's', Cow::Borrowed(text)),
        None => (b'o', Cow::Owned(format!("{key:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(values: &[(&'static str, Value)]) -> blake3::Hash {
        page(
            &blake3::hash(b"epoch"),
            "article.html",
            values,
            &|_| true,
            &Known::new([]),
        )
    }

    #[test]
    fn gathered_parts_hash_as_the_bytes_they_make() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        // Parts smaller than a run, ones that cross a run's end, and ones longer than a run.
        for sizes in [
            &[1usize, 7, 63][..],
            &[1000, 5000],
            &[20_000, 3, 40_000],
            &[16_384],
        ] {
            let mut gathered = Gathered::new();
            let mut at = 0;
            for size in sizes.iter().cycle() {
                let end = (at + size).min(bytes.len());
                gathered.update(&bytes[at..end]);
                at = end;
                if at == bytes.len() {
                    break;
                }
            }
            assert_eq!(gathered.finalize(), blake3::hash(&bytes), "{sizes:?}");
        }
    }

    #[test]
    fn values_a_template_can_tell_apart_hash_apart() {
        let pairs = [
            (Value::from("1"), Value::from(1u64)),
            (Value::from("<b>"), Value::safe_string("<b>")),
            (Value::from(1u64), Value::from(1i64)),
            (Value::none(), Value::from(false)),
            (
                Value::from(vec![Value::from("ab")]),
                Value::from(vec![Value::from("a"), Value::from("b")]),
            ),
        ];
        for (one, other) in pairs {
            assert_ne!(
                hash_of(&[("x", one.clone())]),
                hash_of(&[("x", other.clone())]),
                "{one:?} and {other:?}"
            );
        }
    }

    #[test]
    fn the_order_values_are_put_in_does_not_matter_but_their_names_do() {
        let (a, b) = (Value::from("a"), Value::from("b"));
        assert_eq!(
            hash_of(&[("one", a.clone()), ("two", b.clone())]),
            hash_of(&[("two", b.clone()), ("one", a.clone())])
        );
        assert_ne!(
            hash_of(&[("one", a.clone()), ("two", b.clone())]),
            hash_of(&[("one", b), ("two", a)])
        );
    }

    #[test]
    fn a_shared_value_hashes_as_it_would_unshared() {
        let mut article = std::collections::BTreeMap::new();
        article.insert("title", Value::from("Kabul airport reopens"));
        let article = Value::from(article);
        let known = Known::new([&article]);
        let values = [("article", article.clone())];
        let epoch = blake3::hash(b"epoch");
        // The known hash stands in for the value, so the two differ, but each is stable and
        // a changed article changes it.
        let all = |_: &'static str| true;
        let with = page(&epoch, "a", &values, &all, &known);
        assert_eq!(with, page(&epoch, "a", &values, &all, &known));
        let mut other = std::collections::BTreeMap::new();
        other.insert("title", Value::from("Kabul airport closes"));
        let other = Value::from(other);
        let known_other = Known::new([&other]);
        assert_ne!(
            with,
            page(&epoch, "a", &[("article", other)], &all, &known_other)
        );
    }
}
