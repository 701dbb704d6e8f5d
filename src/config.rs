//! The site's settings, read from `newsroom.toml` at the site root.
//!
//! Every key is optional. The file is read in three passes so each mistake gets the most
//! useful message: TOML syntax (with its line), unknown keys (with the closest valid key), then
//! the type and value of each key.

use std::path::Path;

use chrono::format::{Item, StrftimeItems};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::content::HeadingIds;
use crate::error::{Error, Result};
use crate::images::{Format, ImageSettings};
use crate::text::{line_of_offset, line_of_toml_key, parse_toml_table};

/// The name of the config file, looked up at the site root.
pub const CONFIG_FILE: &str = "newsroom.toml";

/// Every top-level key `newsroom.toml` may hold, for unknown-key suggestions.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "logo",
    "feed_limit",
    "feed_content",
    "sections",
    "related_count",
    "related",
    "words_per_minute",
    "base_url",
    "language",
    "timezone",
    "paginate_by",
    "latest_count",
    "heading_ids",
    "highlight",
    "permalink",
    "date_format",
    "time_format",
    "front_section_stories",
    "allow_outside_links",
    "search",
    "pagination",
    "latest_list",
    "cache",
    "indexnow_key",
    "indexnow_endpoint",
    "websub_hub",
    "images",
    "extra",
];

/// The placeholders a permalink pattern may use.
const PERMALINK_TOKENS: &[&str] = &[":year", ":month", ":day", ":slug"];

/// Validated site settings; the rest of the program trusts these values.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name, shown in the masthead and in `<title>`.
    pub title: String,
    /// One sentence about the site, for the home page's metadata and the feeds.
    pub description: String,
    /// The publisher's logo (URL or site path), for structured data.
    pub logo: Option<String>,
    /// How many of the newest articles each feed carries.
    pub feed_limit: usize,
    /// Whether feeds carry whole articles or only their summaries.
    pub feed_content: FeedContent,
    /// Section names in masthead order; an article in `content/<name>/` belongs to section
    /// `<name>` when it is listed here.
    pub sections: Vec<String>,
    /// How many related stories each article lists.
    pub related_count: usize,
    /// Reading speed for reading-time estimates.
    pub words_per_minute: usize,
    /// Where the site will live, without a trailing slash; empty for root-relative links.
    pub base_url: String,
    /// The language of the site, for `<html lang>`.
    pub language: String,
    /// The time zone in which dates without an offset are read and every date is shown.
    pub timezone: Tz,
    /// Articles per list page.
    pub paginate_by: usize,
    /// Length of the Latest stories list on every page.
    pub latest_count: usize,
    /// Whose rule gives headings their ids: newsroom's, or a migrated site's old generator's.
    pub heading_ids: HeadingIds,
    /// Whether fenced code blocks are coloured by language at build time.
    pub highlight: bool,
    /// URL pattern of an article, such as `/:year/:month/:day/:slug/`.
    pub permalink: String,
    /// strftime pattern of datelines.
    pub date_format: String,
    /// strftime pattern of the time after a dateline's date (`09:30 PKT`); empty for none.
    /// `%Z` writes the zone's abbreviation, or `UTC+04` where the zone has none.
    pub time_format: String,
    /// How many stories each section's block on the front page shows; 0 for no blocks.
    pub front_section_stories: usize,
    /// Whether a symbolic link in `static/` may point outside the site folder; off, so no
    /// link can publish a file such as `/etc/passwd`.
    pub allow_outside_links: bool,
    /// Whether the build makes a full-text search index of the articles and a search page
    /// (Pagefind's, static: no server). Off by default, since it adds a folder of files.
    pub search: bool,
    /// Which stories an article's related stories are chosen from: those nearest in time on
    /// either side, or only earlier ones, so a new story never changes an older page.
    pub related: Related,
    /// Whether the Latest stories list is written into every page or shared in one file.
    pub latest_list: LatestList,
    /// How list pages are numbered: from the newest story (classic) or from the oldest
    /// (stable), which keeps older pages' URLs and bytes when stories are added.
    pub pagination: Pagination,
    /// The build cache folder, relative to the site folder: the record of what each build
    /// wrote, and the list of what the last build changed.
    pub cache: String,
    /// The IndexNow key: when set, the build publishes its key file and `newsroom ping`
    /// tells IndexNow search engines which URLs changed.
    pub indexnow_key: Option<String>,
    /// Where `newsroom ping` submits changed URLs for IndexNow.
    pub indexnow_endpoint: String,
    /// A WebSub hub: when set, feeds name it, and `newsroom ping` tells it the feeds changed.
    pub websub_hub: Option<String>,
    /// The `[images]` table: responsive widths, formats, qualities and the cache folder.
    pub images: ImageSettings,
    /// The free `[extra]` table, handed to templates as written.
    pub extra: toml::Table,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Newsroom".to_string(),
            description: String::new(),
            logo: None,
            feed_limit: 20,
            feed_content: FeedContent::Full,
            sections: Vec::new(),
            related_count: 5,
            words_per_minute: 220,
            base_url: String::new(),
            language: "en".to_string(),
            timezone: Tz::UTC,
            paginate_by: 20,
            latest_count: 10,
            heading_ids: HeadingIds::default(),
            highlight: true,
            permalink: "/:year/:month/:day/:slug/".to_string(),
            date_format: "%A, %B %-d, %Y".to_string(),
            time_format: "%H:%M %Z".to_string(),
            front_section_stories: 4,
            allow_outside_links: false,
            search: false,
            pagination: Pagination::Classic,
            related: Related::Nearest,
            latest_list: LatestList::Written,
            cache: ".newsroom/build".to_string(),
            indexnow_key: None,
            indexnow_endpoint: "https://api.indexnow.org/indexnow".to_string(),
            websub_hub: None,
            images: ImageSettings::default(),
            extra: toml::Table::new(),
        }
    }
}

