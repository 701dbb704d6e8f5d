//! The assembled site: the articles that are published in this build, newest first, and the
//! indices list pages are made from (tags, authors, sections, date archives, related stories).
//!
//! It is built once and never changed; everything after this stage reads it and addresses
//! articles by their position in `articles`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::content::{Article, Content, SectionPage};
use crate::profiles::{Profile, Profiles};

/// Which articles a build lets through.
#[derive(Debug, Clone, Copy)]
pub struct Publishing {
    /// Include articles marked `draft`.
    pub drafts: bool,
    /// Include scheduled articles (dated, or with a `publish_date`, after `now`).
    pub future: bool,
    /// The moment of the build.
    pub now: DateTime<Utc>,
}

/// Why a build keeps an article out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldBackAs {
    Draft,
    Expired,
    /// Scheduled to go live at this moment.
    Scheduled(DateTime<Tz>),
}

/// A change the clock alone makes to what the site publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timed {
    /// A scheduled story goes live.
    GoesLive,
    /// A published (or scheduled) story reaches its `expiry_date` and is taken down.
    Expires,
}

/// The moment `article` may first be published: its date, or its `publish_date` when later.
fn goes_live(article: &Article) -> DateTime<Tz> {
    article
        .publish_date
        .map_or(article.date, |p| p.max(article.date))
}

impl Publishing {
    /// The moments after `now` at which the clock changes whether `article` is published,
    /// soonest first: a scheduled story goes live, a story expires. A draft has none (an
    /// editor publishes it, not the clock), and neither has a story that expires before it
    /// would go live, as no build ever shows it.
    pub fn timed_changes(&self, article: &Article) -> Vec<(DateTime<Tz>, Timed)> {
        if article.draft && !self.drafts {
            return Vec::new();
        }
        let live = Some(goes_live(article)).filter(|live| *live > self.now && !self.future);
        let expiry = article.expiry_date.filter(|expiry| *expiry > self.now);
        match (live, expiry) {
            (Some(live), Some(expiry)) if expiry <= live => Vec::new(),
            (live, expiry) => live
                .map(|at| (at, Timed::GoesLive))
                .into_iter()
                .chain(expiry.map(|at| (at, Timed::Expires)))
                .collect(),
        }
    }

    /// Why this build keeps `article` out, or `None` when it publishes it.
    pub fn holds_back(&self, article: &Article) -> Option<HeldBackAs> {
        let goes_live = goes_live(article);
        if article.draft && !self.drafts {
            Some(HeldBackAs::Draft)
        } else if article.expiry_date.is_some_and(|expiry| expiry <= self.now) {
            Some(HeldBackAs::Expired)
        } else if goes_live > self.now && !self.future {
            Some(HeldBackAs::Scheduled(goes_live))
        } else {
            None
        }
    }
}

/// A group of articles with a page of its own: a tag, an author or a section.
#[derive(Debug, Clone)]
pub struct Group {
    /// The name as first written (in the newest article), or as the config lists it.
    pub name: String,
    pub slug: String,
    /// Positions in [`Site::articles`], newest first.
    pub articles: Vec<usize>,
}

/// An author and the stories in their byline.
#[derive(Debug, Clone)]
pub struct Author {
    pub group: Group,
    /// The profile from `data/authors.toml`, when there is one.
    pub profile: Option<Profile>,
}

/// A section and the stories filed in it.
#[derive(Debug, Clone)]
pub struct Section {
    pub group: Group,
    /// Whether `sections` in the config lists it (listed ones make the masthead's navigation).
    pub listed: bool,
    /// The title and description of a section page file (`_index.md`), when there is one.
    pub page: Option<SectionPage>,
}

/// The articles of one period of a date archive, with the periods inside it.
#[derive(Debug, Clone, Default)]
pub struct Period {
    /// Positions in [`Site::articles`], newest first.
    pub articles: Vec<usize>,
    /// The periods inside this one (months of a year, days of a month), newest first.
    pub parts: BTreeMap<u32, Period>,
}

