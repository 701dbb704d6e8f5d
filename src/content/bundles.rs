//! Hugo's page bundles: a folder holding `index.md` is one story, and every other file inside it
//! (Markdown included) belongs to that story as a resource, not a story of its own.
//!
//! Archives migrated from Hugo keep notes, data and templates as `.md` files beside a story's
//! `index.md`; Hugo never publishes them, so newsroom must not either, or they fail the build
//! for lacking front matter.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The Markdown files that are stories: those not inside another story's bundle folder.
/// `content` is the content folder; a bundle is one of its subfolders holding `index.md` (or a
/// translation such as `index.es.md`), so `content/index.md` itself makes no bundle.
/// The stories, and apart from them the Markdown files that are resources of a bundle.
pub fn split_bundle_resources(content: &Path, paths: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let bundles: BTreeSet<&Path> = paths
        .iter()
        .filter(|path| is_bundle_index(path))
        .filter_map(|path| path.parent())
        .filter(|folder| *folder != content)
        .collect();
    if bundles.is_empty() {
        return (paths, Vec::new());
    }
    let (stories, resources) = paths.iter().cloned().partition(|path| {
        // A file belongs to the outermost bundle above it (a bundle holds no other bundle),
        // unless it is that bundle's own index.
        let outermost = path
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(content))
            .filter(|folder| bundles.contains(folder))
            .last();
        match outermost {
            None => true,
            Some(bundle) => Some(bundle) == path.parent() && is_bundle_index(path),
        }
    });
    (stories, resources)
}

/// `index.md`, `index.markdown`, or a translation such as `index.es.md`.
fn is_bundle_index(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    name.strip_prefix("index.")
        .is_some_and(|rest| rest.ends_with("md") || rest.ends_with("markdown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(paths: &[&str]) -> Vec<String> {
        let paths = paths.iter().map(PathBuf::from).collect();
        split_bundle_resources(Path::new("content"), paths)
            .0
            .iter()
            .map(|path| path.display().to_string())
            .collect()
    }

    #[test]
    fn markdown_beside_a_bundle_index_is_a_resource() {
        let kept = kept(&[
            "content/blog/2021-story/index.md",
            "content/blog/2021-story/notes.md",
            "content/blog/2021-story/data/table.md",
            "content/blog/2022-translated/index.es.md",
            "content/blog/2022-translated/index.md",
            "content/blog/2022-translated/template.fr.md",
            "content/blog/plain-story.md",
            "content/index.md",
            "content/world/_index.md",
            "content/world/story.md",
        ]);
        assert_eq!(
            kept,
            [
                "content/blog/2021-story/index.md",
                "content/blog/2022-translated/index.es.md",
                "content/blog/2022-translated/index.md",
                "content/blog/plain-story.md",
                "content/index.md",
                "content/world/_index.md",
                "content/world/story.md",
            ]
        );
    }

    #[test]
    fn a_bundle_inside_a_bundle_is_a_resource_too() {
        let kept = kept(&[
            "content/a/index.md",
            "content/a/b/index.md",
            "content/a/b/c.md",
        ]);
        assert_eq!(kept, ["content/a/index.md"]);
    }
}
