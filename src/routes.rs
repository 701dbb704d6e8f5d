//! Every URL the site has, decided before anything is rendered, so that two things claiming
//! the same URL are caught with both named.

use std::collections::HashMap;

use chrono::Datelike;

use crate::config::Config;
use crate::content::Article;
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::paginate::{page_count, page_path};
use crate::site::{Period, Site};

/// A list of articles with pages of its own, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listing {
    /// Every article: the Latest stories home page.
    Home,
    /// One tag's articles, by position in [`Site::tags`].
    Tag(usize),
    /// One author's articles, by position in [`Site::authors`].
    Author(usize),
    /// One section's articles, by position in [`Site::sections`].
    Section(usize),
    /// A year of the date archive.
    Year(i32),
    /// A month of the date archive.
    Month(i32, u32),
    /// A day of the date archive.
    Day(i32, u32, u32),
}

impl Listing {
    /// The positions of the listing's articles, newest first.
    pub fn articles(self, site: &Site) -> &[usize] {
        match self {
            Listing::Home => &site.all,
            Listing::Tag(tag) => &site.tags[tag].articles,
            Listing::Author(author) => &site.authors[author].group.articles,
            Listing::Section(section) => &site.sections[section].group.articles,
            Listing::Year(..) | Listing::Month(..) | Listing::Day(..) => self
                .period(site)
                .map_or(&[][..], |period| period.articles.as_slice()),
        }
    }

    /// The archive period of a date listing.
    pub fn period(self, site: &Site) -> Option<&Period> {
        match self {
            Listing::Year(year) => site.years.get(&year),
            Listing::Month(year, month) => site.years.get(&year)?.parts.get(&month),
            Listing::Day(year, month, day) => {
                site.years.get(&year)?.parts.get(&month)?.parts.get(&day)
            }
            _ => None,
        }
    }

    /// The path of the listing's first page.
    pub fn path(self, site: &Site, config: &Config) -> String {
        match self {
            Listing::Home => "/".to_string(),
            Listing::Tag(tag) => tag_path(&site.tags[tag].slug),
            Listing::Author(author) => author_path(&site.authors[author].group.slug),
            Listing::Section(section) => section_path(&site.sections[section].group.slug),
            Listing::Year(year) => archive_path(config, ArchiveLevel::Year, year, 1, 1)
                .expect("year archives exist only when the permalink has :year"),
            Listing::Month(year, month) => {
                archive_path(config, ArchiveLevel::Month, year, month, 1)
                    .expect("month archives exist only when the permalink has :month")
            }
            Listing::Day(year, month, day) => {
                archive_path(config, ArchiveLevel::Day, year, month, day)
                    .expect("day archives exist only when the permalink has :day")
            }
        }
    }

    /// Whether the listing has feeds of its own.
    pub fn has_feeds(self) -> bool {
        matches!(
            self,
            Listing::Home | Listing::Tag(_) | Listing::Author(_) | Listing::Section(_)
        )
    }
}

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// One article, by position in [`Site::articles`].
    Article(usize),
    /// Page `number` (from 1) of a listing.
    List { listing: Listing, number: usize },
    /// The list of every tag.
    TagIndex,
    /// The list of every author.
    AuthorIndex,
    /// A feed of a listing's newest articles.
    Feed {
        listing: Listing,
        format: FeedFormat,
    },
    /// The page static hosts serve for unknown URLs.
    NotFound,
    /// An old URL of an article, sending readers on to it.
    Redirect { article: usize },
}

/// The syntax of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Rss,
    Atom,
}

impl FeedFormat {
    /// Both formats, in the order they are listed in `<head>`.
    pub const ALL: [FeedFormat; 2] = [FeedFormat::Rss, FeedFormat::Atom];

    /// The feed's file name inside the folder of what it follows.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Atom => "atom.xml",
        }
    }

    /// The media type for `<link rel="alternate" type=...>`.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
        }
    }

    /// How the format is named to readers.
    pub fn label(self) -> &'static str {
        match self {
            FeedFormat::Rss => "RSS",
            FeedFormat::Atom => "Atom",
        }
    }
}

/// A page and the path it is served at (`/2023/10/29/slug/`, `/rss.xml`).
#[derive(Debug, Clone)]
pub struct Route {
    pub path: String,
    pub page: Page,
}

impl Route {
    /// The file the page is written to, relative to the output root: a folder's
    /// `index.html`, or the file the path names.
    pub fn file(&self) -> String {
        output_file(&self.path)
    }
}

