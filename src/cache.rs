//! Files of the build cache that a build writes for the next one (the memos of parsed
//! articles and of rendered bodies): each is written as a draft beside its place and put
//! there only when the build succeeds, so a failed build changes nothing in the site folder.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A cache file written beside its place, put there only when the build that wrote it
/// succeeds. Dropped unkept, it is deleted.
pub struct Draft {
    draft: PathBuf,
    path: PathBuf,
}

impl Draft {
    /// Starts a draft of the file `name` in the cache folder `cache`, deleting the drafts of
    /// it that killed builds left, and opens it for writing.
    pub fn start(cache: &Path, name: &str) -> Result<(Draft, File)> {
        std::fs::create_dir_all(cache).map_err(|e| Error::io("create the folder", cache, e))?;
        let path = cache.join(name);
        let stem = Path::new(name).file_stem().unwrap_or_default();
        let prefix = format!("{}.draft-", stem.to_string_lossy());
        remove_old_drafts(cache, &prefix);
        let draft = Draft {
            draft: cache.join(format!("{prefix}{}", std::process::id())),
            path,
        };
        let file = File::create(&draft.draft).map_err(|e| Error::io("write", &draft.draft, e))?;
        Ok((draft, file))
    }

    /// Where the draft is being written, for messages.
    pub fn draft_path(&self) -> &Path {
        &self.draft
    }

    /// Moves the file into its place in the build cache.
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

/// Deletes the drafts, named from `prefix`, that killed builds left in `cache`.
fn remove_old_drafts(cache: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Reads `bytes.len()` bytes of `file` from `offset`, without moving a shared cursor, so
/// threads read one file at once.
pub fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < bytes.len() {
            let at = offset + done as u64;
            match std::os::windows::fs::FileExt::seek_read(file, &mut bytes[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_put_in_place_when_kept_and_gone_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (draft, mut file) = Draft::start(dir.path(), "memo.bin").unwrap();
        std::io::Write::write_all(&mut file, b"kept").unwrap();
        draft.keep().unwrap();
        assert_eq!(std::fs::read(dir.path().join("memo.bin")).unwrap(), b"kept");
        let (draft, _) = Draft::start(dir.path(), "memo.bin").unwrap();
        let left = draft.draft_path().to_path_buf();
        assert!(left.exists());
        drop(draft);
        assert!(!left.exists(), "a dropped draft is deleted");
        assert_eq!(std::fs::read(dir.path().join("memo.bin")).unwrap(), b"kept");
        // A draft a killed build left is deleted by the next draft of the same file.
        std::fs::write(dir.path().join("memo.draft-1"), b"left").unwrap();
        let _next = Draft::start(dir.path(), "memo.bin").unwrap();
        assert!(!dir.path().join("memo.draft-1").exists());
    }
}
