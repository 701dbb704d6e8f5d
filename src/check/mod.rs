//! `newsroom check`: everything a build checks, without writing anything, and then every
//! address of every page (`href`, `src`, `srcset`) against the site the build would write.
//!
//! The site is read, planned and rendered as a build renders it, but into memory. Each HTML
//! page is then read for its addresses and ids; an address inside the site must name a
//! planned page or file, and its `#fragment` an id of that page. A broken address is
//! reported where it was written: the article and the line of its Markdown (or of its
//! `image:` field), or the theme's template when the theme made it. Addresses outside the site
//! are asked about over HTTP only with `--external`.

mod external;
mod html;
mod sources;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use url::Url;

use crate::error::{ContentError, Result};
use crate::routes::{self, Listing, Page, Route};
use crate::site::{HeldBackAs, Site};
use crate::{BuildOptions, Edition, Frame};
use html::{Address, Scan};
use sources::Origins;

pub use external::{CACHE_FILE, STATE_DIR};

/// What `newsroom check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Check the site with its drafts in it.
    pub drafts: bool,
    /// Check the site with its scheduled articles in it.
    pub future: bool,
    /// Also ask other sites about the links to them.
    pub external: bool,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem, one line each, `path:line: message`, sorted by file and line.
    pub problems: Vec<String>,
    /// Articles published in the site checked.
    pub articles: usize,
    /// HTML pages read.
    pub pages: usize,
    /// Addresses inside the site checked (each counted once per page).
    pub addresses: usize,
    /// Of those, the ones with a `#fragment`.
    pub fragments: usize,
    /// Distinct addresses outside the site.
    pub outside: usize,
    /// With `--external`, how many outside addresses were asked about over the network (the
    /// others' answers came from the cache).
    pub asked: Option<usize>,
    /// Things worth knowing that are not problems.
    pub warnings: Vec<String>,
}

impl CheckReport {
    /// Whether nothing is broken.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// The closing line: what was checked and how many problems there are.
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let outside = match self.asked {
            None if self.outside > 0 => format!(
                "{} (not checked; --external checks them)",
                plural(self.outside, "outside link", "outside links")
            ),
            None => plural(0, "outside link", "outside links"),
            Some(asked) => format!(
                "{} ({asked} asked, {} from the cache)",
                plural(self.outside, "outside link", "outside links"),
                self.outside - asked
            ),
        };
        let problems = match self.problems.len() {
            0 => "no problems".to_string(),
            n => plural(n, "problem", "problems"),
        };
        format!(
            "Checked {} on {}: {} and {} inside the site, {outside}: {problems}",
            plural(self.articles, "article", "articles"),
            plural(self.pages, "page", "pages"),
            plural(self.addresses, "link or file", "links and files"),
            plural(self.fragments, "#fragment", "#fragments"),
        )
    }
}

