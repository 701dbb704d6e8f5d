//! Sites whose stories call every built-in shortcode, in newsroom's syntax and in Hugo's,
//! built with the real binary: the markup each call becomes, escaping, no request to another
//! site before the reader asks, and the message a call without a required argument gives.

mod common;

use common::{Fixture, attrs, texts};
use scraper::{Html, Selector};

const CONFIG: &str = "title = \"The Daily\"\nbase_url = \"https://example.org/news/\"\n";

/// Every built-in but `story`, in newsroom's syntax, one call a paragraph, with a hostile
/// post text.
const EVERY_EMBED: &str = r#"The storm came in overnight.

{{ figure(src="/harbour.svg", alt="Boats in the harbour", caption="Morning at the quay.", credit="Ana Ruiz", credit_link="https://example.org/ana", link="/harbour.svg") }}

{{ youtube(id="dQw4w9WgXcQ", start=30, title="The mayor's speech") }}

{{ vimeo(id="76979871", title="Flood footage") }}

{{ x(user="newsroom", id="1453110110599868418", text="<script>alert(1)</script> Polls close at 8.", date="29 October 2023") }}

{% bluesky(url="https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b", user="The Daily") %}The bridge is **open** again.{% end %}

{{ mastodon(url="https://mastodon.social/@newsroom/111111111111111111", text="Ferries run again from 6.", user="@newsroom@mastodon.social") }}

{{ instagram(id="CxOWiQNP2MO", text="The quay at dawn.", user="newsroom") }}

{{ gist(user="newsroom", id="0a1b2c3d", file="count.py") }}

{{ audio(src="/interview.mp3", title="The interview", caption="Recorded on Monday.", credit="Radio Sur") }}

{{ video(src="/harbour.mp4", poster="/harbour.svg", caption="The quay at high tide.", credit="Staff") }}

{% pullquote(by="The harbour master") %}We were ready for the water.{% end %}

{% factbox(title="The flood in numbers") %}
- 3 m of water at the quay
- 1,200 homes without power
{% end %}

{{ twitter(user="newsroom", id="1453110110599868419", text="A second post.") }}

The end."#;

/// The same kinds of call as Hugo writes them.
const HUGO_FORMS: &str = r#"Hugo's forms.

{{< youtube dQw4w9WgXcQ >}}

{{< youtube id="abcdefghijk" start="90" title="The vote" >}}

{{< figure src="/harbour.svg" alt="The harbour" caption="At the quay." attr="Ana Ruiz" attrlink="https://example.org/ana" >}}

{{< x user="SanDiegoZoo" id="1453110110599868418" >}}

{{< tweet 1453110110599868420 >}}

{{< vimeo 76979871 >}}

{{< gist newsroom 0a1b2c3d count.py >}}

{{< instagram CxOWiQNP2MO >}}"#;

fn site_with(stories: &[(&str, &str)]) -> Fixture {
    let site = Fixture::new();
    site.write("newsroom.toml", CONFIG);
    site.write(
        "static/harbour.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"9\"/>",
    );
    for (index, (name, body)) in stories.iter().enumerate() {
        site.article(
            name,
            &format!(
                "title: Story {index}\ndate: 2023-10-{:02}T09:30:00Z",
                20 + index
            ),
            body,
        );
    }
    site
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

/// The article body of a built page.
fn body_of(page: &Html) -> scraper::ElementRef<'_> {
    select(page, ".article-body")
        .into_iter()
        .next()
        .expect("an article body")
}

