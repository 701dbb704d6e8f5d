//! Whole-site builds of fixture sites, checked through an HTML parser.

mod common;

use common::{Fixture, attrs, texts};

/// A site with `n` articles, one a day from 2023-10-01, tagged by parity.
fn numbered_site(n: usize, config: &str) -> Fixture {
    let site = Fixture::new();
    site.write("newsroom.toml", config);
    for i in 1..=n {
        let parity = if i % 2 == 0 { "even" } else { "odd" };
        site.article(
            &format!("story-{i:02}.md"),
            &format!("title: Story {i:02}\ndate: 2023-10-{i:02} 09:00:00\ntags: [{parity}, all]"),
            &format!("Body of story {i:02}."),
        );
    }
    site
}

#[test]
fn article_lands_on_its_dated_permalink_with_dateline_byline_and_tags() {
    let site = Fixture::new();
    site.article(
        "pakistan.md",
        "title: Pakistan Def, Spy Chiefs Talk Security, Taliban\ndate: 2023-10-29T08:00:00Z\nauthors: [Amina Khan, Lee Park]\ntags: [Pakistan, Afghanistan, security]",
        "On Wednesday, a senior delegation visited Kabul.\n\n## Border\n\nThe crossing was closed.",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/pakistan/");
    assert_eq!(
        texts(&page, "article h1"),
        ["Pakistan Def, Spy Chiefs Talk Security, Taliban"]
    );
    assert_eq!(
        texts(&page, ".dateline time"),
        ["Sunday, October 29, 2023, 08:00 UTC"]
    );
    assert_eq!(
        attrs(&page, ".dateline time", "datetime"),
        ["2023-10-29T08:00:00+00:00"]
    );
    assert_eq!(texts(&page, ".byline"), ["By Amina Khan and Lee Park"]);
    assert_eq!(
        texts(&page, "ul.tags a"),
        ["Pakistan", "Afghanistan", "security"]
    );
    assert_eq!(
        attrs(&page, "ul.tags a", "href"),
        ["/tags/pakistan/", "/tags/afghanistan/", "/tags/security/"]
    );
    assert_eq!(attrs(&page, ".article-body h2", "id"), ["border"]);
    assert_eq!(attrs(&page, "html", "lang"), ["en"]);
}

#[test]
fn latest_stories_lists_the_newest_other_articles_in_order() {
    let site = numbered_site(6, "latest_count = 3\n");
    site.build_ok(&[]);
    // The newest article does not list itself.
    let newest = site.page("/2023/10/06/story-06/");
    assert_eq!(
        texts(&newest, ".latest-stories li a"),
        ["Story 05", "Story 04", "Story 03"]
    );
    // An older article lists the three newest.
    let older = site.page("/2023/10/01/story-01/");
    assert_eq!(
        texts(&older, ".latest-stories li a"),
        ["Story 06", "Story 05", "Story 04"]
    );
    assert_eq!(
        attrs(&older, ".latest-stories li a", "href"),
        [
            "/2023/10/06/story-06/",
            "/2023/10/05/story-05/",
            "/2023/10/04/story-04/"
        ]
    );
}

#[test]
fn home_page_paginates_newest_first_with_links() {
    let site = numbered_site(7, "paginate_by = 3\n");
    site.build_ok(&[]);
    let first = site.page("/");
    assert_eq!(
        texts(&first, ".story-card .headline a"),
        ["Story 07", "Story 06", "Story 05"]
    );
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        ["/page/2/"]
    );
    assert!(attrs(&first, ".pagination a[rel=prev]", "href").is_empty());
    assert_eq!(texts(&first, ".pagination [aria-current=page]"), ["1"]);

    assert_eq!(attrs(&first, "head link[rel=next]", "href"), ["/page/2/"]);
    assert!(attrs(&first, "head link[rel=prev]", "href").is_empty());

    let second = site.page("/page/2/");
    assert_eq!(
        texts(&second, ".story-card .headline a"),
        ["Story 04", "Story 03", "Story 02"]
    );
    assert_eq!(attrs(&second, ".pagination a[rel=prev]", "href"), ["/"]);
    assert_eq!(
        attrs(&second, ".pagination a[rel=next]", "href"),
        ["/page/3/"]
    );

    let third = site.page("/page/3/");
    assert_eq!(texts(&third, ".story-card .headline a"), ["Story 01"]);
    assert!(attrs(&third, ".pagination a[rel=next]", "href").is_empty());
    assert!(!site.public().join("page/4").exists());
    assert!(!site.public().join("page/1").exists());
}

#[test]
fn tag_pages_and_tag_index_count_articles() {
    let site = numbered_site(5, "paginate_by = 2\n");
    site.build_ok(&[]);
    let odd = site.page("/tags/odd/");
    assert_eq!(texts(&odd, "h1"), ["Stories tagged “odd”"]);
    assert_eq!(
        texts(&odd, ".story-card .headline a"),
        ["Story 05", "Story 03"]
    );
    assert_eq!(
        attrs(&odd, ".pagination a[rel=next]", "href"),
        ["/tags/odd/page/2/"]
    );
    let odd_2 = site.page("/tags/odd/page/2/");
    assert_eq!(texts(&odd_2, ".story-card .headline a"), ["Story 01"]);

    let index = site.page("/tags/");
    assert_eq!(texts(&index, ".tag-index a"), ["all", "even", "odd"]);
    assert_eq!(texts(&index, ".tag-index .count"), ["5", "2", "3"]);
    assert_eq!(
        attrs(&index, ".tag-index a", "href"),
        ["/tags/all/", "/tags/even/", "/tags/odd/"]
    );
}

