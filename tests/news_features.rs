//! The news-specific parts of a site: bylines and author pages, sections, date archives,
//! related stories, scheduling and pinning, corrections, reading aids and old URLs.

mod common;

use common::{Fixture, attrs, texts};

#[test]
fn authors_get_pages_an_index_and_linked_bylines_with_profiles() {
    let site = Fixture::new();
    site.write("newsroom.toml", "paginate_by = 2\n");
    site.write(
        "data/authors.toml",
        "[\"Amina Khan\"]\nbio = \"Covers *Pakistan*.\"\navatar = \"/img/amina.jpg\"\nlinks = [{ title = \"Mastodon\", url = \"https://example.social/@amina\" }]\n",
    );
    site.article(
        "a.md",
        "title: One\ndate: 2023-01-01\nauthor: Amina Khan",
        "A.",
    );
    site.article(
        "b.md",
        "title: Two\ndate: 2023-01-02\nauthors: [Amina Khan, Lee Park]",
        "B.",
    );
    site.article(
        "c.md",
        "title: Three\ndate: 2023-01-03\nauthor: Amina Khan",
        "C.",
    );
    site.build_ok(&[]);

    let amina = site.page("/authors/amina-khan/");
    assert_eq!(texts(&amina, "h1"), ["Amina Khan"]);
    assert_eq!(texts(&amina, ".story-card .headline a"), ["Three", "Two"]);
    assert_eq!(texts(&amina, ".bio em"), ["Pakistan"]);
    assert_eq!(
        attrs(&amina, ".author-header .avatar", "src"),
        ["/img/amina.jpg"]
    );
    assert_eq!(
        attrs(&amina, ".profile-links a", "href"),
        ["https://example.social/@amina"]
    );
    assert_eq!(
        attrs(&amina, ".pagination a[rel=next]", "href"),
        ["/authors/amina-khan/page/2/"]
    );
    assert_eq!(
        texts(
            &site.page("/authors/amina-khan/page/2/"),
            ".story-card .headline a"
        ),
        ["One"]
    );

    let index = site.page("/authors/");
    assert_eq!(texts(&index, ".author-index a"), ["Amina Khan", "Lee Park"]);
    assert_eq!(texts(&index, ".author-index .count"), ["3", "1"]);

    let two = site.page("/2023/01/02/b/");
    assert_eq!(texts(&two, ".byline"), ["By Amina Khan and Lee Park"]);
    assert_eq!(
        attrs(&two, ".byline a", "href"),
        ["/authors/amina-khan/", "/authors/lee-park/"]
    );
    // The profile shows under the article; Lee Park has none.
    assert_eq!(texts(&two, ".author-box .author-name"), ["Amina Khan"]);
}

#[test]
fn a_profile_no_byline_uses_is_a_warning_not_an_error() {
    let site = Fixture::new();
    site.write(
        "data/authors.toml",
        "[\"Amina Khan\"]\nbio = \"x\"\n\n[\"Amina Kahn\"]\nbio = \"typo\"\n",
    );
    site.article(
        "a.md",
        "title: One\ndate: 2023-01-01\nauthor: Amina Khan",
        "A.",
    );
    let output = site.build(&[]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "warning: data/authors.toml: the profile \"Amina Kahn\" matches no byline of a published article"
        ),
        "{stderr}"
    );
}

