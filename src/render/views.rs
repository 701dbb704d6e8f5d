//! The values templates receive, built once per build from the assembled site.
//!
//! Each article becomes one Tera value here; every page that shows the article shares it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, SecondsFormat};
use chrono_tz::Tz;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::{Config, FeedContent};
use crate::content::Article;
use crate::links::absolutize;
use crate::metadata::Publisher;
use crate::profiles::ProfileLink;
use crate::routes::{
    AUTHOR_INDEX_PATH, FeedFormat, Listing, TAG_INDEX_PATH, article_path, author_path, feed_path,
    section_path, tag_path,
};
use crate::site::{Author, Section, Site};

use super::theme::STYLESHEET;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    root: String,
    stylesheet: String,
    tags_url: String,
    authors_url: String,
    logo_url: Option<String>,
    /// The favicon, touch icon and web manifest `<link>`s.
    icons: &'a [crate::photos::IconLink],
    sections: Vec<LinkView<'a>>,
    language: &'a str,
    timezone: &'a str,
    /// The zone as the footer names it: "UTC", or "Asia/Karachi time (PKT)".
    timezone_label: String,
    feeds: Vec<FeedLink>,
    /// Where search lives, when `search = true`; absent otherwise, so templates test
    /// `site.search` to show the search link and to mark what the index reads.
    search: Option<SearchView>,
    /// Where the shared Latest stories list is, when `latest_list = "shared"`; absent
    /// otherwise, so templates write the list into the page.
    shared_latest: Option<SharedLatestView>,
    extra: &'a toml::Table,
}

/// The shared Latest stories list, as pages load it.
#[derive(Serialize)]
struct SharedLatestView {
    list: String,
    script: String,
    count: usize,
}

/// The search page and the folder of the index's scripts, as templates link to them.
#[derive(Serialize)]
struct SearchView {
    url: String,
    /// The folder of Pagefind's bundle, with a trailing `/`.
    bundle: String,
}

/// A feed a page points at with `<link rel="alternate">`.
#[derive(Serialize, Clone)]
pub(super) struct FeedLink {
    pub title: String,
    pub url: String,
    #[serde(rename = "type")]
    pub media_type: &'static str,
}

/// A named link: a section in the masthead, an article's section.
#[derive(Serialize)]
struct LinkView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
}

/// An author as bylines and author pages show them.
#[derive(Serialize)]
struct AuthorView<'a> {
    /// The profile's display name, else the byline's spelling.
    name: &'a str,
    slug: &'a str,
    url: String,
    /// How many stories carry the byline: on the author's page and the author index, not in
    /// a story's byline, where every story of theirs would change with each new one.
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    bio: Option<String>,
    avatar_url: Option<String>,
    links: &'a [ProfileLink],
}

impl<'a> AuthorView<'a> {
    /// The author as their page and the author index show them, with their story count.
    fn new(author: &'a Author, config: &Config) -> Self {
        AuthorView {
            count: Some(author.group.articles.len()),
            ..AuthorView::byline(author, config)
        }
    }

    /// The author as a story's byline shows them.
    fn byline(author: &'a Author, config: &Config) -> Self {
        let profile = author.profile.as_ref();
        AuthorView {
            name: profile
                .and_then(|p| p.name.as_deref())
                .unwrap_or(&author.group.name),
            slug: &author.group.slug,
            url: config.url_for(&author_path(&author.group.slug)),
            count: None,
            bio: profile
                .and_then(|p| p.bio.as_deref())
                .map(|bio| crate::content::render_fragment(bio).0),
            avatar_url: profile
                .and_then(|p| p.avatar.as_deref())
                .map(|avatar| image_url(avatar, "/", config)),
            links: profile.map_or(&[], |p| p.links.as_slice()),
        }
    }
}

/// A section's front page facts.
#[derive(Serialize)]
struct SectionView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    /// The title of its `_index.md`, else its name.
    title: &'a str,
    description: Option<&'a str>,
}

