//! Turning the site into pages through Tera templates.
//!
//! Every article is converted to a template value once; Tera keeps strings, lists and maps
//! behind reference counts, so putting an article (body included) into a list on a thousand
//! pages costs a thousand pointer copies, not a thousand copies of the article. That keeps a
//! build linear in the size of the site.

pub(crate) mod fingerprint;
mod latest;
pub mod shortcodes;
mod theme;
mod views;

pub(crate) use views::image_url;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::error::Result;
use crate::metadata;
use crate::output::manifest::{ListPlace, Made};
use crate::paginate::Pages;
use crate::routes::{
    ArchiveLevel, FeedFormat, Listing, Page, Route, archive_path, article_path, author_path,
};
use crate::site::Site;

pub use fingerprint::binary_identity;
pub(crate) use fingerprint::part as hash_part;
pub use theme::{STYLESHEET, TEMPLATES_DIR, Theme};
use views::SharedValues;

/// The shared Latest stories list's file, relative to the output folder.
pub const LATEST_LIST: &str = "latest-stories.html";
/// The script that loads it into each page.
pub const LATEST_SCRIPT: &str = "latest-stories.js";
/// That script's text.
pub const LATEST_SCRIPT_TEXT: &str = include_str!("../../templates/latest-stories.js");

/// The shared Latest stories list and its script, when the site shares the list.
pub fn shared_latest_files(config: &Config) -> Option<(String, String)> {
    (config.latest_list == crate::config::LatestList::Shared && config.latest_count > 0)
        .then(|| (LATEST_LIST.to_string(), LATEST_SCRIPT.to_string()))
}

/// Whether article pages load the shared Latest stories list instead of having their own.
fn render_shared_list(config: &Config) -> bool {
    shared_latest_files(config).is_some()
}

/// The shared Latest stories list: the newest `latest_count` stories and one more, so that a
/// page showing one of them can leave itself out and still show `latest_count`.
pub fn latest_fragment(site: &Site, config: &Config) -> String {
    use quick_xml::escape::escape;
    let mut html = String::from(
        "<!doctype html>\n<meta charset=\"utf-8\">\n<title>Latest stories</title>\n<ol>\n",
    );
    for &position in site.all.iter().take(config.latest_count + 1) {
        let article = &site.articles[position];
        let url = config.url_for(&article_path(article, config));
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <time datetime=\"{}\">{}</time></li>\n",
            escape(url.as_str()),
            escape(article.title.as_str()),
            views::rfc3339(&article.date),
            escape(views::dateline(&article.date, config).as_str())
        ));
    }
    html.push_str("</ol>\n");
    html
}

/// Where rendered pages go: a staging folder on disk, or memory.
pub trait PageSink: Sync {
    /// Stores one file at `path`, relative to the output root (`2023/10/29/slug/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;

    /// Stores a rendered page at `path`, with what it was made from (see
    /// [`Renderer::render_all`]), for a sink that keeps it to reuse the page next time.
    fn put_page(&self, path: &str, bytes: &[u8], made: Made) -> Result<()> {
        let _ = made;
        self.put(path, bytes)
    }

    /// The bytes of the page the last build stored at `path` from the frame `frame` (all it
    /// was made from but its Latest stories list), and where the list sits in them, when the
    /// sink still has them as it stored them.
    fn previous_frame(&self, path: &str, frame: &blake3::Hash) -> Option<(Vec<u8>, ListPlace)> {
        let _ = (path, frame);
        None
    }

    /// Stores at `path` the page the last build made from the same inputs, without its
    /// bytes being rendered again, when the sink can; `false` when it cannot, and the page
    /// must be rendered.
    fn reuse_page(&self, path: &str, made_from: &blake3::Hash) -> Result<bool> {
        let _ = (path, made_from);
        Ok(false)
    }

    /// Whether the sink can reuse pages at all (it keeps a record of the last output), so
    /// that pages rendered for one that cannot (`newsroom serve`) are not hashed for nothing.
    fn reuses_pages(&self) -> bool {
        false
    }

    /// The bytes of a page the sink stored by reusing it, for a sink that passes pages on
    /// and needs their text (the search index).
    fn read_back(&self, path: &str) -> Result<Vec<u8>> {
        Err(crate::error::Error::Usage(format!(
            "{path}: this output cannot be read back"
        )))
    }
}

