//! Shortcodes and template tags in story bodies: newsroom's own calls, the forms migrated
//! from Hugo, Zola and Jekyll, links to other stories, and what is reported when a call
//! cannot be made.

mod common;

use common::{Fixture, attrs, texts};
use scraper::{Html, Selector};

const CONFIG: &str = "title = \"Shortcodes\"\nbase_url = \"https://example.org/news/\"\n";

/// A site shortcode that shows everything its template is given, as attributes of a block.
const BOX: &str = "<div class=\"box\" data-a=\"{{ a | default(value='') }}\" data-n=\"{{ n | default(value='') }}\" \
data-on=\"{{ on | default(value='') }}\" data-nth=\"{{ nth }}\" data-page=\"{{ page.title }}\" \
data-url=\"{{ page.url }}\" data-site=\"{{ site.title }}\" data-base=\"{{ site.base_url }}\" \
data-args=\"{{ args | join(sep=',') }}\">{% if body %}{{ body | safe }}{% endif %}</div>";

/// A site shortcode that renders inline.
const CHIP: &str = "<span class=\"chip\">{{ a }}</span>";

/// A probe standing in for a built-in: prints the arguments a built-in is called with.
fn probe(name: &str, keys: &[&str]) -> String {
    let attributes: String = keys
        .iter()
        .map(|key| format!(" data-{key}=\"{{{{ {key} | default(value='-') }}}}\""))
        .collect();
    format!(
        "<div class=\"probe-{name}\"{attributes}>{{% if body %}}{{{{ body | safe }}}}{{% endif %}}</div>"
    )
}

fn site() -> Fixture {
    let site = Fixture::new();
    site.write("newsroom.toml", CONFIG);
    site
}

fn story(site: &Fixture, name: &str, title: &str, body: &str) {
    site.article(name, &format!("title: {title}\ndate: 2023-10-29"), body);
}

/// The article body of the story built from `content/<stem>.md` on 2023-10-29.
fn body(site: &Fixture, slug: &str) -> Html {
    let page = site.page(&format!("/2023/10/29/{slug}/"));
    let selector = Selector::parse(".article-body").unwrap();
    let html = page
        .select(&selector)
        .next()
        .expect("an article body")
        .html();
    Html::parse_fragment(&html)
}

fn body_html(site: &Fixture, slug: &str) -> String {
    let page = site.page(&format!("/2023/10/29/{slug}/"));
    let selector = Selector::parse(".article-body").unwrap();
    page.select(&selector).next().unwrap().inner_html()
}

#[test]
fn newsroom_calls_render_inline_and_as_blocks_with_their_context() {
    let site = site();
    site.write("templates/shortcodes/box.html", BOX);
    site.write("templates/shortcodes/chip.html", CHIP);
    story(
        &site,
        "calls.md",
        "Calls",
        "Before {{ chip(a=\"inline\") }} after.\n\n{{ box(a=\"x\", n=3, on=true) }}\n\n{% box(a='with body') %}\nSome **bold** text and {{ chip(a=\"nested\") }}.\n{% end %}\n\nEnd.",
    );
    site.build_ok(&[]);
    let html = body(&site, "calls");
    assert_eq!(texts(&html, "p > span.chip"), ["inline", "nested"]);
    // Calls on a line of their own are blocks, not inside a paragraph.
    let boxes = ".article-body > div.box";
    assert_eq!(attrs(&html, boxes, "data-a"), ["x", "with body"]);
    assert_eq!(attrs(&html, boxes, "data-n"), ["3", ""]);
    assert_eq!(attrs(&html, boxes, "data-on"), ["true", ""]);
    assert_eq!(attrs(&html, boxes, "data-nth"), ["1", "2"]);
    assert_eq!(attrs(&html, boxes, "data-page"), ["Calls", "Calls"]);
    assert_eq!(
        attrs(&html, boxes, "data-url")[0],
        "https://example.org/news/2023/10/29/calls/"
    );
    assert_eq!(attrs(&html, boxes, "data-site")[0], "Shortcodes");
    assert_eq!(
        attrs(&html, boxes, "data-base")[0],
        "https://example.org/news"
    );
    // The body is Markdown, rendered, with the calls inside it made too.
    assert_eq!(texts(&html, "div.box p strong"), ["bold"]);
    assert_eq!(
        texts(&html, ".article-body > p"),
        ["Before inline after.", "End."]
    );
    // Summaries on list pages share the rendered body.
    let home = site.page("/");
    assert!(
        texts(&home, "p")
            .iter()
            .any(|text| text == "Before inline after."),
        "{:?}",
        texts(&home, "p")
    );
}

