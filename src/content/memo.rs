//! Articles kept from the last build, so a file whose bytes did not change is not parsed
//! again.
//!
//! An article is a function of its file's path and bytes, the settings reading takes from
//! the config ([`Reading`]) and the binary, and its key is a hash of all of them, so a kept
//! article is used only where parsing would give the same. Its Markdown is not kept: it is
//! the end of the file's bytes, which the build reads anyway to hash them. A Jekyll draft is
//! never kept, since one without a date is dated by the clock.
//!
//! The memo lives in the build cache (`articles.bin`) and is written whole by a build that
//! parsed a file the memo did not hold or no longer has one it held, so it holds exactly
//! the last build's articles. It is written as a draft and put in place only when the build
//! succeeds (see [`crate::cache`]); one that cannot be read whole is no memo.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Article, Reading, SourceFile};
use crate::cache::Draft;
use crate::error::{Error, Result};

/// The memo's file in the build cache.
pub const MEMO_FILE: &str = "articles.bin";

/// What bumps when the memo's layout changes, so an old one is ignored, not misread.
const LAYOUT: u32 = 1;

/// The last bytes of a memo: a file cut short by a full disk or a crash lacks them.
const MARK: &[u8; 8] = b"nrarticl";

/// One kept article, encoded: decoded only when its file is read again unchanged.
pub type Record = Arc<[u8]>;

/// The memo file.
#[derive(Serialize, Deserialize)]
struct Stored {
    layout: u32,
    binary: String,
    articles: Vec<([u8; 32], Vec<u8>)>,
}

/// What is kept of one file: its article without the Markdown, where the Markdown starts in
/// the file, and the warnings reading it gave.
#[derive(Serialize, Deserialize)]
struct Kept {
    article: Article,
    body_at: usize,
    warnings: Vec<String>,
}

/// [`Kept`], borrowed, for writing: it encodes as a `Kept` does.
#[derive(Serialize)]
struct KeptNow<'a> {
    article: &'a Article,
    body_at: usize,
    warnings: &'a [String],
}

/// The articles the last build kept, by key.
#[derive(Default)]
pub struct Memo {
    records: HashMap<[u8; 32], Record>,
}

impl Memo {
    /// Reads the memo in the cache folder `cache`; a missing, unreadable, cut-short or older
    /// one, or one a different binary wrote, is an empty memo.
    pub fn read(cache: &Path) -> Memo {
        let records = std::fs::read(cache.join(MEMO_FILE))
            .ok()
            .and_then(|bytes| {
                let stored = bytes.strip_suffix(MARK)?;
                postcard::from_bytes::<Stored>(stored).ok()
            })
            .filter(|stored| {
                stored.layout == LAYOUT && stored.binary == crate::render::binary_identity()
            })
            .map(|stored| {
                let records = stored.articles.into_iter();
                records.map(|(key, bytes)| (key, bytes.into())).collect()
            })
            .unwrap_or_default();
        Memo { records }
    }

    /// How many articles the memo holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The article kept for `file` under `key`, with its warnings and its record for the
    /// next memo; `None` when the memo holds none, or one that no longer decodes whole.
    pub fn find(
        &self,
        key: &[u8; 32],
        file: &SourceFile,
    ) -> Option<(Article, Vec<String>, Record)> {
        let record = self.records.get(key)?;
        let kept: Kept = postcard::from_bytes(record).ok()?;
        let markdown = std::str::from_utf8(file.bytes.get(kept.body_at..)?).ok()?;
        let mut article = kept.article;
        article.body.markdown = markdown.to_string();
        Some((article, kept.warnings, Arc::clone(record)))
    }
}

/// The key of the file `file` read with `reading`: everything its article is made from.
pub fn key(reading: &Reading, file: &SourceFile) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    let settings = format!("{reading:?}");
    crate::render::hash_part(&mut hasher, settings.as_bytes());
    let path = file.path.to_string_lossy();
    crate::render::hash_part(&mut hasher, path.as_bytes());
    crate::render::hash_part(&mut hasher, &file.bytes);
    *hasher.finalize().as_bytes()
}

/// The record of `article`, just read from `file` with `warnings`, for the next build;
/// `None` for one that is not kept: a Jekyll draft, or one whose Markdown is not the end of
/// its file.
pub fn record(article: &Article, warnings: &[String], file: &SourceFile) -> Option<Record> {
    if file.path.iter().any(|part| part == "_drafts") {
        return None;
    }
    let markdown = article.body.markdown.as_bytes();
    let body_at = file.bytes.len().checked_sub(markdown.len())?;
    if &file.bytes[body_at..] != markdown {
        return None;
    }
    let kept = KeptNow {
        article,
        body_at,
        warnings,
    };
    postcard::to_stdvec(&kept).ok().map(Record::from)
}