/// The values of one page's context by name, kept in a list before they become a Tera
/// context, so the page can be hashed from exactly what its template will see.
#[derive(Default)]
struct PageValues {
    values: Vec<(&'static str, Value)>,
}

impl PageValues {
    fn insert_value(&mut self, name: &'static str, value: Value) {
        self.values.retain(|(other, _)| *other != name);
        self.values.push((name, value));
    }

    fn into_context(self) -> Context {
        let mut context = Context::new();
        for (name, value) in self.values {
            context.insert_value(name, value);
        }
        context
    }
}

/// The template values of one state of the site, made once and shared by every page, so a
/// page can be rendered alone: all of them for a build, or the few an edit touched in `serve`.
pub struct Renderer {
    shared: SharedValues,
    /// Each listing's page links, made once and shared by all its pages, so a list of
    /// thousands of pages does not cost thousands squared.
    page_links: HashMap<Listing, Value>,
}

impl Renderer {
    /// Makes the values every page of `routes` draws on.
    pub fn new(site: &Site, routes: &[Route], config: &Config) -> Renderer {
        let bodies = site.articles.iter().map(views::body_value).collect();
        Renderer::with_bodies(site, routes, config, bodies)
    }

    /// Makes the values every page of `routes` draws on, for a build that renders `site`
    /// once: each article's rendered body moves into its value and out of the article, so a
    /// large site's bodies are not held twice while its pages are rendered. Nothing reads
    /// an article's body from the site after this (`newsroom serve`, which does, uses
    /// [`Renderer::new`]).
    pub fn taking_bodies(site: &mut Site, routes: &[Route], config: &Config) -> Renderer {
        let bodies = site
            .articles
            .par_iter_mut()
            .map(|article| Value::from(std::mem::take(&mut article.content_html)))
            .collect();
        Renderer::with_bodies(site, routes, config, bodies)
    }

    fn with_bodies(site: &Site, routes: &[Route], config: &Config, bodies: Vec<Value>) -> Renderer {
        let page_links = routes
            .iter()
            .filter_map(|route| match route.page {
                Page::List { listing, number: 1 } => {
                    Some((listing, page_links(listing, site, config)))
                }
                _ => None,
            })
            .collect();
        Renderer {
            shared: SharedValues::new(site, config, bodies),
            page_links,
        }
    }

    /// Renders one page.
    pub fn render(
        &self,
        route: &Route,
        site: &Site,
        config: &Config,
        theme: &Theme,
    ) -> Result<String> {
        let (template, mut values) = self.context(site, config).page(route);
        if theme.may_read(template, latest::VALUE) {
            let list = latest::render(theme, &values.values, &route.path)?;
            values.insert_value(latest::VALUE, Value::safe_string(&list));
        }
        theme.render(template, &values.into_context(), &route.path)
    }

