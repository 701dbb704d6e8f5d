//! The "any other host" deployment recipe of docs/deploy.md, run for real against a local
//! folder: after a rebuild, `rsync` moves only the files that changed.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;

/// The files `rsync -a --delete public/ <to>/` sends or deletes, from its itemised changes;
/// panics when rsync is not installed, so the test never passes unchecked.
fn rsync(from: &Path, to: &Path) -> Vec<String> {
    let output = Command::new("rsync")
        .args(["-a", "--delete", "--itemize-changes"])
        .arg(format!("{}/", from.display()))
        .arg(format!("{}/", to.display()))
        .output()
        .unwrap_or_else(|error| {
            panic!("the deployment test needs rsync (bash .ci/run installs it): {error}")
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // `>f...` is a file sent, `*deleting` a file removed; folders' time stamps are not files.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with(">f") || line.starts_with("*deleting"))
        .map(|line| {
            line.split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn story(site: &Fixture, n: u32, body: &str) {
    site.article(
        &format!("story-{n}.md"),
        &format!("title: Story {n}\ndate: 2023-10-{n:02} 09:00:00\ntags: [world]"),
        body,
    );
}

#[test]
#[ignore = "needs rsync; .ci/run installs it"]
fn rsync_after_a_rebuild_moves_only_what_changed() {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Deploy\"\nbase_url = \"https://news.example.org/\"\nlatest_count = 2\n",
    );
    for n in 1..=6 {
        story(&site, n, "Body.");
    }
    site.write("static/logo.svg", "<svg/>");
    site.build_ok(&[]);
    let host = tempfile::tempdir().unwrap();
    let first = rsync(&site.public(), host.path());
    assert!(first.contains(&"2023/10/01/story-1/index.html".to_string()));
    assert!(first.contains(&"logo.svg".to_string()));

    // Let a rewritten file show in the modification times rsync compares.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.build_ok(&[]);
    assert_eq!(rsync(&site.public(), host.path()), Vec::<String>::new());

    // An older story's new body: its page and the lists that show it, nothing else.
    story(&site, 1, "A corrected body.");
    site.build_ok(&[]);
    let sent = rsync(&site.public(), host.path());
    assert!(
        sent.contains(&"2023/10/01/story-1/index.html".to_string()),
        "{sent:?}"
    );
    for untouched in [
        "logo.svg",
        "theme.css",
        "2023/10/05/story-5/index.html",
        "robots.txt",
    ] {
        assert!(
            !sent.contains(&untouched.to_string()),
            "{untouched}: {sent:?}"
        );
    }

    // A deleted story's page is deleted on the host too.
    std::fs::remove_file(site.root().join("content/story-1.md")).unwrap();
    site.build_ok(&[]);
    let sent = rsync(&site.public(), host.path());
    assert!(
        sent.contains(&"2023/10/01/story-1/index.html".to_string()),
        "{sent:?}"
    );
    assert!(!host.path().join("2023/10/01/story-1/index.html").exists());
}

/// A site with a published story and a draft, whose config names the live address.
fn site_for_recipes() -> Fixture {
    let site = Fixture::new();
    site.write(
        "newsroom.toml",
        "title = \"Recipes\"\nbase_url = \"https://news.example.org/\"\n",
    );
    story(&site, 1, "Body.");
    site.article(
        "draft.md",
        "title: Half a story\ndate: 2023-10-02\ndraft: true",
        "Body.",
    );
    site
}

/// Runs a recipe's shell command in the site folder, with a stand-in `cargo` first on the
/// path that runs the newsroom binary with whatever follows `cargo run ... --`.
fn run_recipe(site: &Fixture, command: &str, env: &[(&str, &str)]) {
    let bin = site.root().join(".recipe-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\nwhile [ \"$1\" != \"--\" ]; do shift; done\nshift\nexec '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_newsroom")
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let output = Command::new("sh")
        .args(["-c", command])
        .current_dir(site.root())
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{command}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The address the built front page says it lives at.
fn canonical_home(site: &Fixture) -> String {
    common::attrs(&site.page("/"), "link[rel=canonical]", "href")[0].clone()
}

fn draft_was_built(site: &Fixture) -> bool {
    site.public().join("2023/10/02/draft/index.html").exists()
}

/// The fenced block of `language` in the section of docs/deploy.md headed `heading`.
fn recipe_block(heading: &str, language: &str) -> String {
    let guide = include_str!("../docs/deploy.md");
    let section = guide
        .split("\n## ")
        .find(|section| section.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let fence = format!("```{language}\n");
    let start = section.find(&fence).expect("a fenced block") + fence.len();
    section[start..][..section[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_github_pages_workflow_builds_for_the_pages_address_and_uploads_public() {
    let workflow: serde_json::Value =
        serde_saphyr::from_str(include_str!("../docs/github-pages.yml")).unwrap();
    let build_steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let build = build_steps
        .iter()
        .filter_map(|step| step["run"].as_str())
        .find(|run| run.contains("cargo run"))
        .expect("a step that builds the site");
    let upload = build_steps
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("actions/upload-pages-artifact"))
        })
        .expect("a step that uploads the site");
    assert_eq!(upload["with"]["path"], "public");
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert!(
        deploy["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages")
    );

    // GitHub fills in the expression before the shell sees the line.
    let build = build.replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://owner.github.io/paper",
    );
    let site = site_for_recipes();
    run_recipe(&site, &build, &[]);
    assert_eq!(canonical_home(&site), "https://owner.github.io/paper/");
    assert!(!draft_was_built(&site));
}

#[test]
fn the_netlify_recipe_builds_the_live_site_and_previews_at_their_own_addresses() {
    let config: toml::Table = recipe_block("Netlify", "toml").parse().unwrap();
    assert_eq!(config["build"]["publish"].as_str(), Some("public"));
    let netlify = [
        ("URL", "https://paper.netlify.app"),
        (
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-7--paper.netlify.app",
        ),
    ];
    let live = config["build"]["command"].as_str().unwrap();
    let site = site_for_recipes();
    run_recipe(&site, live, &netlify);
    assert_eq!(canonical_home(&site), "https://paper.netlify.app/");
    assert!(!draft_was_built(&site));

    for context in ["deploy-preview", "branch-deploy"] {
        let preview = config["context"][context]["command"].as_str().unwrap();
        let site = site_for_recipes();
        run_recipe(&site, preview, &netlify);
        assert_eq!(
            canonical_home(&site),
            "https://deploy-preview-7--paper.netlify.app/",
            "{context}"
        );
        assert!(draft_was_built(&site), "{context}");
    }
}

#[test]
fn the_cloudflare_build_script_builds_main_for_the_config_address_and_previews_for_theirs() {
    let script = recipe_block("Cloudflare Pages", "sh");
    assert!(script.contains("CF_PAGES_BRANCH"), "{script}");

    let site = site_for_recipes();
    site.write("build.sh", &script);
    run_recipe(&site, "sh build.sh", &[("CF_PAGES_BRANCH", "main")]);
    assert_eq!(canonical_home(&site), "https://news.example.org/");
    assert!(!draft_was_built(&site));

    let site = site_for_recipes();
    site.write("build.sh", &script);
    let preview = [
        ("CF_PAGES_BRANCH", "new-layout"),
        ("CF_PAGES_URL", "https://1a2b3c.paper.pages.dev"),
    ];
    run_recipe(&site, "sh build.sh", &preview);
    assert_eq!(canonical_home(&site), "https://1a2b3c.paper.pages.dev/");
    assert!(draft_was_built(&site));
}
