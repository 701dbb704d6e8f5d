//! newsroom: a static site generator for news sites.
//!
//! A build is a pipeline of plain stages, each a function from one data type to the next:
//! the config is loaded, articles are discovered and parsed, the site is assembled, every URL
//! is planned, pages are rendered, and the output is swapped into place. Only the first stages
//! read the disk and only the last writes it.

pub mod body;
pub mod cache;
pub mod changes;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod images;
pub mod inputs;
pub mod links;
pub mod metadata;
pub mod output;
pub mod paginate;
pub mod photos;
pub mod ping;
pub mod profiles;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod statics;
mod text;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use config::Config;
pub use error::{ContentError, ContentErrorKind, Error, Result};

/// What `newsroom build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `newsroom.toml`, `content/`, `templates/` and `static/`.
    pub root: PathBuf,
    /// Where the site is written; `public/` in the site folder when not given.
    pub output: Option<PathBuf>,
    /// Replaces the config's `base_url`, for preview deployments.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Replace an output folder that newsroom did not make (`--force`).
    pub force: bool,
}

impl BuildOptions {
    /// Options for building the site at `root` with every default.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            force: false,
        }
    }

    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Articles published in this build.
    pub articles: usize,
    /// Tags with a page of their own.
    pub tags: usize,
    /// HTML pages written.
    pub pages: usize,
    /// RSS and Atom feeds written.
    pub feeds: usize,
    /// Files copied from `static/`.
    pub static_files: usize,
    /// Drafts left out (no `--drafts`).
    pub drafts_left_out: usize,
    /// Articles scheduled after the build (no `--future`).
    pub scheduled_left_out: usize,
    /// Articles past their `expiry_date`.
    pub expired_left_out: usize,
    /// When the next scheduled article goes live, for planning the next build.
    pub next_scheduled: Option<DateTime<Tz>>,
    /// When the next article expires, which a build must also follow to take it down.
    pub next_expiry: Option<DateTime<Tz>>,
    /// The output folder written.
    pub output: PathBuf,
    /// How long the build took.
    pub elapsed: Duration,
    /// Things the build did not do and why, printed after the summary.
    pub warnings: Vec<String>,
    /// Why each article left out by `--keep-going` was left out: every problem of every
    /// such file, in the order of the files.
    pub skipped: Vec<ContentError>,
    /// How many pages were not rendered, because the last build made them from the same
    /// template and values and they are still in the output as it wrote them.
    pub reused_pages: usize,
    /// How many pages were not rendered, because only their Latest stories list changed: the
    /// new list was put into the bytes the last build wrote.
    pub spliced_pages: usize,
    /// How many output files the build added, changed and deleted, and where it listed them.
    pub changes: Option<(changes::ChangeCounts, PathBuf)>,
    /// Nothing the build reads had changed since the last build, so it left that build's
    /// output as it was ([`inputs`]).
    pub unchanged: bool,
}

/// Builds the site: reads everything, renders every page into a staging folder, and swaps it
/// into the output folder only if all of that succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let shortcut = Shortcut::look(options)?;
    if let Some(report) = shortcut.report(options, started) {
        return Ok(report);
    }
    stage_done("inputs", started);
    let mut edition = Edition::prepare(options)?;
    let until = edition.holds_until();
    let built_at = edition.frame.publishing.now;
    let at = Instant::now();
    let renderer = edition.renderer_taking_bodies();
    stage_done("values", at);
    let report = edition.write(&renderer)?;
    free_later(renderer);
    let at = Instant::now();
    shortcut.remember(built_at, until, &report);
    stage_done("stamp", at);
    Ok(report)
}

/// The order of entries in one folder of a walk: by name, as `sort_by_file_name` orders
/// them, but for a fraction of its cost. Entries of one folder have the folder's path and
/// then their names, so comparing their whole paths compares their names, without finding
/// each name in its path again at every comparison: sorting a folder of 10,000 stories by
/// name made one of the longest parts of a build with nothing to render.
pub(crate) fn in_name_order(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    fn path(entry: &walkdir::DirEntry) -> &[u8] {
        entry.path().as_os_str().as_encoded_bytes()
    }
    path(a).cmp(path(b))
}

