//! The article: the strict, checked form of one Markdown file that the rest of the build trusts.
//!
//! Front matter is first read as a loose tree that accepts what authors write (a string or a
//! list for tags, several date forms, dates in file names), then converted here, once, into
//! an `Article`. Every problem in one file is reported, not only the first.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::dates::{self, ACCEPTED_FORMS, DateError};
use super::front_matter::{self, Split};
use super::lead_image::{self, LeadImage};
use super::markdown;
use super::migration::{self, Normalized, PermalinkParts};
use crate::error::{ContentError, ContentErrorKind};

/// One story, ready to be placed on the site. It is kept between builds ([`super::memo`]),
/// so each of its fields is written and read back as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    /// The Markdown file, relative to the site root (`content/2023/10/29/story.md`).
    pub source: PathBuf,
    pub title: String,
    /// The last part of the permalink: lowercase ASCII words joined by hyphens.
    pub slug: String,
    /// Publication time, in the site time zone.
    #[serde(with = "super::memo::zoned")]
    pub date: DateTime<Tz>,
    /// Time of the last update, in the site time zone.
    #[serde(with = "super::memo::zoned_option")]
    pub updated: Option<DateTime<Tz>>,
    /// The byline, in the order written.
    pub authors: Vec<String>,
    /// Tags as written, in the order written, without repeats.
    pub tags: Vec<String>,
    /// The summary for lists, as HTML; made by the body stage ([`crate::body`]).
    pub summary_html: String,
    /// The same summary as plain text; made by the body stage.
    pub summary_text: String,
    /// The rendered body; made by the body stage, empty until then.
    pub content_html: String,
    /// The body as written, which the body stage renders once the theme and every URL of
    /// the site are known.
    pub body: Body,
    /// The lead image, with its alt text, caption and credit.
    pub image: Option<LeadImage>,
    pub draft: bool,
    /// The section the story is filed in, as its name is written.
    pub section: Option<String>,
    /// Kept at the top of the home page.
    pub pinned: bool,
    /// The moment the story goes live, when later than `date` (scheduling).
    #[serde(with = "super::memo::zoned_option")]
    pub publish_date: Option<DateTime<Tz>>,
    /// The moment the story is taken down.
    #[serde(with = "super::memo::zoned_option")]
    pub expiry_date: Option<DateTime<Tz>>,
    /// Dated corrections, in the order written.
    pub corrections: Vec<Correction>,
    /// Old URL paths that redirect to the story.
    pub aliases: Vec<String>,
    /// A URL path given in front matter, replacing the permalink pattern.
    pub path_override: Option<String>,
    /// The language of a translation in another language than the site's, from a file name
    /// such as `index.es.md`; its URL is put under `/es/`, as Hugo does.
    pub translation: Option<String>,
    /// Headings of the body, for a table of contents; made by the body stage.
    pub toc: Vec<markdown::Heading>,
    /// Words in the body; counted by the body stage.
    pub word_count: usize,
    /// Every front-matter key newsroom does not know, for templates.
    #[serde(with = "super::memo::json_fields")]
    pub extra: Map<String, Value>,
    /// Where the fields that make the story's URLs are written, for problems found later.
    pub lines: FieldLines,
}

/// An article's Markdown body as written, with what its rendering depends on besides the
/// site: it is kept unrendered while articles are read, because shortcodes and links to other
/// stories need the theme and the site's URLs, which come later.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Body {
    /// The Markdown after the front matter; not kept in the memo, which takes it from the
    /// file's bytes.
    #[serde(skip)]
    pub markdown: String,
    /// The file's 1-based line number of the body's first line, so a problem in the body
    /// names the line of the file.
    pub line: usize,
    /// The heading-id rule for this file (`auto` already decided).
    pub heading_ids: markdown::HeadingIds,
    /// The summary written in front matter, if any.
    pub summary: Option<String>,
    /// Whether the file is a Jekyll post or draft, whose Liquid ran before its Markdown.
    pub jekyll: bool,
}

