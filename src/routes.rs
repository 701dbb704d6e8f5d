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
}

/// A page and the path it is served at (`/2023/10/29/slug/`).
#[derive(Debug, Clone)]
pub struct Route {
    pub path: String,
    pub page: Page,
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
    }
}
