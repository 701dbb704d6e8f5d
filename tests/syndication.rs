//! Feeds, sitemaps, robots.txt and page metadata, each read back with a real parser: feed-rs
//! for RSS and Atom, roxmltree and the sitemaps.org schema (through xmllint) for sitemaps,
//! serde_json for JSON-LD, an HTML parser for the `<head>`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use chrono::{Duration, SecondsFormat, Utc};
use common::{Fixture, attrs, texts};
use scraper::{Html, Selector};

const BASE: &str = "https://example.org/news/";

/// A site under a sub-path with three articles, one with awkward characters, an update, an
/// image and relative links in its body.
fn news_site(extra_config: &str) -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!(
            "title = \"Daily & Co\"\nbase_url = \"{BASE}\"\ndescription = \"News <fast>\"\nlogo = \"/logo.png\"\n{extra_config}"
        ),
    );
    site.article(
        "awkward.md",
        "title: \"Café <talks> & \\\"quotes\\\" </script>\"\ndate: 2023-10-29T08:00:00Z\nupdated: 2023-10-30T09:15:00Z\nauthors: [Amina Khan, Lee Park]\ntags: [Security, Pakistan]\nimage: {src: \"https://photos.example.org/lead.jpg\", alt: The talks}",
        "Read [the background](/background/) and [more](more/).\n\n![Map](map.png)\n\nSecond paragraph.",
    );
    site.article(
        "older.md",
        "title: Older story\ndate: 2023-10-01T12:00:00+05:00\nauthor: Lee Park\ntags: [security]",
        "Older body.",
    );
    site.article(
        "oldest.md",
        "title: Oldest story\ndate: 2023-09-01\ntags: [economy]",
        "Oldest body.",
    );
    site
}

fn read(site: &Fixture, file: &str) -> String {
    std::fs::read_to_string(site.public().join(file)).unwrap_or_else(|e| panic!("read {file}: {e}"))
}

fn parse_feed(site: &Fixture, file: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(read(site, file).as_bytes())
        .unwrap_or_else(|e| panic!("{file} is not a valid feed: {e}"))
}

fn entry_titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|entry| entry.title.as_ref().unwrap().content.clone())
        .collect()
}

#[test]
fn rss_and_atom_feeds_carry_the_newest_articles_with_dates_links_and_authors() {
    let site = news_site("");
    site.build_ok(&[]);
    for file in ["rss.xml", "atom.xml"] {
        let feed = parse_feed(&site, file);
        assert_eq!(
            entry_titles(&feed),
            [
                "Café <talks> & “quotes” </script>",
                "Older story",
                "Oldest story"
            ],
            "{file}"
        );
        let first = &feed.entries[0];
        assert_eq!(
            first.links[0].href, "https://example.org/news/2023/10/29/awkward/",
            "{file}"
        );
        assert_eq!(
            first.published.unwrap().to_rfc3339(),
            "2023-10-29T08:00:00+00:00",
            "{file}"
        );
        let authors: Vec<&str> = first
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect();
        assert_eq!(authors, ["Amina Khan", "Lee Park"], "{file}");
        let categories: Vec<&str> = first.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(categories, ["Security", "Pakistan"], "{file}");
        // The whole article, its relative links made absolute against the article.
        let body = first.content.as_ref().unwrap().body.clone().unwrap();
        assert!(
            body.contains("href=\"https://example.org/background/\""),
            "{file}: {body}"
        );
        assert!(
            body.contains("href=\"https://example.org/news/2023/10/29/awkward/more/\""),
            "{file}: {body}"
        );
        assert!(
            body.contains("src=\"https://example.org/news/2023/10/29/awkward/map.png\""),
            "{file}: {body}"
        );
        assert!(body.contains("Second paragraph."), "{file}");
        // Times in other zones are the same instants.
        assert_eq!(
            feed.entries[1].published.unwrap().to_rfc3339(),
            "2023-10-01T07:00:00+00:00",
            "{file}"
        );
    }
    let atom = parse_feed(&site, "atom.xml");
    assert_eq!(atom.id, "https://example.org/news/atom.xml");
    assert_eq!(
        atom.entries[0].updated.unwrap().to_rfc3339(),
        "2023-10-30T09:15:00+00:00"
    );
    assert_eq!(
        atom.entries[0].id,
        "https://example.org/news/2023/10/29/awkward/"
    );
    let rss = parse_feed(&site, "rss.xml");
    assert_eq!(rss.title.unwrap().content, "Daily & Co");
    assert_eq!(
        rss.entries[0].id,
        "https://example.org/news/2023/10/29/awkward/"
    );
}