impl<'a> SectionView<'a> {
    fn new(section: &'a Section, config: &Config) -> Self {
        let page = section.page.as_ref();
        SectionView {
            name: &section.group.name,
            slug: &section.group.slug,
            url: config.url_for(&section_path(&section.group.slug)),
            count: section.group.articles.len(),
            title: page
                .and_then(|p| p.title.as_deref())
                .unwrap_or(&section.group.name),
            description: page.and_then(|p| p.description.as_deref()),
        }
    }
}

#[derive(Serialize)]
struct TocView<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct CorrectionView<'a> {
    date: String,
    dateline: String,
    text: &'a str,
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
    authors: Vec<AuthorView<'a>>,
    tags: Vec<TagLinkView<'a>>,
    section: Option<LinkView<'a>>,
    /// The summary as list pages show it: links relative to the article resolved, since a
    /// list page lives at another address.
    summary: Cow<'a, str>,
    summary_text: &'a str,
    /// The lead image as templates show it (`picture` in components.html).
    image: Option<crate::photos::ImageView<'a>>,
    image_url: Option<String>,
    draft: bool,
    pinned: bool,
    word_count: usize,
    reading_time: usize,
    toc: Vec<TocView<'a>>,
    corrections: Vec<CorrectionView<'a>>,
    source: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// RFC 3339 with whole seconds, as feeds, sitemaps and `<time datetime>` want it.