    /// Renders every route into the sink, in parallel. A page the sink still holds from the
    /// last build, made from the same template, theme, binary and context (by their hash),
    /// is reused instead: its bytes would come out the same. A page whose only change is its
    /// Latest stories list gets the new list put into its last bytes ([`latest`]). Gives how
    /// many pages were reused and how many were given a new list.
    pub fn render_all(
        &self,
        site: &Site,
        routes: &[Route],
        config: &Config,
        theme: &Theme,
        sink: &dyn PageSink,
    ) -> Result<Unrendered> {
        if !sink.reuses_pages() {
            routes
                .par_iter()
                .map(|route| {
                    let text = self.render(route, site, config, theme)?;
                    sink.put(&route.file(), text.as_bytes())
                })
                .collect::<Result<Vec<()>>>()?;
            return Ok(Unrendered::default());
        }
        let mut epoch = blake3::Hasher::new();
        epoch.update(theme.fingerprint.as_bytes());
        epoch.update(fingerprint::binary_identity().as_bytes());
        let epoch = epoch.finalize();
        // Each listing's page links are on every one of its pages: hashed once, not once a page.
        let at = std::time::Instant::now();
        let known = self.shared.known(self.page_links.values());
        crate::stage_done("value hashes", at);
        let context = self.context(site, config);
        // Which values each template can read, found once per template and name.
        let seen = parking_lot::Mutex::new(HashMap::new());
        let readable = |template: &'static str, name: &'static str| {
            *seen
                .lock()
                .entry((template, name))
                .or_insert_with(|| theme.may_read(template, name))
        };
        let lists = latest::Lists::new();
        routes
            .par_iter()
            .map(|route| {
                let (template, values) = context.page(route);
                // A page that takes in the list whole is hashed without it: its frame.
                let frame = fingerprint::page(
                    &epoch,
                    template,
                    &values.values,
                    &|name| readable(template, name),
                    &known,
                );
                let file = route.file();
                if !readable(template, latest::VALUE) {
                    if sink.reuse_page(&file, &frame)? {
                        return Ok(Unrendered::reused());
                    }
                    let text = theme.render(template, &values.into_context(), &route.path)?;
                    let made = Made {
                        from: &frame,
                        list: None,
                    };
                    sink.put_page(&file, text.as_bytes(), made)?;
                    return Ok(Unrendered::default());
                }
                let list = lists.of(theme, &epoch, &values.values, &known, &route.path)?;
                let made_from = latest::made_from(&frame, &list);
                if sink.reuse_page(&file, &made_from)? {
                    return Ok(Unrendered::reused());
                }
                let place = |at| ListPlace {
                    frame: frame.to_hex().to_string(),
                    at,
                    len: list.html.len() as u64,
                };
                let spliced = sink
                    .previous_frame(&file, &frame)
                    .and_then(|(old, was)| latest::splice(&old, &was, &list.html));
                if let Some((bytes, at)) = spliced {
                    let place = place(at);
                    let made = Made {
                        from: &made_from,
                        list: Some(&place),
                    };
                    sink.put_page(&file, &bytes, made)?;
                    return Ok(Unrendered::spliced());
                }
                let (text, at) =
                    latest::render_around(theme, template, values.values, &list, &route.path)?;
                let place = at.map(place);
                let made = Made {
                    from: &made_from,
                    list: place.as_ref(),
                };
                sink.put_page(&file, text.as_bytes(), made)?;
                Ok(Unrendered::default())
            })
            .try_reduce(Unrendered::default, |a, b| {
                Ok(Unrendered {
                    reused: a.reused + b.reused,
                    spliced: a.spliced + b.spliced,
                })
            })
    }

    fn context<'a>(&'a self, site: &'a Site, config: &'a Config) -> RenderContext<'a> {
        RenderContext {
            site,
            config,
            shared: &self.shared,
            page_links: &self.page_links,
        }
    }

    /// Takes in a new version of the article at `position` whose place in the site (date,
    /// tags, bylines, section, URL) is unchanged: only the values that carry it are remade.
    pub fn article_changed(&mut self, position: usize, site: &Site, config: &Config) {
        self.shared.article_changed(position, site, config);
    }
}

/// The pages a build did not render: those reused as the last build made them, and those
/// given only a new Latest stories list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unrendered {
    pub reused: usize,
    pub spliced: usize,
}

impl Unrendered {
    fn reused() -> Unrendered {
        Unrendered {
            reused: 1,
            spliced: 0,
        }
    }

    fn spliced() -> Unrendered {
        Unrendered {
            reused: 0,
            spliced: 1,
        }
    }
}

/// What every page's context is made from.
struct RenderContext<'a> {
    site: &'a Site,
    config: &'a Config,
    shared: &'a SharedValues,
    page_links: &'a HashMap<Listing, Value>,
}

/// What a page shows, for `page.*`: its kind, title and description.
struct PageFacts {
    kind: &'static str,
    template: &'static str,
    title: String,
    description: String,
}

