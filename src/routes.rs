//! Every file the site has, decided before anything is rendered or written: the pages, as
//! URLs of an enum, and every other file (stylesheet, sitemaps, robots.txt, static files). Two
//! things claiming one file, or a path no file system can hold, are caught here, while the
//! article and the line that asked for it can still be named.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::config::{CONFIG_FILE, Config};
use crate::content::Article;
use crate::error::{ContentError, ContentErrorKind, Error, Result};
use crate::paginate::Pages;
use crate::site::{Period, Site};
use crate::sitemap;
use crate::statics::{STATIC_DIR, StaticFile};

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
    /// How the listing's articles are split into pages.
    pub fn pages(self, site: &Site, config: &Config) -> Pages {
        Pages::new(
            self.articles(site).len(),
            config.paginate_by,
            config.pagination,
        )
    }

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
    /// The search page (`search = true`), which queries the search index in the browser.
    Search,
}

impl Page {
    /// The template the page is rendered with.
    pub fn template(self) -> &'static str {
        match self {
            Page::Article(_) => "article.html",
            Page::List { listing, .. } => match listing {
                Listing::Home => "index.html",
                Listing::Tag(_) => "tag.html",
                Listing::Author(_) => "author.html",
                Listing::Section(_) => "section.html",
                Listing::Year(..) | Listing::Month(..) | Listing::Day(..) => "archive.html",
            },
            Page::TagIndex => "tags.html",
            Page::AuthorIndex => "authors.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Redirect { .. } => "redirect.html",
            Page::Feed { format, .. } => format.file_name(),
        }
    }
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
    let path = fill_date(
        &config.permalink,
        article.date.year(),
        article.date.month(),
        article.date.day(),
    )
    .replace(":slug", &article.slug);
    match &article.translation {
        Some(language) => format!("/{language}{path}"),
        None => path,
    }
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

/// A file the build writes that is not a page rendered from a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The theme's stylesheet, unless `static/` brings its own.
    Stylesheet,
    /// The click-to-load script of the embed shortcodes, unless `static/` brings its own.
    EmbedScript,
    /// `sitemap.xml` (part 0); past the protocol's limit, it is the index of parts 1, 2, ...
    Sitemap { part: usize },
    /// The Google News sitemap.
    NewsSitemap,
    /// `robots.txt`, unless `static/` brings its own.
    Robots,
    /// The shared Latest stories list (`latest_list = "shared"`), which pages load.
    LatestList,
    /// The script that loads it into each page.
    LatestScript,
    /// The IndexNow key file (`/KEY.txt`), which proves to search engines that the pings of
    /// `newsroom ping` come from the site's owner.
    IndexNowKey,
    /// A file of `static/`, by position in the static files the plan was given.
    Static(usize),
    /// The folder of the search index (`search = true`): Pagefind's bundle, whose file
    /// names depend on the articles, so the plan claims the whole folder.
    SearchIndex,
    /// A processed photo or site icon, copied from the image cache, by position in the photo
    /// files the plan was given.
    Photo(usize),
    /// The web manifest listing the site's icons.
    Manifest,
}

/// A file of the plan that is not a page: where it goes and what it is.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Relative to the output root, with `/` separators (`theme.css`, `img/logo.png`).
    pub file: String,
    pub kind: FileKind,
}

/// Everything a build writes, decided before anything is: the pages rendered from templates,
/// then every other file. One check over both finds any two things on one path, and any path
/// no file system can hold, while the article that asked for it can still be named.
#[derive(Debug, Clone)]
pub struct Plan {
    pub routes: Vec<Route>,
    pub files: Vec<SiteFile>,
}

