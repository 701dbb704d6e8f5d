//! The site as `newsroom serve` keeps it between rebuilds, so that editing one story of a
//! large site re-renders that story and the pages that show it, not every page.
//!
//! An edit that keeps the story in its place (same date, URL, bylines, tags, section) leaves
//! every index of the site as it was: the new version takes the old one's position, its
//! template value is remade, and the pages that show it are re-rendered. When the story is
//! among the latest, every page shows it; then the pages an editor is likely to look at (the
//! story itself and the lists it is on) are re-rendered at once and the rest are marked stale
//! and re-rendered when a browser asks for them.
//!
//! A story that is added, removed or moved (new date, tags, bylines) changes the indices:
//! the kept articles, with the edited files parsed again, are assembled into a new edition
//! in the same frame (config, theme, profiles), and every page is stale but the story's own
//! and the front page.

use parking_lot::{Mutex, RwLock, RwLockUpgradableReadGuard, RwLockWriteGuard};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::{self, Article, Content, SectionPage, SourceFile};
use crate::error::{Error, Result};
use crate::output::{Staging, inside};
use crate::render::Renderer;
use crate::routes::{Listing, Page, Route};
use crate::site::{keeps_its_place, newest_first};
use crate::{BuildOptions, BuildReport, Edition, Frame};

/// The kept site, shared by the thread that rebuilds it and the requests that render its
/// stale pages. parking_lot's lock, because it is never poisoned: a rebuild that panics
/// while holding it must not stop every later one.
pub(super) type Slot = RwLock<Option<LiveSite>>;

/// Up to this many pages an edit touches are re-rendered before the reload; past it, only
/// the story's own page and lists are, and the rest when they are asked for.
const RENDER_AT_ONCE: usize = 300;

/// A built site, kept so that edits can be applied to it.
pub(super) struct LiveSite {
    edition: Edition,
    renderer: Renderer,
    /// The route each output file is rendered from.
    route_of_file: HashMap<String, usize>,
    /// The position of each published article, by its source path.
    position_of_source: HashMap<PathBuf, usize>,
    /// Every article read, published or not, by its source path: what a new edition is
    /// assembled from after an edit.
    articles: HashMap<PathBuf, Article>,
    /// The sections' own pages, which change only with a whole build.
    section_pages: Vec<SectionPage>,
    /// Routes whose file on disk is older than the site; they are rendered when asked for.
    /// Locked while one is rendered, so a page is never rendered twice at once.
    stale: Mutex<HashSet<usize>>,
}

/// What applying an edit did.
#[derive(Debug)]
pub(super) enum EditOutcome {
    /// The edited stories were re-rendered in place.
    Applied {
        /// The article files read again.
        edited: Vec<PathBuf>,
        /// Pages rendered before the reload.
        rendered: usize,
        /// Pages left to render when a browser asks for them.
        deferred: usize,
        warnings: Vec<String>,
    },
    /// A section's own page changed: only a whole build reads it.
    NeedsWholeBuild,
    /// No article was among the paths (an image, an editor's test file).
    Unchanged,
    /// Only articles this preview does not publish (drafts, scheduled or expired stories)
    /// changed, and they stay unpublished: no page changes. Their article files.
    Unpublished(Vec<PathBuf>),
}

/// What edits call for, worked out from the kept site before it is changed.
enum EditPlan {
    /// Nothing to put in: the outcome is known.
    Done(EditOutcome),
    /// Only articles this preview does not publish changed; they are kept for later.
    Unpublished(Vec<(PathBuf, Option<Article>)>),
    /// The new versions take the old ones' places.
    InPlace(Vec<(PathBuf, Option<Article>)>),
    /// The new versions, and the edition assembled with them.
    Reassembled(Vec<(PathBuf, Option<Article>)>, Box<(Edition, Renderer)>),
}

/// What putting in new templates did.
#[derive(Debug)]
pub(super) struct Retemplated {
    /// Pages rendered before the reload.
    pub rendered: usize,
    /// Pages left to render when a browser asks for them.
    pub deferred: usize,
    pub warnings: Vec<String>,
}

