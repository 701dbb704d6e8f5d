//! The golden test: the repository's own example site (`newsroom.toml`, `content/`, `static/`,
//! `data/` at the repository root) is built with the real binary and every file of its output
//! is compared, byte for byte, with the reviewed copy in `tests/golden/example/`.
//!
//! Any change to any page, feed, sitemap or copied file, and any file added or removed, fails
//! with the list of files concerned and a diff of the first differences. When the change is
//! meant, review the diff and re-bless the copy:
//!
//! ```sh
//! NEWSROOM_BLESS=1 cargo test --test golden
//! git diff --stat tests/golden/   # then review and commit the new expected output
//! ```
//!
//! The build is pinned to one moment (`NEWSROOM_NOW`), so scheduled stories and the news
//! sitemap's 48-hour window give the same output on every day.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The moment the example site is built at: the day after its newest published story, so the
/// news sitemap lists that story and every dated story is published.
const BUILD_MOMENT: &str = "2025-07-24T00:00:00Z";

/// The folder of the search index, which the comparison leaves out.
const SEARCH_INDEX: &str = "pagefind";

/// What a processed image or icon is kept as in the expected output: its name, not its
/// bytes. Encoders may round a pixel differently on another processor, and the bytes of each
/// variant are decoded and measured by tests/photos.rs; here a photo's files need only be the
/// ones expected.
const IMAGE_STAND_IN: &[u8] = b"(a processed image: tests/photos.rs decodes and measures these)\n";

/// The built files kept by name only, by their extension.
const IMAGE_EXTENSIONS: &[&str] = &["avif", "webp", "jpg", "jpeg", "png", "ico", "gif"];

/// Replaces the bytes of every image in a built snapshot with [`IMAGE_STAND_IN`].
fn images_by_name(snapshot: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for (path, bytes) in snapshot.iter_mut() {
        let is_image = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                IMAGE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
            });
        if is_image {
            *bytes = IMAGE_STAND_IN.to_vec();
        }
    }
}

/// Set to 1 to replace the expected output with what the build gives.
const BLESS_VARIABLE: &str = "NEWSROOM_BLESS";

/// How many files of each kind are named, how many changed files are shown with a diff, and
/// how many diff lines each.
const NAMES_SHOWN: usize = 20;
const FILES_SHOWN: usize = 5;
const DIFF_LINES_SHOWN: usize = 40;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected_folder() -> PathBuf {
    repository().join("tests/golden/example")
}

/// Builds the example site into `output` and returns what the build printed.
fn build_example(output: &Path) -> String {
    let result = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("build")
        .arg("--root")
        .arg(repository())
        .arg("--output")
        .arg(output)
        .env("NEWSROOM_NOW", BUILD_MOMENT)
        .output()
        .expect("run the newsroom binary");
    assert!(
        result.status.success(),
        "the example site does not build:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    String::from_utf8_lossy(&result.stdout).into_owned()
}

/// A readable account of how `actual` differs from `expected`; empty when they are the same.
fn differences(
    expected: &BTreeMap<PathBuf, Vec<u8>>,
    actual: &BTreeMap<PathBuf, Vec<u8>>,
) -> String {
    let mut report = String::new();
    let added: Vec<&PathBuf> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let removed: Vec<&PathBuf> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let changed: Vec<&PathBuf> = expected
        .iter()
        .filter(|(path, bytes)| actual.get(*path).is_some_and(|now| now != *bytes))
        .map(|(path, _)| path)
        .collect();
    for (label, paths) in [
        ("new files (not in the expected output)", &added),
        ("missing files (expected, not built)", &removed),
        ("changed files", &changed),
    ] {
        if !paths.is_empty() {
            report.push_str(&format!("{} {label}:\n", paths.len()));
            for path in paths.iter().take(NAMES_SHOWN) {
                report.push_str(&format!("  {}\n", path.display()));
            }
            if paths.len() > NAMES_SHOWN {
                report.push_str(&format!("  ... and {} more\n", paths.len() - NAMES_SHOWN));
            }
        }
    }
    for path in changed.iter().take(FILES_SHOWN) {
        let (old, new) = (&expected[*path], &actual[*path]);
        match (std::str::from_utf8(old), std::str::from_utf8(new)) {
            (Ok(old), Ok(new)) => {
                let name = path.display().to_string();
                let diff = similar::TextDiff::from_lines(old, new)
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("expected/{name}"), &format!("built/{name}"))
                    .to_string();
                let lines: Vec<&str> = diff.lines().collect();
                report.push('\n');
                for line in lines.iter().take(DIFF_LINES_SHOWN) {
                    report.push_str(line);
                    report.push('\n');
                }
                if lines.len() > DIFF_LINES_SHOWN {
                    report.push_str(&format!(
                        "... {} more diff lines\n",
                        lines.len() - DIFF_LINES_SHOWN
                    ));
                }
            }
            _ => report.push_str(&format!(
                "\n{}: binary files differ ({} bytes expected, {} built)\n",
                path.display(),
                old.len(),
                new.len()
            )),
        }
    }
    if changed.len() > FILES_SHOWN {
        report.push_str(&format!(
            "\n(diffs of {} more changed files not shown)\n",
            changed.len() - FILES_SHOWN
        ));
    }
    report
}

