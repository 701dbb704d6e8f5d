//! Writing the site to disk without ever leaving a broken output folder behind, and without
//! ever replacing a folder that was not newsroom's to replace.
//!
//! Before anything is read, [`guard`] refuses an output that would swallow the site, its
//! sources or the home folder. Pages are then written into a staging folder beside the output
//! folder; only when the whole build has succeeded is it exchanged with the output folder in
//! one step ([`swap`]), and the last output, now in the staging folder's place, is deleted. On
//! failure the staging folder is deleted and the previous output stays as it was; a build that
//! is killed leaves its staging folder, which the next build deletes. A folder that newsroom
//! did not make is replaced only with `--force` ([`ownership`]).
//!
//! An output folder that is a mount point cannot be renamed. Its staging folder is made inside
//! it instead, and each of its entries is exchanged with the new one in turn: each entry is
//! replaced whole, but a build killed midway leaves some entries new and some old.
//!
//! A file whose bytes are the same as in the previous output is not written again: the old
//! file is hard-linked into the staging folder, so it keeps its modification time and `rsync`
//! or a CDN upload moves only what changed.

pub mod guard;
pub mod ownership;
pub mod swap;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::PageSink;

pub use guard::refuse_dangerous_output;
use ownership::Identity;

/// What a build may replace at its output path.
pub struct Replacement<'a> {
    /// Replace a folder newsroom did not make (`--force`).
    pub force: bool,
    /// Every file the build writes, relative to the output folder; asked for only when an
    /// output folder made before newsroom kept records has to be recognised.
    pub planned: &'a dyn Fn() -> HashSet<String>,
}

