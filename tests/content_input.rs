//! Content input as editors and old archives write it: every bad front matter, date or config
//! value stops the build with one `file:line` message (exit code 1, previous output
//! untouched), and every lenient form Jekyll or Hugo accept builds with the right values.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{Fixture, texts};

/// The accepted date forms, as every date message lists them.
const ACCEPTED_FORMS: &str = "2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500";

const ONE_PROBLEM: &str = "error: 1 article has a problem; nothing was written:";

const QUOTE_HINT: &str = "if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`";

/// A site with one good article, built once so that `public/` exists.
fn built_site() -> Fixture {
    let site = Fixture::new();
    site.article(
        "good.md",
        "title: Good story\ndate: 2023-10-29\ntags: [politics]",
        "A good body.",
    );
    site.build_ok(&[]);
    assert!(site.public().join("2023/10/29/good/index.html").is_file());
    site
}

/// Builds, expects exit code 1 with `expected` as the error lines, and checks the output of
/// the previous build is exactly as it was.
fn assert_refused(site: &Fixture, before: &BTreeMap<PathBuf, Vec<u8>>, expected: &[String]) {
    let output = site.build(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // The source line and caret printed under each message are checked elsewhere.
    let lines: Vec<&str> = stderr.lines().filter(|line| !is_snippet(line)).collect();
    assert_eq!(lines, expected, "{stderr}");
    assert!(site.snapshot() == *before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A line of the compiler-style picture under a message: `  |`, `3 | date: x`, `  | ^^^`.
fn is_snippet(line: &str) -> bool {
    let bare = line.trim_start();
    let gutter = bare.trim_start_matches(|c: char| c.is_ascii_digit());
    gutter.starts_with('|') || gutter.starts_with(" |")
}

/// One bad article: its file, its text, and the one message it must print.
struct Case {
    file: &'static str,
    text: String,
    message: String,
}

fn case(file: &'static str, text: impl Into<String>, message: impl Into<String>) -> Case {
    Case {
        file,
        text: text.into(),
        message: message.into(),
    }
}

fn yaml_bomb() -> String {
    let mut text = String::from("---\ntitle: Bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = "a".to_string();
    for name in ["b", "c", "d", "e", "f", "g", "h"] {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name.to_string();
    }
    text.push_str("---\nBody.\n");
    text
}

fn bad_articles() -> Vec<Case> {
    let empty_title = "`title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)";
    let unreadable = |path: &str, line: usize, key: &str, written: &str| {
        format!(
            "  {path}:{line}: `{key}` is \"{written}\", which is not a date newsroom can read; write it as {ACCEPTED_FORMS}"
        )
    };
    let out_of_range = |path: &str, line: usize, key: &str, written: &str, year: i64| {
        format!(
            "  {path}:{line}: `{key}` is \"{written}\", in the year {year} in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range"
        )
    };
    vec![
        case(
            "content/empty-title.md",
            "---\ntitle:\ndate: 2023-10-30\n---\nBody.\n",
            format!("  content/empty-title.md:2: {empty_title}"),
        ),
        case(
            "content/null-title.md",
            "---\ndate: 2023-10-30\ntitle: ~\n---\nBody.\n",
            format!("  content/null-title.md:3: {empty_title}"),
        ),
        case(
            "content/blank-title.md",
            "+++\ntitle = \"  \"\ndate = 2023-10-30\n+++\nBody.\n",
            format!("  content/blank-title.md:2: {empty_title}"),
        ),
        case(
            "content/empty-date.md",
            "---\ntitle: Empty date\ndate:\n---\nBody.\n",
            format!(
                "  content/empty-date.md:3: `date` is empty; write the publication date after `date:` ({ACCEPTED_FORMS}), or name the file 2023-10-29-slug.md"
            ),
        ),
        case(
            "content/null-date.md",
            "---\ntitle: Null date\ndate: ~\n---\nBody.\n",
            format!(
                "  content/null-date.md:3: `date` is empty; write the publication date after `date:` ({ACCEPTED_FORMS}), or name the file 2023-10-29-slug.md"
            ),
        ),
        case(
            "content/nan-date.md",
            "+++\ntitle = \"NaN date\"\ndate = nan\n+++\nBody.\n",
            unreadable("content/nan-date.md", 3, "date", "nan"),
        ),
        case(
            "content/inf-date.md",
            "---\ntitle: Inf date\ndate: .inf\n---\nBody.\n",
            unreadable("content/inf-date.md", 3, "date", ".inf"),
        ),
        case(
            "content/year-zero.md",
            "---\ntitle: Year zero\ndate: 0000-12-31\n---\nBody.\n",
            out_of_range("content/year-zero.md", 3, "date", "0000-12-31", 0),
        ),
        case(
            "content/year-zero-offset.md",
            "---\ntitle: Year zero\ndate: 0001-01-01 00:30:00 +0100\n---\nBody.\n",
            out_of_range(
                "content/year-zero-offset.md",
                3,
                "date",
                "0001-01-01 00:30:00 +0100",
                0,
            ),
        ),
        case(
            "content/far-future.md",
            "---\ntitle: Far future\ndate: +10000-01-01\n---\nBody.\n",
            out_of_range("content/far-future.md", 3, "date", "+10000-01-01", 10000),
        ),
        case(
            "content/updated-year-zero.md",
            "---\ntitle: Updated\ndate: 2023-10-30\nupdated: 0000-06-01 10:00\n---\nBody.\n",
            out_of_range(
                "content/updated-year-zero.md",
                4,
                "updated",
                "0000-06-01 10:00",
                0,
            ),
        ),
        case(
            "content/expiry.md",
            "---\ntitle: Expiry\ndate: 2023-10-30\nexpiry_date: +99999-01-01\n---\nBody.\n",
            out_of_range("content/expiry.md", 4, "expiry_date", "+99999-01-01", 99999),
        ),
        case(
            "content/0000-01-01-named.md",
            "---\ntitle: Named\n---\nBody.\n",
            "  content/0000-01-01-named.md:1: the date 0000-01-01 in the file's name or folders is before the year 1 or after 9999, which no feed or sitemap can show; write a `date:` line (".to_string()
                + ACCEPTED_FORMS
                + ")",
        ),
        case(
            "content/bomb.md",
            yaml_bomb(),
            "  content/bomb.md:3:7: invalid YAML front matter: the front matter expands to more than 250,000 values, which is more than any article needs (are `*aliases` repeating an `&anchor` many times over?); write the values out, and move large data out of the front matter",
        ),
        case(
            "content/deep.md",
            format!(
                "---\ntitle: Deep\ntags: {}x{}\n---\nBody.\n",
                "[".repeat(100),
                "]".repeat(100)
            ),
            "  content/deep.md:3:70: invalid YAML front matter: the front matter nests lists or tables more than 64 levels deep; write the fields flat, one `key: value` a line",
        ),
        case(
            "content/alias.md",
            "---\ntitle: *headline\ndate: 2023-10-30\n---\nBody.\n",
            "  content/alias.md:2:8: invalid YAML front matter: `title: *headline` refers with `*` to an `&anchor` that is not defined above it; define the anchor first, or put the value in double quotes if the `*` is meant as text",
        ),
        case(
            "content/colon.md",
            "---\ntitle: Q: the answer\ndate: 2023-10-30\n---\nBody.\n",
            format!(
                "  content/colon.md:2:9: invalid YAML front matter: `title: Q: the answer` holds a second `: `, so it is not one `key: value` field; {QUOTE_HINT}"
            ),
        ),
        case(
            "content/quote.md",
            "---\ndate: 2023-10-30\ntitle: \"Border talks\n---\nBody.\n",
            "  content/quote.md:3:8: invalid YAML front matter: the quote opened in `title: \"Border talks` is never closed; end the value with the same quote mark",
        ),
        case(
            "content/bracket.md",
            "---\ntitle: Bracket\ntags: [a, b\ndate: 2023-10-30\n---\nBody.\n",
            format!(
                "  content/bracket.md:4:5: invalid YAML front matter: a `[` or `{{` opened on or above `date: 2023-10-30` is not closed; close the list with `]` or the table with `}}`, or {QUOTE_HINT}"
            ),
        ),
        case(
            "content/list.md",
            "---\n- title\n- date\n---\nBody.\n",
            "  content/list.md:2: invalid YAML front matter: front matter must be a list of `key: value` fields, such as `title: Border talks`",
        ),
        case(
            "content/toml-twice.md",
            "+++\ntitle = \"One\"\ndate = 2023-10-30\ntitle = \"Two\"\n+++\nBody.\n",
            "  content/toml-twice.md:4: invalid TOML front matter: `title` is written twice; TOML allows each key once, so delete one of them",
        ),
        case(
            "content/toml-unquoted.md",
            "+++\ntitle = Border talks\n+++\nBody.\n",
            "  content/toml-unquoted.md:2: invalid TOML front matter: the value of `title` needs quotes: title = \"...\" (dates, numbers, true and false need none)",
        ),
        case(
            "content/toml-date.md",
            "+++\ntitle = \"x\"\ndate = 2023-13-01\n+++\nBody.\n",
            "  content/toml-date.md:3: invalid TOML front matter: `date = 2023-13-01` is not a TOML date; write it as 2023-10-29, 2023-10-29T09:30:00 or 2023-10-29T09:30:00+05:00, or put it in quotes",
        ),
        case(
            "content/json.md",
            "{\n  \"title\": \"x\",\n  date: 1\n}\nBody.\n",
            "  content/json.md:3:3: invalid JSON front matter: this is not JSON; keys and text need double quotes, and fields are separated by commas: {\"title\": \"Border talks\", \"date\": \"2023-10-29\"}",
        ),
        case(
            "content/no-front-matter.md",
            "Just a body, with no front matter and no date.\n",
            "  content/no-front-matter.md:1: the file has no front matter and its name carries no date, so newsroom cannot tell when the story was published; start the file with a \"---\" line, `title: ...`, `date: 2023-10-29` and another \"---\" line, or name it 2023-10-29-slug.md",
        ),
        case(
            "content/lost-fence.md",
            "\ntitle: Lost fence\ndate: 2023-10-30\n---\nBody.\n",
            "  content/lost-fence.md:2: the front matter has no opening \"---\" line; add a line holding only \"---\" above this one",
        ),
        case(
            "content/unclosed.md",
            "\n\n---\ntitle: Unclosed\ndate: 2023-10-30\nBody.\n",
            "  content/unclosed.md:3: the front matter opened with \"---\" on line 3 is never closed; add a line holding only \"---\" after the last field",
        ),
        case(
            "content/huge.md",
            format!("---\ndate: 2023-10-30\ntitle: \"{}\n---\nBody.\n", "x".repeat(200_000)),
            format!(
                "  content/huge.md:3:8: invalid YAML front matter: the quote opened in `title: \"{}...` is never closed; end the value with the same quote mark",
                "x".repeat(72)
            ),
        ),
        case(
            "content/twice-bad.md",
            "---\ntitle: Twice\ndate: 2023-10-30\ndate: soon\n---\nBody.\n",
            unreadable("content/twice-bad.md", 4, "date", "soon"),
        ),
        case(
            "content/nul-url.md",
            "---\ntitle: NUL\ndate: 2023-10-30\nurl: \"/a\\0b/\"\n---\nBody.\n",
            "  content/nul-url.md:4: `url` holds \"/a\\0b/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ),
    ]
}

#[test]
fn every_bad_article_is_refused_with_its_line_and_the_output_kept() {
    // One site for all: a refused build leaves it as it was, so each case starts clean.
    let site = built_site();
    let before = site.snapshot();
    for bad in bad_articles() {
        site.write(bad.file, &bad.text);
        assert_refused(&site, &before, &[ONE_PROBLEM.to_string(), bad.message]);
        std::fs::remove_file(site.root().join(bad.file)).unwrap();
    }
}

#[test]
fn a_far_future_date_in_a_zone_ahead_of_utc_is_refused_not_a_panic() {
    let site = built_site();
    std::fs::write(
        site.root().join("newsroom.toml"),
        "timezone = \"Pacific/Kiritimati\"\n",
    )
    .unwrap();
    site.build_ok(&[]);
    let before = site.snapshot();
    site.article(
        "edge.md",
        "title: Edge\ndate: 9999-12-31T23:00:00Z",
        "Body.",
    );
    assert_refused(
        &site,
        &before,
        &[
            ONE_PROBLEM.to_string(),
            "  content/edge.md:3: `date` is \"9999-12-31T23:00:00Z\", in the year 10000 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range".to_string(),
        ],
    );
    // The last moment that is still in 9999 in the site's zone builds.
    std::fs::remove_file(site.root().join("content/edge.md")).unwrap();
    site.article("edge.md", "title: Edge\ndate: 9999-12-31 23:59:59", "Body.");
    site.build_ok(&["--future"]);
    assert!(site.public().join("9999/12/31/edge/index.html").is_file());
}

#[test]
fn a_broken_article_link_is_refused_with_its_path() {
    let site = built_site();
    let before = site.snapshot();
    std::os::unix::fs::symlink("/nowhere/story.md", site.root().join("content/gone.md")).unwrap();
    assert_refused(
        &site,
        &before,
        &[
            ONE_PROBLEM.to_string(),
            "  content/gone.md: this article is a link to \"/nowhere/story.md\", which does not exist or cannot be read; fix the link or delete it".to_string(),
        ],
    );
}

#[test]
fn bad_config_values_name_their_line() {
    let cases = [
        (
            "title = \"x\"\ndate_format = \"%B %Q\"\n",
            "error: newsroom.toml:2: date_format \"%B %Q\" is not a valid strftime pattern (every % starts a placeholder such as %Y, %B or %-d; write %% for a % sign); for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time",
        ),
        (
            "date_format = \"\"\n",
            "error: newsroom.toml:1: date_format is empty, so datelines would be blank; for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time",
        ),
        (
            "feed_limit = \"ten\"\n",
            "error: newsroom.toml:1: `feed_limit` should be a whole number, such as 20, but is the text \"ten\"",
        ),
        (
            "paginate_by = nan\n",
            "error: newsroom.toml:1: `paginate_by` should be a whole number, such as 20, but is the number NaN",
        ),
        (
            "sections = \"World\"\n",
            "error: newsroom.toml:1: `sections` should be a list, such as [\"World\", \"Sport\"], but is the text \"World\"",
        ),
        (
            "feed_content = \"both\"\n",
            "error: newsroom.toml:1: `feed_content` is \"both\"; write \"full\" or \"summary\"",
        ),
        (
            "title = \"x\"\ntitle = \"y\"\n",
            "error: newsroom.toml:2: invalid TOML: `title` is written twice; TOML allows each key once, so delete one of them",
        ),
        (
            "feed_limit = 99999999999999999999\n",
            "error: newsroom.toml:1: invalid TOML: the number in `feed_limit = 99999999999999999999` is too large; write a smaller one",
        ),
        (
            "permalink = \"/:slug/\\u0001/\"\n",
            "error: newsroom.toml:1: permalink \"/:slug/\\u{1}/\" holds a control character, which no URL may hold; the default is \"/:year/:month/:day/:slug/\"",
        ),
    ];
    for (config, message) in cases {
        let site = built_site();
        let before = site.snapshot();
        site.write("newsroom.toml", config);
        assert_refused(&site, &before, &[message.to_string()]);
    }
}

/// The warnings of a build's output, without the base_url one every test site gets.
fn warnings(site: &Fixture, args: &[&str]) -> Vec<String> {
    let output = site.build(args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    stderr
        .lines()
        .filter(|line| !line.contains("base_url"))
        .map(str::to_string)
        .collect()
}

/// The `datetime` of the article page's dateline.
fn published(site: &Fixture, url: &str) -> String {
    let page = site.page(url);
    let selector = scraper::Selector::parse("article time, time").unwrap();
    page.select(&selector)
        .next()
        .and_then(|time| time.value().attr("datetime"))
        .unwrap_or_else(|| panic!("no <time> on {url}"))
        .to_string()
}

#[test]
fn ruby_lenient_dates_build_with_the_right_dates() {
    let site = Fixture::new();
    site.article(
        "comment.md",
        "title: Comment\ndate: 2016-08-26 (optional)",
        "Body.",
    );
    site.article(
        "short-offset.md",
        "title: Short offset\ndate: 2016-06-17 12:00-400",
        "Body.",
    );
    site.article(
        "twelve-hour.md",
        "title: Twelve hour\ndate: 2016-06-18 3:15 PM",
        "Body.",
    );
    site.article(
        "slashes.md",
        "title: Slashes\ndate: 2016/06/19 08:00",
        "Body.",
    );
    // As Jekyll's own release posts write it.
    site.article(
        "zone-later.md",
        "title: Zone later\ndate: 2023-01-29 18:30:22 2023 -0800",
        "Body.",
    );
    let warnings = warnings(&site, &[]);
    assert_eq!(
        warnings,
        [
            "warning: content/comment.md:3: `date`: \"(optional)\" after the date is ignored, as Jekyll ignores it; remove it, or move it to a comment line starting with #",
            "warning: content/zone-later.md:3: `date`: \"2023 -0800\" after the date is ignored, as Jekyll ignores it (but the zone -0800 in it is used); remove it, or move it to a comment line starting with #",
        ]
    );
    assert_eq!(
        published(&site, "/2023/01/30/zone-later/"),
        "2023-01-30T02:30:22+00:00"
    );
    assert_eq!(
        published(&site, "/2016/08/26/comment/"),
        "2016-08-26T00:00:00+00:00"
    );
    assert_eq!(
        published(&site, "/2016/06/17/short-offset/"),
        "2016-06-17T16:00:00+00:00"
    );
    assert_eq!(
        published(&site, "/2016/06/18/twelve-hour/"),
        "2016-06-18T15:15:00+00:00"
    );
    assert_eq!(
        published(&site, "/2016/06/19/slashes/"),
        "2016-06-19T08:00:00+00:00"
    );
}

#[test]
fn what_hugo_accepts_builds_with_a_warning_where_it_is_dubious() {
    let site = Fixture::new();
    // Duplicate keys: the last wins, both lines are named.
    site.write(
        "content/twice.md",
        "---\ntitle: First headline\ndate: 2023-10-29\ntitle: Second headline\n---\nBody.\n",
    );
    // Blank lines before the opening fence.
    site.write(
        "content/blank-lines.md",
        "\n  \n---\ntitle: Blank lines\ndate: 2023-10-28\n---\nBody.\n",
    );
    // No front matter, dated by its name.
    site.write(
        "content/2023-10-27-border-talks.md",
        "Talks resumed on Friday.\n",
    );
    // Front matter without a title.
    site.write(
        "content/untitled-story.md",
        "---\ndate: 2023-10-26\n---\nBody.\n",
    );
    // Hugo's JSON front matter.
    site.write(
        "content/json.md",
        "{\n  \"title\": \"JSON story\",\n  \"date\": \"2023-10-25\"\n}\nBody.\n",
    );
    // YAML 1.1 booleans for true/false fields; a title of "yes" stays text.
    site.write(
        "content/draft.md",
        "---\ntitle: yes\ndate: 2023-10-24\ndraft: yes\n---\nBody.\n",
    );
    let warnings = warnings(&site, &[]);
    assert_eq!(
        warnings,
        [
            "warning: content/2023-10-27-border-talks.md:1: the file has no front matter, so the story is titled \"Border Talks\" after its file name; add `title:` and `date:` lines between two \"---\" lines at the top to set them",
            "warning: content/twice.md:4: `title` is written twice, on lines 2 and 4; the last one is used, as Hugo uses it; delete the other",
            "warning: content/untitled-story.md:2: no `title`, so the story is titled \"Untitled Story\" after its file name; add a `title: Your headline` line to set it",
        ]
    );
    let h1 = |url: &str| texts(&site.page(url), "h1");
    assert_eq!(h1("/2023/10/29/twice/"), ["Second headline"]);
    assert_eq!(h1("/2023/10/28/blank-lines/"), ["Blank lines"]);
    assert_eq!(h1("/2023/10/27/border-talks/"), ["Border Talks"]);
    assert_eq!(
        texts(&site.page("/2023/10/27/border-talks/"), ".article-body p"),
        ["Talks resumed on Friday."]
    );
    assert_eq!(h1("/2023/10/26/untitled-story/"), ["Untitled Story"]);
    assert_eq!(h1("/2023/10/25/json/"), ["JSON story"]);
    assert!(!site.public().join("2023/10/24/draft").exists());
    site.build_ok(&["--drafts"]);
    assert_eq!(h1("/2023/10/24/draft/"), ["yes"]);
}

#[test]
fn html_entities_in_front_matter_are_decoded_once() {
    let site = Fixture::new();
    site.write("newsroom.toml", "base_url = \"https://example.org/\"\n");
    site.article(
        "qa.md",
        "title: Q&amp;A at the Caf&eacute; &#8212; AT&T\ndate: 2023-10-29\nauthor: Zo&euml; Smith\ntags: [R&amp;D]",
        "Body.",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/qa/");
    assert_eq!(texts(&page, "h1"), ["Q&A at the Café — AT&T"]);
    let raw = std::fs::read_to_string(site.public().join("2023/10/29/qa/index.html")).unwrap();
    assert!(!raw.contains("&amp;amp;"), "escaped twice");
    let feed = std::fs::read(site.public().join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(feed.as_slice()).unwrap();
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Q&A at the Café — AT&T"
    );
    assert_eq!(
        feed.entries[0].authors[0].name.as_deref(),
        Some("Zoë Smith")
    );
    let json_ld = page
        .select(&scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap())
        .map(|script| script.text().collect::<String>())
        .find(|text| text.contains("headline"))
        .expect("the article's JSON-LD");
    let json_ld: serde_json::Value = serde_json::from_str(&json_ld).unwrap();
    let headline = json_ld
        .get("headline")
        .or_else(|| json_ld.pointer("/@graph/0/headline"))
        .unwrap();
    assert_eq!(headline, "Q&A at the Café — AT&T");
    assert!(site.public().join("tags/r-d/index.html").is_file());
}

#[test]
fn a_symlinked_article_and_folder_are_built() {
    let site = Fixture::new();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(elsewhere.path().join("old")).unwrap();
    std::fs::write(
        elsewhere.path().join("story.md"),
        "---\ntitle: Linked story\ndate: 2023-10-29\n---\nBody.\n",
    )
    .unwrap();
    std::fs::write(
        elsewhere.path().join("old/archived.md"),
        "---\ntitle: Archived story\ndate: 2019-05-03\n---\nBody.\n",
    )
    .unwrap();
    site.article("local.md", "title: Local\ndate: 2023-10-28", "Body.");
    std::os::unix::fs::symlink(
        elsewhere.path().join("story.md"),
        site.root().join("content/story.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("old"),
        site.root().join("content/old"),
    )
    .unwrap();
    let stdout = site.build_ok(&[]);
    assert!(stdout.starts_with("Built 3 articles"), "{stdout}");
    assert_eq!(
        texts(&site.page("/2023/10/29/story/"), "h1"),
        ["Linked story"]
    );
    assert_eq!(
        texts(&site.page("/2019/05/03/archived/"), "h1"),
        ["Archived story"]
    );
}

#[test]
fn a_date_format_with_a_time_titles_day_archives() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "timezone = \"Asia/Karachi\"\ndate_format = \"%H:%M %Z, %A %B %-d, %Y\"\n",
    );
    site.article("story.md", "title: Story\ndate: 2023-10-29 09:30", "Body.");
    site.build_ok(&[]);
    assert_eq!(
        texts(&site.page("/2023/10/29/"), "h1"),
        ["00:00 PKT, Sunday October 29, 2023"]
    );
    assert_eq!(
        texts(&site.page("/2023/10/29/story/"), "article time"),
        ["09:30 PKT, Sunday October 29, 2023"]
    );
}

#[test]
fn jekyll_permalink_styles_and_placeholders_are_expanded() {
    let site = Fixture::new();
    site.write(
        "_posts/2019-05-03-border-talks.md",
        "---\ntitle: Border talks\ndate: 2019-05-03 10:05:00\ncategories: world\npermalink: pretty\n---\nBody.\n",
    );
    site.write(
        "_posts/2019-05-04-trade.md",
        "---\ntitle: Trade\npermalink: /:year/:y_day/:hour:minute-:name:output_ext\n---\nBody.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        texts(&site.page("/world/2019/05/03/border-talks/"), "h1"),
        ["Border talks"]
    );
    assert!(
        site.public()
            .join("2019/124/0000-2019-05-04-trade.html")
            .is_file()
    );
}
