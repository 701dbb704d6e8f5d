//! Bodies kept from the last build, so a story whose Markdown did not change is not rendered
//! again.
//!
//! Only a body with no calls in it is kept: its HTML is a function of its Markdown, its
//! heading-id rule, its front-matter summary, the highlighting setting and the binary alone,
//! and those are all in its key. A body with shortcodes or links to other stories also
//! depends on the templates and on every other story's URL, so it is rendered each build.
//!
//! The memo lives in the build cache (`bodies.bin`), and is written whole after the bodies
//! of a build are rendered, holding exactly that build's bodies, so it never grows beyond
//! the site. It is written as a draft and put in place only when the build succeeds, so a
//! failed build changes nothing in the site folder; one that cannot be read is no memo.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::content::{BodyOptions, RenderedBody};
use crate::error::{Error, Result};

/// The memo's file in the build cache.
pub const MEMO_FILE: &str = "bodies.bin";

/// What bumps when the memo's layout changes, so an old one is ignored, not misread.
const LAYOUT: u32 = 1;

/// The bodies the last build kept, by key; each is taken out when a build uses it.
#[derive(Default)]
pub struct Memo {
    kept: Mutex<HashMap<[u8; 32], RenderedBody>>,
    /// How many bodies the memo held when read, to tell whether it needs writing again.
    held: usize,
    /// Whether a build used the memo already: it is read once and used once, by the first
    /// edition assembled from it (`newsroom serve` assembles more from the same frame).
    used: std::sync::atomic::AtomicBool,
    /// A memo kept in memory for every edition `newsroom serve` assembles: used any number
    /// of times, each body copied out rather than taken, and never written.
    lasting: bool,
}

/// The largest string a memo is read with: 16 MiB, far more than any story's HTML.
const MEMO_SCRATCH: usize = 16 << 20;

#[derive(Serialize, Deserialize)]
struct Stored {
    layout: u32,
    binary: String,
    bodies: Vec<([u8; 32], RenderedBody)>,
}

#[derive(Serialize)]
struct StoredRef<'a> {
    layout: u32,
    binary: &'a str,
    bodies: &'a [([u8; 32], &'a RenderedBody)],
}

impl Memo {
    /// Reads the memo in the cache folder `cache`; a missing, unreadable, older one, or one a
    /// different binary wrote, is an empty memo.
    pub fn read(cache: &Path) -> Memo {
        let Ok(file) = std::fs::File::open(cache.join(MEMO_FILE)) else {
            return Memo::default();
        };
        // Read as a stream, not whole: the file is about as large as the bodies it holds,
        // and a large site's bodies would otherwise be held twice while they are decoded.
        // Each string passes through the scratch buffer, so a memo holding a body larger
        // than it is not read at all, and every body is rendered again.
        let mut scratch = vec![0; MEMO_SCRATCH];
        let reader = std::io::BufReader::new(file);
        let binary = crate::render::binary_identity();
        match postcard::from_io::<Stored, _>((reader, &mut scratch)) {
            Ok((stored, _)) if stored.layout == LAYOUT && stored.binary == binary => {
                let held = stored.bodies.len();
                Memo {
                    kept: Mutex::new(stored.bodies.into_iter().collect()),
                    held,
                    used: Default::default(),
                    lasting: false,
                }
            }
            _ => Memo::default(),
        }
    }

    /// A memo of `bodies` that lasts: every edition assembled with it may use it, and none
    /// writes it. `newsroom serve` keeps one of each edition's bodies, so an edition
    /// assembled after an edit (a story moved to another tag, a template changed) renders
    /// again only the bodies that changed or that have calls.
    pub fn lasting(bodies: HashMap<[u8; 32], RenderedBody>) -> Memo {
        Memo {
            held: bodies.len(),
            kept: Mutex::new(bodies),
            used: Default::default(),
            lasting: true,
        }
    }

    /// Whether this is the first use of the memo; the memo is used and written by the first
    /// edition assembled from it only, unless it lasts.
    pub fn first_use(&self) -> bool {
        !self.used.swap(true, std::sync::atomic::Ordering::SeqCst) || self.lasting
    }

    /// The kept body of `key`: taken out of the memo, or copied from one that lasts.
    pub fn take(&self, key: &[u8; 32]) -> Option<RenderedBody> {
        if self.lasting {
            return self.kept.lock().get(key).cloned();
        }
        self.kept.lock().remove(key)
    }

    /// Whether a build that kept `bodies` needs to write the memo again: it rendered a body
    /// the memo did not hold, or the memo holds bodies the build no longer has. A lasting
    /// memo is never written.
    pub fn is_stale(&self, kept: usize, taken: usize) -> bool {
        !self.lasting && (taken != kept || taken != self.held)
    }
}

