//! `newsroom serve`: HTTP behaviour over raw sockets, and live reload in a real browser
//! (headless Chromium driven over the DevTools protocol).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::chromium::{Browser, evaluate, wait_for};
use common::{Fixture, texts};

/// A running `newsroom serve`, stopped when dropped as a terminal or the system stops it
/// (SIGTERM), after which its temporary folder must be empty again.
struct Server {
    child: Child,
    url: String,
    /// What it has printed since it started serving.
    log: Arc<Mutex<Vec<String>>>,
    /// The server's own temporary folder (its `TMPDIR`), where it builds the site.
    temporary: tempfile::TempDir,
}

impl Server {
    /// Serves the site, naming it with `--root`.
    fn start(site: &Fixture) -> Server {
        Server::start_with(site, &[])
    }

    /// Serves the site with more options.
    fn start_with(site: &Fixture, options: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(options);
        Server::spawn(command)
    }

    /// Serves the site with the faults of the test hook on: a story titled `PANIC` makes the
    /// rebuild that reads it panic, one titled `SLOW <ms>` makes a whole build, or a new
    /// edition after an edit, that long.
    fn start_with_faults(site: &Fixture) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .env("NEWSROOM_SERVE_FAULTS", "1");
        Server::spawn(command)
    }

    /// Serves the site from inside its folder, as `newsroom serve` with no `--root`.
    fn start_inside(site: &Fixture) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
        command
            .args(["serve", "--port", "0"])
            .current_dir(site.root());
        Server::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        let temporary = tempfile::tempdir().unwrap();
        let mut child = command
            .env("TMPDIR", temporary.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start newsroom serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("newsroom serve ended before it was serving")
                .unwrap();
            if let Some(at) = line.find("http://") {
                break line[at..].split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            url,
            log,
            temporary,
        }
    }

    /// The folder the server builds the site into.
    fn build_folder(&self) -> PathBuf {
        self.temporary
            .path()
            .join(format!("newsroom-serve-{}", self.child.id()))
    }

    /// The lines it has printed so far.
    fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits for the next line of its log (after the first `seen` lines) that starts with one
    /// of `starts`, and returns it.
    fn wait_for_log(&self, seen: &mut usize, starts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let log = self.log.lock().unwrap();
            while *seen < log.len() {
                let line = log[*seen].clone();
                *seen += 1;
                if starts.iter().any(|start| line.starts_with(start)) {
                    return line;
                }
            }
            drop(log);
            assert!(
                Instant::now() < deadline,
                "the server printed no {starts:?} line"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The status and body of a page, with the injected reload script taken out again.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        // HTTP/1.0, so the body comes whole, never in chunks.
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address()
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response has headers");
        let head = String::from_utf8_lossy(&response[..split]).to_string();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut body = response[split + 4..].to_vec();
        let text = String::from_utf8_lossy(&body).to_string();
        if let Some(start) = text.find("<script>\n(() => {\n  const events")
            && let Some(length) = text[start..].find("</script>")
        {
            body.drain(start..start + length + "</script>".len());
        }
        (status, body)
    }

    fn address(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// Sends a request line exactly as written (no client normalises the path) and returns
    /// the status code and the body.
    fn raw_get(&self, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (
            status,
            response.lines().take(12).collect::<Vec<_>>().join("\n") + &body,
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let stopped = matches!(self.child.try_wait(), Ok(Some(_)));
        if !stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            return;
        }
        assert!(stopped, "newsroom serve did not stop on SIGTERM");
        let left: Vec<PathBuf> = std::fs::read_dir(self.temporary.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert!(left.is_empty(), "newsroom serve left {left:?} behind");
    }
}

fn site_with_story(title: &str) -> Fixture {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"Preview\"\n");
    site.article(
        "story.md",
        &format!("title: {title}\ndate: 2023-10-29"),
        "Body.",
    );
    site
}

#[test]
fn serves_pages_with_content_types_redirects_and_a_404_page() {
    let site = site_with_story("First title");
    let server = Server::start(&site);
    let (status, page) = server.raw_get("/2023/10/29/story/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("content-type: text/html"), "{page}");
    assert!(page.contains("First title"));
    // The reload script is added while serving, never to the built files.
    assert!(page.contains("/__newsroom/events"));
    let (status, css) = server.raw_get("/theme.css");
    assert_eq!(status, 200);
    assert!(css.contains("content-type: text/css"), "{css}");
    let (status, redirect) = server.raw_get("/2023/10/29/story");
    assert_eq!(status, 307, "{redirect}");
    assert!(
        redirect.contains("location: /2023/10/29/story/"),
        "{redirect}"
    );
    let (status, missing) = server.raw_get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"), "{missing}");
}

#[test]
fn no_request_reads_outside_the_output_folder() {
    let site = site_with_story("Title");
    // A file beside the site that an escaping path would reach.
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "top secret").unwrap();
    let server = Server::start(&site);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/tags/..%5c..%5c..%5csecret.txt",
    ] {
        let (status, body) = server.raw_get(target);
        assert!(status == 404 || status == 400, "{target}: {status}\n{body}");
        assert!(!body.contains("top secret"), "{target} leaked a file");
        assert!(!body.contains("root:"), "{target} leaked /etc/passwd");
    }
}

