//! Putting a finished output in place of the last one in a single step, and clearing what
//! builds that were killed left behind.
//!
//! On Linux and macOS the staging folder and the output folder are exchanged by one system
//! call (`renameat2` with `RENAME_EXCHANGE`, `renamex_np` with `RENAME_SWAP`): at every moment
//! the output path holds one whole output, the last or the new one. Elsewhere, or on a file
//! system that cannot exchange, the last output is renamed aside and the new one renamed in,
//! and put back if that fails.

use std::path::Path;

/// Exchanges the entries at `a` and `b`, both of which exist. Gives `Ok(false)` when the
/// system or the file system cannot exchange, so the caller falls back to two renames.
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Replaces the folder at `target` with the one at `new` by two renames, moving the last one
/// to `aside` first; puts it back if the second rename fails.
pub fn replace_in_two_steps(new: &Path, target: &Path, aside: &Path) -> std::io::Result<()> {
    std::fs::rename(target, aside)?;
    if let Err(error) = std::fs::rename(new, target) {
        let _ = std::fs::rename(aside, target);
        return Err(error);
    }
    Ok(())
}

/// Whether the folder at `path` is a mount point, which cannot be renamed: another file
/// system, or a bind mount of a folder of the same one.
pub fn is_mount_point(path: &Path) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
        if let Ok(stat) = statx(
            CWD,
            path,
            AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW,
            StatxFlags::empty(),
        ) && stat
            .stx_attributes_mask
            .contains(StatxAttributes::MOUNT_ROOT)
        {
            return stat.stx_attributes.contains(StatxAttributes::MOUNT_ROOT);
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = path.parent().unwrap_or(Path::new("/"));
        match (std::fs::symlink_metadata(path), std::fs::metadata(parent)) {
            (Ok(folder), Ok(parent)) => folder.dev() != parent.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Whether the process `pid` still runs, so that what it is writing must be left alone. When
/// that cannot be told, it is taken to run.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Removes, from `folder`, what builds that are no longer running left there: the entries
/// named with one of `prefixes` followed by the process id of the build that made them
/// (`.public.staging-4242`). Entries of running builds, this one included, are left alone.
pub fn remove_leftovers(folder: &Path, prefixes: &[String]) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let pid = prefixes
            .iter()
            .find_map(|prefix| name.strip_prefix(prefix.as_str()))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && !is_running(pid)
        {
            let path = entry.path();
            let removed = match entry.file_type() {
                Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            // A leftover that cannot be removed now is tried again by the next build.
            let _ = removed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchanging_swaps_two_folders() {
        let folder = tempfile::tempdir().unwrap();
        let (a, b) = (folder.path().join("a"), folder.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("one"), "a").unwrap();
        std::fs::write(b.join("two"), "b").unwrap();
        if exchange(&a, &b).unwrap() {
            assert!(a.join("two").is_file() && b.join("one").is_file());
        } else {
            assert!(a.join("one").is_file(), "a failed exchange changed nothing");
        }
    }

    #[test]
    fn only_leftovers_of_stopped_builds_are_removed() {
        let folder = tempfile::tempdir().unwrap();
        let mut dead = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let dead_pid = dead.id();
        dead.wait().unwrap();
        let own = std::process::id();
        for name in [
            format!(".public.staging-{dead_pid}"),
            format!(".public.staging-{own}"),
            format!(".public.old-{dead_pid}"),
            format!(".public.staging-{dead_pid}x"),
            format!(".docs.staging-{dead_pid}"),
            "public".to_string(),
        ] {
            std::fs::create_dir(folder.path().join(name)).unwrap();
        }
        std::fs::write(
            folder
                .path()
                .join(format!(".newsroom.public.new-{dead_pid}")),
            "",
        )
        .unwrap();
        remove_leftovers(
            folder.path(),
            &[
                ".public.staging-".to_string(),
                ".public.old-".to_string(),
                ".newsroom.public.new-".to_string(),
            ],
        );
        let left: std::collections::BTreeSet<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let kept = [
            format!(".docs.staging-{dead_pid}"),
            format!(".public.staging-{dead_pid}x"),
            format!(".public.staging-{own}"),
            "public".to_string(),
        ];
        assert_eq!(left, kept.into_iter().collect());
    }
}
