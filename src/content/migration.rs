//! Front matter written for Jekyll, Hugo or Zola, read as newsroom's own.
//!
//! Sites move to newsroom without editing a file: the keys those generators use for the same
//! things are renamed to newsroom's before the fields are read, Zola's `[taxonomies]` and
//! `[extra]` tables are lifted to the top, and Jekyll's own rules (drafts folder, `published`,
//! space-separated lists, titles from file names, permalink placeholders) are followed.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

/// Keys other generators use for newsroom's fields: (newsroom's key, theirs).
const SYNONYMS: &[(&str, &[&str])] = &[
    ("updated", &["lastmod", "last_modified_at", "modified"]),
    ("summary", &["excerpt", "description"]),
    (
        "publish_date",
        &["publishDate", "publishdate", "pubDate", "pubdate"],
    ),
    (
        "expiry_date",
        &["expiryDate", "expirydate", "unpublishdate"],
    ),
    ("url", &["permalink", "path"]),
    ("aliases", &["redirect_from"]),
];

/// Front matter with other generators' keys turned into newsroom's.
#[derive(Debug, Default)]
pub struct Normalized {
    pub fields: Map<String, Value>,
    /// For each renamed or lifted key, the key as written, so errors point at its line.
    pub written_as: HashMap<String, String>,
    /// Zola's `[extra]` table, whose keys join the article's `extra` as they are.
    pub extra_table: Map<String, Value>,
    /// Whether the file is a Jekyll post or draft, whose lists may be space-separated.
    pub jekyll: bool,
    /// Jekyll's categories from the folders above `_posts/` (`news/_posts/` is "news").
    pub folder_categories: Vec<String>,
}

/// Renames and lifts the keys of `fields`, for the file at `source` (relative to the root).
pub fn normalize(mut fields: Map<String, Value>, source: &Path) -> Normalized {
    let folders: Vec<&str> = source
        .parent()
        .map(|p| p.iter().filter_map(|c| c.to_str()).collect())
        .unwrap_or_default();
    let jekyll_folder = folders
        .iter()
        .position(|f| *f == "_posts" || *f == "_drafts");
    let mut normalized = Normalized {
        jekyll: jekyll_folder.is_some(),
        folder_categories: jekyll_folder
            .map(|at| folders[..at].iter().map(|f| f.to_string()).collect())
            .unwrap_or_default(),
        ..Normalized::default()
    };

    if let Some(Value::Object(taxonomies)) = fields.remove("taxonomies") {
        for (key, value) in taxonomies {
            if !fields.contains_key(&key) {
                normalized
                    .written_as
                    .insert(key.clone(), "taxonomies".to_string());
                fields.insert(key, value);
            }
        }
    }
    if let Some(Value::Object(extra)) = fields.remove("extra") {
        normalized.extra_table = extra;
    }
    if normalized.jekyll {
        singular_lists(&mut fields, &mut normalized);
    } else {
        lower_case_keys(&mut fields, &mut normalized);
    }
    for (ours, theirs) in SYNONYMS {
        if fields.contains_key(*ours) {
            continue;
        }
        // Hugo reads front-matter keys in any case: `PublishDate`, `lastMod`.
        let found = fields
            .keys()
            .find(|key| theirs.iter().any(|theirs| key.eq_ignore_ascii_case(theirs)))
            .cloned();
        if let Some(key) = found {
            let value = fields.remove(&key).expect("the key was just found");
            normalized.written_as.insert(ours.to_string(), key);
            fields.insert(ours.to_string(), value);
        }
    }
    // Jekyll's `published: no` (YAML 1.1) is `false`, not a date.
    if let Some(Value::String(text)) = fields.get("published") {
        match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" | "true" => {
                fields.insert("published".to_string(), Value::Bool(true));
            }
            "no" | "n" | "off" | "false" => {
                fields.insert("published".to_string(), Value::Bool(false));
            }
            _ => {}
        }
    }
    // Hugo: `published` may be a publication date; a post without `date` takes it, or its
    // `publishDate`, or its `lastmod`.
    if let Some(Value::String(_)) = fields.get("published")
        && !fields.contains_key("publish_date")
    {
        let value = fields.remove("published").expect("the key was just read");
        normalized
            .written_as
            .insert("publish_date".to_string(), "published".to_string());
        fields.insert("publish_date".to_string(), value);
    }
    // (A Jekyll post is dated by its file name instead.)
    if !fields.contains_key("date") && !normalized.jekyll {
        let fallback = ["publish_date", "updated"]
            .into_iter()
            .find(|key| fields.contains_key(*key));
        if let Some(key) = fallback {
            let value = fields[key].clone();
            let written = normalized
                .written_as
                .get(key)
                .cloned()
                .unwrap_or(key.to_string());
            normalized.written_as.insert("date".to_string(), written);
            fields.insert("date".to_string(), value);
        }
    }
    // Jekyll: `published: false` keeps a post out, as a draft does; so does `_drafts/`.
    let unpublished = matches!(fields.get("published"), Some(Value::Bool(false)));
    let in_drafts = folders.contains(&"_drafts");
    if (unpublished || in_drafts) && !fields.contains_key("draft") {
        fields.insert("draft".to_string(), Value::Bool(true));
        if unpublished {
            normalized
                .written_as
                .insert("draft".to_string(), "published".to_string());
        }
    }
    if matches!(fields.get("published"), Some(Value::Bool(_))) {
        fields.remove("published");
    }
    normalized.fields = fields;
    normalized
}

