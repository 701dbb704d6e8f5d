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
//!
//! The file is the bodies one after another, then an index of where each is, then the
//! index's place and a mark. A build reads the index alone and each body as it takes it,
//! so a large site's kept bodies are never all in memory beside its Markdown.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

pub use crate::cache::Draft;
use crate::cache::read_at;
use crate::content::{BodyOptions, RenderedBody};
use crate::error::{Error, Result};

/// The memo's file in the build cache.
pub const MEMO_FILE: &str = "bodies.bin";

/// What bumps when the memo's layout changes, so an old one is ignored, not misread.
const LAYOUT: u32 = 2;

/// The last bytes of a memo: a file cut short by a full disk or a crash lacks them.
const MARK: &[u8; 8] = b"nrbodies";

/// Where one kept body is in the memo file: its offset and length.
type Place = (u64, u32);

/// Where each body of a memo file is, by key.
type Places = HashMap<[u8; 32], Place>;

/// The index at the end of a memo file.
#[derive(Serialize, Deserialize)]
struct Index {
    layout: u32,
    binary: String,
    bodies: Vec<([u8; 32], Place)>,
}

/// Where the memo's bodies are.
#[derive(Default)]
enum Kept {
    /// No memo.
    #[default]
    None,
    /// In the memo file read, by key, each read when it is taken.
    InFile(Arc<File>, Places),
    /// In memory, for `newsroom serve`'s editions.
    InMemory(HashMap<[u8; 32], RenderedBody>),
}

/// The bodies the last build kept, by key; each is taken out when a build uses it.
#[derive(Default)]
pub struct Memo {
    kept: Mutex<Kept>,
    /// How many bodies the memo held when read, to tell whether it needs writing again.
    held: usize,
    /// Whether a build used the memo already: it is read once and used once, by the first
    /// edition assembled from it (`newsroom serve` assembles more from the same frame).
    used: std::sync::atomic::AtomicBool,
    /// A memo kept in memory for every edition `newsroom serve` assembles: used any number
    /// of times, each body copied out rather than taken, and never written.
    lasting: bool,
}

impl Memo {
    /// Reads the index of the memo in the cache folder `cache`; a missing, unreadable,
    /// older one, or one a different binary wrote, is an empty memo.
    pub fn read(cache: &Path) -> Memo {
        let Some((file, places)) = read_index(&cache.join(MEMO_FILE)) else {
            return Memo::default();
        };
        Memo {
            held: places.len(),
            kept: Mutex::new(Kept::InFile(file, places)),
            used: Default::default(),
            lasting: false,
        }
    }

    /// A memo of `bodies` that lasts: every edition assembled with it may use it, and none
    /// writes it. `newsroom serve` keeps one of each edition's bodies, so an edition
    /// assembled after an edit (a story moved to another tag, a template changed) renders
    /// again only the bodies that changed or that have calls.
    pub fn lasting(bodies: HashMap<[u8; 32], RenderedBody>) -> Memo {
        Memo {
            held: bodies.len(),
            kept: Mutex::new(Kept::InMemory(bodies)),
            used: Default::default(),
            lasting: true,
        }
    }

    /// Whether this is the first use of the memo; the memo is used and written by the first
    /// edition assembled from it only, unless it lasts.
    pub fn first_use(&self) -> bool {
        !self.used.swap(true, std::sync::atomic::Ordering::SeqCst) || self.lasting
    }

