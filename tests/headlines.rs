//! Headlines get the typography bodies get (curly quotes and apostrophes, dashes, ellipses)
//! everywhere they are shown, while the URLs made for them stay as they were.

mod common;

use common::{Fixture, attrs, texts};
use scraper::Selector;

const WRITTEN: &str = "\"Rain\" isn't coming -- yet...";
const SHOWN: &str = "\u{201c}Rain\u{201d} isn\u{2019}t coming \u{2013} yet\u{2026}";

fn site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Dispatch\"\nbase_url = \"https://example.org/\"\n",
    );
    site.article(
        "2024-05-01-rain-forecast.md",
        "title: '\"Rain\" isn''t coming -- yet...'\ntags: [Weather]\nsection: World",
        "The \"body\" isn't different -- at all...",
    );
    site.article(
        "quoted.md",
        "title: \"Talks end --- 'for now'\"\ndate: 2024-05-02\nslug: \"talks-end-for-now\"",
        "Body.",
    );
    site.build_ok(&[]);
    site
}

#[test]
fn headlines_have_the_bodys_punctuation_on_every_page_that_shows_them() {
    let site = site();
    let story = site.page("/2024/05/01/rain-forecast/");
    assert_eq!(texts(&story, "h1"), [SHOWN]);
    assert_eq!(
        texts(&story, "title")[0],
        format!("{SHOWN} \u{b7} Dispatch")
    );
    assert_eq!(
        attrs(&story, "meta[property=\"og:title\"]", "content"),
        [SHOWN]
    );
    // The body has the same marks by the same rules.
    assert!(
        texts(&story, ".article-body p")[0]
            .contains("\u{201c}body\u{201d} isn\u{2019}t different \u{2013} at all\u{2026}")
    );
    let script = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let headlines: Vec<String> = story
        .select(&script)
        .filter_map(|script| {
            let json: serde_json::Value =
                serde_json::from_str(&script.text().collect::<String>()).unwrap();
            json["headline"].as_str().map(str::to_string)
        })
        .collect();
    assert_eq!(headlines, [SHOWN]);

    for list in ["/", "/tags/weather/", "/world/"] {
        let page = site.page(list);
        assert!(
            texts(&page, "a").iter().any(|text| text == SHOWN),
            "{list}: {:?}",
            texts(&page, "a")
        );
        assert!(!page.html().contains(WRITTEN), "{list}");
    }
    let talks = site.page("/2024/05/02/talks-end-for-now/");
    assert_eq!(
        texts(&talks, "h1"),
        ["Talks end \u{2014} \u{2018}for now\u{2019}"]
    );
}

#[test]
fn feeds_and_sitemaps_carry_the_same_headline() {
    let site = site();
    for file in ["rss.xml", "atom.xml"] {
        let text = std::fs::read_to_string(site.public().join(file)).unwrap();
        let feed = feed_rs::parser::parse(text.as_bytes()).unwrap();
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|entry| entry.title.as_ref().unwrap().content.clone())
            .collect();
        assert!(titles.contains(&SHOWN.to_string()), "{file}: {titles:?}");
    }
    // The News sitemap lists only the last two days' stories.
    let today = chrono::Utc::now().format("%Y-%m-%d");
    site.article(
        "today.md",
        &format!("title: \"Polls close -- counting begins\"\ndate: {today}"),
        "Body.",
    );
    site.build_ok(&[]);
    let news = std::fs::read_to_string(site.public().join("news-sitemap.xml")).unwrap();
    let news = roxmltree::Document::parse(&news).unwrap();
    let titles: Vec<&str> = news
        .descendants()
        .filter(|node| node.has_tag_name("title"))
        .filter_map(|node| node.text())
        .collect();
    assert_eq!(titles, ["Polls close \u{2013} counting begins"]);
}

#[test]
fn the_urls_stay_those_of_the_written_headline() {
    let site = site();
    assert!(
        site.public()
            .join("2024/05/01/rain-forecast/index.html")
            .is_file()
    );
    assert!(
        site.public()
            .join("2024/05/02/talks-end-for-now/index.html")
            .is_file()
    );
    // A story titled after its file name keeps the file name's URL too.
    let untitled = Fixture::new();
    untitled.write(
        "content/2024-05-03-it-s-over.md",
        "---\ndate: 2024-05-03\n---\nBody.\n",
    );
    untitled.build_ok(&[]);
    assert!(
        untitled
            .public()
            .join("2024/05/03/it-s-over/index.html")
            .is_file()
    );
}
