//! Which folders a build may never replace, decided before anything is read or written.
//!
//! A build replaces its output folder as a whole, so an `--output` that is the site itself,
//! one of its source folders, the editor's home folder or `/` would delete what no build can
//! make again. Paths are compared after resolving them the way the system will when the build
//! writes: `..` undoes the folder before it and every symbolic link is followed, so neither
//! `site/missing/../content` nor a link to `content/` slips past the check.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The site's own source folders, refused as an output whether or not they exist yet.
const NEWSROOM_SOURCES: &[&str] = &["content", "templates", "static", "data"];

/// Source folders of the tools a site may have been migrated from (Jekyll, Hugo), and its
/// version control, refused as an output when the site has them.
const MIGRATED_SOURCES: &[&str] = &[
    "_posts",
    "_drafts",
    "_layouts",
    "_includes",
    "_data",
    "_sass",
    "layouts",
    "archetypes",
    "assets",
    "themes",
    "i18n",
    ".git",
];

/// How many symbolic links one path may pass through before it is taken for a loop (the
/// limit Linux itself uses).
const MAX_LINKS: usize = 40;

/// Refuses an output folder whose replacement would destroy what no build can make again: `/`,
/// the home folder or a folder above it, the site folder or a folder above it, and any of the
/// site's source folders, a folder inside one or a folder holding one. A file in the way is
/// refused too, before the build reads a single article. Gives the output folder resolved.
pub fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<PathBuf> {
    let resolved_root = resolve(root).map_err(|e| Error::io("find the site folder", root, e))?;
    let resolved = resolve(output).map_err(|e| Error::io("find the output folder", output, e))?;
    let shown = shown(output, &resolved);
    let instead = resolved_root.join("public");
    let refuse = |why: String| {
        Error::Usage(format!(
            "{shown}: refusing to build into {why}; choose a separate folder such as {}",
            instead.display()
        ))
    };
    if resolved.parent().is_none() {
        return Err(refuse(
            "the root of the file system, because replacing it would delete everything on this machine"
                .to_string(),
        ));
    }
    if let Some(home) = home_folder() {
        if resolved == home {
            return Err(refuse(
                "your home folder, because replacing it would delete everything in it".to_string(),
            ));
        }
        if home.starts_with(&resolved) {
            return Err(refuse(format!(
                "this folder, because it holds your home folder {} and replacing it would delete everything in that",
                home.display()
            )));
        }
    }
    let own_files =
        "this folder, because replacing it would delete the site's own files".to_string();
    if resolved_root.starts_with(&resolved) {
        return Err(refuse(own_files));
    }
    for source in source_folders(root) {
        let source = resolve(&source).unwrap_or(source);
        if resolved.starts_with(&source) || source.starts_with(&resolved) {
            return Err(refuse(own_files));
        }
    }
    if let Ok(meta) = std::fs::metadata(&resolved)
        && !meta.is_dir()
    {
        return Err(Error::Usage(format!(
            "{shown}: the output path is a file, not a folder; remove it or choose another --output"
        )));
    }
    Ok(resolved)
}

/// The folders of the site at `root` that an output may not touch.
fn source_folders(root: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = NEWSROOM_SOURCES
        .iter()
        .map(|name| root.join(name))
        .collect();
    folders.extend(
        MIGRATED_SOURCES
            .iter()
            .map(|name| root.join(name))
            .filter(|folder| std::fs::symlink_metadata(folder).is_ok()),
    );
    // Jekyll's post folders may sit inside a category folder (`news/_posts/`).
    folders.extend(crate::content::jekyll_folders(root));
    folders
}

/// The editor's home folder, resolved, when the environment names one.
fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .or_else(|| std::env::var_os("USERPROFILE").filter(|home| !home.is_empty()))?;
    resolve(Path::new(&home)).ok()
}

