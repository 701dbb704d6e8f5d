//! The built-in shortcode templates on their own: each rendered through Tera with the context a
//! shortcode call gives it (named arguments, `body`, `nth`, `page`, `site`), and its HTML read
//! back with a real parser. Whole sites that call them are built in tests/embeds.rs.

use scraper::{ElementRef, Html, Selector};
use serde_json::{Value, json};

use newsroom::render::shortcodes::{BUILT_IN, EMBED_SCRIPT, EMBED_SCRIPT_TEXT};

/// The built-in shortcodes in one Tera instance, named as a site's theme names them.
fn shortcodes() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(
        BUILT_IN
            .iter()
            .map(|(name, text)| (format!("shortcodes/{name}.html"), *text)),
    )
    .expect("the built-in shortcodes compile");
    tera
}

/// The context of a call with these named arguments, as the page's first call of its name.
fn context(arguments: Value) -> tera::Context {
    let mut value = json!({
        "nth": 1,
        "page": {"title": "A story", "url": "/2023/10/29/a-story/", "section": "news"},
        "site": {"title": "The Daily", "base_url": "", "language": "en"},
    });
    for (key, argument) in arguments.as_object().unwrap() {
        value[key] = argument.clone();
    }
    tera::Context::from_serialize(&value).unwrap()
}

/// Renders the shortcode `name` with these arguments.
fn render(name: &str, arguments: Value) -> Result<String, String> {
    shortcodes()
        .render(&format!("shortcodes/{name}.html"), &context(arguments))
        .map_err(|error| match error.kind() {
            tera::ErrorKind::RenderingError(report) => report.message().to_string(),
            _ => error.to_string(),
        })
}

