//! `newsroom build --keep-going`: what it publishes, what it names, and its exit status.

mod common;

use std::process::Output;

use common::{Fixture, texts};

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Builds with `--keep-going`.
fn build_keep_going(site: &Fixture) -> Output {
    site.build(&["--keep-going"])
}

#[test]
fn keep_going_publishes_the_good_stories_and_names_the_broken_ones() {
    let site = Fixture::new();
    for (name, title, day) in [("a", "Alpha", 27), ("b", "Bravo", 28), ("c", "Charlie", 29)] {
        site.article(
            &format!("2023-10-{day}-{name}.md"),
            &format!("title: {title}\ndate: 2023-10-{day}"),
            "A good story.",
        );
    }
    site.article(
        "bad-date.md",
        "title: Bad date\ndate: the day after tomorrow",
        "Body.",
    );
    site.write(
        "content/bad-bytes.md",
        b"---\ntitle: Bad bytes\ndate: 2023-10-29\n---\nCaf\xe9.\n".as_slice(),
    );

    // Strict, the default: nothing is written.
    let strict = site.build(&[]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        !site.public().exists(),
        "a failed strict build wrote output"
    );

    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.starts_with("Built 3 articles, ")
            && summary.contains("(left out: 2 articles with problems)"),
        "{summary}"
    );
    let errors = stderr(&output);
    let at = errors
        .find("warning: 2 articles were left out because of their problems; fix them and build again:\n")
        .unwrap_or_else(|| panic!("no list of the articles left out:\n{errors}"));
    let listed: Vec<&str> = errors[at..].lines().skip(1).take(2).collect();
    assert_eq!(
        listed[0],
        "  content/bad-bytes.md:5: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8"
    );
    assert!(
        listed[1].starts_with(
            "  content/bad-date.md:3: `date` is \"the day after tomorrow\", which is not a date newsroom can read;"
        ),
        "{listed:?}"
    );
    for (path, title) in [
        ("/2023/10/27/a/", "Alpha"),
        ("/2023/10/28/b/", "Bravo"),
        ("/2023/10/29/c/", "Charlie"),
    ] {
        assert_eq!(texts(&site.page(path), "h1"), [title]);
    }
    let home = common::attrs(&site.page("/"), "a", "href");
    assert!(
        home.iter().any(|href| href.ends_with("/2023/10/29/c/")),
        "{home:?}"
    );
    assert!(!home.iter().any(|href| href.contains("bad")), "{home:?}");
    assert!(!site.public().join("2023/10/29/bad-bytes").exists());

    // Strict again after the broken files: it fails and leaves that output as it was.
    let before = site.snapshot();
    assert_eq!(site.build(&[]).status.code(), Some(1));
    assert_eq!(site.snapshot(), before);
}

#[test]
fn keep_going_leaves_out_the_article_that_loses_a_url() {
    let site = Fixture::new();
    site.article(
        "first.md",
        "title: First\ndate: 2023-10-29\nslug: story",
        "One.",
    );
    site.article(
        "second.md",
        "title: Second\ndate: 2023-10-29\nslug: story",
        "Two.",
    );
    site.article("other.md", "title: Other\ndate: 2023-10-30", "Three.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let errors = stderr(&output);
    let loser = errors
        .lines()
        .find(|line| line.contains("would both be written to /2023/10/29/story/"))
        .unwrap_or_else(|| panic!("the collision is not named:\n{errors}"));
    let winner_title = if loser.starts_with("  content/second.md") {
        "First"
    } else {
        assert!(loser.starts_with("  content/first.md"), "{loser}");
        "Second"
    };
    assert_eq!(
        texts(&site.page("/2023/10/29/story/"), "h1"),
        [winner_title]
    );
    assert_eq!(texts(&site.page("/2023/10/30/other/"), "h1"), ["Other"]);
    assert!(stdout(&output).starts_with("Built 2 articles, "));
}

#[test]
fn keep_going_still_fails_on_what_is_not_one_article() {
    let site = Fixture::new();
    site.write("newsroom.toml", "titel = \"Typo\"\n");
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(1));
    assert!(!site.public().exists());

    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    site.write("templates/article.html", "{% if %}");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!site.public().exists());

    // With nothing to leave out, a --keep-going build is a plain success.
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