#[test]
fn feed_limit_and_summary_only_feeds() {
    let site = news_site("feed_limit = 2\nfeed_content = \"summary\"\n");
    site.build_ok(&[]);
    for file in ["rss.xml", "atom.xml"] {
        let feed = parse_feed(&site, file);
        assert_eq!(entry_titles(&feed).len(), 2, "{file}");
        let body = feed.entries[0]
            .content
            .as_ref()
            .unwrap()
            .body
            .clone()
            .unwrap();
        assert!(body.contains("the background"), "{file}: {body}");
        assert!(!body.contains("Second paragraph."), "{file}: {body}");
    }
}

#[test]
fn every_tag_has_feeds_and_pages_point_at_the_feeds_that_apply() {
    let site = news_site("");
    site.build_ok(&[]);
    let security = parse_feed(&site, "tags/security/rss.xml");
    assert_eq!(
        entry_titles(&security),
        ["Café <talks> & “quotes” </script>", "Older story"]
    );
    let economy = parse_feed(&site, "tags/economy/atom.xml");
    assert_eq!(entry_titles(&economy), ["Oldest story"]);

    let alternates = |page: &Html| attrs(page, "link[rel=alternate]", "href");
    assert_eq!(
        alternates(&site.page("/tags/security/")),
        [
            "https://example.org/news/rss.xml",
            "https://example.org/news/atom.xml",
            "https://example.org/news/tags/security/rss.xml",
            "https://example.org/news/tags/security/atom.xml"
        ]
    );
    // The home page lists the site's feeds once.
    assert_eq!(
        alternates(&site.page("/")),
        [
            "https://example.org/news/rss.xml",
            "https://example.org/news/atom.xml"
        ]
    );
    let article = site.page("/2023/10/01/older/");
    assert_eq!(
        alternates(&article),
        [
            "https://example.org/news/rss.xml",
            "https://example.org/news/atom.xml"
        ]
    );
    assert_eq!(
        attrs(&article, "link[rel=alternate]", "type"),
        ["application/rss+xml", "application/atom+xml"]
    );
}

/// The sitemaps.org schema, installed by `.ci/run` from the npm registry's `sitemap` package;
/// panics when it or xmllint is missing, so a test that needs them never passes unchecked.
fn sitemap_schema() -> PathBuf {
    let schema = std::env::var_os("SITEMAP_XSD")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/test-tools/node_modules/sitemap/schema/sitemap.xsd")
        });
    let xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    assert!(
        schema.is_file() && xmllint,
        "sitemap validation needs xmllint and {} (bash .ci/run installs both)",
        schema.display()
    );
    schema
}

/// Validates an output file against the sitemaps.org schema with xmllint.
fn assert_valid_sitemap(site: &Fixture, file: &str) {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(sitemap_schema())
        .arg(site.public().join(file))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{file} does not validate:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn sitemap_lists_every_page_and_validates_against_the_schema() {
    let site = news_site("paginate_by = 2\n");
    site.build_ok(&[]);
    let text = read(&site, "sitemap.xml");
    let document = roxmltree::Document::parse(&text).unwrap();
    let sitemaps_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(document.root_element().tag_name().name(), "urlset");
    assert_eq!(
        document.root_element().tag_name().namespace(),
        Some(sitemaps_ns)
    );
    let mut locations = Vec::new();
    let mut lastmods = std::collections::BTreeMap::new();
    for url in document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name("lastmod"))
            .and_then(|n| n.text());
        locations.push(loc.to_string());
        lastmods.insert(loc.to_string(), lastmod.map(str::to_string));
    }
    let mut expected: Vec<String> = [
        "2023/10/29/awkward/",
        "2023/10/01/older/",
        "2023/09/01/oldest/",
        "",
        "page/2/",
        "tags/economy/",
        "tags/pakistan/",
        "tags/security/",
        "tags/",
        "authors/",
        "authors/amina-khan/",
        "authors/lee-park/",
        "2023/",
        "2023/page/2/",
        "2023/10/",
        "2023/09/",
        "2023/10/29/",
        "2023/10/01/",
        "2023/09/01/",
    ]
    .iter()
    .map(|path| format!("{BASE}{path}"))
    .collect();
    expected.sort();
    locations.sort();
    assert_eq!(locations, expected);
    assert_eq!(
        lastmods[&format!("{BASE}2023/10/29/awkward/")].as_deref(),
        Some("2023-10-30T09:15:00+00:00")
    );
    assert_eq!(
        lastmods[&format!("{BASE}tags/economy/")].as_deref(),
        Some("2023-09-01T00:00:00+00:00")
    );
}

#[test]
#[ignore = "needs xmllint and the sitemaps.org schema; .ci/run installs them"]
fn sitemap_validates_against_the_sitemaps_schema() {
    let site = news_site("paginate_by = 2\n");
    site.build_ok(&[]);
    assert_valid_sitemap(&site, "sitemap.xml");
}

/// The child element of `node` with this namespace and name.
fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    ns: &str,
    name: &str,
) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ns))
        .unwrap_or_else(|| panic!("no {name} in {:?}", node.tag_name()))
}

