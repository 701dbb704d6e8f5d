//! Faithful output: heading ids as the old generator made them, summaries on list pages
//! without links whose targets are only on the article page, a meta description that is never
//! empty, and feeds without empty content. Each is read back with a real parser: scraper for
//! HTML, feed-rs and roxmltree for feeds, serde_json for JSON-LD.

mod common;

use std::collections::HashSet;

use common::{Fixture, attrs, texts};
use scraper::{Html, Selector};

const BASE: &str = "https://example.org/";

/// The ids of the body's headings on an article page, in order.
fn heading_ids(page: &Html) -> Vec<String> {
    attrs(page, ".article-body :is(h1, h2, h3, h4, h5, h6)", "id")
}

/// Every in-body `#fragment` link of a page whose target is not on the page.
fn dangling_fragments(page: &Html) -> Vec<String> {
    let ids: HashSet<String> = attrs(page, "[id]", "id").into_iter().collect();
    attrs(page, ".article-body a[href^='#']", "href")
        .into_iter()
        .filter(|href| !ids.contains(&href[1..]))
        .collect()
}

/// A body whose headings each generator names differently, with links written for the ids
/// the old site had.
const RELEASE_NOTES: &str = "See [the contributors](#LINK) and [the second update](#UPDATE).\n\n\
    ## Contributors to 131.0\n\nMany.\n\n## Update\n\nOne.\n\n## Update\n\nTwo.\n\n\
    ## What's *new* in `v2.1`?\n\nThings.\n\n## Pinned {#kept}\n\nKept.\n";

#[test]
fn a_jekyll_post_keeps_the_ids_kramdown_gave_its_headings() {
    let site = Fixture::new();
    site.write(
        "_posts/2024-10-01-release.md",
        format!(
            "---\ntitle: Release\n---\n{}",
            RELEASE_NOTES
                .replace("LINK", "contributors-to-1310")
                .replace("UPDATE", "update-1")
        ),
    );
    site.build_ok(&[]);
    let page = site.page("/2024/10/01/release/");
    assert_eq!(
        heading_ids(&page),
        [
            "contributors-to-1310",
            "update",
            "update-1",
            "whats-new-in-v21",
            "kept"
        ]
    );
    assert_eq!(dangling_fragments(&page), Vec::<String>::new());
}

#[test]
fn a_hugo_site_keeps_the_ids_goldmark_gave_its_headings() {
    let site = Fixture::new();
    site.write("newsroom.toml", "heading_ids = \"hugo\"\n");
    site.article(
        "posts/release.md",
        "title: Release\ndate: 2024-10-01",
        &format!(
            "{RELEASE_NOTES}\n## Q&amp;A [with us](https://x.org)\n\nAsk.\n\n## Update\n\nThree.\n"
        )
        .replace("LINK", "contributors-to-1310")
        .replace("UPDATE", "update-1"),
    );
    site.build_ok(&[]);
    let page = site.page("/2024/10/01/release/");
    assert_eq!(
        heading_ids(&page),
        [
            "contributors-to-1310",
            "update",
            "update-1",
            "whats-new-in-v21",
            "kept",
            "qampa-with-ushttpsxorg",
            "update-2"
        ]
    );
    assert_eq!(dangling_fragments(&page), Vec::<String>::new());
}

#[test]
fn a_new_site_gets_newsrooms_stable_ids_and_explicit_ids_win() {
    let site = Fixture::new();
    site.article(
        "release.md",
        "title: Release\ndate: 2024-10-01",
        &RELEASE_NOTES
            .replace("LINK", "contributors-to-131-0")
            .replace("UPDATE", "update-1"),
    );
    site.build_ok(&[]);
    let page = site.page("/2024/10/01/release/");
    assert_eq!(
        heading_ids(&page),
        [
            "contributors-to-131-0",
            "update",
            "update-1",
            "what-s-new-in-v2-1",
            "kept"
        ]
    );
    assert_eq!(dangling_fragments(&page), Vec::<String>::new());
    // Every fragment link of the page, table of contents included, lands.
    let ids: HashSet<String> = attrs(&page, "[id]", "id").into_iter().collect();
    let missing: Vec<String> = attrs(&page, "a[href^='#']", "href")
        .into_iter()
        .filter(|href| !ids.contains(&href[1..]))
        .collect();
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn a_live_blog_of_many_updates_gets_one_id_each() {
    let site = Fixture::new();
    site.article(
        "live.md",
        "title: Election night\ndate: 2024-11-05",
        &"## Update\n\nCounting.\n\n".repeat(3_000),
    );
    site.build_ok(&[]);
    let ids = heading_ids(&site.page("/2024/11/05/live/"));
    assert_eq!(ids.len(), 3_000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3_000);
    assert_eq!(ids[2_999], "update-2999");
}

#[test]
fn an_unknown_heading_id_rule_is_refused_with_the_choices() {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"x\"\nheading_ids = \"pandoc\"\n");
    site.article("a.md", "title: A\ndate: 2024-01-01", "Body.");
    let error = site.build_err(&[]);
    assert_eq!(
        error.lines().next().unwrap(),
        "error: newsroom.toml:2: heading_ids \"pandoc\" is not a rule newsroom knows; write one of \"auto\", \"newsroom\", \"jekyll\", \"hugo\", \"zola\" (\"auto\" uses Jekyll's for _posts/ and newsroom's elsewhere)",
        "{error}"
    );
}

