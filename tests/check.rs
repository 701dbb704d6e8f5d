//! `newsroom check` and `newsroom build --keep-going`: what each reports, at which line, with
//! which exit status, and that a check writes nothing.
//!
//! Outside links are checked against a small HTTP server on 127.0.0.1 that this file starts;
//! no test asks anything of any other host.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Fixture, texts};

/// Runs `newsroom check --root <site>` with extra arguments.
fn check(site: &Fixture, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("check")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .output()
        .expect("run the newsroom binary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The problem lines of a check's output: everything before the closing summary.
fn problems(output: &Output) -> Vec<String> {
    let text = stdout(output);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let summary = lines.pop().unwrap_or_default();
    assert!(
        summary.starts_with("Checked "),
        "the check did not end with its summary:\n{text}\n{}",
        stderr(output)
    );
    lines
}

/// Every file and folder under the site folder, with the bytes of each file, to prove a
/// check wrote nothing.
fn everything(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.unwrap())
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap().to_path_buf();
            let bytes = entry
                .file_type()
                .is_file()
                .then(|| std::fs::read(entry.path()).unwrap());
            (relative, bytes)
        })
        .collect()
}

/// A small JPEG photo, made here.
fn a_photo() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(320, 200, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    bytes.into_inner()
}

/// A site with one story that links to everything a story links to, well and badly.
fn linking_site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "base_url = \"https://news.example.org/\"\n",
    );
    site.write(
        "content/2023-10-29-border-talks.md",
        concat!(
            "---\n",
            "title: Border talks\n",
            "date: 2023-10-29\n",
            "image: {src: /images/lead.jpg, alt: \"The border gate\"}\n",
            "---\n",
            "Talks resumed after [the ceasefire](/2023/10/28/ceasefire/).\n", // 6
            "\n",
            "See [the map](/2023/10/28/no-such-story/).\n", // 8
            "\n",
            "Jump to [the timeline](#timeline), or [the terms](/2023/10/28/ceasefire/#terms).\n", // 10
            "\n",
            "Read [the conditions](/2023/10/28/ceasefire/#conditions).\n", // 12
            "\n",
            "![Map](/images/map.png)\n", // 14
            "\n",
            "<img src=\"/images/lead.jpg\"\n",
            "     srcset=\"/images/lead.jpg 1x, /images/lead-2x.jpg 2x\" alt=\"\">\n", // 17
            "\n",
            "An [embargoed story](/2023/10/30/embargoed-story/).\n", // 19
            "\n",
            "## Time line\n",
            "\n",
            "Talks began on Monday, as [the ceasefire story](https://news.example.org/2023/10/28/ceasefire/) said.\n",
        ),
    );
    site.article(
        "2023-10-28-ceasefire.md",
        "title: Ceasefire holds\ndate: 2023-10-28",
        "The ceasefire held.\n\n## Terms\n\nBoth sides agreed.",
    );
    site.article(
        "2023-10-30-embargoed-story.md",
        "title: Embargoed story\ndate: 2023-10-30\ndraft: true",
        "Not yet.",
    );
    site.write("static/images/lead.jpg", a_photo());
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>Try <a href=\"/search/\">the search</a>.</p>\n{% endblock content %}\n",
    );
    site
}

const STORY: &str = "content/2023-10-29-border-talks.md";