/// What copying edited static files did.
#[derive(Debug)]
pub(super) enum CopyOutcome {
    /// Copied over their output; their paths in it.
    Copied(Vec<String>),
    /// A file is new or gone: only a whole build checks it against the generated files.
    NeedsWholeBuild,
    /// No file is there that was not there before (an editor's test file came and went).
    Unchanged,
}

/// A new edition rendered in full into a staging folder while the last one is still served,
/// waiting to be swapped in.
pub(super) struct Staged {
    edition: Edition,
    renderer: Renderer,
    /// The articles and section pages read for it; `None` when they are the kept site's.
    read: Option<(HashMap<PathBuf, Article>, Vec<SectionPage>)>,
    staging: Staging,
    report: BuildReport,
}

impl Staged {
    /// Reads the whole site and renders it into a staging folder, touching neither the
    /// output folder nor the kept site.
    pub(super) fn whole_build(options: &BuildOptions) -> Result<Staged> {
        let (mut frame, content) = Frame::read(options)?;
        frame.keeps_bodies = true;
        let articles = content
            .articles
            .iter()
            .map(|article| (article.source.clone(), article.clone()))
            .collect();
        let section_pages = content.section_pages.clone();
        Staged::render(frame, content, Some((articles, section_pages)))
    }

    fn render(
        frame: Frame,
        content: Content,
        read: Option<(HashMap<PathBuf, Article>, Vec<SectionPage>)>,
    ) -> Result<Staged> {
        let edition = Edition::assemble(frame, content)?;
        let renderer = edition.renderer();
        let (staging, report) = edition.stage(&renderer)?;
        faults::panic_if_asked(&edition.site.articles);
        faults::slow_down_if_asked(&edition.site.articles);
        Ok(Staged {
            edition,
            renderer,
            read,
            staging,
            report,
        })
    }

    /// Swaps the staged build into the output folder and keeps it in `slot`. Only the swap
    /// holds the lock: requests rendering a stale page of the last build hold it to read, so
    /// none of them can write a page of the last build into the new output.
    pub(super) fn swap_into(self, slot: &Slot) -> Result<BuildReport> {
        let Staged {
            edition,
            renderer,
            read,
            staging,
            report,
        } = self;
        let mut slot = slot.write();
        staging.commit()?;
        let (articles, section_pages) = match read {
            Some(read) => read,
            None => slot
                .as_mut()
                .map(|last| {
                    (
                        std::mem::take(&mut last.articles),
                        std::mem::take(&mut last.section_pages),
                    )
                })
                .unwrap_or_default(),
        };
        let last = slot.replace(LiveSite::new(edition, renderer, articles, section_pages));
        drop(slot);
        drop_in_background(last);
        Ok(report)
    }
}

impl LiveSite {
    fn new(
        mut edition: Edition,
        renderer: Renderer,
        articles: HashMap<PathBuf, Article>,
        section_pages: Vec<SectionPage>,
    ) -> LiveSite {
        // The next edition is assembled in this one's frame, and takes its bodies from it.
        if let Some(bodies) = edition.lasting_bodies.take() {
            edition.frame.bodies = std::sync::Arc::new(bodies);
        }
        let route_of_file = edition
            .routes
            .iter()
            .enumerate()
            .map(|(index, route)| (route.file(), index))
            .collect();
        let position_of_source = edition
            .site
            .articles
            .iter()
            .enumerate()
            .map(|(position, article)| (article.source.clone(), position))
            .collect();
        LiveSite {
            edition,
            renderer,
            route_of_file,
            position_of_source,
            articles,
            section_pages,
            stale: Mutex::new(HashSet::new()),
        }
    }

    /// Takes a new edition in, keeping the articles read.
    fn replace_with(&mut self, edition: Edition, renderer: Renderer) {
        let articles = std::mem::take(&mut self.articles);
        let section_pages = std::mem::take(&mut self.section_pages);
        let last = std::mem::replace(
            self,
            LiveSite::new(edition, renderer, articles, section_pages),
        );
        drop_in_background(last);
    }

