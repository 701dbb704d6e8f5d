//! A build of a site that has not changed since the last build leaves the output exactly as
//! that build wrote it, and says so; any change to what a build reads, to the output, or a
//! clock that reaches a moment the output changes at, makes it build again.
//!
//! Each site is written, then left to settle for a little over two seconds: a build does not
//! trust a hash of files changed in the two seconds before it (README, "Rebuilds").

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;
use newsroom::changes::ChangeList;

/// The words that end the summary of a build that found nothing changed.
const UNCHANGED: &str =
    "nothing it reads changed since the last build, so the output was left as that build wrote it";

const NOW: &str = "2026-03-10T12:00:00Z";

/// Waits out the time within which a changed file keeps a build from stamping its inputs.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(2100));
}

/// A site of three old stories, settled.
fn site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"The Ledger\"\nbase_url = \"https://ledger.example.org/\"\n",
    );
    for n in 1..=3 {
        site.article(
            &format!("story-{n}.md"),
            &format!("title: Story {n}\ndate: 2025-0{n}-01T09:00:00Z\ntags: [Town]"),
            &format!("Body of story {n}."),
        );
    }
    settle();
    site
}

/// Runs `newsroom build` at the moment `now` with extra arguments; gives its summary.
fn build_at(site: &Fixture, now: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("NEWSROOM_NOW", now)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Every output file's inode and modification time, with the output folder's own inode: a
/// build that left the output alone changes none of them.
fn facts(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .map(|entry| {
            let meta = entry.metadata().unwrap();
            let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

fn change_list(site: &Fixture) -> ChangeList {
    ChangeList::read(&site.root().join(".newsroom/build")).unwrap()
}

#[test]
fn a_site_that_did_not_change_is_left_as_the_last_build_wrote_it() {
    let site = site();
    let first = build_at(&site, NOW, &[]);
    assert!(!first.contains(UNCHANGED), "{first}");
    let (before, bytes) = (facts(&site.public()), site.snapshot());

    let again = build_at(&site, NOW, &[]);
    assert!(again.contains(UNCHANGED), "{again}");
    // The summary is the last build's, counts and all.
    assert!(
        again.starts_with(first.split(" in ").next().unwrap()),
        "{first}\n{again}"
    );
    assert_eq!(facts(&site.public()), before, "the output was touched");
    assert_eq!(site.snapshot(), bytes);
    let list = change_list(&site);
    assert_eq!(list.all().count(), 0, "{list:?}");
    assert!(!list.first_build);

    // A later moment that reaches no change of the output keeps the shortcut.
    let later = build_at(&site, "2026-03-11T12:00:00Z", &[]);
    assert!(later.contains(UNCHANGED), "{later}");
    // A moment before the last build is not one it knew of.
    let earlier = build_at(&site, "2026-03-09T12:00:00Z", &[]);
    assert!(!earlier.contains(UNCHANGED), "{earlier}");
}

#[test]
fn any_change_to_what_a_build_reads_builds_again() {
    let site = site();
    build_at(&site, NOW, &[]);

    // An edit to a story.
    site.article(
        "story-2.md",
        "title: Story 2, corrected\ndate: 2025-02-01T09:00:00Z\ntags: [Town]",
        "Body of story 2.",
    );
    let edited = build_at(&site, NOW, &[]);
    assert!(!edited.contains(UNCHANGED), "{edited}");
    let title = common::texts(&site.page("/2025/02/01/story-2/"), "h1");
    assert_eq!(title, ["Story 2, corrected"]);
    // Built within two seconds of the edit: no stamp, so the next build builds too.
    let unsettled = build_at(&site, NOW, &[]);
    assert!(!unsettled.contains(UNCHANGED), "{unsettled}");
    settle();
    build_at(&site, NOW, &[]);
    assert!(build_at(&site, NOW, &[]).contains(UNCHANGED));

    // A new file anywhere in the site folder, even one no build uses.
    site.write("static/robots-notes.txt", "notes");
    settle();
    let added = build_at(&site, NOW, &[]);
    assert!(!added.contains(UNCHANGED), "{added}");
    assert!(site.public().join("robots-notes.txt").is_file());

    // Another base URL, or --future, is another build.
    build_at(&site, NOW, &[]);
    let moved = build_at(&site, NOW, &["--base-url", "https://other.example.org/"]);
    assert!(!moved.contains(UNCHANGED), "{moved}");
    let future = build_at(&site, NOW, &["--future"]);
    assert!(!future.contains(UNCHANGED), "{future}");

    // Drafts and --keep-going always build; the build after each builds again too, since
    // its output is not the one the stamp names.
    for flag in ["--drafts", "--keep-going"] {
        build_at(&site, NOW, &[]);
        assert!(build_at(&site, NOW, &[]).contains(UNCHANGED));
        let flagged = build_at(&site, NOW, &[flag]);
        assert!(!flagged.contains(UNCHANGED), "{flag}: {flagged}");
        let after = build_at(&site, NOW, &[]);
        assert!(!after.contains(UNCHANGED), "after {flag}: {after}");
    }
}

#[test]
fn an_output_changed_by_hand_is_built_again() {
    let site = site();
    build_at(&site, NOW, &[]);
    let home = site.public().join("index.html");
    let right = std::fs::read(&home).unwrap();

    std::fs::remove_file(&home).unwrap();
    let repaired = build_at(&site, NOW, &[]);
    assert!(!repaired.contains(UNCHANGED), "{repaired}");
    assert_eq!(std::fs::read(&home).unwrap(), right);

    std::fs::write(&home, "edited by hand").unwrap();
    let rewritten = build_at(&site, NOW, &[]);
    assert!(!rewritten.contains(UNCHANGED), "{rewritten}");
    assert_eq!(std::fs::read(&home).unwrap(), right);

    // An output folder put back after another build replaced it is not the one the stamp
    // names, even with every file as recorded.
    let elsewhere = site.root().join("elsewhere");
    std::fs::rename(site.public(), &elsewhere).unwrap();
    std::fs::create_dir(site.public()).unwrap();
    common::newsroom(&["build", "--root", site.root().to_str().unwrap()]);
    std::fs::remove_dir_all(site.public()).unwrap();
    std::fs::rename(&elsewhere, site.public()).unwrap();
    let swapped = build_at(&site, NOW, &[]);
    assert!(!swapped.contains(UNCHANGED), "{swapped}");
    assert_eq!(std::fs::read(&home).unwrap(), right);
}

#[test]
fn the_clock_reaching_a_change_of_the_output_builds_again() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"The Ledger\"\nbase_url = \"https://ledger.example.org/\"\n",
    );
    // Published an hour before NOW, so in the news sitemap for 47 hours more.
    site.article(
        "fresh.md",
        "title: Fresh\ndate: 2026-03-10T11:00:00Z",
        "Just in.",
    );
    // Goes live three hours after NOW.
    site.article(
        "embargoed.md",
        "title: Embargoed\ndate: 2026-03-10T15:00:00Z",
        "Not yet.",
    );
    settle();
    let news = |site: &Fixture| std::fs::read_to_string(site.public().join("news-sitemap.xml"));

    build_at(&site, NOW, &[]);
    assert!(news(&site).unwrap().contains("/2026/03/10/fresh/"));
    let embargoed = site.public().join("2026/03/10/embargoed/index.html");
    assert!(!embargoed.exists());
    assert!(build_at(&site, "2026-03-10T14:59:59Z", &[]).contains(UNCHANGED));

    let live = build_at(&site, "2026-03-10T15:00:00Z", &[]);
    assert!(!live.contains(UNCHANGED), "{live}");
    assert!(embargoed.is_file());
    assert!(build_at(&site, "2026-03-12T10:59:59Z", &[]).contains(UNCHANGED));

    // Forty-eight hours after it was published, the story leaves the news sitemap.
    let aged = build_at(&site, "2026-03-12T11:00:00Z", &[]);
    assert!(!aged.contains(UNCHANGED), "{aged}");
    let sitemap = news(&site).unwrap();
    assert!(!sitemap.contains("/2026/03/10/fresh/"), "{sitemap}");
    assert!(sitemap.contains("/2026/03/10/embargoed/"), "{sitemap}");
}

/// Builds with `--drafts` keep no stamp, and two of them bring the output folder back to the
/// stamped one (each build takes the output before last as its folder): the record tells the
/// draft-holding output from the stamped one, so the next plain build leaves the draft out.
#[test]
fn an_output_a_drafts_build_wrote_is_never_taken_for_the_stamped_one() {
    let site = site();
    site.article(
        "draft.md",
        "title: Not for readers\ndate: 2025-04-01T09:00:00Z\ndraft: true",
        "Unfinished.",
    );
    settle();
    let draft = site.public().join("2025/04/01/draft/index.html");
    build_at(&site, NOW, &[]);
    assert!(build_at(&site, NOW, &[]).contains(UNCHANGED));
    assert!(!draft.exists());
    build_at(&site, NOW, &["--drafts"]);
    build_at(&site, NOW, &["--drafts"]);
    assert!(draft.is_file());
    let plain = build_at(&site, NOW, &[]);
    assert!(!plain.contains(UNCHANGED), "{plain}");
    assert!(!draft.exists(), "the draft is still published");
}

/// A file put into the output by hand is gone after a real build, so the shortcut does not
/// keep it either.
#[test]
fn a_file_added_to_the_output_by_hand_is_built_away() {
    let site = site();
    build_at(&site, NOW, &[]);
    assert!(build_at(&site, NOW, &[]).contains(UNCHANGED));
    let stray = site.public().join("stray.html");
    std::fs::write(&stray, "left by hand").unwrap();
    let rebuilt = build_at(&site, NOW, &[]);
    assert!(!rebuilt.contains(UNCHANGED), "{rebuilt}");
    assert!(!stray.exists());
}