/// Plans every file of the site, in a stable order, and checks that every one can be written
/// and that no two share a path (or a folder one needs).
pub fn plan(
    site: &Site,
    config: &Config,
    static_files: &[StaticFile],
    photo_files: &[crate::photos::PhotoFile],
) -> Result<Plan> {
    let routes = page_routes(site, config);
    let brings_own = |name: &str| static_files.iter().any(|file| file.relative == name);
    let mut files = Vec::new();
    // The site's own stylesheet and robots.txt replace the generated ones.
    if !brings_own(crate::render::STYLESHEET) {
        files.push(SiteFile {
            file: crate::render::STYLESHEET.to_string(),
            kind: FileKind::Stylesheet,
        });
    }
    // Planned on every site, like the stylesheet: whether a page embeds anything is only
    // known once bodies are rendered, and the file is small.
    if !brings_own(crate::render::shortcodes::EMBED_SCRIPT) {
        files.push(SiteFile {
            file: crate::render::shortcodes::EMBED_SCRIPT.to_string(),
            kind: FileKind::EmbedScript,
        });
    }
    // Sitemaps and robots.txt need absolute links, like feeds.
    if config.has_absolute_base_url() {
        let urls = routes
            .iter()
            .filter(|route| sitemap::lists(route.page))
            .count();
        let names = sitemap::file_names(urls, sitemap::URLS_PER_SITEMAP);
        files.extend(names.into_iter().enumerate().map(|(part, file)| SiteFile {
            file,
            kind: FileKind::Sitemap { part },
        }));
        files.push(SiteFile {
            file: sitemap::NEWS_SITEMAP_FILE.to_string(),
            kind: FileKind::NewsSitemap,
        });
        if !brings_own(sitemap::ROBOTS_FILE) {
            files.push(SiteFile {
                file: sitemap::ROBOTS_FILE.to_string(),
                kind: FileKind::Robots,
            });
        }
    }
    if let Some((list, script)) = crate::render::shared_latest_files(config) {
        files.push(SiteFile {
            file: list,
            kind: FileKind::LatestList,
        });
        if !brings_own(&script) {
            files.push(SiteFile {
                file: script,
                kind: FileKind::LatestScript,
            });
        }
    }
    if let Some(key) = &config.indexnow_key {
        let file = format!("{key}.txt");
        if !brings_own(&file) {
            files.push(SiteFile {
                file,
                kind: FileKind::IndexNowKey,
            });
        }
    }
    // The index's files are named by their content, known only once the articles are
    // rendered: the plan claims their folder, so nothing else may be written in it.
    if config.search {
        files.push(SiteFile {
            file: crate::search::BUNDLE_DIR.to_string(),
            kind: FileKind::SearchIndex,
        });
    }
    files.extend(
        static_files
            .iter()
            .enumerate()
            .map(|(index, file)| SiteFile {
                file: file.relative.clone(),
                kind: FileKind::Static(index),
            }),
    );
    // An icon made from the logo gives way to the site's own file of that name.
    files.extend(
        photo_files
            .iter()
            .enumerate()
            .filter(|(_, photo)| {
                !(crate::photos::ICON_FILES.contains(&photo.file.as_str())
                    && brings_own(&photo.file))
            })
            .map(|(index, photo)| SiteFile {
                file: photo.file.clone(),
                kind: FileKind::Photo(index),
            }),
    );
    if !photo_files.is_empty() && !brings_own(crate::photos::MANIFEST_FILE) {
        files.push(SiteFile {
            file: crate::photos::MANIFEST_FILE.to_string(),
            kind: FileKind::Manifest,
        });
    }
    let plan = Plan { routes, files };
    Check { site, static_files }.run(&plan)?;
    Ok(plan)
}