#[test]
fn a_taken_port_is_reported_with_advice() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site_with_story("Title");
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "port {port} is already taken on 127.0.0.1; choose another with --port"
        )),
        "{stderr}"
    );
}

fn write_story(root: &Path, front_matter: &str) {
    let path: PathBuf = root.join("content/story.md");
    std::fs::write(path, format!("---\n{front_matter}\n---\nBody.\n")).unwrap();
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it"]
fn open_pages_reload_after_an_edit_and_show_a_broken_build() {
    let site = site_with_story("First title");
    let server = Server::start(&site);
    let browser = Browser::open(&format!("{}2023/10/29/story/", server.url));
    let page = browser.page_socket();
    let headline = "document.querySelector('article h1') ? document.querySelector('article h1').textContent : ''";
    wait_for(&page, headline, "First title");
    // Give the page a moment to open its connection for rebuild notices.
    std::thread::sleep(Duration::from_millis(500));

    write_story(site.root(), "title: Second title\ndate: 2023-10-29");
    wait_for(&page, headline, "Second title");

    write_story(site.root(), "title: [unclosed\ndate: 2023-10-29");
    let overlay = "document.getElementById('newsroom-build-error') ? document.getElementById('newsroom-build-error').textContent.includes('content/story.md:3') : false";
    wait_for(&page, &format!("String({overlay})"), "true");
    // The last good build is still there underneath.
    assert_eq!(evaluate(&page, headline), "Second title");

    write_story(site.root(), "title: Third title\ndate: 2023-10-29");
    wait_for(&page, headline, "Third title");
    assert_eq!(
        evaluate(
            &page,
            "String(document.getElementById('newsroom-build-error') === null)"
        ),
        "true"
    );
}

/// A site big enough that an edit to its newest story touches more pages than are
/// re-rendered at once: 150 stories on as many days, over tags, bylines and sections.
fn newsroom_with_archive() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Archive\"\npaginate_by = 4\nlatest_count = 3\nrelated_count = 2\nsections = [\"World\", \"Business\"]\n",
    );
    for n in 0..150 {
        let tags = [TAGS[n % 4], TAGS[(n / 4 + 1) % 4]];
        archive_story(
            &site,
            n,
            &format!("Story {n}"),
            &tags,
            &format!("Body of story {n}."),
        );
    }
    site.write("templates/404.html", not_found_template("Nothing here"));
    site
}

/// A page-not-found template with its own heading.
fn not_found_template(heading: &str) -> String {
    format!(
        "{{% extends \"base.html\" %}}{{% block content %}}<h1>{heading}</h1>\
         {{% for s in latest_stories %}}<a href=\"{{{{ s.url }}}}\">{{{{ s.title }}}}</a>{{% endfor %}}\
         {{% endblock content %}}"
    )
}

const TAGS: [&str; 4] = ["Markets", "Climate", "Elections", "Health"];

