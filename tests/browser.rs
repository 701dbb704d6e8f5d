//! The example site as readers see it: screenshots in headless Chromium at a phone's and a
//! desktop's width, and Lighthouse's four scores on the home and an article page, as a phone
//! and as a desktop.
//!
//! Both need tools a plain `cargo test` machine may lack, so they are ignored there and run by
//! `.ci/run`, which installs Chromium and Lighthouse first.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The widths the theme is checked at: a phone held upright, and a laptop.
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);

/// The lowest score Lighthouse may give in any category.
const LEAST_SCORE: f64 = 0.95;

/// Held by each test that drives Chromium, so the screenshots never run beside a Lighthouse
/// audit: Lighthouse times the page, and a second browser on a two-core machine would count
/// as the page's own blocking time.
static ONE_BROWSER_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The devices Lighthouse stands for: its default, a mid-range phone on a slow mobile network
/// with the processor slowed four times, and a desktop on a fast connection.
#[derive(Clone, Copy, Debug)]
enum Preset {
    Mobile,
    Desktop,
}

/// The example site built for a local address and served from a thread, as a static host
/// would serve it (folders by their `index.html`, unknown paths with `404.html`).
struct ServedSite {
    base: String,
    _output: tempfile::TempDir,
}

impl ServedSite {
    fn start() -> ServedSite {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        let output = tempfile::tempdir().unwrap();
        let built = Command::new(env!("CARGO_BIN_EXE_newsroom"))
            .args([
                "build",
                "--root",
                env!("CARGO_MANIFEST_DIR"),
                "--base-url",
                &base,
            ])
            .arg("--output")
            .arg(output.path().join("public"))
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let root = output.path().join("public");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                std::thread::spawn(move || serve_one(stream, &root));
            }
        });
        ServedSite {
            base,
            _output: output,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }
}

/// Answers one request. `/__measure?width=390&page=/tags/x/` is a page that shows `page` in a
/// frame `width` pixels wide and reports what sticks out of it (see [`MEASURE`]): Chromium
/// keeps a headless window at least 500 pixels wide, a frame can be narrower.
fn serve_one(mut stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("svg") => "image/svg+xml",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        _ => "application/octet-stream",
    };
    if path == "/__measure" {
        let parameter = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .unwrap_or_default()
                .to_string()
        };
        let frame = format!(
            "<!doctype html><body style=\"margin:0\"><iframe id=\"page\" src=\"{}\" width=\"{}\" height=\"800\" style=\"border:0\"></iframe><script>{MEASURE}</script></body>",
            parameter("page"),
            parameter("width")
        );
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            frame.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(frame.as_bytes());
        return;
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: max-age=3600\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Lists every element whose box reaches past either side of the viewport, leaving out those
/// inside a box that scrolls or clips (a wide table scrolls on its own, as it should) and the
/// skip link, which waits off-screen until focused; with the page's own scroll width. The
/// report goes into the page, for `--dump-dom` to print.
const MEASURE: &str = r#"
document.getElementById('page').addEventListener('load', (event) => {
  const win = event.target.contentWindow, doc = event.target.contentDocument;
  const width = doc.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== doc.body; up = up.parentElement) {
      if (win.getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const overflowing = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.closest('.skip-link, .visually-hidden') || clipped(el)) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      overflowing.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  const report = document.createElement('pre');
  report.id = 'overflow-report';
  report.textContent = JSON.stringify({
    viewport: win.innerWidth, width, scrollWidth: doc.documentElement.scrollWidth, overflowing,
  });
  document.body.appendChild(report);
});
"#;

