//! Asking other sites whether the pages the site links to are still there.
//!
//! A few requests run at a time, and fewer to any one host, so a check is no burden on the
//! sites it asks; each request has a time limit. A `HEAD` request is tried first, as it asks
//! for no page; servers that do not take `HEAD` (405, 501) are asked again with `GET`.
//! Every answer is kept in a cache file in the site folder, so the next check asks only about
//! links it has not asked about lately.
//!
//! The client is ureq: a small, maintained, blocking HTTP client with TLS through rustls and
//! the Mozilla roots built in (no system OpenSSL), which suits a handful of worker threads
//! better than an async stack would.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The folder, in the site folder, for what newsroom keeps between runs.
pub const STATE_DIR: &str = ".newsroom";
/// The cache of answers, in [`STATE_DIR`].
pub const CACHE_FILE: &str = "link-cache.json";

/// How many requests run at once.
pub const CONCURRENCY: usize = 8;
/// How many of them may go to one host.
pub const PER_HOST: usize = 2;
/// How long one request may take, redirects included.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a working link is believed without asking again.
pub const KEEP_WORKING: Duration = Duration::from_secs(7 * 24 * 3600);
/// How long a broken link is believed: shorter, so a fix on the other side is seen soon.
pub const KEEP_BROKEN: Duration = Duration::from_secs(24 * 3600);

/// What became of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Working,
    /// Why it is broken, in words: "the server answered 404 Not Found".
    Broken(String),
    /// The server asked to be asked later (429): neither working nor broken, and not kept.
    Unknown(String),
}

/// One answer, as the cache keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Answer {
    /// When it was asked, in seconds since 1970.
    checked: u64,
    /// The final status, when the server answered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    status: Option<u16>,
    /// Why no status came, when none did.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    error: Option<String>,
}

impl Answer {
    fn verdict(&self) -> Verdict {
        match (self.status, &self.error) {
            (Some(status), _) if status < 400 => Verdict::Working,
            (Some(429), _) => Verdict::Unknown(format!(
                "the server answered {} (too many requests); check again later",
                describe_status(429)
            )),
            (Some(status), _) => {
                Verdict::Broken(format!("the server answered {}", describe_status(status)))
            }
            (None, Some(error)) => Verdict::Broken(format!("could not be reached: {error}")),
            (None, None) => Verdict::Broken("could not be reached".to_string()),
        }
    }

    fn fresh(&self, now: u64) -> bool {
        let keep = match self.verdict() {
            Verdict::Working => KEEP_WORKING,
            Verdict::Broken(_) => KEEP_BROKEN,
            Verdict::Unknown(_) => return false,
        };
        now.saturating_sub(self.checked) < keep.as_secs()
    }
}

fn describe_status(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// The file the answers are kept in.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    links: BTreeMap<String, Answer>,
}

/// The answers of earlier checks, read from and written back to the site folder.
pub struct Cache {
    path: PathBuf,
    file: CacheFile,
}

impl Cache {
    /// Reads the cache of the site at `root`; a missing or unreadable one is empty (it is
    /// only a cache), and the warning says so.
    pub fn load(root: &Path) -> (Cache, Option<String>) {
        let path = root.join(STATE_DIR).join(CACHE_FILE);
        let (file, warning) = match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(file) => (file, None),
                Err(error) => (
                    CacheFile::default(),
                    Some(format!(
                        "{}: the link cache cannot be read ({error}), so every outside link is asked again; it is rewritten after this check",
                        relative(root, &path)
                    )),
                ),
            },
            Err(_) => (CacheFile::default(), None),
        };
        (Cache { path, file }, warning)
    }

    /// Writes the cache back, without the answers too old to use; through a temporary file,
    /// so a check killed while writing leaves the old cache whole.
    pub fn save(&mut self, now: u64) -> Result<()> {
        self.file.links.retain(|_, answer| answer.fresh(now));
        let folder = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(|e| Error::io("create the folder", folder, e))?;
        let text = serde_json::to_string_pretty(&self.file).unwrap_or_default();
        let temporary = self
            .path
            .with_extension(format!("json.{}", std::process::id()));
        std::fs::write(&temporary, text).map_err(|e| Error::io("write", &temporary, e))?;
        std::fs::rename(&temporary, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            Error::io("replace", &self.path, e)
        })
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What a run of [`check`] did.
#[derive(Debug, Default)]
pub struct Asked {
    /// The verdict on every URL given.
    pub verdicts: HashMap<String, Verdict>,
    /// How many URLs were asked over the network (the rest came from the cache).
    pub asked: usize,
}

/// The verdict on each of `urls` (without fragments), from the cache where it has a fresh
/// answer, else by asking; new answers go into the cache. `now` is in seconds since 1970.
pub fn check(urls: &[String], cache: &mut Cache, now: u64) -> Asked {
    let mut verdicts = HashMap::new();
    let mut to_ask = Vec::new();
    for url in urls {
        match cache.file.links.get(url) {
            Some(answer) if answer.fresh(now) => {
                verdicts.insert(url.clone(), answer.verdict());
            }
            _ => to_ask.push(url.clone()),
        }
    }
    let answers = ask_all(&to_ask, now);
    let asked = answers.len();
    for (url, answer) in to_ask.into_iter().zip(answers) {
        verdicts.insert(url.clone(), answer.verdict());
        cache.file.links.insert(url, answer);
    }
    Asked { verdicts, asked }
}

