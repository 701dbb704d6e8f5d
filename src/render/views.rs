//! The values templates receive, built once per build from the assembled site.
//!
//! Each article becomes one Tera value here; every page that shows the article shares it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, SecondsFormat};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::{Config, FeedContent};
use crate::content::Article;
use crate::links::absolutize;
use crate::metadata::Publisher;
use crate::routes::{FeedFormat, FeedScope, TAG_INDEX_PATH, article_path, feed_path, tag_path};
use crate::site::Site;

use super::theme::STYLESHEET;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    root: String,
    stylesheet: String,
    tags_url: String,
    logo_url: Option<String>,
    language: &'a str,
    timezone: &'a str,
    feeds: Vec<FeedLink>,
    extra: &'a toml::Table,
}

/// A feed a page points at with `<link rel="alternate">`.
#[derive(Serialize, Clone)]
pub(super) struct FeedLink {
    pub title: String,
    pub url: String,
    #[serde(rename = "type")]
    pub media_type: &'static str,
}

#[derive(Serialize)]
struct NameView<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct TagLinkView<'a> {
    name: &'a str,
    slug: String,
    url: String,
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    path: String,
    date: String,
    dateline: String,
    updated: Option<String>,
    updated_dateline: Option<String>,
    authors: Vec<NameView<'a>>,
    tags: Vec<TagLinkView<'a>>,
    summary: &'a str,
    summary_text: &'a str,
    content: &'a str,
    image: Option<&'a str>,
    image_url: Option<String>,
    draft: bool,
    source: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// RFC 3339 with whole seconds, as feeds, sitemaps and `<time datetime>` want it.
pub(super) fn rfc3339(date: &DateTime<Tz>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The URL of an image named in front matter: absolute URLs as they are, site paths under the
/// base URL, other paths relative to the article's own URL.
pub(super) fn image_url(image: &str, article_path: &str, config: &Config) -> String {
    let image = image.trim();
    if image.starts_with("http://") || image.starts_with("https://") || image.starts_with("//") {
        image.to_string()
    } else if image.starts_with('/') {
        config.url_for(image)
    } else {
        config.url_for(&format!("{article_path}{image}"))
    }
}

impl<'a> ArticleView<'a> {
    fn new(article: &'a Article, config: &Config) -> Self {
        let path = article_path(article, config);
        let dateline = |d: &DateTime<Tz>| d.format(&config.date_format).to_string();
        ArticleView {
            title: &article.title,
            slug: &article.slug,
            url: config.url_for(&path),
            image_url: article
                .image
                .as_deref()
                .map(|image| image_url(image, &path, config)),
            path,
            date: rfc3339(&article.date),
            dateline: dateline(&article.date),
            updated: article.updated.as_ref().map(rfc3339),
            updated_dateline: article.updated.as_ref().map(dateline),
            authors: article
                .authors
                .iter()
                .map(|name| NameView { name })
                .collect(),
            tags: article
                .tags
                .iter()
                .map(|name| {
                    let slug = slug::slugify(name);
                    TagLinkView {
                        name,
                        url: config.url_for(&tag_path(&slug)),
                        slug,
                    }
                })
                .collect(),
            summary: &article.summary_html,
            summary_text: &article.summary_text,
            content: &article.content_html,
            image: article.image.as_deref(),
            draft: article.draft,
            source: article.source.to_string_lossy().replace('\\', "/"),
            extra: &article.extra,
        }
    }
}

/// Template values computed once per build and shared by every page.
pub(super) struct SharedValues {
    pub site: Value,
    /// One value per article, in [`Site::articles`] order.
    pub articles: Vec<Value>,
    /// The newest `latest_count` articles.
    pub latest: Value,
    /// Every article position, newest first: the home page's list.
    pub everything: Vec<usize>,
    pub tags: Vec<Value>,
    /// The site-wide feeds, for every page's `<head>`.
    pub site_feeds: Vec<FeedLink>,
    /// Feed entries: the article value with its body's links made absolute, for each article
    /// that some feed carries.
    pub feed_entries: BTreeMap<usize, Value>,
}

impl SharedValues {
    pub(super) fn new(site: &Site, config: &Config) -> SharedValues {
        let site_feeds = feed_links(FeedScope::Site, site, config);
        let site_view = SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            root: config.url_for("/"),
            stylesheet: config.url_for(&format!("/{STYLESHEET}")),
            tags_url: config.url_for(TAG_INDEX_PATH),
            logo_url: config
                .logo
                .as_deref()
                .map(|logo| image_url(logo, "/", config)),
            language: &config.language,
            timezone: config.timezone.name(),
            feeds: site_feeds.clone(),
            extra: &config.extra,
        };
        let articles: Vec<Value> = site
            .articles
            .par_iter()
            .map(|article| Value::from_serializable(&ArticleView::new(article, config)))
            .collect();
        let latest = Value::from(
            articles
                .iter()
                .take(config.latest_count)
                .cloned()
                .collect::<Vec<_>>(),
        );
        let tags = site
            .tags
            .iter()
            .map(|tag| {
                Value::from_serializable(&TagView {
                    name: &tag.name,
                    slug: &tag.slug,
                    url: config.url_for(&tag_path(&tag.slug)),
                    count: tag.articles.len(),
                })
            })
            .collect();
        let feed_entries = feed_entries(site, config, &articles);
        SharedValues {
            site: Value::from_serializable(&site_view),
            articles,
            latest,
            everything: (0..site.articles.len()).collect(),
            tags,
            site_feeds,
            feed_entries,
        }
    }

    /// The Latest stories list as seen from article `position`: the newest others.
    pub(super) fn latest_besides(&self, position: usize, count: usize) -> Value {
        if position >= count {
            return self.latest.clone();
        }
        let others: Vec<Value> = self
            .articles
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != position)
            .take(count)
            .map(|(_, value)| value.clone())
            .collect();
        Value::from(others)
    }
}

