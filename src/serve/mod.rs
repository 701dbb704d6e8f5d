//! `newsroom serve`: a local preview that rebuilds on every change and reloads open tabs.
//!
//! The site is built into a folder of its own outside the site (so `public/` never holds
//! localhost links) and served from there by tower-http's file service, which brings content
//! types, `/path` to `/path/` redirects and refusal of paths that climb out of the folder. A
//! file watcher rebuilds after each burst of changes; a failed rebuild leaves the last good
//! site in place. Open pages hear about rebuilds over server-sent events from a small script
//! injected into HTML responses here, so the script never reaches `newsroom build` output.
//!
//! Each burst of changes is sorted ([`changes`]) and the kept site ([`live`]) does the least
//! it can: an edited article is re-rendered with the pages that show it, an added, moved or
//! removed one is placed among the articles already read, an edited static file is copied,
//! and a template or profile change renders every page from the articles already read.
//! Anything else, and any change while the last build is broken, is a whole build.
//!
//! Serve outlives anything a rebuild does. A rebuild that fails or panics leaves the last
//! good site served and shows why over open pages; the next save tries again. A whole build
//! is rendered into a staging folder while the last one is served, and only the swap locks
//! the kept site; an edit is read and a new edition assembled with it locked only to read,
//! and it is locked to write only while the new versions are put in. So pages are answered
//! while a rebuild runs.

mod changes;
mod live;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use parking_lot::Mutex;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};

use crate::BuildOptions;
use crate::error::{Error, Result};
use changes::{Rebuild, SOURCE_FOLDERS, sort_changes};
use live::{CopyOutcome, EditOutcome, LiveSite, Slot, Staged};

/// What `newsroom serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 asks the system for a free port.
    pub port: u16,
    pub drafts: bool,
    pub future: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// The path open pages listen on for rebuilds.
const EVENTS_PATH: &str = "/__newsroom/events";

/// How long the watcher waits for a burst of changes (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// What open pages are told.
#[derive(Debug, Clone)]
enum Notice {
    /// A rebuild succeeded: reload.
    Reload,
    /// Only stylesheets changed: load them again, keeping the page (and where it is
    /// scrolled to) as it is.
    Stylesheets,
    /// A rebuild failed: show this message over the page.
    BuildError(String),
    /// The server is stopping: end the stream.
    Shutdown,
}

/// The state the server shares with its handlers.
struct Preview {
    notices: broadcast::Sender<Notice>,
    /// The last build's error, shown to pages opened while the site is broken.
    last_error: Mutex<Option<String>>,
    /// The last good build, which edits are applied to; `None` until one succeeds, and
    /// after an edit to it panicked, which may have left it half changed.
    live: Slot,
    /// The folder the site is built into and served from.
    output: PathBuf,
}

/// Builds the site, serves it until Ctrl-C, and rebuilds on every change.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("could not start the preview server: {e}")))?;
    runtime.block_on(run(options))
}

async fn run(options: &ServeOptions) -> Result<()> {
    // The watcher reports absolute paths with links resolved; changed files are matched
    // against the root in the same form.
    let root = options
        .root
        .canonicalize()
        .or_else(|_| std::path::absolute(&options.root))
        .map_err(|e| Error::io("find the site folder", &options.root, e))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => Error::Usage(format!(
                "port {} is already taken on {}; choose another with --port, such as --port {}",
                options.port,
                options.bind,
                options.port.wrapping_add(1).max(1024)
            )),
            _ => Error::Usage(format!("could not listen on {address}: {error}")),
        })?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("could not listen on {address}: {e}")))?;
    let site_url = format!("http://{address}/");
    let output = std::env::temp_dir().join(format!("newsroom-serve-{}", std::process::id()));

    let build_options = BuildOptions {
        root: root.clone(),
        output: Some(output.clone()),
        base_url: Some(site_url.clone()),
        drafts: options.drafts,
        future: options.future,
        force: false,
    };
    let (notices, _) = broadcast::channel(16);
    let preview = Arc::new(Preview {
        notices,
        last_error: Mutex::new(None),
        live: Slot::new(None),
        output: output.clone(),
    });
    outlive_panics(&preview, "", false, || {
        rebuild_everything(&build_options, &preview, "Built");
    });

    let _watcher = watch(&root, build_options.clone(), Arc::clone(&preview))?;
    let files = ServeDir::new(&output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&preview),
            refuse_paths_outside_the_site,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&preview),
            render_if_stale,
        ))
        .layer(middleware::from_fn(inject_reload_script))
        .with_state(Arc::clone(&preview));

    println!("Serving {} at {site_url} (Ctrl-C stops)", root.display());
    if options.open
        && let Err(error) = open::that(&site_url)
    {
        eprintln!("warning: could not open a browser: {error}");
    }
    let stopping = Arc::clone(&preview);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            stop_requested().await;
            // Open pages' event streams never end on their own; the server waits for them.
            let _ = stopping.notices.send(Notice::Shutdown);
        })
        .await;
    crate::output::discard(&output);
    served.map_err(|e| Error::Usage(format!("the preview server stopped: {e}")))
}

