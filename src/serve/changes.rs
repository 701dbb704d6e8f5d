//! Sorting the watcher's changed paths by what they call for: an edited article can be
//! re-rendered on its own and an edited static file copied on its own, while a change to the
//! templates or the author profiles reaches every page and calls for rendering them all again
//! (with the articles already read), and a change to the config for a whole build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;

/// The folders of a site whose changes call for a rebuild; `newsroom.toml` is watched too.
pub(super) const SOURCE_FOLDERS: &[&str] = &["content", "templates", "static", "data"];

/// What a burst of changes calls for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Rebuild {
    /// Nothing the site is made from changed (an editor's scratch file, a file beside the
    /// config).
    Nothing,
    /// Only paths among the articles changed (files, or folders of them); relative to the
    /// site folder.
    Articles(BTreeSet<PathBuf>),
    /// Only files under `static/` changed; their paths, relative to the site folder.
    StaticFiles(BTreeSet<PathBuf>),
    /// Templates or author profiles changed, and perhaps articles: every page is rendered
    /// again, but only changed articles are read again.
    ThemeOrProfiles,
    /// Something every page may draw on changed.
    Everything,
}

/// Sorts the changed paths of one burst.
pub(super) fn sort_changes<'a>(root: &Path, paths: impl IntoIterator<Item = &'a Path>) -> Rebuild {
    let mut articles = BTreeSet::new();
    let mut static_files = BTreeSet::new();
    let mut theme_or_profiles = false;
    for path in paths {
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        match source_kind(relative) {
            Some(SourceKind::Article) => {
                articles.insert(relative.to_path_buf());
            }
            Some(SourceKind::Static) => {
                static_files.insert(relative.to_path_buf());
            }
            Some(SourceKind::ThemeOrProfiles) => theme_or_profiles = true,
            Some(SourceKind::SiteWide) => return Rebuild::Everything,
            None => {}
        }
    }
    match (
        theme_or_profiles,
        articles.is_empty(),
        static_files.is_empty(),
    ) {
        (false, true, true) => Rebuild::Nothing,
        (false, false, true) => Rebuild::Articles(articles),
        (false, true, false) => Rebuild::StaticFiles(static_files),
        (true, true, true) => Rebuild::ThemeOrProfiles,
        _ => Rebuild::Everything,
    }
}

enum SourceKind {
    /// A path under `content/` or a Jekyll `_posts/` or `_drafts/` folder.
    Article,
    /// A file under `static/`, copied as it is.
    Static,
    /// A template, or `data/` (the author profiles).
    ThemeOrProfiles,
    /// The config, a template, the profiles, or any other file the site is read from.
    SiteWide,
}

/// What a path relative to the site folder is to the site; `None` when it is not part of
/// its sources (the output, version control, an editor's scratch file).
fn source_kind(relative: &Path) -> Option<SourceKind> {
    let parts: Vec<&str> = relative.iter().filter_map(|part| part.to_str()).collect();
    let (file, folders) = parts.split_last()?;
    let scratch = file.starts_with('.') || file.ends_with('~') || file.ends_with(".swp");
    let ignored_folder = |name: &&str| {
        name.starts_with('.') || matches!(*name, "public" | "target" | "_site" | "node_modules")
    };
    if scratch || folders.iter().any(ignored_folder) {
        return None;
    }
    let in_articles = folders.first() == Some(&crate::content::CONTENT_DIR)
        || folders.iter().any(|f| matches!(*f, "_posts" | "_drafts"));
    match folders.first() {
        None if *file == CONFIG_FILE => Some(SourceKind::SiteWide),
        // A source folder made or removed as a whole.
        None if SOURCE_FOLDERS.contains(file) => Some(SourceKind::SiteWide),
        // Other files beside the config (a README, a licence) are not read.
        None => None,
        Some(&crate::statics::STATIC_DIR) => Some(SourceKind::Static),
        Some(&"templates" | &"data") => Some(SourceKind::ThemeOrProfiles),
        // A section's own page feeds its section's pages and the masthead.
        Some(_) if in_articles && *file == crate::content::SECTION_FILE => {
            Some(SourceKind::SiteWide)
        }
        // An article; or another path among them, which may be a folder of articles made,
        // moved or removed as a whole, or a file the build does not read (an image, an
        // editor's test file). Only the articles read so far tell which.
        Some(_) if in_articles => Some(SourceKind::Article),
        Some(_) => Some(SourceKind::SiteWide),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(paths: &[&str]) -> Rebuild {
        let root = Path::new("/site");
        let full: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        sort_changes(root, full.iter().map(PathBuf::as_path))
    }

    #[test]
    fn article_edits_are_told_apart_from_site_wide_changes() {
        assert_eq!(
            sorted(&["content/2023/a.md", "_posts/2023-01-02-b.markdown"]),
            Rebuild::Articles(
                ["content/2023/a.md", "_posts/2023-01-02-b.markdown"]
                    .iter()
                    .map(PathBuf::from)
                    .collect()
            )
        );
        for theme in ["templates/base.html", "data/authors.toml"] {
            assert_eq!(sorted(&[theme]), Rebuild::ThemeOrProfiles, "{theme}");
            assert_eq!(sorted(&[theme, "content/a.md"]), Rebuild::Everything);
        }
        for site_wide in ["newsroom.toml", "content/world/_index.md", "templates"] {
            assert_eq!(
                sorted(&["content/a.md", site_wide]),
                Rebuild::Everything,
                "{site_wide}"
            );
        }
    }

    #[test]
    fn static_files_are_told_apart_too() {
        assert_eq!(
            sorted(&["static/site.css"]),
            Rebuild::StaticFiles(["static/site.css"].iter().map(PathBuf::from).collect())
        );
        assert_eq!(
            sorted(&["static/site.css", "content/a.md"]),
            Rebuild::Everything
        );
    }

    #[test]
    fn other_paths_among_the_articles_count_as_theirs() {
        // A folder of articles, an image, an editor's test file: the articles tell which.
        assert_eq!(
            sorted(&["content/world", "content/images/map.png", "content/4913"]),
            Rebuild::Articles(
                ["content/world", "content/images/map.png", "content/4913"]
                    .iter()
                    .map(PathBuf::from)
                    .collect()
            )
        );
    }

    #[test]
    fn output_scratch_and_outside_files_are_ignored() {
        assert_eq!(
            sorted(&[
                "public/index.html",
                ".git/index",
                "content/.a.md.swp",
                "content/a.md~",
                "README.md",
                "../elsewhere/a.md",
            ]),
            Rebuild::Nothing
        );
    }
}
