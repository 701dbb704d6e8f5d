//! The image cache: a folder outside the output where every processed file is kept under
//! the hash of what made it.
//!
//! Three kinds of entry, each written atomically (a temporary file renamed into place, so a
//! killed build never leaves half a file under a real name):
//! - `paths/HASH.json`: a source path's size, modification time and content hash, so an
//!   unchanged photo is not even read again;
//! - `sources/HASH.json`: what decoding a source told (size after orientation, transparency,
//!   credit), so a warm build plans every output without decoding;
//! - `files/KEY.EXT`: one output, under the hash of the source and every setting that shaped
//!   it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::ImageError;
use super::codec::SourceKind;
use super::metadata::Credit;

/// What a source's decoding found, kept so later builds need not decode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub kind: SourceKind,
    pub credit: Credit,
}

/// A source path's last known state.
#[derive(Debug, Serialize, Deserialize)]
struct PathRecord {
    size: u64,
    modified_ns: u128,
    hash: String,
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// A hex blake3 hash of `bytes`.
pub fn hash_hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Cache {
    /// The cache at `root`; folders are made when first written.
    pub fn new(root: &Path) -> Cache {
        Cache {
            root: root.to_path_buf(),
        }
    }

    /// The content hash of `source`, and its bytes when they had to be read: a path whose
    /// size and modification time match the last build's keeps its recorded hash unread.
    pub fn source_hash(&self, source: &Path) -> Result<(String, Option<Vec<u8>>), ImageError> {
        let unreadable = |error: std::io::Error| ImageError {
            path: source.to_path_buf(),
            message: match error.kind() {
                std::io::ErrorKind::NotFound => {
                    "the image file does not exist; check the path and its spelling".to_string()
                }
                _ => format!("could not read the image file: {error}"),
            },
        };
        let meta = std::fs::metadata(source).map_err(unreadable)?;
        if !meta.is_file() {
            return Err(ImageError {
                path: source.to_path_buf(),
                message: "this is a folder, not an image file; name the photo itself".to_string(),
            });
        }
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let record_path = self.path_record(source);
        if let Some(record) = std::fs::read(&record_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<PathRecord>(&bytes).ok())
            && record.size == meta.len()
            && record.modified_ns == modified_ns
            && modified_ns != 0
        {
            return Ok((record.hash, None));
        }
        let bytes = std::fs::read(source).map_err(unreadable)?;
        let hash = hash_hex(&bytes);
        let record = PathRecord {
            size: bytes.len() as u64,
            modified_ns,
            hash: hash.clone(),
        };
        if let Ok(json) = serde_json::to_vec(&record) {
            // The record only saves time; failing to keep it must not fail the build.
            let _ = self.write_atomic(&record_path, &json);
        }
        Ok((hash, Some(bytes)))
    }

    fn path_record(&self, source: &Path) -> PathBuf {
        let absolute = std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf());
        let key = hash_hex(absolute.as_os_str().as_encoded_bytes());
        self.root.join("paths").join(format!("{key}.json"))
    }

    /// What an earlier build learned by decoding the source with this hash.
    pub fn facts(&self, hash: &str) -> Option<Facts> {
        let bytes = std::fs::read(self.facts_path(hash)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keeps what decoding told, for the next build.
    pub fn keep_facts(&self, hash: &str, facts: &Facts) -> Result<(), ImageError> {
        let json = serde_json::to_vec(facts).map_err(|e| ImageError {
            path: self.facts_path(hash),
            message: format!("could not record the photo's facts: {e}"),
        })?;
        self.write_atomic(&self.facts_path(hash), &json)
    }

    fn facts_path(&self, hash: &str) -> PathBuf {
        self.root.join("sources").join(format!("{hash}.json"))
    }

    /// Where the output with this key and extension lives.
    pub fn file(&self, key: &str, extension: &str) -> PathBuf {
        self.root.join("files").join(format!("{key}.{extension}"))
    }

    /// Writes `bytes` at `path` through a temporary file in the same folder and a rename.
    pub fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), ImageError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let failed = |error: std::io::Error| ImageError {
            path: path.to_path_buf(),
            message: format!(
                "could not write to the image cache: {error}; check that the folder is writable, or delete it to start afresh"
            ),
        };
        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder).map_err(failed)?;
        let temporary = folder.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        // No fsync: a killed build is what this guards against, and the kernel finishes
        // a renamed file's writes on its own; a power cut may lose entries, which are redone.
        let written = std::fs::File::create(&temporary).and_then(|mut file| file.write_all(bytes));
        if let Err(error) = written.and_then(|()| std::fs::rename(&temporary, path)) {
            let _ = std::fs::remove_file(&temporary);
            return Err(failed(error));
        }
        Ok(())
    }
}
