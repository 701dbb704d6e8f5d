//! Turning the site into pages through Tera templates.
//!
//! Every article is converted to a template value once; Tera keeps strings, lists and maps
//! behind reference counts, so putting an article (body included) into a list on a thousand
//! pages costs a thousand pointer copies, not a thousand copies of the article. That keeps a
//! build linear in the size of the site.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::content::Article;
use crate::error::{Error, Result};
use crate::paginate::{page_count, page_path, page_range};
use crate::routes::{Page, Route, TAG_INDEX_PATH, article_path, tag_path};
use crate::site::Site;

/// The folder, under the site root, whose files override the built-in theme.
pub const TEMPLATES_DIR: &str = "templates";

/// The theme's stylesheet, written to the output root.
pub const STYLESHEET: &str = "theme.css";

/// The built-in theme, compiled into the binary.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "components.html",
        include_str!("../templates/components.html"),
    ),
    ("article.html", include_str!("../templates/article.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("tag.html", include_str!("../templates/tag.html")),
    ("tags.html", include_str!("../templates/tags.html")),
    (STYLESHEET, include_str!("../templates/theme.css")),
];

/// The templates a site is rendered with: the built-in theme with the site's overrides.
pub struct Theme {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, String>,
    /// The stylesheet's text.
    pub stylesheet: Cow<'static, str>,
}

/// Reads a theme file: the site's own copy when it has one, else the built-in one.
fn theme_file(
    root: &Path,
    name: &str,
    built_in: &'static str,
) -> Result<(Cow<'static, str>, String)> {
    let path = root.join(TEMPLATES_DIR).join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((Cow::Owned(text), format!("{TEMPLATES_DIR}/{name}"))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok((Cow::Borrowed(built_in), format!("(built-in) {name}")))
        }
        Err(error) => Err(Error::io("read the template", &path, error)),
    }
}

impl Theme {
    /// Loads the built-in theme, each file overridden by the site's file of the same name, plus
    /// any other `.html` template the site has (for its own includes and macros).
    pub fn load(root: &Path) -> Result<Theme> {
        let mut sources: Vec<(String, Cow<'static, str>)> = Vec::new();
        let mut origins = BTreeMap::new();
        let mut stylesheet = Cow::Borrowed("");
        for (name, built_in) in BUILT_IN {
            let (text, origin) = theme_file(root, name, built_in)?;
            if *name == STYLESHEET {
                stylesheet = text;
            } else {
                origins.insert(name.to_string(), origin);
                sources.push((name.to_string(), text));
            }
        }
        for (name, path) in site_only_templates(root)? {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io("read the template", &path, e))?;
            origins.insert(name.clone(), format!("{TEMPLATES_DIR}/{name}"));
            sources.push((name, Cow::Owned(text)));
        }

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_ref())),
        )
        .map_err(|error| template_error(&error, &origins, None))?;
        Ok(Theme {
            tera,
            origins,
            stylesheet,
        })
    }

    fn render(&self, template: &str, context: &Context, path: &str) -> Result<String> {
        self.tera
            .render(template, context)
            .map_err(|error| template_error(&error, &self.origins, Some(path)))
    }
}

/// `.html` files in the site's `templates/` that are not part of the built-in theme.
fn site_only_templates(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let folder = root.join(TEMPLATES_DIR);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&folder).to_path_buf();
            Error::io(
                "read the templates folder",
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a folder loop was found")),
            )
        })?;
        let Ok(relative) = entry.path().strip_prefix(&folder) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        let is_html = name.ends_with(".html");
        let is_built_in = BUILT_IN.iter().any(|(built_in, _)| *built_in == name);
        if entry.file_type().is_file() && is_html && !is_built_in {
            found.push((name, entry.into_path()));
        }
    }
    Ok(found)
}

/// Says which template, which line and what went wrong, in the site's own terms.
fn template_error(
    error: &tera::Error,
    origins: &BTreeMap<String, String>,
    page: Option<&str>,
) -> Error {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    let while_rendering = page
        .map(|p| format!(" while rendering {p}"))
        .unwrap_or_default();
    let text = match error.kind() {
        tera::ErrorKind::SyntaxError(report) => format!(
            "{}:{}:{}: template syntax error: {}; fix the template, or delete it to use the built-in one",
            origin(report.filename()),
            report.span().start_line,
            report.span().start_col + 1,
            report.message()
        ),
        tera::ErrorKind::RenderingError(report) => format!(
            "{}:{}:{}: template error{while_rendering}: {}",
            origin(report.filename()),
            report.span().start_line,
            report.span().start_col + 1,
            report.message()
        ),
        _ => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            located_reports(&text, &origin, &while_rendering)
                .unwrap_or_else(|| format!("template error{while_rendering}: {text}"))
        }
    };
    Error::Template(text)
}

