//! A build that follows another gives exactly the bytes a clean build of the same site gives,
//! and its change list names exactly the files whose bytes changed.
//!
//! The differential test applies random sequences of edits an editor makes (add, delete,
//! retitle, re-tag, re-date and rewrite stories, edit a template or a static file, change the
//! config) to a site, builds it after each edit on top of its last output and build cache,
//! and compares that with a clean build of a copy made in an empty folder. Between builds it
//! also does what the world does to a build cache: deletes or garbles its record, cuts its
//! memos short, or changes an output file by hand.
//!
//! `NEWSROOM_SEQUENCES` sets how many sequences run (default 12, about forty seconds in a debug build; README says how to run a thousand);
//! `NEWSROOM_SEED` replays one sequence, whose seed a failure prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use newsroom::BuildOptions;
use newsroom::changes::ChangeList;

/// A small, seeded random number generator (xorshift64*), so a failing sequence can be
/// replayed from its seed alone.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Dice {
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TAGS: &[&str] = &[
    "Politics", "Weather", "Courts", "Sport", "Health", "Markets",
];
const AUTHORS: &[&str] = &["Amina Yusuf", "Jon Berg", "Li Wei"];
const WORDS: &[&str] = &[
    "council", "flood", "budget", "river", "strike", "vote", "bridge", "court", "harbour",
    "school", "storm", "market",
];

/// One story as the site holds it.
#[derive(Clone)]
struct Story {
    title: String,
    date: (u32, u32, u32, u32),
    tags: Vec<String>,
    author: String,
    body: String,
}

impl Story {
    fn random(dice: &mut Dice, number: usize) -> Story {
        let mut story = Story {
            title: String::new(),
            date: (0, 0, 0, 0),
            tags: Vec::new(),
            author: dice.pick(AUTHORS).to_string(),
            body: String::new(),
        };
        story.retitle(dice, number);
        story.redate(dice);
        story.retag(dice);
        story.rewrite(dice);
        story
    }

    fn retitle(&mut self, dice: &mut Dice, number: usize) {
        self.title = format!(
            "The {} {} story {number}",
            dice.pick(WORDS),
            dice.pick(WORDS)
        );
    }

    fn redate(&mut self, dice: &mut Dice) {
        self.date = (
            2019 + dice.below(3) as u32,
            1 + dice.below(12) as u32,
            1 + dice.below(28) as u32,
            dice.below(24) as u32,
        );
    }

    fn retag(&mut self, dice: &mut Dice) {
        let count = dice.below(4);
        let mut tags: Vec<String> = (0..count).map(|_| dice.pick(TAGS).to_string()).collect();
        tags.sort();
        tags.dedup();
        self.tags = tags;
    }

    fn rewrite(&mut self, dice: &mut Dice) {
        let sentences: Vec<String> = (0..1 + dice.below(4))
            .map(|_| format!("The {} met the {}.", dice.pick(WORDS), dice.pick(WORDS)))
            .collect();
        self.body = sentences.join(" ");
    }

    fn file(&self) -> String {
        let (year, month, day, hour) = self.date;
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            "---\ntitle: \"{}\"\ndate: {year}-{month:02}-{day:02}T{hour:02}:15:00Z\nauthor: {}\ntags: [{}]\n---\n\n{}\n",
            self.title,
            self.author,
            tags.join(", "),
            self.body
        )
    }
}

/// How the built-in article template puts in the Latest stories list.
const WRITTEN_IN_LIST: &str = "{{- latest_html }}";

/// The ways a theme may write the list: the article template's line in place of
/// [`WRITTEN_IN_LIST`] and the list's own template (empty: the built-in one). A new list is
/// put into the last bytes of a page only where the page writes it as it is; every other way
/// renders the page.
const ARTICLE_VARIANTS: &[(&str, &str)] = &[
    ("", ""),
    // Twice: both copies change.
    ("{{- latest_html }}<hr>{{ latest_html }}", ""),
    // Escaped, so the page holds the list's text, not the list.
    ("{{- latest_html | escape }}", ""),
    // A theme from before the list had a template of its own.
    (
        "{{- <story_links stories={latest_stories} heading=\"Latest stories\" label=\"latest-stories\" /> }}",
        "",
    ),
    // A list template of the site's own, which reads the site's title too.
    (
        "",
        "{% if latest_stories %}<ul title=\"{{ site.title }}\">{% for s in latest_stories %}<li>{{ s.title }}</li>{% endfor %}</ul>{% endif %}",
    ),
    // Only when there is a list: the value may be tested.
    (
        "{% if latest_html %}<div>{{ latest_html }}</div>{% endif %}",
        "",
    ),
];