/// Chromium's command, started headless as a test machine can run it.
fn chromium() -> Command {
    let binary = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok())
        .expect("the browser tests need Chromium (bash .ci/run installs it)");
    let mut command = Command::new(binary);
    command.args([
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    command
}

/// Where screenshots go: `target/screenshots/`, kept after the test for people to look at.
fn screenshot_folder() -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Takes a screenshot of `url` at `size` and checks it is a picture of a page: a PNG of that
/// size with more than a handful of colours (a blank or failed page has one or two).
fn screenshot(url: &str, size: (u32, u32), file: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let output = chromium()
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(format!("--screenshot={}", file.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(
        file.is_file(),
        "no screenshot of {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let decoder = png::Decoder::new(BufReader::new(std::fs::File::open(file).unwrap()));
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(
        (frame.width, frame.height),
        size,
        "{} is not the window's size",
        file.display()
    );
    let channels = frame.color_type.samples();
    let colours: HashSet<&[u8]> = pixels[..frame.buffer_size()].chunks(channels).collect();
    assert!(
        colours.len() > 32,
        "{} has {} colours: is the page blank?",
        file.display(),
        colours.len()
    );
    println!("{} ({} colours)", file.display(), colours.len());
}

/// The page at `path` laid out `width` pixels wide: what reaches outside, if anything.
fn overflow_at(site: &ServedSite, path: &str, width: u32) -> serde_json::Value {
    let url = site.url(&format!("/__measure?width={width}&page={path}"));
    let profile = tempfile::tempdir().unwrap();
    let output = chromium()
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let document = scraper::Html::parse_document(&dom);
    let selector = scraper::Selector::parse("#overflow-report").unwrap();
    let report = document
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no layout report from {url}: {dom}"))
        .text()
        .collect::<String>();
    serde_json::from_str(&report).unwrap()
}

/// The pages a reader meets first: the front page, a story, a tag page and the 404 page.
fn pages() -> [(&'static str, &'static str); 4] {
    [
        ("home", "/"),
        (
            "article",
            "/2023/10/29/pakistan-def-spy-chiefs-talk-security-taliban/",
        ),
        ("tag", "/tags/pakistan/"),
        ("not-found", "/no/such/page/"),
    ]
}

#[test]
#[ignore = "needs chromium; .ci/run installs it"]
fn the_example_site_looks_right_on_a_phone_and_a_desktop() {
    let _turn = ONE_BROWSER_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let site = ServedSite::start();
    let folder = screenshot_folder();
    for (name, path) in pages() {
        let url = site.url(path);
        for (label, size) in [("phone", PHONE), ("desktop", DESKTOP)] {
            screenshot(&url, size, &folder.join(format!("{name}-{label}.png")));
        }
        let report = overflow_at(&site, path, PHONE.0);
        assert_eq!(
            report["viewport"], PHONE.0,
            "the phone viewport of {url}: {report}"
        );
        assert!(
            report["scrollWidth"].as_u64() <= report["width"].as_u64()
                && report["overflowing"].as_array().is_some_and(Vec::is_empty),
            "{url} is wider than a phone's screen: {report}"
        );
    }
}

/// Lighthouse's command-line tool, as `.ci/run` installs it.
fn lighthouse() -> PathBuf {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tools/node_modules/lighthouse/cli/index.js");
    assert!(
        tool.is_file(),
        "the Lighthouse test needs npm's lighthouse in target/test-tools (bash .ci/run installs it)"
    );
    tool
}

/// Runs Lighthouse on `url` as `preset` and gives its report.
fn lighthouse_report(url: &str, preset: Preset, report: &Path) -> serde_json::Value {
    let chrome = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|path| Path::new(path).exists())
        .expect("the Lighthouse test needs Chromium (bash .ci/run installs it)");
    let mut command = Command::new("node");
    command.arg(lighthouse()).arg(url).args([
        "--output=json",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]);
    if let Preset::Desktop = preset {
        command.arg("--preset=desktop");
    }
    let output = command
        .arg(format!("--output-path={}", report.display()))
        .env("CHROME_PATH", chrome)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "lighthouse failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut text = String::new();
    std::fs::File::open(report)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    serde_json::from_str(&text).expect("Lighthouse writes a JSON report")
}

/// The audits that cost a category points: those scored below full marks, with their titles.
fn failing_audits(report: &serde_json::Value, category: &str) -> Vec<String> {
    let audits = &report["audits"];
    report["categories"][category]["auditRefs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|reference| reference["weight"].as_f64().unwrap_or(0.0) > 0.0)
        .filter_map(|reference| {
            let audit = &audits[reference["id"].as_str()?];
            let score = audit["score"].as_f64()?;
            (score < 1.0).then(|| {
                format!(
                    "{} ({}): {}",
                    audit["id"].as_str().unwrap_or_default(),
                    score,
                    audit["title"].as_str().unwrap_or_default()
                )
            })
        })
        .collect()
}

#[test]
#[ignore = "needs lighthouse and chromium; .ci/run installs them"]
fn lighthouse_scores_the_home_and_an_article_page_95_or_more_in_every_category() {
    let _turn = ONE_BROWSER_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let site = ServedSite::start();
    let folder = screenshot_folder();
    let mut low = Vec::new();
    for ((name, path), preset) in pages()[..2]
        .iter()
        .flat_map(|page| [(page, Preset::Mobile), (page, Preset::Desktop)])
    {
        let url = site.url(path);
        let label = format!("{name}-{preset:?}").to_lowercase();
        let file = folder.join(format!("lighthouse-{label}.json"));
        // Timings vary with the machine's load: a page gets three tries, and its best run
        // counts, so a busy moment does not fail a fast page (a slow page fails all three).
        let mut problems = Vec::new();
        for attempt in 1..=3 {
            let report = lighthouse_report(&url, preset, &file);
            println!("{} (run {attempt})", file.display());
            problems.clear();
            for category in ["performance", "accessibility", "best-practices", "seo"] {
                let score = report["categories"][category]["score"]
                    .as_f64()
                    .unwrap_or_else(|| {
                        panic!("no {category} score for {url} in {}", file.display())
                    });
                println!("{label} {category}: {score}");
                if score < LEAST_SCORE {
                    problems.push(format!(
                        "{url} ({preset:?}) {category} {score}:\n    {}",
                        failing_audits(&report, category).join("\n    ")
                    ));
                }
            }
            if problems.is_empty() {
                break;
            }
        }
        low.append(&mut problems);
    }
    assert!(
        low.is_empty(),
        "Lighthouse scores below {LEAST_SCORE}:\n{}",
        low.join("\n")
    );
}
