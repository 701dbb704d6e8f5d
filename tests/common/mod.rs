//! Shared test harness: fixture sites in temporary folders, the real binary, an HTML parser.
#![allow(dead_code)]

pub mod chromium;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A site folder in a temporary directory, deleted when dropped.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty site folder.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> &Fixture {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes `content/<name>` as a YAML-fronted article.
    pub fn article(&self, name: &str, front_matter: &str, body: &str) -> &Fixture {
        self.write(
            &format!("content/{name}"),
            format!("---\n{}\n---\n{body}\n", front_matter.trim()),
        )
    }

    /// Runs `newsroom build` on this site with extra arguments.
    pub fn build(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsroom"))
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run the newsroom binary")
    }

    /// Builds and panics with the error output unless the build succeeded.
    pub fn build_ok(&self, args: &[&str]) -> String {
        let output = self.build(args);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Builds, expects failure, and returns the error output.
    pub fn build_err(&self, args: &[&str]) -> String {
        let output = self.build(args);
        assert!(
            !output.status.success(),
            "build unexpectedly succeeded:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stderr).unwrap()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Parses an output page, given by its URL path such as `/2023/10/29/slug/`.
    pub fn page(&self, url_path: &str) -> Html {
        let file = self
            .public()
            .join(url_path.trim_start_matches('/'))
            .join("index.html");
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        Html::parse_document(&text)
    }

    /// Every file of the output folder with its bytes, to check that nothing changed.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.public())
    }
}

/// Runs `newsroom` with `args`; gives success, stdout and stderr.
pub fn newsroom(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(args)
        .output()
        .expect("run the newsroom binary");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|element| element.text().collect::<String>())
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The value of `attribute` on every element matching `selector`.
pub fn attrs(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|element| element.value().attr(attribute))
        .map(str::to_string)
        .collect()
}

/// Serves the files under `root` over HTTP on a free local port, one thread per request,
/// for as long as the test runs.
pub fn serve_folder(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root));
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut request = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let mut file = root.join(decoded.trim_start_matches('/'));
    if decoded.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if !decoded.contains("..") => ("200 OK", body),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let media_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.0 {status}\r\nContent-Type: {media_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%'
            && at + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&path[at + 1..at + 3], 16)
        {
            out.push(byte);
            at += 3;
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