/// Frees `value` on a thread of its own. A large site's articles and template values take
/// tens of milliseconds to free, which a finished build need not wait for; when the process
/// ends first, the system takes the memory back whole. Only plain values go this way, never
/// one whose drop does something (a staging folder, a draft of the body memo).
fn free_later<T: Send + 'static>(value: T) {
    // A thread that cannot be started hands the value back, and it is freed here.
    let _ = std::thread::Builder::new()
        .name("free".to_string())
        .spawn(move || drop(value));
}

/// What a build needs to tell that nothing it reads changed since the last build, and to
/// leave a stamp for the next to tell the same.
struct Shortcut {
    /// The hash of the inputs, when they could be read: the build cache, the output folder
    /// and the hash.
    seen: Option<(PathBuf, PathBuf, inputs::Inputs)>,
    now: DateTime<Utc>,
    config: Option<Config>,
}

impl Shortcut {
    /// Hashes the inputs of a build with `options`. Anything in the way (no config that
    /// reads, a folder that cannot be listed) only means the build runs, and says what is
    /// wrong; a build with `--drafts` always runs, since an undated draft is dated by the
    /// clock.
    fn look(options: &BuildOptions) -> Result<Shortcut> {
        let root = &options.root;
        refuse_dangerous_output(root, &options.output_dir())?;
        let now = build_moment()?;
        let mut shortcut = Shortcut {
            seen: None,
            now,
            config: None,
        };
        if options.drafts || !root.is_dir() {
            return Ok(shortcut);
        }
        let Ok(mut config) = Config::load(root) else {
            return Ok(shortcut);
        };
        if let Some(base_url) = &options.base_url {
            let Ok(normalized) = config::normalize_base_url(base_url) else {
                return Ok(shortcut);
            };
            config.base_url = normalized;
        }
        let Ok(target) = output::guard::resolve(&options.output_dir()) else {
            return Ok(shortcut);
        };
        let cache = changes::cache_dir(root, &config);
        shortcut.seen = inputs::hash(options, &config, &target).map(|hash| (cache, target, hash));
        shortcut.config = Some(config);
        Ok(shortcut)
    }

    /// The report of a build that is already done, when nothing changed since the last; its
    /// change list, of no change, is written for `newsroom ping`.
    fn report(&self, options: &BuildOptions, started: Instant) -> Option<BuildReport> {
        let ((cache, target, hash), config) = (self.seen.as_ref()?, self.config.as_ref()?);
        let mut report = inputs::unchanged(cache, target, &hash.hash, self.now, config.timezone)?;
        let built_at = self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let nothing = output::manifest::Changes::default();
        changes::ChangeList::new(&nothing, false, config, built_at)
            .write(cache)
            .ok()?;
        report.changes = Some(((&nothing).into(), cache.join(changes::CHANGES_FILE)));
        report.output = options.output_dir();
        report.elapsed = started.elapsed();
        Some(report)
    }

    /// Keeps the stamp of a build made at `built_at` whose output holds until `until`.
    fn remember(
        &self,
        built_at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
        report: &BuildReport,
    ) {
        if let Some((cache, target, hash)) = &self.seen {
            inputs::remember(cache, target, hash, built_at, until, report);
        }
    }
}

/// Builds the site as [`build`] does, except that an article with problems (front matter
/// that does not read, a URL another article or page takes) is left out instead of failing
/// the build; the report names each one with its problems. Problems that are not one
/// article's (the config, the templates, a static file) still fail it.
pub fn build_keep_going(options: &BuildOptions) -> Result<BuildReport> {
    let (frame, content, mut skipped) = Frame::read_keeping_going(options)?;
    let (mut edition, lost) = Edition::assemble_keeping_going(frame, content)?;
    skipped.extend(lost);
    let renderer = edition.renderer_taking_bodies();
    let mut report = edition.write(&renderer)?;
    report.skipped = skipped;
    Ok(report)
}

