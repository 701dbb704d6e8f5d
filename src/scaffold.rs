//! `newsroom new`: starting a site, and filing a new article in it.
//!
//! A new site must build as soon as it is made, so that an editor sees a working front page
//! before changing anything; its `newsroom.toml` lists every setting with a comment, so the
//! file doubles as the reference. A new article is filed where the newsroom would file it by
//! hand: `content/YYYY/MM/DD/<slug>.md`, dated now in the site's time zone. Nothing that
//! already exists is ever overwritten: an editor's story is worth more than a convenience.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, SecondsFormat, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::config::{self, Config};
use crate::content::CONTENT_DIR;
use crate::error::{Error, Result};
use crate::render::{TEMPLATES_DIR, Theme};
use crate::statics::STATIC_DIR;

/// What `newsroom new site` was asked to make.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The folder to create; it may exist if it is empty.
    pub dir: PathBuf,
    /// Copy the built-in theme into `templates/`, so it can be edited.
    pub templates: bool,
}

/// What `newsroom new site` made, for the message printed afterwards.
#[derive(Debug, Clone)]
pub struct NewSite {
    /// The site folder, as given.
    pub dir: PathBuf,
    /// Files and folders created, relative to the site folder; folders end with `/`.
    pub created: Vec<String>,
    /// How many theme files were copied into `templates/`.
    pub templates: usize,
}

/// What `newsroom new article` was asked to file.
#[derive(Debug, Clone)]
pub struct ArticleOptions {
    /// The site folder, holding `newsroom.toml` or `content/`.
    pub root: PathBuf,
    /// The headline; the file name is made from it.
    pub title: String,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// The byline.
    pub author: Option<String>,
    /// Mark the article `draft: true`, so builds leave it out until it is ready.
    pub draft: bool,
}

/// Creates a new site that builds as it is: a commented `newsroom.toml`, two example
/// articles (dated the day of `now` and the day before, in UTC), an empty `static/`, and with
/// `templates` a copy of the built-in theme.
pub fn new_site(options: &SiteOptions, now: DateTime<Utc>) -> Result<NewSite> {
    let dir = &options.dir;
    refuse_occupied_folder(dir)?;
    let mut created = Vec::new();

    let title = title_from_folder(dir);
    write_new(&dir.join(config::CONFIG_FILE), &site_config(&title))?;
    created.push(config::CONFIG_FILE.to_string());

    let now = now.with_timezone(&Tz::UTC);
    for (sample, date) in SAMPLE_ARTICLES.iter().zip([now, now - TimeDelta::days(1)]) {
        let relative = article_path(&slug::slugify(sample.title), &date);
        let front_matter = FrontMatter {
            title: sample.title,
            date,
            author: Some(sample.author),
            tags: sample.tags,
            summary: Some(sample.summary),
            draft: false,
        };
        let text = format!("{}\n{}", front_matter.to_yaml(), sample.body);
        write_new(&dir.join(&relative), &text)?;
        created.push(relative);
    }

    let statics = dir.join(STATIC_DIR);
    std::fs::create_dir_all(&statics)
        .map_err(|e| Error::io("create the static files folder", &statics, e))?;
    created.push(format!("{STATIC_DIR}/"));

    let mut templates = 0;
    if options.templates {
        for (name, text) in Theme::built_in_files() {
            write_new(&dir.join(TEMPLATES_DIR).join(name), text)?;
            templates += 1;
        }
        created.push(format!("{TEMPLATES_DIR}/"));
    }

    Ok(NewSite {
        dir: dir.clone(),
        created,
        templates,
    })
}

/// Files a new article at `content/YYYY/MM/DD/<slug>.md`, dated `now` in the site's time
/// zone, and returns its path relative to the site folder. Refuses to overwrite a file.
pub fn new_article(options: &ArticleOptions, now: DateTime<Utc>) -> Result<PathBuf> {
    let root = &options.root;
    let is_site = root.join(config::CONFIG_FILE).is_file() || root.join(CONTENT_DIR).is_dir();
    if !is_site {
        return Err(Error::Usage(format!(
            "{}: not a site folder: it holds neither {} nor a {CONTENT_DIR}/ folder; run this in a site folder, pass --root, or start a site with `newsroom new site DIR`",
            root.display(),
            config::CONFIG_FILE,
        )));
    }
    let config = Config::load(root)?;
    let title = options.title.trim();
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title \"{}\" has no letters or digits to make a file name from; write a headline with words, such as \"Border talks resume\"",
            options.title
        )));
    }
    let date = now.with_timezone(&config.timezone);
    let relative = article_path(&slug, &date);
    let tags: Vec<&str> = options
        .tags
        .iter()
        .map(|tag| tag.trim())
        .filter(|tag| !tag.is_empty())
        .collect();
    let front_matter = FrontMatter {
        title,
        date,
        author: options.author.as_deref().map(str::trim),
        tags: &tags,
        summary: None,
        draft: options.draft,
    };
    let text = format!("{}\n{PLACEHOLDER_BODY}\n", front_matter.to_yaml());
    let path = root.join(&relative);
    write_new(&path, &text).map_err(|error| match error {
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => {
            Error::Usage(format!(
                "{relative}: an article with this file name already exists, and newsroom never overwrites one; give the new article a different title (the file name is made from it), or rename the existing file and set `slug: {slug}` in its front matter to keep its URL"
            ))
        }
        other => other,
    })?;
    Ok(PathBuf::from(relative))
}

