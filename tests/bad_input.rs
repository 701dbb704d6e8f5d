//! Bad input: every broken article, config value, template or command line stops the build
//! with a message that names the file (relative to the site root) and the line, says what is
//! wrong and how to fix it, and leaves the previous output exactly as it was.
//!
//! The cases are rows of one table, [`CASES`], run by one runner. For each row it builds the
//! good site of [`GOOD_SITE`] (plus the row's `good` files), keeps every byte of that output,
//! writes the row's `bad` files, runs the real binary with the row's arguments, and checks the
//! exit code, the message, and that nothing in the site folder changed.
//!
//! To add a case, add one row: `Case { name: "...", bad: &[("content/x.md", md!("...")),],
//! stderr: &["  content/x.md:3: ..."], ..CASE }`. `md!` wraps front-matter lines into an
//! article (its first field is on line 2). `{root}` in `args` and `stderr` stands for the
//! site folder. The first expected line must be the first line of stderr, and each other one
//! must appear whole on stderr, in the order given; other lines between them (a source excerpt,
//! a caret) are allowed. Every failing row is reported at once,
//! with what it printed.
//!
//! `CATALOGUE_PRINT=1 cargo test --test bad_input` prints the catalogue as a Markdown table:
//! each case, its input and the message it printed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;

/// The accepted date forms, as every date message lists them.
macro_rules! accepted_forms {
    () => {
        "2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500"
    };
}

/// An article file whose front matter holds these lines (the first on line 2).
macro_rules! md {
    ($front_matter:expr) => {
        concat!("---\n", $front_matter, "\n---\nBody.\n").as_bytes()
    };
}

/// The message of a date field that cannot be read, as printed for `content/<file>`.
macro_rules! bad_date {
    ($place:expr, $key:expr, $written:expr) => {
        concat!(
            "  ",
            $place,
            ": `",
            $key,
            "` is \"",
            $written,
            "\", which is not a date newsroom can read; write it as ",
            accepted_forms!()
        )
    };
}

/// The message of a config value of the wrong type or out of range, as printed.
macro_rules! config_error {
    ($line:expr, $message:expr) => {
        concat!("error: newsroom.toml:", $line, ": ", $message)
    };
}

/// The first line of the error of a build that found one broken article.
const ONE_PROBLEM: &str = "error: 1 article has a problem; nothing was written:";

/// A file of a fixture site: its path under the site folder and its bytes.
type File = (&'static str, &'static [u8]);

/// One row of the catalogue.
struct Case {
    /// What is wrong, as a short identifier.
    name: &'static str,
    /// Files added to [`GOOD_SITE`] before the first build, which must succeed.
    good: &'static [File],
    /// The files that make the input bad, written after the first build.
    bad: &'static [File],
    /// The command line after `newsroom`.
    args: &'static [&'static str],
    /// Environment variables of the bad run.
    env: &'static [(&'static str, &'static str)],
    /// The exit code of the bad run.
    exit: i32,
    /// The lines stderr must hold, whole and in this order.
    stderr: &'static [&'static str],
}

/// `newsroom build` of the fixture site, with every default.
const BUILD: &[&str] = &["build", "--root", "{root}"];

/// The defaults of a row: nothing added to the good site, a plain build, exit code 1.
const CASE: Case = Case {
    name: "",
    good: &[],
    bad: &[],
    args: BUILD,
    env: &[],
    exit: 1,
    stderr: &[],
};