/// Everything a build reads from the site folder besides the articles: the config, the
/// theme, the author profiles and the static files, with what the build was asked for.
/// `newsroom serve` keeps it while only articles change.
#[derive(Clone)]
pub struct Frame {
    pub config: Config,
    pub profiles: profiles::Profiles,
    /// Shared, so an edition made after an edit reuses the compiled templates.
    pub theme: std::sync::Arc<render::Theme>,
    pub static_files: Vec<statics::StaticFile>,
    /// Which articles are let through, and the moment of the build.
    pub publishing: site::Publishing,
    pub output: PathBuf,
    /// Replace an output folder that newsroom did not make.
    pub force: bool,
    /// The site folder, against which the photos stories name are found.
    pub root: PathBuf,
    /// Whether photos are made, or only named (`newsroom check` writes nothing).
    pub photo_work: images::Work,
    /// Whether each edition keeps its rendered bodies in memory for the next
    /// ([`Edition::lasting_bodies`]): `newsroom serve` assembles edition after edition from
    /// the same articles.
    pub keeps_bodies: bool,
    /// The bodies the last build kept in the build cache, read once and used by the first
    /// edition assembled in this frame.
    pub bodies: std::sync::Arc<body::memo::Memo>,
    started: Instant,
}

impl Frame {
    /// Reads the site folder: the frame, and every article and section page.
    pub fn read(options: &BuildOptions) -> Result<(Frame, content::Content)> {
        // Strict reading fails on the first article with problems, so none come back.
        let (frame, content, _) = Frame::read_with(options, false)?;
        Ok((frame, content))
    }

    /// Reads the site folder as [`Frame::read`] does, but an article file with problems is
    /// left out and its problems returned, instead of failing the read.
    pub fn read_keeping_going(
        options: &BuildOptions,
    ) -> Result<(Frame, content::Content, Vec<ContentError>)> {
        Frame::read_with(options, true)
    }

    fn read_with(
        options: &BuildOptions,
        keep_going: bool,
    ) -> Result<(Frame, content::Content, Vec<ContentError>)> {
        let started = Instant::now();
        let root = &options.root;
        if !root.is_dir() {
            return Err(Error::Usage(format!(
                "{}: no such site folder; pass the folder holding newsroom.toml and content/ with --root",
                root.display()
            )));
        }
        let has_config = root.join(config::CONFIG_FILE).is_file();
        let has_articles =
            root.join(content::CONTENT_DIR).is_dir() || !content::jekyll_folders(root).is_empty();
        if !has_config && !has_articles {
            return Err(Error::Usage(format!(
                "{}: not a site folder: it holds neither {} nor a {}/ (or Jekyll _posts/) folder; run newsroom in a site folder or pass --root",
                root.display(),
                config::CONFIG_FILE,
                content::CONTENT_DIR
            )));
        }
        let output = options.output_dir();
        refuse_dangerous_output(root, &output)?;

        let mut config = Config::load(root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url = config::normalize_base_url(base_url).map_err(Error::Usage)?;
        }
        let at = stage_done("config", started);
        let (sources, notes) = content::discover(root)?;
        let at = stage_done("discover", at);
        let articles = content::memo::Memo::read(&changes::cache_dir(root, &config));
        let (mut content, problems) = content::parse_all(sources, &config, &articles);
        free_later(articles);
        let at = stage_done("parse", at);
        if !keep_going && !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        content.warnings.splice(0..0, notes);
        let profiles = profiles::Profiles::load(root)?;
        let theme = render::Theme::load(root, &config)?;
        let static_files = statics::discover(root, config.allow_outside_links)?;
        let at = stage_done("theme", at);
        let bodies = body::memo::Memo::read(&changes::cache_dir(root, &config));
        stage_done("body memo", at);
        let frame = Frame {
            bodies: std::sync::Arc::new(bodies),
            config,
            profiles,
            theme: std::sync::Arc::new(theme),
            static_files,
            publishing: site::Publishing {
                drafts: options.drafts,
                future: options.future,
                now: build_moment()?,
            },
            output,
            force: options.force,
            root: root.clone(),
            photo_work: images::Work::Make,
            keeps_bodies: false,
            started,
        };
        Ok((frame, content, problems))
    }