/// Which stories an article's related stories are chosen from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Related {
    /// Those sharing the most tags among the stories nearest in time, earlier or later: an
    /// old story links to its follow-ups, and so changes when one is published.
    Nearest,
    /// Only among earlier stories ("earlier coverage"): a page never changes because a newer
    /// story came in.
    Earlier,
}

/// Where the Latest stories list of every page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LatestList {
    /// Written into every page: readers without scripts see it, and every page changes with
    /// every new story.
    Written,
    /// Written once into `/latest-stories.html`, which pages load with a small script; a
    /// page without scripts links to the home page instead. A new story changes that one file.
    Shared,
}

/// How a list's pages are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pagination {
    /// `/page/2/` holds the second-newest page: every new story moves every page's stories.
    Classic,
    /// `/page/1/` holds the oldest stories and each full page keeps its URL and bytes for
    /// good; the list's first page shows the newest stories.
    Stable,
}

/// What a feed entry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The whole article.
    Full,
    /// Only the summary, so readers come to the site for the rest.
    Summary,
}

/// `newsroom.toml` as written: every key optional, checked afterwards.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    logo: Option<String>,
    feed_limit: Option<i64>,
    feed_content: Option<FeedContent>,
    sections: Option<Vec<String>>,
    related_count: Option<i64>,
    words_per_minute: Option<i64>,
    base_url: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    paginate_by: Option<i64>,
    latest_count: Option<i64>,
    heading_ids: Option<String>,
    highlight: Option<bool>,
    permalink: Option<String>,
    date_format: Option<String>,
    time_format: Option<String>,
    front_section_stories: Option<i64>,
    allow_outside_links: Option<bool>,
    search: Option<bool>,
    pagination: Option<Pagination>,
    related: Option<Related>,
    latest_list: Option<LatestList>,
    cache: Option<String>,
    indexnow_key: Option<String>,
    indexnow_endpoint: Option<String>,
    websub_hub: Option<String>,
    images: Option<RawImages>,
    extra: Option<toml::Table>,
}

/// The `[images]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Vec<i64>>,
    formats: Option<Vec<String>>,
    quality: Option<RawQuality>,
    cache: Option<String>,
}

/// `[images.quality]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuality {
    jpeg: Option<i64>,
    webp: Option<i64>,
    avif: Option<i64>,
}

