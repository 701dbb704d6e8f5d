//! The record of every file a build wrote, kept in the build cache beside (never inside) the
//! site's output, and the list of what changed that is made from two such records.
//!
//! With the record of the last build, a file whose bytes are the same as last time is linked
//! from the last output without reading it back: the record's hash stands for the old bytes.
//! The record is trusted only for the output folder it was written for (by its identity on
//! disk) and only for a file whose size and modification time are still those recorded, so an
//! output changed by hand is compared byte for byte again, as it is when there is no record.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What bumps whenever the record's layout changes, so an old one is ignored, not misread.
const LAYOUT: u32 = 2;

/// One written file as the record knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The BLAKE3 hash of the file's bytes, in hex.
    pub hash: String,
    /// The file's size in bytes.
    pub len: u64,
    /// The file's modification time in nanoseconds since 1970, as it was when recorded.
    pub modified: u128,
    /// For a rendered page, the hash of what it was made from (template, theme, binary and
    /// context), so the next build can reuse it without rendering it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_from: Option<String>,
    /// For a page that shows the Latest stories list written in, where the list sits in it,
    /// so the next build can put a new list in its place without rendering the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<ListPlace>,
}

/// Where a page holds the Latest stories list: the hash of everything else the page was made
/// from (its frame), the byte offset of each copy of the list and the list's length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPlace {
    pub frame: String,
    pub at: Vec<u64>,
    pub len: u64,
}

/// What a rendered page was made from, as the record keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Made<'a> {
    /// The hash of the template, theme, binary and context.
    pub from: &'a blake3::Hash,
    /// Where the Latest stories list sits in the page, when it was put in whole.
    pub list: Option<&'a ListPlace>,
}

/// The record of one build's output folder.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    layout: u32,
    /// The identity of the output folder the files are in (see `ownership::Identity`).
    pub output: String,
    /// The identity of the output before it, kept in the build cache for the next build to
    /// start from (see `spare`), when it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spare: Option<String>,
    /// Every file, by its path relative to the output folder.
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// A record of `files` in the output folder known as `output`.
    pub fn new(output: String, spare: Option<String>, files: BTreeMap<String, Entry>) -> Manifest {
        Manifest {
            layout: LAYOUT,
            output,
            spare,
            files,
        }
    }

    /// Reads the record at `path`; a missing, unreadable or older one is no record at all,
    /// which only means the next build compares files the slow way.
    pub fn read(path: &Path) -> Option<Manifest> {
        Manifest::parse(&std::fs::read(path).ok()?)
    }

    /// The record written as `text`, if it is one of this layout.
    pub fn parse(text: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(text)
            .ok()
            .filter(|manifest| manifest.layout == LAYOUT)
    }

    /// Writes the record at `path` in one step: a build killed while writing it leaves the
    /// last record whole, which names an output folder that is no longer there, and so is
    /// not trusted.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_vec(self).map_err(|e| Error::io("write", path, e.into()))?;
        write_whole(path, &text)
    }
}

/// Where the record of the output folder `target` is kept in the cache folder `cache`: one
/// record for each output folder, named after its path, since `--output` can name several.
pub fn manifest_path(cache: &Path, target: &Path) -> PathBuf {
    let key = blake3::hash(target.as_os_str().as_encoded_bytes()).to_hex();
    cache.join(format!("output-{}.json", &key[..16]))
}

/// The entry for bytes just written or linked at `path`: their hash, and the size and time
/// read back from the file system.
pub fn entry_for(path: &Path, hash: blake3::Hash, made: Option<Made>) -> std::io::Result<Entry> {
    let meta = std::fs::symlink_metadata(path)?;
    let mut entry = Entry {
        hash: hash.to_hex().to_string(),
        len: meta.len(),
        modified: modified_nanos(&meta),
        made_from: None,
        list: None,
    };
    entry.set_made(made);
    Ok(entry)
}

impl Entry {
    /// Keeps what the page was made from, or nothing for a file that is not a rendered page.
    pub fn set_made(&mut self, made: Option<Made>) {
        self.made_from = made.map(|made| made.from.to_hex().to_string());
        self.list = made.and_then(|made| made.list.cloned());
    }
}

/// Whether the file at `path` is still as `entry` recorded it, told from its size and time
/// alone.
pub fn still_as_recorded(path: &Path, entry: &Entry) -> bool {
    recorded_metadata(path, entry).is_some()
}

/// The file system's facts of the file at `path`, if it is still as `entry` recorded it.
pub fn recorded_metadata(path: &Path, entry: &Entry) -> Option<std::fs::Metadata> {
    std::fs::symlink_metadata(path).ok().filter(|meta| {
        meta.is_file() && meta.len() == entry.len && modified_nanos(meta) == entry.modified
    })
}

fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos())
}

/// Writes `bytes` at `path` through a temporary file and a rename, its folder made first.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| Error::io("create the folder", folder, e))?;
    }
    let draft = path.with_extension(format!("draft-{}", std::process::id()));
    std::fs::write(&draft, bytes).map_err(|e| Error::io("write", &draft, e))?;
    std::fs::rename(&draft, path).map_err(|e| {
        let _ = std::fs::remove_file(&draft);
        Error::io("write", path, e)
    })
}

/// What one build changed in the output, by path relative to the output folder, each list
/// sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub deleted: Vec<String>,
}

impl Changes {
    /// The files of `new` that `old` did not have, those whose bytes differ, and those of
    /// `old` that `new` no longer has.
    pub fn between(old: &BTreeMap<String, Entry>, new: &BTreeMap<String, Entry>) -> Changes {
        let mut changes = Changes::default();
        for (file, entry) in new {
            match old.get(file) {
                None => changes.added.push(file.clone()),
                Some(before) if before.hash != entry.hash => changes.updated.push(file.clone()),
                Some(_) => {}
            }
        }
        changes.deleted = old
            .keys()
            .filter(|file| !new.contains_key(*file))
            .cloned()
            .collect();
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: &str) -> Entry {
        Entry {
            hash: hash.to_string(),
            len: 1,
            modified: 0,
            made_from: None,
            list: None,
        }
    }

    #[test]
    fn changes_sort_files_into_added_updated_and_deleted() {
        let old: BTreeMap<String, Entry> = [("a", "1"), ("b", "2"), ("c", "3")]
            .into_iter()
            .map(|(f, h)| (f.to_string(), entry(h)))
            .collect();
        let new: BTreeMap<String, Entry> = [("a", "1"), ("b", "9"), ("d", "4")]
            .into_iter()
            .map(|(f, h)| (f.to_string(), entry(h)))
            .collect();
        let changes = Changes::between(&old, &new);
        assert_eq!(changes.added, ["d"]);
        assert_eq!(changes.updated, ["b"]);
        assert_eq!(changes.deleted, ["c"]);
    }

    #[test]
    fn a_record_of_another_layout_is_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        std::fs::write(&path, r#"{"layout":0,"output":"x","files":{}}"#).unwrap();
        assert!(Manifest::read(&path).is_none());
        Manifest::new("x".into(), None, BTreeMap::new())
            .write(&path)
            .unwrap();
        assert_eq!(Manifest::read(&path).unwrap().output, "x");
    }
}
