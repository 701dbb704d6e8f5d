//! Bodies kept from the last build, so a story whose Markdown did not change is not rendered
//! again.
//!
//! Only a body with no calls in it is kept: its HTML is a function of its Markdown, its
//! heading-id rule, its front-matter summary, the highlighting setting and the binary alone,
//! and those are all in its key. A body with shortcodes or links to other stories also
//! depends on the templates and on every other story's URL, so it is rendered each build.
//!
//! The memo lives in the build cache in two files. `bodies.bin`, the base, holds every body
//! of the build that wrote it. A build that keeps most of the base's bodies does not write
//! it again (at 100,000 stories it is over half a gigabyte, for one new story): it writes
//! `bodies.more.bin` instead, which holds the bodies the base lacks and says which of the
//! base's the build has, so the two hold exactly that build's bodies. Once the base's bodies
//! are mostly gone, or the bodies beside it are many, the base is written again, whole.
//! Each file is written as a draft and put in place only when the build succeeds, so a
//! failed build changes nothing in the site folder; one that cannot be read is no memo.
//!
//! Each file is its bodies one after another, then an index of where each body is (in which
//! of the two files, and where in it), then the index's place and a mark. The base has a
//! name of its own, drawn when it is written, and the file beside it names the base it goes
//! with: beside any other base, it is not read. A build reads the indexes alone and each
//! body as it takes it, so a large site's kept bodies are never all in memory beside its
//! Markdown.

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

/// The memo's base file in the build cache.
pub const MEMO_FILE: &str = "bodies.bin";

/// The file beside the base, of the bodies the base lacks.
pub const MORE_FILE: &str = "bodies.more.bin";

/// What bumps when the memo's layout changes, so an old one is ignored, not misread.
const LAYOUT: u32 = 3;

/// The last bytes of a memo file: a file cut short by a full disk or a crash lacks them.
const MARK: &[u8; 8] = b"nrbodies";

/// Which of the memo's two files a body is in.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
enum InFile {
    Base,
    More,
}

/// Where one kept body is: its file, offset and length.
type Place = (InFile, u64, u32);

/// Where each body of a memo is, by key.
type Places = HashMap<[u8; 32], Place>;

/// The index at the end of a memo file.
#[derive(Serialize, Deserialize)]
struct Index {
    layout: u32,
    binary: String,
    /// The base's name, in the base; in the file beside it, the name of the base it goes with.
    base: [u8; 16],
    bodies: Vec<([u8; 32], Place)>,
}

/// The base a memo was read with, for the next build's choice between writing only the
/// file beside it and writing it again.
#[derive(Clone, Copy)]
struct Base {
    name: [u8; 16],
    /// How many bytes of bodies it holds.
    len: u64,
}

/// Where the memo's bodies are.
#[derive(Default)]
enum Kept {
    /// No memo.
    #[default]
    None,
    /// In the memo's files (the base, and the file beside it if there is one), by key,
    /// each read when it is taken.
    InFiles {
        base: Arc<File>,
        more: Option<Arc<File>>,
        places: Places,
    },
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
    /// The base read, if any.
    base: Option<Base>,
    /// Where in the base each body taken from it is, so the next memo can point at it there
    /// instead of writing it again.
    from_base: Mutex<HashMap<[u8; 32], (u64, u32)>>,
}

