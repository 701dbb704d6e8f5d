//! Finding and reading the articles under `content/`.
//!
//! Discovery walks the folder in a stable (sorted) order; parsing runs on every core and
//! keeps that order, so two builds of the same input give the same site.

mod article;
mod bundles;
mod dates;
mod front_matter;
mod highlight;
pub mod lead_image;
mod markdown;
pub mod memo;
mod migration;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use article::{Article, Body, Correction, FieldLines, Reading};
pub use lead_image::LeadImage;
pub use markdown::{BodyOptions, Heading, RenderedBody, render_body, render_fragment};

pub use markdown::HeadingIds;

use crate::config::Config;
use crate::error::{ContentError, ContentErrorKind, Error, Result};

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
///
/// Symbolic links are followed, to files and to folders, so a story linked in from elsewhere
/// is built like any other; a link to an article that leads nowhere, or a folder link that
/// leads back into itself, is refused with its path rather than dropped. Beside the files it
/// gives notes for the editor on files it found but does not read as stories (the Markdown
/// resources of Hugo page bundles), so that nothing is left out unsaid.
pub fn discover(root: &Path) -> Result<(Vec<SourceFile>, Vec<String>)> {
    let mut folders = vec![root.join(CONTENT_DIR)];
    folders.extend(jekyll_folders(root));
    let mut paths = Vec::new();
    let mut refused = Vec::new();
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    for folder in folders.iter().filter(|folder| folder.is_dir()) {
        let walk = WalkDir::new(folder)
            .follow_links(true)
            .sort_by(crate::in_name_order)
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(folder).to_path_buf();
                    if error.loop_ancestor().is_some() {
                        refused.push(ContentError::new(
                            ContentErrorKind::BrokenLink,
                            &shown(&path),
                            None,
                            "this folder link leads back to a folder it is in, so its articles would be read forever; remove the link or point it elsewhere".to_string(),
                        ));
                        continue;
                    }
                    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
                    if is_link {
                        if is_markdown(&path) {
                            let target = std::fs::read_link(&path)
                                .map(|target| target.display().to_string())
                                .unwrap_or_default();
                            refused.push(ContentError::new(
                                ContentErrorKind::BrokenLink,
                                &shown(&path),
                                None,
                                format!("this article is a link to \"{target}\", which does not exist or cannot be read; fix the link or delete it"),
                            ));
                        }
                        // A broken link to anything else (an image) is no article to lose.
                        continue;
                    }
                    let io = error
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("a folder loop was found"));
                    return Err(Error::io("read the content folder", &path, io));
                }
            };
            if entry.file_type().is_file() && is_markdown(entry.path()) {
                paths.push(entry.into_path());
            }
        }
    }
    let (paths, resources) = bundles::split_bundle_resources(&root.join(CONTENT_DIR), paths);
    let mut notes = Vec::new();
    if !resources.is_empty() {
        let named: Vec<PathBuf> = resources.iter().map(|path| shown(path)).collect();
        notes.push(format!(
            "{} in a story's folder beside its index.md, so, as in Hugo's page bundles, {} to that story and {} not published as {}: {}",
            match resources.len() {
                1 => "1 Markdown file sits".to_string(),
                n => format!("{n} Markdown files sit"),
            },
            if resources.len() == 1 { "it belongs" } else { "they belong" },
            if resources.len() == 1 { "is" } else { "are" },
            if resources.len() == 1 { "a story" } else { "stories" },
            first_few(&named)
        ));
    }
    if !refused.is_empty() {
        return Err(Error::Content(refused));
    }
    let files: Result<Vec<SourceFile>> = paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            Ok(SourceFile {
                path: shown(&path),
                bytes,
            })
        })
        .collect();
    Ok((files?, notes))
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
        .follow_links(true)
        .max_depth(2)
        .sort_by(crate::in_name_order)
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
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub articles: Vec<Article>,
    pub section_pages: Vec<SectionPage>,
    /// Things worth telling the editor that do not stop the build.
    pub warnings: Vec<String>,
    /// The memo of these articles, for the next build to read instead of parsing them.
    pub memo: memo::Next,
}

/// The file that describes a section (Zola's and Hugo's), not an article.
pub const SECTION_FILE: &str = "_index.md";

/// Parses every file, in parallel. Returns all articles, or every problem of every file.
pub fn parse(files: Vec<SourceFile>, config: &Config) -> Result<Content> {
    match parse_all(files, config, &memo::Memo::default()) {
        (content, problems) if problems.is_empty() => Ok(content),
        (_, problems) => Err(Error::Content(problems)),
    }
}