/// Checks the site: reads, plans and renders it into memory, then checks every address of
/// every page. Errors that stop a build before any article is placed (the config, the
/// templates) are returned as errors; problems of articles are in the report with the rest.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let mut build = BuildOptions::new(&options.root);
    build.drafts = options.drafts;
    build.future = options.future;
    let (mut frame, content, mut skipped) = Frame::read_keeping_going(&build)?;
    // A check writes no page, so photos missing from the cache are named, not made.
    frame.photo_work = crate::images::Work::NameOnly;
    let held_back: HashMap<String, (PathBuf, HeldBackAs)> = content
        .articles
        .iter()
        .filter_map(|article| {
            let why = frame.publishing.holds_back(article)?;
            let path = routes::article_path(article, &frame.config);
            Some((path, (article.source.clone(), why)))
        })
        .collect();
    let (edition, lost) = Edition::assemble_keeping_going(frame, content)?;
    skipped.extend(lost);

    let renderer = edition.renderer();
    let (site, config, theme) = (&edition.site, &edition.frame.config, &edition.frame.theme);
    let scans: Vec<Option<Scan>> = edition
        .routes
        .par_iter()
        .map(|route| {
            let text = renderer.render(route, site, config, theme)?;
            Ok(route.file().ends_with(".html").then(|| html::scan(&text)))
        })
        .collect::<Result<_>>()?;
    let planned = Planned::new(&edition, &scans, held_back);
    let root = &planned.root;
    let origins: Vec<Origins> = site
        .articles
        .par_iter()
        .map(|article| {
            let text =
                std::fs::read_to_string(options.root.join(&article.source)).unwrap_or_default();
            let mut origins = Origins::of_article(
                &text,
                article.image.as_ref().map(|image| image.src.as_str()),
            );
            origins.resolve_against(&url_of(root, &routes::article_path(article, config)));
            origins
        })
        .collect();
    let theme_sources = ThemeSources::read(&options.root);

    let mut report = CheckReport {
        articles: site.articles.len(),
        warnings: edition.warnings.clone(),
        ..CheckReport::default()
    };
    let mut findings = Findings::default();
    let mut outside: BTreeMap<String, Vec<(usize, &Address)>> = BTreeMap::new();
    // What is wrong with each URL, worked out once: a broken link of the theme is on every
    // page, and finding the nearest page to suggest costs a look at all of them.
    let mut verdicts: HashMap<String, Option<Problem>> = HashMap::new();
    let locator = Locator::new(site, config, &origins, &theme_sources);
    for (index, route) in edition.routes.iter().enumerate() {
        let Some(scan) = &scans[index] else {
            continue;
        };
        report.pages += 1;
        let page_url = planned.url_of(&route.path);
        let mut seen = HashSet::new();
        for address in &scan.addresses {
            if !seen.insert((address.noun, address.value.as_str())) {
                continue;
            }
            match planned.classify(&page_url, &address.value) {
                Target::Elsewhere => {}
                Target::Invalid(reason) => {
                    let place = locator.place(route, address, None);
                    findings.add(place, address, &route.path, || reason);
                }
                Target::Outside(url) => outside.entry(url).or_default().push((index, address)),
                Target::Inside(url) => {
                    report.addresses += 1;
                    report.fragments += usize::from(url.fragment().is_some_and(|f| !f.is_empty()));
                    let verdict = verdicts
                        .entry(url.to_string())
                        .or_insert_with(|| planned.problem(&url));
                    if let Some(problem) = verdict {
                        let place = locator.place(route, address, Some(&url));
                        findings.add(place, address, &route.path, || planned.explain(problem));
                    }
                }
            }
        }
    }

    report.outside = outside.len();
    if options.external && !outside.is_empty() {
        let (mut cache, warning) = external::Cache::load(&options.root);
        report.warnings.extend(warning);
        let urls: Vec<String> = outside.keys().cloned().collect();
        let asked = external::check(&urls, &mut cache, seconds_since_1970());
        if let Err(error) = cache.save(seconds_since_1970()) {
            report.warnings.push(format!(
                "{error}; the answers of this check are not kept for the next"
            ));
        }
        report.asked = Some(asked.asked);
        for (url, occurrences) in &outside {
            match asked.verdicts.get(url) {
                Some(external::Verdict::Broken(reason)) => {
                    for &(index, address) in occurrences {
                        let route = &edition.routes[index];
                        let place = locator.place(route, address, None);
                        findings.add(place, address, &route.path, || reason.clone());
                    }
                }
                Some(external::Verdict::Unknown(reason)) => {
                    report.warnings.push(format!("{url}: {reason}"));
                }
                _ => {}
            }
        }
    }

    report.problems = findings.lines(site, config, &skipped);
    // A lead image without alt text is a warning in a build and a problem here, where the
    // site is checked before it goes out.
    let missing_alt: Vec<String> = site
        .articles
        .iter()
        .filter_map(|article| article.image.as_ref()?.missing_alt(&article.source))
        .collect();
    report
        .warnings
        .retain(|warning| !missing_alt.contains(warning));
    report.problems.extend(missing_alt);
    report.problems.sort_by_cached_key(|line| place_of(line));
    Ok(report)
}

/// The file and line a `path:line: message` names, for sorting problems by place.
fn place_of(line: &str) -> (String, usize) {
    let mut parts = line.splitn(3, ':');
    let path = parts.next().unwrap_or_default().to_string();
    let number = parts
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    (path, number)
}