#[test]
fn every_built_in_renders_in_a_built_story() {
    let site = site_with(&[("storm.md", EVERY_EMBED)]);
    site.build_ok(&[]);
    let page = site.page("/2023/10/20/storm/");
    let body = Html::parse_fragment(&body_of(&page).html());

    // figure: the contract's markup.
    assert_eq!(
        attrs(&body, "figure.figure > a[href='/harbour.svg'] > img", "alt"),
        ["Boats in the harbour"]
    );
    assert_eq!(
        texts(&body, "figure.figure > figcaption"),
        [
            "Morning at the quay. Ana Ruiz",
            "Recorded on Monday. Radio Sur",
            "The quay at high tide. Staff"
        ]
    );
    assert_eq!(
        attrs(&body, "figcaption > .credit > a", "href"),
        ["https://example.org/ana"]
    );
    // Videos: links to the platform, played by the script.
    assert_eq!(
        attrs(&body, "a.embed-facade", "href"),
        [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30",
            "https://vimeo.com/76979871"
        ]
    );
    assert_eq!(
        texts(&body, "a.embed-facade .embed-title"),
        [
            "Play video: The mayor's speech",
            "Play video: Flood footage"
        ]
    );
    // Posts: quotations linking to the post, the body's Markdown rendered.
    assert_eq!(
        attrs(&body, "blockquote.post", "cite"),
        [
            "https://x.com/newsroom/status/1453110110599868418",
            "https://bsky.app/profile/newsroom.bsky.social/post/3k4duaz5vfs2b",
            "https://mastodon.social/@newsroom/111111111111111111",
            "https://www.instagram.com/p/CxOWiQNP2MO/",
            "https://x.com/newsroom/status/1453110110599868419",
        ]
    );
    assert_eq!(texts(&body, ".embed-bluesky blockquote strong"), ["open"]);
    assert_eq!(
        texts(&body, "button.embed-load"),
        [
            "Load the post from X",
            "Load the post from Bluesky",
            "Load the post from mastodon.social",
            "Load the post from Instagram",
            "Load the code from GitHub",
            "Load the post from X",
        ]
    );
    assert_eq!(
        attrs(&body, ".gist-link > a", "href"),
        ["https://gist.github.com/newsroom/0a1b2c3d#file-count-py"]
    );
    assert_eq!(
        attrs(&body, "figure.figure-audio > audio[controls]", "preload"),
        ["none"]
    );
    assert_eq!(
        attrs(&body, "figure.figure-video > video[controls]", "poster"),
        ["/harbour.svg"]
    );
    assert_eq!(
        texts(&body, "aside.pullquote > blockquote"),
        ["We were ready for the water."]
    );
    assert_eq!(texts(&body, ".pullquote-by"), ["— The harbour master"]);
    assert_eq!(
        texts(&body, "aside.factbox > h2.factbox-title"),
        ["The flood in numbers"]
    );
    assert_eq!(texts(&body, "aside.factbox li").len(), 2);
    // Block calls are not wrapped in paragraphs.
    assert!(select(&body, "p > figure, p > div, p > aside").is_empty());

    // The script is linked once per kind of embed, under the base path, and written.
    let scripts = attrs(&page, "script[src]", "src");
    assert!(!scripts.is_empty());
    assert!(
        scripts
            .iter()
            .all(|src| src == "https://example.org/news/embeds.js"),
        "{scripts:?}"
    );
    let script = std::fs::read_to_string(site.public().join("embeds.js")).unwrap();
    assert!(script.contains("https://www.youtube-nocookie.com/embed/"));
}

#[test]
fn a_hostile_post_text_is_escaped() {
    let site = site_with(&[("storm.md", EVERY_EMBED)]);
    site.build_ok(&[]);
    let page = site.page("/2023/10/20/storm/");
    // The text is shown as written, and is no element.
    assert_eq!(
        texts(&page, ".embed-x blockquote > p")[0],
        "<script>alert(1)</script> Polls close at 8."
    );
    for script in select(&page, "script") {
        let src = script.value().attr("src").unwrap_or_default();
        let text: String = script.text().collect();
        assert!(!text.contains("alert"), "a script ran from a post's text");
        assert!(
            src.is_empty() || src.starts_with("https://example.org/"),
            "{src}"
        );
    }
}

#[test]
fn nothing_in_a_built_page_asks_another_site_before_a_click() {
    let site = site_with(&[("storm.md", EVERY_EMBED), ("hugo.md", HUGO_FORMS)]);
    site.build_ok(&[]);
    for url in ["/2023/10/20/storm/", "/2023/10/21/hugo/", "/"] {
        let page = site.page(url);
        assert!(
            select(&page, "iframe, embed, object").is_empty(),
            "{url} has a frame before a click"
        );
        for element in select(&page, "[src], [poster], [srcset], link[href]") {
            for name in ["src", "poster", "srcset"] {
                if let Some(value) = element.value().attr(name) {
                    assert!(
                        value.starts_with('/') || value.starts_with("https://example.org/"),
                        "{url}: {name}=\"{value}\" asks another site"
                    );
                }
            }
            if element.value().name() == "link" {
                let href = element.value().attr("href").unwrap();
                assert!(
                    href.starts_with('/') || href.starts_with("https://example.org/"),
                    "{url}: <link href=\"{href}\"> asks another site"
                );
            }
        }
    }
}