/// A site whose one story has a footnote and links to its own headings in its first
/// paragraph, filed under a tag, an author and a section.
fn story_with_page_only_links(feed_content: &str) -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!(
            "base_url = \"{BASE}\"\nsections = [\"World\"]\nfeed_content = \"{feed_content}\"\n"
        ),
    );
    site.article(
        "vote.md",
        "title: The vote\ndate: 2024-03-01\nauthor: Amina Khan\ntags: [Politics]\nsection: World",
        "The motion passed[^margin], see [the results](#results) and [the law](/law/).\n\n\
         ## Results\n\nAyes 52, noes 48.\n\n[^margin]: By four votes.\n",
    );
    site
}

#[test]
fn summaries_on_list_pages_carry_no_links_that_only_the_article_page_can_follow() {
    let site = story_with_page_only_links("full");
    site.build_ok(&[]);
    for list in [
        "/",
        "/tags/politics/",
        "/authors/amina-khan/",
        "/world/",
        "/2024/",
        "/2024/03/",
        "/2024/03/01/",
    ] {
        let page = site.page(list);
        assert_eq!(
            texts(&page, ".story-card .summary"),
            ["The motion passed, see the results and the law."],
            "{list}"
        );
        assert_eq!(
            attrs(&page, ".story-card .summary a", "href"),
            ["/law/"],
            "{list}"
        );
        assert!(
            texts(&page, ".story-card sup, .story-card .footnote-definition").is_empty(),
            "{list}"
        );
    }
    // The article page keeps its footnote and its links.
    let article = site.page("/2024/03/01/vote/");
    assert_eq!(
        attrs(&article, ".article-body p a[href^='#']", "href").len(),
        2
    );
    assert_eq!(dangling_fragments(&article), Vec::<String>::new());
    // The feeds' summaries too.
    for feed in ["atom.xml", "rss.xml"] {
        let parsed = parse_feed(&site, feed);
        let summary = parsed.entries[0].summary.as_ref().unwrap().content.clone();
        let summary = Html::parse_fragment(&summary);
        assert_eq!(
            attrs(&summary, "a", "href"),
            ["https://example.org/law/"],
            "{feed}"
        );
        assert!(texts(&summary, "sup").is_empty(), "{feed}");
    }
}

#[test]
fn feeds_in_summary_mode_carry_no_page_only_links() {
    let site = story_with_page_only_links("summary");
    site.build_ok(&[]);
    for feed in ["atom.xml", "rss.xml", "tags/politics/atom.xml"] {
        let parsed = parse_feed(&site, feed);
        let entry = &parsed.entries[0];
        let content = entry
            .content
            .as_ref()
            .and_then(|content| content.body.clone())
            .unwrap();
        let content = Html::parse_fragment(&content);
        assert_eq!(
            attrs(&content, "a", "href"),
            ["https://example.org/law/"],
            "{feed}"
        );
        assert_eq!(
            texts(&content, "p"),
            ["The motion passed, see the results and the law."],
            "{feed}"
        );
    }
}

/// The description a page gives in each of the places that carry one.
fn descriptions(page: &Html) -> Vec<String> {
    let mut found = attrs(page, "meta[name=description]", "content");
    found.extend(attrs(page, "meta[property='og:description']", "content"));
    found.extend(attrs(page, "meta[name='twitter:description']", "content"));
    let script = Selector::parse("script[type='application/ld+json']").unwrap();
    for element in page.select(&script) {
        let json: serde_json::Value =
            serde_json::from_str(&element.text().collect::<String>()).unwrap();
        if json["@type"] == "NewsArticle" {
            found.push(json["description"].as_str().unwrap().to_string());
        }
    }
    found
}

#[test]
fn an_empty_description_falls_back_to_the_excerpt() {
    let site = Fixture::new();
    site.write("newsroom.toml", format!("base_url = \"{BASE}\"\n"));
    let body = "Floods closed the valley road on Monday.\n\nMore later.";
    site.article(
        "empty.md",
        "title: Empty\ndate: 2024-03-01\ndescription: \"\"",
        body,
    );
    site.article(
        "blank.md",
        "title: Blank\ndate: 2024-03-03\nsummary: \"   \"",
        body,
    );
    site.article("missing.md", "title: Missing\ndate: 2024-03-04", body);
    site.write(
        "content/toml.md",
        format!("+++\ntitle = \"Toml\"\ndate = \"2024-03-05\"\ndescription = \"\"\n+++\n{body}\n"),
    );
    site.article(
        "written.md",
        "title: Written\ndate: 2024-03-06\ndescription: The road is shut.",
        body,
    );
    site.article("bare.md", "title: Only a headline\ndate: 2024-03-07", "");
    site.build_ok(&[]);
    let excerpt = "Floods closed the valley road on Monday.";
    for (path, expected) in [
        ("/2024/03/01/empty/", excerpt),
        ("/2024/03/03/blank/", excerpt),
        ("/2024/03/04/missing/", excerpt),
        ("/2024/03/05/toml/", excerpt),
        ("/2024/03/06/written/", "The road is shut."),
        ("/2024/03/07/bare/", "Only a headline"),
    ] {
        let page = site.page(path);
        assert_eq!(descriptions(&page), [expected; 4], "{path}");
    }
    // The home page lists the excerpt as the summary.
    let home = site.page("/");
    assert!(
        texts(&home, ".story-card .summary")
            .iter()
            .filter(|summary| *summary == excerpt)
            .count()
            == 4
    );
}