/// The pages of the site, in a stable order.
fn page_routes(site: &Site, config: &Config) -> Vec<Route> {
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
        let pages = listing.pages(site, config);
        for number in 1..=pages.count() {
            routes.push(Route {
                path: pages.path(&first, number),
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
    if config.search {
        routes.push(Route {
            path: crate::search::SEARCH_PATH.to_string(),
            page: Page::Search,
        });
    }
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
    routes
}

/// The most bytes one name in a path may have, on every common file system.
pub const MAX_NAME_BYTES: usize = 255;

/// Why a planned path cannot be written, or `None` when it can.
pub fn unwritable(file: &str) -> Option<String> {
    if file.contains('\0') {
        return Some("it holds a NUL character, which no file name may hold".to_string());
    }
    for name in file.split('/') {
        if name.len() > MAX_NAME_BYTES {
            let start: String = name.chars().take(24).collect();
            return Some(format!(
                "its part \"{start}...\" is {} bytes long, and a file name may have at most {MAX_NAME_BYTES}",
                name.len()
            ));
        }
        if name == "." || name == ".." {
            return Some(format!(
                "\"{name}\" is not a name a file or folder can have"
            ));
        }
        if is_reserved(name) {
            return Some(format!(
                "\"{name}\" is a name Windows keeps for a device, so the site could not be copied to or checked out on Windows"
            ));
        }
    }
    None
}

/// Windows' device names (`con`, `nul`, `com1`...), which no file or folder may take, with
/// or without an extension.
fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => ["com", "lpt"].iter().any(|device| {
            stem.strip_prefix(device).is_some_and(|digit| {
                digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() && digit != "0"
            })
        }),
    }
}

/// One planned file, page or not.
#[derive(Clone, Copy)]
enum Claim<'a> {
    Page(&'a Route),
    File(&'a SiteFile),
}

impl Claim<'_> {
    fn file(&self) -> String {
        match self {
            Claim::Page(route) => route.file(),
            Claim::File(file) => file.file.clone(),
        }
    }

    /// The path readers would ask for.
    fn path(&self) -> String {
        match self {
            Claim::Page(route) => route.path.clone(),
            Claim::File(file) => format!("/{}", file.file),
        }
    }
}

/// What in the sources asked for a planned file: a field of an article, a static file, a
/// setting, or nothing (a file every site has).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asker {
    /// An article's front-matter field (`None`: its URL comes from its file name and date).
    Field {
        article: usize,
        field: Option<&'static str>,
        line: Option<usize>,
    },
    /// A file of `static/`.
    Static(usize),
    /// A key of `newsroom.toml`.
    Setting(&'static str),
    /// A file of every site: the indices, the 404 page, the stylesheet, sitemaps.
    Builtin,
}

impl Asker {
    /// Which of two claims asked for the place more pointedly, so the problem is reported
    /// against it: a story's own `url:`, `slug:` or alias, then a file put into `static/`,
    /// then a tag, byline or section (whose pages the site makes up), then a URL made from
    /// the file name and date or from the config.
    fn rank(&self) -> u8 {
        match self {
            Asker::Field {
                field: Some("url" | "slug" | "aliases"),
                ..
            } => 4,
            Asker::Static(_) => 3,
            Asker::Field { field: Some(_), .. } => 2,
            Asker::Field { field: None, .. } | Asker::Setting(_) => 1,
            Asker::Builtin => 0,
        }
    }
}

/// The check of a plan: every path writable, no two claims on one file or on a folder one
/// of them needs.
struct Check<'a> {
    site: &'a Site,
    static_files: &'a [StaticFile],
}

