//! Every URL the site has, decided before anything is rendered, so that two things claiming
//! the same URL are caught with both named.

use std::collections::HashMap;

use chrono::Datelike;

use crate::config::Config;
use crate::content::Article;
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::paginate::{page_count, page_path};
use crate::site::Site;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// One article, by position in [`Site::articles`].
    Article(usize),
    /// Page `number` (from 1) of the Latest stories list.
    Home { number: usize },
    /// Page `number` of one tag's list, the tag by position in [`Site::tags`].
    Tag { tag: usize, number: usize },
    /// The list of every tag.
    TagIndex,
    /// A feed of the newest articles of the site or of one tag.
    Feed {
        scope: FeedScope,
        format: FeedFormat,
    },
    /// The page static hosts serve for unknown URLs.
    NotFound,
}

/// Which articles a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    Site,
    /// One tag, by position in [`Site::tags`].
    Tag(usize),
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

/// The path of the page shown for unknown URLs.
pub const NOT_FOUND_PATH: &str = "/404.html";

/// The path of a feed: at the site root, or in the folder of the tag it follows.
pub fn feed_path(scope: FeedScope, format: FeedFormat, site: &Site) -> String {
    match scope {
        FeedScope::Site => format!("/{}", format.file_name()),
        FeedScope::Tag(tag) => format!("{}{}", tag_path(&site.tags[tag].slug), format.file_name()),
    }
}

/// The path of the tag index.
pub const TAG_INDEX_PATH: &str = "/tags/";

/// The path of a tag's first page.
pub fn tag_path(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// An article's path, from the permalink pattern and its date in the site time zone.
pub fn article_path(article: &Article, config: &Config) -> String {
    config
        .permalink
        .replace(":year", &format!("{:04}", article.date.year()))
        .replace(":month", &format!("{:02}", article.date.month()))
        .replace(":day", &format!("{:02}", article.date.day()))
        .replace(":slug", &article.slug)
}

/// Lists every page of the site, in a stable order, and checks that no two share a path.
pub fn plan(site: &Site, config: &Config) -> Result<Vec<Route>> {
    let mut routes = Vec::new();
    for (position, article) in site.articles.iter().enumerate() {
        routes.push(Route {
            path: article_path(article, config),
            page: Page::Article(position),
        });
    }
    for number in 1..=page_count(site.articles.len(), config.paginate_by) {
        routes.push(Route {
            path: page_path("/", number),
            page: Page::Home { number },
        });
    }
    for (position, tag) in site.tags.iter().enumerate() {
        for number in 1..=page_count(tag.articles.len(), config.paginate_by) {
            routes.push(Route {
                path: page_path(&tag_path(&tag.slug), number),
                page: Page::Tag {
                    tag: position,
                    number,
                },
            });
        }
    }
    routes.push(Route {
        path: TAG_INDEX_PATH.to_string(),
        page: Page::TagIndex,
    });
    routes.push(Route {
        path: NOT_FOUND_PATH.to_string(),
        page: Page::NotFound,
    });
    // Feeds need absolute links, so a site without an absolute base_url has none.
    if config.has_absolute_base_url() {
        let scopes =
            std::iter::once(FeedScope::Site).chain((0..site.tags.len()).map(FeedScope::Tag));
        for scope in scopes {
            for format in FeedFormat::ALL {
                routes.push(Route {
                    path: feed_path(scope, format, site),
                    page: Page::Feed { scope, format },
                });
            }
        }
    }
    check_collisions(&routes, site)?;
    Ok(routes)
}

fn check_collisions(routes: &[Route], site: &Site) -> Result<()> {
    let mut owners: HashMap<&str, &Route> = HashMap::with_capacity(routes.len());
    let mut problems = Vec::new();
    for route in routes {
        if let Some(first) = owners.insert(&route.path, route) {
            let (first_name, second_name) = (describe(first, site), describe(route, site));
            let source = match (first.page, route.page) {
                (Page::Article(a), _) => site.articles[a].source.clone(),
                (_, Page::Article(b)) => site.articles[b].source.clone(),
                _ => std::path::PathBuf::from("newsroom.toml"),
            };
            problems.push(ContentError::new(
                ContentErrorKind::UrlCollision,
                &source,
                None,
                format!(
                    "{first_name} and {second_name} would both be written to {}; give one of them a different `slug:` (or date)",
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
    match route.page {
        Page::Article(a) => site.articles[a].source.display().to_string(),
        Page::Home { number } => format!("page {number} of the home page"),
        Page::Tag { tag, number } => format!("page {number} of tag \"{}\"", site.tags[tag].name),
        Page::TagIndex => "the tag index".to_string(),
        Page::NotFound => "the 404 page".to_string(),
        Page::Feed { format, .. } => format!("a {} feed", format.label()),
    }
}
