//! The site's `static/` folder: images, fonts, `robots.txt` and anything else copied to the
//! output root as it is.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::Staging;

/// The folder, under the site root, copied as it is to the output root.
pub const STATIC_DIR: &str = "static";

/// One file to copy.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it is.
    pub source: PathBuf,
    /// Where it goes, relative to the output root, with `/` separators.
    pub relative: String,
}

/// Lists every file under `static/`, in a stable order. Symbolic links are followed, but one
/// that leads outside the site folder is refused with its path unless `allow_outside_links`
/// is set: a stray link must not publish a private file such as `/etc/passwd`.
pub fn discover(root: &Path, allow_outside_links: bool) -> Result<Vec<StaticFile>> {
    let folder = root.join(STATIC_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let site = root
        .canonicalize()
        .map_err(|e| Error::io("read the site folder", root, e))?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&folder)
        .follow_links(true)
        .sort_by(crate::in_name_order)
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&folder).to_path_buf();
            Error::io(
                "read the static folder",
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a folder loop was found")),
            )
        })?;
        if entry.path_is_symlink() && !allow_outside_links {
            refuse_outside_link(root, &site, entry.path())?;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&folder) else {
            continue;
        };
        let relative = relative
            .iter()
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(StaticFile {
            source: entry.into_path(),
            relative,
        });
    }
    Ok(files)
}

/// Refuses a symbolic link (`link`, under the site folder `root`, whose resolved form is
/// `site`) that leads outside the site folder.
fn refuse_outside_link(root: &Path, site: &Path, link: &Path) -> Result<()> {
    let target = link
        .canonicalize()
        .map_err(|e| Error::io("follow the link", link, e))?;
    if target.starts_with(site) {
        return Ok(());
    }
    let shown = link.strip_prefix(root).unwrap_or(link);
    Err(Error::Usage(format!(
        "{}: this symbolic link leads outside the site folder, to {}; copy the file into {STATIC_DIR}/ instead, or set allow_outside_links = true in {} to publish what it leads to",
        shown.display(),
        target.display(),
        crate::config::CONFIG_FILE
    )))
}

/// The check [`discover`] makes, for one file of `static/` that is copied again without the
/// folder being walked (an edit `newsroom serve` copies over its old copy): a file that is, or
/// lies under, a link leading outside the site folder is refused unless allowed, since the
/// file may have been replaced by such a link since it was discovered.
pub fn check_source(root: &Path, source: &Path, allow_outside_links: bool) -> Result<()> {
    if allow_outside_links {
        return Ok(());
    }
    let site = root
        .canonicalize()
        .map_err(|e| Error::io("read the site folder", root, e))?;
    refuse_outside_link(root, &site, source)
}

/// Copies every file into the staging folder; returns how many.
pub fn copy_all(files: &[StaticFile], staging: &Staging) -> Result<usize> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|file| staging.copy(&file.relative, &file.source))
        .collect::<Result<Vec<()>>>()
        .map(|copied| copied.len())
}