/// Renders and parses, failing the test on a template error.
fn parse(name: &str, arguments: Value) -> Html {
    let html = render(name, arguments).unwrap_or_else(|e| panic!("{name}: {e}"));
    Html::parse_fragment(&html)
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

fn one<'a>(html: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = select(html, selector);
    assert_eq!(found.len(), 1, "one {selector} in {}", html.html());
    found[0]
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

/// The text of an element as a screen reader names it: whitespace collapsed.
fn name_of(element: ElementRef<'_>) -> String {
    text(element)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every built-in but `story` (which needs the site's stories), called with what it needs.
fn valid_calls() -> Vec<(&'static str, Value)> {
    vec![
        ("figure", json!({"src": "harbour.jpg"})),
        ("youtube", json!({"id": "dQw4w9WgXcQ"})),
        ("vimeo", json!({"id": "76979871"})),
        (
            "x",
            json!({"user": "newsroom", "id": "1453110110599868418"}),
        ),
        (
            "twitter",
            json!({"user": "newsroom", "id": "1453110110599868418"}),
        ),
        (
            "bluesky",
            json!({"url": "https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b"}),
        ),
        (
            "mastodon",
            json!({"url": "https://mastodon.social/@newsroom/111111111111111111"}),
        ),
        ("instagram", json!({"id": "CxOWiQNP2MO"})),
        ("gist", json!({"user": "newsroom", "id": "0a1b2c3d4e5f"})),
        ("audio", json!({"src": "interview.mp3"})),
        ("video", json!({"src": "harbour.mp4"})),
        ("pullquote", json!({"body": "<p>We were ready.</p>"})),
        ("factbox", json!({"body": "<ul><li>One fact</li></ul>"})),
    ]
}

#[test]
fn figure_is_a_plain_image_with_its_caption_and_credit() {
    let html = parse(
        "figure",
        json!({
            "src": "harbour.jpg", "alt": "Boats in the harbour", "caption": "Morning at the quay.",
            "credit": "Ana Ruiz / Agency", "credit_link": "https://example.org/ana",
            "link": "big/harbour.jpg", "title": "The harbour", "width": 1200, "height": 800,
            "class": "wide",
        }),
    );
    let figure = one(&html, "figure");
    assert_eq!(figure.value().attr("class"), Some("figure wide"));
    let img = one(&html, "figure.figure > a[href='big/harbour.jpg'] > img");
    assert_eq!(img.value().attr("src"), Some("harbour.jpg"));
    assert_eq!(img.value().attr("alt"), Some("Boats in the harbour"));
    assert_eq!(img.value().attr("title"), Some("The harbour"));
    assert_eq!(img.value().attr("width"), Some("1200"));
    assert_eq!(img.value().attr("height"), Some("800"));
    let caption = one(&html, "figure > figcaption");
    assert_eq!(text(caption), "Morning at the quay. Ana Ruiz / Agency");
    let credit = one(&html, "figcaption > span.credit > a");
    assert_eq!(credit.value().attr("href"), Some("https://example.org/ana"));

    // With only its image: no link, no caption, an empty alt rather than none.
    let html = parse("figure", json!({"src": "harbour.jpg"}));
    let img = one(&html, "figure.figure > img");
    assert_eq!(img.value().attr("alt"), Some(""));
    assert!(select(&html, "figcaption, a").is_empty());
    // A credit alone is still captioned.
    let html = parse("figure", json!({"src": "a.jpg", "credit": "Staff"}));
    assert_eq!(text(one(&html, "figcaption > span.credit")), "Staff");
}

#[test]
fn youtube_is_a_link_styled_as_a_player_until_clicked() {
    let html = parse(
        "youtube",
        json!({"id": "dQw4w9WgXcQ", "start": 90, "title": "The mayor's speech"}),
    );
    let facade = one(&html, ".embed-youtube > a.embed-facade");
    assert_eq!(
        facade.value().attr("href"),
        Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90")
    );
    assert_eq!(facade.value().attr("data-id"), Some("dQw4w9WgXcQ"));
    assert_eq!(facade.value().attr("data-start"), Some("90"));
    // The link is named by what it shows, the title, with words for those who cannot see it.
    assert_eq!(
        name_of(facade),
        "Play video: The mayor's speech YouTube · the player loads when you click"
    );
    assert_eq!(
        text(one(&html, ".embed-title > .visually-hidden")),
        "Play video: "
    );
    one(&html, ".embed-play[aria-hidden='true']");
    assert!(select(&html, "iframe, img").is_empty());

    let html = parse("youtube", json!({"id": "dQw4w9WgXcQ"}));
    let facade = one(&html, "a.embed-facade");
    assert_eq!(
        facade.value().attr("href"),
        Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    );
    assert_eq!(facade.value().attr("data-start"), None);
    assert_eq!(
        name_of(one(&html, ".embed-title")),
        "Play video: YouTube video"
    );
}

#[test]
fn vimeo_is_a_link_styled_as_a_player_until_clicked() {
    let html = parse("vimeo", json!({"id": 76979871, "title": "Flood footage"}));
    let facade = one(&html, ".embed-vimeo > a.embed-facade[data-embed='vimeo']");
    assert_eq!(
        facade.value().attr("href"),
        Some("https://vimeo.com/76979871")
    );
    assert_eq!(facade.value().attr("data-id"), Some("76979871"));
    assert_eq!(
        name_of(facade),
        "Play video: Flood footage Vimeo · the player loads when you click"
    );
}

#[test]
fn posts_are_quotations_with_a_link_and_a_button_to_load_them() {
    let cases = [
        (
            "x",
            json!({"user": "@newsroom", "id": "1453110110599868418", "text": "Polls close at 8.", "date": "29 October 2023"}),
            "https://x.com/newsroom/status/1453110110599868418",
            "— @newsroom, 29 October 2023",
            "Load the post from X",
        ),
        (
            "bluesky",
            json!({"url": "https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b", "text": "Polls close at 8.", "user": "The Daily", "date": "29 October 2023"}),
            "https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b",
            "— The Daily, 29 October 2023",
            "Load the post from Bluesky",
        ),
        (
            "mastodon",
            json!({"url": "https://mastodon.social/@newsroom/111111111111111111", "text": "Polls close at 8.", "user": "@newsroom@mastodon.social"}),
            "https://mastodon.social/@newsroom/111111111111111111",
            "— @newsroom@mastodon.social",
            "Load the post from mastodon.social",
        ),
        (
            "instagram",
            json!({"id": "CxOWiQNP2MO", "text": "Polls close at 8.", "user": "newsroom"}),
            "https://www.instagram.com/p/CxOWiQNP2MO/",
            "— @newsroom",
            "Load the post from Instagram",
        ),
    ];
    for (name, arguments, url, byline, button) in cases {
        let html = parse(name, arguments);
        let quote = one(&html, &format!("figure.embed-{name} > blockquote.post"));
        assert_eq!(quote.value().attr("cite"), Some(url), "{name}");
        assert_eq!(text(one(&html, "blockquote > p")), "Polls close at 8.");
        assert_eq!(text(one(&html, ".post-byline")), byline, "{name}");
        let link = one(&html, "blockquote footer a.post-link");
        assert_eq!(link.value().attr("href"), Some(url), "{name}");
        let load = one(
            &html,
            "figcaption.embed-actions[hidden] > button.embed-load",
        );
        assert_eq!(load.value().attr("type"), Some("button"));
        assert_eq!(load.value().attr("data-embed"), Some(name));
        assert_eq!(load.value().attr("data-url"), Some(url), "{name}");
        assert_eq!(text(load), button);
    }
}

#[test]
fn a_post_body_wins_over_its_text_and_twitter_is_x() {
    let html = parse(
        "x",
        json!({"user": "newsroom", "id": "1", "text": "plain", "body": "<p>The <em>body</em></p>"}),
    );
    assert_eq!(text(one(&html, "blockquote > p")), "The body");
    one(&html, "blockquote > p > em");
    let arguments = json!({"user": "newsroom", "id": "1", "text": "Polls close."});
    assert_eq!(
        render("twitter", arguments.clone()).unwrap().trim(),
        render("x", arguments).unwrap().trim()
    );
    // With neither: the byline and link, no empty paragraph.
    let html = parse(
        "bluesky",
        json!({"url": "https://bsky.app/profile/a/post/b"}),
    );
    assert!(select(&html, "blockquote > p, .post-byline").is_empty());
}

#[test]
fn gist_links_to_the_gist_and_its_file() {
    let html = parse(
        "gist",
        json!({"user": "newsroom", "id": "0a1b2c3d", "file": "Count.py"}),
    );
    let link = one(&html, ".embed-gist .gist-link > a");
    assert_eq!(
        link.value().attr("href"),
        Some("https://gist.github.com/newsroom/0a1b2c3d#file-count-py")
    );
    assert_eq!(text(link), "Count.py, a gist by newsroom on GitHub");
    let load = one(&html, "button.embed-load[data-embed='gist']");
    assert_eq!(
        load.value().attr("data-url"),
        Some("https://gist.github.com/newsroom/0a1b2c3d")
    );
    assert_eq!(load.value().attr("data-file"), Some("Count.py"));
}

#[test]
fn audio_and_video_use_the_browsers_player_and_fetch_nothing_first() {
    let html = parse(
        "audio",
        json!({"src": "interview.mp3", "title": "The interview", "caption": "Recorded on Monday.", "credit": "Radio Sur"}),
    );
    let audio = one(&html, "figure.figure.figure-audio > audio[controls]");
    assert_eq!(audio.value().attr("preload"), Some("none"));
    assert_eq!(audio.value().attr("src"), Some("interview.mp3"));
    assert_eq!(text(one(&html, ".figure-title")), "The interview");
    assert_eq!(
        text(one(&html, "figcaption")),
        "Recorded on Monday. Radio Sur"
    );

    let html = parse(
        "video",
        json!({"src": "harbour.mp4", "poster": "harbour.jpg", "width": 1280, "height": 720, "caption": "The quay.", "credit": "Staff"}),
    );
    let video = one(&html, "figure.figure.figure-video > video[controls]");
    for (attribute, value) in [
        ("preload", "none"),
        ("src", "harbour.mp4"),
        ("poster", "harbour.jpg"),
        ("width", "1280"),
        ("height", "720"),
    ] {
        assert_eq!(video.value().attr(attribute), Some(value), "{attribute}");
    }
    assert_eq!(text(one(&html, "figcaption > .credit")), "Staff");
    let html = parse("video", json!({"src": "harbour.mp4"}));
    assert!(select(&html, "figcaption, video[poster]").is_empty());
}

#[test]
fn pullquote_and_factbox_are_asides() {
    let html = parse(
        "pullquote",
        json!({"body": "<p>We were ready.</p>", "by": "The harbour master"}),
    );
    assert_eq!(
        text(one(&html, "aside.pullquote > blockquote > p")),
        "We were ready."
    );
    assert_eq!(
        text(one(&html, "aside.pullquote > .pullquote-by")),
        "— The harbour master"
    );

    let html = parse(
        "factbox",
        json!({"title": "The flood in numbers", "body": "<ul><li>3 m of water</li></ul>", "nth": 2}),
    );
    let aside = one(&html, "aside.factbox");
    assert_eq!(aside.value().attr("aria-labelledby"), Some("factbox-2"));
    assert_eq!(
        text(one(&html, "aside.factbox > h2#factbox-2")),
        "The flood in numbers"
    );
    one(&html, "aside.factbox > ul > li");
    let html = parse("factbox", json!({"body": "<p>A fact.</p>"}));
    assert_eq!(
        one(&html, "aside.factbox").value().attr("aria-label"),
        Some("Fact box")
    );
    assert!(select(&html, "h2").is_empty());
}

#[test]
fn a_missing_required_argument_says_what_to_write() {
    let cases = [
        (
            "figure",
            json!({"alt": "x"}),
            "figure needs src=\"…\" (the image: a file beside the story, or /images/… under static/)",
        ),
        (
            "youtube",
            json!({"title": "x"}),
            "youtube needs id=\"…\" (the video's id, such as id=\"dQw4w9WgXcQ\")",
        ),
        (
            "youtube",
            json!({"id": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}),
            "youtube's id is the video's id, the 11 characters after watch?v= in its address, not the address itself: write id=\"dQw4w9WgXcQ\"",
        ),
        (
            "vimeo",
            json!({}),
            "vimeo needs id=\"…\" (the number in the video's address, such as id=\"76979871\")",
        ),
        (
            "x",
            json!({"id": "1"}),
            "x needs user=\"…\" (the account's name, without @)",
        ),
        (
            "x",
            json!({"user": "a"}),
            "x needs id=\"…\" (the number at the end of the post's address)",
        ),
        (
            "twitter",
            json!({"id": "1"}),
            "twitter needs user=\"…\" (the account's name, without @)",
        ),
        (
            "bluesky",
            json!({"text": "x"}),
            "bluesky needs url=\"…\" (the post's address, such as url=\"https://bsky.app/profile/name.bsky.social/post/3k…\")",
        ),
        (
            "bluesky",
            json!({"url": "javascript:alert(1)"}),
            "bluesky's url must be the post's https:// address, such as url=\"https://bsky.app/profile/name.bsky.social/post/3k…\"",
        ),
        (
            "mastodon",
            json!({}),
            "mastodon needs url=\"…\" (the post's address, such as url=\"https://mastodon.social/@name/1234567890\")",
        ),
        (
            "mastodon",
            json!({"url": "mastodon.social/@a/1"}),
            "mastodon's url must be the post's https:// address, such as url=\"https://mastodon.social/@name/1234567890\"",
        ),
        (
            "instagram",
            json!({}),
            "instagram needs id=\"…\" (the code after /p/ in the post's address, such as id=\"CxOWiQNP2MO\")",
        ),
        (
            "gist",
            json!({"id": "1"}),
            "gist needs user=\"…\" (the GitHub account the gist belongs to)",
        ),
        (
            "gist",
            json!({"user": "a"}),
            "gist needs id=\"…\" (the long hexadecimal number at the end of the gist's address)",
        ),
        (
            "audio",
            json!({}),
            "audio needs src=\"…\" (the sound file: a file beside the story, or /audio/… under static/)",
        ),
        (
            "video",
            json!({"poster": "a.jpg"}),
            "video needs src=\"…\" (the video file: a file beside the story, or /video/… under static/)",
        ),
        (
            "pullquote",
            json!({"by": "Someone"}),
            "pullquote needs the quotation as its body: {% pullquote(by=\"…\") %}The words{% end %}",
        ),
        (
            "factbox",
            json!({"title": "Facts"}),
            "factbox needs the facts as its body: {% factbox(title=\"…\") %}- A fact{% end %}",
        ),
    ];
    for (name, arguments, message) in cases {
        assert_eq!(
            render(name, arguments.clone()).unwrap_err(),
            message,
            "{name} {arguments}"
        );
    }
    // An empty value is as good as none.
    assert_eq!(
        render("youtube", json!({"id": ""})).unwrap_err(),
        "youtube needs id=\"…\" (the video's id, such as id=\"dQw4w9WgXcQ\")"
    );
}

/// Where every `src` of the markup points: nowhere but the site itself before a click.
fn sources(html: &Html) -> Vec<String> {
    select(html, "[src], [poster], [srcdoc]")
        .into_iter()
        .flat_map(|element| {
            ["src", "poster", "srcdoc"]
                .into_iter()
                .filter_map(move |name| element.value().attr(name).map(str::to_string))
        })
        .collect()
}

#[test]
fn nothing_is_fetched_from_another_site_before_a_click() {
    for (name, arguments) in valid_calls() {
        let html = parse(name, arguments);
        assert!(
            select(&html, "iframe, object, embed, link, img[src^='http']").is_empty(),
            "{name}: {}",
            html.html()
        );
        for source in sources(&html) {
            assert!(
                !source.contains("//") && !source.contains(':'),
                "{name} fetches {source} before a click"
            );
        }
    }
}

#[test]
fn embeds_link_the_click_to_load_script_once_per_page_under_the_base_path() {
    let embeds = [
        "youtube",
        "vimeo",
        "x",
        "twitter",
        "bluesky",
        "mastodon",
        "instagram",
        "gist",
    ];
    for (name, arguments) in valid_calls() {
        let mut first = arguments.clone();
        first["site"] = json!({"title": "The Daily", "base_url": "/news", "language": "en"});
        let html = parse(name, first);
        let scripts: Vec<_> = select(&html, "script")
            .into_iter()
            .map(|script| {
                assert_eq!(script.value().attr("defer"), Some(""), "{name}");
                script.value().attr("src").unwrap().to_string()
            })
            .collect();
        if embeds.contains(&name) {
            assert_eq!(scripts, [format!("/news/{EMBED_SCRIPT}")], "{name}");
        } else {
            assert!(scripts.is_empty(), "{name} needs no script");
        }
        let mut second = arguments;
        second["nth"] = json!(2);
        assert!(select(&parse(name, second), "script").is_empty(), "{name}");
    }
}

#[test]
fn hostile_argument_values_are_escaped() {
    let hostile = "\"><script>alert(1)</script><b onclick=\"x\">'";
    for (name, arguments) in valid_calls() {
        let mut arguments = arguments.clone();
        let keys = [
            "alt",
            "caption",
            "credit",
            "credit_link",
            "link",
            "title",
            "class",
            "text",
            "date",
            "by",
            "file",
            "poster",
            "start",
        ];
        for key in keys {
            arguments[key] = json!(hostile);
        }
        // Required values are hostile too, where a hostile one is accepted.
        for key in ["src", "user", "id"] {
            if arguments.get(key).is_some() && key != "id" {
                arguments[key] = json!(hostile);
            }
        }
        let rendered = render(name, arguments).unwrap_or_else(|e| panic!("{name}: {e}"));
        let html = Html::parse_fragment(&rendered);
        for script in select(&html, "script") {
            assert_eq!(
                script.value().attr("src"),
                Some("/embeds.js"),
                "{name}: {rendered}"
            );
        }
        assert!(
            select(&html, "b").is_empty(),
            "{name} let markup through: {rendered}"
        );
        for element in select(&html, "*") {
            assert!(
                element
                    .value()
                    .attrs()
                    .all(|(key, _)| !key.starts_with("on")),
                "{name} let an attribute through: {rendered}"
            );
        }
        if !["pullquote", "factbox"].contains(&name) {
            assert!(
                html.root_element().text().any(|t| t.contains("<script>"))
                    || select(&html, "*")
                        .iter()
                        .any(|e| e.value().attrs().any(|(_, v)| v.contains("<script>"))),
                "{name} dropped the value instead of escaping it: {rendered}"
            );
        }
    }
}

#[test]
fn the_script_builds_the_privacy_enhanced_players() {
    for needed in [
        "https://www.youtube-nocookie.com/embed/",
        "?autoplay=1",
        "&start=",
        "https://player.vimeo.com/video/",
        "?dnt=1&autoplay=1",
        "https://platform.twitter.com/widgets.js",
        "https://embed.bsky.app/static/embed.js",
        "/embed.js",
        "https://www.instagram.com/embed.js",
    ] {
        assert!(EMBED_SCRIPT_TEXT.contains(needed), "{needed}");
    }
}

/// A Chromium that can be run headless, or `None`.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok()
        })
}

