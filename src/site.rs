//! The assembled site: the articles that are published in this build, newest first, and the
//! indices list pages are made from.
//!
//! It is built once and never changed; everything after this stage reads it and addresses
//! articles by their position in `articles`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::content::Article;

/// Which articles a build lets through.
#[derive(Debug, Clone, Copy)]
pub struct Publishing {
    /// Include articles marked `draft`.
    pub drafts: bool,
    /// Include articles dated after `now`.
    pub future: bool,
    /// The moment of the build; later articles are scheduled, not published.
    pub now: DateTime<Utc>,
}

/// One tag and the articles that carry it, newest first.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The spelling first met in the newest article that uses it.
    pub name: String,
    pub slug: String,
    /// Positions in [`Site::articles`].
    pub articles: Vec<usize>,
}

/// Articles kept out of this build, reported so a scheduled rebuild can be planned.
#[derive(Debug, Clone, Default)]
pub struct HeldBack {
    pub drafts: usize,
    pub scheduled: usize,
    /// When the next scheduled article goes live.
    pub next_scheduled: Option<DateTime<Tz>>,
}

/// Everything the pages of the site are made from.
#[derive(Debug)]
pub struct Site {
    /// Published articles, newest first; ties are broken by title, then file, so the order
    /// never depends on how the files were read.
    pub articles: Vec<Article>,
    /// Every tag, ordered by slug.
    pub tags: Vec<Tag>,
    pub held_back: HeldBack,
}

impl Site {
    /// Filters out drafts and scheduled articles, sorts the rest and indexes their tags.
    pub fn assemble(articles: Vec<Article>, publishing: Publishing) -> Site {
        let mut held_back = HeldBack::default();
        let mut published = Vec::with_capacity(articles.len());
        for article in articles {
            if article.draft && !publishing.drafts {
                held_back.drafts += 1;
            } else if article.date > publishing.now && !publishing.future {
                held_back.scheduled += 1;
                if held_back
                    .next_scheduled
                    .is_none_or(|next| article.date < next)
                {
                    held_back.next_scheduled = Some(article.date);
                }
            } else {
                published.push(article);
            }
        }
        published.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.source.cmp(&b.source))
        });

        let mut by_slug: HashMap<String, Tag> = HashMap::new();
        for (position, article) in published.iter().enumerate() {
            for name in &article.tags {
                let slug = slug::slugify(name);
                if slug.is_empty() {
                    continue;
                }
                by_slug
                    .entry(slug.clone())
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        slug,
                        articles: Vec::new(),
                    })
                    .articles
                    .push(position);
            }
        }
        let mut tags: Vec<Tag> = by_slug.into_values().collect();
        tags.sort_by(|a, b| a.slug.cmp(&b.slug));

        Site {
            articles: published,
            tags,
            held_back,
        }
    }
}