    /// Applies edits to article files and folders (paths relative to `root`) to the kept
    /// site in `slot`, re-rendering what they touched; leaves the site as it was when an edit
    /// is an error. The edits are read and a new edition assembled with the site locked only
    /// to read, so requests are answered meanwhile; it is locked to write only while the new
    /// versions are put in.
    pub(super) fn apply_edits(
        slot: &Slot,
        root: &Path,
        paths: &BTreeSet<PathBuf>,
    ) -> Result<EditOutcome> {
        let kept = slot.upgradable_read();
        let Some(live) = kept.as_ref() else {
            return Ok(EditOutcome::NeedsWholeBuild);
        };
        let (paths, warnings, plan) = live.plan_edits(root, paths)?;
        let mut kept = RwLockUpgradableReadGuard::upgrade(kept);
        let Some(live) = kept.as_mut() else {
            return Ok(EditOutcome::NeedsWholeBuild);
        };
        let (at_once, later) = match plan {
            EditPlan::Done(outcome) => return Ok(outcome),
            EditPlan::Unpublished(versions) => {
                live.keep_versions(versions);
                return Ok(EditOutcome::Unpublished(paths.into_iter().collect()));
            }
            EditPlan::InPlace(versions) => live.replace_in_place(versions)?,
            EditPlan::Reassembled(versions, edition) => live.take_edition(versions, edition)?,
        };
        {
            let mut stale = live.stale.lock();
            for index in &at_once {
                stale.remove(index);
            }
            stale.extend(later.iter().copied());
        }
        // Rendered with the site locked only to read. A request for one of these pages gets
        // its last version meanwhile, and the reload that follows gets the new one.
        let kept = RwLockWriteGuard::downgrade(kept);
        if let Some(live) = kept.as_ref() {
            live.render_routes(&at_once)?;
        }
        Ok(EditOutcome::Applied {
            edited: paths.into_iter().collect(),
            rendered: at_once.len(),
            deferred: later.len(),
            warnings,
        })
    }

