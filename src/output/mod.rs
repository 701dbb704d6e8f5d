//! Writing the site to disk without ever leaving a broken output folder behind, and without
//! ever replacing a folder that was not newsroom's to replace.
//!
//! Before anything is read, [`guard`] refuses an output that would swallow the site, its
//! sources or the home folder. Pages are then written into a staging folder beside the output
//! folder; only when the whole build has succeeded is it exchanged with the output folder in
//! one step ([`swap`]), and the last output, now in the staging folder's place, is deleted. On
//! failure the staging folder is deleted and the previous output stays as it was; a build that
//! is killed leaves its staging folder, which the next build deletes. A folder that newsroom
//! did not make is replaced only with `--force` ([`ownership`]).
//!
//! An output folder that is a mount point cannot be renamed. Its staging folder is made inside
//! it instead, and each of its entries is exchanged with the new one in turn: each entry is
//! replaced whole, but a build killed midway leaves some entries new and some old.
//!
//! A file whose bytes are the same as in the previous output is not written again: the old
//! file is hard-linked into the staging folder, so it keeps its modification time and `rsync`
//! or a CDN upload moves only what changed. A build keeps a record of every file it wrote in
//! the build cache ([`manifest`]), so the next build knows the old bytes by their hash instead
//! of reading them back, and can say which files it added, changed and deleted.
//!
//! The last output, once swapped out, is kept in the build cache as the spare ([`spare`]), and
//! the next build fills the spare instead of an empty folder: of the files a new story leaves
//! as they were, none is linked again and none deleted.

pub mod guard;
pub mod manifest;
pub mod ownership;
pub mod spare;
pub mod swap;

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::PageSink;

pub use guard::refuse_dangerous_output;
use manifest::{Changes, Entry, ListPlace, Made, Manifest};
use ownership::Identity;

/// What a build may replace at its output path.
pub struct Replacement<'a> {
    /// Replace a folder newsroom did not make (`--force`).
    pub force: bool,
    /// Every file the build writes, relative to the output folder; asked for only when an
    /// output folder made before newsroom kept records has to be recognised.
    pub planned: &'a dyn Fn() -> HashSet<String>,
}

/// A build's output while it is being written.
pub struct Staging {
    /// The folder being filled.
    dir: PathBuf,
    /// The output folder it will replace, with links and `..` resolved.
    target: PathBuf,
    /// The output folder's name, which the names of its staging folders start with.
    name: String,
    /// The previous output, when there is one, to reuse unchanged files from.
    previous: Option<PathBuf>,
    /// The output folder is a mount point: the staging folder is inside it, and its entries
    /// are exchanged one by one.
    in_place: bool,
    /// The staging folder no longer holds the new output (it was swapped in).
    committed: bool,
    /// The folders inside the staging folder made so far: thousands of pages share each
    /// date's folder, and each is made once instead of asked for again with every file.
    folders: parking_lot::Mutex<HashSet<PathBuf>>,
    /// The record of what this build writes, when it keeps one.
    record: Option<Record>,
    /// What the staging folder held when it was made from the last build's spare.
    adopted: Option<spare::Adopted>,
    /// Where the last output is kept once swapped out, for the next build to start from.
    spare: Option<PathBuf>,
}

/// What a build that keeps a record knows of the last output and of its own.
struct Record {
    /// Where the record is kept.
    path: PathBuf,
    /// The last build's record, when it is of the output folder there now, so its hashes
    /// stand for the files' bytes.
    previous: Option<Manifest>,
    /// Without such a record: what comparing each file with the last output's found, as
    /// entries of a record of the last output (the same hash for the same bytes).
    compared: parking_lot::Mutex<BTreeMap<String, Entry>>,
    /// Every file written into the staging folder so far.
    written: parking_lot::Mutex<BTreeMap<String, Entry>>,
}