    /// This frame with the templates and author profiles read again, for a build that reuses
    /// the articles already read (`newsroom serve` after a template or profile change).
    pub fn reread_theme_and_profiles(&self, root: &Path) -> Result<Frame> {
        Ok(Frame {
            theme: std::sync::Arc::new(render::Theme::load(root, &self.config)?),
            profiles: profiles::Profiles::load(root)?,
            publishing: site::Publishing {
                now: Utc::now(),
                ..self.publishing
            },
            started: Instant::now(),
            ..self.clone()
        })
    }
}

/// One edition of the site: everything read, checked and planned, nothing written yet.
/// `newsroom serve` keeps it between rebuilds, so an edit re-renders only what it touched.
pub struct Edition {
    pub frame: Frame,
    pub site: site::Site,
    /// The pages rendered from templates.
    pub routes: Vec<routes::Route>,
    /// Every other file the plan writes: the stylesheet, sitemaps, robots.txt and the files
    /// of `static/`.
    pub files: Vec<routes::SiteFile>,
    /// Files made from the whole site rather than rendered from a template: the stylesheet,
    /// sitemaps and robots.txt the plan holds.
    pub generated_files: Vec<(String, Vec<u8>)>,
    /// The processed photos and site icons, whose files the plan holds.
    pub photos: photos::Photos,
    pub warnings: Vec<String>,
    /// The articles this edition leaves out (drafts, scheduled, expired), by file, so a
    /// body that links to one can say why it is not there.
    pub held_back: Vec<(PathBuf, site::HeldBackAs)>,
    /// With [`Frame::keeps_bodies`], a memo of this edition's bodies with no calls, for the
    /// editions assembled after it from the same articles, which then render again only the
    /// bodies that changed.
    pub lasting_bodies: Option<body::memo::Memo>,
    /// The memos of parsed articles and of rendered bodies for the next build, put in place
    /// when this edition is written.
    memos: Vec<(cache::Draft, &'static str)>,
}

impl Edition {
    /// Reads the site and plans every page, checking everything a build checks.
    pub fn prepare(options: &BuildOptions) -> Result<Edition> {
        let (frame, content) = Frame::read(options)?;
        Edition::assemble(frame, content)
    }