/// Writes story `n` of the archive site: dated `n` days after 1 January 2023, with one of
/// three bylines and one of two sections.
fn archive_story(site: &Fixture, n: usize, title: &str, tags: &[&str], body: &str) {
    let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(n as u64);
    let front_matter = format!(
        "title: {title}\ndate: {date}\nauthor: {}\ntags: [{}]\nsection: {}",
        ["Ana Ruiz", "Bo Chen", "Cy Okafor"][n % 3],
        tags.join(", "),
        ["World", "Business"][n % 2],
    );
    site.article(&format!("story-{n}.md"), &front_matter, body);
}

/// Asserts that every file a fresh `newsroom build` of the site makes is served with the
/// same bytes, so pages re-rendered after an edit (at once or when asked for) are exactly
/// what a whole build gives.
fn assert_serves_what_a_build_makes(site: &Fixture, server: &Server) {
    let fresh = tempfile::tempdir().unwrap();
    let output = fresh.path().join("site");
    site.build_ok(&[
        "--base-url",
        &server.url,
        "--output",
        output.to_str().unwrap(),
    ]);
    let files = common::snapshot(&output);
    assert!(files.len() > 300, "{} files", files.len());
    for (relative, built) in files {
        let relative = relative.to_string_lossy().replace('\\', "/");
        let path = match relative.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{relative}"),
        };
        let (status, served) = server.get(&path);
        assert_eq!(status, 200, "{path}");
        assert!(
            served == built,
            "{path} is served as\n{}\nbut a build makes\n{}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(&built)
        );
    }
}

#[test]
fn edits_re_render_only_what_they_touch_and_serve_what_a_build_makes() {
    let site = newsroom_with_archive();
    let server = Server::start(&site);
    let mut seen = 0;

    // An older story's body: it, its lists and the stories that list it as related (those
    // sharing both its tags, as stories 4, 20, ... and 148 do).
    archive_story(
        &site,
        132,
        "Story 132, corrected",
        &[TAGS[0], TAGS[2]],
        "A corrected body.",
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert!(!line.contains("when they are opened"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);

    // The newest story's headline is on every page: its own page and lists at once, the rest
    // when they are asked for.
    let tags = [TAGS[1], TAGS[2]];
    archive_story(&site, 149, "A new headline", &tags, "Body of story 149.");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert!(line.contains("when they are opened"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);

    // The story just below the latest ones is still among the latest stories of the newest.
    let tags = [TAGS[146 % 4], TAGS[(146 / 4 + 1) % 4]];
    archive_story(
        &site,
        146,
        "Fourth newest, retitled",
        &tags,
        "Body of story 146.",
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);

    // A new tag moves the story into another list: a new edition is assembled, and the pages
    // beyond the story's own and the front page are rendered when opened, even the new tag's.
    let tags = [TAGS[1], "Transport"];
    archive_story(&site, 149, "A new headline", &tags, "Body of story 149.");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert!(line.contains("when they are opened"), "{line}");
    let (status, redirect) = server.raw_get("/tags/transport");
    assert_eq!(status, 307, "{redirect}");
    assert_serves_what_a_build_makes(&site, &server);

    // A new story, and one removed.
    archive_story(&site, 150, "Story 150", &tags, "Body of story 150.");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);
    assert_eq!(server.get("/2023/01/11/story-10/").0, 200);
    std::fs::remove_file(site.root().join("content/story-10.md")).unwrap();
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);
    let (status, _) = server.get("/2023/01/11/story-10/");
    assert_eq!(status, 404);

    // A template: every page is rendered again, from the articles already read.
    site.write(
        "templates/404.html",
        not_found_template("Lost in the archive"),
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.contains("with the new templates"), "{line}");
    assert_serves_what_a_build_makes(&site, &server);
    let (_, missing) = server.get("/no/such/story/");
    assert!(String::from_utf8_lossy(&missing).contains("Lost in the archive"));

    // The article template: a page of each template is rendered before the reload, every
    // other article page when it is asked for, with the new template.
    let article = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/article.html"),
    )
    .unwrap();
    site.write(
        "templates/article.html",
        article.replace(
            "</article>",
            "<p class=\"retemplated\">New template</p></article>",
        ),
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.contains("with the new templates"), "{line}");
    assert!(line.contains("more when they are opened"), "{line}");
    let (_, page) = server.get("/2023/01/12/story-11/");
    let page = scraper::Html::parse_document(&String::from_utf8_lossy(&page));
    let note = scraper::Selector::parse("article p.retemplated").unwrap();
    assert_eq!(page.select(&note).count(), 1);
    assert_serves_what_a_build_makes(&site, &server);
}

