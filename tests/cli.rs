//! The command line itself: help text and the build summary.

mod common;

use common::newsroom;

#[test]
fn help_describes_every_build_option() {
    let (ok, help, _) = newsroom(&["build", "--help"]);
    assert!(ok);
    for option in ["--root", "--output", "--base-url", "--drafts", "--future"] {
        assert!(
            help.contains(option),
            "build --help lacks {option}:\n{help}"
        );
    }
    let (ok, help, _) = newsroom(&["--help"]);
    assert!(ok);
    assert!(help.contains("build"), "{help}");
}

#[test]
fn build_prints_one_summary_line() {
    let site = common::Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-01-01\ntags: [x]", "A.");
    let summary = site.build_ok(&[]);
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(
        summary.starts_with("Built 1 article, 1 tag: 9 pages, 0 feeds and 0 static files into "),
        "{summary}"
    );
    // Every file is new the first time; the next build over it changes none.
    let changes = ".newsroom/build/changes.json)";
    assert!(
        summary.contains("; changed 17 files: 17 added, 0 updated, 0 deleted (listed in ")
            && summary.trim_end().ends_with(changes),
        "{summary}"
    );
    let again = site.build_ok(&[]);
    assert!(
        again.contains("; changed 0 files: 0 added, 0 updated, 0 deleted (listed in "),
        "{again}"
    );
}

#[test]
fn a_missing_site_folder_is_an_error() {
    let (ok, _, error) = newsroom(&["build", "--root", "no/such/folder"]);
    assert!(!ok);
    assert!(
        error.contains("no/such/folder: no such site folder"),
        "{error}"
    );
}

#[test]
fn a_folder_that_is_no_site_is_refused_and_nothing_is_written() {
    let folder = tempfile::tempdir().unwrap();
    let (ok, _, error) = newsroom(&["build", "--root", folder.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        error.contains("not a site folder: it holds neither newsroom.toml nor a content/ (or Jekyll _posts/) folder"),
        "{error}"
    );
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
}