/// The memo the next build reads: the record of each article this build parsed or found,
/// and whether it differs from the memo read.
#[derive(Debug, Default, Clone)]
pub struct Next {
    pub records: Vec<([u8; 32], Record)>,
    /// An article was parsed that the memo did not hold, or the memo holds one no longer
    /// read: the memo must be written again.
    pub stale: bool,
}

/// Writes `next` as a draft of the memo in the cache folder `cache`; [`Draft::keep`] puts it
/// in place.
pub fn write(cache: &Path, next: &Next) -> Result<Draft> {
    let (draft, file) = Draft::start(cache, MEMO_FILE)?;
    let stored = Stored {
        layout: LAYOUT,
        binary: crate::render::binary_identity(),
        articles: next
            .records
            .iter()
            .map(|(key, record)| (*key, record.to_vec()))
            .collect(),
    };
    let written = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(file);
        postcard::to_io(&stored, &mut out).map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut out, MARK)?;
        std::io::Write::flush(&mut out)
    })();
    written.map_err(|e| Error::io("write", draft.draft_path(), e))?;
    Ok(draft)
}

/// A date in the zone it was read in, as postcard keeps it: the zone's name and the moment.
pub(super) mod zoned {
    use chrono::{DateTime, TimeZone};
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &DateTime<Tz>, to: S) -> Result<S::Ok, S::Error> {
        let moment = (
            date.timezone().name(),
            date.timestamp(),
            date.timestamp_subsec_nanos(),
        );
        moment.serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<DateTime<Tz>, D::Error> {
        let (zone, seconds, nanos): (String, i64, u32) = Deserialize::deserialize(from)?;
        let zone: Tz = zone.parse().map_err(serde::de::Error::custom)?;
        zone.timestamp_opt(seconds, nanos)
            .single()
            .ok_or_else(|| serde::de::Error::custom("a moment out of range"))
    }
}

/// [`zoned`], for a date that may be absent.
pub(super) mod zoned_option {
    use chrono::DateTime;
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Zoned(#[serde(with = "super::zoned")] DateTime<Tz>);

    pub fn serialize<S: Serializer>(date: &Option<DateTime<Tz>>, to: S) -> Result<S::Ok, S::Error> {
        date.map(Zoned).serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<DateTime<Tz>>, D::Error> {
        let date: Option<Zoned> = Deserialize::deserialize(from)?;
        Ok(date.map(|Zoned(date)| date))
    }
}

/// Front-matter values newsroom does not know (`extra`), as postcard keeps them: a JSON
/// value asks its reader what comes next, which postcard cannot say, so each is written as
/// a tree of its own, numbers by their exact kind and bits.
pub(super) mod json_fields {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Number, Value};

    #[derive(Serialize, Deserialize)]
    enum Tree {
        Null,
        Bool(bool),
        Unsigned(u64),
        Signed(i64),
        Float(f64),
        Text(String),
        List(Vec<Tree>),
        Fields(Vec<(String, Tree)>),
    }

    fn tree(value: &Value) -> Tree {
        match value {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Tree::Unsigned(u),
                (_, Some(i), _) => Tree::Signed(i),
                (_, _, f) => Tree::Float(f.unwrap_or(f64::NAN)),
            },
            Value::String(s) => Tree::Text(s.clone()),
            Value::Array(items) => Tree::List(items.iter().map(tree).collect()),
            Value::Object(map) => Tree::Fields(fields(map)),
        }
    }

    fn fields(map: &Map<String, Value>) -> Vec<(String, Tree)> {
        map.iter().map(|(k, v)| (k.clone(), tree(v))).collect()
    }

    fn value(tree: Tree) -> Value {
        match tree {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(b),
            Tree::Unsigned(u) => Value::Number(u.into()),
            Tree::Signed(i) => Value::Number(i.into()),
            Tree::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Tree::Text(s) => Value::String(s),
            Tree::List(items) => Value::Array(items.into_iter().map(value).collect()),
            Tree::Fields(fields) => Value::Object(map(fields)),
        }
    }

    fn map(fields: Vec<(String, Tree)>) -> Map<String, Value> {
        fields.into_iter().map(|(k, t)| (k, value(t))).collect()
    }

