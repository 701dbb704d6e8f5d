//! Writing the site to disk without ever leaving a broken output folder behind.
//!
//! Pages are written into a staging folder beside the output folder. Only when the whole
//! build has succeeded is the old output moved aside and the staging folder renamed into its
//! place; on failure the staging folder is deleted and the previous output stays as it was.
//!
//! A file whose bytes are the same as in the previous output is not written again: the old
//! file is hard-linked into the staging folder, so it keeps its modification time and `rsync`
//! or a CDN upload moves only what changed.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::PageSink;

/// A build's output while it is being written.
pub struct Staging {
    /// The folder being filled.
    dir: PathBuf,
    /// The output folder it will replace.
    target: PathBuf,
    /// The previous output, when there is one, to reuse unchanged files from.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target`.
    pub fn begin(target: &Path) -> Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: the output folder needs a name of its own, such as \"public\"",
                    target.display()
                ))
            })?;
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create the folder", parent, e))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Error::io("clear an old staging folder", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io("create the staging folder", &dir, e))?;
        let previous = std::fs::symlink_metadata(target)
            .is_ok_and(|meta| meta.is_dir())
            .then(|| target.to_path_buf());
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous,
            committed: false,
        })
    }

    /// Copies a file from the site into the output at `relative`.
    pub fn copy(&self, relative: &str, from: &Path) -> Result<()> {
        let to = self.place(relative)?;
        let unchanged = self.previous_file(relative).filter(|old| {
            let same_size = match (std::fs::metadata(old), std::fs::metadata(from)) {
                (Ok(a), Ok(b)) => a.len() == b.len(),
                _ => false,
            };
            same_size && std::fs::read(from).is_ok_and(|bytes| same_bytes(old, &bytes))
        });
        if let Some(old) = unchanged
            && std::fs::hard_link(&old, &to).is_ok()
        {
            return Ok(());
        }
        std::fs::copy(from, &to).map_err(|e| Error::io("copy", from, e))?;
        Ok(())
    }

    /// The previous output's file at `relative`, if there is one.
    fn previous_file(&self, relative: &str) -> Option<PathBuf> {
        let previous = self.previous.as_ref()?;
        inside(previous, relative)
            .ok()
            .filter(|path| path.is_file())
    }

    /// Writes `bytes` at `to`, or links the previous output's identical file there.
    fn write_or_keep(&self, relative: &str, to: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(old) = self.previous_file(relative)
            && same_bytes(&old, bytes)
            && std::fs::hard_link(&old, to).is_ok()
        {
            return Ok(());
        }
        std::fs::write(to, bytes).map_err(|e| Error::io("write", to, e))
    }

    /// Where `relative` lands in the staging folder; refuses any path that would leave it.
    fn place(&self, relative: &str) -> Result<PathBuf> {
        let path = inside(&self.dir, relative)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("create the folder", parent, e))?;
        }
        Ok(path)
    }

    /// Swaps the finished output into place, then removes the previous output.
    pub fn commit(mut self) -> Result<()> {
        let parent = self.target.parent().unwrap_or(Path::new("."));
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_output = match std::fs::symlink_metadata(&self.target) {
            Ok(meta) if meta.is_dir() => true,
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::Usage(format!(
                    "{}: the output path is a symbolic link; newsroom replaces the output folder as a whole, so pass the real folder with --output",
                    self.target.display()
                )));
            }
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{}: the output path is a file, not a folder; remove it or choose another --output",
                    self.target.display()
                )));
            }
            Err(_) => false,
        };
        if had_output {
            std::fs::rename(&self.target, &old)
                .map_err(|e| Error::io("move the previous output aside", &self.target, e))?;
        }
        if let Err(error) = std::fs::rename(&self.dir, &self.target) {
            if had_output {
                // Put the previous output back so the site being served is never gone.
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(
                "move the new output into place",
                &self.target,
                error,
            ));
        }
        self.committed = true;
        if had_output {
            std::fs::remove_dir_all(&old)
                .map_err(|e| Error::io("remove the previous output", &old, e))?;
        }
        Ok(())
    }
}

impl PageSink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let to = self.place(path)?;
        self.write_or_keep(path, &to, bytes)
    }
}

/// Whether the file at `path` holds exactly `bytes` (the size is checked first, so most
/// changed files are not read at all).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Joins a relative output path onto `base`, refusing absolute paths and `..`, so no input can
/// make newsroom write outside its output folder.
pub fn inside(base: &Path, relative: &str) -> Result<PathBuf> {
    let path = Path::new(relative);
    let safe = !relative.contains('\\')
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if !safe || relative.is_empty() {
        return Err(Error::Route(format!(
            "refusing to write \"{relative}\": it would land outside the output folder"
        )));
    }
    Ok(base.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        let base = Path::new("out");
        assert!(inside(base, "a/b/index.html").is_ok());
        assert!(inside(base, "../etc/passwd").is_err());
        assert!(inside(base, "/etc/passwd").is_err());
        assert!(inside(base, "a/../../b").is_err());
        assert!(inside(base, "a\\..\\b").is_err());
    }
}