#[test]
fn news_sitemap_lists_the_last_48_hours_by_googles_format() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!("title = \"Daily & Co\"\nbase_url = \"{BASE}\"\nlanguage = \"en-GB\"\n"),
    );
    let now = Utc::now();
    let at = |hours: i64| (now - Duration::hours(hours)).to_rfc3339_opts(SecondsFormat::Secs, true);
    site.article(
        "fresh.md",
        &format!("title: \"Fresh & new\"\ndate: {}", at(2)),
        "A.",
    );
    site.article(
        "day-old.md",
        &format!("title: Day old\ndate: {}", at(47)),
        "B.",
    );
    site.article("stale.md", &format!("title: Stale\ndate: {}", at(49)), "C.");
    site.build_ok(&[]);

    let text = read(&site, "news-sitemap.xml");
    let document = roxmltree::Document::parse(&text).unwrap();
    let news_ns = "http://www.google.com/schemas/sitemap-news/0.9";
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls: Vec<_> = root.children().filter(|n| n.has_tag_name("url")).collect();
    assert_eq!(urls.len(), 2);
    let sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let first = urls[0];
    assert!(
        child(first, sitemap_ns, "loc")
            .text()
            .unwrap()
            .ends_with("/fresh/")
    );
    let news = child(first, news_ns, "news");
    let publication = child(news, news_ns, "publication");
    assert_eq!(
        child(publication, news_ns, "name").text(),
        Some("Daily & Co")
    );
    assert_eq!(child(publication, news_ns, "language").text(), Some("en"));
    assert_eq!(child(news, news_ns, "title").text(), Some("Fresh & new"));
    let published = child(news, news_ns, "publication_date").text().unwrap();
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(published)
            .unwrap()
            .timestamp(),
        (now - Duration::hours(2)).timestamp()
    );
    assert!(
        child(urls[1], sitemap_ns, "loc")
            .text()
            .unwrap()
            .ends_with("/day-old/")
    );
}

#[test]
fn an_empty_news_sitemap_is_still_a_valid_sitemap() {
    let site = news_site("");
    site.build_ok(&[]);
    let text = read(&site, "news-sitemap.xml");
    let document = roxmltree::Document::parse(&text).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    // No story is recent: the home page stands in, with no news tags.
    let urls: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(urls.len(), 1);
    let sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(child(urls[0], sitemap_ns, "loc").text(), Some(BASE));
    assert!(!text.contains("<news:news>"));
}

#[test]
#[ignore = "needs xmllint and the sitemaps.org schema; .ci/run installs them"]
fn an_empty_news_sitemap_validates_against_the_sitemaps_schema() {
    let site = news_site("");
    site.build_ok(&[]);
    assert_valid_sitemap(&site, "news-sitemap.xml");
}

#[test]
fn robots_txt_names_both_sitemaps_unless_the_site_has_its_own() {
    let site = news_site("");
    site.build_ok(&[]);
    assert_eq!(
        read(&site, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/news/sitemap.xml\nSitemap: https://example.org/news/news-sitemap.xml\n"
    );
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.build_ok(&[]);
    assert_eq!(
        read(&site, "robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
}

fn json_ld(page: &Html) -> serde_json::Value {
    let selector = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = page.select(&selector).map(|s| s.inner_html()).collect();
    assert_eq!(scripts.len(), 1, "expected one JSON-LD block: {scripts:?}");
    serde_json::from_str(&scripts[0]).unwrap()
}

fn meta(page: &Html, key: &str) -> Vec<String> {
    let by_property = attrs(page, &format!("meta[property=\"{key}\"]"), "content");
    if by_property.is_empty() {
        attrs(page, &format!("meta[name=\"{key}\"]"), "content")
    } else {
        by_property
    }
}

#[test]
fn article_pages_carry_news_article_json_ld_and_social_tags() {
    let site = news_site("");
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/awkward/");
    let data = json_ld(&page);
    let url = "https://example.org/news/2023/10/29/awkward/";
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["headline"], "Café <talks> & “quotes” </script>");
    assert_eq!(data["datePublished"], "2023-10-29T08:00:00+00:00");
    assert_eq!(data["dateModified"], "2023-10-30T09:15:00+00:00");
    assert_eq!(data["author"][0]["@type"], "Person");
    assert_eq!(data["author"][0]["name"], "Amina Khan");
    assert_eq!(data["author"][1]["name"], "Lee Park");
    assert_eq!(
        data["author"][0]["url"],
        "https://example.org/news/authors/amina-khan/"
    );
    assert_eq!(data["image"][0], "https://photos.example.org/lead.jpg");
    assert_eq!(data["publisher"]["@type"], "Organization");
    assert_eq!(data["publisher"]["name"], "Daily & Co");
    assert_eq!(
        data["publisher"]["logo"]["url"],
        "https://example.org/news/logo.png"
    );
    assert_eq!(data["mainEntityOfPage"]["@id"], url);
    assert_eq!(data["description"], "Read the background and more.");

    assert_eq!(
        texts(&page, "title"),
        ["Café <talks> & “quotes” </script> · Daily & Co"]
    );
    assert_eq!(
        meta(&page, "description"),
        ["Read the background and more."]
    );
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), [url]);
    assert_eq!(
        meta(&page, "og:title"),
        ["Café <talks> & “quotes” </script>"]
    );
    assert_eq!(meta(&page, "og:type"), ["article"]);
    assert_eq!(meta(&page, "og:url"), [url]);
    assert_eq!(
        meta(&page, "og:image"),
        ["https://photos.example.org/lead.jpg"]
    );
    assert_eq!(meta(&page, "og:site_name"), ["Daily & Co"]);
    assert_eq!(
        meta(&page, "article:published_time"),
        ["2023-10-29T08:00:00+00:00"]
    );
    assert_eq!(
        meta(&page, "article:modified_time"),
        ["2023-10-30T09:15:00+00:00"]
    );
    assert_eq!(meta(&page, "article:author"), ["Amina Khan", "Lee Park"]);
    assert_eq!(meta(&page, "article:tag"), ["Security", "Pakistan"]);
    assert_eq!(meta(&page, "twitter:card"), ["summary_large_image"]);
    assert_eq!(
        meta(&page, "twitter:image"),
        ["https://photos.example.org/lead.jpg"]
    );
}

