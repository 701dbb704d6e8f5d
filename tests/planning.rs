//! Planning: every file a build writes (pages, aliases, feeds, sitemaps, robots.txt, the
//! stylesheet, static files) is planned before anything is written, so a clash or a path no
//! file system can hold stops the build with the article and the line that asked for it, the
//! other side named, and the previous output exactly as it was.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::Fixture;

/// A site with absolute links (so it has feeds, sitemaps and robots.txt) and one good story,
/// built once so that `public/` exists.
fn built_site() -> Fixture {
    let site = Fixture::new();
    site.write("newsroom.toml", "base_url = \"https://example.org/\"\n");
    site.article(
        "good.md",
        "title: Good story\ndate: 2023-10-29\ntags: [politics]",
        "A good body.",
    );
    site.build_ok(&[]);
    assert!(site.public().join("sitemap.xml").is_file());
    site
}

/// The lines of the error output that are messages, not the pictures of source lines under
/// them.
fn messages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !(line.starts_with('|')
                || line
                    .split_once(" |")
                    .is_some_and(|(number, _)| number.bytes().all(|b| b.is_ascii_digit())))
        })
        .collect()
}

/// Builds, expects the build to fail with exit code 1 and leave the output as it was, and
/// returns the message lines of its error output.
fn refused(site: &Fixture, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let output = site.build(&[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(site.snapshot() == *before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    messages(&stderr).into_iter().map(str::to_string).collect()
}

/// Adds `content/bad.md` with `front_matter` to a built site and returns the message lines
/// of the failed build.
fn refused_article(front_matter: &str) -> Vec<String> {
    let site = built_site();
    let before = site.snapshot();
    site.article("bad.md", front_matter, "Body.");
    refused(&site, &before)
}

/// The one-article error output: its heading and the one message.
fn one_problem(message: &str) -> Vec<String> {
    vec![
        "error: 1 article has a problem; nothing was written:".to_string(),
        format!("  {message}"),
    ]
}

#[test]
fn an_alias_on_the_stylesheet_names_the_alias_line_and_the_stylesheet() {
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\naliases: [/theme.css]"),
        one_problem(
            "content/bad.md:4: an alias of this article would be written inside the folder /theme.css/, but the site's stylesheet theme.css is written to the file /theme.css; change or remove the alias"
        )
    );
}

#[test]
fn a_url_on_the_sitemap_names_the_url_line_and_the_sitemap() {
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nurl: /sitemap.xml"),
        one_problem(
            "content/bad.md:4: this article would be written inside the folder /sitemap.xml/, but the sitemap is written to the file /sitemap.xml; change the article's `url:`"
        )
    );
}

#[test]
fn an_alias_on_robots_txt_names_the_generated_one_or_the_sites_own() {
    let front = "title: Bad\ndate: 2023-10-30\naliases:\n  - /old/\n  - /robots.txt";
    assert_eq!(
        refused_article(front),
        one_problem(
            "content/bad.md:4: an alias of this article would be written inside the folder /robots.txt/, but the generated robots.txt is written to the file /robots.txt; change or remove the alias"
        )
    );
    let site = built_site();
    site.write("static/robots.txt", "User-agent: *\n");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.article("bad.md", front, "Body.");
    assert_eq!(
        refused(&site, &before),
        one_problem(
            "content/bad.md:4: an alias of this article would be written inside the folder /robots.txt/, but static/robots.txt is written to the file /robots.txt; change or remove the alias"
        )
    );
}

#[test]
fn an_alias_on_a_feed_names_the_feed_and_where_its_tag_is_named() {
    // Jekyll's `redirect_from` is an alias too.
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nredirect_from: [/atom.xml]"),
        one_problem(
            "content/bad.md:4: an alias of this article would be written inside the folder /atom.xml/, but the site's Atom feed is written to the file /atom.xml; change or remove the alias"
        )
    );
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\naliases: [/tags/politics/rss.xml]"),
        one_problem(
            "content/bad.md:4: an alias of this article would be written inside the folder /tags/politics/rss.xml/, but the RSS feed of tag \"politics\" (named in content/good.md, `tags:` on line 4) is written to the file /tags/politics/rss.xml; change or remove the alias"
        )
    );
}