/// Parses every file, in parallel: every article that reads, and every problem of the files
/// that do not (a file with problems gives no article), for a build that publishes the rest.
/// Each file's bytes are freed once it is parsed, so a large site's sources and articles are
/// not all held at once. A file the last build read with the same bytes and settings is not
/// parsed: its article is taken from `memo`.
pub fn parse_all(
    files: Vec<SourceFile>,
    config: &Config,
    memo: &memo::Memo,
) -> (Content, Vec<ContentError>) {
    let reading = Reading::of(config);
    let read: Vec<Read> = files
        .into_par_iter()
        .map(|file| {
            let key = memo::key(&reading, &file);
            if let Some((article, warnings, record)) = memo.find(&key, &file) {
                return Read {
                    parsed: Ok(Parsed::Article(Box::new(article), warnings)),
                    path: file.path,
                    record: Some((key, record)),
                    found: true,
                };
            }
            let parsed = parse_file(&file, &reading);
            let record = match &parsed {
                Ok(Parsed::Article(article, warnings)) => memo::record(article, warnings, &file),
                _ => None,
            };
            Read {
                parsed,
                path: file.path,
                record: record.map(|record| (key, record)),
                found: false,
            }
        })
        .collect();
    let mut content = Content::default();
    let found = read.iter().filter(|read| read.found).count();
    let parsed_anew = read.iter().any(|read| read.record.is_some() && !read.found);
    content.memo.stale = parsed_anew || found != memo.len();
    let mut problems = Vec::new();
    let mut headless = Vec::new();
    for Read {
        path,
        parsed,
        record,
        ..
    } in read
    {
        content.memo.records.extend(record);
        match parsed {
            Ok(Parsed::Headless) => headless.push(path.display().to_string()),
            Ok(Parsed::Article(article, mut warnings)) => {
                content.warnings.append(&mut warnings);
                content.articles.push(*article);
            }
            Ok(Parsed::Section(Some(page))) => content.section_pages.push(page),
            Ok(Parsed::Section(None)) => {}
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    if !headless.is_empty() {
        content.warnings.push(format!(
            "{} `headless: true`, so {} not published, as in Hugo: {}",
            match headless.len() {
                1 => "1 article is marked".to_string(),
                n => format!("{n} articles are marked"),
            },
            if headless.len() == 1 {
                "it is"
            } else {
                "they are"
            },
            headless.join(", ")
        ));
    }
    (content, problems)
}

/// Where an article's Markdown body starts in its text, as a byte offset, so a tool that
/// reads the body (`newsroom check`) can name the file's own lines; `None` when the text has
/// no front matter to cut.
pub fn body_offset(text: &str) -> Option<usize> {
    let body = front_matter::split(text).ok()?.body;
    let offset = (body.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + body.len() <= text.len()).then_some(offset)
}

/// The first three of `paths`, and "..." when there are more: enough for the editor to find
/// the files a warning is about without a screenful of names.
fn first_few(paths: &[impl AsRef<Path>]) -> String {
    let mut named: Vec<String> = paths
        .iter()
        .take(3)
        .map(|path| path.as_ref().display().to_string())
        .collect();
    if paths.len() > 3 {
        named.push("...".to_string());
    }
    named.join(", ")
}

/// One file, read: parsed, or found in the memo.
struct Read {
    path: PathBuf,
    parsed: std::result::Result<Parsed, Vec<ContentError>>,
    /// Its record for the next build's memo, when it is kept.
    record: Option<([u8; 32], memo::Record)>,
    /// It was found in the memo.
    found: bool,
}

/// What one file turned out to be.
enum Parsed {
    /// An article, with its warnings.
    Article(Box<Article>, Vec<String>),
    /// A section's own file; `None` for the home page's (`content/_index.md`).
    Section(Option<SectionPage>),
    /// A Hugo headless bundle (`headless: true`): material for other pages, never published,
    /// so it needs no title or date.
    Headless,
}

fn parse_file(
    file: &SourceFile,
    config: &Reading,
) -> std::result::Result<Parsed, Vec<ContentError>> {
    if file
        .path
        .file_name()
        .is_some_and(|name| name == SECTION_FILE)
    {
        return article::parse_section_page(&file.path, &file.bytes).map(Parsed::Section);
    }
    article::parse_article(&file.path, &file.bytes, config)
}
