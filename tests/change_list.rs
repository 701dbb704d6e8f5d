//! Saying what changed: stable pagination keeps older list pages as they were when a story is
//! added, the change list names what a build changed, and `newsroom ping` tells IndexNow and
//! a WebSub hub about it (here a loopback HTTP server stands in for both).

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::mpsc;

use common::{Fixture, attrs, newsroom};
use newsroom::changes::ChangeList;

const KEY: &str = "5c1d0a0e8b7f4a52";

/// A site of `stories` stories, a page of 10 each, every fifth also tagged "Weather".
fn site(stories: usize, pagination: &str, extra_config: &str) -> Fixture {
    ledger(
        stories,
        "https://ledger.example.org/",
        &format!("pagination = \"{pagination}\"\n{extra_config}"),
    )
}

/// The Ledger at `base_url`, with `stories` stories, 10 a page, and `config` added.
fn ledger(stories: usize, base_url: &str, config: &str) -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!("title = \"The Ledger\"\nbase_url = \"{base_url}\"\npaginate_by = 10\n{config}"),
    );
    for n in 0..stories {
        add_story(&site, n);
    }
    site
}

/// Story `n` is dated `n` hours into 2024, so each new one is the newest.
fn add_story(site: &Fixture, n: usize) {
    let tags = if n.is_multiple_of(5) {
        "[Council, Weather]"
    } else {
        "[Council]"
    };
    site.article(
        &format!("story-{n:03}.md"),
        &format!(
            "title: Story {n}
date: {}
tags: {tags}",
            dated(n).to_rfc3339()
        ),
        &format!("The council met for the {n}th time."),
    );
}

fn dated(n: usize) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
        .unwrap()
        .to_utc()
        + chrono::Duration::hours(n as i64)
}

fn change_list(site: &Fixture) -> ChangeList {
    ChangeList::read(&site.root().join(".newsroom/build")).unwrap()
}

fn paths(urls: &[String]) -> BTreeSet<String> {
    urls.iter()
        .map(|url| {
            url.trim_start_matches("https://ledger.example.org")
                .to_string()
        })
        .collect()
}

#[test]
fn stable_pages_keep_their_urls_and_bytes_when_a_story_comes_in() {
    // The Latest stories and related stories lists change on older pages too (a new story
    // enters them); here they are off, to see the pagination alone.
    let site = site(95, "stable", "latest_count = 0\nrelated_count = 0\n");
    site.build_ok(&[]);
    // 95 stories, 10 a page: the first page shows the newest ten, /page/1/ to /page/9/ the
    // full pages counted from the oldest.
    let headlines = |path: &str| common::texts(&site.page(path), ".story-list .headline");
    let newest: Vec<String> = (85..95).rev().map(|n| format!("Story {n}")).collect();
    assert_eq!(headlines("/tags/council/"), newest);
    let oldest: Vec<String> = (0..10).rev().map(|n| format!("Story {n}")).collect();
    assert_eq!(headlines("/tags/council/page/1/"), oldest);
    assert_eq!(headlines("/page/1/"), oldest);
    let ninth: Vec<String> = (80..90).rev().map(|n| format!("Story {n}")).collect();
    assert_eq!(headlines("/page/9/"), ninth);
    assert!(!site.public().join("page/10").exists());
    let page_5 = std::fs::read(site.public().join("page/5/index.html")).unwrap();

    add_story(&site, 95);
    let summary = site.build_ok(&[]);
    let list = change_list(&site);
    let added = paths(&list.added);
    let updated = paths(&list.updated);
    assert!(list.deleted.is_empty(), "{list:?}");
    let story = format!("/{}/story-095/", dated(95).format("%Y/%m/%d"));
    assert!(added.contains(&story), "{added:?}");
    // Nothing but the story, the first pages and feeds of its lists, the sitemaps, and no
    // numbered page: /page/9/ was full before and stays as it was.
    for path in &updated {
        assert!(
            !path.contains("/page/"),
            "{path} changed:\n{summary}\n{updated:?}"
        );
    }
    assert_eq!(
        std::fs::read(site.public().join("page/5/index.html")).unwrap(),
        page_5
    );
    assert!(
        list.all().count() <= 20,
        "{} files changed: {added:?} {updated:?}",
        list.all().count()
    );

    // Five more fill a page: it appears as /page/10/. Among the numbered pages only the three
    // before it change, whose pagers name the pages up to two numbers on.
    for n in 96..=100 {
        add_story(&site, n);
    }
    site.build_ok(&[]);
    let list = change_list(&site);
    assert!(paths(&list.added).contains("/page/10/"), "{list:?}");
    let numbered: Vec<String> = paths(&list.updated)
        .into_iter()
        .filter(|path| path.starts_with("/page/"))
        .collect();
    assert_eq!(numbered, ["/page/7/", "/page/8/", "/page/9/"]);
    let page_10 = site.page("/page/10/");
    assert_eq!(
        attrs(&page_10, "link[rel=prev]", "href"),
        ["https://ledger.example.org/"]
    );
    assert_eq!(
        attrs(&page_10, "link[rel=next]", "href"),
        ["https://ledger.example.org/page/9/"]
    );
    assert_eq!(
        attrs(&page_10, "link[rel=canonical]", "href"),
        ["https://ledger.example.org/page/10/"]
    );
}

