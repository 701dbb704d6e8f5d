//! `newsroom ping`: telling the world what the last build changed, from its change list
//! (see [`crate::changes`]).
//!
//! - IndexNow (when `indexnow_key` is set): the changed pages' URLs, in one JSON request per
//!   10,000, to `indexnow_endpoint`; the search engines behind it share them. The build
//!   publishes the key file that proves the request comes from the site.
//! - WebSub (when `websub_hub` is set): one `hub.mode=publish` request for each changed feed,
//!   so the hub fetches it and pushes it to subscribed readers at once.
//!
//! The HTTP client is ureq, as for `newsroom check --external`: small, blocking and with
//! rustls, which is all a handful of requests needs.

use std::time::Duration;

use serde::Serialize;

use crate::changes::ChangeList;
use crate::config::Config;
use crate::error::{Error, Result};

/// The most URLs IndexNow takes in one request.
pub const INDEXNOW_BATCH: usize = 10_000;

/// How long one request may take before `ping` gives up on it.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What `newsroom ping` was asked to do.
#[derive(Debug, Clone)]
pub struct PingOptions {
    pub root: std::path::PathBuf,
    /// Say what would be sent without sending it.
    pub dry_run: bool,
}

/// One request `ping` sends, or would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// Where it goes.
    pub endpoint: String,
    /// What it tells, for the summary: "12 URLs" or a feed's URL.
    pub about: String,
    /// The answer's status, when it was sent.
    pub status: Option<u16>,
}

/// What `ping` sent.
#[derive(Debug, Clone, Default)]
pub struct PingReport {
    pub sent: Vec<Sent>,
    /// Why a service was not told, for a service that is set up but had nothing to hear.
    pub notes: Vec<String>,
}

/// The IndexNow request body, as the protocol names its fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndexNowRequest<'a> {
    host: &'a str,
    key: &'a str,
    key_location: String,
    url_list: &'a [String],
}

/// Sends the last build's changes to the services the config names.
pub fn ping(options: &PingOptions) -> Result<PingReport> {
    let config = Config::load(&options.root)?;
    if config.indexnow_key.is_none() && config.websub_hub.is_none() {
        return Err(Error::Usage(format!(
            "{}: neither indexnow_key nor websub_hub is set, so there is no one to ping; set one in {}",
            options.root.join(crate::config::CONFIG_FILE).display(),
            crate::config::CONFIG_FILE
        )));
    }
    if !config.has_absolute_base_url() {
        return Err(Error::Usage(format!(
            "base_url is not an absolute URL, so the changed URLs cannot be told to anyone; set base_url in {}",
            crate::config::CONFIG_FILE
        )));
    }
    let cache = crate::changes::cache_dir(&options.root, &config);
    let changes = ChangeList::read(&cache)?;
    if changes.base_url != config.base_url {
        return Err(Error::Usage(format!(
            "the last build was made for {} and the config names {}; build again before pinging",
            if changes.base_url.is_empty() {
                "no base_url"
            } else {
                &changes.base_url
            },
            config.base_url
        )));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .user_agent(concat!("newsroom/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut report = PingReport::default();
    if let Some(key) = &config.indexnow_key {
        indexnow(&agent, &config, key, &changes, options.dry_run, &mut report)?;
    }
    if let Some(hub) = &config.websub_hub {
        websub(&agent, hub, &changes, options.dry_run, &mut report)?;
    }
    Ok(report)
}

/// Whether a changed URL is a page a search engine indexes: not a feed, a sitemap, a photo or
/// a file of the search index.
fn is_page(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    (path.ends_with('/') || path.ends_with(".html")) && !path.contains("/pagefind/")
}

/// Whether a changed URL is one of the site's feeds.
fn is_feed(url: &str) -> bool {
    url.ends_with("/rss.xml") || url.ends_with("/atom.xml")
}

fn indexnow(
    agent: &ureq::Agent,
    config: &Config,
    key: &str,
    changes: &ChangeList,
    dry_run: bool,
    report: &mut PingReport,
) -> Result<()> {
    // Deleted pages are told too, so engines drop them sooner.
    let urls: Vec<String> = changes.all().filter(|url| is_page(url)).cloned().collect();
    if urls.is_empty() {
        report
            .notes
            .push("IndexNow: the last build changed no page".to_string());
        return Ok(());
    }
    let host = url::Url::parse(&config.base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
        .unwrap_or_default();
    let endpoint = &config.indexnow_endpoint;
    for batch in urls.chunks(INDEXNOW_BATCH) {
        let body = IndexNowRequest {
            host: &host,
            key,
            key_location: config.url_for(&format!("/{key}.txt")),
            url_list: batch,
        };
        let status = if dry_run {
            None
        } else {
            let json =
                serde_json::to_string(&body).map_err(|e| failed(endpoint, &e.to_string()))?;
            let answer = agent
                .post(endpoint)
                .header("Content-Type", "application/json; charset=utf-8")
                .send(json)
                .map_err(|e| failed(endpoint, &e.to_string()))?;
            let status = answer.status().as_u16();
            // 200 and 202 are IndexNow's two answers of success.
            if !(200..300).contains(&status) {
                return Err(failed(
                    endpoint,
                    &format!("it answered {}{}", status, indexnow_reason(status)),
                ));
            }
            Some(status)
        };
        report.sent.push(Sent {
            endpoint: endpoint.clone(),
            about: format!("{} URLs", batch.len()),
            status,
        });
    }
    Ok(())
}

/// What IndexNow's documented error answers mean.
fn indexnow_reason(status: u16) -> &'static str {
    match status {
        400 => " (bad request: the body is not what IndexNow expects)",
        403 => {
            " (forbidden: the key file was not found at the site, so deploy the build before pinging)"
        }
        422 => " (the URLs are not of the host, or the key does not match the key file)",
        429 => " (too many requests: try again later)",
        _ => "",
    }
}

fn websub(
    agent: &ureq::Agent,
    hub: &str,
    changes: &ChangeList,
    dry_run: bool,
    report: &mut PingReport,
) -> Result<()> {
    let feeds: Vec<&String> = changes
        .added
        .iter()
        .chain(&changes.updated)
        .filter(|url| is_feed(url))
        .collect();
    if feeds.is_empty() {
        report
            .notes
            .push("WebSub: the last build changed no feed".to_string());
        return Ok(());
    }
    for feed in feeds {
        let status = if dry_run {
            None
        } else {
            let answer = agent
                .post(hub)
                .send_form([("hub.mode", "publish"), ("hub.url", feed.as_str())])
                .map_err(|e| failed(hub, &e.to_string()))?;
            let status = answer.status().as_u16();
            if !(200..300).contains(&status) {
                return Err(failed(hub, &format!("it answered {status} for {feed}")));
            }
            Some(status)
        };
        report.sent.push(Sent {
            endpoint: hub.to_string(),
            about: feed.clone(),
            status,
        });
    }
    Ok(())
}

fn failed(endpoint: &str, why: &str) -> Error {
    Error::Usage(format!(
        "ping {endpoint}: {why}; the change list is kept, so run `newsroom ping` again once it answers"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_feeds_are_told_apart() {
        assert!(is_page("https://x.org/2023/10/29/a/"));
        assert!(is_page("https://x.org/"));
        assert!(!is_page("https://x.org/atom.xml"));
        assert!(!is_page("https://x.org/pagefind/index/en_1.pf_index"));
        assert!(!is_page("https://x.org/images/a-480.avif"));
        assert!(is_feed("https://x.org/tags/x/rss.xml"));
        assert!(!is_feed("https://x.org/sitemap.xml"));
    }
}
