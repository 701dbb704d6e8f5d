//! Search (`search = true`): the Pagefind index is in the output and in the plan, the search
//! page links its scripts under the base path, article pages mark what is indexed, a site
//! with search off has none of it, and, in Chromium, a word only one story holds finds that
//! story and no other, shown with its own photo and never a photo from the lists beside it.

mod common;

use std::path::Path;

use common::chromium::{Browser, evaluate, wait_for};
use common::{Fixture, attrs, texts};

/// A site at a sub-path, in German, with search on, and three stories in two sections by
/// two authors. Only the harbour story's body has the word "Kranbrücke"; the orchard
/// story's headline, and its photo as a thumbnail, are in every other page's Latest stories
/// list.
fn search_site(base_url: &str) -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        format!(
            "title = \"Der Bote\"\nbase_url = \"{base_url}\"\nlanguage = \"de\"\nsearch = true\nsections = [\"Wirtschaft\", \"Natur\"]\n"
        ),
    );
    site.article(
        "harbour.md",
        "title: Neue Kranbrücke im Hafen\ndate: 2024-03-01\nauthor: Ada Berger\nsection: Wirtschaft\ntags: [Hafen]",
        "Die Kranbrücke hebt Container schneller als zuvor.",
    );
    site.write("static/images/orchard.jpg", orchard_photo());
    site.article(
        "orchard.md",
        "title: Apfelernte Zeitlupenreife\ndate: 2024-03-02\nauthor: Bo Kessler\nsection: Natur\ntags: [Obst]\nimage:\n  src: /images/orchard.jpg\n  alt: Apfelbäume im Nebel",
        "Die Äpfel reifen in diesem Jahr früh.",
    );
    site.article(
        "market.md",
        "title: Markt am Sonntag\ndate: 2024-03-03\nauthor: Ada Berger\nsection: Wirtschaft\ntags: [Hafen, Markt]",
        "Händler bieten Fisch und Brot an.",
    );
    site
}