#[test]
fn a_broken_profile_file_names_its_line_and_keeps_the_output() {
    let site = Fixture::new();
    site.article(
        "a.md",
        "title: One\ndate: 2023-01-01\nauthor: Amina Khan",
        "A.",
    );
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write(
        "data/authors.toml",
        "[\"Amina Khan\"]\nbio = \"x\"\nwebsite = \"https://example.org/\"\n",
    );
    let stderr = site.build_err(&[]);
    assert!(
        stderr.starts_with(
            "error: data/authors.toml:1: the profile of \"Amina Khan\": unknown field `website`"
        ),
        "{stderr}"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn sections_come_from_front_matter_or_listed_folders_and_drive_the_masthead() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "sections = [\"World\", \"Business\", \"Sport\"]\n",
    );
    site.article(
        "world/talks.md",
        "title: Talks\ndate: 2023-01-01",
        "In the world folder.",
    );
    site.article(
        "markets.md",
        "title: Markets\ndate: 2023-01-02\nsection: Business",
        "B.",
    );
    site.article(
        "misc/quirky.md",
        "title: Quirky\ndate: 2023-01-03",
        "Unlisted folder.",
    );
    site.article(
        "opinion.md",
        "title: Opinion piece\ndate: 2023-01-04\nsection: Opinion",
        "O.",
    );
    site.build_ok(&[]);

    let home = site.page("/");
    assert_eq!(
        texts(&home, ".site-nav a"),
        ["Latest", "World", "Business", "Sport", "Tags"]
    );
    assert_eq!(
        texts(&site.page("/world/"), ".story-card .headline a"),
        ["Talks"]
    );
    assert_eq!(
        texts(&site.page("/business/"), ".story-card .headline a"),
        ["Markets"]
    );
    // A listed section with no stories yet still has its front page.
    assert_eq!(texts(&site.page("/sport/"), ".empty").len(), 1);
    // A section named only in front matter gets a page, but not a place in the masthead.
    assert_eq!(
        texts(&site.page("/opinion/"), ".story-card .headline a"),
        ["Opinion piece"]
    );
    assert!(!site.public().join("misc/index.html").exists());
    let talks = site.page("/2023/01/01/talks/");
    assert_eq!(texts(&talks, ".story-header .kicker a"), ["World"]);
    assert_eq!(
        attrs(&talks, ".story-header .kicker a", "href"),
        ["/world/"]
    );
}

#[test]
fn date_archives_follow_the_permalink() {
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-10-29", "A.");
    site.article("b.md", "title: B\ndate: 2023-10-29 12:00:00", "B.");
    site.article("c.md", "title: C\ndate: 2023-09-01", "C.");
    site.article("d.md", "title: D\ndate: 2022-01-01", "D.");
    site.build_ok(&[]);
    let year = site.page("/2023/");
    assert_eq!(texts(&year, "h1"), ["2023"]);
    assert_eq!(
        texts(&year, ".archive-parts a"),
        ["October 2023", "September 2023"]
    );
    assert_eq!(texts(&year, ".archive-parts .count"), ["2", "1"]);
    assert_eq!(
        attrs(&year, ".archive-parts a", "href"),
        ["/2023/10/", "/2023/09/"]
    );
    assert_eq!(texts(&year, ".story-card .headline a"), ["B", "A", "C"]);
    let month = site.page("/2023/10/");
    assert_eq!(texts(&month, "h1"), ["October 2023"]);
    assert_eq!(
        texts(&month, ".archive-parts a"),
        ["Sunday, October 29, 2023"]
    );
    let day = site.page("/2023/10/29/");
    assert_eq!(texts(&day, ".story-card .headline a"), ["B", "A"]);
    assert_eq!(attrs(&day, ".page-header .kicker a", "href"), ["/2023/10/"]);
    assert!(site.public().join("2022/01/01/index.html").exists());

    let flat = Fixture::new();
    flat.write("newsroom.toml", "permalink = \"/news/:year/:slug/\"\n");
    flat.article("a.md", "title: A\ndate: 2023-10-29", "A.");
    flat.build_ok(&[]);
    assert_eq!(
        texts(&flat.page("/news/2023/"), ".story-card .headline a"),
        ["A"]
    );
    assert!(!flat.public().join("news/2023/10").exists());
    assert!(!flat.public().join("2023").exists());
}