#[test]
fn the_home_page_carries_website_json_ld() {
    let site = news_site("");
    site.build_ok(&[]);
    let home = site.page("/");
    let data = json_ld(&home);
    assert_eq!(data["@type"], "WebSite");
    assert_eq!(data["name"], "Daily & Co");
    assert_eq!(data["url"], BASE);
    assert_eq!(data["description"], "News <fast>");
    assert_eq!(meta(&home, "og:type"), ["website"]);
    assert_eq!(meta(&home, "description"), ["News <fast>"]);
    assert_eq!(meta(&home, "twitter:card"), ["summary"]);
}

#[test]
fn a_404_page_sits_at_the_root() {
    let site = news_site("");
    site.build_ok(&[]);
    let text = read(&site, "404.html");
    let page = Html::parse_document(&text);
    assert_eq!(texts(&page, "h1"), ["Page not found"]);
    let links = attrs(&page, "a", "href");
    assert!(links.len() > 3, "{links:?}");
    assert!(
        links
            .iter()
            .all(|href| href.starts_with(BASE) || href.starts_with("#")),
        "{links:?}"
    );
}

#[test]
fn under_a_sub_path_no_link_leaves_it() {
    let site = news_site("paginate_by = 1\n");
    site.build_ok(&[]);
    let base = url::Url::parse(BASE).unwrap();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let relative = entry.path().strip_prefix(site.public()).unwrap();
        let page_url = base
            .join(&relative.to_string_lossy().replace('\\', "/"))
            .unwrap();
        let page = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for (selector, attribute) in [("[href]", "href"), ("[src]", "src")] {
            for link in attrs(&page, selector, attribute) {
                let target = page_url.join(&link).unwrap();
                // The body's own link to /background/ is the author's choice; every link the
                // theme makes must stay under the sub-path.
                if link == "/background/" {
                    continue;
                }
                // So is the lead photo on another site, which list pages show too.
                if link == "https://photos.example.org/lead.jpg" {
                    continue;
                }
                assert!(
                    target.as_str().starts_with(BASE),
                    "{} links to {target} ({link})",
                    relative.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn without_an_absolute_base_url_feeds_and_sitemaps_are_left_out_with_a_warning() {
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-01-01\ntags: [x]", "A.");
    let output = site.build(&[]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "warning: base_url is not an absolute URL, so feeds, sitemaps, robots.txt and structured data were left out (they need absolute links); set base_url in newsroom.toml or pass --base-url https://example.org/\n"
    );
    for file in [
        "rss.xml",
        "atom.xml",
        "sitemap.xml",
        "news-sitemap.xml",
        "robots.txt",
        "tags/x/rss.xml",
    ] {
        assert!(!site.public().join(file).exists(), "{file} was written");
    }
    assert!(site.public().join("404.html").exists());
    let page = site.page("/2023/01/01/a/");
    assert!(attrs(&page, "script[type=\"application/ld+json\"]", "type").is_empty());
    assert!(attrs(&page, "link[rel=alternate]", "href").is_empty());

    site.build_ok(&["--base-url", "https://preview.example.net/"]);
    let feed = parse_feed(&site, "rss.xml");
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://preview.example.net/2023/01/01/a/"
    );
}