impl RenderContext<'_> {
    fn site_description(&self) -> String {
        match self.config.description.as_str() {
            "" => format!("The latest stories from {}.", self.config.title),
            description => description.to_string(),
        }
    }

    fn page(&self, route: &Route) -> (&'static str, PageValues) {
        let (site, config, shared) = (self.site, self.config, self.shared);
        let mut context = PageValues::default();
        context.insert_value("site", shared.site.clone());
        let mut latest = shared.latest.clone();
        let mut feeds = shared.site_feeds.clone();
        let mut json_ld = None;
        let facts = match route.page {
            Page::Article(position) => {
                let article = &site.articles[position];
                context.insert_value("article", shared.articles[position].clone());
                let related: Vec<Value> = site.related[position]
                    .iter()
                    .map(|&other| shared.articles[other].clone())
                    .collect();
                context.insert_value("related_stories", Value::from(related));
                // A page that loads the shared list has no list of its own, so a new story
                // does not change what it is made from.
                latest = if render_shared_list(config) {
                    Value::from(Vec::<Value>::new())
                } else {
                    shared.latest_besides(position, config.latest_count)
                };
                json_ld = config
                    .has_absolute_base_url()
                    .then(|| article_json_ld(position, site, config));
                PageFacts {
                    kind: "article",
                    template: "article.html",
                    title: article.title.clone(),
                    description: description_of(article).to_string(),
                }
            }
            Page::List { listing, number } => {
                // The home page's feeds are the site's, already listed.
                if listing != Listing::Home {
                    feeds.extend(views::feed_links(listing, site, config));
                }
                self.list_page(listing, number, &mut context, &mut json_ld)
            }
            Page::TagIndex => {
                context.insert_value("tags", sorted_by_name(&shared.tags));
                PageFacts {
                    kind: "tags",
                    template: "tags.html",
                    title: "Tags".to_string(),
                    description: format!("Every tag on {}.", config.title),
                }
            }
            Page::AuthorIndex => {
                context.insert_value("authors", sorted_by_name(&shared.authors));
                PageFacts {
                    kind: "authors",
                    template: "authors.html",
                    title: "Authors".to_string(),
                    description: format!("Everyone who writes for {}.", config.title),
                }
            }
            Page::Search => PageFacts {
                kind: "search",
                template: "search.html",
                title: "Search".to_string(),
                description: format!("Search the stories of {}.", config.title),
            },
            Page::NotFound => PageFacts {
                kind: "not_found",
                template: "404.html",
                title: "Page not found".to_string(),
                description: self.site_description(),
            },
            Page::Redirect { article } => {
                let target = config.url_for(&article_path(&site.articles[article], config));
                context.insert_value("article", shared.articles[article].clone());
                context.insert_value("redirect_to", Value::from(target));
                PageFacts {
                    kind: "redirect",
                    template: "redirect.html",
                    title: site.articles[article].title.clone(),
                    description: description_of(&site.articles[article]).to_string(),
                }
            }
            Page::Feed { listing, format } => {
                context.insert_value("feed", feed_value(listing, site, config, shared));
                PageFacts {
                    kind: "feed",
                    template: match format {
                        FeedFormat::Rss => "rss.xml",
                        FeedFormat::Atom => "atom.xml",
                    },
                    title: views::feed_title(listing, site, config),
                    description: self.listing_description(listing),
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

    /// A sentence saying what a listing holds.
    fn listing_description(&self, listing: Listing) -> String {
        let (site, title) = (self.site, &self.config.title);
        match listing {
            Listing::Home => self.site_description(),
            Listing::Tag(tag) => format!("Stories tagged “{}” from {title}.", site.tags[tag].name),
            Listing::Author(author) => {
                format!(
                    "Stories by {} for {title}.",
                    site.authors[author].group.name
                )
            }
            Listing::Section(section) => {
                let section = &site.sections[section];
                section
                    .page
                    .as_ref()
                    .and_then(|page| page.description.clone())
                    .unwrap_or_else(|| format!("{} stories from {title}.", section.group.name))
            }
            Listing::Year(..) | Listing::Month(..) | Listing::Day(..) => {
                format!(
                    "Stories from {}, {}.",
                    archive_title(listing, self.config),
                    title
                )
            }
        }
    }

    fn list_page(
        &self,
        listing: Listing,
        number: usize,
        context: &mut PageValues,
        json_ld: &mut Option<String>,
    ) -> PageFacts {
        let (site, config, shared) = (self.site, self.config, self.shared);
        let first = listing.path(site, config);
        let paginator = paginator(&first, listing.articles(site), number, self, listing);
        // An older page in stable numbering keeps its bytes as stories come in, so it is made
        // only of what stays put: the list's counts, which every new story changes, are on
        // its first page alone. Otherwise a new story would render every page of each list
        // it is on, only to write the same bytes.
        let settled = listing.pages(site, config).is_stable() && number > 1;
        let keep = |value: Value, changing: &[&str]| {
            if settled {
                without(&value, changing)
            } else {
                value
            }
        };
        context.insert_value("paginator", keep(paginator, &["total_articles"]));
        let description = self.listing_description(listing);
        let (kind, template, title) = match listing {
            Listing::Home => {
                let pinned: Vec<Value> = if number == 1 {
                    site.pinned
                        .iter()
                        .map(|&p| shared.articles[p].clone())
                        .collect()
                } else {
                    Vec::new()
                };
                context.insert_value("pinned", Value::from(pinned));
                if number == 1 {
                    let all = listing.articles(site);
                    let page_one = &all[listing.pages(site, config).range(1)];
                    let front = views::front_page(site, config, shared, page_one);
                    context.insert_value("front", front);
                }
                *json_ld = (config.has_absolute_base_url() && number == 1).then(|| {
                    let (home, logo) = views::publisher(site, config);
                    metadata::website(&views::publisher_facts(config, &home, logo.as_deref()))
                });
                ("home", "index.html", "Latest stories".to_string())
            }
            Listing::Tag(tag) => {
                context.insert_value("tag", keep(shared.tags[tag].clone(), &["count"]));
                ("tag", "tag.html", site.tags[tag].name.clone())
            }
            Listing::Author(author) => {
                context.insert_value("author", keep(shared.authors[author].clone(), &["count"]));
                (
                    "author",
                    "author.html",
                    site.authors[author].group.name.clone(),
                )
            }
            Listing::Section(section) => {
                let view = shared.sections[section].clone();
                let title = view
                    .get_from_path("title")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                context.insert_value("section", keep(view, &["count"]));
                ("section", "section.html", title)
            }
            Listing::Year(..) | Listing::Month(..) | Listing::Day(..) => {
                let archive = archive_value(listing, site, config, settled);
                context.insert_value("archive", archive);
                ("archive", "archive.html", archive_title(listing, config))
            }
        };
        PageFacts {
            kind,
            template,
            title,
            description,
        }
    }
}

/// A copy of the map `value` without the fields named in `fields`.
fn without(value: &Value, fields: &[&str]) -> Value {
    let Some(map) = value.as_map() else {
        return value.clone();
    };
    let kept: tera::Map = map
        .iter()
        .filter(|(key, _)| !key.as_str().is_some_and(|key| fields.contains(&key)))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    Value::from(kept)
}

/// A list of tag or author values sorted by name, case aside.
fn sorted_by_name(values: &[Value]) -> Value {
    let mut sorted = values.to_vec();
    sorted.sort_by_cached_key(|value| {
        value
            .get_from_path("name")
            .and_then(Value::as_str)
            .map(str::to_lowercase)
    });
    Value::from(sorted)
}

/// How an archive period is named: "2023", "October 2023", or the day's dateline.
fn archive_title(listing: Listing, config: &Config) -> String {
    let day = |year, month, day| chrono::NaiveDate::from_ymd_opt(year, month, day);
    match listing {
        Listing::Year(year) => year.to_string(),
        Listing::Month(year, month) => day(year, month, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default(),
        // A dateline pattern may show a time or a zone (`%H:%M`, `%Z`), which a bare day has
        // not: the day is written as its first moment in the site's time zone.
        Listing::Day(year, month, dd) => day(year, month, dd)
            .and_then(|d| {
                let zone = config.timezone;
                d.and_time(chrono::NaiveTime::MIN)
                    .and_local_timezone(zone)
                    .earliest()
                    .or_else(|| d.and_hms_opt(12, 0, 0)?.and_local_timezone(zone).earliest())
            })
            .map(|d| d.format(&config.date_format).to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The `archive` value: the period, the periods inside it with their counts, and the one
/// above it; on a `settled` page (an older page in stable numbering) only the period and
/// the one above.
fn archive_value(listing: Listing, site: &Site, config: &Config, settled: bool) -> Value {
    let link = |inner: Listing, count: Option<usize>| {
        let mut entry = BTreeMap::new();
        entry.insert("title", Value::from(archive_title(inner, config)));
        let exists = match inner {
            Listing::Year(y) => archive_path(config, ArchiveLevel::Year, y, 1, 1),
            Listing::Month(y, m) => archive_path(config, ArchiveLevel::Month, y, m, 1),
            Listing::Day(y, m, d) => archive_path(config, ArchiveLevel::Day, y, m, d),
            _ => None,
        };
        entry.insert("url", Value::from(exists.map(|path| config.url_for(&path))));
        if let Some(count) = count {
            entry.insert("count", Value::from(count));
        }
        Value::from(entry)
    };
    let (level, year, month, day, up) = match listing {
        Listing::Year(y) => ("year", y, None, None, None),
        Listing::Month(y, m) => ("month", y, Some(m), None, Some(Listing::Year(y))),
        Listing::Day(y, m, d) => ("day", y, Some(m), Some(d), Some(Listing::Month(y, m))),
        _ => unreachable!("only date listings are archives"),
    };
    let parts: Vec<Value> = listing
        .period(site)
        .filter(|_| !settled)
        .map(|period| {
            period
                .parts
                .iter()
                .rev()
                .map(|(&part, inner)| {
                    let inner_listing = match listing {
                        Listing::Year(y) => Listing::Month(y, part),
                        Listing::Month(y, m) => Listing::Day(y, m, part),
                        _ => unreachable!("days have no parts"),
                    };
                    link(inner_listing, Some(inner.articles.len()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut archive = BTreeMap::new();
    archive.insert("level", Value::from(level));
    archive.insert("year", Value::from(year));
    archive.insert("month", Value::from(month));
    archive.insert("day", Value::from(day));
    archive.insert("title", Value::from(archive_title(listing, config)));
    archive.insert(
        "url",
        Value::from(config.url_for(&listing.path(site, config))),
    );
    if !settled {
        archive.insert("count", Value::from(listing.articles(site).len()));
        archive.insert("parts", Value::from(parts));
    }
    // Linked from every page of the period, so without a count: a story in a day of the
    // month would change each other day's pages.
    let up = up.map(|above| link(above, None));
    archive.insert("up", Value::from(up));
    Value::from(archive)
}

/// What describes a story in its meta description, social cards and JSON-LD: its summary
/// (written, or taken from the body), or its headline when it has neither, since an empty
/// description is worse than none.
fn description_of(article: &crate::content::Article) -> &str {
    if article.summary_text.trim().is_empty() {
        &article.title
    } else {
        &article.summary_text
    }
}

/// JSON-LD for one article page.
fn article_json_ld(position: usize, site: &Site, config: &Config) -> String {
    let article = &site.articles[position];
    let path = article_path(article, config);
    let url = config.url_for(&path);
    let published = views::rfc3339(&article.date);
    let modified = views::rfc3339(&article.updated.unwrap_or(article.date));
    let images = article
        .image
        .as_ref()
        .map(|image| crate::photos::ImageView::structured_data_urls(image, &path, config))
        .unwrap_or_default();
    let (home, logo) = views::publisher(site, config);
    let authors = article
        .authors
        .iter()
        .map(|name| {
            let url = site
                .author_named(name)
                .map(|author| config.url_for(&author_path(&author.group.slug)));
            (name.as_str(), url)
        })
        .collect();
    let facts = metadata::ArticleFacts {
        headline: &article.title,
        description: description_of(article),
        url: &url,
        date_published: &published,
        date_modified: &modified,
        authors,
        images: images.iter().map(String::as_str).collect(),
        keywords: article.tags.iter().map(String::as_str).collect(),
        section: site.section_of[position].map(|s| site.sections[s].group.name.as_str()),
    };
    metadata::news_article(
        &facts,
        &views::publisher_facts(config, &home, logo.as_deref()),
    )
}

/// The `feed` value of a feed: what it is about and its newest entries.
fn feed_value(listing: Listing, site: &Site, config: &Config, shared: &SharedValues) -> Value {
    let positions = views::feed_positions(listing, site, config);
    let entries: Vec<Value> = positions
        .iter()
        .map(|position| shared.feed_entries[position].clone())
        .collect();
    // The feed changes when its newest entry does, so an unchanged site gives an unchanged feed.
    let updated = positions
        .iter()
        .map(|&p| site.articles[p].last_changed())
        .max();
    let mut feed = BTreeMap::new();
    feed.insert(
        "title",
        Value::from(views::feed_title(listing, site, config)),
    );
    feed.insert(
        "home",
        Value::from(config.url_for(&listing.path(site, config))),
    );
    feed.insert("updated", Value::from(updated.as_ref().map(views::rfc3339)));
    feed.insert("entries", Value::from(entries));
    // Feed readers that speak WebSub subscribe through the hub the feed names.
    feed.insert("hub", Value::from(config.websub_hub.clone()));
    Value::from(feed)
}

/// Links to every page of a listing, `{number, url}` each.
fn page_links(listing: Listing, site: &Site, config: &Config) -> Value {
    let first = listing.path(site, config);
    let pages = listing.pages(site, config);
    let links: Vec<Value> = (1..=pages.count())
        .map(|n| {
            let mut entry = BTreeMap::new();
            entry.insert("number", Value::from(n));
            entry.insert("label", page_label(&pages, n));
            entry.insert("url", Value::from(config.url_for(&pages.path(&first, n))));
            Value::from(entry)
        })
        .collect();
    Value::from(links)
}

/// What a pager calls the page at `position`: its position in classic numbering; in stable
/// numbering the number in its URL, and "Latest" for the list's first page.
fn page_label(pages: &Pages, position: usize) -> Value {
    match (pages.is_stable(), pages.url_number(position)) {
        (true, None) => Value::from("Latest"),
        (true, Some(number)) => Value::from(number),
        (false, _) => Value::from(position),
    }
}

/// The pages a pager shows, by position: the first, the last, and two either side of the
/// current one; `gap_before` marks a jump, where a pager shows an ellipsis. In stable
/// numbering the same positions are the latest page, the oldest (`/page/1/`) and the pages
/// two numbers either side, so an older page's window stays the same as the list grows.
fn page_window(number: usize, pages: &Pages, url: &dyn Fn(usize) -> Value) -> Value {
    let total_pages = pages.count();
    let mut shown: Vec<usize> = vec![1, total_pages];
    shown.extend(number.saturating_sub(2).max(1)..=(number + 2).min(total_pages));
    shown.sort_unstable();
    shown.dedup();
    let mut previous = 0;
    let window: Vec<Value> = shown
        .into_iter()
        .map(|n| {
            let mut entry = BTreeMap::new();
            entry.insert("number", page_label(pages, n));
            entry.insert("url", url(n));
            entry.insert("current", Value::from(n == number));
            entry.insert("gap_before", Value::from(n > previous + 1));
            previous = n;
            Value::from(entry)
        })
        .collect();
    Value::from(window)
}

/// The paginator of page `number` of a list whose first page is at `first`.
fn paginator(
    first: &str,
    positions: &[usize],
    number: usize,
    context: &RenderContext<'_>,
    listing: Listing,
) -> Value {
    let config = context.config;
    let per_page = config.paginate_by;
    let pages = listing.pages(context.site, config);
    let total_pages = pages.count();
    let url = |n: usize| Value::from(config.url_for(&pages.path(first, n)));
    let articles: Vec<Value> = positions[pages.range(number)]
        .iter()
        .map(|&position| context.shared.articles[position].clone())
        .collect();
    let mut map = BTreeMap::new();
    map.insert("articles", Value::from(articles));
    map.insert("number", Value::from(number));
    map.insert("total_pages", Value::from(total_pages));
    map.insert("total_articles", Value::from(positions.len()));
    map.insert("per_page", Value::from(per_page));
    map.insert("first", url(1));
    map.insert("last", url(total_pages));
    let previous = (number > 1).then(|| url(number - 1));
    map.insert("previous", previous.unwrap_or_else(Value::none));
    let next = (number < total_pages).then(|| url(number + 1));
    map.insert("next", next.unwrap_or_else(Value::none));
    map.insert(
        "pages",
        context
            .page_links
            .get(&listing)
            .cloned()
            .unwrap_or_else(Value::none),
    );
    map.insert("window", page_window(number, &pages, &url));
    map.insert("label", page_label(&pages, number));
    map.insert("stable", Value::from(pages.is_stable()));
    Value::from(map)
}