#[test]
fn drafts_and_future_articles_are_left_out_unless_asked_for() {
    let site = Fixture::new();
    site.article("live.md", "title: Live\ndate: 2023-01-01", "Live.");
    site.article(
        "draft.md",
        "title: Draft\ndate: 2023-01-02\ndraft: true",
        "Draft.",
    );
    site.article("future.md", "title: Future\ndate: 2999-01-01", "Later.");
    let summary = site.build_ok(&[]);
    assert!(
        summary.contains("left out: 1 draft, 1 scheduled article"),
        "{summary}"
    );
    assert!(summary.contains("2999-01-01"), "{summary}");
    assert_eq!(texts(&site.page("/"), ".story-card .headline a"), ["Live"]);
    assert!(!site.public().join("2023/01/02").exists());
    assert!(!site.public().join("2999").exists());

    site.build_ok(&["--drafts"]);
    assert_eq!(
        texts(&site.page("/"), ".story-card .headline a"),
        ["Draft", "Live"]
    );
    assert!(!site.public().join("2999").exists());

    site.build_ok(&["--future"]);
    assert_eq!(
        texts(&site.page("/"), ".story-card .headline a"),
        ["Future", "Live"]
    );
    assert!(site.public().join("2999/01/01/future/index.html").exists());
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let site = numbered_site(2, "");
    site.write(
        "templates/article.html",
        "<!doctype html><title>{{ article.title }}</title><p id=custom>{{ article.dateline }} | {{ site.title }}</p>",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/10/02/story-02/");
    assert_eq!(
        texts(&page, "#custom"),
        ["Monday, October 2, 2023, 09:00 UTC | Newsroom"]
    );
    // The other pages still come from the built-in theme.
    assert_eq!(texts(&site.page("/"), "h1"), ["Latest stories"]);
}

#[test]
fn titles_and_tags_are_escaped() {
    let site = Fixture::new();
    site.article(
        "x.md",
        "title: \"<script>alert(1)</script> & co\"\ndate: 2023-05-05\ntags: [\"<b>bold</b>\"]",
        "Body.",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/05/05/x/");
    assert_eq!(
        texts(&page, "article h1"),
        ["<script>alert(1)</script> & co"]
    );
    assert!(attrs(&page, "script", "src").is_empty());
    assert_eq!(
        texts(&page, "script").len(),
        0,
        "no script element may appear"
    );
    assert_eq!(texts(&page, "ul.tags a"), ["<b>bold</b>"]);
    assert_eq!(texts(&page, "ul.tags b").len(), 0);
}

#[test]
fn dates_come_from_file_names_and_folders_and_honour_the_site_zone() {
    let site = Fixture::new();
    site.write("newsroom.toml", "timezone = \"Asia/Karachi\"\n");
    site.article("2022-03-04-jekyll-style.md", "title: Jekyll style", "A.");
    site.article("2021/07/08/in-folders.md", "title: In folders", "B.");
    // 22:00 UTC on the 28th is already the 29th in Karachi (UTC+5).
    site.article("late.md", "title: Late\ndate: 2023-10-28T22:00:00Z", "C.");
    site.article("local.md", "title: Local\ndate: 2023-10-30 09:30:00", "D.");
    site.build_ok(&[]);
    assert!(
        site.public()
            .join("2022/03/04/jekyll-style/index.html")
            .exists()
    );
    assert!(
        site.public()
            .join("2021/07/08/in-folders/index.html")
            .exists()
    );
    let late = site.page("/2023/10/29/late/");
    // The dateline's time is the site zone's, named by its abbreviation.
    assert_eq!(
        texts(&late, ".dateline time"),
        ["Sunday, October 29, 2023, 03:00 PKT"]
    );
    assert_eq!(
        attrs(&late, ".dateline time", "datetime"),
        ["2023-10-29T03:00:00+05:00"]
    );
    let local = site.page("/2023/10/30/local/");
    assert_eq!(
        attrs(&local, ".dateline time", "datetime"),
        ["2023-10-30T09:30:00+05:00"]
    );
}

#[test]
fn slugs_are_transliterated_ascii() {
    let site = Fixture::new();
    site.article(
        "zurich.md",
        "title: Zürich café\nslug: Zürich Café Owners — Protest!\ndate: 2024-02-02",
        "Body.",
    );
    site.article(
        "cyrillic.md",
        "title: Москва\nslug: Москва\ndate: 2024-02-03",
        "Body.",
    );
    site.build_ok(&[]);
    assert!(
        site.public()
            .join("2024/02/02/zurich-cafe-owners-protest/index.html")
            .exists()
    );
    assert!(site.public().join("2024/02/03/moskva/index.html").exists());
}

#[test]
fn toml_front_matter_comma_tags_and_summaries() {
    let site = Fixture::new();
    site.write(
        "content/t.md",
        "+++\ntitle = \"Toml story\"\ndate = 2024-01-02T10:00:00Z\ntags = \"economy, trade\"\nsummary = \"Hand-written *summary*.\"\n+++\nFirst paragraph.\n",
    );
    site.article(
        "m.md",
        "title: More story\ndate: 2024-01-01",
        "One.\n\nTwo.\n\n<!-- more -->\n\nThree.",
    );
    site.build_ok(&[]);
    let home = site.page("/");
    assert_eq!(
        texts(&home, ".story-card .summary"),
        ["Hand-written summary.", "One. Two."]
    );
    assert_eq!(
        texts(&site.page("/tags/trade/"), ".story-card .headline a"),
        ["Toml story"]
    );
}

#[test]
fn static_files_are_copied_and_base_url_is_honoured() {
    let site = numbered_site(1, "base_url = \"https://example.org/news/\"\n");
    site.write("static/images/logo.png", b"\x89PNG fake");
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read(site.public().join("images/logo.png")).unwrap(),
        b"\x89PNG fake"
    );
    let home = site.page("/");
    assert_eq!(
        attrs(&home, ".story-card .headline a", "href"),
        ["https://example.org/news/2023/10/01/story-01/"]
    );
    assert_eq!(
        attrs(&home, "link[rel=stylesheet]", "href"),
        ["https://example.org/news/theme.css"]
    );
    assert!(site.public().join("theme.css").exists());

    site.build_ok(&["--base-url", "https://preview.example.net"]);
    let home = site.page("/");
    assert_eq!(
        attrs(&home, ".story-card .headline a", "href"),
        ["https://preview.example.net/2023/10/01/story-01/"]
    );
}

#[test]
fn two_builds_of_the_same_site_are_identical() {
    let site = numbered_site(9, "paginate_by = 2\n");
    site.build_ok(&[]);
    let first = site.snapshot();
    site.build_ok(&[]);
    assert_eq!(first, site.snapshot());
}

#[test]
fn permalink_pattern_is_configurable() {
    let site = numbered_site(1, "permalink = \"/news/:year/:slug/\"\n");
    site.build_ok(&[]);
    assert!(site.public().join("news/2023/story-01/index.html").exists());
}

#[test]
fn an_empty_site_still_has_a_home_page() {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"Empty\"\n");
    let summary = site.build_ok(&[]);
    assert!(summary.starts_with("Built 0 articles, 0 tags"), "{summary}");
    assert_eq!(texts(&site.page("/"), "h1"), ["Latest stories"]);
}

