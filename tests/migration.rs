//! Sites made for Jekyll, Hugo and Zola build as they are, without editing a file.

mod common;

use common::{Fixture, attrs, texts};

/// An article template that prints what a migration must get right, independent of the theme.
const PROBE: &str = "<h1>{{ article.title }}</h1>\
<p id=date>{{ article.date }}</p>\
<p id=updated>{% if article.updated %}{{ article.updated }}{% endif %}</p>\
<p id=section>{% if article.section %}{{ article.section.name }}{% endif %}</p>\
<p id=tags>{% for t in article.tags %}{{ t.name }};{% endfor %}</p>\
<p id=authors>{% for a in article.authors %}{{ a.name }};{% endfor %}</p>\
<p id=summary>{{ article.summary_text }}</p>\
<p id=categories>{% if article.extra.categories %}{{ article.extra.categories | join(sep=\";\") }}{% endif %}</p>\
<p id=layout>{% if article.extra.layout %}{{ article.extra.layout }}{% endif %}</p>\
<p id=lead>{% if article.extra.lead %}{{ article.extra.lead }}{% endif %}</p>\
<div id=body>{{ article.content | safe }}</div>";

fn probe(site: &Fixture, path: &str, id: &str) -> String {
    texts(&site.page(path), &format!("#{id}")).concat()
}

#[test]
fn a_jekyll_site_builds_as_it_is() {
    let site = Fixture::new();
    site.write("_config.yml", "title: My old blog\npermalink: date\n");
    site.write("templates/article.html", PROBE);
    site.write(
        "_posts/2019-05-03-border-talks.md",
        "---\nlayout: post\ntitle: \"Border talks resume\"\ndate: 2019-05-03 10:00:00 +0200\ncategories: world politics\ntags: [pakistan, taliban]\nexcerpt: \"Talks resumed on Friday.\"\nauthor: Amina Khan\n---\nThe talks {% include note.html %} resumed.\n",
    );
    // Late in the evening west of UTC is the next day in UTC, the site's time zone.
    site.write(
        "_posts/2019-05-04-late-night.markdown",
        "---\ndate: 2019-05-04 23:30:00 -0500\ntags: economy trade\n---\nNo title: Jekyll takes it from the file name.\n",
    );
    site.write(
        "news/_posts/2019-06-01-custom.md",
        "---\ntitle: Custom address\ncategories: [local]\npermalink: /:categories/:year/:title/\n---\nBody.\n",
    );
    site.write(
        "_posts/2019-07-01-hidden.md",
        "---\ntitle: Not yet\npublished: false\n---\nHidden.\n",
    );
    site.write(
        "_drafts/unfinished.md",
        "---\ntitle: Unfinished\n---\nDraft.\n",
    );
    let output = site.build(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: _posts/2019-05-03-border-talks.md:10: `{% include note.html %}` names no shortcode, so it is shown as text; add templates/shortcodes/note.html to render it, or remove the tag"),
        "{stderr}"
    );

    let talks = "/2019/05/03/border-talks/";
    assert_eq!(probe(&site, talks, "date"), "2019-05-03T08:00:00+00:00");
    assert_eq!(probe(&site, talks, "section"), "world");
    assert_eq!(probe(&site, talks, "categories"), "world;politics");
    assert_eq!(probe(&site, talks, "tags"), "pakistan;taliban;");
    assert_eq!(probe(&site, talks, "summary"), "Talks resumed on Friday.");
    assert_eq!(probe(&site, talks, "layout"), "post");
    assert_eq!(probe(&site, talks, "authors"), "Amina Khan;");
    assert_eq!(
        probe(&site, talks, "body"),
        "The talks {% include note.html %} resumed."
    );

    let late = "/2019/05/05/late-night/";
    assert_eq!(probe(&site, late, "date"), "2019-05-05T04:30:00+00:00");
    assert_eq!(texts(&site.page(late), "h1"), ["Late Night"]);
    assert_eq!(probe(&site, late, "tags"), "economy;trade;");

    assert_eq!(
        texts(&site.page("/news/local/2019/custom/"), "h1"),
        ["Custom address"]
    );
    assert!(site.public().join("world/index.html").exists());
    assert!(!site.public().join("2019/07/01/hidden").exists());
    assert!(
        texts(&site.page("/"), ".story-card .headline a")
            .iter()
            .all(|t| t != "Unfinished")
    );

    site.build_ok(&["--drafts"]);
    assert!(site.public().join("2019/07/01/hidden/index.html").exists());
    assert!(texts(&site.page("/"), ".story-card .headline a").contains(&"Unfinished".to_string()));
}