impl Config {
    /// Reads `newsroom.toml` from the site root; a site without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config::default());
            }
            Err(error) => return Err(Error::io("read the site config", &path, error)),
        };
        let text = String::from_utf8(bytes).map_err(|bad| {
            let (line, _) = crate::text::first_bad_byte(bad.as_bytes(), &bad.utf8_error());
            Error::config(
                Path::new(CONFIG_FILE),
                Some(line),
                "the file is not UTF-8 text; save it as UTF-8".to_string(),
            )
        })?;
        Config::parse(&text, Path::new(CONFIG_FILE))
    }

    /// Parses the text of a config file; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let fail = |line: Option<usize>, message: String| Error::config(path, line, message);
        let table = parse_toml_table(text, path)?;

        for key in table.keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let line = line_of_toml_key(text, key);
                return Err(fail(line, unknown_key_message(key)));
            }
        }

        let raw: RawConfig = toml::from_str(text).map_err(|error| {
            let line = error.span().map(|span| line_of_offset(text, span.start));
            // Name the key whose value is wrong: serde's message only describes the value.
            let key = line
                .and_then(|line| text.lines().nth(line - 1))
                .and_then(|written| written.split_once('='))
                .map(|(key, _)| key.trim().trim_matches('"'));
            let message = error.message().trim_end();
            match key {
                Some(key) => fail(line, crate::text::value_message(key, message)),
                None => fail(line, crate::text::toml_message(message, "")),
            }
        })?;

        let key_line = |key: &str| line_of_toml_key(text, key);
        // A whole-number setting: its value when it is at least `least`, else an error that
        // names the key, the value and the rule.
        let count =
            |value: Option<i64>, default: usize, least: i64, key: &str, rule: &str| match value {
                None => Ok(default),
                Some(n) if n >= least => Ok(n as usize),
                Some(n) => Err(fail(key_line(key), format!("{key} is {n}; {rule}"))),
            };
        let defaults = Config::default();
        let timezone = match raw.timezone {
            None => defaults.timezone,
            Some(name) => name.parse::<Tz>().map_err(|_| {
                fail(
                    key_line("timezone"),
                    format!(
                        "timezone \"{name}\" is not an IANA time zone name; write one such as \"UTC\", \"Europe/London\" or \"Asia/Karachi\""
                    ),
                )
            })?,
        };
        let paginate_by = count(
            raw.paginate_by,
            defaults.paginate_by,
            1,
            "paginate_by",
            "it must be 1 or more articles a page",
        )?;
        let latest_count = count(
            raw.latest_count,
            defaults.latest_count,
            0,
            "latest_count",
            "it must be 0 (no list) or more",
        )?;
        let permalink = raw.permalink.unwrap_or(defaults.permalink);
        check_permalink(&permalink).map_err(|why| fail(key_line("permalink"), why))?;
        let date_format = raw.date_format.unwrap_or(defaults.date_format);
        check_date_format(&date_format, timezone)
            .map_err(|why| fail(key_line("date_format"), why))?;
        let time_format = raw.time_format.unwrap_or(defaults.time_format);
        if !time_format.trim().is_empty() {
            check_time_format(&time_format, timezone)
                .map_err(|why| fail(key_line("time_format"), why))?;
        }
        let front_section_stories = count(
            raw.front_section_stories,
            defaults.front_section_stories,
            0,
            "front_section_stories",
            "it must be 0 (no section blocks) or more",
        )?;
        let base_url = match raw.base_url {
            None => defaults.base_url,
            Some(url) => normalize_base_url(&url).map_err(|why| fail(key_line("base_url"), why))?,
        };

        let feed_limit = count(
            raw.feed_limit,
            defaults.feed_limit,
            1,
            "feed_limit",
            "a feed needs at least 1 article",
        )?;

        let related_count = count(
            raw.related_count,
            defaults.related_count,
            0,
            "related_count",
            "it must be 0 (no list) or more",
        )?;
        let words_per_minute = count(
            raw.words_per_minute,
            defaults.words_per_minute,
            1,
            "words_per_minute",
            "a reader reads at least 1 word a minute (220 is typical)",
        )?;
        let heading_ids = match raw.heading_ids {
            None => HeadingIds::default(),
            Some(name) => {
                HeadingIds::from_name(&name).map_err(|why| fail(key_line("heading_ids"), why))?
            }
        };
        let sections = raw.sections.unwrap_or_default();
        if let Some(empty) = sections.iter().find(|name| slug::slugify(name).is_empty()) {
            return Err(fail(
                key_line("sections"),
                format!("the section name \"{empty}\" has no letters or digits to make a URL from"),
            ));
        }

        let images = match raw.images {
            None => defaults.images.clone(),
            Some(images) => image_settings(images).map_err(|why| fail(key_line("images"), why))?,
        };

        let cache = match raw.cache {
            None => defaults.cache,
            Some(folder) if folder.trim().is_empty() => {
                return Err(fail(
                    key_line("cache"),
                    "cache is empty; name a folder for the build cache, such as \".newsroom/build\"".to_string(),
                ));
            }
            Some(folder) => folder,
        };
        let indexnow_key = match raw.indexnow_key {
            None => None,
            Some(key) => {
                Some(check_indexnow_key(&key).map_err(|why| fail(key_line("indexnow_key"), why))?)
            }
        };
        let web_address = |key: &str, value: Option<String>| match value {
            None => Ok(None),
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Ok(Some(url.trim().to_string()))
            }
            Some(url) => Err(fail(
                key_line(key),
                format!(
                    "{key} \"{url}\" is not an absolute URL; write one such as \"https://example.org/\""
                ),
            )),
        };
        let websub_hub = web_address("websub_hub", raw.websub_hub)?;
        let indexnow_endpoint = web_address("indexnow_endpoint", raw.indexnow_endpoint)?
            .unwrap_or(defaults.indexnow_endpoint);

        Ok(Config {
            title: raw.title.unwrap_or(defaults.title),
            sections,
            related_count,
            words_per_minute,
            description: raw.description.unwrap_or(defaults.description),
            logo: raw.logo.filter(|logo| !logo.trim().is_empty()),
            feed_limit,
            feed_content: raw.feed_content.unwrap_or(defaults.feed_content),
            base_url,
            language: raw.language.unwrap_or(defaults.language),
            timezone,
            paginate_by,
            latest_count,
            heading_ids,
            highlight: raw.highlight.unwrap_or(defaults.highlight),
            permalink,
            date_format,
            time_format,
            front_section_stories,
            allow_outside_links: raw
                .allow_outside_links
                .unwrap_or(defaults.allow_outside_links),
            search: raw.search.unwrap_or(defaults.search),
            pagination: raw.pagination.unwrap_or(defaults.pagination),
            related: raw.related.unwrap_or(defaults.related),
            latest_list: raw.latest_list.unwrap_or(defaults.latest_list),
            cache,
            indexnow_key,
            indexnow_endpoint,
            websub_hub,
            images,
            extra: raw.extra.unwrap_or_default(),
        })
    }

    /// The full URL of a site path such as `/tags/`, honouring a base URL with a sub-path.
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Whether `base_url` is an absolute `http(s)` URL. Feeds, sitemaps and structured data
    /// need absolute URLs, so they are only made when it is.
    pub fn has_absolute_base_url(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }
}