impl fmt::Display for NewSite {
    /// What was created and what to do next.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Created a new site in {}:", self.dir.display())?;
        for item in &self.created {
            if item == &format!("{TEMPLATES_DIR}/") {
                writeln!(
                    f,
                    "  {item}  ({} files of the built-in theme; edit them to change the look)",
                    self.templates
                )?;
            } else if item == &format!("{STATIC_DIR}/") {
                writeln!(f, "  {item}  (images and other files copied as they are)")?;
            } else {
                writeln!(f, "  {item}")?;
            }
        }
        writeln!(f, "Next:")?;
        writeln!(f, "  cd {} && newsroom build", shell_word(&self.dir))?;
        write!(f, "  newsroom new article \"Your first headline\"")
    }
}

/// The one line of body a new article gets, to be replaced by the story.
const PLACEHOLDER_BODY: &str = "Write the story here. The first paragraph is the summary shown in lists unless the front matter has `summary:`.";

/// The front matter `newsroom new` writes: YAML, every string double-quoted and escaped, so
/// any headline (colons, quotes, `#`) reads back exactly as typed.
struct FrontMatter<'a> {
    title: &'a str,
    date: DateTime<Tz>,
    author: Option<&'a str>,
    tags: &'a [&'a str],
    summary: Option<&'a str>,
    draft: bool,
}

impl FrontMatter<'_> {
    /// The block, from the opening `---` to the closing one and its line end.
    fn to_yaml(&self) -> String {
        let mut yaml = String::from("---\n");
        yaml.push_str(&format!("title: {}\n", yaml_quoted(self.title)));
        yaml.push_str(&format!(
            "date: {}\n",
            self.date.to_rfc3339_opts(SecondsFormat::Secs, false)
        ));
        if let Some(author) = self.author.filter(|author| !author.is_empty()) {
            yaml.push_str(&format!("author: {}\n", yaml_quoted(author)));
        }
        if !self.tags.is_empty() {
            yaml.push_str("tags:\n");
            for tag in self.tags {
                yaml.push_str(&format!("  - {}\n", yaml_quoted(tag)));
            }
        }
        if let Some(summary) = self.summary {
            yaml.push_str(&format!("summary: {}\n", yaml_quoted(summary)));
        }
        if self.draft {
            yaml.push_str("draft: true\n");
        }
        yaml.push_str("---\n");
        yaml
    }
}

/// A YAML double-quoted scalar holding exactly `text`: backslashes, quotes and every control
/// character escaped, everything else written as it is.
fn yaml_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            // Other control characters, DEL, and the Unicode line and paragraph separators
            // (which YAML would fold) are written as escapes.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let code = c as u32;
                if code <= 0xFF {
                    quoted.push_str(&format!("\\x{code:02X}"));
                } else {
                    quoted.push_str(&format!("\\u{code:04X}"));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `content/YYYY/MM/DD/<slug>.md`, the day taken from `date` as it reads in its own zone.
fn article_path(slug: &str, date: &DateTime<Tz>) -> String {
    format!(
        "{CONTENT_DIR}/{:04}/{:02}/{:02}/{slug}.md",
        date.year(),
        date.month(),
        date.day()
    )
}

/// Refuses a site folder that exists and holds anything, or that is not a folder.
fn refuse_occupied_folder(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: this is a file, not a folder; choose a new folder name for the site",
            dir.display()
        )));
    }
    let mut entries =
        std::fs::read_dir(dir).map_err(|e| Error::io("read the site folder", dir, e))?;
    if entries.next().is_some() {
        return Err(Error::Usage(format!(
            "{}: this folder is not empty, and a new site is only made in a new or empty folder so nothing is overwritten; choose another folder name",
            dir.display()
        )));
    }
    Ok(())
}

