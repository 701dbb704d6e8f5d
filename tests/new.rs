//! `newsroom new site` and `newsroom new article`, run as the real binary in temporary folders:
//! what they write, that the result builds, and what they refuse to overwrite.

mod common;

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use common::{Fixture, newsroom, snapshot, texts};

/// `newsroom new site` into the fixture's (empty) folder, which must succeed.
fn new_site(site: &Fixture, extra: &[&str]) -> String {
    let root = site.root().to_str().unwrap();
    let (ok, out, err) = newsroom(&[&["new", "site", root], extra].concat());
    assert!(ok, "new site failed:\n{err}");
    out
}

/// `newsroom new article` in the fixture's site; gives success, stdout and stderr.
fn new_article(site: &Fixture, title: &str, extra: &[&str]) -> (bool, String, String) {
    let root = site.root().to_str().unwrap();
    newsroom(&[&["new", "article", title, "--root", root], extra].concat())
}

/// The path `new article` printed, relative to the site root.
fn written_path(stdout: &str) -> String {
    stdout
        .trim()
        .strip_prefix("Wrote ")
        .unwrap_or_else(|| panic!("no path in {stdout:?}"))
        .to_string()
}

/// The URL path of an article filed at `content/YYYY/MM/DD/slug.md`, by the default permalink.
fn url_of(path: &str) -> String {
    let inner = path
        .strip_prefix("content/")
        .and_then(|p| p.strip_suffix(".md"))
        .unwrap();
    format!("/{inner}/")
}