/// The whole state of a site, written afresh into any folder.
#[derive(Clone)]
struct SiteState {
    /// Stories by file name; a name is never reused, as a deleted story's file is gone.
    stories: BTreeMap<String, Story>,
    paginate_by: usize,
    latest_count: usize,
    stable: bool,
    /// `latest_list = "shared"` and `related = "earlier"`.
    shared_latest: bool,
    earlier_related: bool,
    title: String,
    /// Text added to the 404 template, if it is overridden.
    not_found_note: Option<String>,
    /// How the article template writes the Latest stories list (see [`ARTICLE_VARIANTS`]).
    article_variant: usize,
    static_text: String,
}

impl SiteState {
    fn new(dice: &mut Dice) -> SiteState {
        let stories = (0..6 + dice.below(20))
            .map(|n| (format!("story-{n}.md"), Story::random(dice, n)))
            .collect();
        SiteState {
            stories,
            paginate_by: 2 + dice.below(4),
            latest_count: dice.below(5),
            stable: dice.below(2) == 0,
            shared_latest: dice.below(2) == 0,
            earlier_related: dice.below(2) == 0,
            title: "The Daily".to_string(),
            not_found_note: None,
            article_variant: 0,
            static_text: "body { color: black }".to_string(),
        }
    }

    fn write(&self, root: &Path, templates: &Path) {
        let _ = std::fs::remove_dir_all(root.join("content"));
        let _ = std::fs::remove_dir_all(root.join("templates"));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(
            root.join("newsroom.toml"),
            format!(
                "title = \"{}\"\nbase_url = \"https://news.example.org/\"\npaginate_by = {}\nlatest_count = {}\npagination = \"{}\"\nlatest_list = \"{}\"\nrelated = \"{}\"\nrelated_count = 2\nindexnow_key = \"0123456789abcdef\"\n",
                self.title,
                self.paginate_by,
                self.latest_count,
                if self.stable { "stable" } else { "classic" },
                if self.shared_latest { "shared" } else { "written" },
                if self.earlier_related { "earlier" } else { "nearest" },
            ),
        )
        .unwrap();
        for (name, story) in &self.stories {
            std::fs::write(root.join("content").join(name), story.file()).unwrap();
        }
        if let Some(note) = &self.not_found_note {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            let default = std::fs::read_to_string(templates.join("404.html")).unwrap();
            std::fs::write(
                root.join("templates/404.html"),
                default.replace(
                    "<h1>Page not found</h1>",
                    &format!("<h1>Page not found</h1><p>{note}</p>"),
                ),
            )
            .unwrap();
        }
        let (article, latest) = ARTICLE_VARIANTS[self.article_variant];
        if !article.is_empty() || !latest.is_empty() {
            std::fs::create_dir_all(root.join("templates")).unwrap();
        }
        if !article.is_empty() {
            let default = std::fs::read_to_string(templates.join("article.html")).unwrap();
            assert!(default.contains(WRITTEN_IN_LIST));
            std::fs::write(
                root.join("templates/article.html"),
                default.replace(WRITTEN_IN_LIST, article),
            )
            .unwrap();
        }
        if !latest.is_empty() {
            std::fs::write(root.join("templates/latest.html"), latest).unwrap();
        }
        std::fs::write(root.join("static/extra.css"), &self.static_text).unwrap();
    }

