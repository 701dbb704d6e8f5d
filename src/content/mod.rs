//! Finding and reading the articles under `content/`.
//!
//! Discovery walks the folder in a stable (sorted) order; parsing runs on every core and
//! keeps that order, so two builds of the same input give the same site.

mod article;
mod dates;
mod front_matter;
mod markdown;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use article::{Article, Correction};
pub use markdown::{Heading, render_fragment};

use crate::config::Config;
use crate::error::{ContentError, Error, Result};

/// The folder, under the site root, that holds the articles.
pub const CONTENT_DIR: &str = "content";

/// One Markdown file as found on disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the site root, as shown in messages (`content/2023/story.md`).
    pub path: PathBuf,
    /// The raw bytes; UTF-8 is checked when parsing, so that error is reported with the rest.
    pub bytes: Vec<u8>,
}

/// Lists and reads every `*.md` file under `content/`, skipping hidden files and folders.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>> {
    let folder = root.join(CONTENT_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    let walk = WalkDir::new(&folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walk {
        let entry = entry.map_err(|error| {
            let path = error.path().unwrap_or(&folder).to_path_buf();
            let io = error
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("a folder loop was found"));
            Error::io("read the content folder", &path, io)
        })?;
        let is_markdown = entry.path().extension().is_some_and(|ext| ext == "md");
        if entry.file_type().is_file() && is_markdown {
            paths.push(entry.into_path());
        }
    }
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            Ok(SourceFile {
                path: relative,
                bytes,
            })
        })
        .collect()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// A section described by a file of its own (Zola's `content/<section>/_index.md`) rather than
/// by the articles filed in it.
#[derive(Debug, Clone)]
pub struct SectionPage {
    /// The section's name: its folder's name.
    pub name: String,
    /// The title the section's front page shows.
    pub title: Option<String>,
    /// A description of the section, as plain text.
    pub description: Option<String>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub articles: Vec<Article>,
    pub section_pages: Vec<SectionPage>,
    /// Things worth telling the editor that do not stop the build.
    pub warnings: Vec<String>,
}

/// Parses every file, in parallel. Returns all articles, or every problem of every file.
pub fn parse(files: &[SourceFile], config: &Config) -> Result<Content> {
    let results: Vec<std::result::Result<Article, Vec<ContentError>>> = files
        .par_iter()
        .map(|file| article::parse_article(&file.path, &file.bytes, config))
        .collect();
    let mut articles = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(article) => articles.push(article),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    if problems.is_empty() {
        Ok(Content {
            articles,
            ..Content::default()
        })
    } else {
        Err(Error::Content(problems))
    }
}