#[test]
fn built_in_shortcodes_are_overridden_by_the_sites_files_and_called_in_every_syntax() {
    let site = site();
    site.write(
        "templates/shortcodes/youtube.html",
        probe("youtube", &["id", "start"]),
    );
    site.write(
        "templates/shortcodes/figure.html",
        probe(
            "figure",
            &[
                "src",
                "alt",
                "caption",
                "credit",
                "credit_link",
                "link",
                "title",
            ],
        ),
    );
    site.write(
        "templates/shortcodes/gist.html",
        probe("gist", &["user", "id", "file"]),
    );
    site.write("templates/shortcodes/x.html", probe("x", &["user", "id"]));
    site.write("templates/shortcodes/vimeo.html", probe("vimeo", &["id"]));
    site.write(
        "templates/shortcodes/instagram.html",
        probe("instagram", &["id"]),
    );
    story(
        &site,
        "forms.md",
        "Forms",
        "{{ youtube(id=\"zola\", start=30) }}\n\n\
{{< youtube hugo-positional >}}\n\n\
{{< youtube id=\"hugo-named\" >}}\n\n\
{{% youtube hugo-markdown %}}\n\n\
{% include youtube.html id=\"jekyll\" %}\n\n\
{{<youtube nospace>}}\n\n\
{{< figure src=\"/a.jpg\" alt=\"A\" caption=\"Cap\" attr=\"AP\" attrlink=\"https://ap.org\" link=\"/big.jpg\" title=\"T\" >}}\n\n\
{% include figure.html src=\"/b.jpg\" caption='Jekyll' %}\n\n\
{{< figure src= \"/c.jpg\" alt= \"Spaced\" >}}\n\n\
{{< gist spf13 7896402 \"img.html\" >}}\n\n\
{{< tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n\n\
{{< x user=\"nasa\" id=\"42\" >}}\n\n\
{{< vimeo 55073825 >}}\n\n\
{{< instagram BWNjjyYFxVx >}}",
    );
    site.build_ok(&[]);
    let html = body(&site, "forms");
    assert_eq!(
        attrs(&html, ".probe-youtube", "data-id"),
        [
            "zola",
            "hugo-positional",
            "hugo-named",
            "hugo-markdown",
            "jekyll",
            "nospace"
        ]
    );
    assert_eq!(
        attrs(&html, ".probe-youtube", "data-start"),
        ["30", "-", "-", "-", "-", "-"]
    );
    let figure = |key: &str| attrs(&html, ".probe-figure", &format!("data-{key}"));
    // The third is written `src= "/c.jpg"`, with a space after `=`, as Hugo accepts.
    assert_eq!(figure("src"), ["/a.jpg", "/b.jpg", "/c.jpg"]);
    assert_eq!(figure("alt"), ["A", "-", "Spaced"]);
    assert_eq!(figure("caption"), ["Cap", "Jekyll", "-"]);
    assert_eq!(figure("credit"), ["AP", "-", "-"]);
    assert_eq!(figure("credit_link"), ["https://ap.org", "-", "-"]);
    assert_eq!(figure("link"), ["/big.jpg", "-", "-"]);
    assert_eq!(figure("title"), ["T", "-", "-"]);
    assert_eq!(attrs(&html, ".probe-gist", "data-user"), ["spf13"]);
    assert_eq!(attrs(&html, ".probe-gist", "data-id"), ["7896402"]);
    assert_eq!(attrs(&html, ".probe-gist", "data-file"), ["img.html"]);
    assert_eq!(
        attrs(&html, ".probe-x", "data-user"),
        ["SanDiegoZoo", "nasa"]
    );
    assert_eq!(
        attrs(&html, ".probe-x", "data-id"),
        ["1453110110599868418", "42"]
    );
    assert_eq!(attrs(&html, ".probe-vimeo", "data-id"), ["55073825"]);
    assert_eq!(attrs(&html, ".probe-instagram", "data-id"), ["BWNjjyYFxVx"]);
    // Every call was made: nothing of them is left in the text.
    let text = texts(&html, ".article-body").concat();
    assert!(!text.contains('{'), "{text}");
}

