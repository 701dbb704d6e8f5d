//! The output folder is never a victim: `newsroom build` refuses an `--output` that would
//! swallow the site, its sources or the home folder, replaces a folder it did not make only
//! with `--force`, and a build that fails or is killed at any moment leaves the previous output
//! byte for byte as it was.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// What a folder holds, entry by entry: every file's bytes, every folder, every link's target.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Folder,
    Link(PathBuf),
}

/// Everything under `dir`, to check that a refused build changed nothing at all.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| entry.unwrap())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            let kind = entry.file_type();
            let value = if kind.is_symlink() {
                Entry::Link(std::fs::read_link(entry.path()).unwrap())
            } else if kind.is_dir() {
                Entry::Folder
            } else {
                Entry::File(std::fs::read(entry.path()).unwrap())
            };
            (relative, value)
        })
        .collect()
}

/// A temporary folder holding a site (`site/`, built once into `site/public/`) and a home
/// folder (`home/`) with files of its own, so a test can point `--output` anywhere around them.
struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let world = World {
            dir: tempfile::tempdir().unwrap(),
        };
        world.write(
            "site/content/good.md",
            "---\ntitle: Good story\ndate: 2023-10-29\ntags: [politics]\n---\nA good body.\n",
        );
        world.write("site/data/authors.toml", "");
        world.write("site/static/logo.svg", "<svg/>");
        world.write("home/notes.txt", "an editor's own notes");
        world.write("home/.profile", "export EDITOR=vi");
        world
    }

    /// The folder's absolute path with every link resolved, as newsroom prints paths.
    fn path(&self, relative: &str) -> PathBuf {
        let base = self.dir.path().canonicalize().unwrap();
        if relative.is_empty() {
            base
        } else {
            base.join(relative)
        }
    }

    fn root(&self) -> PathBuf {
        self.path("site")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `newsroom build --root site` with `args`, with `home/` as the home folder.
    fn build(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsroom"))
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("HOME", self.path("home"))
            .current_dir(self.path(""))
            .output()
            .unwrap()
    }

    fn build_ok(&self, args: &[&str]) {
        let output = self.build(args);
        assert!(
            output.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Runs a build that must be refused with exactly `message` and exit status 1, and checks
    /// that it changed nothing in the whole temporary folder.
    fn assert_refused(&self, args: &[&str], message: &str) {
        let before = tree(&self.path(""));
        let output = self.build(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), message, "{args:?}");
        let after = tree(&self.path(""));
        assert!(
            before == after,
            "{args:?} changed files: before {:?}, after {:?}",
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
    }

    /// The message of a refusal of an output that would delete the site's own files.
    fn own_files(&self, shown: &str) -> String {
        format!(
            "error: {shown}: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {}\n",
            self.root().join("public").display()
        )
    }
}

/// A world whose site was built once, so there is a previous output to keep.
fn built_world() -> World {
    let world = World::new();
    world.build_ok(&[]);
    assert!(
        world
            .root()
            .join("public/2023/10/29/good/index.html")
            .is_file()
    );
    world
}

#[test]
fn the_home_folder_and_the_folders_above_it_are_refused() {
    let world = built_world();
    let home = world.path("home");
    world.assert_refused(
        &["--output", home.to_str().unwrap()],
        &format!(
            "error: {}: refusing to build into your home folder, because replacing it would delete everything in it; choose a separate folder such as {}\n",
            home.display(),
            world.root().join("public").display()
        ),
    );
    let above = world.path("");
    world.assert_refused(
        &["--output", above.to_str().unwrap()],
        &format!(
            "error: {}: refusing to build into this folder, because it holds your home folder {} and replacing it would delete everything in that; choose a separate folder such as {}\n",
            above.display(),
            home.display(),
            world.root().join("public").display()
        ),
    );
    // Written the way a shell user might, with the `..` left in.
    let dotted = format!("{}/x/../..", world.root().display());
    world.assert_refused(
        &["--output", &dotted],
        &format!(
            "error: {dotted} (which is {}): refusing to build into this folder, because it holds your home folder {} and replacing it would delete everything in that; choose a separate folder such as {}\n",
            above.display(),
            home.display(),
            world.root().join("public").display()
        ),
    );
}

#[test]
fn the_root_of_the_file_system_is_refused() {
    let world = built_world();
    let before = tree(&world.path(""));
    let output = world.build(&["--output", "/"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: /: refusing to build into the root of the file system, because replacing it would delete everything on this machine; choose a separate folder such as {}\n",
            world.root().join("public").display()
        )
    );
    assert!(before == tree(&world.path("")));
}

#[test]
fn the_site_and_its_source_folders_are_refused() {
    let world = built_world();
    world.write("site/layouts/_default/single.html", "{{ .Content }}");
    world.write(
        "site/_posts/2023-10-28-old.md",
        "---\ntitle: Old\n---\nOld.\n",
    );
    for folder in [
        "",
        "content",
        "data",
        "static",
        "templates",
        "layouts",
        "_posts",
        "content/2023",
    ] {
        let output = world.root().join(folder);
        let shown = output.display().to_string();
        world.assert_refused(&["--output", &shown], &world.own_files(&shown));
    }
    // The folder holding the site, and the same folders reached through a `..`.
    let parent = world.path("");
    let shown = parent.display().to_string();
    world.assert_refused(
        &["--output", &shown],
        &format!(
            "error: {shown}: refusing to build into this folder, because it holds your home folder {} and replacing it would delete everything in that; choose a separate folder such as {}\n",
            world.path("home").display(),
            world.root().join("public").display()
        ),
    );
    let sneaky = format!("{}/missing/../content", world.root().display());
    world.assert_refused(
        &["--output", &sneaky],
        &world.own_files(&format!(
            "{sneaky} (which is {})",
            world.root().join("content").display()
        )),
    );
    // Relative to the current folder, which is the temporary folder here.
    world.assert_refused(
        &["--output", "site/missing/../content"],
        &world.own_files(&format!(
            "site/missing/../content (which is {})",
            world.root().join("content").display()
        )),
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_source_folder_is_refused() {
    let world = built_world();
    let link = world.path("elsewhere");
    std::os::unix::fs::symlink(world.root().join("content"), &link).unwrap();
    let shown = link.display().to_string();
    world.assert_refused(
        &["--output", &shown],
        &world.own_files(&format!(
            "{shown} (which is {})",
            world.root().join("content").display()
        )),
    );
    // A link inside the path, with a `..` after it: the link's target's parent is the site.
    std::os::unix::fs::symlink(world.root().join("content"), world.path("to-content")).unwrap();
    let through = format!(
        "{}/../public/../content",
        world.path("to-content").display()
    );
    world.assert_refused(
        &["--output", &through],
        &world.own_files(&format!(
            "{through} (which is {})",
            world.root().join("content").display()
        )),
    );
}

#[test]
fn an_output_named_with_a_dot_dot_onto_itself_builds() {
    let world = World::new();
    world.build_ok(&["--output", "out/../out"]);
    let first = common::snapshot(&world.path("out"));
    assert!(first.contains_key(Path::new("2023/10/29/good/index.html")));
    // A rebuild through the same path replaces the output it made, and leaves nothing beside.
    world.write(
        "site/content/second.md",
        "---\ntitle: Second\ndate: 2023-10-30\n---\nTwo.\n",
    );
    world.build_ok(&["--output", "out/../out"]);
    let second = common::snapshot(&world.path("out"));
    assert!(second.contains_key(Path::new("2023/10/30/second/index.html")));
    let beside: Vec<String> = std::fs::read_dir(world.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".out."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_file_as_output_is_refused() {
    let world = built_world();
    world.write("report.pdf", "%PDF-1.7");
    let file = world.path("report.pdf");
    let shown = file.display().to_string();
    world.assert_refused(
        &["--output", &shown],
        &format!(
            "error: {shown}: the output path is a file, not a folder; remove it or choose another --output\n"
        ),
    );
}

#[test]
fn a_folder_newsroom_did_not_make_is_replaced_only_with_force() {
    let world = built_world();
    world.write("docs/index.md", "# The project's documentation");
    world.write("docs/guide/setup.md", "Setup.");
    let docs = world.path("docs");
    let shown = docs.display().to_string();
    world.assert_refused(
        &["--output", &shown],
        &format!(
            "error: {shown}: refusing to replace this folder, because newsroom did not make it: it holds guide/setup.md, which this build does not write; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it\n"
        ),
    );
    // --force never lets a build replace the site's own folders or the home folder.
    let content = world.root().join("content").display().to_string();
    world.assert_refused(
        &["--force", "--output", &content],
        &world.own_files(&content),
    );
    world.build_ok(&["--force", "--output", &shown]);
    assert!(docs.join("2023/10/29/good/index.html").is_file());
    assert!(!docs.join("index.md").exists());
    // Newsroom made it now: the next build needs no --force, even after a story is gone.
    std::fs::remove_file(world.root().join("content/good.md")).unwrap();
    world.write(
        "site/content/other.md",
        "---\ntitle: Other\ndate: 2023-10-30\n---\nOther.\n",
    );
    world.build_ok(&["--output", &shown]);
    assert!(docs.join("2023/10/30/other/index.html").is_file());
    assert!(!docs.join("2023/10/29/good/index.html").exists());
}

#[test]
fn an_empty_folder_is_built_into() {
    let world = World::new();
    std::fs::create_dir(world.path("empty")).unwrap();
    world.build_ok(&["--output", "empty"]);
    assert!(world.path("empty/index.html").is_file());
}

#[test]
fn an_output_of_a_build_before_records_is_recognised_only_when_nothing_would_be_lost() {
    let world = built_world();
    let record = world.root().join(".newsroom.public");
    assert!(record.is_file(), "no record of the output beside it");
    // As an earlier version left it: the output alone, no record.
    std::fs::remove_file(&record).unwrap();
    world.write(
        "site/content/second.md",
        "---\ntitle: Second\ndate: 2023-10-30\n---\nTwo.\n",
    );
    world.build_ok(&[]);
    assert!(
        world
            .root()
            .join("public/2023/10/30/second/index.html")
            .is_file()
    );
    // Without a record, a page this build no longer writes could be someone else's file.
    std::fs::remove_file(&record).unwrap();
    std::fs::remove_file(world.root().join("content/second.md")).unwrap();
    let public = world.root().join("public").display().to_string();
    world.assert_refused(
        &[],
        &format!(
            "error: {public}: refusing to replace this folder, because newsroom did not make it: it holds 2023/10/30/index.html, which this build does not write; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it\n"
        ),
    );
    // A folder of only files the build writes, but no home page: not taken for newsroom's.
    world.write("other/theme.css", "body {}");
    world.assert_refused(
        &["--output", "other"],
        "error: other: refusing to replace this folder, because newsroom did not make it: it has no index.html, which every newsroom build writes; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it\n",
    );
}

/// A process id that no process has: the id of a child that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_a_running_builds_are_kept() {
    let world = built_world();
    let dead = dead_pid();
    let alive = std::process::id();
    for leftover in [
        format!("site/.public.staging-{dead}/index.html"),
        format!("site/.public.old-{dead}/index.html"),
        format!("site/.newsroom.public.new-{dead}"),
        format!("site/.public.staging-{alive}/index.html"),
        format!("site/.docs.staging-{dead}/index.html"),
    ] {
        world.write(&leftover, "left");
    }
    world.build_ok(&[]);
    let mut beside: Vec<String> = std::fs::read_dir(world.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        // The photo cache (the site's icons) is the site's, and kept.
        .filter(|name| name != ".newsroom")
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [
            format!(".docs.staging-{dead}"),
            ".newsroom.public".to_string(),
            format!(".public.staging-{alive}"),
        ]
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_and_its_record_as_they_were() {
    let world = built_world();
    world.write(
        "site/content/broken.md",
        "---\ntitle: Broken\ndate: not a date\n---\nBody.\n",
    );
    let before = tree(&world.path(""));
    let output = world.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(before == tree(&world.path("")));
}

/// Writes a site of `stories` short stories in `root`; `edition` changes one headline and
/// adds a story, so two editions give two different outputs.
fn write_big_site(root: &Path, stories: usize, edition: usize) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("newsroom.toml"),
        "title = \"The Daily Kill\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    for n in 0..stories {
        let path = root.join(format!("content/story-{n}.md"));
        if path.exists() && n != 0 {
            continue;
        }
        let title = if n == 0 {
            format!("Story zero, edition {edition}")
        } else {
            format!("Story {n}")
        };
        std::fs::write(
            path,
            format!(
                "---\ntitle: {title}\ndate: 2023-{:02}-{:02}T{:02}:00:00Z\ntags: [tag-{}, tag-{}]\n---\nBody of story {n}.\n",
                1 + n % 12,
                1 + n % 28,
                n % 24,
                n % 50,
                n % 7
            ),
        )
        .unwrap();
    }
    let extra = root.join("content/extra.md");
    if edition % 2 == 1 {
        std::fs::write(&extra, "---\ntitle: Extra\ndate: 2024-01-01\n---\nExtra.\n").unwrap();
    } else if extra.exists() {
        std::fs::remove_file(extra).unwrap();
    }
}

/// A small, fast random number generator, seeded from the clock (the seed is printed, so a
/// failing run can be repeated with `NEWSROOM_KILL_SEED`).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_whole_output_and_the_next_build_cleans_up() {
    // A debug build of 10,000 stories takes many seconds on a two-core runner, and each kill
    // needs a build to interrupt, so the default run uses 300 stories to stay within a few
    // seconds: the staging, the swap, the cleanup and every step between are the same at
    // any size, only shorter. NEWSROOM_KILL_STORIES=10000 runs the full size.
    let stories: usize = std::env::var("NEWSROOM_KILL_STORIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let kills: usize = std::env::var("NEWSROOM_KILL_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let seed = std::env::var("NEWSROOM_KILL_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("NEWSROOM_KILL_SEED={seed}");
    let mut dice = Dice(seed);

    let folder = tempfile::tempdir().unwrap();
    let root = folder.path().join("site");
    let build = |output: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
        command
            .arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--output")
            .arg(output);
        command
    };
    let quiet = |command: &mut Command| {
        command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    // The second edition's output, built once elsewhere; the first is the output itself.
    write_big_site(&root, stories, 1);
    let reference = folder.path().join("edition-1");
    let started = Instant::now();
    assert!(quiet(&mut build(&reference)));
    let took = started.elapsed();
    let second = common::snapshot(&reference);
    std::fs::remove_dir_all(&reference).unwrap();
    let output = root.join("public");
    write_big_site(&root, stories, 0);
    assert!(quiet(&mut build(&output)));
    let expected = [common::snapshot(&output), second];
    assert!(expected[0] != expected[1]);
    let mut current = 0;
    for kill in 0..kills {
        let next = 1 - current;
        write_big_site(&root, stories, next);
        // Anywhere from the start to a little past the end of a whole build.
        let wait = took.mul_f64((dice.next() % 1000) as f64 / 900.0);
        let mut child = build(&output)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let _ = child.kill();
        child.wait().unwrap();
        assert!(
            output.is_dir(),
            "kill {kill} after {wait:?} (seed {seed}) left no output folder"
        );
        let now = common::snapshot(&output);
        if now == expected[next] {
            current = next;
        } else {
            assert!(
                now == expected[current],
                "kill {kill} after {wait:?} (seed {seed}) left neither the previous nor the new output: {} files",
                now.len()
            );
        }
    }
    write_big_site(&root, stories, 1 - current);
    assert!(quiet(&mut build(&output)));
    assert!(common::snapshot(&output) == expected[1 - current]);
    let left: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.") || name.starts_with(".newsroom.public."))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Runs `script` as root in a mount namespace of its own (`unshare -rm`), so it can bind-mount
/// a folder without changing the machine's mounts.
fn in_own_mounts(script: &str) -> Output {
    Command::new("unshare")
        .args(["-rm", "sh", "-ec", script])
        .output()
        .expect("run unshare")
}

#[test]
#[ignore = "needs unshare and user namespaces for a bind mount; run with --include-ignored"]
fn an_output_folder_that_is_a_mount_point_is_filled_in_place() {
    let world = World::new();
    std::fs::create_dir(world.path("mounted")).unwrap();
    std::fs::create_dir(world.path("site/public")).unwrap();
    let newsroom = env!("CARGO_BIN_EXE_newsroom");
    let root = world.root();
    let mounted = world.path("mounted");
    let public = root.join("public");
    let (root, mounted, public) = (root.display(), mounted.display(), public.display());
    let script = format!(
        "mount --bind '{mounted}' '{public}'
         grep -q ' {public} ' /proc/self/mountinfo
         printf 'old' > '{public}/stale.html'
         '{newsroom}' build --root '{root}' --force >/dev/null
         printf -- '---\\ntitle: Second\\ndate: 2023-10-30\\n---\\nTwo.\\n' > '{root}/content/second.md'
         '{newsroom}' build --root '{root}' >/dev/null
         grep -q ' {public} ' /proc/self/mountinfo"
    );
    let ran = in_own_mounts(&script);
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    // What was built went into the mounted folder itself.
    let built = world.path("mounted");
    assert!(built.join("2023/10/29/good/index.html").is_file());
    assert!(built.join("2023/10/30/second/index.html").is_file());
    assert!(!built.join("stale.html").exists());
    let hidden: Vec<String> = std::fs::read_dir(&built)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}