/// The output file of a site path: `/a/b/` is `a/b/index.html`, `/rss.xml` is `rss.xml`.
pub fn output_file(path: &str) -> String {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    }
}

/// The path of the tag index.
pub const TAG_INDEX_PATH: &str = "/tags/";
/// The path of the author index.
pub const AUTHOR_INDEX_PATH: &str = "/authors/";
/// The path of the page shown for unknown URLs.
pub const NOT_FOUND_PATH: &str = "/404.html";

/// The path of a tag's first page.
pub fn tag_path(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// The path of an author's first page.
pub fn author_path(slug: &str) -> String {
    format!("/authors/{slug}/")
}

/// The path of a section's front page.
pub fn section_path(slug: &str) -> String {
    format!("/{slug}/")
}

/// The path of a listing's feed.
pub fn feed_path(listing: Listing, format: FeedFormat, site: &Site, config: &Config) -> String {
    format!("{}{}", listing.path(site, config), format.file_name())
}

/// An article's path: its own `url` from front matter, or the permalink pattern filled with
/// its date in the site time zone.
pub fn article_path(article: &Article, config: &Config) -> String {
    if let Some(path) = &article.path_override {
        return path.clone();
    }
    fill_date(
        &config.permalink,
        article.date.year(),
        article.date.month(),
        article.date.day(),
    )
    .replace(":slug", &article.slug)
}

fn fill_date(pattern: &str, year: i32, month: u32, day: u32) -> String {
    pattern
        .replace(":year", &format!("{year:04}"))
        .replace(":month", &format!("{month:02}"))
        .replace(":day", &format!("{day:02}"))
}

/// The levels of the date archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveLevel {
    Year,
    Month,
    Day,
}

/// The archive path of a period: the permalink pattern cut after the segment holding the
/// level's placeholder, so `/:year/:month/:day/:slug/` gives `/2023/`, `/2023/10/` and
/// `/2023/10/29/`: the parents of every article URL. `None` when the pattern has no such
/// level of its own.
pub fn archive_path(
    config: &Config,
    level: ArchiveLevel,
    year: i32,
    month: u32,
    day: u32,
) -> Option<String> {
    let token = match level {
        ArchiveLevel::Year => ":year",
        ArchiveLevel::Month => ":month",
        ArchiveLevel::Day => ":day",
    };
    let pattern = &config.permalink;
    let at = pattern.find(token)?;
    let end = at + pattern[at..].find('/')?;
    let prefix = &pattern[..=end];
    // A level is only a folder of its own if what comes before it is fixed or coarser.
    let finer = match level {
        ArchiveLevel::Year => [":month", ":day", ":slug"].as_slice(),
        ArchiveLevel::Month => [":day", ":slug"].as_slice(),
        ArchiveLevel::Day => [":slug"].as_slice(),
    };
    if finer.iter().any(|other| prefix.contains(other)) {
        return None;
    }
    Some(fill_date(prefix, year, month, day))
}

/// Lists every page of the site, in a stable order, and checks that no two share a path.
pub fn plan(site: &Site, config: &Config) -> Result<Vec<Route>> {
    let mut routes = Vec::new();
    for (position, article) in site.articles.iter().enumerate() {
        routes.push(Route {
            path: article_path(article, config),
            page: Page::Article(position),
        });
        for alias in &article.aliases {
            routes.push(Route {
                path: alias.clone(),
                page: Page::Redirect { article: position },
            });
        }
    }
    let mut listings = vec![Listing::Home];
    listings.extend((0..site.tags.len()).map(Listing::Tag));
    listings.extend((0..site.authors.len()).map(Listing::Author));
    listings.extend((0..site.sections.len()).map(Listing::Section));
    for (&year, months) in &site.years {
        if archive_path(config, ArchiveLevel::Year, year, 1, 1).is_some() {
            listings.push(Listing::Year(year));
        }
        for (&month, days) in &months.parts {
            if archive_path(config, ArchiveLevel::Month, year, month, 1).is_some() {
                listings.push(Listing::Month(year, month));
            }
            for &day in days.parts.keys() {
                if archive_path(config, ArchiveLevel::Day, year, month, day).is_some() {
                    listings.push(Listing::Day(year, month, day));
                }
            }
        }
    }
    for &listing in &listings {
        let first = listing.path(site, config);
        let total = listing.articles(site).len();
        for number in 1..=page_count(total, config.paginate_by) {
            routes.push(Route {
                path: page_path(&first, number),
                page: Page::List { listing, number },
            });
        }
    }
    routes.push(Route {
        path: TAG_INDEX_PATH.to_string(),
        page: Page::TagIndex,
    });
    routes.push(Route {
        path: AUTHOR_INDEX_PATH.to_string(),
        page: Page::AuthorIndex,
    });
    routes.push(Route {
        path: NOT_FOUND_PATH.to_string(),
        page: Page::NotFound,
    });
    // Feeds need absolute links, so a site without an absolute base_url has none.
    if config.has_absolute_base_url() {
        for &listing in listings.iter().filter(|listing| listing.has_feeds()) {
            for format in FeedFormat::ALL {
                routes.push(Route {
                    path: feed_path(listing, format, site, config),
                    page: Page::Feed { listing, format },
                });
            }
        }
    }
    check_collisions(&routes, site)?;
    Ok(routes)
}