/// Builds the whole site, keeps it for edits, and tells open pages: reload, or what went
/// wrong.
fn rebuild_everything(options: &BuildOptions, preview: &Preview, verb: &str) {
    let started = Instant::now();
    match Staged::whole_build(options).and_then(|staged| staged.swap_into(&preview.live)) {
        Ok(report) => {
            println!(
                "{verb} {} articles in {} ms",
                report.articles,
                started.elapsed().as_millis()
            );
            announce_success(preview, &report.warnings);
        }
        Err(error) => announce_failure(preview, &error),
    }
}

/// Puts in the templates and profiles read again: the articles already read are reused,
/// unless no build has succeeded yet. The front page, the page-not-found page and a page of
/// each template are rendered before the reload, the rest when they are opened; a site with
/// search renders every page, since the index is made from them.
fn rerender_all(options: &BuildOptions, preview: &Preview) {
    let started = Instant::now();
    let searched = {
        let live = preview.live.read();
        live.as_ref().is_some_and(|live| live.has_search())
    };
    if !searched && !is_broken(preview) {
        match LiveSite::retemplate(&preview.live, &options.root) {
            Ok(Some(done)) => {
                println!(
                    "Re-rendered {} pages with the new templates in {} ms ({} more when they are opened)",
                    done.rendered,
                    started.elapsed().as_millis(),
                    done.deferred
                );
                announce_success(preview, &done.warnings);
            }
            Ok(None) => rebuild_everything(options, preview, "Rebuilt"),
            Err(error) => announce_failure(preview, &error),
        }
        return;
    }
    let inputs = {
        let live = preview.live.read();
        match live.as_ref() {
            // While the site is broken, only a whole build can tell whether every error is
            // fixed: the articles kept are the last good ones.
            Some(live) if !is_broken(preview) => Some(live.rerender_inputs(&options.root)),
            _ => None,
        }
    };
    // Rendered with the kept site unlocked, so pages are served meanwhile.
    let rendered = inputs.map(|inputs| {
        inputs
            .and_then(LiveSite::rerender_all)
            .and_then(|staged| staged.swap_into(&preview.live))
    });
    match rendered {
        Some(Ok(report)) => {
            println!(
                "Re-rendered all {} pages in {} ms",
                report.pages + report.feeds,
                started.elapsed().as_millis()
            );
            announce_success(preview, &report.warnings);
        }
        Some(Err(error)) => announce_failure(preview, &error),
        None => rebuild_everything(options, preview, "Rebuilt"),
    }
}