/// Articles kept out of this build, reported so a scheduled rebuild can be planned.
#[derive(Debug, Clone, Default)]
pub struct HeldBack {
    pub drafts: usize,
    pub scheduled: usize,
    pub expired: usize,
    /// When the next scheduled article goes live (one that expires first never does).
    pub next_scheduled: Option<DateTime<Tz>>,
    /// When the next article, published or scheduled, expires.
    pub next_expiry: Option<DateTime<Tz>>,
}

/// Everything the pages of the site are made from.
#[derive(Debug)]
pub struct Site {
    /// Published articles, newest first; ties are broken by title, then file, so the order
    /// never depends on how the files were read.
    pub articles: Vec<Article>,
    /// Every position in `articles`, newest first: the home page's list.
    pub all: Vec<usize>,
    /// Every tag, ordered by slug.
    pub tags: Vec<Group>,
    /// Every author, ordered by slug.
    pub authors: Vec<Author>,
    /// Sections the config lists, in its order, then the others by slug.
    pub sections: Vec<Section>,
    /// Years of the date archive, by year.
    pub years: BTreeMap<i32, Period>,
    /// Pinned articles, newest first.
    pub pinned: Vec<usize>,
    /// For each article, the positions of its related articles, best first.
    pub related: Vec<Vec<usize>>,
    /// The section of each article, by position in `sections`.
    pub section_of: Vec<Option<usize>>,
    pub held_back: HeldBack,
    /// Profile keys in `data/authors.toml` that no published article's byline uses.
    pub unused_profiles: Vec<String>,
    /// Tags and bylines of published articles that no URL can be made from, in article order.
    pub nameless: Vec<Nameless>,
    /// The site's icons and logo as the photo stage made them, for every page's head and
    /// the publisher in structured data.
    pub branding: crate::photos::Branding,
}

impl Site {
    /// Filters out drafts, scheduled and expired articles, sorts the rest and builds every index.
    pub fn assemble(
        content: Content,
        profiles: &Profiles,
        config: &Config,
        publishing: Publishing,
    ) -> Site {
        let mut held_back = HeldBack::default();
        let mut published = Vec::with_capacity(content.articles.len());
        for article in content.articles {
            // The same moments `newsroom next` gives, so the summary and the command agree.
            for (at, change) in publishing.timed_changes(&article) {
                let next = match change {
                    Timed::GoesLive => &mut held_back.next_scheduled,
                    Timed::Expires => &mut held_back.next_expiry,
                };
                if next.is_none_or(|next| at < next) {
                    *next = Some(at);
                }
            }
            match publishing.holds_back(&article) {
                Some(HeldBackAs::Draft) => held_back.drafts += 1,
                Some(HeldBackAs::Expired) => held_back.expired += 1,
                Some(HeldBackAs::Scheduled(_)) => held_back.scheduled += 1,
                None => published.push(article),
            }
        }
        published.sort_by(newest_first);

        let mut nameless = Vec::new();
        let (tags, no_slug) = group_by(&published, |article| article.tags.to_vec());
        nameless.extend(no_slug.into_iter().map(|(article, name)| Nameless {
            article,
            kind: NameKind::Tag,
            name,
        }));
        let (authors, no_slug) = group_by(&published, |article| article.authors.clone());
        nameless.extend(no_slug.into_iter().map(|(article, name)| Nameless {
            article,
            kind: NameKind::Author,
            name,
        }));
        let authors: Vec<Author> = authors
            .into_iter()
            .map(|group| Author {
                profile: profiles.find(&group.name, &group.slug).cloned(),
                group,
            })
            .collect();
        let unused_profiles = profiles.unused(
            authors
                .iter()
                .map(|a| (a.group.name.as_str(), a.group.slug.as_str())),
        );
        let (sections, section_of) = sections(&published, config, &content.section_pages);
        let years = archive(&published);
        let pinned = (0..published.len())
            .filter(|&p| published[p].pinned)
            .collect();
        let related = related(&published, &tags, config);

        Site {
            all: (0..published.len()).collect(),
            articles: published,
            tags,
            authors,
            sections,
            years,
            pinned,
            related,
            section_of,
            held_back,
            unused_profiles,
            branding: crate::photos::Branding::default(),
            nameless,
        }
    }
}

/// A tag or byline name with no letters or digits (`"+++"`, `"--"`), from which no URL can be
/// made: the story is published, but the name gets no page, so the editor is warned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nameless {
    /// Position in [`Site::articles`].
    pub article: usize,
    pub kind: NameKind,
    /// The name as written.
    pub name: String,
}

