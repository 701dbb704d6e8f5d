//! Property tests of the content stage and the config: whatever an editor (or a fuzzer)
//! writes, reading it yields articles or errors, never a panic, and every file the planned
//! site would write lands inside the output folder.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use newsroom::config::Config;
use newsroom::content::{self, SourceFile};
use newsroom::output::inside;
use newsroom::profiles::Profiles;
use newsroom::routes;
use newsroom::site::{Publishing, Site};
use proptest::prelude::*;

/// Parses one file as an article under `content/`, then plans the site it makes and checks
/// every output file is inside the output folder.
fn read_and_plan(path: &str, bytes: Vec<u8>, config: &Config) {
    let files = vec![SourceFile {
        path: PathBuf::from(path),
        bytes,
    }];
    let Ok(content) = content::parse(files.clone(), config) else {
        return;
    };
    kept_and_found_again(files, config);
    for article in &content.articles {
        assert!(!article.title.is_empty(), "an article with no title");
    }
    let publishing = Publishing {
        drafts: true,
        future: true,
        now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    };
    let site = Site::assemble(content, &Profiles::default(), config, publishing);
    let Ok(planned) = routes::plan(&site, config, &[], &[]) else {
        return;
    };
    let base = Path::new("/srv/public");
    let files = planned.routes.iter().map(routes::Route::file);
    for file in files.chain(planned.files.iter().map(|f| f.file.clone())) {
        if let Ok(target) = inside(base, &file) {
            assert!(target.starts_with(base), "{file} escapes the output");
        }
        assert!(
            !file.split('/').any(|segment| segment == ".."),
            "{file} climbs out of the output"
        );
    }
}

/// What the memo of parsed articles keeps of `files` gives back, in the next build, exactly
/// the articles and warnings that parsing them gives.
fn kept_and_found_again(files: Vec<SourceFile>, config: &Config) {
    use newsroom::content::memo::{self, Memo};
    let (parsed, _) = content::parse_all(files.clone(), config, &Memo::default());
    let cache = tempfile::tempdir().unwrap();
    memo::write(cache.path(), &parsed.memo)
        .unwrap()
        .keep()
        .unwrap();
    let kept = Memo::read(cache.path());
    assert_eq!(kept.len(), parsed.memo.records.len());
    let (found, _) = content::parse_all(files, config, &kept);
    assert_eq!(
        format!("{:?}", found.articles),
        format!("{:?}", parsed.articles)
    );
    assert_eq!(found.warnings, parsed.warnings);
    assert!(!found.memo.stale, "every kept article was found");
}

/// Pieces editors and broken files put in front matter.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just(".nan".to_string()),
        Just("-.inf".to_string()),
        Just("1e999".to_string()),
        Just("yes".to_string()),
        Just("&a x".to_string()),
        Just("*a".to_string()),
        Just("[a, *a]".to_string()),
        Just("{a: 1".to_string()),
        Just("\"unclosed".to_string()),
        Just("Q&amp;A &#0; &#xD800; &#99999999;".to_string()),
        Just("2016-08-26 (optional)".to_string()),
        Just("2016-06-17 12:00-400".to_string()),
        Just("9999-12-31T23:59:59-12:00".to_string()),
        Just("0001-01-01T00:00:00+14:00".to_string()),
        Just("+262143-12-31".to_string()),
        Just("-0001-01-01".to_string()),
        Just("/../../etc/passwd".to_string()),
        Just("pretty".to_string()),
        Just("/:categories/:year/:title:output_ext".to_string()),
        Just("!!binary AAAA".to_string()),
        "[ -~]{0,40}",
        "\\PC{0,20}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title"),
        Just("date"),
        Just("updated"),
        Just("publish_date"),
        Just("expiry_date"),
        Just("slug"),
        Just("url"),
        Just("permalink"),
        Just("aliases"),
        Just("tags"),
        Just("author"),
        Just("categories"),
        Just("section"),
        Just("draft"),
        Just("corrections"),
        Just("lastmod"),
        Just("taxonomies"),
        Just("extra"),
        Just("<<"),
    ]
    .prop_map(str::to_string)
}