#[test]
fn a_hugo_site_builds_as_it_is() {
    let site = Fixture::new();
    site.write(
        "config.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"Hugo site\"\n",
    );
    // The one file a move adds: newsroom's settings, keeping Hugo's addresses and zone.
    site.write(
        "newsroom.toml",
        "permalink = \"/posts/:slug/\"\ntimezone = \"America/Denver\"\nbase_url = \"https://example.org/\"\n",
    );
    site.write("templates/article.html", PROBE);
    site.write(
        "content/posts/first.md",
        "+++\ntitle = \"First post\"\ndate = 2019-05-03T10:00:00-07:00\nlastmod = 2019-05-04T09:00:00-07:00\ndraft = false\ncategories = [\"World\"]\ntags = [\"a\", \"b\"]\naliases = [\"/old/first/\"]\ndescription = \"The first one.\"\n+++\nHello {{< note src=\"x.png\" >}} there.\n",
    );
    site.write(
        "content/posts/local-time.md",
        "---\ntitle: Local time\ndate: 2019-05-03 10:00:00\n---\nRead in the site's zone.\n",
    );
    site.write(
        "content/posts/embargoed.md",
        "---\ntitle: Embargoed\ndate: 2019-05-03\npublishDate: 2999-01-01\n---\nLater.\n",
    );
    site.write(
        "content/posts/expired.md",
        "---\ntitle: Expired\ndate: 2019-05-03\nexpiryDate: 2000-01-01\n---\nGone.\n",
    );
    site.write(
        "content/posts/hidden.md",
        "---\ntitle: Hidden\ndate: 2019-05-03\ndraft: true\n---\nx\n",
    );
    site.write("content/posts/_index.md", "---\ntitle: Posts\n---\n");
    let output = site.build(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("(left out: 1 draft, 1 scheduled article, 1 expired article; the next goes live at 2999-01-01T00:00:00-07:00)"),
        "{stdout}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: content/posts/first.md:11: the shortcode \"note\" is not one newsroom has, so it is shown as text; add templates/shortcodes/note.html to render it, or remove the call"),
        "{stderr}"
    );

    let first = "/posts/first/";
    // Shown in the site's zone: Denver keeps summer time (-06:00) in May.
    assert_eq!(probe(&site, first, "date"), "2019-05-03T11:00:00-06:00");
    assert_eq!(probe(&site, first, "updated"), "2019-05-04T10:00:00-06:00");
    assert_eq!(probe(&site, first, "section"), "World");
    assert_eq!(probe(&site, first, "tags"), "a;b;");
    assert_eq!(probe(&site, first, "summary"), "The first one.");
    // An unknown shortcode is left visible, as written.
    assert_eq!(
        probe(&site, first, "body"),
        "Hello {{< note src=\"x.png\" >}} there."
    );
    assert_eq!(
        probe(&site, "/posts/local-time/", "date"),
        "2019-05-03T10:00:00-06:00"
    );
    let redirect = site.page("/old/first/");
    assert_eq!(
        attrs(&redirect, "link[rel=canonical]", "href"),
        ["https://example.org/posts/first/"]
    );
    assert!(!site.public().join("posts/embargoed").exists());
    assert!(!site.public().join("posts/expired").exists());
    assert!(!site.public().join("posts/hidden").exists());
    assert!(!site.public().join("posts/_index").exists());
}