/// A build's output while it is being written.
pub struct Staging {
    /// The folder being filled.
    dir: PathBuf,
    /// The output folder it will replace, with links and `..` resolved.
    target: PathBuf,
    /// The output folder's name, which the names of its staging folders start with.
    name: String,
    /// The previous output, when there is one, to reuse unchanged files from.
    previous: Option<PathBuf>,
    /// The output folder is a mount point: the staging folder is inside it, and its entries
    /// are exchanged one by one.
    in_place: bool,
    /// The staging folder no longer holds the new output (it was swapped in).
    committed: bool,
    /// The folders inside the staging folder made so far: thousands of pages share each
    /// date's folder, and each is made once instead of asked for again with every file.
    folders: parking_lot::Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Creates an empty staging folder for the output folder `target`, after checking that
    /// the folder there may be replaced and clearing what killed builds left.
    pub fn begin(target: &Path, replacement: &Replacement) -> Result<Staging> {
        let shown = target.display().to_string();
        let target =
            guard::resolve(target).map_err(|e| Error::io("find the output folder", target, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{shown}: the output folder needs a name of its own, such as \"public\""
                ))
            })?;
        let parent = target.parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("create the folder", &parent, e))?;
        let exists = match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{shown}: the output path is a file, not a folder; remove it or choose another --output"
                )));
            }
            Err(_) => false,
        };
        let in_place = exists && swap::is_mount_point(&target);
        let staging_prefix = format!(".{name}.staging-");
        if exists {
            let skip = |entry: &str| in_place && entry.starts_with(&staging_prefix);
            ownership::check(
                &target,
                &shown,
                &ownership::Replacing {
                    force: replacement.force,
                    planned: replacement.planned,
                    skip: &skip,
                },
            )?;
        }
        swap::remove_leftovers(
            &parent,
            &[
                staging_prefix.clone(),
                ownership::record_draft_prefix(&name),
            ],
        );
        let home = if in_place { &target } else { &parent };
        if in_place {
            swap::remove_leftovers(home, std::slice::from_ref(&staging_prefix));
        }
        let dir = home.join(format!("{staging_prefix}{}", std::process::id()));
        if std::fs::symlink_metadata(&dir).is_ok() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Error::io("clear an old staging folder", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io("create the staging folder", &dir, e))?;
        Ok(Staging {
            dir,
            previous: exists.then(|| target.clone()),
            target,
            name,
            in_place,
            committed: false,
            folders: parking_lot::Mutex::new(HashSet::new()),
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

    /// Puts a file that is never rewritten in place (a cache entry named after its content,
    /// such as a processed photo) into the output at `relative`: a hard link where the file
    /// system allows, so thousands of photos cost no copying, else a copy.
    pub fn link(&self, relative: &str, from: &Path) -> Result<()> {
        let to = self.place(relative)?;
        crate::images::place_file(from, &to).map_err(|e| Error::io("copy", from, e))
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

    /// Where `relative` lands in the staging folder, its folder made; refuses any path that
    /// would leave it.
    fn place(&self, relative: &str) -> Result<PathBuf> {
        let path = inside(&self.dir, relative)?;
        let Some(parent) = path.parent() else {
            return Ok(path);
        };
        // The folders still to make, innermost first: those above `parent` not made yet.
        let missing: Vec<&Path> = {
            let folders = self.folders.lock();
            parent
                .ancestors()
                .take_while(|folder| *folder != self.dir && !folders.contains(*folder))
                .collect()
        };
        // Made outermost first, one call each, outside the lock: another thread making the
        // same folder at the same moment is harmless, since one that exists is fine here.
        for folder in missing.iter().rev() {
            match std::fs::create_dir(folder) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(Error::io("create the folder", folder, e));
                }
                _ => {}
            }
        }
        if !missing.is_empty() {
            self.folders
                .lock()
                .extend(missing.iter().map(|folder| folder.to_path_buf()));
        }
        Ok(path)
    }

    /// Puts the finished output in place of the previous one, records it as newsroom's, and
    /// removes the previous output and what killed builds left.
    pub fn commit(mut self) -> Result<()> {
        if self.in_place {
            self.fill_in_place()?;
        } else {
            self.swap()?;
        }
        let parent = self.target.parent().unwrap_or(Path::new("."));
        swap::remove_leftovers(parent, &[format!(".{}.old-", self.name)]);
        Ok(())
    }

    /// Exchanges the staging folder with the output folder, or renames it into place when
    /// there is no output yet.
    fn swap(&mut self) -> Result<()> {
        let new = Identity::of(&self.dir).map_err(|e| Error::io("read", &self.dir, e))?;
        let target = &self.target;
        let swap_error = |e| Error::io("move the new output into place", target, e);
        match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => {
                let old = Identity::of(target).map_err(|e| Error::io("read", target, e))?;
                // Recorded before the swap, so whichever of the two a kill leaves in place
                // is known for newsroom's.
                ownership::record(target, &[old, new.clone()])?;
                // Once the new output is in place, the record above already names it; the
                // shorter one below only drops the previous output from it.
                if swap::exchange(&self.dir, target).map_err(swap_error)? {
                    self.committed = true;
                    let _ = ownership::record(target, &[new]);
                    // The staging folder now holds the previous output. One that cannot be
                    // removed now is removed by the next build.
                    let _ = std::fs::remove_dir_all(&self.dir);
                } else {
                    let parent = target.parent().unwrap_or(Path::new("."));
                    let aside = parent.join(format!(".{}.old-{}", self.name, std::process::id()));
                    swap::replace_in_two_steps(&self.dir, target, &aside).map_err(swap_error)?;
                    self.committed = true;
                    let _ = ownership::record(target, &[new]);
                    let _ = std::fs::remove_dir_all(&aside);
                }
            }
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{}: the output path is a file, not a folder; remove it or choose another --output",
                    target.display()
                )));
            }
            Err(_) => {
                ownership::record(target, &[new])?;
                std::fs::rename(&self.dir, target).map_err(swap_error)?;
                self.committed = true;
            }
        }
        Ok(())
    }

    /// Fills an output folder that is a mount point from the staging folder inside it: each
    /// new entry is exchanged with the old one of its name, and the old entries the new output
    /// has no counterpart for are moved into the staging folder, which is then removed. If an
    /// entry cannot be replaced, those replaced so far are put back.
    fn fill_in_place(&mut self) -> Result<()> {
        let target = self.target.clone();
        let identity = Identity::of(&target).map_err(|e| Error::io("read", &target, e))?;
        ownership::record(&target, &[identity])?;
        let names = |folder: &Path| -> Result<Vec<OsString>> {
            let mut names = Vec::new();
            for entry in std::fs::read_dir(folder).map_err(|e| Error::io("read", folder, e))? {
                names.push(entry.map_err(|e| Error::io("read", folder, e))?.file_name());
            }
            Ok(names)
        };
        let new_names = names(&self.dir)?;
        // What was done to each entry so far, to undo it: `true` for an exchange.
        let mut done: Vec<(&OsString, bool)> = Vec::new();
        for name in &new_names {
            let (from, to) = (self.dir.join(name), target.join(name));
            let replaced = if std::fs::symlink_metadata(&to).is_err() {
                std::fs::rename(&from, &to).map(|()| false)
            } else {
                swap::exchange(&from, &to).and_then(|exchanged| {
                    if exchanged {
                        Ok(true)
                    } else {
                        Err(std::io::Error::other(
                            "this file system cannot exchange two entries in one step",
                        ))
                    }
                })
            };
            match replaced {
                Ok(exchanged) => done.push((name, exchanged)),
                Err(error) => {
                    for (name, exchanged) in done.into_iter().rev() {
                        let (from, to) = (self.dir.join(name), target.join(name));
                        let _ = if exchanged {
                            swap::exchange(&from, &to).map(|_| ())
                        } else {
                            std::fs::rename(&to, &from)
                        };
                    }
                    return Err(Error::io("replace", &to, error));
                }
            }
        }
        self.committed = true;
        let new_names: HashSet<OsString> = new_names.into_iter().collect();
        let staging_prefix = format!(".{}.staging-", self.name);
        for name in names(&target)? {
            let staging = name.to_string_lossy().starts_with(&staging_prefix);
            if !staging && !new_names.contains(&name) {
                // Moved into the staging folder, which is removed whole below; one left behind
                // by a kill is removed by the next build.
                let _ = std::fs::rename(target.join(&name), self.dir.join(&name));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
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

/// Removes a temporary output folder and its record (`newsroom serve`'s, when it stops).
pub fn discard(target: &Path) {
    let _ = std::fs::remove_dir_all(target);
    let _ = std::fs::remove_file(ownership::record_path(target));
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