#[test]
fn classic_pages_all_move_when_a_story_comes_in() {
    // The comparison the stable numbering is for: every page of the list changes.
    let site = site(40, "classic", "latest_count = 0\n");
    site.build_ok(&[]);
    add_story(&site, 40);
    site.build_ok(&[]);
    let updated = paths(&change_list(&site).updated);
    for page in ["/", "/page/2/", "/page/3/", "/page/4/"] {
        assert!(updated.contains(page), "{page} not in {updated:?}");
    }
    assert!(paths(&change_list(&site).added).contains("/page/5/"));
}

#[test]
fn the_indexnow_key_file_and_the_hub_are_published() {
    let site = site(
        3,
        "stable",
        &format!("indexnow_key = \"{KEY}\"\nwebsub_hub = \"https://hub.example.net/\"\n"),
    );
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read_to_string(site.public().join(format!("{KEY}.txt"))).unwrap(),
        KEY
    );
    let atom = std::fs::read_to_string(site.public().join("atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(atom.as_bytes()).unwrap();
    let hubs: Vec<&str> = feed
        .links
        .iter()
        .filter(|link| link.rel.as_deref() == Some("hub"))
        .map(|link| link.href.as_str())
        .collect();
    assert_eq!(hubs, ["https://hub.example.net/"]);
    let rss = std::fs::read_to_string(site.public().join("rss.xml")).unwrap();
    let document = roxmltree::Document::parse(&rss).unwrap();
    let rels: Vec<(&str, &str)> = document
        .descendants()
        .filter(|node| node.tag_name().name() == "link" && node.attribute("rel").is_some())
        .map(|node| {
            (
                node.attribute("rel").unwrap(),
                node.attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rels,
        [
            ("self", "https://ledger.example.org/rss.xml"),
            ("hub", "https://hub.example.net/")
        ]
    );
}

/// One request the loopback server received: its method, path, content type and body.
struct Request {
    path: String,
    content_type: String,
    body: String,
}

/// A loopback HTTP server answering `status` to every request, handing each to the test.
fn server(status: u16) -> (String, mpsc::Receiver<Request>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .to_string();
            let (mut length, mut content_type) = (0, String::new());
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "content-type" => content_type = value.trim().to_string(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let _ = send.send(Request {
                path,
                content_type,
                body: String::from_utf8(body).unwrap(),
            });
            let _ = write!(
                stream,
                "HTTP/1.1 {status} Whatever\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (address, receive)
}

fn ping(root: &Path, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["ping", "--root", root.to_str().unwrap()];
    args.extend(extra);
    newsroom(&args)
}

#[test]
fn ping_tells_indexnow_and_the_hub_what_changed() {
    let (indexnow, indexnow_requests) = server(202);
    let (hub, hub_requests) = server(204);
    let config = format!(
        "indexnow_key = \"{KEY}\"\nindexnow_endpoint = \"{indexnow}/indexnow\"\nwebsub_hub = \"{hub}/\"\nlatest_count = 0\n"
    );
    let site = site(12, "stable", &config);
    site.build_ok(&[]);
    add_story(&site, 12);
    site.build_ok(&[]);
    let list = change_list(&site);

    let (ok, out, err) = ping(site.root(), &["--dry-run"]);
    assert!(ok, "{err}");
    assert!(out.contains("Would tell"), "{out}");
    assert!(
        indexnow_requests.try_recv().is_err(),
        "a dry run sent a request"
    );

    let (ok, out, err) = ping(site.root(), &[]);
    assert!(ok, "{err}");
    let request = indexnow_requests.recv().unwrap();
    assert_eq!(request.path, "/indexnow");
    assert!(
        request.content_type.starts_with("application/json"),
        "{}",
        request.content_type
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["host"], "ledger.example.org");
    assert_eq!(body["key"], KEY);
    assert_eq!(
        body["keyLocation"],
        format!("https://ledger.example.org/{KEY}.txt")
    );
    let sent: BTreeSet<String> = body["urlList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|url| url.as_str().unwrap().to_string())
        .collect();
    // Every changed page, and no feed or sitemap.
    let pages: BTreeSet<String> = list
        .all()
        .filter(|url| url.ends_with('/'))
        .cloned()
        .collect();
    assert_eq!(sent, pages);
    assert!(sent.contains("https://ledger.example.org/"), "{sent:?}");

    let mut told: BTreeSet<String> = BTreeSet::new();
    while let Ok(request) = hub_requests.recv_timeout(std::time::Duration::from_secs(2)) {
        assert_eq!(request.content_type, "application/x-www-form-urlencoded");
        let form: Vec<(String, String)> = url::form_urlencoded::parse(request.body.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(form[0], ("hub.mode".to_string(), "publish".to_string()));
        told.insert(form[1].1.clone());
    }
    let feeds: BTreeSet<String> = list
        .all()
        .filter(|url| url.ends_with("/rss.xml") || url.ends_with("/atom.xml"))
        .cloned()
        .collect();
    assert!(
        feeds.contains("https://ledger.example.org/atom.xml"),
        "{feeds:?}"
    );
    assert_eq!(told, feeds, "{out}");
}

#[test]
fn a_refusing_endpoint_fails_the_ping_with_its_answer() {
    let (indexnow, _requests) = server(403);
    let config = format!("indexnow_key = \"{KEY}\"\nindexnow_endpoint = \"{indexnow}/indexnow\"\n");
    let site = site(3, "stable", &config);
    site.build_ok(&[]);
    let (ok, _, err) = ping(site.root(), &[]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "error: ping {indexnow}/indexnow: it answered 403 (forbidden: the key file was not found at the site, so deploy the build before pinging); the change list is kept, so run `newsroom ping` again once it answers"
        )),
        "{err}"
    );
}

#[test]
fn ping_without_a_service_or_a_build_says_what_to_do() {
    let site = site(2, "stable", "");
    site.build_ok(&[]);
    let (ok, _, err) = ping(site.root(), &[]);
    assert!(!ok);
    assert!(
        err.contains("neither indexnow_key nor websub_hub is set"),
        "{err}"
    );

    let unbuilt = Fixture::new();
    unbuilt.write(
        "newsroom.toml",
        format!("base_url = \"https://ledger.example.org/\"\nindexnow_key = \"{KEY}\"\n"),
    );
    let (ok, _, err) = ping(unbuilt.root(), &[]);
    assert!(!ok);
    assert!(err.contains("read the change list"), "{err}");
}

/// A site set up for the least churn: stable pages, a shared Latest stories list, and related
/// stories chosen among earlier ones.
fn quiet_site(stories: usize, base_url: &str) -> Fixture {
    ledger(
        stories,
        base_url,
        "pagination = \"stable\"\nlatest_list = \"shared\"\nlatest_count = 4\nrelated = \"earlier\"\n",
    )
}

#[test]
fn with_the_shared_list_a_new_story_changes_only_what_shows_it() {
    // 125 stories, so the new one does not complete a page (when one does, the new numbered
    // page and the pagers of the three before it change too).
    let site = quiet_site(125, "https://ledger.example.org/");
    site.build_ok(&[]);
    // The list: the newest four and one more, for a page that leaves itself out.
    let fragment = std::fs::read_to_string(site.public().join("latest-stories.html")).unwrap();
    let list = scraper::Html::parse_document(&fragment);
    let newest: Vec<String> = (120..125).rev().map(|n| format!("Story {n}")).collect();
    assert_eq!(common::texts(&list, "ol > li > a"), newest);
    // A page carries the link to the front page and the script, not the list.
    let page = site.page(&format!("/{}/story-050/", dated(50).format("%Y/%m/%d")));
    let aside = "aside.latest-stories[data-latest-stories='https://ledger.example.org/latest-stories.html'][data-count='4']";
    assert_eq!(
        common::texts(&page, &format!("{aside} a")),
        ["Read the latest stories on the front page"]
    );
    assert_eq!(
        attrs(&page, &format!("{aside} a"), "href"),
        ["https://ledger.example.org/"]
    );
    assert_eq!(
        attrs(&page, "script[src$='latest-stories.js']", "src"),
        ["https://ledger.example.org/latest-stories.js"]
    );
    assert!(site.public().join("latest-stories.js").is_file());

    add_story(&site, 125);
    site.build_ok(&[]);
    let list = change_list(&site);
    let mut changed: Vec<String> = paths(&list.added)
        .into_iter()
        .chain(paths(&list.updated))
        .collect();
    changed.sort();
    // The story; the first pages and feeds of the home page, its two tags, its day, month and
    // year; the shared list; the tag index (counts), the sitemap and the news sitemap.
    assert!(
        changed.len() <= 20,
        "{} files changed: {changed:?}",
        changed.len()
    );
    for page in &changed {
        let old_story = page.contains("/story-") && !page.contains("story-125");
        assert!(!old_story, "an older story's page changed: {changed:?}");
        assert!(
            !page.contains("/page/"),
            "a numbered page changed: {changed:?}"
        );
    }
    assert!(
        changed.contains(&"/latest-stories.html".to_string()),
        "{changed:?}"
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it"]
fn the_shared_list_fills_each_page_leaving_out_its_own_story() {
    use common::chromium::{Browser, wait_for};
    let served = tempfile::tempdir().unwrap();
    let port = common::serve_folder(served.path().to_path_buf());
    let base = format!("http://127.0.0.1:{port}/ledger/");
    let site = quiet_site(12, &base);
    let output = served.path().join("ledger");
    site.build_ok(&["--output", output.to_str().unwrap()]);
    // The newest story's page: the next four newest, itself left out.
    let newest = format!("{base}{}/story-011/", dated(11).format("%Y/%m/%d"));
    let browser = Browser::open(&newest);
    let items = "Array.from(document.querySelectorAll('aside.latest-stories li a')).map(a => a.textContent)";
    wait_for(
        &browser.page_socket(),
        items,
        serde_json::json!(["Story 10", "Story 9", "Story 8", "Story 7"]),
    );
    // An older story's page: the newest four.
    let older = format!("{base}{}/story-002/", dated(2).format("%Y/%m/%d"));
    let browser = Browser::open(&older);
    wait_for(
        &browser.page_socket(),
        items,
        serde_json::json!(["Story 11", "Story 10", "Story 9", "Story 8"]),
    );
}
