//! `newsroom next`: when the site next changes by the clock alone, so a scheduler can rebuild
//! it then.
//!
//! A build publishes what is due at the moment it runs: a story dated (or with a
//! `publish_date`) in the future waits, and a story past its `expiry_date` is taken down. Both
//! happen only when a build runs, so a site that publishes on a schedule needs a build at
//! each of those moments. This reads the site as a build would and lists them.

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::error::Result;
use crate::site::Timed;
use crate::{BuildOptions, Frame};

/// One moment at which a build would publish something different.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: DateTime<Tz>,
    pub change: Timed,
    /// The story's file, relative to the site folder.
    pub source: PathBuf,
    pub title: String,
}

/// The site's timed changes after a moment, soonest first.
#[derive(Debug, Clone)]
pub struct Upcoming {
    /// The moment they are judged from.
    pub now: DateTime<Utc>,
    pub changes: Vec<Change>,
}

/// Reads the site at `options.root` as `newsroom build` with `options` would, and lists
/// every moment after `at` (the build's moment when `None`: the clock, or `NEWSROOM_NOW`) at
/// which a scheduled story goes live or a story expires. Reading fails as the build would, on
/// the same problems.
pub fn upcoming(options: &BuildOptions, at: Option<DateTime<Utc>>) -> Result<Upcoming> {
    let (frame, content) = Frame::read(options)?;
    let mut publishing = frame.publishing;
    if let Some(at) = at {
        publishing.now = at;
    }
    let mut changes: Vec<Change> = content
        .articles
        .iter()
        .flat_map(|article| {
            publishing
                .timed_changes(article)
                .into_iter()
                .map(|(at, change)| Change {
                    at,
                    change,
                    source: article.source.clone(),
                    title: article.title.clone(),
                })
        })
        .collect();
    changes.sort_by(|a, b| (a.at, a.change, &a.source).cmp(&(b.at, b.change, &b.source)));
    Ok(Upcoming {
        now: publishing.now,
        changes,
    })
}

/// A moment as the command prints it: RFC 3339 in UTC to the second
/// (`2026-12-02T06:00:00Z`), which `date -d`, systemd and most languages read, and which
/// sorts as text in time order.
pub fn machine_time(at: DateTime<impl chrono::TimeZone>) -> String {
    at.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The `--json` form: `{"now", "next", "changes": [{"at", "change", "file", "title"}]}`;
/// `next` is the first change's moment, or null when nothing is scheduled.
pub fn to_json(upcoming: &Upcoming) -> String {
    #[derive(Serialize)]
    struct Listed<'a> {
        at: String,
        change: &'static str,
        file: String,
        title: &'a str,
    }
    #[derive(Serialize)]
    struct Listing<'a> {
        now: String,
        next: Option<String>,
        changes: Vec<Listed<'a>>,
    }
    let listing = Listing {
        now: machine_time(upcoming.now),
        next: upcoming.changes.first().map(|first| machine_time(first.at)),
        changes: upcoming
            .changes
            .iter()
            .map(|change| Listed {
                at: machine_time(change.at),
                change: match change.change {
                    Timed::GoesLive => "goes-live",
                    Timed::Expires => "expires",
                },
                file: change.source.to_string_lossy().replace('\\', "/"),
                title: &change.title,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&listing).unwrap_or_default()
}