/// Hugo reads front-matter keys in any case (`Title`, `Tags`, `Draft`), as Jekyll and Zola
/// do not: a key that is newsroom's own but for its case is read as newsroom's, unless the
/// file also has it in lower case.
fn lower_case_keys(fields: &mut Map<String, Value>, normalized: &mut Normalized) {
    let written: Vec<String> = fields
        .keys()
        .filter(|key| {
            let lower = key.to_ascii_lowercase();
            lower != **key
                && super::article::KNOWN_FIELDS.contains(&lower.as_str())
                && !fields.contains_key(&lower)
        })
        .cloned()
        .collect();
    for key in written {
        let lower = key.to_ascii_lowercase();
        if fields.contains_key(&lower) {
            // Both `Tags` and `TAGS`: one is read, and the other kept with the extra fields.
            continue;
        }
        let value = fields.remove(&key).expect("the key was just listed");
        normalized.written_as.insert(lower.clone(), key);
        fields.insert(lower, value);
    }
}

/// Jekyll's `category: News` and `tag: ...` name one category or tag, whole (spaces and
/// all), as Jekyll reads them: a `tag` replaces the `tags` list, and a `category` joins the
/// end of the `categories` list (so the first of those still files the story).
fn singular_lists(fields: &mut Map<String, Value>, normalized: &mut Normalized) {
    for (plural, singular) in [("categories", "category"), ("tags", "tag")] {
        let Some(value) = fields.remove(singular) else {
            continue;
        };
        let mut list = match value {
            Value::Array(items) => items,
            Value::Null => continue,
            one => vec![one],
        };
        if plural == "categories"
            && let Some(written) = fields.remove(plural)
        {
            let mut joined = jekyll_list(written);
            for item in list {
                if !joined.contains(&item) {
                    joined.push(item);
                }
            }
            list = joined;
        } else {
            normalized
                .written_as
                .insert(plural.to_string(), singular.to_string());
        }
        fields.insert(plural.to_string(), Value::Array(list));
    }
}