/// Checks an IndexNow key as the protocol defines it: 8 to 128 letters, digits and dashes.
fn check_indexnow_key(key: &str) -> std::result::Result<String, String> {
    let key = key.trim();
    let fine = (8..=128).contains(&key.len())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if fine {
        Ok(key.to_string())
    } else {
        Err(format!(
            "indexnow_key \"{key}\" is not an IndexNow key: it must be 8 to 128 letters, digits or dashes, such as a UUID (`uuidgen` makes one)"
        ))
    }
}

/// Checks and trims a base URL: absolute http(s) or a root-relative path, no trailing slash.
pub fn normalize_base_url(url: &str) -> std::result::Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let fine = trimmed.is_empty()
        || trimmed.starts_with("http://")
        || trimmed.starts_with("https://")
        || trimmed.starts_with('/');
    if !fine || trimmed.contains(char::is_whitespace) {
        return Err(format!(
            "base_url \"{url}\" is not a URL; write an absolute one such as \"https://example.org/\" or \"https://example.org/news/\", or a path such as \"/news/\""
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks a dateline pattern by writing a date with it, as every page will: a pattern chrono
/// reads but cannot write (none is known today) is refused here rather than mid-build.
fn check_date_format(pattern: &str, zone: Tz) -> std::result::Result<(), String> {
    use std::fmt::Write;
    let example = "for example \"%A, %B %-d, %Y\" gives \"Sunday, October 29, 2023\", and \"%B %-d, %Y %H:%M\" adds the time";
    if pattern.trim().is_empty() {
        return Err(format!(
            "date_format is empty, so datelines would be blank; {example}"
        ));
    }
    let items: Vec<Item<'_>> = StrftimeItems::new(pattern).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return Err(format!(
            "date_format \"{pattern}\" is not a valid strftime pattern (every % starts a placeholder such as %Y, %B or %-d; write %% for a % sign); {example}"
        ));
    }
    let sample = chrono::TimeZone::with_ymd_and_hms(&zone, 2023, 10, 29, 9, 30, 0).earliest();
    let mut written = String::new();
    let fine = sample.is_some_and(|date| {
        write!(written, "{}", date.format_with_items(items.iter().cloned())).is_ok()
    });
    if !fine {
        return Err(format!(
            "date_format \"{pattern}\" cannot write a date; {example}"
        ));
    }
    Ok(())
}