/// Rewrites Tera's checking reports (`error: MESSAGE` then ` --> NAME:LINE:COL` and a source
/// excerpt, one report per problem) as one `origin:LINE:COL: MESSAGE` line each, so they name
/// the site's file the way every other newsroom error does. `None` when the text holds none.
fn located_reports(
    text: &str,
    origin: &dyn Fn(&str) -> String,
    while_rendering: &str,
) -> Option<String> {
    let mut lines_out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("error: ") {
            // Tera nests one "error: " inside another for some checks.
            message = Some(rest.trim_start_matches("error: "));
        } else if let (Some(place), Some(found)) = (line.trim_start().strip_prefix("--> "), message)
        {
            let mut parts = place.rsplitn(3, ':');
            let (column, line_number, name) = (parts.next()?, parts.next()?, parts.next()?);
            let advice = if found.contains("is not defined in any parent template") {
                "; every block a template fills must exist in the template it extends (the theme's base.html has `head` and `content`)"
            } else {
                ""
            };
            lines_out.push(format!(
                "{}:{line_number}:{column}: template error{while_rendering}: {found}{advice}",
                origin(name)
            ));
            message = None;
        }
    }
    (!lines_out.is_empty()).then(|| lines_out.join("\n"))
}

/// Where rendered pages go: a staging folder on disk, or memory.
pub trait PageSink: Sync {
    /// Stores one file at `path`, relative to the output root (`2023/10/29/slug/index.html`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    root: String,
    stylesheet: String,
    tags_url: String,
    language: &'a str,
    timezone: &'a str,
    extra: &'a toml::Table,
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
    draft: bool,
    source: String,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> ArticleView<'a> {
    fn new(article: &'a Article, config: &Config) -> Self {
        let path = article_path(article, config);
        let rfc3339 = |d: &chrono::DateTime<chrono_tz::Tz>| {
            d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        };
        let dateline =
            |d: &chrono::DateTime<chrono_tz::Tz>| d.format(&config.date_format).to_string();
        ArticleView {
            title: &article.title,
            slug: &article.slug,
            url: config.url_for(&path),
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
struct SharedValues {
    site: Value,
    /// One value per article, in [`Site::articles`] order.
    articles: Vec<Value>,
    /// The newest `latest_count` articles.
    latest: Value,
    /// Every article position, newest first: the home page's list.
    everything: Vec<usize>,
    tags: Vec<Value>,
}

impl SharedValues {
    fn new(site: &Site, config: &Config) -> SharedValues {
        let site_view = SiteView {
            title: &config.title,
            base_url: &config.base_url,
            root: config.url_for("/"),
            stylesheet: config.url_for(&format!("/{STYLESHEET}")),
            tags_url: config.url_for(TAG_INDEX_PATH),
            language: &config.language,
            timezone: config.timezone.name(),
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
        SharedValues {
            site: Value::from_serializable(&site_view),
            articles,
            latest,
            everything: (0..site.articles.len()).collect(),
            tags,
        }
    }

    /// The Latest stories list as seen from article `position`: the newest others.
    fn latest_besides(&self, position: usize, count: usize) -> Value {
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
            let html = theme.render(template, &context, &route.path)?;
            let file = format!("{}index.html", route.path.trim_start_matches('/'));
            sink.put(&file, html.as_bytes())
        })
        .collect::<Result<Vec<()>>>()
        .map(|written| written.len())
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
    let (template, title) = match route.page {
        Page::Article(position) => {
            context.insert_value("article", shared.articles[position].clone());
            latest = shared.latest_besides(position, config.latest_count);
            ("article.html", site.articles[position].title.clone())
        }
        Page::Home { number } => {
            context.insert_value(
                "paginator",
                paginator("/", &shared.everything, number, config, shared),
            );
            ("index.html", "Latest stories".to_string())
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
            ("tag.html", tag_entry.name.clone())
        }
        Page::TagIndex => {
            let mut tags = shared.tags.clone();
            tags.sort_by_cached_key(|tag| {
                tag.get_from_path("name")
                    .and_then(Value::as_str)
                    .map(str::to_lowercase)
            });
            context.insert_value("tags", Value::from(tags));
            ("tags.html", "Tags".to_string())
        }
    };
    let kind = match route.page {
        Page::Article(_) => "article",
        Page::Home { .. } => "home",
        Page::Tag { .. } => "tag",
        Page::TagIndex => "tags",
    };
    let mut page = BTreeMap::new();
    page.insert("kind", Value::from(kind));
    page.insert("title", Value::from(title));
    page.insert("url", Value::from(config.url_for(&route.path)));
    page.insert("path", Value::from(route.path.as_str()));
    context.insert_value("page", Value::from(page));
    context.insert_value("latest_stories", latest);
    (template, context)
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