#[test]
fn related_stories_share_the_most_tags_then_are_newest() {
    let site = Fixture::new();
    // No Latest stories list, which related stories would leave out.
    site.write("newsroom.toml", "related_count = 3\nlatest_count = 0\n");
    site.article("me.md", "title: Me\ndate: 2023-01-10\ntags: [a, b, c]", ".");
    site.article(
        "two-old.md",
        "title: Two shared, old\ndate: 2020-01-01\ntags: [a, b]",
        ".",
    );
    site.article(
        "one-new.md",
        "title: One shared, new\ndate: 2023-06-01\ntags: [c]",
        ".",
    );
    site.article(
        "one-newer.md",
        "title: One shared, newer\ndate: 2023-07-01\ntags: [a]",
        ".",
    );
    site.article(
        "three.md",
        "title: Three shared\ndate: 2019-01-01\ntags: [a, b, c, d]",
        ".",
    );
    site.article(
        "none.md",
        "title: Nothing shared\ndate: 2023-08-01\ntags: [z]",
        ".",
    );
    site.build_ok(&[]);
    let me = site.page("/2023/01/10/me/");
    assert_eq!(
        texts(&me, ".related-stories li a"),
        ["Three shared", "Two shared, old", "One shared, newer"]
    );
    let none = site.page("/2023/08/01/none/");
    assert!(texts(&none, ".related-stories li a").is_empty());
}

#[test]
fn scheduled_and_expired_stories_are_held_back_and_pinned_ones_lead() {
    let site = Fixture::new();
    site.article("live.md", "title: Live\ndate: 2023-01-01", ".");
    site.article(
        "pinned.md",
        "title: Pinned\ndate: 2022-06-01\npinned: true",
        ".",
    );
    site.article(
        "embargoed.md",
        "title: Embargoed\ndate: 2023-01-02\npublish_date: 2999-05-01T06:00:00Z",
        ".",
    );
    site.article(
        "gone.md",
        "title: Gone\ndate: 2023-01-03\nexpiry_date: 2023-02-01",
        ".",
    );
    let summary = site.build_ok(&[]);
    assert!(
        summary.contains(
            "(left out: 1 scheduled article, 1 expired article; the next goes live at 2999-05-01T06:00:00+00:00)"
        ),
        "{summary}"
    );
    let home = site.page("/");
    // The pinned story leads the front page, older though it is, and is not listed again.
    assert_eq!(texts(&home, ".lead-story .headline a"), ["Pinned"]);
    assert_eq!(texts(&home, ".story-card .headline a"), ["Pinned", "Live"]);
    assert!(!site.public().join("2023/01/03/gone").exists());
    assert!(!site.public().join("2023/01/02/embargoed").exists());

    site.build_ok(&["--future"]);
    assert!(
        site.public()
            .join("2023/01/02/embargoed/index.html")
            .exists()
    );
    assert!(!site.public().join("2023/01/03/gone").exists());
}

#[test]
fn updates_and_corrections_are_shown_with_their_dates() {
    let site = Fixture::new();
    site.article(
        "fixed.md",
        "title: Fixed\ndate: 2023-10-29\nupdated: 2023-10-30 09:00:00\ncorrections:\n  - date: 2023-10-30\n    text: \"An earlier version misspelt *Kabul*.\"\n  - date: 2023-10-31\n    text: Another fix.",
        "Body.",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/fixed/");
    assert_eq!(
        texts(&page, ".dateline .updated"),
        ["Updated Monday, October 30, 2023, 09:00 UTC"]
    );
    assert_eq!(texts(&page, ".corrections h2"), ["Corrections"]);
    assert_eq!(
        texts(&page, ".corrections li"),
        [
            "Monday, October 30, 2023: An earlier version misspelt Kabul.",
            "Tuesday, October 31, 2023: Another fix."
        ]
    );
    assert_eq!(
        attrs(&page, ".corrections time", "datetime"),
        ["2023-10-30T00:00:00+00:00", "2023-10-31T00:00:00+00:00"]
    );
}

#[test]
fn a_correction_without_a_date_names_the_file_and_line() {
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-01-01", "A.");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.article(
        "b.md",
        "title: B\ndate: 2023-01-02\ncorrections:\n  - text: No date here.",
        "B.",
    );
    let stderr = site.build_err(&[]);
    assert!(
        stderr.contains("content/b.md:4: each correction needs a `date`"),
        "{stderr}"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn reading_aids_and_date_filters_are_available_to_templates() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "words_per_minute = 4\ntimezone = \"Asia/Karachi\"\n",
    );
    site.write(
        "templates/article.html",
        "<p id=words>{{ article.word_count }}</p><p id=minutes>{{ article.reading_time }}</p>\
         <ol>{% for h in article.toc %}<li class=toc data-level=\"{{ h.level }}\" data-id=\"{{ h.id }}\">{{ h.title }}</li>{% endfor %}</ol>\
         <p id=site>{{ article.date | date }}</p><p id=rfc2822>{{ article.date | date(format=\"rfc2822\") }}</p>\
         <p id=iso>{{ article.date | date(format=\"iso8601\") }}</p><p id=custom>{{ article.date | date(format=\"%d %b %Y %H:%M\") }}</p>",
    );
    site.article(
        "a.md",
        "title: A\ndate: 2023-10-29T08:00:00Z",
        "## First part\n\nOne two three four five.\n\n### Detail {#deep}\n\nSix seven eight nine.",
    );
    site.build_ok(&[]);
    let page = site.page("/2023/10/29/a/");
    assert_eq!(texts(&page, "#words"), ["12"]);
    assert_eq!(texts(&page, "#minutes"), ["3"]);
    assert_eq!(texts(&page, "li.toc"), ["First part", "Detail"]);
    assert_eq!(attrs(&page, "li.toc", "data-id"), ["first-part", "deep"]);
    assert_eq!(attrs(&page, "li.toc", "data-level"), ["2", "3"]);
    assert_eq!(texts(&page, "#site"), ["Sunday, October 29, 2023"]);
    assert_eq!(
        texts(&page, "#rfc2822"),
        ["Sun, 29 Oct 2023 13:00:00 +0500"]
    );
    assert_eq!(texts(&page, "#iso"), ["2023-10-29T13:00:00+05:00"]);
    assert_eq!(texts(&page, "#custom"), ["29 Oct 2023 13:00"]);
}