#[test]
fn the_built_in_shortcodes_render_without_overrides() {
    let site = site();
    story(
        &site,
        "plain.md",
        "Plain",
        "{{ youtube(id=\"abc\") }}\n\n{% pullquote(by=\"A\") %}Quoted.{% end %}\n\n{{< figure src=\"/a.jpg\" >}}\n\nThe first words.",
    );
    let output = site.build(&[]);
    assert!(output.status.success());
    let html = body_html(&site, "plain");
    assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
    assert!(html.contains("Quoted."), "{html}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("warning"));
    // A block shortcode is no paragraph: the summary is the first paragraph of text.
    let home = site.page("/");
    assert!(texts(&home, "p").contains(&"The first words.".to_string()));
    assert!(
        !texts(&home, "p")
            .iter()
            .any(|text| text.contains("Quoted."))
    );
}

#[test]
fn hugo_bodies_escapes_and_highlight() {
    let site = site();
    site.write("templates/shortcodes/note.html", BOX);
    story(
        &site,
        "hugo.md",
        "Hugo",
        "{{% note %}}\nA **Markdown** body.\n{{% /note %}}\n\n\
{{< note >}}Plain *body*{{< /note >}}\n\n\
Shown: {{</* note a=\"b\" */>}} and {{%/* note */%}}.\n\n\
{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}",
    );
    site.build_ok(&[]);
    let html = body(&site, "hugo");
    assert_eq!(texts(&html, "div.box strong"), ["Markdown"]);
    assert_eq!(texts(&html, "div.box em"), ["body"]);
    assert_eq!(
        texts(&html, ".article-body > p"),
        ["Shown: {{< note a=\"b\" >}} and {{% note %}}."]
    );
    assert_eq!(texts(&html, "pre code"), ["func main() {}"]);
    assert!(
        attrs(&html, "pre code", "class")
            .iter()
            .any(|class| class.contains("go")),
        "{}",
        body_html(&site, "hugo")
    );
}

#[test]
fn hugo_ref_and_relref_resolve_to_the_storys_url() {
    let site = site();
    story(&site, "posts/other.md", "Other", "## Part two\n\nText.");
    story(&site, "posts/bundle/index.md", "Bundled", "Text.");
    story(
        &site,
        "posts/refs.md",
        "Refs",
        "[a]({{< ref \"posts/other.md\" >}}) [b]({{< relref \"other\" >}}) \
[c]({{< ref \"/posts/other.md#part-two\" >}}) [d]({{< ref \"bundle\" >}}) \
[e]({{% relref \"other.md\" %}}) [f]({{< ref \"#here\" >}})",
    );
    site.build_ok(&[]);
    let other = "https://example.org/news/2023/10/29/other/";
    assert_eq!(
        attrs(&body(&site, "refs"), "a", "href"),
        [
            other.to_string(),
            other.to_string(),
            format!("{other}#part-two"),
            "https://example.org/news/2023/10/29/bundle/".to_string(),
            other.to_string(),
            "https://example.org/news/2023/10/29/refs/#here".to_string(),
        ]
    );
}

#[test]
fn jekyll_tags_and_variables_resolve() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Blog\"\nbase_url = \"https://example.org/blog/\"\npermalink = \"/:year/:month/:day/:slug/\"\n",
    );
    site.write(
        "templates/shortcodes/youtube.html",
        probe("youtube", &["id"]),
    );
    site.write(
        "_posts/2020-01-01-first.md",
        "---\ntitle: First\n---\nFirst post.\n",
    );
    site.write(
        "_posts/2020-02-01-tags.md",
        "---\ntitle: Tags\n---\n\
![logo]({{ site.baseurl }}/images/x.png) [home]({{ site.url }}{{ site.baseurl }}/)\n\n\
[one]({% link _posts/2020-01-01-first.md %}) [two]({% post_url 2020-01-01-first %}) \
[three]({{ '/about/' | relative_url }})\n\n\
{% raw %}Liquid: {{ page.title }} {% if x %}{% endraw %}\n\n\
```liquid\n{% raw %}{{ site.title }}{% endraw %}\n```\n\n\
{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n\
{% include youtube.html id=\"jk\" %}\n",
    );
    site.build_ok(&[]);
    let page = site.page("/2020/02/01/tags/");
    let selector = Selector::parse(".article-body").unwrap();
    let html = Html::parse_fragment(&page.select(&selector).next().unwrap().html());
    assert_eq!(attrs(&html, "img", "src"), ["/blog/images/x.png"]);
    let first = "https://example.org/blog/2020/01/01/first/";
    assert_eq!(
        attrs(&html, "a", "href"),
        ["https://example.org/blog/", first, first, "/blog/about/"]
    );
    let paragraphs = texts(&html, "p");
    assert!(
        paragraphs.contains(&"Liquid: {{ page.title }} {% if x %}".to_string()),
        "{paragraphs:?}"
    );
    assert_eq!(texts(&html, "pre code"), ["{{ site.title }}", "puts 1"]);
    assert_eq!(attrs(&html, ".probe-youtube", "data-id"), ["jk"]);
}