/// A small JPEG for the orchard story's lead photo.
fn orchard_photo() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(640, 400, |x, y| {
        image::Rgb([(x * 255 / 640) as u8, 160, (y * 255 / 400) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    bytes.into_inner()
}

fn bundle_files(public: &Path) -> Vec<String> {
    let bundle = public.join("pagefind");
    walkdir::WalkDir::new(&bundle)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            entry
                .path()
                .strip_prefix(&bundle)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn search_on_writes_the_index_and_a_search_page_under_the_base_path() {
    let site = search_site("https://example.org/news/");
    site.build_ok(&[]);
    let public = site.public();

    let files = bundle_files(&public);
    for fixed in [
        "pagefind.js",
        "pagefind-entry.json",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "wasm.de.pagefind",
    ] {
        assert!(
            files.iter().any(|f| f == fixed),
            "{fixed} missing: {files:?}"
        );
    }
    for (folder, ending) in [
        ("fragment/", ".pf_fragment"),
        ("index/", ".pf_index"),
        ("filter/", ".pf_filter"),
    ] {
        assert!(
            files
                .iter()
                .any(|f| f.starts_with(folder) && f.ends_with(ending)),
            "no {folder}*{ending}: {files:?}"
        );
    }
    // One fragment per article: lists, tags, archives, the search page itself are not indexed.
    let fragments = files.iter().filter(|f| f.ends_with(".pf_fragment")).count();
    assert_eq!(fragments, 3, "{files:?}");

    let entry = std::fs::read(public.join("pagefind/pagefind-entry.json")).unwrap();
    let entry: serde_json::Value = serde_json::from_slice(&entry).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["de"], "{entry}");
    assert_eq!(entry["languages"]["de"]["page_count"], 3, "{entry}");

    let search = site.page("/search/");
    assert_eq!(texts(&search, "main h1"), ["Search"]);
    assert_eq!(
        attrs(&search, "link[rel=stylesheet][href*=pagefind]", "href"),
        ["https://example.org/news/pagefind/pagefind-ui.css"]
    );
    assert_eq!(
        attrs(&search, "script[src]", "src"),
        ["https://example.org/news/pagefind/pagefind-ui.js"]
    );
    assert_eq!(
        attrs(&search, "#search", "data-bundle"),
        ["https://example.org/news/pagefind/"]
    );
    assert_eq!(
        attrs(&search, "#search", "data-root"),
        ["https://example.org/news/"]
    );
    let noscript = texts(&search, "noscript");
    assert!(
        noscript.len() == 1 && noscript[0].contains("needs JavaScript"),
        "{noscript:?}"
    );
    assert_eq!(attrs(&search, "meta[name=robots]", "content"), ["noindex"]);

    // Every page's navigation leads to the search page.
    for page in ["/", "/2024/03/01/harbour/", "/tags/"] {
        let html = site.page(page);
        assert_eq!(
            attrs(&html, ".site-nav a[href$='/search/']", "href"),
            ["https://example.org/news/search/"],
            "{page}"
        );
    }

    // The article page marks its headline and body for the index, and not the lists.
    let article = site.page("/2024/03/01/harbour/");
    assert_eq!(
        texts(&article, "[data-pagefind-body]"),
        [
            "Neue Kranbrücke im Hafen",
            "Die Kranbrücke hebt Container schneller als zuvor."
        ]
    );
    assert!(texts(&article, ".latest-stories [data-pagefind-body]").is_empty());
    assert_eq!(
        texts(&article, "[data-pagefind-filter=Section]"),
        ["Wirtschaft"]
    );
    assert_eq!(
        attrs(&article, "meta[data-pagefind-filter]", "content"),
        ["Ada Berger", "Hafen"]
    );
    assert_eq!(
        attrs(&article, "[data-pagefind-sort]", "data-pagefind-sort"),
        ["date[content]"]
    );
    // Not in the sitemap: the search page has nothing to show a crawler.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/search/"), "{sitemap}");
}

#[test]
fn two_builds_of_one_site_give_the_same_index() {
    let site = search_site("/news/");
    site.build_ok(&[]);
    let first = common::snapshot(&site.public().join("pagefind"));
    site.build_ok(&["--output", site.root().join("again").to_str().unwrap()]);
    let second = common::snapshot(&site.root().join("again/pagefind"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "the index differs between two builds");
}

#[test]
fn search_off_writes_none_of_it() {
    let site = search_site("https://example.org/news/");
    let config = std::fs::read_to_string(site.root().join("newsroom.toml")).unwrap();
    site.write(
        "newsroom.toml",
        config.replace("search = true", "search = false"),
    );
    site.build_ok(&[]);
    let public = site.public();
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("search").exists());
    let article = std::fs::read_to_string(public.join("2024/03/01/harbour/index.html")).unwrap();
    assert!(!article.contains("data-pagefind"), "{article}");
    let home = site.page("/");
    assert!(attrs(&home, ".site-nav a[href$='/search/']", "href").is_empty());

    // Off is the default.
    site.write("newsroom.toml", "title = \"Der Bote\"\n");
    site.build_ok(&[]);
    assert!(!site.public().join("pagefind").exists());
    assert!(!site.public().join("search").exists());
}

#[test]
fn a_story_at_the_search_page_or_in_the_index_folder_is_reported_with_its_line() {
    let cases = [
        (
            "url: /search/",
            "content/clash.md:4: this article and the search page (from `search` in newsroom.toml) would both be written to /search/; change the article's `url:`",
        ),
        (
            "url: /pagefind/",
            "content/clash.md:4: this article would be written to /pagefind/, the folder of the search index (`search = true` in newsroom.toml); change the article's `url:`",
        ),
        (
            "url: /pagefind/extra/story/",
            "content/clash.md:4: this article would be written to /pagefind/extra/story/, inside /pagefind/, the folder of the search index (`search = true` in newsroom.toml); change the article's `url:`",
        ),
    ];
    for (field, expected) in cases {
        let site = search_site("/news/");
        site.build_ok(&[]);
        let before = site.snapshot();
        site.article(
            "clash.md",
            &format!("title: Clash\ndate: 2024-03-04\n{field}"),
            "Text.",
        );
        let error = site.build_err(&[]);
        assert!(
            error.lines().any(|line| line.trim() == expected),
            "{field}: expected\n{expected}\nin\n{error}"
        );
        assert!(
            site.snapshot() == before,
            "{field}: the last output changed"
        );
    }

    // A file of static/ in the index's folder is named too.
    let site = search_site("/news/");
    site.write("static/pagefind/custom.js", "// mine");
    let error = site.build_err(&[]);
    assert!(
        error.contains("static/pagefind/custom.js: this file would be written to /pagefind/custom.js, inside /pagefind/, the folder of the search index (`search = true` in newsroom.toml); move or rename it"),
        "{error}"
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it"]
fn a_word_only_one_story_holds_finds_that_story_in_the_browser() {
    // The site is served at /news/ of a local server, as it would be at example.org/news/.
    let served = tempfile::tempdir().unwrap();
    let port = common::serve_folder(served.path().to_path_buf());
    let base = format!("http://127.0.0.1:{port}/news/");
    let site = search_site(&base);
    let output = served.path().join("news");
    site.build_ok(&["--output", output.to_str().unwrap()]);

    let browser = Browser::open(&format!("{base}search/?q=Kranbrücke"));
    let page = browser.page_socket();
    // The search page's own interface, typed into through the address: one result, the
    // harbour story, under the base path.
    let links = "Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.getAttribute('href'))";
    wait_for(
        &page,
        links,
        serde_json::json!([format!("{base}2024/03/01/harbour/")]),
    );
    // The filters for section and author are shown, with their values.
    let filters = "Array.from(document.querySelectorAll('.pagefind-ui__filter-name')).map(e => e.textContent.trim()).sort()";
    wait_for(
        &page,
        filters,
        serde_json::json!(["Author", "Section", "Tag"]),
    );

    // Through Pagefind's own script: a word of the orchard story's headline, which every
    // other story's page shows in its Latest stories list, finds the orchard story alone.
    let found = r#"(async () => {
        const pagefind = await import(document.getElementById("search").dataset.bundle + "pagefind.js");
        const search = await pagefind.search("Zeitlupenreife");
        const pages = await Promise.all(search.results.map(r => r.data()));
        const filters = await pagefind.filters();
        const harbour = await pagefind.search("Kranbrücke");
        const harbourPages = await Promise.all(harbour.results.map(r => r.data()));
        return {
            urls: pages.map(p => p.url),
            titles: pages.map(p => p.meta.title),
            bylines: pages.map(p => p.meta.byline),
            image_alts: pages.map(p => p.meta.image_alt),
            sections: Object.keys(filters.Section || {}).sort(),
            authors: Object.keys(filters.Author || {}).sort(),
            harbour_images: harbourPages.map(p => p.meta.image || null),
            image: pages[0].meta.image,
        };
    })()"#;
    let mut answer = evaluate(&page, found);
    // The orchard story's result shows its own lead photo, one of the responsive files.
    let image = answer["image"].take();
    let image = image.as_str().unwrap_or_default();
    assert!(
        image.starts_with(&format!("{base}images/orchard-")) && image.ends_with(".jpg"),
        "the orchard story's search image: {image:?}"
    );
    answer.as_object_mut().unwrap().remove("image");
    assert_eq!(
        answer,
        serde_json::json!({
            "urls": [format!("{base}2024/03/02/orchard/")],
            "titles": ["Apfelernte Zeitlupenreife"],
            "bylines": ["Bo Kessler"],
            "image_alts": ["Apfelbäume im Nebel"],
            "sections": ["Natur", "Wirtschaft"],
            "authors": ["Ada Berger", "Bo Kessler"],
            // The harbour story has no photo of its own: its result shows none, not the
            // orchard thumbnail in its Latest stories list.
            "harbour_images": [null],
        })
    );
}