pub(super) fn rfc3339(date: &DateTime<Tz>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A dateline: the date in the site's zone, then its time (`Sunday, October 29, 2023, 09:30
/// PKT`). A story dated by its day alone sits at midnight, and shows no time, since none was
/// written.
pub(super) fn dateline(date: &DateTime<Tz>, config: &Config) -> String {
    let day = date.format(&config.date_format).to_string();
    if config.time_format.trim().is_empty()
        || date.time() == chrono::NaiveTime::MIN
        || shows_time(&config.date_format)
    {
        return day;
    }
    let pattern = with_zone_name(&config.time_format, &zone_abbreviation(date));
    format!("{day}, {}", date.format(&pattern))
}

/// Whether a date pattern writes the time itself (`%H:%M`, `%r`, `%c`...), so the time
/// pattern is not added again: two moments of one day that it writes alike show no time.
fn shows_time(pattern: &str) -> bool {
    use chrono::TimeZone;
    let at = |h, m| {
        chrono::Utc
            .with_ymd_and_hms(2023, 10, 29, h, m, 0)
            .unwrap()
            .format(pattern)
            .to_string()
    };
    at(9, 30) != at(14, 45)
}

/// The zone's abbreviation at `date` (`PKT`, `BST`). The time zone database gives zones
/// without a name of their own a bare offset (`+04`), which reads as `UTC+04`.
pub(super) fn zone_abbreviation(date: &DateTime<Tz>) -> String {
    let name = date.format("%Z").to_string();
    if name.starts_with(['+', '-']) {
        format!("UTC{name}")
    } else {
        name
    }
}

/// A strftime pattern with each `%Z` written out as `name` (`%%Z` stays a literal).
fn with_zone_name(pattern: &str, name: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Z') => out.push_str(&name.replace('%', "%%")),
            Some(next) => {
                out.push('%');
                out.push(next);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The site's zone as the footer names it: "UTC", or its name with the abbreviations its
/// winter and summer times go by, "Europe/London time (GMT or BST)".
fn timezone_label(site: &Site, config: &Config) -> String {
    use chrono::TimeZone;
    let zone = config.timezone;
    let year = site.articles.first().map_or(2024, |a| a.date.year());
    let mut names: Vec<String> = [1, 7]
        .iter()
        .filter_map(|&month| zone.with_ymd_and_hms(year, month, 1, 12, 0, 0).earliest())
        .map(|date| zone_abbreviation(&date))
        .collect();
    names.dedup();
    if names.len() == 1 && names[0] == zone.name() {
        return names.remove(0);
    }
    format!("{} time ({})", zone.name(), names.join(" or "))
}

/// The URL of an image named in front matter: absolute URLs as they are, site paths under the
/// base URL, other paths relative to the article's own URL.
pub(crate) fn image_url(image: &str, article_path: &str, config: &Config) -> String {
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
    fn new(position: usize, site: &'a Site, config: &Config) -> Self {
        let article = &site.articles[position];
        let path = article_path(article, config);
        let dateline = |d: &DateTime<Tz>| dateline(d, config);
        let summary = summary_for_lists(&article.summary_html, &path, config);
        let image = article
            .image
            .as_ref()
            .map(|image| crate::photos::ImageView::new(image, &path, config));
        ArticleView {
            title: &article.title,
            slug: &article.slug,
            url: config.url_for(&path),
            image_url: article
                .image
                .as_ref()
                .map(|image| crate::photos::ImageView::card_url(image, &path, config)),
            path,
            date: rfc3339(&article.date),
            dateline: dateline(&article.date),
            updated: article.updated.as_ref().map(rfc3339),
            updated_dateline: article.updated.as_ref().map(dateline),
            authors: article
                .authors
                .iter()
                .filter_map(|name| site.author_named(name))
                .map(|author| AuthorView::byline(author, config))
                .collect(),
            section: site.section_of[position].map(|section| {
                let group = &site.sections[section].group;
                LinkView {
                    name: &group.name,
                    slug: &group.slug,
                    url: config.url_for(&section_path(&group.slug)),
                }
            }),
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
            summary,
            summary_text: &article.summary_text,
            image,
            draft: article.draft,
            pinned: article.pinned,
            word_count: article.word_count,
            reading_time: article.word_count.div_ceil(config.words_per_minute).max(1),
            toc: article
                .toc
                .iter()
                .map(|heading| TocView {
                    level: heading.level,
                    id: &heading.id,
                    title: &heading.title,
                })
                .collect(),
            corrections: article
                .corrections
                .iter()
                .map(|correction| CorrectionView {
                    date: rfc3339(&correction.date),
                    dateline: dateline(&correction.date),
                    text: &correction.text_html,
                })
                .collect(),
            source: article.source.to_string_lossy().replace('\\', "/"),
            extra: &article.extra,
        }
    }
}

/// A summary with its links relative to the article (`photo.jpg`, `../other/`) resolved
/// against the article's address, so they reach the same place from a list page. Links that
/// start with `/`, a scheme or `#` already work anywhere (a summary has no `#` links left).
fn summary_for_lists<'a>(summary: &'a str, article_path: &str, config: &Config) -> Cow<'a, str> {
    let relative = |attribute: &str| {
        summary.match_indices(attribute).any(|(at, _)| {
            let rest = &summary[at + attribute.len()..];
            let value = &rest[..rest.find('"').unwrap_or(rest.len())];
            // A scheme (`https:`, `mailto:`) comes before any slash.
            let has_scheme = value
                .split('/')
                .next()
                .is_some_and(|first| first.contains(':'));
            !(value.is_empty() || value.starts_with(['/', '#']) || has_scheme)
        })
    };
    if !relative(" href=\"") && !relative(" src=\"") {
        return Cow::Borrowed(summary);
    }
    // Resolved against a stand-in origin, then written as paths from the site's root, so
    // links that already started with `/` come out as they went in.
    const ORIGIN: &str = "https://newsroom.invalid";
    let address = config.url_for(article_path);
    let path = url::Url::parse(&address).map_or(address, |url| url.path().to_string());
    let resolved = absolutize(summary, &format!("{ORIGIN}{path}"));
    Cow::Owned(resolved.replace(&format!("=\"{ORIGIN}/"), "=\"/"))
}

/// Template values computed once per build and shared by every page.
pub(super) struct SharedValues {
    pub site: Value,
    /// One value per article, in [`Site::articles`] order.
    pub articles: Vec<Value>,
    /// The newest `latest_count` articles.
    pub latest: Value,
    pub tags: Vec<Value>,
    pub authors: Vec<Value>,
    pub sections: Vec<Value>,
    /// The site-wide feeds, for every page's `<head>`.
    pub site_feeds: Vec<FeedLink>,
    /// Feed entries: the article value with its body's links made absolute, for each article
    /// that some feed carries.
    pub feed_entries: BTreeMap<usize, Value>,
}

/// An article's value: its view, with its rendered body as `content`.
fn article_value(position: usize, site: &Site, config: &Config, body: Value) -> Value {
    let view = Value::from_serializable(&ArticleView::new(position, site, config));
    let mut map = view.as_map().cloned().expect("an article value is a map");
    map.insert("content".into(), body);
    Value::from(map)
}

/// The value of an article's rendered body.
pub(super) fn body_value(article: &Article) -> Value {
    Value::from(article.content_html.as_str())
}

impl SharedValues {
    /// The values of `site`, with `bodies` the value of each article's rendered body, in
    /// article order.
    pub(super) fn new(site: &Site, config: &Config, bodies: Vec<Value>) -> SharedValues {
        let site_feeds = feed_links(Listing::Home, site, config);
        let site_view = SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            root: config.url_for("/"),
            stylesheet: config.url_for(&format!("/{STYLESHEET}")),
            tags_url: config.url_for(TAG_INDEX_PATH),
            authors_url: config.url_for(AUTHOR_INDEX_PATH),
            sections: site
                .sections
                .iter()
                .filter(|section| section.listed)
                .map(|section| LinkView {
                    name: &section.group.name,
                    slug: &section.group.slug,
                    url: config.url_for(&section_path(&section.group.slug)),
                })
                .collect(),
            logo_url: config
                .logo
                .as_deref()
                .map(|logo| image_url(logo, "/", config)),
            icons: &site.branding.icons,
            language: &config.language,
            timezone: config.timezone.name(),
            timezone_label: timezone_label(site, config),
            feeds: site_feeds.clone(),
            search: config.search.then(|| SearchView {
                url: config.url_for(crate::search::SEARCH_PATH),
                bundle: config.url_for(&format!("/{}/", crate::search::BUNDLE_DIR)),
            }),
            shared_latest: super::shared_latest_files(config).map(|(list, script)| {
                SharedLatestView {
                    list: config.url_for(&format!("/{list}")),
                    script: config.url_for(&format!("/{script}")),
                    count: config.latest_count,
                }
            }),
            extra: &config.extra,
        };
        let articles: Vec<Value> = bodies
            .into_par_iter()
            .enumerate()
            .map(|(position, body)| article_value(position, site, config, body))
            .collect();
        let latest = latest(&articles, config);
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
        let authors = site
            .authors
            .iter()
            .map(|author| Value::from_serializable(&AuthorView::new(author, config)))
            .collect();
        let sections = site
            .sections
            .iter()
            .map(|section| Value::from_serializable(&SectionView::new(section, config)))
            .collect();
        let feed_entries = feed_entries(site, config, &articles);
        SharedValues {
            site: Value::from_serializable(&site_view),
            articles,
            latest,
            tags,
            authors,
            sections,
            site_feeds,
            feed_entries,
        }
    }

    /// The hashes of the values many pages share, so each page's hash takes them whole.
    pub(super) fn known<'a>(
        &'a self,
        more: impl IntoIterator<Item = &'a Value>,
    ) -> super::fingerprint::Known {
        let singles = [&self.site, &self.latest];
        super::fingerprint::Known::new(
            singles
                .into_iter()
                .chain(more)
                .chain(&self.articles)
                .chain(&self.tags)
                .chain(&self.authors)
                .chain(&self.sections)
                .chain(self.feed_entries.values()),
        )
    }

    /// Remakes the values that carry the article at `position`, after it changed in place.
    pub(super) fn article_changed(&mut self, position: usize, site: &Site, config: &Config) {
        let body = body_value(&site.articles[position]);
        self.articles[position] = article_value(position, site, config, body);
        if position < config.latest_count {
            self.latest = latest(&self.articles, config);
        }
        if self.feed_entries.contains_key(&position) {
            let entry = feed_entry(position, site, config, &self.articles);
            self.feed_entries.insert(position, entry);
        }
    }

    /// The Latest stories list as seen from article `position`: the newest others, by the
    /// same rule related stories are kept apart from it with.
    pub(super) fn latest_besides(&self, position: usize, count: usize) -> Value {
        if position >= count {
            return self.latest.clone();
        }
        let others: Vec<Value> = (0..self.articles.len().min(count + 1))
            .filter(|&other| crate::site::in_latest_beside(position, other, count))
            .map(|other| self.articles[other].clone())
            .collect();
        Value::from(others)
    }
}