#[test]
fn calls_in_code_stay_literal() {
    let site = site();
    site.write("templates/shortcodes/box.html", BOX);
    story(
        &site,
        "code.md",
        "Code",
        "```\n{{< youtube abc >}}\n{{ box(a=\"x\") }}\n{% box() %}y{% end %}\n```\n\n    {{ box(a=\"indented\") }}\n\nInline `{{< ref \"nowhere\" >}}` and `{% post_url nowhere %}` and `{{ story(file=\"nowhere.md\") }}`.",
    );
    let output = site.build(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = body(&site, "code");
    assert_eq!(
        texts(&html, "pre code"),
        [
            "{{< youtube abc >}} {{ box(a=\"x\") }} {% box() %}y{% end %}",
            "{{ box(a=\"indented\") }}"
        ]
    );
    assert_eq!(
        texts(&html, "p code"),
        [
            "{{< ref \"nowhere\" >}}",
            "{% post_url nowhere %}",
            "{{ story(file=\"nowhere.md\") }}"
        ]
    );
    assert!(texts(&html, "div.box").is_empty());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("warning"));
}

#[test]
fn an_unknown_shortcode_is_reported_once_with_its_first_place_and_left_visible() {
    let site = site();
    story(
        &site,
        "a.md",
        "A",
        "One {{< note \"x\" >}} here.\n\nTwo {{< note >}}.",
    );
    story(
        &site,
        "b.md",
        "B",
        "Three {{ note(a=1) }}.\n\n{% if page %}x{% endif %}",
    );
    let output = site.build(&[]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/a.md:5: the shortcode \"note\" is not one newsroom has, so it is shown as text (and 2 more times, in 1 other file); add templates/shortcodes/note.html to render it, or remove the call",
            "warning: content/b.md:7: the Liquid tag `{% if %}` is not one newsroom runs, so it is shown as text; remove it, or replace it with a shortcode",
        ]
    );
    assert_eq!(
        texts(&body(&site, "a"), "p"),
        ["One {{< note \"x\" >}} here.", "Two {{< note >}}."]
    );
    assert_eq!(
        texts(&body(&site, "b"), "p"),
        ["Three {{ note(a=1) }}.", "{% if page %}x{% endif %}"]
    );
}

