//! Bad input: every broken article, config value or template stops the build with a message
//! that names the file (relative to the site root) and the line, says what is wrong and how to
//! fix it, and leaves the previous output exactly as it was.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Fixture;

/// The accepted date forms, as every date message lists them.
const ACCEPTED_FORMS: &str = "2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500";

/// A site with one good article, built once so that `public/` exists.
fn built_site() -> Fixture {
    let site = Fixture::new();
    site.article(
        "good.md",
        "title: Good story\ndate: 2023-10-29\ntags: [politics]",
        "A good body.",
    );
    site.build_ok(&[]);
    assert!(
        site.public().join("2023/10/29/good/index.html").is_file(),
        "the first build wrote no article page"
    );
    site
}

/// The names of the entries of `dir` that start with `prefix`.
fn entries_starting_with(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect()
}

/// The previous output is exactly as it was and no staging folder was left behind.
fn assert_output_untouched(site: &Fixture, before: &BTreeMap<PathBuf, Vec<u8>>) {
    assert!(!before.is_empty(), "the first build wrote nothing");
    let after = site.snapshot();
    assert!(
        after == *before,
        "the previous output changed: files before {:?}, after {:?}",
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let leftovers = entries_starting_with(site.root(), ".public.");
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

/// The error output as lines, after checking it is not empty.
fn lines(stderr: &str) -> Vec<&str> {
    let lines: Vec<&str> = stderr.lines().filter(|l| !is_snippet(l)).collect();
    assert!(!lines.is_empty(), "the failed build printed nothing");
    lines
}

/// Whether a line of the error output belongs to the picture of a source line under a
/// message (`  |`, `3 | tags: [a`, `  |       ^ hint`) rather than to a message.
fn is_snippet(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('|')
        || line
            .split_once(" |")
            .is_some_and(|(number, _)| number.bytes().all(|b| b.is_ascii_digit()))
}

/// The one line of the error output that mentions `needle`.
fn line_with<'a>(stderr: &'a str, needle: &str) -> &'a str {
    let found: Vec<&str> = stderr
        .lines()
        .filter(|l| !is_snippet(l) && l.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one line with {needle:?} in:\n{stderr}"
    );
    found[0]
}

/// Checks that `line` is `<prefix><digits>: <rest>` and returns `<rest>`: for messages whose
/// column comes from a parser.
fn after_column<'a>(line: &'a str, prefix: &str) -> &'a str {
    let rest = line
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{line:?} does not start with {prefix:?}"));
    let (column, rest) = rest
        .split_once(": ")
        .unwrap_or_else(|| panic!("no column in {line:?}"));
    assert!(
        !column.is_empty() && column.chars().all(|c| c.is_ascii_digit()),
        "{column:?} is not a column number in {line:?}"
    );
    rest
}

const ONE_PROBLEM: &str = "error: 1 article has a problem; nothing was written:";

#[test]
fn invalid_yaml_front_matter_names_the_file_line_of_the_error() {
    let site = built_site();
    let before = site.snapshot();
    // File lines: 1 "---", 2 title, 3 date, 4 tags, 5 the broken line. In the block it is
    // line 4, so a block line would show as ":4".
    site.write(
        "content/broken.md",
        "---\ntitle: Broken\ndate: 2023-10-30\ntags: [a, b]\nsummary: : colon\n---\nBody.\n",
    );
    let stderr = site.build_err(&[]);
    let lines = lines(&stderr);
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], ONE_PROBLEM);
    let detail = after_column(lines[1], "  content/broken.md:5:");
    let detail = detail
        .strip_prefix("invalid YAML front matter: ")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(!detail.trim().is_empty(), "no reason given: {stderr}");
    assert_output_untouched(&site, &before);
}

#[test]
fn invalid_toml_front_matter_names_the_file_line_of_the_error() {
    let site = built_site();
    let before = site.snapshot();
    // The unquoted string is on file line 4, block line 3.
    site.write(
        "content/broken.md",
        "+++\ntitle = \"Broken\"\ndate = 2023-10-30\nauthor = Jo Smith\n+++\nBody.\n",
    );
    let stderr = site.build_err(&[]);
    let lines = lines(&stderr);
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], ONE_PROBLEM);
    let detail = lines[1]
        .strip_prefix("  content/broken.md:4: invalid TOML front matter: ")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(!detail.trim().is_empty(), "no reason given: {stderr}");
    assert_output_untouched(&site, &before);
}