/// Checks a dateline's time pattern as [`check_date_format`] checks its date pattern.
fn check_time_format(pattern: &str, zone: Tz) -> std::result::Result<(), String> {
    let example = "for example \"%H:%M %Z\" gives \"09:30 PKT\", and \"%-I:%M %p\" gives \"9:30 AM\"; \"\" shows no time";
    let fine = !StrftimeItems::new(pattern).any(|item| matches!(item, Item::Error))
        && chrono::TimeZone::with_ymd_and_hms(&zone, 2023, 10, 29, 9, 30, 0)
            .earliest()
            .is_some_and(|date| {
                use std::fmt::Write;
                write!(String::new(), "{}", date.format(pattern)).is_ok()
            });
    if fine {
        Ok(())
    } else {
        Err(format!(
            "time_format \"{pattern}\" is not a valid strftime pattern (every % starts a placeholder such as %H, %M or %Z; write %% for a % sign); {example}"
        ))
    }
}

/// Checks the `[images]` table: every width a sensible size, known formats, qualities 1–100.
fn image_settings(raw: RawImages) -> std::result::Result<ImageSettings, String> {
    let defaults = ImageSettings::default();
    let widths = match raw.widths {
        None => defaults.widths,
        Some(widths) if widths.is_empty() => {
            return Err(
                "images.widths is empty; list at least one width in pixels, such as [480, 800, 1200, 1600]"
                    .to_string(),
            );
        }
        Some(widths) => {
            let mut checked = Vec::new();
            for width in widths {
                match u32::try_from(width) {
                    Ok(fine @ 16..=8192) => checked.push(fine),
                    _ => {
                        return Err(format!(
                            "images.widths holds {width}; each width is a number of pixels from 16 to 8192, such as [480, 800, 1200, 1600]"
                        ));
                    }
                }
            }
            checked.sort_unstable();
            checked.dedup();
            checked
        }
    };
    let formats = match raw.formats {
        None => defaults.formats,
        Some(names) => {
            let mut formats = Vec::new();
            for name in names {
                let format = Format::from_config_name(&name).ok_or_else(|| {
                    format!(
                        "images.formats holds \"{name}\"; the formats are \"avif\" and \"webp\" (the JPEG or PNG fallback is always made), so write for example [\"avif\", \"webp\"]"
                    )
                })?;
                if !formats.contains(&format) {
                    formats.push(format);
                }
            }
            formats
        }
    };
    let mut quality = defaults.quality;
    if let Some(raw) = raw.quality {
        let check = |value: Option<i64>, default: u8, name: &str| match value {
            None => Ok(default),
            Some(n @ 1..=100) => Ok(n as u8),
            Some(n) => Err(format!(
                "images.quality.{name} is {n}; a quality goes from 1 (smallest files) to 100 (best), and {default} is the default"
            )),
        };
        quality.jpeg = check(raw.jpeg, quality.jpeg, "jpeg")?;
        quality.webp = check(raw.webp, quality.webp, "webp")?;
        quality.avif = check(raw.avif, quality.avif, "avif")?;
    }
    let cache = match raw.cache {
        None => defaults.cache,
        Some(folder) if folder.trim().is_empty() => {
            return Err(
                "images.cache is empty; name a folder for processed images, such as \".newsroom/image-cache\""
                    .to_string(),
            );
        }
        Some(folder) => std::path::PathBuf::from(folder),
    };
    Ok(ImageSettings {
        widths,
        formats,
        quality,
        cache,
    })
}