/// A call left as text inside a link's or image's URL is written into the URL as its text,
/// encoded as the rest of the URL is; none of the marks newsroom holds its place with reach
/// the page.
#[test]
fn a_call_left_visible_in_a_url_is_written_as_its_text() {
    let site = site();
    site.write(
        "_posts/2023-10-29-repo.md",
        "---\ntitle: Repo\n---\n[the source]({{ site.repository }}/blob/main/README.md) and \
![chart]({{< chart >}}.png \"{{< note >}}\")\n",
    );
    let output = site.build(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("`{{ site.repository }}`"), "{stderr}");
    let page = std::fs::read_to_string(site.public().join("2023/10/29/repo/index.html")).unwrap();
    let marks: Vec<char> = page
        .chars()
        .filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    assert!(marks.is_empty(), "private-use marks in the page: {marks:?}");
    assert!(!page.contains("%EE%80"), "encoded marks in the page");
    let html = body(&site, "repo");
    assert_eq!(
        attrs(&html, "a", "href"),
        ["%7B%7B%20site.repository%20%7D%7D/blob/main/README.md"]
    );
    assert_eq!(
        attrs(&html, "img", "src"),
        ["%7B%7B%3C%20chart%20%3E%7D%7D.png"]
    );
    assert_eq!(attrs(&html, "img", "title"), ["{{< note >}}"]);
}

/// Placeholders are numbered in hexadecimal; the seventeenth has two digits. A Liquid tag's
/// `%` is written as `%25`, not read as an escape.
#[test]
fn a_two_digit_placeholder_and_a_liquid_tag_in_a_url_are_written_as_text() {
    let site = site();
    let notes = "{{< note >}} ".repeat(16);
    story(
        &site,
        "many.md",
        "Many",
        &format!("{notes}\n\n[late]({{{{< note >}}}}/x) [tag]({{% if x %}}/y)"),
    );
    let output = site.build(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(site.public().join("2023/10/29/many/index.html")).unwrap();
    assert!(!page.contains("%EE%80"), "encoded marks in the page");
    assert!(!page.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)));
    assert_eq!(
        attrs(&body(&site, "many"), "a", "href"),
        [
            "%7B%7B%3C%20note%20%3E%7D%7D/x",
            "%7B%25%20if%20x%20%25%7D/y"
        ]
    );
}

#[test]
fn the_story_shortcode_links_to_a_story_by_its_file() {
    let site = site();
    story(&site, "2023/10/target.md", "The target story", "Text.");
    story(
        &site,
        "linking.md",
        "Linking",
        "See {{ story(file=\"2023/10/target.md\") }} and {{ story(file=\"2023/10/target.md\", text=\"this one\") }}.",
    );
    site.build_ok(&[]);
    let html = body(&site, "linking");
    assert_eq!(
        attrs(&html, "a", "href"),
        [
            "https://example.org/news/2023/10/29/target/",
            "https://example.org/news/2023/10/29/target/"
        ]
    );
    assert_eq!(texts(&html, "a"), ["The target story", "this one"]);
}

/// Builds the site, then breaks it by writing `text` to `path`: the build fails with
/// `message` and the output is left as it was. The file is put back as it was after.
fn fails_leaving_the_output(site: &Fixture, path: &str, text: &str, message: &str) {
    site.build_ok(&[]);
    let before = site.snapshot();
    let good = std::fs::read(site.root().join(path)).unwrap();
    site.write(path, text);
    let stderr = site.build_err(&[]);
    assert!(
        stderr.lines().any(|line| line.trim() == message),
        "expected {message}\nin\n{stderr}"
    );
    assert_eq!(site.snapshot(), before, "the output changed");
    site.write(path, good);
}

