//! Writing the site to disk without ever leaving a broken output folder behind.
//!
//! Pages are written into a staging folder beside the output folder. Only when the whole
//! build has succeeded is the old output moved aside and the staging folder renamed into its
//! place; on failure the staging folder is deleted and the previous output stays as it was.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::PageSink;

/// A build's output while it is being written.
pub struct Staging {
    /// The folder being filled.
    dir: PathBuf,
    /// The output folder it will replace.
    target: PathBuf,
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
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Copies a file from the site into the output at `relative`.
    pub fn copy(&self, relative: &str, from: &Path) -> Result<()> {
        let to = self.place(relative)?;
        std::fs::copy(from, &to).map_err(|e| Error::io("copy", from, e))?;
        Ok(())
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
        std::fs::write(&to, bytes).map_err(|e| Error::io("write", &to, e))
    }
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