    /// Assembles the articles into a site in this frame and plans every file it writes.
    pub fn assemble(frame: Frame, mut content: content::Content) -> Result<Edition> {
        let at = Instant::now();
        let config = &frame.config;
        let mut warnings = std::mem::take(&mut content.warnings);
        // Kept for the next build, once this one succeeds; a memo that cannot be written
        // only costs the next build time.
        let mut memos = Vec::new();
        // `newsroom check` makes no photos and writes nothing; `newsroom serve` keeps its
        // editions in memory and never puts a memo in place, so neither writes one.
        let writes = frame.photo_work == images::Work::Make && !frame.keeps_bodies;
        let cache = changes::cache_dir(&frame.root, config);
        let articles = std::mem::take(&mut content.memo);
        if articles.stale && writes {
            match content::memo::write(&cache, &articles) {
                Ok(draft) => memos.push((draft, "parsed articles")),
                Err(error) => warnings.push(format!(
                    "the parsed articles were not kept for the next build: {error}"
                )),
            }
        }
        free_later(articles);
        let held_back: Vec<(PathBuf, site::HeldBackAs)> = content
            .articles
            .iter()
            .filter_map(|article| {
                let why = frame.publishing.holds_back(article)?;
                Some((article.source.clone(), why))
            })
            .collect();
        let mut site = site::Site::assemble(content, &frame.profiles, config, frame.publishing);
        for key in &site.unused_profiles {
            warnings.push(format!(
                "{}: the profile \"{key}\" matches no byline of a published article; check its spelling against the articles' `author:` lines",
                profiles::PROFILES_FILE
            ));
        }
        warnings.extend(site.nameless.iter().map(|nameless| nameless.warning(&site)));
        let at = stage_done("assemble", at);
        // Bodies are rendered once the theme is loaded and every story's URL is known.
        let markdown = body::take_markdown(&mut site);
        let bodies = body::render_all(
            &body::Stories::new(&site, config, &held_back),
            markdown,
            &frame.theme,
            &frame.bodies,
        )?;
        if bodies.memo_stale && writes {
            match body::memo::write(&cache, &bodies.to_keep(), &frame.bodies) {
                Ok(draft) => memos.push((draft, "rendered bodies")),
                Err(error) => warnings.push(format!(
                    "the rendered bodies were not kept for the next build: {error}"
                )),
            }
        }
        // Kept before the photos stage rewrites their images, as a body renders.
        let lasting_bodies = frame.keeps_bodies.then(|| {
            let kept = bodies.to_keep();
            let kept = kept.into_iter().map(|(key, body)| (key, body.clone()));
            body::memo::Memo::lasting(kept.collect())
        });
        body::put_into(&mut site, bodies.bodies);
        warnings.extend(bodies.warnings);
        let at = stage_done("bodies", at);
        // Photos are found in the rendered bodies, so they are developed after them, and
        // before the plan, which claims every file they make.
        let (photos, photo_warnings) =
            photos::develop(&mut site, &frame.root, config, frame.photo_work)?;
        warnings.extend(photo_warnings);
        let at = stage_done("photos", at);
        let plan = routes::plan(&site, config, &frame.static_files, photos.files())?;
        if !config.has_absolute_base_url() {
            warnings.push(format!(
                "base_url is not an absolute URL, so feeds, sitemaps, robots.txt and structured data were left out (they need absolute links); set base_url in {} or pass --base-url https://example.org/",
                config::CONFIG_FILE
            ));
        }
        let mut edition = Edition {
            frame,
            site,
            routes: plan.routes,
            files: plan.files,
            generated_files: Vec::new(),
            photos,
            warnings,
            held_back,
            lasting_bodies,
            memos,
        };
        let at = stage_done("plan", at);
        edition.generated_files = edition.make_generated_files();
        stage_done("sitemaps", at);
        Ok(edition)
    }

    /// Assembles and plans as [`Edition::assemble`] does, but an article that a problem of
    /// the plan is blamed on (a URL another article or page takes) is left out, and the
    /// plan made again without it. Returns the edition and the problems of the articles left
    /// out. A problem blamed on anything but an article still fails.
    pub fn assemble_keeping_going(
        frame: Frame,
        mut content: content::Content,
    ) -> Result<(Edition, Vec<ContentError>)> {
        let mut lost = Vec::new();
        loop {
            // Each round leaves out at least one article, so this ends.
            let errors = match Edition::assemble(frame.clone(), content.clone()) {
                Ok(edition) => return Ok((edition, lost)),
                Err(Error::Content(errors)) => errors,
                Err(other) => return Err(other),
            };
            let is_article = |path: &Path| content.articles.iter().any(|a| a.source == path);
            if !errors.iter().all(|error| is_article(&error.place.path)) {
                return Err(Error::Content(errors));
            }
            content
                .articles
                .retain(|article| !errors.iter().any(|e| e.place.path == article.source));
            lost.extend(errors);
        }
    }