/// The site every case starts from: one article with a tag, a byline with a profile, a
/// section, and an absolute base URL so that feeds and sitemaps are part of the output too.
const GOOD_SITE: &[File] = &[
    (
        "newsroom.toml",
        b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nsections = [\"World\"]\n",
    ),
    (
        "content/good.md",
        md!("title: Good story\ndate: 2023-10-29\ntags: [politics]\nauthor: Amina Khan"),
    ),
    (
        "data/authors.toml",
        b"[\"Amina Khan\"]\nbio = \"Reports.\"\n",
    ),
];

const CASES: &[Case] = &[
    // ---- newsroom.toml: syntax, encoding, unknown keys ----
    Case {
        name: "config_invalid_toml",
        bad: &[("newsroom.toml", b"title = \"Daily\nbase_url = 1\n")],
        stderr: &[
            config_error!(1, "invalid TOML: invalid basic string, expected `\"`"),
        ],
        ..CASE
    },
    Case {
        name: "config_not_utf8",
        bad: &[("newsroom.toml", b"title = \"x\"\nlanguage = \"caf\xe9\"\n")],
        stderr: &["error: newsroom.toml:2: the file is not UTF-8 text; save it as UTF-8"],
        ..CASE
    },
    Case {
        name: "config_unknown_key_suggests_the_closest",
        good: &[("newsroom.toml", b"title = \"Daily\"\npaginate_by = 3\n")],
        bad: &[("newsroom.toml", b"title = \"Daily\"\npaginte_by = 3\n")],
        stderr: &[config_error!(
            2,
            "unknown key \"paginte_by\"; did you mean \"paginate_by\"? (custom values belong under [extra])"
        )],
        ..CASE
    },
    Case {
        name: "config_unknown_key_lists_the_keys",
        bad: &[("newsroom.toml", b"title = \"Daily\"\n\nzzz = 1\n")],
        stderr: &[config_error!(
            3,
            "unknown key \"zzz\"; the keys are title, description, logo, feed_limit, feed_content, sections, related_count, words_per_minute, base_url, language, timezone, paginate_by, latest_count, permalink, date_format, extra; custom values belong under [extra]"
        )],
        ..CASE
    },
    Case {
        name: "config_unknown_table",
        good: &[("newsroom.toml", b"title = \"Daily\"\n[extra]\ntagline = \"News\"\n")],
        bad: &[("newsroom.toml", b"title = \"Daily\"\n[extras]\ntagline = \"News\"\n")],
        stderr: &[config_error!(
            2,
            "unknown key \"extras\"; did you mean \"extra\"? (custom values belong under [extra])"
        )],
        ..CASE
    },
    // ---- newsroom.toml: the type of every key ----
    Case {
        name: "config_title_not_text",
        bad: &[("newsroom.toml", b"title = 3\n")],
        stderr: &[
            config_error!(1, "title: invalid type: integer `3`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_description_not_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ndescription = []\n")],
        stderr: &[
            config_error!(2, "description: invalid type: sequence, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_logo_not_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nlogo = true\n")],
        stderr: &[
            config_error!(2, "logo: invalid type: boolean `true`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_feed_content_unknown_value",
        bad: &[("newsroom.toml", b"title = \"x\"\nfeed_content = \"partial\"\n")],
        stderr: &[config_error!(
            2,
            "feed_content: unknown variant `partial`, expected `full` or `summary`"
        )],
        ..CASE
    },
    Case {
        name: "config_sections_text",
        bad: &[("newsroom.toml", b"title = \"x\"\nsections = \"World\"\n")],
        stderr: &[
            config_error!(2, "sections: invalid type: string \"World\", expected a sequence"),
        ],
        ..CASE
    },
    Case {
        name: "config_sections_numbers",
        bad: &[("newsroom.toml", b"title = \"x\"\nsections = [1]\n")],
        stderr: &[
            config_error!(2, "sections: invalid type: integer `1`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_base_url_number",
        bad: &[("newsroom.toml", b"title = \"x\"\nbase_url = 1\n")],
        stderr: &[
            config_error!(2, "base_url: invalid type: integer `1`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_language_boolean",
        bad: &[("newsroom.toml", b"title = \"x\"\nlanguage = true\n")],
        stderr: &[
            config_error!(2, "language: invalid type: boolean `true`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_timezone_number",
        bad: &[("newsroom.toml", b"title = \"x\"\ntimezone = 5\n")],
        stderr: &[
            config_error!(2, "timezone: invalid type: integer `5`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_permalink_number",
        bad: &[("newsroom.toml", b"title = \"x\"\npermalink = 1\n")],
        stderr: &[
            config_error!(2, "permalink: invalid type: integer `1`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_date_format_number",
        bad: &[("newsroom.toml", b"title = \"x\"\ndate_format = 1\n")],
        stderr: &[
            config_error!(2, "date_format: invalid type: integer `1`, expected a string"),
        ],
        ..CASE
    },
    Case {
        name: "config_extra_not_a_table",
        bad: &[("newsroom.toml", b"title = \"x\"\nextra = \"x\"\n")],
        stderr: &[
            config_error!(2, "extra: invalid type: string \"x\", expected a map"),
        ],
        ..CASE
    },
    // ---- newsroom.toml: ranges ----
    Case {
        name: "config_paginate_by_zero",
        good: &[("newsroom.toml", b"title = \"Daily\"\npaginate_by = 5\n")],
        bad: &[("newsroom.toml", b"title = \"Daily\"\npaginate_by = 0\n")],
        stderr: &[config_error!(
            2,
            "paginate_by is 0; it must be 1 or more articles a page"
        )],
        ..CASE
    },
    Case {
        name: "config_paginate_by_negative",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npaginate_by = -1\n")],
        stderr: &[config_error!(
            2,
            "paginate_by is -1; it must be 1 or more articles a page"
        )],
        ..CASE
    },
    Case {
        name: "config_latest_count_negative",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nlatest_count = -1\n")],
        stderr: &[config_error!(
            2,
            "latest_count is -1; it must be 0 (no list) or more"
        )],
        ..CASE
    },
    Case {
        name: "config_feed_limit_zero",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nfeed_limit = 0\n")],
        stderr: &[config_error!(
            2,
            "feed_limit is 0; a feed needs at least 1 article"
        )],
        ..CASE
    },
    Case {
        name: "config_related_count_negative",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nrelated_count = -3\n")],
        stderr: &[config_error!(
            2,
            "related_count is -3; it must be 0 (no list) or more"
        )],
        ..CASE
    },
    Case {
        name: "config_words_per_minute_zero",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nwords_per_minute = 0\n")],
        stderr: &[config_error!(
            2,
            "words_per_minute is 0; a reader reads at least 1 word a minute (220 is typical)"
        )],
        ..CASE
    },
    // ---- newsroom.toml: values ----
    Case {
        name: "config_timezone_unknown",
        good: &[("newsroom.toml", b"title = \"Daily\"\n\ntimezone = \"Asia/Karachi\"\n")],
        bad: &[("newsroom.toml", b"title = \"Daily\"\n\ntimezone = \"Mars/Olympus\"\n")],
        stderr: &[config_error!(
            3,
            "timezone \"Mars/Olympus\" is not an IANA time zone name; write one such as \"UTC\", \"Europe/London\" or \"Asia/Karachi\""
        )],
        ..CASE
    },
    Case {
        name: "config_timezone_an_offset",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ntimezone = \"+05:00\"\n")],
        stderr: &[config_error!(
            2,
            "timezone \"+05:00\" is not an IANA time zone name; write one such as \"UTC\", \"Europe/London\" or \"Asia/Karachi\""
        )],
        ..CASE
    },
    Case {
        name: "config_timezone_empty",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ntimezone = \"\"\n")],
        stderr: &[config_error!(
            2,
            "timezone \"\" is not an IANA time zone name; write one such as \"UTC\", \"Europe/London\" or \"Asia/Karachi\""
        )],
        ..CASE
    },
    Case {
        name: "config_base_url_without_scheme",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"example.org\"\n")],
        stderr: &[config_error!(
            2,
            "base_url \"example.org\" is not a URL; write an absolute one such as \"https://example.org/\" or \"https://example.org/news/\", or a path such as \"/news/\""
        )],
        ..CASE
    },
    Case {
        name: "config_base_url_with_a_space",
        bad: &[(
            "newsroom.toml",
            b"title = \"Daily\"\nbase_url = \"https://example.org/my news/\"\n",
        )],
        stderr: &[config_error!(
            2,
            "base_url \"https://example.org/my news/\" is not a URL; write an absolute one such as \"https://example.org/\" or \"https://example.org/news/\", or a path such as \"/news/\""
        )],
        ..CASE
    },
    Case {
        name: "config_base_url_ftp",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"ftp://example.org/\"\n")],
        stderr: &[config_error!(
            2,
            "base_url \"ftp://example.org/\" is not a URL; write an absolute one such as \"https://example.org/\" or \"https://example.org/news/\", or a path such as \"/news/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_without_leading_slash",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = \":year/:slug/\"\n")],
        stderr: &[config_error!(
            2,
            "permalink \":year/:slug/\" must start and end with \"/\" (every article is a folder with an index.html); the default is \"/:year/:month/:day/:slug/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_without_trailing_slash",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = \"/:year/:slug\"\n")],
        stderr: &[config_error!(
            2,
            "permalink \"/:year/:slug\" must start and end with \"/\" (every article is a folder with an index.html); the default is \"/:year/:month/:day/:slug/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_without_slug",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = \"/:year/:month/\"\n")],
        stderr: &[config_error!(
            2,
            "permalink \"/:year/:month/\" has no :slug, so articles would overwrite each other; the default is \"/:year/:month/:day/:slug/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_with_dot_dot",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = \"/news/../:slug/\"\n")],
        stderr: &[config_error!(
            2,
            "permalink \"/news/../:slug/\" may not contain \".\", \"..\" or \"\\\" segments; the default is \"/:year/:month/:day/:slug/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_with_backslash",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = '/a\\b/:slug/'\n")],
        stderr: &[config_error!(
            2,
            "permalink \"/a\\b/:slug/\" may not contain \".\", \"..\" or \"\\\" segments; the default is \"/:year/:month/:day/:slug/\""
        )],
        ..CASE
    },
    Case {
        name: "config_permalink_unknown_placeholder",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npermalink = \"/:yr/:slug/\"\n")],
        stderr: &[config_error!(
            2,
            "permalink \"/:yr/:slug/\" uses unknown placeholder \":yr\"; the placeholders are :year, :month, :day, :slug"
        )],
        ..CASE
    },
    Case {
        name: "config_date_format_invalid",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ndate_format = \"%Q %Y\"\n")],
        stderr: &[config_error!(
            2,
            "date_format \"%Q %Y\" is not a valid strftime pattern; for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\""
        )],
        ..CASE
    },
    Case {
        name: "config_section_without_letters",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nsections = [\"World\", \"!!!\"]\n")],
        stderr: &[config_error!(
            2,
            "the section name \"!!!\" has no letters or digits to make a URL from"
        )],
        ..CASE
    },
    // ---- data/authors.toml ----
    Case {
        name: "profiles_invalid_toml",
        bad: &[("data/authors.toml", b"[\"Amina Khan\"]\nbio = Reports.\n")],
        stderr: &[
            "error: data/authors.toml:2: invalid TOML: string values must be quoted, expected literal string",
        ],
        ..CASE
    },
    Case {
        name: "profiles_unknown_field",
        bad: &[(
            "data/authors.toml",
            b"[\"Amina Khan\"]\nbio = \"x\"\n\n[lee]\nbiography = \"y\"\n",
        )],
        stderr: &[
            "error: data/authors.toml:4: the profile of \"lee\": unknown field `biography`, expected one of `name`, `bio`, `avatar`, `links`; a profile may hold name, bio, avatar and links = [{ title = \"...\", url = \"...\" }]",
        ],
        ..CASE
    },
    Case {
        name: "profiles_bio_not_text",
        bad: &[("data/authors.toml", b"[\"Amina Khan\"]\nbio = 1\n")],
        stderr: &[
            "error: data/authors.toml:1: the profile of \"Amina Khan\": invalid type: integer `1`, expected a string; a profile may hold name, bio, avatar and links = [{ title = \"...\", url = \"...\" }]",
        ],
        ..CASE
    },
    Case {
        name: "profiles_link_without_url",
        bad: &[(
            "data/authors.toml",
            b"[\"Amina Khan\"]\nlinks = [{ title = \"Site\" }]\n",
        )],
        stderr: &[
            "error: data/authors.toml:1: the profile of \"Amina Khan\": missing field `url`; a profile may hold name, bio, avatar and links = [{ title = \"...\", url = \"...\" }]",
        ],
        ..CASE
    },
    // ---- articles: the front-matter block ----
    Case {
        name: "front_matter_invalid_yaml",
        // File lines: 1 "---", 2 title, 3 date, 4 tags, 5 the broken line.
        bad: &[(
            "content/broken.md",
            md!("title: Broken\ndate: 2023-10-30\ntags: [a, b]\nsummary: : colon"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/broken.md:5:10: invalid YAML front matter: mapping values are not allowed in this context",
        ],
        ..CASE
    },
    Case {
        name: "front_matter_invalid_toml",
        // The unquoted string is on file line 4, block line 3.
        bad: &[(
            "content/broken.md",
            b"+++\ntitle = \"Broken\"\ndate = 2023-10-30\nauthor = Jo Smith\n+++\nBody.\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/broken.md:4: invalid TOML front matter: string values must be quoted, expected literal string",
        ],
        ..CASE
    },
    Case {
        name: "front_matter_never_closed",
        bad: &[(
            "content/open.md",
            b"---\ntitle: Open\ndate: 2023-10-30\nThe body starts here.\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/open.md:1: the front matter opened with \"---\" on line 1 is never closed; add a line holding only \"---\" after the last field",
        ],
        ..CASE
    },
    Case {
        name: "toml_front_matter_never_closed",
        bad: &[(
            "content/open.md",
            b"+++\ntitle = \"Open\"\ndate = 2023-10-30\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/open.md:1: the front matter opened with \"+++\" on line 1 is never closed; add a line holding only \"+++\" after the last field",
        ],
        ..CASE
    },
    Case {
        name: "front_matter_a_list",
        bad: &[("content/list.md", md!("- title\n- date"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/list.md:2: front matter must be a list of `key: value` fields",
        ],
        ..CASE
    },
    Case {
        name: "front_matter_a_sentence",
        bad: &[("content/words.md", md!("Just a headline"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/words.md:2: front matter must be a list of `key: value` fields",
        ],
        ..CASE
    },
    Case {
        name: "article_not_utf8",
        bad: &[("content/latin1.md", b"---\ntitle: caf\xe9\n---\nbody\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/latin1.md:2: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8",
        ],
        ..CASE
    },
    Case {
        name: "section_page_invalid_yaml",
        bad: &[("content/world/_index.md", md!("title: World\ndescription: [a, b"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/world/_index.md:3:14: invalid YAML front matter: unclosed bracket '['",
        ],
        ..CASE
    },
    Case {
        name: "every_broken_article_in_one_build",
        bad: &[
            ("content/a-untitled.md", md!("date: 2023-10-30")),
            ("content/b-baddate.md", md!("title: B\ndate: 29/10/2023")),
            ("content/c-yaml.md", md!("title: C\ntags: [x, y\ndate: 2023-10-30")),
        ],
        stderr: &[
            "error: 3 problems in articles; nothing was written:",
            "  content/a-untitled.md:2: missing title; add a `title: Your headline` line to the front matter",
            bad_date!("content/b-baddate.md:3", "date", "29/10/2023"),
            "  content/c-yaml.md:4:5: invalid YAML front matter: illegal placement of ':' indicator",
        ],
        ..CASE
    },
    // ---- articles: title and date ----
    Case {
        name: "title_missing",
        bad: &[("content/untitled.md", md!("date: 2023-10-30\ntags: [x]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/untitled.md:2: missing title; add a `title: Your headline` line to the front matter",
        ],
        ..CASE
    },
    Case {
        name: "title_a_list",
        bad: &[("content/t.md", md!("title: [Talks, resume]\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: `title` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "title_a_table",
        bad: &[("content/t.md", md!("date: 2023-10-30\ntitle: {main: Talks}"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:3: `title` should be text but is a table of fields; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "title_true",
        bad: &[("content/t.md", md!("title: true\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: `title` should be text but is true/false; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "date_missing",
        bad: &[("content/undated.md", md!("title: Undated"))],
        stderr: &[
            ONE_PROBLEM,
            concat!(
                "  content/undated.md:2: missing date; add a `date:` line (",
                accepted_forms!(),
                "), or name the file 2023-10-29-slug.md, or put it in a 2023/10/29/ folder"
            ),
        ],
        ..CASE
    },
    Case {
        name: "date_day_first",
        // The date is on file line 4, not on the first line of the block.
        bad: &[("content/dated.md", md!("title: Dated\ntags: [x]\ndate: 29/10/2023"))],
        stderr: &[
            ONE_PROBLEM,
            bad_date!("content/dated.md:4", "date", "29/10/2023"),
        ],
        ..CASE
    },
    Case {
        name: "date_after_a_nested_date_key",
        // A nested `date:` (line 4) belongs to `event`; the article's own date is on line 5.
        bad: &[(
            "content/event.md",
            md!("title: Summit\nevent:\n  date: 2023-11-01\ndate: 29/10/2023"),
        )],
        stderr: &[
            ONE_PROBLEM,
            bad_date!("content/event.md:5", "date", "29/10/2023"),
        ],
        ..CASE
    },
    Case {
        name: "date_words",
        bad: &[("content/d.md", md!("title: D\ndate: not yet"))],
        stderr: &[ONE_PROBLEM, bad_date!("content/d.md:3", "date", "not yet")],
        ..CASE
    },
    Case {
        name: "date_impossible_day",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-02-30"))],
        stderr: &[ONE_PROBLEM, bad_date!("content/d.md:3", "date", "2023-02-30")],
        ..CASE
    },
    Case {
        name: "date_a_number",
        bad: &[("content/d.md", md!("title: D\ndate: 20231029"))],
        stderr: &[ONE_PROBLEM, bad_date!("content/d.md:3", "date", "20231029")],
        ..CASE
    },
    Case {
        name: "updated_unreadable",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\nupdated: TBD"))],
        stderr: &[ONE_PROBLEM, bad_date!("content/d.md:4", "updated", "TBD")],
        ..CASE
    },
    Case {
        name: "publish_date_unreadable",
        bad: &[(
            "content/d.md",
            md!("title: D\ndate: 2023-10-30\npublish_date: next week"),
        )],
        stderr: &[
            ONE_PROBLEM,
            bad_date!("content/d.md:4", "publish_date", "next week"),
        ],
        ..CASE
    },
    Case {
        name: "expiry_date_unreadable",
        bad: &[(
            "content/d.md",
            md!("title: D\ndate: 2023-10-30\nexpiry_date: when it ends"),
        )],
        stderr: &[
            ONE_PROBLEM,
            bad_date!("content/d.md:4", "expiry_date", "when it ends"),
        ],
        ..CASE
    },
    Case {
        name: "toml_date_unreadable",
        bad: &[(
            "content/d.md",
            b"+++\ntitle = \"D\"\ndate = \"yesterday\"\n+++\nBody.\n",
        )],
        stderr: &[ONE_PROBLEM, bad_date!("content/d.md:3", "date", "yesterday")],
        ..CASE
    },
    Case {
        name: "jekyll_post_date_unreadable",
        bad: &[("_posts/2023-10-30-report.md", md!("title: Report\ndate: TBD"))],
        stderr: &[
            ONE_PROBLEM,
            bad_date!("_posts/2023-10-30-report.md:3", "date", "TBD"),
        ],
        ..CASE
    },
    // ---- articles: the other fields ----
    Case {
        name: "slug_without_letters",
        bad: &[("content/s.md", md!("title: S\ndate: 2023-10-30\nslug: \"!!!\""))],
        stderr: &[
            ONE_PROBLEM,
            "  content/s.md:4: the slug \"!!!\" has no letters or digits to make a URL from; set `slug:` to words such as `border-talks`",
        ],
        ..CASE
    },
    Case {
        name: "file_name_without_letters",
        bad: &[("content/!!!.md", md!("title: S\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/!!!.md:2: the slug \"!!!\" has no letters or digits to make a URL from; set `slug:` to words such as `border-talks`",
        ],
        ..CASE
    },
    Case {
        name: "slug_a_list",
        bad: &[("content/s.md", md!("title: S\ndate: 2023-10-30\nslug: [a, b]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/s.md:4: `slug` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "tags_a_table",
        bad: &[("content/t.md", md!("title: T\ndate: 2023-10-30\ntags: {a: 1}"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: `tags` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is a table of fields",
        ],
        ..CASE
    },
    Case {
        name: "tags_true",
        bad: &[("content/t.md", md!("title: T\ndate: 2023-10-30\ntags: true"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: `tags` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is true/false",
        ],
        ..CASE
    },
    Case {
        name: "tags_a_list_in_a_list",
        bad: &[("content/t.md", md!("title: T\ndate: 2023-10-30\ntags: [[a, b]]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: `tags` holds a list; each entry must be a name, such as [\"security\", \"taliban\"]",
        ],
        ..CASE
    },
    Case {
        name: "tags_a_table_in_a_list",
        bad: &[("content/t.md", md!("title: T\ndate: 2023-10-30\ntags:\n  - name: a"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: `tags` holds a table of fields; each entry must be a name, such as [\"security\", \"taliban\"]",
        ],
        ..CASE
    },
    Case {
        name: "toml_tags_a_number",
        bad: &[(
            "content/t.md",
            b"+++\ntitle = \"T\"\ndate = 2023-10-30\ntags = 5\n+++\nBody.\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: `tags` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is a number",
        ],
        ..CASE
    },
    Case {
        name: "authors_a_table",
        bad: &[(
            "content/a.md",
            md!("title: A\ndate: 2023-10-30\nauthors: {name: Jo}"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `authors` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is a table of fields",
        ],
        ..CASE
    },
    Case {
        name: "author_false",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nauthor: false"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `author` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is true/false",
        ],
        ..CASE
    },
    Case {
        name: "author_true_in_a_list",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nauthor: [Jo, true]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `author` holds true/false; each entry must be a name, such as [\"security\", \"taliban\"]",
        ],
        ..CASE
    },
    Case {
        name: "categories_a_number",
        bad: &[("content/c.md", md!("title: C\ndate: 2023-10-30\ncategories: 5"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/c.md:4: `categories` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is a number",
        ],
        ..CASE
    },
    Case {
        name: "draft_text",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\ndraft: \"no\""))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `draft` should be true or false but is text",
        ],
        ..CASE
    },
    Case {
        name: "draft_a_number",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\ndraft: 1"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `draft` should be true or false but is a number",
        ],
        ..CASE
    },
    Case {
        name: "toml_draft_text",
        bad: &[(
            "content/d.md",
            b"+++\ntitle = \"D\"\ndate = 2023-10-30\ndraft = \"no\"\n+++\nBody.\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `draft` should be true or false but is text",
        ],
        ..CASE
    },
    Case {
        name: "pinned_text",
        bad: &[("content/p.md", md!("title: P\ndate: 2023-10-30\npinned: \"yes\""))],
        stderr: &[
            ONE_PROBLEM,
            "  content/p.md:4: `pinned` should be true or false but is text",
        ],
        ..CASE
    },
    Case {
        name: "pinned_a_list",
        bad: &[("content/p.md", md!("title: P\ndate: 2023-10-30\npinned: [true]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/p.md:4: `pinned` should be true or false but is a list",
        ],
        ..CASE
    },
    Case {
        name: "alias_leaving_the_site",
        bad: &[(
            "content/a.md",
            md!("title: A\ndate: 2023-10-30\naliases: [\"../../etc/\"]"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `aliases` holds \"../../etc/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "alias_with_a_query",
        bad: &[(
            "content/a.md",
            md!("title: A\ndate: 2023-10-30\naliases: [\"/story.php?id=3\"]"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `aliases` holds \"/story.php?id=3\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "alias_the_home_page",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [\"/\"]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `aliases` holds \"/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "aliases_a_number",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: 5"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `aliases` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is a number",
        ],
        ..CASE
    },
    Case {
        name: "aliases_a_list_in_a_list",
        bad: &[(
            "content/a.md",
            md!("title: A\ndate: 2023-10-30\naliases: [[/old/]]"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: `aliases` holds a list; each entry must be a name, such as [\"security\", \"taliban\"]",
        ],
        ..CASE
    },
    Case {
        name: "url_leaving_the_site",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: ../outside/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: `url` holds \"../outside/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "url_with_a_fragment",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: \"/story/#top\""))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: `url` holds \"/story/#top\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "url_the_home_page",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: `url` holds \"/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    Case {
        name: "url_a_list",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: [/a/]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: `url` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "corrections_text",
        bad: &[(
            "content/c.md",
            md!("title: C\ndate: 2023-10-30\ncorrections: We fixed a name."),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/c.md:4: `corrections` should be a list of {date, text} entries but is text",
        ],
        ..CASE
    },
    Case {
        name: "correction_without_text",
        bad: &[(
            "content/c.md",
            md!("title: C\ndate: 2023-10-30\ncorrections:\n  - date: 2023-10-31"),
        )],
        stderr: &[
            ONE_PROBLEM,
            concat!(
                "  content/c.md:4: each correction needs a `date` (",
                accepted_forms!(),
                ") and a `text`, such as `- {date: 2023-10-30, text: \"An earlier version misspelt a name.\"}`"
            ),
        ],
        ..CASE
    },
    Case {
        name: "correction_date_unreadable",
        bad: &[(
            "content/c.md",
            md!("title: C\ndate: 2023-10-30\ncorrections:\n  - {date: TBD, text: Fixed.}"),
        )],
        stderr: &[
            ONE_PROBLEM,
            concat!(
                "  content/c.md:4: each correction needs a `date` (",
                accepted_forms!(),
                ") and a `text`, such as `- {date: 2023-10-30, text: \"An earlier version misspelt a name.\"}`"
            ),
        ],
        ..CASE
    },
    Case {
        name: "correction_only_text",
        bad: &[(
            "content/c.md",
            md!("title: C\ndate: 2023-10-30\ncorrections: [A name was misspelt.]"),
        )],
        stderr: &[
            ONE_PROBLEM,
            concat!(
                "  content/c.md:4: each correction needs a `date` (",
                accepted_forms!(),
                ") and a `text`, such as `- {date: 2023-10-30, text: \"An earlier version misspelt a name.\"}`"
            ),
        ],
        ..CASE
    },
    Case {
        name: "image_a_list",
        bad: &[("content/i.md", md!("title: I\ndate: 2023-10-30\nimage: [a.jpg]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/i.md:4: `image` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "summary_a_table",
        bad: &[(
            "content/s.md",
            md!("title: S\ndate: 2023-10-30\nsummary: {short: x}"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/s.md:4: `summary` should be text but is a table of fields; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "section_a_list",
        bad: &[("content/s.md", md!("title: S\ndate: 2023-10-30\nsection: [World]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/s.md:4: `section` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    // ---- two things on one URL ----
    Case {
        name: "two_articles_on_one_url",
        bad: &[
            ("content/alpha.md", md!("title: Alpha\ndate: 2023-10-30\nslug: same-story")),
            ("content/beta.md", md!("title: Beta\ndate: 2023-10-30\nslug: same-story")),
        ],
        stderr: &[
            ONE_PROBLEM,
            "  content/beta.md: content/alpha.md and content/beta.md would both be written to /2023/10/30/same-story/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_another_article",
        bad: &[(
            "content/copy.md",
            md!("title: Copy\ndate: 2023-10-30\nurl: /2023/10/29/good/"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/good.md: content/copy.md and content/good.md would both be written to /2023/10/29/good/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "alias_onto_another_article",
        bad: &[(
            "content/copy.md",
            md!("title: Copy\ndate: 2023-10-30\naliases: [/2023/10/29/good/]"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/good.md: an alias of content/copy.md and content/good.md would both be written to /2023/10/29/good/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "two_aliases_on_one_url",
        bad: &[
            ("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/old/]")),
            ("content/b.md", md!("title: B\ndate: 2023-10-30\naliases: [/old/]")),
        ],
        stderr: &[
            ONE_PROBLEM,
            "  content/b.md: an alias of content/a.md and an alias of content/b.md would both be written to /old/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_tag_index",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /tags/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and the tag index would both be written to /tags/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_tag_page",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /tags/politics/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and page 1 of tag \"politics\" would both be written to /tags/politics/; rename the article's `slug:`, or the tag, author or section that takes this address",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_author_index",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /authors/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and the author index would both be written to /authors/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_an_author_page",
        bad: &[(
            "content/u.md",
            md!("title: U\ndate: 2023-10-30\nurl: /authors/amina-khan/"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and page 1 of author \"Amina Khan\" would both be written to /authors/amina-khan/; rename the article's `slug:`, or the tag, author or section that takes this address",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_section_page",
        bad: &[(
            "content/u.md",
            md!("title: U\ndate: 2023-10-30\nsection: World\nurl: /world/"),
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and page 1 of section \"World\" would both be written to /world/; rename the article's `slug:`, or the tag, author or section that takes this address",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_year_archive",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /2023/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and page 1 of the 2023 archive would both be written to /2023/; rename the article's `slug:`, or the tag, author or section that takes this address",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_404_page",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /404.html"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md: content/u.md and the 404 page would both be written to /404.html; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    Case {
        name: "slug_onto_the_tag_index_with_a_flat_permalink",
        good: &[(
            "newsroom.toml",
            b"title = \"Daily\"\nbase_url = \"https://example.org/\"\npermalink = \"/:slug/\"\n",
        )],
        bad: &[("content/tags.md", md!("title: Tags\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/tags.md: content/tags.md and the tag index would both be written to /tags/; give one of them a different `slug:` (or date)",
        ],
        ..CASE
    },
    // ---- static files in the place of generated ones ----
    Case {
        name: "static_file_in_place_of_the_rss_feed",
        bad: &[("static/rss.xml", b"<rss/>")],
        stderr: &[
            "error: static/rss.xml: this file would replace the generated /rss.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_atom_feed",
        bad: &[("static/atom.xml", b"<feed/>")],
        stderr: &[
            "error: static/atom.xml: this file would replace the generated /atom.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_home_page",
        bad: &[("static/index.html", b"<p>Hello</p>")],
        stderr: &[
            "error: static/index.html: this file would replace the generated /; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_an_article",
        bad: &[("static/2023/10/29/good/index.html", b"<p>Old</p>")],
        stderr: &[
            "error: static/2023/10/29/good/index.html: this file would replace the generated /2023/10/29/good/; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_a_tag_page",
        bad: &[("static/tags/politics/index.html", b"<p>Old</p>")],
        stderr: &[
            "error: static/tags/politics/index.html: this file would replace the generated /tags/politics/; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_sitemap",
        bad: &[("static/sitemap.xml", b"<urlset/>")],
        stderr: &[
            "error: static/sitemap.xml: this file would replace the generated /sitemap.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_news_sitemap",
        bad: &[("static/news-sitemap.xml", b"<urlset/>")],
        stderr: &[
            "error: static/news-sitemap.xml: this file would replace the generated /news-sitemap.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_404_page",
        bad: &[("static/404.html", b"<p>Lost</p>")],
        stderr: &[
            "error: static/404.html: this file would replace the generated /404.html; move or rename it",
        ],
        ..CASE
    },
    // ---- templates ----
    Case {
        name: "template_syntax_error",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title </h1>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:22: template syntax error: Found `</` but expected }}.; fix the template, or delete it to use the built-in one",
        ],
        ..CASE
    },
    Case {
        name: "template_unknown_filter",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title | shout }}</h1>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:24: template error: Unknown filter `shout`",
        ],
        ..CASE
    },
    Case {
        name: "template_undefined_value",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<p>{{ article.nope.deeper }}</p>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:15: template error while rendering /2023/10/29/good/: Field `nope` is not defined. Available fields: authors, content, corrections, date, dateline, draft, extra, image, image_url, path, pinned, reading_time, section, slug, source, summary, summary_text, tags, title, toc, updated, updated_dateline, url, word_count",
        ],
        ..CASE
    },
    Case {
        name: "template_filter_of_the_wrong_type",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<p>{{ article.title | round }}</p>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:7: template error while rendering /2023/10/29/good/: Invalid type for the value, expected `f64` but got `string`",
        ],
        ..CASE
    },
    Case {
        name: "template_base_without_the_theme_blocks",
        bad: &[(
            "templates/base.html",
            b"<html>{% block body %}{% endblock body %}</html>\n",
        )],
        stderr: &[
            "error: (built-in) 404.html:5:10: template error: Block `content` is not defined in any parent template; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)",
            "(built-in) article.html:4:10: template error: Block `head` is not defined in any parent template; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)",
            "(built-in) article.html:21:10: template error: Block `content` is not defined in any parent template; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)",
            "(built-in) tags.html:4:10: template error: Block `content` is not defined in any parent template; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)",
        ],
        ..CASE
    },
    Case {
        name: "template_if_without_condition",
        bad: &[(
            "templates/index.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{% if %}x{% endif %}\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/index.html:3:7: template syntax error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`; fix the template, or delete it to use the built-in one",
        ],
        ..CASE
    },
    Case {
        name: "template_block_never_closed",
        bad: &[(
            "templates/tag.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ tag.name }}</h1>\n",
        )],
        stderr: &[
            "error: templates/tag.html:4:1: template syntax error: Unexpected end of input; fix the template, or delete it to use the built-in one",
        ],
        ..CASE
    },
    Case {
        name: "template_includes_a_missing_template",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{% include \"byline.html\" %}\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:12: template error: Unknown template `byline.html`",
        ],
        ..CASE
    },
    Case {
        name: "template_date_filter_with_a_bad_pattern",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<p>{{ article.date | date(format=\"%Q\") }}</p>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:22: template error while rendering /2023/10/29/good/: \"%Q\" is not a strftime pattern; try \"%B %-d, %Y\"",
        ],
        ..CASE
    },
    Case {
        name: "template_date_filter_on_text",
        bad: &[(
            "templates/article.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n<p>{{ article.title | date }}</p>\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:3:23: template error while rendering /2023/10/29/good/: the date filter needs an RFC 3339 date such as article.date, not \"Good story\"",
        ],
        ..CASE
    },
    Case {
        name: "template_of_the_site_only_with_a_syntax_error",
        bad: &[("templates/partials/box.html", b"<div>\n{{ box.title\n</div>\n")],
        stderr: &[
            "error: templates/partials/box.html:3:1: template syntax error: Found `</` but expected }}.; fix the template, or delete it to use the built-in one",
        ],
        ..CASE
    },
    Case {
        name: "template_of_a_feed_failing",
        // Only the home feed fails: with several failing pages, which one is named depends on
        // which is rendered first.
        bad: &[(
            "templates/rss.xml",
            b"<rss>\n{% if feed.title == \"Daily\" %}{{ feed.nope.deeper }}{% endif %}\n</rss>\n",
        )],
        stderr: &[
            "error: templates/rss.xml:2:39: template error while rendering /rss.xml: Field `nope` is not defined. Available fields: entries, home, title, updated",
        ],
        ..CASE
    },
    Case {
        name: "template_unknown_function",
        bad: &[(
            "templates/404.html",
            b"{% extends \"base.html\" %}\n{% block content %}\n{{ shout() }}\n{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/404.html:3:4: template error: Unknown function `shout`",
        ],
        ..CASE
    },
    // ---- the command line ----
    Case {
        name: "output_onto_the_site_folder",
        args: &["build", "--root", "{root}", "--output", "{root}"],
        stderr: &[
            "error: {root}: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_the_content_folder",
        args: &["build", "--root", "{root}", "--output", "{root}/content"],
        stderr: &[
            "error: {root}/content: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_inside_the_templates_folder",
        good: &[("templates/partials/box.html", b"<div></div>\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/templates/site"],
        stderr: &[
            "error: {root}/templates/site: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_file",
        args: &["build", "--root", "{root}", "--output", "{root}/newsroom.toml"],
        stderr: &[
            "error: {root}/newsroom.toml: the output path is a file, not a folder; remove it or choose another --output",
        ],
        ..CASE
    },
    Case {
        name: "root_that_does_not_exist",
        args: &["build", "--root", "{root}/nowhere"],
        stderr: &[
            "error: {root}/nowhere: no such site folder; pass the folder holding newsroom.toml and content/ with --root",
        ],
        ..CASE
    },
    Case {
        name: "root_that_is_not_a_site",
        args: &["build", "--root", "{root}/data"],
        stderr: &[
            "error: {root}/data: not a site folder: it holds neither newsroom.toml nor a content/ (or Jekyll _posts/) folder; run newsroom in a site folder or pass --root",
        ],
        ..CASE
    },
    Case {
        name: "base_url_option_without_scheme",
        args: &["build", "--root", "{root}", "--base-url", "example.org"],
        stderr: &[
            "error: base_url \"example.org\" is not a URL; write an absolute one such as \"https://example.org/\" or \"https://example.org/news/\", or a path such as \"/news/\"",
        ],
        ..CASE
    },
    Case {
        name: "unknown_option",
        args: &["build", "--root", "{root}", "--draft"],
        exit: 2,
        stderr: &[
            "error: unexpected argument '--draft' found",
            "  tip: a similar argument exists: '--drafts'",
        ],
        ..CASE
    },
    Case {
        name: "build_moment_unreadable",
        env: &[("NEWSROOM_NOW", "yesterday")],
        stderr: &[
            "error: NEWSROOM_NOW is \"yesterday\", which is not an RFC 3339 time such as 2023-10-29T09:30:00Z; unset it to build at the current time",
        ],
        ..CASE
    },
];

/// What one row gave.
struct Outcome {
    /// The exit code of the bad run, `None` when it was killed by a signal.
    exit: Option<i32>,
    /// The bad run's stderr, with the site folder written as `{root}`.
    stderr: String,
    /// Why the row fails; empty when it passes.
    problems: Vec<String>,
}

/// Every file under `dir` with its bytes, and every folder, so that an empty folder left
/// behind shows too.
fn tree(dir: &Path) -> (BTreeMap<PathBuf, Vec<u8>>, BTreeSet<PathBuf>) {
    let folders = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_dir())
        .map(|entry| entry.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    (common::snapshot(dir), folders)
}

/// The names of the entries of `dir` that start with `prefix`.
fn entries_starting_with(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect()
}

/// Whether `printed` starts with the first line of `expected` and holds every other one as a
/// whole line, in order.
fn holds_in_order(printed: &[&str], expected: &[String]) -> Result<(), String> {
    if let (Some(first), Some(wanted)) = (printed.first(), expected.first())
        && first != wanted
    {
        return Err(format!("the first line printed is not: {wanted}"));
    }
    let mut rest = printed.iter();
    for line in expected {
        if !rest.any(|printed| printed == line) {
            return Err(format!("expected line not printed (in this order): {line}"));
        }
    }
    Ok(())
}

fn run(case: &Case) -> Outcome {
    let site = Fixture::new();
    let root = site.root().canonicalize().unwrap();
    let root_text = root.display().to_string();
    let fill = |text: &str| text.replace("{root}", &root_text);
    let mut problems = Vec::new();

    for (path, bytes) in GOOD_SITE.iter().chain(case.good) {
        site.write(path, bytes);
    }
    let first = site.build(&[]);
    if !first.status.success() {
        problems.push(format!(
            "the good site did not build:\n{}",
            String::from_utf8_lossy(&first.stderr)
        ));
        return Outcome {
            exit: None,
            stderr: String::new(),
            problems,
        };
    }
    let output_before = site.snapshot();
    if !output_before.contains_key(Path::new("index.html")) {
        problems.push("the good build wrote no home page".to_string());
    }

    for (path, bytes) in case.bad {
        site.write(path, bytes);
    }
    let site_before = tree(&root);
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(case.args.iter().map(|arg| fill(arg)))
        .envs(case.env.iter().copied())
        .output()
        .expect("run the newsroom binary");
    let stderr = String::from_utf8_lossy(&output.stderr).replace(&root_text, "{root}");

    if output.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            output.status.code(),
            case.exit
        ));
    }
    let printed: Vec<&str> = stderr.lines().collect();
    if printed.is_empty() {
        problems.push("the failed build printed nothing".to_string());
    }
    if case.stderr.is_empty() {
        problems.push("the row expects no message".to_string());
    }
    let expected: Vec<String> = case.stderr.iter().map(|line| line.to_string()).collect();
    if let Err(why) = holds_in_order(&printed, &expected) {
        problems.push(why);
    }

    if site.snapshot() != output_before {
        problems.push("the previous output changed".to_string());
    }
    let site_after = tree(&root);
    if site_after != site_before {
        let ((files_before, folders_before), (files_after, folders_after)) =
            (&site_before, &site_after);
        let changed: BTreeSet<String> = files_before
            .keys()
            .chain(files_after.keys())
            .filter(|path| files_before.get(*path) != files_after.get(*path))
            .chain(folders_before.symmetric_difference(folders_after))
            .map(|path| path.display().to_string())
            .collect();
        problems.push(format!(
            "the failed build changed the site folder: {changed:?}"
        ));
    }
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_string_lossy();
    let beside = entries_starting_with(parent, &format!(".{name}."));
    if !beside.is_empty() {
        problems.push(format!("left beside the site folder: {beside:?}"));
    }

    Outcome {
        exit: output.status.code(),
        stderr,
        problems,
    }
}

/// Runs every row on a few threads; the outcomes are in the order of the rows.
fn run_all(cases: &[Case]) -> Vec<Outcome> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = cases.get(at) else {
                            break done;
                        };
                        done.push((at, run(case)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect()
    });
    outcomes.sort_by_key(|(at, _)| *at);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// A file's bytes on one line: line ends as `\n`, bytes that are not UTF-8 as `\xE9`.
fn visible(bytes: &[u8]) -> String {
    let mut text = String::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(&chunk.valid().replace('\n', "\\n"));
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// The catalogue as a Markdown table: each case, its input and what it printed.
fn markdown_table(cases: &[Case], outcomes: &[Outcome]) -> String {
    let mut table = String::from("| case | input | exit | message printed |\n|---|---|---|---|\n");
    for (case, outcome) in cases.iter().zip(outcomes) {
        let mut input: Vec<String> = case
            .bad
            .iter()
            .map(|(path, bytes)| format!("{path}: {}", visible(bytes)))
            .collect();
        if case.args != BUILD {
            input.push(format!("newsroom {}", case.args.join(" ")));
        }
        for (key, value) in case.env {
            input.push(format!("{key}={value}"));
        }
        let exit = outcome
            .exit
            .map_or("signal".to_string(), |code| code.to_string());
        table.push_str(&format!(
            "| {} | {} | {exit} | {} |\n",
            case.name,
            cell(&input.join("\n")),
            cell(outcome.stderr.trim_end())
        ));
    }
    table
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_the_previous_output_kept() {
    let names: BTreeSet<&str> = CASES.iter().map(|case| case.name).collect();
    assert_eq!(names.len(), CASES.len(), "two rows share a name");
    let outcomes = run_all(CASES);
    if std::env::var_os("CATALOGUE_PRINT").is_some_and(|value| value == "1") {
        // Written to the process's stdout, which the test harness does not capture.
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "\n{}", markdown_table(CASES, &outcomes)).unwrap();
    }
    let failures: Vec<String> = CASES
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| !outcome.problems.is_empty())
        .map(|(case, outcome)| {
            let printed: String = outcome
                .stderr
                .lines()
                .map(|line| format!("      {line}\n"))
                .collect();
            format!(
                "{}:\n    {}\n    printed (exit {:?}):\n{printed}",
                case.name,
                outcome.problems.join("\n    "),
                outcome.exit
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_catalogue_has_at_least_sixty_cases() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
}

#[test]
fn the_runner_reports_a_wrong_message_a_wrong_exit_code_and_a_build_that_succeeds() {
    const ROWS: &[Case] = &[
        Case {
            name: "wrong_message",
            bad: &[("content/untitled.md", md!("date: 2023-10-30"))],
            stderr: &[ONE_PROBLEM, "  content/untitled.md:2: some other message"],
            ..CASE
        },
        Case {
            name: "wrong_exit_code",
            bad: &[("content/untitled.md", md!("date: 2023-10-30"))],
            exit: 3,
            stderr: &[ONE_PROBLEM],
            ..CASE
        },
        Case {
            name: "wrong_first_line",
            bad: &[("content/untitled.md", md!("date: 2023-10-30"))],
            stderr: &[
                "  content/untitled.md:2: missing title; add a `title: Your headline` line to the front matter",
            ],
            ..CASE
        },
        Case {
            name: "not_bad_at_all",
            bad: &[("content/fine.md", md!("title: Fine\ndate: 2023-10-30"))],
            stderr: &[ONE_PROBLEM],
            ..CASE
        },
    ];
    let outcomes = run_all(ROWS);
    assert_eq!(
        outcomes[0].problems,
        ["expected line not printed (in this order):   content/untitled.md:2: some other message"]
    );
    assert_eq!(outcomes[1].problems, ["exit code Some(1), expected 3"]);
    assert_eq!(
        outcomes[2].problems,
        [
            "the first line printed is not:   content/untitled.md:2: missing title; add a `title: Your headline` line to the front matter"
        ]
    );
    let succeeded = &outcomes[3].problems;
    assert!(
        succeeded
            .iter()
            .any(|p| p == "exit code Some(0), expected 1")
            && succeeded.iter().any(|p| p == "the previous output changed"),
        "{succeeded:?}"
    );
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    common::snapshot(dir).into_keys().collect()
}

#[test]
fn slugs_with_slashes_and_dots_stay_inside_the_output() {
    let site = Fixture::new();
    site.article(
        "good.md",
        "title: Good story\ndate: 2023-10-29\ntags: [politics]",
        "A good body.",
    );
    site.build_ok(&[]);
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