/// The file lines of the front-matter fields an article's URLs and list pages come from, so
/// a problem found while planning the site (two things on one URL, a name too long for a
/// file) points at the line to change. `None` where the field is not written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLines {
    pub url: Option<usize>,
    pub slug: Option<usize>,
    pub aliases: Option<usize>,
    pub tags: Option<usize>,
    /// `authors:`, or else `author:`.
    pub authors: Option<usize>,
    pub section: Option<usize>,
    pub categories: Option<usize>,
    /// The key each of those fields is written as, where it differs (`permalink` for `url`,
    /// `redirect_from` for `aliases`), so messages name the key on the line.
    pub written_as: std::collections::BTreeMap<String, String>,
}

impl FieldLines {
    /// The key a field is written as in the file.
    pub fn key<'a>(&'a self, field: &'a str) -> &'a str {
        self.written_as.get(field).map_or(field, String::as_str)
    }
}

impl Article {
    /// When the story last changed: its update, or its publication if that is later (an
    /// `updated` before `date` is a slip, not a change).
    pub fn last_changed(&self) -> DateTime<Tz> {
        self.updated.unwrap_or(self.date).max(self.date)
    }
}

/// A correction appended to a story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Correction {
    #[serde(with = "super::memo::zoned")]
    pub date: DateTime<Tz>,
    /// The correction's text, rendered from Markdown.
    pub text_html: String,
}

/// Front-matter keys that become `Article` fields; all others go to `extra`.
pub(super) const KNOWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "author",
    "authors",
    "tags",
    "summary",
    "draft",
    "image",
    "section",
    "pinned",
    "publish_date",
    "expiry_date",
    "corrections",
    "aliases",
    "url",
    "categories",
];

/// What reading a file takes from the config, and nothing else: a file read with the same
/// settings, by the same binary, gives the same article, so the memo of parsed articles
/// ([`super::memo`]) keys each on these settings, its path and its bytes.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The site's language: a file named after another (`story.fr.md`) is a translation.
    pub language: String,
    /// The zone dates without an offset are in.
    pub timezone: Tz,
    /// The sections `newsroom.toml` lists, which files under `content/<folder>/` belong to.
    pub sections: Vec<String>,
    pub heading_ids: markdown::HeadingIds,
}

impl Reading {
    pub fn of(config: &crate::config::Config) -> Reading {
        Reading {
            language: config.language.clone(),
            timezone: config.timezone,
            sections: config.sections.clone(),
            heading_ids: config.heading_ids,
        }
    }
}

/// Reads one article from its text, with the warnings worth telling the editor (each
/// `path:line: message`). `source` is the path shown in messages.
pub fn parse_article(
    source: &Path,
    bytes: &[u8],
    config: &Reading,
) -> Result<super::Parsed, Vec<ContentError>> {
    let error = |kind, line, message| vec![ContentError::new(kind, source, line, message)];
    let text = std::str::from_utf8(bytes).map_err(|bad| {
        let (line, byte) = crate::text::first_bad_byte(bytes, &bad);
        error(
            ContentErrorKind::NotUtf8,
            Some(line),
            format!(
                "the file is not UTF-8 text (byte 0x{byte:02X} cannot be read); save it as UTF-8"
            ),
        )
    })?;
    let split = front_matter::split(text).map_err(|e| {
        vec![ContentError::new(e.kind, source, e.line, e.message).at_column(e.column)]
    })?;
    let fields = front_matter::parse(&split).map_err(|e| {
        vec![ContentError::new(e.kind, source, e.line, e.message).at_column(e.column)]
    })?;
    let last_lines: std::collections::HashMap<String, usize> = fields
        .repeated
        .iter()
        .map(|repeat| (repeat.key.clone(), repeat.last_line))
        .collect();
    let warnings = fields
        .repeated
        .iter()
        .map(|repeat| {
            format!(
                "{}:{}: `{}` is written twice, on lines {} and {}; the last one is used, as Hugo uses it; delete the other",
                source.display(),
                repeat.last_line,
                repeat.key,
                repeat.first_line,
                repeat.last_line
            )
        })
        .collect();
    // Hugo's headless bundles hold material for other pages, so they need no title or date.
    if fields.map.get("headless") == Some(&Value::Bool(true)) {
        return Ok(super::Parsed::Headless);
    }
    let normalized = migration::normalize(fields.map, source);
    let mut reader = FieldReader {
        source,
        text,
        split: &split,
        fields: &normalized.fields,
        normalized: &normalized,
        problems: Vec::new(),
        warnings,
        last_lines,
    };
    let article = reader.article(config);
    match article {
        Some(article) if reader.problems.is_empty() => {
            Ok(super::Parsed::Article(Box::new(article), reader.warnings))
        }
        _ => Err(reader.problems),
    }
}