#[test]
fn hugo_calls_render_the_same_built_ins() {
    let site = site_with(&[("hugo.md", HUGO_FORMS)]);
    site.build_ok(&[]);
    let page = site.page("/2023/10/20/hugo/");
    let body = Html::parse_fragment(&body_of(&page).html());
    assert_eq!(
        attrs(&body, "a.embed-facade", "data-id"),
        ["dQw4w9WgXcQ", "abcdefghijk", "76979871"]
    );
    assert_eq!(
        attrs(&body, ".embed-youtube a.embed-facade", "href"),
        [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=abcdefghijk&t=90"
        ]
    );
    assert_eq!(
        texts(&body, ".embed-youtube .embed-title"),
        ["Play video: YouTube video", "Play video: The vote"]
    );
    // Hugo's attr and attrlink are the credit and its link.
    assert_eq!(attrs(&body, "figure.figure > img", "src"), ["/harbour.svg"]);
    assert_eq!(
        texts(&body, "figure.figure > figcaption"),
        ["At the quay. Ana Ruiz"]
    );
    assert_eq!(
        attrs(&body, "figcaption .credit a", "href"),
        ["https://example.org/ana"]
    );
    // A post by its id alone links through x.com/i/, and names no author.
    assert_eq!(
        attrs(&body, "blockquote.post", "cite"),
        [
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
            "https://x.com/i/status/1453110110599868420",
            "https://www.instagram.com/p/CxOWiQNP2MO/",
        ]
    );
    assert_eq!(texts(&body, ".embed-x .post-author"), ["@SanDiegoZoo"]);
    assert_eq!(
        attrs(&body, ".gist-link > a", "href"),
        ["https://gist.github.com/newsroom/0a1b2c3d#file-count-py"]
    );
}

#[test]
fn a_call_without_a_required_argument_names_the_file_line_and_fix() {
    let site = site_with(&[("good.md", "Fine.")]);
    site.build_ok(&[]);
    let before = site.snapshot();
    let cases = [
        (
            "Intro.\n\n{{ youtube(title=\"The speech\") }}\n",
            "content/bad.md:7: youtube needs id=\"…\" (the video's id, such as id=\"dQw4w9WgXcQ\")",
        ),
        (
            "{{< x user=\"newsroom\" >}}\n",
            "content/bad.md:5: x needs id=\"…\" (the number at the end of the post's address)",
        ),
        (
            "Text.\n{{ figure(alt=\"No image\") }}\n",
            "content/bad.md:6: figure needs src=\"…\" (the image: a file beside the story, or /images/… under static/)",
        ),
        (
            "{{ bluesky(url=\"javascript:alert(1)\") }}\n",
            "content/bad.md:5: bluesky's url must be the post's https:// address, such as url=\"https://bsky.app/profile/name.bsky.social/post/3k…\"",
        ),
        (
            "{% pullquote(by=\"Someone\") %}{% end %}\n",
            "content/bad.md:5: pullquote needs the quotation as its body: {% pullquote(by=\"…\") %}The words{% end %}",
        ),
    ];
    for (body, message) in cases {
        site.article("bad.md", "title: Bad\ndate: 2023-10-30", body);
        let stderr = site.build_err(&[]);
        let first = stderr
            .lines()
            .find(|line| line.contains("content/bad.md"))
            .unwrap_or_else(|| panic!("no message names the file: {stderr}"));
        assert!(
            first.contains(message),
            "expected {message}\n     got {first}\n{stderr}"
        );
        assert_eq!(site.snapshot(), before, "the last build's output changed");
    }
}

#[test]
#[ignore = "needs Java and vnu-jar; .ci/run installs them"]
fn pages_with_every_embed_are_valid_html() {
    let jar = std::env::var_os("VNU_JAR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/test-tools/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    assert!(
        jar.is_file(),
        "{} is missing; bash .ci/run installs it",
        jar.display()
    );
    let site = site_with(&[("storm.md", EVERY_EMBED), ("hugo.md", HUGO_FORMS)]);
    site.build_ok(&[]);
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--exit-zero-always"])
        .arg(site.public().join("2023/10/20/storm/index.html"))
        .arg(site.public().join("2023/10/21/hugo/index.html"))
        .output()
        .expect("run java (install a Java runtime, such as Debian's default-jre-headless)");
    // The checker writes what it finds to standard error, and nothing when all is valid.
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn only_pages_with_an_embed_load_the_script_which_a_site_may_replace() {
    let site = site_with(&[("storm.md", "{{ vimeo(id=\"76979871\") }}")]);
    site.write("static/embeds.js", "/* the site's own */");
    site.article(
        "plain.md",
        "title: Plain\ndate: 2023-10-25",
        "No embed here.",
    );
    site.build_ok(&[]);
    assert_eq!(
        std::fs::read_to_string(site.public().join("embeds.js")).unwrap(),
        "/* the site's own */"
    );
    // A page without an embed does not load the script.
    assert!(attrs(&site.page("/2023/10/25/plain/"), "script[src]", "src").is_empty());
    assert_eq!(
        attrs(&site.page("/2023/10/20/storm/"), "script[src]", "src"),
        ["https://example.org/news/embeds.js"]
    );
}