/// A front-matter block of YAML lines, some indented, some repeated.
fn yaml_front() -> impl Strategy<Value = String> {
    prop::collection::vec((0..3usize, key(), value()), 0..8).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, key, value)| format!("{}{key}: {value}\n", "  ".repeat(indent % 2)))
            .collect()
    })
}

/// A quoted string of any characters, as YAML reads it.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn zone() -> impl Strategy<Value = chrono_tz::Tz> {
    (0..chrono_tz::TZ_VARIANTS.len()).prop_map(|at| chrono_tz::TZ_VARIANTS[at])
}

fn config_in(zone: chrono_tz::Tz) -> Config {
    Config {
        timezone: zone,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any bytes at all, with or without fences.
    #[test]
    fn any_file_is_read_or_refused(prefix in prop_oneof![Just(""), Just("---\n"), Just("+++\n"), Just("\n\n---\n"), Just("{")], bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut text = prefix.as_bytes().to_vec();
        text.extend(bytes);
        read_and_plan("content/2023-10-29-story.md", text, &Config::default());
    }

    /// YAML front matter of every dubious kind.
    #[test]
    fn any_yaml_front_matter_is_read_or_refused(front in yaml_front(), body in "\\PC{0,40}", name in "[a-z0-9-]{1,12}") {
        let text = format!("---\n{front}---\n{body}\n");
        read_and_plan(&format!("content/{name}.md"), text.into_bytes(), &Config::default());
    }

    /// TOML front matter with every kind of value, including nan and inf.
    #[test]
    fn any_toml_front_matter_is_read_or_refused(entries in prop::collection::vec((key(), prop_oneof![
        Just("nan".to_string()), Just("-inf".to_string()), Just("0000-01-01".to_string()),
        Just("9999-12-31T23:59:59+14:00".to_string()), Just("10:00:00".to_string()),
        Just("[1, \"a\"]".to_string()), Just("{ a = 1 }".to_string()), Just("true".to_string()),
        "[ -~]{0,30}".prop_map(|s| quoted(&s)), "-?[0-9]{1,25}",
    ]), 0..8)) {
        let front: String = entries.iter().map(|(key, value)| format!("{key} = {value}\n")).collect();
        let text = format!("+++\n{front}+++\nBody.\n");
        read_and_plan("content/story.md", text.into_bytes(), &Config::default());
    }

    /// Dates of any year, offset and form, in any site time zone: a value or a refusal.
    #[test]
    fn any_date_in_any_zone_is_read_or_refused(
        zone in zone(),
        (year, month, day, hour, minute) in prop_oneof![
            (-1000i32..=12000, 0u32..=13, 0u32..=32, 0u32..=25, 0u32..=61),
            // The edges of the range, where a zone's offset moves the year.
            (prop_oneof![Just(0), Just(1), Just(9999), Just(10000)], prop_oneof![Just(1u32), Just(12)],
             prop_oneof![Just(1u32), Just(31)], prop_oneof![Just(0u32), Just(23)], prop_oneof![Just(0u32), Just(59)]),
        ],
        offset in prop_oneof![Just(String::new()), Just("Z".to_string()), Just(" UTC".to_string()), "[+-][0-9]{1,4}", "[+-]1[0-4]:[0-5][0-9]", " [+-][0-9]{3}"],
        form in 0..4usize,
        tail in prop_oneof![Just(String::new()), Just(" (optional)".to_string()), "[ -~]{0,12}"],
    ) {
        let written = match form {
            0 => format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}{offset}{tail}"),
            1 => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00{offset}"),
            2 => format!("{year:04}-{month:02}-{day:02}{tail}"),
            _ => format!("{day} Oct {year} {hour}:{minute:02}{offset}"),
        };
        let text = format!("---\ntitle: Edge\ndate: {}\nupdated: {}\n---\nBody.\n", quoted(&written), quoted(&written));
        let config = config_in(zone);
        let files = vec![SourceFile { path: PathBuf::from("content/edge.md"), bytes: text.into_bytes() }];
        if let Ok(content) = content::parse(files, &config) {
            for article in &content.articles {
                // A date that is read can be shown, in every form the site writes.
                let year = article.date.format("%Y").to_string();
                prop_assert!(year.len() == 4, "year {year}");
                let _ = article.date.to_rfc2822();
                let _ = article.date.to_rfc3339();
            }
        }
        read_and_plan("content/edge.md", format!("---\ntitle: Edge\ndate: {}\n---\nx\n", quoted(&written)).into_bytes(), &config);
    }

    /// Slugs, URLs and aliases of any characters, under any permalink pattern the config
    /// accepts: every planned file stays inside the output folder.
    #[test]
    fn every_planned_file_stays_inside_the_output(
        slug in "\\PC{0,30}",
        url in prop_oneof![Just(None), "\\PC{0,30}".prop_map(Some), "(/|\\.\\.|\\.|:title|:year|[a-z]){0,10}".prop_map(Some)],
        aliases in prop::collection::vec(prop_oneof!["\\PC{0,30}", "(/|\\.\\.|\\.|%2e|[a-z]|\\\\){0,10}"], 0..3),
        tags in prop::collection::vec("\\PC{0,12}", 0..3),
        permalink in "(/(:year|:month|:day|:slug|[a-z.]{1,3})){1,4}/",
        name in "[a-z0-9._-]{1,12}",
    ) {
        let mut config = Config::default();
        let toml = format!("permalink = {}\n", quoted(&permalink));
        if let Ok(parsed) = Config::parse(&toml, Path::new("newsroom.toml")) {
            config = parsed;
        }
        let mut front = format!("title: Story\ndate: 2023-10-29\nslug: {}\n", quoted(&slug));
        if let Some(url) = url {
            front.push_str(&format!("url: {}\n", quoted(&url)));
        }
        let aliases: Vec<String> = aliases.iter().map(|a| quoted(a)).collect();
        front.push_str(&format!("aliases: [{}]\n", aliases.join(", ")));
        let tags: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
        front.push_str(&format!("tags: [{}]\n", tags.join(", ")));
        read_and_plan(&format!("content/{name}.md"), format!("---\n{front}---\nBody.\n").into_bytes(), &config);
        read_and_plan(&format!("_posts/2019-05-03-{name}.md"), format!("---\n{front}---\nBody.\n").into_bytes(), &config);
    }

    /// Any config file: a `Config` or an error, and a date format that is accepted can
    /// write every date.
    #[test]
    fn any_config_is_read_or_refused(entries in prop::collection::vec((prop_oneof![
        Just("title"), Just("timezone"), Just("date_format"), Just("permalink"), Just("feed_limit"),
        Just("paginate_by"), Just("base_url"), Just("sections"), Just("latest_count"), Just("extra"),
        Just("[extra]"), Just("feed_content"), Just("related_count"), Just("words_per_minute"),
    ], prop_oneof![
        "%[a-zA-Z%+.:#_0-9-]{0,3}( %[a-zA-Z:.#-]{1,2}){0,4}".prop_map(|s| quoted(&s)),
        "[ -~]{0,20}".prop_map(|s| quoted(&s)),
        Just("nan".to_string()), Just("inf".to_string()), Just("-1".to_string()),
        Just("9223372036854775807".to_string()), Just("99999999999999999999".to_string()),
        Just("[\"\", \"World\"]".to_string()), Just("{ a = 1 }".to_string()),
        Just("\"Pacific/Kiritimati\"".to_string()),
        "[ -~]{0,12}",
    ]), 0..6)) {
        let text: String = entries.iter().map(|(key, value)| {
            if key.starts_with('[') { format!("{key}\n") } else { format!("{key} = {value}\n") }
        }).collect();
        if let Ok(config) = Config::parse(&text, Path::new("newsroom.toml")) {
            for moment in [
                config.timezone.with_ymd_and_hms(1, 1, 1, 12, 0, 0).earliest(),
                config.timezone.with_ymd_and_hms(9999, 12, 31, 12, 0, 0).earliest(),
            ].into_iter().flatten() {
                use std::fmt::Write;
                let mut written = String::new();
                let wrote = write!(written, "{}", moment.format(&config.date_format));
                prop_assert!(wrote.is_ok(), "date_format {:?}", config.date_format);
            }
            read_and_plan("content/2023-10-29-story.md", b"---\ntitle: Story\n---\nBody.\n".to_vec(), &config);
        }
    }
}