#[test]
fn front_matter_never_closed_says_which_line_to_add() {
    let site = built_site();
    let before = site.snapshot();
    site.write(
        "content/open.md",
        "---\ntitle: Open\ndate: 2023-10-30\nThe body starts here.\n",
    );
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            ONE_PROBLEM,
            "  content/open.md:1: the front matter opened with \"---\" on line 1 is never closed; add a line holding only \"---\" after the last field",
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn missing_title_names_the_file() {
    let site = built_site();
    let before = site.snapshot();
    site.article("untitled.md", "date: 2023-10-30\ntags: [x]", "Body.");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            ONE_PROBLEM,
            "  content/untitled.md:2: missing title; add a `title: Your headline` line to the front matter",
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn unparseable_date_names_its_line_quotes_it_and_lists_the_accepted_forms() {
    let site = built_site();
    let before = site.snapshot();
    // The date is on file line 4, not on the first line of the block.
    site.article(
        "dated.md",
        "title: Dated\ntags: [x]\ndate: 29/10/2023",
        "Body.",
    );
    let stderr = site.build_err(&[]);
    let expected = format!(
        "  content/dated.md:4: `date` is \"29/10/2023\", which is not a date newsroom can read; write it as {ACCEPTED_FORMS}"
    );
    assert_eq!(lines(&stderr), [ONE_PROBLEM, expected.as_str()]);
    assert!(stderr.contains("RFC 3339") && stderr.contains("2023-10-29"));
    assert_output_untouched(&site, &before);
}

#[test]
fn unparseable_date_after_a_nested_date_key_names_the_top_level_line() {
    let site = built_site();
    let before = site.snapshot();
    // A nested `date:` (line 4) belongs to `event`; the article's own date is on line 5.
    site.article(
        "event.md",
        "title: Summit\nevent:\n  date: 2023-11-01\ndate: 29/10/2023",
        "Body.",
    );
    let stderr = site.build_err(&[]);
    let expected = format!(
        "  content/event.md:5: `date` is \"29/10/2023\", which is not a date newsroom can read; write it as {ACCEPTED_FORMS}"
    );
    assert_eq!(lines(&stderr), [ONE_PROBLEM, expected.as_str()]);
    assert_output_untouched(&site, &before);
}

#[test]
fn non_utf8_file_names_the_line_of_the_bad_byte() {
    let site = built_site();
    let before = site.snapshot();
    site.write("content/latin1.md", b"---\ntitle: caf\xe9\n---\nbody\n");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            ONE_PROBLEM,
            "  content/latin1.md:2: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8",
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn unknown_config_key_suggests_the_closest_known_one() {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"Daily\"\npaginate_by = 3\n");
    site.article("good.md", "title: Good\ndate: 2023-10-29", "Body.");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write("newsroom.toml", "title = \"Daily\"\npaginte_by = 3\n");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            "error: newsroom.toml:2: unknown key \"paginte_by\"; did you mean \"paginate_by\"? (custom values belong under [extra])"
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn unknown_config_table_names_its_line() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Daily\"\n[extra]\ntagline = \"News\"\n",
    );
    site.article("good.md", "title: Good\ndate: 2023-10-29", "Body.");
    site.build_ok(&[]);
    let before = site.snapshot();
    // A misspelt table header is as much an unknown key as a misspelt `key =` line.
    site.write(
        "newsroom.toml",
        "title = \"Daily\"\n[extras]\ntagline = \"News\"\n",
    );
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            "error: newsroom.toml:2: unknown key \"extras\"; did you mean \"extra\"? (custom values belong under [extra])"
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn template_syntax_error_names_the_site_template_and_line() {
    let site = built_site();
    let before = site.snapshot();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title </h1>\n{% endblock content %}\n",
    );
    let stderr = site.build_err(&[]);
    let lines = lines(&stderr);
    assert_eq!(lines.len(), 1, "{stderr}");
    let detail = after_column(lines[0], "error: templates/article.html:3:");
    let reason = detail
        .strip_prefix("template syntax error: ")
        .and_then(|rest| {
            rest.strip_suffix("; fix the template, or delete it to use the built-in one")
        })
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(!reason.trim().is_empty(), "no reason given: {stderr}");
    assert_output_untouched(&site, &before);
}

#[test]
fn unknown_filter_in_a_site_template_names_the_template_file_and_line() {
    let site = built_site();
    let before = site.snapshot();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title | shout }}</h1>\n{% endblock content %}\n",
    );
    let stderr = site.build_err(&[]);
    let first = lines(&stderr)[0];
    assert!(
        first.starts_with("error: templates/article.html:3:"),
        "the first line does not name templates/article.html:3:\n{stderr}"
    );
    assert!(first.contains("shout"), "{stderr}");
    assert_output_untouched(&site, &before);
}