/// Applies edits to article files, or builds everything when they need it.
fn rebuild_articles(options: &BuildOptions, preview: &Preview, paths: &BTreeSet<PathBuf>) {
    let started = Instant::now();
    // While the site is broken, only a whole build can tell whether every error is fixed.
    let outcome = if is_broken(preview) {
        Ok(EditOutcome::NeedsWholeBuild)
    } else {
        LiveSite::apply_edits(&preview.live, &options.root, paths)
    };
    match outcome {
        Ok(EditOutcome::Applied {
            edited,
            rendered,
            deferred,
            warnings,
        }) => {
            let edited: Vec<String> = edited.iter().map(|p| p.display().to_string()).collect();
            let later = match deferred {
                0 => String::new(),
                n => format!(" ({n} more when they are opened)"),
            };
            println!(
                "Re-rendered {rendered} pages for {} in {} ms{later}",
                edited.join(", "),
                started.elapsed().as_millis()
            );
            announce_success(preview, &warnings);
        }
        Ok(EditOutcome::NeedsWholeBuild) => rebuild_everything(options, preview, "Rebuilt"),
        Ok(EditOutcome::Unchanged) => {}
        Ok(EditOutcome::Unpublished(files)) => {
            let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            println!(
                "Read {}: not published in this preview (a draft, scheduled or expired), so no page changed; serve with --drafts or --future to see it",
                files.join(", ")
            );
        }
        Err(error) => announce_failure(preview, &error),
    }
}

/// Copies edited static files into the served site, or builds everything when needed.
fn copy_static_files(options: &BuildOptions, preview: &Preview, paths: &BTreeSet<PathBuf>) {
    let started = Instant::now();
    let outcome = {
        let live = preview.live.read();
        match live.as_ref() {
            Some(live) => live.apply_static_edits(&options.root, paths),
            None => Ok(CopyOutcome::NeedsWholeBuild),
        }
    };
    match outcome {
        Ok(CopyOutcome::Unchanged) => {}
        Ok(CopyOutcome::Copied(copied)) => {
            let copied: Vec<String> = copied.iter().map(|p| format!("static/{p}")).collect();
            println!(
                "Copied {} in {} ms",
                copied.join(", "),
                started.elapsed().as_millis()
            );
            // Not a build: a standing error stays, and reloaded pages show it again.
            let notice = if copied.iter().all(|path| path.ends_with(".css")) {
                Notice::Stylesheets
            } else {
                Notice::Reload
            };
            let _ = preview.notices.send(notice);
        }
        Ok(CopyOutcome::NeedsWholeBuild) => rebuild_everything(options, preview, "Rebuilt"),
        Err(error) => announce_failure(preview, &error),
    }
}

/// Whether the last build failed.
fn is_broken(preview: &Preview) -> bool {
    preview.last_error.lock().is_some()
}

/// Prints a good build's warnings and tells open pages to reload.
fn announce_success(preview: &Preview, warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    *preview.last_error.lock() = None;
    // Nobody listening is fine: no page is open.
    let _ = preview.notices.send(Notice::Reload);
}

/// Prints a failed build's error and shows it over open pages.
fn announce_failure(preview: &Preview, error: &Error) {
    show_failure(preview, error.to_string());
}

/// Runs a rebuild for the changed files `changed` (empty when they are not known), so that
/// a panic in it (a bug; no input should cause one) is shown over open pages like a build
/// error instead of ending the thread that rebuilds. Nothing the rebuild held is poisoned
/// (the locks are parking_lot's), and a whole build it left half made is dropped with its
/// staging folder as the panic unwinds. A rebuild `in_place` changes the kept site itself.
fn outlive_panics(preview: &Preview, changed: &str, in_place: bool, rebuild: impl FnOnce()) {
    let Err(panic) = catch_unwind(AssertUnwindSafe(rebuild)) else {
        return;
    };
    if in_place {
        // It may be half changed, so no page is rendered from it again: the next change
        // builds everything, as after any failure.
        *preview.live.write() = None;
    }
    announce_panic(preview, changed, &*panic);
}

/// Prints a panicked rebuild's message and shows it over open pages, naming what was being
/// rebuilt (`about`: the changed files, or a page) when it is known.
fn announce_panic(preview: &Preview, about: &str, panic: &(dyn std::any::Any + Send)) {
    let reason = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no reason given");
    let place = match about {
        "" => String::new(),
        about => format!("{about}: "),
    };
    show_failure(
        preview,
        format!(
            "{place}newsroom stopped on an internal error while rebuilding the site ({reason}); this is a bug in newsroom, please report it with the file that set it off. Change or undo the edit and save again"
        ),
    );
}