/// Writes a file that must not exist yet, creating its folders.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create the folder", parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create the file", path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("write the file", path, e))
}

/// A site title from its folder's name: `daily-dispatch` becomes "Daily Dispatch".
fn title_from_folder(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let title = crate::text::title_case(&name);
    if title.is_empty() {
        Config::default().title
    } else {
        title
    }
}

/// A path as one shell word, quoted when it holds anything a shell would split or expand.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./~+,:@".contains(c));
    if plain && !text.is_empty() {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A TOML basic string holding exactly `text`.
fn toml_quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The `newsroom.toml` of a new site: every key, set to its default or commented out with an
/// example, each with a one-line comment. Only the title and description differ from the
/// defaults.
fn site_config(title: &str) -> String {
    format!(
        r#"# Settings of the site. Every key is optional; a commented-out key shows an example.

# The site's name, shown in the masthead and in every page title.
title = {title}

# One sentence about the site, for search results, social cards and the feeds.
description = {description}

# Where the site is published; feeds, sitemaps and social metadata need this absolute URL.
# base_url = "https://news.example.org/"

# The publisher's logo (a URL or a site path such as "/logo.png"), for search engines.
# logo = "/logo.png"

# The language of the content, written into <html lang="..."> on every page.
language = "en"

# The IANA time zone in which dates are shown and new articles are filed ("Asia/Karachi").
timezone = "UTC"

# How many articles each page of the home page, a tag, a section or an author lists.
paginate_by = 20

# How many of the newest articles the "Latest stories" list shows (0 for none).
latest_count = 10

# How list pages are numbered. "stable": /page/1/ holds the oldest stories, and a full page
# keeps its URL and bytes for good, so a new story changes only the first page of each list
# it is on and, now and then, one new page (the first page and the newest numbered one can
# share some stories). "classic": /page/2/ is always the second-newest page, and every new
# story changes every page of its lists.
pagination = "stable"

# Where the Latest stories list is: "written" into every page (readers without scripts see
# it, and every page changes with each new story), or "shared" in one file, latest-stories.html,
# which pages load with a small script (without one, they link to the front page instead).
# latest_list = "written"

# The URL of each article; the placeholders are :year, :month, :day and :slug.
permalink = "/:year/:month/:day/:slug/"

# How datelines are written, in strftime form: this gives "Sunday, October 29, 2023".
date_format = "%A, %B %-d, %Y"

# The time after a dateline's date, in strftime form: "09:30 PKT", with %Z the abbreviation of
# the zone's time. "" shows no time; a story dated by its day alone never shows one.
time_format = "%H:%M %Z"

# How many stories each section's block on the front page shows, after the lead and top
# stories (0 for no section blocks).
front_section_stories = 4

# Whose rule gives headings their ids: "newsroom"'s, or "jekyll", "hugo" or "zola" to keep
# the ids of a site moved from one; "auto" uses Jekyll's for _posts/ and newsroom's elsewhere.
heading_ids = "auto"

# Whether fenced code blocks are coloured by language when the site is built (no script needed).
highlight = true

# How many of the newest articles each feed (RSS and Atom, site-wide and per tag) carries.
feed_limit = 20

# Whether feeds carry whole articles ("full") or only their summaries ("summary").
feed_content = "full"

# Section names in masthead order, each with a front page; e.g. ["World", "Business"].
sections = []

# How many related stories (sharing tags) each article lists (0 for none).
related_count = 5

# Which stories they are chosen from: "nearest" in time on either side (an old story links to
# its follow-ups, so it changes when one is published), or only "earlier" ones.
# related = "nearest"

# Reading speed for the reading-time estimate of each article.
words_per_minute = 220

# Whether a symbolic link in static/ may point outside the site folder (off, so no link
# can publish a private file).
allow_outside_links = false

# Whether to build a search page (/search/) with a static full-text index of every story,
# searched in the reader's browser with no server.
search = false

# The build cache folder (outside the output): the record of the files each build wrote, so
# the next one leaves unchanged files alone, and changes.json and purge.txt, which list the
# URLs the last build added, updated and deleted.
cache = ".newsroom/build"

# IndexNow: with a key (8 to 128 letters, digits or dashes, e.g. from `uuidgen`), the build
# publishes /KEY.txt, and `newsroom ping` tells search engines which URLs the last build
# changed, at indexnow_endpoint.
# indexnow_key = ""
# indexnow_endpoint = "https://api.indexnow.org/indexnow"

# A WebSub hub that feed readers subscribe through: feeds name it, and `newsroom ping`
# tells it when they change. For example "https://pubsubhubbub.appspot.com/".
# websub_hub = ""

# Photos: the widths each is made at, the formats made besides the JPEG or PNG fallback,
# their qualities (1 smallest to 100 best), and the cache folder that spares unchanged photos.
[images]
# widths = [480, 800, 1200, 1600]
# formats = ["avif", "webp"]
# quality = {{ jpeg = 82, webp = 80, avif = 60 }}
# cache = ".newsroom/image-cache"

# Free-form values for your templates, available to them as site.extra.
[extra]
# tagline = "Plain reporting on the news of the day."
"#,
        title = toml_quoted(title),
        description = toml_quoted(&format!("News and stories from {title}.")),
    )
}

/// An example article of a new site.
struct SampleArticle {
    title: &'static str,
    author: &'static str,
    tags: &'static [&'static str],
    summary: &'static str,
    body: &'static str,
}

