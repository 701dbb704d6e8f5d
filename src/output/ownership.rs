//! Whether newsroom made the folder it is about to replace.
//!
//! A build replaces its output folder as a whole, so a folder that holds anything newsroom
//! did not write is replaced only with `--force`. What newsroom made is recorded beside the
//! output, not inside it: everything inside is deployed by `rsync` or a CDN upload, and a
//! record there would be published with the site. The record `.newsroom.NAME` (for an output
//! folder `NAME`) names the folder by its identity on disk (device, inode and creation time),
//! so a folder put in its place later, even under the same name, is not taken for newsroom's.
//!
//! An output folder made before the record existed is taken for newsroom's when it holds
//! nothing but files this build writes too, among them the home page and the stylesheet:
//! replacing it then loses nothing a build does not make again.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The identity of a folder on disk, which stays with it when it is renamed and is not taken
/// by a folder made later in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity(String);

impl Identity {
    /// The identity of the folder at `path`.
    pub fn of(path: &Path) -> std::io::Result<Identity> {
        let meta = std::fs::symlink_metadata(path)?;
        let born = meta
            .created()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or_else(|| "-".to_string(), |age| age.as_nanos().to_string());
        #[cfg(unix)]
        let place = {
            use std::os::unix::fs::MetadataExt;
            format!("{} {}", meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let place = "- -".to_string();
        Ok(Identity(format!("{place} {born}")))
    }
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where the record of the output folder `target` is kept: beside it (`.newsroom.public` for
/// `public`).
pub fn record_path(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!(".newsroom.{name}"))
}

/// The prefix of a record being written, followed by the writer's process id.
pub fn record_draft_prefix(name: &str) -> String {
    format!(".newsroom.{name}.new-")
}

/// Records that the folders with these identities, at `target`, were made by newsroom. The
/// record is written whole to a draft and renamed over the last one, so a build killed while
/// writing it leaves the last record as it was.
pub fn record(target: &Path, folders: &[Identity]) -> Result<()> {
    let path = record_path(target);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let draft = path.with_file_name(format!(
        "{}{}",
        record_draft_prefix(&name),
        std::process::id()
    ));
    let mut text = format!(
        "# newsroom build made the folder \"{name}\" beside this file, so the next build may replace it.\n\
         # It is kept outside the folder so that it is never deployed with the site. Delete it,\n\
         # and newsroom asks for --force before replacing the folder again.\n"
    );
    for folder in folders {
        text.push_str(&folder.0);
        text.push('\n');
    }
    std::fs::write(&draft, text).map_err(|e| Error::io("write", &draft, e))?;
    std::fs::rename(&draft, &path).map_err(|e| {
        let _ = std::fs::remove_file(&draft);
        Error::io("write", &path, e)
    })
}

/// The identities the record of `target` names.
fn recorded(target: &Path) -> Vec<Identity> {
    std::fs::read_to_string(record_path(target))
        .map(|text| {
            text.lines()
                .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
                .map(|line| Identity(line.trim().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// What a build may do with the folder already at its output path.
pub struct Replacing<'a> {
    /// Replace it whoever made it (`--force`).
    pub force: bool,
    /// Every file this build writes, relative to the output folder.
    pub planned: &'a dyn Fn() -> HashSet<String>,
    /// Entries of the folder that are not part of the output (a staging folder inside a
    /// mount point).
    pub skip: &'a dyn Fn(&str) -> bool,
}

/// Refuses to replace the folder at `target` (shown to the editor as `shown`) unless it is
/// empty, recorded as newsroom's, made by an earlier newsroom build, or `force` is given.
pub fn check(target: &Path, shown: &str, replacing: &Replacing) -> Result<()> {
    if replacing.force {
        return Ok(());
    }
    let Ok(identity) = Identity::of(target) else {
        return Ok(());
    };
    if recorded(target).contains(&identity) {
        return Ok(());
    }
    let entries = std::fs::read_dir(target).map_err(|e| Error::io("read", target, e))?;
    let mut empty = true;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read", target, e))?;
        if !(replacing.skip)(&entry.file_name().to_string_lossy()) {
            empty = false;
            break;
        }
    }
    if empty {
        return Ok(());
    }
    match foreign_sign(target, replacing)? {
        Some(sign) => Err(Error::Usage(format!(
            "{shown}: refusing to replace this folder, because newsroom did not make it: {sign}; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it"
        ))),
        None => Ok(()),
    }
}

/// What shows that newsroom did not make the folder `target`, if anything: the first entry,
/// in name order, that is not a file this build writes too, or the lack of the home page or
/// the stylesheet that every build writes.
fn foreign_sign(target: &Path, replacing: &Replacing) -> Result<Option<String>> {
    let walk = walkdir::WalkDir::new(target)
        .min_depth(1)
        .sort_by(crate::in_name_order)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() > 1 || !(replacing.skip)(&entry.file_name().to_string_lossy())
        });
    let planned = (replacing.planned)();
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(target).to_path_buf();
            Error::io(
                "read",
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a folder loop was found")),
            )
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(target)
            .unwrap_or(entry.path())
            .iter()
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !entry.file_type().is_file() || !planned.contains(&relative) {
            return Ok(Some(format!(
                "it holds {relative}, which this build does not write"
            )));
        }
    }
    for always in ["index.html", crate::render::STYLESHEET] {
        if !target.join(always).is_file() {
            return Ok(Some(format!(
                "it has no {always}, which every newsroom build writes"
            )));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_folder(target: &Path) -> Result<()> {
        let planned = HashSet::new;
        check(
            target,
            "out",
            &Replacing {
                force: false,
                planned: &planned,
                skip: &|_| false,
            },
        )
    }

    #[test]
    fn a_recorded_folder_is_newsrooms_and_a_new_one_in_its_place_is_not() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("notes.txt"), "mine").unwrap();
        assert!(check_folder(&target).is_err());
        record(&target, &[Identity::of(&target).unwrap()]).unwrap();
        assert!(check_folder(&target).is_ok());
        // The same name, even the same inode number reused, is not the same folder.
        std::fs::remove_dir_all(&target).unwrap();
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("notes.txt"), "someone else's").unwrap();
        let error = check_folder(&target).unwrap_err().to_string();
        assert!(error.contains("it holds notes.txt"), "{error}");
        let left: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}: a draft of the record was left");
    }
}