    /// Reads the edited article files and works out what they call for, without changing
    /// the site: the article files, the warnings, and the plan.
    fn plan_edits(
        &self,
        root: &Path,
        paths: &BTreeSet<PathBuf>,
    ) -> Result<(BTreeSet<PathBuf>, Vec<String>, EditPlan)> {
        let paths = self.article_files(root, paths);
        if paths.is_empty() {
            return Ok((paths, Vec::new(), EditPlan::Done(EditOutcome::Unchanged)));
        }
        let section_page = |path: &PathBuf| {
            path.file_name()
                .is_some_and(|name| name == content::SECTION_FILE)
        };
        if paths.iter().any(section_page) {
            let plan = EditPlan::Done(EditOutcome::NeedsWholeBuild);
            return Ok((paths, Vec::new(), plan));
        }
        // Every edited file is read first, so that an error leaves the site as it was.
        let mut versions = Vec::new();
        let mut warnings = Vec::new();
        for path in &paths {
            let full = root.join(path);
            let article = match std::fs::read(&full) {
                Ok(bytes) => {
                    let file = SourceFile {
                        path: path.clone(),
                        bytes,
                    };
                    let mut parsed = content::parse(vec![file], &self.edition.frame.config)?;
                    faults::panic_if_asked(&parsed.articles);
                    warnings.append(&mut parsed.warnings);
                    parsed.articles.pop()
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(error) => return Err(Error::io("read", &full, error)),
            };
            versions.push((path.clone(), article));
        }
        let publishing = self.edition.frame.publishing;
        let unseen = |article: Option<&Article>| {
            article.is_none_or(|article| publishing.holds_back(article).is_some())
        };
        let all_unseen = versions
            .iter()
            .all(|(path, version)| unseen(self.articles.get(path)) && unseen(version.as_ref()));
        if all_unseen {
            return Ok((paths, warnings, EditPlan::Unpublished(versions)));
        }
        let in_place = versions.iter().all(|(path, version)| {
            match (self.position_of_source.get(path), version) {
                (Some(&position), Some(article)) => self.fits_in_place(position, article),
                _ => false,
            }
        });
        let plan = if in_place {
            // The new bodies are rendered before anything is put in, so a body with a
            // problem leaves the site as it was.
            let edition = &self.edition;
            let stories =
                crate::body::Stories::new(&edition.site, &edition.frame.config, &edition.held_back);
            let mut unknown = Vec::new();
            for (path, version) in &mut versions {
                if let Some(article) = version.as_mut() {
                    let position = self.position_of_source[path];
                    let (rendered, mut found) = crate::body::render_article(
                        &stories,
                        &edition.frame.theme,
                        position,
                        article,
                        &article.body.markdown,
                    )
                    .map_err(Error::Content)?;
                    crate::body::take_body(article, rendered);
                    unknown.append(&mut found);
                }
            }
            warnings.extend(crate::body::unknown_warnings(unknown));
            EditPlan::InPlace(versions)
        } else {
            let edition = self.reassemble(&versions)?;
            EditPlan::Reassembled(versions, Box::new(edition))
        };
        Ok((paths, warnings, plan))
    }

    /// Keeps new versions of articles (`None` for a file that is gone or no longer an
    /// article) among those a new edition is assembled from.
    fn keep_versions(&mut self, versions: Vec<(PathBuf, Option<Article>)>) {
        for (path, version) in versions {
            match version {
                Some(article) => self.articles.insert(path, article),
                None => self.articles.remove(&path),
            };
        }
    }

    /// The article files behind changed paths: a Markdown file itself; for any other path,
    /// the Markdown files in it if it is a folder now, and the articles read from under it
    /// if it was one.
    fn article_files(&self, root: &Path, paths: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        let mut files = BTreeSet::new();
        for path in paths {
            if content::is_article_file(path) {
                files.insert(path.clone());
                continue;
            }
            let folder = root.join(path);
            if folder.is_dir() {
                for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
                    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    if entry.file_type().is_file() && content::is_article_file(relative) {
                        files.insert(relative.to_path_buf());
                    }
                }
            }
            files.extend(
                self.articles
                    .keys()
                    .filter(|source| source.starts_with(path))
                    .cloned(),
            );
        }
        files
    }

    /// Puts new versions of stories that keep their places into the site; returns the
    /// routes to render now and those to render when asked for.
    fn replace_in_place(
        &mut self,
        versions: Vec<(PathBuf, Option<Article>)>,
    ) -> Result<(Vec<usize>, Vec<usize>)> {
        let mut positions = Vec::new();
        for (path, version) in versions {
            let article = version.expect("only files that are still articles stay in place");
            let position = self.position_of_source[&path];
            self.articles.insert(path, article.clone());
            self.edition.site.articles[position] = article;
            positions.push(position);
        }
        let (site, config) = (&self.edition.site, &self.edition.frame.config);
        for &position in &positions {
            self.renderer.article_changed(position, site, config);
        }
        self.edition.generated_files = self.edition.make_generated_files();
        for (name, bytes) in &self.edition.generated_files {
            replace_file(&self.edition.frame.output, name, bytes)?;
        }
        Ok(self.routes_showing(&positions))
    }