    pub fn serialize<S: Serializer>(extra: &Map<String, Value>, to: S) -> Result<S::Ok, S::Error> {
        fields(extra).serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Map<String, Value>, D::Error> {
        Ok(map(Deserialize::deserialize(from)?))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;

    /// A story that uses every field an article has, in a zone with summer time.
    const STORY: &str = "---
title: Talks resume in \"Doha\"
date: 2023-10-29 09:30
updated: 2023-10-30T08:00:00+05:00
publish_date: 2023-10-29 09:00
expiry_date: 2030-01-01
authors: [Ayesha Khan, Bilal Ahmed]
tags: [Diplomacy, Taliban, diplomacy]
section: World
summary: The *first* round in months.
draft: true
pinned: true
aliases: [/old/talks/]
image:
  src: talks.jpg
  alt: Delegates at the table
  caption: The second day.
  credit: Staff
  focal: [0.25, 0.75]
corrections:
  - {date: 2023-10-31, text: An earlier version misspelt *a name*.}
weight: 1.5
big: 18446744073709551615
negative: -3
nested: {list: [1, two, null, true], deep: {x: 0.1}}
title: Talks resume in \"Doha\"
---

The first paragraph.

## A heading {#kept}
";

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn config() -> Config {
        Config {
            timezone: chrono_tz::Europe::London,
            sections: vec!["World".to_string()],
            ..Config::default()
        }
    }

    /// Parses `files` with no memo, keeps what it gives in `cache`, and reads the memo back.
    fn kept(cache: &Path, files: &[SourceFile], config: &Config) -> (super::super::Content, Memo) {
        let (parsed, problems) = super::super::parse_all(files.to_vec(), config, &Memo::default());
        assert!(problems.is_empty(), "{problems:?}");
        write(cache, &parsed.memo).unwrap().keep().unwrap();
        (parsed, Memo::read(cache))
    }

    #[test]
    fn a_kept_article_is_the_article_parsing_gives() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("content/world/talks.fr.md", STORY)];
        let (parsed, memo) = kept(dir.path(), &files, &config());
        assert_eq!(memo.len(), 1);
        assert!(
            !parsed.warnings.is_empty(),
            "the repeated title is warned of"
        );
        let (found, _) = super::super::parse_all(files.to_vec(), &config(), &memo);
        assert!(!found.memo.stale);
        assert_eq!(
            format!("{:?}", found.articles),
            format!("{:?}", parsed.articles)
        );
        assert_eq!(found.warnings, parsed.warnings);
        let article = &found.articles[0];
        assert_eq!(
            article.body.markdown,
            "\nThe first paragraph.\n\n## A heading {#kept}\n"
        );
        assert_eq!(article.extra["weight"], serde_json::json!(1.5));
        assert_eq!(article.extra["big"], serde_json::json!(u64::MAX));
        assert_eq!(article.translation.as_deref(), Some("fr"));
    }

    #[test]
    fn an_edit_a_setting_or_a_move_is_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("content/talks.md", STORY)];
        let (_, memo) = kept(dir.path(), &files, &config());
        let reparsed = |files: &[SourceFile], config: &Config| {
            let (content, _) = super::super::parse_all(files.to_vec(), config, &memo);
            content.memo.stale
        };
        assert!(!reparsed(&files, &config()));
        let edited = [file("content/talks.md", &STORY.replace("Doha", "Kabul"))];
        assert!(reparsed(&edited, &config()));
        let moved = [file("content/world/talks.md", STORY)];
        assert!(reparsed(&moved, &config()));
        let elsewhere = Config {
            timezone: chrono_tz::Asia::Kabul,
            ..config()
        };
        assert!(reparsed(&files, &elsewhere));
        // A file gone from the site: the memo holds one the build no longer reads.
        assert!(reparsed(&[], &config()));
    }

    #[test]
    fn a_jekyll_draft_is_never_kept() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file(
            "_drafts/talks.md",
            "---\ntitle: Undated\n---\nText.\n",
        )];
        let (parsed, memo) = kept(dir.path(), &files, &config());
        assert_eq!(parsed.articles.len(), 1);
        assert!(memo.is_empty());
    }

    #[test]
    fn a_damaged_cut_short_or_foreign_memo_is_no_memo() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("content/talks.md", STORY)];
        kept(dir.path(), &files, &config());
        let path = dir.path().join(MEMO_FILE);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert!(Memo::read(dir.path()).is_empty(), "cut short");
        std::fs::write(&path, b"not a memo at all").unwrap();
        assert!(Memo::read(dir.path()).is_empty(), "not a memo");
        let foreign = Stored {
            layout: LAYOUT,
            binary: "another newsroom".to_string(),
            articles: vec![([0; 32], vec![1, 2, 3])],
        };
        let mut bytes = postcard::to_stdvec(&foreign).unwrap();
        bytes.extend(MARK);
        std::fs::write(&path, bytes).unwrap();
        assert!(
            Memo::read(dir.path()).is_empty(),
            "written by another binary"
        );
        // A record that no longer decodes is parsed again, not misread.
        let key = key(&Reading::of(&config()), &files[0]);
        let damaged = Stored {
            layout: LAYOUT,
            binary: crate::render::binary_identity(),
            articles: vec![(key, vec![0xff; 4])],
        };
        let mut bytes = postcard::to_stdvec(&damaged).unwrap();
        bytes.extend(MARK);
        std::fs::write(&path, bytes).unwrap();
        let memo = Memo::read(dir.path());
        assert_eq!(memo.len(), 1);
        let (content, _) = super::super::parse_all(files.to_vec(), &config(), &memo);
        assert_eq!(content.articles[0].title, "Talks resume in “Doha”");
        assert!(content.memo.stale);
    }
}