#[test]
fn a_new_site_builds_and_lists_its_two_articles() {
    let site = Fixture::new();
    let out = new_site(&site, &[]);
    assert!(out.contains("newsroom.toml"), "{out}");
    assert!(out.contains("newsroom build"), "{out}");
    assert!(site.root().join("static").is_dir());
    assert!(!site.root().join("templates").exists());

    let today = Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    let welcome = format!(
        "content/{}/welcome-to-your-newsroom.md",
        today.format("%Y/%m/%d")
    );
    let filed = format!(
        "content/{}/how-articles-are-filed.md",
        yesterday.format("%Y/%m/%d")
    );
    for path in [&welcome, &filed] {
        let text = std::fs::read_to_string(site.root().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        for field in ["title:", "date:", "author:", "tags:", "summary:"] {
            assert!(text.contains(field), "{path} lacks {field}:\n{text}");
        }
        assert!(out.contains(path.as_str()), "{out}");
    }

    site.build_ok(&[]);
    let home = site.page("/");
    assert_eq!(
        texts(&home, ".story-card .headline a"),
        ["Welcome to your newsroom", "How articles are filed"]
    );
    let article = site.page(&url_of(&welcome));
    assert_eq!(texts(&article, "article h1"), ["Welcome to your newsroom"]);
}

#[test]
fn a_new_site_has_a_config_with_every_key() {
    let site = Fixture::new();
    new_site(&site, &[]);
    let config = newsroom::Config::load(site.root()).unwrap();
    assert_eq!(config.timezone, Tz::UTC);
    assert_eq!(config.paginate_by, 20);
    let text = std::fs::read_to_string(site.root().join("newsroom.toml")).unwrap();
    // Plain keys are written as `key = …`, tables as a `[key]` header.
    for key in newsroom::config::KNOWN_KEYS {
        let written = text.contains(&format!("{key} = ")) || text.contains(&format!("\n[{key}]\n"));
        assert!(written, "no {key}:\n{text}");
    }
}

#[test]
fn a_new_site_is_not_made_in_a_folder_that_holds_anything() {
    let site = Fixture::new();
    site.write("notes.txt", "my notes");
    site.write("drafts/story.md", "half a story");
    let before = snapshot(site.root());
    let (ok, out, err) = newsroom(&["new", "site", site.root().to_str().unwrap()]);
    assert!(!ok, "new site succeeded in a full folder:\n{out}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(
        err.contains(&site.root().display().to_string()),
        "the error does not name the folder: {err}"
    );
    assert_eq!(snapshot(site.root()), before);
    assert!(!site.root().join("newsroom.toml").exists());
}

#[test]
fn a_new_site_may_be_a_folder_that_does_not_exist_yet() {
    let parent = Fixture::new();
    let dir = parent.root().join("daily-dispatch");
    let (ok, out, err) = newsroom(&["new", "site", dir.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("cd "), "{out}");
    let config = newsroom::Config::load(&dir).unwrap();
    assert_eq!(config.title, "Daily Dispatch");
}

#[test]
fn templates_copies_every_built_in_file_and_the_site_still_builds() {
    let site = Fixture::new();
    new_site(&site, &["--templates"]);
    let built_in = newsroom::render::Theme::built_in_files();
    assert!(!built_in.is_empty());
    for (name, text) in built_in {
        let copy = site.root().join("templates").join(name);
        let copied =
            std::fs::read_to_string(&copy).unwrap_or_else(|e| panic!("{}: {e}", copy.display()));
        assert_eq!(
            &copied, text,
            "templates/{name} differs from the built-in file"
        );
    }
    site.build_ok(&[]);
    assert_eq!(texts(&site.page("/"), ".story-card .headline a").len(), 2);

    // The copies are what the site is built with.
    let base = site.root().join("templates/base.html");
    let edited = std::fs::read_to_string(&base)
        .unwrap()
        .replace("</body>", "<p id=\"edited-theme\">edited</p></body>");
    std::fs::write(&base, edited).unwrap();
    site.build_ok(&[]);
    assert_eq!(texts(&site.page("/"), "#edited-theme"), ["edited"]);
}

#[test]
fn a_new_article_is_filed_under_today_in_the_site_time_zone() {
    let site = Fixture::new();
    site.write("newsroom.toml", "timezone = \"Pacific/Kiritimati\"\n");
    let zone: Tz = "Pacific/Kiritimati".parse().unwrap();
    let day_before = Utc::now().with_timezone(&zone).date_naive();
    let (ok, out, err) = new_article(&site, "Border talks resume", &[]);
    let day_after = Utc::now().with_timezone(&zone).date_naive();
    assert!(ok, "{err}");

    let path = written_path(&out);
    let folders = path
        .strip_prefix("content/")
        .and_then(|p| p.strip_suffix("/border-talks-resume.md"))
        .unwrap_or_else(|| panic!("unexpected path {path}"));
    let day = NaiveDate::parse_from_str(folders, "%Y/%m/%d").unwrap();
    assert!(
        day == day_before || day == day_after,
        "filed under {day}, but today in Kiritimati is {day_after}"
    );
    // Kiritimati is UTC+14: the date is written with that offset, to the second.
    let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
    let date_line = text.lines().find(|l| l.starts_with("date: ")).unwrap();
    let date = chrono::DateTime::parse_from_rfc3339(&date_line["date: ".len()..]).unwrap();
    assert_eq!(date.offset().local_minus_utc(), 14 * 3600, "{date_line}");
    assert_eq!(date.date_naive(), day, "{date_line}");
    assert!(!date_line.contains('.'), "seconds precision: {date_line}");
}

#[test]
fn a_tricky_headline_reads_back_exactly() {
    let site = Fixture::new();
    new_site(&site, &[]);
    let title = "Talks: \"Round 2\" #pakistan";
    let (ok, out, err) = new_article(
        &site,
        title,
        &["--tags", "pakistan,security", "--author", "Amina Khan"],
    );
    assert!(ok, "{err}");
    let path = written_path(&out);
    assert!(path.ends_with("/talks-round-2-pakistan.md"), "{path}");

    site.build_ok(&[]);
    let page = site.page(&url_of(&path));
    // Read back whole, with the quotes curled as every headline's are.
    assert_eq!(
        texts(&page, "article h1"),
        ["Talks: \u{201c}Round 2\u{201d} #pakistan"]
    );
    assert_eq!(texts(&page, ".byline"), ["By Amina Khan"]);
    assert_eq!(texts(&page, "ul.tags a"), ["pakistan", "security"]);
}

#[test]
fn a_new_article_never_overwrites_one() {
    let site = Fixture::new();
    new_site(&site, &[]);
    let (ok, out, err) = new_article(&site, "Budget passed", &["--author", "First"]);
    assert!(ok, "{err}");
    let path = written_path(&out);
    let first = std::fs::read(site.root().join(&path)).unwrap();

    let (ok, out, err) = new_article(&site, "Budget passed", &["--author", "Second"]);
    assert!(!ok, "the second run succeeded:\n{out}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(&path), "the error does not name {path}: {err}");
    assert!(err.contains("slug:"), "{err}");
    assert_eq!(std::fs::read(site.root().join(&path)).unwrap(), first);
}

#[test]
fn a_draft_is_left_out_until_drafts_are_asked_for() {
    let site = Fixture::new();
    new_site(&site, &[]);
    let (ok, out, err) = new_article(&site, "Unfinished story", &["--draft"]);
    assert!(ok, "{err}");
    let path = written_path(&out);
    let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
    assert!(text.contains("\ndraft: true\n"), "{text}");
    let url = url_of(&path);

    let summary = site.build_ok(&[]);
    assert!(summary.contains("1 draft"), "{summary}");
    assert!(!site.public().join(&url[1..]).exists());
    assert!(
        !texts(&site.page("/"), ".story-card .headline a")
            .contains(&"Unfinished story".to_string())
    );

    site.build_ok(&["--drafts"]);
    assert_eq!(texts(&site.page(&url), "article h1"), ["Unfinished story"]);
}

#[test]
fn a_new_article_needs_a_site_and_a_headline_with_words() {
    let not_a_site = Fixture::new();
    not_a_site.write("notes.txt", "x");
    let (ok, _, err) = new_article(&not_a_site, "A story", &[]);
    assert!(!ok);
    assert!(err.contains("not a site folder"), "{err}");
    assert!(!not_a_site.root().join("content").exists());

    let site = Fixture::new();
    new_site(&site, &[]);
    let (ok, _, err) = new_article(&site, "?!… —", &[]);
    assert!(!ok);
    assert!(err.contains("no letters or digits"), "{err}");
}

#[test]
fn new_help_lists_site_and_article() {
    let (ok, help, _) = newsroom(&["new", "--help"]);
    assert!(ok);
    assert!(help.contains("site") && help.contains("article"), "{help}");
    let (ok, help, _) = newsroom(&["new", "article", "--help"]);
    assert!(ok);
    for option in ["--root", "--tags", "--author", "--draft"] {
        assert!(help.contains(option), "{option} missing:\n{help}");
    }
}