    /// Assembles a new edition, with its template values, from the kept articles and the
    /// new versions (`None` for a file that is gone or no longer an article).
    fn reassemble(&self, versions: &[(PathBuf, Option<Article>)]) -> Result<(Edition, Renderer)> {
        let edited: HashSet<&PathBuf> = versions.iter().map(|(path, _)| path).collect();
        let mut articles: Vec<Article> = self
            .articles
            .par_iter()
            .filter(|(path, _)| !edited.contains(path))
            .map(|(_, article)| article.clone())
            .collect();
        articles.extend(versions.iter().filter_map(|(_, version)| version.clone()));
        let content = Content {
            articles,
            section_pages: self.section_pages.clone(),
            warnings: Vec::new(),
            memo: Default::default(),
        };
        let mut frame = self.edition.frame.clone();
        // A story scheduled for a moment that has passed since the last build goes live now.
        frame.publishing.now = chrono::Utc::now();
        let edition = Edition::assemble(frame, content)?;
        let renderer = edition.renderer();
        faults::slow_down_if_asked(&edition.site.articles);
        Ok((edition, renderer))
    }

    /// Replaces the site with a new edition assembled after an edit; returns the routes to
    /// render now (the edited stories' and the front page) and the rest, to render when
    /// asked for.
    fn take_edition(
        &mut self,
        versions: Vec<(PathBuf, Option<Article>)>,
        edition: Box<(Edition, Renderer)>,
    ) -> Result<(Vec<usize>, Vec<usize>)> {
        let (edition, renderer) = *edition;
        let edited: HashSet<PathBuf> = versions.iter().map(|(path, _)| path.clone()).collect();
        self.swap_edition(edition, renderer)?;
        self.keep_versions(versions);

        let site = &self.edition.site;
        let (at_once, later) = (0..self.edition.routes.len()).partition(|&index| {
            match self.edition.routes[index].page {
                Page::Article(position) | Page::Redirect { article: position } => {
                    edited.contains(&site.articles[position].source)
                }
                Page::List {
                    listing: Listing::Home,
                    number: 1,
                } => true,
                Page::NotFound => true,
                _ => false,
            }
        });
        Ok((at_once, later))
    }

    /// Whether the site has a search index, which is made from every article page.
    pub(super) fn has_search(&self) -> bool {
        self.edition.frame.config.search
    }

