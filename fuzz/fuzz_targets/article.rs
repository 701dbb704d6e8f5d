//! Feeds any bytes to the article reader as a Markdown file of a site with default settings,
//! and as one in a site whose time zone is far from UTC: reading must give articles or
//! errors, never a panic. Run with `cargo fuzz run article` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::content::{self, SourceFile};

fuzz_target!(|bytes: &[u8]| {
    let mut config = newsroom::Config::default();
    let files = [
        SourceFile {
            path: "content/2023-10-29-story.md".into(),
            bytes: bytes.to_vec(),
        },
        SourceFile {
            path: "_posts/story.md".into(),
            bytes: bytes.to_vec(),
        },
    ];
    let _ = content::parse(&files, &config);
    config.timezone = chrono_tz::Tz::Pacific__Kiritimati;
    let _ = content::parse(&files, &config);
});