#[test]
fn a_zola_site_builds_as_it_is() {
    let site = Fixture::new();
    site.write("config.toml", "base_url = \"https://example.org\"\n");
    site.write("templates/article.html", PROBE);
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\nsort_by = \"date\"\n+++\n",
    );
    site.write(
        "content/world/_index.md",
        "+++\ntitle = \"World news\"\ndescription = \"From everywhere.\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
    );
    site.write(
        "content/world/story.md",
        "+++\ntitle = \"Story\"\ndate = 2019-05-03\nupdated = 2019-05-04\ndescription = \"A description.\"\n[taxonomies]\ntags = [\"x\", \"y\"]\ncategories = [\"World\"]\nauthors = [\"Lee Park\"]\n[extra]\nlead = \"Lead text\"\n+++\nBody.\n",
    );
    site.write(
        "content/world/other.md",
        "+++\ntitle = \"Other\"\ndate = 2019-05-03T10:00:00Z\npath = \"custom/other\"\n[taxonomies]\ncategories = [\"World\"]\n+++\nBody.\n",
    );
    site.build_ok(&[]);

    let story = "/2019/05/03/story/";
    assert_eq!(probe(&site, story, "date"), "2019-05-03T00:00:00+00:00");
    assert_eq!(probe(&site, story, "updated"), "2019-05-04T00:00:00+00:00");
    assert_eq!(probe(&site, story, "tags"), "x;y;");
    assert_eq!(probe(&site, story, "authors"), "Lee Park;");
    assert_eq!(probe(&site, story, "lead"), "Lead text");
    assert_eq!(probe(&site, story, "summary"), "A description.");
    assert_eq!(probe(&site, story, "section"), "World");
    assert_eq!(texts(&site.page("/custom/other/"), "h1"), ["Other"]);

    // _index.md files describe sections; they are not articles.
    let world = site.page("/world/");
    assert_eq!(texts(&world, "h1"), ["World news"]);
    assert_eq!(texts(&world, ".section-description"), ["From everywhere."]);
    assert_eq!(texts(&world, ".story-card .headline a"), ["Other", "Story"]);
    assert_eq!(texts(&site.page("/"), ".story-card .headline a").len(), 2);
}