fn seconds_since_1970() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Where an address leads.
enum Target {
    /// A page or file of this site (the URL, resolved).
    Inside(Url),
    /// Another site (the URL without its fragment).
    Outside(String),
    /// Somewhere no check applies: `mailto:`, `tel:`, `data:`, `javascript:` ...
    Elsewhere,
    /// Not an address at all: why.
    Invalid(String),
}

/// Why an address inside the site leads nowhere.
#[derive(Debug, Clone)]
enum Problem {
    /// The site has nothing at this site path.
    Missing { path: String },
    /// The page at `path` (the output file `file`) has no element with this id.
    NoSuchId {
        path: String,
        file: String,
        id: String,
    },
}

/// Everything the site will have, to look addresses up in.
struct Planned {
    /// The URL of the site's root, with a trailing `/`. A site without an absolute
    /// `base_url` is given a stand-in host, so its root-relative links resolve the same way.
    root: Url,
    /// Every file of the output, relative to its root, as written (not percent-encoded).
    files: HashSet<String>,
    /// The paths of the HTML pages, for suggesting the nearest one.
    pages: Vec<String>,
    /// The ids of every rendered page, by file.
    ids: HashMap<String, HashSet<String>>,
    /// HTML files of `static/`, whose ids are read when a link needs them.
    static_html: HashMap<String, PathBuf>,
    static_ids: RefCell<HashMap<String, HashSet<String>>>,
    /// The articles this check leaves out, by their path, with why.
    held_back: HashMap<String, (PathBuf, HeldBackAs)>,
}

impl Planned {
    fn new(
        edition: &Edition,
        scans: &[Option<Scan>],
        held_back: HashMap<String, (PathBuf, HeldBackAs)>,
    ) -> Planned {
        let base = &edition.frame.config.base_url;
        let root = if edition.frame.config.has_absolute_base_url() {
            Url::parse(&format!("{base}/"))
        } else {
            Url::parse(&format!("http://site.invalid{base}/"))
        }
        .or_else(|_| Url::parse("http://site.invalid/"))
        .expect("a constant URL parses");
        let mut files = HashSet::new();
        let mut pages = Vec::new();
        let mut ids = HashMap::new();
        for (route, scan) in edition.routes.iter().zip(scans) {
            let file = route.file();
            if let Some(scan) = scan {
                pages.push(route.path.clone());
                ids.insert(file.clone(), scan.ids.iter().cloned().collect());
            }
            files.insert(file);
        }
        for (name, _) in &edition.generated_files {
            files.insert(name.clone());
        }
        if edition.frame.config.search {
            files.extend(crate::search::fixed_files());
        }
        files.extend(
            edition
                .photos
                .files()
                .iter()
                .map(|photo| photo.file.clone()),
        );
        let mut static_html = HashMap::new();
        for file in &edition.frame.static_files {
            if file.relative.ends_with(".html") || file.relative.ends_with(".htm") {
                static_html.insert(file.relative.clone(), file.source.clone());
            }
            files.insert(file.relative.clone());
        }
        Planned {
            root,
            files,
            pages,
            ids,
            static_html,
            static_ids: RefCell::default(),
            held_back,
        }
    }

    /// The URL of a site path (`/tags/`).
    fn url_of(&self, path: &str) -> Url {
        url_of(&self.root, path)
    }

    fn classify(&self, page: &Url, value: &str) -> Target {
        let url = match page.join(value) {
            Ok(url) => url,
            Err(error) => return Target::Invalid(format!("it is not a valid address ({error})")),
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Target::Elsewhere;
        }
        let same_host = url.host() == self.root.host() && url.port() == self.root.port();
        if same_host && url.path().starts_with(self.root.path()) {
            Target::Inside(url)
        } else {
            let mut bare = url;
            bare.set_fragment(None);
            Target::Outside(bare.into())
        }
    }

    /// The site path of a URL inside the site, decoded: `/2023/10/29/story/`.
    fn site_path(&self, url: &Url) -> String {
        let rest = &url.path()[self.root.path().len()..];
        let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        format!("/{decoded}")
    }