/// A Jekyll list as written: an array, or text of names separated by commas or, without
/// commas, by spaces.
fn jekyll_list(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::String(text) if text.contains(',') => text
            .split(',')
            .map(|name| Value::String(name.trim().to_string()))
            .collect(),
        Value::String(text) => text
            .split_whitespace()
            .map(|name| Value::String(name.to_string()))
            .collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// Jekyll's title for a post without one: its slug with each word capitalised.
pub fn title_from_slug(slug: &str) -> String {
    crate::text::title_case(slug)
}

/// What Jekyll's permalink placeholders stand for in one post.
pub struct PermalinkParts<'a> {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub slug: &'a str,
    pub categories: &'a [String],
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 1 to 366.
    pub day_of_year: u32,
    /// The file's name without its extension (`2019-05-03-border-talks`).
    pub file_name: &'a str,
}

/// Fills Jekyll's placeholders in a post's own `permalink`: `:year`, `:month`, `:day`,
/// `:title`, `:slug`, `:categories`, `:i_month`, `:i_day`, `:short_year`, `:hour`,
/// `:minute`, `:second`, `:y_day`, `:short_month`, `:long_month`, `:name`, `:output_ext`,
/// and Hugo's `:yearday`, `:monthname`, `:filename`. A style name (`pretty`, `date`,
/// `ordinal`, `none`) stands for its pattern, as in Jekyll.
pub fn expand_permalink(pattern: &str, parts: &PermalinkParts<'_>) -> String {
    let categories = parts
        .categories
        .iter()
        .map(slug::slugify)
        .filter(|category| !category.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let pattern = match pattern.trim() {
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let month =
        chrono::NaiveDate::from_ymd_opt(2000, parts.month.clamp(1, 12), 1).unwrap_or_default();
    let tokens: [(&str, String); 21] = [
        ("short_month", month.format("%b").to_string()),
        ("long_month", month.format("%B").to_string()),
        ("monthname", month.format("%B").to_string().to_lowercase()),
        ("short_year", format!("{:02}", parts.year % 100)),
        ("output_ext", ".html".to_string()),
        ("categories", categories),
        ("filename", parts.file_name.to_string()),
        ("i_month", parts.month.to_string()),
        ("yearday", parts.day_of_year.to_string()),
        ("minute", format!("{:02}", parts.minute)),
        ("second", format!("{:02}", parts.second)),
        ("i_day", parts.day.to_string()),
        ("y_day", format!("{:03}", parts.day_of_year)),
        ("month", format!("{:02}", parts.month)),
        ("title", parts.slug.to_string()),
        ("year", format!("{:04}", parts.year)),
        ("hour", format!("{:02}", parts.hour)),
        ("name", parts.file_name.to_string()),
        ("slug", parts.slug.to_string()),
        ("day", format!("{:02}", parts.day)),
        ("path", parts.file_name.to_string()),
    ];
    // One pass, longest name first, so `:i_month` is not read as `:i` and `_month`, and a
    // value is never read again as a placeholder.
    let mut expanded = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        expanded.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match tokens.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, value)) => {
                expanded.push_str(value);
                rest = &rest[name.len()..];
            }
            None => expanded.push(':'),
        }
    }
    expanded.push_str(rest);
    // Empty placeholders (a post with no categories) leave no empty folders.
    let mut squeezed = String::with_capacity(expanded.len());
    for c in expanded.chars() {
        if !(c == '/' && squeezed.ends_with('/')) {
            squeezed.push(c);
        }
    }
    squeezed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hugo_keys_in_any_case_are_read_and_jekyll_singulars_are_one_name() {
        let fields =
            json!({"Title": "T", "Tags": ["a"], "Draft": true, "Weight": 3, "date": "2020-01-01"});
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("content/post/x.md"));
        let f = &normalized.fields;
        assert_eq!(f["title"], "T");
        assert_eq!(f["tags"], json!(["a"]));
        assert_eq!(f["draft"], true);
        // Not newsroom's: kept as written, for `extra`.
        assert_eq!(f["Weight"], 3);
        assert_eq!(normalized.written_as["title"], "Title");

        let fields = json!({"title": "x", "Title": "y"});
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("content/x.md"));
        assert_eq!(normalized.fields["title"], "x");

        let fields =
            json!({"category": "Release notes", "categories": "a b", "tag": 2019, "Title": "kept"});
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("_posts/2020-01-01-x.md"));
        let f = &normalized.fields;
        assert_eq!(f["categories"], json!(["a", "b", "Release notes"]));
        assert_eq!(f["tags"], json!([2019]));
        assert_eq!(normalized.written_as["tags"], "tag");

        let fields = json!({"category": "Release notes"});
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("_posts/2020-01-01-x.md"));
        assert_eq!(normalized.fields["categories"], json!(["Release notes"]));
        assert_eq!(normalized.written_as["categories"], "category");
        // Jekyll reads keys as written.
        assert_eq!(f["Title"], "kept");
        assert!(!f.contains_key("title"));
    }

    #[test]
    fn other_generators_keys_become_newsrooms() {
        let fields = json!({
            "title": "x",
            "lastmod": "2020-01-01",
            "excerpt": "short",
            "PublishDate": "2020-01-02",
            "permalink": "/a/b/",
            "published": false,
            "taxonomies": {"tags": ["a"], "categories": ["World"]},
            "extra": {"lead": "yes"},
        });
        let Value::Object(fields) = fields else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("_posts/2020-01-01-x.md"));
        let f = &normalized.fields;
        assert_eq!(f["updated"], "2020-01-01");
        assert_eq!(f["summary"], "short");
        assert_eq!(f["publish_date"], "2020-01-02");
        assert_eq!(f["url"], "/a/b/");
        assert_eq!(f["draft"], true);
        assert_eq!(f["tags"], json!(["a"]));
        assert_eq!(f["categories"], json!(["World"]));
        assert!(!f.contains_key("published"));
        assert_eq!(normalized.extra_table["lead"], "yes");
        assert_eq!(normalized.written_as["updated"], "lastmod");
        assert!(
            !f.contains_key("date"),
            "a Jekyll post is dated by its file name"
        );
        assert!(normalized.jekyll);
    }

    #[test]
    fn jekyll_published_no_is_a_draft() {
        let Value::Object(fields) = json!({"title": "x", "published": "no"}) else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("_posts/2020-01-01-x.md"));
        assert_eq!(normalized.fields["draft"], true);
        assert!(!normalized.fields.contains_key("publish_date"));
    }

    #[test]
    fn a_hugo_post_without_date_takes_its_publish_date() {
        let Value::Object(fields) = json!({"title": "x", "PublishDate": "2020-01-02"}) else {
            unreachable!()
        };
        let normalized = normalize(fields, Path::new("content/posts/x.md"));
        assert_eq!(normalized.fields["date"], "2020-01-02");
        assert_eq!(normalized.written_as["date"], "PublishDate");
    }

    #[test]
    fn jekyll_permalinks_and_titles() {
        let parts = PermalinkParts {
            year: 2019,
            month: 5,
            day: 3,
            slug: "border-talks",
            categories: &["World News".to_string()],
            hour: 10,
            minute: 5,
            second: 0,
            day_of_year: 123,
            file_name: "2019-05-03-border-talks",
        };
        assert_eq!(
            expand_permalink("/:categories/:year/:i_month/:title/", &parts),
            "/world-news/2019/5/border-talks/"
        );
        assert_eq!(
            expand_permalink("pretty", &parts),
            "/world-news/2019/05/03/border-talks/"
        );
        assert_eq!(
            expand_permalink("/:year/:y_day/:hour:minute-:name:output_ext", &parts),
            "/2019/123/1005-2019-05-03-border-talks.html"
        );
        let none = PermalinkParts {
            categories: &[],
            ..parts
        };
        assert_eq!(
            expand_permalink("/:categories/:title/", &none),
            "/border-talks/"
        );
        assert_eq!(title_from_slug("border-talks"), "Border Talks");
        assert_eq!(
            normalize(Map::new(), Path::new("news/_posts/2019-05-03-a.md")).folder_categories,
            ["news"]
        );
    }
}