impl Record {
    /// Notes that `relative`, at `to`, holds bytes of hash `hash`, made as `made` says when
    /// it is a rendered page.
    fn note(
        &self,
        relative: &str,
        to: &Path,
        hash: blake3::Hash,
        made: Option<Made>,
    ) -> Result<()> {
        let entry = manifest::entry_for(to, hash, made).map_err(|e| Error::io("read", to, e))?;
        self.written.lock().insert(relative.to_string(), entry);
        Ok(())
    }

    /// Notes that the last output had a file at `relative`, with the bytes of hash `hash`
    /// or (`same` false) other bytes.
    fn compared(&self, relative: &str, same: bool, hash: blake3::Hash) {
        let hash = if same {
            hash.to_hex().to_string()
        } else {
            "other bytes".to_string()
        };
        let entry = Entry {
            hash,
            len: 0,
            modified: 0,
            made_from: None,
            list: None,
        };
        self.compared.lock().insert(relative.to_string(), entry);
    }
}

impl Staging {
    /// Creates an empty staging folder for the output folder `target`, after checking that
    /// the folder there may be replaced and clearing what killed builds left.
    pub fn begin(target: &Path, replacement: &Replacement) -> Result<Staging> {
        let shown = target.display().to_string();
        let target =
            guard::resolve(target).map_err(|e| Error::io("find the output folder", target, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{shown}: the output folder needs a name of its own, such as \"public\""
                ))
            })?;
        let parent = target.parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("create the folder", &parent, e))?;
        let exists = match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{shown}: the output path is a file, not a folder; remove it or choose another --output"
                )));
            }
            Err(_) => false,
        };
        let in_place = exists && swap::is_mount_point(&target);
        let staging_prefix = format!(".{name}.staging-");
        if exists {
            let skip = |entry: &str| in_place && entry.starts_with(&staging_prefix);
            ownership::check(
                &target,
                &shown,
                &ownership::Replacing {
                    force: replacement.force,
                    planned: replacement.planned,
                    skip: &skip,
                },
            )?;
        }
        swap::remove_leftovers(
            &parent,
            &[
                staging_prefix.clone(),
                ownership::record_draft_prefix(&name),
            ],
        );
        let home = if in_place { &target } else { &parent };
        if in_place {
            swap::remove_leftovers(home, std::slice::from_ref(&staging_prefix));
        }
        let dir = home.join(format!("{staging_prefix}{}", std::process::id()));
        if std::fs::symlink_metadata(&dir).is_ok() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Error::io("clear an old staging folder", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io("create the staging folder", &dir, e))?;
        Ok(Staging {
            dir,
            previous: exists.then(|| target.clone()),
            target,
            name,
            in_place,
            committed: false,
            folders: parking_lot::Mutex::new(HashSet::new()),
            record: None,
            adopted: None,
            spare: None,
        })
    }

    /// Keeps a record of every file written in the cache folder `cache`, and trusts the
    /// record the last build kept there, if it is of the output folder there now.
    ///
    /// Such a build also starts from the last build's spare, when it is there and is the one
    /// that build recorded, and keeps the output it replaces as the spare for the next.
    pub fn keep_record(&mut self, cache: &Path) -> Result<()> {
        let path = manifest::manifest_path(cache, &self.target);
        let previous = Manifest::read(&path);
        if !self.in_place {
            let spare = spare::spare_path(cache, &self.target);
            let recorded = previous.as_ref().and_then(|record| record.spare.as_deref());
            self.adopt(&spare, recorded)?;
            self.spare = Some(spare);
        }
        let identity = Identity::of(&self.target).ok().map(|id| id.to_string());
        let trusted = previous.as_ref().is_some_and(|record| {
            self.previous.is_some() && identity.as_deref() == Some(record.output.as_str())
        });
        self.record = Some(Record {
            path,
            previous: if trusted { previous } else { None },
            compared: parking_lot::Mutex::new(BTreeMap::new()),
            written: parking_lot::Mutex::new(BTreeMap::new()),
        });
        Ok(())
    }

    /// Makes the spare at `spare` the staging folder, if it is the folder of the identity
    /// `recorded`; any other folder there is removed, since no record says what it is.
    fn adopt(&mut self, spare: &Path, recorded: Option<&str>) -> Result<()> {
        if std::fs::symlink_metadata(spare).is_err() {
            return Ok(());
        }
        let known =
            recorded.is_some_and(|id| Identity::of(spare).is_ok_and(|now| now.to_string() == id));
        // The staging folder was just made, empty, so the spare can take its place.
        if known && std::fs::remove_dir(&self.dir).is_ok() {
            if std::fs::rename(spare, &self.dir).is_ok() {
                if let Some(adopted) = spare::Adopted::list(&self.dir) {
                    let folders = adopted.folders.iter().map(|f| self.dir.join(f));
                    self.folders.lock().extend(folders);
                    self.adopted = Some(adopted);
                    return Ok(());
                }
                let _ = std::fs::remove_dir_all(&self.dir);
            }
            std::fs::create_dir(&self.dir)
                .map_err(|e| Error::io("create the staging folder", &self.dir, e))?;
        }
        let _ = std::fs::remove_dir_all(spare);
        Ok(())
    }

    /// Whether the staging folder, made from the spare, already holds at `relative` the very
    /// file (`old`, of the last output) that is to be there.
    fn already_linked(&self, relative: &str, old: &std::fs::Metadata) -> bool {
        let Some(adopted) = &self.adopted else {
            return false;
        };
        spare::relative_text(Path::new(relative)).is_some_and(|key| adopted.files.contains(&key))
            && inside(&self.dir, relative)
                .ok()
                .and_then(|path| std::fs::symlink_metadata(path).ok())
                .is_some_and(|here| spare::same_file(&here, old))
    }

    /// Whether there was an output folder before this build.
    pub fn replaces_an_output(&self) -> bool {
        self.previous.is_some()
    }

    /// Copies a file from the site into the output at `relative`.
    pub fn copy(&self, relative: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io("read", from, e))?;
        self.put_bytes(relative, &bytes)
    }

    /// Puts a file that is never rewritten in place (a cache entry named after its content,
    /// such as a processed photo) into the output at `relative`: a hard link where the file
    /// system allows, so thousands of photos cost no copying, else a copy.
    pub fn link(&self, relative: &str, from: &Path) -> Result<()> {
        let to = self.place(relative)?;
        crate::images::place_file(from, &to).map_err(|e| Error::io("copy", from, e))?;
        let Some(record) = &self.record else {
            return Ok(());
        };
        // The cache names the file after its content, so its name stands for its bytes.
        let hash = blake3::hash(from.as_os_str().as_encoded_bytes());
        if record.previous.is_none()
            && let Some(old) = self.previous_file(relative)
        {
            let same = std::fs::read(&to).is_ok_and(|bytes| same_bytes(&old, &bytes));
            record.compared(relative, same, hash);
        }
        record.note(relative, &to, hash, None)
    }

    /// The previous output's file at `relative`, if there is one.
    fn previous_file(&self, relative: &str) -> Option<PathBuf> {
        let previous = self.previous.as_ref()?;
        inside(previous, relative)
            .ok()
            .filter(|path| path.is_file())
    }

    /// Links the last output's page at `relative` into place when the last build's record
    /// says it was made from inputs of hash `made_from` and the file is still as recorded:
    /// rendering it again would give the same bytes. `false` when there is no such page.
    fn reuse_made(&self, relative: &str, made_from: &blake3::Hash) -> Result<bool> {
        let Some(record) = &self.record else {
            return Ok(false);
        };
        let Some(entry) = record
            .previous
            .as_ref()
            .and_then(|previous| previous.files.get(relative))
            .filter(|entry| entry.made_from.as_deref() == Some(made_from.to_hex().as_str()))
        else {
            return Ok(false);
        };
        let Some((old, meta)) = self.recorded_file(relative, entry) else {
            return Ok(false);
        };
        if !self.already_linked(relative, &meta) {
            let to = self.place(relative)?;
            if std::fs::hard_link(&old, &to).is_err() {
                return Ok(false);
            }
        }
        record
            .written
            .lock()
            .insert(relative.to_string(), entry.clone());
        Ok(true)
    }

    /// The bytes of the last output's page at `relative` and where its Latest stories list
    /// sits, when the record says it was made from the frame `frame` and the file is still
    /// as recorded.
    fn previous_frame_of(
        &self,
        relative: &str,
        frame: &blake3::Hash,
    ) -> Option<(Vec<u8>, ListPlace)> {
        let previous = self.record.as_ref()?.previous.as_ref()?;
        let entry = previous.files.get(relative)?;
        let list = entry
            .list
            .as_ref()
            .filter(|list| list.frame == frame.to_hex().as_str())?;
        let (old, _) = self.recorded_file(relative, entry)?;
        // Trusted as a reused page is, by its size and time; the length is checked again
        // since the list's offsets are taken on trust too.
        let bytes = std::fs::read(old).ok()?;
        (bytes.len() as u64 == entry.len).then(|| (bytes, list.clone()))
    }

    /// The previous output's file at `relative`, if it is still as `entry` recorded it; one
    /// look at the file tells both that it is there and that it is unchanged.
    fn recorded_file(&self, relative: &str, entry: &Entry) -> Option<(PathBuf, std::fs::Metadata)> {
        let previous = self.previous.as_ref()?;
        let old = inside(previous, relative).ok()?;
        let meta = manifest::recorded_metadata(&old, entry)?;
        Some((old, meta))
    }

    /// Puts `bytes` at `relative`: linked from the last output when it holds them already,
    /// else written. A rendered page's entry keeps the hash of what it was made from.
    fn put_bytes(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        self.put_made(relative, bytes, None)
    }

    fn put_made(&self, relative: &str, bytes: &[u8], made: Option<Made>) -> Result<()> {
        let Some(record) = &self.record else {
            let to = self.place(relative)?;
            // No record is kept (`newsroom serve`): the old file is compared byte for byte.
            if let Some(old) = self.previous_file(relative)
                && same_bytes(&old, bytes)
                && std::fs::hard_link(&old, &to).is_ok()
            {
                return Ok(());
            }
            return std::fs::write(&to, bytes).map_err(|e| Error::io("write", &to, e));
        };
        let hash = blake3::hash(bytes);
        if let Some(previous) = &record.previous {
            // The record knows the old bytes by their hash; the file is trusted to hold them
            // while its size and time are still those recorded.
            if let Some(entry) = previous.files.get(relative)
                && entry.hash == hash.to_hex().as_str()
                && let Some((old, meta)) = self.recorded_file(relative, entry)
                && (self.already_linked(relative, &meta) || self.link_into_place(&old, relative))
            {
                let mut entry = entry.clone();
                entry.set_made(made);
                record.written.lock().insert(relative.to_string(), entry);
                return Ok(());
            }
        } else if let Some(old) = self.previous_file(relative) {
            // No record to trust: the old file is read back and compared.
            let same = same_bytes(&old, bytes);
            record.compared(relative, same, hash);
            let to = self.place(relative)?;
            if same && std::fs::hard_link(&old, &to).is_ok() {
                return record.note(relative, &to, hash, made);
            }
        }
        let to = self.place(relative)?;
        std::fs::write(&to, bytes).map_err(|e| Error::io("write", &to, e))?;
        record.note(relative, &to, hash, made)
    }

    /// Hard-links the last output's file `old` into place at `relative`; `false` when the
    /// file system refuses, and the file is then written instead.
    fn link_into_place(&self, old: &Path, relative: &str) -> bool {
        self.place(relative)
            .is_ok_and(|to| std::fs::hard_link(old, &to).is_ok())
    }

    /// Where `relative` lands in the staging folder, its folder made; refuses any path that
    /// would leave it.
    fn place(&self, relative: &str) -> Result<PathBuf> {
        let path = inside(&self.dir, relative)?;
        let Some(parent) = path.parent() else {
            return Ok(path);
        };
        // The folders still to make, innermost first: those above `parent` not made yet.
        let missing: Vec<&Path> = {
            let folders = self.folders.lock();
            parent
                .ancestors()
                .take_while(|folder| *folder != self.dir && !folders.contains(*folder))
                .collect()
        };
        // Made outermost first, one call each, outside the lock: another thread making the
        // same folder at the same moment is harmless, since one that exists is fine here.
        for folder in missing.iter().rev() {
            // A spare's file where this output has a folder goes first.
            self.clear_adopted(folder, false)?;
            match std::fs::create_dir(folder) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(Error::io("create the folder", folder, e));
                }
                _ => {}
            }
        }
        if !missing.is_empty() {
            self.folders
                .lock()
                .extend(missing.iter().map(|folder| folder.to_path_buf()));
        }
        self.clear_adopted(&path, true)?;
        Ok(path)
    }

    /// Removes what a staging folder made from the spare holds at `path`, where this build
    /// puts a file (`for_file`) or a folder: the spare's file, which may be linked to the
    /// output's and so must never be written in place, or, for a file, a folder of the spare.
    fn clear_adopted(&self, path: &Path, for_file: bool) -> Result<()> {
        let Some(adopted) = &self.adopted else {
            return Ok(());
        };
        let Some(key) = path
            .strip_prefix(&self.dir)
            .ok()
            .and_then(spare::relative_text)
        else {
            return Ok(());
        };
        let cleared = if adopted.files.contains(&key) {
            std::fs::remove_file(path)
        } else if for_file && adopted.folders.contains(&key) {
            std::fs::remove_dir_all(path)
        } else {
            return Ok(());
        };
        spare::remove_missing_ok(cleared).map_err(|e| Error::io("replace", path, e))
    }

    /// Puts the finished output in place of the previous one, records it as newsroom's, and
    /// removes the previous output and what killed builds left.
    /// Gives what changed since the last build's record when this build keeps one.
    pub fn commit(self) -> Result<Option<Changes>> {
        self.commit_then(|_| Ok(()))
    }

    /// Commits as [`Staging::commit`] does, and calls `first` with what changed before the
    /// record of the new output is written: a build killed after the swap then leaves no
    /// record that names the new output, so the next build compares files byte for byte
    /// and its change list still holds every change, instead of one list being lost.
    pub fn commit_then(
        mut self,
        first: impl FnOnce(&Changes) -> Result<()>,
    ) -> Result<Option<Changes>> {
        // The folder that will be the output: the staging folder, or the mount point.
        let output = if self.in_place {
            &self.target
        } else {
            &self.dir
        };
        let identity = Identity::of(output).map_err(|e| Error::io("read", output, e))?;
        let before = self.record.as_ref().map(|record| self.last_output(record));
        if let (Some(adopted), Some(record)) = (&self.adopted, &self.record) {
            let written = record.written.lock();
            let keys: Vec<String> = written
                .keys()
                .filter_map(|key| spare::relative_text(Path::new(key)))
                .collect();
            let keep: HashSet<&str> = keys.iter().map(String::as_str).collect();
            adopted
                .prune(&self.dir, &keep)
                .map_err(|e| Error::io("clear the staging folder", &self.dir, e))?;
        }
        let spare = if self.in_place {
            self.fill_in_place()?;
            None
        } else {
            self.swap()?
        };
        let parent = self.target.parent().unwrap_or(Path::new("."));
        swap::remove_leftovers(parent, &[format!(".{}.old-", self.name)]);
        let Some(record) = self.record.take() else {
            return Ok(None);
        };
        let files = record.written.into_inner();
        let changes = Changes::between(&before.unwrap_or_default(), &files);
        first(&changes)?;
        let spare = spare.map(|identity| identity.to_string());
        Manifest::new(identity.to_string(), spare, files).write(&record.path)?;
        Ok(Some(changes))
    }

    /// What the last output held, as a record: the last build's, or else what comparing
    /// each file found, with the files this build did not write found by listing the old
    /// output (before it is swapped out).
    fn last_output(&self, record: &Record) -> BTreeMap<String, Entry> {
        if let Some(previous) = &record.previous {
            return previous.files.clone();
        }
        let mut files = std::mem::take(&mut *record.compared.lock());
        let Some(old) = &self.previous else {
            return files;
        };
        let staging_prefix = format!(".{}.staging-", self.name);
        let written = record.written.lock();
        for entry in walkdir::WalkDir::new(old)
            .min_depth(1)
            .into_iter()
            .filter_entry(|entry| {
                !(entry.depth() == 1
                    && entry
                        .file_name()
                        .to_string_lossy()
                        .starts_with(&staging_prefix))
            })
            .flatten()
            .filter(|entry| entry.file_type().is_file())
        {
            let Ok(relative) = entry.path().strip_prefix(old) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if !written.contains_key(&relative) {
                let gone = Entry {
                    hash: String::new(),
                    len: 0,
                    modified: 0,
                    made_from: None,
                    list: None,
                };
                files.entry(relative).or_insert(gone);
            }
        }
        files
    }

    /// Exchanges the staging folder with the output folder, or renames it into place when
    /// there is no output yet. Gives the identity of the last output when it is kept as the
    /// spare.
    fn swap(&mut self) -> Result<Option<Identity>> {
        let new = Identity::of(&self.dir).map_err(|e| Error::io("read", &self.dir, e))?;
        let target = &self.target;
        let swap_error = |e| Error::io("move the new output into place", target, e);
        match std::fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => {
                let old = Identity::of(target).map_err(|e| Error::io("read", target, e))?;
                // Recorded before the swap, so whichever of the two a kill leaves in place
                // is known for newsroom's.
                ownership::record(target, &[old, new.clone()])?;
                // Once the new output is in place, the record above already names it; the
                // shorter one below only drops the previous output from it.
                if swap::exchange(&self.dir, target).map_err(swap_error)? {
                    self.committed = true;
                    let _ = ownership::record(target, &[new]);
                    // The staging folder now holds the previous output.
                    return Ok(self.keep_as_spare(&self.dir));
                } else {
                    let parent = target.parent().unwrap_or(Path::new("."));
                    let aside = parent.join(format!(".{}.old-{}", self.name, std::process::id()));
                    swap::replace_in_two_steps(&self.dir, target, &aside).map_err(swap_error)?;
                    self.committed = true;
                    let _ = ownership::record(target, &[new]);
                    return Ok(self.keep_as_spare(&aside));
                }
            }
            Ok(_) => {
                return Err(Error::Usage(format!(
                    "{}: the output path is a file, not a folder; remove it or choose another --output",
                    target.display()
                )));
            }
            Err(_) => {
                ownership::record(target, &[new])?;
                std::fs::rename(&self.dir, target).map_err(swap_error)?;
                self.committed = true;
            }
        }
        Ok(None)
    }

    /// Moves the last output, swapped out to `old`, to the spare's place in the build cache;
    /// gives its identity, or `None` when it cannot be kept there (the cache is on another
    /// file system, or inside the output) and is removed instead. One that cannot be removed
    /// now is removed by the next build.
    fn keep_as_spare(&self, old: &Path) -> Option<Identity> {
        let kept = self.spare.as_ref().and_then(|spare| {
            let cache = spare.parent()?;
            std::fs::create_dir_all(cache).ok()?;
            let resolved = std::fs::canonicalize(cache).ok()?;
            if resolved.starts_with(&self.target) {
                return None;
            }
            let _ = std::fs::remove_dir_all(spare);
            std::fs::rename(old, spare).ok()?;
            Identity::of(spare).ok()
        });
        if kept.is_none() {
            let _ = std::fs::remove_dir_all(old);
        }
        kept
    }

    /// Fills an output folder that is a mount point from the staging folder inside it: each
    /// new entry is exchanged with the old one of its name, and the old entries the new output
    /// has no counterpart for are moved into the staging folder, which is then removed. If an
    /// entry cannot be replaced, those replaced so far are put back.
    fn fill_in_place(&mut self) -> Result<()> {
        let target = self.target.clone();
        let identity = Identity::of(&target).map_err(|e| Error::io("read", &target, e))?;
        ownership::record(&target, &[identity])?;
        let names = |folder: &Path| -> Result<Vec<OsString>> {
            let mut names = Vec::new();
            for entry in std::fs::read_dir(folder).map_err(|e| Error::io("read", folder, e))? {
                names.push(entry.map_err(|e| Error::io("read", folder, e))?.file_name());
            }
            Ok(names)
        };
        let new_names = names(&self.dir)?;
        // What was done to each entry so far, to undo it: `true` for an exchange.
        let mut done: Vec<(&OsString, bool)> = Vec::new();
        for name in &new_names {
            let (from, to) = (self.dir.join(name), target.join(name));
            let replaced = if std::fs::symlink_metadata(&to).is_err() {
                std::fs::rename(&from, &to).map(|()| false)
            } else {
                swap::exchange(&from, &to).and_then(|exchanged| {
                    if exchanged {
                        Ok(true)
                    } else {
                        Err(std::io::Error::other(
                            "this file system cannot exchange two entries in one step",
                        ))
                    }
                })
            };
            match replaced {
                Ok(exchanged) => done.push((name, exchanged)),
                Err(error) => {
                    for (name, exchanged) in done.into_iter().rev() {
                        let (from, to) = (self.dir.join(name), target.join(name));
                        let _ = if exchanged {
                            swap::exchange(&from, &to).map(|_| ())
                        } else {
                            std::fs::rename(&to, &from)
                        };
                    }
                    return Err(Error::io("replace", &to, error));
                }
            }
        }
        self.committed = true;
        let new_names: HashSet<OsString> = new_names.into_iter().collect();
        let staging_prefix = format!(".{}.staging-", self.name);
        for name in names(&target)? {
            let staging = name.to_string_lossy().starts_with(&staging_prefix);
            if !staging && !new_names.contains(&name) {
                // Moved into the staging folder, which is removed whole below; one left behind
                // by a kill is removed by the next build.
                let _ = std::fs::rename(target.join(&name), self.dir.join(&name));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

impl PageSink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.put_bytes(path, bytes)
    }

    fn put_page(&self, path: &str, bytes: &[u8], made: Made) -> Result<()> {
        self.put_made(path, bytes, Some(made))
    }

    fn previous_frame(&self, path: &str, frame: &blake3::Hash) -> Option<(Vec<u8>, ListPlace)> {
        self.previous_frame_of(path, frame)
    }

    fn reuse_page(&self, path: &str, made_from: &blake3::Hash) -> Result<bool> {
        self.reuse_made(path, made_from)
    }

    fn reuses_pages(&self) -> bool {
        self.record.is_some()
    }

    fn read_back(&self, path: &str) -> Result<Vec<u8>> {
        let file = inside(&self.dir, path)?;
        std::fs::read(&file).map_err(|e| Error::io("read", &file, e))
    }
}

/// Whether the file at `path` holds exactly `bytes` (the size is checked first, so most
/// changed files are not read at all).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a temporary output folder and its record (`newsroom serve`'s, when it stops).
pub fn discard(target: &Path) {
    let _ = std::fs::remove_dir_all(target);
    let _ = std::fs::remove_file(ownership::record_path(target));
}

/// Joins a relative output path onto `base`, refusing absolute paths and `..`, so no input can
/// make newsroom write outside its output folder.
pub fn inside(base: &Path, relative: &str) -> Result<PathBuf> {
    let path = Path::new(relative);
    let safe = !relative.contains('\\')
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if !safe || relative.is_empty() {
        return Err(Error::Route(format!(
            "refusing to write \"{relative}\": it would land outside the output folder"
        )));
    }
    Ok(base.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        let base = Path::new("out");
        assert!(inside(base, "a/b/index.html").is_ok());
        assert!(inside(base, "../etc/passwd").is_err());
        assert!(inside(base, "/etc/passwd").is_err());
        assert!(inside(base, "a/../../b").is_err());
        assert!(inside(base, "a\\..\\b").is_err());
    }
}
