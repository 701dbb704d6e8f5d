//! The "any other host" deployment recipe of docs/deploy.md, run for real against a local
//! folder: after a rebuild, `rsync` moves only the files that changed.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;

/// The files `rsync -a --delete public/ <to>/` sends or deletes, from its itemised changes;
/// `None` when rsync is not installed and this is not CI.
fn rsync(from: &Path, to: &Path) -> Option<Vec<String>> {
    let output = match Command::new("rsync")
        .args(["-a", "--delete", "--itemize-changes"])
        .arg(format!("{}/", from.display()))
        .arg(format!("{}/", to.display()))
        .output()
    {
        Ok(output) => output,
        Err(_) => {
            let why = "the deployment test needs rsync (bash .ci/run installs it)";
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipped: {why}");
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // `>f...` is a file sent, `*deleting` a file removed; folders' time stamps are not files.
    let changed = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with(">f") || line.starts_with("*deleting"))
        .map(|line| {
            line.split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    Some(changed)
}

fn story(site: &Fixture, n: u32, body: &str) {
    site.article(
        &format!("story-{n}.md"),
        &format!("title: Story {n}\ndate: 2023-10-{n:02} 09:00:00\ntags: [world]"),
        body,
    );
}

#[test]
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
    let Some(first) = rsync(&site.public(), host.path()) else {
        return;
    };
    assert!(first.contains(&"2023/10/01/story-1/index.html".to_string()));
    assert!(first.contains(&"logo.svg".to_string()));

    // Let a rewritten file show in the modification times rsync compares.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.build_ok(&[]);
    assert_eq!(
        rsync(&site.public(), host.path()).unwrap(),
        Vec::<String>::new()
    );

    // An older story's new body: its page and the lists that show it, nothing else.
    story(&site, 1, "A corrected body.");
    site.build_ok(&[]);
    let sent = rsync(&site.public(), host.path()).unwrap();
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
    let sent = rsync(&site.public(), host.path()).unwrap();
    assert!(
        sent.contains(&"2023/10/01/story-1/index.html".to_string()),
        "{sent:?}"
    );
    assert!(!host.path().join("2023/10/01/story-1/index.html").exists());
}