/// A file stem without its language suffix, and that language when it is not the site's own:
/// `index.es` in an English site gives `("index", Some("es"))`, `index.en` gives `("index",
/// None)`. A suffix is a language code: two lowercase letters (ISO 639-1, so that words such as
/// `old` in `notes.old.md` are not taken for one), maybe with a region (`pt-br`, `zh-TW`).
fn translation_of<'a>(stem: &'a str, site_language: &str) -> (&'a str, Option<String>) {
    let Some((name, code)) = stem.rsplit_once('.') else {
        return (stem, None);
    };
    let (primary, region) = code.split_once(['-', '_']).unwrap_or((code, ""));
    let is_code = primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.bytes().all(|b| b.is_ascii_alphanumeric())));
    if !is_code || name.is_empty() {
        return (stem, None);
    }
    let site_primary = site_language.split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case(site_primary) {
        (name, None)
    } else {
        (name, Some(code.to_ascii_lowercase()))
    }
}

/// Text as a message may quote it: control characters (a NUL, a tab) written as escapes such
/// as `\0` and `\t`, so that a terminal shows what the file holds.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Reads a section's own file (`content/world/_index.md`): its title and description. The
/// home page's (`content/_index.md`) gives `None`.
pub fn parse_section_page(
    source: &Path,
    bytes: &[u8],
) -> Result<Option<super::SectionPage>, Vec<ContentError>> {
    let folder = source
        .parent()
        .and_then(|parent| parent.file_name())
        .and_then(|name| name.to_str())
        .filter(|name| *name != super::CONTENT_DIR);
    let Some(name) = folder else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(bytes);
    let split = front_matter::split(&text).map_err(|e| {
        vec![ContentError::new(e.kind, source, e.line, e.message).at_column(e.column)]
    })?;
    let fields = front_matter::parse(&split).map_err(|e| {
        vec![ContentError::new(e.kind, source, e.line, e.message).at_column(e.column)]
    })?;
    let text_of = |key: &str| {
        fields
            .map
            .get(key)
            .and_then(Value::as_str)
            .map(|text| crate::text::decode_entities(text.trim()).into_owned())
    };
    Ok(Some(super::SectionPage {
        name: name.to_string(),
        title: text_of("title"),
        description: text_of("description"),
    }))
}

/// Converts front-matter fields one by one, collecting every problem it meets.
struct FieldReader<'a> {
    source: &'a Path,
    /// The whole file.
    text: &'a str,
    split: &'a Split<'a>,
    fields: &'a Map<String, Value>,
    /// How the fields were written, for lines and Jekyll's rules.
    normalized: &'a Normalized,
    problems: Vec<ContentError>,
    /// Things the editor should know that do not stop the build, `path:line: message`.
    warnings: Vec<String>,
    /// The line of the last of a key written more than once: the one whose value is used.
    last_lines: std::collections::HashMap<String, usize>,
}

/// What a date field holds.
enum Written<T> {
    /// The field is absent, or empty.
    Absent,
    /// The field holds something that is not a date; the problem is recorded.
    Bad,
    Date(T),
}

impl<T> Written<T> {
    fn ok(self) -> Option<T> {
        match self {
            Written::Date(date) => Some(date),
            _ => None,
        }
    }
}