/// The page's DOM after it loaded and, when `click` is set, after every player and every
/// "Load the post" button was clicked. No host name resolves, so nothing leaves the machine.
fn page_after_clicks(calls: &[(&str, Value)], click: bool) -> Html {
    let folder = tempfile::tempdir().unwrap();
    let base = format!("file://{}", folder.path().display());
    std::fs::write(folder.path().join(EMBED_SCRIPT), EMBED_SCRIPT_TEXT).unwrap();
    let mut body = String::new();
    for (name, arguments) in calls {
        let mut arguments = arguments.clone();
        arguments["site"] = json!({"title": "The Daily", "base_url": base, "language": "en"});
        body.push_str(&render(name, arguments).unwrap());
    }
    let clicks = if click {
        "<script>addEventListener('load', () => document.querySelectorAll('.embed-facade, .embed-load').forEach(e => e.click()));</script>"
    } else {
        ""
    };
    let page = folder.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<!doctype html><html><head><title>t</title></head><body>{body}{clicks}</body></html>"
        ),
    )
    .unwrap();
    let output = std::process::Command::new(chromium().unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            folder.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run Chromium");
    Html::parse_document(&String::from_utf8_lossy(&output.stdout))
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it"]
fn a_click_loads_the_player_or_the_post_and_nothing_loads_before() {
    assert!(chromium().is_some(), "this test needs Chromium");
    let calls = [
        (
            "youtube",
            json!({"id": "dQw4w9WgXcQ", "start": "1m30s", "title": "The speech", "nth": 1}),
        ),
        ("vimeo", json!({"id": "76979871", "nth": 1})),
        ("x", json!({"user": "newsroom", "id": "145311", "nth": 1})),
        (
            "bluesky",
            json!({"url": "https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b", "nth": 1}),
        ),
        (
            "mastodon",
            json!({"url": "https://mastodon.social/@newsroom/1111", "nth": 1}),
        ),
        ("instagram", json!({"id": "CxOWiQNP2MO", "nth": 1})),
        (
            "gist",
            json!({"user": "newsroom", "id": "0a1b2c", "file": "count.py", "nth": 1}),
        ),
    ];

    let before = page_after_clicks(&calls, false);
    assert!(select(&before, "iframe").is_empty(), "{}", before.html());
    for script in select(&before, "script[src]") {
        let src = script.value().attr("src").unwrap();
        assert!(src.starts_with("file://"), "{src} loaded before a click");
    }
    // The script shows the buttons that need it.
    assert!(select(&before, ".embed-actions[hidden]").is_empty());
    assert_eq!(select(&before, ".embed-actions > button").len(), 5);

    let after = page_after_clicks(&calls, true);
    let frames: Vec<String> = select(&after, "iframe[src]")
        .into_iter()
        .map(|frame| frame.value().attr("src").unwrap().to_string())
        .collect();
    assert_eq!(
        frames,
        [
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
            "https://mastodon.social/@newsroom/1111/embed",
        ]
    );
    assert_eq!(
        select(&after, "iframe.embed-frame")
            .iter()
            .map(|frame| frame.value().attr("title").unwrap())
            .collect::<Vec<_>>(),
        ["The speech", "Vimeo video"]
    );
    let scripts: Vec<String> = select(&after, "head script[src]")
        .into_iter()
        .map(|script| script.value().attr("src").unwrap().to_string())
        .collect();
    assert_eq!(
        scripts,
        [
            "https://platform.twitter.com/widgets.js",
            "https://embed.bsky.app/static/embed.js",
            "https://mastodon.social/embed.js",
            "https://www.instagram.com/embed.js",
        ]
    );
    let tweet = one(&after, "blockquote.post.twitter-tweet[data-dnt='true']");
    assert_eq!(
        Html::parse_fragment(&tweet.html())
            .select(&Selector::parse("a.post-link").unwrap())
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("https://twitter.com/newsroom/status/145311")
    );
    assert_eq!(
        one(&after, "blockquote.bluesky-embed")
            .value()
            .attr("data-bluesky-uri"),
        Some("at://newsroom.bsky.social/app.bsky.feed.post/3k4duaz5vfs2b")
    );
    assert_eq!(
        one(&after, "blockquote.instagram-media")
            .value()
            .attr("data-instgrm-permalink"),
        Some("https://www.instagram.com/p/CxOWiQNP2MO/")
    );
    let gist = one(&after, "iframe.embed-gist-frame");
    assert!(
        gist.value()
            .attr("srcdoc")
            .unwrap()
            .contains("<script src=\"https://gist.github.com/newsroom/0a1b2c.js?file=count.py\">"),
        "{}",
        gist.html()
    );
    // Each loaded embed's button is gone.
    assert!(select(&after, ".embed-actions").is_empty());
}