/// The key of a body with no calls: everything its HTML is made from.
pub fn key(markdown: &str, options: &BodyOptions<'_>) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    let facts = format!(
        "{:?}\n{:?}\n{}\n",
        options.heading_ids, options.summary, options.plain_code
    );
    crate::render::hash_part(&mut hasher, facts.as_bytes());
    crate::render::hash_part(&mut hasher, markdown.as_bytes());
    *hasher.finalize().as_bytes()
}

/// A memo written beside its place, put there only when the build that wrote it succeeds:
/// a failed build leaves the site folder as it was. Dropped unkept, it is deleted.
pub struct Draft {
    draft: PathBuf,
    path: PathBuf,
}

impl Draft {
    /// Moves the memo into its place in the build cache.
    pub fn keep(self) -> Result<()> {
        let moved = std::fs::rename(&self.draft, &self.path);
        moved.map_err(|e| Error::io("write", &self.path, e))
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.draft);
    }
}

/// Writes `bodies` as a draft of the memo in the cache folder `cache`; [`Draft::keep`] puts it
/// in place. Drafts a killed build left are deleted first.
pub fn write(cache: &Path, bodies: &[([u8; 32], &RenderedBody)]) -> Result<Draft> {
    let path = cache.join(MEMO_FILE);
    std::fs::create_dir_all(cache).map_err(|e| Error::io("create the folder", cache, e))?;
    remove_old_drafts(cache);
    let draft = Draft {
        draft: path.with_extension(format!("draft-{}", std::process::id())),
        path,
    };
    let binary = crate::render::binary_identity();
    let stored = StoredRef {
        layout: LAYOUT,
        binary: &binary,
        bodies,
    };
    let written = (|| -> std::io::Result<()> {
        let file = std::fs::File::create(&draft.draft)?;
        let mut out = std::io::BufWriter::new(file);
        postcard::to_io(&stored, &mut out).map_err(std::io::Error::other)?;
        out.flush()
    })();
    written.map_err(|e| Error::io("write", &draft.draft, e))?;
    Ok(draft)
}

/// Deletes the memo drafts that killed builds left in `cache`.
fn remove_old_drafts(cache: &Path) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("bodies.draft-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> RenderedBody {
        crate::content::render_body(html, &BodyOptions::default())
    }

    #[test]
    fn a_written_memo_gives_back_each_body_once() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (body("Kabul *airport*"), body("Second story"));
        let (k1, k2) = (
            key("Kabul *airport*", &BodyOptions::default()),
            key("Second story", &BodyOptions::default()),
        );
        write(dir.path(), &[(k1, &one), (k2, &two)])
            .unwrap()
            .keep()
            .unwrap();
        let memo = Memo::read(dir.path());
        assert!(memo.first_use());
        assert!(!memo.first_use(), "a memo is used by one edition only");
        assert_eq!(memo.take(&k1), Some(one));
        assert_eq!(memo.take(&k1), None, "taken out, not copied");
        assert!(!memo.is_stale(2, 2));
        assert!(memo.is_stale(2, 1), "a body the memo did not hold");
        assert!(memo.is_stale(1, 1), "a body the memo holds that is gone");
    }

    #[test]
    fn the_key_takes_in_every_option_and_the_text() {
        let plain = BodyOptions::default();
        let base = key("text", &plain);
        assert_ne!(base, key("text ", &plain));
        let summary = BodyOptions {
            summary: Some("A summary"),
            ..plain
        };
        assert_ne!(base, key("text", &summary));
        let uncoloured = BodyOptions {
            plain_code: true,
            ..plain
        };
        assert_ne!(base, key("text", &uncoloured));
        let jekyll = BodyOptions {
            heading_ids: crate::content::HeadingIds::Jekyll,
            ..plain
        };
        assert_ne!(base, key("text", &jekyll));
    }

    #[test]
    fn a_damaged_or_foreign_memo_is_no_memo() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MEMO_FILE), b"not a memo at all").unwrap();
        assert_eq!(Memo::read(dir.path()).held, 0);
        let stored = Stored {
            layout: LAYOUT,
            binary: "another newsroom".to_string(),
            bodies: vec![([0; 32], body("x"))],
        };
        std::fs::write(
            dir.path().join(MEMO_FILE),
            postcard::to_stdvec(&stored).unwrap(),
        )
        .unwrap();
        assert_eq!(Memo::read(dir.path()).held, 0, "written by another binary");
    }
}
