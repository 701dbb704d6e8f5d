//! What a build changed, said in URLs: the change list every build writes into the build
//! cache (`changes.json`, never into the public output), and the purge list made from it for
//! a CDN (`purge.txt`). `newsroom ping` reads the change list to tell search engines and a
//! WebSub hub what changed.
//!
//! The change list is made from the record of the files each build wrote (see
//! [`crate::output::manifest`]), so it names exactly the files whose bytes changed: a story
//! edited, the lists and feeds that show it, and nothing a build rewrote byte for byte.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::manifest::{Changes, write_whole};

/// The change list's file name in the build cache.
pub const CHANGES_FILE: &str = "changes.json";
/// The purge list's file name in the build cache: every changed URL, one a line.
pub const PURGE_FILE: &str = "purge.txt";

/// The change list as written to `changes.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeList {
    /// When the build ran, in RFC 3339.
    pub built_at: String,
    /// The site's base URL that the URLs below start with (empty when it has none).
    pub base_url: String,
    /// Whether there was no output before the build, so every file counts as added.
    pub first_build: bool,
    /// URLs of files the last build did not have.
    pub added: Vec<String>,
    /// URLs of files whose bytes changed.
    pub updated: Vec<String>,
    /// URLs of files the last build had and this one does not.
    pub deleted: Vec<String>,
}

impl ChangeList {
    /// The change list of `changes`, in the URLs of `config`'s site.
    pub fn new(changes: &Changes, first_build: bool, config: &Config, built_at: String) -> Self {
        let urls = |files: &[String]| -> Vec<String> {
            files
                .iter()
                .map(|file| config.url_for(&url_path(file)))
                .collect()
        };
        ChangeList {
            built_at,
            base_url: config.base_url.clone(),
            first_build,
            added: urls(&changes.added),
            updated: urls(&changes.updated),
            deleted: urls(&changes.deleted),
        }
    }

    /// Every URL that changed, added ones first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.added.iter().chain(&self.updated).chain(&self.deleted)
    }

    /// Writes the change list and the purge list into the cache folder `cache`.
    pub fn write(&self, cache: &Path) -> Result<()> {
        let path = cache.join(CHANGES_FILE);
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| Error::io("write", &path, e.into()))?;
        text.push('\n');
        write_whole(&path, text.as_bytes())?;
        let mut purge = String::new();
        for url in self.updated.iter().chain(&self.deleted).chain(&self.added) {
            purge.push_str(url);
            purge.push('\n');
        }
        write_whole(&cache.join(PURGE_FILE), purge.as_bytes())
    }

    /// Reads the change list the last build wrote into `cache`.
    pub fn read(cache: &Path) -> Result<ChangeList> {
        let path = cache.join(CHANGES_FILE);
        let text = std::fs::read(&path).map_err(|e| Error::io("read the change list", &path, e))?;
        serde_json::from_slice(&text).map_err(|e| {
            Error::Usage(format!(
                "{}: the change list does not read ({e}); run `newsroom build` to write it again",
                path.display()
            ))
        })
    }
}

/// The URL path a file of the output is served at: a folder's `index.html` is served as the
/// folder.
pub fn url_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{file}"),
    }
}

/// The build cache folder of the site at `root`.
pub fn cache_dir(root: &Path, config: &Config) -> PathBuf {
    root.join(&config.cache)
}

/// How many files a build added, updated and deleted, for its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeCounts {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
}

impl From<&Changes> for ChangeCounts {
    fn from(changes: &Changes) -> Self {
        ChangeCounts {
            added: changes.added.len(),
            updated: changes.updated.len(),
            deleted: changes.deleted.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_served_at_their_folders() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("2023/10/29/a/index.html"), "/2023/10/29/a/");
        assert_eq!(url_path("atom.xml"), "/atom.xml");
        assert_eq!(url_path("tags/x/rss.xml"), "/tags/x/rss.xml");
        assert_eq!(url_path("notindex.html"), "/notindex.html");
    }
}