    /// One random edit. Gives its name, for the failure message.
    fn edit(&mut self, dice: &mut Dice, next_number: &mut usize) -> String {
        let names: Vec<String> = self.stories.keys().cloned().collect();
        let some_story = |dice: &mut Dice| names[dice.below(names.len())].clone();
        match dice.below(12) {
            0 | 1 => {
                let name = format!("story-{}.md", *next_number);
                self.stories
                    .insert(name.clone(), Story::random(dice, *next_number));
                *next_number += 1;
                format!("add {name}")
            }
            2 if names.len() > 1 => {
                let name = some_story(dice);
                self.stories.remove(&name);
                format!("delete {name}")
            }
            3 => {
                let name = some_story(dice);
                let number = *next_number;
                *next_number += 1;
                self.stories.get_mut(&name).unwrap().retitle(dice, number);
                format!("retitle {name}")
            }
            4 => {
                let name = some_story(dice);
                self.stories.get_mut(&name).unwrap().retag(dice);
                format!("re-tag {name}")
            }
            5 => {
                let name = some_story(dice);
                self.stories.get_mut(&name).unwrap().redate(dice);
                format!("re-date {name}")
            }
            6 => {
                let name = some_story(dice);
                self.stories.get_mut(&name).unwrap().rewrite(dice);
                format!("rewrite {name}")
            }
            7 if dice.below(2) == 0 => {
                self.not_found_note = match dice.below(3) {
                    0 => None,
                    n => Some(format!("Try the home page ({n}).")),
                };
                "edit the 404 template".to_string()
            }
            7 => {
                self.article_variant = dice.below(ARTICLE_VARIANTS.len());
                format!(
                    "write the Latest stories list as {:?}",
                    ARTICLE_VARIANTS[self.article_variant]
                )
            }
            8 => {
                self.static_text = format!("body {{ color: #{:06x} }}", dice.below(0xffffff));
                "edit static/extra.css".to_string()
            }
            9 => {
                self.paginate_by = 2 + dice.below(4);
                self.stable = dice.below(2) == 0;
                "change the pagination".to_string()
            }
            10 => {
                self.latest_count = dice.below(5);
                self.shared_latest = dice.below(2) == 0;
                self.earlier_related = dice.below(2) == 0;
                "change the Latest stories and related stories".to_string()
            }
            _ => {
                self.title = format!("The {} Daily", dice.pick(WORDS));
                "change the title".to_string()
            }
        }
    }
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            (
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn build(root: &Path, output: &Path) -> Result<(), String> {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        ..BuildOptions::new(root)
    };
    newsroom::build(&options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// What the change list should say between two outputs, in the URLs of the site.
fn expected_changes(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> [BTreeSet<String>; 3] {
    let url = |file: &String| {
        format!(
            "https://news.example.org{}",
            newsroom::changes::url_path(file)
        )
    };
    let added = after.keys().filter(|f| !before.contains_key(*f)).map(url);
    let updated = after
        .iter()
        .filter(|(f, bytes)| before.get(*f).is_some_and(|old| old != *bytes))
        .map(|(f, _)| url(f));
    let deleted = before.keys().filter(|f| !after.contains_key(*f)).map(url);
    [added.collect(), updated.collect(), deleted.collect()]
}

/// The `index.html` files under `dir`, deepest first, so an article's page (under its date)
/// comes before the date's list.
fn walk_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_name() == "index.html")
        .map(|entry| entry.into_path())
        .collect();
    pages.sort_by_key(|page| std::cmp::Reverse(page.components().count()));
    pages
}

/// What the world may do to a site's cache and output between two builds.
fn meddle(dice: &mut Dice, root: &Path, output: &Path) -> Option<String> {
    let cache = root.join(".newsroom/build");
    match dice.below(20) {
        0 => {
            for entry in std::fs::read_dir(&cache).ok()?.flatten() {
                if entry.file_name().to_string_lossy().starts_with("output-") {
                    if entry.path().is_dir() {
                        std::fs::remove_dir_all(entry.path()).unwrap();
                    } else {
                        std::fs::remove_file(entry.path()).unwrap();
                    }
                }
            }
            Some("delete the build record and the spare output".to_string())
        }
        1 => {
            for entry in std::fs::read_dir(&cache).ok()?.flatten() {
                if entry.file_name().to_string_lossy().starts_with("output-") {
                    if entry.path().is_dir() {
                        // The spare output gains a file no build wrote.
                        std::fs::write(entry.path().join("stray.html"), "stray").unwrap();
                    } else {
                        std::fs::write(entry.path(), b"{\"layout\":1,").unwrap();
                    }
                }
            }
            Some("garble the build record and the spare output".to_string())
        }
        2 => {
            // Same size, other bytes: only the time tells.
            let page = output.join("index.html");
            let mut bytes = std::fs::read(&page).ok()?;
            let last = bytes.len() - 1;
            bytes[last] = b'!';
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::fs::write(&page, bytes).unwrap();
            Some("change index.html by hand".to_string())
        }
        3 => {
            // An article page, whose list a build may put a new one into; same size again.
            let page = std::fs::read_dir(output)
                .ok()?
                .flatten()
                .filter(|entry| entry.file_name().to_string_lossy().starts_with("20"))
                .flat_map(|year| walk_pages(&year.path()))
                .next()?;
            let text = std::fs::read_to_string(&page).ok()?;
            let changed = text.replacen("<li>", "<LI>", 1);
            if changed == text {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::fs::write(&page, changed).unwrap();
            Some(format!("change {} by hand", page.display()))
        }
        4 => {
            // A full disk or a crash cuts the memos short: they are ignored, not misread.
            for memo in ["articles.bin", "bodies.bin", "bodies.more.bin"] {
                let path = cache.join(memo);
                if let Ok(bytes) = std::fs::read(&path) {
                    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
                }
            }
            Some("cut the memos of parsed articles and rendered bodies in half".to_string())
        }
        _ => None,
    }
}

/// Runs one sequence of edits; gives what went wrong, naming the edits so far.
fn sequence(seed: u64, work: &Path) -> Result<(), String> {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut dice = Dice::new(seed);
    let mut state = SiteState::new(&mut dice);
    let mut next_number = 1000;
    let (site, output) = (work.join("site"), work.join("out"));
    state.write(&site, &templates);
    build(&site, &output)?;
    let mut history = vec!["first build".to_string()];
    for step in 0..1 + dice.below(6) {
        let edit = state.edit(&mut dice, &mut next_number);
        history.push(edit);
        // The change list speaks of the last build's output, before anyone meddled with it.
        let before = files(&output);
        if let Some(meddling) = meddle(&mut dice, &site, &output) {
            history.push(meddling);
        }
        let meddled = files(&output);
        state.write(&site, &templates);
        let clean_site = work.join(format!("clean-{step}"));
        let clean_output = work.join(format!("clean-out-{step}"));
        state.write(&clean_site, &templates);
        let incremental = build(&site, &output);
        let clean = build(&clean_site, &clean_output);
        let say = |what: String| format!("seed {seed}, after {}: {what}", history.join(", "));
        match (&incremental, &clean) {
            (Ok(()), Ok(())) => {}
            // An edit that makes the site unbuildable must fail both builds alike, and
            // leave the last output as it was.
            (Err(a), Err(b)) if a == b => {
                if files(&output) != meddled {
                    return Err(say("a failed build changed the output".to_string()));
                }
                continue;
            }
            _ => {
                return Err(say(format!(
                    "the builds disagree: incremental {incremental:?}, clean {clean:?}"
                )));
            }
        }
        let (after, expected) = (files(&output), files(&clean_output));
        if after != expected {
            let differ: Vec<&String> = after
                .keys()
                .chain(expected.keys())
                .filter(|f| after.get(*f) != expected.get(*f))
                .collect();
            return Err(say(format!(
                "the incremental output differs from a clean build in {differ:?}"
            )));
        }
        let list =
            ChangeList::read(&site.join(".newsroom/build")).map_err(|e| say(e.to_string()))?;
        let said = [&list.added, &list.updated, &list.deleted]
            .map(|urls| urls.iter().cloned().collect::<BTreeSet<String>>());
        let [added, updated, deleted] = expected_changes(&before, &after);
        if said != [added.clone(), updated.clone(), deleted.clone()] {
            return Err(say(format!(
                "the change list says added {:?}, updated {:?}, deleted {:?}; the outputs differ by added {added:?}, updated {updated:?}, deleted {deleted:?}",
                said[0], said[1], said[2]
            )));
        }
        std::fs::remove_dir_all(&clean_site).unwrap();
        std::fs::remove_dir_all(&clean_output).unwrap();
    }
    Ok(())
}

#[test]
fn every_build_on_top_of_the_last_equals_a_clean_build() {
    let seeds: Vec<u64> = match std::env::var("NEWSROOM_SEED") {
        Ok(seed) => vec![seed.parse().expect("NEWSROOM_SEED is a number")],
        Err(_) => {
            let count: u64 = std::env::var("NEWSROOM_SEQUENCES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(12);
            (1..=count).collect()
        }
    };
    let failures: Vec<String> = seeds
        .iter()
        .filter_map(|&seed| {
            let work = tempfile::tempdir().unwrap();
            sequence(seed, work.path()).err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} sequences failed (replay one with NEWSROOM_SEED):\n{}",
        failures.len(),
        seeds.len(),
        failures.join("\n")
    );
}

#[test]
fn an_unchanged_rebuild_changes_nothing_and_lists_nothing() {
    let work = tempfile::tempdir().unwrap();
    let mut dice = Dice::new(7);
    let state = SiteState::new(&mut dice);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let (site, output) = (work.path().join("site"), work.path().join("out"));
    state.write(&site, &templates);
    build(&site, &output).unwrap();
    let first = ChangeList::read(&site.join(".newsroom/build")).unwrap();
    assert!(first.first_build);
    assert_eq!(first.added.len(), files(&output).len());
    let inodes = |dir: &Path| -> BTreeMap<PathBuf, u64> {
        use std::os::unix::fs::MetadataExt;
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
                (relative, e.metadata().unwrap().ino())
            })
            .collect()
    };
    let before = inodes(&output);
    build(&site, &output).unwrap();
    // Every file is the same file, linked into the new output, none written again.
    assert_eq!(inodes(&output), before);
    let second = ChangeList::read(&site.join(".newsroom/build")).unwrap();
    assert!(!second.first_build);
    assert_eq!(second.all().count(), 0, "{second:?}");
    let purge = std::fs::read_to_string(site.join(".newsroom/build/purge.txt")).unwrap();
    assert_eq!(purge, "");
}

/// `state` written into `work/site`, with the default theme's folder, the site, its output
/// folder `work/out`, and the options of a build of it.
fn written_site(work: &Path, state: &SiteState) -> (PathBuf, PathBuf, PathBuf, BuildOptions) {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let (site, output) = (work.join("site"), work.join("out"));
    state.write(&site, &templates);
    let options = BuildOptions {
        output: Some(output.clone()),
        ..BuildOptions::new(&site)
    };
    (templates, site, output, options)
}

/// A page is rendered again only when what it is made from changed, or when its file in the
/// output is no longer the one the last build wrote; every other page is kept as it was.
#[test]
fn pages_are_rendered_again_only_when_what_they_are_made_from_changed() {
    let work = tempfile::tempdir().unwrap();
    let mut dice = Dice::new(11);
    let mut state = SiteState::new(&mut dice);
    state.not_found_note = None;
    let (templates, site, output, options) = written_site(work.path(), &state);
    let first = newsroom::build(&options).unwrap();
    assert_eq!(first.reused_pages, 0, "a first build has nothing to keep");
    let total = first.pages + first.feeds;
    let unchanged = newsroom::build(&options).unwrap();
    assert_eq!(
        unchanged.reused_pages, total,
        "nothing changed, nothing rendered"
    );

    // An output file changed by hand is no longer what the record says: it is made again.
    let home = output.join("index.html");
    let right = std::fs::read(&home).unwrap();
    std::fs::write(&home, "changed by hand").unwrap();
    let repaired = newsroom::build(&options).unwrap();
    assert_eq!(repaired.reused_pages, total - 1);
    assert_eq!(std::fs::read(&home).unwrap(), right);

    // Any template change renders every page again: a page's hash takes in the whole theme,
    // since templates include, import and extend one another.
    state.not_found_note = Some("Try the search page.".to_string());
    state.write(&site, &templates);
    let retemplated = newsroom::build(&options).unwrap();
    let not_found = std::fs::read_to_string(output.join("404.html")).unwrap();
    assert!(not_found.contains("Try the search page."), "{not_found}");
    assert_eq!(retemplated.reused_pages, 0);

    // The oldest story's retitle renders again its page and those that show it (its lists,
    // feeds, its neighbours' related stories), and no other.
    let (name, story) = state
        .stories
        .iter_mut()
        .min_by_key(|(_, story)| story.date)
        .unwrap();
    let name = name.clone();
    story.title = "A title never seen before".to_string();
    state.write(&site, &templates);
    let retitled = newsroom::build(&options).unwrap();
    let rendered = total - retitled.reused_pages;
    assert!(
        rendered >= 1 && rendered < total,
        "{name}: {rendered} of {total} rendered"
    );
}

/// With stable numbering, the shared Latest list and related stories chosen among earlier
/// ones, a new story by a reporter already on the site renders the pages that show it and
/// few others: not the older pages of the lists it is on, whose counts it changes, nor the
/// pages of the reporter's other stories, whose bylines would count it.
#[test]
fn a_new_story_renders_only_the_pages_that_show_it() {
    let work = tempfile::tempdir().unwrap();
    let mut dice = Dice::new(5);
    let mut state = SiteState::new(&mut dice);
    (state.stable, state.shared_latest, state.earlier_related) = (true, true, true);
    (state.paginate_by, state.latest_count) = (3, 3);
    // 46 stories of one month, one reporter and one tag: adding the 47th to each of its
    // lists makes no new numbered page on any (46 and 47 stories fill the same 15 pages),
    // and its day has one story before it.
    state.stories = (0..46)
        .map(|n| {
            let mut story = Story::random(&mut dice, n);
            (story.author, story.tags) = ("Ayesha Khan".to_string(), vec!["courts".to_string()]);
            story.date = (2019, 1, 1 + (n % 28) as u32, 9 + (n / 28) as u32);
            (format!("story-{n}.md"), story)
        })
        .collect();
    let (templates, site, output, options) = written_site(work.path(), &state);
    let first = newsroom::build(&options).unwrap();
    let home_pages = walk_pages(&output.join("page")).len();
    assert!(home_pages >= 15, "{home_pages} numbered home pages");

    let mut story = Story::random(&mut dice, 46);
    (story.author, story.tags) = ("Ayesha Khan".to_string(), vec!["courts".to_string()]);
    story.date = (2019, 1, 28, 20);
    state.stories.insert("story-46.md".to_string(), story);
    state.write(&site, &templates);
    let added = newsroom::build(&options).unwrap();
    let rendered = added.pages + added.feeds - added.reused_pages - added.spliced_pages;
    // Its page, the first page and feeds of the home page, the tag and the reporter, the
    // first page of its day, month and year, the indexes and the 404 page: 17, against
    // every page of the lists it is on (over ninety) when each page carried their counts.
    assert!(
        rendered <= 20,
        "{rendered} of {} pages rendered for one story",
        added.pages + added.feeds
    );
    assert!(first.pages > 50, "{} pages", first.pages);

    let clean_output = work.path().join("clean-out");
    build(&site, &clean_output).unwrap();
    assert!(
        files(&output) == files(&clean_output),
        "the output differs from a clean build"
    );
}

/// With the Latest stories list written into every page, a new story's list is put into the
/// pages the last build wrote instead of rendering each again, and every page comes out as a
/// clean build makes it; a page changed by hand since is rendered, not patched.
#[test]
fn a_new_story_puts_the_new_latest_list_into_the_last_pages() {
    let work = tempfile::tempdir().unwrap();
    let mut dice = Dice::new(3);
    let mut state = SiteState::new(&mut dice);
    (state.stable, state.shared_latest, state.earlier_related) = (true, false, true);
    state.latest_count = 3;
    let (templates, site, output, options) = written_site(work.path(), &state);
    let first = newsroom::build(&options).unwrap();
    assert_eq!(
        first.spliced_pages, 0,
        "a first build has no pages to patch"
    );
    let oldest = state
        .stories
        .iter()
        .min_by_key(|(_, story)| story.date)
        .map(|(name, _)| name.clone())
        .unwrap();
    let headline = scraper::Selector::parse("article h1").unwrap();
    let oldest_page = walk_pages(&output)
        .into_iter()
        .find(|page| {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
            html.select(&headline)
                .any(|h1| h1.text().collect::<String>() == state.stories[&oldest].title)
        })
        .expect("the oldest story's page");

    for (round, title) in ["The harbour bridge reopens", "The river floods"]
        .into_iter()
        .enumerate()
    {
        let mut story = Story::random(&mut dice, 900 + round);
        story.title = title.to_string();
        // A new byline: a story by a reporter already on the site changes the story count
        // that each of their stories carries (`article.authors[].count`), so their pages are
        // rendered again.
        story.author = format!("New Reporter {round}");
        story.date = (2022, 1, 1 + round as u32, 9);
        state.stories.insert(format!("new-{round}.md"), story);
        state.write(&site, &templates);
        if round == 1 {
            // Same size, other bytes: the record no longer vouches for the page.
            let text = std::fs::read_to_string(&oldest_page).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::fs::write(&oldest_page, text.replacen("<li>", "<LI>", 1)).unwrap();
        }
        let report = newsroom::build(&options).unwrap();
        let articles = state.stories.len();
        assert!(
            report.spliced_pages + state.latest_count + 2 >= articles
                && report.spliced_pages < articles,
            "round {round}: {} of {articles} article pages given the new list",
            report.spliced_pages
        );

        let clean_site = work.path().join(format!("clean-{round}"));
        let clean_output = work.path().join(format!("clean-out-{round}"));
        state.write(&clean_site, &templates);
        build(&clean_site, &clean_output).unwrap();
        assert!(
            files(&output) == files(&clean_output),
            "round {round}: the patched output differs from a clean build"
        );

        // The oldest story's page lists the new story first, as a reader sees it.
        let page = scraper::Html::parse_document(&std::fs::read_to_string(&oldest_page).unwrap());
        let first_link = scraper::Selector::parse("aside.latest-stories li a").unwrap();
        let newest = page
            .select(&first_link)
            .next()
            .expect("a Latest stories list");
        assert_eq!(newest.text().collect::<String>(), title);
    }
}

/// A build that fails after taking the spare as its folder leaves the live output exactly as
/// it was (the spare's files are the live ones, linked), and the build after it equals a
/// clean build.
#[test]
fn a_failed_build_that_took_the_spare_leaves_the_output_as_it_was() {
    let work = tempfile::tempdir().unwrap();
    let mut dice = Dice::new(5);
    let mut state = SiteState::new(&mut dice);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let (site, output) = (work.path().join("site"), work.path().join("out"));
    state.write(&site, &templates);
    build(&site, &output).unwrap();
    state.title = "The Evening Daily".to_string();
    state.write(&site, &templates);
    build(&site, &output).unwrap();
    let spare_kept = std::fs::read_dir(site.join(".newsroom/build"))
        .unwrap()
        .flatten()
        .any(|entry| entry.file_name().to_string_lossy().ends_with(".spare"));
    assert!(spare_kept, "the second build kept no spare");
    let before = files(&output);

    // A template that throws fails the build while its pages are rendered into the spare.
    state.not_found_note = Some("{{ throw(message=\"broken\") }}".to_string());
    state.write(&site, &templates);
    assert!(build(&site, &output).is_err());
    assert_eq!(
        files(&output),
        before,
        "the failed build changed the output"
    );

    state.not_found_note = None;
    state.title = "The Night Daily".to_string();
    state.write(&site, &templates);
    build(&site, &output).unwrap();
    let clean = work.path().join("clean");
    let clean_output = work.path().join("clean-out");
    state.write(&clean, &templates);
    build(&clean, &clean_output).unwrap();
    assert_eq!(files(&output), files(&clean_output));
}