fn show_failure(preview: &Preview, message: String) {
    eprintln!("error: {message}\n(still serving the last good build)");
    *preview.last_error.lock() = Some(message.clone());
    let _ = preview.notices.send(Notice::BuildError(message));
}

/// The file watcher; shared with the thread that reads its events, which adds source folders
/// made while serving.
type Watcher = Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>;

/// Watches the site folder and rebuilds after each burst of relevant changes.
fn watch(root: &Path, options: BuildOptions, preview: Arc<Preview>) -> Result<Watcher> {
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender)
        .map_err(|e| Error::Usage(format!("could not watch {}: {e}", root.display())))?;
    // The root itself only for its files (newsroom.toml); the source folders in depth. Never
    // the whole root: it may hold an output folder or a build cache of many thousand files.
    let mut watched = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in SOURCE_FOLDERS {
        watched.push((root.join(folder), RecursiveMode::Recursive));
    }
    for folder in crate::content::jekyll_folders(root) {
        watched.push((folder, RecursiveMode::Recursive));
    }
    for (path, mode) in watched.into_iter().filter(|(path, _)| path.exists()) {
        debouncer
            .watch(&path, mode)
            .map_err(|e| Error::Usage(format!("could not watch {}: {e}", path.display())))?;
    }
    let watcher = Arc::new(Mutex::new(debouncer));
    // Weak, so that dropping the watcher ends the thread (its channel closes).
    let shared = Arc::downgrade(&watcher);
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for result in receiver {
            let Ok(events) = result else { continue };
            // Reading the sources (as every build does) is reported too: only changes count.
            let changed: Vec<&Path> = events
                .iter()
                .filter(|event| {
                    event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove()
                })
                .flat_map(|event| event.paths.iter().map(PathBuf::as_path))
                .collect();
            let new_folders = SOURCE_FOLDERS
                .iter()
                .map(|folder| root.join(folder))
                .filter(|folder| changed.contains(&folder.as_path()) && folder.is_dir());
            for folder in new_folders {
                if let Some(watcher) = shared.upgrade() {
                    let watched = watcher.lock().watch(&folder, RecursiveMode::Recursive);
                    if let Err(error) = watched {
                        eprintln!("warning: could not watch {}: {error}", folder.display());
                    }
                }
            }
            let rebuild = sort_changes(&root, changed);
            let changed = match &rebuild {
                Rebuild::Articles(paths) | Rebuild::StaticFiles(paths) => paths
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            let in_place = matches!(rebuild, Rebuild::Articles(_));
            outlive_panics(&preview, &changed, in_place, || match &rebuild {
                Rebuild::Nothing => {}
                Rebuild::Articles(paths) => rebuild_articles(&options, &preview, paths),
                Rebuild::StaticFiles(paths) => copy_static_files(&options, &preview, paths),
                Rebuild::ThemeOrProfiles => rerender_all(&options, &preview),
                Rebuild::Everything => rebuild_everything(&options, &preview, "Rebuilt"),
            });
        }
    });
    Ok(watcher)
}

/// Renders a requested page first when an edit left its file stale. A page that cannot be
/// rendered is served as it last was, with the error shown over it.
async fn render_if_stale(
    State(preview): State<Arc<Preview>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let _ = tokio::task::spawn_blocking(move || {
        let refreshed = catch_unwind(AssertUnwindSafe(|| {
            let live = preview.live.read();
            live.as_ref().map(|live| live.refresh(&path))
        }));
        match refreshed {
            Ok(Some(Err(error))) => announce_failure(&preview, &error),
            Err(panic) => announce_panic(&preview, &format!("the page {path}"), &*panic),
            Ok(_) => {}
        }
    })
    .await;
    next.run(request).await
}

/// The longest file name the file systems newsroom writes to take, in bytes.
const LONGEST_NAME: usize = 255;