    /// The bytes of the files the plan holds that are made from the whole site: the
    /// stylesheet, the embeds' script, sitemaps, the news sitemap and robots.txt.
    pub fn make_generated_files(&self) -> Vec<(String, Vec<u8>)> {
        use routes::FileKind;
        let (site, config) = (&self.site, &self.frame.config);
        let wants_sitemap =
            |file: &&routes::SiteFile| matches!(file.kind, FileKind::Sitemap { .. });
        let mut sitemaps = if self.files.iter().any(|file| wants_sitemap(&file)) {
            let entries = sitemap::entries(site, &self.routes, config);
            sitemap::sitemap_files(&entries, config, sitemap::URLS_PER_SITEMAP)
        } else {
            Vec::new()
        }
        .into_iter();
        let mut files = Vec::new();
        for file in &self.files {
            let bytes = match file.kind {
                FileKind::Stylesheet => self.frame.theme.stylesheet.as_bytes().to_vec(),
                FileKind::EmbedScript => render::shortcodes::EMBED_SCRIPT_TEXT.as_bytes().to_vec(),
                FileKind::Sitemap { .. } => match sitemaps.next() {
                    Some((_, text)) => text.into_bytes(),
                    None => continue,
                },
                FileKind::NewsSitemap => {
                    sitemap::news_sitemap(site, config, self.frame.publishing.now).into_bytes()
                }
                FileKind::Robots => sitemap::robots(config).into_bytes(),
                FileKind::LatestList => render::latest_fragment(site, config).into_bytes(),
                FileKind::LatestScript => render::LATEST_SCRIPT_TEXT.as_bytes().to_vec(),
                FileKind::IndexNowKey => match &config.indexnow_key {
                    Some(key) => key.clone().into_bytes(),
                    None => continue,
                },
                FileKind::Manifest => match self.photos.manifest(config) {
                    Some(manifest) => manifest.into_bytes(),
                    None => continue,
                },
                FileKind::Static(_) | FileKind::Photo(_) | FileKind::SearchIndex => continue,
            };
            files.push((file.file.clone(), bytes));
        }
        files
    }

    /// The template values this edition's pages draw on.
    pub fn renderer(&self) -> render::Renderer {
        render::Renderer::new(&self.site, &self.routes, &self.frame.config)
    }

    /// The template values of an edition rendered once, by a build: the articles' bodies
    /// move into them ([`render::Renderer::taking_bodies`]).
    pub fn renderer_taking_bodies(&mut self) -> render::Renderer {
        render::Renderer::taking_bodies(&mut self.site, &self.routes, &self.frame.config)
    }

    /// Renders every page into a staging folder and swaps it into the output folder.
    /// Keeps a record of the files written in the build cache, so the next build links the
    /// unchanged ones without reading them, and writes the list of what changed there.
    pub fn write(mut self, renderer: &render::Renderer) -> Result<BuildReport> {
        let frame = &self.frame;
        let cache = changes::cache_dir(&frame.root, &frame.config);
        let at = Instant::now();
        let mut staging = self.begin_staging()?;
        staging.keep_record(&cache)?;
        let at = stage_done("staging", at);
        let mut report = self.stage_into(&staging, renderer)?;
        let at = stage_done("render", at);
        let first_build = !staging.replaces_an_output();
        let built_at = frame
            .publishing
            .now
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The change list is written before the record of the new output, so no kill in
        // between can leave a record the next build trusts beside a list that lacks this
        // build's changes.
        let committed = staging.commit_then(|changed| {
            changes::ChangeList::new(changed, first_build, &frame.config, built_at).write(&cache)
        })?;
        for (memo, what) in std::mem::take(&mut self.memos) {
            // The output is in place: a memo that cannot be put beside it only costs time.
            if let Err(error) = memo.keep() {
                report.warnings.push(format!(
                    "the {what} were not kept for the next build: {error}"
                ));
            }
        }
        stage_done("commit", at);
        if let Some(changed) = committed {
            report.changes = Some(((&changed).into(), cache.join(changes::CHANGES_FILE)));
        }
        report.elapsed = frame.started.elapsed();
        free_later(self);
        Ok(report)
    }

