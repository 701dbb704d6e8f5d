//! The default theme's pages are valid HTML by the Nu HTML Checker (`vnu.jar`, the checker
//! behind validator.w3.org/nu): the example site of this repository and a fixture that uses
//! every template and every part of them (tags, authors with profiles, sections, archives,
//! pagination, the 404 page, redirects, tables of contents, corrections, footnotes, lead
//! images, pinned stories and drafts).
//!
//! The checker needs Java and the npm registry's `vnu-jar`; `.ci/run` installs both (the jar
//! into `target/test-tools`) and runs these tests with `--ignored`. Run them by hand with
//! `cargo test --test html_validity -- --ignored`; `VNU_JAR` points at another jar.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;

/// The checker's jar, where `.ci/run` installs it unless `VNU_JAR` says otherwise.
fn vnu_jar() -> PathBuf {
    std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/test-tools/node_modules/vnu-jar/build/dist/vnu.jar")
        })
}

/// Every HTML file under `dir`, sorted.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect();
    files.sort();
    files
}

/// Runs the checker on every HTML page of `public` and fails listing each error with its
/// page and line.
fn assert_valid(public: &Path) {
    let jar = vnu_jar();
    assert!(
        jar.is_file(),
        "{} is missing; install it with `npm install --prefix target/test-tools vnu-jar` (bash .ci/run does)",
        jar.display()
    );
    let pages = html_files(public);
    assert!(!pages.is_empty(), "no pages under {}", public.display());
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(&pages)
        .output()
        .expect("run java (install a Java runtime, such as Debian's default-jre-headless)");
    // The checker writes its report to standard error.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("the report lists messages")
        .iter()
        .filter(|message| message["type"] != "info")
        .map(|message| {
            let page = message["url"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("file:");
            let page = Path::new(page)
                .strip_prefix(public)
                .map_or(page.to_string(), |relative| relative.display().to_string());
            format!(
                "{page}:{}: {}",
                message["lastLine"],
                message["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} errors in {} pages:\n{}",
        errors.len(),
        pages.len(),
        errors.join("\n")
    );
}

#[test]
#[ignore = "needs Java and vnu-jar; .ci/run installs them"]
fn the_example_site_is_valid_html() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .args(["build", "--root", root, "--output"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_valid(&public);
}

/// A site that reaches every template and every branch of them.
fn every_template() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"The Q&A Times\"\nbase_url = \"https://example.org/news/\"\n\
         description = \"Questions & answers.\"\nlogo = \"/logo.png\"\npaginate_by = 2\n\
         latest_count = 3\nsections = [\"World\", \"Sport\"]\nsearch = true\n\
         [extra]\ntagline = \"All the <news> that fits\"\n",
    );
    site.write(
        "data/authors.toml",
        "[\"Amina Khan\"]\nname = \"Amina Khan\"\nbio = \"Covers *the north*. [Mail](mailto:a@example.org)\"\n\
         avatar = \"/images/amina.svg\"\nlinks = [{ title = \"Mastodon\", url = \"https://example.social/@amina\" }]\n",
    );
    site.write(
        "static/images/amina.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    site.write(
        "content/world/_index.md",
        "---\ntitle: World news\ndescription: From every capital.\n---\n",
    );
    let pixels = image::RgbImage::from_fn(1300, 900, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut lead = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut lead, image::ImageFormat::Jpeg)
        .unwrap();
    site.write("content/world/lead.jpg", lead.into_inner());
    site.article(
        "world/long.md",
        "title: \"Talks <resume> & go on\"\ndate: 2024-03-01T09:00:00Z\nupdated: 2024-03-02T10:00:00Z\n\
         authors: [Amina Khan, Lee Park]\ntags: [Politics, \"Q&A\"]\nimage: {src: lead.jpg, alt: The talks, caption: Delegates arrive, credit: Staff}\n\
         aliases: [/old/talks/, /2024/03/talks.html]\n\
         corrections: [{date: 2024-03-03, text: \"An earlier version misspelt *a name*.\"}, {date: 2024-03-04, text: Fixed.}]",
        "The talks resumed[^src], see [the outcome](#outcome).\n\n<!-- more -->\n\n\
         ## Content\n\nA heading named like the page's main part.\n\n## Toc heading\n\nAnd one like the contents box.\n\n\
         ## Outcome\n\n| Side | Seats |\n|---|---|\n| Ayes | 52 |\n\n## Outcome\n\nAgain.\n\n\
         ### Details {#kept}\n\n~~struck~~ and `code`.\n\n![A map](map.png)\n\n[^src]: A source.\n",
    );
    for day in 2..=6 {
        site.article(
            &format!("sport/match-{day}.md"),
            &format!(
                "title: Match {day}\ndate: 2024-04-0{day}\nauthor: Lee Park\ntags: [Sport, Politics]\nsection: Sport"
            ),
            "Scores.\n\n## Notes\n\nA note.[^notes]\n\n[^notes]: The footnote.",
        );
    }
    site.article(
        "pinned.md",
        "title: Pinned\ndate: 2023-12-31\npinned: true\ntags: [Q&A]",
        "Read this first.",
    );
    site.article("bare.md", "title: Only a headline\ndate: 2023-12-30", "");
    site.article(
        "draft.md",
        "title: Draft\ndate: 2023-12-29\ndraft: true",
        "Not yet.",
    );
    site.write(
        "_posts/2022-05-03-migrated.md",
        "---\ntitle: Migrated\ncategories: World\n---\n## Contributors to 131.0\n\n{% include note.html %}\n",
    );
    site
}

#[test]
#[ignore = "needs Java and vnu-jar; .ci/run installs them"]
fn every_template_of_the_default_theme_is_valid_html() {
    let site = every_template();
    site.build_ok(&["--drafts"]);
    let public = site.public();
    // The fixture reaches what it means to.
    for page in [
        "index.html",
        "page/2/index.html",
        "404.html",
        "tags/index.html",
        "tags/politics/index.html",
        "tags/politics/page/2/index.html",
        "authors/index.html",
        "authors/amina-khan/index.html",
        "world/index.html",
        "sport/index.html",
        "2024/index.html",
        "2024/04/index.html",
        "2024/04/02/index.html",
        "old/talks/index.html",
        "2024/03/01/long/index.html",
        "2022/05/03/migrated/index.html",
        "2023/12/29/draft/index.html",
        "search/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page} was not written");
    }
    assert_valid(&public);
}