#[test]
fn an_edited_static_file_is_copied_and_a_new_one_built() {
    let site = site_with_story("Story");
    site.write("static/css/extra.css", "body { color: black }");
    let server = Server::start(&site);
    let mut seen = 0;

    // As vim saves: a test file made and removed beside the file, then the file written.
    std::fs::write(site.root().join("static/css/4913"), "").unwrap();
    std::fs::remove_file(site.root().join("static/css/4913")).unwrap();
    site.write("static/css/extra.css", "body { color: navy }");
    let line = server.wait_for_log(&mut seen, &["Copied", "Rebuilt", "error"]);
    assert!(line.starts_with("Copied static/css/extra.css"), "{line}");
    assert_eq!(server.get("/css/extra.css").1, b"body { color: navy }");

    // A new file could take a generated page's place, so a whole build checks it.
    site.write("static/css/print.css", "nav { display: none }");
    let line = server.wait_for_log(&mut seen, &["Copied", "Rebuilt", "error"]);
    assert!(line.starts_with("Rebuilt"), "{line}");
    assert_eq!(server.get("/css/print.css").1, b"nav { display: none }");
}

#[test]
fn ctrl_c_or_kill_stops_the_server_and_removes_its_build_even_with_pages_open() {
    let site = site_with_story("Story");
    for signal in ["-INT", "-TERM"] {
        let mut server = Server::start(&site);
        let (status, _) = server.get("/2023/10/29/story/");
        assert_eq!(status, 200);
        let built = server.build_folder();
        assert!(built.join("index.html").is_file(), "{}", built.display());
        // An open page listens for rebuilds on a stream that never ends by itself.
        let mut open_page = TcpStream::connect(server.address()).unwrap();
        write!(
            open_page,
            "GET /__newsroom/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address()
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(200));

        let sent = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "newsroom serve did not stop on kill {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{signal}: {status}");
        assert!(!built.exists(), "{} was left behind", built.display());
        assert!(TcpStream::connect(server.address()).is_err());
    }
}

#[test]
fn serving_from_inside_the_site_folder_sees_its_edits() {
    let site = site_with_story("First title");
    let server = Server::start_inside(&site);
    let mut seen = 0;
    write_story(site.root(), "title: Second title\ndate: 2023-10-29");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    let (_, page) = server.get("/2023/10/29/story/");
    assert!(String::from_utf8_lossy(&page).contains("Second title"));
}

/// Reads server-sent events from the preview until one named `name` arrives; returns its
/// data.
fn next_event(events: &mut impl BufRead, name: &str) -> String {
    let mut current = String::new();
    let mut line = String::new();
    // Keep-alive comments arrive now and then, so a read timeout alone never ends the wait.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no {name} event came");
        line.clear();
        assert!(
            events.read_line(&mut line).unwrap() > 0,
            "the event stream ended"
        );
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return data.to_string();
        }
    }
}

#[test]
fn a_template_error_keeps_the_last_good_site_and_is_announced_until_fixed() {
    let site = site_with_story("Story");
    let server = Server::start(&site);
    let mut stream = TcpStream::connect(server.address()).unwrap();
    write!(
        stream,
        "GET /__newsroom/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address()
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut events = BufReader::new(stream);

    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ article.title | no_such_filter }}{% endblock %}",
    );
    let message: String = serde_json::from_str(&next_event(&mut events, "build-error")).unwrap();
    assert!(message.contains("templates/article.html"), "{message}");
    assert!(message.contains("no_such_filter"), "{message}");
    // The last good build is still served.
    let (status, page) = server.get("/2023/10/29/story/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("<h1"));

    std::fs::remove_file(site.root().join("templates/article.html")).unwrap();
    next_event(&mut events, "reload");
}