    /// Puts a new edition in the kept one's place in the output: the files of pages it no
    /// longer has are removed and the generated files written; its pages are left to render.
    fn swap_edition(&mut self, edition: Edition, renderer: Renderer) -> Result<()> {
        let output = &edition.frame.output;
        let kept: HashSet<String> = edition
            .routes
            .iter()
            .map(Route::file)
            .chain(edition.generated_files.iter().map(|(name, _)| name.clone()))
            .collect();
        for gone in self.edition.routes.iter().map(Route::file) {
            if !kept.contains(&gone) {
                let path = inside(output, &gone)?;
                match std::fs::remove_file(&path) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::io("remove", &path, error));
                    }
                    _ => {}
                }
            }
        }
        for (name, bytes) in &edition.generated_files {
            replace_file(output, name, bytes)?;
        }
        self.replace_with(edition, renderer);
        Ok(())
    }

    /// Puts in a new edition with the templates and profiles read again, assembled from the
    /// articles already read. Its pages are rendered when they are asked for, except one
    /// page of each template (so an error in any template shows at once, and the site stays
    /// as it was), the front page and the page-not-found page, rendered before the reload.
    /// The edition is assembled and those pages rendered with the kept site locked only to
    /// read, so requests are answered meanwhile. `None` when no site is kept.
    pub(super) fn retemplate(slot: &Slot, root: &Path) -> Result<Option<Retemplated>> {
        let inputs = {
            let kept = slot.read();
            let Some(live) = kept.as_ref() else {
                return Ok(None);
            };
            live.rerender_inputs(root)?
        };
        let (frame, content) = inputs;
        let edition = Edition::assemble(frame, content)?;
        let renderer = edition.renderer();
        faults::panic_if_asked(&edition.site.articles);
        faults::slow_down_if_asked(&edition.site.articles);
        let mut templates = HashSet::new();
        let at_once: Vec<usize> = (0..edition.routes.len())
            .filter(|&index| {
                let page = edition.routes[index].page;
                let first = page
                    == Page::List {
                        listing: Listing::Home,
                        number: 1,
                    };
                templates.insert(page.template()) || first || page == Page::NotFound
            })
            .collect();
        let (site, config, theme) = (&edition.site, &edition.frame.config, &edition.frame.theme);
        let pages = at_once
            .par_iter()
            .map(|&index| {
                let route = &edition.routes[index];
                let text = renderer.render(route, site, config, theme)?;
                Ok((route.file(), text))
            })
            .collect::<Result<Vec<(String, String)>>>()?;
        let warnings = edition.warnings.clone();
        let mut kept = slot.write();
        let Some(live) = kept.as_mut() else {
            return Ok(None);
        };
        let output = edition.frame.output.clone();
        live.swap_edition(edition, renderer)?;
        for (file, text) in &pages {
            replace_file(&output, file, text.as_bytes())?;
        }
        let later: HashSet<usize> = (0..live.edition.routes.len())
            .filter(|index| !at_once.contains(index))
            .collect();
        let deferred = later.len();
        *live.stale.lock() = later;
        Ok(Some(Retemplated {
            rendered: at_once.len(),
            deferred,
            warnings,
        }))
    }

    /// Reads the templates and profiles again, and takes a copy of the articles already
    /// read, for rendering every page with them: quick, so it is done with the kept site
    /// locked to read, and the rendering ([`LiveSite::rerender_all`]) without it.
    pub(super) fn rerender_inputs(&self, root: &Path) -> Result<(Frame, Content)> {
        let frame = self.edition.frame.reread_theme_and_profiles(root)?;
        let content = Content {
            articles: self.articles.par_iter().map(|(_, a)| a.clone()).collect(),
            section_pages: self.section_pages.clone(),
            warnings: Vec::new(),
            memo: Default::default(),
        };
        Ok((frame, content))
    }

    /// Renders every page from the inputs [`LiveSite::rerender_inputs`] took, into a staging
    /// folder; the kept site, its articles included, is swapped out only with it.
    pub(super) fn rerender_all((frame, content): (Frame, Content)) -> Result<Staged> {
        Staged::render(frame, content, None)
    }

    /// Copies edited static files (paths relative to `root`) over their output; a new or
    /// removed one needs a whole build, which checks it against the generated files. A file
    /// that came and went within the burst is no change.
    pub(super) fn apply_static_edits(
        &self,
        root: &Path,
        paths: &BTreeSet<PathBuf>,
    ) -> Result<CopyOutcome> {
        let static_files = &self.edition.frame.static_files;
        let mut copies = Vec::new();
        for path in paths {
            let source = root.join(path);
            // The file itself, or a folder of them.
            let was_there = static_files.iter().any(|f| f.source.starts_with(&source));
            if !was_there && !source.exists() {
                // Made and removed within one burst: an editor's test or scratch file.
                continue;
            }
            let known = static_files.iter().find(|file| file.source == source);
            let Some(file) = known.filter(|_| source.is_file()) else {
                return Ok(CopyOutcome::NeedsWholeBuild);
            };
            // A file replaced by a link out of the site is refused as at the start.
            let allow_outside = self.edition.frame.config.allow_outside_links;
            crate::statics::check_source(root, &source, allow_outside)?;
            let bytes = std::fs::read(&source).map_err(|e| Error::io("read", &source, e))?;
            copies.push((&file.relative, bytes));
        }
        if copies.is_empty() {
            return Ok(CopyOutcome::Unchanged);
        }
        for (relative, bytes) in &copies {
            replace_file(&self.edition.frame.output, relative, bytes)?;
        }
        let copied = copies.into_iter().map(|(relative, _)| relative.clone());
        Ok(CopyOutcome::Copied(copied.collect()))
    }

    /// Whether a new version of the article at `position` can take its place.
    fn fits_in_place(&self, position: usize, new: &Article) -> bool {
        let articles = &self.edition.site.articles;
        let before = position.checked_sub(1).map(|p| &articles[p]);
        let after = articles.get(position + 1);
        keeps_its_place(&articles[position], new)
            && before.is_none_or(|b| newest_first(b, new).is_lt())
            && after.is_none_or(|a| newest_first(new, a).is_lt())
    }

    /// The routes that show any of the articles at `positions`: those to render before the
    /// reload, and those that can wait until asked for.
    fn routes_showing(&self, positions: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let (site, config) = (&self.edition.site, &self.edition.frame.config);
        let edited: HashSet<usize> = positions.iter().copied().collect();
        let shows = |list: &[usize]| list.iter().any(|p| edited.contains(p));
        // Every page carries the latest stories, and an article's list leaves itself out, so
        // one more story than the list holds is seen somewhere.
        let in_latest = positions.iter().any(|&p| p <= config.latest_count);
        let mut own = Vec::new();
        let mut others = Vec::new();
        for (index, route) in self.edition.routes.iter().enumerate() {
            let (directly, indirectly) = match route.page {
                Page::Article(position) | Page::Redirect { article: position } => {
                    (edited.contains(&position), shows(&site.related[position]))
                }
                Page::List { listing, number } => {
                    let list = listing.articles(site);
                    let on_page = &list[listing.pages(site, config).range(number)];
                    let pinned = listing == Listing::Home && number == 1 && shows(&site.pinned);
                    (shows(on_page) || pinned, false)
                }
                Page::Feed { listing, .. } => {
                    let list = listing.articles(site);
                    (shows(&list[..list.len().min(config.feed_limit)]), false)
                }
                Page::TagIndex | Page::AuthorIndex | Page::NotFound | Page::Search => {
                    (false, false)
                }
            };
            if directly {
                own.push(index);
            } else if indirectly || in_latest {
                others.push(index);
            }
        }
        if own.len() + others.len() <= RENDER_AT_ONCE {
            own.append(&mut others);
        }
        (own, others)
    }

    /// Renders routes, in parallel, and replaces their files.
    fn render_routes(&self, routes: &[usize]) -> Result<()> {
        routes
            .par_iter()
            .map(|&index| self.render_route(index))
            .collect::<Result<Vec<()>>>()
            .map(drop)
    }

    fn render_route(&self, index: usize) -> Result<()> {
        let Edition {
            site,
            routes,
            frame,
            ..
        } = &self.edition;
        let route = &routes[index];
        let text = self
            .renderer
            .render(route, site, &frame.config, &frame.theme)?;
        replace_file(&frame.output, &route.file(), text.as_bytes())
    }

    /// Renders the page at a site path if its file is stale, before it is served; the
    /// page-not-found page instead when no page has that path, as it is served then.
    pub(super) fn refresh(&self, path: &str) -> Result<()> {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        // `/tags/new` is redirected to `/tags/new/` only once that page's folder exists.
        let as_folder = format!("{}/", decoded.trim_end_matches('/'));
        let not_found = crate::routes::NOT_FOUND_PATH;
        let Some(&index) = [decoded.as_ref(), &as_folder, not_found]
            .iter()
            .find_map(|path| self.route_of_file.get(&crate::routes::output_file(path)))
        else {
            return Ok(());
        };
        let mut stale = self.stale.lock();
        if stale.contains(&index) {
            self.render_route(index)?;
            stale.remove(&index);
        }
        Ok(())
    }
}