    /// The output file a site path is served from, if the site has one: `/a/` is
    /// `a/index.html`, and `/a` is the file `a` or, as static hosts redirect it, `a/index.html`.
    fn file_of(&self, path: &str) -> Option<String> {
        let relative = path.trim_start_matches('/');
        let candidates = if relative.is_empty() || relative.ends_with('/') {
            vec![format!("{relative}index.html")]
        } else {
            vec![relative.to_string(), format!("{relative}/index.html")]
        };
        candidates
            .into_iter()
            .find(|file| self.files.contains(file))
    }

    /// What is wrong with an address inside the site, or `None` when it leads somewhere.
    fn problem(&self, url: &Url) -> Option<Problem> {
        let path = self.site_path(url);
        let Some(file) = self.file_of(&path) else {
            return Some(Problem::Missing { path });
        };
        let fragment = url.fragment().unwrap_or_default();
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
            return None;
        }
        let found = self.with_ids(&file, |ids| ids.is_none_or(|ids| ids.contains(&*fragment)));
        (!found).then(|| Problem::NoSuchId {
            path,
            file,
            id: fragment.into_owned(),
        })
    }

    /// A problem in words, with the likeliest fix. (Suggesting the nearest page looks at every
    /// page, so it is done once for each broken address, not for each page it is on.)
    fn explain(&self, problem: &Problem) -> String {
        match problem {
            Problem::Missing { path } => self.missing(path),
            Problem::NoSuchId { path, file, id } => {
                let mut message = format!("{path} has no heading or anchor with id \"{id}\"");
                let near = self.with_ids(file, |ids| {
                    nearest(id, ids.into_iter().flatten().map(String::as_str)).map(str::to_string)
                });
                if let Some(near) = near {
                    message.push_str(&format!(" (did you mean \"#{near}\"?)"));
                }
                message
            }
        }
    }

    /// Runs `f` on the ids of an HTML file of the site (`None` for other files).
    fn with_ids<T>(&self, file: &str, f: impl FnOnce(Option<&HashSet<String>>) -> T) -> T {
        if let Some(ids) = self.ids.get(file) {
            return f(Some(ids));
        }
        let Some(source) = self.static_html.get(file) else {
            return f(None);
        };
        let mut cache = self.static_ids.borrow_mut();
        let ids = cache.entry(file.to_string()).or_insert_with(|| {
            let text = std::fs::read(source).unwrap_or_default();
            html::scan(&String::from_utf8_lossy(&text))
                .ids
                .into_iter()
                .collect()
        });
        f(Some(ids))
    }

    /// Why a site path leads nowhere, with the likeliest fix.
    fn missing(&self, path: &str) -> String {
        let as_page = format!(
            "{}/",
            path.trim_end_matches("index.html").trim_end_matches('/')
        );
        if let Some((source, why)) = self
            .held_back
            .get(path)
            .or_else(|| self.held_back.get(&as_page))
        {
            let source = source.display();
            return match why {
                HeldBackAs::Draft => format!(
                    "{path} is {source}, a draft, which the site leaves out; publish it (remove `draft: true`), or check with --drafts"
                ),
                HeldBackAs::Scheduled(when) => format!(
                    "{path} is {source}, which is scheduled for {} and left out until then; check with --future to include it",
                    when.to_rfc3339()
                ),
                HeldBackAs::Expired => format!(
                    "{path} is {source}, which has expired and is no longer on the site; link elsewhere or remove the link"
                ),
            };
        }
        let last = path.rsplit('/').next().unwrap_or_default();
        if last.contains('.') && !last.ends_with(".html") {
            let mut message = format!(
                "the site has no file {path}; put it at {}{path}, or correct the address",
                crate::statics::STATIC_DIR
            );
            let files = self.files.iter().filter(|f| !f.ends_with("index.html"));
            if let Some(near) = nearest(path.trim_start_matches('/'), files.map(String::as_str)) {
                message.push_str(&format!(" (did you mean /{near}?)"));
            }
            return message;
        }
        let mut message = format!("the site has no page {path}");
        if let Some(near) = nearest(path, self.pages.iter().map(String::as_str)) {
            message.push_str(&format!(" (did you mean {near}?)"));
        }
        message
    }
}

