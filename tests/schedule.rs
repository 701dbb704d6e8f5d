//! `newsroom next`: the moment the site next changes by the clock alone (a scheduled story
//! goes live, a story expires), as one line or as JSON, judged from now, from
//! `NEWSROOM_NOW` or from `--at`; and the build's summary naming the next of each.

mod common;

use std::process::Command;

use common::Fixture;
use serde_json::{Value, json};

/// The moment the tests judge from.
const NOW: &str = "2030-01-01T00:00:00Z";

/// A site with one story of each kind the schedule must tell apart.
fn scheduled_site() -> Fixture {
    let site = Fixture::new();
    site.article("live.md", "title: Live\ndate: 2029-06-01", ".");
    site.article(
        "embargoed.md",
        "title: Embargoed\ndate: 2029-12-30\npublish_date: 2999-05-01T06:00:00Z",
        ".",
    );
    site.article(
        "tomorrow.md",
        "title: Tomorrow's story\ndate: 2030-01-02T08:30:00+05:00",
        ".",
    );
    site.article(
        "offer.md",
        "title: Limited offer\ndate: 2029-11-01\nexpiry_date: 2999-03-01",
        ".",
    );
    // Neither of these changes the site on its own: a draft waits for an editor, and a
    // story that expires before it goes live is never shown.
    site.article(
        "draft.md",
        "title: Draft\ndate: 2998-01-01\ndraft: true",
        ".",
    );
    site.article(
        "never.md",
        "title: Never shown\ndate: 2030-01-01T12:00:00Z\nexpiry_date: 2030-01-01T06:00:00Z",
        ".",
    );
    site.article(
        "gone.md",
        "title: Gone\ndate: 2029-01-01\nexpiry_date: 2029-02-01",
        ".",
    );
    site
}

/// Runs `newsroom next` on `site` at [`NOW`]; gives success, stdout and stderr.
fn next(site: &Fixture, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("next")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("NEWSROOM_NOW", NOW)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn next_prints_the_soonest_change_as_one_utc_time() {
    let site = scheduled_site();
    let (ok, stdout, stderr) = next(&site, &[]);
    assert!(ok, "{stderr}");
    // 08:30 at +05:00 is 03:30 UTC.
    assert_eq!(stdout, "2030-01-02T03:30:00Z\n");
    // Nothing was written: the command only reads.
    assert!(!site.public().exists());
}

#[test]
fn next_json_lists_every_coming_change_soonest_first() {
    let site = scheduled_site();
    let (ok, stdout, stderr) = next(&site, &["--json"]);
    assert!(ok, "{stderr}");
    let listing: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        listing,
        json!({
            "now": "2030-01-01T00:00:00Z",
            "next": "2030-01-02T03:30:00Z",
            "changes": [
                {"at": "2030-01-02T03:30:00Z", "change": "goes-live", "file": "content/tomorrow.md", "title": "Tomorrow’s story"},
                {"at": "2999-03-01T00:00:00Z", "change": "expires", "file": "content/offer.md", "title": "Limited offer"},
                {"at": "2999-05-01T06:00:00Z", "change": "goes-live", "file": "content/embargoed.md", "title": "Embargoed"},
            ],
        })
    );
}

#[test]
fn at_judges_from_another_moment_and_nothing_left_prints_nothing() {
    let site = scheduled_site();
    let (ok, stdout, stderr) = next(&site, &["--at", "2999-03-01T00:00:00Z"]);
    assert!(ok, "{stderr}");
    // The offer expires at that very moment, so a build then already leaves it out; the
    // embargoed story is what remains.
    assert_eq!(stdout, "2999-05-01T06:00:00Z\n");

    let (ok, stdout, stderr) = next(&site, &["--at", "3000-01-01T00:00:00+01:00"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout, "",
        "nothing is scheduled after every story's moment"
    );
    let (ok, stdout, _) = next(&site, &["--at", "3000-01-01T00:00:00Z", "--json"]);
    assert!(ok);
    let listing: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listing["next"], Value::Null);
    assert_eq!(listing["changes"], json!([]));
}

#[test]
fn a_moment_that_does_not_read_and_a_broken_story_fail_with_the_reason() {
    let site = scheduled_site();
    let (ok, stdout, stderr) = next(&site, &["--at", "tomorrow"]);
    assert!(!ok);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("\"tomorrow\" is not an RFC 3339 time")
            && stderr.contains("2026-12-02T06:00:00Z"),
        "{stderr}"
    );

    // A story the build would refuse stops the schedule too, with its file and line, so a
    // scheduler never plans from a site that does not build.
    site.article("broken.md", "title: Broken\ndate: 2030-13-45", ".");
    let (ok, stdout, stderr) = next(&site, &[]);
    assert!(!ok);
    assert_eq!(stdout, "");
    assert!(stderr.contains("content/broken.md:3"), "{stderr}");
}

#[test]
fn the_build_summary_names_the_next_story_to_go_live_and_to_expire() {
    let site = scheduled_site();
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .env("NEWSROOM_NOW", NOW)
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary = String::from_utf8(output.stdout).unwrap();
    // In the site's zone, UTC when the config names none. The story that would go live
    // soonest expires first, so the next to go live is the one after it, as `next` says.
    assert!(
        summary.contains(
            "(left out: 1 draft, 3 scheduled articles, 1 expired article; the next goes live at 2030-01-02T03:30:00+00:00; the next expires at 2999-03-01T00:00:00+00:00)"
        ),
        "{summary}"
    );
}
