//! The output before last, kept in the build cache so the next build starts from it instead
//! of from an empty folder.
//!
//! A build swaps its staging folder in for the output, and the staging folder then holds the
//! last output. Deleting that folder and linking every unchanged file into a new, empty one
//! the next time costs two system calls per file and one per folder, for every file of the
//! site, though a new story changes a few dozen. So the last output is kept instead, as the
//! spare, and the next build takes it as its staging folder: a file already linked to the
//! same file as the output is left as it is, any other is replaced, and what the new output
//! does not hold is pruned before the swap.
//!
//! The spare is trusted only by its identity, recorded with the output's record; nothing else
//! about it is. Its files share their storage with the output's (they are hard links), so a
//! file of it is never written in place: it is unlinked first, and written or linked anew.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where the spare of the output folder `target` is kept in the cache folder `cache`, beside
/// the output's record.
pub fn spare_path(cache: &Path, target: &Path) -> PathBuf {
    super::manifest::manifest_path(cache, target).with_extension("spare")
}

/// What an adopted spare held when it became the staging folder, by path relative to it.
#[derive(Debug, Default)]
pub struct Adopted {
    /// Every entry that is not a folder: files, and links a user may have put there.
    pub files: HashSet<String>,
    /// Every folder.
    pub folders: HashSet<String>,
}

impl Adopted {
    /// Lists what the folder `dir` holds. Gives `None` when it cannot be read whole, so a
    /// spare that is only partly known is not used.
    pub fn list(dir: &Path) -> Option<Adopted> {
        let mut adopted = Adopted::default();
        for entry in walkdir::WalkDir::new(dir).min_depth(1) {
            let entry = entry.ok()?;
            let relative = relative_text(entry.path().strip_prefix(dir).ok()?)?;
            if entry.file_type().is_dir() {
                adopted.folders.insert(relative);
            } else {
                adopted.files.insert(relative);
            }
        }
        Some(adopted)
    }

    /// Removes, from the staging folder `dir`, everything the spare held that the new output
    /// does not: each file not `written`, and each folder no written file is in.
    pub fn prune(&self, dir: &Path, written: &HashSet<&str>) -> std::io::Result<()> {
        let mut kept_folders = HashSet::new();
        for file in written {
            let mut folder = Path::new(file).parent();
            while let Some(inner) = folder.filter(|f| !f.as_os_str().is_empty()) {
                if !kept_folders.insert(inner) {
                    break;
                }
                folder = inner.parent();
            }
        }
        // A folder no written file is in goes whole, with every file of it; the outermost
        // such folders are removed, and what is inside them with them.
        let stale = |path: &str| {
            Path::new(path)
                .ancestors()
                .skip(1)
                .filter(|folder| !folder.as_os_str().is_empty())
                .any(|folder| !kept_folders.contains(folder))
        };
        for folder in &self.folders {
            if !kept_folders.contains(Path::new(folder.as_str())) && !stale(folder) {
                remove_missing_ok(std::fs::remove_dir_all(dir.join(folder)))?;
            }
        }
        for file in &self.files {
            if !written.contains(file.as_str()) && !stale(file) {
                remove_missing_ok(std::fs::remove_file(dir.join(file)))?;
            }
        }
        Ok(())
    }
}

/// A relative path as the record writes it: its parts joined by `/`.
pub fn relative_text(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path.iter().map(|part| part.to_str()).collect();
    Some(parts?.join("/"))
}

/// Treats an entry already gone as removed.
pub fn remove_missing_ok(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Whether two entries are one file on disk (the same device and inode), so a spare's file
/// linked to the output's already holds the output's bytes.
pub fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_leaves_exactly_what_was_written() {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path();
        for file in [
            "index.html",
            "old.html",
            "2024/01/story/index.html",
            "2024/02/gone/index.html",
            "2024/02/gone/photo.jpg",
            "tags/kept/index.html",
            "tags/kept/page/2/index.html",
        ] {
            std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
            std::fs::write(dir.join(file), file).unwrap();
        }
        std::fs::create_dir_all(dir.join("empty/inner")).unwrap();
        let adopted = Adopted::list(dir).unwrap();
        assert!(adopted.files.contains("2024/02/gone/photo.jpg"));
        assert!(adopted.folders.contains("empty/inner"));

        let written: HashSet<&str> = [
            "index.html",
            "2024/01/story/index.html",
            "tags/kept/index.html",
        ]
        .into_iter()
        .collect();
        adopted.prune(dir, &written).unwrap();
        let left = Adopted::list(dir).unwrap();
        let mut files: Vec<&str> = left.files.iter().map(String::as_str).collect();
        files.sort();
        assert_eq!(
            files,
            [
                "2024/01/story/index.html",
                "index.html",
                "tags/kept/index.html"
            ]
        );
        let mut folders: Vec<&str> = left.folders.iter().map(String::as_str).collect();
        folders.sort();
        assert_eq!(
            folders,
            ["2024", "2024/01", "2024/01/story", "tags", "tags/kept"]
        );
    }
}
