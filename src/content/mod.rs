//! Finding and reading the articles under `content/`.
//!
//! Discovery walks the folder in a stable (sorted) order; parsing runs on every core and
//! keeps that order, so two builds of the same input give the same site.

mod article;
mod dates;
mod front_matter;
mod markdown;
mod migration;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use article::{Article, Correction};
pub use markdown::{Heading, render_fragment};
use migration::{ForeignCode, foreign_code};

pub use markdown::HeadingIds;

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

/// Lists and reads every article file: `*.md` (and `*.markdown`) under `content/`, and under
/// a Jekyll site's `_posts/` and `_drafts/` folders; hidden files and folders are skipped.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>> {
    let mut folders = vec![root.join(CONTENT_DIR)];
    folders.extend(jekyll_folders(root));
    let mut paths = Vec::new();
    for folder in folders.iter().filter(|folder| folder.is_dir()) {
        let walk = WalkDir::new(folder)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            let entry = entry.map_err(|error| {
                let path = error.path().unwrap_or(folder).to_path_buf();
                let io = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a folder loop was found"));
                Error::io("read the content folder", &path, io)
            })?;
            if entry.file_type().is_file() && is_markdown(entry.path()) {
                paths.push(entry.into_path());
            }
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

/// Jekyll's post folders: `_posts/` and `_drafts/` at the site root, or inside a category
/// folder (`news/_posts/`).
pub fn jekyll_folders(root: &Path) -> Vec<PathBuf> {
    let skip = [
        CONTENT_DIR,
        "_site",
        "node_modules",
        "public",
        "templates",
        "static",
    ];
    WalkDir::new(root)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !(is_hidden(entry.file_name()) || skip.contains(&name.as_ref()))
        })
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_dir())
        .filter(|entry| matches!(entry.file_name().to_str(), Some("_posts" | "_drafts")))
        .map(|entry| entry.into_path())
        .collect()
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "md" || ext == "markdown")
}

/// Whether a path (relative to the site folder, inside an article folder) is one that
/// [`discover`] reads: a Markdown file, in no hidden folder.
pub fn is_article_file(relative: &Path) -> bool {
    is_markdown(relative) && !relative.iter().any(is_hidden)
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

/// The file that describes a section (Zola's and Hugo's), not an article.
pub const SECTION_FILE: &str = "_index.md";

/// Parses every file, in parallel. Returns all articles, or every problem of every file.
pub fn parse(files: &[SourceFile], config: &Config) -> Result<Content> {
    let results: Vec<std::result::Result<Parsed, Vec<ContentError>>> = files
        .par_iter()
        .map(|file| parse_file(file, config))
        .collect();
    let mut content = Content::default();
    let mut problems = Vec::new();
    let mut foreign: Vec<(ForeignCode, Vec<&Path>)> = Vec::new();
    for (result, file) in results.into_iter().zip(files) {
        match result {
            Ok(Parsed::Article(article)) => {
                let body = String::from_utf8_lossy(&file.bytes);
                for kind in foreign_code(&body) {
                    match foreign.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, paths)) => paths.push(&file.path),
                        None => foreign.push((kind, vec![&file.path])),
                    }
                }
                content.articles.push(*article);
            }
            Ok(Parsed::Section(Some(page))) => content.section_pages.push(page),
            Ok(Parsed::Section(None)) => {}
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    for (kind, paths) in foreign {
        let named: Vec<String> = paths
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = if paths.len() > 3 { ", ..." } else { "" };
        let count = match paths.len() {
            1 => "1 article contains".to_string(),
            n => format!("{n} articles contain"),
        };
        content.warnings.push(format!(
            "{count} {}, left as text because newsroom does not run them: {}{more}",
            kind.describe(),
            named.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(Error::Content(problems))
    }
}

/// What one file turned out to be.
enum Parsed {
    Article(Box<Article>),
    /// A section's own file; `None` for the home page's (`content/_index.md`).
    Section(Option<SectionPage>),
}

fn parse_file(
    file: &SourceFile,
    config: &Config,
) -> std::result::Result<Parsed, Vec<ContentError>> {
    if file
        .path
        .file_name()
        .is_some_and(|name| name == SECTION_FILE)
    {
        return article::parse_section_page(&file.path, &file.bytes).map(Parsed::Section);
    }
    article::parse_article(&file.path, &file.bytes, config).map(|a| Parsed::Article(Box::new(a)))
}