fn check_permalink(pattern: &str) -> std::result::Result<(), String> {
    let advice = "the default is \"/:year/:month/:day/:slug/\"";
    if pattern.contains(char::is_control) {
        return Err(format!(
            "permalink {pattern:?} holds a control character, which no URL may hold; {advice}"
        ));
    }
    if !pattern.starts_with('/') || !pattern.ends_with('/') {
        return Err(format!(
            "permalink \"{pattern}\" must start and end with \"/\" (every article is a folder with an index.html); {advice}"
        ));
    }
    if !pattern.contains(":slug") {
        return Err(format!(
            "permalink \"{pattern}\" has no :slug, so articles would overwrite each other; {advice}"
        ));
    }
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains('\\') {
            return Err(format!(
                "permalink \"{pattern}\" may not contain \".\", \"..\" or \"\\\" segments; {advice}"
            ));
        }
        let mut rest = segment;
        while let Some(start) = rest.find(':') {
            let token_end = rest[start + 1..]
                .find(|c: char| !c.is_ascii_alphabetic())
                .map_or(rest.len(), |end| start + 1 + end);
            let token = &rest[start..token_end];
            if !PERMALINK_TOKENS.contains(&token) {
                return Err(format!(
                    "permalink \"{pattern}\" uses unknown placeholder \"{token}\"; the placeholders are {}",
                    PERMALINK_TOKENS.join(", ")
                ));
            }
            rest = &rest[token_end..];
        }
    }
    Ok(())
}

fn unknown_key_message(key: &str) -> String {
    let closest = KNOWN_KEYS
        .iter()
        .map(|known| (strsim::jaro_winkler(key, known), *known))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.7);
    match closest {
        Some((_, known)) => format!(
            "unknown key \"{key}\"; did you mean \"{known}\"? (custom values belong under [extra])"
        ),
        None => format!(
            "unknown key \"{key}\"; the keys are {}; custom values belong under [extra]",
            KNOWN_KEYS.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_the_closest() {
        let error = Config::parse("title = \"x\"\npaginte_by = 3\n", Path::new(CONFIG_FILE))
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "newsroom.toml:2: unknown key \"paginte_by\"; did you mean \"paginate_by\"? (custom values belong under [extra])"
        );
    }

    #[test]
    fn permalink_needs_slug_and_known_tokens() {
        assert!(check_permalink("/:year/:slug/").is_ok());
        assert!(check_permalink("/:year/").is_err());
        assert!(check_permalink("/:yr/:slug/").is_err());
        assert!(check_permalink("/../:slug/").is_err());
    }

    #[test]
    fn images_table_is_read_and_checked() {
        let parse = |text: &str| Config::parse(text, Path::new(CONFIG_FILE));
        let config = parse(
            "[images]\nwidths = [800, 400, 800]\nformats = [\"webp\"]\nquality = { jpeg = 70 }\n",
        )
        .unwrap();
        assert_eq!(config.images.widths, [400, 800]);
        assert_eq!(config.images.formats, [Format::Webp]);
        assert_eq!(config.images.quality.jpeg, 70);
        assert_eq!(config.images.quality.webp, 80);
        assert_eq!(parse("").unwrap().images, ImageSettings::default());
        let error = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            error("title = \"x\"\n[images]\nwidths = []\n"),
            "newsroom.toml:2: images.widths is empty; list at least one width in pixels, such as [480, 800, 1200, 1600]"
        );
        assert_eq!(
            error("[images]\nwidths = [480, 0]\n"),
            "newsroom.toml:1: images.widths holds 0; each width is a number of pixels from 16 to 8192, such as [480, 800, 1200, 1600]"
        );
        assert_eq!(
            error("[images]\nformats = [\"jxl\"]\n"),
            "newsroom.toml:1: images.formats holds \"jxl\"; the formats are \"avif\" and \"webp\" (the JPEG or PNG fallback is always made), so write for example [\"avif\", \"webp\"]"
        );
        assert_eq!(
            error("[images]\nquality = { webp = 101 }\n"),
            "newsroom.toml:1: images.quality.webp is 101; a quality goes from 1 (smallest files) to 100 (best), and 80 is the default"
        );
        assert!(error("[images]\nwidth = [480]\n").contains("width"));
    }

    #[test]
    fn base_url_loses_its_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://example.org/news/").unwrap(),
            "https://example.org/news"
        );
        assert!(normalize_base_url("example.org").is_err());
    }
}