/// Asks about every URL, [`CONCURRENCY`] at a time and at most [`PER_HOST`] to one host;
/// the answers are in the order of `urls`.
fn ask_all(urls: &[String], now: u64) -> Vec<Answer> {
    struct Queue {
        /// Positions in `urls` not yet taken.
        waiting: Vec<usize>,
        /// Requests running per host.
        running: HashMap<String, usize>,
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .max_redirects(10)
        .user_agent(concat!(
            "newsroom/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let host_of = |url: &str| {
        url::Url::parse(url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_string))
            .unwrap_or_default()
    };
    let queue = Mutex::new(Queue {
        waiting: (0..urls.len()).rev().collect(),
        running: HashMap::new(),
    });
    let turn = Condvar::new();
    let answers: Mutex<Vec<Option<Answer>>> = Mutex::new(vec![None; urls.len()]);
    let lock = |mutex| -> std::sync::MutexGuard<'_, Queue> {
        let mutex: &Mutex<Queue> = mutex;
        mutex
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let (index, host) = {
                        let mut state = lock(&queue);
                        loop {
                            if state.waiting.is_empty() {
                                return;
                            }
                            let Queue { waiting, running } = &mut *state;
                            let free = waiting.iter().rposition(|&index| {
                                running.get(&host_of(&urls[index])).copied().unwrap_or(0) < PER_HOST
                            });
                            if let Some(at) = free {
                                let index = waiting.remove(at);
                                let host = host_of(&urls[index]);
                                *running.entry(host.clone()).or_insert(0) += 1;
                                break (index, host);
                            }
                            state = turn
                                .wait(state)
                                .unwrap_or_else(|poisoned| poisoned.into_inner());
                        }
                    };
                    let answer = ask(&agent, &urls[index], now);
                    answers
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())[index] = Some(answer);
                    if let Some(count) = lock(&queue).running.get_mut(&host) {
                        *count -= 1;
                    }
                    turn.notify_all();
                }
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .map(|answer| {
            answer.unwrap_or(Answer {
                checked: now,
                status: None,
                error: Some("the check of this link stopped".to_string()),
            })
        })
        .collect()
}

/// Asks about one URL: `HEAD`, then `GET` if the server does not take `HEAD`.
fn ask(agent: &ureq::Agent, url: &str, now: u64) -> Answer {
    let answer = |result: std::result::Result<u16, ureq::Error>| match result {
        Ok(status) => Answer {
            checked: now,
            status: Some(status),
            error: None,
        },
        Err(error) => Answer {
            checked: now,
            status: None,
            error: Some(describe_error(&error)),
        },
    };
    match agent.head(url).call() {
        Ok(response) if matches!(response.status().as_u16(), 405 | 501) => {
            answer(agent.get(url).call().map(|r| r.status().as_u16()))
        }
        result => answer(result.map(|r| r.status().as_u16())),
    }
}

/// Why a request got no answer, in words.
fn describe_error(error: &ureq::Error) -> String {
    match error {
        ureq::Error::HostNotFound => "no such host".to_string(),
        ureq::Error::Timeout(_) => format!("no answer within {} seconds", TIMEOUT.as_secs()),
        ureq::Error::TooManyRedirects => "it redirects too many times".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection was refused".to_string()
        }
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_believed_for_a_while() {
        let at = |status, checked| Answer {
            checked,
            status: Some(status),
            error: None,
        };
        let day = 24 * 3600;
        assert!(at(200, 0).fresh(6 * day));
        assert!(!at(200, 0).fresh(8 * day));
        assert!(at(404, 0).fresh(day - 1));
        assert!(!at(404, 0).fresh(day));
        assert!(!at(429, 0).fresh(0));
        assert_eq!(
            at(404, 0).verdict(),
            Verdict::Broken("the server answered 404 Not Found".to_string())
        );
        assert_eq!(at(301, 0).verdict(), Verdict::Working);
    }

    /// A server on 127.0.0.1 that holds every answer a moment, and counts how many requests
    /// it had at once, most.
    fn slow_server(requests: usize) -> (String, std::thread::JoinHandle<usize>) {
        use std::io::{Read, Write};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (open, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
            std::thread::scope(|scope| {
                for stream in listener.incoming().take(requests) {
                    let mut stream = stream.unwrap();
                    let (open, most) = (&open, &most);
                    scope.spawn(move || {
                        let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        let mut buffer = [0u8; 4096];
                        let _ = stream.read(&mut buffer);
                        std::thread::sleep(Duration::from_millis(150));
                        open.fetch_sub(1, Ordering::SeqCst);
                        let _ = stream.write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    });
                }
            });
            most.load(Ordering::SeqCst)
        });
        (format!("127.0.0.1:{port}"), server)
    }

    #[test]
    fn requests_to_one_host_are_limited() {
        let (host, server) = slow_server(6);
        let urls: Vec<String> = (0..6).map(|n| format!("http://{host}/{n}")).collect();
        let answers = ask_all(&urls, 0);
        assert!(answers.iter().all(|answer| answer.status == Some(200)));
        let most = server.join().unwrap();
        assert_eq!(most, PER_HOST, "requests at once to one host");
    }
}