#[test]
fn a_link_to_a_missing_or_unpublished_story_fails_the_build() {
    let site = site();
    story(&site, "2023/10/target.md", "Target", "Text.");
    site.article(
        "draft.md",
        "title: Draft\ndate: 2023-10-29\ndraft: true",
        "x",
    );
    story(&site, "linking.md", "Linking", "Fine.");
    fails_leaving_the_output(
        &site,
        "content/linking.md",
        "---\ntitle: Linking\ndate: 2023-10-29\n---\nSee\n{{ story(file=\"2023/10/targte.md\") }}\n",
        "content/linking.md:6: story(file=\"2023/10/targte.md\") links to content/2023/10/targte.md, which is not a story of this site (did you mean content/2023/10/target.md?); write the story's file under content/, such as file=\"2023/10/29/story.md\"",
    );
    fails_leaving_the_output(
        &site,
        "content/linking.md",
        "---\ntitle: Linking\ndate: 2023-10-29\n---\n{{ story(file=\"draft.md\") }}\n",
        "content/linking.md:5: story(file=\"draft.md\") links to content/draft.md, which is a draft, and drafts are not built; publish it (remove `draft: true`), build with --drafts, or remove the link",
    );
    // With drafts built, the link is fine.
    site.write(
        "content/linking.md",
        "---\ntitle: Linking\ndate: 2023-10-29\n---\n{{ story(file=\"draft.md\") }}\n",
    );
    site.build_ok(&["--drafts"]);
    story(&site, "linking.md", "Linking", "Fine.");
    fails_leaving_the_output(
        &site,
        "content/linking.md",
        "---\ntitle: Linking\ndate: 2023-10-29\n---\n[x]({{< ref \"gone.md\" >}})\n",
        "content/linking.md:5: {{< ref \"gone.md\" >}} links to content/gone.md, which is not a story of this site; write the story's path under content/ or its file name, such as {{< ref \"posts/title.md\" >}}",
    );
}

#[test]
fn a_post_url_or_link_to_a_missing_post_fails_the_build() {
    let site = Fixture::new();
    site.write("newsroom.toml", CONFIG);
    site.write(
        "_posts/2020-01-01-first.md",
        "---\ntitle: First\n---\nText.\n",
    );
    site.write(
        "_posts/2020-02-01-second.md",
        "---\ntitle: Second\n---\nFine.\n",
    );
    fails_leaving_the_output(
        &site,
        "_posts/2020-02-01-second.md",
        "---\ntitle: Second\n---\nText\n\n[x]({% post_url 2020-01-02-first %})\n",
        "_posts/2020-02-01-second.md:6: {% post_url 2020-01-02-first %} links to _posts/2020-01-02-first.md, which is not a story of this site (did you mean _posts/2020-01-01-first.md?); write the post's file name without its extension, such as {% post_url 2020-01-01-title %}",
    );
    fails_leaving_the_output(
        &site,
        "_posts/2020-02-01-second.md",
        "---\ntitle: Second\n---\n[x]({% link _posts/first.md %})\n",
        "_posts/2020-02-01-second.md:4: {% link _posts/first.md %} links to _posts/first.md, which is not a story of this site; write the post's path in the site folder, such as {% link _posts/2020-01-01-title.md %}",
    );
}

#[test]
fn a_shortcode_that_throws_names_the_storys_line() {
    let site = site();
    site.write(
        "templates/shortcodes/youtube.html",
        "{% if not id %}{{ throw(message=\"youtube needs id=\\\"…\\\" (the video's id)\") }}{% endif %}<p>{{ id }}</p>",
    );
    story(&site, "fine.md", "Fine", "Fine.");
    fails_leaving_the_output(
        &site,
        "content/fine.md",
        "---\ntitle: Fine\ndate: 2023-10-29\n---\nText.\n\n{{< youtube >}}\n",
        "content/fine.md:7: youtube needs id=\"…\" (the video's id) (templates/shortcodes/youtube.html)",
    );
}