#[test]
fn an_alias_on_the_home_page_or_on_another_story_names_both() {
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\naliases: [/index.html]"),
        one_problem(
            "content/bad.md:4: an alias of this article and page 1 of the home page would both be written to /index.html; change or remove the alias"
        )
    );
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\n\naliases: [/2023/10/29/good/]"),
        one_problem(
            "content/bad.md:5: an alias of this article and content/good.md would both be written to /2023/10/29/good/; change or remove the alias"
        )
    );
}

#[test]
fn a_slug_on_another_storys_url_names_both_lines() {
    let site = built_site();
    let before = site.snapshot();
    site.article(
        "first.md",
        "title: First\ndate: 2023-10-30\nurl: /story/",
        "A.",
    );
    site.article(
        "second.md",
        "title: Second\ndate: 2023-10-30\npermalink: /story/",
        "B.",
    );
    assert_eq!(
        refused(&site, &before),
        one_problem(
            "content/second.md:4: this article and content/first.md (`url:` on line 4) would both be written to /story/; change the article's `permalink:`"
        )
    );
}

#[test]
fn a_url_inside_a_file_of_another_names_the_folder_it_needs() {
    let site = built_site();
    let before = site.snapshot();
    site.article(
        "page.md",
        "title: Page\ndate: 2023-10-30\nurl: /about.html",
        "A.",
    );
    site.article(
        "team.md",
        "title: Team\ndate: 2023-10-30\nurl: /about.html/team/",
        "B.",
    );
    assert_eq!(
        refused(&site, &before),
        one_problem(
            "content/team.md:4: this article would be written inside the folder /about.html/, but content/page.md (`url:` on line 4) is written to the file /about.html; change the article's `url:`"
        )
    );
}

#[test]
fn a_static_file_where_a_story_needs_a_folder_is_named_with_the_story() {
    let site = built_site();
    site.write("static/about", "a file, not a folder");
    site.build_ok(&[]);
    let before = site.snapshot();
    site.article(
        "about.md",
        "title: About\ndate: 2023-10-30\nurl: /about/",
        "A.",
    );
    assert_eq!(
        refused(&site, &before),
        one_problem(
            "content/about.md:4: this article would be written inside the folder /about/, but static/about is written to the file /about; change the article's `url:`"
        )
    );
    // A static file alone in the way of a dated archive is the one to move.
    let site = built_site();
    let before = site.snapshot();
    site.write("static/2023", "a file, not a folder");
    assert_eq!(
        refused(&site, &before),
        [
            "error: static/2023: this file takes the place of the folder /2023/ that content/good.md needs for /2023/10/29/good/; move or rename it"
        ]
    );
}

#[test]
fn a_nul_in_a_url_is_refused_at_its_line() {
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nurl: \"/a\\0b/\""),
        // The content stage refuses a `url:` that is no path, before it is planned.
        one_problem(
            "content/bad.md:4: `url` holds \"/a\\0b/\", which is not a path on this site; write one such as /2019/05/03/old-story/"
        )
    );
}

#[test]
fn a_slug_longer_than_a_file_name_may_be_is_refused_at_its_line() {
    let long = "a".repeat(300);
    assert_eq!(
        refused_article(&format!("title: Bad\ndate: 2023-10-30\nslug: {long}")),
        one_problem(&format!(
            "content/bad.md:4: this article would be written to /2023/10/30/{long}/, which cannot be a file: its part \"aaaaaaaaaaaaaaaaaaaaaaaa...\" is 300 bytes long, and a file name may have at most 255; give the article a different `slug:`"
        ))
    );
}

