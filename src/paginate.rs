//! Splitting a list of articles into pages: its first page (`/`, `/tags/x/`), then
//! `/page/2/`, `/page/3/` and so on.
//!
//! Pages are addressed by their position from the newest: position 1 is the list's first
//! page, which always shows the newest stories. Two numberings put them at URLs:
//! - classic: position and URL number agree, so every new story moves every story of every
//!   page one place along, and every page of the list changes;
//! - stable: URLs are numbered from the oldest story and only full pages get one, so
//!   `/page/1/` holds the oldest stories for good. A new story changes the first page, and
//!   once a page's worth of stories has come in, one new numbered page. The price is that the
//!   first page and the newest numbered page can show some of the same stories.

use std::ops::Range;

use crate::config::Pagination;

/// How a list of `total` stories, `per_page` a page, is split into pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pages {
    total: usize,
    per_page: usize,
    numbering: Pagination,
}

impl Pages {
    /// The pages of a list of `total` stories.
    pub fn new(total: usize, per_page: usize, numbering: Pagination) -> Pages {
        Pages {
            total,
            per_page: per_page.max(1),
            numbering,
        }
    }

    /// How many pages the list has; an empty list still has one, so a new site has a home
    /// page.
    pub fn count(&self) -> usize {
        match self.numbering {
            Pagination::Classic => self.total.div_ceil(self.per_page).max(1),
            Pagination::Stable => self.numbered() + 1,
        }
    }

    /// Stable numbering: how many pages have a number. Only full pages do, except the one
    /// that holds exactly the newest stories, which the first page shows already.
    fn numbered(&self) -> usize {
        let full = self.total / self.per_page;
        if self.total.is_multiple_of(self.per_page) {
            full.saturating_sub(1)
        } else {
            full
        }
    }

    /// The number in the URL of the page at `position` (from 1, the newest); `None` for the
    /// list's first page, which has none.
    pub fn url_number(&self, position: usize) -> Option<usize> {
        if position <= 1 {
            return None;
        }
        match self.numbering {
            Pagination::Classic => Some(position),
            Pagination::Stable => Some(self.numbered() + 2 - position),
        }
    }

    /// The path of the page at `position` of a list whose first page is at `first` (ends in
    /// `/`).
    pub fn path(&self, first: &str, position: usize) -> String {
        match self.url_number(position) {
            None => first.to_string(),
            Some(number) => format!("{first}page/{number}/"),
        }
    }

    /// Which stories the page at `position` shows, as positions in the newest-first list.
    pub fn range(&self, position: usize) -> Range<usize> {
        let (total, per_page) = (self.total, self.per_page);
        let start = match (self.numbering, self.url_number(position)) {
            (_, None) => 0,
            (Pagination::Classic, Some(number)) => (number - 1) * per_page,
            // Page k holds the k-th page's worth of stories counted from the oldest.
            (Pagination::Stable, Some(number)) => total.saturating_sub(number * per_page),
        }
        .min(total);
        start..(start + per_page).min(total)
    }

    /// Whether the URLs are numbered from the oldest story.
    pub fn is_stable(&self) -> bool {
        self.numbering == Pagination::Stable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_pages() {
        let pages = |total| Pages::new(total, 20, Pagination::Classic);
        assert_eq!(pages(0).count(), 1);
        assert_eq!(pages(20).count(), 1);
        assert_eq!(pages(21).count(), 2);
        assert_eq!(pages(21).path("/tags/x/", 1), "/tags/x/");
        assert_eq!(pages(45).path("/", 3), "/page/3/");
        assert_eq!(pages(45).range(3), 40..45);
    }

    #[test]
    fn stable_pages_are_numbered_from_the_oldest() {
        let pages = |total| Pages::new(total, 10, Pagination::Stable);
        // Fewer than a page: only the first page.
        assert_eq!(pages(7).count(), 1);
        assert_eq!(pages(7).range(1), 0..7);
        // Exactly two pages: the newer of them is the first page, unnumbered.
        assert_eq!(pages(20).count(), 2);
        assert_eq!(pages(20).path("/", 2), "/page/1/");
        assert_eq!(pages(20).range(2), 10..20);
        // 25 stories: the first page shows the newest ten, /page/1/ the oldest ten and
        // /page/2/ the ten after those, five of which the first page shows too.
        let p = pages(25);
        assert_eq!(p.count(), 3);
        assert_eq!(p.range(1), 0..10);
        assert_eq!(
            (p.path("/", 2), p.range(2)),
            ("/page/2/".to_string(), 5..15)
        );
        assert_eq!(
            (p.path("/", 3), p.range(3)),
            ("/page/1/".to_string(), 15..25)
        );
    }

    #[test]
    fn a_new_story_leaves_every_numbered_page_as_it_was() {
        // Counted from the oldest story, each numbered page holds the same stories whatever
        // comes in after it.
        for total in 1..80 {
            let (before, after) = (
                Pages::new(total, 10, Pagination::Stable),
                Pages::new(total + 1, 10, Pagination::Stable),
            );
            for position in 2..=before.count() {
                let number = before.url_number(position).unwrap();
                let moved = (2..=after.count())
                    .find(|&p| after.url_number(p) == Some(number))
                    .expect("a numbered page keeps its number");
                let from_oldest = |pages: &Pages, range: Range<usize>| {
                    (pages.total - range.end)..(pages.total - range.start)
                };
                assert_eq!(
                    from_oldest(&before, before.range(position)),
                    from_oldest(&after, after.range(moved)),
                    "page {number} at {total} stories"
                );
            }
        }
    }
}
