//! Splitting a list of articles into pages: `/`, `/page/2/`, `/page/3/` and so on.

/// How many pages a list of `total` items needs at `per_page` a page; an empty list still
/// gets one page, so a new site has a home page.
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page.max(1)).max(1)
}

/// The path of page `number` (from 1) of a list whose first page is at `first` (ends in `/`).
pub fn page_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// The positions of the items on page `number` (from 1).
pub fn page_range(total: usize, per_page: usize, number: usize) -> std::ops::Range<usize> {
    let start = (number.saturating_sub(1) * per_page).min(total);
    start..(start + per_page).min(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_path("/tags/x/", 1), "/tags/x/");
        assert_eq!(page_path("/", 3), "/page/3/");
        assert_eq!(page_range(45, 20, 3), 40..45);
    }
}
