//! Turning the site into pages through Tera templates.
//!
//! Every article is converted to a template value once; Tera keeps strings, lists and maps
//! behind reference counts, so putting an article (body included) into a list on a thousand
//! pages costs a thousand pointer copies, not a thousand copies of the article. That keeps a
//! build linear in the size of the site.

mod theme;
mod views;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::Article;
use crate::error::Result;
use crate::metadata;
use crate::paginate::{page_count, page_path, page_range};
use crate::routes::{FeedFormat, FeedScope, Page, Route, article_path, tag_path};
use crate::site::Site;

pub use theme::{STYLESHEET, TEMPLATES_DIR, Theme};
use views::SharedValues;

/// Where rendered pages go: a staging folder on disk, or memory.
pub trait PageSink: Sync {
    /// Stores one file at `path`, relative to the output root (`2023/10/29/slug/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// Renders every route into the sink, in parallel. Returns how many pages were written.
pub fn render_all(
    site: &Site,
    routes: &[Route],
    config: &Config,
    theme: &Theme,
    sink: &dyn PageSink,
) -> Result<usize> {
    let shared = SharedValues::new(site, config);
    routes
        .par_iter()
        .map(|route| {
            let (template, context) = page_context(route, site, config, &shared);
            let text = theme.render(template, &context, &route.path)?;
            sink.put(&route.file(), text.as_bytes())
        })
        .collect::<Result<Vec<()>>>()
        .map(|written| written.len())
}

/// What a page shows, for `page.*`: its kind, title and description.
struct PageFacts {
    kind: &'static str,
    template: &'static str,
    title: String,
    description: String,
}

fn page_context(
    route: &Route,
    site: &Site,
    config: &Config,
    shared: &SharedValues,
) -> (&'static str, Context) {
    let mut context = Context::new();
    context.insert_value("site", shared.site.clone());
    let mut latest = shared.latest.clone();
    let mut feeds = shared.site_feeds.clone();
    let mut json_ld = None;
    let site_description = || match config.description.as_str() {
        "" => format!("The latest stories from {}.", config.title),
        description => description.to_string(),
    };
    let facts = match route.page {
        Page::Article(position) => {
            let article = &site.articles[position];
            context.insert_value("article", shared.articles[position].clone());
            latest = shared.latest_besides(position, config.latest_count);
            json_ld = config
                .has_absolute_base_url()
                .then(|| article_json_ld(article, config));
            PageFacts {
                kind: "article",
                template: "article.html",
                title: article.title.clone(),
                description: article.summary_text.clone(),
            }
        }
        Page::Home { number } => {
            context.insert_value(
                "paginator",
                paginator("/", &shared.everything, number, config, shared),
            );
            json_ld = (config.has_absolute_base_url() && number == 1).then(|| {
                let (home, logo) = views::publisher(config);
                metadata::website(&views::publisher_facts(config, &home, logo.as_deref()))
            });
            PageFacts {
                kind: "home",
                template: "index.html",
                title: "Latest stories".to_string(),
                description: site_description(),
            }
        }
        Page::Tag { tag, number } => {
            let tag_entry = &site.tags[tag];
            context.insert_value("tag", shared.tags[tag].clone());
            context.insert_value(
                "paginator",
                paginator(
                    &tag_path(&tag_entry.slug),
                    &tag_entry.articles,
                    number,
                    config,
                    shared,
                ),
            );
            feeds.extend(views::feed_links(FeedScope::Tag(tag), site, config));
            PageFacts {
                kind: "tag",
                template: "tag.html",
                title: tag_entry.name.clone(),
                description: format!("Stories tagged “{}” from {}.", tag_entry.name, config.title),
            }
        }
        Page::TagIndex => {
            let mut tags = shared.tags.clone();
            tags.sort_by_cached_key(|tag| {
                tag.get_from_path("name")
                    .and_then(Value::as_str)
                    .map(str::to_lowercase)
            });
            context.insert_value("tags", Value::from(tags));
            PageFacts {
                kind: "tags",
                template: "tags.html",
                title: "Tags".to_string(),
                description: format!("Every tag on {}.", config.title),
            }
        }
        Page::NotFound => PageFacts {
            kind: "not_found",
            template: "404.html",
            title: "Page not found".to_string(),
            description: site_description(),
        },
        Page::Feed { scope, format } => {
            context.insert_value("feed", feed_value(scope, site, config, shared));
            let title = match scope {
                FeedScope::Site => config.title.clone(),
                FeedScope::Tag(tag) => format!("{}: {}", config.title, site.tags[tag].name),
            };
            PageFacts {
                kind: "feed",
                template: match format {
                    FeedFormat::Rss => "rss.xml",
                    FeedFormat::Atom => "atom.xml",
                },
                title,
                description: match scope {
                    FeedScope::Site => site_description(),
                    FeedScope::Tag(tag) => {
                        format!(
                            "Stories tagged “{}” from {}.",
                            site.tags[tag].name, config.title
                        )
                    }
                },
            }
        }
    };
    let mut page = BTreeMap::new();
    page.insert("kind", Value::from(facts.kind));
    page.insert("title", Value::from(facts.title));
    page.insert("description", Value::from(facts.description));
    page.insert("url", Value::from(config.url_for(&route.path)));
    page.insert("path", Value::from(route.path.as_str()));
    page.insert("feeds", Value::from_serializable(&feeds));
    page.insert("json_ld", Value::from(json_ld));
    context.insert_value("page", Value::from(page));
    context.insert_value("latest_stories", latest);
    (facts.template, context)
}

/// JSON-LD for one article page.
fn article_json_ld(article: &Article, config: &Config) -> String {
    let path = article_path(article, config);
    let url = config.url_for(&path);
    let published = views::rfc3339(&article.date);
    let modified = views::rfc3339(&article.updated.unwrap_or(article.date));
    let image = article
        .image
        .as_deref()
        .map(|image| views::image_url(image, &path, config));
    let (home, logo) = views::publisher(config);
    let facts = metadata::ArticleFacts {
        headline: &article.title,
        description: &article.summary_text,
        url: &url,
        date_published: &published,
        date_modified: &modified,
        authors: article
            .authors
            .iter()
            .map(|name| (name.as_str(), None))
            .collect(),
        image: image.as_deref(),
        keywords: article.tags.iter().map(String::as_str).collect(),
    };
    metadata::news_article(
        &facts,
        &views::publisher_facts(config, &home, logo.as_deref()),
    )
}

/// The `feed` value of a feed: what it is about and its newest entries.
fn feed_value(scope: FeedScope, site: &Site, config: &Config, shared: &SharedValues) -> Value {
    let positions = views::feed_positions(scope, site, &shared.everything, config);
    let entries: Vec<Value> = positions
        .iter()
        .map(|position| shared.feed_entries[position].clone())
        .collect();
    // The feed changes when its newest entry does, so an unchanged site gives an unchanged feed.
    let updated = positions
        .iter()
        .map(|&p| {
            site.articles[p]
                .updated
                .unwrap_or(site.articles[p].date)
                .max(site.articles[p].date)
        })
        .max();
    let (title, home) = match scope {
        FeedScope::Site => (config.title.clone(), config.url_for("/")),
        FeedScope::Tag(tag) => (
            format!("{}: {}", config.title, site.tags[tag].name),
            config.url_for(&tag_path(&site.tags[tag].slug)),
        ),
    };
    let mut feed = BTreeMap::new();
    feed.insert("title", Value::from(title));
    feed.insert("home", Value::from(home));
    feed.insert("updated", Value::from(updated.as_ref().map(views::rfc3339)));
    feed.insert("entries", Value::from(entries));
    Value::from(feed)
}

/// The paginator of page `number` of a list whose first page is at `first`.
fn paginator(
    first: &str,
    positions: &[usize],
    number: usize,
    config: &Config,
    shared: &SharedValues,
) -> Value {
    let per_page = config.paginate_by;
    let total_pages = page_count(positions.len(), per_page);
    let url = |n: usize| Value::from(config.url_for(&page_path(first, n)));
    let articles: Vec<Value> = positions[page_range(positions.len(), per_page, number)]
        .iter()
        .map(|&position| shared.articles[position].clone())
        .collect();
    let pages: Vec<Value> = (1..=total_pages)
        .map(|n| {
            let mut entry = BTreeMap::new();
            entry.insert("number", Value::from(n));
            entry.insert("url", url(n));
            entry.insert("current", Value::from(n == number));
            Value::from(entry)
        })
        .collect();
    let mut map = BTreeMap::new();
    map.insert("articles", Value::from(articles));
    map.insert("number", Value::from(number));
    map.insert("total_pages", Value::from(total_pages));
    map.insert("total_articles", Value::from(positions.len()));
    map.insert("per_page", Value::from(per_page));
    map.insert("first", url(1));
    map.insert("last", url(total_pages));
    map.insert(
        "previous",
        if number > 1 {
            url(number - 1)
        } else {
            Value::none()
        },
    );
    map.insert(
        "next",
        if number < total_pages {
            url(number + 1)
        } else {
            Value::none()
        },
    );
    map.insert("pages", Value::from(pages));
    Value::from(map)
}