    /// Renders every page into a staging folder, leaving the output folder as it was until
    /// the staging folder is committed: `newsroom serve` renders while it goes on serving the
    /// last build, and swaps the new one in only when no request is rendering into it.
    pub fn stage(&self, renderer: &render::Renderer) -> Result<(output::Staging, BuildReport)> {
        let staging = self.begin_staging()?;
        let report = self.stage_into(&staging, renderer)?;
        Ok((staging, report))
    }

    /// An empty staging folder for this edition's output folder.
    fn begin_staging(&self) -> Result<output::Staging> {
        let frame = &self.frame;
        let planned = || self.planned_files();
        output::Staging::begin(
            &frame.output,
            &output::Replacement {
                force: frame.force,
                planned: &planned,
            },
        )
    }

    /// Renders every page and copies every file into `staging`.
    fn stage_into(
        &self,
        staging: &output::Staging,
        renderer: &render::Renderer,
    ) -> Result<BuildReport> {
        let frame = &self.frame;
        let static_count = statics::copy_all(&frame.static_files, staging)?;
        photos::copy_all(&self.files, &self.photos, staging)?;
        for (name, bytes) in &self.generated_files {
            render::PageSink::put(staging, name, bytes)?;
        }
        let unrendered = if frame.config.search {
            // The article pages are kept on their way to the staging folder, and the index
            // made from them is written there too, so it is swapped in with them.
            let collector = search::Collector::new(staging, &self.routes);
            let unrendered = renderer.render_all(
                &self.site,
                &self.routes,
                &frame.config,
                &frame.theme,
                &collector,
            )?;
            let index = search::index(collector.into_pages(), &frame.config.language)?;
            for (name, bytes) in &index {
                render::PageSink::put(staging, name, bytes)?;
            }
            unrendered
        } else {
            renderer.render_all(
                &self.site,
                &self.routes,
                &frame.config,
                &frame.theme,
                staging,
            )?
        };
        let mut report = self.report(static_count);
        report.reused_pages = unrendered.reused;
        report.spliced_pages = unrendered.spliced;
        Ok(report)
    }

    /// Every file a build of this edition writes, relative to the output folder.
    pub fn planned_files(&self) -> std::collections::HashSet<String> {
        let routes = self.routes.iter().map(routes::Route::file);
        let generated = self.generated_files.iter().map(|(name, _)| name.clone());
        let statics = self.frame.static_files.iter().map(|f| f.relative.clone());
        // The index's other files are named by their content, unknown until it is made.
        let search = self
            .frame
            .config
            .search
            .then(search::fixed_files)
            .into_iter()
            .flatten();
        let photos = self.files.iter().filter_map(|file| match file.kind {
            routes::FileKind::Photo(_) => Some(file.file.clone()),
            _ => None,
        });
        routes
            .chain(generated)
            .chain(statics)
            .chain(search)
            .chain(photos)
            .collect()
    }

    /// The summary of a build of this edition that copied `static_files` files.
    pub fn report(&self, static_files: usize) -> BuildReport {
        let site = &self.site;
        let feeds = self
            .routes
            .iter()
            .filter(|route| matches!(route.page, routes::Page::Feed { .. }))
            .count();
        BuildReport {
            articles: site.articles.len(),
            tags: site.tags.len(),
            pages: self.routes.len() - feeds,
            feeds,
            static_files,
            drafts_left_out: site.held_back.drafts,
            scheduled_left_out: site.held_back.scheduled,
            expired_left_out: site.held_back.expired,
            next_scheduled: site.held_back.next_scheduled,
            next_expiry: site.held_back.next_expiry,
            output: self.frame.output.clone(),
            elapsed: self.frame.started.elapsed(),
            warnings: self.warnings.clone(),
            skipped: Vec::new(),
            reused_pages: 0,
            spliced_pages: 0,
            changes: None,
            unchanged: false,
        }
    }

