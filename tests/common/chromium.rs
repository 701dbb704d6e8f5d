//! Headless Chromium driven over its DevTools protocol, for the tests that watch a page in
//! a real browser (live reload, search). They are ignored by a plain `cargo test` and run by
//! `.ci/run`, which installs Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium, started headless on one page with the DevTools protocol on, stopped when
/// dropped.
pub struct Browser {
    child: Child,
    devtools: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium on `url`, with a profile of its own that goes when it does.
    pub fn open(url: &str) -> Browser {
        let binary = ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|name| Command::new(name).arg("--version").output().is_ok())
            .expect("this test needs Chromium (bash .ci/run installs it)");
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start Chromium");
        // Chromium prints the address of its DevTools server on stderr once it listens.
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let devtools = loop {
            let line = lines.next().expect("Chromium ended early").unwrap();
            if let Some(at) = line.find("ws://") {
                break line[at + 5..].split('/').next().unwrap().to_string();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Browser {
            child,
            devtools,
            _profile: profile,
        }
    }

    /// The DevTools WebSocket of the open page, once Chromium lists it.
    pub fn page_socket(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let body = targets(&self.devtools);
            if let Ok(serde_json::Value::Array(targets)) = serde_json::from_str(&body)
                && let Some(page) = targets.iter().find(|t| t["type"] == "page")
            {
                return page["webSocketDebuggerUrl"].as_str().unwrap().to_string();
            }
            assert!(Instant::now() < deadline, "no page in Chromium: {body}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Chromium's list of targets. Its DevTools server keeps the connection open, so the body
/// is read by its Content-Length rather than to the end of the stream.
fn targets(devtools: &str) -> String {
    let mut stream = TcpStream::connect(devtools).unwrap();
    write!(
        stream,
        "GET /json/list HTTP/1.1\r\nHost: {devtools}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

/// Evaluates JavaScript in the page and returns its value; a promise is awaited first.
pub fn evaluate(socket: &str, expression: &str) -> serde_json::Value {
    let (mut connection, _) = tungstenite::connect(socket).expect("connect to DevTools");
    let request = serde_json::json!({
        "id": 1,
        "method": "Runtime.evaluate",
        "params": {"expression": expression, "returnByValue": true, "awaitPromise": true}
    });
    connection
        .send(tungstenite::Message::text(request.to_string()))
        .unwrap();
    loop {
        let message = connection.read().unwrap();
        let Ok(text) = message.to_text() else {
            continue;
        };
        let reply: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        if reply["id"] == 1 {
            let _ = connection.close(None);
            return reply["result"]["result"]["value"].clone();
        }
    }
}

/// Waits up to 30 seconds for the page's `expression` to give `expected`.
pub fn wait_for(socket: &str, expression: &str, expected: impl Into<serde_json::Value>) {
    let expected = expected.into();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = serde_json::Value::Null;
    while Instant::now() < deadline {
        last = evaluate(socket, expression);
        if last == expected {
            return;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    panic!("{expression}\nstayed {last}\ninstead of {expected}");
}