impl Check<'_> {
    fn run(&self, plan: &Plan) -> Result<()> {
        let claims: Vec<Claim> = plan
            .routes
            .iter()
            .map(Claim::Page)
            .chain(plan.files.iter().map(Claim::File))
            .collect();
        let mut problems = Vec::new();
        let mut owners: HashMap<String, usize> = HashMap::with_capacity(claims.len());
        for (index, claim) in claims.iter().enumerate() {
            let file = claim.file();
            // A static file already exists under its name, so only planned names are checked.
            let exists = matches!(
                claim,
                Claim::File(SiteFile {
                    kind: FileKind::Static(_),
                    ..
                })
            );
            if let Some(reason) = unwritable(&file).filter(|_| !exists) {
                problems.push(self.unwritable_problem(*claim, &reason));
                continue;
            }
            // `/a/b/` and `/a/b/index.html` are the same file.
            if let Some(&first) = owners.get(&file) {
                problems.push(self.collision(claims[first], *claim));
            } else {
                owners.insert(file, index);
            }
        }
        // A file at `a` leaves no room for a folder `a/` that another file needs.
        let mut blocked = std::collections::HashSet::new();
        for claim in &claims {
            let file = claim.file();
            for (at, _) in file.match_indices('/') {
                let folder = &file[..at];
                if let Some(&owner) = owners.get(folder)
                    && blocked.insert(folder.to_string())
                {
                    problems.push(self.folder_taken(claims[owner], *claim, folder));
                }
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        // A static file or a setting alone keeps the one-line message of a file problem, not
        // the heading of a list of broken articles.
        if let [only] = problems.as_slice()
            && (only.place.path.starts_with(STATIC_DIR)
                || only.place.path == Path::new(CONFIG_FILE))
        {
            return Err(Error::Route(only.to_string()));
        }
        Err(Error::Content(problems))
    }

    /// Who asked for a claim.
    fn asker(&self, claim: Claim) -> Asker {
        let site = self.site;
        let field = |article: usize, field: &'static str| {
            let lines = &site.articles[article].lines;
            let line = match field {
                "url" => lines.url,
                "slug" => lines.slug,
                "aliases" => lines.aliases,
                "tags" => lines.tags,
                "authors" => lines.authors,
                "section" => lines.section,
                _ => lines.categories,
            };
            Asker::Field {
                article,
                field: Some(field),
                line,
            }
        };
        let listing_asker = |listing: Listing| match listing {
            Listing::Home => Asker::Builtin,
            Listing::Tag(tag) => site.tags[tag]
                .articles
                .first()
                .map_or(Asker::Builtin, |&a| field(a, "tags")),
            Listing::Author(author) => site.authors[author]
                .group
                .articles
                .first()
                .map_or(Asker::Builtin, |&a| field(a, "authors")),
            Listing::Section(section) => {
                let section = &site.sections[section];
                match section.group.articles.first() {
                    _ if section.listed => Asker::Setting("sections"),
                    Some(&a) if site.articles[a].lines.section.is_some() => field(a, "section"),
                    Some(&a) => field(a, "categories"),
                    None => Asker::Setting("sections"),
                }
            }
            Listing::Year(..) | Listing::Month(..) | Listing::Day(..) => {
                Asker::Setting("permalink")
            }
        };
        match claim {
            Claim::Page(route) => match route.page {
                Page::Article(article) => {
                    let article_ref = &site.articles[article];
                    if article_ref.path_override.is_some() {
                        field(article, "url")
                    } else if article_ref.lines.slug.is_some() {
                        field(article, "slug")
                    } else {
                        Asker::Field {
                            article,
                            field: None,
                            line: None,
                        }
                    }
                }
                Page::Redirect { article } => field(article, "aliases"),
                Page::List { listing, .. } | Page::Feed { listing, .. } => listing_asker(listing),
                Page::TagIndex | Page::AuthorIndex | Page::NotFound => Asker::Builtin,
                Page::Search => Asker::Setting("search"),
            },
            Claim::File(file) => match file.kind {
                FileKind::Static(index) => Asker::Static(index),
                FileKind::SearchIndex => Asker::Setting("search"),
                _ => Asker::Builtin,
            },
        }
    }

    /// Where a problem with a claim is reported: the article and line, the static file, or
    /// the config.
    fn place(&self, asker: &Asker) -> (PathBuf, Option<usize>) {
        match asker {
            Asker::Field { article, line, .. } => {
                (self.site.articles[*article].source.clone(), *line)
            }
            Asker::Static(index) => (self.static_path(*index), None),
            Asker::Setting(_) | Asker::Builtin => (PathBuf::from(CONFIG_FILE), None),
        }
    }

    fn static_path(&self, index: usize) -> PathBuf {
        PathBuf::from(format!(
            "{STATIC_DIR}/{}",
            self.static_files[index].relative
        ))
    }

    /// A claim named as the other side of a problem: who wants the file, and from which line.
    fn describe(&self, claim: Claim) -> String {
        let what = self.what(claim);
        match self.asker(claim) {
            Asker::Field {
                article,
                field,
                line,
            } => {
                let source = self.site.articles[article].source.display();
                let field = field.map(|field| self.site.articles[article].lines.key(field));
                let at = match (field, line) {
                    (Some(field), Some(line)) => format!(" (`{field}:` on line {line})"),
                    _ => String::new(),
                };
                match claim {
                    Claim::Page(Route {
                        page: Page::Article(_),
                        ..
                    }) => format!("{source}{at}"),
                    Claim::Page(Route {
                        page: Page::Redirect { .. },
                        ..
                    }) => format!("an alias of {source}{at}"),
                    _ => match (field, line) {
                        (Some(field), Some(line)) => {
                            format!("{what} (named in {source}, `{field}:` on line {line})")
                        }
                        _ => format!("{what} (named in {source})"),
                    },
                }
            }
            Asker::Setting(key) => format!("{what} (from `{key}` in {CONFIG_FILE})"),
            _ => what,
        }
    }

    /// A claim named as the one the problem is reported against: its line is already given.
    fn describe_self(&self, claim: Claim) -> String {
        match claim {
            Claim::Page(route) => match route.page {
                Page::Article(_) => "this article".to_string(),
                Page::Redirect { .. } => "an alias of this article".to_string(),
                _ => self.what(claim),
            },
            Claim::File(file) => match file.kind {
                FileKind::Static(_) => "this file".to_string(),
                _ => self.what(claim),
            },
        }
    }

    /// What a claim is, in an editor's words.
    fn what(&self, claim: Claim) -> String {
        let site = self.site;
        let listing_name = |listing: Listing| match listing {
            Listing::Home => "the home page".to_string(),
            Listing::Tag(t) => format!("tag \"{}\"", site.tags[t].name),
            Listing::Author(a) => format!("author \"{}\"", site.authors[a].group.name),
            Listing::Section(s) => format!("section \"{}\"", site.sections[s].group.name),
            Listing::Year(y) => format!("the {y} archive"),
            Listing::Month(y, m) => format!("the {y}-{m:02} archive"),
            Listing::Day(y, m, d) => format!("the {y}-{m:02}-{d:02} archive"),
        };
        match claim {
            Claim::Page(route) => match route.page {
                Page::Article(a) => site.articles[a].source.display().to_string(),
                Page::Redirect { article } => {
                    format!("an alias of {}", site.articles[article].source.display())
                }
                Page::List { listing, number } => {
                    format!("page {number} of {}", listing_name(listing))
                }
                Page::TagIndex => "the tag index".to_string(),
                Page::AuthorIndex => "the author index".to_string(),
                Page::NotFound => "the 404 page".to_string(),
                Page::Search => "the search page".to_string(),
                Page::Feed {
                    listing: Listing::Home,
                    format,
                } => format!("the site's {} feed", format.label()),
                Page::Feed { listing, format } => {
                    format!("the {} feed of {}", format.label(), listing_name(listing))
                }
            },
            Claim::File(file) => match file.kind {
                FileKind::Stylesheet => format!("the site's stylesheet {}", file.file),
                FileKind::EmbedScript => format!("the embeds' click-to-load script {}", file.file),
                FileKind::Sitemap { part: 0 } => "the sitemap".to_string(),
                FileKind::Sitemap { part } => format!("part {part} of the sitemap"),
                FileKind::NewsSitemap => "the news sitemap".to_string(),
                FileKind::Robots
                | FileKind::IndexNowKey
                | FileKind::LatestList
                | FileKind::LatestScript => format!("the generated {}", file.file),
                FileKind::Static(index) => self.static_path(index).display().to_string(),
                FileKind::SearchIndex => "the search index".to_string(),
                FileKind::Photo(_) => format!("the processed image {}", file.file),
                FileKind::Manifest => format!("the web manifest {}", file.file),
            },
        }
    }

    /// How to fix a problem reported against `asker`.
    fn fix(&self, asker: &Asker) -> String {
        let fix = match asker {
            Asker::Field { field: None, .. } => {
                "give the article a `slug:` line (its URL now comes from its file name)"
            }
            Asker::Field {
                article,
                field: Some(field),
                ..
            } => {
                let key = self.site.articles[*article].lines.key(field);
                match *field {
                    "url" => return format!("change the article's `{key}:`"),
                    "slug" => "give the article a different `slug:`",
                    "aliases" => "change or remove the alias",
                    "tags" => "rename the tag",
                    "authors" => "write the byline differently",
                    "section" => "rename the section",
                    _ => "rename the category",
                }
            }
            Asker::Static(_) => "move or rename it",
            Asker::Setting("sections") => "rename the section in `sections`",
            Asker::Setting("search") => "turn search off with `search = false` in newsroom.toml",
            Asker::Setting(_) => "change `permalink`",
            Asker::Builtin => "report this as a bug of newsroom",
        };
        fix.to_string()
    }

    /// The one of two claims a problem is reported against, then the other.
    fn blame<'c>(&self, first: Claim<'c>, second: Claim<'c>) -> (Claim<'c>, Claim<'c>) {
        if self.asker(first).rank() > self.asker(second).rank() {
            (first, second)
        } else {
            (second, first)
        }
    }

    fn problem(&self, kind: ContentErrorKind, asker: &Asker, message: String) -> ContentError {
        let (path, line) = self.place(asker);
        ContentError::new(kind, &path, line, message)
    }

    fn collision(&self, first: Claim, second: Claim) -> ContentError {
        let (blamed, other) = self.blame(first, second);
        let asker = self.asker(blamed);
        let both_articles = [blamed, other].iter().all(|claim| {
            matches!(
                claim,
                Claim::Page(Route {
                    page: Page::Article(_),
                    ..
                })
            )
        });
        let is_list = |claim: Claim| {
            matches!(
                claim,
                Claim::Page(Route {
                    page: Page::List { .. },
                    ..
                })
            )
        };
        let fix = if both_articles
            && !matches!(
                asker,
                Asker::Field {
                    field: Some("url"),
                    ..
                }
            ) {
            "give one of them a different `slug:` (or date)".to_string()
        } else if (is_list(blamed) || is_list(other))
            && matches!(
                asker,
                Asker::Field {
                    field: Some("slug") | None,
                    ..
                }
            )
        {
            "rename the article's `slug:`, or the tag, author or section that takes this address"
                .to_string()
        } else {
            self.fix(&asker)
        };
        let message = match asker {
            Asker::Static(_) => format!(
                "this file would replace {} at {}; {fix}",
                self.describe(other),
                other.path()
            ),
            _ => format!(
                "{} and {} would both be written to {}; {fix}",
                self.describe_self(blamed),
                self.describe(other),
                blamed.path()
            ),
        };
        self.problem(ContentErrorKind::UrlCollision, &asker, message)
    }

    /// `file_claim` is written to the file `folder`, which `inside` needs as a folder.
    fn folder_taken(&self, file_claim: Claim, inside: Claim, folder: &str) -> ContentError {
        if let Claim::File(SiteFile {
            kind: FileKind::SearchIndex,
            ..
        }) = file_claim
        {
            return self.inside_search_index(inside, folder);
        }
        let (blamed, other) = self.blame(file_claim, inside);
        let asker = self.asker(blamed);
        let message = if matches!(asker, Asker::Static(_)) {
            format!(
                "this file takes the place of the folder /{folder}/ that {} needs for {}; {}",
                self.describe(other),
                other.path(),
                self.fix(&asker)
            )
        } else if blamed.file() == folder {
            format!(
                "{} would be written to the file /{folder}, where {} needs a folder for {}; {}",
                self.describe_self(blamed),
                self.describe(other),
                other.path(),
                self.fix(&asker)
            )
        } else {
            format!(
                "{} would be written inside the folder /{folder}/, but {} is written to the file /{folder}; {}",
                self.describe_self(blamed),
                self.describe(other),
                self.fix(&asker)
            )
        };
        self.problem(ContentErrorKind::UrlCollision, &asker, message)
    }

    /// `inside` would be written in the folder `folder` of the search index, which holds
    /// Pagefind's files alone.
    fn inside_search_index(&self, inside: Claim, folder: &str) -> ContentError {
        let asker = self.asker(inside);
        let what = match asker {
            Asker::Static(_) => "this file".to_string(),
            _ => self.describe_self(inside),
        };
        let place = if inside.file() == format!("{folder}/index.html") {
            format!("/{folder}/, the folder")
        } else {
            format!("{}, inside /{folder}/, the folder", inside.path())
        };
        let message = format!(
            "{what} would be written to {place} of the search index (`search = true` in {CONFIG_FILE}); {}",
            self.fix(&asker)
        );
        self.problem(ContentErrorKind::UrlCollision, &asker, message)
    }

    fn unwritable_problem(&self, claim: Claim, reason: &str) -> ContentError {
        let asker = self.asker(claim);
        let shown = claim.path().replace('\0', "\\0");
        let message = format!(
            "{} would be written to {shown}, which cannot be a file: {reason}; {}",
            self.describe_self(claim),
            self.fix(&asker)
        );
        self.problem(ContentErrorKind::UnwritablePath, &asker, message)
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
    fn impossible_names_are_told_apart_from_possible_ones() {
        assert_eq!(unwritable("2023/10/29/story/index.html"), None);
        assert!(unwritable("a\0b/index.html").unwrap().contains("NUL"));
        let long = format!("{}/index.html", "x".repeat(256));
        assert!(unwritable(&long).unwrap().contains("256 bytes"));
        assert_eq!(unwritable(&format!("{}/index.html", "x".repeat(255))), None);
        assert!(unwritable("a/../index.html").is_some());
        for reserved in ["con", "NUL", "aux.html", "com1", "LPT9.txt"] {
            assert!(unwritable(reserved).is_some(), "{reserved}");
        }
        for fine in ["console", "com0", "com10", "nullable", "lpt"] {
            assert_eq!(unwritable(fine), None, "{fine}");
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
