//! Everything a build reads, as one hash, so a build of a site that has not changed since the
//! last one leaves the output as it is instead of making it again.
//!
//! A build's output is a function of the files in the site folder, newsroom itself, what the
//! build was asked for, and the clock. The files are hashed by what the file system says of
//! each (path, kind, size, times and inode), not by their bytes: an edit, a new file, a
//! deletion or a rename all change it. The clock is handled by the moments the last build
//! knew its output would change at (a scheduled story going live, one expiring, a story
//! leaving the news sitemap's window); past the first of them, the site is built again.
//!
//! A file changed in the moments before the hash was taken could be changed again without
//! its times moving (file systems keep times to a tick, some to two seconds), so a build that
//! saw one does not leave a stamp: the next build runs, and stamps.
//!
//! After each successful build a stamp is kept in the build cache: the hash, the output
//! folder it wrote, the hash of its record of that folder, those moments, and the build's
//! summary. A build whose hash matches, whose output folder is still the one stamped, holding
//! exactly the files of the stamped record as recorded, and that runs before the next such
//! moment, is finished: the summary is the last one's.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::output::manifest::{self, Manifest};
use crate::output::ownership::Identity;
use crate::{BuildOptions, BuildReport};

/// The version of the stamp's layout; a stamp of another is no stamp.
const LAYOUT: u32 = 2;

/// How long before the hash a file must have last changed for the hash to tell all of its
/// changes: two seconds, the coarsest file times in use (FAT).
const SETTLING: std::time::Duration = std::time::Duration::from_secs(2);

/// What a build reads, hashed.
pub struct Inputs {
    pub hash: blake3::Hash,
    /// No file changed within [`SETTLING`] of the hash, so a stamp of it can be trusted.
    pub settled: bool,
}

/// The hash of everything a build with `options` reads, or `None` when the site folder
/// cannot be read whole (the build then runs, and says what is wrong).
pub fn hash(options: &BuildOptions, config: &Config, target: &Path) -> Option<Inputs> {
    let started = std::time::SystemTime::now();
    // Resolved as the output folder is, so the folders left out are named alike.
    let root = crate::output::guard::resolve(&options.root).ok()?;
    let mut hasher = blake3::Hasher::new();
    let part = |hasher: &mut blake3::Hasher, bytes: &[u8]| {
        crate::render::fingerprint::part(hasher, bytes);
    };
    part(&mut hasher, &LAYOUT.to_le_bytes());
    part(
        &mut hasher,
        crate::render::fingerprint::binary_identity().as_bytes(),
    );
    part(&mut hasher, target.as_os_str().as_encoded_bytes());
    part(
        &mut hasher,
        options.base_url.as_deref().unwrap_or("").as_bytes(),
    );
    part(&mut hasher, &[u8::from(options.future)]);
    // Left out: what builds write (the output, its staging folders and record beside it, the
    // build cache and the image cache) and the history of a git repository.
    let named_output = std::path::absolute(options.output_dir()).ok()?;
    let skipped = Skipped::new(&root, config, target, named_output);
    let walk = walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by(crate::in_name_order)
        .into_iter()
        .filter_entry(|entry| !skipped.skips(entry.path()));
    let mut newest = 0;
    for entry in walk {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        if skipped.makes(entry.path()) {
            continue;
        }
        let relative = entry.path().strip_prefix(&root).ok()?;
        part(&mut hasher, relative.as_os_str().as_encoded_bytes());
        hasher.update(&[u8::from(meta.is_dir())]);
        if !meta.is_dir() {
            let modified = nanos(meta.modified().ok());
            hasher.update(&meta.len().to_le_bytes());
            hasher.update(&modified.to_le_bytes());
            newest = newest.max(modified);
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                hasher.update(&meta.ino().to_le_bytes());
                hasher.update(&meta.ctime().to_le_bytes());
                hasher.update(&meta.ctime_nsec().to_le_bytes());
                let changed = u128::try_from(meta.ctime()).unwrap_or(0) * 1_000_000_000
                    + u128::try_from(meta.ctime_nsec()).unwrap_or(0);
                newest = newest.max(changed);
            }
        }
    }
    let settled = nanos(started.checked_sub(SETTLING)) > newest;
    Some(Inputs {
        hash: hasher.finalize(),
        settled,
    })
}

/// A moment as nanoseconds since 1970, or 0 for none.
fn nanos(time: Option<std::time::SystemTime>) -> u128 {
    time.and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos())
}

