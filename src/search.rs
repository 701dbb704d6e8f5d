//! Full-text search with no server: a Pagefind index of the article pages, made in the
//! build and written with every other file, and the search page that queries it.
//!
//! The index is made from the article pages as they are rendered, in memory: each one passes
//! through [`Collector`] on its way to the output, and [`index`] hands the lot to Pagefind's
//! library, which returns the files of its bundle (its scripts, its WebAssembly, the index
//! chunks and fragments). Those go through the same writer as the pages, so they are part of
//! the staging folder's atomic swap, and a failed build leaves the last index in place.
//!
//! What Pagefind reads from a page is marked in `templates/article.html`: the story's text
//! (`data-pagefind-body`, so the navigation and the story lists beside it are not indexed),
//! its headline, byline, section and tags as metadata, section and author as filters, and
//! the date as a sort. Pages without `data-pagefind-body` (lists, tags, archives) are never
//! handed over.
//!
//! Pagefind reads a page in one thread, so the collector hands it less: each article page is
//! cut down to its search record while pages are still rendered in parallel, keeping only
//! the elements marked with a `data-pagefind-` attribute (whole, with all they hold), the
//! `<title>` and the `<html lang>`. The navigation, the story lists and the scripts around a
//! story are a page's bulk; without them the index takes a fraction of the memory and time,
//! and a story without a photo can no longer be shown in results with the thumbnail of a
//! story listed beside it.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Mutex;

use lol_html::{RewriteStrSettings, doc_comments, doc_text, element, rewrite_str};

use crate::error::{Error, Result};
use crate::output::manifest::{ListPlace, Made};
use crate::render::PageSink;
use crate::routes::{Page, Route};

/// The path of the search page.
pub const SEARCH_PATH: &str = "/search/";

/// The folder of the output that holds Pagefind's bundle, and is Pagefind's alone.
pub const BUNDLE_DIR: &str = "pagefind";

/// The files of the bundle whose names do not depend on the index, relative to
/// [`BUNDLE_DIR`]: the scripts and styles pages may link to, the entry file and the generic
/// WebAssembly. The index chunks, fragments and filters are named by their content.
pub const BUNDLE_FILES: &[&str] = &[
    "pagefind.js",
    "pagefind-entry.json",
    "pagefind-worker.js",
    "pagefind-highlight.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "wasm.unknown.pagefind",
];

/// The files of the bundle known before the index is made, relative to the output root
/// (`pagefind/pagefind-ui.js`), for the plan's list of files and `newsroom check`'s links.
pub fn fixed_files() -> impl Iterator<Item = String> {
    BUNDLE_FILES
        .iter()
        .map(|name| format!("{BUNDLE_DIR}/{name}"))
}

/// A sink that passes every page on to another, keeping the HTML of article pages for the
/// index. Rendering is parallel, so the pages are kept in the order they come and sorted by
/// [`Collector::into_pages`], which gives the index the same bytes on every build.
pub struct Collector<'a> {
    inner: &'a dyn PageSink,
    /// The site path of each article page, by the file it is written to.
    articles: HashMap<String, &'a str>,
    pages: Mutex<Vec<(String, String)>>,
}

impl<'a> Collector<'a> {
    /// A collector of the article pages among `routes`, writing everything into `inner`.
    pub fn new(inner: &'a dyn PageSink, routes: &'a [Route]) -> Collector<'a> {
        let articles = routes
            .iter()
            .filter(|route| matches!(route.page, Page::Article(_)))
            .map(|route| (route.file(), route.path.as_str()))
            .collect();
        Collector {
            inner,
            articles,
            pages: Mutex::new(Vec::new()),
        }
    }

    /// The article pages seen, as `(site path, search record)`, in path order.
    pub fn into_pages(self) -> Vec<(String, String)> {
        let mut pages = self
            .pages
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        pages
    }
}

impl Collector<'_> {
    /// Keeps the search record of `bytes` if `path` is an article page.
    fn collect(&self, path: &str, bytes: &[u8]) {
        if let Some(&site_path) = self.articles.get(path) {
            let record = search_record(&String::from_utf8_lossy(bytes));
            self.pages
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push((site_path.to_string(), record));
        }
    }
}

impl PageSink for Collector<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.inner.put(path, bytes)?;
        self.collect(path, bytes);
        Ok(())
    }

    fn put_page(&self, path: &str, bytes: &[u8], made: Made) -> Result<()> {
        self.inner.put_page(path, bytes, made)?;
        self.collect(path, bytes);
        Ok(())
    }

    fn previous_frame(&self, path: &str, frame: &blake3::Hash) -> Option<(Vec<u8>, ListPlace)> {
        self.inner.previous_frame(path, frame)
    }

    fn reuses_pages(&self) -> bool {
        self.inner.reuses_pages()
    }

    /// A reused article page is read back for its record: the index is made whole each
    /// build, from every article page.
    fn reuse_page(&self, path: &str, made_from: &blake3::Hash) -> Result<bool> {
        if !self.inner.reuse_page(path, made_from)? {
            return Ok(false);
        }
        if self.articles.contains_key(path) {
            let bytes = self.inner.read_back(path)?;
            self.collect(path, &bytes);
        }
        Ok(true)
    }
}

