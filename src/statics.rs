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

/// Lists every file under `static/`, in a stable order.
pub fn discover(root: &Path) -> Result<Vec<StaticFile>> {
    let folder = root.join(STATIC_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&folder)
        .follow_links(true)
        .sort_by_file_name()
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

/// Copies every file into the staging folder; returns how many.
pub fn copy_all(files: &[StaticFile], staging: &Staging) -> Result<usize> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|file| staging.copy(&file.relative, &file.source))
        .collect::<Result<Vec<()>>>()
        .map(|copied| copied.len())
}