#[test]
fn a_tag_longer_than_a_file_name_may_be_is_refused_at_the_tags_line() {
    let long = "b".repeat(256);
    let lines = refused_article(&format!("title: Bad\ndate: 2023-10-30\ntags: [ok, {long}]"));
    // Its pages and both feeds are all refused, each at the line of the tag list.
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(
        lines[0],
        "error: 3 problems in articles; nothing was written:"
    );
    assert_eq!(
        lines[1],
        format!(
            "  content/bad.md:4: page 1 of tag \"{long}\" would be written to /tags/{long}/, which cannot be a file: its part \"bbbbbbbbbbbbbbbbbbbbbbbb...\" is 256 bytes long, and a file name may have at most 255; rename the tag"
        )
    );
    assert!(lines[2].starts_with(&format!(
        "  content/bad.md:4: the RSS feed of tag \"{long}\""
    )));
    assert!(lines[3].starts_with(&format!(
        "  content/bad.md:4: the Atom feed of tag \"{long}\""
    )));
}

#[test]
fn a_name_windows_keeps_for_a_device_is_refused() {
    // A static file has its name on disk already, so it keeps it.
    let site = built_site();
    site.write("static/js/aux.js", "// helpers");
    site.build_ok(&[]);
    assert!(site.public().join("js/aux.js").is_file());
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nslug: con"),
        one_problem(
            "content/bad.md:4: this article would be written to /2023/10/30/con/, which cannot be a file: \"con\" is a name Windows keeps for a device, so the site could not be copied to or checked out on Windows; give the article a different `slug:`"
        )
    );
}

#[test]
fn a_section_on_the_tag_index_is_blamed_on_the_section_line() {
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nsection: Tags"),
        one_problem(
            "content/bad.md:4: page 1 of section \"Tags\" and the tag index would both be written to /tags/; rename the section"
        )
    );
    // A section the config lists is the config's to rename.
    let site = built_site();
    site.write(
        "newsroom.toml",
        "base_url = \"https://example.org/\"\nsections = [\"Authors\"]\n",
    );
    let before = site.snapshot();
    assert_eq!(
        refused(&site, &before),
        [
            "error: newsroom.toml: page 1 of section \"Authors\" and the author index would both be written to /authors/; rename the section in `sections`"
        ]
    );
}