/// Answers with the site's page-not-found page every request path that names no file inside
/// the built site: an undecodable path, a NUL, a `..`, a name longer than any file system
/// takes, or a link that leads out of the site's folder. The file service would answer some
/// of these with an empty error, and follow links wherever they point.
async fn refuse_paths_outside_the_site(
    State(preview): State<Arc<Preview>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    if path == EVENTS_PATH {
        return next.run(request).await;
    }
    let output = preview.output.clone();
    let served = tokio::task::spawn_blocking(move || names_a_file_inside(&output, &path));
    if served.await.unwrap_or(false) {
        return next.run(request).await;
    }
    let output = preview.output.clone();
    let page = tokio::task::spawn_blocking(move || std::fs::read(output.join("404.html")));
    let page = match page.await {
        Ok(Ok(page)) => page,
        _ => b"<!doctype html><title>Page not found</title><h1>Page not found</h1>".to_vec(),
    };
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Whether a request path names a file or folder that is inside the built site, links
/// resolved (a folder's `index.html` too, which is what is served for it).
fn names_a_file_inside(output: &Path, path: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return false;
    };
    let mut file = output.to_path_buf();
    for segment in decoded.split('/').filter(|segment| !segment.is_empty()) {
        let impossible = matches!(segment, "." | "..")
            || segment.len() > LONGEST_NAME
            || segment.contains(['\0', '\\']);
        if impossible {
            return false;
        }
        file.push(segment);
    }
    let Ok(site) = output.canonicalize() else {
        return false;
    };
    // A path that cannot be resolved (missing, a loop of links, too long) names no file.
    let inside = |path: &Path| {
        path.canonicalize()
            .is_ok_and(|real| real.starts_with(&site))
    };
    let index = file.join("index.html");
    inside(&file) && (!file.is_dir() || !index.exists() || inside(&index))
}

/// The event stream pages listen to: `reload` after a good build, `build-error` with the
/// message after a failed one (at once, for a page opened while the site is broken).
async fn events(State(preview): State<Arc<Preview>>) -> impl IntoResponse {
    let pending = preview.last_error.lock().clone().map(Notice::BuildError);
    let updates = BroadcastStream::new(preview.notices.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::iter(pending)
        .chain(updates)
        .take_while(|notice| !matches!(notice, Notice::Shutdown))
        .map(
            |notice| -> std::result::Result<Event, std::convert::Infallible> {
                Ok(match notice {
                    Notice::BuildError(message) => Event::default()
                        .event("build-error")
                        .data(serde_json::to_string(&message).expect("strings serialise")),
                    Notice::Stylesheets => {
                        Event::default().event("stylesheets").data("stylesheets")
                    }
                    Notice::Reload | Notice::Shutdown => {
                        Event::default().event("reload").data("reload")
                    }
                })
            },
        );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Resolves when the server is asked to stop: Ctrl-C, or (on Unix) the system or a closed
/// terminal ending it, so that its temporary build is always removed.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate()).ok();
        let mut hangup = signal(SignalKind::hangup()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = received(terminate.as_mut()) => {}
            _ = received(hangup.as_mut()) => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// Resolves when `signal` arrives; never, when it could not be listened for.
#[cfg(unix)]
async fn received(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => drop(signal.recv().await),
        None => std::future::pending().await,
    }
}

/// The script open pages run: reload after a rebuild, load stylesheets again after only they
/// changed, show a failed build over the page.
const RELOAD_SCRIPT: &str = r#"<script>
(() => {
  const events = new EventSource("/__newsroom/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("stylesheets", () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("newsroom-reload", Date.now());
      link.href = url.href;
    }
  });
  events.addEventListener("build-error", (event) => {
    let overlay = document.getElementById("newsroom-build-error");
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = "newsroom-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;margin:0;padding:2rem;overflow:auto;background:rgba(40,0,0,.95);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "newsroom could not rebuild the site; the last good build is shown below this message.\n\n" + JSON.parse(event.data);
  });
})();
</script>"#;

/// Adds the reload script to every HTML page served.
async fn inject_reload_script(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let html = String::from_utf8_lossy(&bytes);
    let with_script = match html.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &html[..at], &html[at..]),
        None => format!("{html}{RELOAD_SCRIPT}"),
    };
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(with_script))
}