/// How many stories follow the lead at the top of the front page, with their photos.
const TOP_STORIES: usize = 4;

/// The front page's parts, for `front.*` on the home page's first page: the `lead` story
/// (the first pinned one, else the newest), the `top` stories after it (other pinned ones,
/// then the newest), a block per listed section with its newest stories not already shown
/// (`sections`: `{section, stories}`), then the `more` stories of the first page that no part
/// above showed, so no story is skipped before page 2 and none is shown twice.
pub(super) fn front_page(
    site: &Site,
    config: &Config,
    shared: &SharedValues,
    page_one: &[usize],
) -> Value {
    let mut shown: BTreeSet<usize> = BTreeSet::new();
    let mut picks = site.pinned.iter().chain(page_one).copied();
    let lead = picks.find(|&p| shown.insert(p));
    let top: Vec<usize> = picks
        .filter(|&p| shown.insert(p))
        .take(TOP_STORIES)
        .collect();
    let values = |positions: &[usize]| {
        Value::from(
            positions
                .iter()
                .map(|&p| shared.articles[p].clone())
                .collect::<Vec<_>>(),
        )
    };
    let mut blocks = Vec::new();
    if config.front_section_stories > 0 {
        for (index, section) in site.sections.iter().enumerate() {
            if !section.listed {
                continue;
            }
            let stories: Vec<usize> = section
                .group
                .articles
                .iter()
                .copied()
                .filter(|p| !shown.contains(p))
                .take(config.front_section_stories)
                .collect();
            if stories.is_empty() {
                continue;
            }
            shown.extend(&stories);
            let mut block = BTreeMap::new();
            block.insert("section", shared.sections[index].clone());
            block.insert("stories", values(&stories));
            blocks.push(Value::from(block));
        }
    }
    let more: Vec<usize> = page_one
        .iter()
        .copied()
        .filter(|p| !shown.contains(p))
        .collect();
    let mut front = BTreeMap::new();
    front.insert(
        "lead",
        Value::from(lead.map(|p| shared.articles[p].clone())),
    );
    front.insert("top", values(&top));
    front.insert("sections", Value::from(blocks));
    front.insert("more", values(&more));
    Value::from(front)
}