#[test]
fn aliases_redirect_old_urls_to_the_story() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "base_url = \"https://example.org/news/\"\n",
    );
    site.article(
        "moved.md",
        "title: Moved\ndate: 2023-10-29\naliases: [\"/2019/old-story/\", \"/archive/story.html\"]",
        "Body.",
    );
    site.build_ok(&[]);
    let target = "https://example.org/news/2023/10/29/moved/";
    let redirect = site.page("/2019/old-story/");
    assert_eq!(attrs(&redirect, "link[rel=canonical]", "href"), [target]);
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        [format!("0; url={target}")]
    );
    let html = std::fs::read_to_string(site.public().join("archive/story.html")).unwrap();
    assert!(html.contains(target), "{html}");
    // Redirects are not content: the sitemap leaves them out.
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("old-story"), "{sitemap}");
}

#[test]
fn an_alias_outside_the_site_is_refused() {
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-01-01", "A.");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.article(
        "b.md",
        "title: B\ndate: 2023-01-02\naliases: [\"/../../etc/passwd\"]",
        "B.",
    );
    let stderr = site.build_err(&[]);
    assert!(
        stderr.contains("content/b.md:4: `aliases` holds \"/../../etc/passwd\", which is not a path on this site"),
        "{stderr}"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn authors_and_sections_have_feeds() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "base_url = \"https://example.org/\"\nsections = [\"World\"]\n",
    );
    site.article(
        "world/a.md",
        "title: A\ndate: 2023-01-01\nauthor: Amina Khan",
        "A.",
    );
    site.article("b.md", "title: B\ndate: 2023-01-02\nauthor: Lee Park", "B.");
    site.build_ok(&[]);
    let read = |file: &str| {
        feed_rs::parser::parse(
            std::fs::read_to_string(site.public().join(file))
                .unwrap()
                .as_bytes(),
        )
        .unwrap()
    };
    let titles = |file: &str| -> Vec<String> {
        read(file)
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect()
    };
    assert_eq!(titles("authors/amina-khan/rss.xml"), ["A"]);
    assert_eq!(titles("authors/lee-park/atom.xml"), ["B"]);
    assert_eq!(titles("world/rss.xml"), ["A"]);
    assert_eq!(
        attrs(&site.page("/world/"), "link[rel=alternate]", "href"),
        [
            "https://example.org/rss.xml",
            "https://example.org/atom.xml",
            "https://example.org/world/rss.xml",
            "https://example.org/world/atom.xml"
        ]
    );
}

