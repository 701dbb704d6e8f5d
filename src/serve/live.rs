//! The site as `newsroom serve` keeps it between rebuilds, so that editing one story of a
//! large site re-renders that story and the pages that show it, not every page.
//!
//! An edit that keeps the story in its place (same date, URL, bylines, tags, section) leaves
//! every index of the site as it was: the new version takes the old one's position, its
//! template value is remade, and the pages that show it are re-rendered. When the story is
//! among the latest, every page shows it; then the pages an editor is likely to look at (the
//! story itself and the lists it is on) are re-rendered at once and the rest are marked stale
//! and re-rendered when a browser asks for them. Any other change is a whole build.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::{self, Article, SourceFile};
use crate::error::{Error, Result};
use crate::output::inside;
use crate::paginate::page_range;
use crate::render::Renderer;
use crate::routes::{Listing, Page};
use crate::site::{keeps_its_place, newest_first};
use crate::{BuildOptions, BuildReport, Edition};

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
    /// Routes whose file on disk is older than the site; they are rendered when asked for.
    /// Locked while one is rendered, so a page is never rendered twice at once.
    stale: Mutex<HashSet<usize>>,
}

/// What applying an edit did.
pub(super) enum EditOutcome {
    /// The edited stories were re-rendered in place.
    Applied {
        /// Pages rendered before the reload.
        rendered: usize,
        /// Pages left to render when a browser asks for them.
        deferred: usize,
        warnings: Vec<String>,
    },
    /// An edit moves a story or adds or removes one: only a whole build can place it.
    NeedsWholeBuild,
}

impl LiveSite {
    /// Builds the whole site into the output folder and keeps what it read.
    pub(super) fn build(options: &BuildOptions) -> Result<(LiveSite, BuildReport)> {
        let edition = Edition::prepare(options)?;
        let renderer = edition.renderer();
        let report = edition.write(&renderer)?;
        Ok((LiveSite::new(edition, renderer), report))
    }

    fn new(edition: Edition, renderer: Renderer) -> LiveSite {
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
            stale: Mutex::new(HashSet::new()),
        }
    }

    /// Applies edits to article files (paths relative to `root`), re-rendering what they
    /// touched; leaves the site as it was when an edit is an error or needs a whole build.
    pub(super) fn apply_edits(
        &mut self,
        root: &Path,
        paths: &BTreeSet<PathBuf>,
    ) -> Result<EditOutcome> {
        let mut edited = Vec::new();
        let mut warnings = Vec::new();
        for path in paths {
            let Some(&position) = self.position_of_source.get(path) else {
                // A new file, or one not published (a draft, a scheduled story).
                return Ok(EditOutcome::NeedsWholeBuild);
            };
            let full = root.join(path);
            let bytes = match std::fs::read(&full) {
                Ok(bytes) => bytes,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(EditOutcome::NeedsWholeBuild);
                }
                Err(error) => return Err(Error::io("read", &full, error)),
            };
            let file = SourceFile {
                path: path.clone(),
                bytes,
            };
            let mut parsed = content::parse(&[file], &self.edition.config)?;
            let Some(article) = parsed.articles.pop() else {
                return Ok(EditOutcome::NeedsWholeBuild);
            };
            if !self.fits_in_place(position, &article) {
                return Ok(EditOutcome::NeedsWholeBuild);
            }
            warnings.append(&mut parsed.warnings);
            edited.push((position, article));
        }

        let (site, config) = (&mut self.edition.site, &self.edition.config);
        for (position, article) in edited.iter_mut() {
            std::mem::swap(&mut site.articles[*position], article);
        }
        let positions: Vec<usize> = edited.iter().map(|(position, _)| *position).collect();
        for &position in &positions {
            self.renderer.article_changed(position, site, config);
        }
        self.edition.generated_files = self.edition.make_generated_files();
        for (name, bytes) in &self.edition.generated_files {
            replace_file(&self.edition.output, name, bytes)?;
        }

        let (at_once, later) = self.routes_showing(&positions);
        let rendered = at_once.len();
        self.render_routes(&at_once)?;
        let deferred = later.len();
        let mut stale = self.stale.lock().expect("no thread panics holding it");
        for index in &at_once {
            stale.remove(index);
        }
        stale.extend(later);
        Ok(EditOutcome::Applied {
            rendered,
            deferred,
            warnings,
        })
    }

    /// Copies edited static files (paths relative to `root`) over their output; a new or
    /// removed one needs a whole build, which checks it against the generated files.
    pub(super) fn apply_static_edits(
        &self,
        root: &Path,
        paths: &BTreeSet<PathBuf>,
    ) -> Result<EditOutcome> {
        let mut copies = Vec::new();
        for path in paths {
            let source = root.join(path);
            let known = self
                .edition
                .static_files
                .iter()
                .find(|file| file.source == source);
            let Some(file) = known.filter(|_| source.is_file()) else {
                return Ok(EditOutcome::NeedsWholeBuild);
            };
            let bytes = std::fs::read(&source).map_err(|e| Error::io("read", &source, e))?;
            copies.push((&file.relative, bytes));
        }
        for (relative, bytes) in &copies {
            replace_file(&self.edition.output, relative, bytes)?;
        }
        Ok(EditOutcome::Applied {
            rendered: 0,
            deferred: 0,
            warnings: Vec::new(),
        })
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
        let (site, config) = (&self.edition.site, &self.edition.config);
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
                    let on_page = &list[page_range(list.len(), config.paginate_by, number)];
                    let pinned = listing == Listing::Home && number == 1 && shows(&site.pinned);
                    (shows(on_page) || pinned, false)
                }
                Page::Feed { listing, .. } => {
                    let list = listing.articles(site);
                    (shows(&list[..list.len().min(config.feed_limit)]), false)
                }
                Page::TagIndex | Page::AuthorIndex | Page::NotFound => (false, false),
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
            config,
            theme,
            output,
            ..
        } = &self.edition;
        let route = &routes[index];
        let text = self.renderer.render(route, site, config, theme)?;
        replace_file(output, &route.file(), text.as_bytes())
    }

    /// Renders the page at a site path if its file is stale, before it is served.
    pub(super) fn refresh(&self, path: &str) -> Result<()> {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(&index) = self
            .route_of_file
            .get(&crate::routes::output_file(&decoded))
        else {
            return Ok(());
        };
        let mut stale = self.stale.lock().expect("no thread panics holding it");
        if stale.contains(&index) {
            self.render_route(index)?;
            stale.remove(&index);
        }
        Ok(())
    }
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