impl Memo {
    /// Reads the index of the memo in the cache folder `cache`; a missing, unreadable,
    /// older one, or one a different binary wrote, is an empty memo.
    pub fn read(cache: &Path) -> Memo {
        let Some((base, base_index, len)) = read_index(&cache.join(MEMO_FILE)) else {
            return Memo::default();
        };
        let name = base_index.base;
        let fits_base = |offset: u64, size: u32| offset + u64::from(size) <= len;
        let whole_base = base_index
            .bodies
            .iter()
            .all(|(_, (file, offset, size))| *file == InFile::Base && fits_base(*offset, *size));
        if !whole_base {
            return Memo::default();
        }
        // The file beside the base, if it goes with this base and points only within it.
        let more = read_index(&cache.join(MORE_FILE)).filter(|(_, index, more_len)| {
            index.base == name
                && index
                    .bodies
                    .iter()
                    .all(|(_, (file, offset, size))| match file {
                        InFile::Base => fits_base(*offset, *size),
                        InFile::More => offset + u64::from(*size) <= *more_len,
                    })
        });
        let (more, index) = match more {
            Some((file, index, _)) => (Some(file), index),
            None => (None, base_index),
        };
        let places: Places = index.bodies.into_iter().collect();
        Memo {
            held: places.len(),
            kept: Mutex::new(Kept::InFiles { base, more, places }),
            used: Default::default(),
            lasting: false,
            base: Some(Base { name, len }),
            from_base: Default::default(),
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
            base: None,
            from_base: Default::default(),
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
        let (file, (in_file, offset, len)) = {
            let mut kept = self.kept.lock();
            match &mut *kept {
                Kept::None => return None,
                Kept::InMemory(bodies) if self.lasting => return bodies.get(key).cloned(),
                Kept::InMemory(bodies) => return bodies.remove(key),
                // The read happens outside the lock, so bodies are read in parallel.
                Kept::InFiles { base, more, places } => {
                    let place = places.remove(key)?;
                    let file = match place.0 {
                        InFile::Base => Arc::clone(base),
                        InFile::More => Arc::clone(more.as_ref()?),
                    };
                    (file, place)
                }
            }
        };
        let mut bytes = vec![0; len as usize];
        read_at(&file, &mut bytes, offset).ok()?;
        let body = postcard::from_bytes(&bytes).ok()?;
        if in_file == InFile::Base {
            self.from_base.lock().insert(*key, (offset, len));
        }
        Some(body)
    }

    /// Whether a build that kept `bodies` needs to write the memo again: it rendered a body
    /// the memo did not hold, or the memo holds bodies the build no longer has. A lasting
    /// memo is never written.
    pub fn is_stale(&self, kept: usize, taken: usize) -> bool {
        !self.lasting && (taken != kept || taken != self.held)
    }
}

/// The memo file at `path`, open, its index, and how many bytes of bodies come before the
/// index; `None` for a missing, cut-short, older or foreign one.
fn read_index(path: &Path) -> Option<(Arc<File>, Index, u64)> {
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
    // Offsets are checked against their own file by the caller; none may overflow.
    let sane = index
        .bodies
        .iter()
        .all(|(_, (_, offset, len))| offset.checked_add(u64::from(*len)).is_some());
    (ours && sane).then(|| (Arc::new(file), index, at))
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

/// Writes the memo of `bodies` as a draft in the cache folder `cache`; [`Draft::keep`] puts
/// it in place. `memo` is the memo this build read: when most of its base's bodies are among
/// `bodies` and the others are few, only the file beside the base is written, pointing at
/// the base for the bodies it holds; otherwise the base is written again, whole, and the
/// file beside the old base no longer goes with it. Drafts a killed build left are deleted
/// first.
pub fn write(cache: &Path, bodies: &[([u8; 32], &RenderedBody)], memo: &Memo) -> Result<Draft> {
    let from_base = memo.from_base.lock();
    let in_base = |key: &[u8; 32]| from_base.get(key).copied();
    let kept_in_base: u64 = bodies
        .iter()
        .filter_map(|(key, _)| in_base(key))
        .map(|(_, len)| u64::from(len))
        .sum();
    let others = bodies
        .iter()
        .filter(|(key, _)| in_base(key).is_none())
        .count();
    // Beside the base while it is at least three quarters alive and the bodies beside it
    // are at most a quarter of the whole: the reads stay close to one file, and the memo's
    // files at most a third larger than its bodies.
    let beside = memo
        .base
        .filter(|base| kept_in_base * 4 >= base.len * 3 && others * 4 <= bodies.len());
    let (name, file_name) = match beside {
        Some(base) => (base.name, MORE_FILE),
        None => (new_base_name(bodies.len()), MEMO_FILE),
    };
    let (draft, file) = Draft::start(cache, file_name)?;
    let written = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(file);
        let mut index = Index {
            layout: LAYOUT,
            binary: crate::render::binary_identity(),
            base: name,
            bodies: Vec::with_capacity(bodies.len()),
        };
        let in_this = if beside.is_some() {
            InFile::More
        } else {
            InFile::Base
        };
        let mut at = 0u64;
        let mut scratch = Vec::new();
        for (key, body) in bodies {
            if beside.is_some()
                && let Some((offset, len)) = in_base(key)
            {
                index.bodies.push((*key, (InFile::Base, offset, len)));
                continue;
            }
            scratch.clear();
            let encoded = postcard::to_io(body, &mut scratch).map_err(std::io::Error::other)?;
            let len = u32::try_from(encoded.len()).map_err(std::io::Error::other)?;
            out.write_all(encoded)?;
            index.bodies.push((*key, (in_this, at, len)));
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

/// A name for a new base, which no other base has had: drawn from the moment, the process
/// and what it holds.
fn new_base_name(bodies: usize) -> [u8; 16] {
    let mut hasher = blake3::Hasher::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    hasher.update(&now.to_le_bytes());
    hasher.update(&std::process::id().to_le_bytes());
    hasher.update(&bodies.to_le_bytes());
    let mut name = [0; 16];
    name.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a memo of `bodies` as a build with no memo before it does.
    fn write_new(cache: &Path, bodies: &[([u8; 32], &RenderedBody)]) -> Result<Draft> {
        write(cache, bodies, &Memo::default())
    }

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
        write_new(dir.path(), &[(k1, &one), (k2, &two)])
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

    /// Eight stories' bodies, by key, as a first build keeps them.
    fn eight_kept(cache: &Path) -> Vec<([u8; 32], RenderedBody)> {
        let bodies: Vec<([u8; 32], RenderedBody)> = (1..=8u8)
            .map(|n| {
                (
                    [n; 32],
                    body(&format!("Story number {n}, *told* at length")),
                )
            })
            .collect();
        let refs: Vec<([u8; 32], &RenderedBody)> = bodies.iter().map(|(k, b)| (*k, b)).collect();
        write_new(cache, &refs).unwrap().keep().unwrap();
        bodies
    }

    /// A build that takes the bodies of `taken` from the memo and renders `new`, then
    /// keeps the memo of both.
    fn rebuild(cache: &Path, taken: &[u8], new: &[([u8; 32], RenderedBody)]) {
        let memo = Memo::read(cache);
        assert!(memo.first_use());
        let taken: Vec<([u8; 32], RenderedBody)> = taken
            .iter()
            .map(|n| ([*n; 32], memo.take(&[*n; 32]).expect("a kept body")))
            .collect();
        let all: Vec<([u8; 32], &RenderedBody)> =
            taken.iter().chain(new).map(|(k, b)| (*k, b)).collect();
        write(cache, &all, &memo).unwrap().keep().unwrap();
    }

    #[test]
    fn a_build_that_keeps_most_of_the_base_writes_only_the_bodies_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let bodies = eight_kept(dir.path());
        let base_before = std::fs::read(dir.path().join(MEMO_FILE)).unwrap();
        // Seven of eight stories unchanged, one edited and one filed: the base stays.
        let edited = ([20; 32], body("Story number 8, corrected"));
        let filed = ([21; 32], body("A new story"));
        rebuild(
            dir.path(),
            &[1, 2, 3, 4, 5, 6, 7],
            &[edited.clone(), filed.clone()],
        );
        let base_after = std::fs::read(dir.path().join(MEMO_FILE)).unwrap();
        assert_eq!(base_before, base_after, "the base is not written again");
        let more = std::fs::metadata(dir.path().join(MORE_FILE)).unwrap().len();
        assert!(
            more < base_after.len() as u64 / 2,
            "{more} bytes beside the base"
        );
        // The next build finds every body of the last, from either file, and no other.
        let memo = Memo::read(dir.path());
        assert_eq!(memo.held, 9);
        for (key, kept) in bodies.iter().take(7).chain([&edited, &filed]) {
            assert_eq!(memo.take(key).as_ref(), Some(kept));
        }
        assert_eq!(
            memo.take(&[8; 32]),
            None,
            "the body before the edit is gone"
        );
        // And a build after that keeps them all again, still beside the same base.
        rebuild(dir.path(), &[1, 2, 3, 4, 5, 6, 7, 20, 21], &[]);
        assert_eq!(
            std::fs::read(dir.path().join(MEMO_FILE)).unwrap(),
            base_before
        );
        let memo = Memo::read(dir.path());
        assert_eq!(memo.held, 9);
        assert_eq!(memo.take(&[21; 32]), Some(filed.1));
    }

    #[test]
    fn a_base_mostly_gone_is_written_again_and_the_old_file_beside_it_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let bodies = eight_kept(dir.path());
        let filed = ([21; 32], body("A new story"));
        rebuild(
            dir.path(),
            &[1, 2, 3, 4, 5, 6, 7],
            std::slice::from_ref(&filed),
        );
        assert!(dir.path().join(MORE_FILE).exists());
        let base_before = std::fs::read(dir.path().join(MEMO_FILE)).unwrap();
        // Half the stories deleted: the base is written again, holding the rest alone.
        rebuild(dir.path(), &[1, 2, 21], &[]);
        assert_ne!(
            std::fs::read(dir.path().join(MEMO_FILE)).unwrap(),
            base_before
        );
        let memo = Memo::read(dir.path());
        assert_eq!(memo.held, 3, "the file beside the old base is left unread");
        assert_eq!(memo.take(&[2; 32]).as_ref(), Some(&bodies[1].1));
        assert_eq!(memo.take(&[21; 32]), Some(filed.1));
        assert_eq!(memo.take(&[5; 32]), None);
    }

    #[test]
    fn many_new_bodies_write_the_base_again() {
        let dir = tempfile::tempdir().unwrap();
        eight_kept(dir.path());
        let base_before = std::fs::read(dir.path().join(MEMO_FILE)).unwrap();
        let filed: Vec<([u8; 32], RenderedBody)> = (30..34u8)
            .map(|n| ([n; 32], body(&format!("New story {n}"))))
            .collect();
        rebuild(dir.path(), &[1, 2, 3, 4, 5, 6, 7, 8], &filed);
        assert_ne!(
            std::fs::read(dir.path().join(MEMO_FILE)).unwrap(),
            base_before
        );
        assert_eq!(Memo::read(dir.path()).held, 12);
    }

    #[test]
    fn a_damaged_file_beside_the_base_leaves_the_base_alone() {
        let dir = tempfile::tempdir().unwrap();
        let bodies = eight_kept(dir.path());
        rebuild(
            dir.path(),
            &[1, 2, 3, 4, 5, 6, 7],
            &[([21; 32], body("A new story"))],
        );
        let more = dir.path().join(MORE_FILE);
        let whole = std::fs::read(&more).unwrap();
        std::fs::write(&more, &whole[..whole.len() - 1]).unwrap();
        let memo = Memo::read(dir.path());
        assert_eq!(memo.held, 8, "the base as its own build wrote it");
        assert_eq!(memo.take(&[8; 32]).as_ref(), Some(&bodies[7].1));
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
        write_new(dir.path(), &[([1; 32], &one)])
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
            base: [0; 16],
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
        write_new(dir.path(), &[([1; 32], &one), ([2; 32], &two)])
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