#[test]
fn two_articles_on_one_url_are_both_named() {
    let site = built_site();
    let before = site.snapshot();
    site.article(
        "alpha.md",
        "title: Alpha\ndate: 2023-10-30\nslug: same-story",
        "A.",
    );
    site.article(
        "beta.md",
        "title: Beta\ndate: 2023-10-30\nslug: same-story",
        "B.",
    );
    let stderr = site.build_err(&[]);
    let line = line_with(&stderr, "would both be written to");
    assert_eq!(
        line,
        "  content/beta.md:4: this article and content/alpha.md (`slug:` on line 4) would both be written to /2023/10/30/same-story/; give one of them a different `slug:` (or date)"
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn every_broken_article_is_named_in_one_build() {
    let site = built_site();
    let before = site.snapshot();
    site.article("a-untitled.md", "date: 2023-10-30", "A.");
    site.article("b-baddate.md", "title: B\ndate: 29/10/2023", "B.");
    site.article("c-yaml.md", "title: C\ntags: [x, y\ndate: 2023-10-30", "C.");
    let stderr = site.build_err(&[]);
    let lines = lines(&stderr);
    assert_eq!(lines.len(), 4, "{stderr}");
    assert_eq!(
        lines[0],
        "error: 3 problems in articles; nothing was written:"
    );
    assert_eq!(
        lines[1],
        "  content/a-untitled.md:2: missing title; add a `title: Your headline` line to the front matter"
    );
    assert_eq!(
        lines[2],
        format!(
            "  content/b-baddate.md:3: `date` is \"29/10/2023\", which is not a date newsroom can read; write it as {ACCEPTED_FORMS}"
        )
    );
    assert!(
        lines[3].starts_with("  content/c-yaml.md:")
            && lines[3].contains(": invalid YAML front matter: "),
        "{stderr}"
    );
    assert_output_untouched(&site, &before);
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    common::snapshot(dir).into_keys().collect()
}

#[test]
fn slugs_with_slashes_and_dots_stay_inside_the_output() {
    let site = built_site();
    site.article(
        "escape.md",
        "title: Escape\ndate: 2023-10-30\nslug: ../../etc",
        "E.",
    );
    site.article(
        "nested.md",
        "title: Nested\ndate: 2023-10-30\nslug: a/b",
        "N.",
    );
    let parent = site.root().parent().unwrap().to_path_buf();
    let parent_before: BTreeSet<String> = entries_starting_with(&parent, "").into_iter().collect();
    let site_files_before = files_under(site.root());

    site.build_ok(&[]);

    // Outside public/, the site folder holds exactly what the fixture wrote.
    let outside_public = |files: &BTreeSet<PathBuf>| -> BTreeSet<PathBuf> {
        files
            .iter()
            .filter(|path| !path.starts_with("public"))
            .cloned()
            .collect()
    };
    let site_files_after = files_under(site.root());
    assert_eq!(
        outside_public(&site_files_after),
        outside_public(&site_files_before)
    );
    let leftovers = entries_starting_with(site.root(), ".public.");
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Beside the site folder nothing new appears, other than the fixture folders of tests
    // running at the same time.
    let appeared: Vec<String> = entries_starting_with(&parent, "")
        .into_iter()
        .filter(|name| !parent_before.contains(name) && !name.starts_with(".tmp"))
        .collect();
    assert!(
        appeared.is_empty(),
        "new entries beside the site: {appeared:?}"
    );
    // Inside public/, exactly the pages of the site, the two odd slugs made safe.
    let expected: BTreeSet<PathBuf> = [
        "index.html",
        "404.html",
        "theme.css",
        "tags/index.html",
        "tags/politics/index.html",
        "authors/index.html",
        "2023/index.html",
        "2023/10/index.html",
        "2023/10/29/index.html",
        "2023/10/30/index.html",
        "2023/10/29/good/index.html",
        "2023/10/30/etc/index.html",
        "2023/10/30/a-b/index.html",
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(files_under(&site.public()), expected);
    let escape = std::fs::read_to_string(site.public().join("2023/10/30/etc/index.html")).unwrap();
    assert!(escape.contains("Escape"), "{escape}");
    let nested = std::fs::read_to_string(site.public().join("2023/10/30/a-b/index.html")).unwrap();
    assert!(nested.contains("Nested"), "{nested}");
}

#[test]
fn output_onto_the_site_or_its_content_is_refused() {
    let site = built_site();
    let before = site.snapshot();
    let whole_before = common::snapshot(site.root());
    let root = site.root().canonicalize().unwrap();
    let root_name = root.file_name().unwrap().to_string_lossy().into_owned();
    for output in [root.clone(), root.join("content")] {
        let stderr = site.build_err(&["--output", output.to_str().unwrap()]);
        assert_eq!(
            lines(&stderr),
            [format!(
                "error: {}: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {}",
                output.display(),
                root.join("public").display()
            )]
        );
        assert_eq!(
            common::snapshot(site.root()),
            whole_before,
            "the site's files changed after --output {}",
            output.display()
        );
        assert!(site.root().join("content/good.md").is_file());
        assert_output_untouched(&site, &before);
        let staged_content = entries_starting_with(site.root(), ".content.");
        assert!(staged_content.is_empty(), "{staged_content:?}");
        let staged_site = entries_starting_with(root.parent().unwrap(), &format!(".{root_name}."));
        assert!(staged_site.is_empty(), "{staged_site:?}");
    }
}

#[test]
fn template_failing_while_rendering_names_the_template_and_the_page() {
    for (expression, key_words) in [
        ("article.nope.deeper", ["`nope`", "not defined"]),
        ("article.title | round", ["expected `f64`", "string"]),
    ] {
        let site = built_site();
        let before = site.snapshot();
        site.write(
            "templates/article.html",
            format!(
                "{{% extends \"base.html\" %}}\n{{% block content %}}\n<p>{{{{ {expression} }}}}</p>\n{{% endblock content %}}\n"
            ),
        );
        let stderr = site.build_err(&[]);
        let lines = lines(&stderr);
        assert_eq!(lines.len(), 1, "{stderr}");
        let detail = after_column(lines[0], "error: templates/article.html:3:");
        let reason = detail
            .strip_prefix("template error while rendering /2023/10/29/good/: ")
            .unwrap_or_else(|| panic!("{stderr}"));
        for words in key_words {
            assert!(reason.contains(words), "{words:?} missing from:\n{stderr}");
        }
        assert_output_untouched(&site, &before);
    }
}

#[test]
fn unknown_timezone_names_the_config_line_and_asks_for_an_iana_name() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Daily\"\n\ntimezone = \"Asia/Karachi\"\n",
    );
    site.article("good.md", "title: Good\ndate: 2023-10-29", "Body.");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write(
        "newsroom.toml",
        "title = \"Daily\"\n\ntimezone = \"Mars/Olympus\"\n",
    );
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            "error: newsroom.toml:3: timezone \"Mars/Olympus\" is not an IANA time zone name; write one such as \"UTC\", \"Europe/London\" or \"Asia/Karachi\""
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn zero_paginate_by_names_the_config_line() {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"Daily\"\npaginate_by = 5\n");
    site.article("good.md", "title: Good\ndate: 2023-10-29", "Body.");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write("newsroom.toml", "title = \"Daily\"\npaginate_by = 0\n");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        ["error: newsroom.toml:2: paginate_by is 0; it must be 1 or more articles a page"]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn non_utf8_config_names_its_line() {
    let site = built_site();
    let before = site.snapshot();
    site.write("newsroom.toml", b"title = \"x\"\nlanguage = \"caf\xe9\"\n");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        ["error: newsroom.toml:2: the file is not UTF-8 text; save it as UTF-8"]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn a_site_base_template_without_the_theme_blocks_names_each_template() {
    let site = built_site();
    let before = site.snapshot();
    site.write(
        "templates/base.html",
        "<html>{% block body %}{% endblock body %}</html>\n",
    );
    let stderr = site.build_err(&[]);
    let line = line_with(&stderr, "(built-in) article.html:4:");
    assert!(
        line.contains("Block `head` is not defined in any parent template"),
        "{line}"
    );
    assert!(
        line.contains("(the theme's base.html has `head` and `content`)"),
        "{line}"
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn an_unknown_feed_content_value_names_the_key_and_the_choices() {
    let site = built_site();
    let before = site.snapshot();
    site.write(
        "newsroom.toml",
        "title = \"x\"\nfeed_content = \"partial\"\n",
    );
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            "error: newsroom.toml:2: feed_content: unknown variant `partial`, expected `full` or `summary`"
        ]
    );
    assert_output_untouched(&site, &before);
}

#[test]
fn a_static_file_in_place_of_a_feed_is_refused() {
    let site = built_site();
    site.write("newsroom.toml", "base_url = \"https://example.org/\"\n");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write("static/rss.xml", "<rss/>");
    let stderr = site.build_err(&[]);
    assert_eq!(
        lines(&stderr),
        [
            "error: static/rss.xml: this file would replace the site's RSS feed at /rss.xml; move or rename it"
        ]
    );
    assert_output_untouched(&site, &before);
}