#[test]
fn a_tag_or_byline_with_no_letters_is_named_in_a_warning() {
    let site = built_site();
    site.article(
        "odd.md",
        "title: Odd\ndate: 2023-10-30\nauthor: \"---\"\ntags: [politics, \"+++\"]",
        "Body.",
    );
    let output = site.build(&[]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("no letters or digits"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/odd.md:5: the tag \"+++\" has no letters or digits to make a URL from, so it gets no page; write it in words in `tags:`, or remove it",
            "warning: content/odd.md:4: the author \"---\" has no letters or digits to make a URL from, so it gets no page; write it in words in `author:`, or remove it",
        ]
    );
    // The story itself is published.
    assert!(site.public().join("2023/10/30/odd/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_static_link_out_of_the_site_is_refused_unless_allowed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "private").unwrap();
    let site = built_site();
    std::fs::create_dir_all(site.root().join("static/docs")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("static/docs/secret.txt"),
    )
    .unwrap();
    let before = site.snapshot();
    let target = outside.path().join("secret.txt").canonicalize().unwrap();
    assert_eq!(
        refused(&site, &before),
        [format!(
            "error: static/docs/secret.txt: this symbolic link leads outside the site folder, to {}; copy the file into static/ instead, or set allow_outside_links = true in newsroom.toml to publish what it leads to",
            target.display()
        )]
    );
    // A linked folder is refused as a whole, at the link.
    std::fs::remove_file(site.root().join("static/docs/secret.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/docs/shared")).unwrap();
    let lines = refused(&site, &before);
    assert!(
        lines[0].starts_with("error: static/docs/shared: this symbolic link leads outside"),
        "{lines:?}"
    );
    // A link inside the site is fine, and the setting lets the others through.
    std::os::unix::fs::symlink("../content/good.md", site.root().join("static/good.md")).unwrap();
    site.write(
        "newsroom.toml",
        "base_url = \"https://example.org/\"\nallow_outside_links = true\n",
    );
    site.build_ok(&[]);
    let published = site.public().join("docs/shared/secret.txt");
    assert_eq!(std::fs::read_to_string(published).unwrap(), "private");
    assert!(site.public().join("good.md").is_file());
}

#[test]
fn a_content_error_shows_its_line_and_a_caret_under_the_column() {
    let site = built_site();
    let before = site.snapshot();
    site.article(
        "bad.md",
        "title: Bad\ndate: 2023-10-30\ntags: [a, b",
        "Body.",
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(site.snapshot() == before);
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: 1 article has a problem; nothing was written:"
    );
    // The message line as it always was, then the source line and a caret, in plain text.
    let message = lines[1];
    let (place, _) = message.trim_start().split_once(": ").unwrap();
    let column: usize = place.rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(
        message,
        "  content/bad.md:4:7: invalid YAML front matter: a `[` or `{` opened on or above `tags: [a, b` is not closed; close the list with `]` or the table with `}`, or if a value holds a colon, a # or starts with [, {, *, &, !, %, @ or a quote, put the whole value in double quotes: `title: \"Q&A: the border talks\"`"
    );
    assert_eq!(lines[2], "    |");
    assert_eq!(lines[3], "  4 | tags: [a, b");
    let caret = lines[4];
    assert!(
        caret.starts_with("    |       ^ close the list with `]`"),
        "{stderr}"
    );
    assert_eq!(
        caret.find('^'),
        Some("  4 | ".len() + column - 1),
        "{stderr}"
    );
    // A message with a fix labels the caret with it.
    site.article("bad.md", "title: Bad\ndate: 2023-13-30", "Body.");
    let stderr = String::from_utf8(site.build(&[]).stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines[1].starts_with("  content/bad.md:3: `date` is \"2023-13-30\""));
    assert_eq!(lines[3], "  3 | date: 2023-13-30");
    assert!(
        lines[4].starts_with("    | ^^^^^^^^^^^^^^^^ write it as 2023-10-29T09:30:00+05:00"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in a pipe: {stderr:?}"
    );
}

/// `newsroom serve` copies an edited static file without walking `static/` again; the check
/// it can make first refuses a file that was replaced by a link out of the site.
#[cfg(unix)]
#[test]
fn a_static_file_replaced_by_a_link_out_of_the_site_is_refused_when_copied_again() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "private").unwrap();
    let site = built_site();
    site.write("static/note.txt", "public");
    let source = site.root().join("static/note.txt");
    newsroom::statics::check_source(site.root(), &source, false).unwrap();
    std::fs::remove_file(&source).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), &source).unwrap();
    let error = newsroom::statics::check_source(site.root(), &source, false).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("static/note.txt: this symbolic link leads outside the site folder, to "),
        "{error}"
    );
    newsroom::statics::check_source(site.root(), &source, true).unwrap();
}

#[test]
fn a_clash_is_reported_against_what_asked_for_the_place_most_pointedly() {
    // A story's own `url:` over the tag page the site makes up.
    assert_eq!(
        refused_article("title: Bad\ndate: 2023-10-30\nurl: /tags/politics/"),
        one_problem(
            "content/bad.md:4: this article and page 1 of tag \"politics\" (named in content/good.md, `tags:` on line 4) would both be written to /tags/politics/; change the article's `url:`"
        )
    );
    // A file put into static/ over a tag page.
    let site = built_site();
    let before = site.snapshot();
    site.write("static/tags/politics/index.html", "<p>mine</p>");
    assert_eq!(
        refused(&site, &before),
        [
            "error: static/tags/politics/index.html: this file would replace page 1 of tag \"politics\" (named in content/good.md, `tags:` on line 4) at /tags/politics/; move or rename it"
        ]
    );
}