/// The newest `latest_count` article values.
fn latest(articles: &[Value], config: &Config) -> Value {
    Value::from(
        articles
            .iter()
            .take(config.latest_count)
            .cloned()
            .collect::<Vec<_>>(),
    )
}

/// The feeds of a listing, as `<link rel="alternate">` entries; none without an absolute
/// base URL.
pub(super) fn feed_links(listing: Listing, site: &Site, config: &Config) -> Vec<FeedLink> {
    if !config.has_absolute_base_url() || !listing.has_feeds() {
        return Vec::new();
    }
    let about = feed_title(listing, site, config);
    FeedFormat::ALL
        .iter()
        .map(|&format| FeedLink {
            title: format!("{about} ({})", format.label()),
            url: config.url_for(&feed_path(listing, format, site, config)),
            media_type: format.media_type(),
        })
        .collect()
}

/// What a feed is called: the site's title, then what the listing follows.
pub(super) fn feed_title(listing: Listing, site: &Site, config: &Config) -> String {
    let about = match listing {
        Listing::Tag(tag) => &site.tags[tag].name,
        Listing::Author(author) => &site.authors[author].group.name,
        Listing::Section(section) => &site.sections[section].group.name,
        _ => return config.title.clone(),
    };
    format!("{}: {about}", config.title)
}

/// The positions of the articles a listing's feed carries, newest first.
pub(super) fn feed_positions<'s>(listing: Listing, site: &'s Site, config: &Config) -> &'s [usize] {
    let positions = listing.articles(site);
    &positions[..positions.len().min(config.feed_limit)]
}