/// The output path as the editor gave it, followed by what it resolves to when that is not
/// plain from the path itself (a `..` or a symbolic link on the way).
fn shown(given: &Path, resolved: &Path) -> String {
    if std::path::absolute(given).is_ok_and(|absolute| absolute == resolved) {
        given.display().to_string()
    } else {
        format!("{} (which is {})", given.display(), resolved.display())
    }
}

/// One step of a path being resolved.
enum Step {
    /// `/`, or a Windows drive with its root.
    Root(PathBuf),
    Up,
    Name(OsString),
}

/// The steps of `path`: its root first when it has one (`/`, or a Windows drive with its
/// root), then each name and `..`.
fn steps(path: &Path) -> Vec<Step> {
    let root = path
        .ancestors()
        .last()
        .filter(|root| !root.as_os_str().is_empty())
        .map(|root| Step::Root(root.to_path_buf()));
    let rest = path.components().filter_map(|component| match component {
        Component::Prefix(_) | Component::RootDir | Component::CurDir => None,
        Component::ParentDir => Some(Step::Up),
        Component::Normal(name) => Some(Step::Name(name.to_os_string())),
    });
    root.into_iter().chain(rest).collect()
}

/// The absolute path `path` names, as the system will see it when the build writes there:
/// every symbolic link on the way is followed, and a `..` undoes the folder before it (a
/// folder that does not exist yet is one the build would create, so `missing/..` is where it
/// started).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut pending: VecDeque<Step> = steps(&absolute).into();
    let mut resolved = PathBuf::new();
    let mut links = 0;
    while let Some(step) = pending.pop_front() {
        match step {
            Step::Root(root) => resolved = root,
            Step::Up => {
                resolved.pop();
            }
            Step::Name(name) => {
                resolved.push(&name);
                let is_link = std::fs::symlink_metadata(&resolved)
                    .is_ok_and(|meta| meta.file_type().is_symlink());
                if is_link {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(std::io::Error::other(
                            "the path goes through a loop of symbolic links",
                        ));
                    }
                    let target = std::fs::read_link(&resolved)?;
                    resolved.pop();
                    for step in steps(&target).into_iter().rev() {
                        pending.push_front(step);
                    }
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folders_and_dots_resolve_as_the_system_will_create_them() {
        let folder = tempfile::tempdir().unwrap();
        let base = folder.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("site")).unwrap();
        assert_eq!(
            resolve(&base.join("site/missing/../content")).unwrap(),
            base.join("site/content")
        );
        assert_eq!(
            resolve(&base.join("out/../out/./x")).unwrap(),
            base.join("out/x")
        );
        assert_eq!(resolve(Path::new("/../..")).unwrap(), PathBuf::from("/"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_even_before_a_dot_dot() {
        let folder = tempfile::tempdir().unwrap();
        let base = folder.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("site/content/deep")).unwrap();
        std::os::unix::fs::symlink(base.join("site/content/deep"), base.join("link")).unwrap();
        std::os::unix::fs::symlink("site/content", base.join("relative")).unwrap();
        // `link/..` is the link's target's parent, not `base`.
        assert_eq!(
            resolve(&base.join("link/..")).unwrap(),
            base.join("site/content")
        );
        assert_eq!(
            resolve(&base.join("relative/new")).unwrap(),
            base.join("site/content/new")
        );
        std::os::unix::fs::symlink(base.join("loop"), base.join("loop")).unwrap();
        assert!(resolve(&base.join("loop")).is_err());
    }

    #[test]
    fn sources_inside_or_around_the_output_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("layouts")).unwrap();
        for refused in [
            "",
            "content",
            "content/2023",
            "data",
            "templates",
            "static",
            "layouts",
            "x/../content",
        ] {
            let output = root.join(refused);
            assert!(
                refuse_dangerous_output(&root, &output).is_err(),
                "{refused:?} was let through"
            );
        }
        // Hugo's folders are refused only when the site has them.
        for allowed in ["public", "docs", "archetypes", "content-backup"] {
            let output = root.join(allowed);
            assert_eq!(
                refuse_dangerous_output(&root, &output).unwrap(),
                output,
                "{allowed:?}"
            );
        }
    }
}