/// What a [`Nameless`] name was meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Tag,
    Author,
}

impl Nameless {
    /// The warning that names the article and the line of the name.
    pub fn warning(&self, site: &Site) -> String {
        let article = &site.articles[self.article];
        let (what, key, line) = match self.kind {
            NameKind::Tag => ("tag", article.lines.key("tags"), article.lines.tags),
            NameKind::Author => (
                "author",
                article.lines.key("authors"),
                article.lines.authors,
            ),
        };
        let place = match line {
            Some(line) => format!("{}:{line}", article.source.display()),
            None => article.source.display().to_string(),
        };
        format!(
            "{place}: the {what} \"{}\" has no letters or digits to make a URL from, so it gets no page; write it in words in `{key}:`, or remove it",
            self.name
        )
    }
}

/// The order of the site's articles: newest first; ties are broken by title, then file, so
/// the order never depends on how the files were read.
pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.source.cmp(&b.source))
}

/// Whether a new version of an article keeps its place in the site: everything the indices
/// and URLs are made from is the same (its file, date, URL, bylines, tags, section, flags and
/// aliases), so only the pages that show it change. Its title can still move it among stories
/// of the same minute; [`newest_first`] checks that.
pub fn keeps_its_place(old: &Article, new: &Article) -> bool {
    old.source == new.source
        && old.slug == new.slug
        && old.path_override == new.path_override
        && old.translation == new.translation
        && old.date == new.date
        && old.publish_date == new.publish_date
        && old.expiry_date == new.expiry_date
        && old.draft == new.draft
        && old.pinned == new.pinned
        && old.authors == new.authors
        && old.tags == new.tags
        && old.section == new.section
        && old.aliases == new.aliases
}

impl Site {
    /// The author a byline name belongs to.
    pub fn author_named(&self, name: &str) -> Option<&Author> {
        let slug = slug::slugify(name);
        self.authors
            .binary_search_by(|author| author.group.slug.as_str().cmp(&slug))
            .ok()
            .map(|i| &self.authors[i])
    }
}

/// Groups articles by names each article carries (tags, authors), one group per slug, the
/// groups ordered by slug and each group's articles newest first. Names with no slug are
/// returned beside them, with the position of their article.
fn group_by(
    articles: &[Article],
    names: impl Fn(&Article) -> Vec<String>,
) -> (Vec<Group>, Vec<(usize, String)>) {
    let mut by_slug: HashMap<String, Group> = HashMap::new();
    let mut nameless = Vec::new();
    for (position, article) in articles.iter().enumerate() {
        for name in names(article) {
            let slug = slug::slugify(&name);
            if slug.is_empty() {
                nameless.push((position, name));
                continue;
            }
            let group = by_slug.entry(slug.clone()).or_insert_with(|| Group {
                name,
                slug,
                articles: Vec::new(),
            });
            // A byline or tag list naming the same person twice counts the story once.
            if group.articles.last() != Some(&position) {
                group.articles.push(position);
            }
        }
    }
    let mut groups: Vec<Group> = by_slug.into_values().collect();
    groups.sort_by(|a, b| a.slug.cmp(&b.slug));
    (groups, nameless)
}

/// The sections: those the config lists, in its order (even when still empty, so the
/// masthead is stable), then any other section an article names, by slug.
fn sections(
    articles: &[Article],
    config: &Config,
    pages: &[SectionPage],
) -> (Vec<Section>, Vec<Option<usize>>) {
    let mut sections: Vec<Section> = config
        .sections
        .iter()
        .map(|name| Section {
            group: Group {
                name: name.clone(),
                slug: slug::slugify(name),
                articles: Vec::new(),
            },
            listed: true,
            page: None,
        })
        .collect();
    // Sections without a slug are dropped when the article is read.
    let (mut unlisted, _) = group_by(articles, |article| {
        article.section.iter().cloned().collect()
    });
    unlisted.retain(|group| !sections.iter().any(|s| s.group.slug == group.slug));
    sections.extend(unlisted.into_iter().map(|group| Section {
        group: Group {
            articles: Vec::new(),
            ..group
        },
        listed: false,
        page: None,
    }));
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.group.slug.clone(), i))
        .collect();
    let mut section_of = Vec::with_capacity(articles.len());
    for (position, article) in articles.iter().enumerate() {
        let found = article
            .section
            .as_deref()
            .and_then(|name| index.get(&slug::slugify(name)).copied());
        if let Some(section) = found {
            sections[section].group.articles.push(position);
        }
        section_of.push(found);
    }
    for page in pages {
        if let Some(&section) = index.get(&slug::slugify(&page.name)) {
            sections[section].page = Some(page.clone());
        }
    }
    (sections, section_of)
}