/// Builds the feed entry of every article some feed carries, once each, in parallel.
fn feed_entries(site: &Site, config: &Config, articles: &[Value]) -> BTreeMap<usize, Value> {
    if !config.has_absolute_base_url() {
        return BTreeMap::new();
    }
    let listings = std::iter::once(Listing::Home)
        .chain((0..site.tags.len()).map(Listing::Tag))
        .chain((0..site.authors.len()).map(Listing::Author))
        .chain((0..site.sections.len()).map(Listing::Section));
    let mut carried: BTreeSet<usize> = BTreeSet::new();
    for listing in listings {
        carried.extend(feed_positions(listing, site, config));
    }
    let carried: Vec<usize> = carried.into_iter().collect();
    carried
        .par_iter()
        .map(|&position| (position, feed_entry(position, site, config, articles)))
        .collect()
}

/// One article's feed entry: its value, with the body's links made absolute.
fn feed_entry(position: usize, site: &Site, config: &Config, articles: &[Value]) -> Value {
    let article = &site.articles[position];
    let url = config.url_for(&article_path(article, config));
    let summary = absolutize(&article.summary_html, &url);
    let mut entry = articles[position]
        .as_map()
        .cloned()
        .expect("an article value is a map");
    // The body is read from the article's value: a build moves it there from the article.
    let body = entry
        .get(&tera::value::Key::from("content"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let content = match config.feed_content {
        FeedContent::Full => absolutize(body, &url),
        FeedContent::Summary => summary.clone(),
    };
    entry.insert("feed_summary".into(), Value::from(summary));
    entry.insert("feed_content".into(), Value::from(content));
    Value::from(entry)
}

/// The publisher as structured data names it.
pub(super) fn publisher(site: &Site, config: &Config) -> (String, Option<String>) {
    (
        config.url_for("/"),
        config
            .logo
            .as_deref()
            .map(|logo| image_url(logo, "/", config))
            .or_else(|| site.branding.default_logo.clone()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn config(zone: &str) -> Config {
        Config {
            timezone: zone.parse().unwrap(),
            ..Config::default()
        }
    }

    #[test]
    fn datelines_show_the_time_with_the_zone_s_abbreviation() {
        let karachi = config("Asia/Karachi");
        let date = karachi
            .timezone
            .with_ymd_and_hms(2023, 10, 29, 9, 30, 0)
            .unwrap();
        assert_eq!(
            dateline(&date, &karachi),
            "Sunday, October 29, 2023, 09:30 PKT"
        );
        // Summer and winter names of one zone.
        let london = config("Europe/London");
        let summer = london
            .timezone
            .with_ymd_and_hms(2024, 7, 1, 18, 5, 0)
            .unwrap();
        assert_eq!(
            dateline(&summer, &london),
            "Monday, July 1, 2024, 18:05 BST"
        );
        // The zone database names some zones by their offset alone.
        let dubai = config("Asia/Dubai");
        let date = dubai
            .timezone
            .with_ymd_and_hms(2024, 7, 1, 8, 0, 0)
            .unwrap();
        assert_eq!(
            dateline(&date, &dubai),
            "Monday, July 1, 2024, 08:00 UTC+04"
        );
    }

    #[test]
    fn a_day_alone_an_empty_time_format_or_a_date_format_with_a_time_show_no_second_time() {
        let mut site = config("Asia/Karachi");
        let midnight = site
            .timezone
            .with_ymd_and_hms(2023, 10, 29, 0, 0, 0)
            .unwrap();
        assert_eq!(dateline(&midnight, &site), "Sunday, October 29, 2023");
        let morning = site
            .timezone
            .with_ymd_and_hms(2023, 10, 29, 9, 30, 0)
            .unwrap();
        site.date_format = "%B %-d, %Y %H:%M".to_string();
        assert_eq!(dateline(&morning, &site), "October 29, 2023 09:30");
        site.date_format = "%B %-d, %Y".to_string();
        site.time_format = "%-I:%M %p (%Z, not %%Z)".to_string();
        assert_eq!(
            dateline(&morning, &site),
            "October 29, 2023, 9:30 AM (PKT, not %Z)"
        );
        site.time_format = String::new();
        assert_eq!(dateline(&morning, &site), "October 29, 2023");
    }
}