    /// The kept body of `key`: taken out of the memo, or copied from one that lasts. A body
    /// the file no longer gives back whole is no body: it is rendered again.
    pub fn take(&self, key: &[u8; 32]) -> Option<RenderedBody> {
        let (file, (offset, len)) = {
            let mut kept = self.kept.lock();
            match &mut *kept {
                Kept::None => return None,
                Kept::InMemory(bodies) if self.lasting => return bodies.get(key).cloned(),
                Kept::InMemory(bodies) => return bodies.remove(key),
                // The read happens outside the lock, so bodies are read in parallel.
                Kept::InFile(file, places) => (Arc::clone(file), places.remove(key)?),
            }
        };
        let mut bytes = vec![0; len as usize];
        read_at(&file, &mut bytes, offset).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Whether a build that kept `bodies` needs to write the memo again: it rendered a body
    /// the memo did not hold, or the memo holds bodies the build no longer has. A lasting
    /// memo is never written.
    pub fn is_stale(&self, kept: usize, taken: usize) -> bool {
        !self.lasting && (taken != kept || taken != self.held)
    }
}

/// The memo file at `path`, open, and where each of its bodies is; `None` for a missing,
/// cut-short, older or foreign one.
fn read_index(path: &Path) -> Option<(Arc<File>, Places)> {
    let file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let tail_len = 8 + MARK.len() as u64;
    let mut tail = [0; 16];
    read_at(&file, &mut tail, len.checked_sub(tail_len)?).ok()?;
    let (at, mark) = tail.split_at(8);
    if mark != MARK {
        return None;
    }
    let at = u64::from_le_bytes(at.try_into().ok()?);
    let index_len = usize::try_from((len - tail_len).checked_sub(at)?).ok()?;
    let mut bytes = vec![0; index_len];
    read_at(&file, &mut bytes, at).ok()?;
    let index: Index = postcard::from_bytes(&bytes).ok()?;
    let ours = index.layout == LAYOUT && index.binary == crate::render::binary_identity();
    let fits = index.bodies.iter().all(|(_, (offset, len))| {
        offset
            .checked_add(u64::from(*len))
            .is_some_and(|end| end <= at)
    });
    (ours && fits).then(|| (Arc::new(file), index.bodies.into_iter().collect()))
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

/// Writes `bodies` as a draft of the memo in the cache folder `cache`; [`Draft::keep`] puts it
/// in place. Drafts a killed build left are deleted first.
pub fn write(cache: &Path, bodies: &[([u8; 32], &RenderedBody)]) -> Result<Draft> {
    let (draft, file) = Draft::start(cache, MEMO_FILE)?;
    let written = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(file);
        let mut index = Index {
            layout: LAYOUT,
            binary: crate::render::binary_identity(),
            bodies: Vec::with_capacity(bodies.len()),
        };
        let mut at = 0u64;
        let mut scratch = Vec::new();
        for (key, body) in bodies {
            scratch.clear();
            let encoded = postcard::to_io(body, &mut scratch).map_err(std::io::Error::other)?;
            let len = u32::try_from(encoded.len()).map_err(std::io::Error::other)?;
            out.write_all(encoded)?;
            index.bodies.push((*key, (at, len)));
            at += u64::from(len);
        }
        postcard::to_io(&index, &mut out).map_err(std::io::Error::other)?;
        out.write_all(&at.to_le_bytes())?;
        out.write_all(MARK)?;
        out.flush()
    })();
    written.map_err(|e| Error::io("write", draft.draft_path(), e))?;
    Ok(draft)
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
    fn a_damaged_cut_short_or_foreign_memo_is_no_memo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MEMO_FILE);
        std::fs::write(&path, b"not a memo at all").unwrap();
        assert_eq!(Memo::read(dir.path()).held, 0);
        // A whole memo, then the same cut short by one byte, as a full disk leaves it.
        let one = body("Kabul *airport*");
        write(dir.path(), &[([1; 32], &one)])
            .unwrap()
            .keep()
            .unwrap();
        assert_eq!(Memo::read(dir.path()).held, 1);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(Memo::read(dir.path()).held, 0, "cut short");
        let index = Index {
            layout: LAYOUT,
            binary: "another newsroom".to_string(),
            bodies: Vec::new(),
        };
        let mut foreign = postcard::to_stdvec(&index).unwrap();
        foreign.extend(0u64.to_le_bytes());
        foreign.extend(MARK);
        std::fs::write(&path, foreign).unwrap();
        assert_eq!(Memo::read(dir.path()).held, 0, "written by another binary");
    }

    #[test]
    fn a_body_damaged_in_the_file_is_rendered_again() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (body("First story"), body("Second story"));
        write(dir.path(), &[([1; 32], &one), ([2; 32], &two)])
            .unwrap()
            .keep()
            .unwrap();
        // The first body's bytes, overwritten with ones that decode to nothing.
        let path = dir.path().join(MEMO_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[..4].copy_from_slice(&[0xff; 4]);
        std::fs::write(&path, bytes).unwrap();
        let memo = Memo::read(dir.path());
        assert_eq!(memo.take(&[1; 32]), None);
        assert_eq!(memo.take(&[2; 32]), Some(two));
    }
}