#[test]
fn the_front_page_leads_with_one_story_then_the_next_then_a_block_per_section() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "paginate_by = 7\nfront_section_stories = 2\nsections = [\"World\", \"Business\", \"Empty\"]\ntimezone = \"Asia/Karachi\"\n",
    );
    // World 1..6 and Business 1..3, one a day from newest (W6) down, a day each.
    let stories = [
        ("w6", "World", 20),
        ("b3", "Business", 19),
        ("w5", "World", 18),
        ("w4", "World", 17),
        ("w3", "World", 16),
        ("b2", "Business", 15),
        ("w2", "World", 14),
        ("b1", "Business", 13),
        ("w1", "World", 12),
    ];
    for (slug, section, day) in stories {
        let image = if slug == "w4" {
            "\nimage: https://photos.example.org/w4.jpg"
        } else {
            ""
        };
        site.article(
            &format!("{slug}.md"),
            &format!(
                "title: {}\ndate: 2023-10-{day} 09:30:00\nsection: {section}{image}",
                slug.to_uppercase()
            ),
            "Body.",
        );
    }
    site.build_ok(&[]);
    let home = site.page("/");
    assert_eq!(texts(&home, ".lead-story .headline a"), ["W6"]);
    assert_eq!(
        texts(&home, ".top-stories .headline a"),
        ["B3", "W5", "W4", "W3"]
    );
    // A block per section that has stories left to show, its heading linking to its page.
    assert_eq!(texts(&home, ".section-block h2 a"), ["World", "Business"]);
    assert_eq!(
        attrs(&home, ".section-block h2 a", "href"),
        ["/world/", "/business/"]
    );
    assert_eq!(
        texts(&home, ".section-block .headline a"),
        ["W2", "W1", "B2", "B1"]
    );
    // No story is shown twice, and none of page one is skipped.
    let all = texts(&home, ".story-card .headline a");
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "{all:?}");
    // The photo of a story with one, as a thumbnail loaded when it is scrolled to.
    assert_eq!(
        attrs(&home, ".story-photo img", "src"),
        ["https://photos.example.org/w4.jpg"]
    );
    assert_eq!(attrs(&home, ".story-photo img", "loading"), ["lazy"]);
    // Later pages are a plain list.
    let second = site.page("/page/2/");
    assert!(texts(&second, ".lead-story").is_empty());
    assert_eq!(texts(&second, ".story-list .headline a"), ["B1", "W1"]);
    // List pages count their stories; the footer names the zone and links the authors index.
    assert_eq!(texts(&site.page("/world/"), ".page-count"), ["6 stories"]);
    assert_eq!(
        texts(&home, ".timezone-note"),
        ["All times are Asia/Karachi time (PKT)."]
    );
    assert_eq!(
        attrs(&home, ".footer-nav a[href=\"/authors/\"]", "href"),
        ["/authors/"]
    );
    assert_eq!(
        texts(&home, ".lead-story .dateline time"),
        ["Friday, October 20, 2023, 09:30 PKT"]
    );
}

#[test]
fn related_stories_leave_out_those_in_the_latest_stories_beside_them() {
    let site = Fixture::new();
    site.write("newsroom.toml", "related_count = 3\nlatest_count = 2\n");
    for (slug, day) in [
        ("new1", 20),
        ("new2", 19),
        ("me", 18),
        ("old1", 17),
        ("old2", 16),
    ] {
        site.article(
            &format!("{slug}.md"),
            &format!("title: {slug}\ndate: 2023-10-{day}\ntags: [shared]"),
            ".",
        );
    }
    site.build_ok(&[]);
    let me = site.page("/2023/10/18/me/");
    assert_eq!(texts(&me, ".latest-stories li a"), ["new1", "new2"]);
    assert_eq!(texts(&me, ".related-stories li a"), ["old1", "old2"]);
    // The newest story's Latest list reaches one further down, and its related list with it.
    let newest = site.page("/2023/10/20/new1/");
    assert_eq!(texts(&newest, ".latest-stories li a"), ["new2", "me"]);
    assert_eq!(texts(&newest, ".related-stories li a"), ["old1", "old2"]);
}