/// The feeds of a scope, as `<link rel="alternate">` entries; none without an absolute base URL.
pub(super) fn feed_links(scope: FeedScope, site: &Site, config: &Config) -> Vec<FeedLink> {
    if !config.has_absolute_base_url() {
        return Vec::new();
    }
    let about = match scope {
        FeedScope::Site => config.title.clone(),
        FeedScope::Tag(tag) => format!("{}: {}", config.title, site.tags[tag].name),
    };
    FeedFormat::ALL
        .iter()
        .map(|&format| FeedLink {
            title: format!("{about} ({})", format.label()),
            url: config.url_for(&feed_path(scope, format, site)),
            media_type: format.media_type(),
        })
        .collect()
}

/// The positions of the articles a feed of `scope` carries, newest first. `everything` is
/// every position, newest first.
pub(super) fn feed_positions<'s>(
    scope: FeedScope,
    site: &'s Site,
    everything: &'s [usize],
    config: &Config,
) -> &'s [usize] {
    let positions: &[usize] = match scope {
        FeedScope::Site => everything,
        FeedScope::Tag(tag) => &site.tags[tag].articles,
    };
    &positions[..positions.len().min(config.feed_limit)]
}

/// Builds the feed entry of every article some feed carries, once each, in parallel.
fn feed_entries(site: &Site, config: &Config, articles: &[Value]) -> BTreeMap<usize, Value> {
    if !config.has_absolute_base_url() {
        return BTreeMap::new();
    }
    let mut carried: BTreeSet<usize> = (0..site.articles.len().min(config.feed_limit)).collect();
    for tag in 0..site.tags.len() {
        carried.extend(feed_positions(FeedScope::Tag(tag), site, &[], config));
    }
    let carried: Vec<usize> = carried.into_iter().collect();
    carried
        .par_iter()
        .map(|&position| {
            let article = &site.articles[position];
            let url = config.url_for(&article_path(article, config));
            let summary = absolutize(&article.summary_html, &url);
            let content = match config.feed_content {
                FeedContent::Full => absolutize(&article.content_html, &url),
                FeedContent::Summary => summary.clone(),
            };
            let mut entry = articles[position]
                .as_map()
                .cloned()
                .expect("an article value is a map");
            entry.insert("feed_summary".into(), Value::from(summary));
            entry.insert("feed_content".into(), Value::from(content));
            (position, Value::from(entry))
        })
        .collect()
}

/// The publisher as structured data names it.
pub(super) fn publisher(config: &Config) -> (String, Option<String>) {
    (
        config.url_for("/"),
        config
            .logo
            .as_deref()
            .map(|logo| image_url(logo, "/", config)),
    )
}

/// Borrowed publisher facts for [`crate::metadata`].
pub(super) fn publisher_facts<'a>(
    config: &'a Config,
    home: &'a str,
    logo: Option<&'a str>,
) -> Publisher<'a> {
    Publisher {
        name: &config.title,
        url: home,
        logo,
        language: &config.language,
        description: &config.description,
    }
}