/// Frees a replaced site on another thread: tens of thousands of articles and template values
/// take a while to free, and the reload need not wait for it.
fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Replaces one output file, unless it already holds these bytes. The new text goes to a
/// temporary file first and is renamed over the old one, so the server never sends half a
/// page.
fn replace_file(output: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    let path = inside(output, relative)?;
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(output);
    std::fs::create_dir_all(folder).map_err(|e| Error::io("create the folder", folder, e))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.new-{}", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| Error::io("write", &temporary, e))?;
    std::fs::rename(&temporary, &path).map_err(|e| Error::io("replace", &path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built site with one story and one static file; the folder holds the site and its
    /// output.
    fn live_site() -> (tempfile::TempDir, LiveSite) {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().join("site");
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("newsroom.toml", "title = \"Live\"\n");
        write(
            "content/story.md",
            "---\ntitle: Story\ndate: 2023-10-29\n---\nBody.\n",
        );
        write("static/site.css", "body {}");
        let mut options = BuildOptions::new(&root);
        options.output = Some(folder.path().join("out"));
        let slot = RwLock::new(None);
        Staged::whole_build(&options)
            .unwrap()
            .swap_into(&slot)
            .unwrap();
        let live = slot.into_inner().expect("the site was built");
        (folder, live)
    }

    fn paths(paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn files_that_came_and_went_or_are_not_read_change_nothing() {
        let (folder, live) = live_site();
        let root = folder.path().join("site");
        std::fs::create_dir(root.join("content/images")).unwrap();
        std::fs::write(root.join("content/images/map.png"), "png").unwrap();
        let slot = RwLock::new(Some(live));
        let changed = paths(&["content/4913", "content/images"]);
        let outcome = LiveSite::apply_edits(&slot, &root, &changed).unwrap();
        assert!(matches!(outcome, EditOutcome::Unchanged));
        let live = slot.into_inner().expect("the site is kept");
        let outcome = live
            .apply_static_edits(&root, &paths(&["static/4913"]))
            .unwrap();
        assert!(matches!(outcome, CopyOutcome::Unchanged));
    }

    #[test]
    fn edited_static_files_are_copied_and_new_ones_need_a_whole_build() {
        let (folder, live) = live_site();
        let root = folder.path().join("site");
        std::fs::write(root.join("static/site.css"), "body { color: navy }").unwrap();
        let outcome = live
            .apply_static_edits(&root, &paths(&["static/4913", "static/site.css"]))
            .unwrap();
        assert!(
            matches!(&outcome, CopyOutcome::Copied(copied) if copied == &["site.css"]),
            "{outcome:?}"
        );
        let copied = std::fs::read_to_string(folder.path().join("out/site.css")).unwrap();
        assert_eq!(copied, "body { color: navy }");

        std::fs::write(root.join("static/print.css"), "nav {}").unwrap();
        let outcome = live
            .apply_static_edits(&root, &paths(&["static/print.css"]))
            .unwrap();
        assert!(matches!(outcome, CopyOutcome::NeedsWholeBuild));
        std::fs::remove_file(root.join("static/site.css")).unwrap();
        let outcome = live
            .apply_static_edits(&root, &paths(&["static/site.css"]))
            .unwrap();
        assert!(matches!(outcome, CopyOutcome::NeedsWholeBuild));
    }
}

/// Faults a test can set off in a rebuild, to prove that `serve` outlives a rebuild that
/// panics or takes long. Real input that made a rebuild panic is fixed as it is found, so a
/// test cannot rely on one. Only debug builds (those `cargo test` runs) have the hook, and
/// only with `NEWSROOM_SERVE_FAULTS` set; in a release build it does nothing.
mod faults {
    use crate::content::Article;

    /// Whether the hook is on.
    fn asked() -> bool {
        cfg!(debug_assertions) && std::env::var_os("NEWSROOM_SERVE_FAULTS").is_some()
    }

    /// With the hook on, an article titled `PANIC` makes the rebuild that reads it panic.
    pub(super) fn panic_if_asked(articles: &[Article]) {
        if asked() && articles.iter().any(|article| article.title == "PANIC") {
            panic!("a test asked this rebuild to panic");
        }
    }

    /// With the hook on, an article titled `SLOW <milliseconds>` makes a whole build, once
    /// rendered, wait that long before it is swapped in, and so does a new edition assembled
    /// after an edit.
    pub(super) fn slow_down_if_asked(articles: &[Article]) {
        if !asked() {
            return;
        }
        for article in articles {
            let delay = article.title.strip_prefix("SLOW ");
            if let Some(milliseconds) = delay.and_then(|ms| ms.parse().ok()) {
                std::thread::sleep(std::time::Duration::from_millis(milliseconds));
            }
        }
    }
}