/// What Pagefind needs of a page: every element marked with a `data-pagefind-` attribute,
/// whole and in page order, the `<title>` (Pagefind's last resort for a headline) and the
/// `<html>` element with its `lang`; everything else is left out, and so are comments, which
/// Pagefind never reads. A marked element inside another is kept as part of it.
pub fn search_record(html: &str) -> String {
    // Whether the text being read lies inside a kept element; the handlers run in document
    // order on this thread, so a shared cell is enough.
    let inside = Rc::new(Cell::new(false));
    let (for_elements, for_text) = (Rc::clone(&inside), Rc::clone(&inside));
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", move |el| {
            if for_elements.get() || el.tag_name() == "html" {
                return Ok(());
            }
            let marked = el.tag_name() == "title"
                || el
                    .attributes()
                    .iter()
                    .any(|attribute| attribute.name().starts_with("data-pagefind-"));
            if !marked {
                // An element around the marked ones: its tags go, what it holds is sorted
                // element by element.
                el.remove_and_keep_content();
            } else if let Some(handlers) = el.end_tag_handlers() {
                for_elements.set(true);
                let leaving = Rc::clone(&for_elements);
                let reset: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                    leaving.set(false);
                    Ok(())
                });
                handlers.push(reset);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |text| {
            if !for_text.get() {
                text.remove();
            }
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            comment.remove();
            Ok(())
        }));
    // The page was made by the renderer and is well formed; should the rewriter still refuse
    // it, Pagefind gets the whole page, which it reads the same way, only slower.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Makes the search index of `pages` (`(site path, HTML)` each), in `language`, and returns
/// the files of Pagefind's bundle as `(path relative to the output root, bytes)`, sorted.
///
/// Pages are indexed under their site paths (`/2023/10/29/slug/`), without the base URL:
/// Pagefind's script puts the folder it is loaded from in front of them, so one index works
/// wherever the site is served.
pub fn index(pages: Vec<(String, String)>, language: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    // Pagefind's errors are `anyhow` chains; `{:#}` writes the whole chain on one line.
    let why = |error: &dyn std::fmt::Display| format!("{error:#}");
    let made = async move {
        let mut search = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| why(&e))?;
        for (path, html) in pages {
            search
                .add_html_file(None, Some(path), html)
                .await
                .map_err(|e| why(&e))?;
        }
        search.get_files().await.map_err(|e| why(&e))
    };
    // Pagefind's library is async; it gets a runtime of its own on a thread of its own, so
    // it runs the same way from `build` and from inside `newsroom serve`'s runtime.
    let files = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| why(&e))
                    .and_then(|runtime| runtime.block_on(made))
            })
            .join()
            .unwrap_or_else(|_| Err("the indexer stopped unexpectedly".to_string()))
    })
    .map_err(|why| {
        Error::Search(format!(
            "the search index could not be made: {why}; set `search = false` in {} to build without it, and report this as a bug of newsroom",
            crate::config::CONFIG_FILE
        ))
    })?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|file| {
            let relative = file
                .filename
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (format!("{BUNDLE_DIR}/{relative}"), file.contents)
        })
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(headline: &str, text: &str) -> String {
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{headline}</title></head><body><nav>Latest Tags</nav><main data-pagefind-body><h1 data-pagefind-meta=\"title\">{headline}</h1><p>{text}</p></main></body></html>"
        )
    }

    #[test]
    fn the_bundle_holds_the_named_files_and_the_index() {
        let pages = vec![
            ("/a/".to_string(), page("Harbour", "Cranes unload ships.")),
            ("/b/".to_string(), page("Orchard", "Apples ripen early.")),
        ];
        let files = index(pages, "en").unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        for fixed in BUNDLE_FILES {
            let name = format!("{BUNDLE_DIR}/{fixed}");
            assert!(names.contains(&name.as_str()), "{name} missing: {names:?}");
        }
        for ending in [".pf_fragment", ".pf_index", ".pf_meta"] {
            assert!(names.iter().any(|name| name.ends_with(ending)), "{ending}");
        }
        assert!(names.contains(&"pagefind/wasm.en.pagefind"), "{names:?}");
        let entry = &files
            .iter()
            .find(|(name, _)| name == "pagefind/pagefind-entry.json")
            .unwrap()
            .1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        assert_eq!(entry["languages"]["en"]["page_count"], 2);
    }

    #[test]
    fn a_search_record_keeps_the_marked_elements_whole_and_nothing_else() {
        let page = concat!(
            "<!doctype html><html lang=\"en\"><head><title>Harbour</title>",
            "<meta name=\"description\" content=\"Not indexed\">",
            "<meta property=\"article:tag\" content=\"Ports\" data-pagefind-filter=\"Tag[content]\">",
            "<style>p { color: red }</style></head><body><!-- nav -->",
            "<nav><a href=\"/\">Latest</a></nav><main><article>",
            "<h1 data-pagefind-body data-pagefind-meta=\"title\">Harbour <em>reopens</em></h1>",
            "<aside><img src=\"other.jpg\" alt=\"\"></aside>",
            "<div data-pagefind-body><p>Cranes <span data-pagefind-filter=\"Place\">Karachi</span>.</p><!-- note --></div>",
            "</article><section><h2>Latest stories</h2><p>Another story</p></section></main>",
            "<script>track()</script></body></html>"
        );
        assert_eq!(
            search_record(page),
            concat!(
                "<!doctype html><html lang=\"en\"><title>Harbour</title>",
                "<meta property=\"article:tag\" content=\"Ports\" data-pagefind-filter=\"Tag[content]\">",
                "<h1 data-pagefind-body data-pagefind-meta=\"title\">Harbour <em>reopens</em></h1>",
                "<div data-pagefind-body><p>Cranes <span data-pagefind-filter=\"Place\">Karachi</span>.</p></div>",
                "</html>"
            )
        );
    }

    #[test]
    fn the_same_pages_give_the_same_bytes() {
        let pages: Vec<(String, String)> = (0..40)
            .map(|n| {
                (
                    format!("/story-{n}/"),
                    page(&format!("Story {n}"), &format!("word{n} shared text {n}")),
                )
            })
            .collect();
        assert_eq!(
            index(pages.clone(), "en").unwrap(),
            index(pages, "en").unwrap()
        );
    }
}