/// The URL of a site path (`/tags/`) on a site whose root is `root`.
fn url_of(root: &Url, path: &str) -> Url {
    root.join(path.trim_start_matches('/'))
        .unwrap_or_else(|_| root.clone())
}

/// The candidate closest to `wanted` in edit distance, when it is close enough to be a slip.
fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 4).max(2);
    candidates
        .map(|candidate| (strsim::levenshtein(wanted, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Where an address was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// An article's file, at a line.
    Article {
        source: PathBuf,
        line: usize,
        /// Its position in the site.
        position: usize,
    },
    /// A template of the theme: its name as messages show it, and the line of the address
    /// when the template writes it literally.
    Theme { file: String, line: Option<usize> },
}

/// Finds where an address of a page was written.
struct Locator<'a> {
    site: &'a Site,
    config: &'a crate::Config,
    origins: &'a [Origins],
    /// The first article and line that writes each address (by [`sources::key`]).
    anywhere: HashMap<String, (usize, usize)>,
    theme: &'a ThemeSources,
    /// Where the theme writes an address, by address and page template, found once.
    in_theme: RefCell<HashMap<(String, &'static str), Place>>,
}

impl<'a> Locator<'a> {
    fn new(
        site: &'a Site,
        config: &'a crate::Config,
        origins: &'a [Origins],
        theme: &'a ThemeSources,
    ) -> Locator<'a> {
        let mut anywhere = HashMap::new();
        for (position, origins) in origins.iter().enumerate() {
            for (value, line) in origins.lines() {
                anywhere
                    .entry(value.to_string())
                    .or_insert((position, line));
            }
        }
        Locator {
            site,
            config,
            origins,
            anywhere,
            theme,
            in_theme: RefCell::default(),
        }
    }

    fn place(&self, route: &Route, address: &Address, resolved: Option<&Url>) -> Place {
        let article = |position: usize, line| Place::Article {
            source: self.site.articles[position].source.clone(),
            line,
            position,
        };
        // First the articles the page shows, then any article that writes the same address.
        for position in shown_articles(route, self.site, self.config) {
            let origins = &self.origins[position];
            let line = resolved
                .and_then(|url| origins.line_of_resolved(url))
                .or_else(|| origins.line_of(&address.value));
            if let Some(line) = line {
                return article(position, line);
            }
        }
        if let Some(&(position, line)) = self.anywhere.get(&sources::key(&address.value)) {
            return article(position, line);
        }
        let template = route.page.template();
        self.in_theme
            .borrow_mut()
            .entry((address.value.clone(), template))
            .or_insert_with(|| {
                let (file, line) = self.theme.locate(&address.value, template);
                Place::Theme { file, line }
            })
            .clone()
    }
}

/// The articles whose own text a page shows: an article's page its body, a list page the
/// summaries of its stories.
fn shown_articles(route: &Route, site: &Site, config: &crate::Config) -> Vec<usize> {
    match route.page {
        Page::Article(position) | Page::Redirect { article: position } => vec![position],
        Page::List { listing, number } => {
            let all = listing.articles(site);
            let range = listing.pages(site, config).range(number);
            let mut shown = all[range].to_vec();
            if listing == Listing::Home && number == 1 {
                shown.extend(&site.pinned);
            }
            shown
        }
        _ => Vec::new(),
    }
}

/// The text of every HTML template the site is rendered with, to find the line of an address
/// the theme writes as it is.
struct ThemeSources {
    /// `(name, name as messages show it, text)`.
    files: Vec<(String, String, String)>,
}

impl ThemeSources {
    fn read(root: &Path) -> ThemeSources {
        let folder = root.join(crate::render::TEMPLATES_DIR);
        let shown = |name: &str| format!("{}/{name}", crate::render::TEMPLATES_DIR);
        let mut files = Vec::new();
        let mut seen = HashSet::new();
        for (name, built_in) in crate::render::Theme::built_in_files() {
            if !name.ends_with(".html") {
                continue;
            }
            seen.insert(name.to_string());
            match std::fs::read_to_string(folder.join(name)) {
                Ok(text) => files.push((name.to_string(), shown(name), text)),
                Err(_) => files.push((
                    name.to_string(),
                    format!("(built-in) {name}"),
                    built_in.to_string(),
                )),
            }
        }
        for entry in walkdir::WalkDir::new(&folder)
            .sort_by(crate::in_name_order)
            .into_iter()
            .filter_map(|entry| entry.ok())
        {
            let Ok(relative) = entry.path().strip_prefix(&folder) else {
                continue;
            };
            let name = relative.to_string_lossy().replace('\\', "/");
            if name.ends_with(".html") && entry.file_type().is_file() && seen.insert(name.clone()) {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                files.push((name.clone(), shown(&name), text));
            }
        }
        ThemeSources { files }
    }

    /// The template that writes `value` literally (the page's own template first), with the
    /// line; else the page's template without a line.
    fn locate(&self, value: &str, page_template: &str) -> (String, Option<usize>) {
        let own = self.files.iter().filter(|(name, ..)| name == page_template);
        let others = self.files.iter().filter(|(name, ..)| name != page_template);
        for (_, shown, text) in own.chain(others) {
            for quote in ['"', '\''] {
                if let Some(at) = text.find(&format!("={quote}{value}{quote}")) {
                    return (shown.clone(), Some(crate::text::line_of_offset(text, at)));
                }
            }
        }
        let shown = self
            .files
            .iter()
            .find(|(name, ..)| name == page_template)
            .map_or_else(|| page_template.to_string(), |(_, shown, _)| shown.clone());
        (shown, None)
    }
}

/// The broken addresses found, each once however many pages repeat it.
#[derive(Default)]
struct Findings {
    found: BTreeMap<(Place, String, &'static str), Finding>,
}

struct Finding {
    reason: String,
    /// The pages it is on, in the order met.
    pages: Vec<String>,
}

impl Findings {
    /// Adds a broken address met on `page`; `reason` is asked only the first time it is met.
    fn add(
        &mut self,
        place: Place,
        address: &Address,
        page: &str,
        reason: impl FnOnce() -> String,
    ) {
        let finding = self
            .found
            .entry((place, address.value.clone(), address.noun))
            .or_insert_with(|| Finding {
                reason: reason(),
                pages: Vec::new(),
            });
        finding.pages.push(page.to_string());
    }

    /// Every problem as a line, the articles' own problems among them, sorted by file and
    /// line.
    fn lines(&self, site: &Site, config: &crate::Config, skipped: &[ContentError]) -> Vec<String> {
        let mut lines: Vec<(String, usize, String)> = skipped
            .iter()
            .map(|error| {
                let place = &error.place;
                (
                    place.path.display().to_string(),
                    place.line.unwrap_or(0),
                    error.to_string(),
                )
            })
            .collect();
        for ((place, value, noun), finding) in &self.found {
            let what = match *noun {
                "link" | "<link> address" => "broken",
                _ => "missing",
            };
            let (file, line, own_page) = match place {
                Place::Article {
                    source,
                    line,
                    position,
                } => (
                    source.display().to_string(),
                    Some(*line),
                    Some(routes::article_path(&site.articles[*position], config)),
                ),
                Place::Theme { file, line } => (file.clone(), *line, None),
            };
            // A broken address of an article is named on its own page alone; one that breaks
            // only where its summary is shown (a `#note`, a relative link) says where.
            let pages = &finding.pages;
            let on_own_page = own_page.as_ref().is_some_and(|own| pages.contains(own));
            let summary = if own_page.is_some() {
                "in its summary "
            } else {
                ""
            };
            let on = match pages.as_slice() {
                _ if on_own_page => String::new(),
                [only] => format!(" ({summary}on {only})"),
                [first, ..] => format!(" ({summary}on {} pages, such as {first})", pages.len()),
                [] => String::new(),
            };
            let at = line.map_or_else(String::new, |line| format!(":{line}"));
            lines.push((
                file.clone(),
                line.unwrap_or(0),
                format!(
                    "{file}{at}: {what} {noun} \"{value}\": {}{on}",
                    finding.reason
                ),
            ));
        }
        lines.sort();
        lines.into_iter().map(|(_, _, line)| line).collect()
    }
}