fn check_collisions(routes: &[Route], site: &Site) -> Result<()> {
    let mut owners: HashMap<String, &Route> = HashMap::with_capacity(routes.len());
    let mut problems = Vec::new();
    for route in routes {
        // `/a/b/` and `/a/b/index.html` are the same file.
        if let Some(first) = owners.insert(route.file(), route) {
            let source_of = |route: &Route| match route.page {
                Page::Article(a) | Page::Redirect { article: a } => {
                    Some(site.articles[a].source.clone())
                }
                _ => None,
            };
            let source = source_of(route)
                .or_else(|| source_of(first))
                .unwrap_or_else(|| std::path::PathBuf::from(crate::config::CONFIG_FILE));
            let is_list = |route: &Route| matches!(route.page, Page::List { .. });
            let advice = if is_list(first) || is_list(route) {
                "rename the article's `slug:`, or the tag, author or section that takes this address"
            } else {
                "give one of them a different `slug:` (or date)"
            };
            problems.push(ContentError::new(
                ContentErrorKind::UrlCollision,
                &source,
                None,
                format!(
                    "{} and {} would both be written to {}; {advice}",
                    describe(first, site),
                    describe(route, site),
                    route.path
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}

fn describe(route: &Route, site: &Site) -> String {
    let article = |a: usize| site.articles[a].source.display().to_string();
    match route.page {
        Page::Article(a) => article(a),
        Page::Redirect { article: a } => format!("an alias of {}", article(a)),
        Page::List { listing, number } => {
            let what = match listing {
                Listing::Home => "the home page".to_string(),
                Listing::Tag(t) => format!("tag \"{}\"", site.tags[t].name),
                Listing::Author(a) => format!("author \"{}\"", site.authors[a].group.name),
                Listing::Section(s) => format!("section \"{}\"", site.sections[s].group.name),
                Listing::Year(y) => format!("the {y} archive"),
                Listing::Month(y, m) => format!("the {y}-{m:02} archive"),
                Listing::Day(y, m, d) => format!("the {y}-{m:02}-{d:02} archive"),
            };
            format!("page {number} of {what}")
        }
        Page::TagIndex => "the tag index".to_string(),
        Page::AuthorIndex => "the author index".to_string(),
        Page::NotFound => "the 404 page".to_string(),
        Page::Feed { format, .. } => format!("a {} feed", format.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(permalink: &str) -> Config {
        Config {
            permalink: permalink.to_string(),
            ..Config::default()
        }
    }

    #[test]
    fn archives_follow_the_permalink_levels() {
        let dated = config("/:year/:month/:day/:slug/");
        assert_eq!(
            archive_path(&dated, ArchiveLevel::Year, 2023, 10, 29).unwrap(),
            "/2023/"
        );
        assert_eq!(
            archive_path(&dated, ArchiveLevel::Month, 2023, 10, 29).unwrap(),
            "/2023/10/"
        );
        assert_eq!(
            archive_path(&dated, ArchiveLevel::Day, 2023, 10, 29).unwrap(),
            "/2023/10/29/"
        );
        let news = config("/news/:year/:slug/");
        assert_eq!(
            archive_path(&news, ArchiveLevel::Year, 2023, 1, 1).unwrap(),
            "/news/2023/"
        );
        assert!(archive_path(&news, ArchiveLevel::Month, 2023, 1, 1).is_none());
        let flat = config("/:slug/");
        assert!(archive_path(&flat, ArchiveLevel::Year, 2023, 1, 1).is_none());
    }
}