/// The entries of the site folder a build writes rather than reads.
struct Skipped {
    /// Folders left out whole.
    folders: Vec<PathBuf>,
    /// The folders a build makes to hold those (`.newsroom`), whose contents are read but
    /// whose being there is the build's doing.
    holders: Vec<PathBuf>,
    /// The folder the output is in, whose entries named after the output are builds'.
    beside: PathBuf,
    /// The names there that builds write start with these.
    prefixes: Vec<String>,
}

impl Skipped {
    /// `target` is the output folder resolved, `named` as the build was told it.
    fn new(root: &Path, config: &Config, target: &Path, named: PathBuf) -> Skipped {
        let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let folders = vec![
            target.to_path_buf(),
            named,
            absolute(crate::changes::cache_dir(root, config)),
            absolute(root.join(&config.images.cache)),
            root.join(".git"),
        ];
        let holders = folders
            .iter()
            .flat_map(|folder| folder.ancestors().skip(1))
            .filter(|holder| holder.starts_with(root) && *holder != root)
            .map(Path::to_path_buf)
            .collect();
        Skipped {
            folders,
            holders,
            beside: target.parent().unwrap_or(Path::new("/")).to_path_buf(),
            prefixes: vec![format!(".{name}."), format!(".newsroom.{name}")],
        }
    }

    fn makes(&self, path: &Path) -> bool {
        self.holders.iter().any(|holder| holder == path)
    }

    fn skips(&self, path: &Path) -> bool {
        if self.folders.iter().any(|folder| folder == path) {
            return true;
        }
        path.parent() == Some(self.beside.as_path())
            && path.file_name().is_some_and(|name| {
                let name = name.to_string_lossy();
                self.prefixes
                    .iter()
                    .any(|prefix| name.starts_with(prefix.as_str()))
            })
    }
}

/// What a successful build leaves for the next to compare against.
#[derive(Serialize, Deserialize)]
struct Stamp {
    layout: u32,
    /// The hash of the inputs, in hex.
    inputs: String,
    /// The identity of the output folder written.
    output: String,
    /// The hash of the record that build kept of its output: every file with its hash, so a
    /// record of the same hash is of the same output, whichever build wrote it since.
    record: String,
    /// The hash of the output's folders as that build left them ([`folders_hash`]).
    folders: String,
    /// The moment the build ran at.
    built_at: DateTime<Utc>,
    /// The first moment after it at which the output changes with the clock alone.
    until: Option<DateTime<Utc>>,
    report: ReportRecord,
}

/// The parts of a build's summary that a build that changes nothing repeats.
#[derive(Serialize, Deserialize)]
struct ReportRecord {
    articles: usize,
    tags: usize,
    pages: usize,
    feeds: usize,
    static_files: usize,
    drafts_left_out: usize,
    scheduled_left_out: usize,
    expired_left_out: usize,
    next_scheduled: Option<DateTime<Utc>>,
    next_expiry: Option<DateTime<Utc>>,
    warnings: Vec<String>,
}

/// Where the stamp of builds into the output folder `target` is kept in the cache `cache`.
fn stamp_path(cache: &Path, target: &Path) -> PathBuf {
    manifest::manifest_path(cache, target).with_extension("inputs.json")
}

/// The last build's summary, when the inputs hash to `inputs` as they did for it, `now` is
/// within the time its output holds for, and its output folder is still as it wrote it.
pub fn unchanged(
    cache: &Path,
    target: &Path,
    inputs: &blake3::Hash,
    now: DateTime<Utc>,
    timezone: Tz,
) -> Option<BuildReport> {
    let text = std::fs::read(stamp_path(cache, target)).ok()?;
    let stamp: Stamp = serde_json::from_slice(&text).ok()?;
    let holds = stamp.layout == LAYOUT
        && stamp.inputs == inputs.to_hex().as_str()
        && stamp.built_at <= now
        && stamp.until.is_none_or(|until| now < until);
    if !holds || Identity::of(target).ok()?.to_string() != stamp.output {
        return None;
    }
    // A build with --drafts or --keep-going keeps no stamp but writes a record, and the
    // output folder's identity can come back to the stamped one (a build takes the spare,
    // which was the output before last, as its folder): the record must be the stamped one.
    let text = std::fs::read(manifest::manifest_path(cache, target)).ok()?;
    if blake3::hash(&text).to_hex().as_str() != stamp.record {
        return None;
    }
    let record = Manifest::parse(&text)?;
    let holds = record.output == stamp.output
        && folders_hash(target, &record).is_some_and(|hash| hash == stamp.folders)
        && still_as_written(target, &record);
    if !holds {
        return None;
    }
    let local = |moment: Option<DateTime<Utc>>| moment.map(|m| m.with_timezone(&timezone));
    let report = stamp.report;
    Some(BuildReport {
        articles: report.articles,
        tags: report.tags,
        pages: report.pages,
        feeds: report.feeds,
        static_files: report.static_files,
        drafts_left_out: report.drafts_left_out,
        scheduled_left_out: report.scheduled_left_out,
        expired_left_out: report.expired_left_out,
        next_scheduled: local(report.next_scheduled),
        next_expiry: local(report.next_expiry),
        output: PathBuf::new(),
        elapsed: std::time::Duration::ZERO,
        warnings: report.warnings,
        skipped: Vec::new(),
        reused_pages: report.pages + report.feeds,
        spliced_pages: 0,
        changes: None,
        unchanged: true,
    })
}