#[test]
fn drafts_and_future_stories_are_served_only_when_asked_for() {
    let site = site_with_story("Story");
    site.article(
        "draft.md",
        "title: Half a story\ndate: 2023-10-28\ndraft: true",
        "Body.",
    );
    site.article(
        "later.md",
        "title: Tomorrow's story\ndate: 2999-01-01",
        "Body.",
    );
    let (draft, later) = ("/2023/10/28/draft/", "/2999/01/01/later/");

    let plain = Server::start(&site);
    assert_eq!(plain.get(draft).0, 404);
    assert_eq!(plain.get(later).0, 404);

    // Editing a draft changes no page of a preview without drafts, and says why.
    let mut seen = 0;
    site.article(
        "draft.md",
        "title: Three quarters of a story\ndate: 2023-10-28\ndraft: true",
        "Body.",
    );
    let line = plain.wait_for_log(&mut seen, &["Read", "Re-rendered", "Rebuilt", "error"]);
    assert!(
        line.starts_with("Read content/draft.md: not published"),
        "{line}"
    );
    assert!(line.contains("--drafts"), "{line}");
    // Publishing it does.
    site.article(
        "draft.md",
        "title: A whole story\ndate: 2023-10-28",
        "Body.",
    );
    let line = plain.wait_for_log(&mut seen, &["Read", "Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_eq!(plain.get(draft).0, 200);
    drop(plain);
    site.article(
        "draft.md",
        "title: Half a story\ndate: 2023-10-28\ndraft: true",
        "Body.",
    );

    let everything = Server::start_with(&site, &["--drafts", "--future"]);
    for path in [draft, later] {
        let (status, page) = everything.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(String::from_utf8_lossy(&page).contains("<h1"), "{path}");
    }
    // The reload script is added to responses only, never to the files built.
    let built = everything.build_folder();
    let page = std::fs::read_to_string(built.join("2023/10/28/draft/index.html")).unwrap();
    assert!(!page.contains("__newsroom"));
}

#[test]
fn folders_of_stories_and_files_that_are_not_stories_are_told_apart() {
    let site = site_with_story("Story");
    site.article(
        "world/border.md",
        "title: Border talks\ndate: 2023-10-27",
        "Body.",
    );
    let server = Server::start(&site);
    let mut seen = 0;
    let border = "/2023/10/27/border/";
    assert_eq!(server.get(border).0, 200);

    // An editor's test file, made and removed at once, is not a story: nothing is rebuilt,
    // so the next line the server prints is about the next edit.
    std::fs::write(site.root().join("content/4913"), "").unwrap();
    std::fs::remove_file(site.root().join("content/4913")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    write_story(site.root(), "title: Second title\ndate: 2023-10-29");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.contains("content/story.md"), "{line}");
    assert!(!line.contains("4913"), "{line}");

    // A folder removed as a whole takes its stories with it.
    std::fs::remove_dir_all(site.root().join("content/world")).unwrap();
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_eq!(server.get(border).0, 404);

    // A folder moved in as a whole brings its stories.
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("europe");
    std::fs::create_dir(&moved).unwrap();
    std::fs::write(
        moved.join("summit.md"),
        "---\ntitle: Summit\ndate: 2023-10-26\n---\nBody.\n",
    )
    .unwrap();
    std::fs::rename(&moved, site.root().join("content/europe")).unwrap();
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    let (status, page) = server.get("/2023/10/26/summit/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("Summit"));
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it"]
fn an_edited_stylesheet_restyles_open_pages_without_reloading_them() {
    let site = site_with_story("Story");
    site.write("static/theme.css", "h1 { color: rgb(1, 2, 3) }");
    let server = Server::start(&site);
    let browser = Browser::open(&format!("{}2023/10/29/story/", server.url));
    let page = browser.page_socket();
    let colour =
        "document.querySelector('h1') ? getComputedStyle(document.querySelector('h1')).color : ''";
    wait_for(&page, colour, "rgb(1, 2, 3)");
    // A mark that a reload would wipe out.
    evaluate(&page, "window.newsroomMark = 'kept'");
    std::thread::sleep(Duration::from_millis(500));

    site.write("static/theme.css", "h1 { color: rgb(4, 5, 6) }");
    wait_for(&page, colour, "rgb(4, 5, 6)");
    assert_eq!(evaluate(&page, "window.newsroomMark"), "kept");
}

/// Listens to the preview's rebuild notices as an open page does.
fn listen(server: &Server) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    write!(
        stream,
        "GET /__newsroom/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address()
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    BufReader::new(stream)
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the fault hook is compiled only into debug builds; run with `cargo test`"
)]
fn a_panicking_rebuild_keeps_the_last_good_site_and_the_next_good_save_rebuilds() {
    let site = site_with_story("First title");
    let server = Server::start_with_faults(&site);
    let mut events = listen(&server);
    let story = "/2023/10/29/story/";

    // An edit whose rebuild panics is named in the overlay; the last good page stays.
    write_story(site.root(), "title: PANIC\ndate: 2023-10-29");
    let message: String = serde_json::from_str(&next_event(&mut events, "build-error")).unwrap();
    assert_eq!(
        message,
        "content/story.md: newsroom stopped on an internal error while rebuilding the site (a test asked this rebuild to panic); this is a bug in newsroom, please report it with the file that set it off. Change or undo the edit and save again"
    );
    let (status, page) = server.get(story);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("First title"));

    // A whole build that panics, after it has begun writing, leaves no half-made folder.
    site.write("newsroom.toml", "title = \"Preview\"\n# edited\n");
    let message: String = serde_json::from_str(&next_event(&mut events, "build-error")).unwrap();
    assert!(
        message.starts_with("newsroom stopped on an internal error while rebuilding the site (a test asked this rebuild to panic)"),
        "{message}"
    );
    let (status, page) = server.get(story);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("First title"));
    // Beside the build folder there is only the record that says newsroom made it.
    let build = server.build_folder().file_name().unwrap().to_owned();
    let mut record = std::ffi::OsString::from(".newsroom.");
    record.push(&build);
    let mut beside: Vec<_> = std::fs::read_dir(server.temporary.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    beside.sort();
    assert_eq!(beside, [record, build]);

    // The lock the panic was raised under is not poisoned: the fix is built and served.
    write_story(site.root(), "title: Fixed title\ndate: 2023-10-29");
    next_event(&mut events, "reload");
    let (status, page) = server.get(story);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("Fixed title"));
    write_story(site.root(), "title: Edited again\ndate: 2023-10-29");
    next_event(&mut events, "reload");
    assert!(String::from_utf8_lossy(&server.get(story).1).contains("Edited again"));
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the fault hook is compiled only into debug builds; run with `cargo test`"
)]
fn pages_are_answered_while_a_long_rebuild_runs() {
    let site = site_with_story("First title");
    site.write("templates/404.html", not_found_template("Nothing here"));
    let server = Server::start_with_faults(&site);
    let mut seen = 0;
    // An edit is applied at once; the rebuilds after it take 3 seconds.
    write_story(site.root(), "title: SLOW 3000\ndate: 2023-10-29");
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");

    let changes: [(&str, &str, &str); 3] = [
        (
            "newsroom.toml",
            "title = \"Preview\"\n# edited\n",
            "Rebuilt",
        ),
        (
            "templates/404.html",
            &not_found_template("Lost"),
            "with the new templates",
        ),
        // A new tag: a new edition is assembled.
        (
            "content/story.md",
            "---\ntitle: SLOW 3000\ndate: 2023-10-29\ntags: [Transport]\n---\nBody.\n",
            "for content/story.md",
        ),
    ];
    for (file, text, done) in changes {
        site.write(file, text);
        let mut answered = 0;
        let deadline = Instant::now() + Duration::from_secs(30);
        let finished = loop {
            for path in ["/2023/10/29/story/", "/", "/theme.css"] {
                let asked = Instant::now();
                let (status, page) = server.get(path);
                let took = asked.elapsed();
                assert_eq!(status, 200, "{path}");
                assert!(!page.is_empty(), "{path}");
                assert!(
                    took < Duration::from_millis(1000),
                    "{path} took {took:?} while {file} was rebuilt"
                );
                answered += 1;
            }
            let log = server.log_lines();
            let starts = ["Rebuilt", "Re-rendered", "error"];
            if let Some(line) = log[seen..]
                .iter()
                .find(|line| starts.iter().any(|start| line.starts_with(start)))
            {
                seen = log.len();
                break line.clone();
            }
            assert!(Instant::now() < deadline, "{file} was never rebuilt");
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(finished.contains(done), "{finished}");
        // The rebuild took its 3 seconds, and pages were answered all along.
        let milliseconds: u64 = finished
            .split(" in ")
            .nth(1)
            .and_then(|took| took.split(" ms").next()?.parse().ok())
            .unwrap_or_else(|| panic!("{finished}"));
        assert!(milliseconds >= 3000, "{finished}");
        assert!(answered >= 9, "only {answered} answers during: {finished}");
    }
}

#[test]
fn request_paths_no_file_can_have_get_the_404_page() {
    let site = site_with_story("Title");
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "top secret").unwrap();
    let server = Server::start(&site);
    // Links in the served folder that lead out of it.
    let built = server.build_folder();
    std::os::unix::fs::symlink(&secret, built.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.root(), built.join("leak")).unwrap();
    std::os::unix::fs::symlink(site.root(), built.join("tags/leak")).unwrap();
    std::os::unix::fs::symlink("loop", built.join("loop")).unwrap();

    let long = |length: usize| format!("/{}/", "a".repeat(length));
    let long_in_a_folder = format!("/tags/{}.html", "b".repeat(300));
    for target in [
        long(256).as_str(),
        long(300).as_str(),
        long(10_000).as_str(),
        long_in_a_folder.as_str(),
        "/%00",
        "/index.html%00.css",
        "/tags/%00/",
        "/%ff%fe/",
        "/%c3%28.html",
        "/tags/%e2%82/",
        "/tags/../../secret.txt",
        "/tags/%2e%2e/%2e%2e/secret.txt",
        "/leak.txt",
        "/leak/secret.txt",
        "/leak/",
        "/tags/leak/secret.txt",
        "/loop",
    ] {
        let (status, body) = server.raw_get(target);
        assert_eq!(status, 404, "{target}\n{body}");
        assert!(body.contains("Page not found"), "{target}\n{body}");
        assert!(!body.contains("top secret"), "{target} leaked a file");
    }
    // Names up to the longest a file system takes are looked up as any other.
    let (status, body) = server.raw_get(&long(255));
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("Page not found"), "{body}");
    assert_eq!(server.raw_get("/2023/10/29/story/").0, 200);
}