/// Replaces the expected folder with the built output.
fn bless(built: &Path) {
    let expected = expected_folder();
    if expected.exists() {
        std::fs::remove_dir_all(&expected).unwrap();
    }
    let mut snapshot = common::snapshot(built);
    images_by_name(&mut snapshot);
    for (relative, bytes) in snapshot {
        if relative.starts_with(SEARCH_INDEX) {
            continue;
        }
        let path = expected.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn the_example_site_builds_exactly_the_reviewed_output() {
    let scratch = tempfile::tempdir().unwrap();
    let built = scratch.path().join("public");
    let summary = build_example(&built);
    assert!(summary.starts_with("Built "), "{summary}");
    let mut actual = common::snapshot(&built);
    assert!(!actual.is_empty(), "the build wrote nothing");
    // The search index is Pagefind's bytes: its scripts and WebAssembly, and index chunks
    // that change with every word of every story. tests/search.rs checks it; here it need
    // only be there.
    assert!(
        built.join("pagefind/pagefind-entry.json").is_file(),
        "the example site has search on, but its build wrote no search index"
    );
    actual.retain(|path, _| !path.starts_with(SEARCH_INDEX));
    images_by_name(&mut actual);

    if std::env::var_os(BLESS_VARIABLE).is_some_and(|value| value == "1") {
        let before = if expected_folder().is_dir() {
            common::snapshot(&expected_folder())
        } else {
            BTreeMap::new()
        };
        bless(&built);
        let report = differences(&before, &actual);
        eprintln!(
            "{BLESS_VARIABLE}=1: wrote {} files to tests/golden/example/{}",
            actual.len(),
            if report.is_empty() {
                " (no change)".to_string()
            } else {
                format!("; what changed:\n{report}")
            }
        );
        return;
    }

    assert!(
        expected_folder().is_dir(),
        "tests/golden/example/ is missing; create it with {BLESS_VARIABLE}=1 cargo test --test golden"
    );
    let expected = common::snapshot(&expected_folder());
    let report = differences(&expected, &actual);
    assert!(
        report.is_empty(),
        "the example site's output differs from tests/golden/example/:\n{report}\n\
         If the change is intended, review it and re-bless with:\n    \
         {BLESS_VARIABLE}=1 cargo test --test golden"
    );
}

#[test]
fn the_differences_report_names_added_removed_and_changed_files() {
    let file = |path: &str, text: &str| (PathBuf::from(path), text.as_bytes().to_vec());
    let expected: BTreeMap<PathBuf, Vec<u8>> = [
        file("index.html", "<h1>Latest</h1>\n<p>One</p>\n"),
        file("gone.html", "old\n"),
    ]
    .into_iter()
    .collect();
    let actual: BTreeMap<PathBuf, Vec<u8>> = [
        file("index.html", "<h1>Latest</h1>\n<p>Two</p>\n"),
        file("new.html", "new\n"),
    ]
    .into_iter()
    .collect();
    let report = differences(&expected, &actual);
    assert!(report.contains("1 new files (not in the expected output):\n  new.html\n"));
    assert!(report.contains("1 missing files (expected, not built):\n  gone.html\n"));
    assert!(report.contains("1 changed files:\n  index.html\n"));
    assert!(report.contains("--- expected/index.html\n+++ built/index.html\n"));
    assert!(report.contains("\n-<p>One</p>\n+<p>Two</p>\n"), "{report}");
    assert_eq!(differences(&expected, &expected), "");
}