/// Files every article under its year, month and day (in the site time zone).
fn archive(articles: &[Article]) -> BTreeMap<i32, Period> {
    let mut years: BTreeMap<i32, Period> = BTreeMap::new();
    for (position, article) in articles.iter().enumerate() {
        let year = years.entry(article.date.year()).or_default();
        year.articles.push(position);
        let month = year.parts.entry(article.date.month()).or_default();
        month.articles.push(position);
        month
            .parts
            .entry(article.date.day())
            .or_default()
            .articles
            .push(position);
    }
    years
}

/// How many of a tag's stories, nearest in time to an article, are weighed as its related
/// stories. Bounding the window keeps the work linear in the number of articles even when one
/// tag is on half of them; on a site whose tags hold fewer stories, every story is weighed.
pub const RELATED_WINDOW: usize = 200;

/// Whether the article at `other` is in the Latest stories list an article page at `position`
/// shows beside its story: the newest `latest_count` articles other than itself.
pub fn in_latest_beside(position: usize, other: usize, latest_count: usize) -> bool {
    other != position
        && (other < latest_count || (position < latest_count && other == latest_count))
}

/// For every article, up to `related_count` others sharing the most tags with it; among
/// equals, the newest first. With `related = "earlier"` only older stories are weighed, so a
/// new story enters no older page's list. Stories already in the Latest stories list beside it
/// are left out, so the page does not list them twice. Works through the tag index, never by
/// comparing every pair of articles.
fn related(articles: &[Article], tags: &[Group], config: &Config) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let (count, latest_count) = (config.related_count, config.latest_count);
    let earlier_only = config.related == crate::config::Related::Earlier;
    // A shared list is not in the page, so it takes no story from the related ones.
    let latest_written = config.latest_list == crate::config::LatestList::Written;
    if count == 0 {
        return vec![Vec::new(); articles.len()];
    }
    let tag_index: HashMap<String, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, tag)| (tag.slug.clone(), i))
        .collect();
    (0..articles.len())
        .into_par_iter()
        .map(|position| {
            let mut candidates: Vec<usize> = Vec::new();
            for name in &articles[position].tags {
                let Some(&tag) = tag_index.get(&slug::slugify(name)) else {
                    continue;
                };
                let list = &tags[tag].articles;
                // Lists are newest first, so positions ascend; find this article in its list.
                let at = list.binary_search(&position).unwrap_or_else(|i| i);
                let (start, end) = if earlier_only {
                    // Older stories come after it in the list.
                    (at + 1, (at + 1 + RELATED_WINDOW).min(list.len()))
                } else {
                    let start = at.saturating_sub(RELATED_WINDOW / 2);
                    let end = (start + RELATED_WINDOW + 1).min(list.len());
                    (end.saturating_sub(RELATED_WINDOW + 1), end)
                };
                let start = start.min(end);
                candidates.extend(list[start..end].iter().filter(|&&p| {
                    p != position
                        && !(latest_written && in_latest_beside(position, p, latest_count))
                }));
            }
            candidates.sort_unstable();
            let mut scored: Vec<(usize, usize)> = Vec::new();
            for run in candidates.chunk_by(|a, b| a == b) {
                scored.push((run.len(), run[0]));
            }
            // Most shared tags first; then the lower position, which is the newer story.
            scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            // A fresh, small vector: collecting from `scored` in place would keep its whole
            // allocation alive for every article.
            let mut best = Vec::with_capacity(count.min(scored.len()));
            best.extend(scored.iter().take(count).map(|&(_, p)| p));
            best
        })
        .collect()
}
