//! Sitemaps for search engines and `robots.txt`.
//!
//! `sitemap.xml` lists every page with the time it last changed. Past 50,000 URLs, the limit
//! of the sitemaps protocol, the URLs go into numbered sitemaps and `sitemap.xml` becomes their
//! index. `news-sitemap.xml` follows Google News: only the articles of the last 48 hours, at
//! most 1,000 of them.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use chrono_tz::Tz;
use quick_xml::escape::escape;

use crate::config::Config;

use crate::routes::{Page, Route};
use crate::site::Site;

/// The most URLs one sitemap may hold, by the protocol.
pub const URLS_PER_SITEMAP: usize = 50_000;
/// The most articles a news sitemap may hold, by Google's rules.
pub const NEWS_LIMIT: usize = 1_000;
/// How far back a news sitemap reaches, by Google's rules.
pub const NEWS_WINDOW_HOURS: i64 = 48;

/// The sitemap's file name; with more than one sitemap, the index's.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// The news sitemap's file name.
pub const NEWS_SITEMAP_FILE: &str = "news-sitemap.xml";
/// The robots file's name.
pub const ROBOTS_FILE: &str = "robots.txt";

/// One URL of the sitemap.
#[derive(Debug, Clone)]
pub struct Entry {
    pub url: String,
    pub last_modified: Option<DateTime<Tz>>,
}

/// Every page a search engine should know, with when it last changed: an article when it was
/// updated (or published), a list page when the newest of the stories it shows did, so an
/// older page of a list keeps its date as stories are added (with stable pagination, its
/// bytes too).
pub fn entries(site: &Site, routes: &[Route], config: &Config) -> Vec<Entry> {
    let changed = |position: usize| site.articles[position].last_changed();
    let newest_of = |positions: &[usize]| positions.iter().map(|&p| changed(p)).max();
    let newest_anywhere = newest_of(&site.all);
    routes
        .iter()
        .filter(|route| lists(route.page))
        .map(|route| {
            let last_modified = match route.page {
                Page::Article(position) => Some(changed(position)),
                Page::List { listing, number } => {
                    let shown = listing.pages(site, config).range(number);
                    newest_of(&listing.articles(site)[shown])
                }
                _ => newest_anywhere,
            };
            Entry {
                url: config.url_for(&route.path),
                last_modified,
            }
        })
        .collect()
}

/// Whether the sitemap lists a page: feeds are not pages; redirects and the 404 page are
/// not content.
pub fn lists(page: Page) -> bool {
    match page {
        Page::Article(_) | Page::List { .. } | Page::TagIndex | Page::AuthorIndex => true,
        // The search page shows nothing until a reader types, so crawlers are not sent there.
        Page::Feed { .. } | Page::NotFound | Page::Redirect { .. } | Page::Search => false,
    }
}

/// The names of the sitemap files for `urls` URLs at most `per_file` a file: `sitemap.xml`
/// alone, or the index `sitemap.xml` and its parts `sitemap-1.xml`, `sitemap-2.xml`, ...
pub fn file_names(urls: usize, per_file: usize) -> Vec<String> {
    let mut names = vec![SITEMAP_FILE.to_string()];
    if urls > per_file {
        let parts = urls.div_ceil(per_file.max(1));
        names.extend((1..=parts).map(|number| format!("sitemap-{number}.xml")));
    }
    names
}

fn w3c(date: &DateTime<Tz>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The sitemap files: `(file name, text)`. One `sitemap.xml` up to `per_file` URLs; beyond,
/// `sitemap-1.xml`, `sitemap-2.xml`, ... and an index in `sitemap.xml`.
pub fn sitemap_files(entries: &[Entry], config: &Config, per_file: usize) -> Vec<(String, String)> {
    let names = file_names(entries.len(), per_file);
    if names.len() == 1 {
        return vec![(SITEMAP_FILE.to_string(), urlset(entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, chunk) in names[1..].iter().zip(entries.chunks(per_file)) {
        let name = name.clone();
        index.push_str("  <sitemap>\n    <loc>");
        index.push_str(&escape(config.url_for(&format!("/{name}"))));
        index.push_str("</loc>\n");
        if let Some(newest) = chunk.iter().filter_map(|e| e.last_modified).max() {
            index.push_str(&format!("    <lastmod>{}</lastmod>\n", w3c(&newest)));
        }
        index.push_str("  </sitemap>\n");
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (SITEMAP_FILE.to_string(), index));
    files
}

fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 120 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(entry.url.as_str()));
        xml.push_str("</loc>\n");
        if let Some(date) = &entry.last_modified {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", w3c(date)));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The Google News sitemap: articles published in the 48 hours before `now`, newest first.
/// Without any, it lists only the home page, with no news tags, so it stays a valid sitemap.
pub fn news_sitemap(site: &Site, config: &Config, now: DateTime<Utc>) -> String {
    let since = now - Duration::hours(NEWS_WINDOW_HOURS);
    let language = news_language(&config.language);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let recent = site
        .articles
        .iter()
        .filter(|article| article.date > since && article.date <= now)
        .take(NEWS_LIMIT);
    let mut listed = 0;
    for article in recent {
        listed += 1;
        let url = config.url_for(&crate::routes::article_path(article, config));
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(url.as_str()));
        xml.push_str("</loc>\n    <news:news>\n      <news:publication>\n        <news:name>");
        xml.push_str(&escape(config.title.as_str()));
        xml.push_str("</news:name>\n        <news:language>");
        xml.push_str(&escape(language.as_str()));
        xml.push_str("</news:language>\n      </news:publication>\n      <news:publication_date>");
        xml.push_str(&w3c(&article.date));
        xml.push_str("</news:publication_date>\n      <news:title>");
        xml.push_str(&escape(article.title.as_str()));
        xml.push_str("</news:title>\n    </news:news>\n  </url>\n");
    }
    // The sitemaps schema wants at least one URL; with no story in the window, the home page
    // stands in, as a plain entry that carries no news tags.
    if listed == 0 {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape(config.url_for("/").as_str()));
        xml.push_str("</loc>\n  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Google News wants an ISO 639 code (`en`, `de`), except `zh-cn` and `zh-tw`.
fn news_language(language: &str) -> String {
    let language = language.trim().to_ascii_lowercase().replace('_', "-");
    if language == "zh-cn" || language == "zh-tw" {
        return language;
    }
    language.split('-').next().unwrap_or("en").to_string()
}

/// A `robots.txt` that lets every crawler in and names both sitemaps.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        config.url_for(&format!("/{SITEMAP_FILE}")),
        config.url_for(&format!("/{NEWS_SITEMAP_FILE}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry {
            url: format!("https://example.org/{n}/?a=1&b=2"),
            last_modified: None,
        }
    }

    #[test]
    fn large_sitemaps_split_behind_an_index() {
        let config = Config {
            base_url: "https://example.org".to_string(),
            ..Config::default()
        };
        let entries: Vec<Entry> = (0..5).map(entry).collect();
        let files = sitemap_files(&entries, &config, 2);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0]
                .1
                .contains("<loc>https://example.org/sitemap-3.xml</loc>")
        );
        assert_eq!(files[3].1.matches("<url>").count(), 1);
        assert!(files[1].1.contains("?a=1&amp;b=2"));
        assert_eq!(sitemap_files(&entries, &config, 5).len(), 1);
    }

    #[test]
    fn news_languages_are_iso_639() {
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("zh-TW"), "zh-tw");
        assert_eq!(news_language("de"), "de");
    }
}