impl FieldReader<'_> {
    /// Converts the fields; `None` when a problem was recorded.
    fn article(&mut self, config: &Reading) -> Option<Article> {
        let stem = self
            .source
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        // Hugo names a translation after its language: `index.es.md`, `story.fr.md`.
        let (stem, translation) = translation_of(stem, &config.language);
        let named_date = dates::date_from_file_stem(stem);
        let folders: Vec<&str> = self
            .source
            .parent()
            .map(|p| p.iter().filter_map(|c| c.to_str()).collect())
            .unwrap_or_default();

        let no_front_matter = self.split.format == front_matter::Format::None;
        let title = match self.string("title") {
            Some(title) if !title.trim().is_empty() => {
                Some(crate::text::decode_entities(title.trim()).into_owned())
            }
            Some(_) => {
                self.problem(
                    ContentErrorKind::MissingField,
                    "title",
                    "`title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)".to_string(),
                );
                None
            }
            None if self.fields.contains_key("title")
                && matches!(self.fields.get("title"), Some(Value::Null)) =>
            {
                self.problem(
                    ContentErrorKind::MissingField,
                    "title",
                    "`title` is empty; write the headline after `title:` (or delete the line to title the story after its file name)".to_string(),
                );
                None
            }
            // A non-text title is already a problem.
            None if self.fields.contains_key("title") => None,
            // Jekyll titles a post without one after its file name, and so does newsroom,
            // saying so outside Jekyll's folders.
            None => {
                let name = match named_date.map_or(stem, |(_, rest)| rest) {
                    "index" | "_index" => folders.last().copied().unwrap_or(stem),
                    name => name,
                };
                let title = migration::title_from_slug(name);
                let title = if title.is_empty() {
                    stem.to_string()
                } else {
                    title
                };
                if no_front_matter {
                    self.warnings.push(format!(
                        "{}:1: the file has no front matter, so the story is titled \"{title}\" after its file name; add `title:` and `date:` lines between two \"---\" lines at the top to set them",
                        self.source.display()
                    ));
                } else if !self.normalized.jekyll {
                    self.warnings.push(format!(
                        "{}:{}: no `title`, so the story is titled \"{title}\" after its file name; add a `title: Your headline` line to set it",
                        self.source.display(),
                        self.split.front_line
                    ));
                }
                Some(title)
            }
        };

        let date = match self.date("date", config.timezone) {
            Written::Date(date) => Some(date),
            Written::Bad => None,
            Written::Absent => {
                // Zola sites may date a story only through its `path` (`2014/12/12/slug`).
                let day = named_date
                    .map(|(day, _)| day)
                    .or_else(|| dates::date_from_folders(folders.iter().copied()))
                    .or_else(|| {
                        let url = self.fields.get("url").and_then(Value::as_str)?;
                        dates::date_from_url(url)
                    });
                let empty = self.fields.contains_key("date");
                match day {
                    Some(day) => match dates::midnight(day, config.timezone) {
                        Ok(date) => Some(date),
                        Err(_) => {
                            self.problems.push(ContentError::new(
                                ContentErrorKind::InvalidDate,
                                self.source,
                                Some(1),
                                format!(
                                    "the date {day} in the file's name or folders is before the year 1 or after 9999, which no feed or sitemap can show; write a `date:` line ({ACCEPTED_FORMS})"
                                ),
                            ));
                            None
                        }
                    },
                    // A Jekyll draft without a date is dated when it is previewed, as in Jekyll.
                    None if folders.contains(&"_drafts") => {
                        Some(chrono::Utc::now().with_timezone(&config.timezone))
                    }
                    None if no_front_matter => {
                        self.problems.push(ContentError::new(
                            ContentErrorKind::NoFrontMatter,
                            self.source,
                            Some(1),
                            "the file has no front matter and its name carries no date, so newsroom cannot tell when the story was published; start the file with a \"---\" line, `title: ...`, `date: 2023-10-29` and another \"---\" line, or name it 2023-10-29-slug.md".to_string(),
                        ));
                        None
                    }
                    None if empty => {
                        self.problem(
                            ContentErrorKind::MissingField,
                            "date",
                            format!(
                                "`date` is empty; write the publication date after `date:` ({ACCEPTED_FORMS}), or name the file 2023-10-29-slug.md"
                            ),
                        );
                        None
                    }
                    None => {
                        self.problems.push(ContentError::new(
                            ContentErrorKind::MissingField,
                            self.source,
                            Some(self.split.front_line),
                            format!(
                                "missing date; add a `date:` line ({ACCEPTED_FORMS}), or name the file 2023-10-29-slug.md, or put it in a 2023/10/29/ folder"
                            ),
                        ));
                        None
                    }
                }
            }
        };
        let updated = self.date("updated", config.timezone).ok();

        let slug_source = match self.string("slug") {
            Some(slug) => slug,
            None if stem == "index" => folders.last().copied().unwrap_or("index").to_string(),
            None => named_date.map_or(stem, |(_, rest)| rest).to_string(),
        };
        let slug = slug::slugify(&slug_source);
        if slug.is_empty() {
            self.problem(
                ContentErrorKind::InvalidField,
                "slug",
                format!("the slug \"{slug_source}\" has no letters or digits to make a URL from; set `slug:` to words such as `border-talks`"),
            );
        }

        let mut authors = self.list("authors");
        authors.extend(self.list("author"));
        let tags = self.list("tags");
        let image = self.lead_image();
        let draft = self.boolean("draft");
        let summary = self.string("summary");
        let pinned = self.boolean("pinned");
        let publish_date = self.date("publish_date", config.timezone).ok();
        let expiry_date = self.date("expiry_date", config.timezone).ok();
        let corrections = self.corrections(config.timezone);
        let aliases: Vec<String> = self
            .list("aliases")
            .into_iter()
            .filter_map(|alias| self.site_path("aliases", &alias))
            .collect();
        let mut categories = self.normalized.folder_categories.clone();
        categories.extend(self.list("categories"));
        let path_override = self.string("url").and_then(|url| {
            // Jekyll posts may use permalink placeholders of their own.
            let url = match date.as_ref() {
                Some(date)
                    if url.contains(':')
                        || matches!(url.trim(), "pretty" | "date" | "ordinal" | "none") =>
                {
                    migration::expand_permalink(
                        &url,
                        &PermalinkParts {
                            year: date.year(),
                            month: date.month(),
                            day: date.day(),
                            slug: &slug,
                            categories: &categories,
                            hour: date.hour(),
                            minute: date.minute(),
                            second: date.second(),
                            day_of_year: date.ordinal(),
                            file_name: stem,
                        },
                    )
                }
                _ => url,
            };
            self.site_path("url", &url)
        });
        let section = self
            .string("section")
            .map(|name| crate::text::decode_entities(name.trim()).into_owned())
            .or_else(|| {
                // content/<folder>/... files belong to <folder> when the config lists it.
                let folder = folders
                    .get(1)
                    .filter(|_| folders.first() == Some(&"content"))?;
                config
                    .sections
                    .iter()
                    .find(|name| slug::slugify(name) == slug::slugify(folder))
                    .cloned()
            });
        // A Jekyll or Hugo category files the story in that section.
        let section = section.or_else(|| categories.first().cloned());

        if !self.problems.is_empty() {
            return None;
        }
        let (title, date) = (title?, date?);
        // Headlines get the body's typography; the slug above was made without it.
        let title = markdown::smart_headline(&title).into_owned();
        let body_offset =
            (self.split.body.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let body = Body {
            markdown: self.split.body.to_string(),
            line: crate::text::line_of_offset(self.text, body_offset),
            heading_ids: config.heading_ids.for_file(self.normalized.jekyll),
            summary,
            jekyll: self.normalized.jekyll,
        };
        let mut extra: Map<String, Value> = self
            .fields
            .iter()
            .filter(|(key, _)| !KNOWN_FIELDS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        for (key, value) in &self.normalized.extra_table {
            extra.entry(key.clone()).or_insert_with(|| value.clone());
        }
        if !categories.is_empty() {
            extra.insert("categories".to_string(), Value::from(categories.clone()));
        }
        Some(Article {
            source: self.source.to_path_buf(),
            title,
            slug,
            date,
            updated,
            authors: dedup(authors),
            tags: dedup(tags),
            summary_html: String::new(),
            summary_text: String::new(),
            content_html: String::new(),
            body,
            image,
            draft,
            section: section.filter(|name| !slug::slugify(name).is_empty()),
            pinned,
            publish_date,
            expiry_date,
            corrections,
            aliases,
            path_override,
            translation,
            toc: Vec::new(),
            word_count: 0,
            extra,
            lines: self.field_lines(),
        })
    }

    /// The lead image, from newsroom's `image:` or another generator's keys; a missing alt
    /// text is a warning here (and a problem in `newsroom check`).
    fn lead_image(&mut self) -> Option<LeadImage> {
        let read = lead_image::read(self.fields, &self.normalized.extra_table, |key| {
            self.line_of(key)
        });
        match read {
            Ok(image) => {
                let warning = image.as_ref().and_then(|i| i.missing_alt(self.source));
                self.warnings.extend(warning);
                image
            }
            Err(bad) => {
                self.problem(ContentErrorKind::InvalidField, &bad.key, bad.message);
                None
            }
        }
    }

    /// The lines of the fields [`FieldLines`] keeps.
    fn field_lines(&self) -> FieldLines {
        let line = |key: &str| {
            let written = self
                .normalized
                .written_as
                .get(key)
                .map_or(key, String::as_str);
            front_matter::line_of_field(self.split, written)
        };
        FieldLines {
            url: line("url"),
            slug: line("slug"),
            aliases: line("aliases"),
            tags: line("tags"),
            authors: line("authors").or_else(|| line("author")),
            section: line("section"),
            categories: line("categories"),
            written_as: ["url", "aliases", "tags", "categories"]
                .into_iter()
                .filter_map(|key| {
                    let written = self.normalized.written_as.get(key)?;
                    Some((key.to_string(), written.clone()))
                })
                .chain(
                    (line("authors").is_none() && line("author").is_some())
                        .then(|| ("authors".to_string(), "author".to_string())),
                )
                .collect(),
        }
    }

    fn problem(&mut self, kind: ContentErrorKind, key: &str, message: String) {
        let written = self
            .normalized
            .written_as
            .get(key)
            .map_or(key, String::as_str);
        let line = self
            .last_lines
            .get(written)
            .copied()
            .or_else(|| front_matter::line_of_field(self.split, written))
            .or(Some(self.split.front_line));
        self.problems
            .push(ContentError::new(kind, self.source, line, message));
    }

    /// A text field; numbers are taken as text, anything else is a problem.
    fn string(&mut self, key: &str) -> Option<String> {
        match self.fields.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            other => {
                let what = describe(other);
                self.problem(
                    ContentErrorKind::InvalidField,
                    key,
                    format!("`{key}` should be text but is {what}; put the value in quotes"),
                );
                None
            }
        }
    }

    /// A list of names, written as a list or as one comma-separated string.
    fn list(&mut self, key: &str) -> Vec<String> {
        let items: Vec<String> = match self.fields.get(key) {
            None | Some(Value::Null) => return Vec::new(),
            // "a, b" is two names; Jekyll also writes lists as "a b".
            Some(Value::String(s))
                if !s.contains(',')
                    && self.normalized.jekyll
                    && matches!(key, "tags" | "categories") =>
            {
                s.split_whitespace().map(str::to_string).collect()
            }
            Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
            Some(Value::Array(items)) => {
                let mut names = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => names.push(s.clone()),
                        Value::Number(n) => names.push(n.to_string()),
                        other => {
                            let what = describe(other);
                            self.problem(
                                ContentErrorKind::InvalidField,
                                key,
                                format!("`{key}` holds {what}; each entry must be a name, such as [\"security\", \"taliban\"]"),
                            );
                        }
                    }
                }
                names
            }
            Some(other) => {
                let what = describe(other);
                self.problem(
                    ContentErrorKind::InvalidField,
                    key,
                    format!("`{key}` should be a list such as [\"a\", \"b\"] or text such as \"a, b\", but is {what}"),
                );
                return Vec::new();
            }
        };
        items
            .into_iter()
            .map(|item| crate::text::decode_entities(item.trim()).into_owned())
            .filter(|item| !item.is_empty())
            .collect()
    }

    fn boolean(&mut self, key: &str) -> bool {
        match self.fields.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            // YAML 1.1's spellings, which Jekyll and Hugo read as booleans.
            Some(Value::String(s))
                if matches!(s.to_ascii_lowercase().as_str(), "yes" | "y" | "on" | "true") =>
            {
                true
            }
            Some(Value::String(s))
                if matches!(
                    s.to_ascii_lowercase().as_str(),
                    "no" | "n" | "off" | "false"
                ) =>
            {
                false
            }
            Some(other) => {
                let what = describe(other);
                self.problem(
                    ContentErrorKind::InvalidField,
                    key,
                    format!("`{key}` should be true or false but is {what}"),
                );
                false
            }
        }
    }

    /// A URL path on this site, such as `/2019/05/old-story/` or `/old.html`: kept only when it
    /// stays inside the site, so no front matter can make a file appear outside the output.
    fn site_path(&mut self, key: &str, written: &str) -> Option<String> {
        let path = written.trim();
        let path = path.strip_prefix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let safe = !segments.is_empty()
            && segments.iter().all(|segment| {
                *segment != "."
                    && *segment != ".."
                    && !segment.contains(['\\', '?', '#', ':'])
                    && !segment.contains(char::is_control)
            });
        if !safe {
            self.problem(
                ContentErrorKind::InvalidField,
                key,
                format!("`{key}` holds \"{}\", which is not a path on this site; write one such as /2019/05/03/old-story/", shown(written)),
            );
            return None;
        }
        let mut normal = format!("/{}", segments.join("/"));
        let is_file = segments
            .last()
            .is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm"));
        if !is_file {
            normal.push('/');
        }
        Some(normal)
    }

    /// `corrections:` as a list of `{date, text}` tables.
    fn corrections(&mut self, zone: Tz) -> Vec<Correction> {
        let items = match self.fields.get("corrections") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(other) => {
                let what = describe(other);
                self.problem(
                    ContentErrorKind::InvalidField,
                    "corrections",
                    format!(
                        "`corrections` should be a list of {{date, text}} entries but is {what}"
                    ),
                );
                return Vec::new();
            }
        };
        let mut corrections = Vec::new();
        for item in items {
            let date = item.get("date").and_then(Value::as_str);
            let text = item.get("text").and_then(Value::as_str);
            let parsed = date.and_then(|date| dates::parse_date(date, zone));
            match (parsed, text) {
                (Some(date), Some(text)) => corrections.push(Correction {
                    date,
                    text_html: markdown::render_inline(text),
                }),
                _ => self.problem(
                    ContentErrorKind::InvalidField,
                    "corrections",
                    format!("each correction needs a `date` ({ACCEPTED_FORMS}) and a `text`, such as `- {{date: 2023-10-30, text: \"An earlier version misspelt a name.\"}}`"),
                ),
            }
        }
        corrections
    }

    /// A date field. An empty one (`date:`, `date: ~`, `date: ""`) counts as absent.
    fn date(&mut self, key: &str, zone: Tz) -> Written<DateTime<Tz>> {
        let written = match self.fields.get(key) {
            None | Some(Value::Null) => return Written::Absent,
            Some(Value::String(s)) if s.trim().is_empty() => return Written::Absent,
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let shown = crate::text::excerpt(&written);
        match dates::read_date(&written, zone) {
            Ok(read) => {
                if let Some(note) = read.note {
                    let line = self.line_of(key);
                    self.warnings.push(format!(
                        "{}:{}: `{key}`: {note}",
                        self.source.display(),
                        line.unwrap_or(1)
                    ));
                }
                Written::Date(read.date)
            }
            Err(DateError::Unreadable) => {
                self.problem(
                    ContentErrorKind::InvalidDate,
                    key,
                    format!("`{key}` is \"{shown}\", which is not a date newsroom can read; write it as {ACCEPTED_FORMS}"),
                );
                Written::Bad
            }
            Err(DateError::OutOfRange(year)) => {
                let year = if year == i64::MAX {
                    "beyond 9999".to_string()
                } else {
                    year.to_string()
                };
                self.problem(
                    ContentErrorKind::InvalidDate,
                    key,
                    format!("`{key}` is \"{shown}\", in the year {year} in UTC or in the site's time zone; feeds and sitemaps can only show years 1 to 9999, so write a date in that range"),
                );
                Written::Bad
            }
        }
    }

    /// The file line of a field, as written.
    fn line_of(&self, key: &str) -> Option<usize> {
        let written = self
            .normalized
            .written_as
            .get(key)
            .map_or(key, String::as_str);
        self.last_lines
            .get(written)
            .copied()
            .or_else(|| front_matter::line_of_field(self.split, written))
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table of fields",
    }
}

/// Drops repeats (compared by slug, so "Taliban" and "taliban" are one) keeping first spellings.
fn dedup(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .filter(|name| seen.insert(slug::slugify(name)))
        .collect()
}

#[cfg(test)]
mod translation_tests {
    use super::translation_of;

    #[test]
    fn translations_are_named_after_their_language() {
        assert_eq!(
            translation_of("index.es", "en"),
            ("index", Some("es".to_string()))
        );
        assert_eq!(translation_of("index.en", "en-GB"), ("index", None));
        assert_eq!(
            translation_of("story.pt-br", "en"),
            ("story", Some("pt-br".to_string()))
        );
        assert_eq!(translation_of("release-1.0", "en"), ("release-1.0", None));
        assert_eq!(translation_of("index", "en"), ("index", None));
        assert_eq!(translation_of("notes.old", "en"), ("notes.old", None));
    }
}