#[test]
fn broken_links_fragments_and_images_are_named_with_their_line() {
    let site = linking_site();
    let before = everything(site.root());
    let output = check(&site, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let expected = [
        format!(
            "{STORY}:8: broken link \"/2023/10/28/no-such-story/\": the site has no page /2023/10/28/no-such-story/"
        ),
        format!(
            "{STORY}:10: broken link \"#timeline\": /2023/10/29/border-talks/ has no heading or anchor with id \"timeline\" (did you mean \"#time-line\"?)"
        ),
        format!(
            "{STORY}:12: broken link \"/2023/10/28/ceasefire/#conditions\": /2023/10/28/ceasefire/ has no heading or anchor with id \"conditions\""
        ),
        format!(
            "{STORY}:14: missing image \"/images/map.png\": the site has no file /images/map.png; put it at static/images/map.png, or correct the address"
        ),
        format!(
            "{STORY}:17: missing image (in srcset) \"/images/lead-2x.jpg\": the site has no file /images/lead-2x.jpg; put it at static/images/lead-2x.jpg, or correct the address (did you mean /images/lead.jpg?)"
        ),
        format!(
            "{STORY}:19: broken link \"/2023/10/30/embargoed-story/\": /2023/10/30/embargoed-story/ is content/2023-10-30-embargoed-story.md, a draft, which the site leaves out; publish it (remove `draft: true`), or check with --drafts"
        ),
        "templates/404.html:3: broken link \"/search/\": the site has no page /search/ (on /404.html)"
            .to_string(),
    ];
    assert_eq!(problems(&output), expected);
    let summary = stdout(&output).lines().last().unwrap().to_string();
    assert!(
        summary.starts_with("Checked 2 articles on ") && summary.ends_with(": 7 problems"),
        "{summary}"
    );
    // The links that work (another story by its path and by its full URL, a fragment on
    // another page, the lead image, the theme's own links) are not reported, and nothing
    // was written: no output folder, and no cache but the photos' (the site's icons).
    let mut after = everything(site.root());
    after.retain(|path, _| !path.starts_with(".newsroom"));
    assert_eq!(after, before);
}

#[test]
fn drafts_are_linkable_only_with_drafts() {
    let site = Fixture::new();
    site.article(
        "2023-10-29-story.md",
        "title: Story\ndate: 2023-10-29",
        "Coming soon: [the draft](/2023/10/30/draft/).",
    );
    site.article(
        "2023-10-30-draft.md",
        "title: Draft\ndate: 2023-10-30\ndraft: true",
        "Back to [the story](/2023/10/29/story/).",
    );
    let without = check(&site, &[]);
    assert_eq!(without.status.code(), Some(1));
    assert_eq!(
        problems(&without),
        [
            "content/2023-10-29-story.md:5: broken link \"/2023/10/30/draft/\": /2023/10/30/draft/ is content/2023-10-30-draft.md, a draft, which the site leaves out; publish it (remove `draft: true`), or check with --drafts"
        ]
    );
    let with = check(&site, &["--drafts"]);
    assert_eq!(with.status.code(), Some(0), "{}", stdout(&with));
    assert_eq!(problems(&with), Vec::<String>::new());
    assert!(
        stdout(&with)
            .lines()
            .last()
            .unwrap()
            .starts_with("Checked 2 articles on "),
        "{}",
        stdout(&with)
    );
    assert!(stdout(&with).trim_end().ends_with(": no problems"));
}

#[test]
fn a_clean_site_passes_and_a_broken_article_fails_the_check() {
    let site = Fixture::new();
    site.article(
        "2023-10-29-a.md",
        "title: A\ndate: 2023-10-29",
        "See [B](/2023/10/30/b/).",
    );
    site.article(
        "2023-10-30-b.md",
        "title: B\ndate: 2023-10-30",
        "See [A](/2023/10/29/a/#top).",
    );
    let clean = check(&site, &[]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert_eq!(problems(&clean), Vec::<String>::new());

    // An article that does not read is a problem of the check like a broken link, and the
    // rest of the site is still checked.
    site.article(
        "2023-10-31-c.md",
        "title: C\ndate: someday",
        "See [nothing](/nothing/).",
    );
    let broken = check(&site, &[]);
    assert_eq!(broken.status.code(), Some(1));
    let lines = problems(&broken);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/2023-10-31-c.md:3: `date` is \"someday\", which is not a date newsroom can read;"),
        "{lines:?}"
    );
}

#[test]
fn a_check_that_cannot_read_the_site_fails_with_the_error() {
    let site = Fixture::new();
    site.write("newsroom.toml", "titel = \"Typo\"\n");
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    let output = check(&site, &[]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.starts_with("error: newsroom.toml:1"),
        "the config error was not reported: {error}"
    );
}