/// The two example articles of a new site: the newest first.
const SAMPLE_ARTICLES: &[SampleArticle] = &[
    SampleArticle {
        title: "Welcome to your newsroom",
        author: "The Editors",
        tags: &["newsroom", "getting started"],
        summary: "Your new site is ready: this is its first story.",
        body: r#"This story was written by `newsroom new site`. Edit it, or delete it once the site has
stories of its own.

Every Markdown file under `content/` is an article. File a new one, dated now, with:

```sh
newsroom new article "Your headline" --tags politics,economy --author "Your Name"
```

Then build the site into `public/` with `newsroom build`. Settings, such as the site's
title and time zone, are in `newsroom.toml`.
"#,
    },
    SampleArticle {
        title: "How articles are filed",
        author: "The Editors",
        tags: &["newsroom", "guide"],
        summary: "Articles live in dated folders, and their front matter says what they are.",
        body: r#"An article is a Markdown file that starts with front matter between `---` lines:
its `title`, `date`, `author`, `tags` and an optional `summary`. Articles are filed in
`content/YYYY/MM/DD/` folders, and the file name becomes the last part of the URL.

Mark an article `draft: true` to keep it off the site until it is ready; `newsroom build
--drafts` shows drafts for a preview. An article dated in the future goes live at that time.
"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_read_back_exactly() {
        for text in [
            "Talks: \"Round 2\" #pakistan",
            "back\\slash and 'single' quotes",
            "- starts like a list item",
            "tab\there, line\nbreak, bell\u{7}, separator\u{2028}end",
            "Zürich café — ☕",
            "",
            "yes",
            "null",
            "123",
        ] {
            let yaml = format!("title: {}\n", yaml_quoted(text));
            let read: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(read["title"], text, "{yaml}");
        }
    }

    #[test]
    fn the_new_config_loads_to_the_defaults_with_stable_pages() {
        let text = site_config("Daily \"Dispatch\"");
        let config = Config::parse(&text, Path::new(config::CONFIG_FILE)).unwrap();
        assert_eq!(config.title, "Daily \"Dispatch\"");
        assert_eq!(
            config.description,
            "News and stories from Daily \"Dispatch\"."
        );
        let defaults = Config {
            title: config.title.clone(),
            description: config.description.clone(),
            // New sites number their pages from the oldest story; see `pagination`.
            pagination: config::Pagination::Stable,
            ..Config::default()
        };
        assert_eq!(format!("{config:?}"), format!("{defaults:?}"));
    }

    #[test]
    fn the_new_config_mentions_every_key() {
        let text = site_config("x");
        // Plain keys are written as `key = …`, tables as a `[key]` header.
        for key in crate::config::KNOWN_KEYS {
            let written = text.lines().any(|line| {
                line.trim_start_matches("# ")
                    .starts_with(&format!("{key} = "))
                    || line == format!("[{key}]")
            });
            assert!(written, "newsroom.toml lacks {key}:\n{text}");
        }
    }

    #[test]
    fn site_titles_come_from_folder_names() {
        assert_eq!(
            title_from_folder(Path::new("papers/daily-dispatch")),
            "Daily Dispatch"
        );
        assert_eq!(title_from_folder(Path::new("the_post")), "The Post");
    }

    #[test]
    fn odd_folder_names_are_quoted_for_the_shell() {
        assert_eq!(shell_word(Path::new("my-site")), "my-site");
        assert_eq!(shell_word(Path::new("my site")), "'my site'");
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }
}
