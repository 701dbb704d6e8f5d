//! Bad input: every broken article, config value, template or command line stops the build
//! with a message that names the file (relative to the site root) and the line, says what is
//! wrong and how to fix it, and leaves the previous output exactly as it was.
//!
//! The cases are rows of one table, [`CASES`], run by one runner. For each row it builds the
//! good site of [`GOOD_SITE`] (plus the row's `good` files), keeps every byte of that output,
//! writes the row's `bad` files, runs the real binary with the row's arguments, and checks the
//! exit code, the message, and that nothing in the site folder changed. The run is in the
//! site folder, so a relative `--output` is relative to it.
//!
//! To add a case, add one row: `Case { name: "...", bad: &[("content/x.md", md!("...")),],
//! stderr: &["  content/x.md:3: ..."], ..CASE }`. `md!` wraps front-matter lines into an
//! article (its first field is on line 2). `{root}` in `args` and `stderr` stands for the
//! site folder. The first expected line must be the first line of stderr, and each other one
//! must appear whole on stderr, in the order given; other lines between them (a source excerpt,
//! a caret) are allowed. Every failing row is reported at once,
//! with what it printed.
//!
//! A row may also set `env` (such as a `HOME` inside the site folder), `links` (symlinks, for
//! a link to content/ or a broken article), `on_stdout` (the report of `newsroom check`), and
//! `publishes` with `exit: 0` or `2` for a build that warns or skips a story (`--keep-going`):
//! then the new output is not compared with the old, but the message and exit code still are.
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
    /// Environment variables of the bad run (`{root}` in a value stands for the site folder).
    env: &'static [(&'static str, &'static str)],
    /// Symlinks made after the bad files, as (path under the site folder, target); `{root}`
    /// in a target stands for the site folder.
    links: &'static [(&'static str, &'static str)],
    /// Whether the bad run publishes (a build that warns, `--keep-going`): then the output
    /// may change, and only what is printed and the exit code are checked.
    publishes: bool,
    /// The exit code of the bad run.
    exit: i32,
    /// Whether the message is on stdout instead of stderr (the report of `newsroom check`).
    on_stdout: bool,
    /// The lines stderr (or stdout) must hold, whole and in this order.
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
    links: &[],
    publishes: false,
    on_stdout: false,
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
            config_error!(
                1,
                "invalid TOML: the quote opened in `title = \"Daily` is never closed; end the value with the same quote mark on that line (or use \"\"\" for text over several lines)"
            ),
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
            "unknown key \"zzz\"; the keys are title, description, logo, feed_limit, feed_content, sections, related_count, related, words_per_minute, base_url, language, timezone, paginate_by, latest_count, heading_ids, highlight, permalink, date_format, time_format, front_section_stories, allow_outside_links, search, pagination, latest_list, cache, indexnow_key, indexnow_endpoint, websub_hub, images, extra; custom values belong under [extra]"
        )],
        ..CASE
    },
    Case {
        name: "config_pagination_unknown",
        bad: &[("newsroom.toml", b"title = \"Daily\"\npagination = \"newest\"\n")],
        stderr: &[config_error!(
            2,
            "`pagination` is \"newest\"; write \"classic\" or \"stable\""
        )],
        ..CASE
    },
    Case {
        name: "config_indexnow_key_too_short",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nindexnow_key = \"abc\"\n")],
        stderr: &[config_error!(
            2,
            "indexnow_key \"abc\" is not an IndexNow key: it must be 8 to 128 letters, digits or dashes, such as a UUID (`uuidgen` makes one)"
        )],
        ..CASE
    },
    Case {
        name: "config_websub_hub_not_a_url",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nwebsub_hub = \"pubsubhubbub.appspot.com\"\n")],
        stderr: &[config_error!(
            2,
            "websub_hub \"pubsubhubbub.appspot.com\" is not an absolute URL; write one such as \"https://example.org/\""
        )],
        ..CASE
    },
    Case {
        name: "config_cache_empty",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ncache = \" \"\n")],
        stderr: &[config_error!(
            2,
            "cache is empty; name a folder for the build cache, such as \".newsroom/build\""
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
            config_error!(
                1,
                "`title` should be text in double quotes, such as \"...\", but is the number 3"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_description_not_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ndescription = []\n")],
        stderr: &[
            config_error!(
                2,
                "`description` should be text in double quotes, such as \"...\", but is a list"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_logo_not_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nlogo = true\n")],
        stderr: &[
            config_error!(
                2,
                "`logo` should be text in double quotes, such as \"...\", but is true"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_feed_content_unknown_value",
        bad: &[("newsroom.toml", b"title = \"x\"\nfeed_content = \"partial\"\n")],
        stderr: &[config_error!(
            2,
            "`feed_content` is \"partial\"; write \"full\" or \"summary\""
        )],
        ..CASE
    },
    Case {
        name: "config_sections_text",
        bad: &[("newsroom.toml", b"title = \"x\"\nsections = \"World\"\n")],
        stderr: &[
            config_error!(
                2,
                "`sections` should be a list, such as [\"World\", \"Sport\"], but is the text \"World\""
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_sections_numbers",
        bad: &[("newsroom.toml", b"title = \"x\"\nsections = [1]\n")],
        stderr: &[
            config_error!(
                2,
                "`sections` should be text in double quotes, such as \"...\", but is the number 1"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_base_url_number",
        bad: &[("newsroom.toml", b"title = \"x\"\nbase_url = 1\n")],
        stderr: &[
            config_error!(
                2,
                "`base_url` should be text in double quotes, such as \"...\", but is the number 1"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_language_boolean",
        bad: &[("newsroom.toml", b"title = \"x\"\nlanguage = true\n")],
        stderr: &[
            config_error!(
                2,
                "`language` should be text in double quotes, such as \"...\", but is true"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_timezone_number",
        bad: &[("newsroom.toml", b"title = \"x\"\ntimezone = 5\n")],
        stderr: &[
            config_error!(
                2,
                "`timezone` should be text in double quotes, such as \"...\", but is the number 5"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_permalink_number",
        bad: &[("newsroom.toml", b"title = \"x\"\npermalink = 1\n")],
        stderr: &[
            config_error!(
                2,
                "`permalink` should be text in double quotes, such as \"...\", but is the number 1"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_date_format_number",
        bad: &[("newsroom.toml", b"title = \"x\"\ndate_format = 1\n")],
        stderr: &[
            config_error!(
                2,
                "`date_format` should be text in double quotes, such as \"...\", but is the number 1"
            ),
        ],
        ..CASE
    },
    Case {
        name: "config_extra_not_a_table",
        bad: &[("newsroom.toml", b"title = \"x\"\nextra = \"x\"\n")],
        stderr: &[
            config_error!(
                2,
                "`extra` should be a table of keys, written under its own [table] line, but is the text \"x\""
            ),
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
        name: "config_time_format_invalid",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ntime_format = \"%H:%Q\"\n")],
        stderr: &[config_error!(
            2,
            "time_format \"%H:%Q\" is not a valid strftime pattern (every % starts a placeholder such as %H, %M or %Z; write %% for a % sign); for example \"%H:%M %Z\" gives \"09:30 PKT\", and \"%-I:%M %p\" gives \"9:30 AM\"; \"\" shows no time"
        )],
        ..CASE
    },
    Case {
        name: "config_front_section_stories_negative",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nfront_section_stories = -1\n")],
        stderr: &[config_error!(
            2,
            "front_section_stories is -1; it must be 0 (no section blocks) or more"
        )],
        ..CASE
    },
    Case {
        name: "config_date_format_invalid",
        bad: &[("newsroom.toml", b"title = \"Daily\"\ndate_format = \"%Q %Y\"\n")],
        stderr: &[config_error!(
            2,
            "date_format \"%Q %Y\" is not a valid strftime pattern (every % starts a placeholder such as %Y, %B or %-d; write %% for a % sign); for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time"
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
            "error: data/authors.toml:2: invalid TOML: the value of `bio` needs quotes: bio = \"...\" (dates, numbers, true and false need none)",
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
    Case {
        name: "profile_that_is_not_a_table",
        bad: &[("data/authors.toml", b"\"Amina Khan\" = \"Reports on security.\"\n")],
        stderr: &[
            "error: data/authors.toml:1: \"Amina Khan\" should be a profile, a table such as [\"Amina Khan\"] with name = \"...\" and bio = \"...\" lines below it, but is text; write it as a table",
        ],
        ..CASE
    },
    Case {
        name: "config_heading_ids_unknown_rule",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nheading_ids = \"pandoc\"\n")],
        stderr: &[config_error!(
            2,
            "heading_ids \"pandoc\" is not a rule newsroom knows; write one of \"auto\", \"newsroom\", \"jekyll\", \"hugo\", \"zola\" (\"auto\" uses Jekyll's for _posts/ and newsroom's elsewhere)"
        )],
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
            "  content/broken.md:5:10: invalid YAML front matter: `summary: : colon` holds a second `: `, so it is not one `key: value` field; if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
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
            "  content/broken.md:4: invalid TOML front matter: the value of `author` needs quotes: author = \"...\" (dates, numbers, true and false need none)",
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
            "  content/list.md:2: invalid YAML front matter: front matter must be a list of `key: value` fields, such as `title: Border talks`",
        ],
        ..CASE
    },
    Case {
        name: "front_matter_a_sentence",
        bad: &[("content/words.md", md!("Just a headline"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/words.md:2: invalid YAML front matter: front matter must be a list of `key: value` fields, such as `title: Border talks`",
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
            "  content/world/_index.md:3:14: invalid YAML front matter: a `[` or `{` opened on or above `description: [a, b` is not closed; close the list with `]` or the table with `}`, or if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
        ],
        ..CASE
    },
    Case {
        name: "every_broken_article_in_one_build",
        bad: &[
            ("content/a-undated.md", md!("title: A")),
            ("content/b-baddate.md", md!("title: B\ndate: 29/10/2023")),
            ("content/c-yaml.md", md!("title: C\ntags: [x, y\ndate: 2023-10-30")),
        ],
        stderr: &[
            "error: 3 problems in articles; nothing was written:",
            "  content/a-undated.md:2: missing date; add a `date:` line (2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500), or name the file 2023-10-29-slug.md, or put it in a 2023/10/29/ folder",
            bad_date!("content/b-baddate.md:3", "date", "29/10/2023"),
            "  content/c-yaml.md:4:5: invalid YAML front matter: a `[` or `{` opened on or above `date: 2023-10-30` is not closed; close the list with `]` or the table with `}`, or if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
        ],
        ..CASE
    },
    // ---- articles: title and date ----
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
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\ndraft: \"maybe\""))],
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
            b"+++\ntitle = \"D\"\ndate = 2023-10-30\ndraft = \"maybe\"\n+++\nBody.\n",
        )],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `draft` should be true or false but is text",
        ],
        ..CASE
    },
    Case {
        name: "pinned_text",
        bad: &[("content/p.md", md!("title: P\ndate: 2023-10-30\npinned: \"always\""))],
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
        name: "image_alt_a_list",
        bad: &[("content/i.md", md!("title: I\ndate: 2023-10-30\nimage: yes please\nimage_alt: [x]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/i.md:5: `image_alt` should be text but is a list; put the value in quotes",
        ],
        ..CASE
    },
    Case {
        name: "image_true_false",
        bad: &[("content/i.md", md!("title: I\ndate: 2023-10-30\nimage: true"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/i.md:4: `image` should be the photo's file name, such as `image: photo.jpg`, or a table with `src:` and `alt:` under it, but is true/false",
        ],
        ..CASE
    },
    Case {
        name: "image_table_without_src",
        bad: &[("content/i.md", md!("title: I\ndate: 2023-10-30\nimage:\n  alt: A gate"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/i.md:4: `image` has no `src`; name the photo's file under it, such as `src: photo.jpg` (beside the story) or `src: /images/photo.jpg` (under static/)",
        ],
        ..CASE
    },
    Case {
        name: "image_focal_out_of_range",
        bad: &[("content/i.md", md!("title: I\ndate: 2023-10-30\nimage:\n  src: a.jpg\n  alt: A gate\n  focal: [50, 30]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/i.md:4: `image.focal` should be two numbers from 0 to 1, how far across and how far down the point to keep in crops is, such as `focal: [0.5, 0.3]`",
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
            "  content/beta.md:4: this article and content/alpha.md (`slug:` on line 4) would both be written to /2023/10/30/same-story/; give one of them a different `slug:` (or date)",
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
            "  content/copy.md:4: this article and content/good.md would both be written to /2023/10/29/good/; change the article's `url:`",
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
            "  content/copy.md:4: an alias of this article and content/good.md would both be written to /2023/10/29/good/; change or remove the alias",
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
            "  content/b.md:4: an alias of this article and an alias of content/a.md (`aliases:` on line 4) would both be written to /old/; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_tag_index",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /tags/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: this article and the tag index would both be written to /tags/; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_tag_page",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /tags/politics/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: this article and page 1 of tag \"politics\" (named in content/good.md, `tags:` on line 4) would both be written to /tags/politics/; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_author_index",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /authors/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: this article and the author index would both be written to /authors/; change the article's `url:`",
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
            "  content/u.md:4: this article and page 1 of author \"Amina Khan\" (named in content/good.md, `author:` on line 5) would both be written to /authors/amina-khan/; change the article's `url:`",
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
            "  content/u.md:5: this article and page 1 of section \"World\" (from `sections` in newsroom.toml) would both be written to /world/; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_year_archive",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /2023/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: this article and page 1 of the 2023 archive (from `permalink` in newsroom.toml) would both be written to /2023/; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_404_page",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: /404.html"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: this article and the 404 page would both be written to /404.html; change the article's `url:`",
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
            "  content/tags.md: this article and the tag index would both be written to /tags/; give the article a `slug:` line (its URL now comes from its file name)",
        ],
        ..CASE
    },
    // ---- static files in the place of generated ones ----
    Case {
        name: "static_file_in_place_of_the_rss_feed",
        bad: &[("static/rss.xml", b"<rss/>")],
        stderr: &[
            "error: static/rss.xml: this file would replace the site's RSS feed at /rss.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_atom_feed",
        bad: &[("static/atom.xml", b"<feed/>")],
        stderr: &[
            "error: static/atom.xml: this file would replace the site's Atom feed at /atom.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_home_page",
        bad: &[("static/index.html", b"<p>Hello</p>")],
        stderr: &[
            "error: static/index.html: this file would replace page 1 of the home page at /; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_an_article",
        bad: &[("static/2023/10/29/good/index.html", b"<p>Old</p>")],
        stderr: &[
            "error: static/2023/10/29/good/index.html: this file would replace content/good.md at /2023/10/29/good/; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_a_tag_page",
        bad: &[("static/tags/politics/index.html", b"<p>Old</p>")],
        stderr: &[
            "error: static/tags/politics/index.html: this file would replace page 1 of tag \"politics\" (named in content/good.md, `tags:` on line 4) at /tags/politics/; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_sitemap",
        bad: &[("static/sitemap.xml", b"<urlset/>")],
        stderr: &[
            "error: static/sitemap.xml: this file would replace the sitemap at /sitemap.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_news_sitemap",
        bad: &[("static/news-sitemap.xml", b"<urlset/>")],
        stderr: &[
            "error: static/news-sitemap.xml: this file would replace the news sitemap at /news-sitemap.xml; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "static_file_in_place_of_the_404_page",
        bad: &[("static/404.html", b"<p>Lost</p>")],
        stderr: &[
            "error: static/404.html: this file would replace the 404 page at /404.html; move or rename it",
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
            "(built-in) article.html:38:10: template error: Block `content` is not defined in any parent template; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)",
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
        name: "template_extends_a_missing_template",
        bad: &[(
            "templates/article.html",
            b"{# the story page #}\n{% extends \"layout.html\" %}\n{% block content %}x{% endblock content %}\n",
        )],
        stderr: &[
            "error: templates/article.html:2: the template extends \"layout.html\", which is neither a file in templates/ nor one of the theme's; add templates/layout.html, or extend \"base.html\"",
        ],
        ..CASE
    },
    Case {
        name: "template_not_utf8",
        bad: &[("templates/tag.html", b"<p>ok</p>\n<p>caf\xe9</p>\n")],
        stderr: &[
            "error: templates/tag.html:2: the template is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8",
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
            "error: templates/rss.xml:2:39: template error while rendering /rss.xml: Field `nope` is not defined. Available fields: entries, home, hub, title, updated",
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
    // ---- the output folder (section 1) ----
    Case {
        name: "output_onto_the_home_folder",
        good: &[("users/editor/notes.txt", b"Notes\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/users/editor"],
        env: &[("HOME", "{root}/users/editor")],
        stderr: &[
            "error: {root}/users/editor: refusing to build into your home folder, because replacing it would delete everything in it; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_folder_above_home",
        good: &[("users/editor/notes.txt", b"Notes\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/users"],
        env: &[("HOME", "{root}/users/editor")],
        stderr: &[
            "error: {root}/users: refusing to build into this folder, because it holds your home folder {root}/users/editor and replacing it would delete everything in that; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_the_file_system_root",
        args: &["build", "--root", "{root}", "--output", "/"],
        stderr: &[
            "error: /: refusing to build into the root of the file system, because replacing it would delete everything on this machine; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_the_data_folder",
        args: &["build", "--root", "{root}", "--output", "{root}/data"],
        stderr: &[
            "error: {root}/data: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_the_static_folder",
        good: &[("static/logo.txt", b"logo\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/static"],
        stderr: &[
            "error: {root}/static: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_the_templates_folder",
        good: &[("templates/partials/box.html", b"<div></div>\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/templates"],
        stderr: &[
            "error: {root}/templates: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_hugo_layouts_folder",
        good: &[("layouts/partials/box.html", b"<div></div>\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/layouts"],
        stderr: &[
            "error: {root}/layouts: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_jekyll_posts_folder",
        good: &[("_posts/2023-10-01-old.md", md!("title: Old"))],
        args: &["build", "--root", "{root}", "--output", "{root}/_posts"],
        stderr: &[
            "error: {root}/_posts: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_inside_the_content_folder",
        args: &["build", "--root", "{root}", "--output", "{root}/content/2023"],
        stderr: &[
            "error: {root}/content/2023: refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_into_content_through_a_missing_folder",
        args: &["build", "--root", "{root}", "--output", "{root}/missing/../content"],
        stderr: &[
            "error: {root}/missing/../content (which is {root}/content): refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_into_content_through_a_missing_folder_relative",
        args: &["build", "--root", "{root}", "--output", "missing/../content"],
        stderr: &[
            "error: missing/../content (which is {root}/content): refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_symlink_to_content",
        args: &["build", "--root", "{root}", "--output", "{root}/shortcut"],
        links: &[("shortcut", "{root}/content")],
        stderr: &[
            "error: {root}/shortcut (which is {root}/content): refusing to build into this folder, because replacing it would delete the site's own files; choose a separate folder such as {root}/public",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_foreign_folder",
        good: &[("old-site/index.html", b"<p>Old</p>\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/old-site"],
        stderr: &[
            "error: {root}/old-site: refusing to replace this folder, because newsroom did not make it: it has no theme.css, which every newsroom build writes; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it",
        ],
        ..CASE
    },
    Case {
        name: "output_onto_a_folder_of_built_files_without_a_home_page",
        good: &[("old-out/theme.css", b"body {}\n"), ("old-out/rss.xml", b"<rss/>\n")],
        args: &["build", "--root", "{root}", "--output", "{root}/old-out"],
        stderr: &[
            "error: {root}/old-out: refusing to replace this folder, because newsroom did not make it: it has no index.html, which every newsroom build writes; choose an empty or new folder with --output, or pass --force to replace the folder and everything in it",
        ],
        ..CASE
    },
    // ---- articles: empty, null and non-finite values (section 2) ----
    Case {
        name: "title_empty",
        bad: &[("content/t.md", md!("title:\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: `title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)",
        ],
        ..CASE
    },
    Case {
        name: "title_null",
        bad: &[("content/t.md", md!("title: ~\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: `title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)",
        ],
        ..CASE
    },
    Case {
        name: "toml_title_blank",
        bad: &[("content/t.md", b"+++\ntitle = \"  \"\ndate = 2023-10-30\n+++\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: `title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)",
        ],
        ..CASE
    },
    Case {
        name: "date_empty",
        bad: &[("content/undated.md", md!("title: Undated\ndate:"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/undated.md:3: `date` is empty; write the publication date after `date:` (2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500), or name the file 2023-10-29-slug.md",
        ],
        ..CASE
    },
    Case {
        name: "date_null",
        bad: &[("content/undated.md", md!("title: Undated\ndate: ~"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/undated.md:3: `date` is empty; write the publication date after `date:` (2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500), or name the file 2023-10-29-slug.md",
        ],
        ..CASE
    },
    Case {
        name: "toml_date_nan",
        bad: &[("content/d.md", b"+++\ntitle = \"D\"\ndate = nan\n+++\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \"nan\", which is not a date newsroom can read; write it as 2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500",
        ],
        ..CASE
    },
    Case {
        name: "date_infinite",
        bad: &[("content/d.md", md!("title: D\ndate: .inf"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \".inf\", which is not a date newsroom can read; write it as 2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500",
        ],
        ..CASE
    },
    // ---- articles: dates at the edges of the range ----
    Case {
        name: "date_year_zero",
        bad: &[("content/d.md", md!("title: D\ndate: 0000-12-31"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \"0000-12-31\", in the year 0 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "date_before_year_one_by_its_offset",
        bad: &[("content/d.md", md!("title: D\ndate: 0001-01-01 00:30:00 +0100"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \"0001-01-01 00:30:00 +0100\", in the year 0 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "date_year_ten_thousand",
        bad: &[("content/d.md", md!("title: D\ndate: +10000-01-01"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \"+10000-01-01\", in the year 10000 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "updated_year_zero",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\nupdated: 0000-06-01 10:00"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `updated` is \"0000-06-01 10:00\", in the year 0 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "expiry_date_far_future",
        bad: &[("content/d.md", md!("title: D\ndate: 2023-10-30\nexpiry_date: +99999-01-01"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:4: `expiry_date` is \"+99999-01-01\", in the year 99999 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "date_last_hour_of_9999_in_kiritimati",
        good: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nsections = [\"World\"]\ntimezone = \"Pacific/Kiritimati\"\n")],
        bad: &[("content/d.md", md!("title: D\ndate: 9999-12-31T23:00:00Z"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/d.md:3: `date` is \"9999-12-31T23:00:00Z\", in the year 10000 in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range",
        ],
        ..CASE
    },
    Case {
        name: "file_name_year_zero",
        bad: &[("content/0000-01-01-named.md", md!("title: Named"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/0000-01-01-named.md:1: the date 0000-01-01 in the file's name or folders is before the year 1 or after 9999, which no feed or sitemap can show; write a `date:` line (2023-10-29T09:30:00+05:00 (RFC 3339), 2023-10-29 09:30:00 +0500, 2023-10-29 09:30:00 (site time zone), 2023-10-29, or any other form Jekyll or Hugo accept, such as Sun, 29 Oct 2023 09:30:00 +0500)",
        ],
        ..CASE
    },
    // ---- articles: YAML, TOML and JSON that cannot be read ----
    Case {
        name: "yaml_anchor_bomb",
        bad: &[("content/bomb.md", md!("title: Bomb\ndate: 2023-10-30\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/bomb.md:4:8: invalid YAML front matter: the front matter expands to more than 250,000 values, which is more than any article needs (are `*aliases` repeating an `&anchor` many times over?); write the values out, and move large data out of the front matter",
        ],
        ..CASE
    },
    Case {
        name: "yaml_deep_nesting",
        bad: &[("content/deep.md", md!("title: Deep\ndate: 2023-10-30\ntags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["))],
        stderr: &[
            ONE_PROBLEM,
            "  content/deep.md:4:106: invalid YAML front matter: a `[` or `{` opened on or above `tags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...` is not closed; close the list with `]` or the table with `}`, or if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
        ],
        ..CASE
    },
    Case {
        name: "yaml_undefined_alias",
        bad: &[("content/a.md", md!("title: *headline\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:2:8: invalid YAML front matter: `title: *headline` refers with `*` to an `&anchor` that is not defined above it; define the anchor first, or put the value in double quotes if the `*` is meant as text",
        ],
        ..CASE
    },
    Case {
        name: "yaml_colon_in_a_value",
        bad: &[("content/q.md", md!("title: Q: the answer\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/q.md:2:9: invalid YAML front matter: `title: Q: the answer` holds a second `: `, so it is not one `key: value` field; if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
        ],
        ..CASE
    },
    Case {
        name: "yaml_quote_never_closed",
        bad: &[("content/q.md", md!("title: \"Border talks\ndate: 2023-10-30"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/q.md:2:8: invalid YAML front matter: the quote opened in `title: \"Border talks` is never closed; end the value with the same quote mark",
        ],
        ..CASE
    },
    Case {
        name: "yaml_tags_never_closed",
        bad: &[("content/t.md", md!("title: T\ndate: 2023-10-30\ntags: [a, b"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4:7: invalid YAML front matter: a `[` or `{` opened on or above `tags: [a, b` is not closed; close the list with `]` or the table with `}`, or if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`",
        ],
        ..CASE
    },
    Case {
        name: "toml_key_twice",
        bad: &[("content/t.md", b"+++\ntitle = \"T\"\ndate = 2023-10-30\ntitle = \"Again\"\n+++\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:4: invalid TOML front matter: `title` is written twice; TOML allows each key once, so delete one of them",
        ],
        ..CASE
    },
    Case {
        name: "toml_title_unquoted",
        bad: &[("content/t.md", b"+++\ntitle = Border talks\ndate = 2023-10-30\n+++\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:2: invalid TOML front matter: the value of `title` needs quotes: title = \"...\" (dates, numbers, true and false need none)",
        ],
        ..CASE
    },
    Case {
        name: "toml_date_month_13",
        bad: &[("content/t.md", b"+++\ntitle = \"T\"\ndate = 2023-13-01\n+++\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/t.md:3: invalid TOML front matter: `date = 2023-13-01` is not a TOML date; write it as 2023-10-29, 2023-10-29T09:30:00 or 2023-10-29T09:30:00+05:00, or put it in quotes",
        ],
        ..CASE
    },
    Case {
        name: "json_front_matter_not_json",
        bad: &[("content/j.md", b"{\n  \"title\": \"J\",\n  \"date\": 2023-10-30\n}\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/j.md:3:15: invalid JSON front matter: this is not JSON; keys and text need double quotes, and fields are separated by commas: {\"title\": \"Border talks\", \"date\": \"2023-10-29\"}",
        ],
        ..CASE
    },
    // ---- articles: the front-matter block ----
    Case {
        name: "no_front_matter_and_no_dated_file_name",
        bad: &[("content/plain.md", b"Just a body.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/plain.md:1: the file has no front matter and its name carries no date, so newsroom cannot tell when the story was published; start the file with a \"---\" line, `title: ...`, `date: 2023-10-29` and another \"---\" line, or name it 2023-10-29-slug.md",
        ],
        ..CASE
    },
    Case {
        name: "fields_without_an_opening_line",
        bad: &[("content/open.md", b"title: Open\ndate: 2023-10-30\n---\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/open.md:1: the front matter has no opening \"---\" line; add a line holding only \"---\" above this one",
        ],
        ..CASE
    },
    Case {
        name: "blank_lines_then_a_block_never_closed",
        bad: &[("content/open.md", b"\n\n---\ntitle: Open\ndate: 2023-10-30\nBody.\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/open.md:3: the front matter opened with \"---\" on line 3 is never closed; add a line holding only \"---\" after the last field",
        ],
        ..CASE
    },
    Case {
        name: "url_with_a_nul",
        bad: &[("content/u.md", md!("title: U\ndate: 2023-10-30\nurl: \"/a\\0b/\""))],
        stderr: &[
            ONE_PROBLEM,
            "  content/u.md:4: `url` holds \"/a\\0b/\", which is not a path on this site; write one such as /2019/05/03/old-story/",
        ],
        ..CASE
    },
    // ---- articles: symlinks ----
    Case {
        name: "article_a_broken_symlink",
        links: &[("content/gone.md", "/nowhere/story.md")],
        stderr: &[
            ONE_PROBLEM,
            "  content/gone.md: this article is a link to \"/nowhere/story.md\", which does not exist or cannot be read; fix the link or delete it",
        ],
        ..CASE
    },
    Case {
        name: "content_folder_symlink_loop",
        links: &[("content/loop", "{root}/content")],
        stderr: &[
            ONE_PROBLEM,
            "  content/loop: this folder link leads back to a folder it is in, so its articles would be read forever; remove the link or point it elsewhere",
        ],
        ..CASE
    },
    // ---- newsroom.toml: more values ----
    Case {
        name: "config_date_format_unknown_placeholder_after_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\ndate_format = \"%B %Q\"\n")],
        stderr: &[
            "error: newsroom.toml:3: date_format \"%B %Q\" is not a valid strftime pattern (every % starts a placeholder such as %Y, %B or %-d; write %% for a % sign); for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time",
        ],
        ..CASE
    },
    Case {
        name: "config_date_format_empty",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\ndate_format = \"\"\n")],
        stderr: &[
            "error: newsroom.toml:3: date_format is empty, so datelines would be blank; for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time",
        ],
        ..CASE
    },
    Case {
        name: "config_feed_limit_text",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nfeed_limit = \"ten\"\n")],
        stderr: &[
            "error: newsroom.toml:3: `feed_limit` should be a whole number, such as 20, but is the text \"ten\"",
        ],
        ..CASE
    },
    Case {
        name: "config_paginate_by_nan",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\npaginate_by = nan\n")],
        stderr: &[
            "error: newsroom.toml:3: `paginate_by` should be a whole number, such as 20, but is the number NaN",
        ],
        ..CASE
    },
    Case {
        name: "config_feed_content_both",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nfeed_content = \"both\"\n")],
        stderr: &[
            "error: newsroom.toml:3: `feed_content` is \"both\"; write \"full\" or \"summary\"",
        ],
        ..CASE
    },
    Case {
        name: "config_key_twice",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\ntitle = \"Again\"\n")],
        stderr: &[
            "error: newsroom.toml:3: invalid TOML: `title` is written twice; TOML allows each key once, so delete one of them",
        ],
        ..CASE
    },
    Case {
        name: "config_feed_limit_too_big",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nfeed_limit = 99999999999999999999\n")],
        stderr: &[
            "error: newsroom.toml:3: invalid TOML: the number in `feed_limit = 99999999999999999999` is too large; write a smaller one",
        ],
        ..CASE
    },
    Case {
        name: "config_permalink_with_a_control_character",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\npermalink = \"/:slug/\\u0001/\"\n")],
        stderr: &[
            "error: newsroom.toml:3: permalink \"/:slug/\\u{1}/\" holds a control character, which no URL may hold; the default is \"/:year/:month/:day/:slug/\"",
        ],
        ..CASE
    },
    // ---- planning: generated files, collisions and impossible paths (section 3) ----
    Case {
        name: "alias_onto_the_stylesheet",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/theme.css]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article would be written inside the folder /theme.css/, but the site's stylesheet theme.css is written to the file /theme.css; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_the_sitemap",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nurl: /sitemap.xml"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: this article would be written inside the folder /sitemap.xml/, but the sitemap is written to the file /sitemap.xml; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "alias_onto_robots_txt",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/robots.txt]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article would be written inside the folder /robots.txt/, but the generated robots.txt is written to the file /robots.txt; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "alias_onto_a_static_robots_txt",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/robots.txt]")), ("static/robots.txt", b"User-agent: *\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article would be written inside the folder /robots.txt/, but static/robots.txt is written to the file /robots.txt; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "jekyll_redirect_from_onto_the_atom_feed",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nredirect_from: [/atom.xml]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article would be written inside the folder /atom.xml/, but the site's Atom feed is written to the file /atom.xml; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "alias_onto_a_tag_feed",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/tags/politics/rss.xml]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article would be written inside the folder /tags/politics/rss.xml/, but the RSS feed of tag \"politics\" (named in content/good.md, `tags:` on line 4) is written to the file /tags/politics/rss.xml; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "alias_onto_the_home_page_file",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\naliases: [/index.html]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: an alias of this article and page 1 of the home page would both be written to /index.html; change or remove the alias",
        ],
        ..CASE
    },
    Case {
        name: "url_and_permalink_of_two_articles_on_one_url",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nurl: /story/")), ("content/b.md", md!("title: B\ndate: 2023-10-30\npermalink: /story/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/b.md:4: this article and content/a.md (`url:` on line 4) would both be written to /story/; change the article's `permalink:`",
        ],
        ..CASE
    },
    Case {
        name: "url_inside_a_url_that_is_a_file",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nurl: /about.html")), ("content/b.md", md!("title: B\ndate: 2023-10-30\nurl: /about.html/team/"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/b.md:4: this article would be written inside the folder /about.html/, but content/a.md (`url:` on line 4) is written to the file /about.html; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "url_onto_a_static_file",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nurl: /about/")), ("static/about", b"About us\n")],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: this article would be written inside the folder /about/, but static/about is written to the file /about; change the article's `url:`",
        ],
        ..CASE
    },
    Case {
        name: "static_file_where_an_archive_folder_goes",
        bad: &[("static/2023", b"x\n")],
        stderr: &[
            "error: static/2023: this file takes the place of the folder /2023/ that content/good.md needs for /2023/10/29/good/; move or rename it",
        ],
        ..CASE
    },
    Case {
        name: "slug_of_300_bytes",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nslug: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: this article would be written to /2023/10/30/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/, which cannot be a file: its part \"aaaaaaaaaaaaaaaaaaaaaaaa...\" is 300 bytes long, and a file name may have at most 255; give the article a different `slug:`",
        ],
        ..CASE
    },
    Case {
        name: "tag_of_256_bytes",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\ntags: [tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt]"))],
        stderr: &[
            "error: 3 problems in articles; nothing was written:",
            "  content/a.md:4: page 1 of tag \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" would be written to /tags/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/, which cannot be a file: its part \"tttttttttttttttttttttttt...\" is 256 bytes long, and a file name may have at most 255; rename the tag",
            "  content/a.md:4: the RSS feed of tag \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" would be written to /tags/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/rss.xml, which cannot be a file: its part \"tttttttttttttttttttttttt...\" is 256 bytes long, and a file name may have at most 255; rename the tag",
            "  content/a.md:4: the Atom feed of tag \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" would be written to /tags/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt/atom.xml, which cannot be a file: its part \"tttttttttttttttttttttttt...\" is 256 bytes long, and a file name may have at most 255; rename the tag",
        ],
        ..CASE
    },
    Case {
        name: "slug_a_reserved_name",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nslug: con"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: this article would be written to /2023/10/30/con/, which cannot be a file: \"con\" is a name Windows keeps for a device, so the site could not be copied to or checked out on Windows; give the article a different `slug:`",
        ],
        ..CASE
    },
    Case {
        name: "section_named_tags",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nsection: Tags"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: page 1 of section \"Tags\" and the tag index would both be written to /tags/; rename the section",
        ],
        ..CASE
    },
    Case {
        name: "config_section_named_authors",
        bad: &[("newsroom.toml", b"title = \"Daily\"\nbase_url = \"https://example.org/\"\nsections = [\"Authors\"]\n")],
        stderr: &[
            "error: newsroom.toml: page 1 of section \"Authors\" and the author index would both be written to /authors/; rename the section in `sections`",
        ],
        ..CASE
    },
    Case {
        name: "jekyll_category_named_authors",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\ncategories: [Authors]"))],
        stderr: &[
            ONE_PROBLEM,
            "  content/a.md:4: page 1 of section \"Authors\" and the author index would both be written to /authors/; rename the category",
        ],
        ..CASE
    },
    Case {
        name: "static_symlink_leading_outside_the_site",
        links: &[("static/passwd", "/etc/passwd")],
        stderr: &[
            "error: static/passwd: this symbolic link leads outside the site folder, to /etc/passwd; copy the file into static/ instead, or set allow_outside_links = true in newsroom.toml to publish what it leads to",
        ],
        ..CASE
    },
    // ---- builds that warn (exit 0, published) ----
    Case {
        name: "title_missing_is_titled_from_the_file_name",
        bad: &[("content/untitled.md", md!("date: 2023-10-30\ntags: [x]"))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/untitled.md:2: no `title`, so the story is titled \"Untitled\" after its file name; add a `title: Your headline` line to set it",
        ],
        ..CASE
    },
    Case {
        name: "lead_image_without_alt_warns",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nimage: https://photos.example.org/gate.jpg"))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/a.md:4: the lead image \"https://photos.example.org/gate.jpg\" has no alt text for readers who cannot see it; say what the photo shows in an `alt:` under `image:`, as `image: {src: https://photos.example.org/gate.jpg, alt: \"Crowds at the border gate\"}` (or `alt: \"\"` if it is only decoration)",
        ],
        ..CASE
    },
    Case {
        name: "check_a_lead_image_without_alt",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\ncover:\n  image: https://photos.example.org/gate.jpg\n  caption: The gate"))],
        args: &["check", "--root", "{root}"],
        on_stdout: true,
        stderr: &[
            "content/a.md:4: the lead image \"https://photos.example.org/gate.jpg\" has no alt text for readers who cannot see it; say what the photo shows in an `alt:` under `image:`, as `image: {src: https://photos.example.org/gate.jpg, alt: \"Crowds at the border gate\"}` (or `alt: \"\"` if it is only decoration)",
        ],
        ..CASE
    },
    Case {
        name: "tag_without_letters",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\ntags: [\"+++\"]"))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/a.md:4: the tag \"+++\" has no letters or digits to make a URL from, so it gets no page; write it in words in `tags:`, or remove it",
        ],
        ..CASE
    },
    Case {
        name: "author_without_letters",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\nauthor: \"---\""))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/a.md:4: the author \"---\" has no letters or digits to make a URL from, so it gets no page; write it in words in `author:`, or remove it",
        ],
        ..CASE
    },
    Case {
        name: "title_written_twice",
        bad: &[("content/a.md", md!("title: A\ndate: 2023-10-30\ntitle: Again"))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/a.md:4: `title` is written twice, on lines 2 and 4; the last one is used, as Hugo uses it; delete the other",
        ],
        ..CASE
    },
    Case {
        name: "date_with_a_ruby_comment",
        bad: &[("content/a.md", md!("title: A\ndate: 2016-08-26 (optional)"))],
        exit: 0,
        publishes: true,
        stderr: &[
            "warning: content/a.md:3: `date`: \"(optional)\" after the date is ignored, as Jekyll ignores it; remove it, or move it to a comment line starting with #",
        ],
        ..CASE
    },
    // ---- --keep-going and newsroom check ----
    Case {
        name: "keep_going_past_an_article_not_utf8",
        bad: &[("content/latin1.md", b"---\ntitle: caf\xe9\n---\nbody\n")],
        args: &["build", "--root", "{root}", "--keep-going"],
        exit: 2,
        publishes: true,
        stderr: &[
            "warning: 1 article was left out because of its problems; fix it and build again:",
            "  content/latin1.md:2: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8",
        ],
        ..CASE
    },
    Case {
        name: "check_a_broken_internal_link",
        bad: &[("content/l.md", b"---\ntitle: L\ndate: 2023-10-30\n---\nSee [the story](/2023/10/29/missing/).\n")],
        args: &["check", "--root", "{root}"],
        on_stdout: true,
        stderr: &[
            "content/l.md:5: broken link \"/2023/10/29/missing/\": the site has no page /2023/10/29/missing/",
            "Checked 2 articles on 13 pages: 204 links and files and 13 #fragments inside the site, 0 outside links: 1 problem",
        ],
        ..CASE
    },
    Case {
        name: "check_a_broken_fragment",
        bad: &[("content/l.md", b"---\ntitle: L\ndate: 2023-10-30\n---\nSee [the story](/2023/10/29/good/#nowhere).\n")],
        args: &["check", "--root", "{root}"],
        on_stdout: true,
        stderr: &[
            "content/l.md:5: broken link \"/2023/10/29/good/#nowhere\": /2023/10/29/good/ has no heading or anchor with id \"nowhere\"",
            "Checked 2 articles on 13 pages: 204 links and files and 18 #fragments inside the site, 0 outside links: 1 problem",
        ],
        ..CASE
    },
    Case {
        name: "check_a_missing_image",
        bad: &[("content/l.md", b"---\ntitle: L\ndate: 2023-10-30\n---\n![Map](/images/map.png)\n")],
        args: &["check", "--root", "{root}"],
        on_stdout: true,
        stderr: &[
            "content/l.md:5: missing image \"/images/map.png\": the site has no file /images/map.png; put it at static/images/map.png, or correct the address",
            "Checked 2 articles on 13 pages: 204 links and files and 13 #fragments inside the site, 0 outside links: 1 problem",
        ],
        ..CASE
    },
];

/// What one row gave.
struct Outcome {
    /// The exit code of the bad run, `None` when it was killed by a signal.
    exit: Option<i32>,
    /// What the bad run printed (stderr, or stdout for a row `on_stdout`), with the site
    /// folder written as `{root}`.
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
    for (path, target) in case.links {
        let link = root.join(path);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(fill(target), link).unwrap();
    }
    let site_before = tree(&root);
    // Run in the site folder, so that a relative `--output` is relative to it.
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .current_dir(&root)
        .args(case.args.iter().map(|arg| fill(arg)))
        .envs(case.env.iter().map(|(key, value)| (key, fill(value))))
        .output()
        .expect("run the newsroom binary");
    let message = if case.on_stdout {
        &output.stdout
    } else {
        &output.stderr
    };
    let stderr = String::from_utf8_lossy(message).replace(&root_text, "{root}");

    if output.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            output.status.code(),
            case.exit
        ));
    }
    let printed: Vec<&str> = stderr.lines().collect();
    if printed.is_empty() {
        problems.push("the run printed nothing".to_string());
    }
    if case.stderr.is_empty() {
        problems.push("the row expects no message".to_string());
    }
    let expected: Vec<String> = case.stderr.iter().map(|line| line.to_string()).collect();
    if let Err(why) = holds_in_order(&printed, &expected) {
        problems.push(why);
    }

    // A run that publishes makes a new edition; only what it leaves beside the site is checked.
    if !case.publishes && site.snapshot() != output_before {
        problems.push("the previous output changed".to_string());
    }
    let site_after = tree(&root);
    if !case.publishes && site_after != site_before {
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

/// Text for a Markdown table cell; control characters other than line ends are shown as
/// `\u{0}`, so that a message holding a NUL stays readable.
fn cell(text: &str) -> String {
    let shown: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    shown
        .replace('&', "&amp;")
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
            .good
            .iter()
            .map(|(path, bytes)| format!("(good site) {path}: {}", visible(bytes)))
            .chain(
                case.bad
                    .iter()
                    .map(|(path, bytes)| format!("{path}: {}", visible(bytes))),
            )
            .collect();
        if case.args != BUILD {
            input.push(format!("newsroom {}", case.args.join(" ")));
        }
        for (path, target) in case.links {
            input.push(format!("{path} -> {target}"));
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
            bad: &[("content/undated.md", md!("title: Undated\ndate: TBD"))],
            stderr: &[ONE_PROBLEM, "  content/undated.md:3: some other message"],
            ..CASE
        },
        Case {
            name: "wrong_exit_code",
            bad: &[("content/undated.md", md!("title: Undated\ndate: TBD"))],
            exit: 3,
            stderr: &[ONE_PROBLEM],
            ..CASE
        },
        Case {
            name: "wrong_first_line",
            bad: &[("content/undated.md", md!("title: Undated\ndate: TBD"))],
            stderr: &[bad_date!("content/undated.md:3", "date", "TBD")],
            ..CASE
        },
        Case {
            name: "not_bad_at_all",
            bad: &[("content/fine.md", md!("title: Fine\ndate: 2023-10-30"))],
            stderr: &[ONE_PROBLEM],
            ..CASE
        },
        Case {
            name: "a_warning_that_fails_the_build_instead",
            bad: &[("content/undated.md", md!("title: Undated\ndate: TBD"))],
            exit: 0,
            publishes: true,
            stderr: &[ONE_PROBLEM],
            ..CASE
        },
        Case {
            name: "a_check_report_with_another_message",
            bad: &[(
                "content/l.md",
                b"---\ntitle: L\ndate: 2023-10-30\n---\n[x](/nowhere/)\n",
            )],
            args: &["check", "--root", "{root}"],
            on_stdout: true,
            stderr: &["content/l.md:5: some other message"],
            ..CASE
        },
    ];
    let outcomes = run_all(ROWS);
    assert_eq!(
        outcomes[0].problems,
        ["expected line not printed (in this order):   content/undated.md:3: some other message"]
    );
    assert_eq!(outcomes[1].problems, ["exit code Some(1), expected 3"]);
    assert_eq!(
        outcomes[2].problems,
        [concat!(
            "the first line printed is not: ",
            bad_date!("content/undated.md:3", "date", "TBD")
        )]
    );
    let succeeded = &outcomes[3].problems;
    assert!(
        succeeded
            .iter()
            .any(|p| p == "exit code Some(0), expected 1")
            && succeeded.iter().any(|p| p == "the previous output changed"),
        "{succeeded:?}"
    );
    // A row that publishes still checks the exit code (the output may change).
    assert_eq!(outcomes[4].problems, ["exit code Some(1), expected 0"]);
    // A row on stdout checks stdout.
    assert_eq!(outcomes[5].exit, Some(1));
    assert_eq!(
        outcomes[5].problems,
        ["the first line printed is not: content/l.md:5: some other message"]
    );
    assert!(
        outcomes[5]
            .stderr
            .starts_with("content/l.md:5: broken link \"/nowhere/\""),
        "{}",
        outcomes[5].stderr
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

    // Outside public/, the site folder holds exactly what the fixture and the first build
    // wrote, besides the last output the second build kept in the build cache.
    let is_spare = |path: &Path| {
        path.starts_with(".newsroom/build")
            && path
                .components()
                .nth(2)
                .is_some_and(|part| part.as_os_str().to_string_lossy().ends_with(".spare"))
    };
    let outside_public = |files: &BTreeSet<PathBuf>| -> BTreeSet<PathBuf> {
        files
            .iter()
            .filter(|path| !path.starts_with("public") && !is_spare(path))
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
        "embeds.js",
        "theme.css",
        "favicon.ico",
        "favicon-32.png",
        "apple-touch-icon.png",
        "icon-192.png",
        "icon-512.png",
        "site.webmanifest",
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