#[test]
fn overriding_the_home_template_keeps_the_shared_components() {
    let site = numbered_site(3, "paginate_by = 2\n");
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<h1 id=mine>Front page</h1>{% for s in paginator.articles %}{{ <story_card story={s} /> }}{% endfor %}{% endblock content %}",
    );
    site.build_ok(&[]);
    assert_eq!(texts(&site.page("/"), "#mine"), ["Front page"]);
    assert_eq!(
        texts(&site.page("/"), ".story-card .headline a"),
        ["Story 03", "Story 02"]
    );
    // Tag pages still find the components they use.
    assert_eq!(
        texts(&site.page("/tags/all/"), ".story-card .headline a"),
        ["Story 03", "Story 02"]
    );
}

/// Every output file with its modification time and inode, to tell rewritten files apart.
fn file_identities(
    site: &Fixture,
) -> std::collections::BTreeMap<std::path::PathBuf, (std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let meta = entry.metadata().unwrap();
            let relative = entry
                .path()
                .strip_prefix(site.public())
                .unwrap()
                .to_path_buf();
            (relative, (meta.modified().unwrap(), meta.ino()))
        })
        .collect()
}

#[test]
fn rebuilding_rewrites_only_the_files_that_changed() {
    let site = numbered_site(4, "paginate_by = 2\n");
    site.write("static/logo.svg", "<svg/>");
    site.build_ok(&[]);
    let first = file_identities(&site);
    let first_bytes = site.snapshot();
    // Let a rewrite show in the modification times.
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build_ok(&[]);
    assert_eq!(
        file_identities(&site),
        first,
        "an unchanged site rewrote files"
    );
    assert_eq!(site.snapshot(), first_bytes);

    // Changing one article's body rewrites its page, and leaves pages that do not show it.
    site.article(
        "story-01.md",
        "title: Story 01\ndate: 2023-10-01 09:00:00\ntags: [odd, all]",
        "A new body.",
    );
    site.build_ok(&[]);
    let after = file_identities(&site);
    let story = std::path::PathBuf::from("2023/10/01/story-01/index.html");
    assert_ne!(after[&story], first[&story]);
    let untouched = std::path::PathBuf::from("tags/even/index.html");
    assert_eq!(after[&untouched], first[&untouched]);
    let logo = std::path::PathBuf::from("logo.svg");
    assert_eq!(after[&logo], first[&logo]);
}