#[test]
fn a_changed_shortcode_template_re_renders_the_bodies_that_call_it() {
    let site = Fixture::new();
    site.write("newsroom.toml", "title = \"Preview\"\n");
    site.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note\">first {{ text }}</aside>",
    );
    site.article(
        "story.md",
        "title: Story\ndate: 2023-10-29",
        "Intro.\n\n{{ note(text=\"one\") }}",
    );
    site.article("other.md", "title: Other\ndate: 2023-10-28", "No calls.");
    let server = Server::start(&site);
    let mut seen = 0;
    let note = |server: &Server| {
        let (status, page) = server.get("/2023/10/29/story/");
        assert_eq!(status, 200);
        texts(
            &scraper::Html::parse_document(&String::from_utf8_lossy(&page)),
            "aside.note",
        )
    };
    assert_eq!(note(&server), ["first one"]);

    // The shortcode's template: every body is rendered again with it.
    site.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note\">second {{ text }}</aside>",
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.contains("with the new templates"), "{line}");
    assert_eq!(note(&server), ["second one"]);

    // An edited story is rendered with the new template, not an old body.
    site.article(
        "story.md",
        "title: Story\ndate: 2023-10-29",
        "Intro.\n\n{{ note(text=\"two\") }}",
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.starts_with("Re-rendered"), "{line}");
    assert_eq!(note(&server), ["second two"]);

    // A built-in shortcode overridden while serving.
    site.article(
        "story.md",
        "title: Story\ndate: 2023-10-29",
        "{{ youtube(id=\"abc\") }}",
    );
    server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    site.write(
        "templates/shortcodes/youtube.html",
        "<aside class=\"note\">video {{ id }}</aside>",
    );
    let line = server.wait_for_log(&mut seen, &["Re-rendered", "Rebuilt", "error"]);
    assert!(line.contains("with the new templates"), "{line}");
    assert_eq!(note(&server), ["video abc"]);
}