/// Whether every file the record names is still as it was recorded.
fn still_as_written(target: &Path, record: &Manifest) -> bool {
    use rayon::prelude::*;
    let files: Vec<(&String, &manifest::Entry)> = record.files.iter().collect();
    files.par_iter().all(|(relative, entry)| {
        crate::output::inside(target, relative)
            .is_ok_and(|path| manifest::still_as_recorded(&path, entry))
    })
}

/// The hash of the facts of every folder of the output the record names (path, inode and
/// modification time), or `None` when one cannot be read. A file or folder added to the
/// output by hand, which a real build would drop, changes its folder's modification time;
/// telling it so costs a look at each folder rather than a listing of the whole output.
fn folders_hash(target: &Path, record: &Manifest) -> Option<String> {
    use rayon::prelude::*;
    let mut folders: Vec<&str> = vec![""];
    for file in record.files.keys() {
        let mut rest = file.as_str();
        while let Some((folder, _)) = rest.rsplit_once('/') {
            folders.push(folder);
            rest = folder;
        }
    }
    folders.sort_unstable();
    folders.dedup();
    let facts: Option<Vec<(u64, u128)>> = folders
        .par_iter()
        .map(|folder| {
            let meta = std::fs::symlink_metadata(target.join(folder)).ok()?;
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let inode = 0;
            Some((inode, nanos(meta.modified().ok())))
        })
        .collect();
    let mut hasher = blake3::Hasher::new();
    for (folder, (inode, modified)) in folders.iter().zip(facts?) {
        crate::render::fingerprint::part(&mut hasher, folder.as_bytes());
        hasher.update(&inode.to_le_bytes());
        hasher.update(&modified.to_le_bytes());
    }
    Some(hasher.finalize().to_hex().to_string())
}

/// Keeps the stamp of a build that read `inputs` at `built_at` and wrote `report` into
/// `target`, its output holding until `until`; of inputs not settled, it removes the last
/// stamp instead. A stamp that cannot be written only costs the next build its shortcut, so
/// that is not an error.
pub fn remember(
    cache: &Path,
    target: &Path,
    inputs: &Inputs,
    built_at: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    report: &BuildReport,
) {
    let path = stamp_path(cache, target);
    let output = Identity::of(target);
    let record = std::fs::read(manifest::manifest_path(cache, target));
    let folders = record
        .as_ref()
        .ok()
        .and_then(|text| Manifest::parse(text))
        .and_then(|manifest| folders_hash(target, &manifest));
    let (Some(output), Ok(record), Some(folders)) =
        (output.ok().filter(|_| inputs.settled), record, folders)
    else {
        let _ = std::fs::remove_file(&path);
        return;
    };
    let utc = |moment: Option<DateTime<Tz>>| moment.map(|m| m.with_timezone(&Utc));
    let stamp = Stamp {
        layout: LAYOUT,
        inputs: inputs.hash.to_hex().to_string(),
        output: output.to_string(),
        record: blake3::hash(&record).to_hex().to_string(),
        folders,
        built_at,
        until,
        report: ReportRecord {
            articles: report.articles,
            tags: report.tags,
            pages: report.pages,
            feeds: report.feeds,
            static_files: report.static_files,
            drafts_left_out: report.drafts_left_out,
            scheduled_left_out: report.scheduled_left_out,
            expired_left_out: report.expired_left_out,
            next_scheduled: utc(report.next_scheduled),
            next_expiry: utc(report.next_expiry),
            warnings: report.warnings.clone(),
        },
    };
    if let Ok(text) = serde_json::to_vec(&stamp) {
        let _ = manifest::write_whole(&path, &text);
    }
}