fn parse_feed(site: &Fixture, file: &str) -> feed_rs::model::Feed {
    let text = std::fs::read_to_string(site.public().join(file)).unwrap();
    feed_rs::parser::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{file} is not a valid feed: {e}"))
}

/// The elements of a feed named `name` (in any namespace) whose text is empty.
fn empty_elements(site: &Fixture, file: &str, names: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(site.public().join(file)).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    document
        .descendants()
        .filter(|node| node.is_element() && names.contains(&node.tag_name().name()))
        .filter(|node| node.text().is_none_or(|text| text.trim().is_empty()))
        .map(|node| node.tag_name().name().to_string())
        .collect()
}

#[test]
fn a_story_with_no_body_gets_no_empty_content_in_feeds() {
    for feed_content in ["full", "summary"] {
        let site = Fixture::new();
        site.write(
            "newsroom.toml",
            format!("base_url = \"{BASE}\"\nfeed_content = \"{feed_content}\"\n"),
        );
        site.article("bare.md", "title: Bare\ndate: 2024-03-01", "");
        site.article(
            "summarised.md",
            "title: Summarised\ndate: 2024-03-02\nsummary: Just this line.",
            "",
        );
        site.article("full.md", "title: Full\ndate: 2024-03-03", "A body.");
        site.build_ok(&[]);

        let atom = parse_feed(&site, "atom.xml");
        let entry = |title: &str| {
            atom.entries
                .iter()
                .find(|entry| entry.title.as_ref().unwrap().content == title)
                .unwrap()
        };
        assert!(entry("Bare").content.is_none(), "{feed_content}");
        assert!(entry("Bare").summary.is_none(), "{feed_content}");
        assert!(
            entry("Summarised")
                .summary
                .as_ref()
                .unwrap()
                .content
                .contains("Just this line."),
            "{feed_content}"
        );
        let summarised_content = entry("Summarised").content.as_ref();
        match feed_content {
            // Summary mode carries the summary as content; full mode has no body to carry.
            "summary" => assert!(
                summarised_content
                    .and_then(|content| content.body.as_deref())
                    .unwrap()
                    .contains("Just this line.")
            ),
            _ => assert!(summarised_content.is_none()),
        }
        assert!(
            entry("Full")
                .content
                .as_ref()
                .unwrap()
                .body
                .as_deref()
                .unwrap()
                .contains("A body."),
            "{feed_content}"
        );
        assert_eq!(
            empty_elements(&site, "atom.xml", &["content", "summary"]),
            Vec::<String>::new()
        );

        let rss = parse_feed(&site, "rss.xml");
        let item = rss
            .entries
            .iter()
            .find(|entry| entry.title.as_ref().unwrap().content == "Bare")
            .unwrap();
        assert!(item.summary.is_none() && item.content.is_none());
        assert_eq!(
            empty_elements(&site, "rss.xml", &["description", "encoded"]),
            Vec::<String>::new()
        );
    }
}

#[test]
fn relative_links_in_summaries_reach_the_article_s_files_from_list_pages() {
    // Either way the links become paths from the site's root, and one that was stays so.
    for base in ["", "base_url = \"https://example.org/news/\"\n"] {
        let prefix = "/news";
        let site = Fixture::new();
        site.write(
            "newsroom.toml",
            format!(
                "{base}{}",
                if base.is_empty() {
                    "base_url = \"/news/\"\n"
                } else {
                    ""
                }
            ),
        );
        site.article(
            "flood.md",
            "title: Flood\ndate: 2024-03-01\ntags: [Weather]",
            "See [the photo](photo.jpg), ![the map](maps/map.png), [the river](../river/) and \
             [home](/) or [elsewhere](https://example.com/x).\n\nMore.",
        );
        site.build_ok(&[]);
        for list in ["/", "/tags/weather/", "/2024/03/"] {
            let page = site.page(list);
            assert_eq!(
                attrs(&page, ".story-card .summary a", "href"),
                [
                    format!("{prefix}/2024/03/01/flood/photo.jpg"),
                    format!("{prefix}/2024/03/01/river/"),
                    "/".to_string(),
                    "https://example.com/x".to_string(),
                ],
                "{list} {base}"
            );
            assert_eq!(
                attrs(&page, ".story-card .summary img", "src"),
                [format!("{prefix}/2024/03/01/flood/maps/map.png")],
                "{list} {base}"
            );
        }
    }
}