    /// The first moment after this edition's at which its output would change with the
    /// clock alone: a scheduled story goes live, a story expires, or a story enters or
    /// leaves the news sitemap's window.
    pub fn holds_until(&self) -> Option<DateTime<Utc>> {
        let site = &self.site;
        let now = self.frame.publishing.now;
        let window = chrono::Duration::hours(sitemap::NEWS_WINDOW_HOURS);
        let news = site.articles.iter().flat_map(|article| {
            let date = article.date.with_timezone(&Utc);
            [date, date + window]
        });
        let held = [site.held_back.next_scheduled, site.held_back.next_expiry]
            .into_iter()
            .flatten()
            .map(|moment| moment.with_timezone(&Utc));
        news.chain(held).filter(|moment| *moment > now).min()
    }
}

/// The environment variable that, set to anything, makes a build print how long each of its
/// stages took to standard error: for finding where a build's time goes (see bench/README.md).
pub const TIMINGS_VARIABLE: &str = "NEWSROOM_TIMINGS";

/// Prints, when [`TIMINGS_VARIABLE`] is set, how long the stage `name` took since `since`,
/// and gives the moment it ended, from which the next stage is timed.
pub(crate) fn stage_done(name: &str, since: Instant) -> Instant {
    let now = Instant::now();
    if std::env::var_os(TIMINGS_VARIABLE).is_some() {
        eprintln!(
            "{name:>12}: {:>6.0} ms{}",
            (now - since).as_secs_f64() * 1000.0,
            resident().map_or(String::new(), |(now, peak)| format!(
                ", {now:>5} MiB resident, {peak:>5} MiB at most so far"
            ))
        );
    }
    now
}

/// The memory the build holds now and has held at most, in MiB, where the system says
/// (Linux's `/proc/self/status`), so the timings show which stage the memory goes to.
fn resident() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The environment variable that stands in for the clock of a build, as an RFC 3339 time.
pub const NOW_VARIABLE: &str = "NEWSROOM_NOW";

/// The moment a build judges scheduled and expired stories by and ends the news sitemap's
/// window at: the clock, unless [`NOW_VARIABLE`] names one. It exists so a test of a whole
/// site's output (tests/golden.rs) gives the same bytes on every day; editors never need it.
fn build_moment() -> Result<DateTime<Utc>> {
    let Some(written) = std::env::var_os(NOW_VARIABLE) else {
        return Ok(Utc::now());
    };
    let written = written.to_string_lossy();
    DateTime::parse_from_rfc3339(written.trim())
        .map(|moment| moment.with_timezone(&Utc))
        .map_err(|_| {
            Error::Usage(format!(
                "{NOW_VARIABLE} is \"{written}\", which is not an RFC 3339 time such as 2023-10-29T09:30:00Z; unset it to build at the current time"
            ))
        })
}

/// Refuses an output folder whose replacement would destroy the site's own files: the site
/// folder, its sources, the home folder or `/`, before anything is read ([`output::guard`]).
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<()> {
    output::refuse_dangerous_output(root, output).map(|_| ())
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_come_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        // Names whose order differs from that of their paths' parts if a separator were
        // compared with the characters around it, and a folder among them.
        for name in [
            "a-c.md", "B.md", "a.b.md", "é.md", "a/b.md", "a/a.md", "ab.md", "_x.md",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let walk = |walk: walkdir::WalkDir| -> Vec<std::path::PathBuf> {
            walk.into_iter()
                .map(|entry| entry.unwrap().into_path())
                .collect()
        };
        let ours = walk(walkdir::WalkDir::new(dir.path()).sort_by(super::in_name_order));
        let named = walk(walkdir::WalkDir::new(dir.path()).sort_by_file_name());
        assert_eq!(ours.len(), 10);
        assert_eq!(ours, named);
    }
}