#[test]
fn a_jekyll_post_with_a_bad_date_names_its_file_and_line() {
    let site = Fixture::new();
    site.write("_posts/2019-05-03-good.md", "---\ntitle: Good\n---\nx\n");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.write(
        "_posts/2019-05-04-bad.md",
        "---\ntitle: Bad\nlayout: post\ndate: the fourth of May\n---\nx\n",
    );
    let stderr = site.build_err(&[]);
    assert!(
        stderr.contains("_posts/2019-05-04-bad.md:4: `date` is \"the fourth of May\""),
        "{stderr}"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn markdown_inside_a_hugo_page_bundle_is_a_resource_and_headless_bundles_are_not_published() {
    let site = Fixture::new();
    site.write("templates/article.html", PROBE);
    site.write(
        "content/blog/2021-02-03-pipelines/index.md",
        "---\ntitle: Pipelines\ndate: 2021-02-03\n---\nSee the [notes](notes/).\n",
    );
    // Hugo never publishes these: a data note without front matter, a template of a handout.
    site.write(
        "content/blog/2021-02-03-pipelines/raw_data_source.md",
        "``` r\nlibrary(targets)\n```\n",
    );
    site.write(
        "content/blog/2021-02-03-pipelines/handout/template.md",
        "---\ntitle: \"{{name}}\"\n---\nFill me in.\n",
    );
    site.write(
        "content/blog/shared-material/index.md",
        "---\nheadless: true\n---\nText other pages include.\n",
    );
    let output = site.build(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        probe(&site, "/2021/02/03/2021-02-03-pipelines/", "body"),
        "See the notes."
    );
    let leaked: Vec<String> = walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.path().display().to_string())
        .filter(|path| {
            ["raw-data", "template", "handout", "shared"]
                .iter()
                .any(|w| path.contains(w))
        })
        .collect();
    assert!(leaked.is_empty(), "resources became pages: {leaked:?}");
    let home = site.page("/");
    let listed = attrs(&home, "main a[href*=\"/2021/02/03/\"]", "href");
    // The story is listed (its summary's relative link now starts from the story's folder).
    assert!(
        listed
            .iter()
            .any(|href| href.ends_with("/2021/02/03/2021-02-03-pipelines/")),
        "{listed:?}"
    );
    assert!(
        stderr.contains("warning: 2 Markdown files sit in a story's folder beside its index.md, so, as in Hugo's page bundles, they belong to that story and are not published as stories: content/blog/2021-02-03-pipelines/handout/template.md, content/blog/2021-02-03-pipelines/raw_data_source.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: 1 article is marked `headless: true`, so it is not published, as in Hugo: content/blog/shared-material/index.md"),
        "{stderr}"
    );
}

#[test]
fn a_zola_story_dated_only_by_its_path_takes_the_date_from_it() {
    let site = Fixture::new();
    site.write("templates/article.html", PROBE);
    site.write(
        "content/1.0-Timeline.md",
        "+++\npath = \"2014/12/12/1.0-Timeline\"\ntitle = \"Scheduling the trains\"\n+++\nBody.\n",
    );
    site.write(
        "content/inside/prerelease.md",
        "+++\npath = \"inside-rust/2020/07/27/1.45.1-prerelease\"\ntitle = \"Prerelease testing\"\n+++\nBody.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        probe(&site, "/2014/12/12/1.0-Timeline/", "date"),
        "2014-12-12T00:00:00+00:00"
    );
    assert_eq!(
        probe(&site, "/inside-rust/2020/07/27/1.45.1-prerelease/", "date"),
        "2020-07-27T00:00:00+00:00"
    );
}

#[test]
fn a_jekyll_date_with_the_year_written_twice_reads_as_ruby_reads_it() {
    let site = Fixture::new();
    site.write("templates/article.html", PROBE);
    site.write(
        "_posts/2023-01-29-release.markdown",
        "---\ntitle: Released\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nBody.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        probe(&site, "/2023/01/30/release/", "date"),
        "2023-01-30T02:30:22+00:00"
    );
}

#[test]
fn a_hugo_translation_is_published_under_its_language() {
    let site = Fixture::new();
    site.write("templates/article.html", PROBE);
    site.write(
        "content/blog/2025-07-03-champions/index.md",
        "---\ntitle: Meet the champions\ndate: 2025-07-03\n---\nEnglish.\n",
    );
    site.write(
        "content/blog/2025-07-03-champions/index.es.md",
        "---\ntitle: Conoce a los campeones\ndate: 2025-07-03\n---\nEspañol.\n",
    );
    // Written in the site's own language, the suffix changes nothing.
    site.write(
        "content/blog/notes.en.md",
        "---\ntitle: Notes\ndate: 2025-07-04\n---\nNotes.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        probe(&site, "/2025/07/03/2025-07-03-champions/", "body"),
        "English."
    );
    assert_eq!(
        probe(&site, "/es/2025/07/03/2025-07-03-champions/", "body"),
        "Español."
    );
    assert_eq!(probe(&site, "/2025/07/04/notes/", "body"), "Notes.");
}

/// Hugo reads front-matter keys in any case; Jekyll's singular `category:` and `tag:` name
/// one whole category or tag. Both were ignored before, leaving stories untitled and untagged.
#[test]
fn hugo_keys_in_any_case_and_jekyll_singulars_are_read() {
    let site = Fixture::new();
    site.write("templates/article.html", PROBE);
    site.write(
        "content/post/capitals.md",
        "---\nTitle: \"Capital letters\"\nDate: 2019-05-03T10:00:00Z\nTags: [go, hugo]\nDescription: \"Keys in any case.\"\nWeight: 2\n---\nBody.\n",
    );
    site.write(
        "_posts/2019-05-04-one-category.md",
        "---\ntitle: One category\ncategory: Release notes\ntag: big news\n---\nBody.\n",
    );
    let output = site.build(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let hugo = "/2019/05/03/capitals/";
    assert_eq!(probe(&site, hugo, "tags"), "go;hugo;");
    assert_eq!(texts(&site.page(hugo), "h1"), ["Capital letters"]);
    assert_eq!(probe(&site, hugo, "summary"), "Keys in any case.");
    let jekyll = "/2019/05/04/one-category/";
    assert_eq!(probe(&site, jekyll, "section"), "Release notes");
    assert_eq!(probe(&site, jekyll, "tags"), "big news;");
}