/// A tiny HTTP server on 127.0.0.1 that answers by path and keeps every request it got.
/// It stops when dropped, and after a minute in any case.
struct Loopback {
    address: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Loopback {
    fn start() -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(60);
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    match listener.accept() {
                        Ok((stream, _)) => answer(stream, &requests),
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Loopback {
            address,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Every request so far, as `METHOD /path`.
    fn requests(&self) -> Vec<String> {
        let mut requests = self.requests.lock().unwrap().clone();
        requests.sort();
        requests
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request: `/ok` 200, `/moved` 301 to `/ok`, `/no-head` 405 to `HEAD` and 200
/// to `GET`, anything else 404.
fn answer(mut stream: TcpStream, requests: &Mutex<Vec<String>>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    requests.lock().unwrap().push(format!("{method} {path}"));
    let (status, extra) = match (method, path) {
        (_, "/ok") => ("200 OK", String::new()),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
        (_, "/no-head") => ("200 OK", String::new()),
        _ => ("404 Not Found", String::new()),
    };
    let response =
        format!("HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(response.as_bytes());
}

#[test]
fn outside_links_are_asked_once_and_remembered() {
    let server = Loopback::start();
    let site = Fixture::new();
    site.article(
        "2023-10-29-story.md",
        "title: Story\ndate: 2023-10-29",
        &format!(
            "[Working]({}).\n\n[Moved]({}).\n\n[Gone]({}).\n\n[No HEAD]({}).\n\n[Working, again]({}#part).",
            server.url("/ok"),
            server.url("/moved"),
            server.url("/missing"),
            server.url("/no-head"),
            server.url("/ok"),
        ),
    );
    // Without --external, no request is made.
    let offline = check(&site, &[]);
    assert_eq!(offline.status.code(), Some(0), "{}", stdout(&offline));
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert!(
        stdout(&offline).contains("4 outside links (not checked; --external checks them)"),
        "{}",
        stdout(&offline)
    );

    let first = check(&site, &["--external"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert_eq!(
        problems(&first),
        [format!(
            "content/2023-10-29-story.md:9: broken link \"{}\": the server answered 404 Not Found",
            server.url("/missing")
        )]
    );
    assert_eq!(
        server.requests(),
        [
            "GET /no-head",
            "HEAD /missing",
            "HEAD /moved",
            "HEAD /no-head",
            "HEAD /ok",
            "HEAD /ok"
        ]
    );
    assert!(
        stdout(&first).contains("4 outside links (4 asked, 0 from the cache)"),
        "{}",
        stdout(&first)
    );
    let cache: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join(".newsroom/link-cache.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cache["links"][server.url("/missing")]["status"], 404);
    assert_eq!(cache["links"][server.url("/ok")]["status"], 200);

    // The second check asks nothing and reports the same.
    let second = check(&site, &["--external"]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(problems(&second), problems(&first));
    assert_eq!(server.requests().len(), 6, "{:?}", server.requests());
    assert!(
        stdout(&second).contains("4 outside links (0 asked, 4 from the cache)"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn an_unreachable_host_is_reported() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = Fixture::new();
    site.article(
        "a.md",
        "title: A\ndate: 2023-10-29",
        &format!("[Down](http://127.0.0.1:{port}/page)."),
    );
    let output = check(&site, &["--external"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        problems(&output),
        [format!(
            "content/a.md:5: broken link \"http://127.0.0.1:{port}/page\": could not be reached: the connection was refused"
        )]
    );
}

/// Builds with `--keep-going`.
fn build_keep_going(site: &Fixture) -> Output {
    site.build(&["--keep-going"])
}

#[test]
fn keep_going_publishes_the_good_stories_and_names_the_broken_ones() {
    let site = Fixture::new();
    for (name, title, day) in [("a", "Alpha", 27), ("b", "Bravo", 28), ("c", "Charlie", 29)] {
        site.article(
            &format!("2023-10-{day}-{name}.md"),
            &format!("title: {title}\ndate: 2023-10-{day}"),
            "A good story.",
        );
    }
    site.article(
        "bad-date.md",
        "title: Bad date\ndate: the day after tomorrow",
        "Body.",
    );
    site.write(
        "content/bad-bytes.md",
        b"---\ntitle: Bad bytes\ndate: 2023-10-29\n---\nCaf\xe9.\n".as_slice(),
    );

    // Strict, the default: nothing is written.
    let strict = site.build(&[]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        !site.public().exists(),
        "a failed strict build wrote output"
    );

    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.starts_with("Built 3 articles, ")
            && summary.contains("(left out: 2 articles with problems)"),
        "{summary}"
    );
    let errors = stderr(&output);
    let at = errors
        .find("warning: 2 articles were left out because of their problems; fix them and build again:\n")
        .unwrap_or_else(|| panic!("no list of the articles left out:\n{errors}"));
    let listed: Vec<&str> = errors[at..].lines().skip(1).take(2).collect();
    assert_eq!(
        listed[0],
        "  content/bad-bytes.md:5: the file is not UTF-8 text (byte 0xE9 cannot be read); save it as UTF-8"
    );
    assert!(
        listed[1].starts_with(
            "  content/bad-date.md:3: `date` is \"the day after tomorrow\", which is not a date newsroom can read;"
        ),
        "{listed:?}"
    );
    for (path, title) in [
        ("/2023/10/27/a/", "Alpha"),
        ("/2023/10/28/b/", "Bravo"),
        ("/2023/10/29/c/", "Charlie"),
    ] {
        assert_eq!(texts(&site.page(path), "h1"), [title]);
    }
    let home = common::attrs(&site.page("/"), "a", "href");
    assert!(
        home.iter().any(|href| href.ends_with("/2023/10/29/c/")),
        "{home:?}"
    );
    assert!(!home.iter().any(|href| href.contains("bad")), "{home:?}");
    assert!(!site.public().join("2023/10/29/bad-bytes").exists());

    // Strict again after the broken files: it fails and leaves that output as it was.
    let before = site.snapshot();
    assert_eq!(site.build(&[]).status.code(), Some(1));
    assert_eq!(site.snapshot(), before);
}

#[test]
fn keep_going_leaves_out_the_article_that_loses_a_url() {
    let site = Fixture::new();
    site.article(
        "first.md",
        "title: First\ndate: 2023-10-29\nslug: story",
        "One.",
    );
    site.article(
        "second.md",
        "title: Second\ndate: 2023-10-29\nslug: story",
        "Two.",
    );
    site.article("other.md", "title: Other\ndate: 2023-10-30", "Three.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let errors = stderr(&output);
    let loser = errors
        .lines()
        .find(|line| line.contains("would both be written to /2023/10/29/story/"))
        .unwrap_or_else(|| panic!("the collision is not named:\n{errors}"));
    let winner_title = if loser.starts_with("  content/second.md") {
        "First"
    } else {
        assert!(loser.starts_with("  content/first.md"), "{loser}");
        "Second"
    };
    assert_eq!(
        texts(&site.page("/2023/10/29/story/"), "h1"),
        [winner_title]
    );
    assert_eq!(texts(&site.page("/2023/10/30/other/"), "h1"), ["Other"]);
    assert!(stdout(&output).starts_with("Built 2 articles, "));
}

#[test]
fn keep_going_still_fails_on_what_is_not_one_article() {
    let site = Fixture::new();
    site.write("newsroom.toml", "titel = \"Typo\"\n");
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(1));
    assert!(!site.public().exists());

    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    site.write("templates/article.html", "{% if %}");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!site.public().exists());

    // With nothing to leave out, a --keep-going build is a plain success.
    let site = Fixture::new();
    site.article("a.md", "title: A\ndate: 2023-10-29", "Body.");
    let output = build_keep_going(&site);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
